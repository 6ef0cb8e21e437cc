"""Interactive pages of a graph: a pyvis network that works offline, and notebook display.

The page is a projection of the RDF (see :mod:`graph.views_model`), drawn with pyvis and
vis-network. pyvis's own template links Bootstrap and vis-network from CDNs even in its
"in_line" mode, so the page is rendered from our template in ``graph/assets``, which inlines
the vis-network script and stylesheet shipped inside the pyvis package: no network is needed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.views_model import (
    ENTITY_TYPES,
    NODE_TYPES,
    RELATIONS,
    Ev,
    Projection,
    project,
    to_networkx,
)

if TYPE_CHECKING:
    from pyvis.network import Network
    from rdflib import Graph

ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATE = "page.html"
DEFAULT_MAX_NODES = 400
TOOLTIP_EVIDENCE = 3  # sentences shown on hover


@dataclass(frozen=True)
class Style:
    """How one node type is drawn and named in the legend."""

    shape: str  # a vis-network shape
    color: str
    name: str


STYLES = {
    "Person": Style("dot", "#4e79a7", "Person"),
    "Country": Style("diamond", "#e15759", "Country"),
    "Organization": Style("square", "#59a14f", "Organization"),
    "Place": Style("triangle", "#e0b030", "Place"),
    "Meeting": Style("hexagon", "#f28e2b", "Meeting"),
    "Talks": Style("hexagon", "#b07aa1", "Talks"),
    "Summit": Style("star", "#9c755f", "Summit"),
    "Visit": Style("triangleDown", "#76b7b2", "Visit"),
    "Call": Style("hexagon", "#ff9da7", "Call"),
    "Agreement": Style("star", "#d37295", "Agreement"),
    "Quote": Style("dot", "#b8b8b8", "Quote"),
}

_SVG = {
    "dot": '<circle cx="8" cy="8" r="6.5" fill="{c}"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
    "square": '<rect x="2" y="2" width="12" height="12" fill="{c}"/>',
    "triangle": '<polygon points="8,1.5 15,14.5 1,14.5" fill="{c}"/>',
    "triangleDown": '<polygon points="1,1.5 15,1.5 8,14.5" fill="{c}"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8" fill="{c}"/>',
    "star": '<polygon points="8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.6 3.2,15 5,9.5 0.5,6 6,6" fill="{c}"/>',
}

OPTIONS = {
    "nodes": {"font": {"size": 14, "face": "system-ui, DejaVu Sans, sans-serif", "strokeWidth": 3,
                       "strokeColor": "#ffffff"},
              "scaling": {"min": 8, "max": 36, "label": {"enabled": False}},
              "borderWidth": 1},
    "edges": {"color": {"color": "#9aa5b1", "highlight": "#34495e", "hover": "#34495e"},
              "font": {"size": 11, "color": "#555555", "strokeWidth": 3, "strokeColor": "#ffffff",
                       "align": "middle"},
              "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
              "smooth": {"enabled": True, "type": "continuous"}, "width": 1.2,
              "selectionWidth": 2, "hoverWidth": 1.5},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False,
                    "hideEdgesOnDrag": False},
    "physics": {"enabled": True, "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01,
                                     "springLength": 110, "springConstant": 0.06, "avoidOverlap": 0.4},
                "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
                "minVelocity": 1.0, "maxVelocity": 40},
    "layout": {"randomSeed": 7, "improvedLayout": True},
}


@dataclass(frozen=True)
class Selection:
    """What a page draws: the node ids, and a sentence about what was left out (or "")."""

    nodes: set[str]
    left_out: str
    title: str


def select(proj: Projection, max_nodes: int | None = DEFAULT_MAX_NODES, focus: str | None = None,
           depth: int = 2) -> Selection:
    """The nodes to draw: an ego network around ``focus``, then at most ``max_nodes`` central ones.

    Raises LookupError when ``focus`` names no entity of the graph.
    """
    from graph.analytics import ego, find_node, left_out, most_central

    G = to_networkx(proj)
    keep, title = set(G.nodes), "newsgraph"
    notes = []
    if focus:
        center = find_node(G, focus)
        keep = ego(G, center, depth)
        title = f"{G.nodes[center]['label']} and neighbours within {depth} step{'s' if depth != 1 else ''}"
    if max_nodes is not None and len(keep) > max_nodes:
        sub = G.subgraph(keep)
        kept = most_central(sub, max_nodes)
        missing = left_out(sub, kept)
        notes.append(f"{len(keep) - len(kept)} less connected node(s) left out to keep the page fast: "
                     + ", ".join(f"{n} {t}" for t, n in missing.items())
                     + f". Showing the {len(kept)} most connected of {len(keep)}.")
        keep = kept
    if focus:
        notes.append(f"Ego network: {len(G) - len(keep)} node(s) of the whole graph are outside it.")
    return Selection(keep, " ".join(notes), title)


def network(g: Graph | Projection, max_nodes: int | None = DEFAULT_MAX_NODES, focus: str | None = None,
            depth: int = 2, title: str | None = None) -> Network:
    """A pyvis ``Network`` of the graph, styled by type and sized by degree."""
    return _build(g, max_nodes, focus, depth, title)[0]


def _build(g: Graph | Projection, max_nodes: int | None, focus: str | None, depth: int,
           title: str | None) -> tuple:
    """(pyvis Network, page metadata for the template: title, summary, legend, what was left out)."""
    from pyvis.network import Network

    proj = g if isinstance(g, Projection) else project(g)
    sel = select(proj, max_nodes, focus, depth)
    net = Network(height="100%", width="100%", directed=True, notebook=False, cdn_resources="in_line")
    degree = {n: 0 for n in sel.nodes}
    edges = [e for e in proj.edges if e.source in sel.nodes and e.target in sel.nodes]
    for e in edges:
        degree[e.source] += 1
        degree[e.target] += 1
    counts = dict.fromkeys(NODE_TYPES, 0)
    for node_id in sorted(sel.nodes, key=lambda n: (-degree[n], proj.nodes[n].label)):
        n = proj.nodes[node_id]
        style = STYLES.get(n.type, STYLES["Quote"])
        counts[n.type] = counts.get(n.type, 0) + 1
        entity = n.type in ENTITY_TYPES
        # add_node drops ``color`` when ``group`` is set, so the type travels as ``group_type``.
        # Quote nodes carry their words in the tooltip only: many short quotes in a row overlap.
        net.add_node(n.id, label=" " if n.type == "Quote" else n.label, shape=style.shape, color=style.color,
                     value=(degree[node_id] + 1) if entity else min(degree[node_id], 3) + 0.5,
                     font={"size": 14 if entity else 10, "color": "#222222" if entity else "#666666"},
                     group_type=n.type, entity=entity, aliases=n.details.get("aliases", ""),
                     search=_one_line(n.details.get("quote") or n.label),
                     tip=_node_tip(n.type, n.label, n.details, n.evidence, n.mentions))
    for e in edges:
        src, dst = proj.nodes[e.source].label, proj.nodes[e.target].label
        rows = [("date", e.date)] if e.date else []
        net.add_edge(e.source, e.target, label=e.label,
                     tip={"kind": RELATIONS.get(e.relation, e.relation),
                          "title": f"{_one_line(src)} → {e.label} → {_one_line(dst)}", "rows": rows,
                          **_evidence_tip(e.evidence)})
    # Options.set would strip the spaces out of font names, so the dict is given as it is.
    net.options = copy.deepcopy(OPTIONS)
    shown = len(sel.nodes)
    page = {
        "title": title or sel.title,
        "summary": f"{shown} node{'s' if shown != 1 else ''} · {len(edges)} edge{'s' if len(edges) != 1 else ''}",
        "left_out": sel.left_out,
        "legend": [{"type": t, "name": STYLES[t].name, "count": counts.get(t, 0),
                    "svg": _SVG[STYLES[t].shape].format(c=STYLES[t].color)}
                   for t in NODE_TYPES if t in ENTITY_TYPES or counts.get(t)],
    }
    return net, page


def render_html(g: Graph | Projection, max_nodes: int | None = DEFAULT_MAX_NODES, focus: str | None = None,
                depth: int = 2, title: str | None = None) -> str:
    """The self-contained HTML page (no script or stylesheet from the network)."""
    import pyvis

    net, page = _build(g, max_nodes, focus, depth, title)
    # Our template first; pyvis's folder second, for the vis-network files it includes inline.
    pyvis_templates = Path(pyvis.__file__).resolve().parent / "templates"
    net.set_template_dir([str(ASSETS), str(pyvis_templates)], TEMPLATE)
    net.templateEnv.globals["page"] = page
    return net.generate_html(notebook=False)


def write_html(graph: Graph | Projection, path: str | Path, max_nodes: int | None = DEFAULT_MAX_NODES,
               focus: str | None = None, depth: int = 2, title: str | None = None) -> Path:
    """Write the interactive page to ``path`` atomically (parent folders are created)."""
    from graph.output import write_text_atomic

    return write_text_atomic(path, render_html(graph, max_nodes, focus, depth, title))


class NotebookView:
    """The page shown inline in Jupyter (an iframe holding the whole page), or written to a file."""

    def __init__(self, html: str, height: int = 640) -> None:
        self.html, self.height = html, height

    def _repr_html_(self) -> str:
        import html

        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" width="100%" height="{self.height}" '
                'style="border:1px solid #ddd" sandbox="allow-scripts"></iframe>')

    def save(self, path: str | Path) -> Path:
        from graph.output import write_text_atomic

        return write_text_atomic(path, self.html)


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where inline HTML can be displayed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def _node_tip(kind: str, label: str, details: dict[str, str], evidence: list[Ev], mentions: int) -> dict:
    rows = [(k, v) for k, v in details.items() if v and k != "quote"]
    if kind in ENTITY_TYPES and mentions:
        articles = len({e.article for e in evidence})
        rows.append(("mentions", f"{mentions} in {articles} article{'s' if articles != 1 else ''}"))
    title = details.get("quote") or _one_line(label)
    return {"kind": kind, "title": f"“{title}”" if kind == "Quote" else title, "rows": rows,
            **_evidence_tip(evidence)}


def _evidence_tip(evidence: list[Ev]) -> dict:
    unique = list(dict.fromkeys((e.sentence, e.article, e.published) for e in evidence))
    shown = [{"sentence": s, "article": a, "date": d} for s, a, d in unique[:TOOLTIP_EVIDENCE]]
    return {"evidence": shown, "more": max(0, len(unique) - TOOLTIP_EVIDENCE)}


def _one_line(text: str) -> str:
    return " ".join(text.split())


__all__ = ["STYLES", "NotebookView", "in_notebook", "network", "render_html", "select", "to_networkx",
           "write_html"]
