"""newsgraph: news articles to a knowledge graph of people, posts, meetings, agreements and quotes.

The notebook-friendly API is below; every function imports its heavy dependencies lazily, so
``import graph`` is instant. The flow, one module per stage::

    article (read) -> nlp (parse) -> extract/ (facts) -> resolve -> rdf -> sparql / views
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from rdflib import Dataset, Graph

__version__ = "0.1.0"


def build(paths: Iterable[str | Path] | str | Path, model: str | None = None) -> Dataset:
    """Build a dataset (one named graph per article) from article files and folders."""
    from graph.pipeline import build_dataset

    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]  # type: ignore[list-item]
    ds, _ = build_dataset([str(p) for p in paths], model=model)  # type: ignore[union-attr]
    return ds


def load(path: str | Path) -> Graph:
    """Load a graph file written by ``newsgraph build`` (.ttl, .trig, .jsonld, .nt)."""
    from graph.sparql import load_graph

    return load_graph(path)


def query(g: Graph | Dataset, name_or_sparql: str) -> Any:
    """Run a named query or SPARQL text; a pandas DataFrame when pandas is installed, else rows."""
    from graph.sparql import rows, run

    data = rows(run(g, name_or_sparql))
    try:
        import pandas as pd
    except ImportError:
        return data
    return pd.DataFrame(data)


def view(g: Graph | Dataset, path: str | Path | None = None, *, focus: str | None = None, depth: int = 2,
         max_nodes: int | None = None, title: str | None = None) -> Any:
    """Draw the graph: inline in Jupyter (and also saved when ``path`` is given), else into a file.

    Outside a notebook the page goes to ``path`` (default ``graph.html`` in the current folder), one
    line on stderr says where, and its Path is returned. ``focus="Ali Larijani", depth=2`` opens the
    page on that actor's neighbourhood; ``max_nodes`` is how many actors the overview draws (None:
    the default 50; 0: every connected one).
    """
    import sys

    from graph.views import DEFAULT_MAX_NODES, NotebookView, in_notebook, render_html, write_html

    max_nodes = DEFAULT_MAX_NODES if max_nodes is None else max_nodes or None

    if in_notebook():
        shown = NotebookView(render_html(g, max_nodes, focus, depth, title))
        if path is not None:
            shown.save(path)
        return shown
    written = write_html(g, path or "graph.html", max_nodes, focus, depth, title)
    print(f"newsgraph: wrote {written.resolve()} (open it in a browser; not in a notebook, so it is not shown "
          "inline)", file=sys.stderr)
    return written
