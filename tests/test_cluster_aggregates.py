"""Whole-corpus aggregates (co-mentions, people-by-country) kept by each write, exact after re-ingest,
cross-article links and ``remove``, in the embedded store and on a SPARQL server alike."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from servers import oxigraph_server, run_cli

from graph import aggregates
from graph.aggregates import AGGREGATES, PEOPLE_BY_COUNTRY, aggregate_query, complete
from graph.crosslink import link_surnames
from graph.remote import RemoteStore
from graph.sparql import query_text, standard_prefixes
from graph.store import memory_store, open_store, put_articles, quad_count, remove_article

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpus" / "bbc_news_all.jsonl"
ID, NG = "https://newsgraph.org/id/", "https://newsgraph.org/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
# every pair with its article count, straight from the articles (the named query without its LIMIT)
ALL_PAIRS = """SELECT ?x ?y (COUNT(?article) AS ?n) WHERE {
  ?article schema:mentions ?x , ?y . FILTER (STR(?x) < STR(?y)) } GROUP BY ?x ?y"""
KEPT_PAIRS = f"""SELECT ?x ?y ?n WHERE {{ GRAPH <{AGGREGATES}> {{
  ?pair <{NG}first> ?x ; <{NG}second> ?y ; <{NG}articleCount> ?n }} }}"""
LEVELS = f"""SELECT ?n ?k WHERE {{ GRAPH <{AGGREGATES}> {{ ?level <{NG}pairCount> ?k ; <{NG}articleCount> ?n }} }}"""
LABELLED = """SELECT (SAMPLE(?la) AS ?a) (SAMPLE(?lb) AS ?b) ?n WHERE {
  { SELECT ?x ?y (COUNT(?article) AS ?n) WHERE {
      ?article schema:mentions ?x , ?y . FILTER (STR(?x) < STR(?y)) } GROUP BY ?x ?y }
  ?x rdfs:label ?la . ?y rdfs:label ?lb . } GROUP BY ?x ?y ?n"""


def rows(store, text: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(term) for term in row) for row in store.query(text, prefixes=standard_prefixes()))


def assert_aggregates_exact(store) -> None:
    assert rows(store, KEPT_PAIRS) == rows(store, ALL_PAIRS)
    assert rows(store, PEOPLE_BY_COUNTRY) == rows(store, query_text("people-by-country"))
    levels = Counter(int(n) for _, _, n in (tuple(term.value for term in row) for row in store.query(KEPT_PAIRS)))
    assert {int(n.value): int(k.value) for n, k in store.query(LEVELS)} == levels
    assert_top_pairs(store)


def assert_top_pairs(store) -> None:
    """The co-mentions report from the aggregates is the top of every labelled pair, by count, then labels."""
    every = sorted(((-int(n.value), a.value, b.value) for a, b, n in store.query(LABELLED, prefixes=standard_prefixes())))
    kept = aggregates.co_mentions(store)
    got = [(-int(n.value), a.value, b.value) for a, b, n in store.query(kept, prefixes=standard_prefixes())]
    assert got == every[:aggregates.TOP_PAIRS]
    assert not rows(store, f"SELECT ?n WHERE {{ GRAPH <{AGGREGATES}> {{ ?x <{NG}articleCount> ?n FILTER (?n <= 0) }} }}")


def article(name: str, *people: tuple[str, str, str | None]) -> tuple[str, bytes]:
    """An article graph naming people (slug, label, country of the post they hold, if any)."""
    lines = [f"<{ID}article/{name}> <{RDF_TYPE}> <https://schema.org/NewsArticle> ."]
    for slug, label, country in people:
        node = f"<{ID}person/{slug}>"
        lines += [f"{node} <{RDF_TYPE}> <https://schema.org/Person> .", f'{node} <{LABEL}> "{label}" .',
                  f"<{ID}article/{name}> <https://schema.org/mentions> {node} ."]
        if country:
            post = f"<{ID}post/{slug}-{country}>"
            lines += [f"{node} <http://www.w3.org/ns/org#holds> {post} .", f'{post} <{NG}title> "minister" .',
                      f"{post} <{NG}postOf> <{ID}country/{country}> .",
                      f'<{ID}country/{country}> <{LABEL}> "{country}" .']
    return name, ("\n".join(lines) + "\n").encode()


def exercise(store) -> None:
    """Loads, a re-ingest, a cross-article link and removes, checking the aggregates after each."""
    put_articles(store, [article("a1", ("ann-lee", "Ann Lee", "FR"), ("bo-kim", "Bo Kim", None)),
                         article("a2", ("lee", "Lee", None), ("bo-kim", "Bo Kim", "KR")),
                         article("a3", ("ann-lee", "Ann Lee", "FR"), ("cy-oh", "Cy Oh", None))])
    assert_aggregates_exact(store)
    put_articles(store, [article("a3", ("cy-oh", "Cy Oh", "JP"), ("bo-kim", "Bo Kim", None)),  # re-ingest
                         article("a4", ("cy-oh", "Cy Oh", "JP"), ("ann-lee", "Ann Lee", None))])  # a second load
    assert_aggregates_exact(store)
    assert link_surnames(store)  # "Lee" -> "Ann Lee" rewrites a2
    assert_aggregates_exact(store)
    assert any("Ann Lee" in r[0] or "ann-lee" in r[0] for r in rows(store, KEPT_PAIRS))
    for name in ("a1", "a3", "a4"):
        assert remove_article(store, name)
        assert_aggregates_exact(store)
    assert remove_article(store, "a2")
    assert rows(store, KEPT_PAIRS) == [] and quad_count(store) == 0


@pytest.mark.parametrize("top", [200, 2], ids=["all-pairs", "top-2-of-many"])
def test_aggregates_follow_every_write_in_the_embedded_store(top, monkeypatch):
    monkeypatch.setattr(aggregates, "TOP_PAIRS", top)  # 2: the report reads only the highest levels
    exercise(memory_store())


def test_aggregates_follow_every_write_on_a_server(tmp_path):
    with oxigraph_server(tmp_path / "server") as url:
        exercise(RemoteStore(url))



@pytest.mark.skipif(not BBC.is_file(), reason="the shared BBC corpus is not present")
def test_reports_from_aggregates_stay_right_after_removing_ten_articles(tmp_path):
    sample = tmp_path / "bbc.jsonl"
    with BBC.open(encoding="utf-8") as fh:
        sample.write_text("".join(line for _, line in zip(range(30), fh)), encoding="utf-8")
    store = tmp_path / "store"
    assert run_cli("build", str(ROOT / "seeds"), str(sample), "--store", str(store), "-q").returncode == 0
    ids = [line.split(",")[1] for line in run_cli("query", "articles", "--store", str(store), "--format", "csv",
                                              "--no-cache").stdout.splitlines()[1:]]
    assert len(ids) == 31
    removed = run_cli("remove", *sorted(ids)[:10], "--store", str(store))
    assert removed.returncode == 0, removed.stderr
    opened = open_store(store, read_only=True)
    assert complete(opened) and aggregate_query(opened, "co-mentions")
    assert_aggregates_exact(opened)
    answer = run_cli("query", "people-by-country", "--store", str(store), "--format", "csv", "--no-cache").stdout
    assert answer.splitlines()[0] == "country,person,title" and len(answer.splitlines()) > 1
