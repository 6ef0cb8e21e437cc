"""``newsgraph validate GRAPH``: check a graph against ontology/shapes.ttl with pySHACL."""

from __future__ import annotations

import argparse

from graph.cli import CommandError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a graph against the SHACL shapes", description=__doc__)
    p.add_argument("graph", nargs="?", default="out/graph.ttl", help="graph file (default: out/graph.ttl)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.sparql import GraphLoadError, load_graph

    try:
        graph = load_graph(args.graph)
    except GraphLoadError as exc:
        raise CommandError(str(exc)) from exc
    return report_validation(graph, args.graph)


def report_validation(graph, name: str) -> int:  # noqa: ANN001 - rdflib Graph
    """Print conformance or each violation on a line; 0 when the graph conforms, else 1."""
    from graph.validate import validate

    violations = validate(graph)
    if not violations:
        print(f"{name}: conforms to the newsgraph shapes ({len(graph)} triples)")
        return 0
    for v in violations:
        print(f"{name}: {v}")
    print(f"{name}: {len(violations)} violation(s)")
    return 1
