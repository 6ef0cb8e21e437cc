"""Two names glued into one token by a hyphen or slash ("U.S.-Canada", "U.S./Soviet") are two names."""

from __future__ import annotations

import pytest

from graph.extract.entities.missed import known_pair
from graph.gazetteer import load_gazetteer


@pytest.mark.parametrize(("text", "parts"), [
    ("U.S.-Canada", [("U.S.", "Country"), ("Canada", "Country")]),
    ("U.S./Soviet", [("U.S.", "Country"), ("Soviet", "Country")]),  # a name and a demonym
    ("EC-Japan", [("EC", "Organization"), ("Japan", "Country")]),
    ("Japanese-American", []),  # two demonyms: an ancestry, not a pair of states
    ("Guinea-Bissau", []),  # one country's own name
    ("Coca-Cola", []),
])
def test_known_pair(text, parts):
    found = known_pair(text, load_gazetteer())
    assert [(part, entry.type) for part, _, entry in found] == parts
    assert all(text[offset:offset + len(part)] == part for part, offset, _ in found)
