"""The trie regex matches exactly the same words as a longest-first alternation."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.wordtrie import trie_pattern

WORDS = st.sets(st.text(alphabet="abAB .-(", min_size=1, max_size=6), min_size=1, max_size=12)
TEXT = st.text(alphabet="abAB .-(x", max_size=60)


def _alternation(words: set[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@given(WORDS, TEXT)
@settings(max_examples=300, deadline=None)
def test_trie_finds_what_a_longest_first_alternation_finds(words: set[str], text: str) -> None:
    trie = re.compile(trie_pattern(words))
    expected = [(m.start(), m.group()) for m in _alternation(words).finditer(text)]
    assert [(m.start(), m.group()) for m in trie.finditer(text)] == expected


@given(WORDS, st.text(alphabet="abAB .-(", max_size=8))
@settings(max_examples=300, deadline=None)
def test_trie_matches_exactly_its_words(words: set[str], candidate: str) -> None:
    assert bool(re.fullmatch(trie_pattern(words), candidate)) == (candidate in words)


def test_longer_names_win_and_bounds_hold() -> None:
    pattern = re.compile(rf"\b(?:{trie_pattern(['Iran', 'Iraq', 'United States', 'United'])})\b")
    found = [m.group() for m in pattern.finditer("Iraqi Iran, the United States and United Kingdom")]
    assert found == ["Iran", "United States", "United"]


def test_no_words_matches_nothing() -> None:
    assert re.search(trie_pattern([]), "anything") is None
    assert re.search(trie_pattern([""]), "anything") is None
