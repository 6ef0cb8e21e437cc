"""Atomic output: a file appears whole or not at all, so a failed run leaves the old one intact.

The temporary file is created the way any tool creates a file (mode 0666 less the umask), so the
output is as readable as one written in place (a web server can serve graph.html).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path


def write_atomic(path: str | Path, writer: Callable[[Path], None]) -> Path:
    """Call ``writer`` on a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _new_temporary(path)
    try:
        writer(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _new_temporary(path: Path) -> Path:
    """A new empty file beside ``path`` with the umask's permissions (``mkstemp`` would force 0600)."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return tmp


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write text atomically (UTF-8)."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def output_problem(folder: str | Path, names: Iterable[str] = ()) -> str | None:
    """Why files ``names`` cannot be written into ``folder`` (a file, under a file, not writable),
    or None; checked before a build, so a bad ``--out`` costs no parsing."""
    folder = Path(folder)
    try:
        if folder.exists() and not folder.is_dir():
            return f"{folder}: is a file, not an output folder"
        existing = folder
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            return f"{folder}: cannot create the output folder ({existing} is a file)"
        if not os.access(existing, os.W_OK | os.X_OK):
            return f"{folder}: cannot write there ({existing}: permission denied)"
        for name in names:
            if (folder / name).is_dir():
                return f"{folder / name}: is a folder, so {name} cannot be written"
    except OSError as exc:
        return f"{folder}: cannot use as output folder ({exc.strerror or exc})"
    return None
