"""Quotations inside quotations: "'I then heard Ruiz ask, quote, ‘Is he going to sign?’' Holm
testified." The inner words, in single curly marks, go to whom the outer speaker names as saying
them: the subject of a speech verb inside the outer quotation (a person the article names in
full, or "he"/"she" for the last fitting person the outer quotation names). "I"/"we" are the outer speaker,
whose quotation already holds the words. Each inner quote records ``quotes.nested.<verb>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.quotes.attribution import addressed, governing_verbs, speech_subject
from graph.extract.quotes.gender import pronoun_of
from graph.extract.quotes.institutions import known_name_parts
from graph.extract.quotes.speakers import SUBJECT_PRONOUNS, Salience, speaker_named
from graph.extract.quotes.triggers import QuoteSpan, trim
from graph.rules import speech_verbs

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from graph.extract.context import Context
    from graph.facts import Mention, Role

INNER_OPEN, INNER_CLOSE = "\u2018", "\u2019"


def inner_spans(text: str, outer: QuoteSpan) -> list[QuoteSpan]:
    """Single-curly-quoted stretches inside a quotation; a closing mark is one not followed by a
    letter (an apostrophe, "he’s", is)."""
    spans: list[QuoteSpan] = []
    at = outer.start
    while (opening := text.find(INNER_OPEN, at, outer.close_at)) >= 0:
        close = next((j for j in range(opening + 1, outer.close_at) if text[j] == INNER_CLOSE
                      and not (j + 1 < len(text) and text[j + 1].isalpha())), -1)
        if close < 0:
            break
        start, end = trim(text, opening + 1, close)
        if end > start:
            spans.append(QuoteSpan(start, end, opening, close + 1))
        at = close + 1
    return spans


def nested_speaker(doc: Doc, ctx: Context, outer: QuoteSpan, inner: QuoteSpan, inners: list[QuoteSpan],
                   roles: list[Role], sal: Salience) -> tuple[Mention | None, str]:
    """Who says an inner quotation, and the verb that says so ("" when nobody can be told)."""
    span = doc.char_span(inner.start, inner.end, alignment_mode="expand")
    if span is None or not len(span):
        return None, ""
    sent = span[0].sent
    verbs = [t for t in sent if outer.start <= t.idx < outer.end and t.lower_ in speech_verbs()
             and t.pos_ in ("VERB", "AUX") and not any(s.open_at <= t.idx < s.close_at for s in inners)]
    governing = governing_verbs(span, verbs)
    before = sorted((v for v in verbs if v.idx < inner.open_at and v not in governing), key=lambda v: -v.idx)
    for verb in governing + before:
        if addressed(verb):
            return None, ""
        subj = speech_subject(verb, inners)
        if subj is None or not outer.start <= subj.idx < outer.end:
            continue
        if subj.lower_ in SUBJECT_PRONOUNS:
            named = [m for m in ctx.mentions_in(outer.start, inner.open_at, ("Person",))
                     if sal.fits(m, pronoun_of(subj.lower_))]
            return (named[-1] if named else None), verb.lower_
        named = speaker_named(ctx, subj, roles)
        known = named is not None and named.type == "Person" \
            and (" " in named.text or named.text.lower() in known_name_parts(ctx))
        return (named if known else None), verb.lower_  # a person the article names in full
    return None, ""
