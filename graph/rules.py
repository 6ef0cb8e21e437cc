"""The one loader of ``ontology/rules/``: JSON rule files, word lists and tables, each read once.

Every rule file has exactly one reader here, and every word list exactly one home: a family
asks for ``speech_verbs()`` or ``json_words("events.json", "light_verbs")`` and never re-reads
or copies a file. A file that cannot be read or parsed raises :class:`RulesError` naming it.
Kept below the extraction stage, so the reader and the resolver may use the lists too.
"""

from __future__ import annotations

import csv
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.resources import ontology_dir, rules_dir


class RulesError(ValueError):
    """A rule file that cannot be read; the message names the file."""


def _read(name: str) -> str:
    path = rules_dir() / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read rule file ({exc.strerror or exc})") from exc


@lru_cache(maxsize=64)
def rule_lines(name: str) -> tuple[str, ...]:
    """The stripped lines of a text rule file, without blank lines and ``#`` comments."""
    return tuple(ln.strip() for ln in _read(name).splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


@lru_cache(maxsize=64)
def word_list(name: str) -> frozenset[str]:
    """A one-entry-a-line list (``roles_units.txt``), lower-cased."""
    return frozenset(line.lower() for line in rule_lines(name))


@lru_cache(maxsize=8)
def phrase_list(*names: str) -> tuple[str, ...]:
    """One-phrase-a-line lists as written (``name_styles.txt``), merged, longest first, for prefix
    matching."""
    return tuple(sorted({line for name in names for line in rule_lines(name)}, key=len, reverse=True))


@lru_cache(maxsize=8)
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a tab-separated rule table with a header line (``titles.tsv``)."""
    return tuple(csv.DictReader(rule_lines(name), delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=8)
def load_json(name: str) -> dict[str, Any]:
    """A JSON rule file (e.g. ``events.json``), read once."""
    try:
        data = json.loads(_read(name))
    except json.JSONDecodeError as exc:
        raise RulesError(f"{rules_dir() / name}: malformed JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{rules_dir() / name}: a rule file must hold a JSON object")
    return data


@lru_cache(maxsize=256)
def json_words(name: str, key: str) -> frozenset[str]:
    """A word list inside a JSON rule file, lower-cased (the keys when it is an object)."""
    return frozenset(w.lower() for w in load_json(name).get(key, []) if isinstance(w, str))


def honorifics() -> tuple[str, ...]:
    """Words before a name that are not part of it: forms of address (``address_forms.txt``) and
    posts used the same way (``honorifics.txt``), longest first."""
    return phrase_list("address_forms.txt", "honorifics.txt")


def address_forms() -> frozenset[str]:
    """Forms of address that may stand between a title and a name ("mr", "dr.", "dame"),
    lower-cased, from ``address_forms.txt``."""
    return word_list("address_forms.txt")


def name_styles() -> tuple[str, ...]:
    """Styles that belong to a name ("King", "Prince"), from ``name_styles.txt``, longest first."""
    return phrase_list("name_styles.txt")


def pronoun_surnames() -> frozenset[str]:
    """Surnames spelt like an English pronoun ("He" of "He Jianxiong"), from ``pronoun_surnames.txt``."""
    return frozenset(rule_lines("pronoun_surnames.txt"))


def name_particles() -> frozenset[str]:
    """Lower-case words inside names ("de", "van", "bin"), from ``name_particles.txt``."""
    return word_list("name_particles.txt")


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Every word form of the attribution verbs in ``speech_verbs.txt``."""
    return frozenset(w.lower() for line in rule_lines("speech_verbs.txt") for w in line.split())


@lru_cache(maxsize=1)
def predicate_verbs() -> dict[str, frozenset[str]]:
    """Words that state a post or its change, by shape, from ``roles_predicates.txt``: "object"
    ("was named leader"), "as" ("served as chairman"); what they tell: "started", "ended",
    "succession"; and the changes that name no post ("change_alone", "change_object", ...)."""
    out: dict[str, set[str]] = {"object": set(), "as": set(), "started": set(), "ended": set(), "succession": set()}
    for line in rule_lines("roles_predicates.txt"):
        shape, _, verbs = line.partition(" ")
        out.setdefault(shape, set()).update(verbs.split())
    return {shape: frozenset(verbs) for shape, verbs in out.items()}


CONFIDENCE_ENV = "NEWSGRAPH_CONFIDENCE"


def confidence_file() -> str:
    """The calibration table: ``$NEWSGRAPH_CONFIDENCE`` when set (tests bring their own), else
    ``ontology/confidence.tsv`` (written by ``scripts/rule_precision.py --write-calibration``)."""
    return os.environ.get(CONFIDENCE_ENV) or str(ontology_dir() / "confidence.tsv")


@lru_cache(maxsize=4)
def confidence_table(path: str) -> dict[str, float]:
    """Calibrated precision by rule id, rule group or family (``events.noun.talks``, ``events.noun``,
    ``events``; ``*`` for every rule), from the tab-separated ``rule facts correct confidence`` table.
    A missing file, a bad number or a value outside [0, 1] raises :class:`RulesError` naming it and the line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the confidence table ({exc.strerror or exc})") from exc
    out: dict[str, float] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("rule\t"):
            continue
        cells = line.split("\t")
        try:
            value = float(cells[3])
        except (IndexError, ValueError):
            raise RulesError(f"{path}:{number}: expected rule, facts, correct, confidence "
                             f"separated by tabs") from None
        if not 0.0 <= value <= 1.0:
            raise RulesError(f"{path}:{number}: confidence {value} is outside [0, 1]")
        out[cells[0].strip()] = value
    return out


def forget_rules() -> None:
    """Drop every rule file and list read so far (for tests that swap the rules folder)."""
    for cached in (rule_lines, word_list, phrase_list, table, load_json, json_words, speech_verbs,
                   predicate_verbs, confidence_table):
        cached.cache_clear()
