"""A one-job build's helper processes (extraction, the store writer) run below its parsing."""

from __future__ import annotations

import multiprocessing
import os
import time

from graph.background import BACKGROUND_NICE
from graph.pipeline import _load_worker
from graph.storewriter import ProcessWriter


def _extracting_worker_nice(queue) -> None:
    _load_worker(None, None, parses=False)
    queue.put(os.nice(0))


def test_the_extracting_worker_runs_at_a_lower_priority():
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_extracting_worker_nice, args=(queue,))
    child.start()
    child.join(60)
    assert queue.get(timeout=5) == min(19, os.nice(0) + BACKGROUND_NICE)


def test_the_store_writer_process_runs_at_a_lower_priority(tmp_path):
    with ProcessWriter(tmp_path / "store") as writer:
        pid = writer._process.pid
        deadline = time.monotonic() + 30
        while os.getpriority(os.PRIO_PROCESS, pid) == os.nice(0) and time.monotonic() < deadline:
            time.sleep(0.05)  # the child lowers its priority as it starts
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, os.nice(0) + BACKGROUND_NICE)
        writer.finish(link=False)
