"""The quotes family: direct quotations in quote marks, with their speaker and date.

Quote marks are paired per paragraph (``triggers.py``); the speaker is the subject of the attribution
verb next to the quote (``attribution.py``), a person, a title's one holder or an institution
(``speakers.py``); a quote with no attribution of its own continues the last speaker of the same
or previous paragraph. Quotes shorter than four words (scare quotes, titles) and quotes with no
identifiable speaker are dropped. Each quote records its pattern id: ``quotes.verb.<verb>``,
``quotes.according_to``, ``quotes.continued``, ``quotes.next_paragraph``,
``quotes.previous_paragraph`` or, for a quotation inside a quotation (``nested.py``),
``quotes.nested.<verb>``. Needs the roles ("the president said").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.dates import date_in
from graph.extract.context import Context, sentence_range, text_of, token_at_or_after
from graph.extract.quotes.attribution import find_attribution, verb_forms
from graph.extract.quotes.gender import name_key
from graph.extract.quotes.nested import inner_spans, nested_speaker
from graph.extract.quotes.speakers import Salience, find_speaker, subject_salience
from graph.extract.quotes.triggers import QuoteSpan, find_quote_spans, paragraph_of
from graph.extract.registry import fact_family
from graph.facts import DateRef, Evidence, Mention, Quote
from graph.rules import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MIN_WORDS = 4
_WORD = re.compile(r"\w+(?:[-'\u2019.]\w+)*")
CONTINUED_RULE = "quotes.continued"
NEXT_PARAGRAPH_RULE = "quotes.next_paragraph"
PREVIOUS_PARAGRAPH_RULE = "quotes.previous_paragraph"
NESTED_RULE = "quotes.nested"


def speech_date(ctx: Context, doc: Doc, tokens: list[Token]) -> DateRef | None:
    """A date stated in the attribution words ("Speaking on Tuesday, X noted"), else publication."""
    published = ctx.article.published
    runs: list[list[Token]] = []
    for tok in tokens:
        if runs and tok.i == runs[-1][-1].i + 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    for run in runs:
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        ref = date_in(text_of(doc)[start:end], published, offset=start)
        if ref is not None:
            return ref
    if published is None or old_document(tokens, published.year):
        return None
    return DateRef(published.isoformat(), published)


def old_document(tokens: list[Token], year: int) -> bool:
    """Whether the attribution cites a document of an earlier year ("wrote in a 1974 memo"):
    its words are not today's."""
    words = {t.lower_ for t in tokens}
    if not words & (word_list("quote_statements.txt") | {"wrote", "written"}):
        return False
    return any(t.is_digit and len(t.text) == 4 and 1800 < int(t.text) < year for t in tokens)


def unattributed(doc: Doc, q: QuoteSpan, sal: Salience, speech: Salience) -> tuple[Mention | None, str]:
    """The speaker of a quote with no attribution of its own: the last speaker goes on talking
    (same or previous paragraph) unless another person was named since; else a speaker who opens
    the next paragraph ("X says ...") after a paragraph that is all quote; else the one person the
    previous paragraph is about (``previous_paragraph``)."""
    text = text_of(doc)
    at = speech.offset_before(q.start)
    last = speech.before(q.start)
    first, word = token_at_or_after(doc, q.open_at), token_at_or_after(doc, q.start)
    if first < len(doc) and sentence_range(doc, first)[0] != first and \
            (word >= len(doc) or sentence_range(doc, word)[0] != word):  # 'minister. " You ...' opens one too
        return None, ""  # a partial quote inside someone else's clause is not the last speaker's
    if at >= 0 and paragraph_of(text, q.start) - paragraph_of(text, at) <= 1:
        named = sal.before(q.start)
        if last is None or sal.offset_before(q.start) <= at or named is None or same_person(named, last):
            return last, CONTINUED_RULE
        return None, ""
    at, following = speech.after(q.end)
    para = paragraph_of(text, q.start)
    if following is None or paragraph_of(text, at) != para + 1 or paragraph_of(text, q.close_at) != para:
        return previous_paragraph(doc, q, sal), PREVIOUS_PARAGRAPH_RULE
    line_start = text.rfind("\n", 0, q.open_at) + 1
    line_end = text.find("\n", q.close_at)
    all_quote = not text[line_start:q.open_at].strip() and len(text[q.close_at:line_end if line_end >= 0 else None].strip()) <= 1
    first = doc[sentence_range(doc, token_at_or_after(doc, at))[0]].idx
    opens = not text[text.rfind("\n", 0, at) + 1:first].strip()
    return (following, NEXT_PARAGRAPH_RULE) if all_quote and opens else (None, "")


