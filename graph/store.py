"""The persistent graph store: an embedded Oxigraph database, one named graph per article.

Oxigraph (through pyoxigraph) loads and joins a million triples 10-20x faster than rdflib's
memory store, so corpus builds write here and outputs are dumped from here. Each article is its
own named graph, so re-ingesting replaces it and ``remove`` retracts it. The default graph holds
the union of the article graphs, kept in step on every write: queries run on it as on graph.ttl
(set semantics: ``use_default_graph_as_union`` would repeat a row for every article stating a
triple, and measured 3-10x slower). A store folder allows one writer; readers open it
read-only beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import first_line
from graph.vocab import PREFIXES, graph_iri

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

OUTPUT_FORMATS = {"graph.ttl": "TURTLE", "graph.trig": "TRIG", "graph.jsonld": "JSON_LD"}
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class StoreError(ValueError):
    """A store folder that cannot be opened (missing, locked, not a store); one-line message."""


def prefix_map() -> dict[str, str]:
    """newsgraph's prefixes as plain strings (for dumps and queries)."""
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def memory_store() -> ox.Store:
    """An in-memory Oxigraph store (a build without ``--store`` goes through one too)."""
    import pyoxigraph as ox

    return ox.Store()


def open_store(path: str | Path, read_only: bool = False) -> ox.Store:
    """Open (creating if needed, unless read-only) the store in folder ``path``."""
    import pyoxigraph as ox

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store folder")
    if read_only and not path.is_dir():
        raise StoreError(f"{path}: no such store folder (build one with: newsgraph build INPUT --store {path})")
    if path.is_dir() and not (path / "CURRENT").is_file() and (read_only or any(path.iterdir())):
        what = "it holds other files" if any(path.iterdir()) else "it is empty"
        raise StoreError(f"{path}: not a newsgraph store folder ({what})")
    try:
        if read_only:
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"{path}: the store is open for writing by another process (one writer at a "
                             "time; queries can still read it)") from exc
        raise StoreError(f"{path}: cannot open the store: {first_line(exc)}") from exc


def put_article(store: ox.Store, article_id: str, ntriples: bytes) -> None:
    """Replace an article's named graph with the given N-Triples (and keep the union in step)."""
    put_articles(store, [(article_id, ntriples)])


def put_articles(store: ox.Store, articles: list[tuple[str, bytes]]) -> None:
    """Replace the named graphs of several articles (the last of repeated ids wins) in one bulk load.

    Oxigraph's bulk loader writes a batch 3x faster than one transaction per article, but it is not
    atomic: a build stopped mid-batch may leave part of a batch, which re-running the build replaces.
    """
    import pyoxigraph as ox

    latest = dict(articles)
    chunks = []
    for article_id, ntriples in latest.items():
        gid = ox.NamedNode(str(graph_iri(article_id)))
        if store.contains_named_graph(gid):
            _retract(store, gid)
        # every N-Triples statement ends with " .\n" (literals escape their newlines): naming the
        # graph before it makes the N-Quads of the article graph; the lines as they are feed the union
        chunks.append(ntriples.replace(b" .\n", f" <{gid.value}> .\n".encode()))
        chunks.append(ntriples)
    if chunks:
        store.bulk_load(b"".join(chunks), format=ox.RdfFormat.N_QUADS)


def settle(store: ox.Store, compact: bool = False) -> None:
    """Write buffered changes to disk, so a read-only open replays no log (BBC store: 65-90 ms ->
    5 ms); with ``compact``, also merge the files bulk loads leave, which halves some queries
    (``meetings`` 58 -> 31 ms) for ~1 s of work per 1,000 articles in the store."""
    store.flush()
    if compact:
        store.optimize()


def remove_article(store: ox.Store, article_id: str) -> bool:
    """Retract an article's named graph; False when the store does not hold it."""
    import pyoxigraph as ox

    gid = ox.NamedNode(str(graph_iri(article_id)))
    if not store.contains_named_graph(gid):
        return False
    _retract(store, gid)
    store.remove_graph(gid)
    return True


