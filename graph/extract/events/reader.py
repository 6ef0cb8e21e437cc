"""The state of reading one article's events: its rule words, the events found so far, and
``add`` (which every handler calls). Handlers are registered by trigger label in ``HANDLERS``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from graph.extract.actors import Actors, same
from graph.extract.events.arguments import Arguments
from graph.extract.events.participants import Participants
from graph.extract.events.status import Status
from graph.extract.events.whereabouts import Whereabouts
from graph.extract.registry import TriggerHandlers
from graph.facts import Event, Mention
from graph.rules import json_words, load_json, speech_verbs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context

event_words = partial(json_words, "events.json")  # a word list of events.json, made once
HANDLERS: TriggerHandlers[Callable[[EventReader, Token], None]] = TriggerHandlers("events")


class EventReader(Arguments, Participants, Status, Whereabouts):
    """Reads the events of one Doc; ``rule`` is the id of the pattern being applied."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.rules = load_json("events.json")
        self.actors = Actors(doc, ctx)
        self.nouns: dict[str, str] = {k.lower(): v for k, v in self.rules.get("nouns", {}).items()}
        self.verbs: dict[str, str] = {k.lower(): v for k, v in self.rules.get("verbs", {}).items()}
        self.guarded: dict[str, list[str]] = {k: v for k, v in self.rules.get("guarded_nouns", {}).items()
                                              if isinstance(v, list)}
        self.light = event_words("light_verbs")
        self.planned = event_words("planned_words")
        self.proposed = event_words("proposed_words")
        self.cancelled = event_words("cancelled_words")
        self.non_event_heads = event_words("non_event_heads")
        self.person_object = event_words("verb_object_must_be_person")
        self.needs_prep = {k: set(v) for k, v in self.rules.get("verb_needs_prep", {}).items()}
        self.motion_preps = event_words("motion_preps")
        self.motion_verbs = event_words("motion_verbs")
        self.depart_verbs = event_words("depart_verbs")
        self.return_verbs = event_words("return_verbs")
        self.speech = speech_verbs()
        self.stay_spans = event_words("stay_spans")
        self.with_nouns = event_words("nouns_needing_with")
        self.denial_verbs = event_words("denial_verbs")
        self.memory_verbs = event_words("memory_verbs")
        self.with_idioms = event_words("with_idiom_heads")
        self.needs_dest = event_words("visit_nouns_needing_destination")
        self.frame_nouns = event_words("visit_frame_nouns")
        self.frame_preps = event_words("visit_frame_preps")
        self.place_heads = event_words("place_head_nouns")
        self.joining_verbs = event_words("joining_verbs")
        self.attend_verbs = event_words("attend_verbs")
        self.stop_verbs = event_words("trip_stop_verbs")
        self.body_sessions = event_words("body_sessions")
        self.ordinal_nouns = event_words("ordinal_nouns")
        self.ordinals = event_words("ordinals")
        self.topic_preps = event_words("topic_preps")
        self.phone_words = event_words("phone_words")
        self.mediation_verbs = event_words("mediation_verbs")
        self.mutual_verbs = event_words("mutual_verbs")
        self.ending_verbs = event_words("ending_verbs")
        self.convene_verbs = event_words("convene_verbs")
        self.invite_verbs = event_words("invite_verbs")
        self.negating_dets = event_words("negating_dets")
        self.body_nouns = event_words("body_nouns")
        self.interview_preps = event_words("interview_frame_preps")
        self.interview_giving = event_words("interview_giving_verbs")
        self.events: list[Event] = []
        self.trigger_at: list[int] = []  # the trigger token index of each event, for later attendees
        self.rule = ""

    def add(self, kind: str, trigger: Token, participants: list[Mention], place: Mention | None = None,
            status: str | None = None, proposed_by: Mention | None = None) -> None:
        if kind == "visit" and place is not None:
            place = self.destination(place, participants)
        if kind != "visit":
            participants = [m for m in participants if m.type != "Place"]
        parts = []
        for m in participants:
            if all(not same(m, o) for o in parts) and (place is None or kind != "visit" or not same(m, place)):
                parts.append(m)
        if not parts or self.denied(trigger):
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
                                 trigger=trigger.text, rule=self.rule))


    def add_each(self, kind: str, trigger: Token, groups: list[list[Mention]], place: Mention | None = None) -> None:
        """One event per group of participants, all of the same trigger."""
        for group in groups:
            self.add(kind, trigger, group, place)
