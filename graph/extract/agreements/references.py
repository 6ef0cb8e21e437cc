"""A deal named again by its noun alone ("the treaty", "this accord", "the truce"): the mention
joins the last earlier mention of the same deal instead of standing alone. An earlier mention with
both sides already counts; one that named a single side ("Iran's nuclear deal") gets its other side
from the verb that acts on the later one ("the United States quit the deal": Iran and the United
States); a mention naming no side at all names nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extract.actors import same

if TYPE_CHECKING:
    from spacy.tokens import Token

    from graph.extract.agreements.reader import AgreementReader
    from graph.facts import Mention


@dataclass(frozen=True)
class Told:
    """One earlier mention of a deal: where, its noun's family, its kind and the sides it named."""

    i: int
    family: str
    kind: str
    sides: tuple[Mention, ...]


def family(r: AgreementReader, tok: Token) -> str:
    """The word a deal is named by, as one family ("treaties" ~ "treaty", "truce" ~ "ceasefire")."""
    word = tok.lower_
    if word in r.self_kind:
        return r.self_kind[word]
    return r.singular.get(word, word)


def remember(r: AgreementReader, tok: Token, kind: str, sides: list[Mention]) -> None:
    """Note a mention of a deal with its sides: all of an agreement found, or the one side the
    noun itself names ("Iran's deal", "the Iran deal", "a deal with Iran")."""
    if not sides:
        sides = named_side(r, tok)
    if sides:
        r.told.append(Told(tok.i, family(r, tok), kind, tuple(sides)))


def named_side(r: AgreementReader, tok: Token) -> list[Mention]:
    """The one actor the noun's own words name: its owner, premodifier or "with" partner."""
    return _one([*(m for c in tok.children if c.dep_ == "poss" for m in r.actors.of(c)), *r.premodifiers(tok),
                 *(m for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                   for p in c.children if p.dep_ == "pobj" for m in r.actors.of(p))])


def _one(found: list[Mention]) -> list[Mention]:
    uniq: list[Mention] = []
    for m in found:
        if all(not same(m, u) for u in uniq):
            uniq.append(m)
    return uniq if len(uniq) == 1 else []


def doer(r: AgreementReader, tok: Token) -> list[Mention]:
    """The one state in the subject of the verb acting on a mention as only a party would ("X
    withdrew from / violated / extended the treaty")."""
    verb = tok.head if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else r.stance_verb(tok)
    if verb is None or verb.lower_ not in r.act_verbs:
        return []
    return _one(r.states_only(r.subject_actors(verb)))


def definite(r: AgreementReader, tok: Token) -> bool:
    """A bare definite mention ("the treaty", "this accord"), not "the new treaty" or "the INF treaty"."""
    return any(c.dep_ == "det" and c.lower_ in r.back_determiners for c in tok.children) \
        and not any(c.dep_ in ("amod", "compound", "nmod", "poss", "nummod") for c in tok.children)


def earlier(r: AgreementReader, tok: Token) -> Told | None:
    """The last mention of a deal of the same family before ``tok``."""
    return next((t for t in reversed(r.told) if t.i < tok.i and t.family == family(r, tok)), None)


def already_told(r: AgreementReader, tok: Token, sides: tuple[Mention, ...]) -> bool:
    """Whether a definite mention repeats the last earlier mention of its family with the same sides."""
    last = earlier(r, tok) if definite(r, tok) else None
    return last is not None and len(last.sides) == len(sides) \
        and all(any(same(a, b) for b in last.sides) for a in sides)


def referred_back(r: AgreementReader, tok: Token) -> tuple[list[list[Mention]], str]:
    """The sides of a bare definite mention ("the treaty") whose verb names one state, completing
    the single state the last earlier mention of the same deal named ("Iran's nuclear deal"), and
    that mention's kind; nothing when either names no state or both name the same one."""
    last = earlier(r, tok) if definite(r, tok) else None
    side = doer(r, tok) if last is not None else []
    if not side or last is None or len(last.sides) != 1 or r.state_of(last.sides[0]) is None \
            or same(last.sides[0], side[0]):
        return [], ""
    return [[last.sides[0], side[0]]], last.kind


def acted_on(r: AgreementReader, tok: Token) -> list[list[Mention]]:
    """A deal that a party's act, told as a noun, is about, each naming one side: "the US
    withdrawal from the Iran nuclear deal", "Russia's breach of the treaty with Ukraine"."""
    act = tok.head.head
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("from", "of") or act.lower_ not in r.act_nouns:
        return []
    doer = _one([*(m for c in act.children if c.dep_ == "poss" for m in r.actors.of(c)), *r.premodifiers(act)])
    side = named_side(r, tok)
    if not doer or not side or same(doer[0], side[0]):
        return []
    return [[doer[0], side[0]]]
