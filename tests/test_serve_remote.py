"""``newsgraph serve --store http://...``: the read-only front of a SPARQL server, on real servers.

The same build goes into a store folder and into an ``oxigraph serve`` subprocess (and Virtuoso
where it is installed); an endpoint over each must answer the same rows, refuse the same things,
cut and time out the same way, and over the server never answer from a stale memory.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from servers import (
    free_port,
    oxigraph_server,
    run_cli,
    start_oxigraph,
    stop,
    virtuoso_binaries,
    virtuoso_server,
)
from test_serve import NEWSGRAPH, Listener, http, send_update

from graph.remote import RemoteStore
from graph.serve import Endpoint, ServeConfig, load_served, make_server, serve_in_thread
from graph.sparql import query_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # hours on a few hundred triples
SMALL = "".join(f"<https://example.org/n{i}> <https://example.org/p> \"{i}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                for i in range(300)).encode()


@contextmanager
def front(source, **limits) -> Iterator[str]:
    """The /sparql URL of an endpoint over ``source`` (a served folder, or a server's RemoteStore)."""
    server = make_server(source, ServeConfig(host="127.0.0.1", port=0, **{"workers": 2, **limits}))
    serve_in_thread(server)
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/sparql"
    finally:
        server.shutdown()
        server.server_close()
        server.endpoint.close()


@contextmanager
def listening() -> Iterator[Listener]:
    """A loopback socket that counts connections (test_serve's Listener), closed at the end."""
    listener = Listener()
    try:
        yield listener
    finally:
        listener.sock.close()


@contextmanager
def remote_endpoint(url: str, **limits) -> Iterator[Endpoint]:
    """An Endpoint over the server at ``url`` (not asked first whether it answers), closed at the end."""
    endpoint = Endpoint(RemoteStore(url), ServeConfig(**{"workers": 1, **limits}))
    try:
        yield endpoint
    finally:
        endpoint.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """The seed built into a store folder."""
    folder = tmp_path_factory.mktemp("home") / "store"
    built = run_cli("build", str(SEED), "--store", str(folder), "-q")
    assert built.returncode == 0, built.stderr
    return folder


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request, tmp_path_factory) -> Iterator[str]:
    """The same seed built into a SPARQL server on 127.0.0.1: Oxigraph server, and Virtuoso where installed."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "virtuoso" and not virtuoso_binaries():
        pytest.skip("Virtuoso is not installed (scripts/test-services.sh installs Debian virtuoso-opensource)")
    with (virtuoso_server(folder) if request.param == "virtuoso" else oxigraph_server(folder)) as url:
        built = run_cli("build", str(SEED), "--store", url, "-q")
        assert built.returncode == 0, built.stderr
        yield url


@pytest.fixture(scope="module")
def fronts(home, server) -> Iterator[tuple[str, str]]:
    """(endpoint over the server, endpoint over the folder), both with a 50-row limit."""
    with front(load_served(None, server).source, max_results=50) as remote, \
            front(load_served(None, home).source, max_results=50, workers=1) as local:
        yield remote, local


def rows(status: int, headers, body: str) -> list[str]:
    """An answer's rows in a form that ignores row order: sorted lines or bindings, triples, or the boolean."""
    assert status == 200, body
    media = headers.get_content_type()
    if media == "application/sparql-results+json":
        data = json.loads(body)
        return [str(data["boolean"])] if "boolean" in data else \
            sorted(json.dumps(b, sort_keys=True) for b in data["results"]["bindings"])
    if media in ("application/sparql-results+xml", "text/turtle", "application/rdf+xml"):
        import pyoxigraph as ox

        if media == "application/sparql-results+xml":
            answer = ox.parse_query_results(body.encode(), format=ox.QueryResultsFormat.XML)
            return [str(bool(answer))] if isinstance(answer, ox.QueryBoolean) else sorted(str(list(s)) for s in answer)
        fmt = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.RDF_XML
        return sorted(str(q) for q in ox.parse(body.encode(), format=fmt))
    return sorted(body.splitlines())


