"""``newsgraph view [GRAPH | --store DIR] --out FILE.html``: draw a graph as an interactive offline page.

The page shows who met, visited and signed with whom (the most connected actors; --max-nodes),
with filters by date, fact kind, outlet and confidence, a search over every entity, a side panel of
the selection's facts with their sentences and articles, and a timeline. GRAPH is any graph file
(default: out/graph.ttl); ``--store DIR`` reads an on-disk store folder (made by ``newsgraph build
INPUT --store DIR``) read-only, with SPARQL in the store, so a 19,000-article store draws in seconds.
A fact's confidence on the page is its pattern's, raised by the articles reporting it
(``graph.confidence.corroborated``); ``--min-confidence X`` leaves out facts below X (and facts
without a confidence), as ``query --min-confidence`` does.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from graph.cli import CommandError
from graph.commands._source import add_source_arguments, load_source

if TYPE_CHECKING:
    import pyoxigraph as ox

    from graph.overview import Overview


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("view", help="write an interactive HTML page of a graph file or store",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_source_arguments(p)
    p.add_argument("--out", default="graph.html", help="HTML file to write (default: graph.html)")
    p.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help="actors the page draws at once (default: 50; 0 = every connected one); search "
                        "finds the others")
    p.add_argument("--focus", metavar="NAME", help="open the page on this person's, country's, ... neighbourhood")
    p.add_argument("--depth", type=int, default=1, help="steps from --focus to draw (default: 1)")
    p.add_argument("--title", help="page title")
    p.add_argument("--min-confidence", type=float, metavar="X",
                   help="leave out facts whose confidence is below X (0-1)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.overview import read_overview
    from graph.views import DEFAULT_MAX_NODES, write_html

    if args.min_confidence is not None and not 0.0 <= args.min_confidence <= 1.0:
        raise CommandError(f"--min-confidence must be between 0 and 1, not {args.min_confidence:g}")
    if args.depth < 0:
        raise CommandError("--depth must be 0 or more")
    if args.max_nodes is not None and args.max_nodes < 0:
        raise CommandError("--max-nodes must be 0 or more (0 = no limit)")
    max_nodes = DEFAULT_MAX_NODES if args.max_nodes is None else (args.max_nodes or None)
    source = _open_store(args.store) if args.store else load_source(args)
    overview = confident_overview(read_overview(source), args.min_confidence)
    try:
        path = write_html(overview, args.out, max_nodes=max_nodes, focus=args.focus, depth=args.depth,
                          title=args.title)
    except LookupError as exc:
        raise CommandError(str(exc).strip("'\"")) from exc
    except OSError as exc:
        raise CommandError(f"{args.out}: cannot write: {exc.strerror or exc}") from exc
    print(f"wrote {path}")
    return 0


def confident_overview(overview: Overview, least: float | None) -> Overview:
    """The overview with each fact's confidence corroborated by its reporting articles and, with
    ``least``, only the facts at least that confident (the actor edges rebuilt from those)."""
    from collections import defaultdict

    from graph.confidence import corroborated
    from graph.overview import Overview

    for f in overview.facts:
        if f.confidence is not None:
            f.confidence = round(corroborated(f.confidence, len(f.articles)), 3)
    if least is None:
        return overview
    facts = [f for f in overview.facts if f.confidence is not None and f.confidence >= least]
    edges: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        for a, b in f.pairs():
            edges[(a, b) if a < b else (b, a)].append(i)
    return Overview(overview.entities, overview.articles, facts, dict(edges))


def _open_store(path: str) -> ox.Store:
    """The store folder opened read-only (the page's queries run in it); errors are one line."""
    from graph.store import StoreError, open_store

    try:
        return open_store(path, read_only=True)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
