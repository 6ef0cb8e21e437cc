"""The quotes family: direct quotations in quote marks, with their speaker and date.

Quote marks are paired per paragraph (``triggers.py``); the speaker is the subject of the attribution
verb next to the quote (``attribution.py``), a person, a title's one holder or an institution
(``speakers.py``); a quote with no attribution of its own continues the last speaker of the same
or previous paragraph. Quotes shorter than four words (scare quotes, titles) and quotes with no
identifiable speaker are dropped. Each quote records its pattern id: ``quotes.verb.<verb>``,
``quotes.according_to`` or ``quotes.continued``. Needs the roles ("the president said").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.dates import date_in
from graph.extract.context import Context, text_of
from graph.extract.quotes.attribution import find_attribution
from graph.extract.quotes.speakers import find_speaker, subject_salience
from graph.extract.quotes.triggers import PARAGRAPH, find_quote_spans
from graph.extract.registry import fact_family
from graph.facts import DateRef, Evidence, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MIN_WORDS = 4
_WORD = re.compile(r"\w+(?:[-'\u2019.]\w+)*")
CONTINUED_RULE = "quotes.continued"


def _paragraph_of(text: str, offset: int) -> int:
    return len(PARAGRAPH.findall(text, 0, offset))


def _date(ctx: Context, doc: Doc, tokens: list[Token]) -> DateRef | None:
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
    if published is None:
        return None
    return DateRef(published.isoformat(), published)


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
        if speaker is None and subj is None:  # no attribution: the last speaker goes on talking
            at = speech.offset_before(q.start)
            if at >= 0 and _paragraph_of(text, q.start) - _paragraph_of(text, at) <= 1:
                speaker, rule = speech.before(q.start), CONTINUED_RULE
        if speaker is not None:
            speech.add(q.start, speaker)
        if speaker is None or len(_WORD.findall(text[q.start:q.end])) < MIN_WORDS:
            continue
        sent_span = doc.char_span(q.start, q.end, alignment_mode="expand")
        s_start = min([sent_span[0].sent.start_char] + [t.idx for t in outside]) if sent_span else q.start
        s_end = max([sent_span[-1].sent.end_char] + [t.idx + len(t.text) for t in outside]) if sent_span else q.end
        evidence = Evidence(ctx.article.id, text[s_start:s_end].strip(), q.start, q.end)
        quotes.append(Quote(text=text[q.start:q.end], start=q.start, end=q.end, evidence=evidence,
                            speaker=speaker, date=_date(ctx, doc, outside), direct=True, rule=rule))
    return quotes

