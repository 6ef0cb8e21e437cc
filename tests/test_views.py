"""The view layer as a projection of the RDF: nodes, labelled edges with evidence, the offline page."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from page_tools import embedded_data, labels_of
from rdflib import Dataset

from graph.cli import main
from graph.sparql import load_graph
from graph.views import DEFAULT_MAX_NODES, page_data, render_html, to_networkx, write_html
from graph.views_model import project

SAMPLE = Path(__file__).resolve().parent / "data" / "views-sample.ttl"
ID = "https://newsgraph.org/id/"


@pytest.fixture(scope="module")
def sample():
    return load_graph(SAMPLE)


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
    data = embedded_data(render_html(Graph()))
    assert data["entities"] == [] and data["facts"] == [] and data["edges"] == []


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
    assert "vis.Network" in html and "ng-panel" in html and "ng-timeline" in html
    data = embedded_data(html)
    assert labels_of(data) == {"Ali Larijani", "Mohammed Shia al-Sudani", "Joseph Aoun", "Mojtaba Amani",
                               "Lone Reporter", "Iran", "Iraq", "Lebanon", "Supreme National Security Council",
                               "Beirut"}, "every entity is in the page, drawn or not"
    assert {k for k in data["kinds"]} >= {"meeting", "talks", "visit", "agreement", "role", "quote"}
    assert "secretary of Iran's Supreme National Security Council" in " ".join(data["sentences"])
    assert {a[1] for a in data["articles"]} == {"Envoy arrives in Baghdad", "Talks in Beirut <b>end</b>"}
    assert data["view"]["maxNodes"] == DEFAULT_MAX_NODES and data["view"]["focus"] == -1


def test_page_escapes_text_from_articles(sample):
    html = render_html(sample)
    assert "<b>end</b>" not in html
    assert "Talks in Beirut \\u003cb\\u003eend\\u003c/b\\u003e" in html


def test_page_title_is_escaped(sample):
    html = render_html(sample, title="Iran & <Iraq>")
    assert "<title>Iran &amp; &lt;Iraq&gt;</title>" in html


@pytest.mark.parametrize("focus, label", [("Ali Larijani", "Ali Larijani"), ("Sudani", "Mohammed Shia al-Sudani"),
                                          ("sudani", "Mohammed Shia al-Sudani"), ("SNSC", "Supreme National Security Council")])
def test_focus_opens_the_page_on_that_actor(sample, focus, label):
    data = page_data(sample, focus=focus, depth=2)
    assert data["entities"][data["view"]["focus"]][0] == label
    assert data["view"]["depth"] == 2 and data["view"]["title"] == f"{label} and neighbours"


@pytest.mark.parametrize("name, depth, inside, outside", [
    ("Ali Larijani", 1, {"person/joseph-aoun", "event/t1", "place/beirut", "quote/q1"}, {"person/mojtaba-amani"}),
    ("Sudani", 1, {"person/ali-larijani", "country/IQ", "event/m1"}, {"person/joseph-aoun", "quote/q1"}),
    ("sudani", 2, {"person/joseph-aoun", "organization/snsc"}, {"person/lone-reporter"}),
])
def test_ego_network_of_a_named_actor(sample, name, depth, inside, outside):
    from graph.analytics import ego, find_node

    G = to_networkx(sample)
    keep = ego(G, find_node(G, name), depth)
    assert {ID + n for n in inside} <= keep
    assert not {ID + n for n in outside} & keep


def test_unknown_focus_names_near_misses(sample):
    with pytest.raises(LookupError, match="did you mean 'Ali Larijani'"):
        page_data(sample, focus="Ali Larijanni")
    from graph.analytics import find_node

    with pytest.raises(LookupError, match="did you mean 'Ali Larijani'"):
        find_node(to_networkx(sample), "Ali Larijanni")


def test_write_html_creates_folders(sample, tmp_path):
    path = write_html(sample, tmp_path / "a" / "b" / "page.html")
    assert path.is_file() and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_view_command(tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main(["view", str(SAMPLE), "--out", str(out), "--focus", "Joseph Aoun", "--max-nodes", "7"]) == 0
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert data["entities"][data["view"]["focus"]][0] == "Joseph Aoun" and data["view"]["maxNodes"] == 7
    assert f"wrote {out}" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["view", "missing.ttl", "--out", "x.html"], "missing.ttl: no such graph file"),
    (["view", str(SAMPLE), "--focus", "Nobody Known", "--out", "x.html"], "no person, country"),
    (["view", str(SAMPLE), "--depth", "-1"], "--depth must be 0 or more"),
    (["view", str(SAMPLE), "--max-nodes", "-3"], "--max-nodes must be 0 or more"),
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


def test_graph_view_writes_a_file_outside_notebooks_and_says_where(sample, tmp_path, capsys, monkeypatch):
    import graph

    path = graph.view(sample, tmp_path / "page.html")
    assert Path(path).is_file()
    assert f"wrote {path.resolve()}" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    default = graph.view(sample)
    assert default.resolve() == (tmp_path / "graph.html").resolve() and default.is_file()
    err = capsys.readouterr().err
    assert f"wrote {tmp_path.resolve() / 'graph.html'}" in err and err.count("\n") == 1
    assert embedded_data(default.read_text(encoding="utf-8"))["view"]["maxNodes"] == DEFAULT_MAX_NODES
    everyone = graph.view(sample, tmp_path / "all.html", max_nodes=0)
    assert embedded_data(everyone.read_text(encoding="utf-8"))["view"]["maxNodes"] == 0  # no limit