SAME = [  # (query, format): each kind of answer in each format the endpoint writes
    (query_text("articles"), "json"),
    (query_text("people-by-country"), "csv"),
    (query_text("roles"), "tsv"),
    (query_text("entities"), "xml"),
    (query_text("quotes"), "json"),
    ("SELECT ?kind (COUNT(?x) AS ?n) WHERE { ?x a ?kind } GROUP BY ?kind", "csv"),
    ("ASK { ?p a schema:Person ; rdfs:label ?name FILTER(CONTAINS(?name, 'Larijani')) }", "json"),
    ("ASK { ?p a schema:Person ; rdfs:label 'Nobody Anywhere' }", "xml"),
    ("CONSTRUCT { ?p a schema:Person ; rdfs:label ?l } WHERE { ?p a schema:Person ; rdfs:label ?l }", "turtle"),
    ("CONSTRUCT WHERE { ?c a schema:Country ; rdfs:label ?l }", "ntriples"),
    ("DESCRIBE ?p WHERE { ?p a schema:Person ; rdfs:label ?l FILTER(CONTAINS(?l, 'Larijani')) }", "rdfxml"),
]


@pytest.mark.parametrize(("query", "fmt"), SAME, ids=[f"{q.split()[0]}-{f}-{i}" for i, (q, f) in enumerate(SAME)])
def test_the_front_answers_the_rows_the_folder_answers(fronts, server, query, fmt):
    remote, local = fronts
    there, here = http(remote, query, params={"format": fmt}), http(local, query, params={"format": fmt})
    assert there[1].get_content_type() == here[1].get_content_type()
    assert len(rows(*here)) >= 1
    if query.startswith("DESCRIBE") and server.endswith("/sparql"):
        # what DESCRIBE answers is up to the engine (SPARQL 1.1, 16.4): Virtuoso's triples name the resource
        # as subject or object, Oxigraph's as subject, each its own selection of them
        assert rows(*there) and all("person/ali-larijani>" in triple for triple in rows(*there))
    else:
        assert rows(*there) == rows(*here)
        assert there[1].get("X-Newsgraph-Truncated") == here[1].get("X-Newsgraph-Truncated")
    assert there[1]["X-Newsgraph-Cache"] == "miss"


def test_answers_past_the_row_limit_are_cut_and_marked_alike(fronts):
    remote, local = fronts
    for query in ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"):
        answers = [http(url, query, params={"format": "csv" if query.startswith("SELECT") else "ntriples"})
                   for url in (remote, local)]
        for status, headers, body in answers:
            assert status == 200 and headers["X-Newsgraph-Truncated"] == "true"
            assert headers["X-Newsgraph-Result-Limit"] == "50"
            assert len(body.splitlines()) == 50 + query.startswith("SELECT")  # the CSV header line


def test_virtuosos_silent_row_cap_is_marked_as_a_cut(server):
    """Virtuoso stops every answer at 10,000 rows without saying so: over it, such an answer is marked cut."""
    values = " ".join(str(i) for i in range(101))
    query = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} }}"  # 10,201 rows
    with front(load_served(None, server).source, max_results=20_000) as remote:
        status, headers, body = http(remote, query, params={"format": "csv"})
    assert status == 200
    if server.endswith("/sparql"):
        assert (headers["X-Newsgraph-Truncated"], headers["X-Newsgraph-Result-Limit"]) == ("true", "10000")
        assert len(body.splitlines()) == 10_000 + 1
    else:
        assert headers["X-Newsgraph-Truncated"] == "false" and len(body.splitlines()) == 101 * 101 + 1


@pytest.mark.parametrize("how", ["update-form", "update-body", "query-param"])
def test_updates_are_refused_before_anything_is_sent(fronts, server, how):
    remote, _ = fronts
    before = server_count(server)
    status, _, body = send_update(remote, "INSERT DATA { <https://example.org/x> <https://example.org/y> 1 }", how)
    assert status == 403 and "read-only" in body
    assert server_count(server) == before > 0


def server_count(url: str) -> int:
    """The triples of the server's default graph, asked of the server itself."""
    return int(next(iter(RemoteStore(url).query(COUNT)))["n"].value)  # type: ignore[call-overload]


def test_service_nesting_and_oversized_bodies_are_refused_as_over_a_folder(fronts):
    remote, local = fronts
    with listening() as listener:
        service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        nested = "SELECT * WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40
        for query, status, says in ((service, 400, "SERVICE"), (nested, 400, "nested too deeply"),
                                    ("SELECT * WHERE { ?s nope:p ?o }", 400, "line 1, column")):
            there, here = http(remote, query), http(local, query)
            assert there[0] == here[0] == status and says in there[2] and there[2] == here[2]
        assert listener.poll() == 0
    assert status_of_oversized_post(remote) == 413
    assert http(remote, COUNT, params={"default-graph-uri": "http://127.0.0.1:9/"})[0] == 400


