"""Web pages: the article's main text and metadata, through trafilatura (dates by htmldate).

trafilatura finds the main text (dropping menus, banners, captions and comments) and reads
title, date, outlet, author and canonical URL from Open Graph, JSON-LD and meta tags; its dates
come from htmldate. Each block it keeps (paragraph, heading, list item) becomes one paragraph of
``Article.text``, separated by a blank line, so offsets point into that extracted text, which the
graph keeps. A page that is not an English article (an index page, a paywall stub, another
language) is refused with the reason.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from graph.read.article import Article, ArticleError, make_article

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MIN_WORDS = 80  # fewer words of main text than this is a stub, a gallery or an index, not a story
PAYWALL_WORDS = 250  # a page that says it is not free and shows fewer words is a paywall stub
# share of English function words among a text's words: at least 0.19 in 99% of the BBC and modern
# news articles, 0.07 in 99% of Reuters wire copy (tables of figures), 0 in French, German and Spanish
MIN_ENGLISH_SHARE = 0.05
# common English function words that are not also words of other European languages (not "a",
# "in", "an", "on", "as", "was", "will"): a text in another language has almost none of them
_ENGLISH = frozenset((
    "the", "of", "and", "to", "is", "that", "for", "with", "said", "by", "at", "from", "it", "he", "his",
    "she", "her", "be", "are", "has", "have", "were", "which", "this", "not", "but", "its", "had", "they", "their",
    "been", "who", "would", "after", "more", "than", "or", "there", "about", "into", "when", "what", "them", "we", "our",
))
# the extractors log what they discard; newsgraph says what matters in its own one-line messages
for _library in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
# htmldate reads dates from the page's markup only: its extensive search guesses from any date in the
# text (a copyright line gives "2024-01-01"), and a wrong publication date misplaces every "on Monday"
_DATES = {"extensive_search": False, "original_date": True}
_CREDIT = re.compile(
    r"^\W*(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\b"
    r"|\bcontributed\s+(?:reporting|research|additional\s+reporting|to\s+this\s+(?:report|article|story))\b",
    re.I)


def read_page(raw: bytes | str, name: str, article_id: str, url: str | None = None,
              fallback_date: date | None = None, warnings: Iterable[str] = ()) -> Article:
    """The article in one HTML page; :class:`ArticleError` says why a page is not read.

    ``url`` is where the page came from (a fetch or a WARC record), used when the page names no
    canonical address; ``fallback_date`` is used when the page gives no publication date.
    """
    tree, facts, doc = _extract(raw, name, url)
    if tree is None:
        raise ArticleError(f"{name}: an HTML page that cannot be parsed")
    if not doc:
        raise ArticleError(f"{name}: an HTML page but not an article: no main text found")
    paragraphs = [" ".join(line.split()) for line in (doc.text or "").split("\n")]
    titles = (facts["headlines"] | {_squash(doc.title or "")}) - {""}
    paragraphs = _story_paragraphs([p for p in paragraphs if p], titles, facts["link_texts"])
    lead = facts["lead"]
    if lead and _squash(lead) not in _squash(" ".join(paragraphs)):
        paragraphs.insert(0, lead)  # a standfirst the extractor took for a heading
    body = "\n\n".join(paragraphs)
    words = body.split()
    _refuse_non_articles(name, words, paragraphs, facts)
    notes = list(warnings)
    if facts["language"] not in (None, "en"):
        notes.append(f"{name}: the page says its language is {facts['language']!r}, but its text is English")
    meta = {
        "title": _one_line(doc.title),
        "published": doc.date or "",
        "source": _one_line(doc.sitename),
        "url": doc.url or url or "",
        "author": _one_line(doc.author),
        "language": "en",  # only English pages are read (see _refuse_non_articles)
    }
    published = None if doc.date else fallback_date
    return make_article(meta, body, article_id, name, notes, published=published, extracted=True)


def _extract(raw: bytes | str, name: str, url: str | None) -> tuple[HtmlElement | None, dict[str, Any], Any]:
    """The parsed page, what it says about itself, and trafilatura's extraction (None when nothing)."""
    import trafilatura

    try:
        tree = trafilatura.load_html(raw)
        if tree is None:
            return None, {}, None
        facts = _page_facts(tree)  # before the extraction, which prunes the tree
        return tree, facts, trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
            deduplicate=False, date_extraction_params=_DATES)
    except (ValueError, TypeError, LookupError, RecursionError, AttributeError, AssertionError) as exc:
        # lxml and the extractors fail in these ways on broken markup (lxml's drop_tree asserts a
        # parent htmldate's clean-up may have removed): only that page is lost
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise ArticleError(f"{name}: an HTML page that cannot be read ({detail})") from exc


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _story_paragraphs(paragraphs: list[str], titles: set[str], link_texts: set[str]) -> list[str]:
    """The extracted paragraphs that tell the story, without what the page put around it.

    Left out: the headline repeated at the top (the title is a field of its own) with a short
    section label before it; paragraphs that are only a link to another story, with at most a
    label ("Read more: ..."); and credit lines at the end ("Jo Doe contributed reporting"), whose
    reporters would otherwise become people of the graph.
    """
    for i, paragraph in enumerate(paragraphs[:3]):
        if _squash(paragraph) in titles and all(len(p.split()) <= 6 for p in paragraphs[:i]):
            paragraphs = paragraphs[i + 1:]
            break
    paragraphs = [p for p in paragraphs if not _only_a_link(p, link_texts)]
    end = len(paragraphs)
    while end > 1 and len(paragraphs[end - 1]) < 400 and _CREDIT.search(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end]


