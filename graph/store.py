"""The persistent graph store: an embedded Oxigraph database, one named graph per article.

Oxigraph (through pyoxigraph) loads and joins a million triples 10-20x faster than rdflib's
memory store, so corpus builds write here and outputs are dumped from here. Each article is its
own named graph, so re-ingesting replaces it and ``remove`` retracts it. The default graph holds
the union of the article graphs, kept in step on every write: queries run on it as on graph.ttl
(set semantics: ``use_default_graph_as_union`` would repeat a row for every article stating a
triple, and measured 3-10x slower). A store folder allows one writer; readers open it
read-only beside it. Opened in place, such a reader races the writer's file changes: an .sst
file compacted away, a MANIFEST being rewritten, and at times a query that never ends or an
abort of the whole process (std::bad_alloc), measured beside a busy writer. So a reader opens a
snapshot: the store's .sst files (never changed once written) hard-linked into a private folder
and its few changing files copied; a snapshot caught mid-change fails to open and is taken again.
One-off reads (``read_store``) also run in a short-lived child process, so nothing a read meets
can take the caller down.
"""

from __future__ import annotations

import atexit
import os
import pickle
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from graph import aggregates
from graph.errors import first_line
from graph.sparqldata import data_operations
from graph.vocab import PREFIXES, graph_iri, prefix_strings

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

OUTPUT_FORMATS = {"graph.ttl": "TURTLE", "graph.trig": "TRIG", "graph.jsonld": "JSON_LD"}
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
READ_ATTEMPTS = 8  # a read-only open or read that races the writer is tried this often (~2.5 s in all)
READER_MEMORY = 4 << 30  # bytes a reading child may add: a read of garbage fails, not the machine
SNAPSHOT_PREFIX = ".newsgraph-read-"
SNAPSHOT_OWNER = "newsgraph-reader.pid"  # in a snapshot folder: the process reading it
T = TypeVar("T")


class StoreError(ValueError):
    """A store folder that cannot be opened (missing, locked, not a store); one-line message."""


def memory_store() -> ox.Store:
    """An in-memory Oxigraph store (a build without ``--store`` goes through one too)."""
    import pyoxigraph as ox

    return ox.Store()


