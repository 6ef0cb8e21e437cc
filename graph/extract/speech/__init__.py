"""The reported-speech family: what someone said without quote marks ("X said (that) ...",
"X urged Y to ...", "X accused Y of ...", "X called for ...", "X denied the allegations"),
with the speaker, the content span and the date, written as ``ng:ReportedSpeech``.

Also promises, requests, questions and lies ("X vowed to ...", "X reiterated his support for ...",
"X asked the minister whether ...", "X misled the country", "X's pledge to ..."), written words
("X wrote in an email that ...", "a Pentagon report urged ...": a document speaks for its author,
but what it "suggests" or "shows" is evidence, not speech). Kept apart from the quotes family: these facts never enter
``ArticleFacts.quotes`` and the quotes query does not read them. The speaker is the verb's subject
(the agent of a passive: "Y was urged by X"; nobody for "Y was urged to", nor for a clause another
person is made to do: "X encouraged them to lie"), the owner of words that are the subject ("X's
remarks are misleading", "What X said was false") or the noun's owner, found as a quote's is
(``quotes/speakers.py``: names, pronouns, titles, institutions); content lying wholly inside quote
marks is a quote's, not reported speech. A negated trigger, or one a speaker refused to utter
("declined to say whether"), gives nothing. Each fact records ``speech.<label>.<word>``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.extract.context import Context, text_of, token_positions
from graph.extract.quotes import speech_date
from graph.extract.quotes.attribution import speech_subject
from graph.extract.quotes.gender import pronoun_of
from graph.extract.quotes.speakers import (
    Salience,
    find_speaker,
    pronoun_speaker,
    speaker_named,
    subject_salience,
)
from graph.extract.quotes.triggers import find_quote_spans, inside_quote
from graph.extract.registry import fact_family
from graph.extract.speech.triggers import HANDLERS, RULES, according_source
from graph.facts import Quote
from graph.rules import json_words, load_json, speech_verbs, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.quotes.triggers import QuoteSpan
    from graph.facts import Mention, Role

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
    for label, spec in load_json(RULES)["triggers"].items():
        for i in token_positions(doc, json_words(RULES, spec["words"]), pos=spec["pos"]):
            verb = doc[i]
            content = HANDLERS[label](verb)
            if content is None or withheld(verb) or inside_quote(spans, verb.idx):
                continue
            first, last = doc[content[0]], doc[content[1] - 1]
            start, end = first.idx, last.idx + len(last.text)
            if (start, end) in found or len(_WORD.findall(text[start:end])) < MIN_WORDS \
                    or inside_quote(spans, start):  # content opening inside a quotation is the quote's
                continue
            quoted = sum(max(0, min(end, q.end) - max(start, q.start)) for q in spans)
            if 2 * quoted > end - start:
                continue  # the words are mostly a quotation's: the quotes family has them
            speaker = speaker_of(ctx, speaker_token(verb, spans), sal, roles, speech)
            if speaker is None:
                continue
            s_first, s_last = verb.sent.start, verb.sent.end
            aside = content[0] <= verb.i < content[1]  # "The talks, X said on Monday, would ..."
            outside = [t for t in doc[s_first:s_last] if not content[0] <= t.i < content[1]
                       or aside and verb.left_edge.i <= t.i <= verb.right_edge.i]
            found[(start, end)] = Quote(
                text=text[start:end], start=start, end=end,
                evidence=ctx.evidence(doc[content[0]:content[1]], start, end), speaker=speaker,
                date=speech_date(ctx, doc, outside), direct=False, rule=HANDLERS.rule_id(label, verb.lower_))
    return sorted(found.values(), key=lambda q: q.start)


def speaker_token(trigger: Token, spans: list[QuoteSpan]) -> Token | None:
    """Who speaks: a noun's owner ("X's pledge", "a pledge by X"), a passive verb's agent ("was
    urged by X"; none without one), else the verb's subject, unless the verb is a clause another
    person is made or asked to do ("X encouraged them to deceive ...": they, not X, deceive), a
    participle on a noun that is someone else's words ("denounced a ruling declaring ...", "met
    leaders pressing for ..."), or a document's evidence ("the X report suggests that ...")."""
    if trigger.lower_ in json_words(RULES, "according_words"):
        return according_source(trigger)
    if trigger.pos_ == "NOUN":
        owner = next((c for c in trigger.children if c.dep_ == "poss"), None)
        return owner or _agent(trigger)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children):
        return _agent(trigger)
    if trigger.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in trigger.head.children):
        return None
    if trigger.dep_ == "acl" and trigger.head.lower_ in json_words(RULES, "others_words_nouns"):
        return None  # "denounced a court ruling declaring ...": the ruling's words, not the subject's
    subject = speech_subject(trigger, spans) or _what_was_said(trigger)
    if subject is not None and trigger.lower_ in json_words(RULES, "evidence_verbs") \
            and subject.lower_ in word_list("quote_statements.txt") and subject.lower_ not in json_words(RULES, "words_nouns"):
        return None  # "a World Bank report suggests that ...": what a document shows, not what was said
    if subject is not None and subject.lower_ in json_words(RULES, "words_nouns"):
        return next((c for c in subject.children if c.dep_ == "poss"), None) or _agent(subject) or subject
    return subject


