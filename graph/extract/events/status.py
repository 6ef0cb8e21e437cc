"""Held, planned, proposed or cancelled, who proposed, and when: the status-and-date half of the
events reader. Status comes from modality words around the trigger (will, due to, upcoming ->
planned; suggested, proposal -> proposed; cancelled, postponed -> cancelled); the date from the
clause, resolved against the publication date (a named weekday lies ahead in the present tense).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.dates import date_near
from graph.extract.actors import Actors
from graph.extract.tree import doers, governing_verb, heads_around
from graph.facts import DateRef, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context


class Status:
    """Status and dates for :class:`graph.extract.events.reader.EventReader`."""

    doc: Doc
    ctx: Context
    actors: Actors
    planned: frozenset[str]
    proposed: frozenset[str]
    cancelled: frozenset[str]
    light: frozenset[str]
    motion_verbs: frozenset[str]
    depart_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    memory_verbs: frozenset[str]
    negating_dets: frozenset[str]
    speech: frozenset[str]

    def denied(self, trigger: Token) -> bool:
        """Whether the text denies the event: "never met X", "did not meet X", "denied meeting X",
        "could not recall ever meeting X", "had no dialogue with X" (a negation on the trigger or a
        memory verb above it, or a negating determiner on an event noun)."""
        if trigger.pos_ in ("VERB", "AUX") and _negated(trigger):
            return True
        if trigger.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" and c.lower_ in self.negating_dets
                                                     for c in trigger.children):
            return True
        cur = trigger
        for _ in range(3):
            if cur.head is cur or cur.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "dobj", "advcl"):
                return False
            cur = cur.head
            if cur.lower_ in self.denial_verbs or cur.lower_ in self.memory_verbs and _negated(cur):
                return True
        return False

    def status(self, trigger: Token) -> tuple[str, Token | None]:
        """held / planned / proposed / cancelled from words around the trigger, and the proposer word."""
        above, _ = heads_around(trigger, 4, ("aux", "auxpass", "amod", "advmod", "neg", "acomp"),
                                lambda t: t.pos_ == "VERB" and t.dep_ in ("ROOT", "ccomp"))
        near: list[Token] = [*(c for c in trigger.children if trigger.pos_ != "VERB" or c.dep_ not in ARGUMENT_DEPS),
                             *above]  # "the offer was discussed with Y": the offer is the topic, not a proposal
        low = {t.lower_ for t in near if t.dep_ not in ("prep", "pobj") or t.lower_ == "ahead"}
        low |= {f"{t.lower_}-{c.lower_}" for t in near for c in t.children if c.dep_ == "prt"}  # "called off"
        own = {t.lower_ for t in trigger.children} if trigger.dep_ == "advcl" else low
        if own & self.cancelled:  # "cancelled the meeting, conferring instead with X": only the meeting
            return "cancelled", None
        frame = trigger.head if trigger.dep_ == "pobj" and trigger.head.lower_ in SETTING_PREPS else None
        for t in near:
            if t.lower_ in self.proposed and t is not trigger and not _naming(t) and not (
                    frame is not None and t.i == frame.head.i):  # "At a meeting, X called for a debate"
                return "proposed", t
        if trigger.lower_ in self.proposed:
            return "proposed", trigger
        finite = trigger.head if trigger.dep_ == "advcl" and trigger.tag_ == "VBG" else trigger
        if finite.tag_ == "VBD" and not any(c.dep_ in ("aux", "auxpass") for c in finite.children):
            return "held", None  # "Later, X met Y", "X later left, conferring with Y": past tense
        planned = any(t.lower_ in self.planned and (t.lower_ != "to" or t.tag_ == "TO")
                      and (t.lower_ != "set" or t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ in ("to", "for")) for t in near)
        if planned and not any(t.tag_ == "VBD" and t.dep_ != "aux" and t.lower_ not in self.planned
                               and t.lower_ not in self.light and t.lower_ not in self.speech  # "..., his office said"
                               for t in near if t.i > trigger.i):
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
            for subj in doers(word):  # "X was invited (by Y)": Y proposed
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

    def _present(self, trigger: Token) -> bool:
        """Present tense around the trigger: a named weekday then lies ahead ("begins on Tuesday",
        "leaves on his visit on Wednesday")."""
        verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
        if trigger.pos_ not in ("VERB", "AUX") and verb.pos_ not in ("VERB", "AUX"):
            above = governing_verb(trigger)
            if above is not None and above.lower_ in self.light | self.motion_verbs | self.depart_verbs:
                verb = above
        return verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children)



ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj")
SETTING_PREPS = frozenset({"at", "during"})  # "at a meeting, X proposed ...": the meeting is where, not what


def _naming(verb: Token) -> bool:
    """"called his talks fruitful", "called the meeting a success": a verb that names or judges what
    it is said of proposes nothing."""
    return any(c.dep_ in ("oprd", "acomp") for c in verb.children)


def _negated(verb: Token) -> bool:
    """A "not" or "never" on the verb itself."""
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)
