"""Quote facts (not written yet: the facts issue fills this module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.context import Context
from graph.facts import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_quotes(doc: Doc, ctx: Context) -> list[Quote]:
    """No rules yet."""
    return []
