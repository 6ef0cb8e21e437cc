"""Where and with whom: the argument-finding half of the events reader (places, objects,
partners and destinations; whether a visitor is away from home is ``whereabouts.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.actors import Actors, country_entry, country_when
from graph.extract.tree import RELATIVE_PRONOUNS, governing_verb, subjects
from graph.facts import Event, Mention
from graph.gazetteer import GazetteerEntry
from graph.rules import table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context

PLACE_TYPES = ("Place", "Country")


@lru_cache(maxsize=1)
def seats() -> dict[str, str]:
    """Lower-case building phrase -> the city it stands for (``seats.tsv``)."""
    return {row["phrase"].lower(): row["city"] for row in table("seats.tsv") if row.get("phrase") and row.get("city")}


@lru_cache(maxsize=1)
def seat_words() -> frozenset[str]:
    """Every word of the building phrases: a cheap test before a phrase is put together."""
    return frozenset(w for phrase in seats() for w in phrase.split())


class Arguments:
    """Argument finding for :class:`graph.extract.events.reader.EventReader`."""

    doc: Doc
    ctx: Context
    actors: Actors
    nouns: dict[str, str]
    needs_prep: dict[str, set[str]]
    with_idioms: frozenset[str]
    frame_nouns: frozenset[str]
    frame_preps: frozenset[str]
    light: frozenset[str]
    events: list[Event]
    place_heads: frozenset[str]
    stop_verbs: frozenset[str]
    from_abroad: Callable[[Mention, Mention], bool]  # from Whereabouts
    named_as_place: Callable[[Mention], bool]  # from Whereabouts
    visited_country: Callable[[Sequence[Mention], GazetteerEntry], bool]  # from Whereabouts

    def place_of(self, *tokens: Token) -> Mention | None:
        """A place named by an "in"/"at" phrase on any of the tokens."""
        for tok in tokens:
            if tok is None:
                continue
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            m = self.ctx.mention_at(pobj, PLACE_TYPES) or self.seat(pobj)
                            if m is not None:
                                return m
        return None

    def seat(self, tok: Token) -> Mention | None:
        """ "at the White House", "in the Kremlin": the city a seat of government stands in
        (``seats.tsv``), when the article names that city (or datelines it) somewhere."""
        if tok.lower_ not in seat_words():
            return None
        words = [t for t in tok.subtree if t.dep_ != "det" or t.i > tok.i]
        city = seats().get(" ".join(t.lower_ for t in words))
        if city is None:
            return None
        named = [m for m in self.ctx.mentions if m.type == "Place" and m.text == city]
        dateline = self.dateline_place()
        found = named[0] if named else dateline if dateline is not None and dateline.text.title() == city else None
        return replace(found, source="seat") if found is not None else None

    def host_before(self, tok: Token) -> tuple[Mention, Mention] | None:
        """"X's Beijing talks": the place named before an event noun, and the country it lies in."""
        for c in (c for c in tok.children if c.dep_ == "compound" and c.i < tok.i):
            m = self.ctx.mention_at(c, PLACE_TYPES)
            entry = self.country_at(m.text) if m is not None else None
            if m is not None and entry is not None and entry.type == "Country":
                return m, m if m.type == "Country" else Mention(entry.name, "Country", m.start, m.end, m.evidence, "rule")
        return None

    def city_before(self, tok: Token) -> Mention | None:
        """ "X's Moscow talks with Y", "the Geneva talks": the city named before an event noun (a
        country there is more often the topic: "the Iran talks")."""
        host = self.host_before(tok)
        return host[0] if host is not None and host[0].type == "Place" else None

    def country_at(self, place: str) -> GazetteerEntry | None:
        """The country a place lay in when the story was written (``historical_states`` in the rules:
        Moscow is in the Soviet Union in 1987)."""
        return country_when(place, self.ctx.article.published)

    def destination(self, place: Mention, visitors: Sequence[Mention] = ()) -> Mention:
        """A visit's destination as its country when the gazetteer knows the city's country and the
        text names that country; a trip at home (no visitor is shown to come from abroad) keeps the
        city or state the text names, and so does a visit to a country the text never names."""
        entry = self.country_at(place.text)
        if entry is None or entry.type != "Country" or country_entry(place.text) is not None:
            return place
        if visitors and all(v.type in ("Person", "Unknown") and not self.from_abroad(v, place)
                            for v in visitors):
            return place
        if visitors and self.named_as_place(place) and self.visited_country(visitors, entry):
            return place  # "traveled to Iran ... went to the city of Isfahan": a stop of its own
        return self.named_country(entry) or place

    def host_country(self, place: Mention) -> Mention:
        """The country a place lies in, as the text names it or else as the gazetteer does ("met
        leaders in Baghdad": Iraq); the place itself when no country is known."""
        entry = self.country_at(place.text)
        if entry is None or entry.type != "Country":
            return place
        return self.named_country(entry) or Mention(entry.name, "Country", place.start, place.end, place.evidence, "rule")

    def named_country(self, entry: GazetteerEntry) -> Mention | None:
        """The article's first mention of a country, if it names it."""
        return next((m for m in self.ctx.mentions if (found := country_entry(m.text)) is not None
                     and found.key == entry.key), None)

    def dateline_place(self) -> Mention | None:
        dl = self.ctx.article.dateline_place
        if not dl:
            return None
        _, start, end = dl
        found = self.ctx.mentions_in(start, end, PLACE_TYPES)
        if found:
            return found[0]
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return self.ctx.mention_for_span(span, "Place", "dateline") if span is not None else None

    def objects(self, verb: Token, preps: set[str] | None = None) -> list[Token]:
        out = []
        for c in verb.children:
            if c.dep_ == "dobj" and preps is None:
                out.append(c)
            if c.dep_ == "prep" and c.lower_ in (preps or {"with"}):
                # "the bankers with whom X negotiated": the partner is the noun the clause describes
                out.extend(verb.head if p.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else p
                           for p in c.children if p.dep_ == "pobj")
            if c.dep_ == "agent":
                out.extend(p for p in c.children if p.dep_ == "pobj")
        return out

    def nested_partners(self, verb: Token) -> list[Token]:
        """Partners after "with" inside a talks verb's objects, one per topic ("discussed farm
        technology with A, packaging with B and juice with C"), or inside its agent ("was discussed
        by X with Y", where the parser hangs "with" on X), never inside a nested clause."""
        out = []
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        for obj in [*(c for c in verb.children if c.dep_ == "dobj"), *agents]:  # "discussed by X with Y"
            for t in obj.subtree:
                if t.dep_ != "prep" or t.lower_ not in self.needs_prep.get(verb.lower_, ()):
                    continue
                if t.head.lower_ in self.with_idioms or any(
                        a.pos_ in ("VERB", "AUX") and a.dep_ in ("relcl", "ccomp", "advcl", "xcomp", "csubj", "pcomp")
                        for a in t.ancestors if a.i != verb.i and verb in a.ancestors):
                    continue
                out.extend(p for p in t.children if p.dep_ == "pobj")
        return out

    def stop_place(self, verb: Token) -> Mention | None:
        """The place of a visit noun in a phrase on the verb ("... during a stopover in Brasilia")."""
        for c in verb.children:
            if c.dep_ == "prep":
                for p in c.children:
                    if p.dep_ == "pobj" and self.nouns.get(p.lower_) == "visit":
                        found = self.place_of(p) or self.named_destination(p)
                        if found is not None:
                            return found
        return None

    def named_destination(self, tok: Token) -> Mention | None:
        """The place after "to"/"of" on a visit noun ("a tour of Africa"), or after "to" on the light
        verb it is the object of (the parser's attachment in "begins a mission to Ankara")."""
        found = self.place_object(tok.children, ("to", "of"))
        if found is None and tok.dep_ == "dobj" and tok.head.lower_ in self.light:
            found = self.place_object(tok.head.children, ("to",))
        return found or next(iter(self.included_stops(tok)), None)

    def included_stops(self, tok: Token) -> list[Mention]:
        """The stops a trip's relative clause lists ("a tour which includes Bolivia and Guatemala")."""
        return [m for c in tok.children if c.dep_ == "relcl" and c.lower_ in self.stop_verbs
                for o in c.children if o.dep_ == "dobj" for t in (o, *o.conjuncts) if (m := self.place_at(t)) is not None]

    def place_object(self, tokens: Iterable[Token], preps: tuple[str, ...]) -> Mention | None:
        """The first place that is the object of one of ``preps`` among ``tokens``."""
        for t in tokens:
            if t.dep_ == "prep" and t.lower_ in preps:
                for p in t.children:
                    if p.dep_ == "pobj" and (m := self.place_at(p)) is not None:
                        return m
        return None

    def place_at(self, tok: Token, depth: int = 0) -> Mention | None:
        """The place a token names, read through a place noun ("the central city of Isfahan", "parts
        of Libya", "the border near McAllen": ``place_head_nouns`` in the rules)."""
        found = self.ctx.mention_at(tok, PLACE_TYPES)
        if found is not None or depth > 1 or tok.lower_ not in self.place_heads:
            return found
        return next((m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "near", "in", "at")
                     for p in c.children if p.dep_ == "pobj" and (m := self.place_at(p, depth + 1))), None)

    def framed_visitors(self, tok: Token) -> list[Mention]:
        """Who is on an unowned visit named in a framing phrase: the subject of the clause ("X said at
        the end of a visit", "X, in a speech on the first day of a visit, said", "X is on a visit") or
        the person the phrase is set beside ("X, on a tour of Africa, ...", "X, speaking during a tour")."""
        anchor = self.frame_anchor(tok)
        if anchor is None:
            return []
        if anchor.pos_ in ("VERB", "AUX"):
            subjs = subjects(anchor)
            if not subjs and anchor.dep_ == "acl" and anchor.head.pos_ in ("NOUN", "PROPN"):
                subjs = [anchor.head]  # "The chancellor, speaking during a tour of Africa, said"
            found = [m for s in subjs for m in self.actors.of_named(s)]
        elif anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in ("nsubj", "nsubjpass"):
            found = self.actors.of_named(anchor)  # "Mr Brown, on a tour of Africa, spent ..."
        else:
            return []
        return [m for m in found if m.type in ("Person", "Unknown", "Country")]

    def frame_anchor(self, tok: Token) -> Token | None:
        """The word a framing phrase around an unowned visit hangs on ("joined X in a tour of Y":
        "joined"; "at the end of a visit": the clause's verb), or None."""
        cur = tok
        for _ in range(6):
            if cur.dep_ != "pobj" or cur.head.dep_ != "prep":
                return None
            prep, host = cur.head, cur.head.head
            if prep.lower_ == "of" and host.lower_ in self.frame_nouns:
                cur = host  # "the end of", "the first day of"
            elif prep.lower_ in self.frame_preps:
                if host.lower_ in ("speech", "address", "statement", "interview", "conference") and host.dep_ == "pobj":
                    cur = host  # "in a speech on the first day of a visit"
                    continue
                return host
            else:
                return None
        return None

    def clause_verb(self, tok: Token) -> Token | None:
        """The verb whose object a conjoined noun shares, past a mis-tagged first conjunct."""
        cur = tok
        for _ in range(4):
            if cur.dep_ not in ("conj", "dobj") or cur.head.i == cur.i:
                break
            cur = cur.head
        return cur if cur.i != tok.i and cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("dobj", "conj") else None

    def their(self, noun: Token) -> list[Mention]:
        """Who "their" means before an event noun: the clause's subject and its partner ("he agreed
        with Gorbachev at their summit", "invited Gorbachev at their summit"), or the owner and addressee
        of a noun the clause describes; nothing unless two sides are found."""
        verb = governing_verb(noun)
        if verb is None:
            return []
        sides = [m for s in subjects(verb) for m in self.actors.of_named(s)]
        sides += [m for o in self.objects(verb) if o.dep_ in ("pobj", "dobj") for m in self.actors.of_named(o)]
        if verb.dep_ == "acl" and len(sides) < 2:  # "X's invitation to Y, made at their summit"
            owner = verb.head
            sides = [m for c in owner.children if c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ == "to"
                     for o in ([c] if c.dep_ == "poss" else [p for p in c.children if p.dep_ == "pobj"])
                     for m in self.actors.of_named(o)]
        return sides if len(sides) >= 2 else []

    def place_within(self, tok: Token) -> Mention | None:
        """A place named inside a noun phrase by "in"/"at" ("the tomb of X in Ramallah")."""
        return self.place_object(tok.subtree, ("in", "at"))

    @staticmethod
    def _here(tok: Token) -> bool:
        return any(c.lower_ == "here" for c in tok.children)

