"""Whole-corpus reports kept as aggregates, updated by each write for the article graphs it changes.

``co-mentions`` (how many articles name both entities of a pair) and ``people-by-country`` (who
holds a post of which country) read the whole store: minutes on a large one. Instead each write
keeps their counts in one named graph of its own, :data:`AGGREGATES`: a pair node per entity pair
(``ng:first``, ``ng:second``, ``ng:articleCount``), a holding node per (country, person, title)
with the number of articles stating it, and a level node per pair count in use (``ng:articleCount``
N, ``ng:pairCount`` how many pairs have it), so the top pairs are found by looking up only the
highest levels' pairs, never by sorting every pair. What an article graph contributes is worked out
here from its triples (:func:`contributions`); a write turns the change into plain
``DELETE DATA``/``INSERT DATA`` of counts (:func:`operations`), sent with the write itself, so adds,
re-ingests, ``remove`` and cross-article links keep the counts exact, on the embedded store and on
any SPARQL server alike (no server-side functions). The aggregate graph is not an article: article
listings and the union leave it out.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import combinations
from typing import TYPE_CHECKING, Any

from graph.sparqldata import data_operations
from graph.vocab import ID, NG, ORG, SCHEMA

if TYPE_CHECKING:
    import pyoxigraph as ox

AGGREGATES = f"{ID}aggregates"  # outside ``graph/``: no article id can name it
VERSION = 2  # the form of the aggregates (2: with pair-count levels); a store with another is counted afresh
GRAPHS_PER_READ = 200  # article graphs read by one query when counting a store afresh
NODES_PER_READ = 2000  # aggregate nodes whose counts one query fetches
TOP_PAIRS = 200  # rows of the co-mentions report
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_COUNT, _PAIRS_AT = f"<{NG.articleCount}>", f"<{NG.pairCount}>"
_VERSION = f"<{NG.aggregatesVersion}>"
# the predicates an article graph's contribution depends on (read when counting a stored graph)
_READ = (str(SCHEMA.mentions), str(NG.postOf), str(NG.title), str(ORG.holds), _RDFS_LABEL, _RDF_TYPE)

Key = tuple[str, tuple[Any, ...]]  # ("pair", (one, two)) or ("holding", (country, person, title)), Oxigraph terms

PEOPLE_BY_COUNTRY = f"""# People and the countries whose posts they hold.
SELECT ?country ?person ?title WHERE {{
  GRAPH <{AGGREGATES}> {{ ?holding <{NG.country}> ?country ; <{NG.person}> ?person ; <{NG.title}> ?title }}
}}
ORDER BY ?country ?person
"""


def co_mentions(store: ox.Store) -> str:
    """Co-mentions from the aggregates, in the same columns and order as graph/queries/co-mentions.rq
    (ties at the cut broken by the labels): the pairs of the highest pair-count levels (together at
    least TOP_PAIRS pairs) are read here (index lookups), then handed to the query as VALUES rows,
    so that it only labels them (a join with every label of the store took 50 ms of the 65 here)."""
    values = " ".join(str(n) for n in top_levels(store))
    top = f"VALUES ?articles {{ {values} }} GRAPH <{AGGREGATES}> {{ ?pair {_COUNT} ?articles ; <{NG.first}> ?x ; <{NG.second}> ?y }}"
    pairs = list(store.query(f"SELECT ?x ?y ?articles WHERE {{ {top} }}"))  # type: ignore[attr-defined]
    if len(pairs) <= getattr(store, "values_per_query", len(pairs)):
        rows = " ".join(f"({row['x']} {row['y']} {row['articles'].value})" for row in pairs)
        top = f"VALUES (?x ?y ?articles) {{ {rows} }}"
    # else (Virtuoso: long VALUES blocks are refused) the query finds the pairs itself
    return f"""# Pairs of entities named in the same article, with how many articles name both (top {TOP_PAIRS}).
SELECT (SAMPLE(?la) AS ?a) (SAMPLE(?lb) AS ?b) ?articles WHERE {{
  {{ SELECT ?x ?y ?articles WHERE {{ {top} }} }}
  ?x rdfs:label ?la . ?y rdfs:label ?lb .
}}
GROUP BY ?x ?y ?articles
ORDER BY DESC(?articles) ?a ?b
LIMIT {TOP_PAIRS}
"""


LEVELS = f"SELECT ?n ?k WHERE {{ GRAPH <{AGGREGATES}> {{ ?level <{NG.pairCount}> ?k ; {_COUNT} ?n }} }}"


def top_levels(store: ox.Store) -> list[int]:
    """The highest pair counts in use, down to the first at which TOP_PAIRS pairs are reached."""
    levels = sorted(((int(row["n"].value), int(row["k"].value)) for row in store.query(LEVELS)),  # type: ignore[attr-defined]
                    reverse=True)
    chosen, pairs = [], 0
    for level, count in levels:
        if pairs >= TOP_PAIRS:
            break
        chosen.append(level)
        pairs += count
    return chosen


def aggregate_query(store: ox.Store, name: str) -> str | None:
    """The text of named query ``name`` answered from the aggregates, when it has such a form and
    the store's aggregates are complete; else None (the query reads the articles)."""
    if name not in ("co-mentions", "people-by-country") or not complete(store):
        return None
    return co_mentions(store) if name == "co-mentions" else PEOPLE_BY_COUNTRY


