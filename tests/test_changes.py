"""Personnel changes that name no post ("X resigned", "Acme fired X"): the ``changes`` query lists
them beside titled changes, the ``roles`` query (posts held, scored against the gold) leaves them
out, and the graph still conforms to the shapes."""

from __future__ import annotations

import json

from graph.cli import main

ARTICLE = """Title: Board changes at Orbis Bank
Published: 2024-03-05

Orbis Bank fired Tom Reyes on Monday. Dana Whitlock resigned as finance minister on Friday.
Critics urged Lena Voss to resign.
"""


def _rows(capsys, name: str, graph: str) -> list[dict]:
    assert main(["query", name, "--graph", graph, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def test_untitled_changes_are_listed_apart_from_posts_held(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "--no-html", "-q", "--validate"]) == 0
    assert "conforms to the newsgraph shapes" in capsys.readouterr().out
    graph = str(tmp_path / "out" / "graph.ttl")
    changes = {(r["person"], r["change"], r.get("title"), r.get("organization")) for r in _rows(capsys, "changes", graph)}
    assert changes == {("Tom Reyes", "ended", None, "Orbis Bank"),
                       ("Dana Whitlock", "ended", "Finance Minister", None)}
    roles = {(r.get("person"), r["title"]) for r in _rows(capsys, "roles", graph)}
    assert roles == {("Dana Whitlock", "Finance Minister")}


def test_the_page_names_an_untitled_post_by_its_change(tmp_path, capsys):
    from rdflib import Dataset

    from graph.views_model import project

    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "--no-html", "-q"]) == 0
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    proj = project(ds)
    reyes = next(n for n in proj.nodes.values() if n.label == "Tom Reyes")
    assert reyes.details["posts"] == "left a post, Orbis Bank"
    assert any(e.label == "left a post" and proj.nodes[e.target].label == "Orbis Bank" for e in proj.edges)
