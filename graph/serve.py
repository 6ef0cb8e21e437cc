"""A read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` over an Oxigraph store or a SPARQL server.

The HTTP side is the standard library's ``ThreadingHTTPServer``. Over a graph file or a store
folder every query is checked and run in a worker process (:mod:`graph.querypool`) that cannot
open network connections, is killed at the time limit, and is replaced if a query crashes it, so
no request can stop the server or turn it outward. Updates, ``SERVICE`` and over-deep nesting are
refused on the parsed query (:mod:`graph.readonly`). Answers carry no CORS header unless
``--cors ORIGIN`` allows that origin. That graph never changes (a store folder is opened read-only,
a snapshot), so answers are kept in memory and a repeated query is answered without running it again.

Over a SPARQL server (``--store http://...``, :class:`ServerQueries`) the server evaluates. The
same checks run first, in the same walled worker processes (rdflib's parser takes minutes on
some 1 MB queries: there it is killed at the time limit); then the front sends the query from its
own request thread, not from a worker: the kernel filter of :mod:`graph.nonet` can refuse
Internet sockets but not pick their destination (seccomp cannot read a ``connect`` address), so
a worker able to reach the server could reach anything. No local engine ever runs a request's
query (the front only reads answers with Oxigraph's results parsers), and the one network client,
:class:`graph.remote.RemoteStore`, talks only to the configured URL (no redirect followed, no
proxy, no address taken from a request). At most ``workers`` queries are at the server at once;
at the time limit the front shuts the connection and answers 503 (Virtuoso is also told the limit
and stops; Oxigraph server stops only at its own ``--timeout-s``). The server's graph changes as
builds write to it, so nothing is kept in memory.
"""

from __future__ import annotations

import contextlib
import http.client
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from graph.errors import first_line
from graph.querycache import cacheable
from graph.querypool import PoolConfig, PoolError, QueryPool, Source
from graph.readonly import QueryError, UpdateRefused, format_oxigraph_error
from graph.remote import RemoteStore, RemoteStoreError, is_triples

if TYPE_CHECKING:
    import socket

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
WORKER_MODULES = ("graph.serve", "graph.results", "graph.sparql", "pyoxigraph", "rdflib.plugins.sparql.parser")


@dataclass(frozen=True)
class ServeConfig:
    """Limits and address of the endpoint."""

    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds per query
    max_results: int = 10_000  # rows or triples per answer
    max_body: int = 1_000_000  # bytes of request body
    workers: int = 4  # worker processes, so queries evaluated at once
    cache_bytes: int = 64 * 2**20  # answer bodies kept in memory, least recently used dropped first (0: none)
    cors: tuple[str, ...] = ()  # origins whose pages may read answers ("*": any); none by default
    memory_mb: int = 2048  # data memory of one worker process (0: no cap)


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


@dataclass(frozen=True)
class Served:
    """What ``serve`` serves: the workers' source (or the SPARQL server), and its size for the start-up line."""

    source: Source | RemoteStore
    size: str


def load_served(graph: str | Path | None = None, store_dir: str | Path | None = None) -> Served:
    """A graph file (loaded here once, handed to the workers as N-Quads), a store folder (each
    worker opens it read-only) or a SPARQL server's URL (asked once whether it answers); a problem
    is a ValueError of one line naming the file or server (a RemoteStoreError for a server)."""
    from graph.store import is_store_url

    if is_store_url(store_dir):
        server = RemoteStore(str(store_dir)).check()
        return Served(server, f"the SPARQL server {server.url}")
    store = _open(graph, store_dir)
    source = Source.of(store, store_dir)
    return Served(source, served_size(store))


def _open(graph: str | Path | None, store_dir: str | Path | None) -> Store:
    import pyoxigraph

    if store_dir is not None:
        from graph.store import StoreError, open_store

        try:
            return open_store(store_dir, read_only=True)
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


@dataclass(frozen=True)
class Request:
    """One query as a worker receives it."""

    query: str
    accept: str | None
    fmt: str | None
    max_results: int


