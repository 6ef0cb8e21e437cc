"""Where the package's data lives: the ontology folder and the named queries.

A source checkout finds ``ontology/`` beside the package; a wheel carries it as
``graph/ontology``. ``NEWSGRAPH_ONTOLOGY`` may point elsewhere (a user's own gazetteer or rules).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
QUERIES_DIR = PACKAGE_DIR / "queries"


def ontology_dir() -> Path:
    """The folder holding newsgraph.ttl, shapes.ttl, gazetteer/ and rules/."""
    override = os.environ.get("NEWSGRAPH_ONTOLOGY")
    if override:
        return Path(override)
    for candidate in (PACKAGE_DIR.parent / "ontology", PACKAGE_DIR / "ontology"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("newsgraph's ontology/ folder is missing; set NEWSGRAPH_ONTOLOGY")


def rules_dir() -> Path:
    """Trigger words and patterns kept as data."""
    return ontology_dir() / "rules"
