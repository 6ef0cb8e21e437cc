"""Facts to RDF: one named graph per article in an rdflib ``Dataset``.

Entities are schema.org typed nodes with SKOS labels; roles, events, agreements and quotes are
n-ary fact nodes, each linked to an evidence node (sentence, character offsets, article), naming
the pattern that read it (``ng:rule``) and mirrored by shortcut edges (``org:holds``,
``ng:metWith``, ``ng:partyTo``, ``ng:said``) for easy queries and views.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from itertools import combinations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.confidence import quote_qualifier, role_qualifier, rule_confidence
from graph.facts import ArticleFacts, DateRef, Entity, Evidence, Mention
from graph.read import Article
from graph.resolve import Resolution
from graph.vocab import (
    ENTITY_CLASSES,
    EVENT_CLASSES,
    NG,
    ORG,
    PREFIXES,
    SCHEMA,
    WD,
    article_iri,
    entity_iri,
    fact_iri,
    graph_iri,
)

# Literals repeat across facts and articles (sentences, offsets, labels): made once, they save
# rdflib's per-call validation; typed, so Literal(True) and Literal(1) stay apart.
_literal = lru_cache(maxsize=1 << 15, typed=True)(Literal)


def new_dataset() -> Dataset:
    """An empty dataset with newsgraph's prefixes bound."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


class _Writer:
    """Adds one article's triples to its named graph."""

    def __init__(self, g: Graph, article: Article, res: Resolution) -> None:
        self.g, self.article, self.res = g, article, res
        self.article_node = article_iri(article.id)
        self._evidence: dict[Evidence, URIRef] = {}  # an evidence node is written once per article
        self._confidence: dict[URIRef, float] = {}  # a fact several patterns found keeps the best one

    def add_article(self) -> None:
        a, g, art = self.article_node, self.g, self.article
        g.add((a, RDF.type, SCHEMA.NewsArticle))
        g.add((a, SCHEMA.identifier, _literal(art.id)))
        if art.title:
            g.add((a, SCHEMA.headline, _literal(art.title)))
            g.add((a, RDFS.label, _literal(art.title)))
        if art.subtitle:
            g.add((a, SCHEMA.alternativeHeadline, _literal(art.subtitle)))
        if art.published:
            g.add((a, SCHEMA.datePublished, _literal(art.published, datatype=XSD.date)))
        if art.source:
            g.add((a, SCHEMA.publisher, _literal(art.source)))
        if art.url:
            g.add((a, SCHEMA.url, _literal(art.url, datatype=XSD.anyURI)))
        if art.news_id:
            g.add((a, NG.sourceId, _literal(art.news_id)))
        if art.dateline_place:
            g.add((a, NG.dateline, _literal(art.dateline_place[0])))
        if art.path:
            g.add((a, NG.sourcePath, _literal(art.path)))
        if art.author:
            g.add((a, SCHEMA.author, _literal(art.author)))
        if art.language:
            g.add((a, SCHEMA.inLanguage, _literal(art.language)))
        if art.extracted:  # taken out of a page or feed: the offsets point into this text, not the file
            g.add((a, SCHEMA.articleBody, _literal(art.text)))

    def evidence(self, ev: Evidence) -> URIRef:
        node = self._evidence.get(ev)
        if node is not None:
            return node
        where = ("headline",) if ev.headline else ()
        node = self._evidence[ev] = fact_iri("evidence", ev.article_id, *where, ev.start, ev.end)
        g = self.g
        g.add((node, RDF.type, NG.Evidence))
        if ev.headline:
            g.add((node, NG.inHeadline, _literal(True)))
        g.add((node, PROV.wasDerivedFrom, self.article_node))
        g.add((node, NG.sentence, _literal(ev.sentence)))
        g.add((node, NG.charStart, _literal(ev.start, datatype=XSD.integer)))
        g.add((node, NG.charEnd, _literal(ev.end, datatype=XSD.integer)))
        return node

    def entity(self, ent: Entity) -> URIRef:
        node = entity_iri(ent.key)
        g = self.g
        g.add((node, RDF.type, ENTITY_CLASSES[ent.type]))
        g.add((node, RDFS.label, _literal(ent.label)))
        g.add((node, SKOS.prefLabel, _literal(ent.label)))
        for alias in sorted(ent.aliases):
            g.add((node, SKOS.altLabel, _literal(alias)))
        if ent.wikidata:
            g.add((node, OWL.sameAs, WD[ent.wikidata]))
        g.add((self.article_node, SCHEMA.mentions, node))
        for m in ent.mentions:
            g.add((node, NG.evidence, self.evidence(m.evidence)))
        for decision in ent.decisions:
            g.add((node, NG.mergeReason, _literal(decision)))
        return node

    def ref(self, mention: Mention | None) -> URIRef | None:
        ent = self.res.entity_of(mention)
        return entity_iri(ent.key) if ent else None

    def date(self, node: URIRef, ref: DateRef | None, prop: URIRef = SCHEMA.startDate) -> None:
        if ref is None:
            return
        if ref.value is not None:
            self.g.add((node, prop, _literal(ref.value, datatype=XSD.date)))
        self.g.add((node, NG.dateText, _literal(ref.surface)))
        if ref.period:
            self.g.add((node, NG.datePeriod, _literal(ref.period)))

    def confidences(self) -> None:
        """Each fact's ``ng:confidence``, once: the best of the patterns that found it in this article."""
        for node, value in self._confidence.items():
            self.g.add((node, NG.confidence, _literal(Decimal(f"{value:.3f}"), datatype=XSD.decimal)))

    def fact(self, node: URIRef, cls: URIRef, ev: Evidence, rule: str, status: str | None = None,
             qualifier: str | None = None) -> URIRef:
        """A fact node with its class, evidence, article, the pattern that read it, that pattern's
        calibrated confidence (``graph.confidence``) and its status."""
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, NG.evidence, self.evidence(ev)))
        g.add((node, PROV.wasDerivedFrom, self.article_node))
        if rule:
            g.add((node, NG.rule, _literal(rule)))
        confidence = rule_confidence(rule, qualifier)
        if confidence is not None and confidence > self._confidence.get(node, -1.0):
            self._confidence[node] = confidence
        if status:
            g.add((node, NG.status, _literal(status)))
        return node


