"""The endpoint under abuse: the SERVICE bypass, CORS, parser-crashing nesting, runaway queries,
crashing workers, clients that hang up, and a bounded load of cheap and heavy queries."""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_endpoint_guard import Remote
from test_serve import COUNT, http

from graph.querypool import PoolConfig, PoolError, QueryPool, Source
from graph.serve import ServeConfig, load_served, make_server, serve_in_thread

HEAVY = [  # each would run for minutes on 200 triples; none holds much memory
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT ?c (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } GROUP BY ?c",
    "SELECT (SUM(?x) AS ?s) WHERE { ?a ?b ?x . ?d ?e ?y . ?g ?h ?z . ?j ?k ?w }",
]
CHEAP = [
    "SELECT ?o WHERE { <https://example.org/n1> ?p ?o }",
    "ASK { ?s <https://example.org/p> 7 }",
    "SELECT ?s WHERE { ?s <https://example.org/p> ?o FILTER(?o > 190) } ORDER BY ?s",
]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("abuse") / "graph.ttl"
    path.write_text("".join(f"<https://example.org/n{i}> <https://example.org/p> {i} .\n" for i in range(200)),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def served(graph_file):
    return load_served(graph_file)


def start(served, **config):
    server = make_server(served.source, ServeConfig(host="127.0.0.1", port=0, **config))
    serve_in_thread(server)
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}/sparql"


def stop(server) -> None:
    server.shutdown()
    server.server_close()
    server.endpoint.close()


@pytest.fixture(scope="module")
def endpoint(served):
    server, url = start(served, timeout=1.0, workers=4)
    yield server, url
    stop(server)


def ask_all_ways(url: str, query: str) -> list[tuple[int, str]]:
    """(status, body) of the query sent by GET, by POST form and by POST sparql-query."""
    return [(status, body) for status, _, body in (
        http(url, query),
        http(url, method="POST", body=urllib.parse.urlencode({"query": query}).encode(),
             headers={"Content-Type": "application/x-www-form-urlencoded"}),
        http(url, method="POST", body=query.encode(), headers={"Content-Type": "application/sparql-query"}),
    )]


def test_service_hidden_behind_an_escaped_hash_is_refused(endpoint):
    remote = Remote()
    try:
        query = (r"PREFIX ex: <urn:ex:> SELECT * { BIND(ex:a\#b AS ?z) "
                 f"SERVICE <http://127.0.0.1:{remote.port}/x> {{ ?s ?p ?o }} }}")
        assert remote.reached_by(query)  # Oxigraph alone would fetch it
        before = len(remote.hits)
        for status, body in ask_all_ways(endpoint[1], query):
            assert status == 400 and "SERVICE" in body
        assert len(remote.hits) == before
    finally:
        remote.server.shutdown()
        remote.server.server_close()


