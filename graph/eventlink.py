"""Cross-article events: the same meeting, visit, talks or agreement told by several articles
becomes one fact node with all their evidence.

Each article writes its own node for each event it tells of (see graph.rdf). After a build (or a
removal), every such report in the store is compared with the others. Two reports are the same
event when they have the same kind, the same participants (parties for an agreement), the same
status and the same place (or none), and either
- both state the same date, or
- one states none and its article was published within a window of the other's date (held,
  signed, agreed or ended: 0-3 days after; planned, proposed, under negotiation or cancelled: up
  to 7 days before, 1 after), and that dated event is the only one that fits, or
- neither states a date and the articles were published within 2 days of the earliest of them.
An undated report joins on its article's date alone only when the event is named well enough:
a person takes part, or an agreement says its kind ("semiconductor"); otherwise ("talks between
the United States and Japan", said of many talks in a week) only when it shares a sentence with
the others (copies of one wire story).
Reports of different dates are never merged, so different rounds of talks stay apart. A merge
needs two known actors at least (participants, or one participant and a place): a lone "talks
with the U.S." is too vague to say which talks.

The model: merged reports share one IRI minted from what defines the event (kind, status,
place, members, date), so the union graph has one node whose evidence spans the articles (the
distinct articles of a fact's evidence are its sources). In each article graph the node keeps
``ng:mergedFrom`` (the article's own IRI for it) and ``ng:mergeReason``. The decision is made
afresh from the whole store every time, from the reports' own IRIs, so re-ingesting an
article, building in another order or removing one gives what a fresh build gives. The
function speaks SPARQL only (``query`` and ``update``), so any store that answers both can
be linked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from graph.vocab import ID, NG, fact_iri

HELD_AFTER = 3  # days after a past event's date that an undated report of it may be published
PLANNED_BEFORE, PLANNED_AFTER = 7, 1  # days before/after a coming event an undated report may appear
PERSON = f"{ID}person/"  # the IRIs graph.vocab mints for people
ARTICLE_GRAPHS = f"{ID}graph/"  # article graphs' IRIs start so (not the aggregates', nor a server's union graph)
PAST = frozenset({"held", "signed", "agreed", "ended", "rejected"})  # statuses told after the fact
UNDATED_SPAN = 2  # days between the earliest and any other undated report of one event

_REPORTS = """
PREFIX ng: <https://newsgraph.org/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?g ?e ?type ?sentence ?own ?kind ?status ?member ?place ?date ?pub WHERE {
  GRAPH ?g {
    { ?e ng:participant ?member } UNION { ?e ng:party ?member }
    ?e a ?type ; prov:wasDerivedFrom ?a ; ng:evidence/ng:sentence ?sentence .
    OPTIONAL { ?e ng:kind ?kind }
    OPTIONAL { ?e ng:status ?status }
    OPTIONAL { ?e schema:location ?place }
    OPTIONAL { ?e schema:startDate ?date }
    OPTIONAL { ?e ng:mergedFrom ?own }
    OPTIONAL { ?a schema:datePublished ?pub }
  }
  FILTER (STRSTARTS(STR(?g), "https://newsgraph.org/id/graph/"))
}"""


class SparqlStore(Protocol):
    """What linking needs of a store: SPARQL 1.1 Query and Update (a pyoxigraph Store has both)."""

    def query(self, query: str) -> Iterable[Any]: ...  # rows whose ["name"] has a .value

    def update(self, update: str) -> None: ...


@dataclass(frozen=True)
class Report:
    """One article's node for one event: what identifies the event, and where it was read."""

    graph: str
    iri: str  # the node's IRI now (its own, or the merged one)
    own: str  # the IRI the article itself gave it
    type: str  # the node's class: ng:Talks, ng:Visit, ng:Agreement ...
    kind: str
    status: str
    members: tuple[str, ...]
    place: str
    date: date | None
    published: date | None
    sentences: frozenset[str] = frozenset()  # the evidence sentences, to tell copies of one story

    @property
    def signature(self) -> tuple:
        return (self.type, self.kind, self.status, self.place, self.members)


