"""The events family's trigger handlers, one per label of ``triggers`` in ``events.json``:
verbs (``verb``, ``motion``), nouns (``noun``), stays and attendance (``depart``, ``be_in``,
``spend``, ``here``, ``attend``) and interviews (``interview``). Importing this package registers them all."""

from __future__ import annotations

from graph.extract.events.triggers import interviews, nouns, stays, verbs

__all__ = ["interviews", "nouns", "stays", "verbs"]
