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
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from graph.dates import parse_publication_date

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
# Longer bodies are cut (with a warning): news articles are far shorter, and spaCy needs about
# 1 GB per 100k characters for the parser (its own limit is 1M characters).
MAX_ARTICLE_CHARS = 100_000
_HTML = re.compile(r"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


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
    """Bytes to text, saying what was guessed.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; UTF-16 without a BOM is
    recognised by its zero bytes; a few stray NUL bytes are dropped; anything else that is not
    UTF-8 is read as Windows-1252 (a superset of Latin-1). Binary data is refused.
    """
    warnings: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(raw, "utf-16", name)
    elif (guess := _bomless_utf16(raw)) is not None:
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
    printable = sum(ch.isprintable() or ch in "\n\r\t\f" for ch in sample)
    if sample and (printable < 0.9 * len(sample) or sample.count("\ufffd") > 0.05 * len(sample)):
        raise ArticleError(f"{name}: looks like binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _bomless_utf16(raw: bytes) -> str | None:
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
    if len(body) > MAX_ARTICLE_CHARS:
        body = _cut(body, MAX_ARTICLE_CHARS)
        warns.append(f"{name}: article longer than {MAX_ARTICLE_CHARS:,} characters; "
                     f"only the first {len(body):,} are read")
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


def _cut(text: str, limit: int) -> str:
    """A prefix of ``text`` no longer than ``limit``, ending at a paragraph, sentence or word."""
    head = text[:limit]
    for boundary in ("\n\n", ". ", " "):
        at = head.rfind(boundary)
        if at > limit // 2:
            return head[:at + (1 if boundary == ". " else 0)].rstrip()
    return head


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
    meta = {key: _scalar(record[src]) for key, src in (
        ("title", "title"), ("url", "url"), ("source", "source"), ("dateline", "dateline"),
    ) if record.get(src)}
    published = record.get("published") or record.get("date") or record.get("datePublished")
    if published:
        meta["published"] = _scalar(published)
    article_id = _safe_id(str(record.get("id") or fallback_id))
    return _make_article(meta, text.strip("\n"), article_id, path)


def _scalar(value: object) -> str:
    """A JSON value as one line of text (lists are joined, objects dropped)."""
    if isinstance(value, list):
        value = ", ".join(_scalar(v) for v in value if not isinstance(v, (list, dict)))
    elif isinstance(value, dict):
        return ""
    return " ".join(str(value).split())


def _safe_id(stem: str) -> str:
    return re.sub(r"[^\w.\-/]+", "-", stem).strip("-") or "article"


def read_file(path: Path) -> Iterator[Article | ArticleError]:
    """Yield each article of one file, or an :class:`ArticleError` for each bad part of it."""
    name = str(path)
    if path.suffix.lower() == ".jsonl":
        yield from _stream_jsonl(path)
        return
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
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ArticleError(f"{name}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
            return
        except RecursionError:
            yield ArticleError(f"{name}: JSON nested too deeply")
            return
        records = data if isinstance(data, list) else [data]
        if not records:
            yield ArticleError(f"{name}: an empty JSON list, no articles")
        for i, record in enumerate(records):
            single = len(records) == 1
            fallback = _safe_id(path.stem) if single else f"{_safe_id(path.stem)}-{i + 1}"
            try:
                article = article_from_record(record, fallback, name if single else f"{name} record {i + 1}")
            except ArticleError as exc:
                yield exc
                continue
            yield replace(article, warnings=tuple(warnings) + article.warnings)
        return
    if _HTML.match(text[:1000]):
        yield ArticleError(f"{name}: an HTML page, not a text article (HTML input is not supported yet)")
        return
    try:
        article = parse_text_article(text, _safe_id(path.stem), name)
    except ArticleError as exc:
        yield exc
        return
    yield replace(article, warnings=tuple(warnings) + article.warnings)


def _stream_jsonl(path: Path) -> Iterator[Article | ArticleError]:
    """One record per line, read line by line so a corpus file is never held in memory whole.

    Each line is decoded on its own, so one line in another encoding costs only that line.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _bomless_utf16(head + handle.read(4092)):
                handle.seek(0)
                text, warnings = _decode(handle.read(), str(path))
                yield from _read_jsonl(text, path, warnings)
                return
            handle.seek(0)
            for lineno, raw in enumerate(handle, start=1):
                if lineno == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if not raw.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    line, warnings = _decode(raw, where)
                except ArticleError as exc:
                    yield exc
                    continue
                # one physical line is one record: a bare CR folded to a newline is only JSON whitespace
                yield from _read_jsonl(line.removesuffix("\n").replace("\n", " "), path, warnings, first_line=lineno)
    except OSError as exc:
        yield ArticleError(f"{path}: cannot read ({exc.strerror or exc})")


def _read_jsonl(text: str, path: Path, warnings: list[str], first_line: int = 1) -> Iterator[Article | ArticleError]:
    for lineno, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(f"{where}: malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield ArticleError(f"{where}: JSON nested too deeply")
            continue
        try:
            article = article_from_record(record, f"{_safe_id(path.stem)}-{lineno}", where)
        except ArticleError as exc:
            yield exc
            continue
        yield replace(article, warnings=tuple(warnings) + article.warnings) if warnings else article


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
