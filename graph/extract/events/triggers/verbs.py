"""Verb triggers: "X met Y", "X held talks with Y", "X visited Y" (``verb``), and travel verbs
"X arrived in / travelled to / returned from Y" (``motion``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.events.arguments import PLACE_TYPES
from graph.extract.events.reader import HANDLERS, EventReader, event_words
from graph.extract.events.visits import purpose_talks, told_destination, travellers
from graph.extract.tree import BETWEEN, conjuncts, prepositions, subjects
from graph.facts import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token


@HANDLERS("verb")
def verb(r: EventReader, tok: Token) -> None:
    kind = r.verbs[tok.lower_]
    if tok.lower_ in r.mediation_verbs and len(sides := _between_sides(r, tok)) >= 2:
        r.add(kind, tok, [m for s in subjects(tok) for m in r.sides(s)] + sides, r.place_of(tok))
        return
    nested: list[Token] = []
    if tok.lower_ in r.needs_prep and not any(
            c.dep_ == "prep" and c.lower_ in r.needs_prep[tok.lower_] for c in tok.children):
        nested = r.nested_partners(tok) if kind == "talks" else []
        if not nested:
            _mutual(r, tok, kind)
            return
    subj = [m for s in subjects(tok) for m in r.sides(s)]
    if nested:  # "was discussed by X with Y": X is a side
        subj += [m for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                 for m in r.sides(p)]
    if kind == "visit":
        dests = [t for c in tok.children if c.dep_ == "dobj" for t in conjuncts(c)]
        places = [m for d in dests if (m := r.place_at(d))]  # "visited the border near McAllen": McAllen
        if len(places) > 1 and subj:
            for place in places:
                r.add("visit", tok, subj, place)
            return
        place = places[0] if places else None
        if dests and place is None:
            # "visited X" where X is a person or organization: a meeting at X's
            others = [m for d in dests for m in r.actors.of_named(d)]
            if others and subj:
                r.add("meeting", tok, subj + others)
            elif subj and (inner := r.place_within(dests[0]) or r.place_of(tok)) is not None:
                r.add("visit", tok, subj, inner)  # "visited the tomb of X in Ramallah"
            return
        if place is None and not dests and r.place_of(tok) is None:
            if tok.lower_ in event_words("visiting_words") and tok.dep_ in ("amod", "advcl", "acl", "compound", "nmod"):
                return  # "..., visiting U.S. Secretary X told": the visitor is named after it (stays.py)
            place = told_destination(r, tok)  # "tours of Britain ... King Faisal visited in 1967"
        if place is None:
            place = r.dateline_place() if subj and r.foreign(subj[0]) else None
        if not subj and (subj := invitees(r, tok)):
            r.add("visit", tok, subj, place, proposed_by=_inviter(r, tok.head))
            return
        if subj:
            r.add("visit", tok, subj, place)
            purpose_talks(r, tok, subj, place)
        return
    objs = nested or r.objects(tok, r.needs_prep.get(tok.lower_))
    agents = [o for o in objs if o.head.dep_ == "agent"]
    if agents and len(agents) < len(objs):  # "discussed by X with Y": X is a side, Y the partner
        subj = subj + [m for a in agents for m in r.sides(a)]
        objs = [o for o in objs if o not in agents]
    by_phone = [p for word, pobjs in prepositions(tok) if word in ("by", "on", "over")
                for p in pobjs if p.lower_ in r.phone_words]
    if by_phone:  # "A and B spoke by telephone": a call, the phone no partner; "spoke on the phone to X": X
        told = [p for h in (tok, *by_phone) for word, pobjs in prepositions(h)  # "spoke by telephone with X"
                if word == "to" or (word == "with" and h is not tok) for p in pobjs] if kind == "call" else []
        kind, objs = "call", [o for o in objs if o.head.lower_ not in ("by", "on", "over")] + told
    if tok.lower_ in r.person_object and (objs or not by_phone):  # "A and B spoke by phone": no object needed
        objs = [o for o in objs if r.person_partner(o)]
        if not objs:
            return
    place = r.place_of(tok)
    passive = any(c.dep_ == "nsubjpass" for c in tok.children)
    if passive and not subj and tok.lower_ in r.person_object and not any(s.lower_ in r.nouns for s in subjects(tok)):
        return  # "a proposal was received by X": a thing received, no meeting ("the summit was hosted by X" is)
    if not objs:
        body = kind == "meeting" and bool(subj) and (all(m.type == "Organization" for m in subj) or any(
            t.lower_ in r.body_nouns for s in subjects(tok) for t in conjuncts(s))) and not any(
            c.dep_ == "dobj" for c in tok.children)  # "the IOC convened to consider", "X and the board met"
        if len(subj) >= 2 or passive or body:
            r.add(kind, tok, subj, place)
        return
    for obj in objs:
        others = r.partners(obj)
        if not others and obj.lower_ in r.actors.group_nouns and subj:
            # "met leaders in Baghdad": unnamed officials of the place's country
            where = r.place_of(obj) or place
            found = r.country_at(where.text) if where is not None else None
            if where is not None and found is not None and not any(
                    t.key == found.key for m in subj for t in r.actors.nationality(m)):
                others = [r.host_country(where)]
        for other in others:
            r.add(kind, tok, [*subj, other], place)


def invitees(r: EventReader, tok: Token) -> list[Mention]:
    """ "Reagan's invitation to Gorbachev to visit the U.S.", "Gorbachev accepted an invitation to
    visit Britain": who is invited to visit."""
    noun = tok.head
    if tok.dep_ != "acl" or noun.lower_ not in event_words("invitation_nouns") \
            or noun.head.lower_ in event_words("declined_invitation_verbs"):
        return []
    named = [m for word, pobjs in prepositions(noun) if word == "to" for p in pobjs for m in r.actors.of_named(p)]
    if named or noun.dep_ != "dobj":
        return named
    return [m for s in subjects(noun.head) for m in r.sides(s)]  # "accepted an invitation to visit"


