"""States as parties: leaders signing for their countries, a capital standing for its
government, the dateline's or the story's main country as the unsaid side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors import Actors, country_entry, country_of_place, same
from graph.extract.actors.countries import lasting_key
from graph.facts import Mention, Role
from graph.gazetteer import GazetteerEntry, load_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context


class States:
    """State finding for :class:`graph.extract.agreements.reader.AgreementReader`."""

    doc: Doc
    ctx: Context
    actors: Actors

    def states_only(self, actors: list[Mention]) -> list[Mention]:
        """The distinct states and intergovernmental bodies among actors (people as their states)."""
        out: list[Mention] = []
        for m in actors:
            state = self.state_of(m)
            if state is not None and all(not same(state, o) for o in out):
                out.append(state)
        return out

    def state_of(self, m: Mention) -> Mention | None:
        if country_entry(m.text) is not None:
            return m
        entry = load_gazetteer().lookup(m.text)
        if entry is not None and entry.subtype == "IntergovernmentalOrganization":
            return m
        if m.type in ("Person", "Unknown"):
            found = self.person_country(m)
            return self.country_mention(found, m) if found is not None else None
        return None

    def main_country(self, others: list[Mention]) -> list[Mention]:
        """The country the article names most often (at least twice), other than ``others``: the
        unsaid side of "a prior agreement with the Virgin Islands" in a story about a US treaty."""
        counts: dict[str, list[Mention]] = {}
        for m in self.ctx.mentions:
            entry = country_entry(m.text)
            if entry is not None and m.source != "dateline" and m.type != "Unknown":
                counts.setdefault(entry.key, []).append(m)
        excluded = {e.key for o in others if (e := country_entry(o.text)) is not None}
        ranked = sorted((ms for key, ms in counts.items() if key not in excluded), key=len, reverse=True)
        if not ranked or len(ranked[0]) < 2 or len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
            return []
        return [ranked[0][0]]

    def roles(self) -> list[Role]:
        """The article's roles (the roles family runs first)."""
        return self.ctx.facts_of("roles")

    def country_mention(self, entry: GazetteerEntry, near: Mention) -> Mention:
        """The article's own mention of a country (so it resolves like the others), else a new one."""
        for m in self.ctx.mentions:
            if m.source != "dateline" and (found := country_entry(m.text)) is not None and found.key == entry.key:
                return m
        return Mention(entry.name, "Country", near.start, near.end, near.evidence, "rule")

    def person_country(self, person: Mention) -> GazetteerEntry | None:
        """The country whose post a person holds here ("French Prime Minister Jacques Chirac")."""
        for role in self.roles():
            if role.person is not None and role.country is not None and role.organization is None \
                    and same(role.person, person) and (entry := country_entry(role.country.text)) is not None:
                return entry
        ties = self.actors.nationality(person)
        return ties[0] if len(ties) == 1 else None

    def holds_post(self, person: Mention) -> bool:
        return any(r.person is not None and r.organization is None and same(r.person, person) for r in self.roles())

    def as_states(self, parties: list[Mention]) -> list[Mention]:
        """Leaders signing for their countries ("Reagan and Chirac signed an agreement") become the
        countries, and a capital standing for its government ("an accord with Ankara") its country
        when the article names that country. A leader with an unqualified post ("President Reagan")
        stands for the dateline's country when the other side is already another country."""
        out: list[Mention | None] = []
        for m in parties:
            if m.type == "Place" and self._city(m) and (entry := country_of_place(m.text)) is not None:
                named = self.country_mention(entry, m)
                out.append(named if named.source != "rule" else m)
            elif m.type in ("Person", "Unknown") and country_entry(m.text) is None:
                entry = self.person_country(m)
                if entry is not None and any((e := country_entry(o.text)) is not None and e.key == entry.key
                                             for o in parties if o is not m):
                    entry = None  # a signer tied to the other side only by where he was
                out.append(self.country_mention(entry, m) if entry is not None else None)
            else:
                out.append(m)
        missing = [i for i, m in enumerate(out) if m is None]
        if not missing:
            return [m for m in out if m is not None]
        home = self.dateline_country()
        known = {e.key for m in out if m is not None and (e := country_entry(m.text)) is not None}
        if len(missing) == 1 and home is not None and known and home.key not in known \
                and self.holds_post(parties[missing[0]]):
            out[missing[0]] = self.country_mention(home, parties[missing[0]])
            return [m for m in out if m is not None]
        others = [m for m in out if m is not None]
        if len(missing) == 1 and others and len(known) == len(others) and parties[missing[0]].type == "Person":
            main = self.main_country(others)  # a minister on tour signing for the story's country
            if main:
                out[missing[0]] = main[0]
                return [m for m in out if m is not None]
        return parties

    def official_name(self, tok: Token) -> Mention | None:
        """A country named by the words a token heads, up to a coordination ("the Union of the
        Soviet Socialist Republics and ..."), when the gazetteer knows the name."""
        words: list[Token] = []
        for t in self.doc[tok.left_edge.i: tok.right_edge.i + 1]:
            if t.dep_ == "cc" or t.is_punct:
                break
            if words or t.dep_ != "det" and not t.is_space:
                words.append(t)
        if not words or not words[0].i <= tok.i <= words[-1].i:
            return None
        span = self.doc[words[0].i: words[-1].i + 1]
        entry = country_entry(span.text)
        return self.country_mention(entry, self.ctx.mention_for_span(span, "Country")) if entry is not None else None

    def one_state(self, a: Mention, b: Mention) -> bool:
        """Whether two parties are one state under its names in two eras (Soviet Union, Russia)."""
        ea, eb = country_entry(a.text), country_entry(b.text)
        return ea is not None and eb is not None and lasting_key(ea) == lasting_key(eb)

    @staticmethod
    def _city(m: Mention) -> bool:
        entry = load_gazetteer().lookup(m.text)
        return entry is not None and entry.subtype == "City"

    def dateline_country(self) -> GazetteerEntry | None:
        dl = self.ctx.article.dateline_place
        return country_of_place(dl[0]) if dl else None

