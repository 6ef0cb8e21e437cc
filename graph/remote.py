"""A SPARQL server as the graph store: the same store as the embedded folder, reached over HTTP.

``--store http://HOST:PORT`` names an Oxigraph server (``oxigraph serve``): SPARQL 1.1 Query at
``/query``, Update at ``/update`` and the Graph Store Protocol at ``/store``. :class:`RemoteStore`
offers the part of ``pyoxigraph.Store`` that newsgraph's store code uses (query, update, bulk
load, named graphs, quad patterns, dumps), so ``graph.store``'s writes (one named graph per
article, the union kept in the default graph, a re-ingest replaced in one update so readers never
see an article vanish) and ``graph.crosslink``'s linking run unchanged on a server. Answers come
back as Oxigraph's own answer objects. Credentials come only from the environment
(``NEWSGRAPH_STORE_USER``/``NEWSGRAPH_STORE_PASSWORD``, sent as HTTP Basic authentication).

A URL ending in ``/sparql`` names a server with one endpoint for queries and updates and no usable
Graph Store Protocol: Virtuoso (``http://HOST:8890/sparql``). Its default graph is the union of
all its graphs (a triple once per graph stating it), so newsgraph's explicit union lives there in
the named graph :data:`UNION`, passed as ``default-graph-uri``: updates without a GRAPH write it,
queries read it as their default graph. (Once a default graph is named, Virtuoso 7.2 matches
nothing in ``GRAPH <iri> {...}`` of a query or an update's WHERE: a query naming a graph goes
without it, and updates match graphs through a variable, ``VALUES ?g {<iri>} GRAPH ?g {...}``.) Graphs are loaded with INSERT DATA, and
read a graph at a time. Virtuoso cuts every answer at ``ResultSetMaxRows`` rows (10,000 by
default) without saying so, and refuses a query whose estimated cost is over its limit: an answer
of exactly that many rows, and an answer Virtuoso marks as partial, are errors here, never silent.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from graph.errors import first_line
from graph.sparqldata import data_operations, quads_by_graph
from graph.store import StoreError

if TYPE_CHECKING:
    import socket

    import pyoxigraph as ox

UNION = "https://newsgraph.org/id/union"  # the union graph on a server whose default graph is all graphs
VIRTUOSO_MAX_ROWS = 10_000  # Virtuoso's ResultSetMaxRows as shipped: an answer this long was probably cut
INSERT_TRIPLES = 500  # triples per INSERT DATA operation on Virtuoso (past ~1,000 it refuses one)
_NAMES_A_GRAPH = re.compile(r"\bGRAPH\s*<", re.IGNORECASE)
TIMEOUT = 3600  # seconds an HTTP exchange may take: a whole-corpus report on a large server runs for minutes
CHECK_TIMEOUT = 30  # seconds a server has to answer ASK {} when a command starts
_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES, _N_QUADS = "application/n-triples", "application/n-quads"


class RemoteStoreError(StoreError):
    """A server that cannot be reached or refuses a request; one-line message naming its URL.

    ``reason``: ``unreachable`` (no connection, or the answer broke off), ``refused`` (an HTTP
    error or a redirect, which is never followed), ``cost`` (Virtuoso refused the query on its
    estimated run time), ``partial`` (the server's time limit cut the answer) or ``cap`` (an
    answer as long as the server's silent row cap)."""

    def __init__(self, message: str, reason: str = "refused", status: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status  # the server's HTTP status, when it answered with an error


class RemoteStore:
    """An Oxigraph server at ``url`` seen through the ``pyoxigraph.Store`` methods newsgraph uses."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._parts = urllib.parse.urlsplit(self.url)
        if self._parts.username is not None or self._parts.password is not None:  # never echoed back
            raise RemoteStoreError(f"{self._parts.scheme}://...@{self._parts.hostname}: credentials go in "
                                   "NEWSGRAPH_STORE_USER and NEWSGRAPH_STORE_PASSWORD, never in the URL")
        try:
            port_ok = self._parts.port is None or self._parts.port > 0
        except ValueError:  # not a number, or past 65535
            port_ok = False
        if self._parts.scheme not in ("http", "https") or not self._parts.hostname or not port_ok \
                or self._parts.query or self._parts.fragment:
            raise RemoteStoreError(f"{self.url}: not a SPARQL server URL (http[s]://HOST:PORT or .../sparql)")
        self._auth = _auth_header()
        # one endpoint (Virtuoso): the union in graph UNION, named as the default graph of every request
        self.single_endpoint = self.url.endswith("/sparql")
        self._paths = ("", "") if self.single_endpoint else ("/query", "/update")
        self._dataset = {"default-graph-uri": UNION} if self.single_endpoint else {}
        self.max_rows = VIRTUOSO_MAX_ROWS if self.single_endpoint else None
        # Virtuoso compiles SPARQL to SQL and refuses past 10,000 lines of it: short VALUES blocks
        self.values_per_query = 100 if self.single_endpoint else 2000
        self.triples_per_operation = INSERT_TRIPLES if self.single_endpoint else None  # see graph.sparqldata

    # -- HTTP ------------------------------------------------------------------------------------
    @contextmanager
    def _exchange(self, path: str, data: bytes | None = None, content_type: str | None = None,
                  accept: str | None = None, method: str | None = None, timeout: float = TIMEOUT,
                  connected: Callable[[socket.socket], None] | None = None) -> Iterator[http.client.HTTPResponse]:
        """One HTTP exchange with the server, its answer yet unread and closed at the end. Only this
        server is ever contacted: no redirect is followed and no proxy used. Failures, refusals and
        an answer the server marks as partial (Virtuoso's time limit) are one-line RemoteStoreErrors.
        ``connected(sock)`` hears of the socket once it is open, so a caller's deadline can shut it."""
        parts = self._parts
        connection = (http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection)(
            parts.hostname, parts.port, timeout=timeout)
        headers = {name: value for name, value in (("Content-Type", content_type), ("Accept", accept),
                                                    ("Authorization", self._auth)) if value}
        try:
            try:
                connection.connect()
                if connected is not None:
                    connected(connection.sock)
                connection.request(method or ("POST" if data is not None else "GET"), (parts.path + path) or "/",
                                   body=data, headers=headers)
                response = connection.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                raise self.broken(exc) from exc
            if response.status >= 300:
                raise self._refusal(response, method, path)
            if response.getheader("X-SQL-State"):  # Virtuoso's "anytime" answer: what it found before its time limit
                raise RemoteStoreError(f"{self.url}: the server answered only in part ({response.getheader('X-SQL-State')}: "
                                       f"{first_line(response.getheader('X-SQL-Message') or '-')}); raise its "
                                       "MaxQueryExecutionTime or narrow the query", "partial")
            yield response
        finally:
            connection.close()

    def broken(self, exc: BaseException) -> RemoteStoreError:
        """The error for an exchange that failed or whose answer broke off (``exc`` says how)."""
        reason = getattr(exc, "reason", None) or exc
        return RemoteStoreError(f"{self.url}: cannot reach the SPARQL server ({first_line(reason)})", "unreachable")

    def _refusal(self, response: http.client.HTTPResponse, method: str | None, path: str) -> RemoteStoreError:
        """The error for an HTTP error answer or a redirect (never followed: it could lead anywhere)."""
        reason = "refused"
        if 300 <= response.status < 400:
            detail = f"a redirect to {response.getheader('Location') or 'nowhere'}, not followed; give the server's own URL"
        else:
            try:
                detail = first_line(response.read(65536).decode("utf-8", "replace")) or response.reason
            except (OSError, http.client.HTTPException):
                detail = response.reason
            if "estimated execution time" in detail.lower():
                detail, reason = f"it refused the query on its cost estimate: {detail}", "cost"
        return RemoteStoreError(f"{self.url}: the server refused {method or 'the request'} {path or 'the query'} "
                                f"(HTTP {response.status}: {detail})", reason, response.status)

    def _request(self, path: str, data: bytes | None = None, content_type: str | None = None,
                 accept: str | None = None, method: str | None = None) -> tuple[bytes, str]:
        """One HTTP exchange read whole: (body, content type), or a one-line RemoteStoreError."""
        with self._exchange(path, data, content_type, accept, method) as response:
            return self._read(response), response.getheader("Content-Type") or ""

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        """The whole body of an answer; one that breaks off is a one-line RemoteStoreError."""
        try:
            return response.read()
        except (OSError, http.client.HTTPException) as exc:
            raise self.broken(exc) from exc

    def check(self, seconds: float = CHECK_TIMEOUT) -> RemoteStore:
        """Fail now, with one line, when the server does not answer SPARQL (within ``seconds``: a
        server that takes the connection and says nothing is as good as down)."""
        with self.query_answer("ASK {}", seconds=seconds, graph=False) as response:
            self._read(response)
        return self

    # -- the pyoxigraph.Store part ---------------------------------------------------------------
    def query(self, text: str, prefixes: dict[str, str] | None = None) -> object:
        """A SPARQL query run by the server: Oxigraph's answer object (solutions, boolean or triples)."""
        import pyoxigraph as ox

        graph = _is_graph_query(text, prefixes) if self.single_endpoint else None
        with self.query_answer(text, prefixes, graph=graph) as response:
            data, kind = self._read(response), response.getheader("Content-Type") or ""
        if is_triples(kind):  # CONSTRUCT / DESCRIBE: Oxigraph's own triples answer
            scratch = ox.Store()
            scratch.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            self._check_cap(len(scratch))
            return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
        if self.max_rows is not None and b'"bindings"' in data:
            self._check_cap(len(json.loads(data)["results"]["bindings"]))
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    @contextmanager
    def query_answer(self, text: str, prefixes: dict[str, str] | None = None, seconds: float | None = None,
                     connected: Callable[[socket.socket], None] | None = None,
                     graph: bool | None = None) -> Iterator[http.client.HTTPResponse]:
        """The server's answer to a query, unread, for a reader that stops when it has enough:
        SPARQL JSON results, or N-Triples for CONSTRUCT and DESCRIBE (see :func:`is_triples`).
        ``seconds``: how long the caller waits (each network wait is bounded by it, and Virtuoso
        is asked to stop the query then: an answer it cut is a ``partial`` error). ``graph``: whether
        the query is a CONSTRUCT or DESCRIBE, when known; Virtuoso ignores the preference order
        of Accept (a CONSTRUCT asked for JSON first fails), so only that one format is asked for."""
        prologue = _prologue(prefixes)
        # Virtuoso matches nothing in GRAPH <iri> once a default graph is named: a query naming a graph
        # runs over its own dataset (the default graph is then every graph, a triple once per graph)
        fields = {"query": prologue + text, **({} if _NAMES_A_GRAPH.search(text) else self._dataset)}
        if seconds is not None and self.single_endpoint:  # Virtuoso's own limit, in milliseconds
            fields["timeout"] = str(max(1, round(seconds * 1000)))
        accept = f"{_RESULTS_JSON}, {_N_TRIPLES};q=0.9" if graph is None else _N_TRIPLES if graph else _RESULTS_JSON
        body, content_type = _request_body(fields, "query", direct=not self.single_endpoint)
        with self._exchange(self._paths[0], body, content_type, accept, "POST",
                            TIMEOUT if seconds is None else seconds, connected) as response:
            yield response

    def _check_cap(self, rows: int) -> None:
        """An answer as long as the server's silent row cap was probably cut: an error, never a silent loss."""
        if self.max_rows is not None and rows >= self.max_rows:
            raise RemoteStoreError(f"{self.url}: the answer has {rows:,} rows, the server's cap (Virtuoso's "
                                   "ResultSetMaxRows), so rows are probably missing; add a LIMIT, narrow the "
                                   "query or raise ResultSetMaxRows in virtuoso.ini", "cap")

    def update(self, text: str) -> None:
        """A SPARQL update, applied by the server in one transaction."""
        body, content_type = _request_body({"update": text, **self._dataset}, "update",
                                           direct=not self.single_endpoint)
        self._request(self._paths[1], body, content_type, method="POST")

    def bulk_load(self, data: bytes, format: ox.RdfFormat) -> None:  # noqa: A002 - pyoxigraph's name
        """Add quads (N-Quads) or default-graph triples through the Graph Store Protocol (POST merges);
        on a single endpoint, as INSERT DATA a graph and a few thousand triples at a time."""
        import pyoxigraph as ox

        quads = format == ox.RdfFormat.N_QUADS
        if not self.single_endpoint:
            self._request("/store" if quads else "/store?default", data, _N_QUADS if quads else _N_TRIPLES,
                          method="POST")
            return
        operations = data_operations(self, "INSERT", quads_by_graph(ox.parse(data, format=format)))
        for start in range(0, len(operations), 20):  # a request of 20 operations (10,000 triples)
            self.update(" ;\n".join(operations[start:start + 20]))

    def _own_graphs(self) -> str:
        """A filter on ?g leaving out what is not an article graph of newsgraph's on a single
        endpoint (Virtuoso's own graphs, the union graph)."""
        if not self.single_endpoint:
            return ""
        return f'FILTER (STRSTARTS(STR(?g), "https://newsgraph.org/id/") && ?g != <{UNION}>)'

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()} }}"):  # type: ignore[attr-defined]
            yield row["g"]

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}"))

    def graphs_among(self, graphs: list[str]) -> set[str]:
        """Those of the named graphs ``graphs`` (IRIs) the server holds, in a query per
        ``values_per_query`` graphs (a build asks for each batch of articles, not each article)."""
        found: set[str] = set()
        for start in range(0, len(graphs), self.values_per_query):
            values = " ".join(f"<{g}>" for g in graphs[start:start + self.values_per_query])
            for row in self.query(f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} "  # type: ignore[attr-defined]
                                  "FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"):
                found.add(row["g"].value)
        return found

    def quads_for_pattern(self, subject: ox.NamedNode | None, predicate: ox.NamedNode | None,
                          obj: object, graph: ox.NamedNode | ox.DefaultGraph | None) -> Iterator[ox.Quad]:
        """The quads matching a pattern (None matches anything), from the named graphs and the default one."""
        import pyoxigraph as ox

        terms = [t if t is not None else ox.Variable(v) for t, v in ((subject, "s"), (predicate, "p"), (obj, "o"))]
        pattern = " ".join(str(t) for t in terms)
        if isinstance(graph, ox.DefaultGraph):
            where = f"{{ {pattern} }}"
        elif graph is not None:
            where = f"{{ GRAPH {graph} {{ {pattern} }} }}"
        else:
            where = f"{{ {{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} {self._own_graphs()} }} }}"
        for row in self.query(f"SELECT * WHERE {where}"):  # type: ignore[attr-defined]
            values = [t if t is not None else row[v] for t, v in ((subject, "s"), (predicate, "p"), (obj, "o"))]
            name = graph if graph is not None else (row["g"] or ox.DefaultGraph())
            yield ox.Quad(*values, name)

    def dump(self, output: str | IO[bytes] | None = None, format: ox.RdfFormat | None = None,  # noqa: A002
             from_graph: ox.NamedNode | ox.DefaultGraph | None = None,
             prefixes: dict[str, str] | None = None) -> bytes | None:
        """Like ``pyoxigraph.Store.dump``: one graph (or everything, as N-Quads) fetched through the
        Graph Store Protocol; other formats are written by a local Oxigraph from what came back."""
        import pyoxigraph as ox

        if self.single_endpoint:  # no Graph Store Protocol: a graph at a time, as N-Quads
            graphs = [from_graph] if from_graph is not None else [ox.DefaultGraph(), *self.named_graphs()]
            data = b"".join(ox.serialize(list(self.quads_for_pattern(None, None, None, g)), format=ox.RdfFormat.N_QUADS)
                            for g in graphs)
            native = ox.RdfFormat.N_QUADS
            if from_graph is not None:  # one graph: its triples
                data = ox.serialize([q.triple for q in ox.parse(data, format=native)], format=ox.RdfFormat.N_TRIPLES)
                native = ox.RdfFormat.N_TRIPLES
        elif from_graph is None:
            data, _ = self._request("/store", accept=_N_QUADS)
            native = ox.RdfFormat.N_QUADS
        else:
            where = "default" if isinstance(from_graph, ox.DefaultGraph) else \
                "graph=" + urllib.parse.quote(from_graph.value, safe="")
            data, _ = self._request(f"/store?{where}", accept=_N_TRIPLES)
            native = ox.RdfFormat.N_TRIPLES
        if format in (None, native) and not prefixes:
            if output is None:
                return data
            if isinstance(output, str):
                with open(output, "wb") as fh:
                    fh.write(data)
            else:
                output.write(data)
            return None
        scratch = ox.Store()
        scratch.bulk_load(data, format=native)
        graph = ox.DefaultGraph() if from_graph is not None else None
        return scratch.dump(output, format, from_graph=graph, prefixes=prefixes)

    def __len__(self) -> int:
        answer = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                            f"{{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()} }} }}")
        return int(next(iter(answer))["n"].value)  # type: ignore[call-overload]

    def flush(self) -> None:
        """Nothing to do: the server makes its own writes durable."""

    def optimize(self) -> None:
        """Nothing to do: compaction is the server's business."""


