"""The Doc-array helpers the extractors use agree with spaCy's own (slower) token walks."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract.context import (
    remember_text,
    sentence_range,
    text_of,
    token_at_or_after,
    token_positions,
)
from graph.read import parse_text_article

SEED = Path(__file__).resolve().parents[2] / "seeds" / "kayhan-142517.txt"


@pytest.fixture(scope="module")
def seed_doc(nlp):
    return nlp(parse_text_article(SEED.read_text(encoding="utf-8"), "seed").parse_text)


def test_sentence_range_is_the_sentence_spacy_gives_a_span(seed_doc):
    for start in range(len(seed_doc)):
        for end in (start + 1, min(start + 7, len(seed_doc)), min(start + 40, len(seed_doc))):
            sent = seed_doc[start:end].sent
            assert sentence_range(seed_doc, start) == (sent.start, sent.end)


def test_token_positions_match_a_walk_over_the_tokens(seed_doc):
    words = {"larijani", "said", "the", "iraq"}
    assert token_positions(seed_doc, words) == [t.i for t in seed_doc if t.lower_ in words]
    assert token_positions(seed_doc, words, ("VERB",)) == [
        t.i for t in seed_doc if t.lower_ in words and t.pos_ == "VERB"]
    assert token_positions(seed_doc, dep=("nsubj",)) == [t.i for t in seed_doc if t.dep_ == "nsubj"]
    assert token_positions(seed_doc, ["no-such-word"]) == []


def test_token_at_or_after_an_offset(seed_doc):
    for char in (0, 1, 57, 300, len(seed_doc.text) - 1, len(seed_doc.text) + 5):
        expected = next((t.i for t in seed_doc if t.idx >= char), len(seed_doc))
        assert token_at_or_after(seed_doc, char) == expected


def test_remembered_text_is_used_only_when_it_is_the_docs_own(nlp):
    doc = nlp("Ali Larijani met officials in Baghdad.")
    remember_text(doc, "something else entirely")
    assert text_of(doc) == doc.text
    other = nlp("Ali Larijani met officials in Baghdad.")
    remember_text(other, other.text)
    assert text_of(other) == "Ali Larijani met officials in Baghdad."
