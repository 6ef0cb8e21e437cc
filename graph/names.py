"""Name text helpers shared by the extractors and the resolver: trimming a name span, and the
acronyms a text defines ("Gulf Cooperation Council (GCC)"). Plain string work, no spaCy."""

from __future__ import annotations

import re

_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)


_TRAILING = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


ACRONYM_DEF = re.compile(r"(?P<long>(?:[A-Z][\w&'\-]*\s+(?:(?:of|for|and|the|on|de)\s+)*){1,8})\((?P<short>[A-Z][A-Z&.\-]{1,9})\)")


def clean_span(text: str, start: int) -> tuple[str, int, int]:
    """Strip a leading article, a trailing possessive, a parenthetical and a trailing dash, keeping
    offsets exact. A span holding a closing bracket without its opening one ("International
    Monetary) Fund") is a cut across a bracket, no name: it comes back empty."""
    if "(" in text:
        text = text.split("(")[0].rstrip()
    elif ")" in text:
        return "", start, start
    lead = _LEADING.match(text)
    if lead:
        text, start = text[lead.end():], start + lead.end()
    text = re.sub(r"(?:\s+[a-z][a-z-]*)+$", "", text) if re.search(r"[A-Z]", text) else text
    trail = _TRAILING.search(text)
    if trail:
        text = text[: trail.start()]
    text = text.rstrip(" ,.;:-\u2013\u2014")
    return text, start, start + len(text)


def word_bounded(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a word boundary at both ends, as a regex ``\\b...\\b`` requires."""
    def word(i: int) -> bool:
        return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")

    return word(start - 1) != word(start) and word(end - 1) != word(end)


def acronym_pairs(text: str) -> list[tuple[str, str]]:
    """(long form, acronym) pairs defined in the text as "Long Name (ACR)"."""
    pairs = []
    for match in ACRONYM_DEF.finditer(text):
        long_text = clean_span(match.group("long").strip(), 0)[0]
        short = match.group("short").replace(".", "")
        initials = "".join(w[0] for w in long_text.split() if w[0].isupper())
        if _subsequence(short.upper(), initials.upper()):
            pairs.append((long_text, match.group("short")))
    return pairs


def _subsequence(short: str, initials: str) -> bool:
    """True when every letter of the acronym appears, in order, among the initials."""
    rest = iter(initials)
    return len(short) >= 2 and all(ch in rest for ch in short if ch.isalpha())

