"""The dependency-tree helpers every family shares: the subjects of a verb, the verb governing a
noun, the tokens coordinated with a token, and a sentence's opening subject phrase."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
BETWEEN = ("between", "among", "amongst")  # prepositions that name all the sides at once
COMPANIONS = ("along", "together")  # "X, along with Y and Z, ...": Y and Z act with X


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The subject tokens of a verb, inherited through conjunction, control and relative clauses."""
    found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if found:
        subj = found[0]
        if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head]
        # "X, along with Y, signed": the parser may hang the companions on the verb
        return found + [o for o in companions(verb) if subj.i < o.i < verb.i]
    if depth > 4:
        return []
    head = verb.head
    if head is verb:
        return []
    if verb.dep_ == "relcl" and head.dep_ == "attr" and verb.i > head.i and any(c.lower_ == "to" for c in verb.children):
        return [c for c in head.head.children if c.dep_ == "nsubj"] or [head]  # "He is the first official to visit X"
    if verb.dep_ == "relcl":
        return [head]
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [head] if head.pos_ != "NOUN" or head.ent_type_ else []
    if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "prep", "pobj", "acomp", "dep"):
        if verb.dep_ == "xcomp":
            objects = [c for c in head.children if c.dep_ == "dobj"]
            if objects and head.lower_ not in ("expected", "due", "set", "scheduled"):
                return objects
        return subjects(head, depth + 1)
    return []


def governing_verb(token: Token, limit: int = 6) -> Token | None:
    """The nearest verb above a noun (the noun itself when it is a verb)."""
    cur = token
    for _ in range(limit):
        if cur.pos_ in ("VERB", "AUX") and cur is not token:
            return cur
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def doers(verb: Token) -> list[Token]:
    """Who does what a verb says: its "by" agents when it is passive ("X was invited by Y": Y), else
    its subjects."""
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    return subjects(verb)


def conjuncts(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("Bush, Shultz and Baldrige")."""
    out = [token]
    for t in token.conjuncts:
        if t not in out:
            out.append(t)
    for child in token.children:  # appositive lists: "possessions -- Samoa, Guam"
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            out.extend(t for t in [child, *child.conjuncts] if t not in out)
    for obj in companions(token):
        out.extend(t for t in [obj, *obj.conjuncts] if t not in out)
    return out


def companions(token: Token) -> list[Token]:
    """Who an "along with" / "together with" phrase adds to a name ("India, along with China and
    Brazil, was invited": China, Brazil), or to a verb's subject where the parser hung it on the verb."""
    if token.pos_ not in ("PROPN", "NOUN", "VERB", "AUX"):
        return []
    out = []
    for prep in token.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ in COMPANIONS:
            withs = [w for w in prep.children if w.dep_ == "prep" and w.lower_ == "with"]
        elif prep.lower_ == "with" and any(a.lower_ in COMPANIONS for a in prep.children if a.dep_ == "advmod"):
            withs = [prep]
        else:
            continue
        out.extend(o for w in withs for o in w.children if o.dep_ == "pobj")
    return out



def prepositions(token: Token) -> Iterator[tuple[str, list[Token]]]:
    """(lower-case preposition, its objects) for each prepositional phrase hanging on a token."""
    for prep in token.children:
        if prep.dep_ == "prep":
            yield prep.lower_, [p for p in prep.children if p.dep_ == "pobj"]


def heads_around(token: Token, steps: int, deps: tuple[str, ...],
                 stop: Callable[[Token], bool]) -> tuple[list[Token], Token]:
    """The heads above ``token`` (at most ``steps``, up to the first where ``stop`` holds) with their
    children of ``deps``: the words that tell a trigger's status ("could be signed", "was called
    off"); and the last head reached."""
    near: list[Token] = []
    cur = token
    for _ in range(steps):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        near.append(cur)
        near.extend(c for c in cur.children if c.dep_ in deps)
        if stop(cur):
            break
    return near, cur


def opening_subject(doc: Doc, end: int, verb: int) -> bool:
    """The words before ``end`` are a sentence's opening noun phrase with an owner or "the" ("Reagan's
    chief of staff", "The representative"), the subject of the verb at ``verb`` too: a name between
    is its apposition ("The president, X said, was tired" is X speaking of the president)."""
    sent = doc[end - 1].sent
    words = doc[sent.start:end]
    if doc[verb].dep_ == "parataxis" or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in words) \
            or not any(t.tag_ == "POS" or t.lower_ == "the" for t in words):
        return False
    head = doc[end - 1]
    while sent.start <= head.head.i < end and head.head.i != head.i:
        head = head.head
    return head.head.i == verb or head.head.i >= end and head.head.head.i == verb and head.dep_ != "nsubj"
