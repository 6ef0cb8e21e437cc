"""Meetings, talks, summits, visits and calls, read from verbs, nouns and datelines.

Triggers come from ``ontology/rules/events.json`` and are found on the Doc's token arrays; the
dependency parse then gives the arguments:

- verbs: "X met Y", "X held talks with Y" (a light verb over an event noun), "X visited Y",
  "X arrived in / travelled to Y", "X hosted Y";
- nouns: "talks between X and Y", "X's visit to Y", "meetings with A, B and C" (one meeting with
  each, owned by the possessor or the governing verb's subject), "a summit in Ottawa between ...";
- datelines: "BAGHDAD -- X, Iran's envoy, here Tuesday said" is a visit by X to Iraq.

Status comes from modality words around the trigger (will, due to, upcoming -> planned;
suggested, proposal -> proposed; cancelled, postponed -> cancelled); dates from the clause,
resolved against the publication date. A visit's participants are the visitors and its place
the destination (the country when the gazetteer knows the city's country).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from graph.extract.actors import (
    Actors,
    conjuncts,
    country_entry,
    country_when,
    governing_verb,
    load_rules,
    rule_words,
    same,
    subjects,
)
from graph.extract.context import Context, token_positions
from graph.extract.dates import date_near
from graph.facts import DateRef, Event, Mention
from graph.gazetteer import GazetteerEntry

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_words = partial(rule_words, "events.json")  # a word list of events.json, made once

PLACE_TYPES = ("Place", "Country")


@lru_cache(maxsize=1)
def _trigger_table() -> tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]:
    """(handler label, trigger words, parts of speech) for every trigger list of ``events.json``."""
    verb = ("VERB",)
    return (("EVENT_NOUN", _words("nouns"), ("NOUN", "PROPN")),
            ("EVENT_VERB", _words("verbs"), verb),
            ("MOTION_VERB", _words("motion_verbs"), verb),
            ("HERE", frozenset({"here", "while"}), ()),
            ("SPEND", _words("spend_verbs"), verb),
            ("ATTEND", _words("attend_verbs"), verb),
            ("DEPART", _words("depart_verbs"), verb),
            ("BE_IN", _words("be_verbs"), ("AUX", "VERB")))


def _triggers(doc: Doc) -> list[tuple[int, str]]:
    """(token index, handler label) of every trigger, in text order (labels in table order)."""
    found = []
    for order, (label, trigger_words, pos) in enumerate(_trigger_table()):
        for i in token_positions(doc, trigger_words, pos):
            if _trigger_fits(doc, label, i):
                found.append((i, order, label))
    return [(i, label) for i, _, label in sorted(found)]


def _trigger_fits(doc: Doc, label: str, i: int) -> bool:
    """The context a trigger needs: "here" as an adverb (or "while here"), "was in"."""
    if label == "HERE":
        tok = doc[i]
        if tok.lower_ == "here":
            return tok.dep_ == "advmod"
        return i + 1 < len(doc) and doc[i + 1].lower_ == "here" and doc[i + 1].dep_ == "pcomp"
    if label == "BE_IN":
        return i + 1 < len(doc) and doc[i + 1].lower_ == "in"
    return True


class _Reader:
    """Reads the events of one Doc."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.rules = load_rules("events.json")
        self.actors = Actors(doc, ctx)
        self.nouns: dict[str, str] = {k.lower(): v for k, v in self.rules.get("nouns", {}).items()}
        self.verbs: dict[str, str] = {k.lower(): v for k, v in self.rules.get("verbs", {}).items()}
        self.guarded: dict[str, list[str]] = {k: v for k, v in self.rules.get("guarded_nouns", {}).items()
                                              if isinstance(v, list)}
        self.light = _words("light_verbs")
        self.planned = _words("planned_words")
        self.proposed = _words("proposed_words")
        self.cancelled = _words("cancelled_words")
        self.non_event_heads = _words("non_event_heads")
        self.person_object = _words("verb_object_must_be_person")
        self.needs_prep = {k: set(v) for k, v in self.rules.get("verb_needs_prep", {}).items()}
        self.motion_preps = _words("motion_preps")
        self.motion_verbs = _words("motion_verbs")
        self.depart_verbs = _words("depart_verbs")
        self.return_verbs = _words("return_verbs")
        self.speech = _words("speech_verbs")
        self.stay_spans = _words("stay_spans")
        self.with_idioms = _words("with_idiom_heads")
        self.needs_dest = _words("visit_nouns_needing_destination")
        self.frame_nouns = _words("visit_frame_nouns")
        self.frame_preps = _words("visit_frame_preps")
        self.events: list[Event] = []
        self.trigger_at: list[int] = []  # the trigger token index of each event, for later attendees

    # -- helpers ---------------------------------------------------------------------------
    def place_of(self, *tokens: Token) -> Mention | None:
        """A place named by an "in"/"at" phrase on any of the tokens."""
        for tok in tokens:
            if tok is None:
                continue
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            m = self.ctx.mention_at(pobj, PLACE_TYPES)
                            if m is not None:
                                return m
        return None

    def status(self, trigger: Token) -> tuple[str, Token | None]:
        """held / planned / proposed / cancelled from words around the trigger, and the proposer word."""
        near: list[Token] = list(trigger.children)
        cur = trigger
        for _ in range(4):
            if cur.head is cur:
                break
            cur = cur.head
            near.append(cur)
            near.extend(c for c in cur.children if c.dep_ in ("aux", "auxpass", "amod", "advmod", "neg", "acomp"))
            if cur.pos_ == "VERB" and cur.dep_ in ("ROOT", "ccomp"):
                break
        low = {t.lower_ for t in near if t.dep_ not in ("prep", "pobj") or t.lower_ == "ahead"}
        if low & self.cancelled:
            return "cancelled", None
        for t in near:
            if t.lower_ in self.proposed and t is not trigger:
                return "proposed", t
        if trigger.lower_ in self.proposed:
            return "proposed", trigger
        planned = any(t.lower_ in self.planned and (t.lower_ != "to" or t.tag_ == "TO")
                      and (t.lower_ != "set" or t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ in ("to", "for")) for t in near)
        if planned and not any(t.tag_ == "VBD" and t.dep_ != "aux" and t.lower_ not in self.planned
                               and t.lower_ not in self.light for t in near if t.i > trigger.i):
            return "planned", None
        return "held", None

    def proposer(self, word: Token | None) -> Mention | None:
        if word is None:
            return None
        for child in word.children:
            if child.dep_ == "poss":
                found = self.actors.of_named(child)
                if found:
                    return found[0]
        if word.pos_ == "VERB":
            for subj in subjects(word):
                found = self.actors.of_named(subj)
                if found:
                    return found[0]
        return None

    def date(self, trigger: Token, future: bool) -> DateRef | None:
        clause = governing_verb(trigger) if trigger.pos_ != "VERB" else trigger
        clause = clause or trigger
        span = self.doc[clause.left_edge.i: clause.right_edge.i + 1]
        if trigger.pos_ != "VERB":
            span = self.doc[min(span.start, trigger.left_edge.i): max(span.end, trigger.right_edge.i + 1)]
        return date_near(span.text, self.ctx.article.published, trigger.idx, future, span.start_char)

    def add(self, kind: str, trigger: Token, participants: list[Mention], place: Mention | None = None,
            status: str | None = None, proposed_by: Mention | None = None) -> None:
        if kind == "visit" and place is not None:
            place = self.destination(place)
        if kind != "visit":
            participants = [m for m in participants if m.type != "Place"]
        parts = []
        for m in participants:
            if all(not same(m, o) for o in parts) and (place is None or kind != "visit" or not same(m, place)):
                parts.append(m)
        if not parts:
            return
        if status is None:
            status, word = self.status(trigger)
            proposed_by = proposed_by or self.proposer(word)
        ref = self.date(trigger, future=status in ("planned", "proposed") or self._present(trigger))
        if (status == "held" and ref is not None and ref.value is not None and self.ctx.article.published
                and ref.value > self.ctx.article.published):
            status = "planned"
        self.trigger_at.append(trigger.i)
        self.events.append(Event(kind=kind, participants=tuple(parts), evidence=self.ctx.evidence(self.doc[trigger.i: trigger.i + 1]),
                                 status=status, place=place, date=ref, proposed_by=proposed_by,
                                 trigger=trigger.text))

    def _present(self, trigger: Token) -> bool:
        """Present tense around the trigger: a named weekday then lies ahead ("begins on Tuesday",
        "leaves on his visit on Wednesday")."""
        verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
        if trigger.pos_ not in ("VERB", "AUX") and verb.pos_ not in ("VERB", "AUX"):
            above = governing_verb(trigger)
            if above is not None and above.lower_ in self.light | self.motion_verbs | self.depart_verbs:
                verb = above
        return verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children)

    def country_at(self, place: str) -> GazetteerEntry | None:
        """The country a place lay in when the story was written (``historical_states`` in the rules:
        Moscow is in the Soviet Union in 1987)."""
        return country_when(place, self.ctx.article.published)

    def destination(self, place: Mention) -> Mention:
        """A visit's destination as its country when the gazetteer knows the city's country."""
        entry = self.country_at(place.text)
        if entry is None or entry.type != "Country" or country_entry(place.text) is not None:
            return place
        for m in self.ctx.mentions:
            if (found := country_entry(m.text)) is not None and found.key == entry.key:
                return m
        return Mention(entry.name, "Country", place.start, place.end, place.evidence, "rule")

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
                out.extend(p for p in c.children if p.dep_ == "pobj")
            if c.dep_ == "agent":
                out.extend(p for p in c.children if p.dep_ == "pobj")
        return out

    def nested_partners(self, verb: Token) -> list[Token]:
        """Partners after "with" inside a talks verb's objects, one per topic ("discussed farm
        technology with A, packaging with B and juice with C"), never inside a nested clause."""
        out = []
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            for t in obj.subtree:
                if t.dep_ != "prep" or t.lower_ not in self.needs_prep.get(verb.lower_, ()):
                    continue
                if t.head.lower_ in self.with_idioms or any(
                        a.pos_ in ("VERB", "AUX") and a.dep_ in ("relcl", "ccomp", "advcl", "xcomp", "csubj", "pcomp")
                        for a in t.ancestors if a.i != verb.i and verb in a.ancestors):
                    continue
                out.extend(p for p in t.children if p.dep_ == "pobj")
        return out

    # -- verbs -----------------------------------------------------------------------------
    def verb(self, tok: Token) -> None:
        kind = self.verbs[tok.lower_]
        nested: list[Token] = []
        if tok.lower_ in self.needs_prep and not any(
                c.dep_ == "prep" and c.lower_ in self.needs_prep[tok.lower_] for c in tok.children):
            nested = self.nested_partners(tok) if kind == "talks" else []
            if not nested:
                return
        subj = [m for s in subjects(tok) for m in self.actors.of_named(s)]
        if kind == "visit":
            dests = [t for c in tok.children if c.dep_ == "dobj" for t in conjuncts(c)]
            places = [m for d in dests if (m := self.ctx.mention_at(d, PLACE_TYPES))]
            if len(places) > 1 and subj:
                for place in places:
                    self.add("visit", tok, subj, place)
                return
            place = places[0] if places else None
            if dests and place is None:
                # "visited X" where X is a person or organization: a meeting at X's
                others = [m for d in dests for m in self.actors.of_named(d)]
                if others and subj:
                    self.add("meeting", tok, subj + others)
                elif subj and (inner := self.place_within(dests[0]) or self.place_of(tok)) is not None:
                    self.add("visit", tok, subj, inner)  # "visited the tomb of X in Ramallah"
                return
            if place is None:
                place = self.dateline_place() if subj and self.foreign(subj[0]) else None
            if subj:
                self.add("visit", tok, subj, place)
            return
        objs = nested or self.objects(tok, self.needs_prep.get(tok.lower_))
        if tok.lower_ in self.person_object:
            objs = [o for o in objs if (m := self.ctx.mention_at(o)) is not None and m.type in ("Person", "Unknown")
                    or o.lower_ in self.actors.group_nouns]
            if not objs:
                return
        place = self.place_of(tok)
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)
        if not objs:
            if len(subj) >= 2 or passive:
                self.add(kind, tok, subj, place)
            return
        for obj in objs:
            others = self.actors.of_named(obj)
            if not others and obj.lower_ in self.actors.group_nouns and subj:
                # "met leaders in Baghdad": unnamed officials of the place's country
                where = self.place_of(obj) or place
                found = self.country_at(where.text) if where is not None else None
                if where is not None and found is not None and not any(
                        t.key == found.key for m in subj for t in self.actors.nationality(m)):
                    others = [self.destination(where)]
            for other in others:
                self.add(kind, tok, [*subj, other], place)

    def motion(self, tok: Token) -> None:
        place = None
        more: list[Mention] = []
        returning = tok.lower_ in self.return_verbs
        for c in tok.children:
            if returning and c.dep_ == "prep" and c.lower_ in _words("return_preps"):
                # "returned from Washington": the place left behind was visited
                found = [m for p in c.children if p.dep_ == "pobj" for t in conjuncts(p)
                         if (m := self.ctx.mention_at(t, PLACE_TYPES))]
                visitors = [m for s in subjects(tok) for m in self.actors.of_named(s)
                            if m.type in ("Person", "Unknown")]
                for where in found if visitors else []:
                    self.add("visit", tok, visitors, where, status="held")
                continue
            if c.dep_ == "prep" and c.lower_ in self.motion_preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = [m for t in conjuncts(p) if (m := self.ctx.mention_at(t, PLACE_TYPES))]
                        place = place or (found[0] if found else None)
                        more.extend(found[1:])
            if c.lower_ == "here" and c.dep_ == "advmod":
                place = place or self.dateline_place()
        if place is None or tok.lower_ in ("came", "come", "comes", "coming", "returned", "return",
                                            "returns", "returning") and not self._here(tok):
            return
        visitors = [m for s in subjects(tok) for m in self.actors.of_named(s)]
        visitors = [m for m in visitors if m.type in ("Person", "Unknown", "Organization", "Country")]
        if visitors:
            for where in [place, *more]:
                self.add("visit", tok, visitors, where)

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

    @staticmethod
    def _here(tok: Token) -> bool:
        return any(c.lower_ == "here" for c in tok.children)

    # -- nouns -----------------------------------------------------------------------------
    def noun(self, tok: Token) -> None:
        low = tok.lower_
        kind = self.nouns[low]
        if tok.dep_ == "compound" and tok.head.lower_ in self.non_event_heads:
            return
        if tok.dep_ in ("compound", "amod") and tok.head.lower_ not in self.nouns:
            return
        if low in self.guarded and not any(c.lower_ in self.guarded[low] for c in tok.lefts) and not (
                low in self.needs_dest and self.named_destination(tok) is not None):
            return  # "a tour of Africa" names a trip; "a tour" alone may be a guided one
        head_verb = tok.head if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and tok.head.pos_ in (
            "VERB", "AUX") else None
        between: list[Mention] = []
        withs: list[Token] = []
        dest: Mention | None = None
        by: list[Mention] = []
        for c in tok.children:
            if c.dep_ != "prep":
                continue
            pobjs = [p for p in c.children if p.dep_ == "pobj"]
            if c.lower_ in ("between", "among", "amongst"):
                between.extend(m for p in pobjs for m in self.actors.of_named(p))
            elif c.lower_ == "with":
                withs.extend(pobjs)
            elif c.lower_ in ("to", "of") and kind == "visit":
                dest = dest or next((m for p in pobjs if (m := self.ctx.mention_at(p, PLACE_TYPES))), None)
            elif c.lower_ == "by":
                by.extend(m for p in pobjs for m in self.actors.of_named(p))
        owners: list[Mention] = []
        theirs: list[Mention] = []
        for c in tok.children:
            if c.dep_ == "poss":
                theirs = self.their(tok) if c.lower_ == "their" else []
                owners.extend(theirs or self.actors.of_named(c))
        if head_verb is None and tok.dep_ == "conj":  # "have candid and frank discussions with X"
            head_verb = self.clause_verb(tok)
        premod = [] if owners else self.actors.in_premodifiers(tok)
        if not owners and head_verb is not None and tok.dep_ in ("dobj", "conj"):
            owners = [m for s in subjects(head_verb) for m in self.actors.of_named(s)]
        elif not owners and not between and withs:
            verb = governing_verb(tok)
            if verb is not None:
                owners = [m for s in subjects(verb) for m in self.actors.of_named(s)]
                # "signed by X after talks with Y"
                owners = owners or [m for o in self.objects(verb, set()) for m in self.actors.of_named(o)
                                    if m.type == "Person"]
        if (not owners and not premod and not between and withs and tok.sent.root.lower_ in self.speech
                and any(a.lower_ in ("after", "following", "during") for a in tok.ancestors)):
            # "At a news conference following talks with Y, X said": the speaker took part
            owners = [m for s in subjects(tok.sent.root) if s.i > tok.i
                      for m in self.actors.of_named(s) if m.type == "Person"]
        owners = owners + by
        place = self.place_of(tok, head_verb) if kind != "visit" else None
        if place is None and kind != "visit" and head_verb is not None:
            place = self.stop_place(head_verb)  # "held talks with X during a stopover in Y"
        if kind == "visit":
            visitors = owners or premod
            visitors = visitors or self.framed_visitors(tok)
            if not visitors:
                return
            if dest is None and self._here(tok):  # "at the end of a brief visit here"
                dest = self.dateline_place()
            if dest is None:
                dest = self.place_of(tok, head_verb) or (self.dateline_place() if self.foreign(visitors[0]) else None)
            self.add("visit", tok, visitors, dest)
            return
        if between:
            self.add(kind, tok, owners + between if len(between) < 2 else between, place)
            return
        if not withs and head_verb is not None and head_verb.lower_ in self.light and tok.dep_ == "dobj":
            withs = self.objects(head_verb)  # "held talks on Sunday with X": the parser hangs "with" on the verb
            withs = [w for w in withs if w.dep_ == "pobj"]
        if withs:
            for w in withs:
                for other in self.actors.of_named(w):
                    self.add(kind, tok, [*owners, *premod, other], place)
            return
        if len(premod) >= 2:
            self.add(kind, tok, premod, place)
        elif theirs:
            self.add(kind, tok, theirs, place)
        elif tok.dep_ == "pobj" and tok.head.lower_ in ("at", "during", "in") and tok.head.head.pos_ in (
                "VERB", "AUX"):
            subjs = subjects(tok.head.head)
            attendees = [m for s in subjs for m in self.actors.of_named(s)]
            if len(attendees) < 2:  # "at a meeting, French and Soviet ministers said": the two countries
                attendees = [m for s in subjs if s.lower_ in self.actors.group_nouns
                             for m in self.actors.in_premodifiers(s) if m.type == "Country"]
            if len(attendees) >= 2:
                self.add(kind, tok, attendees, place)
        elif tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ in ("NOUN", "PROPN"):
            sides = self.actors.of_named(tok.head.head)  # headline style: "India and Russia in energy talks"
            if len(sides) >= 2:
                self.add(kind, tok, sides, place)
        elif owners and head_verb is not None and head_verb.lower_ in self.light:
            self.add(kind, tok, owners + premod, place)

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
        """The place after "to"/"of" on a visit noun ("a tour of Africa")."""
        return self.place_object(tok.children, ("to", "of"))

    def place_object(self, tokens: Iterable[Token], preps: tuple[str, ...]) -> Mention | None:
        """The first place mention that is the object of one of ``preps`` among ``tokens``."""
        for t in tokens:
            if t.dep_ == "prep" and t.lower_ in preps:
                for p in t.children:
                    if p.dep_ == "pobj" and (m := self.ctx.mention_at(p, PLACE_TYPES)) is not None:
                        return m
        return None

    def framed_visitors(self, tok: Token) -> list[Mention]:
        """Who is on an unowned visit named in a framing phrase: the subject of the clause ("X said at
        the end of a visit", "X, in a speech on the first day of a visit, said", "X is on a visit") or
        the person the phrase is set beside ("X, on a tour of Africa, ...", "X, speaking during a tour")."""
        cur, anchor = tok, None
        for _ in range(6):
            if cur.dep_ != "pobj" or cur.head.dep_ != "prep":
                return []
            prep, host = cur.head, cur.head.head
            if prep.lower_ == "of" and host.lower_ in self.frame_nouns:
                cur = host  # "the end of", "the first day of"
            elif prep.lower_ in self.frame_preps:
                if host.lower_ in ("speech", "address", "statement", "interview", "conference") and host.dep_ == "pobj":
                    cur = host  # "in a speech on the first day of a visit"
                    continue
                anchor = host
                break
            else:
                return []
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

    def clause_verb(self, tok: Token) -> Token | None:
        """The verb whose object a conjoined noun shares, past a mis-tagged first conjunct."""
        cur = tok
        for _ in range(4):
            if cur.dep_ not in ("conj", "dobj") or cur.head.i == cur.i:
                break
            cur = cur.head
        return cur if cur.i != tok.i and cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("dobj", "conj") else None

    def their(self, noun: Token) -> list[Mention]:
        """Who "their" means before an event noun: the clause's subject and its "with" partner
        ("he agreed with Gorbachev at their summit"); nothing unless two sides are found."""
        verb = governing_verb(noun)
        if verb is None:
            return []
        sides = [m for s in subjects(verb) for m in self.actors.of_named(s)]
        sides += [m for o in self.objects(verb) if o.dep_ == "pobj" for m in self.actors.of_named(o)]
        return sides if len(sides) >= 2 else []

    def place_within(self, tok: Token) -> Mention | None:
        """A place named inside a noun phrase by "in"/"at" ("the tomb of X in Ramallah")."""
        return self.place_object(tok.subtree, ("in", "at"))

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

    # -- travel ----------------------------------------------------------------------------
    def depart(self, tok: Token) -> None:
        """'X left Paris for London': a visit to London, and to Paris when X is away from home there."""
        visitors = [m for s in subjects(tok) for m in self.actors.of_named(s) if m.type in ("Person", "Unknown")]
        if not visitors:
            return
        preps = _words("depart_preps")
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    for t in conjuncts(p) if p.dep_ == "pobj" else []:
                        if (m := self.ctx.mention_at(t, PLACE_TYPES)) is not None:
                            self.add("visit", tok, visitors, m)
        for c in tok.children:
            if (c.dep_ == "dobj" and (m := self.ctx.mention_at(c, PLACE_TYPES)) is not None
                    and any(self.ties_elsewhere(v, m) for v in visitors)):
                self.add("visit", tok, visitors, m, status="held")

    def was_in(self, tok: Token) -> None:
        """'X was in Tokyo': a visit when X is away from home there (never 'was in talks')."""
        if tok.dep_ in ("aux", "auxpass"):
            return
        prep = self.doc[tok.i + 1]
        if prep.head.i != tok.i or prep.dep_ != "prep":
            return
        place = next((m for p in prep.children if p.dep_ == "pobj"
                      and (m := self.ctx.mention_at(p, PLACE_TYPES)) is not None), None)
        self.stay_away(tok, place)

    def spend(self, tok: Token) -> None:
        """'X spent two days in Tanzania': a stay of days or weeks away from home is a visit."""
        if not any(c.dep_ in ("dobj", "npadvmod") and c.lower_ in self.stay_spans for c in tok.children):
            return
        place = next((m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                      for p in c.children if p.dep_ == "pobj"
                      and (m := self.ctx.mention_at(p, PLACE_TYPES)) is not None), None)
        self.stay_away(tok, place)

    def stay_away(self, tok: Token, place: Mention | None) -> None:
        """The subjects of ``tok`` who are in ``place`` away from home visit it."""
        if place is None:
            return
        visitors = [m for s in subjects(tok) for m in self.actors.of_named(s)
                    if m.type in ("Person", "Unknown") and self.ties_elsewhere(m, place)]
        if visitors:
            self.add("visit", tok, visitors, place)

    def dateline_visits(self) -> None:
        """'MOSCOW - British PM X said ... during talks earlier today': a foreign person meeting in a
        datelined story without another place, on or just before the story's day, visits there."""
        place = self.dateline_place()
        published = self.ctx.article.published
        if place is None:
            return
        for n, ev in enumerate(list(self.events)):
            if ev.kind not in ("meeting", "talks", "summit") or ev.status != "held" or ev.place is not None:
                continue
            day = ev.date.value if ev.date is not None else None
            if day is None or published is None or not 0 <= (published - day).days <= 2:
                continue  # only talks the story dates to its own day or just before
            trigger = self.doc[self.trigger_at[n]]
            for m in ev.participants:
                if m.type == "Person" and self.foreign(m):
                    self.add("visit", trigger, [m], place, status="held")

    # -- datelines -------------------------------------------------------------------------
    def here(self, tok: Token) -> None:
        """'X, Iran's envoy, here Tuesday said': a foreign subject in a datelined story visits."""
        if tok.lower_ == "while":  # "While here, X said": a visitor away from home
            verb = tok.nbor().head.head
            if verb.pos_ in ("VERB", "AUX") and (place := self.dateline_place()) is not None:
                for m in (m for s in subjects(verb) for m in self.actors.of_named(s)):
                    if m.type == "Person" and self.foreign(m):
                        self.add("visit", tok, [m], place, status="held")
            return
        verb = tok.head
        subjs = subjects(verb)
        if verb.dep_ in ("nsubj", "nsubjpass") and verb.pos_ in ("PROPN", "NOUN"):
            verb, subjs = verb.head, [verb]
        if verb.pos_ not in ("VERB", "AUX") or verb.lower_ in self.verbs or verb.lower_ in _words("motion_verbs"):
            return
        # "signed here yesterday by Nigerian Finance Minister X": the agent of a passive acts here
        subjs = subjs + [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        place = self.dateline_place()
        if place is None:
            return
        home = self.country_at(place.text)
        for subj in subjs:
            for m in self.actors.of_named(subj):
                if m.type not in ("Person", "Unknown"):
                    continue
                subtree = self.doc[subj.left_edge.i: subj.right_edge.i + 1]
                foreign = [c for c in self.ctx.mentions_in(subtree.start_char, subtree.end_char)
                           if (entry := country_entry(c.text)) is not None
                           and (home is None and not same(c, place) or home is not None and entry.key != home.key)]
                if foreign:
                    self.add("visit", tok, [m], place, status="held")

    # -- attendance ------------------------------------------------------------------------
    def attend(self, tok: Token) -> None:
        """'Also due to attend are A, B and C': attendees join the meeting named just before."""
        if any(c.dep_ == "neg" for c in tok.children) or any(
                c.dep_ == "dobj" and c.lower_ not in ("it", "them") for c in tok.children):
            return  # "Israel will not attend"; "attend the summit" is read from the noun
        who = subjects(tok)
        if not who:  # inverted: "Also due to attend are A, B and C" (the parser's attachment varies)
            who = [t for t in tok.sent if t.dep_ in ("attr", "nsubj") and t.i > t.head.i > tok.i
                   and t.head.lower_ in ("are", "is", "were", "was", "be")][:1]
        attendees = [m for s in who for m in self.actors.of_named(s)
                     if m.type in ("Person", "Organization", "Country", "Unknown")]
        if not attendees:
            return
        first_sent = max(tok.sent.start - 1, 0)
        window = self.doc[first_sent].sent.start  # this sentence and the one before
        for n in range(len(self.events) - 1, -1, -1):
            ev, at = self.events[n], self.trigger_at[n]
            if ev.kind in ("meeting", "summit", "talks") and window <= at < tok.i:
                parts = list(ev.participants)
                parts.extend(m for m in attendees if all(not same(m, o) for o in parts))
                self.events[n] = replace(ev, participants=tuple(parts))
                return

    def run(self) -> list[Event]:
        handlers = {"EVENT_NOUN": self.noun, "EVENT_VERB": self.verb, "MOTION_VERB": self.motion,
                    "HERE": self.here, "ATTEND": self.attend, "DEPART": self.depart, "SPEND": self.spend,
                    "BE_IN": self.was_in}
        for i, label in _triggers(self.doc):
            handlers[label](self.doc[i])
        self.dateline_visits()
        return _dedupe(self.events)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per kind, participants and place (the first; later ones only fill a date)."""
    out: dict[tuple, Event] = {}
    for ev in events:
        key = (ev.kind, frozenset(m.text.lower() for m in ev.participants),
               ev.place.text.lower() if ev.place else None, ev.status)
        if key not in out:
            out[key] = ev
    return list(out.values())


def extract_events(doc: Doc, ctx: Context) -> list[Event]:
    """Meetings, talks, summits, visits and calls stated in the article."""
    return _Reader(doc, ctx).run()
