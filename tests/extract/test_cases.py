"""Sentence cases as data: every line of ``cases/<family>.jsonl`` (or ``<family>.<topic>.jsonl``,
so one family's cases can be split by topic) is one test, so adding a case needs no Python.

A line holds ``text``, optional ``published`` (ISO date, default 2025-08-12) and ``expect``: the
facts the family must find, each given by the fields that matter (entities by their resolved
labels, lists compared as sets, ``date`` as ISO, ``rule`` the pattern id). An empty ``expect``
is a near-miss: the family must find nothing in that text. Other facts may be found beside the
expected ones unless ``"only": true``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).resolve().parent / "cases"
DEFAULT_PUBLISHED = "2025-08-12"
FIELDS = {  # per family: the fields a case may state, read off each fact
    "events": ("kind", "participants", "place", "status", "date", "rule", "trigger"),
    "agreements": ("kind", "parties", "status", "date", "rule", "trigger"),
    "roles": ("title", "person", "country", "organization", "to", "rule", "status"),
    "quotes": ("text", "speaker", "date", "direct", "rule"),
    "speech": ("text", "speaker", "date", "direct", "rule"),
    "entities": ("label", "type", "aliases"),  # resolved entities, not mentions
}
FACTS_FIELD = {"speech": "statements"}  # the ArticleFacts field of a family not named like it


def load_cases() -> list[Any]:
    """Every case line as a pytest param, its id ``family:line``; a malformed line fails loudly."""
    params = []
    for path in sorted(CASES.glob("*.jsonl")):
        family = path.stem.split(".")[0]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None
            unknown = {k for fact in case.get("expect", []) for k in fact} - set(FIELDS[family])
            if "text" not in case or unknown:
                raise ValueError(f"{path}:{n}: needs 'text'; fields a {family} fact has: {FIELDS[family]}")
            params.append(pytest.param(family, case, id=f"{path.stem}:{n}"))
    return params


def describe(fact: Any, label: Any) -> dict[str, Any]:
    """The case fields of one extracted fact, entities as resolved labels."""
    out: dict[str, Any] = {}
    for name, value in vars(fact).items():
        if isinstance(value, tuple):
            out[name] = sorted(label(m) for m in value)
        elif hasattr(value, "type") and hasattr(value, "evidence"):  # a Mention
            out[name] = label(value)
        elif name == "date":
            out[name] = value.value.isoformat() if value is not None and value.value is not None else None
        else:
            out[name] = value
    return out


def matches(expected: dict[str, Any], found: dict[str, Any]) -> bool:
    return all(sorted(v) == found.get(k) if isinstance(v, list) else found.get(k) == v
               for k, v in expected.items())


@pytest.mark.parametrize(("family", "case"), load_cases())
def test_case(extract_text, family, case):
    facts, res = extract_text(case["text"], date.fromisoformat(case.get("published", DEFAULT_PUBLISHED)))

    def label(m: Any) -> str:
        ent = res.entity_of(m)
        return ent.label if ent else m.text

    if family == "entities":
        found = [{"label": e.label, "type": e.type, "aliases": sorted(e.aliases)} for e in res.entities.values()]
    else:
        found = [describe(f, label) for f in getattr(facts, FACTS_FIELD.get(family, family))]
    expected = case["expect"]
    if not expected or case.get("only"):
        assert len(found) == len(expected), found
    missing = [e for e in expected if not any(matches(e, f) for f in found)]
    assert missing == [], f"not found: {missing}\nfound: {found}"


def test_every_family_has_cases_and_near_misses():
    by_family: dict[str, list[bool]] = {}
    for param in load_cases():
        family, case = param.values
        by_family.setdefault(family, []).append(bool(case["expect"]))
    assert set(by_family) == set(FIELDS)
    assert all(any(flags) and not all(flags) for flags in by_family.values()), by_family
