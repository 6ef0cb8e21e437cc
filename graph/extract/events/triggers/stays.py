"""Stays and attendance: "X left Paris for London" (``depart``), "X was in Tokyo" (``be_in``),
"X is due in Washington" (``due_in``), "X spent two days in Tanzania" (``spend``), "Yugoslav minister X said in Caracas" (``speak_in``), "X, Iran's envoy, here Tuesday said" or "when X was here" (``here``),
"visiting U.S. Secretary X said" in a datelined story (``visiting``), "X, in Tokyo for talks, said" (``aside_in``) and
"Also due to attend are A, B and C" (``attend``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graph.extract.actors import country_entry, same
from graph.extract.events.arguments import PLACE_TYPES
from graph.extract.events.reader import HANDLERS, EventReader, event_words
from graph.extract.events.visits import travellers
from graph.extract.tree import conjuncts, subjects
from graph.facts import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token


@HANDLERS("depart")
def depart(r: EventReader, tok: Token) -> None:
    """'X left Paris for London': a visit to London, and to Paris when X is shown to come from abroad
    (a story set in France leaves its untied traveller at home there)."""
    visitors = [m for m in travellers(r, tok) if m.type in ("Person", "Unknown")]
    if not visitors:
        return
    preps = event_words("depart_preps")
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                for t in conjuncts(p) if p.dep_ == "pobj" else []:
                    if (m := r.ctx.mention_at(t, PLACE_TYPES)) is not None:
                        r.add("visit", tok, visitors, m)
    for c in tok.children:
        if (c.dep_ == "dobj" and (m := r.ctx.mention_at(c, PLACE_TYPES)) is not None
                and any(r.from_abroad(v, m) for v in visitors)):
            r.add("visit", tok, visitors, m, status="held")


@HANDLERS("due_in")
@HANDLERS("be_in")
def was_in(r: EventReader, tok: Token) -> None:
    """'X was in Tokyo', 'X is due in Washington next week': a visit when X is away from home there
    (never 'was in talks')."""
    if tok.dep_ in ("aux", "auxpass"):
        return
    after = tok.i + 1
    while after < len(r.doc) and r.doc[after].dep_ == "advmod" and r.doc[after].head.i == tok.i:
        after += 1  # "is currently in Damascus", "is now in the U.S."
    if after >= len(r.doc) or r.doc[after].lower_ != "in":
        return
    prep = r.doc[after]
    if prep.head.i != tok.i or prep.dep_ != "prep":
        return
    place = next((m for p in prep.children if p.dep_ == "pobj"
                  and (m := r.ctx.mention_at(p, PLACE_TYPES)) is not None), None)
    stay_away(r, tok, place)


@HANDLERS("act_in")
@HANDLERS("speak_in")
def spoke_in(r: EventReader, tok: Token) -> None:
    """'Yugoslav Foreign Minister X said in Caracas' (or 'told a news conference in Caracas', 'signed
    the deal in Caracas'): a subject the text ties to another country than the place's is there on
    a visit (an untied one may be at home)."""
    audiences = event_words("speech_audience_nouns")  # "told a news conference in Beijing"
    heads = [tok, *(c for c in tok.children if c.dep_ in ("dobj", "dative") and c.lower_ in audiences),
             *(p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("at", "to")
               for p in c.children if p.dep_ == "pobj" and p.lower_ in audiences)]
    place = next((m for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "in" for p in c.children
                  if p.dep_ == "pobj" and (m := r.ctx.mention_at(p, PLACE_TYPES)) is not None), None)
    if place is None:
        return
    visitors = [m for s in subjects(tok) for m in r.actors.of_named(s)
                if r.visitor_from_abroad(m, place)]
    if visitors:
        r.add("visit", tok, visitors, place, status="held")


@HANDLERS("spend")
def spend(r: EventReader, tok: Token) -> None:
    """'X spent two days in Tanzania': a stay of days or weeks away from home is a visit."""
    if not any(c.dep_ in ("dobj", "npadvmod") and c.lower_ in r.stay_spans for c in tok.children):
        return
    place = next((m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                  for p in c.children if p.dep_ == "pobj"
                  and (m := r.ctx.mention_at(p, PLACE_TYPES)) is not None), None)
    stay_away(r, tok, place)


@HANDLERS("visiting")
def visiting(r: EventReader, tok: Token) -> None:
    """'TOKYO - ..., visiting U.S. Agriculture Secretary X told reporters': a person the text ties to
    another country than the dateline's visits its place ('visiting Japan' is the verb's)."""
    if any(c.dep_ in ("dobj", "prep") for c in tok.children) or (place := r.dateline_place()) is None:
        return
    if tok.i > 0 and r.doc[tok.i - 1].lower_ in ("a", "an"):
        return  # "how she would treat a visiting U.S. President": any such visitor, none stated
    person = _visitor_named(r, tok)
    if r.visitor_from_abroad(person, place):
        r.add("visit", tok, [person], place, status="held")


@HANDLERS("aside_in")
def aside_in(r: EventReader, tok: Token) -> None:
    """'U.S. Trade Representative X, in New Zealand for GATT talks, said': a person the text ties to
    another country than the place's, placed there in an aside, is visiting it."""
    if tok.dep_ != "prep" or tok.i == 0 or r.doc[tok.i - 1].text != "," or tok.head.i != tok.i - 2:
        return
    place = next((m for p in tok.children if p.dep_ == "pobj"
                  and (m := r.ctx.mention_at(p, PLACE_TYPES)) is not None), None)
    person = r.ctx.mention_at(tok.head, ("Person",))
    if place is not None and r.visitor_from_abroad(person, place):
        r.add("visit", tok, [person], place, status="held")


