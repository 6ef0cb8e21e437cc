"""Which words attribute a quotation: the attribution verb (``speech_verbs.txt``) the quote
depends on or stands next to, its subject ("…," he said / X noted, "…" / As X remarked, "…" /
"Kyodo quoted X as saying"), or "according to X"."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.context import token_at_or_after
from graph.extract.quotes.triggers import QuoteSpan, inside_quote
from graph.extract.tree import RELATIVE_PRONOUNS
from graph.rules import rule_lines, speech_verbs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SUBJECTS = ("nsubj", "nsubjpass")
QUOTE_FORMS = ("quote", "quotes", "quoted", "quoting")
ADDRESSED = "addressed"  # the pattern of a quote put to its verb's subject: no speaker to give


def speech_subject(verb: Token, spans: list[QuoteSpan]) -> Token | None:
    """The subject of an attribution verb, climbing from participles ("saying", "adding").

    A participle hung on the reported clause ("X said the deal failed, adding ...") climbs past
    that clause to the verb that reports it: the clause's own subject did not speak.
    """
    v = verb
    for depth in range(4):
        if depth and v.dep_ == "ccomp" and v.head.lower_ in speech_verbs() and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
        reported = quoted_as(v)
        if reported is not None:  # "Kyodo quoted Nakasone as telling reporters, ..."
            return reported
        subjects = [c for c in v.children if c.dep_ in SUBJECTS and not inside_quote(spans, c.idx)]
        if subjects:  # a mis-parse may give two ("Asked whether X would ..., he replied"): the nearest
            subj = min(subjects, key=lambda c: abs(c.i - v.i))
            if subj.lower_ in RELATIVE_PRONOUNS and v.dep_ == "relcl":  # "Tokyo, which called it ..."
                return v.head
            return subj
        if v.dep_ == "acl" and v.head.pos_ == "PROPN":
            return v.head
        if not depth and v.dep_ == "amod" and v.tag_ == "VBG" and v.i and v.doc[v.i - 1].pos_ == "PROPN":
            return v.doc[v.i - 1]  # "with minister X telling parliament:", parsed as a modifier of "parliament"
        if v.dep_ in ("ROOT",) or v.head is v:
            return None
        v = v.head
    return None


def quoted_as(verb: Token) -> Token | None:
    """The person in "<source> quoted <person> as saying": the object of "quote", not its subject,
    or the name set beside a titled object ("quoted Iran's defence spokesman X as saying")."""
    if verb.lower_ not in QUOTE_FORMS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.pos_ == "PROPN":
        return obj
    return next((a for a in obj.children if a.dep_ == "appos" and a.pos_ == "PROPN"), None)


def addressed(verb: Token) -> bool:
    """A passive attribution verb ("X was asked, '...'", "Y was told"): its subject is who was
    spoken to, never who spoke ("X was quoted as saying" is the exception)."""
    return verb.lower_ not in QUOTE_FORMS and any(c.dep_ == "nsubjpass" for c in verb.children)


def according_to(tokens: list[Token]) -> Token | None:
    for tok in tokens:
        if tok.lower_ == "according" and tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            obj = [c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"]
            return obj[0] if obj else tok.doc[tok.i + 2]
    return None


def governing_verbs(quote: Span, verbs: list[Token]) -> list[Token]:
    """Attribution verbs the quoted words depend on, nearest ancestor first."""
    words = [t for t in quote if not t.is_punct and not t.is_space]
    found: list[Token] = []
    for tok in words:
        for depth, anc in enumerate(tok.ancestors):
            if anc in verbs and anc not in found:
                found.append(anc)
                break
            if depth > 8:
                break
    ranks = {v.i: min((d for t in words for d, a in enumerate(t.ancestors) if a.i == v.i), default=99)
             for v in found}
    return sorted(found, key=lambda v: ranks[v.i])


@lru_cache(maxsize=4)
def verb_forms(name: str) -> frozenset[str]:
    """Every word form of a verb list whose lines hold the forms of one verb, space separated
    (``quote_clause_verbs.txt``: "introduced X as '...'"; ``quote_stance_verbs.txt``)."""
    return frozenset(w.lower() for line in rule_lines(name) for w in line.split())


def find_attribution(doc: Doc, q: QuoteSpan, spans: list[QuoteSpan]) -> tuple[Token | None, list[Token], str]:
    """The speaker token for a quote, the tokens of its attribution (outside any quote) and the
    pattern that found it (``verb.said``, ``according_to``; ``addressed`` for a quote put to the
    verb's subject, which has no speaker here; "" for none)."""
    first = doc.char_span(q.start, q.end, alignment_mode="expand")
    if first is None or not len(first):
        return None, [], ""
    ends = [first[0], first[-1]]
    after = token_at_or_after(doc, q.close_at)
    if after < len(doc) and doc[after].idx <= q.close_at + 1 and doc[after].sent.start == after:
        opening = [t for t in doc[after:after + 4] if not t.is_punct]  # "...?’” Holmes testified."
        if doc[after].pos_ != "CCONJ" and any(t.lower_ in speech_verbs() and t.pos_ in ("VERB", "AUX")
                                              and t.tag_ != "VBG" for t in opening):
            ends.append(doc[after])  # the parser ended the sentence at the mark: its attribution follows
            # ("But, speaking to MPs, X said" opens a new sentence of its own)
    lo, hi = min(t.sent.start for t in ends), max(t.sent.end for t in ends)
    outside = [t for t in doc[lo:hi] if not inside_quote(spans, t.idx) and not t.is_space]
    verbs = [t for t in outside if t.lower_ in speech_verbs() and t.pos_ in ("VERB", "AUX")]
    clause_verbs = [t for t in outside if t.lower_ in verb_forms("quote_clause_verbs.txt") and t.pos_ == "VERB"]
    # Prefer a verb the quote depends on, then the nearest one.
    governing = governing_verbs(first, verbs)
    if not governing:  # "X denounced them as '...', and Y warned of ...": X's clause holds the words
        for verb in governing_verbs(first, clause_verbs):
            subj = speech_subject(verb, spans)
            if subj is not None:
                return subj, outside, f"clause.{verb.lower_}"
    ordered = governing + sorted((v for v in verbs if v not in governing),
                                 key=lambda v: min(abs(v.idx - q.start), abs(v.idx - q.end)))
    for verb in ordered:
        if addressed(verb):
            return None, outside, ADDRESSED
        subj = speech_subject(verb, spans)
        if subj is not None:
            return subj, outside, f"verb.{verb.lower_}"
    source = according_to(outside)
    if source is not None:
        return source, outside, "according_to"
    return None, outside, ""

