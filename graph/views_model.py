"""The RDF graph projected onto drawable nodes and edges, each carrying its evidence.

Views never keep a second data model: this module reads any rdflib graph that uses the newsgraph
vocabulary (entities, role holdings, events, agreements, quotes, evidence nodes) and returns a
plain :class:`Projection`. Entities and n-ary facts (events, agreements, quotes) become nodes;
role holdings collapse into ``holds post`` edges from the holder to the organization or country.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.vocab import ENTITY_CLASSES, EVENT_CLASSES, NG, ORG, SCHEMA, UNTITLED_POST

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node as RDFNode

ENTITY_TYPES = tuple(ENTITY_CLASSES)  # Person, Country, Organization, Place
EVENT_TYPES = tuple(kind.capitalize() for kind in EVENT_CLASSES)  # Meeting, Talks, Summit, Visit, Call
FACT_TYPES = (*EVENT_TYPES, "Agreement", "Quote")
NODE_TYPES = (*ENTITY_TYPES, *FACT_TYPES)

# Edge relations and the words drawn on them.
RELATIONS = {"holds": "holds post", "accredited": "accredited to", "met": "met", "visited": "visited",
             "location": "in", "party": "party to", "said": "said", "proposed": "proposed"}


@dataclass(frozen=True)
class Ev:
    """One piece of evidence as a reader sees it: the sentence and the article it came from."""

    sentence: str
    article: str = ""  # headline (or id) of the article
    published: str = ""  # the article's publication date, ISO
    start: int = -1
    end: int = -1


@dataclass
class Node:
    """An entity or a fact node, with what a tooltip or an export needs."""

    id: str
    type: str  # one of NODE_TYPES
    label: str
    details: dict[str, str] = field(default_factory=dict)  # e.g. status, date, aliases, posts
    evidence: list[Ev] = field(default_factory=list)
    mentions: int = 0


@dataclass
class Edge:
    """A labelled edge; ``relation`` is a key of RELATIONS, ``label`` the words drawn on it."""

    source: str
    target: str
    relation: str
    label: str
    date: str = ""
    evidence: list[Ev] = field(default_factory=list)


@dataclass
class Projection:
    """Nodes by id and edges (merged when the same relation is read more than once)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    _index: dict[tuple[str, str, str, str], Edge] = field(default_factory=dict, repr=False)

    def edge(self, source: str, target: str, relation: str, label: str, date: str = "",
             evidence: Iterable[Ev] = ()) -> None:
        """Add an edge, or add evidence to the same edge seen before."""
        if source not in self.nodes or target not in self.nodes:
            return
        key = (source, target, relation, label)
        if key in self._index:
            e = self._index[key]
            e.evidence.extend(ev for ev in evidence if ev not in e.evidence)
            e.date = e.date or date
            return
        self._index[key] = Edge(source, target, relation, label, date, list(evidence))
        self.edges.append(self._index[key])