def _only_a_link(paragraph: str, link_texts: set[str]) -> bool:
    """Whether a paragraph is one link of two or more words, with at most a three-word label."""
    squashed = _squash(paragraph)
    words = squashed.split()
    if len(words) > 30:
        return False
    return any(" ".join(words[start:]) in link_texts for start in range(min(4, len(words) - 1)))


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _refuse_non_articles(name: str, words: list[str], paragraphs: list[str], facts: dict[str, Any]) -> None:
    """Raise :class:`ArticleError` for a page that holds no English article, saying why."""
    if facts["paywalled"] and len(words) < PAYWALL_WORDS:
        raise ArticleError(f"{name}: an HTML paywall stub, not an article (the page says it is not free; "
                           f"{len(words)} words of text)")
    if len(words) < MIN_WORDS:
        raise ArticleError(f"{name}: an HTML page but not an article: {len(words)} words of main text "
                           f"(fewer than {MIN_WORDS}; an index, gallery or stub page?)")
    share = english_share(words)
    declared = facts["language"]
    if share < MIN_ENGLISH_SHARE:
        said = f"the page says {declared!r}; " if declared else ""
        raise ArticleError(f"{name}: an HTML page not in English ({said}{share:.0%} English function words)")
    linked = sum(_squash(p) in facts["link_texts"] for p in paragraphs)
    if len(paragraphs) >= 5 and linked >= 0.6 * len(paragraphs):
        raise ArticleError(f"{name}: an HTML index page, not an article ({linked} of its {len(paragraphs)} "
                           "paragraphs are links to other pages)")


def english_share(words: list[str]) -> float:
    """The share of the words made of letters that are common English function words (0 for none).

    Numbers and symbols do not count, so a table of figures in English is not taken for another language.
    """
    lowered = [w.lower() for w in (w.strip(".,;:!?\"'()\u201c\u201d\u2018\u2019") for w in words[:2000]) if w.isalpha()]
    return sum(w in _ENGLISH for w in lowered) / len(lowered) if lowered else 0.0


def _page_facts(tree: HtmlElement) -> dict[str, Any]:
    """What the page says about itself: language, paywall, lead paragraph, headlines, texts of its links."""
    lang = tree.get("lang") or tree.get("xml:lang") or ""
    description = ""
    for meta in tree.iterfind(".//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "").lower()
        if key in ("og:description", "description") and not description:
            description = meta.get("content", "")
        elif not lang and key in ("og:locale", "content-language", "language"):
            lang = meta.get("content", "")
    paywalled = False
    for obj in _json_ld(tree):
        if str(obj.get("isAccessibleForFree", "")).lower() == "false":
            paywalled = True
        if not lang and isinstance(obj.get("inLanguage"), str):
            lang = obj["inLanguage"]
    primary = re.split(r"[-_]", lang.strip().lower())[0] if lang.strip() else ""
    link_texts = {_squash(a.text_content()) for a in tree.iter("a")}
    headlines = {_squash(h.text_content()) for h in tree.iter("h1", "title")}
    return {"language": primary or None, "paywalled": paywalled, "lead": _lead(tree, description),
            "link_texts": link_texts, "headlines": headlines}


def _lead(tree: HtmlElement, description: str) -> str | None:
    """The page's standfirst: a paragraph of the page whose text is the page's own description."""
    wanted = _squash(description)
    if len(wanted.split()) < 8:
        return None
    body = tree.find(".//body")
    for paragraph in body.iter("p") if body is not None else ():
        text = " ".join(paragraph.text_content().split())
        if _squash(text) == wanted:
            return text
    return None


def _json_ld(tree: HtmlElement) -> Iterator[dict]:
    """Every JSON-LD object in the page, ``@graph`` members included; broken blocks are passed over."""
    for script in tree.iterfind(".//script[@type]"):
        if script.get("type", "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content), one block per paragraph.

    Not a boilerplate stripper: a feed item's content is already the story, only its markup goes.
    """
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError):
        return " ".join(fragment.split())
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[str] = []
    current: list[str] = []
    for chunk in _text_chunks(root):
        if chunk is None:
            blocks.append("".join(current))
            current = []
        else:
            current.append(chunk)
    blocks.append("".join(current))
    paragraphs = [" ".join(part.split()) for block in blocks for part in block.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


_BLOCK_TAGS = frozenset(["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "ul", "ol", "table", "section", "article", "figure"])
_DROP_TAGS = frozenset(["script", "style", "noscript", "figcaption"])


def _text_chunks(element: Any) -> Iterator[str | None]:
    """Text pieces of an element in document order; None marks a block boundary."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROP_TAGS:
        if element.tail:
            yield element.tail
        return
    block = tag in _BLOCK_TAGS
    if block:
        yield None
    if element.text:
        yield element.text
    for child in element:
        yield from _text_chunks(child)
    if block:
        yield None
    if element.tail:
        yield element.tail
