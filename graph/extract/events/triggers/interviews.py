"""Interviews (``interview``): "In an interview with Reuters, X said", "X told the Times in an
interview", "his ABC interview", "X gave an interview to Y", "Y interviewed X", "X was interviewed
by Y", "X appeared on CNN with Y". The participants are the person interviewed and who interviewed them (a named outlet or
person); an interview of nobody named ("a job interview", "interviewed 1,000 voters") is nothing.
Interviews are a kind of their own (ng:Interview), kept out of the meetings query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.events.reader import HANDLERS, EventReader
from graph.extract.tree import governing_verb, subjects
from graph.facts import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

PEOPLE = ("Person", "Unknown")
ASKERS = ("Person", "Organization", "Unknown")  # who interviews: a reporter or an outlet


@HANDLERS("interview")
def interview(r: EventReader, tok: Token) -> None:
    if tok.pos_ == "VERB":
        _interview_verb(r, tok)
        return
    owner = [c for c in tok.children if c.dep_ == "poss"]
    verb = governing_verb(tok)
    framed = verb is not None and tok.dep_ == "pobj" and tok.head.lower_ in r.interview_preps and tok.head.head.i == verb.i
    given = tok.dep_ == "dobj" and verb is not None and tok.head.i == verb.i and (
        verb.lower_ in r.light or verb.lower_ in r.interview_giving)
    asked = [m for c in owner if c.pos_ != "PRON" for m in r.actors.of_named(c) if m.type in PEOPLE]
    if not asked and verb is not None and (framed or given):  # "In his ABC interview, Trump said": Trump
        asked = [m for s in subjects(verb) for m in r.sides(s) if m.type in PEOPLE]
    if not asked:
        asked = [m for c in owner for m in r.actors.of_named(c) if m.type in PEOPLE]
    holders = [tok, verb] if given and verb is not None else [tok]
    askers = [m for h in holders for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ in ("with", "to")
              for p in c.children if p.dep_ == "pobj" for m in r.partners(p) if m.type in ASKERS]
    if framed and verb is not None and verb.lower_ in r.speech:  # "X told the Financial Times in an interview"
        askers += [m for c in verb.children if c.dep_ in ("dobj", "dative") for m in r.actors.of_named(c)
                   if m.type in ASKERS]
    if asked:  # "his ABC interview": the outlet named before the noun
        askers += [m for m in r.actors.in_premodifiers(tok) if m.type == "Organization"]
    if asked or tok.dep_ not in ("compound", "amod") and any(m.type in PEOPLE for m in askers):
        # "an interview with Keir Starmer": the person is the one interviewed; an outlet alone is no one
        r.add("interview", tok, _unique([*asked, *askers]), r.place_of(tok), status=_status(r, tok))


@HANDLERS("appear")
def appeared(r: EventReader, tok: Token) -> None:
    """"X appeared on CNN (with Anderson Cooper)": X interviewed by the broadcaster and its host."""
    outlets = [m for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children
               if p.dep_ == "pobj" for m in r.actors.of_named(p) if m.type == "Organization"]
    # a he/she only where the person's gender is known to fit: a guest is often the story's other person
    asked = [m for s in subjects(tok) for m in r.sides(s) if m.type in PEOPLE and (
        s.lower_ not in ("he", "she") or r.actors.gender(m) == ("f" if s.lower_ == "she" else "m"))]
    hosts = [m for c in tok.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children
             if p.dep_ == "pobj" for m in r.actors.of_named(p) if m.type == "Person"]
    if outlets and (asked or hosts):  # "she appeared on CNN with Anderson Cooper": at least the host
        r.add("interview", tok, _unique([*asked, *hosts, *outlets]), None, status=_status(r, tok))


def _interview_verb(r: EventReader, tok: Token) -> None:
    """"Y interviewed X" (X a named person), "X was interviewed by Y", "X, interviewed on Z"."""
    passive = any(c.dep_ == "nsubjpass" for c in tok.children) or tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl")
    if passive:
        asked = [m for s in subjects(tok) for m in r.sides(s) if m.type in PEOPLE]
        askers = [m for c in tok.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "on"
                  for p in c.children if p.dep_ == "pobj" for m in r.actors.of_named(p) if m.type in ASKERS]
    else:
        asked = [m for c in tok.children if c.dep_ == "dobj" for m in r.actors.of_named(c) if m.type in PEOPLE]
        askers = [m for s in subjects(tok) for m in r.sides(s) if m.type in ASKERS] if asked else []
    if asked:
        r.add("interview", tok, _unique([*asked, *askers]), r.place_of(tok), status=_status(r, tok))


def _status(r: EventReader, tok: Token) -> str:
    """Held or planned as for any event; an interview is not proposed by a call or an offer made in it."""
    status, _ = r.status(tok)
    return "held" if status == "proposed" else status


def _unique(found: list[Mention]) -> list[Mention]:
    """Mentions without repeats of the same span, in order."""
    out: list[Mention] = []
    for m in found:
        if all((m.start, m.end) != (o.start, o.end) for o in out):
            out.append(m)
    return out
