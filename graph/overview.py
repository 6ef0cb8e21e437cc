"""The page's data at corpus scale: every actor, every fact, and the edges that fold facts together.

The page draws a people-and-organizations overview: entities joined by what they did together
(met, visited, signed with, hold a post in). Events are folded into edges, and each edge keeps the
facts it folds, so the browser can re-weigh it (events, articles) under any date, kind, outlet or
confidence filter. Everything is read with a few SPARQL queries on an Oxigraph store (a store
folder, or a graph loaded into memory): grouping happens in the queries and here, and what the page
embeds is a compact JSON of tables that refer to each other by index (sentences and articles once).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

TYPES = ("Person", "Country", "Organization", "Place")
EVENT_KINDS = ("meeting", "talks", "summit", "visit", "call", "debate", "interview")
KINDS = (*EVENT_KINDS, "agreement", "role", "quote")
# Words a reader sees for each kind, on edges and in the side panel.
KIND_WORDS = {"meeting": "met", "talks": "held talks", "summit": "summit", "visit": "visited", "call": "call",
              "debate": "debated", "interview": "interview",
              "agreement": "agreement", "role": "holds post", "quote": "said"}
KIND_NAMES = {"meeting": "meetings", "talks": "talks", "summit": "summits", "visit": "visits", "call": "calls",
              "debate": "debates", "interview": "interviews",
              "agreement": "agreements", "role": "posts held", "quote": "quotes"}
QUOTES_PER_SPEAKER = 5  # the page lists a speaker's latest quotes, not all (they outnumber every other fact)
EVIDENCE_PER_FACT = 4  # sentences kept per fact; the articles are all kept

_CLASSES = {"Meeting": "meeting", "Talks": "talks", "Summit": "summit", "Visit": "visit", "Call": "call",
            "Debate": "debate", "Interview": "interview",
            "Agreement": "agreement", "Quote": "quote", "ReportedSpeech": "quote"}
_FACT_VALUES = " ".join(f"ng:{c}" for c in _CLASSES)

Q_ARTICLES = """SELECT ?a ?id ?title ?date ?publisher ?url WHERE {
  ?a a schema:NewsArticle .
  OPTIONAL { ?a schema:identifier ?id } OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a schema:publisher ?publisher }
  OPTIONAL { ?a schema:url ?url } }"""
Q_ENTITIES = """SELECT ?e ?type ?label WHERE {
  VALUES ?type { schema:Person schema:Country schema:Organization schema:Place }
  ?e a ?type . OPTIONAL { ?e rdfs:label ?label } }"""
Q_ALIASES = "SELECT ?e ?alias WHERE { ?e skos:altLabel ?alias }"
# grouped in a sub-query of its own: Oxigraph is slow on GROUP BY joined to labels (DESIGN.md)
Q_MENTIONS = "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a schema:mentions ?e } GROUP BY ?e"
Q_FACTS = f"""SELECT ?f ?class ?status ?start ?created ?kind ?conf WHERE {{
  VALUES ?class {{ {_FACT_VALUES} }}
  ?f a ?class .
  OPTIONAL {{ ?f ng:status ?status }} OPTIONAL {{ ?f schema:startDate ?start }}
  OPTIONAL {{ ?f schema:dateCreated ?created }} OPTIONAL {{ ?f ng:kind ?kind }}
  OPTIONAL {{ ?f ng:confidence ?conf }} }}"""
Q_MEMBERS = """SELECT ?f ?rel ?m WHERE {
  VALUES ?rel { ng:participant ng:party ng:speaker schema:location } ?f ?rel ?m }"""
Q_ROLES = """SELECT ?h ?post ?holder ?title ?htitle ?status ?org ?country ?to ?conf WHERE {
  ?h a ng:RoleHolding ; ng:holder ?holder ; ng:post ?post .
  OPTIONAL { ?post ng:title ?title } OPTIONAL { ?h ng:title ?htitle } OPTIONAL { ?h ng:status ?status }
  OPTIONAL { ?post org:postIn ?org } OPTIONAL { ?post ng:postOf ?country }
  OPTIONAL { ?post ng:accreditedTo ?to } OPTIONAL { ?h ng:confidence ?conf } }"""
Q_EVIDENCE = f"""SELECT ?f ?sentence ?a ?start WHERE {{
  VALUES ?class {{ {_FACT_VALUES} ng:RoleHolding }}
  ?f a ?class ; ng:evidence ?ev .
  ?ev ng:sentence ?sentence ; prov:wasDerivedFrom ?a .
  OPTIONAL {{ ?ev ng:charStart ?start }} }}"""
Q_SOURCES = f"""SELECT ?f ?a WHERE {{
  VALUES ?class {{ {_FACT_VALUES} ng:RoleHolding }} ?f a ?class ; prov:wasDerivedFrom ?a }}"""


@dataclass
class Fact:
    """One fact as the page lists it: a meeting, visit, agreement, post held or quote.

    ``actors`` are the entities taking part (participants, parties, the holder, the speaker);
    ``target`` is where a visit went or what a post is in (an entity id, or "").
    """

    id: str
    kind: str  # one of KINDS
    label: str
    date: str = ""
    status: str = ""
    actors: list[str] = field(default_factory=list)
    target: str = ""
    evidence: list[tuple[str, str, int]] = field(default_factory=list)  # (article, sentence, offset)
    articles: set[str] = field(default_factory=set)
    confidence: float | None = None
    reported: bool = False  # True when ``date`` is the first report's, the text giving none

    def pairs(self) -> list[tuple[str, str]]:
        """The actor pairs this fact joins: met or signed with each other, visited or holds a post in."""
        if self.kind == "quote":
            return []
        if self.kind in ("visit", "role"):
            return [(a, self.target) for a in self.actors if self.target and a != self.target]
        return list(combinations(sorted(set(self.actors)), 2))


@dataclass
class Overview:
    """Every entity, article and fact of a graph, and the actor edges folding the facts."""

    entities: dict[str, tuple[str, str, int, list[str]]]  # id -> (label, type, articles, aliases)
    articles: dict[str, tuple[str, str, str, str, str]]  # id -> (article id, headline, date, outlet, url)
    facts: list[Fact]
    edges: dict[tuple[str, str], list[int]]  # (a, b) with a < b -> indexes into facts

    def entity_order(self) -> list[str]:
        """Entity ids in the page's order (most mentioned first): an entity's index in the page's tables."""
        return sorted(self.entities, key=lambda e: (-self.entities[e][2], self.entities[e][0], e))

    def to_json(self) -> dict:
        """The compact tables the page embeds (lists that point into each other by index)."""
        entity_ids = self.entity_order()
        ent = {e: i for i, e in enumerate(entity_ids)}
        # only the articles some fact cites: at 19,000 articles most report no meeting, visit or post
        cited = {a for f in self.facts for a in f.articles} | {a for f in self.facts for a, _, _ in f.evidence}
        article_ids = sorted(cited & self.articles.keys(),
                             key=lambda a: (self.articles[a][2], self.articles[a][0], a))
        art = {a: i for i, a in enumerate(article_ids)}
        outlets = sorted({self.articles[a][3] for a in article_ids if self.articles[a][3]})
        outlet = {o: i for i, o in enumerate(outlets)}
        sentences: dict[str, int] = {}
        facts = []
        for f in self.facts:
            evidence = [[art[a], sentences.setdefault(s, len(sentences))] for a, s, _ in f.evidence if a in art]
            facts.append([KINDS.index(f.kind), f.label, f.date, f.status, [ent[a] for a in f.actors if a in ent],
                          ent.get(f.target, -1), evidence, sorted(art[a] for a in f.articles if a in art),
                          f.confidence, int(f.reported)])
        return {
            "kinds": list(KINDS), "kindWords": [KIND_WORDS[k] for k in KINDS],
            "kindNames": [KIND_NAMES[k] for k in KINDS], "types": list(TYPES),
            "outlets": outlets, "articleCount": len(self.articles),
            "articles": [[*self.articles[a][:3], outlet.get(self.articles[a][3], -1), self.articles[a][4]]
                         for a in article_ids],
            "entities": [[self.entities[e][0], TYPES.index(self.entities[e][1]), self.entities[e][2],
                          "|".join(self.entities[e][3])] for e in entity_ids],
            "sentences": list(sentences),
            "facts": facts,
            "edges": [[ent[a], ent[b], idx] for (a, b), idx in sorted(self.edges.items(), key=lambda kv: (
                -len(kv[1]), ent[kv[0][0]], ent[kv[0][1]]))],
        }

    def find(self, name: str) -> str:
        """The entity whose label or alias is ``name`` (case-insensitive; the most mentioned wins a tie),
        else the only one containing it; LookupError names up to three near misses."""
        from graph.analytics import find_name

        return find_name(((e, label, aliases) for e, (label, _, _, aliases) in
                          sorted(self.entities.items(), key=lambda kv: -kv[1][2])), name)


