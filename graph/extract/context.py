"""What every fact extractor needs besides the ``Doc``: the article, its entity mentions and the
facts of the families that ran before; plus fast reads of the Doc's token arrays."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graph.facts import Evidence, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graph.read import Article

MENTION_FAMILY = "entities"  # the family whose results are the article's entity mentions
HOLDER_FAMILY = "roles"  # whose holders may be names NER missed ("ambassador to Moscow Salah Bassiouni")


def text_of(doc: Doc) -> str:
    """The Doc's text, joined once: ``Doc.text`` rebuilds it from every token on each call."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.user_data["newsgraph_text"] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was parsed from (spaCy keeps it exactly), sparing ``text_of`` the join."""
    last = doc[-1] if len(doc) else None
    if last is None or last.idx + len(last.text_with_ws) == len(text):
        doc.user_data["newsgraph_text"] = text


def token_positions(doc: Doc, words: Iterable[str] | None = None, pos: Iterable[str] = (),
                    dep: Iterable[str] = ()) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``words`` (any, if None), whose part
    of speech is one of ``pos`` and dependency label one of ``dep`` (if given), read off the Doc's
    arrays: no Token object is made for the tokens that do not qualify."""
    lower, tags, deps = _columns(doc)[:3]
    if words is not None:
        at = _positions_by_word(doc)
        found = sorted(i for h in _hashes(doc.vocab.strings, frozenset(words)) & at.keys() for i in at[h])
    else:
        found = range(len(lower))
    if pos:
        tag_ids = _pos_ids(frozenset(pos))
        found = [i for i in found if tags[i] in tag_ids]
    if dep:
        dep_ids = _hashes(doc.vocab.strings, frozenset(dep))
        found = [i for i in found if deps[i] in dep_ids]
    return list(found)


def common_noun_capitalised(token: Token) -> bool:
    """A common noun that wire copy capitalised after an abbreviation's full stop ("one U.S. Official
    said", "a U.S. Rice trader"): the article writes the word in lower case elsewhere."""
    prev = token.doc[token.i - 1] if token.i else None
    if prev is None or not token.is_title or len(prev.text) < 3 or not prev.text.endswith("."):
        return False
    word = token.lower_
    return any(token.doc[i].is_lower for i in token_positions(token.doc, (word, f"{word}s", word.removesuffix("s"))))


def token_at_or_after(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after a character offset (len(doc) if none)."""
    return bisect_left(_columns(doc)[3], char)


def sentence_range(doc: Doc, token: int) -> tuple[int, int]:
    """The token range of the sentence holding a token (what ``Span.sent`` gives for a span
    starting there), found by bisection instead of spaCy's walk over the tokens."""
    starts = _columns(doc)[4]
    k = bisect_right(starts, token) - 1
    first = starts[k] if k >= 0 else 0
    return first, starts[k + 1] if k + 1 < len(starts) else len(doc)


def _columns(doc: Doc) -> tuple:
    """LOWER, POS, DEP and IDX of every token, and the sentence starts, computed once per Doc."""
    columns = doc.user_data.get("newsgraph_columns")
    if columns is None:
        from spacy.attrs import DEP, IDX, LOWER, POS, SENT_START

        table = doc.to_array([LOWER, POS, DEP, IDX, SENT_START])
        lower, tags, deps, idx, sent_start = (table[:, k].tolist() for k in range(5))
        starts = [i for i, flag in enumerate(sent_start) if flag == 1]
        columns = doc.user_data["newsgraph_columns"] = (lower, tags, deps, idx, starts)
    return columns


def _positions_by_word(doc: Doc) -> dict[int, list[int]]:
    """Token indices by lower-case word hash, so a word-list lookup costs the words, not the Doc."""
    index = doc.user_data.get("newsgraph_word_index")
    if index is None:
        index = doc.user_data["newsgraph_word_index"] = {}
        for i, h in enumerate(_columns(doc)[0]):
            index.setdefault(h, []).append(i)
    return index


@lru_cache(maxsize=256)
def _hashes(strings: object, words: frozenset[str]) -> frozenset[int]:
    return frozenset(strings[w] for w in words)  # type: ignore[index]


@lru_cache(maxsize=64)
def _pos_ids(tags: frozenset[str]) -> frozenset[int]:
    from spacy.parts_of_speech import IDS

    return frozenset(IDS[t] for t in tags)


@dataclass
class Context:
    """An article, its entity mentions sorted by offset, the facts of earlier families (by family
    name) and evidence helpers."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    results: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index_mentions(self.mentions)
        self._sentences: dict[tuple[int, int], str] = {}  # text by token range: each is cut once

    def _index_mentions(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]

    def record(self, family: str, found: list[Any]) -> None:
        """Keep a family's results for the families that require it; the entity family's
        mentions become the mentions every later family reads, joined by the role holders no
        entity mention covers."""
        self.results[family] = found
        if family == MENTION_FAMILY:
            self._index_mentions(found)
        elif family == HOLDER_FAMILY:  # a holder no mention covers is a person the later families can name
            holders = {m for f in found if isinstance(m := getattr(f, "person", None), Mention) and m.type == "Person"}
            unseen = [m for m in holders
                      if not any(o.start < m.end and m.start < o.end for o in self.mentions)]
            if unseen:
                self._index_mentions([*self.mentions, *unseen])

    def facts_of(self, family: str) -> list[Any]:
        """The results of a family that ran before (it must be among the caller's requirements)."""
        try:
            return self.results[family]
        except KeyError:
            raise LookupError(f"the {family!r} facts are not extracted yet: declare requires=({family!r},)") from None

    def evidence(self, span: Span, start: int | None = None, end: int | None = None) -> Evidence:
        """Evidence for a fact read in ``span``'s sentence (offsets default to the span's)."""
        first, stop = sentence_range(span.doc, span.start)
        sentence = self._sentences.get((first, stop))
        if sentence is None:
            idx, text = _columns(span.doc)[3], text_of(span.doc)
            if (shown := self.article.dateline_end) and idx[first] < shown:
                text = self.article.text[:shown] + text[shown:]  # the dateline as written, not as parsed
            sentence = text[idx[first]: idx[stop] if stop < len(idx) else len(text)].strip()
            self._sentences[(first, stop)] = sentence
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


def recent_subject(ctx: Context, tok: Token, types: tuple[str, ...],
                   keep: Callable[[Mention], bool] = lambda _m: True) -> Mention | None:
    """The mention of one of ``types`` last a subject before ``tok`` in its sentence or the two
    before it (what "it" or "the company" most likely stands for), among those ``keep`` accepts."""
    first = tok.sent.start
    for _ in range(2):
        first = tok.doc[first - 1].sent.start if first else first
    for t in reversed(tok.doc[first:tok.i]):
        m = ctx.mention_at(t, types) if t.dep_ in ("nsubj", "nsubjpass") else None
        if m is not None and keep(m):
            return m
    return None
