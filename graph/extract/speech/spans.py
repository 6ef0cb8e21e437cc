"""Token ranges of what a reported-speech verb says: a clause's extent without its edge punctuation
or its opening "that", and the children that carry the content."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


def extent(first: Token, last: Token) -> tuple[int, int]:
    """Token range from the left edge of ``first`` to the right edge of ``last``."""
    start, end = first.left_edge.i, last.right_edge.i + 1
    doc = first.doc
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def without_that(clause: Token) -> tuple[int, int]:
    """A reported clause's range without its opening "that" (a mark, or an object to a mis-parse)."""
    start, end = extent(clause, clause)
    first = clause.doc[start]
    opens = first.lower_ == "that" and first.head == clause and first.dep_ in ("mark", "dobj")  # not "that's"
    return (start + 1, end) if opens and start + 1 < end else (start, end)


def child(verb: Token, *deps: str, word: str = "") -> Token | None:
    """The first child of a token with one of ``deps`` (and the lower-case form ``word``, if given)."""
    return next((c for c in verb.children if c.dep_ in deps and (not word or c.lower_ == word)), None)


def infinitive(verb: Token) -> Token | None:
    """The "to ..." clause of a verb ("urged Lima to end the strike") or noun ("a pledge to act")."""
    return next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acl")
                 and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)), None)
