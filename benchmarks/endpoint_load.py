"""Load test of ``newsgraph serve``: cheap queries among runaway ones, on 127.0.0.1 only.

Starts ``newsgraph serve`` on a synthetic graph (or ``--graph FILE`` / ``--store DIR``), sends
``--total`` queries from ``--clients`` threads, ``--heavy`` of them cross joins that would run for
minutes, and reports cheap-query latency (p50/p95/p99), what became of the heavy ones, and
whether the server answers normally right after. Issue #18's bar: cheap p95 < 1 s while 25
heavy arrive among 300, heavy ones cut at the limit, normal answers after. Bounded: at most
``total`` requests, each cut at ``--timeout``. Prints one JSON object; exit 1 when the bar is missed.

    .venv/bin/python benchmarks/endpoint_load.py                 # 300 queries, 25 heavy, 8 clients
    .venv/bin/python benchmarks/endpoint_load.py --store store/ --timeout 2
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HEAVY = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT ?c (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } GROUP BY ?c",
    "SELECT (SUM(?x) AS ?s) WHERE { ?a ?b ?x . ?d ?e ?y . ?g ?h ?z . ?j ?k ?w }",
]
CHEAP = [
    "SELECT ?p ?o WHERE { ?s ?p ?o } LIMIT 5",
    "ASK { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }",
    "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) } LIMIT 20",
]


def request(url: str, query: str, salt: int) -> tuple[int, float]:
    """(status, seconds) of one GET; ``salt`` makes each cheap query new to the answer cache."""
    text = f"{query} # {salt}" if salt >= 0 else query
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode({'query': text})}", timeout=120) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def synthetic_graph(folder: Path, triples: int) -> Path:
    path = folder / "graph.ttl"
    path.write_text("".join(f"<https://example.org/n{i}> <https://example.org/p{i % 7}> {i} .\n"
                            for i in range(triples)), encoding="utf-8")
    return path


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values or [0.0])[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", help="graph file to serve (default: a synthetic graph)")
    ap.add_argument("--store", help="store folder to serve")
    ap.add_argument("--triples", type=int, default=300, help="size of the synthetic graph (default: 300)")
    ap.add_argument("--total", type=int, default=300)
    ap.add_argument("--heavy", type=int, default=25)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--timeout", type=float, default=2.0, help="the server's time limit (default: 2 s)")
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        source = ["--store", args.store] if args.store else [
            "--graph", args.graph or str(synthetic_graph(Path(tmp), args.triples))]
        server = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", *source, "--host", "127.0.0.1",
                                   "--port", "0", "--timeout", str(args.timeout), "--workers", str(args.workers)],
                                  stderr=subprocess.PIPE, text=True)
        try:
            line = server.stderr.readline()
            match = re.search(r"http://127\.0\.0\.1:\d+/sparql", line)
            if not match:
                print(f"server did not start: {line.strip()}", file=sys.stderr)
                return 1
            report = run_load(match.group(0), args)
        finally:
            server.send_signal(signal.SIGINT)
            _, err = server.communicate(timeout=60)
    report["server_stderr_tracebacks"] = err.count("Traceback")
    print(json.dumps(report, indent=2))
    return 0 if report["meets_bar"] else 1


def run_load(url: str, args: argparse.Namespace) -> dict:
    step = max(1, args.total // max(1, args.heavy))
    plan = [(True, HEAVY[i % len(HEAVY)]) if i % step == step // 2 and i // step < args.heavy
            else (False, CHEAP[i % len(CHEAP)]) for i in range(args.total)]
    results: list[tuple[bool, int, float]] = []
    lock = threading.Lock()

    def one(item: tuple[int, tuple[bool, str]]) -> None:
        index, (heavy, query) = item
        status, seconds = request(url, query, -1 if heavy else index)
        with lock:
            results.append((heavy, status, seconds))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.clients) as clients:
        list(clients.map(one, enumerate(plan)))
    wall = time.perf_counter() - started
    cheap = [s for heavy, status, s in results if not heavy and status == 200]
    heavy_cut = [s for heavy, status, s in results if heavy and status == 503]
    after = [request(url, query, 10_000 + i) for i, query in enumerate(CHEAP)]
    report = {
        "requests": len(results), "clients": args.clients, "time_limit_s": args.timeout,
        "workers": args.workers, "wall_s": round(wall, 2),
        "cheap_statuses": dict(Counter(status for heavy, status, _ in results if not heavy)),
        "heavy_statuses": dict(Counter(status for heavy, status, _ in results if heavy)),
        "cheap_ms": {"p50": round(statistics.median(cheap) * 1000, 1) if cheap else None,
                     "p95": round(quantile(cheap, 95) * 1000, 1), "p99": round(quantile(cheap, 99) * 1000, 1),
                     "max": round(max(cheap, default=0) * 1000, 1)},
        "heavy_cut_after_s": {"median": round(statistics.median(heavy_cut), 2) if heavy_cut else None,
                              "max": round(max(heavy_cut, default=0), 2)},
        "after_load": [{"status": status, "ms": round(s * 1000, 1)} for status, s in after],
    }
    report["meets_bar"] = (
        report["cheap_statuses"] == {200: args.total - args.heavy}
        and report["heavy_statuses"] == {503: args.heavy}
        and quantile(cheap, 95) < 1.0
        and all(status == 200 for status, _ in after))
    return report


if __name__ == "__main__":
    sys.exit(main())