def _clause_head(token: Token) -> Token:
    """The verb a predicate word belongs to ("false" in "... was false and misleading")."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.head if token.dep_ == "acomp" else token


def _what_was_said(trigger: Token) -> Token | None:
    """The speaker of a "what X said" subject ("What X said was false"): the subject of "said"."""
    said = next((c for c in _clause_head(trigger).children if c.dep_ == "csubj" and c.lower_ in speech_verbs()), None)
    return next((c for c in said.children if c.dep_ == "nsubj"), None) if said is not None else None


def withheld(trigger: Token) -> bool:
    """A trigger that reports nothing said by the subject it climbs to: negated ("did not say
    when", "were not misleading"), a clause someone refused or failed to utter ("declined to say
    whether", "refused to pledge"), or a gerund after a preposition that is no adjunct of the
    speaker's own verb and has no subject of its own ("pressed Kyiv into announcing", "praised
    her for announcing": another person speaks, or nobody did; "by claiming", "after announcing"
    are the subject's own, "with the minister saying" the minister's)."""
    verb = _clause_head(trigger) if trigger.pos_ == "ADJ" else trigger
    if any(c.dep_ == "neg" for c in (*trigger.children, *verb.children)):
        return True
    if trigger.tag_ == "VBG" and trigger.dep_ == "pcomp" and not any(c.dep_ == "nsubj" for c in trigger.children):
        prep = trigger.head
        return prep.lower_ not in json_words(RULES, "adjunct_prepositions") or prep.head.pos_ not in ("VERB", "AUX")
    return trigger.dep_ == "xcomp" and trigger.head.lower_ in json_words(RULES, "withholding_verbs")


def _agent(token: Token) -> Token | None:
    """The object of a token's "by" phrase ("a pledge by X", "was urged by X")."""
    by = next((c for c in token.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def speaker_of(ctx: Context, tok: Token | None, sal: Salience, roles: list[Role], speech: Salience) -> Mention | None:
    """The person or body a speaker token names; "his"/"her" as a quote's "he"/"she" would be."""
    if tok is not None and tok.lower_ in ("his", "her") and pronoun_of(tok.lower_):
        return pronoun_speaker(tok, sal, speech) or sentence_subject(ctx, tok, sal, roles)
    found = find_speaker(ctx, tok, sal, roles, speech)
    if found is None and tok is not None and tok.lower_ in ("he", "she"):
        return sentence_subject(ctx, tok, sal, roles)
    return found


def sentence_subject(ctx: Context, pronoun: Token, sal: Salience, roles: list[Role]) -> Mention | None:
    """A "he"/"she" the article's main clauses leave open: the nearest named person before it who
    is a subject in its own sentence and fits it ("X broke an oath he took to ...")."""
    gender = pronoun_of(pronoun.lower_)
    for tok in reversed(pronoun.doc[pronoun.sent.start:pronoun.i]):
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PROPN":
            person = speaker_named(ctx, tok, roles)
            if person is not None and person.type == "Person" and sal.fits(person, gender):
                return person
    return None
