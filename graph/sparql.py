"""Named SPARQL queries and running them: load a graph file, run, format as table/CSV/JSON.

A query is a name (``graph/queries/NAME.rq``), a path to an ``.rq`` file, or SPARQL text. The
standard prefixes of ``queries/prefixes.rq`` are available to every query without declaring
them. Parse errors come back as :class:`QueryError` with the line and column in the user's text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from graph import readonly
from graph.errors import first_line
from graph.readonly import QueryError, format_oxigraph_error
from graph.resources import QUERIES_DIR

if TYPE_CHECKING:
    from rdflib import Graph

    from graph.store import StoreGraph

NAMED_QUERY_COLUMNS_FILE = "prefixes.rq"
GRAPH_FORMATS = {".ttl": "turtle", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld",
                 ".nt": "nt", ".nq": "nquads", ".rdf": "xml", ".owl": "xml", ".n3": "n3"}


class GraphLoadError(ValueError):
    """A graph file that cannot be read."""


def named_queries() -> dict[str, Path]:
    """Name -> file of every named query shipped with the package."""
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.rq")) if p.name != NAMED_QUERY_COLUMNS_FILE}


def describe(path: Path) -> str:
    """What a query answers: the first sentence of the comment block that opens its file (which
    may run over several lines; a sentence is never cut)."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        words.extend(line.lstrip("#").split())
    text = " ".join(words)
    end = re.search(r"[.!?](?=\s|$)", text)
    return text[: end.end()] if end else text


def prefixes() -> str:
    return (QUERIES_DIR / NAMED_QUERY_COLUMNS_FILE).read_text(encoding="utf-8")


def _is_file(spec: str) -> bool:
    """Whether a query argument names an existing file (a long SPARQL text is never one)."""
    try:
        return "\n" not in spec and Path(spec).is_file()
    except (OSError, ValueError):
        return False


def query_text(spec: str) -> str:
    """The SPARQL text for a query name, an .rq path, or literal SPARQL."""
    queries = named_queries()
    if spec in queries:
        return queries[spec].read_text(encoding="utf-8")
    if spec.endswith(".rq") or _is_file(spec):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{spec}: cannot read the query file ({getattr(exc, 'strerror', None) or exc})") from exc
    if re.search(r"\b(select|construct|ask|describe|insert|delete|load|clear|drop|create)\b", spec, re.I):
        return spec
    raise QueryError(f"unknown query {spec!r}; named queries: {', '.join(queries)}")


def with_prefixes(text: str) -> tuple[str, int]:
    """The query with the standard prefixes prepended, and how many lines they take."""
    head = prefixes()
    return head + text, head.count("\n")


def load_graph(path: str | Path) -> Graph:
    """Read a graph file (format from its suffix); named graphs are merged into one graph."""
    from rdflib import Dataset, Graph

    path = Path(path)
    if not path.is_file():
        raise GraphLoadError(f"{path}: no such graph file")
    fmt = GRAPH_FORMATS.get(path.suffix.lower(), "turtle")
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset(default_union=True)
            with path.open("rb") as handle:  # rdflib leaves a path it opened unclosed
                ds.parse(source=handle, format=fmt)
            graph = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        graph = Graph()
        graph.parse(path, format=fmt)
        return graph
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphLoadError(f"{path}: cannot read as {fmt}: {first_line(exc)}") from exc


def prefix_map() -> dict[str, str]:
    """The standard prefixes of ``queries/prefixes.rq`` as name -> namespace IRI."""
    return dict(re.findall(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", prefixes(), re.I))


def check_read_only(text: str):  # noqa: ANN201 - pyparsing ParseResults
    """Refuse updates, SERVICE and over-deep nesting (see :mod:`graph.readonly`); rdflib's parse."""
    return readonly.check_read_only(text, prefix_map())


def prepare(spec: str):  # noqa: ANN201 - rdflib Query object
    """Check and parse a query once; a syntax error names the line and column of the user's text."""
    from rdflib.plugins.sparql.algebra import translateQuery

    text = query_text(spec)
    parsed = check_read_only(text)
    try:
        query = translateQuery(parsed, initNs=prefix_map())
    except Exception as exc:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QueryError(readonly.syntax_message(text, prefix_map(), exc)) from exc
    if getattr(query.algebra, "datasetClause", None):
        raise QueryError("FROM and FROM NAMED are not allowed on graph files: rdflib would fetch those "
                         "IRIs from the web (on a store folder they name its graphs)")
    return query


def run(graph: Graph | StoreGraph, spec: str) -> object:
    """Run a query on an rdflib graph (an rdflib ``Result``) or a store folder (an Oxigraph answer)."""
    from graph.store import StoreGraph

    if isinstance(graph, StoreGraph):  # Oxigraph runs it on the union kept in the default graph
        from graph.aggregates import aggregate_query
        from graph.nonet import walled

        own = aggregate_query(graph.store, spec)  # newsgraph's own text: no guard needed (rdflib's parse
        text = own or query_text(spec)            # of its VALUES rows alone took ~100 ms)
        if own is None:
            # rdflib's parse (5-50 ms) is the second opinion on SERVICE; a walled thread needs none
            readonly.check_read_only(text, prefix_map(), parse=not walled())
        try:
            return graph.store.query(text, prefixes=standard_prefixes())
        except SyntaxError as exc:
            raise QueryError(format_oxigraph_error(str(exc))) from exc
        except OSError as exc:
            raise QueryError(f"query failed: {first_line(exc)}") from exc
    prepared = prepare(spec)
    try:
        return graph.query(prepared)
    except Exception as exc:
        raise QueryError(f"query failed: {first_line(exc)}") from exc


def standard_prefixes() -> dict[str, str]:
    """The prefixes every query may use (``queries/prefixes.rq``) plus newsgraph's own."""
    from graph.vocab import prefix_strings

    return {**prefix_strings(), **prefix_map()}


def rows(result: object) -> list[dict[str, str | None]]:
    """SELECT rows as plain dicts of strings (None where unbound), from either engine."""
    from graph.results import as_oxigraph, solution_rows

    return solution_rows(as_oxigraph(result))


def format_result(result: object, fmt: str) -> str:
    """A SELECT/ASK answer as W3C JSON, CSV, TSV or an aligned text table; a graph as Turtle. CSV
    names IRIs as the table does (``ng:Meeting``), so the two agree."""
    from graph.results import as_oxigraph, write_results

    return write_results(as_oxigraph(result), fmt, prefixes=standard_prefixes(), compact=True).body.decode("utf-8")


def results_json(result: object) -> dict:
    """The W3C SPARQL results JSON as a Python object."""
    return json.loads(format_result(result, "json"))
