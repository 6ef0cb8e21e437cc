"""Read news articles from text files with a header block, JSON/JSONL records and folders.

An :class:`Article` keeps its body text exactly as read (after decoding and CRLF folding), so
every character offset a later stage records points into ``Article.text``. Hard-wrapped lines
are joined for parsing by :attr:`Article.parse_text`, which swaps single newlines for spaces
and so keeps every offset valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.extract.dates import parse_publication_date

HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "published": "published",
    "publish date": "published",
    "published date": "published",
    "date": "published",
    "source": "source",
    "publisher": "source",
    "url": "url",
    "link": "url",
    "id": "id",
    "news id": "id",
    "dateline": "dateline",
}
_KEY_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(.*\S)?\s*$")
_BARE_PUBLISHER = re.compile(r"^\s*(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\s*$", re.I)
# "BAGHDAD (Dispatches) --", "WASHINGTON, March 2 -", "LONDON (Reuters) -"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,40}?)(?:\s*/\s*[A-Z][A-Z.'\- ]+)?"
    r"(?:\s*,\s*(?P<date>[A-Z][a-z]{2,9}\.? \d{1,2}))?"
    r"(?:\s*\((?P<agency>[^)]{1,40})\))?\s*(?:--|\u2014|\u2013|-)\s+"
)
SUPPORTED_SUFFIXES = (".txt", ".json", ".jsonl", ".text", ".md")


class ArticleError(ValueError):
    """An input that cannot be read as an article; the message names the problem."""


@dataclass(frozen=True)
class Article:
    """One news article: metadata and its body text."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    dateline: str | None = None
    subtitle: str | None = None
    news_id: str | None = None
    path: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def parse_text(self) -> str:
        """The body with hard-wrapped lines joined; same length as ``text``."""
        return re.sub(r"(?<!\n)\n(?!\n)", " ", self.text)

    @property
    def dateline_place(self) -> tuple[str, int, int] | None:
        """The dateline's place as written and its span in ``text`` (e.g. "BAGHDAD")."""
        match = _DATELINE.match(self.text)
        if not match:
            return None
        place = match.group("place").strip(" .-")
        if not place or len(place) < 3:
            return None
        start = match.start("place")
        return place, start, start + len(place)


