"""Fact extractors: one module per family, each a function ``(doc, ctx) -> list[fact]``.

``entities`` finds mentions; ``roles``, ``events``, ``agreements`` and ``quotes`` read facts
that refer to those mentions; ``dates`` resolves dates against the publication date. Imports
are cheap here: spaCy is only needed by the caller that makes the ``Doc``.
"""

from __future__ import annotations

from graph.extract.agreements import extract_agreements
from graph.extract.context import Context
from graph.extract.entities import extract_mentions
from graph.extract.events import extract_events
from graph.extract.quotes import extract_quotes
from graph.extract.roles import extract_roles

FACT_EXTRACTORS = {
    "roles": extract_roles,
    "events": extract_events,
    "agreements": extract_agreements,
    "quotes": extract_quotes,
}

__all__ = ["FACT_EXTRACTORS", "Context", "extract_agreements", "extract_events", "extract_mentions",
           "extract_quotes", "extract_roles"]
