"""The parties named before an agreement's noun ("the US-Japan trade pact", "any EC-Comecon
agreement"), names the recogniser missed or glued together there included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors import Actors, country_entry
from graph.facts import Mention
from graph.gazetteer import load_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context


class Premodifiers:
    """Premodifier party finding for :class:`graph.extract.agreements.reader.AgreementReader`."""

    doc: Doc
    ctx: Context
    actors: Actors

    def premodifiers(self, tok: Token) -> list[Mention]:
        """Actors named before a noun, also names the recogniser missed or glued together there but
        knows elsewhere in the article or the gazetteer ("any EC-Comecon agreement")."""
        out = list(self.actors.in_premodifiers(tok))
        for t in self.doc[tok.left_edge.i: tok.i]:
            glued = self.glued_states(t)  # "a U.S.-Japan trade pact": one token, two names
            if glued:
                out = [m for m in out if not t.idx <= m.start < t.idx + len(t.text)] + glued
                continue
            if t.pos_ != "PROPN" or t.dep_ not in ("compound", "nmod", "amod") \
                    or any(m.start <= t.idx < m.end for m in out):
                continue
            m = self.ctx.mention_at(t)
            if m is not None and "-" not in m.text:
                continue
            type_ = self.known_type(t.text)
            if type_ is not None:
                out.append(self.ctx.mention_for_span(self.doc[t.i: t.i + 1], type_))
        return sorted(out, key=lambda m: m.start)

    def glued_states(self, t: Token) -> list[Mention]:
        """The two or more states or bodies the article names inside one hyphenated token
        ("U.S.-Japan", whose period kept the tokenizer from splitting it)."""
        if t.pos_ not in ("PROPN", "X") or t.dep_ not in ("compound", "nmod", "amod", "dep") or "-" not in t.text[1:-1]:
            return []
        inside = [m for m in self.ctx.mentions if t.idx <= m.start and m.end <= t.idx + len(t.text)
                  and m.source != "dateline" and self.known_type(m.text) is not None]
        return inside if len(inside) >= 2 else []

    def known_type(self, text: str) -> str | None:
        """"Country" or "Organization" for a name the article or the gazetteer knows as a state or
        an intergovernmental body; None otherwise."""
        if country_entry(text) is not None:
            return "Country"
        entry = load_gazetteer().lookup(text)
        if entry is not None and entry.subtype == "IntergovernmentalOrganization":
            return "Organization"
        known = next((m for m in self.ctx.mentions if m.text == text and m.type in ("Country", "Organization")
                      and m.source != "dateline"), None)
        return known.type if known is not None else None

    def named(self, t: Token) -> Mention | None:
        """A country the recogniser missed ("Nigeria" glued to a dateline)."""
        if country_entry(t.text) is None:
            return None
        return self.ctx.mention_for_span(self.doc[t.i: t.i + 1], "Country")
