"""Merge mentions into entities inside one article, each merge with a stated reason.

Rules, in order: the gazetteer (countries and their variants, demonyms, known organizations
and places); acronyms the text defines ("Persian Gulf Cooperation Council (GCC)"); honorifics
("Mr. Larijani", "Ambassador Emani"); a lone surname or given name joins the one full name it
fits (the nearest preceding one when several do) whatever label NER gave it; otherwise equal
normalised names. Mentions that fit nothing and have no type of their own are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from graph.facts import Entity, Mention
from graph.gazetteer import (
    CITY_POPULATION,
    Gazetteer,
    GazetteerEntry,
    known_cities,
    load_gazetteer,
    normalise,
    slug,
)
from graph.names import acronym_pairs
from graph.rules import address_forms, honorifics
from graph.wordtrie import trie_pattern


def strip_honorific(name: str) -> tuple[str, str]:
    """("Mr. Larijani") -> ("Larijani", "Mr."); names without one come back unchanged."""
    match = _honorific_prefix().match(name)
    if match is None or len(name) <= match.end():
        return name, ""
    word = _honorific_forms()[match.group(1).lower()]
    inner, more = strip_honorific(name[match.end():].strip())
    return inner, (word + " " + more).strip()


@lru_cache(maxsize=1)
def _honorific_forms() -> dict[str, str]:
    return {word.lower(): word for word in reversed(honorifics())}  # the first listed form wins


@lru_cache(maxsize=1)
def _honorific_prefix() -> re.Pattern[str]:
    """An honorific and the space after it at the start of a name, longest first."""
    return re.compile(f"({trie_pattern(_honorific_forms())}) ", re.IGNORECASE)


def _is_caps(text: str) -> bool:
    return text.isupper() and len(text) > 3


@dataclass
class Resolution:
    """Entities of one article and the map from mention spans to them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    by_span: dict[tuple[int, int, str], str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def entity_of(self, mention: Mention | None) -> Entity | None:
        """The entity a mention (from any extractor) refers to, if resolved."""
        if mention is None:
            return None
        key = self.by_span.get((mention.start, mention.end, mention.text))
        if key is None:
            key = self.by_name.get(normalise(mention.text))
        return self.entities.get(key) if key else None


class _Builder:
    """Accumulates entities; one instance per resolution run."""

    def __init__(self, gaz: Gazetteer, published: date | None = None) -> None:
        self.gaz = gaz
        self.published = published
        self.res = Resolution()

    def attach(self, mention: Mention, key: str, type_: str, label: str, reason: str,
               wikidata: str | None = None) -> None:
        ent = self.res.entities.get(key)
        if ent is None:
            ent = self.res.entities[key] = Entity(key=key, type=type_, label=label, wikidata=wikidata or None)
        elif reason:
            ent.decisions.append(f"{mention.text!r} at {mention.start}: {reason}")
        ent.mentions.append(mention)
        if mention.text != ent.label:
            ent.aliases.add(mention.text)
        self.res.by_span[(mention.start, mention.end, mention.text)] = key
        self.res.by_name.setdefault(normalise(mention.text), key)

    def attach_entry(self, mention: Mention, entry: GazetteerEntry, reason: str) -> None:
        then = self.gaz.as_of(entry, self.published)
        if then is not entry:
            entry, reason = then, f"{reason}, then {then.name!r}"
        self.attach(mention, entry.key, entry.type, entry.name, reason, entry.wikidata)


def resolve_mentions(mentions: Iterable[Mention], text: str, gaz: Gazetteer | None = None,
                     published: date | None = None) -> Resolution:
    """Cluster one article's mentions into entities (countries named as they were on ``published``)."""
    gaz = gaz or load_gazetteer()
    builder = _Builder(gaz, published)
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    acronyms = {**_initialled(ordered), **{normalise(short): long for long, short in acronym_pairs(text)}}

    people: list[tuple[int, str, list[str]]] = []  # (offset, key, name tokens) of full names
    deferred: list[tuple[Mention, str]] = []
    for m in ordered:
        name, honorific = strip_honorific(m.text)
        if honorific and (m.type in ("Person", "Unknown") or (
                m.type != "Country" and honorific.split()[0].lower() in address_forms())):
            m = replace(m, type="Person")  # "Mr Blair" tagged ORG is still a person; "General Motors" is not
        if m.type == "Person" or m.type == "Unknown":
            tokens = name.split()
            if m.type == "Person" and len(tokens) >= 2:
                key = f"person:{slug(name)}"
                reason = f"honorific {honorific!r} stripped" if honorific else "same full name"
                builder.attach(m, key, "Person", name, reason)
                people.append((m.start, key, [normalise(t) for t in tokens]))
                continue
            deferred.append((m, name))
            continue
        entry = builder.gaz.lookup(m.text)
        if entry is None and m.type == "Country":  # "Iraqi"; "Franco" of "Franco-German", made a Country by the rules
            entry = builder.gaz.demonym(m.text) or builder.gaz.combining(m.text)
        if entry is not None and normalise(m.text) not in acronyms:
            builder.attach_entry(m, entry, f"gazetteer {entry.type.lower()} {entry.name!r}")
            continue
        deferred.append((m, m.text))

    for m, name in deferred:
        _resolve_deferred(builder, m, name, people, acronyms)
    _merge_short_organization_forms(builder.res, builder.gaz)
    _merge_reordered_organizations(builder.res)
    _merge_undefined_acronyms(builder.res)
    _merge_short_person_forms(builder.res)
    _merge_spelling_variants(builder.res)
    _merge_same_name_across_types(builder.res)
    _people_taken_for_organizations(builder.res)
    _prefer_readable_labels(builder.res, gaz)
    return builder.res


def _resolve_deferred(builder: _Builder, m: Mention, name: str,
                      people: list[tuple[int, str, list[str]]], acronyms: dict[str, str]) -> None:
    norm = normalise(name)
    tokens = norm.split()
    if len(tokens) == 1:
        fits = [(off, key) for off, key, toks in people if norm in (toks[-1], toks[0])]
        keys = {key for _, key in fits}
        if len(keys) > 1 and _titled(m.text, name):
            builder.attach(m, f"person:{slug(name)}", "Person", name,
                           f"a title before a surname {len(keys)} people of the article share: not guessed")
            return
        if fits and m.source != "acronym":
            before = [f for f in fits if f[0] <= m.start] or fits
            key = max(before)[1] if len(keys) > 1 else fits[0][1]
            why = "surname of the nearest preceding full name" if len(keys) > 1 else "part of the full name"
            label = builder.res.entities[key].label
            said = "typed Person by the article-level name pass" if m.source == "consistency" else f"NER said {m.type}"
            builder.attach(m, key, "Person", label, f"{why} {label!r} ({said})")
            return
    if m.type == "Person" and len(tokens) == 1 and name == m.text and name in known_cities():
        builder.attach(m, f"place:{slug(name)}", "Place", name, f"a city of over {CITY_POPULATION:,} people, "
                       "not the name of anyone in the article (NER said Person)")
        return
    if m.type == "Unknown":
        return
    if norm in acronyms:
        long_form = acronyms[norm]
        entry = builder.gaz.lookup(long_form)
        if entry is not None:
            builder.attach_entry(m, entry, f"acronym of {long_form!r} (gazetteer {entry.name!r})")
        else:
            builder.attach(m, f"{m.type.lower()}:{slug(long_form)}", m.type, long_form,
                           f"acronym defined in the text as {long_form!r}")
        return
    if m.type == "Person":
        builder.attach(m, f"person:{slug(name)}", "Person", name, "same name")
        return
    entry = builder.gaz.lookup(name)
    if entry is not None:
        builder.attach_entry(m, entry, f"gazetteer {entry.type.lower()} {entry.name!r}")
        return
    type_ = "Place" if m.type == "Country" else m.type
    builder.attach(m, f"{type_.lower()}:{slug(name)}", type_, name, "same name")


def _titled(text: str, name: str) -> bool:
    """ "Vice President Biden", "Senator Cole": a surname after a title (not a bare "Mr."). Of two
    namesakes ("Joe Biden", "Hunter Biden") the title's holder is not the nearest one but the one
    who holds the post, which the resolver cannot tell: it is not joined to either."""
    stripped = text[: len(text) - len(name)].split()
    return bool(stripped) and not all(w.lower() in address_forms() for w in stripped)


def _merge_short_organization_forms(res: Resolution, gaz: Gazetteer) -> None:
    """"Treasury" joins "Treasury Department", "the Community" joins "European Community", and a
    lone word NER took for a person ("Cairn") joins "Cairn Energy", when exactly one longer
    organization name of the article starts (or, for organizations, ends) with it; a unit named
    for a country or place ("Yahoo Japan") is no longer form of "Yahoo"."""
    orgs = [e for e in res.entities.values() if e.type == "Organization"]
    lone_people = [e for e in res.entities.values()
                   if e.type == "Person" and " " not in e.label and not e.aliases]
    for short in (*orgs, *lone_people):
        norm = normalise(short.label)
        if short.wikidata or short.key not in res.entities:
            continue

        def extends(form: str, norm: str = norm, org: bool = short.type == "Organization") -> bool:
            full = normalise(form)
            if full.startswith(norm + " "):
                return gaz.lookup(full[len(norm) + 1:]) is None
            return org and " " not in norm and full.endswith(" " + norm)

        longer = [e for e in orgs if e is not short and e.key in res.entities
                  and any(extends(f) for f in (e.label, *(m.text for m in e.mentions)))]
        if len(longer) == 1:
            _merge_into(res, short, longer[0], f"short form of {longer[0].label!r}")


_OF_FORM = re.compile(r"^(department|ministry|office|bureau|agency) (?:of |for )?(?:the )?(.+)$")
_LINK_WORDS = frozenset({"of", "for", "and", "the", "on", "de", "&"})
_COMPANY_ENDINGS = frozenset({"co", "inc", "corp", "ltd", "llc", "plc"})


def _head_last(label: str) -> str:
    """"Department of Homeland Security" and "Homeland Security Department" read alike:
    "homeland security department"."""
    norm = normalise(label)
    match = _OF_FORM.match(norm)
    return f"{match.group(2)} {match.group(1)}" if match else norm


def _merge_reordered_organizations(res: Resolution) -> None:
    """"Homeland Security Department" joins "Department of Homeland Security": one body named with
    its head word first or last."""
    seen: dict[str, Entity] = {}
    for ent in [e for e in res.entities.values() if e.type == "Organization"]:
        form = _head_last(ent.label)
        other = seen.get(form)
        if other is None:
            seen[form] = ent
        elif not (ent.wikidata and other.wikidata):
            src, dst = (ent, other) if not ent.wikidata else (other, ent)
            _merge_into(res, src, dst, f"the same body as {dst.label!r}, its head word moved")
            seen[form] = dst


def _initials(words: list[str]) -> str:
    """Capital initials of a name's words, link words left out ("PGE" of "Pacific Gas & Electric")."""
    return "".join(w[0] for w in words if w.lower() not in _LINK_WORDS and w[:1].isupper())


def _initialled(mentions: list[Mention]) -> dict[str, str]:
    """Acronyms of the article spelt by the initials of one organization it names in full: "the WTO"
    after "the World Tourism Organisation" is that body, whatever else the letters stand for."""
    used = {m.text.replace(".", "") for m in mentions if _is_acronym(m.text)}
    found: dict[str, set[str]] = {}
    for m in mentions:
        words = [w for w in re.split(r"[\s-]+", m.text) if w.lower() not in _LINK_WORDS]
        letters = _initials(words) if m.type == "Organization" and len(words) >= 3 else ""
        if len(letters) >= 3 and letters in used:
            found.setdefault(letters, set()).add(m.text)
    return {normalise(k): next(iter(v)) for k, v in found.items() if len(v) == 1}


def _merge_undefined_acronyms(res: Resolution) -> None:
    """"the NSC" joins "National Security Council" and "PG&E" joins "Pacific Gas & Electric Co."
    when the acronym (three letters or more) is the initials of exactly one organization name of
    the article (a company ending such as "Co." aside), though the text never defines it."""
    orgs = [e for e in res.entities.values() if e.type == "Organization" and len(e.label.split()) >= 2]
    for short in [e for e in res.entities.values() if e.type == "Organization" and _is_acronym(e.label)]:
        letters = re.sub(r"[^A-Z]", "", short.label)
        if len(letters) < 3 or short.wikidata or short.key not in res.entities:
            continue
        fits = []
        for ent in orgs:
            words = [w for w in re.split(r"[\s-]+", ent.label) if w.lower() not in _LINK_WORDS]
            if words and words[-1].lower().rstrip(".") in _COMPANY_ENDINGS:
                words = words[:-1]  # "PG&E" of "Pacific Gas & Electric Co."
            if ent.key in res.entities and _initials(words) == letters:
                fits.append(ent)
        if len(fits) == 1:
            _merge_into(res, short, fits[0], f"the initials of {fits[0].label!r}")


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether two spellings differ by one letter added, dropped or changed ("Zelensky", "Zelenskiy")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


def _merge_spelling_variants(res: Resolution) -> None:
    """"Zelenskiy" and "Volodymyr Zelenskiy" join "Volodymyr Zelensky": a surname spelt one letter
    apart (six letters or more, the first three the same) with the same given name or none, when
    exactly one person of the article fits."""
    people = sorted((e for e in res.entities.values() if e.type == "Person"),
                    key=lambda e: (-len(e.label.split()), -len(e.mentions)))
    for ent in reversed(people):
        words = normalise(ent.label).split()
        if ent.key not in res.entities or not words or len(words[-1]) < 6:
            continue
        fits = [o for o in people if o is not ent and o.key in res.entities
                and len(o.label.split()) >= len(words)
                and (ow := normalise(o.label).split()) and _one_letter_apart(ow[-1], words[-1])
                and ow[-1][:3] == words[-1][:3] and (len(words) == 1 or ow[:-1] == words[:-1])]
        if len(fits) == 1:
            _merge_into(res, ent, fits[0], f"{ent.label!r} spelt one letter apart from {fits[0].label!r}")


def _merge_short_person_forms(res: Resolution) -> None:
    """"Abu Amer" joins "Abu Hassan Amer" and "Al Saud" joins "Abu Anas Al Saud": a person name of
    two or more words that ends exactly one longer person name of the article or, failing that,
    whose words appear in order in exactly one, with the same first and last word."""
    people = [e for e in res.entities.values() if e.type == "Person" and len(e.label.split()) >= 2]
    for short in sorted(people, key=lambda e: len(e.label.split())):
        words = normalise(short.label).split()
        others = [(e, normalise(e.label).split()) for e in people if e is not short and e.key in res.entities]
        ends = [e for e, long in others if len(long) > len(words) and long[-len(words):] == words]
        inside = [e for e, long in others if _contains_in_order(long, words)]
        if short.key not in res.entities:
            continue
        if len(ends) == 1:  # "Abu Amer" is "Sadeq Abu Amer" before it is "Abu Hassan Amer"
            _merge_into(res, short, ends[0], f"short form of {ends[0].label!r} (its last words)")
        elif not ends and len(inside) == 1:
            _merge_into(res, short, inside[0], f"short form of {inside[0].label!r} (same first and last name)")


def _contains_in_order(long: list[str], short: list[str]) -> bool:
    """Whether ``short`` is a shorter subsequence of ``long`` sharing its first and last word."""
    if len(short) >= len(long) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(word in rest for word in short)


def _merge_same_name_across_types(res: Resolution) -> None:
    """One name NER typed two ways in one article ("CoFACE" as ORG and PERSON) is one entity,
    of the type most of its mentions got; a gazetteer entry always keeps its own type."""
    groups: dict[str, list[Entity]] = {}
    for ent in res.entities.values():
        groups.setdefault(normalise(ent.label), []).append(ent)
    for ents in groups.values():
        if len(ents) < 2 or len({e.type for e in ents}) < 2:
            continue
        # people are not written in capitals: an acronym ("BAA") typed both ways is the organization
        winner = max(ents, key=lambda e: (bool(e.wikidata), e.type == "Organization" and _is_acronym(e.label),
                                          len(e.mentions), e.type != "Person"))
        for ent in ents:
            if ent is not winner and not ent.wikidata:
                _merge_into(res, ent, winner, f"same name as the {winner.type.lower()} {winner.label!r}")


def _people_taken_for_organizations(res: Resolution) -> None:
    """"Azim Premji" tagged as an organization is a person when the article calls him "Mr Premji":
    a lone surname with an honorific decides, if exactly one unknown two- or three-word name ends with it."""
    for person in [e for e in res.entities.values() if e.type == "Person" and " " not in e.label]:
        if not any(strip_honorific(a)[1] for a in person.aliases):
            continue
        fits = [e for e in res.entities.values()
                if e.type in ("Organization", "Place") and not e.wikidata and 2 <= len(e.label.split()) <= 3
                and all(w[:1].isupper() and w.isalpha() for w in e.label.split())
                and e.label.split()[-1] == person.label]
        if len(fits) == 1:
            target = _rekey(res, fits[0], f"person:{slug(fits[0].label)}")
            target.type = "Person"
            target.decisions.append(f"a person: the article calls {target.label!r} by surname with an honorific")
            _merge_into(res, person, target, f"surname of {target.label!r}")


def _rekey(res: Resolution, ent: Entity, key: str) -> Entity:
    """Give an entity a new identity key (its IRI), keeping every mention's link to it."""
    if key in res.entities:
        return ent
    old = ent.key
    del res.entities[old]
    ent.key = key
    res.entities[key] = ent
    for table in (res.by_span, res.by_name):
        for k, v in list(table.items()):
            if v == old:
                table[k] = key
    return ent


def _merge_into(res: Resolution, src: Entity, dst: Entity, reason: str) -> None:
    """Move every mention of ``src`` to ``dst`` and forget ``src``."""
    for m in src.mentions:
        dst.mentions.append(m)
        dst.decisions.append(f"{m.text!r} at {m.start}: {reason}")
        if m.text != dst.label:
            dst.aliases.add(m.text)
        res.by_span[(m.start, m.end, m.text)] = dst.key
    dst.aliases |= src.aliases
    for name, key in list(res.by_name.items()):
        if key == src.key:
            res.by_name[name] = dst.key
    del res.entities[src.key]


def _prefer_readable_labels(res: Resolution, gaz: Gazetteer) -> None:
    """Labels as the article writes them: the fullest written form of an organization or place
    ("Treasury Department", not the gazetteer's "United States Department of the Treasury"), a
    dateline-only place in title case ("PEKING" is Peking, not the gazetteer's Beijing), a country
    the article names only by a former name as written ("Burma"); never an all-caps dateline form
    ("BAGHDAD") or a bare acronym where a name exists."""
    for ent in res.entities.values():
        written = [m.text for m in ent.mentions if not _is_caps(m.text) and not _is_acronym(m.text)]
        capitals = [m.text for m in ent.mentions if _is_caps(m.text)]
        if ent.type in ("Organization", "Place") and written:
            best = max(written, key=lambda t: (len(t.split()), len(t)))
        elif ent.type == "Place" and capitals:
            best = max(capitals, key=len).title()
        elif written and (_is_caps(ent.label) or ent.type == "Country" and all(
                normalise(t) in gaz.former.get(ent.key, ()) for t in written)):
            best = max(written, key=len)
        else:
            continue
        if best != ent.label:
            ent.aliases.add(ent.label)
            ent.label = best
            ent.aliases.discard(best)


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("&", "")
    return letters.isupper() and " " not in text and len(letters) <= 6