def _decode(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1 with a warning."""
    warnings: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            warnings.append(f"{name}: not valid UTF-8, read as Windows-1252")
    if "\x00" in text:
        raise ArticleError(f"{name}: contains NUL bytes (binary file?)")
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text[:4096])
    if text and printable < 0.9 * min(len(text), 4096):
        raise ArticleError(f"{name}: looks like binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _header_field(line: str) -> tuple[str, str] | None:
    match = _KEY_LINE.match(line)
    if not match:
        return None
    key = HEADER_KEYS.get(re.sub(r"\s+", " ", match.group(1).strip().lower()))
    return (key, (match.group(2) or "").strip()) if key else None


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of blank-line separated blocks."""
    for match in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*", text):
        if match.group().strip():
            yield match.start(), match.end()


def _looks_like_headline(block: str) -> bool:
    words = block.split()
    return (
        "\n" not in block.strip()
        and 0 < len(words) <= 16
        and not block.rstrip().endswith((".", '"', "\u201d", ":"))
        and not _DATELINE.match(block)
    )


def parse_text_article(text: str, article_id: str, path: str | None = None) -> Article:
    """Split a text file into header fields, headlines and the body."""
    meta: dict[str, str] = {}
    body_start = 0
    seen_header = False
    for start, end in _blocks(text):
        block = text[start:end]
        lines = [ln for ln in block.split("\n") if ln.strip()]
        fields = [_header_field(ln) for ln in lines]
        if any(fields) and len(lines) <= 12:
            seen_header = True
            for line, fld in zip(lines, fields):
                if fld:
                    meta.setdefault(fld[0], fld[1])
                elif "title" not in meta:
                    meta["title"] = line.strip()
                else:
                    meta.setdefault("subtitle", line.strip())
            body_start = end
        elif not seen_header and len(lines) == 1 and _BARE_PUBLISHER.match(lines[0]):
            meta.setdefault("source", lines[0].strip())
            body_start = end
        elif seen_header and _looks_like_headline(block):
            key = "title" if "title" not in meta else "subtitle"
            meta.setdefault(key, block.strip())
            body_start = end
        else:
            body_start = start
            break
    else:
        body_start = len(text)
    body = text[body_start:].strip("\n")
    return _make_article(meta, body, article_id, path)


def _make_article(meta: dict[str, str], body: str, article_id: str, path: str | None,
                  warnings: Iterable[str] = ()) -> Article:
    name = path or article_id
    warns = list(warnings)
    if not body.strip():
        raise ArticleError(f"{name}: no article text")
    published = None
    if meta.get("published"):
        published = parse_publication_date(meta["published"])
        if published is None:
            warns.append(f"{name}: cannot read the publication date {meta['published']!r}; "
                         "relative dates stay unresolved")
    return Article(
        id=article_id,
        text=body,
        title=meta.get("title") or None,
        published=published,
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        dateline=meta.get("dateline") or None,
        subtitle=meta.get("subtitle") or None,
        news_id=meta.get("id") or None,
        path=path,
        warnings=tuple(warns),
    )


def article_from_record(record: object, fallback_id: str, path: str | None = None) -> Article:
    """A JSON record (``title``, ``text``, ``published``/``date``, ``url``, ``source``, ``dateline``)."""
    name = path or fallback_id
    if not isinstance(record, dict):
        raise ArticleError(f"{name}: a JSON record must be an object")
    text = record.get("text") or record.get("body") or record.get("content")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(f"{name}: record has no 'text'")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    dateline = record.get("dateline")
    if isinstance(dateline, str) and dateline.strip() and not text.startswith(dateline.strip()):
        text = f"{dateline.strip()} {text}"
    meta = {key: str(record[src]) for key, src in (
        ("title", "title"), ("url", "url"), ("source", "source"), ("dateline", "dateline"),
    ) if record.get(src)}
    published = record.get("published") or record.get("date") or record.get("datePublished")
    if published:
        meta["published"] = str(published)
    article_id = str(record.get("id") or fallback_id)
    return _make_article(meta, text.strip("\n"), article_id, path)


def _safe_id(stem: str) -> str:
    return re.sub(r"[^\w.\-/]+", "-", stem).strip("-") or "article"


def read_file(path: Path) -> Iterator[Article | ArticleError]:
    """Yield each article of one file, or an :class:`ArticleError` for each bad part of it."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield ArticleError(f"{name}: cannot read ({exc.strerror or exc})")
        return
    try:
        text, warnings = _decode(raw, name)
    except ArticleError as exc:
        yield exc
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(text, path, warnings)
        return
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ArticleError(f"{name}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
            return
        records = data if isinstance(data, list) else [data]
        for i, record in enumerate(records):
            fallback = _safe_id(path.stem) if len(records) == 1 else f"{_safe_id(path.stem)}-{i + 1}"
            try:
                yield article_from_record(record, fallback, name)
            except ArticleError as exc:
                yield exc
        return
    if re.match(r"\s*<(!doctype html|html)", text[:500], re.I):
        yield ArticleError(f"{name}: an HTML page, not a text article (HTML input is not supported yet)")
        return
    try:
        article = parse_text_article(text, _safe_id(path.stem), name)
    except ArticleError as exc:
        yield exc
        return
    yield Article(**{**article.__dict__, "warnings": tuple(warnings) + article.warnings})


def _read_jsonl(text: str, path: Path, warnings: list[str]) -> Iterator[Article | ArticleError]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(f"{where}: malformed JSON line ({exc.msg})")
            continue
        try:
            yield article_from_record(record, f"{_safe_id(path.stem)}-{lineno}", where)
        except ArticleError as exc:
            yield exc


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """Every article under the given files and folders, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not files:
                yield ArticleError(f"{path}: folder holds no .txt, .json or .jsonl articles")
            for file in files:
                yield from read_file(file)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield ArticleError(f"{path}: no such file or folder")