def add_article(ds: Dataset, article: Article, facts: ArticleFacts, res: Resolution) -> Graph:
    """Write one article's entities and facts into its own named graph (replacing it)."""
    gid = graph_iri(article.id)
    ds.remove_graph(gid)
    g = ds.graph(gid)
    w = _Writer(g, article, res)
    w.add_article()
    for ent in res.entities.values():
        w.entity(ent)
    for role in facts.roles:
        _add_role(w, role)
    for event in facts.events:
        _add_event(w, event)
    for agreement in facts.agreements:
        _add_agreement(w, agreement)
    for quote in (*facts.quotes, *facts.statements):
        _add_quote(w, quote)
    w.confidences()
    return g


def _add_role(w: _Writer, role) -> None:  # noqa: ANN001 - graph.facts.Role
    person, org, country, to = (w.ref(m) for m in (role.person, role.organization, role.country, role.to))
    post_key = "|".join(str(x) for x in (role.title.lower(), org, country, to))
    post = fact_iri("post", post_key) if person is None else fact_iri("post", post_key, person)
    node = w.fact(fact_iri("role", role.evidence.article_id, role.evidence.start, role.title, person),
                  NG.RoleHolding, role.evidence, role.rule, role.status,
                  qualifier=role_qualifier(any(x is not None for x in (org, country, to))))
    g = w.g
    g.add((post, RDF.type, ORG.Post))
    g.add((node, NG.post, post))
    if role.title:  # a change of a post the text does not name ("X resigned") has no title
        g.add((post, NG.title, _literal(role.title)))
        g.add((post, RDFS.label, _literal(role.title)))
        g.add((node, NG.title, _literal(role.title)))
    for prop, value in ((ORG.postIn, org), (NG.postOf, country), (NG.accreditedTo, to)):
        if value is not None:
            g.add((post, prop, value))
    if person is not None:
        g.add((node, NG.holder, person))
        g.add((person, ORG.holds, post))
        g.add((post, ORG.heldBy, person))