def status_of_oversized_post(url: str) -> int:
    """The status the endpoint answers to a POST announcing a body past its 1 MB limit (none is sent)."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Length: 2000000\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n\r\n".encode())
        return int(sock.makefile("rb").readline().split()[1])


@pytest.fixture(params=["oxigraph", "virtuoso"])
def small_server(request, tmp_path) -> Iterator[str]:
    """A SPARQL server holding one article of 300 triples: Oxigraph server, stopping queries itself
    after 3 s (``--timeout-s``, as the README advises), and Virtuoso where installed."""
    from graph.store import put_article

    if request.param == "virtuoso" and not virtuoso_binaries():
        pytest.skip("Virtuoso is not installed (scripts/test-services.sh installs Debian virtuoso-opensource)")
    folder = tmp_path / request.param
    with (virtuoso_server(folder) if request.param == "virtuoso" else oxigraph_server(folder, "--timeout-s", "3")) as url:
        put_article(RemoteStore(url), "a1", SMALL)
        yield url


def test_a_change_on_the_server_shows_in_the_next_answer(small_server):
    """Builds write to the server while it is served: the front keeps no answer in memory."""
    from graph.store import put_article, remove_article

    with front(load_served(None, small_server).source) as remote:  # the default --cache-mb
        answers = [http(remote, COUNT, params={"format": "csv"})]
        put_article(RemoteStore(small_server), "a2", b"<https://example.org/m> <https://example.org/p> <https://example.org/q> .\n")
        answers.append(http(remote, COUNT, params={"format": "csv"}))
        remove_article(RemoteStore(small_server), "a1")
        answers.append(http(remote, COUNT, params={"format": "csv"}))
    assert [(status, body.split()[-1]) for status, _, body in answers] == [(200, "300"), (200, "301"), (200, "1")]
    assert [headers["X-Newsgraph-Cache"] for _, headers, _ in answers] == ["miss"] * 3


def test_the_time_limit_answers_503_and_the_front_keeps_answering(small_server):
    """The front stops waiting at --timeout (and the server stops the query: Virtuoso told the limit,
    Oxigraph at its --timeout-s); a query Virtuoso foresees as too long is a 503 at once."""
    long = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?a) < STR(?d) && STR(?d) < STR(?g)) }"
    with front(load_served(None, small_server).source, timeout=0.5) as remote:
        status, _, body = http(remote, long)
        assert status == 503 and body == "query stopped: it ran past the 0.5 s time limit\n"
        status, _, body = http(remote, RUNAWAY)
        assert status == 503 and body.count("\n") == 1, body
        assert ("cost estimate" if small_server.endswith("/sparql") else "0.5 s time limit") in body
        status, _, body = http(remote, COUNT, params={"format": "csv"})
        assert status == 200 and body.split()[-1] == "300"


def test_a_query_that_takes_the_parser_minutes_is_stopped_at_the_limit(small_server):
    """rdflib's parser needs minutes for some queries under the body limit: checked in a worker, killed in time."""
    values = "SELECT * WHERE { VALUES ?x { " + " ".join(str(i) for i in range(100_000)) + " } }"  # 589 KB
    with front(load_served(None, small_server).source, timeout=1) as remote:
        status, _, body = http(remote, method="POST", body=values.encode(),
                               headers={"Content-Type": "application/sparql-query"})
        assert (status, body) == (503, "query stopped: it ran past the 1 s time limit\n")
        status, _, body = http(remote, COUNT, params={"format": "csv"})
        assert status == 200 and body.split()[-1] == "300"


def test_a_server_stopped_mid_run_is_one_line_then_502(tmp_path):
    from graph.store import put_article

    url, process = start_oxigraph(tmp_path / "server")
    try:
        put_article(RemoteStore(url), "a1", SMALL)
        with front(load_served(None, url).source, timeout=60) as remote:
            answers: list[tuple] = []
            running = threading.Thread(target=lambda: answers.append(http(remote, RUNAWAY)))
            running.start()
            running.join(1.0)  # the runaway query is at the server now
            stop(process, kill=True)
            running.join(60)
            assert not running.is_alive(), "the request hung"
            answers.append(http(remote, COUNT))
    finally:
        stop(process, kill=True)
    for status, headers, body in answers:
        assert status in (502, 503) and headers.get_content_type() == "text/plain"
        assert body.count("\n") == 1 and "Traceback" not in body and url not in body, body
    assert "cannot reach the SPARQL server" in answers[1][2]


