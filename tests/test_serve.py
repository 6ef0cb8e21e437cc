"""The read-only SPARQL endpoint: protocol, formats, refusals, limits, and a bounded load test."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.serve import Endpoint, ServeConfig, load_served, make_server, negotiate, serve_in_thread
from graph.sparql import named_queries, query_text

NG = "https://newsgraph.org/ontology#"
TTL = """
@prefix ng: <https://newsgraph.org/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix ex: <https://example.org/> .
ex:alice a schema:Person ; schema:name "Alice Example"@en ; ng:memberOf ex:acme .
ex:bob a schema:Person ; schema:name "Bob Example" ; ng:age 42 .
ex:acme a schema:Organization ; schema:name "Acme" .
"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NEWSGRAPH = str(Path(sys.executable).parent / "newsgraph")  # the console script a user runs


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "graph.ttl"
    lines = [TTL] + [f"<https://example.org/n{i}> <https://example.org/p> {i} ." for i in range(50)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(graph_file):
    config = ServeConfig(host="127.0.0.1", port=0, timeout=5.0, max_results=20)
    srv = make_server(load_served(graph_file).source, config)
    serve_in_thread(srv)
    yield srv
    srv.shutdown()
    srv.server_close()
    srv.endpoint.close()


@pytest.fixture(scope="module")
def url(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/sparql"


def http(url: str, query: str | None = None, method: str = "GET", body: bytes | None = None,
         headers: dict[str, str] | None = None, params: dict[str, str] | None = None):
    """(status, headers, body text) of one request; HTTP errors are answers, not exceptions."""
    params = dict(params or {})
    if query is not None:
        params["query"] = query
    target = url + ("?" + urllib.parse.urlencode(params) if params else "")
    req = urllib.request.Request(target, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


@contextlib.contextmanager
def endpoint_of(graph=None, store_dir=None, config: ServeConfig | None = None) -> Iterator[Endpoint]:
    """An Endpoint (and its worker processes) for the test's duration."""
    endpoint = Endpoint(load_served(graph, store_dir).source, config)
    try:
        yield endpoint
    finally:
        endpoint.close()


def count(url: str) -> int:
    status, _, body = http(url, COUNT, headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# --- a real client -------------------------------------------------------------------------

def test_sparqlwrapper_select_json(url):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(url)
    client.setQuery("SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name")
    client.setReturnFormat(JSON)
    data = client.query().convert()
    names = [b["name"]["value"] for b in data["results"]["bindings"]]
    assert names == ["Alice Example", "Bob Example"]
    assert data["results"]["bindings"][0]["name"]["xml:lang"] == "en"


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_sparqlwrapper_methods(url, method):
    from SPARQLWrapper import GET, JSON, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

    client = SPARQLWrapper(url)
    client.setMethod(GET if method == "GET" else POST)
    if method == "POSTDIRECTLY":
        client.setRequestMethod(POSTDIRECTLY)
    elif method == "POST":
        client.setRequestMethod(URLENCODED)
    client.setQuery("ASK { ?s ng:memberOf ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_sparqlwrapper_xml_csv_tsv(url):
    from SPARQLWrapper import CSV, TSV, XML, SPARQLWrapper

    query = "SELECT ?age WHERE { ?p ng:age ?age }"
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(XML)
    doc = client.query().convert()
    assert doc.getElementsByTagName("literal")[0].firstChild.data == "42"
    client.setReturnFormat(CSV)
    assert list(csv.reader(io.StringIO(client.query().convert().decode("utf-8")))) == [["age"], ["42"]]
    client.setReturnFormat(TSV)
    assert client.query().convert().decode("utf-8").splitlines()[0] == "?age"


def test_sparqlwrapper_construct_turtle(url):
    from rdflib import Graph
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    client = SPARQLWrapper(url)
    client.setQuery("CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert().decode("utf-8"), format="turtle")
    assert len(graph) == 2


def test_sparqlwrapper_update_refused_and_nothing_changes(url):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    before = count(url)
    client = SPARQLWrapper(url)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <https://example.org/x> <https://example.org/y> 1 }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()
    assert count(url) == before


# --- protocol details ----------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "fmt", "media"), [
    ("application/sparql-results+json", None, "application/sparql-results+json"),
    ("application/sparql-results+xml", None, "application/sparql-results+xml"),
    ("text/csv", None, "text/csv"),
    ("text/tab-separated-values", None, "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml", None, "application/sparql-results+xml"),
    ("*/*", None, "application/sparql-results+json"),
    (None, "csv", "text/csv"),
    ("application/sparql-results+json", "tsv", "text/tab-separated-values"),
])
def test_content_negotiation(url, accept, fmt, media):
    status, headers, _ = http(url, "SELECT ?s WHERE { ?s a schema:Person }",
                              headers={"Accept": accept} if accept else {},
                              params={"format": fmt} if fmt else None)
    assert status == 200
    assert headers.get_content_type() == media


def test_construct_defaults_to_turtle(url):
    status, headers, body = http(url, "DESCRIBE <https://example.org/bob>", headers={"Accept": "*/*"})
    assert status == 200 and headers.get_content_type() == "text/turtle"
    assert "Bob Example" in body


@pytest.mark.parametrize("query", [
    "INSERT DATA { <https://example.org/x> <https://example.org/y> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "CLEAR ALL",
    "DROP DEFAULT",
    "PREFIX ex: <https://example.org/> DELETE DATA { ex:bob ng:age 42 }",
])
@pytest.mark.parametrize("how", ["update-form", "update-body", "query-param"])
def test_update_is_refused_and_nothing_changes(url, query, how):
    before = count(url)
    status, _, body = send_update(url, query, how)
    assert 400 <= status < 500
    assert "read-only" in body
    assert count(url) == before


def send_update(url: str, update: str, how: str):
    """(status, headers, body) of an update sent as a form's ``update=``, a sparql-update body, or as a query."""
    if how == "update-form":
        return http(url, method="POST", body=urllib.parse.urlencode({"update": update}).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    if how == "update-body":
        return http(url, method="POST", body=update.encode(), headers={"Content-Type": "application/sparql-update"})
    return http(url, update)


def test_other_methods_refused(url):
    status, headers, _ = http(url, method="PUT", body=b"x", headers={"Content-Type": "text/turtle"})
    assert status == 405 and "GET" in headers["Allow"]


class Listener:
    """A loopback socket that records whether anything connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0

    def poll(self) -> int:
        try:
            conn, _ = self.sock.accept()
            conn.close()
            self.connections += 1
        except OSError:
            pass
        return self.connections


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o . OPTIONAL {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?q ?z }} }} }}",
])
def test_service_never_reaches_out(url, template):
    listener = Listener()
    status, _, body = http(url, template.format(port=listener.port))
    assert status == 400 and "SERVICE" in body
    assert listener.poll() == 0


def test_names_containing_service_are_fine(url):
    status, _, body = http(url, 'SELECT ?service WHERE { ?service ?p "SERVICE" } # SERVICE')
    assert status == 200, body


@pytest.mark.parametrize(("query", "where"), [
    ("SELECT * WHERE { ?s ?p }", "line 1, column 25"),
    ("SELECT ?x\nWHERE {\n  ?x ng:age ?y .\n  FILTER(?y > }", "line 4, column 16"),
    ("SELECT * WHERE { ?s nope:p ?o }", "line 1, column"),
])
def test_malformed_query_names_line_and_column(url, query, where):
    status, headers, body = http(url, query)
    assert status == 400
    assert headers.get_content_type() == "text/plain"
    assert where in body and "Traceback" not in body


@pytest.mark.parametrize(("params", "status"), [
    ({}, 400),
    ({"query": ""}, 400),
    ({"query": COUNT, "format": "pdf"}, 406),
])
def test_bad_requests(url, params, status):
    assert http(url, params=params)[0] == status


def test_unknown_path_and_media_type(url):
    assert http(url.replace("/sparql", "/nothing"), COUNT)[0] == 404
    status, _, _ = http(url, method="POST", body=COUNT.encode(), headers={"Content-Type": "text/plain"})
    assert status == 415


def test_result_limit_cuts_and_says_so(url):
    status, headers, body = http(url, "SELECT ?s WHERE { ?s ?p ?o }",
                                 headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    assert headers["X-Newsgraph-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 20
    status, headers, _ = http(url, "SELECT ?s WHERE { ?s a schema:Person }")
    assert headers["X-Newsgraph-Truncated"] == "false"


def test_time_limit_stops_a_runaway_query(graph_file):
    config = ServeConfig(host="127.0.0.1", port=0, timeout=0.2, max_results=5)
    srv = make_server(load_served(graph_file).source, config)
    serve_in_thread(srv)
    try:
        host, port = srv.server_address[:2]
        # seconds of work: its worker process is killed at the limit (graph/querypool.py)
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        status, _, body = http(f"http://{host}:{port}/sparql", heavy)
        assert status == 503 and "time limit" in body
    finally:
        srv.shutdown()
        srv.server_close()
        srv.endpoint.close()


def test_binds_loopback_by_default():
    assert ServeConfig().host == "127.0.0.1"


def test_negotiate_prefers_format_parameter():
    assert negotiate("text/csv", "xml", graph_result=False) == "xml"
    assert negotiate("text/turtle", None, graph_result=True) == "turtle"
    assert negotiate("application/n-triples", None, graph_result=True) == "ntriples"
    assert negotiate("image/png", None, graph_result=False) == "json"


def test_load_served_reports_bad_files(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.ttl"):
        load_served(bad)
    with pytest.raises(ValueError, match="no such graph file"):
        load_served(tmp_path / "missing.ttl")
    with pytest.raises(ValueError, match="no such store folder"):
        load_served(None, tmp_path / "missing")


def test_serves_a_store_folder_and_a_trig_file(tmp_path):
    """--store DIR (opened read-only, union in the default graph) and a .trig of named graphs."""
    from graph.store import open_store as open_persistent
    from graph.store import put_article

    folder = tmp_path / "store"
    writer = open_persistent(folder)
    put_article(writer, "a1", b"<https://example.org/x> <https://example.org/p> <https://example.org/y> .\n")
    put_article(writer, "a2", b"<https://example.org/x> <https://example.org/p> <https://example.org/y> .\n")
    writer.flush()
    del writer
    with endpoint_of(None, folder, ServeConfig(workers=1)) as endpoint:
        answer = endpoint.answer("SELECT ?o WHERE { ?s ?p ?o }", fmt="csv")
    assert answer.status == 200 and answer.body.decode().split() == ["o", "https://example.org/y"]
    assert load_served(None, folder).size == "1 triple"  # the union, not its two copies

    trig = tmp_path / "g.trig"
    trig.write_text("<https://example.org/g> { <https://example.org/x> <https://example.org/p> 1 }\n",
                    encoding="utf-8")
    with endpoint_of(trig, config=ServeConfig(workers=1)) as endpoint:
        answer = endpoint.answer("SELECT ?o WHERE { ?s ?p ?o }", fmt="csv")
    assert answer.body.decode().split() == ["o", "1"]
    assert load_served(trig).size == "1 quad in named graphs"


# --- answers kept in memory -----------------------------------------------------------------


def test_a_repeated_query_is_answered_from_memory(url):
    query = "SELECT ?name WHERE { ?p schema:name ?name } ORDER BY ?name"
    first = http(url, query, headers={"Accept": "text/csv"})
    again = http(url, query, headers={"Accept": "text/csv"})
    assert first[0] == again[0] == 200
    assert (first[1]["X-Newsgraph-Cache"], again[1]["X-Newsgraph-Cache"]) == ("miss", "hit")
    assert again[2] == first[2] and again[2].split() == ["name", "Acme", "Alice", "Example", "Bob", "Example"]
    assert again[1]["Content-Type"] == first[1]["Content-Type"]
    other = http(url, query, headers={"Accept": "application/sparql-results+json"})
    assert other[1]["X-Newsgraph-Cache"] == "miss"  # asked another way: its own answer
    assert other[1]["Content-Type"].startswith("application/sparql-results+json")
    assert len(json.loads(other[2])["results"]["bindings"]) == 3


def test_volatile_queries_and_refusals_are_never_kept(url):
    volatile = "SELECT (RAND() AS ?r) WHERE {}"
    assert [http(url, volatile)[1]["X-Newsgraph-Cache"] for _ in range(2)] == ["miss", "miss"]
    assert http(url, volatile)[2] != http(url, volatile)[2]
    for _ in range(2):
        status, headers, _ = http(url, "SELECT ?s WHERE { ?s ?p }")
        assert status == 400 and "X-Newsgraph-Cache" not in headers


@pytest.mark.parametrize("cache_bytes", [0, 300])
def test_no_cache_or_answers_larger_than_it(graph_file, cache_bytes):
    """--cache-mb 0 keeps nothing; an answer larger than the whole cache is served, not kept."""
    with endpoint_of(graph_file, config=ServeConfig(cache_bytes=cache_bytes, workers=1)) as endpoint:
        query = "SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o }"
        answers = [endpoint.answer(query, fmt="csv") for _ in range(2)]
        assert [a.headers["X-Newsgraph-Cache"] for a in answers] == ["miss", "miss"]
        assert answers[0].body == answers[1].body and answers[0].body.count(b"\n") == 51
        if cache_bytes:  # a small answer still fits
            small = [endpoint.answer("ASK { ?s ?p ?o }", fmt="json") for _ in range(2)]
            assert [a.headers.get("X-Newsgraph-Cache") for a in small] == ["miss", "hit"]


def test_a_served_store_folder_is_a_snapshot(tmp_path):
    """What makes the kept answers right: a store folder opened read-only does not see later writes."""
    from graph.store import open_store as open_persistent
    from graph.store import put_article

    folder = tmp_path / "store"
    writer = open_persistent(folder)
    put_article(writer, "a1", b'<https://example.org/x> <https://example.org/p> "1" .\n')
    writer.flush()
    del writer
    with endpoint_of(None, folder, ServeConfig(cache_bytes=0, workers=2)) as endpoint:
        assert endpoint.answer(COUNT, fmt="csv").body.split()[-1] == b"1"
        writer = open_persistent(folder)
        put_article(writer, "a2", b'<https://example.org/y> <https://example.org/p> "2" .\n')
        writer.flush()
        del writer
        assert [endpoint.answer(COUNT, fmt="csv").body.split()[-1] for _ in range(4)] == [b"1"] * 4
    with endpoint_of(None, folder, ServeConfig(workers=1)) as endpoint:
        assert endpoint.answer(COUNT, fmt="csv").body.split()[-1] == b"2"


# --- bounded load test ---------------------------------------------------------------------

LOAD_QUERIES = [
    "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }",
    "ASK { ?s ng:memberOf ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a schema:Organization ; ?p ?o }",
    "SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o FILTER(?o > 10) } ORDER BY ?o LIMIT 5",
]


def test_load_eight_clients(url, capsys):
    """400 queries from 8 concurrent clients on loopback: no errors; latency printed, not asserted."""
    total, clients = 400, 8
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        query = queries[i % len(queries)]
        start = time.perf_counter()
        status, _, body = http(url, None if i % 2 else query, method="POST" if i % 2 else "GET",
                               body=urllib.parse.urlencode({"query": query}).encode() if i % 2 else None,
                               headers={"Content-Type": "application/x-www-form-urlencoded"} if i % 2 else {})
        elapsed = time.perf_counter() - start
        with lock:
            latencies.append(elapsed)
            if status != 200 or not body:
                errors.append(f"{status}: {body[:80]}")

    queries = LOAD_QUERIES + [query_text(name) for name in named_queries()]
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, range(total)))
    cuts = statistics.quantiles(latencies, n=100)
    with capsys.disabled():
        print(f"\nload test: {total} queries, {clients} clients, {len(errors)} errors, "
              f"p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms")
    assert errors == []
    assert len(latencies) == total


def test_serve_command_end_to_end(graph_file):
    """``newsgraph serve`` as a user runs it: loopback by default, answers SPARQLWrapper."""
    import re
    import subprocess

    from SPARQLWrapper import JSON, SPARQLWrapper

    proc = subprocess.Popen([NEWSGRAPH, "serve", "--graph", str(graph_file),
                             "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        match = re.search(r"http://([\d.]+):(\d+)/sparql", line)
        assert match, line
        assert match.group(1) == "127.0.0.1"
        assert line.startswith(f"serving {load_served(graph_file).size} read-only"), line
        client = SPARQLWrapper(match.group(0))
        client.setQuery(COUNT)
        client.setReturnFormat(JSON)
        assert int(client.query().convert()["results"]["bindings"][0]["n"]["value"]) > 50
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_command_errors_are_one_line(tmp_path):
    import subprocess

    done = subprocess.run([NEWSGRAPH, "serve", "--graph", str(tmp_path / "none.ttl")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == f"newsgraph: error: {tmp_path / 'none.ttl'}: no such graph file"
    for bad in (["--port", "99999"], ["--cache-mb", "-1"]):
        done = subprocess.run([NEWSGRAPH, "serve", *bad], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
