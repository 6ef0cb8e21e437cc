"""Build ``countries.tsv`` from pycountry plus the hand-kept ``country_overrides.tsv``.

The gazetteer row for a sovereign state combines:

* the editor-facing name, Wikidata QID, extra aliases and demonyms from
  ``country_overrides.tsv`` (hand-kept, commented, one row per ISO code);
* automatic aliases taken from pycountry: ``name``, ``official_name`` and
  ``common_name``, with ISO's inverted comma form rewritten
  ("Korea, Republic of" -> "Republic of Korea"), parenthesised parts split off
  ("Holy See (Vatican City State)" -> "Holy See", "Vatican City State") and an
  ASCII-folded copy of every accented form ("Türkiye" -> "Turkiye").

Territories (status ``territory``) are left out: they live in ``places.tsv``.
Extra and historical states (Kosovo, Soviet Union, ...) come from the overrides
file alone.

Usage::

    python ontology/gazetteer/build_countries.py          # write countries.tsv
    python ontology/gazetteer/build_countries.py --check  # verify it is up to date

The build fails when a pycountry code has no overrides row or when one surface
form (alias or demonym) is claimed by two rows.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
OVERRIDES = HERE / "country_overrides.tsv"
OUTPUT = HERE / "countries.tsv"
COLUMNS = ("code", "name", "wikidata", "aliases", "demonyms")
STATUSES = ("sovereign", "territory", "extra", "historical")


@dataclass
class Override:
    """One row of ``country_overrides.tsv``."""

    code: str
    status: str
    name: str
    wikidata: str
    aliases: list[str] = field(default_factory=list)
    drops: set[str] = field(default_factory=set)
    demonyms: list[str] = field(default_factory=list)


@dataclass
class CountryRow:
    """One output row of ``countries.tsv``."""

    code: str
    name: str
    wikidata: str
    aliases: list[str]
    demonyms: list[str]

    def cells(self) -> list[str]:
        """Return the TSV cells in column order."""
        return [
            self.code,
            self.name,
            self.wikidata,
            "|".join(self.aliases),
            "|".join(self.demonyms),
        ]


def split_list(cell: str) -> list[str]:
    """Split a ``|``-separated cell into stripped, non-empty items."""
    return [item.strip() for item in cell.split("|") if item.strip()]


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read a gazetteer TSV, skipping ``#`` comment lines."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_overrides(path: Path = OVERRIDES) -> dict[str, Override]:
    """Load the hand-kept overrides, keyed by code."""
    overrides: dict[str, Override] = {}
    for record in read_tsv(path):
        code = record["code"].strip()
        status = record["status"].strip()
        if status not in STATUSES:
            raise ValueError(f"{code}: unknown status {status!r}")
        if code in overrides:
            raise ValueError(f"{code}: duplicate overrides row")
        items = split_list(record["aliases"])
        overrides[code] = Override(
            code=code,
            status=status,
            name=record["name"].strip(),
            wikidata=record["wikidata"].strip(),
            aliases=[item for item in items if not item.startswith("-")],
            drops={item[1:] for item in items if item.startswith("-")},
            demonyms=split_list(record["demonyms"]),
        )
    return overrides


def ascii_fold(text: str) -> str:
    """Strip diacritics: "Côte d'Ivoire" -> "Cote d'Ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def iso_forms(raw: str) -> list[str]:
    """Turn one ISO 3166 name into the surface forms a news text would use.

    "Korea, Republic of" -> ["Republic of Korea"]; inverted names whose tail is
    not an "of" phrase ("Taiwan, Province of China") yield nothing.
    """
    forms: list[str] = []
    text = raw.strip()
    if "(" in text and text.endswith(")"):
        head, _, inner = text[:-1].partition("(")
        forms.extend(iso_forms(head))
        forms.extend(iso_forms(inner))
        return forms
    if "," in text:
        head, _, tail = text.partition(",")
        tail = tail.strip()
        if not (tail.endswith(" of") or tail.endswith(" of the")):
            return forms
        text = f"{tail} {head.strip()}"
    for article in ("The ", "the "):
        if text.startswith(article):
            text = text[len(article) :]
    if text:
        forms.append(text)
    return forms


def auto_aliases(code: str) -> list[str]:
    """Aliases for a current ISO code taken from pycountry's names."""
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        return []
    forms: list[str] = []
    for attribute in ("common_name", "name", "official_name"):
        value = getattr(record, attribute, None)
        if value:
            forms.extend(iso_forms(value))
    return forms


def unique(items: list[str], exclude: set[str]) -> list[str]:
    """Keep the first occurrence of each item, skipping ``exclude``."""
    seen = set(exclude)
    kept: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    return kept


def build_rows(overrides: dict[str, Override]) -> list[CountryRow]:
    """Build the countries.tsv rows, sovereign states first, then the rest."""
    missing = sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in overrides)
    if missing:
        raise ValueError(f"pycountry codes without an overrides row: {missing}")
    rows: list[CountryRow] = []
    order = {"sovereign": 0, "extra": 1, "historical": 2}
    chosen = [o for o in overrides.values() if o.status != "territory"]
    for entry in sorted(chosen, key=lambda o: (order[o.status], o.code)):
        if not entry.name:
            raise ValueError(f"{entry.code}: empty name")
        candidates = list(entry.aliases)
        if entry.status == "sovereign":
            candidates += auto_aliases(entry.code)
        candidates = [c for c in candidates if c not in entry.drops]
        candidates += [ascii_fold(c) for c in [entry.name, *candidates]]
        aliases = unique(candidates, exclude={entry.name} | entry.drops)
        demonyms = unique(entry.demonyms + [ascii_fold(d) for d in entry.demonyms], set())
        rows.append(CountryRow(entry.code, entry.name, entry.wikidata, aliases, demonyms))
    return rows


def collisions(rows: list[CountryRow]) -> dict[str, list[str]]:
    """Surface forms (name, alias or demonym) claimed by more than one row."""
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for form in [row.name, *row.aliases, *row.demonyms]:
            owners[form].add(row.code)
    return {form: sorted(codes) for form, codes in owners.items() if len(codes) > 1}


def render(rows: list[CountryRow]) -> str:
    """Render countries.tsv, header comments included."""
    header = [
        "# newsgraph gazetteer: countries (generated by build_countries.py; do not edit,",
        "# edit country_overrides.tsv and rerun the script).",
        f"# Source: pycountry {version('pycountry')} (ISO 3166-1 names, official names)",
        "# + country_overrides.tsv (hand-kept names, aliases, demonyms, QIDs; its header",
        "# lists the public sources of the Wikidata QIDs).",
        "# Territories are not here: see places.tsv (type Territory).",
        "# Columns: code, name, wikidata, aliases (|-separated), demonyms (|-separated).",
    ]
    lines = ["\t".join(COLUMNS)] + ["\t".join(row.cells()) for row in rows]
    return "\n".join(header + lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` verify) countries.tsv; return an exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if countries.tsv differs from what the sources produce",
    )
    args = parser.parse_args(argv)
    rows = build_rows(load_overrides())
    clashes = collisions(rows)
    for form, codes in sorted(clashes.items()):
        print(f"collision: {form!r} claimed by {', '.join(codes)}", file=sys.stderr)
    if clashes:
        return 1
    text = render(rows)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.name} is out of date; rerun the script", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date ({len(rows)} rows)")
        return 0
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT} ({len(rows)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
