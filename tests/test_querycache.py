"""The query result cache of a store folder: reused while the store is unchanged, never after a write."""

from __future__ import annotations

import errno
import gc
import json

import pytest
from conftest import SEED
from test_store import ID, LABEL, PERSON, nt, person

import graph.commands.query as query_command
import graph.querycache as querycache
from graph.cli import main
from graph.querycache import CACHE_DIR, cached_result, store_stamp
from graph.store import open_graph, open_store, put_article

NAMES = "SELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?l"


def write(folder, **articles: str) -> None:
    """Put articles into the store folder with a read-write open, then close it."""
    store = open_store(folder)
    for article_id, data in articles.items():
        put_article(store, article_id, nt(data))
    del store
    gc.collect()


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "store"
    write(folder, a1=person("ann-lee", "Ann Lee", "a1"), a2=person("bo-kim", "Bo Kim", "a2"))
    return folder


def query(capsys, *argv: str) -> str:
    code = main(["query", *argv])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err, err
    return out


def entries(folder) -> list[str]:
    cache = folder / CACHE_DIR
    return sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []


def labels(text: str) -> list[str]:
    return [b["l"]["value"] for b in json.loads(text)["results"]["bindings"]]


def forbid_evaluation(monkeypatch) -> None:
    """From now on a query that is not answered from the cache fails the test."""
    def evaluate(*_args, **_kwargs):
        raise AssertionError("evaluated although the cache holds the answer")

    monkeypatch.setattr(query_command, "evaluate", evaluate)


def test_second_identical_query_is_served_from_the_cache(store, capsys, monkeypatch):
    first = query(capsys, NAMES, "--store", str(store), "--format", "json")
    assert labels(first) == ["Ann Lee", "Bo Kim"] and len(entries(store)) == 1
    fresh = query(capsys, NAMES, "--store", str(store), "--format", "json", "--no-cache")
    forbid_evaluation(monkeypatch)
    assert query(capsys, NAMES, "--store", str(store), "--format", "json") == first == fresh


def test_compute_is_called_once_per_store_state(store):
    calls = []

    def compute() -> str:
        calls.append(1)
        return "answer\r\n"

    assert [cached_result(store, NAMES, "csv", compute) for _ in range(3)] == ["answer\r\n"] * 3
    assert len(calls) == 1
    assert cached_result(store, NAMES, "tsv", compute) == "answer\r\n" and len(calls) == 2


@pytest.mark.parametrize("name", ["entities", "articles"])
def test_every_format_is_its_own_entry_and_equals_a_fresh_answer(store, capsys, monkeypatch, name):
    fresh = {fmt: query(capsys, name, "--store", str(store), "--format", fmt, "--no-cache")
             for fmt in ("json", "csv", "tsv", "table")}
    assert entries(store) == []  # --no-cache neither reads nor writes the cache
    first = {fmt: query(capsys, name, "--store", str(store), "--format", fmt) for fmt in fresh}
    assert len(entries(store)) == 4
    forbid_evaluation(monkeypatch)
    cached = {fmt: query(capsys, name, "--store", str(store), "--format", fmt) for fmt in fresh}
    assert cached == first == fresh  # byte for byte, CSV's CRLF line ends included
    assert "\r\n" in cached["csv"]


def test_read_only_opens_and_queries_keep_the_stamp(store, capsys):
    before = store_stamp(store)
    for _ in range(3):
        graph = open_graph(store)
        assert len(list(graph.store.query("SELECT * WHERE { ?s ?p ?o }"))) == 6
        del graph
        gc.collect()
    query(capsys, "entities", "--store", str(store))
    query(capsys, "entities", "--store", str(store), "--no-cache")
    assert store_stamp(store) == before


def test_any_write_changes_the_stamp(store):
    import pyoxigraph as ox

    before = store_stamp(store)
    raw = ox.Store(str(store))  # a write by another tool, not through newsgraph
    raw.add(ox.Quad(ox.NamedNode(f"{ID}x"), ox.NamedNode(LABEL), ox.Literal("x"), ox.DefaultGraph()))
    del raw
    gc.collect()
    assert store_stamp(store) != before