# -- what an article graph contributes ----------------------------------------------------------
def contributions(triples: Iterable[ox.Triple]) -> set[Key]:
    """The pairs and holdings one article graph states: each entity pair some node of it mentions
    together (first the one whose IRI sorts first), and each (country label, person label, title)
    of a person holding a post of a labelled country."""
    import pyoxigraph as ox

    mentions: dict[Any, set] = defaultdict(set)
    labels: dict[Any, set] = defaultdict(set)
    titles: dict[Any, set] = defaultdict(set)
    holders: dict[Any, set] = defaultdict(set)
    countries: dict[Any, set] = defaultdict(set)
    people = set()
    table = {str(SCHEMA.mentions): mentions, _RDFS_LABEL: labels, str(NG.title): titles, str(NG.postOf): countries}
    for t in triples:
        predicate = t.predicate.value
        if predicate in table:
            table[predicate][t.subject].add(t.object)
        elif predicate == str(ORG.holds):
            holders[t.object].add(t.subject)
        elif predicate == _RDF_TYPE and t.object.value == str(SCHEMA.Person):
            people.add(t.subject)
    found: set[Key] = set()
    for named in mentions.values():
        entities = sorted((e for e in named if not isinstance(e, ox.BlankNode)), key=lambda e: e.value)
        found.update(("pair", (one, two)) for one, two in combinations(entities, 2) if one.value != two.value)
    for post, places in countries.items():
        for place in places:
            for country in labels[place]:
                for title in titles[post]:
                    for person in (label for p in holders[post] & people for label in labels[p]):
                        found.add(("holding", (country, person, title)))
    return found


def stored_contributions(store: ox.Store, graphs: list[str]) -> Counter[Key]:
    """What the stored article graphs ``graphs`` contribute now, summed (read a batch at a time)."""
    import pyoxigraph as ox

    total: Counter[Key] = Counter()
    predicates = ", ".join(f"<{p}>" for p in _READ)
    step = min(GRAPHS_PER_READ, getattr(store, "values_per_query", GRAPHS_PER_READ))
    for start in range(0, len(graphs), step):
        values = " ".join(f"<{g}>" for g in graphs[start:start + step])
        triples: dict[str, list] = defaultdict(list)
        # FILTER IN, not VALUES ?p: with ?p bound Oxigraph scans the predicate across all graphs (50x slower)
        for row in store.query(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} "  # type: ignore[attr-defined]
                               f"GRAPH ?g {{ ?s ?p ?o FILTER (?p IN ({predicates})) }} }}"):
            triples[row["g"].value].append(ox.Triple(row["s"], row["p"], row["o"]))
        for graph_triples in triples.values():
            total.update(contributions(graph_triples))
    return total


# -- writing the counts ------------------------------------------------------------------------
def _node(key: Key) -> str:
    """The aggregate node of a pair or holding: an IRI named by a hash of its values."""
    family, values = key
    joiner = " " if family == "pair" else "|"
    digest = hashlib.md5(joiner.join(v.value for v in values).encode()).hexdigest()  # noqa: S324 - a name, not security
    return f"<{ID}{family}/{digest}>"


def _shape(key: Key) -> str:
    family, values = key
    names = (NG.first, NG.second) if family == "pair" else (NG.country, NG.person, NG.title)
    node = _node(key)
    return "".join(f"{node} <{name}> {value} .\n" for name, value in zip(names, values, strict=True))


def _level(count: int) -> str:
    return f"<{ID}pair-count/{count}>"


def _counts(store: ox.Store, nodes: list[str], predicate: str) -> dict[str, int]:
    """The current ``predicate`` count of each aggregate node of ``nodes`` that has one."""
    found, step = {}, getattr(store, "values_per_query", NODES_PER_READ)
    for start in range(0, len(nodes), step):
        values = " ".join(nodes[start:start + step])
        for row in store.query(f"SELECT ?node ?n WHERE {{ VALUES ?node {{ {values} }} "  # type: ignore[attr-defined]
                               f"GRAPH <{AGGREGATES}> {{ ?node {predicate} ?n }} }}"):
            found[str(row["node"])] = int(row["n"].value)
    return found


def operations(store: ox.Store, change: Counter[Key]) -> list[str]:
    """The updates (DELETE DATA, INSERT DATA on the aggregate graph) that apply ``change`` (a count
    difference per pair or holding) to the counts the store holds now. Empty when nothing changes."""
    removed, inserted = _plan(store, change)
    return [*data_operations(store, "DELETE", [(f"<{AGGREGATES}>", removed)]),
            *data_operations(store, "INSERT", [(f"<{AGGREGATES}>", inserted)])]


