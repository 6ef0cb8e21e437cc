"""Countries behind names: a name or demonym's country, a city's country (as it was when the
story was written), and whether two mentions plainly name the same thing."""

from __future__ import annotations

from datetime import date

from graph.facts import Mention
from graph.gazetteer import GazetteerEntry, load_gazetteer, normalise
from graph.rules import load_json, table


def country_entry(text: str) -> GazetteerEntry | None:
    """The country a name or demonym stands for ("Iraqi", "the U.S."), if the gazetteer knows it."""
    gaz = load_gazetteer()
    entry = gaz.lookup(text)
    if entry is not None and entry.type == "Country":
        return entry
    entry = gaz.demonym(text)
    return entry if entry is not None and entry.type == "Country" else None


def lasting_key(entry: GazetteerEntry) -> str:
    """A state's key across its eras: the Soviet Union's is Russia's (``successor_states.tsv``), so
    one state under two names is never two sides."""
    successor = next((row["successor"] for row in table("successor_states.tsv") if row["state"] == entry.name), None)
    found = country_entry(successor) if successor else None
    return found.key if found is not None else entry.key


def country_of_place(text: str) -> GazetteerEntry | None:
    """The country of a known city or region ("Baghdad" -> Iraq), or the country itself."""
    gaz = load_gazetteer()
    entry = gaz.lookup(text)
    if entry is None:
        return None
    if entry.type == "Country":
        return entry
    if entry.country:
        code = entry.country if ":" in entry.country else f"country:{entry.country}"
        return gaz.by_key.get(code)
    return None


def country_when(place: str, published: date | None) -> GazetteerEntry | None:
    """The country a place lay in when the story was written (``historical_states`` in
    events.json: Moscow is in the Soviet Union in 1987); a country stands for itself."""
    entry = country_of_place(place)
    if entry is None or published is None or country_entry(place) is not None:
        return entry
    code = entry.key.split(":")[-1]
    for row in load_json("events.json").get("historical_states", []):
        if (isinstance(row, dict) and code in row.get("members", []) and published.isoformat() < str(row.get("until", ""))
                and (state := country_entry(str(row.get("state", "")))) is not None):
            return state
    return entry


def same(a: Mention, b: Mention) -> bool:
    """Whether two mentions plainly name the same thing (same text or same country)."""
    na, nb = normalise(a.text), normalise(b.text)
    if na == nb:
        return True
    short, long_ = sorted((na, nb), key=len)
    if " " not in short and " " in long_ and (long_.split()[-1] == short or long_.split()[0] == short):
        return True  # "Larijani" and "Ali Larijani"
    if " " not in short and short == "".join(w[0] for w in long_.split() if w not in ("of", "and", "the")):
        return True  # "EC" and "European Community"
    ca, cb = country_entry(a.text), country_entry(b.text)
    return ca is not None and cb is not None and ca.key == cb.key


def surname_key(m: Mention) -> str:
    """The last word of a name, normalised: the key under which one person's mentions meet."""
    return (normalise(m.text).split() or [""])[-1]

