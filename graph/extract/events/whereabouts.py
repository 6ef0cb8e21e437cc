"""Whether a visitor is away from home: the reader's checks on a person's ties, the story's dateline
and the country it is set in, which turn a stay or a meeting abroad into a visit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from graph.extract.actors import Actors, country_entry, same
from graph.extract.events.arguments import PLACE_TYPES
from graph.facts import Event, Mention
from graph.gazetteer import GazetteerEntry, load_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from graph.extract.context import Context


class Whereabouts:
    """Away-from-home checks for :class:`graph.extract.events.reader.EventReader`."""

    doc: Doc
    ctx: Context
    actors: Actors
    events: list[Event]
    place_heads: frozenset[str]
    country_at: Callable[[str], GazetteerEntry | None]  # from Arguments
    dateline_place: Callable[[], Mention | None]  # from Arguments

    def ties_elsewhere(self, visitor: Mention, place: Mention) -> bool:
        """Whether a visitor at a place is away from home: the text ties them to another country,
        or (untied) the story is not datelined in the place's country."""
        home = self.country_at(place.text)
        if home is None or visitor.type not in ("Person", "Unknown"):
            return False
        ties = self.actors.nationality(visitor)
        if ties:
            return all(t.key != home.key for t in ties)
        dl = self.dateline_place()
        where = self.country_at(dl.text) if dl is not None else None
        return where is None or where.key != home.key

    def visitor_from_abroad(self, person: Mention | None, place: Mention) -> bool:
        """Whether a person the text ties to a country is at a place of another country: a visitor
        there ("Yugoslav minister X said in Caracas"); an untied person may be at home."""
        return person is not None and person.type == "Person" and bool(self.actors.nationality(person)) \
            and self.ties_elsewhere(person, place)

    def named_as_place(self, place: Mention) -> bool:
        """Whether the text presents a place through a place noun ("the central city of Isfahan")."""
        span = self.doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            return False
        prep = span.root.head
        return span.root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in self.place_heads

    def visited_country(self, visitors: Sequence[Mention], country: GazetteerEntry) -> bool:
        """Whether a visit of one of ``visitors`` to ``country`` itself was already told."""
        return any(ev.kind == "visit" and ev.place is not None and (e := country_entry(ev.place.text)) is not None
                   and e.key == country.key and any(same(v, p) for v in visitors for p in ev.participants)
                   for ev in self.events)

    def from_abroad(self, visitor: Mention, place: Mention) -> bool:
        """Whether the text shows a visitor coming from another country than the place's: tied to
        another country, or untied in a story datelined in another country (an untied traveller in
        an undated-lined story stays at home: "Governor X traveled to Ohio" keeps Ohio)."""
        home = self.country_at(place.text)
        if home is None:
            return False
        if self.actors.nationality(visitor):
            return self.ties_elsewhere(visitor, place)
        dl = self.dateline_place()
        where = self.country_at(dl.text) if dl is not None else self.story_country(place)
        if where is None:  # nothing tells: a state or province is a trip at home, a city a visit
            known = load_gazetteer().lookup(place.text)
            return known is not None and known.subtype == "City"
        return where.key != home.key

    def story_country(self, besides: Mention) -> GazetteerEntry | None:
        """The country the story is set in: the one its other places and countries name most often."""
        votes = Counter(entry.key for m in self.ctx.mentions if m.type in PLACE_TYPES and m.text != besides.text
                        and (entry := self.country_at(m.text)) is not None)
        if not votes:
            return None
        key, _ = votes.most_common(1)[0]
        return next(e for m in self.ctx.mentions if (e := self.country_at(m.text)) is not None and e.key == key)

    def foreign(self, visitor: Mention) -> bool:
        """Whether the text ties a visitor to a country other than the dateline's."""
        place = self.dateline_place()
        if place is None:
            return False
        home = self.country_at(place.text)
        if visitor.type == "Country":
            return home is not None and country_entry(visitor.text) not in (None, home)
        ties = self.actors.nationality(visitor)
        return bool(ties) and (home is None or all(t.key != home.key for t in ties))
