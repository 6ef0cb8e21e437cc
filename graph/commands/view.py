"""``newsgraph view [GRAPH | --store DIR] --out FILE.html``: draw a graph as an interactive offline page.

GRAPH is any graph file (default: out/graph.ttl); ``--store DIR`` draws the union of the articles
in an on-disk store folder instead (made by ``newsgraph build INPUT --store DIR``), opened read-only.
"""

from __future__ import annotations

import argparse

from graph.cli import CommandError
from graph.commands._source import add_source_arguments, load_source


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("view", help="write an interactive HTML page of a graph file or store",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_source_arguments(p)
    p.add_argument("--out", default="graph.html", help="HTML file to write (default: graph.html)")
    p.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help="draw only the N most connected nodes (default: 400; 0 = no limit)")
    p.add_argument("--focus", metavar="NAME", help="draw the ego network of this person, country, ...")
    p.add_argument("--depth", type=int, default=2, help="steps from --focus to include (default: 2)")
    p.add_argument("--title", help="page title")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.views import DEFAULT_MAX_NODES, write_html

    if args.depth < 0:
        raise CommandError("--depth must be 0 or more")
    if args.max_nodes is not None and args.max_nodes < 0:
        raise CommandError("--max-nodes must be 0 or more (0 = no limit)")
    max_nodes = DEFAULT_MAX_NODES if args.max_nodes is None else (args.max_nodes or None)
    graph = load_source(args)
    try:
        path = write_html(graph, args.out, max_nodes=max_nodes, focus=args.focus, depth=args.depth,
                          title=args.title)
    except LookupError as exc:
        raise CommandError(str(exc).strip("'\"")) from exc
    except OSError as exc:
        raise CommandError(f"{args.out}: cannot write: {exc.strerror or exc}") from exc
    print(f"wrote {path}")
    return 0
