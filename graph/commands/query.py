"""``newsgraph query NAME|FILE.rq|'SPARQL' --graph FILE``: run a SPARQL query on a built graph.

``--min-confidence X`` keeps the rows whose ``?confidence`` is at least X (the named queries roles,
meetings, agreements and quotes return it; rows of facts without a confidence are left out).

With ``--store DIR`` the formatted answer is kept in ``DIR/newsgraph-cache/`` and served from there
until the store changes (any write invalidates it); ``--no-cache`` evaluates afresh.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial

from graph.cli import CommandError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run a named query, an .rq file or SPARQL text",
                       description=__doc__)
    p.add_argument("query", nargs="?", help="query name (see --list), .rq file or SPARQL text")
    p.add_argument("--graph", default="out/graph.ttl", help="graph file (default: out/graph.ttl)")
    p.add_argument("--store", help="on-disk store folder, or the http:// URL of a SPARQL server (Oxigraph "
                                   "server), instead of a graph file")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    p.add_argument("--no-cache", action="store_true",
                   help="with --store: evaluate afresh instead of reusing the answer kept for this store state")
    p.add_argument("--min-confidence", type=float, metavar="X",
                   help="keep rows whose ?confidence is at least X (0-1)")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.sparql import GraphLoadError, QueryError, describe, named_queries
    from graph.store import is_store_url

    if args.list:
        import shutil
        import textwrap

        width = max(60, shutil.get_terminal_size().columns)
        for name, path in named_queries().items():  # wrapped at words, continued under the text
            print(textwrap.fill(describe(path), width, initial_indent=f"{name:<20} ", subsequent_indent=" " * 21))
        return 0
    if not args.query:
        print("newsgraph query: error: give a query name, an .rq file or SPARQL text (or --list)",
              file=sys.stderr)
        return 2
    try:
        spec = args.query if args.min_confidence is None else with_min_confidence(args.query, args.min_confidence)
        if args.store and is_store_url(args.store):
            # the server evaluates it: no local engine to wall off; the read-only check still runs here
            text = _evaluate(spec, args.format, None, args.store)
        elif args.store:
            text = store_answer(args.store, spec, args.format, use_cache=not args.no_cache)
        else:
            text = evaluate(spec, args.format, graph_file=args.graph)
        sys.stdout.write(text)
    except (QueryError, GraphLoadError) as exc:
        raise CommandError(str(exc)) from exc
    return 0


def with_min_confidence(spec: str, least: float) -> str:
    """The query's text with ``FILTER(?confidence >= least)`` closing its WHERE clause (after any
    ORDER BY or LIMIT there is no brace, so the last ``}`` closes it)."""
    import re

    from graph.sparql import query_text

    if not 0.0 <= least <= 1.0:
        raise CommandError(f"--min-confidence must be between 0 and 1, not {least:g}")
    text = query_text(spec)
    select = re.search(r"\bSELECT\b(.*?)\bWHERE\b", text, re.I | re.S)
    end = text.rfind("}")
    columns = select.group(1) if select and select.group(1).strip() != "*" else text
    if select is None or end < 0 or not re.search(r"\?confidence\b", columns):
        raise CommandError(f"--min-confidence needs a SELECT query with a ?confidence column; {spec!r} has none")
    return f"{text[:end]}  FILTER(?confidence >= {least!r})\n{text[end:]}"


def store_answer(store: str, spec: str, fmt: str, use_cache: bool = True) -> str:
    """The formatted answer of a query on a store folder, from its result cache when still current."""
    from graph.querycache import cached_result
    from graph.sparql import prefixes, query_text

    compute = partial(evaluate, spec, fmt, store=store)
    if not use_cache:
        return compute()
    text = query_text(spec)  # an unknown name is reported here; other errors come from compute
    return cached_result(store, text, fmt, compute, extra=prefixes())


def evaluate(spec: str, fmt: str, graph_file: str | None = None, store: str | None = None) -> str:
    """Check the query, open the graph or store, run and format it, in a thread that cannot open
    network connections (so no engine can federate, whatever the query says)."""
    from graph.nonet import call_without_network

    return call_without_network(_evaluate, spec, fmt, graph_file, store)


def _evaluate(spec: str, fmt: str, graph_file: str | None, store: str | None) -> str:
    """The query is checked and parsed before a slow load of a graph file (a typo is reported at
    once); a store opens at once and Oxigraph reports syntax errors itself in the same form."""
    from graph.errors import first_line
    from graph.sparql import QueryError, format_result, prepare
    from graph.sparql import run as run_query

    if store is None:
        prepare(spec)
    result = run_query(_open(graph_file, store), spec)
    try:  # both engines evaluate lazily: errors of evaluation surface while the answer is written
        return format_result(result, fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib raises whatever its functions raise (re.error, ...)
        raise QueryError(f"query failed: {first_line(exc)}") from exc


def _open(graph_file: str | None, store: str | None):  # noqa: ANN202 - rdflib Graph or store-backed graph
    from graph.sparql import load_graph

    if store:
        try:
            from graph.store import open_graph
        except ImportError as exc:
            raise CommandError("--store needs the persistent store module") from exc
        return open_graph(store)
    return load_graph(graph_file)
