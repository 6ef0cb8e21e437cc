"""Parse -> extract -> RDF on a Dask distributed cluster (``build --cluster local:N | tcp://HOST:8786``).

Dask is an existing engine (``pip install newsgraph[cluster]``); newsgraph adds no scheduler of its
own. Each task is ``graph.pipeline.parse_batch`` on one batch of articles, the very function a
``--jobs`` worker runs, so the cluster gives the same N-Triples and the build the same store.
Tasks are retried on another worker when theirs is lost; at most ``workers x WORKER_BATCHES_AHEAD``
batches are out at once, so memory stays flat on both sides; results come back in input order to
the build's writer (each failed article is one line, as in a local build). ``local:N`` starts a
LocalCluster of N single-threaded worker processes on this machine and stops it at the end.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from graph.pipeline import WORKER_BATCHES_AHEAD, batches, collect_garbage_less_often, in_order, parse_batch

if TYPE_CHECKING:
    from concurrent.futures import Future

    from distributed import Client

    from graph.read import Article

TASK_RETRIES = 2  # a batch whose worker died runs again elsewhere this often before the build fails
CONNECT_TIMEOUT = 30  # seconds to reach a scheduler
_LOCAL = re.compile(r"local:(\d+)$")


class ClusterError(ValueError):
    """A cluster that cannot be started, reached or kept; one-line message."""


def check_address(address: str) -> str:
    """``address`` when it is ``local:N`` (N >= 1) or a scheduler URL (``tcp://HOST:PORT``), else a ClusterError."""
    match = _LOCAL.match(address)
    if (match and int(match.group(1)) >= 1) or re.match(r"(tcp|tls|ws|wss)://[^/\s]+:\d+$", address):
        return address
    raise ClusterError(f"--cluster {address}: give local:N (N worker processes here) or a scheduler "
                       "address such as tcp://HOST:8786")


def connect(address: str) -> Client:
    """A Dask client of a new LocalCluster (``local:N``) or of the scheduler at ``address``."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("--cluster needs Dask: pip install 'newsgraph[cluster]'") from exc
    # the statistical profiler costs workers 8-15% CPU per word here (measured): a build needs none
    dask.config.set({"distributed.worker.profile.enabled": False})
    # Dask's own notes (a slow worker shutdown on a busy machine, ...) are not the build's problems
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        if match := _LOCAL.match(check_address(address)):
            cluster = LocalCluster(n_workers=int(match.group(1)), threads_per_worker=1, processes=True,
                                   dashboard_address=":0", host="127.0.0.1")  # None still takes 8787
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"--cluster {address}: cannot start or reach the cluster ({exc})") from exc
    client.run(collect_garbage_less_often)
    return client


def close(client: Client) -> None:
    """Disconnect; a LocalCluster this build started is stopped with it."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def cluster_ntriples(articles: Iterable[Article], address: str, model: str | None = None,
                     batch_size: int | None = None) -> Iterator[tuple[Article, bytes | str]]:
    """(article, N-Triples of its graph or an error line) for each article, in input order,
    computed on the cluster at ``address``."""
    from graph.nlp import PIPE_BATCH_SIZE

    client = connect(address)
    try:
        workers = max(1, sum(client.nthreads().values()))

        def submit(batch: list[Article]) -> Future:
            return client.submit(parse_batch, batch, model, retries=TASK_RETRIES, pure=False)

        try:
            yield from in_order(batches(articles, batch_size or PIPE_BATCH_SIZE), submit,
                                workers * WORKER_BATCHES_AHEAD)
        except Exception as exc:
            from distributed import KilledWorker

            if isinstance(exc, KilledWorker):
                raise ClusterError(f"a batch lost its worker {TASK_RETRIES + 1} times (out of memory?); "
                                   "the articles before it are kept") from exc
            raise
    finally:
        close(client)
