"""Fact extraction: a registry of fact families, each a package of the same shape.

``entities`` finds the mentions; ``roles``, ``events``, ``agreements`` and ``quotes`` read facts
that refer to them. Each family registers its extractor with ``@fact_family(name, requires=...)``
(``registry.py``) and the pipeline runs :func:`families` in dependency order, handing each
family's results to the later ones through the ``Context``. Families are imported when first
asked for; spaCy is only needed by the caller that makes the ``Doc``.
"""

from __future__ import annotations

from graph.extract.context import Context
from graph.extract.registry import FactFamily, fact_family, families

__all__ = ["Context", "FactFamily", "fact_family", "families"]
