"""The view layer as a projection of the RDF: nodes, labelled edges with evidence, the offline page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from graph.cli import main
from graph.sparql import load_graph
from graph.views import render_html, select, to_networkx, write_html
from graph.views_model import project

SAMPLE = Path(__file__).resolve().parent / "data" / "views-sample.ttl"
ID = "https://newsgraph.org/id/"


@pytest.fixture(scope="module")
def sample():
    return load_graph(SAMPLE)


def page_data(html: str) -> tuple[list[dict], list[dict]]:
    """The node and edge lists embedded in a page."""
    nodes = json.loads(re.search(r"var NG_NODES = (.*);\n", html).group(1))
    edges = json.loads(re.search(r"var NG_EDGES = (.*);\n", html).group(1))
    return nodes, edges


def test_projection_types_and_counts(sample):
    proj = project(sample)
    types = sorted(n.type for n in proj.nodes.values())
    assert types.count("Person") == 5 and types.count("Country") == 3
    assert {"Meeting", "Talks", "Visit", "Agreement", "Quote", "Organization", "Place"} <= set(types)
    assert len(proj.edges) == 15


@pytest.mark.parametrize("source, relation, label, target", [
    ("person/ali-larijani", "holds", "Secretary", "organization/snsc"),
    ("person/mohammed-al-sudani", "holds", "Prime Minister", "country/IQ"),
    ("person/mojtaba-amani", "accredited", "Ambassador to", "country/LB"),
    ("person/ali-larijani", "met", "met", "event/m1"),
    ("person/ali-larijani", "visited", "visited", "event/v1"),
    ("event/v1", "location", "in", "country/LB"),
    ("country/IR", "party", "party to", "agreement/g1"),
    ("person/ali-larijani", "said", "said", "quote/q1"),
])
def test_edges_are_labelled(sample, source, relation, label, target):
    G = to_networkx(sample)
    data = G.get_edge_data(ID + source, ID + target)
    assert data, f"no edge {source} -> {target}"
    assert any(d["relation"] == relation and d["label"] == label for d in data.values())


def test_edges_carry_sentence_article_and_date(sample):
    G = to_networkx(sample)
    (d,) = G.get_edge_data(ID + "person/ali-larijani", ID + "event/m1").values()
    assert d["evidence"] == "Larijani met Iraqi Prime Minister Mohammed Shia al-Sudani and signed a security pact."
    assert d["article"] == "Envoy arrives in Baghdad"
    assert d["date"] == "2025-08-12"


def test_person_without_facts_is_still_a_node(sample):
    G = to_networkx(sample)
    assert G.nodes[ID + "person/lone-reporter"]["label"] == "Lone Reporter"
    assert G.degree(ID + "person/lone-reporter") == 0


def test_dataset_input_is_the_union_of_its_graphs():
    ds = Dataset(default_union=True)
    ds.graph(ID + "graph/a").parse(SAMPLE, format="turtle")
    assert to_networkx(ds).number_of_nodes() == 15


def test_a_dataset_without_a_default_union_is_read_as_the_union_too(sample):
    """Split over two named graphs in a Dataset whose default graph is empty, the sample
    projects exactly as the one graph does."""
    ds = Dataset(default_union=False)
    triples = sorted(sample, key=str)
    for n, triple in enumerate(triples):
        ds.graph(ID + f"graph/{n % 2}").add(triple)
    whole, split = to_networkx(sample), to_networkx(ds)
    assert sorted(split.nodes(data=True), key=str) == sorted(whole.nodes(data=True), key=str)
    assert sorted(split.edges(data=True), key=str) == sorted(whole.edges(data=True), key=str)


def test_empty_graph_projects_to_empty_network():
    from rdflib import Graph

    assert to_networkx(Graph()).number_of_nodes() == 0
    nodes, edges = page_data(render_html(Graph()))
    assert nodes == [] and edges == []


def test_networkx_attributes_export_to_graphml_and_gexf(sample, tmp_path):
    G = to_networkx(sample)
    nx.write_graphml(G, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == 15 and back.number_of_edges() == 15
    nx.write_gexf(G, tmp_path / "g.gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == 15


def test_page_is_offline_and_complete(sample):
    html = render_html(sample)
    assert not re.search(r"<script[^>]+src=", html), "no external script"
    assert not re.search(r"<link[^>]+stylesheet", html), "no external stylesheet"
    assert not re.search(r"(src|href)=[\"']https?://", html)
    assert "vis.Network" in html and "ng-legend" in html
    nodes, edges = page_data(html)
    assert len(nodes) == 15 and len(edges) == 15
    larijani = next(n for n in nodes if n["label"] == "Ali Larijani")
    assert larijani["shape"] == "dot" and larijani["color"] == "#4e79a7"
    iran = next(n for n in nodes if n["label"] == "Iran")
    assert iran["shape"] == "diamond" and iran["color"] != larijani["color"]
    assert larijani["value"] > iran["value"], "size follows degree"
    tip = json.dumps(larijani["tip"])
    assert "secretary of Iran's Supreme National Security Council" in tip
    assert "Envoy arrives in Baghdad" in tip
    assert {e["label"] for e in edges} >= {"met", "visited", "party to", "said", "in", "Secretary"}


def test_page_escapes_text_from_articles(sample):
    html = render_html(sample)
    assert "<b>end</b>" not in html
    assert "Talks in Beirut \\u003cb\\u003eend\\u003c/b\\u003e" in html


def test_max_nodes_keeps_the_most_connected_and_says_what_is_left_out(sample):
    sel = select(project(sample), max_nodes=4)
    assert len(sel.nodes) == 4
    assert ID + "person/ali-larijani" in sel.nodes
    assert ID + "person/lone-reporter" not in sel.nodes
    assert "11 less connected node(s) left out" in sel.left_out
    html = render_html(sample, max_nodes=4)
    assert len(page_data(html)[0]) == 4 and "11 less connected node(s) left out" in html


@pytest.mark.parametrize("focus, depth, inside, outside", [
    ("Ali Larijani", 1, {"person/joseph-aoun", "event/t1", "place/beirut", "quote/q1"}, {"person/mojtaba-amani"}),
    ("Sudani", 1, {"person/ali-larijani", "country/IQ", "event/m1"}, {"person/joseph-aoun", "quote/q1"}),
    ("sudani", 2, {"person/joseph-aoun", "organization/snsc"}, {"person/lone-reporter"}),
])
def test_focus_draws_an_ego_network(sample, focus, depth, inside, outside):
    sel = select(project(sample), focus=focus, depth=depth)
    assert {ID + n for n in inside} <= sel.nodes
    assert not {ID + n for n in outside} & sel.nodes


def test_unknown_focus_names_near_misses(sample):
    with pytest.raises(LookupError, match="did you mean 'Ali Larijani'"):
        select(project(sample), focus="Ali Larijanni")


def test_write_html_creates_folders(sample, tmp_path):
    path = write_html(sample, tmp_path / "a" / "b" / "page.html")
    assert path.is_file() and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_view_command(tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main(["view", str(SAMPLE), "--out", str(out), "--focus", "Joseph Aoun", "--depth", "1"]) == 0
    nodes, _ = page_data(out.read_text(encoding="utf-8"))
    assert "Joseph Aoun" in {n["label"] for n in nodes} and "Mojtaba Amani" not in {n["label"] for n in nodes}
    assert f"wrote {out}" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["view", "missing.ttl", "--out", "x.html"], "missing.ttl: no such graph file"),
    (["view", str(SAMPLE), "--focus", "Nobody Known", "--out", "x.html"], "no person, country"),
    (["view", str(SAMPLE), "--depth", "-1"], "--depth must be 0 or more"),
    (["export", str(SAMPLE), "--out", "x.xlsx"], "cannot tell the format"),
])
def test_command_errors_are_one_line(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_export_command(fmt, tmp_path):
    out = tmp_path / f"g.{fmt}"
    assert main(["export", str(SAMPLE), "--format", fmt, "--out", str(out)]) == 0
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_edges() == 15
    elif fmt == "gexf":
        assert nx.read_gexf(out).number_of_nodes() == 15
    else:
        import csv

        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert len(rows) == 15
        holds = next(r for r in rows if r["relation"] == "holds" and r["label"] == "Secretary")
        assert holds["source_label"] == "Ali Larijani"
        assert holds["target_label"] == "Supreme National Security Council"
        assert holds["evidence"].startswith("Ali Larijani, secretary of Iran's")


def test_graph_view_writes_a_file_outside_notebooks(sample, tmp_path):
    import graph

    path = graph.view(sample, tmp_path / "page.html")
    assert Path(path).is_file()
