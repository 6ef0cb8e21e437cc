"""Quote marks: quotations paired per paragraph, straight or curly. An odd number of marks never
raises: a quote left open ends where the next one opens (the news habit of re-opening a continued
quote) or at the paragraph's end, and a stray closing mark is ignored."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import attrgetter

OPENERS = "\u201c\u201e"


CLOSERS = "\u201d"


STRAIGHT = '"'


MARKS = re.compile('["\u201c\u201d\u201e]')


PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class QuoteSpan:
    """Character offsets of a quotation's words (without marks) and of its marks."""

    start: int
    end: int
    open_at: int
    close_at: int  # offset just after the closing mark, or ``end`` when the quote was left open


def mark_kind(text: str, i: int) -> str:
    """ "open" or "close" for the mark at ``text[i]`` judged by its neighbours; "" if unclear."""
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([{:-\u2014\u2013") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}-\u2014\u2013"):
        return "close"
    return ""


def spaced_kind(text: str, i: int, is_open: bool, para_end: int) -> str:
    """A mark with space on both sides (tokenised text: 'fell . " Then'): it closes an open quote;
    with none open it opens, unless it follows a sentence's end and the marks after it in the
    paragraph pair up among themselves (then it closes a quote begun before the text: dropped)."""
    if is_open:
        return "close"
    paired_after = len(MARKS.findall(text, i + 1, para_end)) % 2 == 0
    return "close" if paired_after and text[:i].rstrip()[-1:] in (".", "?", "!", ",") else "open"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces and a trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-\u2014\u2013"):
        end -= 1
    return start, end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quotations in ``text``, paired per paragraph; never fails on unbalanced marks."""
    spans: list[QuoteSpan] = []
    para_start = 0
    bounds = [m.start() for m in PARAGRAPH.finditer(text)] + [len(text)]
    for para_end in bounds:
        open_at: int | None = None
        for mark in MARKS.finditer(text, para_start, para_end):
            i = mark.start()
            kind = mark_kind(text, i) or spaced_kind(text, i, open_at is not None, para_end)
            if kind == "open":
                if open_at is not None:  # a quote re-opened before it closed: the first ends here
                    add(spans, text, open_at, i, i)
                open_at = i
            elif open_at is not None:
                add(spans, text, open_at, i, i + 1)
                open_at = None
        if open_at is not None:
            add(spans, text, open_at, para_end, para_end)
        para_start = para_end
    return spans


def add(spans: list[QuoteSpan], text: str, open_at: int, end: int, close_at: int) -> None:
    start, end = trim(text, open_at + 1, end)
    if end > start:
        spans.append(QuoteSpan(start, end, open_at, close_at))


def inside_quote(spans: list[QuoteSpan], offset: int) -> bool:
    """Whether an offset lies within a quotation's marks (spans are in text order, disjoint)."""
    k = bisect_right(spans, offset, key=opening) - 1
    return k >= 0 and offset < spans[k].close_at


opening = attrgetter("open_at")



def paragraph_of(text: str, offset: int) -> int:
    """The number of the paragraph holding an offset (0 for the first)."""
    return len(PARAGRAPH.findall(text, 0, offset))
