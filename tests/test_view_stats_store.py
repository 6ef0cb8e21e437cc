"""``view``, ``stats`` and ``validate`` on an on-disk store (``--store DIR``) as on the graph file of the same build."""

from __future__ import annotations

import json

import pytest
from conftest import SEED, SEED_GOLD
from page_tools import embedded_data, labels_of

from graph.cli import main
from graph.sparql import load_graph
from graph.views import to_networkx


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):
    """The seed article built twice: into a store folder, and into graph files with ``--out``."""
    root = tmp_path_factory.mktemp("seed-builds")
    store, out = root / "store", root / "out"
    assert main(["build", str(SEED), "--store", str(store), "-q"]) == 0
    assert main(["build", str(SEED), "--out", str(out), "--no-html", "-q"]) == 0
    assert (store / "CURRENT").is_file() and (out / "graph.ttl").is_file()
    return {"root": root, "store": store, "ttl": out / "graph.ttl"}


def run_json(capsys, args: list[str]) -> dict:
    capsys.readouterr()
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def page(path) -> dict:
    """The data embedded in a page written by ``view``."""
    return embedded_data(path.read_text(encoding="utf-8"))


def test_stats_on_the_store_counts_what_the_graph_file_holds(built, capsys):
    from_store = run_json(capsys, ["stats", "--store", str(built["store"]), "--format", "json"])
    from_file = run_json(capsys, ["stats", str(built["ttl"]), "--format", "json"])
    assert from_file["triples"] > 0 and from_file["articles"] == 1 and from_file["nodes"] > 0
    for key in ("triples", "articles", "nodes", "edges", "nodes_by_type", "edges_by_relation", "components"):
        assert from_store[key] == from_file[key], key
    for section, ranked in from_file["central"].items():
        got = from_store["central"][section]
        assert [(r["label"], r["degree"], r["mentions"]) for r in got] == \
               [(r["label"], r["degree"], r["mentions"]) for r in ranked], section
        assert [r["betweenness"] for r in got] == pytest.approx([r["betweenness"] for r in ranked])


def test_stats_text_names_the_store_folder(built, capsys):
    assert main(["stats", "--store", str(built["store"]), "--top", "2"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{built['store']}: ") and " 1 article(s)" in first


def test_stats_without_a_source_still_reads_out_graph_ttl(built, capsys, monkeypatch):
    expected = run_json(capsys, ["stats", str(built["ttl"]), "--format", "json"])
    monkeypatch.chdir(built["root"])  # where out/graph.ttl is
    assert run_json(capsys, ["stats", "--format", "json"]) == expected


def test_view_on_the_store_draws_the_people_of_the_article(built, capsys):
    gold_people = {e["name"] for e in json.loads(SEED_GOLD.read_text(encoding="utf-8"))["entities"]
                   if e["type"] == "Person"}
    G = to_networkx(load_graph(built["ttl"]))
    graph_people = {d["label"] for _, d in G.nodes(data=True) if d.get("type") == "Person"}
    assert graph_people & gold_people, "the build found none of the seed's people"

    out = built["root"] / "x.html"
    assert main(["view", "--store", str(built["store"]), "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    data = page(out)
    assert labels_of(data, "Person") == graph_people
    central = run_json(capsys, ["stats", "--store", str(built["store"]), "--format", "json"])
    assert central["central"]["people"][0]["label"] in labels_of(data, "Person")

    from_file = built["root"] / "y.html"
    assert main(["view", str(built["ttl"]), "--out", str(from_file)]) == 0
    assert page(from_file) == data, "the store and its graph file give the same page"


def test_view_focus_works_on_a_store(built, capsys):
    top = run_json(capsys, ["stats", "--store", str(built["store"]), "--format", "json"])["central"]["people"][0]
    pages = {}
    for name, source in (("store", ["--store", str(built["store"])]), ("file", [str(built["ttl"])])):
        pages[name] = built["root"] / f"focus-{name}.html"
        assert main(["view", *source, "--out", str(pages[name]), "--focus", top["label"], "--depth", "1"]) == 0
    data = page(pages["store"])
    assert data["entities"][data["view"]["focus"]][0] == top["label"]
    assert data == page(pages["file"])


@pytest.mark.parametrize("command", [["stats"], ["view", "--out", "x.html"], ["validate"]])
@pytest.mark.parametrize("make, message", [
    (lambda p: None, "no such store folder"),
    (lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")), "not a newsgraph store folder"),
    (lambda p: p.mkdir(), "not a newsgraph store folder"),
    (lambda p: p.write_text("x"), "is a file, not a store folder"),
])
def test_a_bad_store_folder_is_a_one_line_error(command, make, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "not-a-store"
    make(folder)
    assert main([command[0], "--store", str(folder), *command[1:]]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("newsgraph: error: ") and str(folder) in captured.err
    assert message in captured.err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("command", ["stats", "view", "validate"])
def test_a_graph_file_and_a_store_together_are_a_usage_error(command, built, capsys):
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main([command, str(built["ttl"]), "--store", str(built["store"])])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_validate_on_the_store_checks_what_the_graph_file_holds(built, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no out/graph.ttl here to fall back on
    capsys.readouterr()
    assert main(["validate", str(built["ttl"])]) == 0
    from_file = capsys.readouterr().out.strip()
    assert main(["validate", "--store", str(built["store"])]) == 0
    from_store = capsys.readouterr().out.strip()
    assert from_store == from_file.replace(str(built["ttl"]), str(built["store"]))
    assert "conforms" in from_store and f"({len(load_graph(built['ttl']))} triples)" in from_store


def test_a_store_open_for_writing_can_still_be_read(built, capsys):
    import pyoxigraph as ox

    expected = run_json(capsys, ["stats", "--store", str(built["store"]), "--format", "json"])
    writer = ox.Store(str(built["store"]))  # holds the write lock, as a running build does
    try:
        assert run_json(capsys, ["stats", "--store", str(built["store"]), "--format", "json"])["triples"] \
               == expected["triples"]
    finally:
        del writer
