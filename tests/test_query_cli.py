"""``newsgraph query``: named queries, formats, and clear one-line errors for bad SPARQL."""

from __future__ import annotations

import csv
import io
import json
import socket

import pytest

from graph.cli import main
from graph.sparql import QueryError, check_read_only, prepare

TTL = """
@prefix schema: <https://schema.org/> .
@prefix ng: <https://newsgraph.org/ontology#> .
<https://newsgraph.org/id/person/anna-berg> a schema:Person ; schema:name "Anna Berg" ; ng:age 40 .
<https://newsgraph.org/id/person/ivo-kral> a schema:Person ; schema:name "Ivo Kral" .
"""
NAMES = "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n"


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text(TTL, encoding="utf-8")
    return path


def query(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["query", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(("fmt", "check"), [
    ("json", lambda out: [b["n"]["value"] for b in json.loads(out)["results"]["bindings"]]),
    ("csv", lambda out: [r[0] for r in list(csv.reader(io.StringIO(out)))[1:]]),
    ("tsv", lambda out: [line.strip('"') for line in out.splitlines()[1:]]),
    ("table", lambda out: [line.strip() for line in out.splitlines()[2:4]]),
])
def test_formats(graph_file, capsys, fmt, check):
    code, out, _ = query(capsys, NAMES, "--graph", str(graph_file), "--format", fmt)
    assert code == 0
    assert check(out) == ["Anna Berg", "Ivo Kral"]


def test_standard_prefixes_need_no_declaration(graph_file, capsys):
    code, out, _ = query(capsys, "SELECT ?a WHERE { ?p ng:age ?a }", "--graph", str(graph_file), "--format", "csv")
    assert code == 0 and out.splitlines()[1] == "40"


def test_named_queries_run_and_list(graph_file, capsys):
    code, out, _ = query(capsys, "--list")
    assert code == 0 and "entities" in out
    code, _, _ = query(capsys, "entities", "--graph", str(graph_file))
    assert code == 0


@pytest.mark.parametrize(("text", "where"), [
    ("SELECT * WHERE { ?s ?p }", "line 1, column 25"),
    ("SELECT ?x\nWHERE {\n  ?x ng:age ?y .\n  FILTER(?y > }", "line 4, column 16"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 3", "line 1, column 35"),
    ('SELECT * WHERE { ?s ?p ?o FILTER(?o = "unclosed) }', "line 1, column"),
    ("PREFIX x: <http://x/>\nSELECT * WHERE {\n ?s nope:p ?o }", "line 3, column"),
    ("SELECT * WHERE { ?s ?p ?o . ((((((((( }", "line 1, column"),
])
def test_malformed_sparql_names_line_and_column(graph_file, capsys, text, where):
    code, out, err = query(capsys, text, "--graph", str(graph_file))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("newsgraph: error: SPARQL syntax error at ") and where in err


def test_unknown_prefix_is_named(graph_file, capsys):
    _, _, err = query(capsys, "SELECT * WHERE { ?s nope:p ?o }", "--graph", str(graph_file))
    assert "unknown prefix" in err


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX x: <http://x/>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "CLEAR ALL",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_update_is_refused_and_graph_unchanged(graph_file, capsys, text):
    before = graph_file.read_bytes()
    code, _, err = query(capsys, text, "--graph", str(graph_file))
    assert code == 1 and "read-only" in err
    assert graph_file.read_bytes() == before


def test_service_is_refused_without_a_connection(graph_file, capsys):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    code, _, err = query(capsys, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                         "--graph", str(graph_file))
    assert code == 1 and "SERVICE" in err
    with pytest.raises(OSError):
        listener.accept()
    listener.close()


@pytest.mark.parametrize("text", [
    'SELECT ?service WHERE { ?service ?p "SERVICE" }',
    "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o }",
    "# SERVICE in a comment\nSELECT ?s WHERE { ?s ?p ?o }",
])
def test_service_as_a_name_is_not_refused(text):
    check_read_only(text)
    assert prepare(text) is not None


@pytest.mark.parametrize(("argv", "message"), [
    (["articles", "--graph", "missing.ttl"], "no such graph file"),
    (["no-such-query", "--graph", "GRAPH"], "unknown query"),
    (["missing.rq", "--graph", "GRAPH"], "no such query file"),
])
def test_other_errors_are_one_line(tmp_path, graph_file, capsys, argv, message):
    names = {"missing.ttl": str(tmp_path / "missing.ttl"), "GRAPH": str(graph_file)}
    argv = [names.get(a, a) for a in argv]
    code, _, err = query(capsys, *argv)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_malformed_graph_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "g.ttl"
    path.write_text("<a> <b> .", encoding="utf-8")
    code, _, err = query(capsys, NAMES, "--graph", str(path))
    assert code == 1 and f"{path}: cannot read as turtle" in err and len(err.strip().splitlines()) == 1


def test_no_query_is_a_usage_error(capsys):
    assert main(["query"]) == 2


def test_prepare_raises_query_error():
    with pytest.raises(QueryError, match="line 1, column 25"):
        prepare("SELECT * WHERE { ?s ?p }")


def test_long_sparql_text_is_not_taken_for_a_file_name(tmp_path):
    from graph.sparql import query_text

    text = "SELECT ?s WHERE { ?s ?p ?o . " + " ".join(f"OPTIONAL {{ ?s ?p ?o{i} }}" for i in range(40)) + " }"
    assert len(text) > 300
    assert query_text(text) == text
    with pytest.raises(Exception, match="no such query file"):
        query_text(str(tmp_path / "missing.rq"))


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(?o, "((")) }',  # rdflib raises re.error while writing rows
    'SELECT * WHERE { ?s ?p "\\U0011FFFF" }',  # an escape past U+10FFFF
    "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999",
])
def test_odd_queries_fail_in_one_line(graph_file, capsys, text):
    code, out, err = query(capsys, text, "--graph", str(graph_file))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("newsgraph: error: ")