def _inviter(r: EventReader, noun: Token) -> Mention | None:
    """Who made an invitation: its possessor or its "from" phrase."""
    found = [m for c in noun.children if c.dep_ == "poss" for m in r.actors.of_named(c)] or [
        m for word, pobjs in prepositions(noun) if word == "from" for p in pobjs for m in r.actors.of_named(p)]
    return found[0] if found else None


def _mutual(r: EventReader, tok: Token, kind: str) -> None:
    """"X and Y discussed the budget", "Japan and Canada negotiated a deal": two or more named
    subjects of a talks verb (``mutual_verbs``) without a partner talked with each other."""
    if tok.lower_ not in r.mutual_verbs or any(c.dep_ in ("nsubjpass", "agent") for c in tok.children):
        return
    subj = [m for s in subjects(tok) for m in r.sides(s) if m.type != "Place"]
    if len(subj) >= 2:
        r.add(kind, tok, subj, r.place_of(tok))


def _between_sides(r: EventReader, tok: Token) -> list[Mention]:
    """The sides named after "between" on a negotiating verb or on its object ("negotiated a
    ceasefire between A and B", "the truce negotiated between A and B")."""
    holders = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    return [m for h in holders for word, pobjs in prepositions(h) if word in BETWEEN
            for p in pobjs for m in r.actors.of_named(p)]


@HANDLERS("call")
def call(r: EventReader, tok: Token) -> None:
    """'X called Y on Monday', 'X rang Y to congratulate him': a call to a person, unless the verb
    says what X called Y ("called Y a liar", "called Y dangerous", "called Y 'a friend'"); 'X called
    on Y' (with no 'to' clause: "called on Y to resign" is a demand) is a meeting."""
    if any(c.dep_ in ("oprd", "attr", "acomp", "ccomp", "prt", "nsubjpass", "dative") or c.dep_ == "xcomp" and not any(
            a.tag_ == "TO" for a in c.children) for c in tok.children):
        return
    objs = [o for o in tok.children if o.dep_ == "dobj" and r.person_partner(o) and o.lower_ not in r.actors.group_nouns]
    after = r.doc[objs[0].right_edge.i + 1] if objs and objs[0].right_edge.i + 1 < len(r.doc) else None
    subj = [m for s in subjects(tok) for m in r.sides(s) if m.type in ("Person", "Unknown")]
    ahead = any(c.dep_ == "aux" and (c.lower_ in r.planned or c.tag_ == "MD") for c in tok.children)
    hosts = [p for word, pobjs in prepositions(tok) if word == "on" for p in pobjs if r.person_partner(p)]
    if hosts and subj and not objs and not any(t.tag_ == "TO" and t.head.pos_ in ("VERB", "AUX") for t in tok.subtree):
        for other in (m for h in hosts for m in r.partners(h)):  # "X called on Prime Minister Y": a visit to Y
            r.add("meeting", tok, [*subj, other], r.place_of(tok), status="planned" if ahead else "held")
        return  # ("called on Y to resign" is a demand, no meeting)
    if not objs or not subj or after is not None and (after.is_quote or after.pos_ in ("NOUN", "ADJ", "DET")):
        return
    for other in r.partners(objs[0]):  # its own status: "call" is also a word of proposals ("called for")
        r.add("call", tok, [*subj, other], r.place_of(tok), status="planned" if ahead else "held")


@HANDLERS("motion")
def motion(r: EventReader, tok: Token) -> None:
    place = None
    more: list[Mention] = []
    returning = tok.lower_ in r.return_verbs
    for c in tok.children:
        if returning and c.dep_ == "prep" and c.lower_ in event_words("return_preps"):
            # "returned from Washington": the place left behind was visited
            found = [m for p in c.children if p.dep_ == "pobj" for t in conjuncts(p)
                     if (m := r.ctx.mention_at(t, PLACE_TYPES))]
            visitors = [m for s in subjects(tok) for m in r.actors.of_named(s)
                        if m.type in ("Person", "Unknown")]
            for where in found if visitors else []:
                r.add("visit", tok, visitors, where, status="held")
            continue
        if c.dep_ == "prep" and c.lower_ in r.motion_preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    found = [m for t in conjuncts(p) if (m := r.place_at(t))]
                    place = place or (found[0] if found else None)
                    more.extend(found[1:])
        if c.lower_ == "here" and c.dep_ == "advmod":
            place = place or r.dateline_place()
    if place is None or tok.lower_ in ("came", "come", "comes", "coming", "returned", "return",
                                        "returns", "returning") and not r._here(tok):
        return
    visitors = [m for m in travellers(r, tok) if m.type in ("Person", "Unknown", "Organization", "Country")]
    if visitors:
        for where in [place, *more]:
            r.add("visit", tok, visitors, where)
        purpose_talks(r, tok, visitors, place)

