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
    """Apply every allowed surname merge to the store; one line per merge saying why."""
    lines = []
    for old, new, label, surname in surname_links(store):
        reason = (f"{surname!r} is the surname of {label!r}, the only person with that surname in the "
                  "corpus (cross-article)")
        graphs = merge_iri(store, old, new, label, reason)
        lines.append(f"{surname} -> {label} in {graphs} article(s): only full name with that surname")
    return lines


def merge_iri(store: ox.Store, old: str, new: str, label: str, reason: str) -> int:
    """Rewrite ``old`` to ``new`` in every named graph; old labels become alternative labels."""
    import pyoxigraph as ox

    old_node, new_node = ox.NamedNode(old), ox.NamedNode(new)
    label_preds = {RDFS_LABEL, SKOS + "prefLabel"}
    alt = ox.NamedNode(SKOS + "altLabel")
    as_subject, as_object = (list(articles_only(store.quads_for_pattern(*pattern)))
                             for pattern in ((old_node, None, None, None), (None, None, old_node, None)))
    gone = as_subject + as_object
    new = [ox.Quad(new_node, alt if q.predicate.value in label_preds else q.predicate, q.object, q.graph_name)
           for q in as_subject]
    new += [ox.Quad(q.subject, q.predicate, new_node, q.graph_name) for q in as_object]
    graphs = {q.graph_name for q in gone}
    for g in graphs:
        new += [ox.Quad(new_node, ox.NamedNode(RDFS_LABEL), ox.Literal(label), g),
                ox.Quad(new_node, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(label), g),
                ox.Quad(new_node, ox.NamedNode(str(NG.mergeReason)), ox.Literal(reason), g)]
    with aggregates.following(store, {g.value for g in graphs if isinstance(g, ox.NamedNode)}):
        swap_quads(store, gone, new)
    return len(graphs)
