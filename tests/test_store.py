"""The persistent store: replace and retract article graphs, union queries, cross-article links."""

from __future__ import annotations

import pytest

from graph.crosslink import link_surnames, surname_links
from graph.sparql import format_result, results_json
from graph.sparql import run as run_query
from graph.store import (
    StoreError,
    article_graphs,
    memory_store,
    open_graph,
    open_store,
    put_article,
    put_articles,
    quad_count,
    remove_article,
    triple_count,
    write_outputs,
)

ID = "https://newsgraph.org/id/"
NG = "https://newsgraph.org/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
PERSON = "https://schema.org/Person"
MENTIONS = "https://schema.org/mentions"


def person(slug: str, label: str, article: str) -> str:
    """N-Triples for one person mentioned by one article."""
    node = f"<{ID}person/{slug}>"
    return (f'{node} <{RDF_TYPE}> <{PERSON}> .\n{node} <{LABEL}> "{label}" .\n'
            f"<{ID}article/{article}> <{MENTIONS}> {node} .\n")


def nt(*parts: str) -> bytes:
    return "".join(parts).encode()


def labels(store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in store.query(f"SELECT ?e ?l WHERE {{ ?e a <{PERSON}> ; <{LABEL}> ?l }}"):
        found.setdefault(row["e"].value.rsplit("/", 1)[-1], set()).add(row["l"].value)
    return found


def test_reingesting_an_article_replaces_its_graph_without_duplicates():
    store = memory_store()
    put_article(store, "a1", nt(person("ann-lee", "Ann Lee", "a1")))
    put_article(store, "a2", nt(person("ann-lee", "Ann Lee", "a2"), person("bo-kim", "Bo Kim", "a2")))
    before = (triple_count(store), quad_count(store))
    put_article(store, "a2", nt(person("ann-lee", "Ann Lee", "a2"), person("bo-kim", "Bo Kim", "a2")))
    assert (triple_count(store), quad_count(store)) == before
    put_article(store, "a2", nt(person("ann-lee", "Ann Lee", "a2")))  # a new version drops Bo Kim
    assert set(labels(store)) == {"ann-lee"}


def test_a_batch_load_replaces_graphs_and_keeps_the_last_of_repeated_ids(tmp_path):
    store = open_store(tmp_path / "store")
    put_article(store, "a1", nt(person("ann-lee", "Ann Lee", "a1"), person("bo-kim", "Bo Kim", "a1")))
    put_articles(store, [("a1", nt(person("ann-lee", "Ann Lee", "a1"))),  # a1 no longer names Bo Kim
                         ("a2", nt(person("cy-ho", "Cy Ho", "a2"))),
                         ("a2", nt(person("di-wu", "Di Wu", "a2")))])  # the later a2 wins
    assert set(labels(store)) == {"ann-lee", "di-wu"}
    assert sorted(g.rsplit("/", 1)[-1] for g in article_graphs(store)) == ["a1", "a2"]
    assert quad_count(store) == triple_count(store) == 6
    put_articles(store, [])
    assert triple_count(store) == 6


def test_removing_an_article_keeps_what_other_articles_state():
    store = memory_store()
    put_article(store, "a1", nt(person("ann-lee", "Ann Lee", "a1")))
    put_article(store, "a2", nt(person("ann-lee", "Ann Lee", "a2"), person("bo-kim", "Bo Kim", "a2")))
    assert remove_article(store, "a2")
    assert labels(store) == {"ann-lee": {"Ann Lee"}}
    assert triple_count(store) == 3
    assert not remove_article(store, "a2")
    assert remove_article(store, "a1")
    assert len(store) == 0


def test_surname_joins_the_only_full_name_with_that_surname():
    store = memory_store()
    put_article(store, "a1", nt(person("helmut-kessler", "Helmut Kessler", "a1")))
    put_article(store, "a2", nt(person("kessler", "Kessler", "a2")))
    lines = link_surnames(store)
    assert len(lines) == 1 and "Helmut Kessler" in lines[0]
    assert labels(store) == {"helmut-kessler": {"Helmut Kessler"}}
    alt = {r["l"].value for r in store.query(f"SELECT ?l WHERE {{ <{ID}person/helmut-kessler> <{ALT}> ?l }}")}
    assert alt == {"Kessler"}
    mentioned = {r["a"].value for r in store.query(
        f"SELECT ?a WHERE {{ ?a <{MENTIONS}> <{ID}person/helmut-kessler> }}")}
    assert mentioned == {f"{ID}article/a1", f"{ID}article/a2"}
    reasons = list(store.query(f"SELECT ?r WHERE {{ <{ID}person/helmut-kessler> <{NG}mergeReason> ?r }}"))
    assert reasons and "only person with that surname" in reasons[0]["r"].value
    assert link_surnames(store) == []  # idempotent


def test_surnames_merged_together_rewrite_a_fact_that_names_both():
    """Merges are applied in one write: a triple between two merged surnames ends between the two
    full names, not half-rewritten, and each full name gets its own merge reason."""
    store = memory_store()
    put_article(store, "a1", nt(person("helmut-kessler", "Helmut Kessler", "a1"), person("ann-lee", "Ann Lee", "a1")))
    met = f"<{ID}person/kessler> <https://schema.org/knows> <{ID}person/lee> .\n"
    put_article(store, "a2", nt(person("kessler", "Kessler", "a2"), person("lee", "Lee", "a2"), met))
    lines = link_surnames(store)
    assert len(lines) == 2 and all("in 2 article(s)" in line for line in lines)  # a2's graph and the union
    knows = {(r["a"].value, r["b"].value) for r in store.query(
        "SELECT ?a ?b WHERE { GRAPH ?g { ?a <https://schema.org/knows> ?b } }")}
    assert knows == {(f"{ID}person/helmut-kessler", f"{ID}person/ann-lee")}
    assert labels(store) == {"helmut-kessler": {"Helmut Kessler"}, "ann-lee": {"Ann Lee"}}
    reasons = {r["e"].value.rsplit("/", 1)[-1]: r["r"].value for r in store.query(
        f"SELECT ?e ?r WHERE {{ ?e <{NG}mergeReason> ?r }}")}
    assert set(reasons) == {"helmut-kessler", "ann-lee"} and "'Lee'" in reasons["ann-lee"]


@pytest.mark.parametrize("full_names", [
    ["Helmut Kessler", "Anna Kessler"],  # two people share the surname: no evidence which one
    [],  # no full name at all
    ["Kessler Berg"],  # "Kessler" as a given name is no surname evidence
])
def test_surname_is_not_merged_without_evidence(full_names):
    store = memory_store()
    for i, name in enumerate(full_names):
        put_article(store, f"b{i}", nt(person(name.lower().replace(" ", "-"), name, f"b{i}")))
    put_article(store, "a2", nt(person("kessler", "Kessler", "a2")))
    assert surname_links(store) == []
    assert link_surnames(store) == []
    assert labels(store)["kessler"] == {"Kessler"}


def test_rebuild_after_link_gives_the_same_store():
    store = memory_store()
    data = {"a1": nt(person("helmut-kessler", "Helmut Kessler", "a1")), "a2": nt(person("kessler", "Kessler", "a2"))}
    for key, value in data.items():
        put_article(store, key, value)
    link_surnames(store)
    first = sorted(str(q) for q in store)
    for key, value in data.items():
        put_article(store, key, value)
    link_surnames(store)
    assert sorted(str(q) for q in store) == first


def test_store_folder_queries_and_errors(tmp_path):
    folder = tmp_path / "store"
    store = open_store(folder)
    put_article(store, "a1", nt(person("ann-lee", "Ann Lee", "a1")))
    put_article(store, "a2", nt(person("ann-lee", "Ann Lee", "a2")))
    with pytest.raises(StoreError, match="another process"):
        open_store(folder)  # one writer at a time
    graph = open_graph(folder)  # read-only beside the writer
    result = run_query(graph, "entities")
    assert [r["label"]["value"] for r in results_json(result)["results"]["bindings"]] == ["Ann Lee"]
    assert "Ann Lee" in format_result(run_query(graph, "entities"), "table")
    assert format_result(run_query(graph, "ASK { ?s a schema:Person }"), "table") == "yes\n"
    written = write_outputs(store, tmp_path / "out")
    assert sorted(p.name for p in written) == ["graph.jsonld", "graph.trig", "graph.ttl"]
    from rdflib import Dataset, Graph

    assert len(Graph().parse(tmp_path / "out" / "graph.ttl")) == triple_count(store) == 4
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    assert len(list(ds.quads())) == quad_count(store) == 6


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("x"), "is a file"),
    (lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")), "not a newsgraph store"),
])
def test_store_folder_that_is_no_store(tmp_path, make, message):
    path = tmp_path / "thing"
    make(path)
    with pytest.raises(StoreError, match=message):
        open_store(path)