def previous_paragraph(doc: Doc, q: QuoteSpan, sal: Salience) -> Mention | None:
    """A quote opening its paragraph, after a paragraph whose one named person holds a view
    (``quote_stance_verbs.txt``) and no speaker near: that person's words ("X wants the corridor
    to reach Angola." / "'It would ...'"); "X arrived later." gives nobody."""
    text = text_of(doc)
    if text[text.rfind("\n", 0, q.open_at) + 1:q.open_at].strip():
        return None
    para = paragraph_of(text, q.start)
    found = [(at, p) for at, p in zip(sal.offsets, sal.people) if at < q.start and paragraph_of(text, at) == para - 1]
    if not found or any(p is None or p.type != "Person" or not same_person(p, found[-1][1]) for _, p in found):
        return None
    verb = doc[token_at_or_after(doc, found[-1][0])].head
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return found[-1][1] if verb.lower_ in verb_forms("quote_stance_verbs.txt") else None


def same_person(a: Mention, b: Mention) -> bool:
    """Two mentions of one person as far as the quotes can tell: the same last name word."""
    return name_key(a) == name_key(b)


@fact_family("quotes", requires=("entities", "roles"))
def extract_quotes(doc: Doc, ctx: Context) -> list[Quote]:
    """Direct quotations of four or more words with an identifiable speaker."""
    text = text_of(doc)
    spans = find_quote_spans(text)
    if not spans:
        return []
    roles = ctx.facts_of("roles")
    sal, speech = subject_salience(doc, ctx, spans, roles)
    quotes: list[Quote] = []
    for q in spans:
        subj, outside, pattern = find_attribution(doc, q, spans)
        speaker = find_speaker(ctx, subj, sal, roles, speech)
        rule = f"quotes.{pattern}"
        if speaker is None and not pattern:
            speaker, rule = unattributed(doc, q, sal, speech)
        if speaker is not None:
            speech.add(q.start, speaker)
        if speaker is not None and len(_WORD.findall(text[q.start:q.end])) >= MIN_WORDS and not named_thing(doc, q):
            quotes.append(make_quote(ctx, doc, q, speaker, outside, rule))
        inners = inner_spans(text, q)
        for inner in inners:
            said_by, verb = nested_speaker(doc, ctx, q, inner, inners, roles, sal)
            if said_by is not None and len(_WORD.findall(text[inner.start:inner.end])) >= MIN_WORDS:
                quotes.append(make_quote(ctx, doc, inner, said_by, outside, f"{NESTED_RULE}.{verb}"))
    return quotes


def named_thing(doc: Doc, q: QuoteSpan) -> bool:
    """A quotation standing between a determiner and a noun ('the "Meth. We're on it." campaign'):
    the name of a thing, not someone's words."""
    before, after = token_at_or_after(doc, q.open_at) - 1, token_at_or_after(doc, q.close_at)
    return before >= 0 and doc[before].pos_ == "DET" and after < len(doc) and doc[after].pos_ == "NOUN"


def make_quote(ctx: Context, doc: Doc, q: QuoteSpan, speaker: Mention, outside: list[Token], rule: str) -> Quote:
    """A quote fact: its words, the sentence(s) with the attribution as evidence, and its date."""
    text = text_of(doc)
    sent_span = doc.char_span(q.start, q.end, alignment_mode="expand")
    s_start = min([sent_span[0].sent.start_char] + [t.idx for t in outside]) if sent_span else q.start
    s_end = max([sent_span[-1].sent.end_char] + [t.idx + len(t.text) for t in outside]) if sent_span else q.end
    evidence = Evidence(ctx.article.id, text[s_start:s_end].strip(), q.start, q.end)
    return Quote(text=text[q.start:q.end], start=q.start, end=q.end, evidence=evidence,
                 speaker=speaker, date=speech_date(ctx, doc, outside), direct=True, rule=rule)