def _add_event(w: _Writer, event) -> None:  # noqa: ANN001 - graph.facts.Event
    members = sorted({str(r) for r in (w.ref(m) for m in event.participants) if r is not None})
    if not members:
        return
    place = w.ref(event.place)
    # One node per event an article tells of, however often it mentions it: each mention adds evidence.
    node = w.fact(fact_iri("event", event.evidence.article_id, event.kind, event.status, place, *members),
                  EVENT_CLASSES.get(event.kind, NG.Meeting), event.evidence, event.rule, event.status)
    g = w.g
    g.add((node, NG.kind, _literal(event.kind)))
    if event.trigger:
        g.add((node, NG.trigger, _literal(event.trigger)))
    for member in members:
        g.add((node, NG.participant, URIRef(member)))
    if place is not None:
        g.add((node, SCHEMA.location, place))
    proposer = w.ref(event.proposed_by)
    if proposer is not None:
        g.add((node, NG.proposedBy, proposer))
    w.date(node, event.date)
    if event.kind == "visit" and place is not None:
        for member in members:
            g.add((URIRef(member), NG.visited, place))
    else:
        for a, b in combinations(members, 2):
            g.add((URIRef(a), NG.metWith, URIRef(b)))


def _add_agreement(w: _Writer, agreement) -> None:  # noqa: ANN001 - graph.facts.Agreement
    parties = sorted({str(r) for r in (w.ref(m) for m in agreement.parties) if r is not None})
    if not parties:
        return
    ev = agreement.evidence
    node = w.fact(fact_iri("agreement", ev.article_id, agreement.kind, agreement.status, *parties),
                  NG.Agreement, ev, agreement.rule, agreement.status)
    g = w.g
    if agreement.kind:
        g.add((node, NG.kind, _literal(agreement.kind)))
    if agreement.trigger:
        g.add((node, NG.trigger, _literal(agreement.trigger)))
    for party in parties:
        g.add((node, NG.party, URIRef(party)))
        g.add((URIRef(party), NG.partyTo, node))
    w.date(node, agreement.date)


def _add_quote(w: _Writer, quote) -> None:  # noqa: ANN001 - graph.facts.Quote
    speaker = w.ref(quote.speaker)
    node = w.fact(fact_iri("quote" if quote.direct else "statement", quote.evidence.article_id, quote.start, quote.end),
                  NG.Quote if quote.direct else NG.ReportedSpeech, quote.evidence, quote.rule,
                  qualifier=quote_qualifier(quote.text))
    g = w.g
    g.add((node, SCHEMA.text, _literal(quote.text)))
    g.add((node, NG.quoteStart, _literal(quote.start, datatype=XSD.integer)))
    g.add((node, NG.quoteEnd, _literal(quote.end, datatype=XSD.integer)))
    g.add((node, NG.direct, _literal(quote.direct)))
    if speaker is not None:
        g.add((node, NG.speaker, speaker))
        g.add((speaker, NG.said, node))
    w.date(node, quote.date, SCHEMA.dateCreated)


def union_graph(ds: Dataset) -> Graph:
    """All named graphs merged into one plain graph (what graph.ttl holds)."""
    merged = Graph()
    for prefix, ns in PREFIXES.items():
        merged.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


__all__ = ["add_article", "new_dataset", "union_graph"]