def open_store(path: str | Path, read_only: bool = False) -> ox.Store:
    """Open (creating if needed, unless read-only) the store in folder ``path``."""
    import pyoxigraph as ox

    if is_store_url(path):
        from graph.remote import RemoteStore

        return RemoteStore(str(path)).check()  # type: ignore[return-value]
    path = check_store_folder(path, read_only)
    try:
        if read_only:
            return _retrying(path, lambda: _open_snapshot(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"{path}: the store is open for writing by another process (one writer at a "
                             "time; queries can still read it)") from exc
        raise StoreError(f"{path}: cannot open the store: {first_line(exc)}") from exc


def is_store_url(location: object) -> bool:
    """Whether a ``--store`` value names a SPARQL server (http/https URL) rather than a folder."""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def check_store_folder(path: str | Path, read_only: bool) -> Path:
    """``path`` as a Path when it can be (read-only: it is) a store folder, else a one-line StoreError."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store folder")
    if read_only and not path.is_dir():
        raise StoreError(f"{path}: no such store folder (build one with: newsgraph build INPUT --store {path})")
    if path.is_dir() and not (path / "CURRENT").is_file() and (read_only or any(path.iterdir())):
        what = "it holds other files" if any(path.iterdir()) else "it is empty"
        raise StoreError(f"{path}: not a newsgraph store folder ({what})")
    return path


class _Raced(Exception):
    """A read-only open or read that failed the way one racing the writer does; worth a retry."""


def _retrying(path: str | Path, attempt: Callable[[], T]) -> T:
    """``attempt()``, tried again on a fresh start while it races the writer (bounded, ~2.5 s)."""
    for number in range(READ_ATTEMPTS):
        try:
            return attempt()
        except (OSError, RuntimeError, _Raced) as exc:  # pyoxigraph reports RocksDB's "Corruption" as RuntimeError
            if number == READ_ATTEMPTS - 1:
                raise StoreError(f"{path}: cannot read the store: {first_line(exc)}") from exc
            time.sleep(min(0.05 * 2 ** number, 0.5))
    raise AssertionError("unreachable")


def _open_snapshot(path: Path) -> ox.Store:
    """A read-only store over a fresh snapshot of folder ``path`` (kept until this process ends),
    or over the folder itself where no snapshot can be made."""
    import pyoxigraph as ox

    snapshot = _snapshot(path)
    if snapshot is None:
        return ox.Store.read_only(str(path))
    try:
        store = ox.Store.read_only(str(snapshot))
    except BaseException:
        shutil.rmtree(snapshot, ignore_errors=True)
        raise
    atexit.register(shutil.rmtree, snapshot, True)  # pyoxigraph stores take no weak references
    return store


def read_store(path: str | Path, read: Callable[[ox.Store], T]) -> T:
    """``read`` on a snapshot of the store in folder ``path``, opened read-only in a child process
    (its answer must pickle); retried while snapshots race a writer; a crashed child is a retry.
    On a SPARQL server (an http URL) ``read`` runs here: the server isolates its own reads."""
    if is_store_url(path):
        return read(open_store(path, read_only=True))
    path = check_store_folder(path, read_only=True)

    def attempt() -> T:
        snapshot = _snapshot(path)
        try:
            return _read_in_child(snapshot or path, read)
        finally:
            if snapshot:
                shutil.rmtree(snapshot, ignore_errors=True)

    return _retrying(path, attempt)


def _snapshot(path: Path) -> Path | None:
    """A private copy of the store's current state in a folder inside it, or None when the folder
    cannot take one (not writable, no hard links): then the store itself is read. The folder
    names its reader's process, so one a killed reader left is removed by the next.

    The files that change (CURRENT, MANIFEST, OPTIONS, the write-ahead log) are copied first, then
    the .sst files linked; a file a concurrent write removed meanwhile raises FileNotFoundError
    (a retry), and one that is torn makes the open fail (a retry)."""
    _remove_stale_snapshots(path)
    try:
        folder = Path(tempfile.mkdtemp(prefix=SNAPSHOT_PREFIX, dir=path))
    except OSError:
        return None
    try:
        (folder / SNAPSHOT_OWNER).write_text(str(os.getpid()))
        for immutable in (False, True):
            for entry in os.scandir(path):
                if (not entry.is_file(follow_symlinks=False) or entry.name == "LOCK" or entry.name.startswith("LOG")
                        or entry.name.endswith((".sst", ".blob")) != immutable):
                    continue
                if immutable:
                    os.link(entry.path, folder / entry.name)
                else:
                    shutil.copyfile(entry.path, folder / entry.name)
    except FileNotFoundError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    except OSError:  # no hard links here (another file system, permissions)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return folder


def _remove_stale_snapshots(path: Path) -> None:
    """Remove snapshot folders whose reader has ended without cleaning up (killed): they pin old
    .sst files. A folder still being set up (no owner yet) is left alone."""
    for entry in path.glob(f"{SNAPSHOT_PREFIX}*"):
        try:
            owner = int((entry / SNAPSHOT_OWNER).read_text())
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
        except (OSError, ValueError):  # no owner file yet, or another user's reader
            pass


def _read_in_child(path: Path, read: Callable[[ox.Store], T]) -> T:
    import pyoxigraph as ox

    if not hasattr(os, "fork"):  # Windows: read in this process
        return read(ox.Store.read_only(str(path)))
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: open, read, send the pickled outcome, leave without cleaning up the parent's state
        try:
            os.close(readable)
            _limit_memory()
            try:
                outcome: tuple[str, object] = ("ok", read(ox.Store.read_only(str(path))))
            except (OSError, RuntimeError) as exc:
                outcome = ("raced", first_line(exc))
            except Exception as exc:  # noqa: BLE001 - e.g. a query's SyntaxError, raised again in the parent
                outcome = ("error", exc)
            try:
                data = pickle.dumps(outcome)
            except Exception as exc:  # noqa: BLE001
                data = pickle.dumps(("error", ValueError(f"unpicklable store answer: {first_line(exc)}")))
            with os.fdopen(writable, "wb") as pipe:
                pipe.write(data)
        finally:
            os._exit(0)
    os.close(writable)
    try:
        with os.fdopen(readable, "rb") as pipe:
            data = pipe.read()
    except BaseException:  # Ctrl-C while waiting: the child goes too
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    if not data:
        raise _Raced(f"the reading process stopped ({_how_it_ended(status)})")
    kind, value = pickle.loads(data)
    if kind == "raced":
        raise _Raced(value)
    if kind == "error":
        raise value
    return value


def _how_it_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _limit_memory() -> None:
    """Cap this (child) process at its current size plus READER_MEMORY, where the system allows."""
    try:
        import resource

        pages = int(Path("/proc/self/statm").read_text().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + READER_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (ImportError, OSError, ValueError):
        pass


def put_article(store: ox.Store, article_id: str, ntriples: bytes) -> None:
    """Replace an article's named graph with the given N-Triples (and keep the union in step)."""
    for _, problem in put_articles(store, [(article_id, ntriples)]):
        raise StoreError(f"{article_id}: {problem}")


def put_articles(store: ox.Store, articles: list[tuple[str, bytes]]) -> list[tuple[str, str]]:
    """Replace the named graphs of several articles (the last of repeated ids wins).

    Articles new to the store go in one bulk load (3x faster than a transaction each; not atomic,
    so a build stopped mid-batch may leave part of a new article, which re-running replaces). An
    article the store already holds is replaced in one transaction, so a reader sees its old or
    its new version and never neither, even if the writer is killed. Returns (article id,
    problem) for each article whose graph the store cannot read; those are left as they were.
    """
    import pyoxigraph as ox

    problems: list[tuple[str, str]] = []
    chunks, added = [], []
    batch = {article_id: (ox.NamedNode(str(graph_iri(article_id))), ntriples) for article_id, ntriples in articles}
    stored = stored_graphs(store, [gid.value for gid, _ in batch.values()])
    for article_id, (gid, ntriples) in batch.items():
        try:
            triples = {quad.triple for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)}
        except (SyntaxError, ValueError) as exc:
            problems.append((article_id, f"the store cannot read its graph ({first_line(exc)})"))
            continue
        if gid.value in stored:
            _replace(store, gid, triples)
            continue
        # every N-Triples statement ends with " .\n" (literals escape their newlines): naming the
        # graph before it makes the N-Quads of the article graph; the lines as they are feed the union
        chunks.append(ntriples.replace(b" .\n", f" <{gid.value}> .\n".encode()))
        chunks.append(ntriples)
        added.append(triples)
    if chunks:
        change = aggregates.change_of([], added)
        store.bulk_load(b"".join(chunks), format=ox.RdfFormat.N_QUADS)
        aggregates.apply(store, change)
    return problems


