"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.resources import ontology_dir

if TYPE_CHECKING:
    from rdflib import Graph


def validate(graph: Graph) -> list[str]:
    """Readable violation lines ("focus node: path: message"); empty when the graph conforms."""
    import pyshacl
    from rdflib import Graph as RdfGraph
    from rdflib.namespace import SH

    shapes = RdfGraph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ontology = RdfGraph().parse(ontology_dir() / "newsgraph.ttl", format="turtle")
    # The ontology is mixed in so that sh:class sees subclasses (a Country is a Place).
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology,
                                           inference="none", allow_warnings=True)
    if conforms:
        return []
    lines = []
    for result in report.subjects(predicate=None, object=SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        level = str(severity).rsplit("#", 1)[-1] if severity else "Violation"
        lines.append(f"{level}: {focus} {_local(path)}: {message}")
    return sorted(lines)


def _local(node: object) -> str:
    text = str(node) if node is not None else ""
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
