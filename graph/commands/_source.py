"""The graph a read-only command draws or counts: a graph file, or a store folder (``--store DIR``).

Shared by ``view``, ``stats`` and ``validate``; not a subcommand itself (``graph.cli.COMMANDS`` does not list it).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from graph.cli import CommandError

if TYPE_CHECKING:
    from rdflib import Graph

DEFAULT_GRAPH = "out/graph.ttl"


def add_source_arguments(p: argparse.ArgumentParser) -> None:
    """The positional graph file and ``--store DIR``, which exclude each other (usage error, exit 2)."""
    src = p.add_mutually_exclusive_group()
    # default None, not the path: argparse would count a default-valued positional as "given"
    src.add_argument("graph", nargs="?", default=None, help=f"graph file (default: {DEFAULT_GRAPH})")
    src.add_argument("--store", metavar="DIR|URL",
                     help="on-disk store folder (made by: newsgraph build INPUT --store DIR) instead of a "
                          "graph file; opened read-only, so it works beside a running build; or the "
                          "http:// URL of a SPARQL server (Oxigraph server)")


def source_name(args: argparse.Namespace) -> str:
    """The store folder or graph file the command reads, as the user named it."""
    return args.store or args.graph or DEFAULT_GRAPH


def load_source(args: argparse.Namespace) -> Graph:
    """The graph file, or the union graph of the store, as one rdflib Graph; errors are one line."""
    from graph.sparql import GraphLoadError, load_graph
    from graph.store import StoreError, store_union_graph

    try:
        return store_union_graph(args.store) if args.store else load_graph(args.graph or DEFAULT_GRAPH)
    except (GraphLoadError, StoreError) as exc:
        raise CommandError(str(exc)) from exc