def test_no_cors_header_by_default(endpoint):
    _, url = endpoint
    status, headers, _ = http(url, COUNT, headers={"Origin": "http://evil.example"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = http(url, method="OPTIONS", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert status == 204 and "Access-Control-Allow-Origin" not in headers


def test_cors_only_for_the_origins_given(served):
    server, url = start(served, workers=1, cors=("http://localhost:8888",))
    try:
        _, headers, _ = http(url, COUNT, headers={"Origin": "http://localhost:8888"})
        assert headers["Access-Control-Allow-Origin"] == "http://localhost:8888"
        assert "Origin" in headers["Vary"]
        _, headers, _ = http(url, COUNT, headers={"Origin": "http://evil.example"})
        assert "Access-Control-Allow-Origin" not in headers
        status, headers, _ = http(url, method="OPTIONS", headers={
            "Origin": "http://localhost:8888", "Access-Control-Request-Method": "POST"})
        assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    finally:
        stop(server)


def test_cors_command_line_option(graph_file):
    from graph.cli import parser

    args = parser().parse_args(["serve", "--graph", str(graph_file), "--cors", "http://a", "--cors", "http://b"])
    assert args.cors == ["http://a", "http://b"]
    assert parser().parse_args(["serve"]).cors == []


@pytest.mark.parametrize("text", [
    "SELECT * " + "{" * 3000 + "}" * 3000,
    "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
])
def test_deep_nesting_is_refused_and_the_server_lives(endpoint, text):
    server, url = endpoint
    pids = server.endpoint.pool.pids()
    for status, body in ask_all_ways(url, text):
        assert status == 400 and "nested too deeply" in body
    assert http(url, COUNT)[0] == 200
    assert server.endpoint.pool.pids() == pids  # no worker died either


@pytest.mark.parametrize(("query", "status"), [
    ('SELECT * WHERE { ?s ?p "\\U0011FFFF" }', 400),  # an escape past U+10FFFF
    ('SELECT * WHERE { ?s ?p "\\uD800" }', 400),
    ("SELECT * WHERE { ?s ?p ?o \x00 }", 400),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999", 400),
    ("SELECT ?x WHERE { BIND(STRLEN(1/0) AS ?x) }", 200),
])
def test_odd_queries_get_one_line_answers(endpoint, query, status):
    got, headers, body = http(endpoint[1], query)
    assert got == status and "Traceback" not in body
    if status != 200:
        assert headers.get_content_type() == "text/plain" and body.count("\n") == 1


def test_a_query_past_its_memory_cap_fails_alone(served):
    server, url = start(served, workers=1, timeout=30, memory_mb=400)
    try:
        sort = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"  # 8M rows sorted
        status, _, body = http(url, sort)
        assert status == 500 and "out of memory" in body
        assert http(url, COUNT)[0] == 200
    finally:
        stop(server)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_query_past_its_limit_is_really_stopped(endpoint):
    """Four runaway queries (as many as workers) are cut, their workers killed; cheap ones answer after."""
    server, url = endpoint
    before = server.endpoint.pool.pids()
    with ThreadPoolExecutor(max_workers=4) as clients:
        answers = list(clients.map(lambda q: http(url, q), [HEAVY[0], HEAVY[1], HEAVY[2], HEAVY[0] + " LIMIT 1"]))
    assert all(status == 503 and ("time limit" in body or "busy" in body) for status, _, body in answers)
    gone = before - server.endpoint.pool.pids()
    assert len(gone) >= 2 and not any(alive(pid) for pid in gone)  # no work goes on behind the 503
    for query in CHEAP:
        status, headers, _ = http(url, query)
        assert status == 200 and headers["X-Newsgraph-Cache"] in ("miss", "hit")


def echo_or_crash(_store: object, request: str | None) -> str:
    """A worker job for the test: echo, or die of a segmentation fault as a parser overflow would."""
    if request is None:  # the warm-up
        return ""
    if request == "fail":
        raise KeyError(request)
    if request == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    return request.upper()


def connect(_store: object, port: int | None) -> str:
    """A worker job for the test: try to open a connection to the given loopback port."""
    if port is None:
        return ""
    try:
        socket.create_connection(("127.0.0.1", port), 5).close()
    except PermissionError:
        return "refused"
    return "connected"


def test_query_workers_cannot_open_network_connections():
    remote = Remote()
    pool = QueryPool(Source(), connect, PoolConfig(size=1, timeout=30))
    try:
        assert pool.run(remote.port) == "refused"
        assert connect(None, remote.port) == "connected"  # the same job outside a worker
    finally:
        pool.close()
        remote.server.shutdown()
        remote.server.server_close()


def test_a_crashing_worker_is_replaced(served):
    pool = QueryPool(Source(), echo_or_crash, PoolConfig(size=1, timeout=30))
    try:
        assert pool.run("ping") == "PING"
        with pytest.raises(PoolError) as caught:
            pool.run("crash")
        assert caught.value.reason == "crash"
        assert pool.run("again") == "AGAIN"
        with pytest.raises(PoolError, match="KeyError: 'fail'") as caught:
            pool.run("fail")
        assert caught.value.reason == "failed" and pool.run("still") == "STILL"
    finally:
        pool.close()


def test_client_hang_ups_leave_no_traceback(graph_file):
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--graph", str(graph_file),
                             "--port", "0", "--workers", "1", "--timeout", "2"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        host, port = re.search(r"http://([\d.]+):(\d+)/sparql", line).groups()
        big = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }")
        for request in (f"GET /sparql?query={big} HTTP/1.1\r\nHost: x\r\n\r\n",  # hang up before the answer
                        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n"
                        "Content-Type: application/sparql-query\r\n\r\nSELECT",  # hang up mid-body
                        "GET /spa"):  # hang up mid-line
            sock = socket.create_connection((host, int(port)))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.sendall(request.encode())
            sock.close()  # with linger 0: a reset, as a browser tab closed mid-answer
        time.sleep(1.0)
        assert http(f"http://{host}:{port}/sparql", COUNT)[0] == 200
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err and "Error" not in err, err


def test_load_cheap_queries_flow_while_heavy_ones_are_cut(served, capsys):
    """300 queries from 8 clients on loopback, 25 of them runaway: every cheap one is answered,
    every heavy one is cut at the limit, and the server answers normally right after. Latencies
    are printed (``benchmarks/endpoint_load.py`` measures them on an idle machine)."""
    server, url = start(served, timeout=1.0, workers=4, cache_bytes=0)
    try:
        total, heavy_every = 300, 12  # 25 heavy among 300
        plan = [HEAVY[i % len(HEAVY)] if i % heavy_every == 5 else CHEAP[i % len(CHEAP)] for i in range(total)]
        outcomes: list[tuple[bool, int, float]] = []
        lock = threading.Lock()

        def one(query: str) -> None:
            started = time.perf_counter()
            status = http(url, query)[0]
            with lock:
                outcomes.append((query in HEAVY, status, time.perf_counter() - started))

        with ThreadPoolExecutor(max_workers=8) as clients:
            list(clients.map(one, plan))
        cheap = [(status, seconds) for heavy, status, seconds in outcomes if not heavy]
        heavy = Counter(status for is_heavy, status, _ in outcomes if is_heavy)
        assert sum(heavy.values()) == 25 and set(heavy) == {503}
        assert len(cheap) == 275 and {status for status, _ in cheap} == {200}
        assert [http(url, query)[0] for query in CHEAP] == [200] * len(CHEAP)
        cuts = statistics.quantiles([seconds for _, seconds in cheap], n=20)
        with capsys.disabled():
            print(f"\nendpoint load: 275 cheap p50 {statistics.median(s for _, s in cheap) * 1000:.0f} ms, "
                  f"p95 {cuts[18] * 1000:.0f} ms; 25 heavy all cut (503)")
    finally:
        stop(server)
