"""Whole-corpus reports kept as aggregates, updated by each write for the article graphs it changes.

``co-mentions`` (how many articles name both entities of a pair) and ``people-by-country`` (who
holds a post of which country) read the whole store: minutes on a large one. Instead each write
keeps their counts in one named graph of its own, :data:`AGGREGATES`: a pair node per entity pair
(``ng:first``, ``ng:second``, ``ng:articleCount``) and a holding node per (country, person, title)
with the number of articles stating it. A write subtracts an article graph's contribution before
changing the graph and adds it back after (:func:`following`), so adds, re-ingests, ``remove`` and
cross-article links keep the counts exact; a count that reaches 0 removes its node. Every step is
one SPARQL update evaluated by the store itself, so the embedded store and a SPARQL server keep the
same aggregates. The aggregate graph is not an article: article listings and the union leave it out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from graph.vocab import ID, NG, ORG, SCHEMA

if TYPE_CHECKING:
    import pyoxigraph as ox

AGGREGATES = f"{ID}aggregates"  # outside ``graph/``: no article id can name it
GRAPHS_PER_UPDATE = 200  # article graphs counted by one update (bounded request and working set)
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# What article graphs contribute: per family, the rows of one graph ?g (a node named by a hash of
# its values), the variables that hold those values, and the node's shape in the aggregate graph.
_PAIRS = f"""
    GRAPH ?g {{ ?article <{SCHEMA.mentions}> ?one , ?two . FILTER (STR(?one) < STR(?two)) }}
    BIND (IRI(CONCAT("{ID}pair/", MD5(CONCAT(STR(?one), " ", STR(?two))))) AS ?node)"""
_HOLDINGS = f"""
    GRAPH ?g {{
      ?post <{NG.postOf}>/<{_RDFS}label> ?country ; <{NG.title}> ?title .
      ?p <{ORG.holds}> ?post ; <{_RDF_TYPE}> <{SCHEMA.Person}> ; <{_RDFS}label> ?person .
    }}
    BIND (IRI(CONCAT("{ID}holding/", MD5(CONCAT(STR(?country), "|", STR(?person), "|", STR(?title))))) AS ?node)"""
_FAMILIES = (
    (_PAIRS, "?one ?two", f"?node <{NG.first}> ?one ; <{NG.second}> ?two ."),
    (_HOLDINGS, "?country ?person ?title",
     f"?node <{NG.country}> ?country ; <{NG.person}> ?person ; <{NG.title}> ?title ."),
)
_COUNT = f"<{NG.articleCount}>"
_COMPLETE = f"<{NG.aggregatesComplete}>"

# Named queries answered from the aggregates: the same columns and order as graph/queries/NAME.rq.
QUERIES = {
    "co-mentions": f"""# Pairs of entities named in the same article, with how many articles name both (top 200).
SELECT (SAMPLE(?la) AS ?a) (SAMPLE(?lb) AS ?b) ?articles WHERE {{
  {{ SELECT ?x ?y ?articles WHERE {{
       GRAPH <{AGGREGATES}> {{ ?pair <{NG.first}> ?x ; <{NG.second}> ?y ; {_COUNT} ?articles }}
     }} ORDER BY DESC(?articles) LIMIT 200 }}
  ?x rdfs:label ?la . ?y rdfs:label ?lb .
}}
GROUP BY ?x ?y ?articles
ORDER BY DESC(?articles) ?a ?b
""",
    "people-by-country": f"""# People and the countries whose posts they hold.
SELECT ?country ?person ?title WHERE {{
  GRAPH <{AGGREGATES}> {{ ?holding <{NG.country}> ?country ; <{NG.person}> ?person ; <{NG.title}> ?title }}
}}
ORDER BY ?country ?person
""",
}


def updates(graphs: list[str], sign: int) -> Iterator[str]:
    """The updates that add (sign 1) or subtract (-1) the contributions of ``graphs``; then the
    nodes whose count reached 0 go."""
    values = " ".join(f"<{g}>" for g in graphs)
    for rows, names, shape in _FAMILIES:
        yield f"""
DELETE {{ GRAPH <{AGGREGATES}> {{ ?node {_COUNT} ?old }} }}
INSERT {{ GRAPH <{AGGREGATES}> {{ {shape} ?node {_COUNT} ?new }} }}
WHERE {{
  {{ SELECT ?node {names} (COUNT(?g) AS ?n) WHERE {{
      {{ SELECT DISTINCT ?g ?node {names} WHERE {{ VALUES ?g {{ {values} }} {rows} }} }}
  }} GROUP BY ?node {names} }}
  OPTIONAL {{ GRAPH <{AGGREGATES}> {{ ?node {_COUNT} ?old }} }}
  BIND (COALESCE(?old, 0) + {sign} * ?n AS ?new)
}}"""
    yield f"DELETE WHERE {{ GRAPH <{AGGREGATES}> {{ ?node {_COUNT} 0 ; ?p ?o }} }}"


def add(store: ox.Store, graphs: Iterable[str]) -> None:
    """Count the article graphs ``graphs`` (as they are now) into the aggregates."""
    _apply(store, graphs, 1)


def subtract(store: ox.Store, graphs: Iterable[str]) -> None:
    """Take the article graphs ``graphs`` (as they are now) out of the aggregates."""
    _apply(store, graphs, -1)


def _apply(store: ox.Store, graphs: Iterable[str], sign: int) -> None:
    names = sorted({g for g in graphs if g != AGGREGATES})
    for start in range(0, len(names), GRAPHS_PER_UPDATE):
        store.update(" ;\n".join(updates(names[start:start + GRAPHS_PER_UPDATE], sign)))


@contextmanager
def following(store: ox.Store, graphs: Iterable[str]) -> Iterator[None]:
    """Around a change of the article graphs ``graphs``: their old contribution leaves the
    aggregates before it, their new one joins after it (a dropped graph contributes nothing)."""
    names = sorted(set(graphs))
    subtract(store, names)
    yield
    add(store, names)


def complete(store: ox.Store) -> bool:
    """Whether the aggregates count every article of the store (a store built before they existed does not)."""
    return bool(store.query(f"ASK {{ GRAPH <{AGGREGATES}> {{ <{AGGREGATES}> {_COMPLETE} true }} }}"))


def ensure(store: ox.Store, graph_names: Callable[[], Iterable[str]]) -> None:
    """Make the aggregates complete: a store without them has them counted afresh once, from the
    article graphs ``graph_names()`` lists (every later write keeps them up to date)."""
    if complete(store):
        return
    store.update(f"DROP SILENT GRAPH <{AGGREGATES}>")
    add(store, graph_names())
    store.update(f"INSERT DATA {{ GRAPH <{AGGREGATES}> {{ <{AGGREGATES}> {_COMPLETE} true }} }}")


def aggregate_query(store: ox.Store, name: str) -> str | None:
    """The text of named query ``name`` answered from the aggregates, when it has such a form and
    the store's aggregates are complete; else None (the query reads the articles)."""
    text = QUERIES.get(name)
    return text if text and complete(store) else None


def articles_only(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The quads of article graphs and of the union, not those of the aggregates' graph."""
    own = f"<{AGGREGATES}>"
    return (q for q in quads if str(q.graph_name) != own)


def aggregate_size(store: ox.Store) -> int:
    """Quads in the aggregate graph (not article content: left out of the store's quad count)."""
    answer = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{AGGREGATES}> {{ ?s ?p ?o }} }}")
    return int(next(iter(answer))["n"].value)  # type: ignore[call-overload]
