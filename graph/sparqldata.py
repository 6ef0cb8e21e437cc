"""SPARQL ``INSERT DATA`` / ``DELETE DATA`` operations from triples, split for servers that need it.

Virtuoso compiles each operation to SQL and refuses one past 10,000 lines of it (~1,000 triples):
a store that says so (``triples_per_operation``) gets several operations, sent in the same request.
"""

from __future__ import annotations

from collections.abc import Iterable


def data_operations(store: object, verb: str, parts: Iterable[tuple[str, list[str]]]) -> list[str]:
    """``verb`` ("INSERT" or "DELETE") DATA operations writing each (graph, triple lines) part: the
    graph a ``<iri>`` or "" for the default graph; one operation for all, or chunks of the store's
    ``triples_per_operation``. Empty when there are no lines."""
    per = getattr(store, "triples_per_operation", None)
    blocks = []
    for graph, lines in parts:
        step = per or max(len(lines), 1)
        for start in range(0, len(lines), step):
            body = "".join(lines[start:start + step])
            blocks.append(f"GRAPH {graph} {{\n{body}}}" if graph else body)
    if per is None:
        return [f"{verb} DATA {{ {' '.join(blocks)} }}"] if blocks else []
    return [f"{verb} DATA {{ {block} }}" for block in blocks]