def stored_graphs(store: ox.Store, graphs: list[str]) -> set[str]:
    """Those of the named graphs ``graphs`` (IRIs) that the store holds: a server is asked once
    (see graph.remote), not once per graph."""
    import pyoxigraph as ox

    if hasattr(store, "graphs_among"):
        return store.graphs_among(graphs)
    return {g for g in graphs if store.contains_named_graph(ox.NamedNode(g))}


def _replace(store: ox.Store, gid: ox.NamedNode, new: set[ox.Triple], drop: bool = False) -> None:
    """Turn one article graph into ``new`` (and drop it, with ``drop``) in a single transaction.

    Only the difference is written: the triples the article no longer states leave its graph, and
    the union too unless another article states them; the new ones join both. A re-ingest of an
    unchanged article writes nothing. The whole-corpus aggregates (graph.aggregates) follow in the
    same transaction: the difference between the graph's old contribution and its new one.
    """
    import pyoxigraph as ox

    old = {quad.triple for quad in store.quads_for_pattern(None, None, None, gid)}
    gone, added = old - new, new - old
    if any(isinstance(term, ox.BlankNode) for t in gone | added for term in (t.subject, t.object)):
        raise StoreError(f"{gid.value}: blank nodes cannot be replaced in place")  # graph.vocab mints IRIs
    default = ox.DefaultGraph()
    orphans = [t for t in gone if not any(q.graph_name not in (gid, default)
                                          for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None))]
    graph = f"<{gid.value}>"
    operations = []
    if gone:
        operations += data_operations(store, "DELETE", [(graph, _sparql_lines(gone)), ("", _sparql_lines(orphans))])
    if added:
        body = _sparql_lines(added)
        operations += data_operations(store, "INSERT", [(graph, body), ("", body)])
    if drop:
        operations.append(f"DROP SILENT GRAPH {graph}")
    if operations:
        counts = aggregates.operations(store, aggregates.change_of([old], [] if drop else [new]))
        store.update(" ;\n".join([*operations, *counts]))


