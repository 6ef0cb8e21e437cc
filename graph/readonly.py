"""The read-only check every SPARQL query passes before an engine sees it.

A query is refused unless (1) a lexer that knows SPARQL's strings, IRIs, comments and escapes
finds its nesting and operator chains within bounds (Oxigraph's parser overflows its stack at a
few thousand nested groups, which kills the process), (2) no bare word of it is, or begins
with, ``SERVICE`` (Oxigraph reads ``SERVICEex:x`` as a federated call) and none is an update
keyword, and (3) rdflib parses it as a plain query whose parse tree holds no ``SERVICE``. A
regex over the text cannot decide this (``ex:a\\#b`` hides a ``#`` that is no comment), so the
decision is on tokens and on the parse; engines also run where federation is impossible
(:mod:`graph.nonet`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_NESTING = 32  # brackets, braces, parentheses and << >> open at once
MAX_OPERATORS = 2000  # Oxigraph parses an operator chain by recursion too (crashes near 9,000)

UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                          "WITH", "USING"})
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
      | '''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)
      | "(?:[^"\\\n\r]|\\.)*"? | '(?:[^'\\\n\r]|\\.)*'?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7-\uffff]*)
  | (?P<open><<|[{(\[])
  | (?P<close>>>|[})\]])
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)
  | (?P<word>(?:[\w\u00b7-\uffff:%]|\\.)(?:[\w\u00b7-\uffff:%.\-]|\\.)*)
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|[!+\-*/=<>^|])
  | (?P<other>.)
""", re.X | re.S)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class QueryError(ValueError):
    """A query that cannot be found, parsed or allowed; the message says why (and where)."""


class UpdateRefused(QueryError):
    """A SPARQL Update (or LOAD) sent where only queries run."""


@dataclass(frozen=True)
class Scan:
    """What the lexer saw outside strings, IRIs and comments."""

    depth: int  # deepest nesting of brackets of any kind
    operators: int  # operator tokens
    words: frozenset[str]  # bare words (keywords, function and prefixed names), upper-cased


def scan(text: str) -> Scan:
    """Lex ``text`` once (linear time, no recursion): nesting depth, operators and bare words."""
    depth = deepest = operators = 0
    words: set[str] = set()
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "op":
            operators += 1
        elif kind == "word":
            words.add(match.group().upper())
    return Scan(deepest, operators, frozenset(words))


def unescape(text: str) -> str:
    """SPARQL's \\uXXXX and \\UXXXXXXXX escapes, which apply before parsing, resolved."""
    return _ESCAPE.sub(lambda m: _chr(m.group(1) or m.group(2)), text)


def _chr(hex_code: str) -> str:
    code = int(hex_code, 16)
    return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"


def check_read_only(text: str, prefixes: dict[str, str] | None = None, parse: bool = True):  # noqa: ANN201
    """Refuse what is not a plain read-only query (see the module's docstring); return rdflib's parse.

    ``parse=False`` stops after the tokens (5-50 ms less): only for an engine that runs where
    federation is impossible anyway (:func:`graph.nonet.walled`). Raises :class:`UpdateRefused`
    for updates, :class:`QueryError` for everything else refused."""
    for form in {text, unescape(text)}:  # engines may or may not resolve \\u escapes before lexing
        _check_tokens(scan(form))
    return _parse(text, prefixes or {}) if parse else None


def _check_tokens(seen: Scan) -> None:
    if seen.depth > MAX_NESTING:
        raise QueryError(f"query nested too deeply: more than {MAX_NESTING} levels of brackets "
                         "(refused before parsing)")
    if seen.operators > MAX_OPERATORS:
        raise QueryError(f"query too long an expression: more than {MAX_OPERATORS:,} operators "
                         "(refused before parsing)")
    if seen.words & UPDATE_WORDS:
        raise UpdateRefused("SPARQL Update is not allowed here: newsgraph queries are read-only")
    if any(word.startswith("SERVICE") for word in seen.words):
        raise QueryError("federated queries (SERVICE) are not allowed here: queries never reach out")


