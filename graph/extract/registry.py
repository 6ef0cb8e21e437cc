"""The registry of fact families, and of each family's trigger handlers.

A family registers its extractor with ``@fact_family(name, requires=(...))``; the pipeline runs
:func:`families` in dependency order and puts each family's results on the ``Context``, where
the families that require it read them (``ctx.results["roles"]``). Inside a family, one handler
per trigger label of its rule data is registered with a :class:`TriggerHandlers` table, so a new
trigger is a key in ``ontology/rules/`` plus one small function. Registration happens when the
family's package is imported, once; registering a name twice is an error, nothing else changes
the tables afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from graph.extract.context import Context

Extractor = Callable[["Doc", "Context"], list[Any]]
Handler = TypeVar("Handler", bound=Callable[..., Any])


@dataclass(frozen=True)
class FactFamily:
    """A kind of fact, the function that reads it from a Doc, and the families it needs first."""

    name: str
    extract: Extractor
    requires: tuple[str, ...] = ()
    assigns: str = ""  # the ArticleFacts field the results fill (default: the family's name)


# The family packages of graph/extract/, in the order they run when requirements leave a choice.
FAMILY_PACKAGES = ("entities", "roles", "events", "agreements", "quotes", "speech")
_FAMILIES: dict[str, FactFamily] = {}  # filled once, as the family packages are imported


def fact_family(name: str, requires: tuple[str, ...] = (), assigns: str = "") -> Callable[[Extractor], Extractor]:
    """Register ``(doc, ctx) -> list`` as the extractor of the family ``name``, whose results
    fill the ``assigns`` field of ``ArticleFacts`` (the family's name when not given)."""

    def register(extract: Extractor) -> Extractor:
        if name in _FAMILIES:
            raise ValueError(f"fact family {name!r} is registered twice")
        _FAMILIES[name] = FactFamily(name, extract, tuple(requires), assigns or name)
        return extract

    return register


def families() -> list[FactFamily]:
    """Every family, each after the ones it requires (else in the order of ``FAMILY_PACKAGES``,
    then of registration)."""
    for package in FAMILY_PACKAGES:  # importing a family's package registers it
        if f"graph.extract.{package}" not in sys.modules:
            import_module(f"graph.extract.{package}")
    return list(_ordered(tuple(_FAMILIES.values())))


@lru_cache(maxsize=4)
def _ordered(found: tuple[FactFamily, ...]) -> tuple[FactFamily, ...]:
    """:func:`in_dependency_order`, worked out once per set of families (it runs per article)."""
    return tuple(in_dependency_order(list(found)))


def in_dependency_order(found: list[FactFamily]) -> list[FactFamily]:
    """Families ordered so that each comes after the ones it requires; a cycle or a requirement
    no family meets is an error naming the family."""
    by_name = {f.name: f for f in found}
    rank = {name: i for i, name in enumerate(FAMILY_PACKAGES)}
    ordered: list[FactFamily] = []
    visiting: list[str] = []

    def visit(family: FactFamily) -> None:
        if family in ordered:
            return
        if family.name in visiting:
            raise ValueError(f"fact family {family.name!r} requires itself through {' -> '.join(visiting)}")
        visiting.append(family.name)
        for need in family.requires:
            if need not in by_name:
                raise ValueError(f"fact family {family.name!r} requires {need!r}, which is not registered")
            visit(by_name[need])
        visiting.pop()
        ordered.append(family)

    for family in sorted(found, key=lambda f: rank.get(f.name, len(rank))):
        visit(family)
    return ordered


class TriggerHandlers(Generic[Handler]):
    """A family's handlers by trigger label; each fact a handler makes records the pattern id
    ``<family>.<label>.<trigger word>`` (``events.verb.met``)."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._by_label: dict[str, Handler] = {}

    def __call__(self, label: str) -> Callable[[Handler], Handler]:
        """Decorator: register the handler of one trigger label."""

        def register(handler: Handler) -> Handler:
            if label in self._by_label:
                raise ValueError(f"{self.family}: trigger label {label!r} has two handlers")
            self._by_label[label] = handler
            return handler

        return register

    def __getitem__(self, label: str) -> Handler:
        try:
            return self._by_label[label]
        except KeyError:
            raise KeyError(f"{self.family}: no handler for trigger label {label!r} "
                           f"(known: {', '.join(sorted(self._by_label))})") from None

    def labels(self) -> frozenset[str]:
        return frozenset(self._by_label)

    def rule_id(self, label: str, word: str) -> str:
        """The stable id of a pattern: family, trigger label and the trigger word as listed."""
        return f"{self.family}.{label}.{word.lower()}"