def as_store(g: Graph | ox.Store) -> ox.Store:
    """An Oxigraph store holding ``g``: a store as it is; an rdflib graph or dataset (its union) copied
    into memory as N-Triples, which Oxigraph reads in a fraction of the time rdflib takes to query."""
    import pyoxigraph as ox

    from graph.remote import RemoteStore

    if isinstance(g, (ox.Store, RemoteStore)):  # a SPARQL server answers the same queries itself
        return g  # type: ignore[return-value]
    from rdflib import Dataset

    from graph.rdf import union_graph

    plain = union_graph(g) if isinstance(g, Dataset) else g
    store = ox.Store()
    data = plain.serialize(format="nt", encoding="utf-8")
    if data.strip():
        store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def _rows(store: ox.Store, text: str) -> list[dict[str, str]]:
    """A SELECT's rows as dicts of plain strings (unbound variables left out)."""
    from graph.sparql import standard_prefixes

    answer = store.query(text, prefixes=standard_prefixes())
    names = [v.value for v in answer.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in answer]


def _tail(iri: str) -> str:
    """The last segment of an IRI (a class's local name, or a stand-in label)."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def read_overview(g: Graph | ox.Store, quotes_per_speaker: int = QUOTES_PER_SPEAKER) -> Overview:
    """Read the overview of a graph (an rdflib graph or dataset, or an Oxigraph store)."""
    store = as_store(g)
    entities = _entities(store)
    articles = {r["a"]: (r.get("id", _tail(r["a"])), r.get("title", r.get("id", _tail(r["a"]))),
                         r.get("date", "")[:10], r.get("publisher", ""), r.get("url", ""))
                for r in _rows(store, Q_ARTICLES)}
    facts = _facts(store, entities)
    roles, holdings = _roles(store, entities)
    facts.extend(roles)
    _add_evidence(store, facts, holdings)
    for f in facts:
        if not f.date:  # an undated fact was true (or planned) by the time it was first reported
            f.date = min((articles[a][2] for a in f.articles if a in articles and articles[a][2]), default="")
            f.reported = bool(f.date)
    facts = _latest_quotes(facts, quotes_per_speaker)
    facts.sort(key=lambda f: (f.date or "9999", KINDS.index(f.kind), f.label, f.id))
    edges: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        for a, b in f.pairs():
            edges[(a, b) if a < b else (b, a)].append(i)
    return Overview(entities, articles, facts, dict(edges))


def _entities(store: ox.Store) -> dict[str, tuple[str, str, int, list[str]]]:
    """Every entity: id -> (label, type, articles mentioning it, other names)."""
    labels: dict[str, set[str]] = defaultdict(set)
    types: dict[str, str] = {}
    for r in _rows(store, Q_ENTITIES):
        type_name = _tail(r["type"])
        if r["e"] not in types or TYPES.index(type_name) < TYPES.index(types[r["e"]]):
            types[r["e"]] = type_name
        labels[r["e"]].add(r.get("label", _tail(r["e"])))
    aliases: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, Q_ALIASES):
        if r["e"] in types:
            aliases[r["e"]].add(r["alias"])
    mentions = {r["e"]: int(r["n"]) for r in _rows(store, Q_MENTIONS)}
    out = {}
    for e, type_name in types.items():
        # articles may spell a name differently: the fullest spelling is the label, the rest aliases
        label = max(labels[e], key=lambda s: (len(s), s))
        others = {}  # one spelling per name up to case ("U.S.", not "u.s."; "Lee", not "LEE"): search ignores case
        for alias in sorted((aliases[e] | labels[e]) - {label}, key=lambda a: (a.isupper(), a.islower(), a)):
            if alias.casefold() != label.casefold():
                others.setdefault(alias.casefold(), alias)
        out[e] = (label, type_name, mentions.get(e, 0), sorted(others.values()))
    return out


def _facts(store: ox.Store, entities: dict) -> list[Fact]:
    """Events, agreements and quotes with at least one known actor (evidence comes later)."""
    facts: dict[str, Fact] = {}
    for r in _rows(store, Q_FACTS):
        f = facts.get(r["f"])
        if f is None:
            kind = _CLASSES[_tail(r["class"])]
            f = facts[r["f"]] = Fact(r["f"], kind, "")
        f.status = f.status or r.get("status", "")
        f.date = f.date or (r.get("start") or r.get("created") or "")[:10]
        if f.kind == "agreement":
            f.label = f.label or r.get("kind", "")
        if "conf" in r:
            f.confidence = max(float(r["conf"]), f.confidence or 0.0)
    for r in _rows(store, Q_MEMBERS):
        f = facts.get(r["f"])
        if f is None or r["m"] not in entities:
            continue
        if r["rel"].endswith("location"):
            f.target = f.target or r["m"]
        elif r["m"] not in f.actors:
            f.actors.append(r["m"])
    for f in facts.values():
        f.actors.sort()
        if f.kind == "agreement":
            f.label = f"{f.label} agreement".strip()
        elif f.kind != "quote":
            f.label = f.kind
    return [f for f in facts.values() if f.actors]


def _roles(store: ox.Store, entities: dict) -> tuple[list[Fact], dict[str, list[str]]]:
    """Posts held, one fact per (holder, post), and the role holdings (with the evidence) of each."""
    from graph.vocab import UNTITLED_POST

    posts: dict[str, Fact] = {}
    holdings: dict[str, list[str]] = defaultdict(list)
    for r in _rows(store, Q_ROLES):
        if r["holder"] not in entities:
            continue
        f = posts.get(r["post"])
        if f is None:
            target = next((r[k] for k in ("org", "country", "to") if r.get(k) in entities), "")
            title = r.get("title") or r.get("htitle") or UNTITLED_POST.get(r.get("status", ""), "post")
            where = [entities[r[k]][0] for k in ("org", "country") if r.get(k) in entities]
            to = f" to {entities[r['to']][0]}" if r.get("to") in entities else ""
            f = posts[r["post"]] = Fact(r["post"], "role", f"{title}{', ' + ' / '.join(where) if where else ''}{to}",
                                        actors=[r["holder"]], target=target)
        holdings[f.id].append(r["h"])
        if "conf" in r:
            f.confidence = max(float(r["conf"]), f.confidence or 0.0)
    return list(posts.values()), holdings


def _add_evidence(store: ox.Store, facts: list[Fact], holdings: dict[str, list[str]]) -> None:
    """Each fact's sentences (at most EVIDENCE_PER_FACT, one per article first) and every reporting
    article; a post takes the evidence of its ``holdings``."""
    sentences: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    sources: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, Q_EVIDENCE):
        sentences[r["f"]].append((r["a"], r["sentence"], int(r.get("start", -1))))
        sources[r["f"]].add(r["a"])
    for r in _rows(store, Q_SOURCES):
        sources[r["f"]].add(r["a"])
    for f in facts:
        nodes = holdings.get(f.id, [f.id])
        found = sorted({ev for n in nodes for ev in sentences.get(n, ())}, key=lambda e: (e[0], e[2], e[1]))
        f.articles = {a for n in nodes for a in sources.get(n, ())}
        kept: list[tuple[str, str, int]] = []
        for ev in found:  # one sentence per article first, so a merged event shows its outlets
            if len(kept) < EVIDENCE_PER_FACT and all(ev[0] != k[0] for k in kept):
                kept.append(ev)
        kept.extend(ev for ev in found if ev not in kept)
        f.evidence = kept[:EVIDENCE_PER_FACT]


def _latest_quotes(facts: list[Fact], per_speaker: int) -> list[Fact]:
    """Every fact but quotes, and each speaker's ``per_speaker`` latest quotes (the page stays small)."""
    by_speaker: dict[str, list[Fact]] = defaultdict(list)
    out = []
    for f in facts:
        (by_speaker[f.actors[0]] if f.kind == "quote" else out).append(f)
    for said in by_speaker.values():
        said.sort(key=lambda f: (f.date, f.id), reverse=True)
        out.extend(said[:per_speaker])
    return out


__all__ = ["KINDS", "TYPES", "Fact", "Overview", "as_store", "read_overview"]
