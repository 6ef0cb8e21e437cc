"""Signed documents: a contract, a programme, a roadmap, a declaration or a letter of intent is an agreement only as
what was signed ("X and Y signed a cooperation programme", "X signed a contract with Y"), and only
between states, bodies or companies: a player's contract with his club is not a deal of the news."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.agreements.lists import item_kind
from graph.extract.agreements.reader import HANDLERS, AgreementReader
from graph.extract.agreements.triggers import agreements_of
from graph.facts import Agreement, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

PARTY_TYPES = ("Country", "Organization")


@HANDLERS("document")
def signed_document(r: AgreementReader, tok: Token) -> list[Agreement]:
    """The parties of a signed document, as for an agreement noun; the kind of a self-named one
    ("joint declaration") is its own words, a bare "cooperation" no kind."""
    if tok.dep_ == "dobj" and tok.head.lower_ in r.award_verbs:
        return _awarded(r, tok)
    if tok.dep_ not in ("dobj", "nsubjpass") or tok.head.pos_ != "VERB" or tok.head.lower_ not in r.cues["signed"]:
        return []
    needs = r.qualified_documents.get(tok.lower_)
    if needs is not None and not any(c.dep_ == "prep" and c.lower_ == "of" and any(p.lower_ in needs for p in c.children)
                                     for c in tok.children):
        return []  # "signed the letter": no deal; "a letter of intent": one
    kind = item_kind(r, tok) if tok.lower_ in r.list_self_named else r.kind(tok)
    if kind in r.list_generic:
        kind = ""  # "a cooperation programme" names no subject matter
    found = agreements_of(r, tok, r.parties(tok), kind, r.status(tok))
    return [a for a in found if all(m.type in PARTY_TYPES and not _cut(r, m) for m in a.parties)]


def _cut(r: AgreementReader, m: Mention) -> bool:
    """Whether a party's name visibly goes on past the mention ("Ministry" + "of Culture"): the
    recogniser kept a fragment, and a deal of a fragment is a deal of nobody the reader knows."""
    span = r.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.end >= len(r.doc):
        return False
    nxt = next((t for t in r.doc[span.end:] if not t.is_space), None)
    root = span.root
    if nxt is None or nxt not in list(root.subtree):
        return False
    return not (nxt.head.i == root.i and (nxt.dep_ in ("cc", "punct", "conj") or nxt.pos_ == "VERB"))


def _awarded(r: AgreementReader, tok: Token) -> list[Agreement]:
    """"X awarded contracts to A, B and C": one agreement of X with each recipient."""
    verb = tok.head
    givers = [m for m in r.subject_actors(verb) if m.type in PARTY_TYPES]
    takers = [m for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
              for p in c.children if p.dep_ == "pobj" for m in r.actors.of(p) if m.type in PARTY_TYPES]
    if len(givers) != 1:
        return []
    return agreements_of(r, tok, [[givers[0], t] for t in takers], r.kind(tok), "signed")
