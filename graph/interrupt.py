"""Ctrl-C during a build: the build's own process handles it; its child processes never see it.

A terminal's Ctrl-C goes to the whole process group. Child processes started while SIGINT is held
back inherit the held signal and never receive it, so the build alone decides how to stop (keep
what was parsed, then end its children) and no child prints a traceback. A signal that arrives
while it is held is delivered as soon as it is released, never lost.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sigint_held() -> Iterator[None]:
    """Hold SIGINT back in this thread (and in any process or thread started meanwhile)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
