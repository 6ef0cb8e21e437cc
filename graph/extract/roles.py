"""Role facts (not written yet: the facts issue fills this module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.context import Context
from graph.facts import Role

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_roles(doc: Doc, ctx: Context) -> list[Role]:
    """No rules yet."""
    return []
