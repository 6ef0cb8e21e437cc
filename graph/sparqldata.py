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


def swap_quads(store: object, gone: list, new: list) -> None:
    """Remove the quads ``gone``, then add ``new``: in an embedded store quad by quad; on a server
    in one update (one request, not one per quad)."""
    import pyoxigraph as ox

    if isinstance(store, ox.Store):
        for quad in gone:
            store.remove(quad)
        for quad in new:
            store.add(quad)
        return
    operations = [*data_operations(store, "DELETE", quads_by_graph(gone)), *data_operations(store, "INSERT", quads_by_graph(new))]
    if operations:
        store.update(" ;\n".join(operations))  # type: ignore[attr-defined]


def quads_by_graph(quads: Iterable) -> list[tuple[str, list[str]]]:
    """(graph as SPARQL writes it, "" for the default graph; its triples as data lines) for ``quads``."""
    import pyoxigraph as ox

    graphs: dict[str, list[str]] = {}
    for quad in quads:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        graphs.setdefault(graph, []).append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    return list(graphs.items())
