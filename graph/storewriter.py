"""Where a build's article graphs go: straight into an in-memory store, or to an on-disk store
through a writer process of its own.

Oxigraph's bulk loads take ~5% of a one-job build. In the build's process they delay parsing;
in a writer process they run on the machine's other core while the next articles are parsed.
Both writers take batches of (article id, N-Triples) and, when the build is done, link surnames
across articles and flush the store (``finish``), so a build gives the same store either way.
An article graph the store cannot read is left out and reported by ``finish``; the rest lands.
"""

from __future__ import annotations

import contextlib
import signal
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn, Protocol

from graph import aggregates
from graph.background import run_in_background
from graph.errors import first_line
from graph.interrupt import sigint_held
from graph.store import StoreError, article_graphs, open_store, put_articles, settle

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import pyoxigraph as ox

Batch = list[tuple[str, bytes]]
STORE_BATCH = 200  # articles per bulk load into the store (bounded memory, fewer write passes)


@dataclass
class Written:
    """What a writer did: the cross-article links it made and the articles it had to leave out."""

    links: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # events merged across articles, with their reasons
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (article id, problem)


class ArticleWriter(Protocol):
    """Receives a build's article graphs in batches (of ``batch_size`` articles); ``finish`` says
    what was linked and left out."""

    batch_size: int

    def put(self, batch: Batch) -> None: ...

    def finish(self, link: bool) -> Written: ...


def finish_store(store: ox.Store, link: bool, compact: bool, written: Written) -> Written:
    """After the last batch: link surnames (see graph.crosslink), then the reports of one event
    (see graph.eventlink) across articles; then settle."""
    if link:
        from graph.crosslink import link_surnames
        from graph.eventlink import link_events

        written.links = link_surnames(store)
        written.events = link_events(store)
    settle(store, compact)
    return written


def start_aggregates(store: ox.Store) -> None:
    """Before the first batch: the whole-corpus aggregates (graph.aggregates) count every article
    already stored (a new store has none to count; an older one is counted once), so that each
    write then keeps them exact."""
    aggregates.ensure(store, article_graphs(store))


class InProcessWriter:
    """Writes into a store this process holds (the in-memory store of a build without --store)."""

    batch_size = STORE_BATCH

    def __init__(self, store: ox.Store, compact: bool = False) -> None:
        self.store, self.compact = store, compact
        self.written = Written()
        start_aggregates(store)

    def put(self, batch: Batch) -> None:
        self.written.rejected.extend(put_articles(self.store, batch))

    def finish(self, link: bool) -> Written:
        return finish_store(self.store, link, self.compact, self.written)

    def __enter__(self) -> InProcessWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None


class ThreadWriter(InProcessWriter):
    """Writes into a SPARQL server (graph.remote) from a thread of its own, so that the build's
    writes (HTTP, mostly waiting on the server) overlap the parsing of the next articles instead of
    following it. At most ``queued`` batches wait; a failed write is raised by the next ``put``
    or by ``finish``; ``finish``, or leaving the ``with`` block on an error, waits for every batch
    handed over (a Ctrl-C does not cut one)."""

    batch_size = 50  # articles per write: the writes that overlap nothing (the last) stay short

    def __init__(self, store: ox.Store, compact: bool = False, queued: int = 2) -> None:
        import queue
        import threading

        super().__init__(store, compact)
        self._queue: queue.Queue[Batch | None] = queue.Queue(maxsize=queued)
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._write, name="newsgraph-store-writer", daemon=True)
        self._thread.start()

    def _write(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._failure is None:  # after a failure, batches are taken (no put blocks) but not written
                try:
                    super().put(batch)
                except BaseException as exc:  # noqa: BLE001 - raised again in the build's thread
                    self._failure = exc

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def put(self, batch: Batch) -> None:
        self._raise_failure()
        self._queue.put(batch)

    def finish(self, link: bool) -> Written:
        self._drain()
        self._raise_failure()
        return super().finish(link)

    def _drain(self) -> None:
        """Let the thread write every batch handed over, then end it."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._drain()  # a build that stopped on an error keeps the articles it handed over


class ProcessWriter:
    """Writes into the on-disk store in folder ``path`` from a child process (a context manager).

    The child holds the store's write lock until ``finish`` returns; a failure there comes back
    as a one-line :class:`StoreError`. Leaving the ``with`` block early (an error) closes the
    pipe: the child ends after the batch it is loading, without linking. The child never sees
    Ctrl-C (see graph.interrupt); the build sends what it parsed and calls ``finish`` instead.
    """

    batch_size = STORE_BATCH

    def __init__(self, path: str | Path, compact: bool = False) -> None:
        import multiprocessing

        self.path = str(path)
        ctx = multiprocessing.get_context("spawn")
        self._conn, child_conn = ctx.Pipe()
        self._process = ctx.Process(target=_write_from_pipe, args=(self.path, compact, child_conn),
                                    name="newsgraph-store-writer", daemon=True)
        with sigint_held():
            self._process.start()
        child_conn.close()

    def put(self, batch: Batch) -> None:
        try:
            self._send(("put", batch))
        except OSError:
            self._fail()

    def _send(self, message: tuple) -> None:
        """Send one message whole: Ctrl-C waits until it is sent, so the pipe is never left mid-message."""
        with sigint_held():
            self._conn.send(message)

    def finish(self, link: bool) -> Written:
        try:
            self._send(("finish", link))
            status, value = self._conn.recv()
        except (OSError, EOFError):
            self._fail()
        self._process.join()
        if status == "error":
            raise StoreError(value)
        return value

    def _fail(self) -> NoReturn:
        """The child stopped: raise the error it sent, or say that it died."""
        message = f"{self.path}: the store writer stopped unexpectedly"
        try:
            if self._conn.poll(1):
                status, value = self._conn.recv()
                message = value if status == "error" else message
        except (OSError, EOFError):
            pass
        raise StoreError(message)

    def __enter__(self) -> ProcessWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._conn.close()
        self._process.join(timeout=60)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _write_from_pipe(path: str, compact: bool, conn: Connection) -> None:
    """The writer process: load each batch as it comes; link and settle on "finish"."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle (see graph.interrupt)
    run_in_background()
    written = Written()
    try:
        store = open_store(path)
        start_aggregates(store)
        while True:
            command, value = conn.recv()
            if command == "put":
                written.rejected.extend(put_articles(store, value))
            else:
                conn.send(("ok", finish_store(store, value, compact, written)))
                return
    except EOFError:  # the build stopped early
        return
    except Exception as exc:  # noqa: BLE001 - any failure goes back to the build as one line
        detail = first_line(exc)
        message = detail if isinstance(exc, StoreError) else f"{path}: cannot write the store: {detail}"
        with contextlib.suppress(OSError):
            conn.send(("error", message))
