"""Namespaces and IRI minting: the same entity or fact from the same text gets the same IRI."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD


class VocabularyNamespace(Namespace):
    """A namespace of a fixed vocabulary: each term is made (and its IRI checked) once, not on
    every use (``NG.evidence`` is written for every fact of every article)."""

    def term(self, name: str) -> URIRef:
        return _vocabulary_term(str(self), name)


@lru_cache(maxsize=2048)
def _vocabulary_term(namespace: str, name: str) -> URIRef:
    return URIRef(namespace + name)


NG = VocabularyNamespace("https://newsgraph.org/ontology#")
ID = Namespace("https://newsgraph.org/id/")
SCHEMA = VocabularyNamespace("https://schema.org/")
ORG = VocabularyNamespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {"ng": NG, "ngid": ID, "schema": SCHEMA, "org": ORG, "prov": PROV, "skos": SKOS,
            "owl": OWL, "rdfs": RDFS, "rdf": RDF, "xsd": XSD, "wd": WD}

EVENT_CLASSES = {"meeting": NG.Meeting, "talks": NG.Talks, "summit": NG.Summit, "visit": NG.Visit,
                 "call": NG.Call, "debate": NG.Debate, "interview": NG.Interview}
ENTITY_CLASSES = {"Person": SCHEMA.Person, "Country": SCHEMA.Country,
                  "Organization": SCHEMA.Organization, "Place": SCHEMA.Place}


# How the page names a post the text gave no title, by its change ("X resigned": a RoleHolding
# with ng:status and no ng:title).
UNTITLED_POST = {"started": "took a post", "ended": "left a post", "former": "held a post"}


def prefix_strings() -> dict[str, str]:
    """newsgraph's own prefixes as plain strings (for dumps and queries)."""
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def _segment(text: str) -> str:
    return quote(text, safe="-._~")


def article_iri(article_id: str):  # noqa: ANN201 - rdflib URIRef
    return ID[f"article/{_segment(article_id)}"]


def graph_iri(article_id: str):  # noqa: ANN201
    """The named graph holding everything read from one article."""
    return ID[f"graph/{_segment(article_id)}"]


def entity_iri(key: str):  # noqa: ANN201
    """``person:ali-larijani`` -> ``.../id/person/ali-larijani``."""
    kind, _, name = key.partition(":")
    return ID[f"{kind}/{_segment(name)}"]


def fact_iri(kind: str, *parts: object):  # noqa: ANN201
    """A fact node's IRI from what identifies it (article, offsets, kind, parties)."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return ID[f"{kind}/{digest}"]
