"""``newsgraph query NAME|FILE.rq|'SPARQL' --graph FILE``: run a SPARQL query on a built graph."""

from __future__ import annotations

import argparse
import sys

from graph.cli import CommandError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run a named query, an .rq file or SPARQL text",
                       description=__doc__)
    p.add_argument("query", nargs="?", help="query name (see --list), .rq file or SPARQL text")
    p.add_argument("--graph", default="out/graph.ttl", help="graph file (default: out/graph.ttl)")
    p.add_argument("--store", help="on-disk store folder instead of a graph file")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.sparql import (
        GraphLoadError,
        QueryError,
        describe,
        format_result,
        named_queries,
        prepare,
        run,
    )

    if args.list:
        for name, path in named_queries().items():
            print(f"{name:<20} {describe(path)}")
        return 0
    if not args.query:
        print("newsgraph query: error: give a query name, an .rq file or SPARQL text (or --list)",
              file=sys.stderr)
        return 2
    try:
        prepare(args.query)  # a typo is reported before a slow load of a large graph
        graph = _open(args)
        result = run(graph, args.query)
        sys.stdout.write(format_result(result, args.format))
    except (QueryError, GraphLoadError) as exc:
        raise CommandError(str(exc)) from exc
    return 0


def _open(args: argparse.Namespace):  # noqa: ANN202 - rdflib Graph or store-backed graph
    from graph.sparql import load_graph

    if args.store:
        try:
            from graph.store import open_graph
        except ImportError as exc:
            raise CommandError("--store needs the persistent store module") from exc
        return open_graph(args.store)
    return load_graph(args.graph)
