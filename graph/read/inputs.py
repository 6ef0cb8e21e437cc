"""Inputs to articles: files, folders, URLs, standard input, named pipes, compressed files and zips.

Every input is a byte stream whose kind is told by its content (see :mod:`graph.read.sniff`),
never by its name alone, and handed to the reader of that kind: text with a header block, JSON,
JSON Lines, an HTML page, a feed or a WARC archive; compressed data and zip folders are opened
and their content read the same way. What is not an article (a PDF, an image, a README) is
refused with one line naming it. An input given twice (the same file, folder member, address or
``-``) is read once.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import stat
import sys
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from graph.read.article import Article, ArticleError, id_from_url, safe_id
from graph.read.decode import decode
from graph.read.feed import read_feed
from graph.read.fetch import Fetcher, is_url
from graph.read.html import read_page
from graph.read.records import json_lines_note, read_json, stream_jsonl
from graph.read.sniff import COMPRESSED, NOT_ARTICLES, SNIFF_BYTES, sniff
from graph.read.text import parse_text_article
from graph.read.warc import read_warc

# names a folder's files may have to be read as plain text articles (other kinds go by content)
TEXT_SUFFIXES = (".txt", ".text", "")
# notes and documentation: in a folder they are not articles (given by name, they are read as text)
NOTE_SUFFIXES = (".md", ".markdown", ".rst")
# file names that usually hold articles; the progress bar counts these in folders
SUPPORTED_SUFFIXES = (".txt", ".text", ".json", ".jsonl", ".html", ".htm", ".xhtml", ".xml", ".rss",
                      ".atom", ".warc", ".gz", ".bz2", ".xz", ".zst", ".zip")
MAX_DOCUMENT_BYTES = 64_000_000  # one page, text or JSON document is read whole up to this size
_MAX_NESTING = 4  # a zip in a gzip in a zip ... is opened this deep at most
_DECOMPRESS_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile)


@dataclass
class _Source:
    """A named byte stream to read articles from."""

    name: str  # for messages: a path, a URL, "archive.zip:member", "<stdin>"
    stem: str  # the id of a single article read from it
    stream: BinaryIO
    suffix: str = ""
    url: str | None = None  # the web address it came from
    from_web: bool = False  # a feed from the web may have its summary-only items fetched
    in_folder: bool = False  # found in a folder or zip rather than named by the user
    packing: str = "file"  # what the bytes were unpacked from, for messages on damage: gzip, zip, ...
    notes: list[str] = field(default_factory=list)  # warnings for the first article read from it


def iter_articles(paths: Iterable[str | Path], fetcher: Fetcher | None = None) -> Iterator[Article | ArticleError]:
    """Every article of the given files, folders, URLs and ``-`` (standard input), in a stable order."""
    fetcher = fetcher or Fetcher()
    seen: set[object] = set()
    for raw in paths:
        text = str(raw)
        if text == "-":
            if "-" not in seen:
                seen.add("-")
                yield from _read_source(_Source("<stdin>", "stdin", sys.stdin.buffer), fetcher)
        elif is_url(text):
            if text not in seen:
                seen.add(text)
                yield from read_url(text, fetcher)
        else:
            yield from _read_path(Path(text), fetcher, seen)


def read_file(path: Path, fetcher: Fetcher | None = None) -> Iterator[Article | ArticleError]:
    """Yield each article of one file, or an :class:`ArticleError` for each bad part of it."""
    yield from _read_path(Path(path), fetcher or Fetcher(), set())


def read_url(url: str, fetcher: Fetcher) -> Iterator[Article | ArticleError]:
    """The articles at a web address: a page, a feed (its items), or any other supported content."""
    try:
        got = fetcher.get(url)
    except ArticleError as exc:
        yield exc
        return
    source = _Source(url, id_from_url(got.url), io.BytesIO(got.data), url=got.url, from_web=True)
    yield from _read_source(source, fetcher)


def _page_at(url: str, fetcher: Fetcher) -> Article:
    """The article of the web page at ``url`` (for a feed item that carries only a summary)."""
    got = fetcher.get(url)
    if sniff(got.data[:SNIFF_BYTES]) != "html":
        raise ArticleError(f"{url}: not an HTML page ({got.content_type or 'no declared type'})")
    return read_page(got.data, url, id_from_url(got.url), url=got.url)


def _read_path(path: Path, fetcher: Fetcher, seen: set[object]) -> Iterator[Article | ArticleError]:
    try:
        info = path.stat()
    except FileNotFoundError:
        yield ArticleError(f"{path}: no such file or folder")
        return
    except OSError as exc:
        yield ArticleError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _read_folder(path, fetcher, seen)
        return
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        yield ArticleError(f"{path}: {_file_kind(info.st_mode)}, not a file, folder or pipe; not read")
        return
    if (info.st_dev, info.st_ino) in seen:
        return
    seen.add((info.st_dev, info.st_ino))
    yield from _read_opened(path, path.name, fetcher, in_folder=False)


def _file_kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device (it would be read forever)"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _read_opened(path: Path, display: str, fetcher: Fetcher, in_folder: bool) -> Iterator[Article | ArticleError]:
    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ArticleError(f"{name}: cannot read ({exc.strerror or exc})")
        return
    with handle:
        suffix = Path(display).suffix.lower()
        yield from _read_source(_Source(name, path.stem, handle, suffix=suffix, in_folder=in_folder), fetcher)


def _read_folder(folder: Path, fetcher: Fetcher, seen: set[object]) -> Iterator[Article | ArticleError]:
    """Every file under ``folder`` (hidden ones left out), each read by its content."""
    found = False
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        try:
            info = path.stat()
        except OSError as exc:
            yield ArticleError(f"{path}: cannot read ({exc.strerror or exc})")
            continue
        if stat.S_ISDIR(info.st_mode):
            continue
        found = True
        if not stat.S_ISREG(info.st_mode):
            yield ArticleError(f"{path}: {_file_kind(info.st_mode) if not stat.S_ISFIFO(info.st_mode) else 'a named pipe'}"
                               " inside a folder; not read (give it by name to read it)")
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        if path.suffix.lower() in NOTE_SUFFIXES:
            yield ArticleError(f"{path}: a Markdown/notes file, not an article (give it by name to read it as text)")
            continue
        yield from _read_opened(path, path.name, fetcher, in_folder=True)
    if not found:
        yield ArticleError(f"{folder}: folder holds no files")


def _read_source(src: _Source, fetcher: Fetcher, depth: int = 0) -> Iterator[Article | ArticleError]:
    """The articles of one byte stream, by what its first bytes say it is."""
    try:
        head = _read_head(src.stream)
    except _DECOMPRESS_ERRORS as exc:
        yield ArticleError(f"{src.name}: cannot read ({_reason(exc)})")
        return
    kind = sniff(head)
    stream: BinaryIO = _Prefixed.wrap(head, src.stream)
    named = next((packing for packing, suffix in COMPRESSED.items() if suffix == src.suffix), None)
    if named and named != kind:
        src.notes.append(f"{src.name}: named {src.suffix} but not {named} data; read by its content ({kind})")
    if kind == "jsonl" and src.suffix == ".json":
        src.notes.append(json_lines_note(src.name))
    if kind == "jsonl" or (src.suffix == ".jsonl" and kind in ("json", "text")):
        yield from _first_noted(_guard(stream_jsonl(stream, head, src.name, src.stem), src.name, src.packing), src.notes)
        return
    if not head.strip():
        yield ArticleError(f"{src.name}: empty, no article text")
        return
    if kind in COMPRESSED or kind == "zip":
        if depth >= _MAX_NESTING:
            yield ArticleError(f"{src.name}: compressed more than {_MAX_NESTING} levels deep; not read")
            return
        read = _read_zip(src, stream, fetcher, depth) if kind == "zip" else _read_compressed(src, stream, kind, fetcher, depth)
        yield from _guard(read, src.name, kind)  # damage found while sniffing what is inside
        return
    if kind in NOT_ARTICLES:
        yield ArticleError(f"{src.name}: {NOT_ARTICLES[kind]}, not an article")
        return
    if kind == "warc":
        yield from _first_noted(_guard(read_warc(stream, src.name), src.name, src.packing), src.notes)
        return
    if kind == "text" and src.in_folder and src.suffix not in TEXT_SUFFIXES:
        yield ArticleError(f"{src.name}: a {src.suffix} file, not an article "
                           "(articles are .txt, JSON, JSON Lines, pages, feeds or WARC); not read")
        return
    try:
        raw = _read_all(stream, src.name)
    except ArticleError as exc:
        yield exc
        return
    except _DECOMPRESS_ERRORS as exc:
        yield ArticleError(f"{src.name}: damaged {src.packing} data ({_reason(exc)})")
        return
    yield from _first_noted(_read_document(src, raw, kind, fetcher), src.notes)


def _read_document(src: _Source, raw: bytes, kind: str, fetcher: Fetcher) -> Iterator[Article | ArticleError]:
    """A document read whole: an HTML page, a feed, JSON or text."""
    if kind == "html":
        try:
            yield read_page(raw, src.name, safe_id(src.stem), url=src.url)
        except ArticleError as exc:
            yield exc
        return
    if kind == "feed":
        fetch_page = (lambda link: _page_at(link, fetcher)) if src.from_web else None
        yield from read_feed(raw, src.name, src.stem, fetch_page)
        return
    try:
        text, warnings = decode(raw, src.name)
    except ArticleError as exc:
        yield exc
        return
    if kind == "json" and not (src.suffix in (".txt", ".text") and not _parses_as_json(text)):
        yield from read_json(text, src.name, src.stem, warnings)
        return
    try:
        article = parse_text_article(text, safe_id(src.stem), src.name)
    except ArticleError as exc:
        yield exc
        return
    yield replace(article, warnings=tuple(warnings) + article.warnings)


def _parses_as_json(text: str) -> bool:
    """Whether ``text`` is one JSON document (a .txt file opening with a bracket may be prose)."""
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _read_compressed(src: _Source, stream: BinaryIO, kind: str, fetcher: Fetcher,
                     depth: int) -> Iterator[Article | ArticleError]:
    """The content of gzip, bzip2, xz or zstd data, read by what it holds."""
    stem = src.stem
    inner_suffix = Path(stem).suffix.lower()
    if src.suffix == COMPRESSED[kind]:
        stem = Path(stem).stem if inner_suffix else stem
    else:
        inner_suffix = src.suffix
    with _decompressed(kind, stream) as inner:
        yield from _read_source(replace(src, stem=stem, stream=inner, suffix=inner_suffix, notes=src.notes,
                                        packing=kind), fetcher, depth + 1)


def _decompressed(kind: str, stream: BinaryIO) -> BinaryIO:
    """A stream of the data that ``stream`` holds compressed with ``kind`` (see sniff.COMPRESSED)."""
    if kind == "gzip":
        return gzip.GzipFile(fileobj=stream)  # type: ignore[return-value]
    if kind == "bzip2":
        return bz2.BZ2File(stream)  # type: ignore[return-value]
    if kind == "xz":
        return lzma.LZMAFile(stream)  # type: ignore[return-value]
    import zstandard

    reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True)
    return io.BufferedReader(reader)  # type: ignore[arg-type,return-value]


def _read_zip(src: _Source, stream: BinaryIO, fetcher: Fetcher, depth: int) -> Iterator[Article | ArticleError]:
    """Every file in a zip folder, each read by its content; office documents are refused."""
    if depth == 0 and src.stream.seekable():
        src.stream.seek(0)
        data: BinaryIO = src.stream
    else:
        data = io.BytesIO(_read_all(stream, src.name))
    with zipfile.ZipFile(data) as archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        if any(n in ("word/document.xml", "xl/workbook.xml", "content.xml", "META-INF/container.xml") for n in names):
            yield ArticleError(f"{src.name}: {NOT_ARTICLES['docx']}, not an article")
            return
        members = sorted(n for n in names if not any(p.startswith((".", "__MACOSX")) for p in n.split("/")))
        if not members:
            yield ArticleError(f"{src.name}: a zip folder with no files")
        for member in members:
            where = f"{src.name}:{member}"
            suffix = Path(member).suffix.lower()
            if suffix in NOTE_SUFFIXES:
                yield ArticleError(f"{where}: a Markdown/notes file, not an article")
                continue
            with archive.open(member) as handle:
                inner = _Source(where, Path(member).stem, handle, suffix=suffix, in_folder=True,  # type: ignore[arg-type]
                                packing="zip")
                yield from _guard(_read_source(inner, fetcher, depth + 1), where, "zip")


def _guard(items: Iterator[Article | ArticleError], name: str, kind: str) -> Iterator[Article | ArticleError]:
    """The items, ending in one line (and keeping those before) if the data turns out damaged."""
    count = 0
    try:
        for item in items:
            count += isinstance(item, Article)
            yield item
    except _DECOMPRESS_ERRORS as exc:
        yield ArticleError(f"{name}: damaged {kind} data after {count} article(s) ({_reason(exc)})")


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _first_noted(items: Iterator[Article | ArticleError], notes: list[str]) -> Iterator[Article | ArticleError]:
    """The items, with the source's notes added to the first article's warnings."""
    for item in items:
        if notes and isinstance(item, Article):
            item = replace(item, warnings=(*notes, *item.warnings))
            notes = []
        yield item


def _read_head(stream: BinaryIO) -> bytes:
    """Up to :data:`SNIFF_BYTES` first bytes (a pipe may hand them over in several reads)."""
    chunks: list[bytes] = []
    size = 0
    while size < SNIFF_BYTES:
        chunk = stream.read(SNIFF_BYTES - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _read_all(stream: BinaryIO, name: str) -> bytes:
    """The whole stream, refused past :data:`MAX_DOCUMENT_BYTES`."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ArticleError(f"{name}: larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB, too large for one page, "
                           "text or JSON document (JSON Lines and WARC files are read at any size)")
    return data


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read: they are given back first."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    @classmethod
    def wrap(cls, head: bytes, rest: BinaryIO) -> BinaryIO:
        return io.BufferedReader(cls(head, rest))  # type: ignore[return-value]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
