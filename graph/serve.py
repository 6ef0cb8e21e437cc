"""A read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` over an Oxigraph store.

The HTTP side is the standard library's ``ThreadingHTTPServer``; queries run on Oxigraph (which
releases the GIL) in a small worker pool with a deadline and a row limit. Update requests,
``SERVICE`` and ``LOAD`` are refused before anything runs, so the store never changes and the
endpoint never reaches out to the network. Because the served graph never changes (a store folder
is opened read-only, a snapshot), answers are kept in memory and a repeated query is answered
without running it again.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from graph.errors import first_line
from graph.querycache import cacheable
from graph.sparql import QueryError, check_read_only, format_oxigraph_error, prefix_map

if TYPE_CHECKING:
    from pyoxigraph import Store

ENDPOINT_PATH = "/sparql"
RESULT_TYPES = {  # format name -> media type, for SELECT and ASK
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {  # format name -> media type, for CONSTRUCT and DESCRIBE
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
MEDIA_ALIASES = {
    "application/json": "json", "application/sparql-results+json": "json",
    "application/xml": "xml", "text/xml": "xml", "application/sparql-results+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples", "application/rdf+xml": "rdfxml",
}
FORMAT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "rdf": "rdfxml", "srj": "json", "srx": "xml"}
TRUNCATED_HEADER = "X-Newsgraph-Truncated"
CACHE_HEADER = "X-Newsgraph-Cache"  # "hit" when the answer came from memory, else "miss"


@dataclass(frozen=True)
class ServeConfig:
    """Limits and address of the endpoint."""

    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds per query
    max_results: int = 10_000  # rows or triples per answer
    max_body: int = 1_000_000  # bytes of request body
    workers: int = 4  # queries evaluated at once
    cache_bytes: int = 64 * 2**20  # answer bodies kept in memory, least recently used dropped first (0: none)


@dataclass
class Answer:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class EndpointError(Exception):
    """A request the endpoint refuses; carries the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def open_store(graph: str | Path | None = None, store_dir: str | Path | None = None) -> Store:
    """An in-memory store loaded from a graph file, or an on-disk store opened read-only."""
    import pyoxigraph

    if store_dir is not None:
        from graph.store import StoreError
        from graph.store import open_store as open_persistent

        try:
            return open_persistent(store_dir, read_only=True)
        except StoreError as exc:
            raise ValueError(str(exc)) from exc
    if graph is None:
        raise ValueError("give --graph FILE or --store DIR")
    path = Path(graph)
    if not path.is_file():
        raise ValueError(f"{path}: no such graph file")
    fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".").lower() or "ttl")
    if fmt is None:
        fmt = pyoxigraph.RdfFormat.TURTLE
    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read as {fmt.name}: {first_line(exc)}") from exc
    return store


def served_size(store: Store) -> str:
    """What the endpoint serves, for its start-up line: the triples of the default graph (a store
    folder keeps the union of its articles there), or the quads of a file of named graphs."""
    from graph.store import triple_count

    triples = triple_count(store)
    if triples:
        return f"{triples:,} triple{'s' * (triples != 1)}"
    quads = len(store)
    return f"{quads:,} quad{'s' * (quads != 1)} in named graphs"


def negotiate(accept: str | None, fmt: str | None, graph_result: bool) -> str:
    """The answer format: the ``format`` parameter first, then the Accept header, else the default."""
    table = GRAPH_TYPES if graph_result else RESULT_TYPES
    default = "turtle" if graph_result else "json"
    if fmt:
        name = fmt.strip().lower()
        name = MEDIA_ALIASES.get(name, FORMAT_ALIASES.get(name, name))
        if name in table:
            return name
        if name not in RESULT_TYPES and name not in GRAPH_TYPES:
            raise EndpointError(HTTPStatus.NOT_ACCEPTABLE,
                                f"format {fmt!r} is not available here; use one of {', '.join(table)}")
        # a results format asked for a graph (or the reverse): the Accept header decides
    for media in _accepted(accept or ""):
        if media in ("*/*", "application/*", "text/*"):
            return default
        name = MEDIA_ALIASES.get(media)
        if name in table:
            return name
    return default


def _accepted(header: str) -> list[str]:
    """Media types of an Accept header, most wanted first (q=0 dropped)."""
    ranked = []
    for i, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    return [media for _, _, media in sorted(ranked)]


