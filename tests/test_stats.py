"""``newsgraph stats``: counts by type, the most central actors, connected components."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.analytics import actor_graph, centrality, components
from graph.cli import main
from graph.sparql import load_graph
from graph.views import to_networkx

SAMPLE = Path(__file__).resolve().parent / "data" / "views-sample.ttl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ID = "https://newsgraph.org/id/"


@pytest.fixture(scope="module")
def G():
    return to_networkx(load_graph(SAMPLE))


def test_actor_graph_links_actors_through_facts(G):
    A = actor_graph(G)
    assert A.has_edge(ID + "person/ali-larijani", ID + "person/mohammed-al-sudani")  # met
    assert A.has_edge(ID + "country/IR", ID + "country/IQ")  # parties to one agreement
    assert A.has_edge(ID + "person/ali-larijani", ID + "country/LB")  # visited
    assert A.has_edge(ID + "person/mojtaba-amani", ID + "country/LB")  # accredited to
    assert not A.has_edge(ID + "person/ali-larijani", ID + "country/IR")  # only a quote, no fact
    assert all(A.nodes[n]["type"] in {"Person", "Country", "Organization", "Place"} for n in A)


def test_centrality_ranks_by_distinct_actors(G):
    ranked = centrality(G, top=3)
    people = [r.label for r in ranked["Person"]]
    assert people[0] == "Ali Larijani" and len(people) == 3
    top = ranked["Person"][0]
    assert top.degree == 5 and top.betweenness > ranked["Person"][1].betweenness
    assert [r.label for r in ranked["Country"]][0] == "Lebanon"


def test_components_find_the_isolated_reporter(G):
    comps = components(G)
    assert [len(c) for c in comps] == [14, 1]
    assert comps[1] == [ID + "person/lone-reporter"]


def test_stats_text(capsys):
    assert main(["stats", str(SAMPLE), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "146 triples, 2 article(s), 15 nodes, 15 edges" in out
    assert "Person              5" in out
    people = out.split("Most central people")[1].split("Most central countries")[0]
    assert "1. Ali Larijani" in people and "Mojtaba Amani" not in people
    assert "Connected components: 2 (1 isolated node(s))" in out


def test_stats_json(capsys):
    assert main(["stats", str(SAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nodes_by_type"]["Quote"] == 1
    assert data["edges_by_relation"]["met"] == 4
    assert data["central"]["people"][0]["label"] == "Ali Larijani"
    assert data["components"]["sizes"] == [14, 1]


def test_stats_bad_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    assert main(["stats", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.ttl: cannot read as turtle" in err and err.count("\n") == 1


def test_seed_names_larijani_among_most_central_people(tmp_path, capsys, nlp):
    out = tmp_path / "out"
    assert main(["build", str(SEEDS), "--out", str(out), "-q"]) == 0
    capsys.readouterr()
    assert main(["stats", str(out / "graph.ttl"), "--top", "3", "--format", "json"]) == 0
    people = [r["label"] for r in json.loads(capsys.readouterr().out)["central"]["people"]]
    assert "Ali Larijani" in people
    assert (out / "graph.html").is_file()
