#!/usr/bin/env python3
"""Score newsgraph on the public annotated suites in ``../shared/suites`` (RAMS, Re-DocRED, PETRARCH-2).

Each suite's records become articles (``id`` = record id, ``text`` = record text as it is, RAMS's
space-joined tokens included, ``published`` only when the record has a date: PETRARCH's ``date``;
no title, since the gold covers the text only); all records of a suite are built in one run of the
project's own CLI (``python -m graph.cli build SUITE.jsonl --store DIR``), and the facts of each
article are read back with SPARQL from its named graph in that Oxigraph store. Nothing but the CLI
and the graph is used, so the numbers measure what a user gets.

Names (``names_match``): a gold span and a graph label match when, case- and punctuation-blind
(``U.S.`` = ``US``, a possessive ``'s`` dropped, hyphens split), the tokens of one are all among the
tokens of the other ("Putin" ~ "Vladimir Putin", "the United States" ~ "United States"), or both are
names of the same country in ``ontology/gazetteer/countries.tsv`` (name, alias or demonym: "Russian"
~ "Russia"). A graph entity is named by its ``rdfs:label`` and every ``skos:altLabel``. Gold spans
that are bare pronouns ("he", "they") never match: naming someone takes coreference the label lacks.

RAMS (``rams_contact_agreement_personnel.jsonl``), one gold event per 5-sentence window:
  * family of a window, from ``kg_category`` and ``event_type`` (``RAMS_FAMILIES``):
    meeting (contact.*.meet: in person) -> ng:Meeting, ng:Talks, ng:Summit, and ng:Debate and
    ng:Interview (RAMS files debates and interviews as contact.discussion/negotiate; our gold does
    not count them as meetings, so the meetings query leaves them out, but they are encounters);
    talks_or_correspondence -> those three plus ng:Call: RAMS ``correspondence`` is contact not in
    person (phone, letter, e-mail), which we type ng:Call when the text says so, but news mostly
    writes "held talks" without saying how, which we type Talks/Meeting; ``n/a`` leaves it open too;
    travel_visit (movement.transportperson) -> ng:Visit; agreement (government.agreements) ->
    ng:Agreement; position_change (personnel.start/end/elect) -> ng:RoleHolding;
    statement (broadcast, correspondence, public statement) -> ng:Quote, ng:ReportedSpeech.
    RAMS files a promise, a request or advice, and a lie made in person under ``meeting``
    (``contact.commitmentpromiseexpressintent.meet``, ``.requestadvise.meet``, ``.prevarication.meet``:
    "vowed to", "urged", "misled"): what happened is a statement, so a statement fact finds those
    windows as well as an encounter does (``SPOKEN_CONTACT``).
  * who a fact names: its participants (ng:participant), parties (ng:party), holder (ng:holder) or
    speaker (ng:speaker); never its place.
  * gold arguments accepted (``RAMS_PERSON_ROLES``): participant, otherparticipant, communicator,
    recipient, transporter, passenger, employee, candidate, violator, rejecternullifier -- the
    roles that name who took part; place, origin, destination, placeofemployment, voter and the like
    are not accepted (a meeting's place is not who met).
  * a window is found when a fact of its family in its article names at least one accepted argument.
    Printed per ``kg_category``: found / windows, and found / windows that have an accepted
    non-pronoun argument at all ("findable"); the overall percentage is over all windows.

Re-DocRED (``redocred_person_role_politics.jsonl``), Wikipedia paragraphs with all gold triples:
  * gold role units: P39 (person, position held) and P35/P6 (place, head of state/government), the
    two merged into one "leads place" relation (a president is often both; a title cannot tell
    them apart). Units of one person whose places name each other ("Russia"/"Russian", "People's
    Republic"/"People's Republic of China": the corpus keeps them as separate entities) are one unit.
  * a person is named by its gold entity's multi-token mentions (all mentions if it has none), so a
    bare surname ("Alger") does not also match the brother ("Harry Alger").
  * our role facts: one per distinct post (holder, title, organization, country) with a named holder
    and a title (a change of a post the text does not name, "X resigned", is no post to match).
  * a role matches a P39 unit when holder ~ person and the title, alone or after the role's
    organization or country ("National Security" + "Adviser"), ~ the position (any mention);
    a "leads place" unit when holder ~ person, the title is a leader's (``is_leader_title``: president,
    prime minister, premier, king, pope, mayor, governor, leader ... not vice-/deputy-/opposition-)
    and the role's country, organization or title names the place (any mention) or the role names
    no country or organization at all ("President Ulysses S. Grant": the text said no more; a role
    of another country does not fit). The recall with the place named too is printed beside it.
  * recall = units matched by some role / units. Precision = roles that match a unit, or that
    match a P488 (chairperson: the organization ~ our organization, country or title, or our role
    is a chair's -- chairman, leader, head, president, pope ... -- and names no organization or
    country) or P108 (employer: the organization ~ our organization, country or title) triple of
    the same person, / roles.
    "Strict precision" counts only P39/P35/P6 matches (many right roles, "Foreign Minister", have
    no gold triple because the position is not an annotated entity).
  * P710 participants, where the event is one we model: the event's name holds a meeting word
    (meeting, talks, summit, conference, negotiations ...) -> any encounter fact; or an agreement
    word (treaty, accord, agreement, pact ...) -> ng:Agreement. Recall = gold participants named by
    a fact of that family in the paragraph / applicable P710 triples (wars, battles and games are out).

PETRARCH-2 (``petrarch2_gsr_validation.jsonl``), one sentence each, expected (source, target, CAMEO):
  * only codes 040-046 (consult, visit, meet, negotiate: any encounter fact, ng:Visit included) and
    057 (sign agreement: ng:Agreement). Events of one record with the same two actors (either
    order) and family are one.
  * an actor code names a country by its first three letters (ISO 3166 alpha-3: ``USAGOV`` ->
    United States); a graph entity stands for a country when its labels name it, or when it holds a
    post of that country (``org:holds/ng:postOf``: "Syrian President Bashar Assad" -> Syria).
    Codes without a country part (``IGO...``) cannot be matched and are counted as such.
  * hit: one fact of the family names both the source and the target (participants, parties, or
    its place: the host of a visit, the third country of a meeting, CAMEO 044). Hit rate = hits /
    events.

    score_suites.py [--suite rams|redocred|petrarch ...] [--misses FILE] [--keep DIR] [--reuse]
                    [--cli CMD] [--jobs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
SUITES = ROOT.parent / "shared" / "suites"
COUNTRIES = ROOT / "ontology" / "gazetteer" / "countries.tsv"
SUITE_FILES = {"rams": "rams_contact_agreement_personnel.jsonl",
               "redocred": "redocred_person_role_politics.jsonl",
               "petrarch": "petrarch2_gsr_validation.jsonl"}

NG = "https://newsgraph.org/ontology#"
ENCOUNTERS = frozenset({"Meeting", "Talks", "Summit", "Call", "Visit"})
DEBATES_INTERVIEWS = frozenset({"Debate", "Interview"})  # encounters the gold's meetings leave out
IN_PERSON = frozenset({"Meeting", "Talks", "Summit"}) | DEBATES_INTERVIEWS
STATEMENTS = frozenset({"Quote", "ReportedSpeech"})
FACT_TYPES = ENCOUNTERS | DEBATES_INTERVIEWS | STATEMENTS | {"Agreement", "RoleHolding"}
WHO_SLOTS = ("participant", "party", "holder", "speaker")

RAMS_FAMILIES: dict[str, frozenset[str]] = {
    "meeting": IN_PERSON,
    "talks_or_correspondence": IN_PERSON | {"Call"},
    "travel_visit": frozenset({"Visit"}),
    "agreement": frozenset({"Agreement"}),
    "position_change": frozenset({"RoleHolding"}),
    "statement": STATEMENTS,
}
SPOKEN_CONTACT = ("contact.commitmentpromiseexpressintent.", "contact.requestadvise.", "contact.prevarication.")
RAMS_PERSON_ROLES = frozenset({"participant", "otherparticipant", "communicator", "recipient", "transporter",
                               "passenger", "employee", "candidate", "violator", "rejecternullifier"})
PRONOUNS = frozenset({"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "this", "that",
                      "who", "which", "one", "ones", "his", "hers", "its", "our", "their", "my", "your", "himself",
                      "herself", "themselves", "itself"})

LEADER_WORDS = ("president", "prime minister", "premier", "chancellor", "king", "queen", "emperor", "empress",
                "monarch", "sultan", "emir", "shah", "tsar", "czar", "pharaoh", "governor", "mayor",
                "taoiseach", "first minister", "chief minister", "chief executive", "head of state",
                "head of government", "regent", "dictator", "caliph", "commissioner", "leader", "pope")
NOT_LEADER_WORDS = frozenset({"vice", "deputy", "assistant", "lieutenant", "opposition", "party", "majority",
                              "minority"})
CHAIR_WORDS = ("chair", "chairman", "chairwoman", "chairperson", "leader", "head", "pope", "secretary general",
               "general secretary", "president", "director general", "chief executive")
MEETING_WORDS = frozenset({"meeting", "meetings", "talks", "summit", "conference", "negotiations", "negotiation",
                           "congress", "forum", "consultations", "dialogue"})
AGREEMENT_WORDS = frozenset({"treaty", "accord", "accords", "agreement", "pact", "convention", "protocol"})
PETRARCH_FAMILIES = {"04": ENCOUNTERS, "057": frozenset({"Agreement"})}


class SuiteError(Exception):
    """A problem that ends the run, told in one line."""


# --- names --------------------------------------------------------------------------------------

def tokens(text: str) -> frozenset[str]:
    """Case- and punctuation-blind tokens: ``U.S.`` -> us, ``Russia's`` -> russia, ``al-Assad`` -> al, assad."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[.'`]", "", text)
    return frozenset(re.findall(r"[^\W_]+", text))


@lru_cache(maxsize=1)
def country_table() -> dict[frozenset[str], str]:
    """Tokens of every country name, alias and demonym in the gazetteer -> its ISO alpha-2 code."""
    table: dict[frozenset[str], str] = {}
    if not COUNTRIES.is_file():
        return table
    for line in COUNTRIES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        cols = line.split("\t")
        names = [cols[1]] + [n for col in cols[3:5] for n in col.split("|")]
        for name in names:
            key = tokens(name)
            if key:
                table.setdefault(key, cols[0])
    return table


def country_of(text: str) -> str | None:
    """The ISO alpha-2 code a name, alias or demonym stands for ("the U.S." -> US), else None."""
    table = country_table()
    key = tokens(text)
    return table.get(key) or table.get(key - {"the"})


def is_pronoun(text: str) -> bool:
    """Whether a span is only pronouns ("he", "They", "I"); "US" and "U.S." are the country."""
    words = re.findall(r"[^\W_]+", text.replace(".", ""))
    return bool(words) and all(w.lower() in PRONOUNS and not (len(w) > 1 and w.isupper()) for w in words)


def names_match(gold: str, label: str) -> bool:
    """Whether a gold span and a graph label name the same thing (see the module docstring)."""
    g, lab = tokens(gold), tokens(label)
    if not g or not lab or is_pronoun(gold):
        return False
    if g <= lab or lab <= g:
        return True
    code = country_of(gold)
    return code is not None and code == country_of(label)


def any_names_match(golds: Iterable[str], labels: Iterable[str]) -> bool:
    """Whether any gold span names any of the labels."""
    labels = list(labels)
    return any(names_match(g, lab) for g in golds for lab in labels)


# --- facts read from the graph ------------------------------------------------------------------

@dataclass(frozen=True)
class Named:
    """An entity a fact names: its labels and the countries it stands for (its own, or its posts')."""

    labels: frozenset[str]
    countries: frozenset[str] = frozenset()


@dataclass
class Fact:
    """One fact node of an article: its class (local name), title (roles) and the entities per slot."""

    type: str
    title: str = ""
    slots: dict[str, list[Named]] = field(default_factory=dict)

    def named(self, slots: Iterable[str] = WHO_SLOTS) -> list[Named]:
        """The entities in the given slots."""
        return [n for s in slots for n in self.slots.get(s, [])]


_PREFIXES = """PREFIX ng: <https://newsgraph.org/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Each fact (roles: each post, so a role told twice is one fact) with the entities in its slots.
_FACTS_QUERY = _PREFIXES + """
SELECT ?g ?id ?fact ?type ?title ?slot ?ent WHERE {
  GRAPH ?g {
    ?art a schema:NewsArticle ; schema:identifier ?id .
    ?node a ?type ; prov:wasDerivedFrom ?art .
    FILTER (STRSTARTS(STR(?type), STR(ng:)) && ?type != ng:Evidence)
    OPTIONAL { ?node ng:post ?post }
    BIND (COALESCE(?post, ?node) AS ?fact)
    OPTIONAL { ?node ng:title ?title }
    OPTIONAL {
      { ?node ?slot ?ent . VALUES ?slot { ng:participant ng:party ng:holder ng:speaker schema:location } }
      UNION
      { ?node ng:post ?p . ?p ?slot ?ent . VALUES ?slot { org:postIn ng:postOf ng:accreditedTo } }
    }
  }
}"""
# Every label of every entity, and the labels of the countries whose posts it holds, per article graph.
_LABELS_QUERY = _PREFIXES + """
SELECT ?g ?ent ?label ?kind WHERE {
  GRAPH ?g {
    { ?ent rdfs:label|skos:altLabel ?label . BIND ("name" AS ?kind) }
    UNION
    { ?ent org:holds/ng:postOf ?c . ?c rdfs:label|skos:altLabel ?label . BIND ("post" AS ?kind) }
  }
}"""


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def read_facts(store: ox.Store) -> dict[str, list[Fact]]:
    """Facts of every article in the store, by article id."""
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    posts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.query(_LABELS_QUERY):
        key = (row["g"].value, row["ent"].value)
        (names if row["kind"].value == "name" else posts)[key].add(row["label"].value)
    graph_of: dict[str, str] = {}
    facts: dict[tuple[str, str], Fact] = {}
    entities: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for row in store.query(_FACTS_QUERY):
        article, fact_iri = row["id"].value, row["fact"].value
        graph_of[article] = row["g"].value
        local = _local(row["type"].value)
        if local not in FACT_TYPES:
            continue
        fact = facts.setdefault((article, fact_iri), Fact(local))
        if row["title"] is not None:
            fact.title = row["title"].value
        if row["slot"] is not None:
            entities[(article, fact_iri)].add((_local(row["slot"].value), row["ent"].value))
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for (article, fact_iri), fact in facts.items():
        g = graph_of[article]
        for slot, ent in sorted(entities[(article, fact_iri)]):
            labels = frozenset(names.get((g, ent), ()))
            countries = frozenset(filter(None, map(country_of, labels | posts.get((g, ent), set()))))
            fact.slots.setdefault(slot, []).append(Named(labels, countries))
        by_article[article].append(fact)
    return dict(by_article)


# --- reading suites and building ----------------------------------------------------------------

def read_suite(path: Path) -> Iterator[dict]:
    """The records of a suite file; a bad line is reported (file and line) and skipped."""
    if not path.is_file():
        raise SuiteError(f"{path}: no such suite file")
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{number}: not a JSON record ({exc.msg}); skipped", file=sys.stderr)
                continue
            if not isinstance(record, dict) or not isinstance(record.get("id"), str) \
                    or not isinstance(record.get("text"), str):
                print(f"{path}:{number}: record without an 'id' and a 'text'; skipped", file=sys.stderr)
                continue
            yield record


def article_record(record: dict) -> dict:
    """What the CLI reads for one suite record: its id and text, and its date when it has one."""
    article = {"id": record["id"], "text": record["text"]}
    if record.get("date"):
        article["published"] = str(record["date"])
    return article


def build_store(records: list[dict], store: Path, cli: list[str], jobs: int) -> None:
    """Build all records into a fresh Oxigraph store folder with the project's CLI (one run)."""
    if (store / "CURRENT").is_file():  # a store this script built before: records since dropped must go
        shutil.rmtree(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    source = store.with_suffix(".jsonl")
    source.write_text("".join(json.dumps(article_record(r)) + "\n" for r in records), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([*cli, "build", str(source), "--store", str(store), "--jobs", str(jobs), "-q"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    for line in done.stderr.splitlines():
        print(f"build: {line}", file=sys.stderr)
    if done.returncode != 0:
        raise SuiteError(f"{source}: the build failed (exit {done.returncode}; its messages are above)")


def open_store(path: Path) -> ox.Store:
    """The built store, read-only."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise SuiteError(f"{path}: cannot open the store ({str(exc).splitlines()[0]})") from exc


# --- RAMS ---------------------------------------------------------------------------------------

def rams_gold_names(record: dict) -> list[str]:
    """The accepted gold arguments of a window that are not bare pronouns."""
    return [a["text"] for a in record.get("arguments", [])
            if a.get("role") in RAMS_PERSON_ROLES and tokens(a["text"]) and not is_pronoun(a["text"])]


def rams_found(record: dict, facts: list[Fact]) -> bool:
    """Whether a fact of the window's family names one of its accepted gold arguments."""
    family = RAMS_FAMILIES.get(record.get("kg_category", ""), frozenset())
    if record.get("event_type", "").startswith(SPOKEN_CONTACT):
        family |= STATEMENTS
    golds = rams_gold_names(record)
    return any(f.type in family and any_names_match(golds, (lab for n in f.named() for lab in n.labels))
               for f in facts)


@dataclass
class Tally:
    """Found / total counts, by category."""

    found: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    findable: Counter = field(default_factory=Counter)

    def add(self, category: str, found: bool, findable: bool = True) -> None:
        self.total[category] += 1
        self.found[category] += found
        self.findable[category] += findable


def score_rams(records: list[dict], facts: dict[str, list[Fact]]) -> tuple[Tally, list[dict]]:
    """Per-category windows found, and the missed windows."""
    tally, misses = Tally(), []
    for record in records:
        category = record.get("kg_category", "?")
        found = rams_found(record, facts.get(record["id"], []))
        tally.add(category, found, bool(rams_gold_names(record)))
        if not found:
            sentences = record.get("sentences") or [record["text"]]
            index = record.get("trigger_sentence_index", 0)
            misses.append({"id": record["id"], "category": category, "event_type": record.get("event_type", ""),
                           "trigger": (record.get("trigger") or {}).get("text", ""),
                           "gold": " | ".join(rams_gold_names(record)),
                           "sentence": sentences[index] if 0 <= index < len(sentences) else ""})
    return tally, misses


# --- Re-DocRED ----------------------------------------------------------------------------------

@dataclass
class RoleUnit:
    """A gold role: a person and the position held (P39) or the place led (P35/P6)."""

    relation: str  # "P39" or "leads"
    person: list[str]
    anchor: list[str]


def person_names(entity: dict) -> list[str]:
    """The mentions that name a person: its multi-token ones, else all."""
    mentions = sorted(set(entity.get("mentions") or []) | {entity["name"]})
    full = [m for m in mentions if len(tokens(m)) > 1]
    return full or mentions


def entity_mentions(record: dict) -> dict[str, dict]:
    """Gold entities by name."""
    return {e["name"]: e for e in record.get("entities", [])}


def _all_mentions(entities: dict[str, dict], name: str) -> list[str]:
    entity = entities.get(name)
    return sorted(set(entity.get("mentions") or []) | {name}) if entity else [name]


def _person(entities: dict[str, dict], name: str) -> list[str]:
    return person_names(entities.get(name) or {"name": name})


def gold_role_units(record: dict) -> list[RoleUnit]:
    """P39 and P35/P6 triples as role units, places of one person that name each other merged."""
    entities = entity_mentions(record)
    units: list[RoleUnit] = []
    for t in record.get("expected_triples", []):
        if t["relation"] == "P39":
            unit = RoleUnit("P39", _person(entities, t["head"]), _all_mentions(entities, t["tail"]))
        elif t["relation"] in ("P35", "P6"):
            unit = RoleUnit("leads", _person(entities, t["tail"]), _all_mentions(entities, t["head"]))
        else:
            continue
        same = next((u for u in units if u.relation == unit.relation and u.person == unit.person
                     and any_names_match(u.anchor, unit.anchor)), None)
        if same:
            same.anchor = sorted(set(same.anchor) | set(unit.anchor))
        else:
            units.append(unit)
    return units


def _title_has(title: str, phrases: Iterable[str]) -> bool:
    words = tokens(title)
    text = " ".join(re.findall(r"[^\W_]+", title.lower()))
    return not words & NOT_LEADER_WORDS and any(re.search(rf"\b{p}\b", text) for p in phrases)


def is_leader_title(title: str) -> bool:
    """Whether a title is a head of state's or government's ("President", not "Vice President")."""
    return _title_has(title, LEADER_WORDS)


def _labels(fact: Fact, slots: Iterable[str]) -> list[str]:
    return [lab for n in fact.named(slots) for lab in n.labels]


def role_matches_unit(role: Fact, unit: RoleUnit, place_named: bool = False) -> bool:
    """Whether one of our roles states a gold role unit (see the module docstring); a leader's role
    that names no country or organization ("President Grant") fits any place unless ``place_named``."""
    if not any_names_match(unit.person, _labels(role, ["holder"])):
        return False
    where = _labels(role, ["postOf", "postIn"])
    if unit.relation == "P39":
        return any_names_match(unit.anchor, [role.title, *(f"{w} {role.title}" for w in where)])
    if not is_leader_title(role.title):
        return False
    return any_names_match(unit.anchor, [*where, role.title]) or not (where or place_named)


def role_supported(role: Fact, record: dict) -> bool:
    """Whether a P488 (chairperson) or P108 (employer) triple of the holder backs one of our roles:
    our organization or country names theirs, or (P488) our role is a chair's and names none."""
    entities = entity_mentions(record)
    holder = _labels(role, ["holder"])
    where = _labels(role, ["postIn", "postOf"])
    for t in record.get("expected_triples", []):
        if t["relation"] == "P488":
            person, org = t["tail"], t["head"]
            fits = not where and _title_has(role.title, CHAIR_WORDS)
        elif t["relation"] == "P108":
            person, org, fits = t["head"], t["tail"], False
        else:
            continue
        if any_names_match(_person(entities, person), holder) and \
                (fits or any_names_match(_all_mentions(entities, org), [*where, role.title])):
            return True
    return False


def p710_family(event_name: str) -> frozenset[str] | None:
    """The fact family a P710 event belongs to, or None when it is none we model (a war, a cup)."""
    words = tokens(event_name)
    if words & MEETING_WORDS:
        return ENCOUNTERS
    if words & AGREEMENT_WORDS:
        return frozenset({"Agreement"})
    return None


@dataclass
class RoleScore:
    """Counts behind the Re-DocRED numbers."""

    units: int = 0
    units_found: int = 0
    units_found_named: int = 0
    roles: int = 0
    roles_strict: int = 0
    roles_supported: int = 0
    p710: int = 0
    p710_found: int = 0
    p710_all: int = 0


def score_redocred(records: list[dict], facts: dict[str, list[Fact]]) -> RoleScore:
    """Roles recall/precision against P39/P35/P6 and P710 participant recall (see the docstring)."""
    score = RoleScore()
    for record in records:
        article_facts = facts.get(record["id"], [])
        roles = [f for f in article_facts if f.type == "RoleHolding" and f.slots.get("holder") and f.title]
        units = gold_role_units(record)
        score.units += len(units)
        for unit in units:
            if any(role_matches_unit(r, unit) for r in roles):
                score.units_found += 1
                score.units_found_named += any(role_matches_unit(r, unit, place_named=True) for r in roles)
        for role in roles:
            strict = any(role_matches_unit(role, u) for u in units)
            score.roles += 1
            score.roles_strict += strict
            score.roles_supported += strict or role_supported(role, record)
        entities = entity_mentions(record)
        for t in record.get("expected_triples", []):
            if t["relation"] != "P710":
                continue
            score.p710_all += 1
            family = p710_family(t["head"])
            if family is None:
                continue
            score.p710 += 1
            golds = _all_mentions(entities, t["tail"])
            score.p710_found += any(f.type in family and any_names_match(golds, _labels(f, WHO_SLOTS))
                                    for f in article_facts)
    return score


# --- PETRARCH -----------------------------------------------------------------------------------

@lru_cache(maxsize=256)
def actor_country(code: str) -> str | None:
    """The ISO alpha-2 country of a CAMEO actor code (``USAGOV`` -> US), or None (``IGOEUREEC``)."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code[:3].upper())
    return country.alpha_2 if country else None


def petrarch_events(record: dict) -> list[tuple[str, str, frozenset[str]]]:
    """The record's meet/visit/negotiate and sign-agreement events: (source, target, fact family),
    one per pair of actors and family whatever the order."""
    seen, events = set(), []
    for e in record.get("expected_events", []):
        code = e.get("cameo_code", "")
        family = PETRARCH_FAMILIES.get(code) or (PETRARCH_FAMILIES["04"] if re.fullmatch(r"04[0-6]\d*", code)
                                                 else None)
        if family is None:
            continue
        key = (frozenset({e["source_actor_code"], e["target_actor_code"]}), family)
        if key not in seen:
            seen.add(key)
            events.append((e["source_actor_code"], e["target_actor_code"], family))
    return events


def fact_names_actor(fact: Fact, code: str) -> bool:
    """Whether a fact's participants, parties or place stand for the actor's country."""
    country = actor_country(code)
    return country is not None and any(country in n.countries
                                       for n in fact.named((*WHO_SLOTS, "location")))


def score_petrarch(records: list[dict], facts: dict[str, list[Fact]]) -> tuple[int, int, int, list[str]]:
    """(hits, events, events whose actor codes have no country part, lines about each event)."""
    hits = events = uncoded = 0
    lines = []
    for record in records:
        for source, target, family in petrarch_events(record):
            events += 1
            uncoded += actor_country(source) is None or actor_country(target) is None
            hit = any(f.type in family and fact_names_actor(f, source) and fact_names_actor(f, target)
                      for f in facts.get(record["id"], []))
            hits += hit
            lines.append(f"  {'hit ' if hit else 'miss'} {record['id']}: {source} - {target}")
    return hits, events, uncoded, lines


# --- running ------------------------------------------------------------------------------------

def _pct(found: int, total: int) -> str:
    return f"{100 * found / total:5.1f}%" if total else "    -"


def report_rams(tally: Tally) -> list[str]:
    """The RAMS table."""
    lines = [f"  {'category':<25}{'found':>6}{'windows':>9}{'%':>8}{'findable':>10}{'%':>8}"]
    for cat in sorted(tally.total):
        f, t, fi = tally.found[cat], tally.total[cat], tally.findable[cat]
        lines.append(f"  {cat:<25}{f:>6}{t:>9}{_pct(f, t):>8}{fi:>10}{_pct(f, fi):>8}")
    f, t, fi = sum(tally.found.values()), sum(tally.total.values()), sum(tally.findable.values())
    lines.append(f"  {'overall':<25}{f:>6}{t:>9}{_pct(f, t):>8}{fi:>10}{_pct(f, fi):>8}")
    return lines


def write_misses(path: Path, misses: list[dict]) -> None:
    """The missed windows as TSV (id, category, event type, trigger, gold, trigger sentence), atomically."""
    columns = ["id", "category", "event_type", "trigger", "gold", "sentence"]
    body = "\t".join(columns) + "\n" + "".join(
        "\t".join(" ".join(str(m[c]).split()) for c in columns) + "\n" for m in misses)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=f".{path.name}.") as out:
        out.write(body)
    os.replace(out.name, path)


def suite_facts(name: str, records: list[dict], work: Path, args: argparse.Namespace) -> dict[str, list[Fact]]:
    """Build one suite (unless --reuse finds its store) and read its facts."""
    store = work / f"{name}.store"
    if not (args.reuse and (store / "CURRENT").is_file()):
        build_store(records, store, shlex.split(args.cli) if args.cli else [sys.executable, "-m", "graph.cli"],
                    args.jobs)
    return read_facts(open_store(store))


def run(args: argparse.Namespace, work: Path) -> dict:
    """Score the chosen suites; print the tables; return the numbers."""
    numbers: dict = {}
    for name in args.suite or list(SUITE_FILES):
        records = list(read_suite(args.suites / SUITE_FILES[name]))
        facts = suite_facts(name, records, work, args)
        if name == "rams":
            tally, misses = score_rams(records, facts)
            found, total, findable = (sum(c.values()) for c in (tally.found, tally.total, tally.findable))
            print(f"RAMS: windows with a fact of their family naming a gold participant ({len(records)} windows)")
            print("\n".join(report_rams(tally)))
            numbers["rams"] = {"found": found, "windows": total, "findable": findable,
                               "by_category": {c: [tally.found[c], tally.total[c]] for c in sorted(tally.total)}}
            if args.misses:
                write_misses(args.misses, misses)
                print(f"  {len(misses)} missed windows written to {args.misses}")
        elif name == "redocred":
            s = score_redocred(records, facts)
            print(f"Re-DocRED: roles against P39/P35/P6 ({len(records)} paragraphs)")
            print(f"  recall     {s.units_found}/{s.units} gold role units = {_pct(s.units_found, s.units)}  "
                  f"(the place named too: {s.units_found_named} = {_pct(s.units_found_named, s.units)})")
            print(f"  precision  {s.roles_supported}/{s.roles} roles backed by P39/P35/P6/P488/P108 = "
                  f"{_pct(s.roles_supported, s.roles)}  (strict, P39/P35/P6 only: {_pct(s.roles_strict, s.roles)})")
            print(f"  P710       {s.p710_found}/{s.p710} participants of meetings/agreements named "
                  f"({s.p710_all - s.p710} of {s.p710_all} P710 triples are wars, battles, games: not ours)")
            numbers["redocred"] = vars(s)
        else:
            hits, events, uncoded, lines = score_petrarch(records, facts)
            print(f"PETRARCH-2: 040-046 and 057 events whose source and target one fact names ({len(records)} sentences)")
            print("\n".join(lines))
            print(f"  hit rate   {hits}/{events} = {_pct(hits, events)}  ({uncoded} with an actor code "
                  "that names no country)")
            numbers["petrarch"] = {"hits": hits, "events": events, "uncoded": uncoded}
    return numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", action="append", choices=list(SUITE_FILES), help="suite to score (repeatable)")
    parser.add_argument("--suites", type=Path, default=SUITES, help="folder of the suite files")
    parser.add_argument("--misses", type=Path, help="write the missed RAMS windows to this TSV file")
    parser.add_argument("--keep", type=Path, help="build the stores in this folder and keep them")
    parser.add_argument("--reuse", action="store_true", help="with --keep: read stores already built there")
    parser.add_argument("--cli", help="newsgraph command (default: this Python, -m graph.cli, from this tree)")
    parser.add_argument("--jobs", type=int, default=1, help="build worker processes (default 1)")
    parser.add_argument("--json", action="store_true", help="also print the numbers as one JSON line")
    args = parser.parse_args(argv)
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep DIR")
    try:
        if args.keep:
            numbers = run(args, args.keep)
        else:
            with tempfile.TemporaryDirectory(prefix="score-suites-") as work:
                numbers = run(args, Path(work))
    except SuiteError as exc:
        print(f"score_suites: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(numbers, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
