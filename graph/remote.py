"""A SPARQL server as the graph store: the same store as the embedded folder, reached over HTTP.

``--store http://HOST:PORT`` names an Oxigraph server (``oxigraph serve``): SPARQL 1.1 Query at
``/query``, Update at ``/update`` and the Graph Store Protocol at ``/store``. :class:`RemoteStore`
offers the part of ``pyoxigraph.Store`` that newsgraph's store code uses (query, update, bulk
load, named graphs, quad patterns, dumps), so ``graph.store``'s writes (one named graph per
article, the union kept in the default graph, a re-ingest replaced in one update so readers never
see an article vanish) and ``graph.crosslink``'s linking run unchanged on a server. Answers come
back as Oxigraph's own answer objects. Credentials come only from the environment
(``NEWSGRAPH_STORE_USER``/``NEWSGRAPH_STORE_PASSWORD``, sent as HTTP Basic authentication).
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from graph.errors import first_line
from graph.store import StoreError

if TYPE_CHECKING:
    import pyoxigraph as ox

TIMEOUT = 3600  # seconds an HTTP exchange may take: a whole-corpus report on a large server runs for minutes
_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES, _N_QUADS = "application/n-triples", "application/n-quads"


class RemoteStoreError(StoreError):
    """A server that cannot be reached or refuses a request; one-line message naming its URL."""


class RemoteStore:
    """An Oxigraph server at ``url`` seen through the ``pyoxigraph.Store`` methods newsgraph uses."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._auth = _auth_header()

    # -- HTTP ------------------------------------------------------------------------------------
    def _request(self, path: str, data: bytes | None = None, content_type: str | None = None,
                 accept: str | None = None, method: str | None = None) -> tuple[bytes, str]:
        """One HTTP exchange; (body, content type), or a one-line RemoteStoreError."""
        request = urllib.request.Request(self.url + path, data=data, method=method)
        for name, value in (("Content-Type", content_type), ("Accept", accept), ("Authorization", self._auth)):
            if value:
                request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = first_line(exc.read().decode("utf-8", "replace")) or exc.reason
            raise RemoteStoreError(f"{self.url}: the server refused {method or 'the request'} {path} "
                                   f"(HTTP {exc.code}: {detail})") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteStoreError(f"{self.url}: cannot reach the SPARQL server ({first_line(reason)})") from exc

    def check(self) -> RemoteStore:
        """Fail now, with one line, when the server does not answer SPARQL."""
        self.query("ASK {}")
        return self

    # -- the pyoxigraph.Store part ---------------------------------------------------------------
    def query(self, text: str, prefixes: dict[str, str] | None = None) -> object:
        """A SPARQL query run by the server: Oxigraph's answer object (solutions, boolean or triples)."""
        import pyoxigraph as ox

        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        body = urllib.parse.urlencode({"query": prologue + text}).encode()
        data, kind = self._request("/query", body, "application/x-www-form-urlencoded",
                                   f"{_RESULTS_JSON}, {_N_TRIPLES};q=0.9", "POST")
        if kind.startswith(_N_TRIPLES):  # CONSTRUCT / DESCRIBE: Oxigraph's own triples answer
            scratch = ox.Store()
            scratch.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    def update(self, text: str) -> None:
        """A SPARQL update, applied by the server in one transaction."""
        body = urllib.parse.urlencode({"update": text}).encode()
        self._request("/update", body, "application/x-www-form-urlencoded", method="POST")

    def bulk_load(self, data: bytes, format: ox.RdfFormat) -> None:  # noqa: A002 - pyoxigraph's name
        """Add quads (N-Quads) or default-graph triples through the Graph Store Protocol (POST merges)."""
        import pyoxigraph as ox

        quads = format == ox.RdfFormat.N_QUADS
        self._request("/store" if quads else "/store?default", data, _N_QUADS if quads else _N_TRIPLES,
                      method="POST")

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"):  # type: ignore[attr-defined]
            yield row["g"]

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}"))

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
            where = f"{{ {{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }} }}"
        for row in self.query(f"SELECT * WHERE {where}"):  # type: ignore[attr-defined]
            values = [t if t is not None else row[v] for t, v in ((subject, "s"), (predicate, "p"), (obj, "o"))]
            name = graph if graph is not None else (row["g"] or ox.DefaultGraph())
            yield ox.Quad(*values, name)

    def add(self, quad: ox.Quad) -> None:
        self.update(f"INSERT DATA {{ {_quad_data(quad)} }}")

    def remove(self, quad: ox.Quad) -> None:
        self.update(f"DELETE DATA {{ {_quad_data(quad)} }}")

    def dump(self, output: str | IO[bytes] | None = None, format: ox.RdfFormat | None = None,  # noqa: A002
             from_graph: ox.NamedNode | ox.DefaultGraph | None = None,
             prefixes: dict[str, str] | None = None) -> bytes | None:
        """Like ``pyoxigraph.Store.dump``: one graph (or everything, as N-Quads) fetched through the
        Graph Store Protocol; other formats are written by a local Oxigraph from what came back."""
        import pyoxigraph as ox

        if from_graph is None:
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
        answer = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return int(next(iter(answer))["n"].value)  # type: ignore[call-overload]

    def flush(self) -> None:
        """Nothing to do: the server makes its own writes durable."""

    def optimize(self) -> None:
        """Nothing to do: compaction is the server's business."""


def _quad_data(quad: ox.Quad) -> str:
    """One quad as a SPARQL data block (Oxigraph writes terms in N-Triples form, which SPARQL reads)."""
    import pyoxigraph as ox

    triple = f"{quad.subject} {quad.predicate} {quad.object} ."
    return triple if isinstance(quad.graph_name, ox.DefaultGraph) else f"GRAPH {quad.graph_name} {{ {triple} }}"


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

