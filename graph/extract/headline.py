"""The headline read as part of its article.

A headline often states the fact the body takes for granted ("Chilean President to pay state
visit to Japan"). The title is parsed with the body as one text, after it as a paragraph of its
own, so every body offset stays what it was; the facts read in the title are then moved to
offsets into the title and their evidence marked ``headline``. Only the fact families in
``HEADLINE_FAMILIES`` are read there (a headline's quotes and bare titles are too often slogans or
labels), and a headline fact the body also states is dropped, so nothing is counted twice.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from graph.facts import Agreement, ArticleFacts, Event, Evidence, Mention

if TYPE_CHECKING:
    from graph.read import Article

HEADLINE_GAP = "\n\n"  # a blank line: the headline is a sentence of its own (graph.nlp)
HEADLINE_FAMILIES = ("events", "agreements")
T = TypeVar("T")


def headline_of(article: Article) -> str:
    """The article's title on one line ("" when it has none): the text read as its headline."""
    return " ".join((article.title or "").split())


def text_to_parse(article: Article) -> str:
    """What spaCy parses for an article: the body (offsets unchanged), then the headline."""
    headline = headline_of(article)
    return article.parse_text + HEADLINE_GAP + headline if headline else article.parse_text


def headline_start(article: Article, parsed: str) -> int | None:
    """Where the headline starts in the parsed text, or None when the text holds none."""
    start = len(article.text) + len(HEADLINE_GAP)
    return start if len(parsed) > start else None


def in_headline(fact: Any, start: int) -> bool:
    """Whether a fact (or mention) was read at or after the headline's start."""
    return fact.evidence.start >= start


def to_headline(value: T, start: int) -> T:
    """``value`` with every offset at or after ``start`` moved into the headline, whose evidence is
    marked as such; facts, mentions, dates and tuples of them are walked."""
    if isinstance(value, tuple):
        return tuple(to_headline(v, start) for v in value)  # type: ignore[return-value]
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for f in fields(value):
        old = getattr(value, f.name)
        new = to_headline(old, start)
        if f.name in ("start", "end") and isinstance(old, int) and getattr(value, "start", -1) >= start:
            new = old - start
        if new is not old:
            changes[f.name] = new
    if isinstance(value, Evidence) and value.start >= start:
        changes["headline"] = True
    return replace(value, **changes) if changes else value  # type: ignore[type-var]


def new_in_headline(fact: Any, body: list[Any], key_of: Callable[[Mention], Hashable]) -> bool:
    """Whether a headline fact adds to the body's facts of its family: it is complete (two sides;
    a visit has its place) and no body fact of its kind already holds its sides (and place)."""
    if isinstance(fact, Event):
        sides = {key_of(m) for m in fact.participants}
        place = key_of(fact.place) if fact.place is not None else None
        if (place is None) if fact.kind == "visit" else len(sides) < 2:
            return False
        return not any(_kind(o.kind) == _kind(fact.kind) and sides <= {key_of(m) for m in o.participants}
                       and (fact.kind != "visit" or o.place is None or key_of(o.place) == place)
                       for o in body)
    if isinstance(fact, Agreement):
        sides = {key_of(m) for m in fact.parties}
        return len(sides) >= 2 and not any(sides <= {key_of(m) for m in o.parties} for o in body)
    return False


def _kind(kind: str) -> str:
    """Meetings, talks, summits and calls are one kind here: a headline's "talks" is the body's meeting."""
    return "visit" if kind == "visit" else "meeting"


def split_headline(found: dict[str, list], start: int) -> tuple[dict[str, list], dict[str, list]]:
    """The body's facts by family, and the headline's (of ``HEADLINE_FAMILIES``) moved to title offsets."""
    body = {name: [f for f in facts if not in_headline(f, start)] for name, facts in found.items()}
    headline = {name: [to_headline(f, start) for f in found[name] if in_headline(f, start)]
                for name in HEADLINE_FAMILIES if name in found}
    return body, {name: facts for name, facts in headline.items() if facts}


def add_headline_facts(facts: ArticleFacts, headline: dict[str, list], key_of: Callable[[Mention], Hashable]) -> None:
    """Add to ``facts`` the headline facts the body does not state (``key_of``: a mention's entity)."""
    for name, found in headline.items():
        body = list(getattr(facts, name))
        getattr(facts, name).extend(f for f in found if new_in_headline(f, body, key_of))