def _retract(store: ox.Store, gid: ox.NamedNode) -> None:
    """Empty one named graph and drop from the union the triples no other article states."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    triples = [(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, gid)]
    store.clear_graph(gid)
    for s, p, o in triples:
        if not any(q.graph_name != default for q in store.quads_for_pattern(s, p, o, None)):
            store.remove(ox.Quad(s, p, o, default))


def article_count(store: ox.Store) -> int:
    return sum(1 for _ in store.named_graphs())


def triple_count(store: ox.Store) -> int:
    """Distinct triples of the union graph (what graph.ttl holds)."""
    return int(next(iter(store.query(_COUNT)))["n"].value)


def quad_count(store: ox.Store) -> int:
    """Triples summed over the article graphs (an entity named in two articles counts twice)."""
    return len(store) - triple_count(store)


def write_outputs(store: ox.Store, out: str | Path, names: tuple[str, ...] = tuple(OUTPUT_FORMATS)) -> list[Path]:
    """Dump graph.ttl and graph.jsonld (the union) and graph.trig (one graph per article) atomically."""
    import pyoxigraph as ox

    from graph.output import write_atomic

    out = Path(out)
    written = []
    for name in names:
        if name == "graph.trig":
            written.append(write_atomic(out / name, lambda tmp: write_trig(store, tmp)))
        else:
            fmt = getattr(ox.RdfFormat, OUTPUT_FORMATS[name])
            written.append(write_atomic(out / name, lambda tmp, f=fmt: store.dump(
                str(tmp), f, from_graph=ox.DefaultGraph(), prefixes=prefix_map())))
    return written


def write_trig(store: ox.Store, path: Path) -> None:
    """TriG of the article graphs only (the union default graph is left out), one block each."""
    import pyoxigraph as ox

    with path.open("wb") as fh:
        for prefix, ns in prefix_map().items():
            fh.write(f"@prefix {prefix}: <{ns}> .\n".encode())
        for gid in sorted(store.named_graphs(), key=lambda g: g.value):
            fh.write(f"\n<{gid.value}> {{\n".encode())
            store.dump(fh, ox.RdfFormat.N_TRIPLES, from_graph=gid)
            fh.write(b"}\n")


def rdflib_union(store: ox.Store) -> Graph:
    """The union of the store's named graphs as an rdflib Graph (for views, stats, SHACL)."""
    from rdflib import Graph

    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    import pyoxigraph as ox

    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    graph.parse(data=data, format="nt")
    return graph


def union_graph(path: str | Path) -> Graph:
    """The store in folder ``path`` as one rdflib Graph (what ``view``/``stats``/``validate --store`` read).

    Opened read-only, so it works beside a writer (it reads the store as it was when opened)."""
    store = open_store(path, read_only=True)
    try:
        return rdflib_union(store)
    except OSError as exc:  # a damaged store: files vanished or unreadable under an open reader
        raise StoreError(f"{path}: cannot read the store: {first_line(exc)}") from exc


class StoreGraph:
    """A store folder opened read-only for queries: ``graph.sparql.run`` hands them to Oxigraph,
    which evaluates them over the union kept in the default graph."""

    def __init__(self, store: ox.Store, path: str | Path) -> None:
        self.store, self.path = store, Path(path)

    def __len__(self) -> int:
        return triple_count(self.store)


def open_graph(path: str | Path) -> StoreGraph:
    """The store in folder ``path``, opened read-only, ready for ``graph.sparql.run``."""
    from graph.sparql import GraphLoadError

    try:
        return StoreGraph(open_store(path, read_only=True), path)
    except StoreError as exc:
        raise GraphLoadError(str(exc)) from exc


def article_graphs(store: ox.Store) -> Iterator[str]:
    """IRIs of the article graphs the store holds."""
    for g in store.named_graphs():
        yield g.value
