"""WARC web archives (warcio), plain or gzipped: every HTML response record is a web page.

The record's target URI is the page's address (and its id), its WARC-Date the publication date
when the page gives none. Records that are not HTML (images, scripts, requests, metadata) are
passed over: an archive holds many of them and none is an article.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from graph.read.article import Article, ArticleError, id_from_url
from graph.read.html import read_page
from graph.read.sniff import SNIFF_BYTES, sniff


def read_warc(stream: BinaryIO, name: str) -> Iterator[Article | ArticleError]:
    """Every page in the WARC archive read from ``stream``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):  # noqa: B007 - read after the loop
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            payload = record.content_stream().read()
            if not _is_html(record, payload):
                continue
            pages += 1
            where = f"{name} record {number} ({uri})" if uri else f"{name} record {number}"
            try:
                yield read_page(payload, where, id_from_url(uri) if uri else f"{name}-{number}", url=uri or None,
                                fallback_date=_warc_date(record.rec_headers.get_header("WARC-Date")))
            except ArticleError as exc:
                yield exc
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, KeyError, IndexError) as exc:
        # warcio fails in several ways on damaged records; each ends the archive in one line
        yield ArticleError(f"{name}: damaged WARC archive after record {number} ({exc or type(exc).__name__})")
        return
    if not pages:
        yield ArticleError(f"{name}: a WARC archive with no HTML pages ({number} records)")


def _is_html(record: object, payload: bytes) -> bool:
    """Whether a record's payload is an HTML page (by its declared type, else by its content)."""
    headers = getattr(record, "http_headers", None)
    declared = (headers.get_header("Content-Type") if headers else None) or ""
    if not declared:
        declared = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    if "html" in declared.lower():
        return True
    return not declared.lower().startswith(("image/", "text/css", "application/javascript", "application/json")) \
        and sniff(payload[:SNIFF_BYTES]) == "html"


def _warc_date(value: str | None) -> date | None:
    """The capture day of a WARC-Date ("2024-05-03T10:00:00Z")."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
