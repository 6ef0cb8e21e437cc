"""Beyond one machine, measured on this one (issue #17): builds, the server store, the aggregates.

    .venv/bin/python benchmarks/scale.py [--limit 500] [--reuters-store DIR] [--out results.json]

1. The first ``--limit`` BBC articles built four ways in the same run: one job, ``--jobs 2`` (both
   into an embedded store), ``--cluster local:2 --store http://127.0.0.1:PORT`` (a 2-worker Dask
   LocalCluster writing to an ``oxigraph serve`` started here) and the same on one worker (the
   engine's own scaling; the one-job build already overlaps parsing and extraction): wall time, CPU seconds of the build
   and every process it started, words per CPU-second; the embedded and the cluster+server stores
   must hold identical sorted N-Quads.
2. Load time and every named query, cold (no result cache, first run), on the embedded store and on
   the server, through the same code as ``newsgraph query NAME --store ...``.
3. With ``--reuters-store DIR`` (a COPY: it gets aggregates), the one-off count of the aggregates
   over an existing store and the co-mentions / people-by-country reports cold from the aggregates
   against the same queries over the articles.
The load average before and after is printed: the machine is shared, so numbers are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
BBC = ROOT.parent / "shared" / "corpus" / "bbc_news_all.jsonl"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(*args: str) -> dict:
    """One ``newsgraph build`` in a child process: wall and CPU seconds (its whole process tree)."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "graph.cli", "build", *args, "-q"], cwd=ROOT,
                          capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    if done.returncode:
        raise SystemExit(f"build {args} failed: {done.stderr}")
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def cold_queries(store: str, names: list[str] | None = None) -> dict[str, dict]:
    """Each named query once, cold, through the path of ``newsgraph query NAME --store S --no-cache``:
    wall ms and the CPU ms of this process and its children (the embedded store reads in a child;
    a server's own CPU is not counted). On a shared machine the CPU time is the steadier number."""
    from graph.commands.query import _evaluate
    from graph.sparql import named_queries

    timings = {}
    for name in names or named_queries():
        start, cpu = time.perf_counter(), time.process_time() + children_cpu()
        text = _evaluate(name, "json", None, store)
        timings[name] = {"ms": round((time.perf_counter() - start) * 1000, 1),
                         "cpu_ms": round((time.process_time() + children_cpu() - cpu) * 1000, 1),
                         "rows": len(json.loads(text).get("results", {}).get("bindings", []))}
    return timings


def builds(limit: int, work: Path) -> dict:
    from servers import folder_nquads, oxigraph_server, server_nquads

    sample = work / f"bbc{limit}.jsonl"
    with BBC.open(encoding="utf-8") as fh:
        lines = [line for _, line in zip(range(limit), fh)]
    sample.write_text("".join(lines), encoding="utf-8")
    words = sum(len(json.loads(line)["text"].split()) for line in lines)
    result: dict = {"articles": limit, "words": words}
    result["one job"] = timed_build(str(sample), "--store", str(work / "j1"))
    result["--jobs 2"] = timed_build(str(sample), "--store", str(work / "j2"), "--jobs", "2")
    with oxigraph_server(work / "server") as url:
        result["--cluster local:2 --store URL"] = timed_build(str(sample), "--store", url, "--cluster", "local:2")
        remote = server_nquads(url)
        result["same quads"] = remote == folder_nquads(work / "j1")
        result["quads"] = len(remote)
        result["queries server"] = cold_queries(url)
        result["queries embedded"] = cold_queries(str(work / "j1"))
    with oxigraph_server(work / "server1") as url:  # the engine's own scaling: the same build on one worker
        result["--cluster local:1 --store URL"] = timed_build(str(sample), "--store", url, "--cluster", "local:1")
    result["load"] = load_times(work / "j1", work)
    for run in ("one job", "--jobs 2", "--cluster local:2 --store URL", "--cluster local:1 --store URL"):
        r = result[run]
        r["words_per_s"] = round(words / r["wall_s"])
        r["words_per_cpu_s"] = round(words / r["cpu_s"])
    result["cluster speed-up over one job"] = round(result["one job"]["wall_s"]
                                                    / result["--cluster local:2 --store URL"]["wall_s"], 2)
    result["cluster speed-up, 2 workers over 1"] = round(result["--cluster local:1 --store URL"]["wall_s"]
                                                         / result["--cluster local:2 --store URL"]["wall_s"], 2)
    result["cluster words/CPU-s vs --jobs 2"] = round(result["--cluster local:2 --store URL"]["words_per_cpu_s"]
                                                      / result["--jobs 2"]["words_per_cpu_s"], 3)
    return result


