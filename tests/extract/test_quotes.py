"""Quote rules: quote-mark pairing, attribution, pronoun speakers, dates, and what is no quote."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.extract.quotes import extract_quotes, find_quote_spans
from graph.resolve import resolve_mentions
from graph.rules import speech_verbs

TESTS = Path(__file__).resolve().parent.parent
SEED = TESTS.parent / "seeds" / "kayhan-142517.txt"
SEED_GOLD = TESTS / "data" / "kayhan-142517.gold.json"


@pytest.fixture(scope="module")
def quotes_of(parse_sentence):
    """text -> list of (speaker label, quoted text, date) in text order."""

    def _quotes(text: str, published: date | None = date(2025, 8, 12)) -> list[tuple]:
        doc, ctx = parse_sentence(text, published=published)
        quotes = extract_quotes(doc, ctx)
        res = resolve_mentions([*ctx.mentions, *(q.speaker for q in quotes if q.speaker)], text)
        out = []
        for q in quotes:
            ent = res.entity_of(q.speaker)
            out.append((ent.label if ent else q.speaker.text, q.text, q.date.value if q.date else None))
        return out

    return _quotes


def _pairs(found: list[tuple]) -> list[tuple[str, str]]:
    return [(speaker, text) for speaker, text, _ in found]


@pytest.mark.parametrize(("text", "expected"), [
    # "..., he said" after a sentence whose subject is the speaker
    ("Ali Larijani spoke in Baghdad on Tuesday. "
     "\u201cWe must build broader platforms for lasting security,\u201d he said.",
     [("Ali Larijani", "We must build broader platforms for lasting security")]),
    # "X noted, "..."" with straight marks
    ('Majid Emani arrived on Monday. Speaking to reporters, Emani noted, '
     '"The visit comes at a critical juncture for both nations."',
     [("Majid Emani", "The visit comes at a critical juncture for both nations.")]),
    # "As X remarked, "...""
    ("Majid Emani met officials. As Ambassador Emani remarked, "
     "\u201cThe results will serve the interests of both countries.\u201d",
     [("Majid Emani", "The results will serve the interests of both countries.")]),
    # a quote interrupted by the attribution is two quotes
    ('"We will wait and see," Joe Clark said, "what the results of the review are."',
     [("Joe Clark", "We will wait and see"), ("Joe Clark", "what the results of the review are.")]),
    # "He added" goes to the previous sentence's speaker
    ("Peter Novak said, \u201cThe visit is important for both of our nations.\u201d "
     "He added: \u201cTalks will continue next week in Vienna.\u201d",
     [("Peter Novak", "The visit is important for both of our nations."),
      ("Peter Novak", "Talks will continue next week in Vienna.")]),
    # "he" is the main-clause subject, not a person in a reported clause
    ('Joe Clark said Shultz had left the meeting early. '
     '"We will wait and see the results of that examination," he said.',
     [("Joe Clark", "We will wait and see the results of that examination")]),
    # a participle attribution climbs to its clause's subject
    ('Jacques Chirac set out his position saying: "Any agreement should cover short-range missiles."',
     [("Jacques Chirac", "Any agreement should cover short-range missiles.")]),
    # a partial quote inside reported speech
    ('Mr Blair said the plan was of "great importance to the future of the wider world".',
     [("Blair", "great importance to the future of the wider world")]),
    # a paragraph made only of a quote continues the previous paragraph's speaker
    ('Tony Blair spoke in Brussels on Friday.\n\n"We are stating a principle that matters to all of us."',
     [("Tony Blair", "We are stating a principle that matters to all of us.")]),
    # after a question: "Asked whether ..., he replied:" is the previous subject's reply
    ('Peter Novak told reporters: "We have narrowed our differences on most questions." '
     'Asked whether Opec would accept the clause on Berlin as part of the deal, he replied: '
     '"This question is not contained in our draft."',
     [("Peter Novak", "We have narrowed our differences on most questions."),
      ("Peter Novak", "This question is not contained in our draft.")]),
    # "the president said" is the one named president; "he" then goes on being him, and a
    # speech verb in a "when" clause does not make its subject the one the story is about
    ('President Carl Weiss said the plan would work. The plan is fair to all sides, the president said. '
     'He said the draft was shelved when the Soviet leader insisted on changes. '
     '"I remain firmly committed to these goals," he said.',
     [("Carl Weiss", "I remain firmly committed to these goals")]),
    # "according to X"
    ('"The economy will grow by three percent next year," according to Maria Lopez.',
     [("Maria Lopez", "The economy will grow by three percent next year")]),
    # a bare title subject names the person the previous sentence was about
    ("Gerald Finch has said the deficit will fall. "
     '"We will not raise taxes on working families," the chancellor said.',
     [("Gerald Finch", "We will not raise taxes on working families")]),
    # an institution's statement, then "It said", then a paragraph of its own
    ('Ruritania said it would not sign. A Foreign Ministry statement said: "We regard the accord as void."'
     '\n\nIt said: "The treaty was signed without our people being asked."'
     '\n\n"We will do everything to protect their rights."',
     [("Foreign Ministry", "We regard the accord as void."),
      ("Foreign Ministry", "The treaty was signed without our people being asked."),
      ("Foreign Ministry", "We will do everything to protect their rights.")]),
    # a source that quotes someone is not the speaker
    ('The Tribune quoted Dieter Kranz as telling reporters, "The deal will be signed next month."',
     [("Dieter Kranz", "The deal will be signed next month.")]),
])
def test_quote_found(quotes_of, text, expected):
    assert _pairs(quotes_of(text)) == expected


@pytest.mark.parametrize("text", [
    # scare quotes and short titles are no quotations
    "Larijani called the resistance a \u201cnational asset\u201d for the region.",
    'The conference was a "vital step" in the peace process, Jack Straw said.',
    # no identifiable speaker
    '"Britain still needs clear evidence of change," one official said.',
    'An aide told reporters: "The Germans clearly do not want to budge at all."',
    # no quote marks at all
    "Jack Straw said the talks would continue next week in London.",
    # "it" is no speaker unless an institution just spoke
    'The report was published on Monday. "Prices will rise by ten percent next year," it said.',
])
def test_no_quote(quotes_of, text):
    assert quotes_of(text) == []


def test_title_needs_a_single_holder(quotes_of):
    text = ('President Carl Weiss met President Hans Brandt. The plan is fair, the president said. '
            '"I remain firmly committed to these goals," he said.')
    assert quotes_of(text) == []


def test_unnamed_subject_blocks_pronoun(quotes_of):
    text = ('Jacques Chirac arrived in Bonn. An aide told reporters the talks were hard. '
            '"The Germans do not want to move on prices," he added.')
    assert quotes_of(text) == []


@pytest.mark.parametrize("text", [
    'Tony Blair said "the deal is good for Europe and for Turkey. Nobody disputes that.',
    'He said it was fine" and left the room without a word.',
    '"""',
    '\u201d\u201c\u201d\u201c',
    "",
])
def test_odd_marks_never_crash(quotes_of, text):
    quotes_of(text)  # must not raise
    spans = find_quote_spans(text)
    assert all(0 <= q.start <= q.end <= len(text) for q in spans)


