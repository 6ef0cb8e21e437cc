"""What every fact extractor needs besides the ``Doc``: the article and its entity mentions."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.facts import Evidence, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graph.article import Article


def text_of(doc: Doc) -> str:
    """The Doc's text, joined once: ``Doc.text`` rebuilds it from every token on each call."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.user_data["newsgraph_text"] = doc.text
    return text


def token_positions(doc: Doc, words: Iterable[str] | None = None, pos: Iterable[str] = (),
                    dep: Iterable[str] = ()) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``words`` (any, if None), whose part
    of speech is one of ``pos`` and dependency label one of ``dep`` (if given), read off the Doc's
    arrays: no Token object is made for the tokens that do not qualify."""
    import numpy as np

    lower, tags, deps, _ = _columns(doc)
    hit = np.ones(len(doc), dtype=bool)
    if words is not None:
        hit &= np.isin(lower, _hashes(doc.vocab.strings, frozenset(words)))
    if pos:
        hit &= np.isin(tags, _pos_ids(frozenset(pos)))
    if dep:
        hit &= np.isin(deps, _hashes(doc.vocab.strings, frozenset(dep)))
    return np.flatnonzero(hit).tolist()


def token_at_or_after(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after a character offset (len(doc) if none)."""
    import numpy as np

    return int(np.searchsorted(_columns(doc)[3], char, side="left"))


def _columns(doc: Doc) -> tuple:
    """LOWER, POS, DEP and IDX of every token, computed once per Doc."""
    columns = doc.user_data.get("newsgraph_columns")
    if columns is None:
        from spacy.attrs import DEP, IDX, LOWER, POS

        table = doc.to_array([LOWER, POS, DEP, IDX])
        columns = doc.user_data["newsgraph_columns"] = tuple(table[:, k] for k in range(4))
    return columns


@lru_cache(maxsize=256)
def _hashes(strings: object, words: frozenset[str]) -> list[int]:
    return sorted(strings[w] for w in words)  # type: ignore[index]


@lru_cache(maxsize=64)
def _pos_ids(tags: frozenset[str]) -> list[int]:
    from spacy.parts_of_speech import IDS

    return sorted(IDS[t] for t in tags)


@dataclass
class Context:
    """An article, its entity mentions sorted by offset, and evidence helpers."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        self._sentences: dict[int, str] = {}  # sentence text by first token: each is joined once

    def evidence(self, span: Span, start: int | None = None, end: int | None = None) -> Evidence:
        """Evidence for a fact read in ``span``'s sentence (offsets default to the span's)."""
        sent = span.sent
        sentence = self._sentences.get(sent.start)
        if sentence is None:
            sentence = self._sentences[sent.start] = sent.text.strip()
        return Evidence(
            article_id=self.article.id,
            sentence=sentence,
            start=span.start_char if start is None else start,
            end=span.end_char if end is None else end,
        )

    def mentions_in(self, start: int, end: int, types: tuple[str, ...] | None = None) -> list[Mention]:
        """Mentions lying inside the character range [start, end)."""
        i = bisect_left(self._starts, start)
        found = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and (types is None or m.type in types):
                found.append(m)
            i += 1
        return found

    def mention_at(self, token: Token, types: tuple[str, ...] | None = None) -> Mention | None:
        """The mention covering a token, if any."""
        i = bisect_left(self._starts, token.idx + 1) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.start <= token.idx < m.end and (types is None or m.type in types):
                return m
            if m.end < token.idx - 200:
                break
            i -= 1
        return None

    def mention_for_span(self, span: Span, type_: str, source: str = "rule") -> Mention:
        """A mention for a span no entity recogniser marked (e.g. a demonym used as an actor)."""
        return Mention(span.text, type_, span.start_char, span.end_char, self.evidence(span), source)
