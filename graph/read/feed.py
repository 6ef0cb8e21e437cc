"""RSS 0.9x/1.0/2.0 and Atom feeds (feedparser): each item is an article.

An item's id comes from its guid (or link), so building a feed again replaces the same
articles and adds only new ones. An item with full content is read from it; an item with only a
summary is read from its link's page when the feed came from a URL, else from the summary, with
a warning.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from graph.read.article import Article, ArticleError, id_from_url, make_article, safe_id
from graph.read.html import MIN_ENGLISH_SHARE, english_share, fragment_text

PageReader = Callable[[str], Article]  # a page's URL to its article; raises ArticleError


def read_feed(raw: bytes, name: str, stem: str, fetch_page: PageReader | None = None) -> Iterator[Article | ArticleError]:
    """Every item of the feed in ``raw``; ``fetch_page`` reads a summary-only item's link."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(raw))  # a stream: feedparser never fetches or opens it
    if not parsed.entries:
        problem = f"not a readable feed ({parsed.get('bozo_exception')})" if parsed.bozo else "a feed with no items"
        yield ArticleError(f"{name}: {problem}")
        return
    channel = parsed.feed
    source = " ".join(str(channel.get("title") or "").split())
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{name} item {number}"
        try:
            yield _item_article(entry, where, f"{safe_id(stem)}-{number}", source, fetch_page)
        except ArticleError as exc:
            yield exc


def _item_article(entry: Any, where: str, fallback_id: str, source: str,
                  fetch_page: PageReader | None) -> Article:
    link = str(entry.get("link") or "")
    guid = str(entry.get("id") or link)
    article_id = (id_from_url(guid) if "://" in guid else safe_id(guid)) if guid else fallback_id
    published = _item_date(entry)
    title = fragment_text(str(entry.get("title") or "")).replace("\n\n", " ")
    meta = {"title": title, "source": source, "url": link, "author": str(entry.get("author") or "")}
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        body = _as_text(best["value"], best.get("type", "text/html"))
        return _checked(make_article(meta, body, article_id, where, published=published, extracted=True))
    summary = _as_text(str(entry.get("summary") or ""), entry.get("summary_detail", {}).get("type", "text/html"))
    if fetch_page and link:
        try:
            page = fetch_page(link)
        except ArticleError as exc:
            note = f"{where}: only a summary in the feed, and its page could not be read ({exc}); the summary is read"
            return _checked(make_article(meta, summary, article_id, where, [note], published, extracted=True))
        return replace(page, id=article_id, title=page.title or title or None,
                       published=page.published or published, source=page.source or source or None)
    note = f"{where}: only a summary in the feed (give the feed by URL to read each item's page); the summary is read"
    return _checked(make_article(meta, summary, article_id, where, [note], published, extracted=True))


def _checked(article: Article) -> Article:
    """The article, unless its text is long enough to tell and plainly not English."""
    words = article.text.split()
    if len(words) >= 40 and (share := english_share(words)) < MIN_ENGLISH_SHARE:
        raise ArticleError(f"{article.path}: not in English ({share:.0%} English function words)")
    return article


def _as_text(value: str, kind: str) -> str:
    """A feed field's text: markup taken away when it is HTML."""
    if "html" in kind or "<" in value:
        return fragment_text(value)
    return "\n\n".join(" ".join(p.split()) for p in value.split("\n\n") if p.strip())


def _item_date(entry: Any) -> date | None:
    """The item's publication (else update) date, as feedparser read it (UTC)."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except ValueError:
        return None
