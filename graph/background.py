"""Priorities of a build's helper processes.

A one-job build parses in its own process, its slowest stage, while a second process extracts and a
third loads the store (Oxigraph's bulk loads run several threads). When they all want the two cores
at once, the parse should not be the one that waits: the helpers run at a lower priority.
"""

from __future__ import annotations

import contextlib
import os

BACKGROUND_NICE = 10  # how much lower (in nice steps) the helpers run than the parsing process


def run_in_background() -> None:
    """Lower this process's priority, and that of the threads it starts from now on."""
    with contextlib.suppress(OSError, AttributeError):  # not allowed, or no os.nice (Windows): run as is
        os.nice(BACKGROUND_NICE)
