"""The one SPARQL results writer: an Oxigraph answer as W3C JSON, XML, CSV, TSV, a text table, or RDF.

``newsgraph query`` (graph files and store folders) and the endpoint both write through
:func:`write_results`; an rdflib ``Result`` is first turned into an Oxigraph answer by
:func:`as_oxigraph`, so every answer is written by the same code whatever engine ran it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

RESULT_FORMATS = ("json", "xml", "csv", "tsv")  # for SELECT and ASK
GRAPH_FORMATS = ("turtle", "ntriples", "rdfxml")  # for CONSTRUCT and DESCRIBE
TABLE = "table"  # an aligned text table (``yes``/``no`` for ASK); graphs come out as Turtle
_SHORT = (("ngid:", "https://newsgraph.org/id/"), ("ng:", "https://newsgraph.org/ontology#"),
          ("schema:", "https://schema.org/"))


@dataclass(frozen=True)
class Written:
    """A written answer: what it is (``boolean``, ``solutions`` or ``triples``), its bytes, and
    whether rows or triples past the limit were left out."""

    kind: str
    body: bytes
    truncated: bool = False


def answer_kind(answer: object) -> str:
    """``boolean`` (ASK), ``triples`` (CONSTRUCT, DESCRIBE) or ``solutions`` (SELECT)."""
    import pyoxigraph

    if isinstance(answer, pyoxigraph.QueryBoolean):
        return "boolean"
    return "triples" if isinstance(answer, (pyoxigraph.QueryTriples, _Triples)) else "solutions"


def write_results(answer: object, fmt: str, max_rows: int | None = None,
                  prefixes: dict[str, str] | None = None, compact: bool = False) -> Written:
    """Write an Oxigraph answer in ``fmt`` (a results format, a graph format, or ``table``).

    With ``max_rows`` at most that many rows or triples are written (``truncated`` says whether
    more were left). Without it, Oxigraph's own writer streams the whole answer. With
    ``compact`` (the command line), CSV names IRIs as the table does (``ng:Meeting``,
    ``ngid:person/...``); without it (the endpoint), CSV is the W3C form with full IRIs."""
    import pyoxigraph

    kind = answer_kind(answer)
    if kind == "boolean":
        if fmt == TABLE or fmt not in RESULT_FORMATS:
            return Written(kind, b"yes\n" if bool(answer) else b"no\n")
        return Written(kind, answer.serialize(format=_results_format(fmt)))  # type: ignore[attr-defined]
    if kind == "triples":
        triples, truncated = _take(answer, max_rows)  # type: ignore[arg-type]
        rdf = {"ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
               "rdfxml": pyoxigraph.RdfFormat.RDF_XML}.get(fmt, pyoxigraph.RdfFormat.TURTLE)
        return Written(kind, pyoxigraph.serialize(triples, format=rdf, prefixes=prefixes) or b"", truncated)
    if compact and fmt == "csv":
        solutions, truncated = _take(answer, max_rows)  # type: ignore[arg-type]
        return Written(kind, _csv([v.value for v in answer.variables], solutions).encode("utf-8"),  # type: ignore[attr-defined]
                       truncated)
    if max_rows is None and fmt in RESULT_FORMATS:
        return Written(kind, answer.serialize(format=_results_format(fmt)))  # type: ignore[attr-defined]
    variables = [v.value for v in answer.variables]  # type: ignore[attr-defined]
    solutions, truncated = _take(answer, max_rows)  # type: ignore[arg-type]
    if fmt == TABLE:
        return Written(kind, _table(variables, solutions).encode("utf-8"), truncated)
    data = json.dumps({"head": {"vars": variables},
                       "results": {"bindings": [_binding(s, variables) for s in solutions]}},
                      ensure_ascii=False).encode("utf-8")
    if fmt != "json":
        data = pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON).serialize(
            format=_results_format(fmt))
    return Written(kind, data, truncated)


def as_oxigraph(result: object) -> object:
    """An rdflib ``Result`` as the Oxigraph answer of the same query (an Oxigraph answer unchanged)."""
    import pyoxigraph

    kind = getattr(result, "type", None)
    if kind is None:
        return result
    if kind in ("CONSTRUCT", "DESCRIBE"):
        data = result.graph.serialize(format="nt", encoding="utf-8")  # type: ignore[attr-defined]
        triples = [q.triple for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)]
        return _Triples(triples)
    return pyoxigraph.parse_query_results(result.serialize(format="json"),  # type: ignore[attr-defined]
                                          format=pyoxigraph.QueryResultsFormat.JSON)


class _Triples(list):
    """Triples of a graph answer that did not come from Oxigraph's engine (written like one)."""


def triples_answer(triples: Iterable) -> object:
    """Triples from elsewhere (a SPARQL server's N-Triples answer) as a graph answer, written like Oxigraph's."""
    return _Triples(triples)


def term_text(term: object) -> str | None:
    """A term's plain text (IRI, literal's lexical form, blank node id); None when unbound."""
    if term is None:
        return None
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def solution_rows(answer: object) -> list[dict[str, str | None]]:
    """SELECT rows as plain dicts of strings (None where unbound); none for ASK and graphs."""
    if answer_kind(answer) != "solutions":
        return []
    variables = [v.value for v in answer.variables]  # type: ignore[attr-defined]
    return [{v: term_text(s[v]) for v in variables} for s in answer]  # type: ignore[attr-defined]


def _take(items: Iterable, limit: int | None) -> tuple[list, bool]:
    """Up to ``limit`` items, and whether there were more."""
    taken: list = []
    for item in items:
        if limit is not None and len(taken) >= limit:
            return taken, True
        taken.append(item)
    return taken, False


def _results_format(name: str):  # noqa: ANN202 - pyoxigraph.QueryResultsFormat
    import pyoxigraph

    return getattr(pyoxigraph.QueryResultsFormat, name.upper())


def _binding(solution: object, variables: list[str]) -> dict[str, dict]:
    out = {}
    for var in variables:
        term = solution[var]  # type: ignore[index]
        if term is not None:
            out[var] = _term_json(term)
    return out


def _term_json(term: object) -> dict:
    """One RDF term in the W3C SPARQL JSON results form."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    return {"type": "literal", "value": str(term)}


def _csv(variables: list[str], solutions: list) -> str:
    """SELECT rows as CSV (CRLF line ends, as W3C CSV) with the table's short names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_short(term_text(s[v])) for v in variables] for s in solutions)
    return out.getvalue()


def _table(variables: list[str], solutions: list) -> str:
    data = [[_short(term_text(s[v])).replace("\n", " ") for v in variables] for s in solutions]
    widths = [min(60, max([len(n), *(len(r[i]) for r in data)])) for i, n in enumerate(variables)]
    out = io.StringIO()
    out.write("  ".join(n.ljust(w) for n, w in zip(variables, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in data:
        out.write("  ".join(v[:w].ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
    out.write(f"({len(data)} rows)\n")
    return out.getvalue()


def _short(value: str | None) -> str:
    """An IRI in one of the usual namespaces as a prefixed name; other values as they are."""
    if value is None:
        return ""
    for prefix, ns in _SHORT:
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value