def _request_body(fields: dict[str, str], kind: str, direct: bool) -> tuple[bytes, str]:
    """The body and media type of a SPARQL ``kind`` ("query" or "update") request: with ``direct``
    (Oxigraph server), the text posted as it is when it is the only field (URL-encoding megabytes
    of INSERT DATA took longer than the server's work), else an HTML form (Virtuoso's way)."""
    if direct and fields.keys() == {kind}:
        return fields[kind].encode(), f"application/sparql-{kind}"
    return urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"


def _prologue(prefixes: dict[str, str] | None) -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())


def _is_graph_query(text: str, prefixes: dict[str, str] | None) -> bool | None:
    """Whether a query is a CONSTRUCT or DESCRIBE (None when it does not parse: the server says why).
    Oxigraph parses it against an empty store; the answer's type is known before anything runs."""
    import pyoxigraph as ox

    try:
        return isinstance(ox.Store().query(_prologue(prefixes) + text), ox.QueryTriples)
    except (SyntaxError, ValueError, OSError):
        return None


def is_triples(content_type: str) -> bool:
    """Whether a query answer of this media type is triples (N-Triples: CONSTRUCT, DESCRIBE)."""
    return content_type.lower().startswith((_N_TRIPLES, "text/plain"))


def _auth_header() -> str | None:
    """HTTP Basic credentials from the environment, never from the command line."""
    user = os.environ.get("NEWSGRAPH_STORE_USER")
    if not user:
        return None
    token = base64.b64encode(f"{user}:{os.environ.get('NEWSGRAPH_STORE_PASSWORD', '')}".encode()).decode()
    return f"Basic {token}"


def server_nquads(url: str) -> bytes:
    """Every quad the server holds, as N-Quads (for comparisons and backups)."""
    return RemoteStore(url).dump()  # type: ignore[return-value]