def load_times(built: Path, work: Path) -> dict:
    """Seconds to write the built store's article graphs again, in batches as a build does, into a
    fresh embedded store and into a fresh server (the union, the aggregates and the linking included)."""
    from urllib.parse import unquote

    import pyoxigraph as ox
    from servers import oxigraph_server

    from graph.remote import RemoteStore
    from graph.store import article_graphs, open_store
    from graph.storewriter import STORE_BATCH, InProcessWriter
    from graph.vocab import ID

    source = ox.Store.read_only(str(built))
    graphs = [(unquote(g[len(f"{ID}graph/"):]), source.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)))
              for g in article_graphs(source)]
    quads = sum(data.count(b"\n") for _, data in graphs)

    def load(store: object) -> float:
        writer, start = InProcessWriter(store), time.perf_counter()  # type: ignore[arg-type]
        for at in range(0, len(graphs), STORE_BATCH):
            writer.put(graphs[at:at + STORE_BATCH])
        writer.finish(link=True)
        return round(time.perf_counter() - start, 2)

    result = {"article graphs": len(graphs), "article quads": quads,
              "embedded s": load(open_store(work / "reload"))}
    with oxigraph_server(work / "reload-server") as url:
        result["server s"] = load(RemoteStore(url))
    result["server quads/s"] = round(quads / result["server s"])
    return result


def reuters(path: str) -> dict:
    """The one-off aggregate count over an existing store (none when it has them), then every named
    query cold on it and on an Oxigraph server started over a copy of it; the two reports also over
    the articles, for comparison."""
    import shutil

    from servers import oxigraph_server

    from graph import aggregates
    from graph.sparql import query_text, standard_prefixes
    from graph.store import article_count, article_graphs, open_store

    store = open_store(path)
    start = time.perf_counter()
    aggregates.ensure(store, article_graphs(store))
    store.flush()
    result: dict = {"articles": article_count(store),
                    "count aggregates once (s)": round(time.perf_counter() - start, 1),
                    "aggregate quads": aggregates.aggregate_size(store),
                    "pair-count levels": len(list(store.query(aggregates.LEVELS)))}
    del store
    result["embedded, cold"] = cold_queries(path)
    opened = open_store(path, read_only=True)
    for name in ("co-mentions", "people-by-country"):
        start = time.perf_counter()
        rows = list(opened.query(query_text(name), prefixes=standard_prefixes()))
        result[f"{name} over the articles, embedded"] = {"ms": round((time.perf_counter() - start) * 1000, 1),
                                                         "rows": len(rows)}
    del opened
    with tempfile.TemporaryDirectory(prefix="newsgraph-scale-server-") as work:
        copy = Path(work) / "store"
        shutil.copytree(path, copy, ignore=shutil.ignore_patterns("LOCK", ".newsgraph-read-*"))
        with oxigraph_server(copy) as url:
            result["Oxigraph server, cold"] = cold_queries(url)
    return result


def reports(path: str) -> dict:
    """co-mentions and people-by-country from the aggregates (counted first if the store has none),
    cold, on the store and on an Oxigraph server over a copy of it (nothing cached)."""
    import shutil

    from servers import oxigraph_server

    from graph import aggregates
    from graph.store import article_graphs, open_store

    store = open_store(path)
    start = time.perf_counter()
    aggregates.ensure(store, article_graphs(store))  # nothing to do when the store has them
    store.flush()
    del store
    names = ["statements", "co-mentions", "people-by-country"]  # statements: the path's own cost (0 rows here)
    result = {"count aggregates if missing (s)": round(time.perf_counter() - start, 1),
              "embedded": cold_queries(path, names)}
    with tempfile.TemporaryDirectory(prefix="newsgraph-scale-server-") as work:
        copy = Path(work) / "store"
        shutil.copytree(path, copy, ignore=shutil.ignore_patterns("LOCK", ".newsgraph-read-*"))
        with oxigraph_server(copy) as url:
            result["Oxigraph server"] = cold_queries(url, names)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--reuters-store", help="a COPY of a Reuters store folder (aggregates are added)")
    parser.add_argument("--skip-builds", action="store_true")
    parser.add_argument("--reports-only", action="store_true",
                        help="with --reuters-store: only the two reports from the aggregates, cold, embedded and on a server")
    parser.add_argument("--out", help="also write the results as JSON here")
    args = parser.parse_args()
    result: dict = {"load average before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="newsgraph-scale-") as work:
        if not args.skip_builds:
            result["bbc"] = builds(args.limit, Path(work))
    if args.reuters_store and args.reports_only:
        result["reuters reports"] = reports(args.reuters_store)
    elif args.reuters_store:
        result["reuters"] = reuters(args.reuters_store)
    result["load average after"] = os.getloadavg()
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
