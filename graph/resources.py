"""Where the package's data lives: the ontology folder and the named queries.

A source checkout finds ``ontology/`` beside the package; a wheel carries it as
``graph/ontology``. ``NEWSGRAPH_ONTOLOGY`` may point elsewhere (a user's own gazetteer or rules).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
QUERIES_DIR = PACKAGE_DIR / "queries"


def ontology_dir() -> Path:
    """The folder holding newsgraph.ttl, shapes.ttl, gazetteer/ and rules/."""
    override = os.environ.get("NEWSGRAPH_ONTOLOGY")
    return Path(override) if override else _installed_ontology_dir()


@lru_cache(maxsize=1)
def _installed_ontology_dir() -> Path:
    """The ontology folder beside the package or inside it, looked up on disk once (asked per fact)."""
    for candidate in (PACKAGE_DIR.parent / "ontology", PACKAGE_DIR / "ontology"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("newsgraph's ontology/ folder is missing; set NEWSGRAPH_ONTOLOGY")


def rules_dir() -> Path:
    """Trigger words and patterns kept as data."""
    return ontology_dir() / "rules"
