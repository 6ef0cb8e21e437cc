"""The article record every reader produces, and the checks every reader shares.

An :class:`Article` keeps its body text exactly as read (after decoding and CRLF folding), so
every character offset a later stage records points into ``Article.text``. Hard-wrapped lines
are joined for parsing by :attr:`Article.parse_text`, which swaps single newlines for spaces
and so keeps every offset valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from graph.dates import parse_publication_date
from graph.rules import word_list

# "BAGHDAD (Dispatches) --", "WASHINGTON, March 2 -", "LONDON (Reuters) -"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,40}?)(?:\s*/\s*[A-Z][A-Z.'\- ]+)?"
    r"(?:\s*,\s*[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,2}(?=\s*,))?"  # "TAUPO, New Zealand, March 24"
    r"(?:\s*,\s*(?P<date>[A-Z][a-z]{2,9}\.? \d{1,2}))?"
    r"(?:\s*\((?P<agency>[^)]{1,40})\))?\s*(?:--|\u2014|\u2013|-)\s+"
)
# the body's last word after its last sentence: a wire's sign-off if ``sign_offs.txt`` lists it
_SIGN_OFF = re.compile(r"[.!?\"'\u201d)]\s+([A-Za-z]+)\s*$")
# a capitalised word after an abbreviation of capitals and stops ("U.S. And", "U.N. Has")
_AFTER_ABBREVIATION = re.compile(r"(?<=\b[A-Z]\.[A-Z]\. )[A-Z][a-z]+\b")
# Longer bodies are cut (with a warning): news articles are far shorter, and spaCy needs about
# 1 GB per 100k characters for the parser (its own limit is 1M characters).
MAX_ARTICLE_CHARS = 100_000


def sign_offs() -> frozenset[str]:
    """Wire sign-offs, lower-cased (``sign_offs.txt``)."""
    return word_list("sign_offs.txt")


def _lower_function_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return word.lower() if word.lower() in word_list("wire_capitalised.txt") else word


class ArticleError(ValueError):
    """An input that cannot be read as an article; the message names the problem."""


@dataclass(frozen=True)
class Article:
    """One news article: metadata and its body text.

    ``extracted`` marks a body taken out of markup (a web page, a feed item): the graph keeps
    such a body (``schema:articleBody``), since the offsets point into it and not into the file.
    """

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
    author: str | None = None
    language: str | None = None
    extracted: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def parse_text(self) -> str:
        """The body with hard-wrapped lines joined and no-break spaces as spaces (the parser makes
        a token of each "\xa0": "of\xa0the\xa0Party" lost its parse), and a dateline's dash a full
        stop (NER read "April 2 - FMD Inc" as one date), a wire's sign-off blanked ("... said. REUTER":
        NER made it an organization) and the function words a wire capitalised after "U.S." in lower
        case ("the U.S. And Japan"); same length as ``text``."""
        text = re.sub(r"(?<!\n)\n(?!\n)", " ", self.text).replace("\xa0", " ")
        match = _DATELINE.match(text)
        if match and (dash := re.search(r"(?:--|\u2014|\u2013|-)(?=\s+$)", match.group(0))):
            text = text[: dash.start()] + "." + " " * (dash.end() - dash.start() - 1) + text[dash.end():]
        if (sign := _SIGN_OFF.search(text)) and sign.group(1).lower() in sign_offs():
            text = text[: sign.start(1)] + " " * len(sign.group(1)) + text[sign.end(1):]
        return _AFTER_ABBREVIATION.sub(_lower_function_word, text)

    @property
    def dateline_end(self) -> int:
        """Where the story starts after a dateline and its dash ("PARIS, March 27 - "); 0 without one."""
        match = _DATELINE.match(self.text)
        return match.end() if match else 0

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


def starts_with_dateline(block: str) -> bool:
    """Whether ``block`` opens with a dateline ("PARIS (AFP) --")."""
    return bool(_DATELINE.match(block))


def make_article(meta: dict[str, str], body: str, article_id: str, path: str | None,
                 warnings: Iterable[str] = (), published: date | None = None,
                 extracted: bool = False) -> Article:
    """An Article from reader metadata (strings) and a body; a date already parsed may be given.

    The one place that refuses an empty body, cuts an over-long one and parses a date string.
    """
    name = path or article_id
    warns = list(warnings)
    if not body.strip():
        raise ArticleError(f"{name}: no article text")
    if len(body) > MAX_ARTICLE_CHARS:
        body = _cut(body, MAX_ARTICLE_CHARS)
        warns.append(f"{name}: article longer than {MAX_ARTICLE_CHARS:,} characters; "
                     f"only the first {len(body):,} are read")
    if published is None and meta.get("published"):
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
        author=meta.get("author") or None,
        language=meta.get("language") or None,
        extracted=extracted,
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


def safe_id(stem: str) -> str:
    """An article id made of word characters, dots, dashes and slashes."""
    return re.sub(r"[^\w.\-/]+", "-", stem).strip("-") or "article"


def id_from_url(url: str) -> str:
    """A stable article id from a web address: host and path, without the scheme."""
    bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.I).split("#", 1)[0]
    return safe_id(bare.rstrip("/"))