class _GraphReader:
    """Small helpers over one rdflib graph: labels, literals, evidence with article titles."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._articles: dict[RDFNode, tuple[str, str]] = {}

    def value(self, node: RDFNode, prop: RDFNode) -> str:
        v = self.g.value(node, prop)
        return "" if v is None else str(v)

    def label(self, node: RDFNode) -> str:
        from rdflib.namespace import RDFS, SKOS

        for prop in (SKOS.prefLabel, RDFS.label, NG.title, SCHEMA.name):
            v = self.g.value(node, prop)
            if v is not None:
                return str(v)
        text = str(node)
        return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def article(self, node: RDFNode | None) -> tuple[str, str]:
        """(headline, publication date) of an article node, cached."""
        if node is None:
            return "", ""
        if node not in self._articles:
            title = self.value(node, SCHEMA.headline) or self.value(node, SCHEMA.identifier) or self.label(node)
            self._articles[node] = (title, self.value(node, SCHEMA.datePublished))
        return self._articles[node]

    def evidence(self, node: RDFNode) -> list[Ev]:
        """Evidence of a fact or entity node, in text order."""
        from rdflib.namespace import PROV

        out = []
        for ev in self.g.objects(node, NG.evidence):
            title, published = self.article(self.g.value(ev, PROV.wasDerivedFrom))
            out.append(Ev(self.value(ev, NG.sentence), title, published,
                          _int(self.value(ev, NG.charStart)), _int(self.value(ev, NG.charEnd))))
        return sorted(set(out), key=lambda e: (e.published, e.article, e.start, e.sentence))

    def typed(self, cls: RDFNode) -> Iterator[RDFNode]:
        from rdflib.namespace import RDF

        yield from sorted(set(self.g.subjects(RDF.type, cls)), key=str)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1


def _short(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def project(g: Graph) -> Projection:
    """Project an rdflib graph (or the union of a dataset) onto nodes and labelled edges."""
    from rdflib.namespace import SKOS

    g = _as_graph(g)
    r, proj = _GraphReader(g), Projection()
    for type_name, cls in ENTITY_CLASSES.items():
        for node in r.typed(cls):
            if str(node) in proj.nodes:
                continue
            evidence = r.evidence(node)
            aliases = sorted({str(a) for a in g.objects(node, SKOS.altLabel)} - {r.label(node)})
            details = {"aliases": "; ".join(aliases)} if aliases else {}
            proj.nodes[str(node)] = Node(str(node), type_name, r.label(node), details, evidence,
                                         mentions=len(evidence))
    _add_roles(r, proj)
    _add_events(r, proj)
    _add_agreements(r, proj)
    _add_quotes(r, proj)
    return proj


def _as_graph(g: Graph) -> Graph:
    """A Dataset seen as the union of its named graphs (a view over the same store, nothing
    copied); a plain graph as it is."""
    from rdflib import Dataset

    if isinstance(g, Dataset) and not g.default_union:
        return Dataset(store=g.store, default_union=True)
    return g


def _fact_node(r: _GraphReader, proj: Projection, node: RDFNode, type_name: str, label: str,
               date: str = "") -> Node:
    from rdflib.namespace import PROV

    details = {k: v for k, v in (("status", r.value(node, NG.status)), ("date", date),
                                 ("date as written", r.value(node, NG.dateText)),
                                 ("kind", r.value(node, NG.kind)), ("trigger", r.value(node, NG.trigger)))
               if v}
    evidence = r.evidence(node)
    if not evidence:  # a fact without an evidence node still names its article
        title, published = r.article(r.g.value(node, PROV.wasDerivedFrom))
        if title:
            evidence = [Ev("", title, published)]
    fact = Node(str(node), type_name, label, details, evidence)
    proj.nodes[fact.id] = fact
    return fact


def _add_roles(r: _GraphReader, proj: Projection) -> None:
    """Role holdings become holder -> organization/country edges labelled with the title."""
    for holding in r.typed(NG.RoleHolding):
        holder, post = r.g.value(holding, NG.holder), r.g.value(holding, NG.post)
        if holder is None or post is None or str(holder) not in proj.nodes:
            continue
        title = r.value(post, NG.title) or r.value(holding, NG.title) or UNTITLED_POST.get(
            r.value(holding, NG.status) or "", r.label(post))
        evidence = r.evidence(holding)
        person = proj.nodes[str(holder)]
        posts = [p for p in person.details.get("posts", "").split("; ") if p]
        where = [r.label(t) for t in (r.g.value(post, ORG.postIn), r.g.value(post, NG.postOf)) if t is not None]
        full = f"{title}, {' / '.join(where)}" if where else title
        if full not in posts:
            person.details["posts"] = "; ".join([*posts, full])
        target = r.g.value(post, ORG.postIn) or r.g.value(post, NG.postOf)
        if target is not None:
            proj.edge(str(holder), str(target), "holds", title, evidence=evidence)
        to = r.g.value(post, NG.accreditedTo)
        if to is not None:
            proj.edge(str(holder), str(to), "accredited", f"{title} to", evidence=evidence)


def _add_events(r: _GraphReader, proj: Projection) -> None:
    """Meetings, talks, summits, visits and calls become nodes joined to participants and place."""
    for kind, cls in EVENT_CLASSES.items():
        type_name = kind.capitalize()
        for node in r.typed(cls):
            if str(node) in proj.nodes:
                continue
            date = r.value(node, SCHEMA.startDate)
            status = r.value(node, NG.status)
            label = type_name + (f" ({status})" if status and status != "held" else "")
            fact = _fact_node(r, proj, node, type_name, label + (f"\n{date}" if date else ""), date)
            participants = sorted(str(p) for p in r.g.objects(node, NG.participant))
            fact.details["participants"] = ", ".join(proj.nodes[p].label for p in participants if p in proj.nodes)
            relation = "visited" if kind == "visit" else "met"
            for p in participants:
                proj.edge(p, fact.id, relation, RELATIONS[relation], date, fact.evidence)
            place = r.g.value(node, SCHEMA.location)
            if place is not None and str(place) in proj.nodes:
                fact.details["place"] = proj.nodes[str(place)].label
                proj.edge(fact.id, str(place), "location", RELATIONS["location"], date, fact.evidence)
            proposer = r.g.value(node, NG.proposedBy)
            if proposer is not None:
                proj.edge(str(proposer), fact.id, "proposed", RELATIONS["proposed"], date, fact.evidence)


def _add_agreements(r: _GraphReader, proj: Projection) -> None:
    for node in r.typed(NG.Agreement):
        kind, status = r.value(node, NG.kind), r.value(node, NG.status)
        date = r.value(node, SCHEMA.startDate)
        label = (f"{kind} agreement" if kind else "Agreement") + (f" ({status})" if status else "")
        fact = _fact_node(r, proj, node, "Agreement", label, date)
        parties = sorted(str(p) for p in r.g.objects(node, NG.party))
        fact.details["parties"] = ", ".join(proj.nodes[p].label for p in parties if p in proj.nodes)
        for p in parties:
            proj.edge(p, fact.id, "party", RELATIONS["party"], date, fact.evidence)


def _add_quotes(r: _GraphReader, proj: Projection) -> None:
    for cls in (NG.Quote, NG.ReportedSpeech):
        for node in r.typed(cls):
            if str(node) in proj.nodes:
                continue
            text = r.value(node, SCHEMA.text)
            date = r.value(node, SCHEMA.dateCreated)
            fact = _fact_node(r, proj, node, "Quote", f"“{_short(text)}”", date)
            fact.details["quote"] = text
            if cls == NG.ReportedSpeech:
                fact.details["kind"] = "reported speech"
            speaker = r.g.value(node, NG.speaker)
            if speaker is not None:
                proj.edge(str(speaker), fact.id, "said", RELATIONS["said"], date, fact.evidence)


def to_networkx(g: Graph | Projection):  # noqa: ANN201 - networkx.MultiDiGraph
    """The graph as a ``networkx.MultiDiGraph`` for analysis and export (GraphML, GEXF).

    Nodes are entities (``type`` Person/Country/Organization/Place) and fact nodes (Meeting,
    Talks, Summit, Visit, Call, Agreement, Quote); edges carry ``relation`` (holds, accredited,
    met, visited, location, party, said, proposed) and ``label``. Every attribute is a string or
    an int, so the graph can be written to GraphML or GEXF as it is; ``evidence`` holds the
    sentences, one per line, and ``article`` the article titles.
    """
    import networkx as nx

    proj = g if isinstance(g, Projection) else project(g)
    G = nx.MultiDiGraph()
    for n in proj.nodes.values():
        attrs = {"label": n.label.replace("\n", " "), "type": n.type, "mentions": n.mentions, **n.details,
                 **_evidence_attrs(n.evidence)}
        G.add_node(n.id, **attrs)
    for e in proj.edges:
        G.add_edge(e.source, e.target, key=f"{e.relation}:{e.label}", relation=e.relation, label=e.label,
                   date=e.date, **_evidence_attrs(e.evidence))
    return G


def _evidence_attrs(evidence: list[Ev]) -> dict[str, str]:
    return {"evidence": "\n".join(e.sentence for e in evidence if e.sentence),
            "article": "\n".join(dict.fromkeys(e.article for e in evidence if e.article)),
            "published": "\n".join(dict.fromkeys(e.published for e in evidence if e.published))}


__all__ = ["ENTITY_TYPES", "FACT_TYPES", "NODE_TYPES", "Edge", "Ev", "Node", "Projection", "project",
           "to_networkx"]
