"""Text articles with a header block (``Title:``, ``Published:``, a bare publisher line, headlines).

See ``eval/EVALUATION.md``: ``Key: value`` lines before the first blank line that follows a
header block; the body is everything after, kept exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.read.article import Article, make_article, starts_with_dateline

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
        and not starts_with_dateline(block)
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
    return make_article(meta, body, article_id, path)
