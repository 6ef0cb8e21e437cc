"""What a file holds, told by its first bytes, never by its name alone.

Compressed data, zip folders, WARC archives, PDFs, images and office documents have magic
numbers; among text, markup is told from plain text by its first tags (after any comments an
archiver put in front), feeds by their root element, JSON Lines by a first line that is a whole
JSON object.
"""

from __future__ import annotations

import json
import re

from graph.read.decode import bomless_utf16

SNIFF_BYTES = 65_536  # how much of a file is looked at to tell its kind

COMPRESSED = {"gzip": ".gz", "bzip2": ".bz2", "xz": ".xz", "zstd": ".zst"}
_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"WARC/", "warc"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"\xd0\xcf\x11\xe0", "office"),
    (b"{\\rtf", "office"),
    (b"7z\xbc\xaf", "archive"),
    (b"Rar!", "archive"),
)
# what the refusals call each kind that is not an article
NOT_ARTICLES = {
    "pdf": "a PDF document",
    "image": "an image",
    "office": "an office document (Word, Excel or RTF)",
    "archive": "a 7z or RAR archive (only .zip, .gz, .bz2, .xz and .zst are opened)",
    "docx": "an office document (DOCX, XLSX, ODT or EPUB)",
    "xml": "an XML document that is neither a feed nor a web page",
}
_LEADING = r"\A\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!doctype[^>]*>\s*)*"
_FEED = re.compile(_LEADING + r"<(?:rss|feed|rdf:RDF|RDF)\b", re.I | re.S)
_HTML_START = re.compile(_LEADING + r"<(?:html|head|body|meta|title|link|script|style|div|article|p|!doctype\s+html)\b",
                         re.I | re.S)
_HTML_ANYWHERE = re.compile(r"<(?:html|body)\b[^>]*>", re.I)


def sniff(head: bytes) -> str:
    """The kind of data that opens with ``head``.

    One of: gzip, bzip2, xz, zstd, zip, warc, pdf, image, office, archive, html, feed, xml,
    json, jsonl or text. ``head`` is the first :data:`SNIFF_BYTES` bytes (or the whole file if shorter).
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if b"%PDF-" in head[:1024]:  # readers accept the marker anywhere in the first kilobyte
        return "pdf"
    text = _head_text(head)
    stripped = text.lstrip()
    if stripped.startswith("<"):
        if _FEED.match(stripped):
            return "feed"
        if _HTML_START.match(stripped) or _HTML_ANYWHERE.search(stripped):
            return "html"
        return "xml"
    if stripped.startswith(("{", "[")):
        return "jsonl" if _first_line_is_record(stripped) else "json"
    return "text"


def _head_text(head: bytes) -> str:
    """The head decoded well enough to look at (UTF-16 by its BOM or zero bytes, else UTF-8)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if (guess := bomless_utf16(head[: len(head) // 2 * 2])) is not None:
        return head[: len(head) // 2 * 2].decode(guess, errors="replace")
    return head.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _first_line_is_record(text: str) -> bool:
    """Whether the first line is a whole JSON object and another record follows (JSON Lines)."""
    first, _, rest = text.partition("\n")
    if not first.strip().startswith("{") or not rest.strip():
        return False
    try:
        return isinstance(json.loads(first), dict) and rest.lstrip().startswith("{")
    except (ValueError, RecursionError):
        return False
