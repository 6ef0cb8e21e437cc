"""``newsgraph view GRAPH --out FILE.html``: draw any graph file as an interactive offline page."""

from __future__ import annotations

import argparse

from graph.cli import CommandError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("view", help="write an interactive HTML page of a graph file", description=__doc__)
    p.add_argument("graph", nargs="?", default="out/graph.ttl", help="graph file (default: out/graph.ttl)")
    p.add_argument("--out", default="graph.html", help="HTML file to write (default: graph.html)")
    p.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help="draw only the N most connected nodes (default: 400; 0 = no limit)")
    p.add_argument("--focus", metavar="NAME", help="draw the ego network of this person, country, ...")
    p.add_argument("--depth", type=int, default=2, help="steps from --focus to include (default: 2)")
    p.add_argument("--title", help="page title")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.sparql import GraphLoadError, load_graph
    from graph.views import DEFAULT_MAX_NODES, write_html

    if args.depth < 0:
        raise CommandError("--depth must be 0 or more")
    if args.max_nodes is not None and args.max_nodes < 0:
        raise CommandError("--max-nodes must be 0 or more (0 = no limit)")
    max_nodes = DEFAULT_MAX_NODES if args.max_nodes is None else (args.max_nodes or None)
    try:
        graph = load_graph(args.graph)
        path = write_html(graph, args.out, max_nodes=max_nodes, focus=args.focus, depth=args.depth,
                          title=args.title)
    except GraphLoadError as exc:
        raise CommandError(str(exc)) from exc
    except LookupError as exc:
        raise CommandError(str(exc).strip("'\"")) from exc
    except OSError as exc:
        raise CommandError(f"{args.out}: cannot write: {exc.strerror or exc}") from exc
    print(f"wrote {path}")
    return 0