class Endpoint:
    """Answers read-only queries through a pool of worker processes, keeping answers in memory, or
    through a SPARQL server (``source`` a RemoteStore), keeping none."""

    def __init__(self, source: Source | RemoteStore, config: ServeConfig | None = None) -> None:
        self.config = config or ServeConfig()
        self.pool: QueryPool | ServerQueries
        if isinstance(source, RemoteStore):
            self.pool = ServerQueries(source, self.config)
            self._cache = None  # builds write to the server: an answer kept could be stale
        else:
            self.pool = QueryPool(source, answer_request,
                                  PoolConfig(size=self.config.workers, timeout=self.config.timeout,
                                             memory_bytes=self.config.memory_mb * 2**20),
                                  preload=WORKER_MODULES)
            self._cache = _answer_cache(self.config.cache_bytes)
        self._cache_lock = threading.Lock()

    def close(self) -> None:
        self.pool.close()

    def answer(self, query: str, accept: str | None = None, fmt: str | None = None) -> Answer:
        """Evaluate one query and serialise it, or take its answer from memory when the same query
        was asked the same way before; refusals come back as error answers (never kept)."""
        key = (query, accept or "", fmt or "")
        with self._cache_lock:
            kept = self._cache.get(key) if self._cache is not None else None
        if kept is not None:
            return replace(kept, headers={**kept.headers, CACHE_HEADER: "hit"})
        answer = self._run(query, accept, fmt)
        if answer.status != HTTPStatus.OK:
            return answer
        if self._cache is not None and cacheable(query):
            with self._cache_lock, contextlib.suppress(ValueError):  # larger than the whole cache
                self._cache[key] = answer
        return replace(answer, headers={**answer.headers, CACHE_HEADER: "miss"})

    def _run(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        if not query.strip():
            return error_answer(HTTPStatus.BAD_REQUEST, "empty query")
        try:
            return self.pool.run(Request(query, accept, fmt, self.config.max_results))
        except PoolError as exc:
            if exc.reason == "time":
                return error_answer(HTTPStatus.SERVICE_UNAVAILABLE,
                                    f"query stopped: it ran past the {self.config.timeout:g} s time limit")
            if exc.reason == "busy":
                answer = error_answer(HTTPStatus.SERVICE_UNAVAILABLE,
                                      f"query stopped: the endpoint is busy ({exc}); try again later")
                answer.headers["Retry-After"] = "1"
                return answer
            return error_answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")


def answer_request(store: Store, request: Request | None) -> Answer:
    """In a worker: check the query, run it, write the answer in the negotiated format (None:
    a warm-up that loads the parser and the writer before the worker takes queries)."""
    from graph.sparql import prefix_map

    if request is None:
        request = Request("ASK { ?s ?p ?o }", None, None, 1)
    checked = _checked(request.query)
    if isinstance(checked, Answer):
        return checked
    prefixes = prefix_map()
    # a store from graph/store.py keeps the union in its default graph; a loaded .trig does not
    union = not bool(store.query("ASK { ?s ?p ?o }"))
    try:
        result = store.query(request.query, prefixes=prefixes, use_default_graph_as_union=union)
        return written_answer(result, request, prefixes)
    except SyntaxError as exc:
        return error_answer(HTTPStatus.BAD_REQUEST, format_oxigraph_error(str(exc)))
    except (OSError, ValueError, RuntimeError, TypeError) as exc:
        return error_answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {first_line(exc)}")


def written_answer(result: object, request: Request, prefixes: dict[str, str], cap: int | None = None) -> Answer:
    """An Oxigraph answer written in the negotiated format, cut at the request's row limit and
    marked so. ``cap``: rows a SPARQL server silently stops at (Virtuoso): an answer of exactly
    that many is marked as cut too, as it most likely was."""
    from graph.results import answer_kind, write_results

    kind = answer_kind(result)
    try:
        name = negotiate(request.accept, request.fmt, graph_result=kind == "triples")
    except EndpointError as exc:
        return error_answer(exc.status, str(exc))
    counted = _Counted(result) if cap is not None and kind == "solutions" else result
    written = write_results(counted, name, None if kind == "boolean" else request.max_results, prefixes)
    media = GRAPH_TYPES[name] if kind == "triples" else RESULT_TYPES[name]
    headers = {}
    if kind != "boolean":
        capped = cap is not None and not written.truncated and cap == (
            counted.rows if isinstance(counted, _Counted) else len(counted))  # type: ignore[arg-type] - server triples: a list
        headers[TRUNCATED_HEADER] = "true" if written.truncated or capped else "false"
        if written.truncated or capped:
            headers["X-Newsgraph-Result-Limit"] = str(cap if capped else request.max_results)
    return Answer(HTTPStatus.OK, _content_type(media), written.body, headers)


class _Counted:
    """SELECT solutions that count the rows read from them (a server's answer, read as a stream)."""

    def __init__(self, solutions: object) -> None:
        self.variables = solutions.variables  # type: ignore[attr-defined]
        self._solutions = solutions
        self.rows = 0

    def __iter__(self) -> Iterator[object]:
        for solution in self._solutions:  # type: ignore[attr-defined]
            self.rows += 1
            yield solution


def _checked(query: str) -> Answer | str:
    """The query's form (``SelectQuery``, ``ConstructQuery``, ...) when the read-only check passes
    it, else the error answer (403 for updates, 400 for the rest)."""
    try:
        return _check(query)
    except UpdateRefused as exc:
        return error_answer(HTTPStatus.FORBIDDEN, str(exc))
    except QueryError as exc:
        return error_answer(HTTPStatus.BAD_REQUEST, str(exc))


def check_request(store: Store, request: Request | None) -> Answer | str:
    """In a walled worker, for a SPARQL server: the read-only check and Oxigraph's syntax check
    (the line and column of the text sent, as over a folder); the query's form, or the error
    answer. ``store`` is an empty one; None is the worker's warm-up."""
    from graph.readonly import oxigraph_syntax_error
    from graph.sparql import prefix_map

    query = "ASK { ?s ?p ?o }" if request is None else request.query
    checked = _checked(query)
    if isinstance(checked, Answer):
        return checked
    syntax = oxigraph_syntax_error(query, prefix_map())
    return error_answer(HTTPStatus.BAD_REQUEST, syntax) if syntax else checked


class ServerQueries:
    """Queries checked in walled worker processes and evaluated by a SPARQL server (see the module
    docstring): the answer is read as a stream and dropped once the row limit is passed, the
    connection shut at the time limit; a server that fails or refuses is one line (502, or 400 for
    a query it refuses)."""

    def __init__(self, store: RemoteStore, config: ServeConfig) -> None:
        self.store = store
        self.config = config
        # rdflib's parser, pure Python, takes minutes on some 1 MB queries: checks run where they can be killed
        self.checker = QueryPool(Source(), check_request,
                                 PoolConfig(size=config.workers, timeout=config.timeout,
                                            memory_bytes=config.memory_mb * 2**20),
                                 preload=WORKER_MODULES)
        self._slots = threading.BoundedSemaphore(max(1, config.workers))
        self._queue_wait = self.checker.config.queue_wait

    def run(self, request: Request) -> Answer:
        """The answer to one query, or PoolError (``time``, ``busy``, ``crash``) as the worker pool raises it."""
        from graph.sparql import prefix_map

        started = time.monotonic()
        checked = self.checker.run(request)
        if isinstance(checked, Answer):
            return checked
        if not self._slots.acquire(timeout=self._queue_wait):
            raise PoolError("busy", "every connection to the SPARQL server is busy")
        try:
            seconds = self.config.timeout - (time.monotonic() - started)  # one limit for the check and the run
            if seconds <= 0:
                raise PoolError("time", "time limit")
            return self._ask(request, prefix_map(), seconds, graph=checked in ("ConstructQuery", "DescribeQuery"))
        except PoolError:
            raise
        except Exception as exc:  # a bug here: one line to the client (500), as from a worker
            raise PoolError("failed", f"{type(exc).__name__}: {first_line(exc)}") from exc
        finally:
            self._slots.release()

    def _ask(self, request: Request, prefixes: dict[str, str], seconds: float, graph: bool) -> Answer:
        deadline = _Deadline(seconds)
        tail = None
        try:
            with self.store.query_answer(request.query, prefixes, seconds, deadline.watch,
                                         graph=graph) as response:
                tail = _Tail(response)
                return written_answer(_server_result(tail, response, request.max_results), request, prefixes,
                                      self.store.max_rows)
        except RemoteStoreError as exc:
            if deadline.finish():
                raise PoolError("time", "time limit") from exc
            return self._failed(exc)
        except (SyntaxError, OSError, ValueError, RuntimeError, http.client.HTTPException) as exc:  # it broke off
            if deadline.finish():
                raise PoolError("time", "time limit") from exc
            if tail is not None and b"cancelled" in tail.last:  # Oxigraph server's own --timeout-s
                return error_answer(HTTPStatus.SERVICE_UNAVAILABLE,
                                    "query stopped: the SPARQL server ended it at its own time limit")
            return error_answer(HTTPStatus.BAD_GATEWAY, f"the SPARQL server's answer broke off: {first_line(exc)}")
        finally:
            deadline.finish()

    def _failed(self, exc: RemoteStoreError) -> Answer:
        """A server error as the client sees it: one line, without the server's address."""
        message = str(exc).removeprefix(f"{self.store.url}: ")
        if exc.reason in ("partial", "cost"):  # the server's own time limit, met or foreseen
            return error_answer(HTTPStatus.SERVICE_UNAVAILABLE, f"query stopped: {message}")
        if exc.reason == "refused" and exc.status is not None and 400 <= exc.status < 500 and exc.status not in (401, 403):
            return error_answer(HTTPStatus.BAD_REQUEST, message)  # the server's verdict on the query itself
        return error_answer(HTTPStatus.BAD_GATEWAY, message)

    def close(self) -> None:
        """Stop the checking workers (each query has its own connection to the server)."""
        self.checker.close()


def _server_result(stream: _Tail, response: http.client.HTTPResponse, limit: int) -> object:
    """A server's answer as an Oxigraph answer read lazily from ``stream``: solutions or a boolean,
    or (CONSTRUCT, DESCRIBE) at most ``limit + 1`` triples, enough to say whether it was cut."""
    import itertools

    import pyoxigraph as ox

    from graph.results import triples_answer

    if is_triples(response.getheader("Content-Type") or ""):
        quads = ox.parse(stream, format=ox.RdfFormat.N_TRIPLES)
        return triples_answer(quad.triple for quad in itertools.islice(quads, limit + 1))
    return ox.parse_query_results(stream, format=ox.QueryResultsFormat.JSON)


class _Tail:
    """A reader over a server's answer that keeps its last bytes (what a server wrote when it gave up)."""

    def __init__(self, raw: http.client.HTTPResponse) -> None:
        self._raw = raw
        self.last = b""

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.last = (self.last + data)[-256:]
        return data


class _Deadline:
    """A time limit on one exchange with the server: when it passes, the connection is shut, so a
    wait on the server ends at once (and the server sees its client leave)."""

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._done = self._fired = False
        self._end = time.monotonic() + seconds
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socket = sock
            fired = self._fired
        if fired:
            self._shut(sock)

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self._fired = True
            sock = self._socket
        if sock is not None:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        import socket as sockets

        with contextlib.suppress(OSError):
            sock.shutdown(sockets.SHUT_RDWR)

    def finish(self) -> bool:
        """Stop the clock; whether the limit had passed (an exchange that failed then failed because
        of it, whether the connection was shut or a network wait, bounded by the same limit, ran out)."""
        with self._lock:
            self._done = True
        self._timer.cancel()
        return self._fired or time.monotonic() >= self._end


@lru_cache(maxsize=512)
def _check(query: str) -> str:
    """The read-only check, remembered per process for the queries it passed (rdflib's parse costs
    5-40 ms, more than a cheap query's run); the query's form; refusals raise and are not remembered."""
    from graph.sparql import check_read_only

    return str(check_read_only(query)[1].name)


def _answer_cache(max_bytes: int):  # noqa: ANN202 - cachetools.LRUCache, imported lazily
    """Answers by (query, Accept, format), bounded by the total size of their bodies; None for none."""
    if max_bytes <= 0:
        return None
    from cachetools import LRUCache

    return LRUCache(maxsize=max_bytes, getsizeof=lambda answer: len(answer.body) + 256)


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8"


def error_answer(status: int, message: str) -> Answer:
    return Answer(int(status), "text/plain; charset=utf-8", (message + "\n").encode("utf-8", "replace"))


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

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server naming; a browser's CORS preflight
        self._drain()
        answer = Answer(HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b"", {"Allow": "GET, POST, OPTIONS"})
        if self._allowed_origin():
            answer.headers.update({"Access-Control-Allow-Methods": "GET, POST",
                                   "Access-Control-Allow-Headers": "Content-Type, Accept",
                                   "Access-Control-Max-Age": "600"})
        self._send(answer)

    def _allowed_origin(self) -> str | None:
        """The value of Access-Control-Allow-Origin for this request, or None (same origin only)."""
        allowed = self.endpoint.config.cors
        origin = self.headers.get("Origin")
        if "*" in allowed:
            return "*"
        return origin if origin and origin in allowed else None

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        origin = self._allowed_origin()
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Vary", "Accept, Origin" if self.endpoint.config.cors else "Accept")
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def handle(self) -> None:
        """A client that hangs up or goes silent ends its connection quietly, not with a traceback."""
        try:
            super().handle()
        except (ConnectionError, TimeoutError) as exc:
            self.close_connection = True
            self.log_message("client %s gone: %s", self.address_string(), first_line(exc))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server signature
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; a request that fails unexpectedly is one line on stderr, never a traceback."""

    daemon_threads = True
    verbose = False
    endpoint: Endpoint

    def handle_error(self, request: object, client_address: tuple) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        print(f"newsgraph serve: error answering {client_address[0]}: {type(exc).__name__}: "
              f"{first_line(exc) if exc else ''}", file=sys.stderr)


def make_server(source: Source, config: ServeConfig | None = None, verbose: bool = False) -> SparqlServer:
    """An HTTP server for the source, bound but not yet serving (port 0 picks a free port); its
    worker processes start once the address is bound."""
    config = config or ServeConfig()
    handler = type("BoundSparqlHandler", (SparqlHandler,), {"timeout": 60})
    server = SparqlServer((config.host, config.port), handler)
    try:
        handler.endpoint = Endpoint(source, config)
    except BaseException:
        server.server_close()
        raise
    server.verbose = verbose
    server.endpoint = handler.endpoint
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Serve in a daemon thread (tests and notebooks); stop with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="sparql-http", daemon=True)
    thread.start()
    time.sleep(0)
    return thread
