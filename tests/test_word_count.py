"""``word_count`` (the consistency pass's count of a name in the text) counts what
``len(re.findall(rf"\\b{re.escape(words)}\\b", text))`` counts, on awkward texts and names."""

from __future__ import annotations

import random
import re

import pytest

from graph.extract.entities.consistency import word_count

TEXT = ("Kral met Ivo Kral in Kralovec. U.S. officials (Kral's aides) and the U.S.-led team met "
        "Kral_2 and Müller, not Müllerin; \u00c9va \u00c9vans said \"Kral.\" Kral\nKral 3Kral Kral3 "
        "Ivo  Kral, Ivo Kral Ivo Kral.")


@pytest.mark.parametrize("words", ["Kral", "Ivo Kral", "U.S.", "U.S", "S.", "Müller", "\u00c9va", "Kral.",
                                   "3", "Kral_2", "Ivo  Kral", "Kral's", "Nobody", "l", "(Kral"])
def test_the_count_is_the_regex_count(words):
    assert word_count(TEXT, words) == len(re.findall(rf"\b{re.escape(words)}\b", TEXT))


def test_random_texts_and_words_count_alike():
    rng = random.Random(7)
    alphabet = "ab _.-'\u00e9\u00c92\n"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        words = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        assert word_count(text, words) == len(re.findall(rf"\b{re.escape(words)}\b", text)), (text, words)