@dataclass(frozen=True)
class Merge:
    """The IRI a report takes and why (``reason`` is empty when it stands alone)."""

    report: Report
    target: str
    reason: str


def read_reports(store: SparqlStore) -> list[Report]:
    """Every event and agreement node of every article graph, with its members and dates."""
    rows: dict[tuple[str, str], dict] = {}
    for row in store.query(_REPORTS):
        key = (row["g"].value, row["e"].value)
        slot = rows.setdefault(key, {"members": set(), "dates": set(), "pubs": set(), "places": set(),
                                     "sentences": set()})
        slot["members"].add(row["member"].value)
        for name in ("own", "type", "kind", "status"):
            if row[name] is not None:
                slot[name] = row[name].value
        for name, field_ in (("date", "dates"), ("pub", "pubs"), ("place", "places"), ("sentence", "sentences")):
            if row[name] is not None:
                slot[field_].add(row[name].value)
    reports = []
    for (graph, iri), slot in rows.items():
        if len(slot["dates"]) > 1 or len(slot["places"]) > 1:
            continue  # one node told with two dates or places: too unsure to join with others
        reports.append(Report(graph, iri, slot.get("own", iri), slot.get("type", ""), slot.get("kind", ""), slot.get("status", ""),
                              tuple(sorted(slot["members"])), next(iter(slot["places"]), ""),
                              _day(next(iter(slot["dates"]), None)), _day(min(slot["pubs"], default=None)),
                              frozenset(slot["sentences"])))
    return sorted(reports, key=lambda r: (r.graph, r.own))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _fits(report: Report, when: date) -> bool:
    """Whether an undated report, by its publication date, can tell of an event on ``when``."""
    if report.published is None:
        return False
    if report.status in PAST:
        return when <= report.published <= when + timedelta(days=HELD_AFTER)
    return when - timedelta(days=PLANNED_BEFORE) <= report.published <= when + timedelta(days=PLANNED_AFTER)


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _how(report: Report, words: str) -> str:
    """Why this report belongs to its cluster, by its own date or its article's."""
    if report.date:
        return "this article states that date"
    published = report.published.isoformat() if report.published else "?"
    if words.startswith("dated"):
        return f"no date stated; published {published}, within the window of that date and of no other"
    return f"no date stated; published {published}, within {UNDATED_SPAN} days of the first report"


def plan_merges(reports: list[Report]) -> list[Merge]:
    """The IRI each report should carry: a shared one for the reports of one event, else its own."""
    groups: dict[tuple, list[Report]] = defaultdict(list)
    for report in reports:
        groups[report.signature].append(report)
    merges = []
    for signature, group in sorted(groups.items()):
        type_, kind, status, place, members = signature
        specific = len(members) + bool(place) >= 2
        clusters: list[tuple[str, list[Report]]] = []  # (date words, reports)
        by_date: dict[date, list[Report]] = defaultdict(list)
        undated = []
        for report in group:
            (by_date[report.date] if report.date else undated).append(report)
        left = []
        named = any(m.startswith(PERSON) for m in members) or (type_ == str(NG.Agreement) and bool(kind))
        for report in undated:
            fits = [when for when in by_date if _fits(report, when)]
            if len(fits) == 1 and (named or any(report.sentences & r.sentences for r in by_date[fits[0]])):
                by_date[fits[0]].append(report)
            else:
                left.append(report)
        for when in sorted(by_date):
            clusters.append((f"dated {when.isoformat()}", by_date[when]))
        left.sort(key=lambda r: (r.published or date.max, r.graph))
        while left:
            first = left[0].published
            near = [r for r in left if first and r.published and r.published - first <= timedelta(UNDATED_SPAN)
                    and (named or r is left[0] or r.sentences & left[0].sentences)]
            near = near or left[:1]
            clusters.append((f"undated, reported {first.isoformat() if first else 'on no known day'}", near))
            left = [r for r in left if r not in near]
        who = ", ".join(_short(m) for m in members)
        for words, cluster in clusters:
            if len(cluster) < 2 or not specific:
                merges.extend(Merge(r, r.own, "") for r in cluster)
                continue
            name = type_.rsplit("#", 1)[-1].lower()
            target = str(fact_iri(name, "across-articles", *signature, words))
            what = (f"same {name}{' (' + kind + ')' if kind and kind != name else ''}, {status or 'no status'}, "
                    f"of {who}{' at ' + _short(place) if place else ''}, {words}")
            for r in cluster:
                merges.append(Merge(r, target, f"{what}, told by {len(cluster)} articles: {_how(r, words)}"))
    return merges


