"""The headline read as part of its article.

A headline often states the fact the body takes for granted ("Chilean President to pay state
visit to Japan"). The title is parsed with the body as one text, after it as a paragraph of its
own, so every body offset stays what it was; the facts read in the title are then moved to
offsets into the title and their evidence marked ``headline``. Only the fact families in
``HEADLINE_FAMILIES`` are read there (a headline's quotes and bare titles are too often slogans or
labels), and a headline fact the body also states is dropped, so nothing is counted twice. An
all-capitals wire headline is parsed in the cases the body gives its words (the tagger cannot read
capitals), its evidence quoting the title as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from graph.facts import Agreement, ArticleFacts, Event, Evidence, Mention
from graph.gazetteer import load_gazetteer

if TYPE_CHECKING:
    from graph.read import Article

HEADLINE_GAP = "\n\n"  # a blank line: the headline is a sentence of its own (graph.nlp)
HEADLINE_FAMILIES = ("events", "agreements")
T = TypeVar("T")
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['\u2019][^\W\d_]+)*")  # "Shultz", "U.S.", "O'Neill"


def headline_of(article: Article) -> str:
    """The article's title on one line ("" when it has none)."""
    return " ".join((article.title or "").split())


def headline_to_parse(article: Article) -> str:
    """The headline as it is parsed: an all-capitals wire headline ("SHULTZ TO VISIT CHINA") in the
    cases its words have in the body ("Shultz to visit China"), which the tagger reads; each word
    keeps its length, so offsets into the title stay right."""
    title = headline_of(article)
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 4 or any(c.islower() for c in letters):
        return title
    forms: dict[str, Counter[str]] = {}
    body = article.parse_text
    for found in _WORD.finditer(body):
        i = found.start() - 1
        while i >= 0 and body[i] in " \"'\u201c\u2018(":  # look back past spaces and opening quotes
            i -= 1
        if i >= 0 and body[i] not in ".!?:\n-":  # a sentence's first word is capitalised anyway
            forms.setdefault(found.group(0).lower(), Counter())[found.group(0)] += 1
    gaz = load_gazetteer()

    def cased(match: re.Match[str]) -> str:
        word = match.group(0)
        seen = forms.get(word.lower())
        form = seen.most_common(1)[0][0] if seen else (
            word.title() if gaz.lookup(word.title()) is not None else word.lower())
        return form if len(form) == len(word) else word

    out = _WORD.sub(cased, title)
    return out[:1].upper() + out[1:]


def text_to_parse(article: Article) -> str:
    """What spaCy parses for an article: the body (offsets unchanged), then the headline."""
    headline = headline_to_parse(article)
    return article.parse_text + HEADLINE_GAP + headline if headline else article.parse_text


def headline_start(article: Article, parsed: str) -> int | None:
    """Where the headline starts in the parsed text, or None when the text holds none."""
    start = len(article.text) + len(HEADLINE_GAP)
    return start if len(parsed) > start else None


def in_headline(fact: Any, start: int) -> bool:
    """Whether a fact (or mention) was read at or after the headline's start."""
    return fact.evidence.start >= start


def to_headline(value: T, start: int, shown: str = "") -> T:
    """``value`` with every offset at or after ``start`` moved into the headline, whose evidence is
    marked as such (its sentence as ``shown``, the title as written, when the parse read it
    re-cased); facts, mentions, dates and tuples of them are walked."""
    if isinstance(value, tuple):
        return tuple(to_headline(v, start, shown) for v in value)  # type: ignore[return-value]
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for f in fields(value):
        old = getattr(value, f.name)
        new = to_headline(old, start, shown)
        if f.name in ("start", "end") and isinstance(old, int) and getattr(value, "start", -1) >= start:
            new = old - start
        if new is not old:
            changes[f.name] = new
    if isinstance(value, Evidence) and value.start >= start:
        changes["headline"] = True
        at = shown.lower().find(value.sentence.lower()) if value.sentence else -1
        if at >= 0:
            changes["sentence"] = shown[at: at + len(value.sentence)]
    return replace(value, **changes) if changes else value  # type: ignore[type-var]


def new_in_headline(fact: Any, body: list[Any], key_of: Callable[[Mention], Hashable]) -> bool:
    """Whether a headline fact adds to the body's facts of its family: it is complete (two sides;
    a visit has its place) and no body fact of its kind already holds its sides (and place)."""
    if isinstance(fact, Event):
        sides = {key_of(m) for m in fact.participants}
        place = key_of(fact.place) if fact.place is not None else None
        if (place is None) if fact.kind == "visit" else len(sides) < 2:
            return False
        if fact.kind == "visit" and all(m.type == "Country" for m in fact.participants) and any(
                o.kind == "visit" and o.place is not None and key_of(o.place) == place for o in body):
            return False  # "U.S. OFFICIAL TO VISIT JAPAN": the body names the official who goes
        named = {key_of(m) for m in fact.participants if m.type != "Country"}
        if fact.kind != "visit" and named and len(named) < len(sides) and any(
                _kind(o.kind) == _kind(fact.kind) and named <= {key_of(m) for m in o.participants}
                and any(m.type == "Person" and key_of(m) not in named for m in o.participants) for o in body):
            return False  # "BOLIVIA TO PROPOSE SUMMIT WITH REAGAN": the body names who meets Reagan
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


def split_headline(found: dict[str, list], start: int, shown: str = "") -> tuple[dict[str, list], dict[str, list]]:
    """The body's facts by family, and the headline's (of ``HEADLINE_FAMILIES``) moved to title
    offsets, their evidence quoting ``shown`` (the title as written)."""
    body = {name: [f for f in facts if not in_headline(f, start)] for name, facts in found.items()}
    headline = {name: [to_headline(f, start, shown) for f in found[name] if in_headline(f, start)]
                for name in HEADLINE_FAMILIES if name in found}
    return body, {name: facts for name, facts in headline.items() if facts}


def add_headline_facts(facts: ArticleFacts, headline: dict[str, list], key_of: Callable[[Mention], Hashable]) -> None:
    """Add to ``facts`` the headline facts the body does not state (``key_of``: a mention's entity)."""
    for name, found in headline.items():
        body = list(getattr(facts, name))
        getattr(facts, name).extend(f for f in found if new_in_headline(f, body, key_of))
