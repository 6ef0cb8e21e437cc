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
from graph.errors import first_line
from graph.interrupt import sigint_held
from graph.store import StoreError, article_graphs, open_store, put_articles, settle

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import pyoxigraph as ox

Batch = list[tuple[str, bytes]]


@dataclass
class Written:
    """What a writer did: the cross-article links it made and the articles it had to leave out."""

    links: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # events merged across articles, with their reasons
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (article id, problem)


class ArticleWriter(Protocol):
    """Receives a build's article graphs in batches; ``finish`` says what was linked and left out."""

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

    def __init__(self, store: ox.Store, compact: bool = False) -> None:
        self.store, self.compact = store, compact
        self.written = Written()
        start_aggregates(store)

    def put(self, batch: Batch) -> None:
        self.written.rejected.extend(put_articles(self.store, batch))

    def finish(self, link: bool) -> Written:
        return finish_store(self.store, link, self.compact, self.written)


class ProcessWriter:
    """Writes into the on-disk store in folder ``path`` from a child process (a context manager).

    The child holds the store's write lock until ``finish`` returns; a failure there comes back
    as a one-line :class:`StoreError`. Leaving the ``with`` block early (an error) closes the
    pipe: the child ends after the batch it is loading, without linking. The child never sees
    Ctrl-C (see graph.interrupt); the build sends what it parsed and calls ``finish`` instead.
    """

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
