"""JSON and JSON Lines records: ``title``, ``text`` (or ``body``/``content``), ``published``, ``url``, ``source``.

A JSON Lines file is read line by line, so a corpus file (or a decompressed stream) is never held
in memory whole; each line is decoded on its own, so one line in another encoding costs only that line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from graph.read.article import Article, ArticleError, make_article, safe_id
from graph.read.decode import decode, is_utf16

_SURROGATE = re.compile("[\ud800-\udfff]")


def article_from_record(record: object, fallback_id: str, path: str | None = None) -> Article:
    """A JSON record (``title``, ``text``, ``published``/``date``, ``url``, ``source``, ``dateline``)."""
    name = path or fallback_id
    if not isinstance(record, dict):
        raise ArticleError(f"{name}: a JSON record must be an object")
    for key, value in record.items():  # JSON's "\ud800" escape decodes to text no encoder accepts
        if isinstance(value, str) and (odd := _SURROGATE.search(value)):
            raise ArticleError(f"{name}: field {key!r} holds a lone surrogate (\\u{ord(odd.group()):04x}), "
                               "not valid Unicode")
    text = record.get("text") or record.get("body") or record.get("content")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(f"{name}: record has no 'text'")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    dateline = record.get("dateline")
    if isinstance(dateline, str) and dateline.strip() and not text.startswith(dateline.strip()):
        text = f"{dateline.strip()} {text}"
    meta = {key: _scalar(record[src]) for key, src in (
        ("title", "title"), ("url", "url"), ("source", "source"), ("dateline", "dateline"),
    ) if record.get(src)}
    published = record.get("published") or record.get("date") or record.get("datePublished")
    if published:
        meta["published"] = _scalar(published)
    article_id = safe_id(str(record.get("id") or fallback_id))
    return make_article(meta, text.strip("\n"), article_id, path)


def _scalar(value: object) -> str:
    """A JSON value as one line of text (lists are joined, objects dropped)."""
    if isinstance(value, list):
        value = ", ".join(_scalar(v) for v in value if not isinstance(v, (list, dict)))
    elif isinstance(value, dict):
        return ""
    return " ".join(str(value).split())


def read_json(text: str, name: str, stem: str, warnings: list[str]) -> Iterator[Article | ArticleError]:
    """One JSON document: a record or a list of records. JSON Lines under a .json name is read as such."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _is_json_lines(text):
            yield from _read_lines(text, name, stem, [*warnings, json_lines_note(name)])
            return
        if exc.msg == "Extra data":
            yield ArticleError(f"{name}: more than one JSON document (a second starts at line {exc.lineno}); "
                               "JSON Lines needs one whole record per line")
            return
        yield ArticleError(f"{name}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
        return
    except RecursionError:
        yield ArticleError(f"{name}: JSON nested too deeply")
        return
    records = data if isinstance(data, list) else [data]
    if not records:
        yield ArticleError(f"{name}: an empty JSON list, no articles")
    single = len(records) == 1
    for i, record in enumerate(records):
        fallback = safe_id(stem) if single else f"{safe_id(stem)}-{i + 1}"
        try:
            article = article_from_record(record, fallback, name if single else f"{name} record {i + 1}")
        except ArticleError as exc:
            yield exc
            continue
        yield _with_warnings(article, warnings)


def json_lines_note(name: str) -> str:
    """The warning for a .json file that holds JSON Lines."""
    return f"{name}: holds JSON Lines (one record per line), not one JSON document; read as JSON Lines"


def _is_json_lines(text: str) -> bool:
    """Whether every non-blank line of ``text`` starts a JSON object of its own."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    return len(lines) > 1 and all(ln.startswith("{") and ln.endswith("}") for ln in lines)


def stream_jsonl(stream: BinaryIO, head: bytes, name: str, stem: str) -> Iterator[Article | ArticleError]:
    """One record per line of a binary stream whose first bytes are ``head`` (already part of it)."""
    if is_utf16(head):
        try:
            text, warnings = decode(stream.read(), name)
        except ArticleError as exc:
            yield exc
            return
        yield from _read_lines(text, name, stem, warnings)
        return
    for lineno, raw in enumerate(stream, start=1):
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            line, warnings = decode(raw, where)
        except ArticleError as exc:
            yield exc
            continue
        # one physical line is one record: a bare CR folded to a newline is only JSON whitespace
        yield from _read_lines(line.removesuffix("\n").replace("\n", " "), name, stem, warnings, first_line=lineno)


def _read_lines(text: str, name: str, stem: str, warnings: list[str],
                first_line: int = 1) -> Iterator[Article | ArticleError]:
    for lineno, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(f"{where}: malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield ArticleError(f"{where}: JSON nested too deeply")
            continue
        try:
            article = article_from_record(record, f"{safe_id(stem)}-{lineno}", where)
        except ArticleError as exc:
            yield exc
            continue
        yield _with_warnings(article, warnings)


def _with_warnings(article: Article, warnings: list[str]) -> Article:
    """The article with the file's decoding warnings before its own."""
    return replace(article, warnings=tuple(warnings) + article.warnings) if warnings else article
