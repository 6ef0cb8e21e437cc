"""scripts/own_gold.py: the gold put under ../shared/gold's conventions for ``score --shared-conventions``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("own_gold", ROOT / "scripts" / "own_gold.py")
own_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(own_gold)  # type: ignore[union-attr]


def test_shared_conventions_drop_one_party_agreements_and_summit_only_visits() -> None:
    gold = {
        "agreements": [{"parties": ["Japan"], "kind": "trade"}, {"parties": ["Japan", "United States"], "kind": "trade"}],
        "meetings": [
            {"kind": "visit", "participants": ["Reagan"], "place": "Venice", "evidence": "the Venice summit on June 8"},
            {"kind": "visit", "participants": ["Kohl"], "place": "Venice", "evidence": "Kohl flew to the summit in Venice"},
            {"kind": "summit", "participants": ["Reagan", "Kohl"], "place": "Venice", "evidence": "the Venice summit"},
        ],
        "roles": [{"person": "Kohl", "title": "Chancellor"}],
    }
    shared = own_gold.shared_conventions(gold)
    assert shared["agreements"] == [gold["agreements"][1]]
    assert shared["meetings"] == gold["meetings"][1:]
    assert shared["roles"] == gold["roles"]
    assert len(gold["agreements"]) == 2  # the committed gold is left as it is
