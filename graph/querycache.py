"""A result cache for queries on an on-disk store: a materialised view that any write invalidates.

Oxigraph cannot decode ten thousand result rows in 50 ms, so the formatted answer of a query on
a store folder is kept in ``DIR/newsgraph-cache/``, keyed by the query text, the output format and
the store's *stamp*: a fingerprint of the RocksDB files' names, sizes and modification times. Every
write to the store (by newsgraph or any other tool) appends to the write-ahead log or adds and
removes files, so it changes the stamp; a read-only open touches no file and leaves it alone. The
data itself is never read. A cache that cannot be written (read-only disk, no permission) is
skipped silently: the query still answers. Graph files (``--graph``) are never cached.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import graph
from graph.output import write_atomic

CACHE_DIR = "newsgraph-cache"
MAX_ENTRIES = 64  # answers kept for the current stamp (the most recently written)
_NOT_STATE = re.compile(r"LOG(\.old\..*)?")  # RocksDB's info logs: rewritten on open, hold no data
_ENTRY = re.compile(r"[0-9a-f]{16}-[0-9a-f]{64}\.out")
_VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.I)  # a fresh value on every run


def store_stamp(path: str | Path) -> str | None:
    """Fingerprint of the store folder's files (name, size, mtime_ns); None when it is no store."""
    path = Path(path)
    if not (path / "CURRENT").is_file():
        return None
    try:
        entries = [_file_state(e) for e in os.scandir(path) if not _NOT_STATE.fullmatch(e.name)]
    except OSError:
        return None
    listing = "\n".join(sorted(e for e in entries if e))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def _file_state(entry: os.DirEntry) -> str | None:
    """``name size mtime_ns`` of a plain file; None for folders and files gone since the listing."""
    try:
        if not entry.is_file(follow_symlinks=False):
            return None
        st = entry.stat(follow_symlinks=False)
    except FileNotFoundError:  # a writer's compaction deleted it meanwhile: the stamp check catches that
        return None
    return f"{entry.name} {st.st_size} {st.st_mtime_ns}"


def cacheable(query_text: str) -> bool:
    """Whether a query's answer depends only on the store (no NOW(), RAND(), UUID() or BNODE())."""
    return not _VOLATILE.search(query_text)


def cache_key(query_text: str, fmt: str, stamp: str, extra: str = "") -> str:
    """The entry's file name: stamp prefix (for pruning) and a hash of everything the answer depends on."""
    parts = (graph.__version__, query_text, fmt, stamp, extra)
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    return f"{stamp[:16]}-{digest}.out"


def cached_result(store_path: str | Path, query_text: str, fmt: str, compute: Callable[[], str],
                  extra: str = "") -> str:
    """The answer of ``compute`` from the cache when the store is unchanged since it was kept.

    ``extra`` is anything else the answer depends on (e.g. the standard prefixes). Errors raised by
    ``compute`` propagate and nothing is kept. The answer is kept only when the stamp is the same
    before and after ``compute``: a write meanwhile may or may not be in the answer.
    """
    stamp = store_stamp(store_path)
    if stamp is None or not cacheable(query_text):
        return compute()
    folder = Path(store_path) / CACHE_DIR
    entry = folder / cache_key(query_text, fmt, stamp, extra)
    hit = read_entry(entry)
    if hit is not None:
        return hit
    text = compute()
    if store_stamp(store_path) == stamp:
        keep(entry, text)
    return text


def read_entry(entry: Path) -> str | None:
    """A kept answer's text, or None when there is none (or it cannot be read)."""
    try:
        return entry.read_bytes().decode("utf-8")  # bytes: CSV's CRLF must come back unchanged
    except (OSError, UnicodeDecodeError):
        return None


def keep(entry: Path, text: str) -> bool:
    """Write an answer atomically and prune old entries; False (no error) when the disk refuses."""
    try:
        write_atomic(entry, lambda tmp: tmp.write_bytes(text.encode("utf-8")))
        prune(entry.parent, entry.name[:16])
    except OSError:
        return False
    return True


def prune(folder: Path, prefix: str) -> None:
    """Delete entries of other stamps, and all but the newest ``MAX_ENTRIES`` of this one."""
    current = []
    for entry in os.scandir(folder):
        if not _ENTRY.fullmatch(entry.name):
            continue  # another writer's temporary file, or not ours
        if entry.name.startswith(prefix):
            current.append(entry)
        else:
            Path(entry.path).unlink(missing_ok=True)
    current.sort(key=_mtime, reverse=True)
    for entry in current[MAX_ENTRIES:]:
        Path(entry.path).unlink(missing_ok=True)


def _mtime(entry: os.DirEntry) -> int:
    try:
        return entry.stat().st_mtime_ns
    except FileNotFoundError:
        return 0
