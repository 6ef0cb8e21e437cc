"""The events family: meetings, talks, summits, visits and calls, read from verbs, nouns and datelines,
and debates and interviews (kinds of their own, which the meetings query leaves out).

Triggers are the word lists named under ``triggers`` in ``ontology/rules/events.json``, found on
the Doc's token arrays; each trigger label has one handler (``triggers/``: ``verbs.py``,
``nouns.py``, ``stays.py``, ``interviews.py``), which reads the arguments from the dependency parse
(``arguments.py``) and the status and date around the trigger (``status.py``). A visit's participants are the visitors and
its place the destination (the country when the gazetteer knows the city's country). Each event
records its pattern id, ``events.<label>.<trigger word>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors import same
from graph.extract.actors.countries import surname_key
from graph.extract.context import Context, token_positions
from graph.extract.events import triggers  # noqa: F401 - registers the handlers
from graph.extract.events.reader import HANDLERS, EventReader, event_words
from graph.extract.registry import fact_family
from graph.facts import Event, Mention
from graph.rules import load_json

if TYPE_CHECKING:
    from spacy.tokens import Doc

DATELINE_VISIT_RULE = "events.dateline.visit"
ABROAD_VISIT_RULE = "events.abroad.visit"


def trigger_table() -> list[tuple[str, frozenset[str], tuple[str, ...]]]:
    """(label, trigger words, parts of speech) for every trigger kind of ``events.json``, in order."""
    return [(label, event_words(spec["words"]), tuple(spec.get("pos", ())))
            for label, spec in load_json("events.json").get("triggers", {}).items()]


def find_triggers(doc: Doc) -> list[tuple[int, str]]:
    """(token index, label) of every trigger, in text order (labels in table order)."""
    found = []
    for order, (label, trigger_words, pos) in enumerate(trigger_table()):
        found.extend((i, order, label) for i in token_positions(doc, trigger_words, pos))
    return [(i, label) for i, _, label in sorted(found)]


@fact_family("events", requires=("entities", "roles"))
def extract_events(doc: Doc, ctx: Context) -> list[Event]:
    """Meetings, talks, summits, visits, calls, debates and interviews stated in the article."""
    r = EventReader(doc, ctx)
    for i, label in find_triggers(doc):
        tok = doc[i]
        r.rule = HANDLERS.rule_id(label, tok.lower_)
        HANDLERS[label](r, tok)
    r.rule = DATELINE_VISIT_RULE
    dateline_visits(r)
    r.rule = ABROAD_VISIT_RULE
    meeting_abroad_visits(r)
    return _dedupe(r.events)


def dateline_visits(r: EventReader) -> None:
    """'MOSCOW - British PM X said ... during talks earlier today': a foreign person meeting in a
    datelined story without another place, on or just before the story's day, visits there."""
    place = r.dateline_place()
    published = r.ctx.article.published
    if place is None:
        return
    for n, ev in enumerate(list(r.events)):
        if ev.kind not in ("meeting", "talks", "summit") or ev.status != "held" or ev.place is not None:
            continue
        day = ev.date.value if ev.date is not None else None
        if day is None or published is None or not 0 <= (published - day).days <= 2:
            continue  # only talks the story dates to its own day or just before
        trigger = r.doc[r.trigger_at[n]]
        for m in ev.participants:
            if m.type == "Person" and r.foreign(m):
                r.add("visit", trigger, [m], place, status="held")


def meeting_abroad_visits(r: EventReader) -> None:
    """'Reagan and Mulroney will meet in Ottawa': a participant the text ties to another country
    than the meeting place's travels there for it. Not for a place read off a building ("a meeting in
    the Oval Office with X"): the text names the room, not a journey."""
    for n, ev in enumerate(list(r.events)):
        if ev.kind not in ("meeting", "talks", "summit") or ev.place is None or ev.status == "cancelled" \
                or ev.place.source == "seat":
            continue
        trigger = r.doc[r.trigger_at[n]]
        for m in ev.participants:
            if r.visitor_from_abroad(m, ev.place):
                r.add("visit", trigger, [m], ev.place, status=ev.status)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per kind, participants and place (the first; later ones only fill a date): "Trump's
    July 25 call with President Zelensky" and "the July 25 phone call between President Trump and
    President Zelenskyy" are one call."""
    out: dict[tuple, Event] = {}
    for ev in events:
        key = (ev.kind, frozenset(m.text.lower() for m in ev.participants),
               ev.place.text.lower() if ev.place else None, ev.status)
        if key not in out and not any(_retold(ev, seen) for seen in out.values()):
            out[key] = ev
    return list(out.values())


def _retold(ev: Event, seen: Event) -> bool:
    """Whether an event tells again one already found: the same kind, status and place, and each
    participant plainly the same as one of the other's (a title or a doubled last letter apart)."""
    if (ev.kind, ev.status) != (seen.kind, seen.status) or len(ev.participants) != len(seen.participants) or (
            (ev.place.text.lower() if ev.place else None) != (seen.place.text.lower() if seen.place else None)):
        return False
    return all(any(_alike(m, o) for o in seen.participants) for m in ev.participants)


def _alike(a: Mention, b: Mention) -> bool:
    """Same mention by :func:`same`, or people of one surname (titles aside: "Governor Vik", "Ada
    Vik") or of surnames one letter apart at the end ("Zelensky", "Zelenskyy")."""
    if same(a, b):
        return True
    if a.type != "Person" or b.type != "Person":
        return False
    short, long_ = sorted((surname_key(a), surname_key(b)), key=len)
    return short == long_ or len(short) > 3 and long_.startswith(short) and len(long_) - len(short) == 1