def _sparql_lines(triples: Iterable[ox.Triple]) -> list[str]:
    """Triples as lines of a SPARQL data block (Oxigraph writes its terms in N-Triples form, which SPARQL reads)."""
    return [f"{t} .\n" for t in triples]


def settle(store: ox.Store, compact: bool = False) -> None:
    """Write buffered changes to disk, so a read-only open replays no log (BBC store: 65-90 ms ->
    5 ms); with ``compact``, also merge the files bulk loads leave, which halves some queries
    (``meetings`` 58 -> 31 ms) for ~1 s of work per 1,000 articles in the store."""
    store.flush()
    if compact:
        store.optimize()


def remove_article(store: ox.Store, article_id: str) -> bool:
    """Retract an article's named graph in one transaction; False when the store does not hold it."""
    import pyoxigraph as ox

    gid = ox.NamedNode(str(graph_iri(article_id)))
    if not store.contains_named_graph(gid):
        return False
    _replace(store, gid, set(), drop=True)
    return True


def article_count(store: ox.Store) -> int:
    return sum(1 for _ in article_graphs(store))


def triple_count(store: ox.Store) -> int:
    """Distinct triples of the union graph (what graph.ttl holds)."""
    return int(next(iter(store.query(_COUNT)))["n"].value)


def quad_count(store: ox.Store) -> int:
    """Triples summed over the article graphs (an entity named in two articles counts twice)."""
    return len(store) - triple_count(store) - aggregates.aggregate_size(store)


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
                str(tmp), f, from_graph=ox.DefaultGraph(), prefixes=prefix_strings())))
    return written


def write_trig(store: ox.Store, path: Path) -> None:
    """TriG of the article graphs only (the union default graph is left out), one block each."""
    import pyoxigraph as ox

    with path.open("wb") as fh:
        for prefix, ns in prefix_strings().items():
            fh.write(f"@prefix {prefix}: <{ns}> .\n".encode())
        for gid in sorted((ox.NamedNode(g) for g in article_graphs(store)), key=lambda g: g.value):
            fh.write(f"\n<{gid.value}> {{\n".encode())
            store.dump(fh, ox.RdfFormat.N_TRIPLES, from_graph=gid)
            fh.write(b"}\n")


def rdflib_union(store: ox.Store) -> Graph:
    """The union of the store's named graphs as an rdflib Graph (for views, stats, SHACL)."""
    return _rdflib_graph(union_ntriples(store))


def union_ntriples(store: ox.Store) -> bytes:
    """The union of the store's named graphs as N-Triples."""
    import pyoxigraph as ox

    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def _rdflib_graph(ntriples: bytes) -> Graph:
    from rdflib import Graph

    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.parse(data=ntriples, format="nt")
    return graph


def store_union_graph(path: str | Path) -> Graph:
    """The store in folder ``path`` as one rdflib Graph (what ``view``/``stats``/``validate --store`` read).

    Opened read-only, so it works beside a writer (it reads the store as it was when opened)."""
    return _rdflib_graph(read_store(path, union_ntriples))


class StoreGraph:
    """A store folder opened read-only for queries: ``graph.sparql.run`` hands them to Oxigraph,
    which evaluates them over the union kept in the default graph."""

    def __init__(self, store: ox.Store, path: str | Path) -> None:
        self.store, self.path = store, path if is_store_url(path) else Path(path)

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
    """IRIs of the article graphs the store holds (not the aggregates' graph)."""
    for g in store.named_graphs():
        if g.value != aggregates.AGGREGATES:
            yield g.value
