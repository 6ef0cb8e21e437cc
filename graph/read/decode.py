"""Bytes to text for every reader: BOMs, UTF-16 without a BOM, stray NULs, Windows-1252."""

from __future__ import annotations

from graph.read.article import ArticleError

_LAYOUT = str.maketrans("", "", "\n\r\t\f")  # the control characters text may hold


def decode(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes to text, saying what was guessed.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; UTF-16 without a BOM is
    recognised by its zero bytes; a few stray NUL bytes are dropped; anything else that is not
    UTF-8 is read as Windows-1252 (a superset of Latin-1). Binary data is refused.
    """
    warnings: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(raw, "utf-16", name)
    elif (guess := bomless_utf16(raw)) is not None:
        text = _strict(raw, guess, name)
        warnings.append(f"{name}: read as {guess.upper()} (no byte-order mark)")
    else:
        if b"\x00" in raw:
            nuls = raw.count(b"\x00")
            if nuls > max(8, len(raw) // 100):
                raise ArticleError(f"{name}: looks like binary data ({nuls} NUL bytes), not text")
            raw = raw.replace(b"\x00", b"")
            warnings.append(f"{name}: dropped {nuls} NUL byte(s)")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = raw.decode("cp1252", errors="replace")
            warnings.append(f"{name}: not valid UTF-8 (byte {exc.start}), read as Windows-1252")
    text = text.replace("\x00", "")
    sample = text[:4096]
    printable = len(sample) if sample.translate(_LAYOUT).isprintable() else \
        sum(ch.isprintable() or ch in "\n\r\t\f" for ch in sample)
    if sample and (printable < 0.9 * len(sample) or sample.count("\ufffd") > 0.05 * len(sample)):
        raise ArticleError(f"{name}: looks like binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def is_utf16(head: bytes) -> bool:
    """Whether a file opening with ``head`` is UTF-16 (with or without a byte-order mark)."""
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or bomless_utf16(head) is not None


def bomless_utf16(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when every other byte is zero (ASCII-range UTF-16 text), else None."""
    head = raw[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{name}: not valid {encoding.upper()} (byte {exc.start})") from exc
