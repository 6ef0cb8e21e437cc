"""The agreements family: agreements, treaties, accords, deals, pacts and ceasefires between parties.

Triggers are the word lists named under ``triggers`` in ``ontology/rules/agreements.json``, found
on the Doc's token arrays, each label with one handler (``triggers.py``); the parse gives the
parties (``parties.py``, ``states.py``), and kind, status and date come from the words around
the trigger (``status.py``). An agreement needs two parties; repeats are merged. Each records its
pattern id, ``agreements.<label>.<trigger word>``. Needs the roles (a leader signs for the
country whose post he holds) and the events (a press release's signed documents are the talks').
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graph.extract.actors import country_entry
from graph.extract.agreements import corporate, documents, lists, triggers  # noqa: F401 - registers the handlers
from graph.extract.agreements.reader import HANDLERS, AgreementReader, agreement_words
from graph.extract.context import Context, token_positions
from graph.extract.registry import fact_family
from graph.facts import Agreement, Mention
from graph.rules import load_json

if TYPE_CHECKING:
    from spacy.tokens import Doc


@fact_family("agreements", requires=("entities", "roles", "events"))
def extract_agreements(doc: Doc, ctx: Context) -> list[Agreement]:
    """Agreements with at least two identifiable parties: every trigger of each label in turn."""
    r = AgreementReader(doc, ctx)
    found: list[Agreement] = []
    for label, spec in load_json("agreements.json").get("triggers", {}).items():
        for i in token_positions(doc, agreement_words(spec["words"]), tuple(spec.get("pos", ()))):
            r.rule = HANDLERS.rule_id(label, doc[i].lower_)
            found.extend(HANDLERS[label](r, doc[i]))
    return _merge(sorted(found, key=lambda a: a.evidence.start))


def _party_key(m: Mention) -> str:
    entry = country_entry(m.text)
    return entry.key if entry else m.text.lower().removesuffix("'s")


def _alike(a: str, b: str) -> bool:
    """Statuses one deal passes through in one story (agreed, then signed; agreed in principle,
    then "could finalize an agreement"); an ended or a proposed deal beside a signed one is another."""
    return a == b or {a, b} <= {"agreed", "signed"} or {a, b} <= {"proposed", "negotiating", "agreed"}


def _merge(found: list[Agreement]) -> list[Agreement]:
    """One agreement per parties and kind; a kindless repeat joins the first with the same parties."""
    out: list[Agreement] = []
    for ag in found:
        parties = frozenset(_party_key(m) for m in ag.parties)
        twins = [i for i, o in enumerate(out) if frozenset(_party_key(m) for m in o.parties) == parties
                 and (not ag.kind or o.kind == ag.kind)
                 and (_alike(o.status, ag.status) or bool(o.kind) and o.kind == ag.kind)]
        if not twins:
            out.append(ag)
            continue
        twin = out[twins[0]]
        if (twin.date is None or twin.date.value is None) and ag.date is not None and ag.date.value is not None:
            out[twins[0]] = replace(twin, date=ag.date)
    return out

