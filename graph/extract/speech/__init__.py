"""The reported-speech family: what someone said without quote marks ("X said (that) ...",
"X urged Y to ...", "X accused Y of ...", "X called for ...", "X denied the allegations"),
with the speaker, the content span and the date, written as ``ng:ReportedSpeech``.

Kept apart from the quotes family: these facts never enter ``ArticleFacts.quotes`` and the
quotes query does not read them. The speaker is found as a quote's is (``quotes/speakers.py``:
names, pronouns, titles, institutions); content lying wholly inside quote marks is a quote's,
not reported speech. Each fact records ``speech.<label>.<verb>``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.extract.context import Context, text_of, token_positions
from graph.extract.quotes import speech_date
from graph.extract.quotes.attribution import speech_subject
from graph.extract.quotes.speakers import find_speaker, subject_salience
from graph.extract.quotes.triggers import find_quote_spans, inside_quote
from graph.extract.registry import fact_family
from graph.extract.speech.triggers import HANDLERS, RULES
from graph.facts import Quote
from graph.rules import json_words, load_json

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_WORDS = 3
_WORD = re.compile(r"\w+")


@fact_family("speech", requires=("entities", "roles", "quotes"), assigns="statements")
def extract_speech(doc: Doc, ctx: Context) -> list[Quote]:
    """Reported speech with an identifiable speaker, one fact per content span."""
    text = text_of(doc)
    spans = find_quote_spans(text)
    roles = ctx.facts_of("roles")
    sal, speech = subject_salience(doc, ctx, spans, roles)
    found: dict[tuple[int, int], Quote] = {}
    for label, words in load_json(RULES)["triggers"].items():
        for i in token_positions(doc, json_words(RULES, words), pos=("VERB",)):
            verb = doc[i]
            content = HANDLERS[label](verb)
            if content is None or inside_quote(spans, verb.idx):
                continue
            first, last = doc[content[0]], doc[content[1] - 1]
            start, end = first.idx, last.idx + len(last.text)
            if (start, end) in found or len(_WORD.findall(text[start:end])) < MIN_WORDS:
                continue
            quoted = sum(max(0, min(end, q.end) - max(start, q.start)) for q in spans)
            if 2 * quoted > end - start:
                continue  # the words are mostly a quotation's: the quotes family has them
            speaker = find_speaker(ctx, speech_subject(verb, spans), sal, roles, speech)
            if speaker is None:
                continue
            s_first, s_last = verb.sent.start, verb.sent.end
            outside = [t for t in doc[s_first:s_last] if not content[0] <= t.i < content[1]]
            found[(start, end)] = Quote(
                text=text[start:end], start=start, end=end,
                evidence=ctx.evidence(doc[content[0]:content[1]], start, end), speaker=speaker,
                date=speech_date(ctx, doc, outside), direct=False, rule=HANDLERS.rule_id(label, verb.lower_))
    return sorted(found.values(), key=lambda q: q.start)