class Endpoint:
    """Runs read-only queries on a store with a time limit and a result-size limit."""

    def __init__(self, store: Store, config: ServeConfig | None = None) -> None:
        self.store = store
        self.config = config or ServeConfig()
        self.prefixes = prefix_map()
        # a store from graph/store.py keeps the union in its default graph; a loaded .trig does not
        self.union = not bool(store.query("ASK { ?s ?p ?o }"))
        self.pool = ThreadPoolExecutor(max_workers=self.config.workers, thread_name_prefix="sparql")
        self._cache = _answer_cache(self.config.cache_bytes)
        self._cache_lock = threading.Lock()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def answer(self, query: str, accept: str | None = None, fmt: str | None = None) -> Answer:
        """Evaluate one query and serialise it, or take its answer from memory when the same query
        was asked the same way before; refusals come back as error answers (never kept)."""
        key = (query, accept or "", fmt or "")
        with self._cache_lock:
            kept = self._cache.get(key) if self._cache is not None else None
        if kept is not None:
            return replace(kept, headers={**kept.headers, CACHE_HEADER: "hit"})
        try:
            answer = self._answer(query, accept, fmt)
        except EndpointError as exc:
            return error_answer(exc.status, str(exc))
        if self._cache is not None and cacheable(query):
            with self._cache_lock, contextlib.suppress(ValueError):  # larger than the whole cache
                self._cache[key] = answer
        return replace(answer, headers={**answer.headers, CACHE_HEADER: "miss"})

    def _answer(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        import pyoxigraph

        if not query.strip():
            raise EndpointError(HTTPStatus.BAD_REQUEST, "empty query")
        try:
            check_read_only(query)
        except QueryError as exc:
            status = HTTPStatus.FORBIDDEN if "Update" in str(exc) else HTTPStatus.BAD_REQUEST
            raise EndpointError(status, str(exc)) from exc
        cancel = threading.Event()
        future = self.pool.submit(self._run, query, cancel)
        try:
            kind, variables, items, truncated = future.result(timeout=self.config.timeout)
        except FutureTimeout as exc:
            cancel.set()
            future.cancel()
            raise EndpointError(HTTPStatus.SERVICE_UNAVAILABLE,
                                f"query stopped: it ran past the {self.config.timeout:g} s time limit") from exc
        except SyntaxError as exc:
            raise EndpointError(HTTPStatus.BAD_REQUEST, format_oxigraph_error(str(exc))) from exc
        except (OSError, ValueError, RuntimeError, TypeError) as exc:
            raise EndpointError(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}") from exc
        if kind == "boolean":
            name = negotiate(accept, fmt, graph_result=False)
            return Answer(HTTPStatus.OK, _content_type(RESULT_TYPES[name]),
                          items.serialize(format=_results_format(name)))
        headers = {TRUNCATED_HEADER: "true" if truncated else "false"}
        if truncated:
            headers["X-Newsgraph-Result-Limit"] = str(self.config.max_results)
        if kind == "triples":
            name = negotiate(accept, fmt, graph_result=True)
            body = pyoxigraph.serialize(items, format=_rdf_format(name), prefixes=self.prefixes) or b""
            return Answer(HTTPStatus.OK, _content_type(GRAPH_TYPES[name]), body, headers)
        name = negotiate(accept, fmt, graph_result=False)
        body = _solutions_body(variables, items, name)
        return Answer(HTTPStatus.OK, _content_type(RESULT_TYPES[name]), body, headers)

    def _run(self, query: str, cancel: threading.Event) -> tuple[str, list[str], object, bool]:
        """Evaluate in a worker: the kind of result, its variables, up to ``max_results`` items."""
        import pyoxigraph

        result = self.store.query(query, prefixes=self.prefixes, use_default_graph_as_union=self.union)
        if isinstance(result, pyoxigraph.QueryBoolean):
            return "boolean", [], result, False
        kind = "triples" if isinstance(result, pyoxigraph.QueryTriples) else "solutions"
        variables = [] if kind == "triples" else [v.value for v in result.variables]
        items: list = []
        for item in result:
            if len(items) >= self.config.max_results:
                return kind, variables, items, True
            if cancel.is_set():
                break
            items.append(item)
        return kind, variables, items, False


def _answer_cache(max_bytes: int):  # noqa: ANN202 - cachetools.LRUCache, imported lazily
    """Answers by (query, Accept, format), bounded by the total size of their bodies; None for none."""
    if max_bytes <= 0:
        return None
    from cachetools import LRUCache

    return LRUCache(maxsize=max_bytes, getsizeof=lambda answer: len(answer.body) + 256)


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8"


def _results_format(name: str):  # noqa: ANN202 - pyoxigraph.QueryResultsFormat
    import pyoxigraph

    return {"json": pyoxigraph.QueryResultsFormat.JSON, "xml": pyoxigraph.QueryResultsFormat.XML,
            "csv": pyoxigraph.QueryResultsFormat.CSV, "tsv": pyoxigraph.QueryResultsFormat.TSV}[name]


def _rdf_format(name: str):  # noqa: ANN202 - pyoxigraph.RdfFormat
    import pyoxigraph

    return {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
            "rdfxml": pyoxigraph.RdfFormat.RDF_XML}[name]


def _solutions_body(variables: list[str], solutions: list, name: str) -> bytes:
    """Collected solutions in the asked format: W3C JSON, re-read by Oxigraph for the others."""
    import pyoxigraph

    data = json.dumps({"head": {"vars": variables},
                       "results": {"bindings": [_binding(s, variables) for s in solutions]}},
                      ensure_ascii=False).encode("utf-8")
    if name == "json":
        return data
    parsed = pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)
    return parsed.serialize(format=_results_format(name))


