"""The read-only guard under attack: SERVICE, LOAD and updates hidden by escapes, comments, case,
IRIs and nesting (fuzzed with hypothesis), parser-crashing nesting, and engines without network."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.nonet import call_without_network, walled
from graph.readonly import MAX_NESTING, QueryError, UpdateRefused, check_read_only, scan
from graph.sparql import prefix_map

ROWS = b'{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"remote"}}]}}'


class Remote:
    """A SPARQL endpoint on loopback that answers one row and counts the requests it got."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(ROWS)))
                self.end_headers()
                self.wfile.write(ROWS)

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reached_by(self, query: str) -> bool:
        """Whether Oxigraph, run on this query with no guard at all, calls this endpoint."""
        import pyoxigraph

        before = len(self.hits)
        store = pyoxigraph.Store()
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:s"), pyoxigraph.NamedNode("urn:p"),
                                  pyoxigraph.Literal("o")))
        try:
            result = store.query(query, prefixes=prefix_map())
            if not isinstance(result, pyoxigraph.QueryBoolean):
                list(result)
        except (SyntaxError, OSError, RuntimeError, ValueError):
            pass
        return len(self.hits) > before


@pytest.fixture(scope="module")
def remote():
    server = Remote()
    yield server
    server.server.shutdown()
    server.server.server_close()


def refused(query: str) -> bool:
    try:
        check_read_only(query, prefix_map())
    except QueryError:
        return True
    return False


def escape_some(word: str, picks: list[bool]) -> str:
    """``word`` with some letters written as SPARQL \\u escapes (applied before parsing)."""
    return "".join(f"\\u{ord(c):04X}" if pick else c for c, pick in zip(word, picks))


@st.composite
def service_disguises(draw: st.DrawFn, port: int) -> str:
    word = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in "service")
    if draw(st.integers(0, 3)) == 0:
        word = escape_some(word, draw(st.lists(st.booleans(), min_size=7, max_size=7)))
    gap = draw(st.sampled_from([" ", "", "\t", "\n", " # a } comment\n", " SILENT ", "/* */"]))
    target = draw(st.sampled_from([f"<http://127.0.0.1:{port}/sparql>", "ex:sparql", "?endpoint"]))
    call = f"{word}{gap}{target} {{ ?x ?y ?o }}"
    hide = draw(st.sampled_from([
        "", r"BIND(ex:a\#b AS ?z) ", 'BIND("#" AS ?h) ', "BIND('''#\n''' AS ?h) ", r'BIND("\"#" AS ?h) ',
        "BIND(<urn:x#y> AS ?i) ", "# \" a comment with a quote\n", "FILTER(1 < 2) ", r"BIND(ex:a\#b\# AS ?z) ",
    ]))
    for _ in range(draw(st.integers(0, 4))):
        call = draw(st.sampled_from(["{{ {} }}", "OPTIONAL {{ {} }}", "FILTER EXISTS {{ {} }}",
                                     "{{ SELECT * WHERE {{ {} }} }}", "MINUS {{ {} }}"])).format(call)
    values = f"VALUES ?endpoint {{ <http://127.0.0.1:{port}/sparql> }} " if target == "?endpoint" else ""
    prologue = f"PREFIX ex: <http://127.0.0.1:{port}/>\n"
    return f"{prologue}SELECT * WHERE {{ {values}{hide}{call} }}"


def test_the_engine_reaches_out_when_nothing_stops_it(remote):
    """What the guard stands between: Oxigraph runs SERVICE by itself (the fuzz test can fail)."""
    query = rf"PREFIX ex: <urn:ex:> SELECT * {{ BIND(ex:a\#b AS ?z) SERVICE <http://127.0.0.1:{remote.port}/x> {{ ?s ?p ?o }} }}"
    assert remote.reached_by(query)
    assert refused(query)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_service_disguises_are_refused(remote, data):
    query = data.draw(service_disguises(remote.port))
    reached = remote.reached_by(query)
    event("the engine alone calls out" if reached else "the engine alone does not")
    if reached:
        assert refused(query), query


