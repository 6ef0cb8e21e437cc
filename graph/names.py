"""Name text helpers shared by the extractors and the resolver: trimming a name span, and the
acronyms a text defines ("Gulf Cooperation Council (GCC)"). Plain string work, no spaCy."""

from __future__ import annotations

import re
from dataclasses import dataclass

# a leading article, after a sentence-opening conjunction or adverb NER took in ("But the Civil Aviation Authority")
_LEADING = re.compile(r"^(?:(?:But|And|Yet|However|Meanwhile|Also|Now|Then|Still|Even|Earlier|Later),?\s+)?"
                      r"(?:(?:In|On|At|By|For|From|After|Since|During|Until|Before)\s+\S+(?:\s+\S+)?\s+(?=the\s))?"
                      r"(?:[A-Z][\w.]*-(?:registered|based|owned|listed|backed|controlled|funded)\s+)?"
                      r"(?:(?:the|a|an)\s+)?"
                      r"(?-i:(?:ex|non|anti|pro|post|pre)-(?=[A-Z]))?(?=\S)", re.I)  # "ex-Yukos", "non-Nato"


_TRAILING = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


ACRONYM_DEF = re.compile(r"(?P<long>(?:[A-Z][\w&'\-]*,?\s+(?:(?:of|for|and|the|on|de)\s+)*){1,8})\((?P<short>[A-Z][A-Z&.\-]{1,9})\)")


@dataclass(frozen=True)
class AcronymDefinition:
    """"Immigration, Refugees and Citizenship Canada (IRCC)": the long form and the acronym, with
    their offsets; ``fits`` when the acronym's letters are the long form's capitals, in order."""

    long: str
    long_start: int
    short: str
    short_start: int
    fits: bool


def acronym_definitions(text: str) -> list[AcronymDefinition]:
    """Every "Long Name (ACR)" of a text. A long form is cut to the shortest tail the acronym fits
    ("Berlin, Paris and the Organisation for Economic Co-operation and Development (OECD)", "Minister
    A and the Export Credits Guarantee Department (ECGD)", "in London and Hong Kong, the London Stock
    Exchange (LSE)": the acronym's letters may also be found across words before its name), or else
    to what follows its last comma."""
    found = []
    for match in ACRONYM_DEF.finditer(text):
        raw, start = match.group("long").strip(), match.start("long")
        short = match.group("short")
        tails = [m.start() for m in re.finditer(r"(?:^|(?<=\s))[A-Z]", raw)]
        cut = next((i for i in reversed(tails) if _fits(short, raw[i:])), raw.rfind(",") + 1)
        if cut:
            start += cut + len(raw[cut:]) - len(raw[cut:].lstrip())
            raw = raw[cut:].strip()
        long_text, long_start, _ = clean_span(raw, start)
        found.append(AcronymDefinition(long_text, long_start, short, match.start("short"), _fits(short, long_text)))
    return found


def _fits(short: str, long_text: str) -> bool:
    """The acronym starts with the long form's first letter and its letters are the long form's
    capitals in order ("UNRWA" of "UN Relief and Works Agency")."""
    letters = short.replace(".", "").upper()
    capitals = "".join(ch for ch in long_text if ch.isupper())
    return bool(capitals) and letters[:1] == capitals[:1] and _subsequence(letters, capitals)


def clean_span(text: str, start: int) -> tuple[str, int, int]:
    """Strip a leading conjunction, time phrase ("In March the"), origin ("US-registered"), article or
    lower-case prefix ("ex-Yukos"), a trailing possessive, a parenthetical, a trailing dash and a wire's
    ticker brackets, keeping offsets exact. A span holding a closing bracket without its opening one ("International
    Monetary) Fund") is a cut across a bracket, no name: it comes back empty."""
    if "(" in text:
        text = text.split("(")[0].rstrip()
    elif ")" in text:
        return "", start, start
    lead = _LEADING.match(text)
    if lead:
        text, start = text[lead.end():], start + lead.end()
    # trailing lower-case words go ("Kremlin said"), not a name's part after a hyphen ("Ban Ki - moon")
    text = re.sub(r"(?:(?<!-)\s+[a-z][a-z-]*)+$", "", text) if re.search(r"[A-Z]", text) else text
    trail = _TRAILING.search(text)
    if trail:
        text = text[: trail.start()]
    text = text.rstrip(" \t\r\n,.;:-\u2013\u2014>")
    bare = text.lstrip("<")  # a wire's ticker brackets: "<Canton Telephone Co>"
    start += len(text) - len(bare)
    return bare, start, start + len(bare)


def word_bounded(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a word boundary at both ends, as a regex ``\\b...\\b`` requires."""
    def word(i: int) -> bool:
        return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")

    return word(start - 1) != word(start) and word(end - 1) != word(end)


def acronym_pairs(text: str) -> list[tuple[str, str]]:
    """(long form, acronym) pairs defined in the text as "Long Name (ACR)", where the acronym fits."""
    pairs = []
    for d in acronym_definitions(text):
        initials = "".join(w[0] for w in d.long.split() if w[0].isupper())
        letters = d.short.replace(".", "").upper()
        if d.fits or _subsequence(letters, initials.upper()) or _with_legal_form(letters, initials.upper()):
            pairs.append((d.long, d.short))
    return pairs


def _with_legal_form(letters: str, initials: str) -> bool:
    """"HAL" of "Hindustan Aeronautics": the initials, then the letter of a legal form the long name
    leaves out (Limited, Company or Corporation, Incorporated, plc)."""
    return len(initials) >= 2 and letters[:-1] == initials and letters[-1:] in ("L", "C", "I", "P")


def _subsequence(short: str, initials: str) -> bool:
    """True when every letter of the acronym appears, in order, among the initials."""
    rest = iter(initials)
    return len(short) >= 2 and all(ch in rest for ch in short if ch.isalpha())