def test_a_server_that_says_nothing_never_hangs_a_request():
    """A port that takes connections and never answers: the start-up check gives up, a query gets its 503."""
    from graph.remote import RemoteStoreError

    with listening() as silent:  # it never accepts: connections wait in its backlog
        url = f"http://127.0.0.1:{silent.port}"
        with pytest.raises(RemoteStoreError, match=r"cannot reach the SPARQL server \(timed out\)"):
            RemoteStore(url).check(seconds=0.3)
        with remote_endpoint(url, timeout=0.3) as endpoint:
            answer = endpoint.answer(COUNT)
    assert (answer.status, answer.body) == (503, b"query stopped: it ran past the 0.3 s time limit\n")
    for bad in ("http://127.0.0.1:99999", "http://127.0.0.1:7878/sparql?x=1", "ftp://127.0.0.1/"):
        with pytest.raises(RemoteStoreError, match="not a SPARQL server URL"):
            RemoteStore(bad)


class Misbehaving:
    """A loopback 'SPARQL server' that redirects every request, or refuses it (401), recording what it was sent."""

    def __init__(self, status: int, location: str = "") -> None:
        seen = self.authorization = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                seen.append(self.headers.get("Authorization"))
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "13")
                self.end_headers()
                self.wfile.write(b"go elsewhere\n")

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_redirect_is_never_followed():
    """A server (or whatever took its port) that redirects cannot turn the front outward."""
    with listening() as listener:
        fake = Misbehaving(307, f"http://127.0.0.1:{listener.port}/sparql")
        try:
            with remote_endpoint(fake.url) as endpoint:
                answer = endpoint.answer(COUNT)
            started = run_cli("serve", "--store", fake.url, "--port", str(free_port()), timeout=60)
        finally:
            fake.close()
        assert listener.poll() == 0
    assert answer.status == 502 and b"redirect" in answer.body and b"not followed" in answer.body
    assert started.returncode == 2 and started.stderr.count("\n") == 1 and "not followed" in started.stderr


def test_credentials_come_from_the_environment_and_are_never_echoed(monkeypatch):
    fake = Misbehaving(401)
    monkeypatch.setenv("NEWSGRAPH_STORE_USER", "ann")
    monkeypatch.setenv("NEWSGRAPH_STORE_PASSWORD", "s3cret")
    try:
        with remote_endpoint(fake.url) as endpoint:
            answer = endpoint.answer(COUNT)
    finally:
        fake.close()
    assert fake.authorization == ["Basic YW5uOnMzY3JldA=="]
    assert answer.status == 502 and b"HTTP 401" in answer.body and answer.body.count(b"\n") == 1
    assert b"s3cret" not in answer.body and b"YW5u" not in answer.body and fake.url.encode() not in answer.body
    started = run_cli("serve", "--store", "http://ann:s3cret@127.0.0.1:1/sparql", timeout=60)
    assert started.returncode == 2 and "NEWSGRAPH_STORE_PASSWORD" in started.stderr
    assert "s3cret" not in started.stderr and started.stderr.count("\n") == 1


def test_serve_command_over_a_server(server):
    """``newsgraph serve --store URL`` as a user runs it; a server that is down is one line and exit 2."""
    import re

    from SPARQLWrapper import CSV, SPARQLWrapper

    proc = subprocess.Popen([NEWSGRAPH, "serve", "--store", server, "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        match = re.search(r"read-only at (http://127\.0\.0\.1:\d+/sparql)", line)
        assert match and line.startswith(f"serving the SPARQL server {server} read-only"), line
        client = SPARQLWrapper(match.group(1))
        client.setQuery(query_text("articles"))
        client.setReturnFormat(CSV)
        articles = list(csv.DictReader(io.StringIO(client.query().convert().decode("utf-8"))))
        assert [a["article"].rsplit("/", 1)[-1] for a in articles] == ["kayhan-142517"]
    finally:
        stop(proc)
    down = subprocess.run([NEWSGRAPH, "serve", "--store", f"http://127.0.0.1:{free_port()}"],
                          capture_output=True, text=True, timeout=60)
    assert down.returncode == 2 and down.stderr.count("\n") == 1
    assert "cannot reach the SPARQL server" in down.stderr and "Traceback" not in down.stderr
