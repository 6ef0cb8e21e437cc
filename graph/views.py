"""The interactive page of a graph, offline: an overview of who met, visited and signed with whom.

The page is a projection of the RDF (see :mod:`graph.overview`): every entity, every fact with its
evidence, and the actor edges that fold the facts, embedded as one compact JSON. The browser draws
the most connected actors with vis-network, re-weighs the edges under the filters, finds any
entity (drawn or not) and lists the facts of a selection with their sentences and articles. The
vis-network script and stylesheet come from inside the pyvis package and are inlined, so nothing is
fetched from the network. networkx projections for analysis are in :mod:`graph.views_model`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.views_model import to_networkx

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from graph.overview import Overview

ASSETS = Path(__file__).resolve().parent / "assets"
DEFAULT_MAX_NODES = 50  # actors the overview draws: more and the labels shrink below reading size
VIS_FILES = ("vis-network.min.js", "vis-network.css")


@dataclass(frozen=True)
class Style:
    """How one entity type is drawn and named in the legend."""

    shape: str  # a vis-network shape
    color: str
    name: str


STYLES = {
    "Person": Style("dot", "#4e79a7", "Person"),
    "Country": Style("diamond", "#e15759", "Country"),
    "Organization": Style("square", "#59a14f", "Organization"),
    "Place": Style("triangle", "#e0b030", "Place"),
}
# Colours of the fact kinds in the timeline and the side panel (order of graph.overview.KINDS).
KIND_COLORS = ("#f28e2b", "#b07aa1", "#9c755f", "#76b7b2", "#ff9da7", "#d37295", "#8c8c8c", "#bab0ac")

OPTIONS = {
    "nodes": {"font": {"size": 16, "face": "system-ui, DejaVu Sans, sans-serif", "strokeWidth": 4,
                       "strokeColor": "#ffffff", "color": "#1f1f1f"},
              "scaling": {"min": 10, "max": 34, "label": {"enabled": False}},
              "borderWidth": 1},
    "edges": {"color": {"color": "#a9b4bf", "highlight": "#2c3e50", "hover": "#2c3e50"},
              "font": {"size": 12, "color": "#4a4a4a", "strokeWidth": 3, "strokeColor": "#ffffff",
                       "align": "horizontal"},
              "smooth": False, "selectionWidth": 2, "hoverWidth": 1},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
    "physics": {"enabled": True, "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.03,
                                     "springLength": 95, "springConstant": 0.06, "avoidOverlap": 0.9},
                "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
                "minVelocity": 1.0, "maxVelocity": 40},
    "layout": {"randomSeed": 7, "improvedLayout": False},
}


def page_data(g: Graph | ox.Store | Overview, max_nodes: int | None = DEFAULT_MAX_NODES, focus: str | None = None,
              depth: int = 1, title: str | None = None) -> dict:
    """What the page embeds: the overview's tables plus how to open (actors drawn, focus, title, styles).

    Raises LookupError when ``focus`` names no entity of the graph.
    """
    from graph.overview import TYPES, Overview, read_overview

    ov = g if isinstance(g, Overview) else read_overview(g)
    data = ov.to_json()
    start = -1
    if focus:
        start = ov.entity_order().index(ov.find(focus))
    data["view"] = {
        "title": title or (f"{data['entities'][start][0]} and neighbours" if start >= 0 else "newsgraph"),
        "maxNodes": max_nodes or 0, "focus": start, "depth": max(depth, 1),
        "styles": [{"shape": STYLES[t].shape, "color": STYLES[t].color, "name": STYLES[t].name} for t in TYPES],
        "kindColors": list(KIND_COLORS),
    }
    return data


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no "</script>", "<!--" or "&" can appear in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(g: Graph | ox.Store | Overview, max_nodes: int | None = DEFAULT_MAX_NODES,
                focus: str | None = None, depth: int = 1, title: str | None = None) -> str:
    """The self-contained HTML page (no script or stylesheet from the network)."""
    import html

    import pyvis

    data = page_data(g, max_nodes, focus, depth, title)
    vis = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    parts = {
        "@@TITLE@@": html.escape(data["view"]["title"]),
        "@@VIS_CSS@@": (vis / VIS_FILES[1]).read_text(encoding="utf-8"),
        "@@PAGE_CSS@@": (ASSETS / "page.css").read_text(encoding="utf-8"),
        "@@VIS_JS@@": (vis / VIS_FILES[0]).read_text(encoding="utf-8"),
        "@@DATA@@": _script_json(data),
        "@@OPTIONS@@": _script_json(OPTIONS),
        "@@PAGE_JS@@": (ASSETS / "page.js").read_text(encoding="utf-8"),
    }
    page = (ASSETS / "page.html").read_text(encoding="utf-8")
    # one pass over the template, so a marker inside the data or a script is never replaced
    return re.sub("|".join(map(re.escape, parts)), lambda m: parts[m.group(0)], page)


def write_html(graph: Graph | ox.Store | Overview, path: str | Path, max_nodes: int | None = DEFAULT_MAX_NODES,
               focus: str | None = None, depth: int = 1, title: str | None = None) -> Path:
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
                'style="border:1px solid #ddd" sandbox="allow-scripts allow-popups"></iframe>')

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


__all__ = ["DEFAULT_MAX_NODES", "STYLES", "NotebookView", "in_notebook", "page_data", "render_html",
           "to_networkx", "write_html"]
