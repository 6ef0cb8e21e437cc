"""The events family's trigger handlers, one per label of ``triggers`` in ``events.json``:
verbs (``verb``, ``motion``), nouns (``noun``) and stays and attendance (``depart``, ``be_in``,
``spend``, ``here``, ``attend``). Importing this package registers them all."""

from __future__ import annotations

from graph.extract.events.triggers import nouns, stays, verbs

__all__ = ["nouns", "stays", "verbs"]
