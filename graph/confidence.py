"""Confidence of a fact: its pattern's calibrated precision, raised by corroboration across articles.

A fact's pattern (``ng:rule``, e.g. ``events.noun.talks``) has a precision measured on the visible
gold by ``scripts/rule_precision.py`` and kept in ``ontology/confidence.tsv``, smoothed toward its
group's (``events.noun``) and family's (``events``) pooled precision when the rule fired on few facts.
A rule the table does not list takes its group's, else its family's, else the overall (``*``) value.
Some facts carry a qualifier measured apart (``roles.title.after#bare``): a role whose post names no
organization or country (``BARE``: "Director", "Secretary" alone are often a longer gold title), a
quotation that starts in lower case (``FRAGMENT``: a phrase woven into the reporter's sentence, whose
bounds and speaker are less sure than a whole quoted sentence's). A qualified rule takes ``rule#q``, else ``group#q``, else ``family#q``, else the unqualified chain.

Corroboration: a fact reported by ``n`` different articles (its evidence's ``prov:wasDerivedFrom``)
keeps ``1/n`` of its single-source error: ``confidence = 1 - (1 - p) / n``. Independent sources
would justify ``1 - (1 - p)^n``; reports of one event are not independent (wire copies, one pattern
misreading the same wording), so the error falls only in proportion to the number of sources.
``ng:confidence`` in the graph is the single-article value (one per fact and article); the page
(``newsgraph view``) applies corroboration over the articles each fact's evidence comes from, so it
works with or without the cross-article event merge. (The named queries return the stored value:
the subquery corroboration needs made rdflib's read-only parse of each query 2-3 times slower.)
"""

from __future__ import annotations

from functools import lru_cache

from graph.rules import confidence_file, confidence_table

BARE = "bare"
FRAGMENT = "fragment"


def role_qualifier(has_organization_or_country: bool) -> str | None:
    """``BARE`` for a post that names no organization, country or accreditation."""
    return None if has_organization_or_country else BARE


def quote_qualifier(text: str | None) -> str | None:
    """``FRAGMENT`` for a quotation that starts in lower case."""
    return FRAGMENT if (text or "")[:1].islower() else None


def calibration_keys(rule: str | None, qualifier: str | None = None) -> list[str]:
    """The table keys that may hold a fact's confidence, most specific first."""
    parts = (rule or "").split(".")
    prefixes = [".".join(parts[:n]) for n in range(len(parts), 0, -1) if parts[0]]
    qualified = [f"{p}#{qualifier}" for p in prefixes] if qualifier else []
    return [*qualified, *prefixes, "*"]


def rule_confidence(rule: str | None, qualifier: str | None = None) -> float | None:
    """The calibrated precision of a pattern (see ``calibration_keys``); None when the table lists
    none of its keys (then a fact carries no confidence)."""
    return _looked_up(confidence_file(), rule, qualifier)


@lru_cache(maxsize=4096)
def _looked_up(path: str, rule: str | None, qualifier: str | None) -> float | None:
    found = confidence_table(path)
    return next((found[key] for key in calibration_keys(rule, qualifier) if key in found), None)


def corroborated(single: float, sources: int) -> float:
    """A fact's confidence when ``sources`` articles report it (``single``: one article's)."""
    return 1.0 - (1.0 - single) / max(sources, 1)


__all__ = ["BARE", "FRAGMENT", "calibration_keys", "corroborated", "quote_qualifier",
           "role_qualifier", "rule_confidence"]
