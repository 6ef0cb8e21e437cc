"""Query worker processes that a time limit can kill and a crash cannot take down with the server.

Oxigraph cannot cancel a running query from Python (a sort or an aggregate never looks at a
flag), and its parser can overflow a thread's stack. So each query runs in a worker process:
past its time limit the worker is killed and replaced, and a worker that dies of a crash is
replaced too; the server itself only waits on a pipe. Workers cannot open network connections
(:mod:`graph.nonet`) and their memory is capped. So that cheap queries keep flowing while heavy
ones arrive, a query running longer than ``slow_after`` seconds drops to a low CPU priority,
and only half of the workers may hold such a long query; another is stopped then as "busy".
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import first_line

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from pyoxigraph import Store

READY = "ready"


class PoolError(Exception):
    """A query the pool could not finish; ``reason`` is ``time``, ``busy``, ``crash`` or ``failed``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Source:
    """What the workers serve: a store folder (each opens it read-only) or N-Quads they load."""

    folder: str | None = None
    nquads: bytes = b""

    def open(self) -> Store:
        import pyoxigraph

        if self.folder is not None:
            from graph.store import open_store

            return open_store(self.folder, read_only=True)
        store = pyoxigraph.Store()
        if self.nquads:
            store.bulk_load(self.nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        return store

    @staticmethod
    def of(store: Store, folder: str | Path | None = None) -> Source:
        """The source of a store folder, or of an in-memory store (its quads are handed over)."""
        import pyoxigraph

        if folder is not None:
            return Source(folder=str(folder))
        return Source(nquads=store.dump(format=pyoxigraph.RdfFormat.N_QUADS) or b"")


@dataclass(frozen=True)
class PoolConfig:
    size: int = 4  # worker processes
    timeout: float = 10.0  # seconds a query may run in its worker
    queue_wait: float = 10.0  # seconds a query may wait for a free worker before "busy"
    slow_after: float = 0.25  # a query running longer counts as long
    memory_bytes: int = 2 * 2**30  # data memory of one worker (0: no cap)


def _worker_main(conn: Connection, source: Source, job: Callable[[Any, Any], Any], memory_bytes: int) -> None:
    """A worker: no network, capped memory, the store opened once, then one job per request.

    ``job(store, None)`` runs once before the worker says it is ready (imports, warm caches), so
    a fresh worker answers its first query as fast as an old one."""
    import signal

    from graph.nonet import forbid_network

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers
    forbid_network()
    if memory_bytes > 0:
        import resource

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    try:
        store = source.open()
        job(store, None)
    except Exception as exc:  # noqa: BLE001 - told to the parent, which cannot use this worker
        conn.send(f"cannot open the graph: {first_line(exc)}")
        return
    conn.send(READY)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = job(store, request)
        except Exception as exc:  # noqa: BLE001 - a bug in the job: one line to the parent, no traceback
            answer = _Failed(f"{type(exc).__name__}: {first_line(exc)}")
        conn.send(answer)


@dataclass(frozen=True)
class _Failed:
    """A job that raised in the worker."""

    message: str


def _unwrap(answer: Any) -> Any:  # noqa: ANN401
    if isinstance(answer, _Failed):
        raise PoolError("failed", answer.message)
    return answer


def _context(preload: tuple[str, ...]) -> Any:  # noqa: ANN401 - a multiprocessing context
    """Workers are forked from a fork server that imported ``preload`` (a fresh worker is ready in
    ~0.1 s instead of ~0.6 s spawned); never forked from the server itself, which has threads."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    if preload:
        ctx.set_forkserver_preload(list(preload))  # takes effect when the fork server starts
    return ctx


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, source: Source, job: Callable, memory_bytes: int) -> None:  # noqa: ANN401
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, source, job, memory_bytes),
                                   name="sparql-worker", daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.niced = False

    def lower_priority(self) -> None:
        """Let cheap queries in other workers go first on the CPU (a long query yields to them)."""
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, self.process.pid or 0, 10)
            self.niced = True

    def wait_ready(self, seconds: float) -> None:
        """Wait for the worker's store to open; PoolError when it cannot."""
        if self.ready:
            return
        if not self.conn.poll(max(0.0, seconds)):
            raise PoolError("time", "the query worker did not start in time")
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as exc:
            raise PoolError("crash", "the query worker could not start") from exc
        if message != READY:
            raise PoolError("crash", str(message))
        self.ready = True

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Runs ``job(store, request)`` in worker processes with a time limit (see the module docstring)."""

    def __init__(self, source: Source, job: Callable[[Any, Any], Any], config: PoolConfig | None = None,
                 preload: tuple[str, ...] = ()) -> None:
        self.source, self.job = source, job
        self.config = config or PoolConfig()
        self._ctx = _context(preload)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._slow = 0
        self._closed = False
        self._all: set[_Worker] = set()
        workers = [self._start() for _ in range(max(1, self.config.size))]
        try:
            for worker in workers:  # all open the store now: they serve the same snapshot of it
                worker.wait_ready(60.0)
                self._idle.put(worker)
        except PoolError:
            self.close()
            raise

    @property
    def max_slow(self) -> int:
        return max(1, self.config.size // 2)

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, self.source, self.job, self.config.memory_bytes)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start a fresh one, which takes queries once its store is open."""
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        worker.stop()
        if not closed:
            threading.Thread(target=self._admit, args=(self._start(),), name="sparql-worker-start",
                             daemon=True).start()

    def _admit(self, worker: _Worker) -> None:
        try:
            worker.wait_ready(60.0)
        except (PoolError, OSError, EOFError):  # it could not start, or the pool closed meanwhile
            with self._lock:
                self._all.discard(worker)
            worker.stop()
            return
        self._idle.put(worker)

    def run(self, request: Any) -> Any:  # noqa: ANN401 - whatever the job takes and gives
        """The job's answer to ``request``, or PoolError (time limit, busy, crash)."""
        try:
            worker = self._idle.get(timeout=self.config.queue_wait)
        except queue.Empty as exc:
            raise PoolError("busy", "every query worker is busy") from exc
        deadline = time.monotonic() + self.config.timeout
        try:
            worker.conn.send(request)
            answer = self._wait(worker, deadline)
        except PoolError as exc:
            if exc.reason == "failed" and not worker.niced:  # the job raised; the worker is fine
                self._idle.put(worker)
            else:
                self._replace(worker)
            raise
        except (EOFError, OSError) as exc:  # the worker died: a crash, or memory ran out
            self._replace(worker)
            raise PoolError("crash", "the query crashed its worker or ran out of memory "
                                     "(the worker was replaced)") from exc
        if worker.niced:  # it ran a long query at low priority: a fresh one takes its place
            self._replace(worker)
        else:
            self._idle.put(worker)
        return answer

    def _wait(self, worker: _Worker, deadline: float) -> Any:  # noqa: ANN401
        started = _cpu_seconds(worker.process.pid)
        while True:  # long means long in the worker's CPU time: a busy machine does not make a query long
            if worker.conn.poll(min(self.config.slow_after, max(0.0, deadline - time.monotonic()))):
                return _unwrap(worker.conn.recv())
            used = _cpu_seconds(worker.process.pid)
            if time.monotonic() >= deadline or started is None or used is None \
                    or used - started >= self.config.slow_after:
                break
        with self._lock:
            self._slow += 1
            too_many = self._slow > self.max_slow
        try:
            if too_many:
                raise PoolError("busy", f"{self.max_slow} long queries are running already")
            worker.lower_priority()
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                return _unwrap(worker.conn.recv())
            raise PoolError("time", "time limit")
        finally:
            with self._lock:
                self._slow -= 1

    def pids(self) -> set[int]:
        """Process ids of the current workers (for diagnostics and tests)."""
        with self._lock:
            return {w.process.pid for w in self._all if w.process.pid is not None}

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds process ``pid`` has used (Linux /proc); None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
