"""Agreement facts (not written yet: the facts issue fills this module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.context import Context
from graph.facts import Agreement

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_agreements(doc: Doc, ctx: Context) -> list[Agreement]:
    """No rules yet."""
    return []
