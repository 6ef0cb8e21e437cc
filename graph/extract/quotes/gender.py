"""Which pronoun a person of the article takes, read off the article itself: a form of address
before the name ("Mr Hale", "Ms Ruiz"), or the pronouns of a sentence where that person is the
only one named before them ("Ana Ruiz said her office ..."). Used so that "she said" never goes
to a man the article calls "he"."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from graph.extract.context import text_of, token_positions
from graph.extract.quotes.triggers import QuoteSpan, inside_quote
from graph.rules import speech_verbs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context
    from graph.facts import Mention

PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
            "she": "f", "her": "f", "hers": "f", "herself": "f"}
ADDRESS = {"mr": "m", "mr.": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
           "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "dame": "f", "lady": "f",
           "queen": "f", "princess": "f"}
_OWN_FORMS = frozenset({"his", "himself", "herself", "her", "he", "she"})  # the words own_pronoun may accept
_ADDRESSED = re.compile(r"\b(Mrs?\.?|Ms\.?|Miss|Sir|Lord|Dame|Lady|King|Queen|Prince|Princess) "
                        r"((?:[A-Z][\w'\u2019-]* ){0,2}[A-Z][\w'\u2019-]+)")


def name_key(person: Mention) -> str:
    """The word a person is known by across the article: the last word of the name."""
    words = person.text.split()
    return words[-1].lower() if words else ""


def pronoun_of(word: str) -> str:
    """ "m", "f" or "" for a lower-case word."""
    return PRONOUNS.get(word, "")


def own_pronoun(tok: Token) -> bool:
    """A pronoun that most likely stands for the person a sentence names first: a possessive
    or reflexive, or the subject of a clause reported by a speech verb ("X said she would")."""
    if tok.lower_ in ("his", "himself", "herself") or (tok.lower_ == "her" and tok.tag_ == "PRP$"):
        return True
    return tok.lower_ in ("he", "she") and tok.dep_ == "nsubj" and tok.head.dep_ == "ccomp" \
        and tok.head.head.lower_ in speech_verbs()


def known_genders(doc: Doc, ctx: Context, spans: list[QuoteSpan]) -> dict[str, str]:
    """Name key -> "m"/"f" for the persons whose pronoun the article shows; a person shown with
    both is left out. "X said he ..." shows X's pronoun only when X, the speech verb's subject,
    is a person the text names."""
    seen: dict[str, set[str]] = {}
    text = text_of(doc)
    for match in _ADDRESSED.finditer(text):
        if not inside_quote(spans, match.start()):
            seen.setdefault(match.group(2).split()[-1].lower(), set()).add(ADDRESS[match.group(1).lower()])
    persons = [m for m in ctx.mentions if m.type == "Person"]
    candidates = token_positions(doc, _OWN_FORMS)  # read off the Doc's arrays: no Token per word
    any_pronoun = token_positions(doc, PRONOUNS)
    for sent in doc.sents:
        lo, hi = bisect_left(candidates, sent.start), bisect_left(candidates, sent.end)
        pronouns = [t for t in (doc[i] for i in candidates[lo:hi]) if own_pronoun(t) and not inside_quote(spans, t.idx)]
        reported = [t for t in pronouns if t.dep_ == "nsubj"]
        if reported:  # "X said he would": X's pronoun if X is a person, else no one's
            speaker = next((c for c in reported[0].head.head.children if c.dep_ == "nsubj"), None)
            m = ctx.mention_at(speaker, ("Person",)) if speaker is not None else None
            if m is not None and speaker.i < reported[0].i:
                seen.setdefault(name_key(m), set()).add(PRONOUNS[reported[0].lower_])
            pronouns = [t for t in pronouns if t.dep_ != "nsubj"]
        if not pronouns:
            continue
        first = pronouns[0].idx
        if bisect_left(any_pronoun, pronouns[0].i) > bisect_left(any_pronoun, sent.start):
            continue  # "In her lawsuit, he invoked his rights": "his" is that "he"'s
        named = {name_key(m) for m in persons if sent.start_char <= m.start and m.end <= first
                 and text[m.end:m.end + 2] not in ("'s", "\u2019s")}  # "Ana's lawsuit": not the subject
        kinds = {PRONOUNS[t.lower_] for t in pronouns}
        if len(named) == 1 and len(kinds) == 1:
            seen.setdefault(next(iter(named)), set()).update(kinds)
    return {key: next(iter(kinds)) for key, kinds in seen.items() if len(kinds) == 1}