def _binding(solution: object, variables: list[str]) -> dict[str, dict[str, str]]:
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


def error_answer(status: int, message: str) -> Answer:
    return Answer(int(status), "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol: GET ?query=, POST form (query=) or POST application/sparql-query."""

    endpoint: Endpoint
    server_version = "newsgraph-sparql/1"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(Answer(200, "text/plain; charset=utf-8",
                              b"newsgraph read-only SPARQL endpoint: GET or POST /sparql?query=...\n"))
            return
        if url.path != ENDPOINT_PATH:
            self._send(error_answer(HTTPStatus.NOT_FOUND, f"nothing at {url.path}; the endpoint is {ENDPOINT_PATH}"))
            return
        self._dispatch(parse_qs(url.query, keep_blank_values=True))

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        url = urlsplit(self.path)
        if url.path != ENDPOINT_PATH:
            self._drain()
            self._send(error_answer(HTTPStatus.NOT_FOUND, f"nothing at {url.path}; the endpoint is {ENDPOINT_PATH}"))
            return
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > self.endpoint.config.max_body:
            self.close_connection = True
            self._send(error_answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length > 0 else HTTPStatus.BAD_REQUEST,
                                    f"request body must be 0..{self.endpoint.config.max_body} bytes"))
            return
        body = self.rfile.read(length) if length else b""
        media = (self.headers.get_content_type() or "").lower()
        charset = self.headers.get_content_charset() or "utf-8"
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            self._send(error_answer(HTTPStatus.BAD_REQUEST, f"request body is not valid {charset}"))
            return
        if media == "application/sparql-update":
            self._send(error_answer(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed: this endpoint is read-only"))
            return
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            params.setdefault("query", []).append(text)
        else:
            self._send(error_answer(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                    "send application/sparql-query or application/x-www-form-urlencoded"))
            return
        self._dispatch(params)

    def do_PUT(self) -> None:  # noqa: N802 - http.server naming
        self._refuse_method()

    do_DELETE = do_PATCH = do_PUT  # noqa: N815 - http.server naming

    def _refuse_method(self) -> None:
        self._drain()
        answer = error_answer(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and POST: this endpoint is read-only")
        answer.headers["Allow"] = "GET, POST"
        self._send(answer)

    def _drain(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if 0 < length <= self.endpoint.config.max_body:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(error_answer(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed: this endpoint is read-only"))
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._send(error_answer(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter"))
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._send(error_answer(HTTPStatus.BAD_REQUEST,
                                    "default-graph-uri and named-graph-uri are not supported here"))
            return
        fmt = (params.get("format") or params.get("output") or [None])[0]
        self._send(self.endpoint.answer(queries[0], self.headers.get("Accept"), fmt))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Vary", "Accept")
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server signature
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


def make_server(store: Store, config: ServeConfig | None = None, verbose: bool = False) -> ThreadingHTTPServer:
    """An HTTP server for the store, bound but not yet serving (port 0 picks a free port)."""
    config = config or ServeConfig()
    endpoint = Endpoint(store, config)
    handler = type("BoundSparqlHandler", (SparqlHandler,), {"endpoint": endpoint})
    server = ThreadingHTTPServer((config.host, config.port), handler)
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    server.endpoint = endpoint  # type: ignore[attr-defined]
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Serve in a daemon thread (tests and notebooks); stop with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="sparql-http", daemon=True)
    thread.start()
    time.sleep(0)
    return thread
