"""Cross-article resolution: a person named only by surname joins the one full name that fits.

Inside an article, ``graph.resolve`` merges "Larijani" into "Ali Larijani" when both appear.
Across a corpus, an article may name only "Larijani" while others name "Ali Larijani". After a
build, every single-name person in the store is linked to a full-name person whose surname it
is, but only when exactly one such full name exists in the whole store: two people who share a
surname are never merged. The surname IRI is rewritten to the full-name IRI in the articles
that used it, its label kept as an ``skos:altLabel`` and the reason recorded as
``ng:mergeReason``. The decision depends only on the store's content, so a rebuild gives the
same graph.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from graph import aggregates
from graph.aggregates import articles_only
from graph.gazetteer import normalise
from graph.sparqldata import swap_quads
from graph.vocab import NG, SCHEMA

if TYPE_CHECKING:
    import pyoxigraph as ox

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
MERGES_PER_WRITE = 500  # surname merges applied in one write (a server gets one update of that size)
_PEOPLE = f"SELECT ?e ?label WHERE {{ ?e a <{SCHEMA.Person}> ; <{RDFS_LABEL}> ?label }}"


def surname_links(store: ox.Store) -> list[tuple[str, str, str, str]]:
    """(surname IRI, full-name IRI, full label, surname label) for each merge the evidence allows."""
    labels: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_PEOPLE):  # the default graph: the union of the articles
        labels[row["e"].value].add(row["label"].value)
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    single: dict[str, str] = {}
    for iri, names in labels.items():
        forms = {tuple(normalise(n).split()) for n in names} - {()}
        if forms and all(len(f) >= 2 for f in forms):
            for form in forms:
                full_by_surname[form[-1]].add(iri)
        elif len(forms) == 1 and len(next(iter(forms))) == 1:
            single[iri] = next(iter(forms))[0]
    links = []
    for iri, token in sorted(single.items()):
        fulls = full_by_surname.get(token, set())
        if len(fulls) == 1:
            full = next(iter(fulls))
            links.append((iri, full, _best_label(labels[full]), min(labels[iri])))
    return links


def _best_label(names: set[str]) -> str:
    """A deterministic readable label: not all capitals if possible, then the longest."""
    return min(names, key=lambda n: (n.isupper(), -len(n), n))


def link_surnames(store: ox.Store) -> list[str]:
    """Apply every allowed surname merge to the store; one line per merge saying why.

    The merges are applied together, MERGES_PER_WRITE at a time (one removal and insertion of
    quads, one update of the aggregates each): merge by merge, the aggregates' small writes took
    9 of a BBC build's last 11 seconds."""
    links = surname_links(store)
    lines = []
    for start in range(0, len(links), MERGES_PER_WRITE):
        chunk = links[start:start + MERGES_PER_WRITE]
        counts = merge_iris(store, [(old, new, label, _reason(surname, label)) for old, new, label, surname in chunk])
        lines += [f"{surname} -> {label} in {graphs} article(s): only full name with that surname"
                  for (_old, _new, label, surname), graphs in zip(chunk, counts)]
    return lines


def _reason(surname: str, label: str) -> str:
    return f"{surname!r} is the surname of {label!r}, the only person with that surname in the corpus (cross-article)"


def merge_iris(store: ox.Store, merges: list[tuple[str, str, str, str]]) -> list[int]:
    """Rewrite each ``old`` IRI to its ``new`` one in every named graph (merges of (old, new, label,
    reason)); old labels become alternative labels. How many article graphs each merge touched."""
    import pyoxigraph as ox

    label_preds = {RDFS_LABEL, SKOS + "prefLabel"}
    alt = ox.NamedNode(SKOS + "altLabel")
    to_new = {old: ox.NamedNode(new) for old, new, _label, _reason in merges}
    gone: dict[ox.Quad, None] = {}  # a quad naming two merged IRIs is found twice, rewritten once
    graphs_of: dict[str, set] = {old: set() for old in to_new}
    for old in to_new:
        node = ox.NamedNode(old)
        for pattern in ((node, None, None, None), (None, None, node, None)):
            for quad in articles_only(store.quads_for_pattern(*pattern)):
                gone[quad] = None
                graphs_of[old].add(quad.graph_name)
    new = []
    for q in gone:
        subject = to_new.get(q.subject.value, q.subject) if isinstance(q.subject, ox.NamedNode) else q.subject
        predicate = alt if subject is not q.subject and q.predicate.value in label_preds else q.predicate
        obj = to_new.get(q.object.value, q.object) if isinstance(q.object, ox.NamedNode) else q.object
        new.append(ox.Quad(subject, predicate, obj, q.graph_name))
    for old, _new, label, reason in merges:
        node = to_new[old]
        for g in graphs_of[old]:
            new += [ox.Quad(node, ox.NamedNode(RDFS_LABEL), ox.Literal(label), g),
                    ox.Quad(node, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(label), g),
                    ox.Quad(node, ox.NamedNode(str(NG.mergeReason)), ox.Literal(reason), g)]
    touched = {g.value for graphs in graphs_of.values() for g in graphs if isinstance(g, ox.NamedNode)}
    with aggregates.following(store, touched):
        swap_quads(store, list(gone), new)
    return [len(graphs_of[old]) for old, *_rest in merges]
