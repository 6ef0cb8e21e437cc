"""Noun triggers: "talks between X and Y", "X's visit to Y", "meetings with A, B and C" (one
meeting with each, owned by the possessor or the governing verb's subject), "a summit in Ottawa
between ...", "India and Russia in energy talks"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.events.reader import HANDLERS, EventReader, event_words
from graph.extract.events.status import SETTING_PREPS
from graph.extract.events.visits import visit_noun
from graph.extract.tree import BETWEEN, doers, governing_verb, prepositions, subjects
from graph.facts import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token


@HANDLERS("noun")
def noun(r: EventReader, tok: Token) -> None:
    low = tok.lower_
    kind = r.nouns[low]
    if tok.dep_ == "compound" and tok.head.lower_ in r.non_event_heads:
        return
    if tok.dep_ in ("compound", "amod") and tok.head.lower_ not in r.nouns:
        return
    if (hosted := _hosted(r, tok)):  # "X hosted a dinner for Y": host and guest met
        r.add(kind, tok, hosted, r.place_of(tok, tok.head if tok.dep_ == "dobj" else None))
        return
    if low in r.with_nouns and not _with_partner(r, tok):
        if (low not in r.guarded or not any(c.lower_ in r.guarded[low] for c in tok.lefts)) and not (
                _in_series(r, tok) or len(r.actors.in_premodifiers(tok)) >= 2 or r.paired_people(tok)
                or r.clause_partners(tok) or _subject_pair(r, tok)):
            return  # "lunch with X" is a meeting; "school lunch" is not; "the Korver-Dessin debate" is
    elif low not in r.with_nouns and low in r.guarded and not any(c.lower_ in r.guarded[low] for c in tok.lefts) and not (
            low in r.needs_dest and r.named_destination(tok) is not None) and (
            r.body_of(tok) is None or low in r.body_sessions) and not (
            r.clause_partners(tok)) and len(_sides_between(r, tok)) < 2:
        return  # "a tour of Africa" names a trip, "a conference of the X Association" a meeting
    at = _measured(tok)  # "held two rounds of talks": the count stands where the talks would
    head_verb = at.head if at.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and at.head.pos_ in (
        "VERB", "AUX") else None
    between: list[Mention] = []
    withs: list[Token] = []
    by: list[Mention] = []
    for word, pobjs in prepositions(tok):
        if word in BETWEEN:  # "between IMF and Sudanese government officials": a group by its premodifiers
            between.extend(m for p in pobjs for m in _group_sides(r, p))
        elif word == "with":
            withs.extend(pobjs)
        elif word in ("to", "of") and kind == "visit":
            continue  # destinations: visits.visit_noun
        elif word == "of":  # "a meeting of the coffee growers - A, B and C -": the members meet
            between.extend(m for p in pobjs for m in r.actors.of_named(p))  # "a meeting of the AK Party"
        elif word == "by":
            by.extend(m for p in pobjs for m in r.actors.of_named(p))
    owners: list[Mention] = []
    theirs: list[Mention] = []
    for c in _series_head(r, tok).children:  # "their first of three debates": "their" is on "first"
        if c.dep_ == "poss":
            theirs = r.their(tok) if c.lower_ == "their" else []
            owners.extend(theirs or r.actors.of_named(c))
    if not owners:  # "his departure from a meeting with X", "X said meeting Y was"
        owners, outer_withs = r.framing_owner(tok)
        withs = withs or outer_withs
    withs = withs or r.clause_partners(tok)  # "Trump's call when he asked X"
    if head_verb is None and tok.dep_ == "conj":  # "have candid and frank discussions with X"
        head_verb = r.clause_verb(tok)
    premod = [] if owners else r.actors.in_premodifiers(tok)
    if len(premod) < 2 and not owners:
        premod = r.paired_people(tok) or r.paired_before(tok) or premod  # "the first Clinton-Trump debate"
    invited = [] if owners or between or withs else _invited(r, tok)  # "Togo invited Ghana to talks"
    owners = owners or invited
    if not owners and head_verb is not None and at.dep_ in ("dobj", "conj"):
        owners = [m for s in subjects(head_verb) for m in r.sides(s)]
    elif not owners and not between and withs:
        verb = governing_verb(tok)
        if verb is not None:
            owners = [m for s in subjects(verb) for m in r.sides(s)]
            # "signed by X after talks with Y"
            owners = owners or [m for o in r.objects(verb, set()) for m in r.actors.of_named(o)
                                if m.type == "Person"]
    if (not owners and not premod and not between and withs and tok.sent.root.lower_ in r.speech
            and any(a.lower_ in ("after", "following", "during") for a in tok.ancestors)):
        # "At a news conference following talks with Y, X said": the speaker took part
        owners = [m for s in subjects(tok.sent.root) if s.i > tok.i
                  for m in r.actors.of_named(s) if m.type == "Person"]
    owners = owners + by if kind != "visit" else owners
    place = (r.place_of(tok, head_verb) or r.city_before(tok)) if kind != "visit" else None
    if place is None and kind != "visit" and head_verb is not None:
        place = r.stop_place(head_verb)  # "held talks with X during a stopover in Y"
    if kind == "visit":
        visit_noun(r, tok, head_verb, owners, premod, by)
        return
    applicants, body = _joining(r, tok)
    applicants = applicants or [other for w in withs for other in r.partners(w)]
    if body and applicants and not between:  # "talks on Russia's membership of the WTO": the two
        r.add(kind, tok, body + applicants, place)
        return
    if between:  # a clause's subject joins a one-sided "between" only through a light verb or "his"
        if len(between) < 2 and not owners and _framed(tok):  # "At a meeting of EC ministers, Britain said"
            owners = [m for s in subjects(tok.head.head) for m in r.actors.of_named(s)]
        joins = head_verb is None or head_verb.lower_ in r.light or any(c.dep_ == "poss" for c in tok.children)
        hosts = head_verb is not None and head_verb.lower_ in r.convene_verbs and tok.dep_ == "dobj"
        r.add(kind, tok, owners + between if len(between) < 2 and joins or hosts else between, place)
        return  # "France will convene a conference between A and B": France, A and B
    if not withs and head_verb is not None and head_verb.lower_ in r.light and at.dep_ == "dobj":
        withs = r.objects(head_verb)  # "held talks on Sunday with X": the parser hangs "with" on the verb
        withs = [w for w in withs if w.dep_ == "pobj"]
    if withs and not owners and not premod and tok.dep_ in ("nsubj", "nsubjpass"):
        owners = r.earlier_side(tok, kind)  # "The IMF opened talks with A. Talks with B dragged on"
    if withs:
        if kind == "call" and not owners and not premod:
            return  # "the call with X" alone: one end of a call told before
        others = [other for w in withs for other in r.partners(w)]
        if kind == "call" and any(o.type == "Country" for o in others) and not any(
                r.ctx.mention_at(w, ("Country",)) for w in withs):
            return  # "a call with his Ukrainian counterpart": a person the text does not name, not a country
        if tok.tag_ == "NN" and len(others) >= 2:  # "a hearing with executives from A, B and C": one
            r.add(kind, tok, [*owners, *premod, *others], place)  # event of all ("meetings with A and B": two)
            return
        for other in others:
            r.add(kind, tok, [*owners, *premod, other], place)
        if not others and owners:  # "convened a call with state election officials": one side known
            r.add(kind, tok, owners, place)
        return
    if not owners and tok.dep_ == "nsubjpass" and head_verb is not None and head_verb.lower_ in r.attend_verbs:
        owners = _attendees(r, head_verb)  # "The meeting was attended by A, B, and by C"
    found_before = len(r.events)
    if len(premod) >= 2:  # "Iraq and Afghanistan in WTO talks": each with the WTO
        r.add_each(kind, tok, r.hosted_groups(premod), place)
    elif theirs:
        r.add(kind, tok, theirs, place)
    elif tok.dep_ == "pobj" and tok.head.lower_ in ("at", "during", "in") and tok.head.head.pos_ in (
            "VERB", "AUX"):
        subjs = subjects(tok.head.head) or _inverted_subjects(tok.head.head)
        attendees = [m for s in subjs for m in r.actors.of_named(s)]
        if len(attendees) < 2:  # "at a meeting, French and Soviet ministers said": the two countries
            attendees = [m for s in subjs if s.lower_ in r.actors.group_nouns
                         for m in r.actors.in_premodifiers(s) if m.type == "Country"] or attendees
        alone = tok.head.lower_ in ("at", "during") or tok.head.head.lower_ in r.joining_verbs or (
            kind == "debate" and tok.head.lower_ == "in")  # "X was grilled in the debate": X debated
        # "X said at the meeting": X was there; "at a Security Council meeting": with the Council
        hosts = [m for m in premod if m.type == "Organization" and m.end <= tok.idx] if alone else []
        if len(attendees) >= 2 or len(attendees) == 1 and alone and kind != "call":
            r.add(kind, tok, attendees + hosts, place)
    elif tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        sides = r.actors.of_named(tok.head.head)  # headline style: "India and Russia in energy talks"
        bodies = [m for m in premod if m.type == "Organization"]  # "A and B in WTO talks": each with the WTO
        for group in ([[*bodies, side] for side in sides] if bodies else [sides]) if len(sides) >= 2 else []:
            r.add(kind, tok, group, place)
    elif owners and (invited or head_verb is not None and (head_verb.lower_ in r.light or head_verb.lower_ in r.ending_verbs)):
        r.add(kind, tok, owners + premod, place)  # "A and B cut off formal dialogue": they held it
    elif kind == "talks" and any(c.dep_ == "poss" for c in tok.children) and all(o.type == "Person" for o in owners) \
            and owners and (hosted := r.host_before(tok)) is not None:
        r.add(kind, tok, [*owners, hosted[1]], hosted[0])  # "Fukuda's Beijing talks": with China, in Beijing
    if (len(r.events) == found_before and owners and all(m.type == "Organization" for m in owners)
            and any(c.dep_ == "poss" for c in tok.children)):
        r.add(kind, tok, owners, place)  # "ICANN's meeting in Marrakesh": a body's own meeting



def _measured(tok: Token) -> Token:
    """The count over an event noun ("two rounds" of "two rounds of talks"), else the noun itself."""
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in event_words("measure_nouns"):
        return prep.head
    return tok


def _hosted(r: EventReader, tok: Token) -> list[Mention]:
    """Host and guest of a meal or reception ("X hosted a dinner for Y", "a reception held for him by
    X", "X gave a lunch in honour of Y"), when both are named; else nothing."""
    if tok.lower_ not in event_words("hosted_meals"):
        return []
    hosting = event_words("host_verbs")
    verb = tok.head if tok.dep_ == "dobj" and tok.head.lower_ in hosting else None
    acts = [c for c in tok.children if c.dep_ == "acl" and c.lower_ in hosting]
    agents = [p for v in acts for a in v.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    hosts = [m for d in (doers(verb) if verb is not None else agents) for m in r.actors.of_named(d)]
    guests = [m for h in (tok, *acts, *([verb] if verb is not None else [])) for g in _honoured(h)
              for m in r.actors.of_named(g)]
    if not guests and acts:  # "X attended a reception given by Y", "X spoke at a reception held for him by Y"
        at = tok.head if tok.dep_ == "pobj" and tok.head.lower_ in ("at", "during") else tok
        clause = at.head if at.dep_ in ("prep", "dobj") and at.head.pos_ in ("VERB", "AUX") else None
        if clause is not None and (at is not tok or clause.lower_ in r.attend_verbs | r.joining_verbs):
            guests = [m for s in subjects(clause) for m in r.actors.of_named(s)]
    guests = [g for g in guests if all((g.start, g.end) != (h.start, h.end) for h in hosts)]
    return hosts + guests if hosts and guests else []


def _honoured(head: Token) -> list[Token]:
    """Whom a phrase on ``head`` is for: "for Y", "in honour of Y" (the parser may hang "of Y" on
    ``head`` itself, right after "honour")."""
    found: list[Token] = []
    for word, objs in prepositions(head):
        for o in objs:
            if word == "for":
                found.append(o)
            elif word == "in" and o.lower_ in event_words("honour_nouns"):
                ofs = [c for c in o.children if c.dep_ == "prep" and c.lower_ == "of"] or [
                    c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == o.i + 1]
                found.extend(p for c in ofs for p in c.children if p.dep_ == "pobj")
    return found


def _joining(r: EventReader, tok: Token) -> tuple[list[Mention], list[Mention]]:
    """Who asks to join and the organization asked, from the topic of an event noun: "talks on
    Russia's membership of the WTO", "on Ukraine's bid to join the Council", "about EU membership"."""
    for word, pobjs in prepositions(tok):
        for topic in (p for p in pobjs if word in r.topic_preps and p.lower_ in event_words("membership_nouns")):
            named = [o for w, objs in prepositions(topic) if w in event_words("membership_preps") for o in objs]
            named += [o for c in topic.children if c.dep_ in ("acl", "relcl") and c.lower_ in event_words("membership_verbs")
                      for o in c.children if o.dep_ == "dobj"]
            body = [m for o in named for m in r.actors.of_named(o)] + r.actors.in_premodifiers(topic)
            body = [m for m in body if m.type == "Organization"]
            applicants = [m for c in topic.children if c.dep_ == "poss" for m in r.actors.of_named(c)]
            return applicants, body
    return [], []


def _attendees(r: EventReader, verb: Token) -> list[Mention]:
    """Who a passive attendance names ("was attended by A, his minister B, and by C")."""
    agents = [a for c in verb.children if c.dep_ == "agent" or c.dep_ == "conj" and c.lower_ == "by"
              for a in (c, *c.conjuncts) if a.lower_ == "by"]
    named = [t for a in agents for p in a.children if p.dep_ == "pobj"
             for t in (p, *p.conjuncts, *(c for c in p.children if c.dep_ == "appos"))]  # "A, his minister B,"
    found: list[Mention] = []  # named ones only: "ministers from both countries" is no one more
    for m in (m for t in named if r.ctx.mention_at(t) is not None for m in [r.actors.mention(t)] if m is not None):
        if all((m.start, m.end) != (o.start, o.end) for o in found):
            found.append(m)
    return found


def _group_sides(r: EventReader, tok: Token) -> list[Mention]:
    """The actors a "between" object names; for a group noun, every actor before it when that is
    more ("French and German officials": France and Germany, not France alone)."""
    named = r.actors.of_named(tok)
    if tok.lower_ not in r.actors.group_nouns:
        return named
    before = r.actors.in_premodifiers(tok)
    return before if len(before) > len(named) else named


def _framed(tok: Token) -> bool:
    """An event noun that frames a clause: "at/during a meeting ..., X said" (X was there)."""
    return tok.dep_ == "pobj" and tok.head.lower_ in SETTING_PREPS and tok.head.head.pos_ in ("VERB", "AUX")


def _sides_between(r: EventReader, tok: Token) -> list[Mention]:
    """The sides a "between" phrase on an event noun names ("a peace conference between A and B")."""
    return [m for word, pobjs in prepositions(tok) if word in BETWEEN for p in pobjs for m in r.actors.of_named(p)]


def _subject_pair(r: EventReader, tok: Token) -> bool:
    """An event noun that is the object of a light or ending verb whose subject names two or more
    actors ("the U.S. and Russia cut off formal dialogue", "A and B held a dialogue")."""
    verb = tok.head
    if tok.dep_ != "dobj" or (verb.lower_ not in r.light and verb.lower_ not in r.ending_verbs):
        return False
    return len([m for s in subjects(verb) for m in r.sides(s) if m.type != "Place"]) >= 2


def _with_partner(r: EventReader, tok: Token) -> bool:
    """A "with" (or "between") partner on the noun, or on the light verb it is the object of ("had
    lunch on Friday with X", where the parser hangs "with" on the verb; "a debate between A and B")."""
    holders = [tok, tok.head] if tok.dep_ == "dobj" and tok.head.lower_ in r.light else [tok]
    return any(c.dep_ == "prep" and c.lower_ in ("with", *BETWEEN) for h in holders for c in h.children)


def _series_head(r: EventReader, tok: Token) -> Token:
    """The ordinal a counted event noun hangs from ("first" in "their first of three debates"), else the noun."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in r.ordinals:
        return tok.head.head
    return tok


def _in_series(r: EventReader, tok: Token) -> bool:
    """A debate counted in a series ("the first debate", "their first of three debates") and not
    about a topic ("the first debate on the budget bill" is a bill's reading in parliament)."""
    if tok.lower_ not in r.ordinal_nouns or any(
            c.dep_ == "prep" and c.lower_ in r.topic_preps for c in tok.children):
        return False
    return _series_head(r, tok) is not tok or any(c.lower_ in r.ordinals for c in tok.lefts)


def _inverted_subjects(verb: Token) -> list[Token]:
    """The subjects put after the verb in "Taking part in the talks were A and B"."""
    return [t for t in verb.sent if t.dep_ in ("attr", "nsubj") and t.i > verb.i
            and (t.head.i == verb.i or t.head.dep_ in ("aux", "auxpass") and t.head.head.i == verb.i)]


def _invited(r: EventReader, tok: Token) -> list[Mention]:
    """Who invites to the encounter and who is invited ("Togo invited Ghana to talks", "Ghana was
    invited by Togo to a summit"): both would take part."""
    verb = tok.head.head
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("to", "for") or verb.lower_ not in r.invite_verbs:
        return []
    sides = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] + doers(verb)
    return [m for s in sides for m in r.sides(s)]
