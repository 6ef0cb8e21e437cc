"""Network analysis over the projected graph: who is central, what is connected, what to draw.

Everything here takes the ``networkx.MultiDiGraph`` from :func:`graph.views.to_networkx`.
Centrality is measured on the *actor graph* — entities joined when a fact links them (they met,
are parties to one agreement, one holds a post in the other, one visited the other) — so a
person's degree counts the distinct actors they deal with, not how often they were quoted.
"""

from __future__ import annotations

import csv
import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from graph.views_model import ENTITY_TYPES

if TYPE_CHECKING:
    import networkx as nx

EXACT_BETWEENNESS_LIMIT = 2000  # above this many actors, betweenness is estimated from a sample


@dataclass(frozen=True)
class Ranked:
    """One actor's centrality: distinct neighbours, normalised betweenness, mentions."""

    id: str
    label: str
    type: str
    degree: int
    betweenness: float
    mentions: int


def is_entity(G: nx.Graph, node: str) -> bool:
    return G.nodes[node].get("type") in ENTITY_TYPES


def actor_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Entities only, joined when an edge or a shared fact node links them (weight = how many)."""
    import networkx as nx

    A = nx.Graph()
    A.add_nodes_from((n, d) for n, d in G.nodes(data=True) if is_entity(G, n))

    def link(a: str, b: str) -> None:
        if a == b:
            return
        if A.has_edge(a, b):
            A[a][b]["weight"] += 1
        else:
            A.add_edge(a, b, weight=1)

    for u, v in G.edges():
        if is_entity(G, u) and is_entity(G, v):
            link(u, v)
    for n in G.nodes:
        if not is_entity(G, n):
            members = sorted({m for m in nx.all_neighbors(G, n) if is_entity(G, m)})
            for a, b in combinations(members, 2):
                link(a, b)
    return A


def centrality(G: nx.MultiDiGraph, top: int = 10) -> dict[str, list[Ranked]]:
    """The ``top`` most central actors of each entity type (degree, then betweenness, then mentions)."""
    import networkx as nx

    A = actor_graph(G)
    if A.number_of_nodes() > EXACT_BETWEENNESS_LIMIT:
        between = nx.betweenness_centrality(A, k=500, seed=0)
    else:
        between = nx.betweenness_centrality(A)
    out: dict[str, list[Ranked]] = {}
    for type_name in ENTITY_TYPES:
        ranked = [Ranked(n, d.get("label", n), type_name, A.degree(n), round(between.get(n, 0.0), 4),
                         int(d.get("mentions", 0)))
                  for n, d in A.nodes(data=True) if d.get("type") == type_name]
        ranked.sort(key=lambda r: (-r.degree, -r.betweenness, -r.mentions, r.label))
        out[type_name] = ranked[:top]
    return out


def counts(G: nx.MultiDiGraph) -> tuple[Counter, Counter]:
    """(nodes by type, edges by relation)."""
    types = Counter(d.get("type", "?") for _, d in G.nodes(data=True))
    relations = Counter(d.get("relation", "?") for _, _, d in G.edges(data=True))
    return types, relations


def components(G: nx.MultiDiGraph) -> list[list[str]]:
    """Connected components (ignoring direction), largest first."""
    import networkx as nx

    return sorted((sorted(c) for c in nx.connected_components(G.to_undirected(as_view=True))),
                  key=lambda c: (-len(c), c))


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The entity whose label or alias is ``name`` (case-insensitive); LookupError names near misses."""
    entries = [(n, d.get("label", ""), [a for a in d.get("aliases", "").split("; ") if a])
               for n, d in G.nodes(data=True) if is_entity(G, n)]
    return find_name(entries, name, fallback=name if name in G else None)


def find_name(entries: Iterable[tuple[str, str, list[str]]], name: str, fallback: str | None = None) -> str:
    """The id of the entry (id, label, aliases) whose label or alias is ``name`` (case-insensitive; the
    first listed wins a tie), else ``fallback``, else the only entry containing it. LookupError
    names up to three near misses."""
    wanted = name.casefold().strip()
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    for entry_id, label, aliases in entries:
        labels[entry_id] = label
        for alias in (label, *aliases):
            if alias:
                names.setdefault(alias.casefold(), entry_id)
    if wanted in names:
        return names[wanted]
    if fallback is not None:
        return fallback
    partial = list(dict.fromkeys(n for alias, n in names.items() if wanted and wanted in alias))
    if len(partial) == 1:
        return partial[0]
    close = partial[:3] or list(dict.fromkeys(
        names[c] for c in difflib.get_close_matches(wanted, list(names), n=8, cutoff=0.6)))[:3]
    hint = f"; did you mean {', '.join(repr(labels[n]) for n in close)}?" if close else ""
    raise LookupError(f"no person, country, organization or place named {name!r} in the graph{hint}")


def ego(G: nx.MultiDiGraph, center: str, depth: int = 1) -> set[str]:
    """Actors within ``depth`` steps of ``center`` in the actor graph, and the facts among them."""
    import networkx as nx

    A = actor_graph(G)
    distance = nx.single_source_shortest_path_length(A, center, cutoff=max(0, depth))
    keep = set(distance)
    for n in G.nodes:
        if is_entity(G, n):
            continue
        members = {m for m in nx.all_neighbors(G, n) if is_entity(G, m)}
        if not members or not members <= distance.keys():
            continue
        # A fact with one actor (a quote) is one step further out than that actor.
        if len(members) > 1 or distance[next(iter(members))] < depth:
            keep.add(n)
    return keep


CSV_COLUMNS = ("source", "source_label", "source_type", "relation", "label", "target", "target_label",
               "target_type", "date", "article", "published", "evidence")


def export(G: nx.MultiDiGraph, path: str | Path, fmt: str) -> Path:
    """Write the network as ``graphml`` or ``gexf`` (for Gephi) or a ``csv`` of edges, atomically."""
    import networkx as nx

    from graph.output import write_atomic

    if fmt == "graphml":
        return write_atomic(path, lambda tmp: nx.write_graphml(G, tmp))
    if fmt == "gexf":
        return write_atomic(path, lambda tmp: nx.write_gexf(G, tmp))
    if fmt == "csv":
        return write_atomic(path, lambda tmp: _write_csv(G, tmp))
    raise ValueError(f"unknown export format {fmt!r}")


def _write_csv(G: nx.MultiDiGraph, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(CSV_COLUMNS)
        for u, v, d in G.edges(data=True):
            su, sv = G.nodes[u], G.nodes[v]
            out.writerow([u, su.get("label", ""), su.get("type", ""), d.get("relation", ""), d.get("label", ""),
                          v, sv.get("label", ""), sv.get("type", ""), d.get("date", ""),
                          d.get("article", "").replace("\n", " | "), d.get("published", "").replace("\n", " | "),
                          d.get("evidence", "").replace("\n", " | ")])


__all__ = ["CSV_COLUMNS", "Ranked", "actor_graph", "centrality", "components", "counts", "ego", "export",
           "find_name", "find_node"]