@st.composite
def update_disguises(draw: st.DrawFn) -> str:
    body = draw(st.sampled_from([
        "INSERT DATA { <urn:a> <urn:b> 1 }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x.ttl>",
        "CLEAR ALL", "DROP DEFAULT", "CREATE GRAPH <urn:g>", "ADD DEFAULT TO <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "MOVE DEFAULT TO <urn:g>",
        "COPY <urn:g> TO DEFAULT", "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    ]))
    first, _, rest = body.partition(" ")
    first = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in first)
    if draw(st.booleans()):
        first = escape_some(first, draw(st.lists(st.booleans(), min_size=len(first), max_size=len(first))))
    prologue = draw(st.sampled_from(["", "PREFIX ex: <urn:ex:>\n", "# SELECT * { }\n", "BASE <urn:b>\n",
                                     "PREFIX ex: <urn:ex#> # }\n", r"PREFIX a\#: <urn:x> "]))
    return f"{prologue}{first} {rest}"


@settings(max_examples=80, deadline=None)
@given(query=update_disguises())
def test_fuzzed_update_disguises_are_refused(query):
    with pytest.raises(QueryError):
        check_read_only(query, prefix_map())


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> 1 }", "PREFIX x: <urn:x> # c\nLOAD <http://127.0.0.1:9/x.ttl>",
    "\\u0049NSERT DATA { <urn:a> <urn:b> 1 }",
])
def test_updates_are_refused_as_updates(query):
    with pytest.raises(UpdateRefused, match="read-only"):
        check_read_only(query, prefix_map())


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service ?p "SERVICE" } # SERVICE',
    "PREFIX ex: <urn:ex:> SELECT * { ?s ex:service ?o . BIND(ex:a\\#b AS ?z) }",
    "SELECT * { ?s <urn:SERVICE> ?o FILTER(?o != 'LOAD # x') }",
    "SELECT ?x WHERE { VALUES ?x { 1 2 } } ORDER BY DESC(?x) LIMIT 1",
    "ASK { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
])
def test_plain_queries_pass(query):
    check_read_only(query, prefix_map())


@pytest.mark.parametrize("shape", ["{", "(", "[", "<< "])
def test_a_lexer_counts_nesting_outside_strings_iris_and_comments(shape):
    close = {"{": "}", "(": ")", "[": "]", "<< ": " >>"}[shape]
    assert scan(shape * 40 + close * 40).depth == 40
    assert scan(f"\"{shape * 40}\" <urn:x(((]]> # {shape * 40}\n").depth == 0


@pytest.mark.parametrize("text", [
    "SELECT * " + "{" * 3000 + "}" * 3000,
    "SELECT * { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
    "SELECT * { ?s ?p " + "[ ?q " * 3000 + "1" + " ]" * 3000 + " }",
    "SELECT * { BIND(1" + " + 1" * 20000 + " AS ?x) }",
    "SELECT * { FILTER(" + "!" * 20000 + "true) }",
])
def test_parser_crashing_nesting_is_refused_before_any_parser(text):
    with pytest.raises(QueryError, match="refused before parsing"):
        check_read_only(text, prefix_map())


def test_nesting_within_the_bound_still_parses():
    depth = MAX_NESTING // 2
    check_read_only("SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth, prefix_map())


@pytest.mark.parametrize("text", [
    "SELECT * " + "{" * 3000 + "}" * 3000,
    "SELECT * { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
])
def test_cli_query_refuses_deep_nesting_in_one_line(tmp_path, text):
    graph = tmp_path / "g.ttl"
    graph.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "graph.cli", "query", text, "--graph", str(graph)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr[-300:]
    assert done.stderr.count("\n") == 1 and "nested too deeply" in done.stderr


def test_cli_query_on_a_store_never_reaches_out(tmp_path, remote):
    """The CLI runs engines in a thread without network: even rdflib's SERVICE gets nowhere."""
    from graph.store import open_store, put_article

    store = open_store(tmp_path / "store")
    put_article(store, "a1", b"<urn:a> <urn:b> <urn:c> .\n")
    del store
    before = len(remote.hits)
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{remote.port}/x> {{ ?s ?p ?o }} }}"
    done = subprocess.run([sys.executable, "-m", "graph.cli", "query", query, "--store", str(tmp_path / "store")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "SERVICE" in done.stderr
    assert len(remote.hits) == before


def test_a_thread_without_network_cannot_connect_but_its_caller_can(remote):
    with pytest.raises(PermissionError):
        call_without_network(socket.create_connection, ("127.0.0.1", remote.port), 5)
    socket.create_connection(("127.0.0.1", remote.port), 5).close()  # the caller's thread is untouched
    assert call_without_network(walled) is True and walled() is False


def test_oxigraph_in_a_thread_without_network_cannot_federate(remote):
    """The second wall: were the guard fooled, the engine still could not call out."""
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{remote.port}/x> {{ ?s ?p ?o }} }}"
    before = len(remote.hits)
    assert call_without_network(remote.reached_by, query) is False
    assert len(remote.hits) == before
    assert remote.reached_by(query)  # outside that thread the same query does call out


def test_from_clauses_never_make_rdflib_fetch(tmp_path, remote):
    """rdflib loads a FROM <iri> from the web when it evaluates on a Dataset: refused before that."""
    from rdflib import Dataset

    from graph.sparql import run

    before = len(remote.hits)
    query = f"SELECT * FROM <http://127.0.0.1:{remote.port}/g.ttl> WHERE {{ ?s ?p ?o }}"
    with pytest.raises(QueryError, match="FROM"):
        run(Dataset(), query)
    assert len(remote.hits) == before