def test_missing_store_for_reading(tmp_path):
    from graph.sparql import GraphLoadError

    with pytest.raises(GraphLoadError, match="no such store"):
        open_graph(tmp_path / "nothing")


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table"])
def test_store_answers_format_like_a_graph_file(tmp_path, fmt):
    """JSON/CSV/TSV of a store answer come from Oxigraph's writer: same rows as rdflib gives."""
    import json

    from rdflib import Graph

    data = nt(person("ann-lee", "Ann Lee", "a1"), person("bo", "Bo, \\\"the\\\" Elder", "a1"),
              f'<{ID}article/a1> <https://schema.org/datePublished> "2025-08-12"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
              f'<{ID}person/bo> <{ALT}> "Bo"@en .\n')
    store = open_store(tmp_path / "store")
    put_article(store, "a1", data)
    del store
    query = ("SELECT ?e ?l ?alt ?d WHERE { ?e a schema:Person ; rdfs:label ?l . OPTIONAL { ?e skos:altLabel ?alt } "
             "OPTIONAL { ?a schema:mentions ?e ; schema:datePublished ?d } }")
    from_store = format_result(run_query(open_graph(tmp_path / "store"), query), fmt)
    from_file = format_result(run_query(Graph().parse(data=data.decode(), format="nt"), query), fmt)
    if fmt == "json":
        def rows(text: str) -> list[str]:
            return sorted(json.dumps(b, sort_keys=True) for b in json.loads(text)["results"]["bindings"])
        assert json.loads(from_store)["head"] == json.loads(from_file)["head"]
        assert rows(from_store) == rows(from_file)
    else:
        lines = from_store.splitlines()
        assert lines[0] == from_file.splitlines()[0]
        assert sorted(lines) == sorted(from_file.splitlines())
    assert "Ann Lee" in from_store
