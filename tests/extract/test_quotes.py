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
    from graph.read import parse_text_article

    article = parse_text_article(SEED.read_text(encoding="utf-8"), "kayhan-142517")
    found = quotes_of(article.text, published=article.published)
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert len(found) == len(gold["quotes"])
    for g, (speaker, text, _) in zip(gold["quotes"], found):
        assert speaker == g["speaker"]
        assert text.replace("\u2019", "'").rstrip(".") == g["text"].rstrip(".")
