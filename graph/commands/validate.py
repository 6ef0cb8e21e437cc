"""``newsgraph validate [GRAPH | --store DIR]``: check a graph against ontology/shapes.ttl with pySHACL.

GRAPH is any graph file (default: out/graph.ttl); ``--store DIR`` checks the union of the articles
in an on-disk store folder instead, opened read-only.
"""

from __future__ import annotations

import argparse

from graph.commands._source import add_source_arguments, load_source, source_name


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a graph file or store against the SHACL shapes",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_source_arguments(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return report_validation(load_source(args), source_name(args))


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
