"""What every fact extractor needs besides the ``Doc``: the article and its entity mentions."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.facts import Evidence, Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from graph.article import Article


@dataclass
class Context:
    """An article, its entity mentions sorted by offset, and evidence helpers."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]

    def evidence(self, span: Span, start: int | None = None, end: int | None = None) -> Evidence:
        """Evidence for a fact read in ``span``'s sentence (offsets default to the span's)."""
        sent = span.sent
        return Evidence(
            article_id=self.article.id,
            sentence=sent.text.strip(),
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
