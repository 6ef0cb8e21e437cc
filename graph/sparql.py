"""Named SPARQL queries and running them: load a graph file, run, format as table/CSV/JSON.

A query is a name (``graph/queries/NAME.rq``), a path to an ``.rq`` file, or SPARQL text. The
standard prefixes of ``queries/prefixes.rq`` are available to every query without declaring
them. Parse errors come back as :class:`QueryError` with the line and column in the user's text.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import first_line
from graph.resources import QUERIES_DIR

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

NAMED_QUERY_COLUMNS_FILE = "prefixes.rq"
GRAPH_FORMATS = {".ttl": "turtle", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld",
                 ".nt": "nt", ".nq": "nquads", ".rdf": "xml", ".owl": "xml", ".n3": "n3"}


class QueryError(ValueError):
    """A query that cannot be found or parsed; the message says where."""


class GraphLoadError(ValueError):
    """A graph file that cannot be read."""


def named_queries() -> dict[str, Path]:
    """Name -> file of every named query shipped with the package."""
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.rq")) if p.name != NAMED_QUERY_COLUMNS_FILE}


def describe(path: Path) -> str:
    """The first comment line of a query file: what it answers."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


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


_UPDATE = re.compile(r"^\s*(insert|delete|load|clear|drop|create|add|move|copy|with)\b", re.I)
# Strings, IRIs and comments are blanked before looking for the SERVICE keyword.
_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"(?<![\w?$:.\-])SERVICE(?![\w:\-])", re.I)


def check_read_only(text: str) -> None:
    """Refuse SPARQL Update and federated ``SERVICE`` calls: queries never change or fetch anything."""
    text = _unescape(text)
    if _UPDATE.match(_strip_prologue(text)):
        raise QueryError("SPARQL Update is not allowed here: newsgraph queries are read-only")
    if _SERVICE.search(_NOT_CODE.sub(" ", text)):
        raise QueryError("federated queries (SERVICE) are not allowed here: queries never reach out")


def _unescape(text: str) -> str:
    """SPARQL's \\uXXXX and \\UXXXXXXXX escapes apply before parsing, so resolve them first."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: _chr(m.group(1) or m.group(2)), text)


def _chr(hex_code: str) -> str:
    code = int(hex_code, 16)
    return chr(code) if code < 0x110000 else "\ufffd"


def prepare(spec: str):  # noqa: ANN201 - rdflib Query object
    """Parse a query once; a syntax error names the line and column of the user's text."""
    from rdflib.plugins.sparql import prepareQuery

    text = query_text(spec)
    check_read_only(text)
    namespaces = prefix_map()
    try:
        return prepareQuery(text, initNs=namespaces)
    except Exception as exc:
        raise QueryError(syntax_message(text, exc)) from exc


def syntax_message(text: str, exc: Exception | None = None) -> str:
    """One line naming the line and column of a syntax error in ``text``.

    Oxigraph's parser says what it expected at the exact position, so it is asked first; the
    rdflib exception (if given) is the fallback for queries only rdflib rejects.
    """
    message = oxigraph_syntax_error(text)
    if message:
        return message
    if exc is None:
        return "SPARQL syntax error"
    return _syntax_message(exc, 0)


def oxigraph_syntax_error(text: str) -> str | None:
    """Oxigraph's reading of a syntax error in ``text``, or None when it parses the query."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text, prefixes=prefix_map())
    except SyntaxError as exc:
        return format_oxigraph_error(str(exc))
    except Exception:  # noqa: BLE001 - evaluation problems are not syntax errors
        return None
    return None


def format_oxigraph_error(message: str) -> str:
    """Oxigraph's "error at 4:16: expected ..." as one readable line."""
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.S)
    if not match:
        return "SPARQL syntax error: " + " ".join(message.split())[:200]
    line, col, detail = match.groups()
    detail = " ".join(detail.split()).replace(", [_]", "")
    if "Prefix not found" in detail:
        detail = "unknown prefix (declare it with PREFIX)"
    elif (detail.startswith("expected one of") and len(detail) > 120) or detail == "expected [_]":
        detail = "unexpected text here"
    return f"SPARQL syntax error at line {line}, column {col}: {detail}"


def _strip_prologue(text: str) -> str:
    text = re.sub(r"#[^\n]*", "", text)
    return re.sub(r"^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", text, flags=re.I)


def _syntax_message(exc: Exception, offset: int) -> str:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None) or getattr(exc, "column", None)
    msg = getattr(exc, "msg", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    if isinstance(line, int) and line > offset:
        return f"SPARQL syntax error at line {line - offset}, column {col}: {msg}"
    return f"SPARQL syntax error: {msg}"


def run(graph: Graph, spec: str) -> Result:
    """Run a query against a graph."""
    if hasattr(graph, "run_query"):  # a persistent store (graph.store.StoreGraph): Oxigraph runs it
        return graph.run_query(spec)
    prepared = prepare(spec)
    try:
        return graph.query(prepared)
    except Exception as exc:
        raise QueryError(f"query failed: {exc}") from exc


def rows(result: Result) -> list[dict[str, str | None]]:
    """Result rows as plain dicts of strings (None where unbound)."""
    names = [str(v) for v in result.vars or []]
    return [{n: (None if row[i] is None else str(row[i])) for i, n in enumerate(names)} for row in result]


def format_result(result: Result, fmt: str) -> str:
    """Serialise a SELECT/ASK result as W3C JSON, CSV or an aligned text table; graphs as Turtle."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    if fmt == "csv":
        return result.serialize(format="csv").decode("utf-8")
    if fmt == "tsv":
        return _tsv(result)
    if result.type == "ASK":
        return "yes\n" if result.askAnswer else "no\n"
    return _table(result)


def _tsv(result: Result) -> str:
    """TSV via Oxigraph's serializer (rdflib has none): the JSON results are re-read by Oxigraph."""
    import pyoxigraph

    parsed = pyoxigraph.parse_query_results(result.serialize(format="json"),
                                            format=pyoxigraph.QueryResultsFormat.JSON)
    return parsed.serialize(format=pyoxigraph.QueryResultsFormat.TSV).decode("utf-8")


def _table(result: Result) -> str:
    names = [str(v) for v in result.vars or []]
    data = [[_short(v) for v in row.values()] for row in rows(result)]
    widths = [min(60, max([len(n), *(len(r[i]) for r in data)])) for i, n in enumerate(names)]
    out = io.StringIO()
    out.write("  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in data:
        out.write("  ".join(v[:w].ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
    out.write(f"({len(data)} rows)\n")
    return out.getvalue()


def _short(value: str | None) -> str:
    if value is None:
        return ""
    value = value.replace("\n", " ")
    for prefix, ns in (("ngid:", "https://newsgraph.org/id/"), ("ng:", "https://newsgraph.org/ontology#"),
                       ("schema:", "https://schema.org/")):
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value


def results_json(result: Result) -> dict:
    """The W3C SPARQL results JSON as a Python object."""
    return json.loads(format_result(result, "json"))