def _while_in(r: EventReader, prep: Token) -> None:
    """'While in New York, X conferred with ...': a subject the text ties to another country than the
    place's was visiting it."""
    place = next((m for p in prep.children if p.dep_ == "pobj"
                  and (m := r.ctx.mention_at(p, PLACE_TYPES)) is not None), None)
    verb = prep.head
    if place is None or verb.pos_ not in ("VERB", "AUX"):
        return
    for m in (m for s in subjects(verb) for m in r.actors.of_named(s)):
        if r.visitor_from_abroad(m, place):
            r.add("visit", prep, [m], place, status="held")


def _visitor_named(r: EventReader, tok: Token) -> Mention | None:
    """The person 'visiting' describes: the first named after it within a run of titles and names
    ("visiting U.S. Under-Secretary of State for Economic Affairs X", "the visiting Polish leader X"),
    else its head's person."""
    for t in r.doc[tok.i + 1: min(tok.i + 13, tok.sent.end)]:
        if (m := r.ctx.mention_at(t, ("Person",))) is not None:
            return m
        if t.pos_ not in ("PROPN", "NOUN", "ADJ") and not t.is_title and t.text != "-" \
                and t.lower_ not in ("of", "for", "and"):
            break
    if tok.dep_ == "amod" and (found := [m for m in r.actors.of_named(tok.head) if m.type == "Person"]):
        return found[0]
    return None


def stay_away(r: EventReader, tok: Token, place: Mention | None) -> None:
    """The subjects of ``tok`` who are in ``place`` away from home visit it."""
    if place is None:
        return
    visitors = [m for s in subjects(tok) for m in r.actors.of_named(s)
                if m.type in ("Person", "Unknown") and r.ties_elsewhere(m, place)]
    if visitors:
        r.add("visit", tok, visitors, place)


@HANDLERS("here")
def here(r: EventReader, tok: Token) -> None:
    """'X, Iran's envoy, here Tuesday said': a foreign subject in a datelined story visits."""
    if tok.lower_ == "while" and tok.i + 1 < len(r.doc) and r.doc[tok.i + 1].lower_ == "in":
        _while_in(r, r.doc[tok.i + 1])
        return
    if not _here_as_adverb(tok):
        return
    if tok.lower_ == "while":  # "While here, X said": a visitor away from home
        verb = tok.nbor().head.head
        if verb.pos_ in ("VERB", "AUX") and (place := r.dateline_place()) is not None:
            for m in (m for s in subjects(verb) for m in r.actors.of_named(s)):
                if m.type == "Person" and r.foreign(m):
                    r.add("visit", tok, [m], place, status="held")
        return
    verb = tok.head
    subjs = subjects(verb)
    if verb.dep_ in ("nsubj", "nsubjpass") and verb.pos_ in ("PROPN", "NOUN"):
        verb, subjs = verb.head, [verb]
    stay = verb.lower_ in event_words("be_verbs")  # "when X was here last year": a stay in the dateline's place
    if stay and verb.dep_ == "aux" and verb.head.pos_ == "VERB":  # "X, who was here paving the way for"
        verb = verb.head
        subjs = subjects(verb)
    if verb.pos_ not in ("VERB", "AUX") or verb.lower_ in r.verbs and not stay \
            or verb.lower_ in event_words("motion_verbs"):
        return
    # "signed here yesterday by Nigerian Finance Minister X": the agent of a passive acts here
    subjs = subjs + [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    place = r.dateline_place()
    if place is None:
        return
    home = r.country_at(place.text)
    for subj in subjs:
        for m in r.actors.of_named(subj):
            if m.type not in ("Person", "Unknown"):
                continue
            subtree = r.doc[subj.left_edge.i: subj.right_edge.i + 1]
            foreign = [c for c in r.ctx.mentions_in(subtree.start_char, subtree.end_char)
                       if (entry := country_entry(c.text)) is not None
                       and (home is None and not same(c, place) or home is not None and entry.key != home.key)]
            if foreign or stay and r.foreign(m):
                r.add("visit", tok, [m], place, status=None if stay else "held")


@HANDLERS("attend")
def attend(r: EventReader, tok: Token) -> None:
    """'Also due to attend are A, B and C': attendees join the meeting named just before."""
    if any(c.dep_ == "neg" for c in tok.children) or any(
            c.dep_ == "dobj" and c.lower_ not in ("it", "them") for c in tok.children):
        return  # "Israel will not attend"; "attend the summit" is read from the noun
    who = subjects(tok)
    if not who:  # inverted: "Also due to attend are A, B and C" (the parser's attachment varies)
        who = [t for t in tok.sent if t.dep_ in ("attr", "nsubj") and t.i > t.head.i > tok.i
               and t.head.lower_ in ("are", "is", "were", "was", "be")][:1]
    attendees = [m for s in who for m in r.actors.of_named(s)
                 if m.type in ("Person", "Organization", "Country", "Unknown")]
    if not attendees:
        return
    first_sent = max(tok.sent.start - 1, 0)
    window = r.doc[first_sent].sent.start  # this sentence and the one before
    for n in range(len(r.events) - 1, -1, -1):
        ev, at = r.events[n], r.trigger_at[n]
        if ev.kind in ("meeting", "summit", "talks") and window <= at < tok.i:
            parts = list(ev.participants)
            parts.extend(m for m in attendees if all(not same(m, o) for o in parts))
            r.events[n] = replace(ev, participants=tuple(parts))
            return


def _here_as_adverb(tok: Token) -> bool:
    """"here" as an adverb, or "while" in "while here"."""
    if tok.lower_ == "here":
        return tok.dep_ == "advmod"
    doc = tok.doc
    return tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "here" and doc[tok.i + 1].dep_ == "pcomp"