def _parse(text: str, prefixes: dict[str, str]):  # noqa: ANN202 - pyparsing ParseResults
    """rdflib's parse of a plain query with no SERVICE in it, else QueryError."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except RecursionError as exc:
        raise QueryError("query nested too deeply for the parser") from exc
    except (ParseBaseException, ValueError) as exc:  # ValueError: an escape past U+10FFFF, for one
        raise QueryError(syntax_message(text, prefixes, exc)) from exc
    if any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _nodes(parsed)):
        raise QueryError("federated queries (SERVICE) are not allowed here: queries never reach out")
    return parsed


def _nodes(tree: object) -> Iterator[object]:
    """Every node of a pyparsing/rdflib parse tree (its depth is bounded by the nesting check)."""
    yield tree
    if isinstance(tree, dict):
        children = tree.values()
    elif isinstance(tree, (list, tuple)) or type(tree).__name__ == "ParseResults":
        children = tree
    else:
        return
    for child in children:
        yield from _nodes(child)


def syntax_message(text: str, prefixes: dict[str, str], exc: Exception | None = None) -> str:
    """One line naming the line and column of a syntax error in ``text``.

    Oxigraph's parser says what it expected at the exact position, so it is asked first; the
    rdflib exception (if given) is the fallback for queries only rdflib rejects."""
    message = oxigraph_syntax_error(text, prefixes)
    if message:
        return message
    if exc is None:
        return "SPARQL syntax error"
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    msg = getattr(exc, "msg", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    if isinstance(line, int):
        return f"SPARQL syntax error at line {line}, column {col}: {msg}"
    return f"SPARQL syntax error: {msg}"


def oxigraph_syntax_error(text: str, prefixes: dict[str, str]) -> str | None:
    """Oxigraph's reading of a syntax error in ``text``, or None when Oxigraph parses it.

    Only a parse is wanted, never a run: a character no query may end with is appended first,
    so Oxigraph fails either at the query's own error or at that character. Only in the second
    case is the text itself tried, on an empty store in a thread without network access."""
    from graph.nonet import call_without_network

    if scan(text).depth > MAX_NESTING or scan(unescape(text)).depth > MAX_NESTING:
        return None  # never hand a parser what can overflow its stack
    lines = text.count("\n") + 1
    found = _oxigraph_parse_error(text + "\n`", prefixes)
    if found and int(found[0]) <= lines:
        return format_oxigraph_error(f"error at {found[0]}:{found[1]}: {found[2]}")
    found = call_without_network(_oxigraph_parse_error, text, prefixes)
    return format_oxigraph_error(f"error at {found[0]}:{found[1]}: {found[2]}") if found else None


def _oxigraph_parse_error(text: str, prefixes: dict[str, str]) -> tuple[str, str, str] | None:
    """(line, column, detail) of Oxigraph's syntax error, or None when it parses (and ran on nothing)."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text, prefixes=prefixes)
    except SyntaxError as exc:
        match = re.match(r"error at (\d+):(\d+):\s*(.*)", str(exc), re.S)
        return match.groups() if match else ("0", "0", str(exc))  # type: ignore[return-value]
    except Exception:  # noqa: BLE001 - an evaluation problem is no syntax error
        return None
    return None


def format_oxigraph_error(message: str) -> str:
    """Oxigraph's "error at 4:16: expected ..." as one readable line."""
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.S)
    if not match or match.group(1) == "0":
        return "SPARQL syntax error: " + " ".join(message.split())[:200]
    line, col, detail = match.groups()
    detail = " ".join(detail.split()).replace(", [_]", "")
    if "Prefix not found" in detail:
        detail = "unknown prefix (declare it with PREFIX)"
    elif (detail.startswith("expected one of") and len(detail) > 120) or detail == "expected [_]":
        detail = "unexpected text here"
    return f"SPARQL syntax error at line {line}, column {col}: {detail}"