def link_events(store: SparqlStore) -> list[str]:
    """Give every report of one event one IRI (and each lone report its own back); one line per
    event merged across articles."""
    merges = plan_merges(read_reports(store))
    for merge in merges:
        if merge.target != merge.report.iri or merge.reason:
            _apply(store, merge)
    events: dict[str, list[Merge]] = defaultdict(list)
    for merge in merges:
        if merge.reason:
            events[merge.target].append(merge)
    return [f"event {_short(target)}: {len(group)} articles: {group[0].reason.split(', told by')[0]}"
            for target, group in sorted(events.items())]


def _apply(store: SparqlStore, merge: Merge) -> None:
    """Rename the report's node in its article graph and (re)write its merge record, keeping the
    union in the default graph in step (see graph.store): a triple leaves it when no article
    graph states it any more."""
    g, old, new = f"<{merge.report.graph}>", f"<{merge.report.iri}>", f"<{merge.target}>"
    record = f"<{NG.mergeReason}>, <{NG.mergedFrom}>"
    # the article graph is matched through a variable and other article graphs by their IRIs, so the
    # updates read the same on a server that keeps the union in a named graph of its own (Virtuoso)
    src = f"VALUES ?src {{ {g} }} GRAPH ?src"
    others = f'FILTER (STRSTARTS(STR(?h), "{ARTICLE_GRAPHS}"))'
    steps = []
    if old != new:
        steps += [
            f"INSERT {{ GRAPH {g} {{ {new} ?p ?o }} {new} ?p ?o }} "
            f"WHERE {{ {src} {{ {old} ?p ?o FILTER(?p NOT IN ({record})) }} }}",
            f"INSERT {{ GRAPH {g} {{ ?s ?p {new} }} ?s ?p {new} }} WHERE {{ {src} {{ ?s ?p {old} }} }}",
            f"DELETE {{ GRAPH {g} {{ {old} ?p ?o }} }} WHERE {{ {src} {{ {old} ?p ?o }} }}",
            f"DELETE {{ GRAPH {g} {{ ?s ?p {old} }} }} WHERE {{ {src} {{ ?s ?p {old} }} }}",
            f"DELETE {{ ?s ?p {old} }} WHERE {{ ?s ?p {old} FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p {old} }} {others} }} }}",
        ]
    else:
        steps.append(f"DELETE {{ GRAPH {g} {{ {old} ?p ?o }} }} "
                     f"WHERE {{ {src} {{ {old} ?p ?o FILTER(?p IN ({record})) }} }}")
    steps.append(f"DELETE {{ {old} ?p ?o }} WHERE {{ {old} ?p ?o FILTER NOT EXISTS {{ GRAPH ?h {{ {old} ?p ?o }} {others} }} }}")
    if merge.reason:
        reason = merge.reason.replace("\\", "\\\\").replace('"', '\\"')
        triples = f'{new} <{NG.mergeReason}> "{reason}" ; <{NG.mergedFrom}> <{merge.report.own}> .'
        steps.append(f"INSERT DATA {{ GRAPH {g} {{ {triples} }} {triples} }}")
    store.update(" ;\n".join(steps))


__all__ = ["link_events", "plan_merges", "read_reports"]