def _plan(store: ox.Store, change: Counter[Key]) -> tuple[list[str], list[str]]:
    """The aggregate graph's statements (Turtle lines) that ``change`` removes and inserts, given
    the counts the store holds now: a node whose count reaches 0 goes, and the pair-count levels
    its pairs leave and join follow."""
    change = Counter({key: n for key, n in change.items() if n})
    if not change:
        return [], []
    nodes = {key: _node(key) for key in change}
    old = _counts(store, sorted(set(nodes.values())), _COUNT)
    removed, inserted = [], []
    moves: Counter[int] = Counter()
    for key, delta in change.items():
        before = old.get(nodes[key], 0)
        after = before + delta
        if after < 0:
            raise ValueError(f"aggregate count of {nodes[key]} would fall below 0: the aggregates are out of step")
        if before:
            removed.append(f"{nodes[key]} {_COUNT} {before} .\n")
        if after:
            inserted.append(f"{nodes[key]} {_COUNT} {after} .\n")
        if not before:
            inserted.append(_shape(key))
        elif not after:
            removed.append(_shape(key))
        if key[0] == "pair":
            moves[before] -= 1
            moves[after] += 1
    moves = Counter({level: n for level, n in moves.items() if level and n})
    held = _counts(store, sorted(_level(level) for level in moves), _PAIRS_AT)
    for level, n in moves.items():
        before = held.get(_level(level), 0)
        if before:
            removed.append(f"{_level(level)} {_PAIRS_AT} {before} .\n{_level(level)} {_COUNT} {level} .\n")
        if before + n:
            inserted.append(f"{_level(level)} {_PAIRS_AT} {before + n} .\n{_level(level)} {_COUNT} {level} .\n")
    return removed, inserted


def change_of(old: Iterable[Iterable[ox.Triple]], new: Iterable[Iterable[ox.Triple]]) -> Counter[Key]:
    """The count difference when article graphs holding ``old`` triples come to hold ``new`` ones."""
    change: Counter[Key] = Counter()
    for triples in new:
        change.update(contributions(triples))
    for triples in old:
        change.subtract(contributions(triples))
    return change


def apply(store: ox.Store, change: Counter[Key]) -> None:
    """Apply a count difference to the store's aggregates: on a server in one update; in an embedded
    store quad by quad and by bulk load (its SPARQL update takes ~30 s for 100k triples of data).
    Not one transaction, like the bulk load of new articles it follows."""
    import pyoxigraph as ox

    if not isinstance(store, ox.Store):
        if ops := operations(store, change):
            store.update(" ;\n".join(ops))
        return
    removed, inserted = _plan(store, change)
    graph = ox.NamedNode(AGGREGATES)
    for lines, write in ((removed, None), (inserted, store.bulk_extend)):
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
                 for t in ox.parse("".join(lines).encode(), format=ox.RdfFormat.TURTLE)]
        if write is None:
            for quad in quads:
                store.remove(quad)
        else:
            write(quads)


@contextmanager
def following(store: ox.Store, graphs: Iterable[str]) -> Iterator[None]:
    """Around a change of the stored article graphs ``graphs``: the aggregates follow it (their
    contribution is read before and after, the difference applied)."""
    names = sorted(set(graphs) - {AGGREGATES})
    before = stored_contributions(store, names)
    yield
    change = stored_contributions(store, names)
    change.subtract(before)
    apply(store, change)


def complete(store: ox.Store) -> bool:
    """Whether the aggregates (in this form) count every article of the store (a store built
    before they existed, or with an older form of them, does not)."""
    return bool(store.query(f"ASK {{ GRAPH <{AGGREGATES}> {{ <{AGGREGATES}> {_VERSION} {VERSION} }} }}"))


def ensure(store: ox.Store, graph_names: Iterable[str]) -> None:
    """Make the aggregates complete: a store without them (or with an older form) has them counted
    afresh once, from the article graphs ``graph_names`` (every later write keeps them up to date)."""
    if complete(store):
        return
    store.update(f"DROP SILENT GRAPH <{AGGREGATES}>")
    names = sorted(set(graph_names) - {AGGREGATES})
    for start in range(0, len(names), GRAPHS_PER_READ * 10):
        apply(store, stored_contributions(store, names[start:start + GRAPHS_PER_READ * 10]))
    store.update(f"INSERT DATA {{ GRAPH <{AGGREGATES}> {{ <{AGGREGATES}> {_VERSION} {VERSION} }} }}")


def articles_only(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The quads of article graphs and of the union, not those of the aggregates' graph."""
    own = f"<{AGGREGATES}>"
    return (q for q in quads if str(q.graph_name) != own)


def aggregate_size(store: ox.Store) -> int:
    """Quads in the aggregate graph (not article content: left out of the store's quad count)."""
    answer = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{AGGREGATES}> {{ ?s ?p ?o }} }}")
    return int(next(iter(answer))["n"].value)  # type: ignore[call-overload]
