"""Visit nouns: who travels and where to in "X's visit to Y", "a trip to Africa by A, B and C",
"the five-day tour of Ghana, Nigeria and Kenya" (each stop a visit of its own, the travellers those
of the trip just told), "the trip to X" named by no one (the person the paragraph is about), "his
trip to the US" (the person of the noun's own clause or a person named with a possessive just
before, not merely the sentence's subject), "joined A and B in a tour of X" (all three travel) and
"to catch a flight to Denver" (a person's planned trip).

Called from the ``noun`` handler (``triggers/nouns.py``) for nouns of kind ``visit``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors import country_entry, same
from graph.extract.events.arguments import PLACE_TYPES
from graph.extract.events.reader import EventReader, event_words
from graph.extract.tree import conjuncts, governing_verb, prepositions, subjects
from graph.facts import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

PERSONS = ("Person", "Unknown")


def places_after(r: EventReader, tok: Token, preps: tuple[str, ...]) -> list[Mention]:
    """Every place after one of ``preps`` on ``tok``, conjuncts included ("a tour of A, B and C")."""
    return [m for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj" for t in conjuncts(p) if (m := r.place_at(t)) is not None]


def place_told_before(r: EventReader, tok: Token) -> list[Mention]:
    """"his first trip to the city" (or "to the capital", "to the country"): the last place of that
    kind this sentence or the one before named ahead of it."""
    kinds = {"city": ("Place",), "capital": ("Place",), "country": ("Country",)}
    nouns = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children
             if p.dep_ == "pobj" and p.lower_ in kinds and any(d.lower_ == "the" for d in p.children)]
    if not nouns:
        return []
    first = tok.sent.start
    start = r.doc[first - 1].sent.start_char if first > 0 else tok.sent.start_char
    told = [m for m in r.ctx.mentions if m.type in kinds[nouns[0].lower_] and start <= m.start < tok.idx]
    return told[-1:]


def pronoun_owner(r: EventReader, noun: Token, pronoun: Token) -> list[Mention]:
    """Who "his"/"her" before a visit noun means: the person subject of the noun's own clause
    ("X left for his trip"), else a person named with a possessive earlier in the sentence ("X's
    departure ..., suggesting his trip"), else the reader's usual pronoun choice; no one when that
    name is not known as a person (rather no visit than another person's)."""
    wanted = "f" if pronoun.lower_ == "her" else "m"

    def fits(m: Mention) -> bool:
        return m.type in PERSONS and r.actors.gender(m) in (None, wanted)

    verb = governing_verb(noun)
    names = [s for s in subjects(verb) if s.i != noun.i] if verb is not None else []
    names += [t for t in pronoun.sent if t.i < pronoun.i and t.dep_ == "poss"]
    for name in (t for t in names if t.pos_ == "PROPN"):
        m = named_person(r, name)
        if m is not None and fits(m):
            return [m]
        if m is None and (other := r.ctx.mention_at(name)) is not None and country_entry(other.text) is None:
            return []  # a name the model did not type as a person ("Geingob left for his trip"): no guess
    return r.actors.of_named(pronoun)


def named_person(r: EventReader, tok: Token) -> Mention | None:
    """The person a name stands for, also where the model typed this one mention of a person's
    name as a place ("The day Geingob left" beside "President Geingob" elsewhere)."""
    found = r.ctx.mention_at(tok)
    if found is None or found.type in PERSONS:
        return found
    name = found.text.split()
    return next((m for m in r.ctx.mentions if m.type == "Person" and m.text.split()[-len(name):] == name), None)


def in_quotation(r: EventReader, tok: Token) -> bool:
    """Whether a token stands inside quotation marks opened earlier in its paragraph."""
    text = r.ctx.article.text
    start = text.rfind("\n\n", 0, tok.idx) + 1
    before = text[start: tok.idx]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def travellers(r: EventReader, verb: Token) -> list[Mention]:
    """The subjects of a travel verb as actors; "the Swiss official" is the person the story ties to
    Switzerland (most often named), not the country; "he" inside a quotation is left out (the
    speaker's "he" is someone else than the speaker the reader would pick)."""
    out: list[Mention] = []
    for s in subjects(verb):
        if s.pos_ == "PRON" and in_quotation(r, s):
            continue
        person = None
        if s.tag_ == "NN" and s.lower_ in event_words("traveller_titles") and any(
                c.dep_ == "det" and c.lower_ == "the" for c in s.children):
            person = r.actors.titled_person(s)
        out.extend([person] if person is not None else r.actors.of_named(s))
    return out


def told_destination(r: EventReader, verb: Token) -> Mention | None:
    """Where a bare "X visited in 1967" went: the destination of the visit noun told just before,
    in this sentence or the one before ("two previous state tours of Britain. King Faisal visited in 1967")."""
    start = r.doc[max(verb.sent.start - 1, 0)].sent.start
    found = None
    for t in r.doc[start: verb.i]:
        if r.nouns.get(t.lower_) == "visit" and (m := r.named_destination(t)) is not None:
            found = m
    return found


def paragraph_person(r: EventReader, tok: Token) -> list[Mention]:
    """Who "the trip to X" named by no one belongs to: the person the paragraph's earlier sentences are
    about (named most often, the first named on a tie), not merely the last name before it (nor the
    speaker of the noun's own sentence: "Anna Berg said the visit to Peru had been cancelled")."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return []
    start = r.ctx.article.text.rfind("\n\n", 0, tok.idx) + 1
    people = [m for m in r.ctx.mentions if start <= m.start < tok.sent.start_char and m.type == "Person"]
    counts = [sum(same(m, o) for o in people) for m in people]
    return [people[counts.index(max(counts))]] if people else []


def carried_visitors(r: EventReader, tok: Token) -> list[Mention]:
    """The travellers of "the tour" named by no one: those of the visit told in this sentence or
    the one before ("a trip to Africa by A and B. The five-day tour of Ghana, ...")."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return []
    start = r.doc[max(tok.sent.start - 1, 0)].sent.start
    for n in range(len(r.events) - 1, -1, -1):
        ev = r.events[n]
        if ev.kind == "visit" and start <= r.trigger_at[n] < tok.i:
            return list(ev.participants)
    return []


def companions(r: EventReader, verb: Token | None) -> list[Mention]:
    """The people a traveller "joined" or "accompanied" on a trip (the verb's objects)."""
    if verb is None or verb.lower_ not in event_words("join_verbs"):
        return []
    return [m for c in verb.children if c.dep_ == "dobj" for t in conjuncts(c)
            for m in r.actors.of_named(t) if m.type in PERSONS]


def agents_after(r: EventReader, tok: Token, verb: Token | None) -> list[Mention]:
    """A "by" phrase the parser hung on the verb right after its visit object ("covered a trip to
    Africa by A, B and C"); none when the verb is passive ("was organised by")."""
    if verb is None or tok.dep_ != "dobj" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return []
    return [m for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ == "by" and c.i == tok.right_edge.i + 1
            for p in c.children if p.dep_ == "pobj" for t in conjuncts(p) for m in r.actors.of_named(t)]


def visit_noun(r: EventReader, tok: Token, head_verb: Token | None, owners: list[Mention],
               premod: list[Mention], by: list[Mention]) -> None:
    """A visit noun's visits: one per destination, by the trip's travellers."""
    if tok.lower_ in event_words("person_trip_nouns"):  # "a flight to Denver": a person's trip only
        owners, premod = [m for m in owners if m.type in PERSONS], []
    premod = [m for m in premod if m.type != "Place"]  # "the minister's Paris visit": a city never travels
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
    if poss is not None:
        owners = pronoun_owner(r, tok, poss)
    elif head_verb is not None and head_verb.lower_ in event_words("visit_onlooker_verbs") and not any(
            c.dep_ == "poss" for c in tok.children):
        owners = []  # "Norwegian officials welcomed the visit": the hosts, not the visitors
    by = by or [m for m in agents_after(r, tok, head_verb) if m.type in PERSONS] or [
        m for word, pobjs in prepositions(tok) if word == "of" for p in pobjs
        for m in r.actors.of_named(p) if m.type in PERSONS]  # "the visit of U.S. Secretary of State X"
    visitors = by or owners or premod
    if not visitors:  # "joined A and B in a tour of X": the subject and the people joined
        visitors = r.framed_visitors(tok)
        visitors += [m for m in companions(r, r.frame_anchor(tok)) if all(not same(m, v) for v in visitors)]
    visitors = visitors or carried_visitors(r, tok)
    dests = places_after(r, tok, ("to", "of")) or r.included_stops(tok) or place_told_before(r, tok)
    if not visitors and dests:
        visitors = paragraph_person(r, tok)
    if not visitors:
        return
    if not dests and tok.dep_ == "dobj" and head_verb is not None and head_verb.lower_ in r.light:
        dests = places_after(r, head_verb, ("to",))  # "begins a mission to Ankara": "to" on the verb
    if not dests and any(c.dep_ == "poss" for c in tok.children):  # "Mr Straw's China trip"
        dests = [m for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                 for m in [r.ctx.mention_at(c, PLACE_TYPES)] if m is not None and all(not same(m, v) for v in visitors)]
    if not dests and r._here(tok):  # "at the end of a brief visit here"
        dests = [d] if (d := r.dateline_place()) is not None else []
    if not dests:
        dest = r.place_of(tok, head_verb) or (r.dateline_place() if r.foreign(visitors[0]) else None)
        dests = [dest] if dest is not None else []
    for dest in dests or [None]:
        r.add("visit", tok, visitors, dest)


def purpose_talks(r: EventReader, verb: Token, visitors: list[Mention], place: Mention | None) -> None:
    """ "will visit Kenya for talks", "flew to Peru for border talks": the visitors hold the talks with
    the country they go to (talks that name their own sides are read by the noun). Not for a city:
    "flew to Geneva for arms talks" is a trip to a venue, often to meet a third party there; nor for a
    traveller of unknown home, who may be at home ("went to Ohio for talks")."""
    nouns = [p for word, pobjs in prepositions(verb) if word == "for" for p in pobjs if r.nouns.get(p.lower_) == "talks"
             and not any(d.dep_ == "prep" and d.lower_ in ("with", "between", "among", "of") for d in p.children)]
    if not nouns or place is None or place.type != "Country" or not visitors or not all(
            not same(place, v) and (v.type == "Country" or r.actors.nationality(v) and r.from_abroad(v, place))
            for v in visitors):
        return
    for noun in nouns:
        r.add("talks", noun, [*visitors, place], place)