def test_unclosed_quote_runs_to_paragraph_end():
    text = 'Blair said "the deal is good for Europe. Nobody disputes that.\n\nNext paragraph.'
    spans = find_quote_spans(text)
    assert [text[q.start:q.end] for q in spans] == ["the deal is good for Europe. Nobody disputes that."]


def test_reopened_quote_ends_where_next_opens():
    text = '"We have the money. "The investment may reach twenty billion."'
    assert [text[q.start:q.end] for q in find_quote_spans(text)] == [
        "We have the money.", "The investment may reach twenty billion."]


def test_quote_date_from_attribution(quotes_of):
    found = quotes_of('Speaking on Monday, Tony Blair said: "The agreement is good for everyone involved."')
    assert found[0][2] == date(2025, 8, 11)  # the article is of Tuesday 2025-08-12


def test_quote_date_defaults_to_publication(quotes_of):
    found = quotes_of('Tony Blair said: "The agreement is good for everyone involved."')
    assert found[0][2] == date(2025, 8, 12)


def test_speech_verbs_are_data():
    verbs = speech_verbs()
    assert {"said", "told", "noted", "remarked", "added"} <= verbs


def test_seed_quotes(quotes_of):
    from graph.article import parse_text_article

    article = parse_text_article(SEED.read_text(encoding="utf-8"), "kayhan-142517")
    found = quotes_of(article.text, published=article.published)
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert len(found) == len(gold["quotes"])
    for g, (speaker, text, _) in zip(gold["quotes"], found):
        assert speaker == g["speaker"]
        assert text.replace("\u2019", "'").rstrip(".") == g["text"].rstrip(".")
