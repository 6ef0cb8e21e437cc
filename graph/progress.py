"""A progress bar for long builds: articles done, articles/s and time left, only on a terminal.

Time is counted from the first article done, so start-up (the model load) does not make the
first tick promise hours. The total comes from a cheap pre-count (lines of .jsonl files, records of .json files, one per
text file), done only when a bar is shown; piped or quiet runs print nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.read import SUPPORTED_SUFFIXES


def count_articles(paths: Iterable[str]) -> int:
    """How many articles the inputs hold, roughly (unreadable files count as one)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        files = (sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
                 if path.is_dir() else [path] if path.is_file() else [])
        for file in files:
            total += _count_file(file)
    return total


def _count_file(path: Path) -> int:
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as fh:
                return sum(1 for line in fh if line.strip())
        if suffix == ".json":
            data = json.loads(path.read_bytes())
            return len(data) if isinstance(data, list) else 1
    except (OSError, ValueError):
        return 1
    return 1


def progress_bar(paths: list[str], enabled: bool = True, stream: Any = None) -> Any:
    """A tqdm bar over the inputs' articles, or None when not on a terminal (or not wanted)."""
    stream = stream or sys.stderr
    if not enabled or not getattr(stream, "isatty", lambda: False)():
        return None
    from tqdm import tqdm

    class ArticleBar(tqdm):
        """Its clock starts when the first article is done: loading the model before it is not
        parsing, and counted as the first article's time it made the first tick promise hours."""

        def update(self, n: float | None = 1) -> bool | None:
            if self.n == 0 and n and not self.disable:
                self.reset()
                self.initial = self.n = self.last_print_n = n  # the rate counts from here
                self.refresh()
                return True
            return super().update(n)

    return ArticleBar(total=count_articles(paths), unit="article", file=stream, dynamic_ncols=True,
                      smoothing=0.1, desc="build")
