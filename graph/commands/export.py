"""``newsgraph export GRAPH --format graphml|gexf|csv --out FILE``: the network for Gephi or a spreadsheet."""

from __future__ import annotations

import argparse

from graph.cli import CommandError

FORMATS = ("graphml", "gexf", "csv")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export the network as GraphML, GEXF or a CSV of edges",
                       description=__doc__)
    p.add_argument("graph", nargs="?", default="out/graph.ttl", help="graph file (default: out/graph.ttl)")
    p.add_argument("--format", choices=FORMATS, help="output format (default: from the --out suffix)")
    p.add_argument("--out", required=True, help="file to write")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.analytics import export
    from graph.sparql import GraphLoadError, load_graph
    from graph.views import to_networkx

    fmt = args.format or args.out.rsplit(".", 1)[-1].lower()
    if fmt not in FORMATS:
        raise CommandError(f"{args.out}: cannot tell the format from the suffix; give --format "
                           + "|".join(FORMATS))
    try:
        G = to_networkx(load_graph(args.graph))
        path = export(G, args.out, fmt)
    except GraphLoadError as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"{args.out}: cannot write: {exc.strerror or exc}") from exc
    print(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
    return 0
