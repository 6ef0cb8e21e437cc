"""Signed documents: a contract, a programme, a roadmap or a declaration is an agreement only as
what was signed ("X and Y signed a cooperation programme", "X signed a contract with Y"), and only
between states, bodies or companies: a player's contract with his club is not a deal of the news."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.agreements.lists import item_kind
from graph.extract.agreements.reader import HANDLERS, AgreementReader
from graph.extract.agreements.triggers import agreements_of
from graph.facts import Agreement

if TYPE_CHECKING:
    from spacy.tokens import Token

PARTY_TYPES = ("Country", "Organization")


@HANDLERS("document")
def signed_document(r: AgreementReader, tok: Token) -> list[Agreement]:
    """The parties of a signed document, as for an agreement noun; the kind of a self-named one
    ("joint declaration") is its own words, a bare "cooperation" no kind."""
    if tok.dep_ not in ("dobj", "nsubjpass") or tok.head.pos_ != "VERB" or tok.head.lower_ not in r.cues["signed"]:
        return []
    kind = item_kind(r, tok) if tok.lower_ in r.list_self_named else r.kind(tok)
    if kind in r.list_generic:
        kind = ""  # "a cooperation programme" names no subject matter
    found = agreements_of(r, tok, r.parties(tok), kind, r.status(tok))
    return [a for a in found if all(m.type in PARTY_TYPES for m in a.parties)]
