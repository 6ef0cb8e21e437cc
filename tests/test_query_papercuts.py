"""Papercuts of issue 16: CSV names IRIs as the table does; ``query --list`` never cuts a
description; the build's progress bar counts time from the first article, not from start-up."""

from __future__ import annotations

import csv
import io
import re

from graph.cli import main
from graph.progress import progress_bar
from graph.sparql import named_queries

TTL = """@prefix ng: <https://newsgraph.org/ontology#> . @prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://newsgraph.org/id/event/1> a ng:Meeting ; schema:location <https://newsgraph.org/id/place/oslo> ;
  rdfs:label "Talks in Oslo,\\nday one" ; schema:url <http://example.org/a> .
"""
QUERY = "SELECT ?e ?type ?place ?label ?url WHERE { ?e a ?type ; schema:location ?place ; rdfs:label ?label ; schema:url ?url }"


def _answer(capsys, graph, fmt: str) -> str:
    capsys.readouterr()
    assert main(["query", QUERY, "--graph", str(graph), "--format", fmt]) == 0
    return capsys.readouterr().out


def test_csv_names_iris_as_the_table_does(tmp_path, capsys):
    graph = tmp_path / "g.ttl"
    graph.write_text(TTL, encoding="utf-8")
    table = _answer(capsys, graph, "table").splitlines()[2].split()
    out = _answer(capsys, graph, "csv")
    assert out.endswith("\r\n")  # CRLF, as W3C CSV
    row = list(csv.DictReader(io.StringIO(out)))[0]
    assert [row["e"], row["type"], row["place"]] == table[:3] == [
        "ngid:event/1", "ng:Meeting", "ngid:place/oslo"]
    assert row["label"] == "Talks in Oslo,\nday one"  # a literal keeps its line break (quoted)
    assert row["url"] == "http://example.org/a"  # IRIs outside our namespaces stay whole


def test_query_list_ends_every_description_with_a_whole_sentence(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    capsys.readouterr()
    assert main(["query", "--list"]) == 0
    entries: dict[str, str] = {}
    name = ""
    for line in capsys.readouterr().out.splitlines():
        assert len(line) <= 72
        if not line.startswith(" "):  # a query's first line; wrapped lines go on indented
            name, _, line = line.partition(" ")
        entries[name] = f"{entries.get(name, '')} {line.strip()}".strip()
    assert set(entries) == set(named_queries())
    for name, path in named_queries().items():
        comment = " ".join(w for line in path.read_text().splitlines() if line.startswith("#")
                           for w in line.lstrip("#").split())
        assert entries[name].endswith(".") and comment.startswith(entries[name]), name
    assert entries["meetings"].endswith("a visit's place is its destination.")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_first_tick_does_not_count_start_up_as_an_article(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("tqdm.std.time", lambda: clock[0])
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "x"}\n' * 4000, encoding="utf-8")
    stream = _Terminal()
    bar = progress_bar([str(corpus)], stream=stream)
    clock[0] += 120  # the model loads for two minutes, then the first article is done
    bar.update(1)
    first = re.split(r"[\r\n]", stream.getvalue().rstrip())[-1]
    assert "1/4000 [00:00<?" in first  # time left unknown yet: not 133 hours
    clock[0] += 2  # then an article every two seconds
    bar.update(1)
    assert "2/4000 [00:02<2:13:16" in re.split(r"[\r\n]", stream.getvalue().rstrip())[-1]
    bar.close()