def test_remove_invalidates_the_cached_answer(store, capsys):
    assert labels(query(capsys, NAMES, "--store", str(store), "--format", "json")) == ["Ann Lee", "Bo Kim"]
    old = entries(store)
    assert main(["remove", "a2", "--store", str(store), "-q"]) == 0  # the store opens with the cache inside
    assert labels(query(capsys, NAMES, "--store", str(store), "--format", "json")) == ["Ann Lee"]
    assert len(entries(store)) == 1 and entries(store) != old  # the stale entry is gone


def test_build_of_another_article_invalidates_the_cached_answer(tmp_path, capsys):
    folder, other = tmp_path / "store", tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "other-1", "title": "Merkel meets Macron", "date": "2024-03-04",
                                 "text": "Angela Merkel met Emmanuel Macron in Paris on Monday."}) + "\n",
                     encoding="utf-8")
    assert main(["build", str(SEED), "--store", str(folder), "-q"]) == 0
    before = query(capsys, "articles", "--store", str(folder), "--format", "csv")
    assert "kayhan-142517" in before and "other-1" not in before and entries(folder)
    gc.collect()  # the build's store is closed before the next writer opens the folder
    assert main(["build", str(other), "--store", str(folder), "-q"]) == 0
    after = query(capsys, "articles", "--store", str(folder), "--format", "csv")
    assert "kayhan-142517" in after and "other-1" in after
    assert after == query(capsys, "articles", "--store", str(folder), "--format", "csv", "--no-cache")


def test_a_write_while_computing_is_not_kept(store):
    def compute() -> str:
        write(store, a3=person("cy-ng", "Cy Ng", "a3"))  # the answer may or may not include this
        return "maybe stale"

    cached_result(store, NAMES, "json", compute)
    assert entries(store) == []


def test_cache_that_cannot_be_written_does_not_break_the_query(store, capsys, monkeypatch):
    (store / CACHE_DIR).write_text("in the way")  # mkdir fails: a file holds the name
    assert labels(query(capsys, NAMES, "--store", str(store), "--format", "json")) == ["Ann Lee", "Bo Kim"]
    (store / CACHE_DIR).unlink()

    def read_only_disk(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(querycache, "write_atomic", read_only_disk)
    assert labels(query(capsys, NAMES, "--store", str(store), "--format", "json")) == ["Ann Lee", "Bo Kim"]
    assert entries(store) == []


def test_errors_are_reported_and_nothing_is_cached(store, capsys):
    for spec, message in (("no-such-query", "unknown query"), ("SELECT ?x WHERE { ?x a }", "syntax error"),
                          ("INSERT DATA { <x:a> <x:b> <x:c> }", "not allowed")):
        assert main(["query", spec, "--store", str(store)]) == 1
        out, err = capsys.readouterr()
        assert message in err and "Traceback" not in out + err
    assert not (store / CACHE_DIR).exists()


def test_graph_files_and_volatile_queries_are_not_cached(store, tmp_path, capsys):
    ttl = tmp_path / "g.ttl"
    ttl.write_text(f'<{ID}p> a <{PERSON}> ; <{LABEL}> "Di" .\n', encoding="utf-8")
    assert labels(query(capsys, NAMES, "--graph", str(ttl), "--format", "json")) == ["Di"]
    assert not (tmp_path / CACHE_DIR).exists()
    query(capsys, "SELECT (NOW() AS ?l) WHERE {}", "--store", str(store), "--format", "json")
    assert entries(store) == []


def test_entries_of_an_old_stamp_are_deleted_on_the_next_write(store, capsys):
    query(capsys, "entities", "--store", str(store), "--format", "csv")
    query(capsys, "articles", "--store", str(store), "--format", "csv")
    old = set(entries(store))
    write(store, a3=person("cy-ng", "Cy Ng", "a3"))
    query(capsys, "entities", "--store", str(store), "--format", "csv")
    assert len(entries(store)) == 1 and not old & set(entries(store))


def test_a_folder_that_is_no_store_has_no_stamp(tmp_path):
    assert store_stamp(tmp_path / "missing") is None
    assert store_stamp(tmp_path) is None
