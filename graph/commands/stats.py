"""``newsgraph stats [GRAPH | --store DIR]``: counts by type, the most central actors, connected components.

GRAPH is any graph file (default: out/graph.ttl); ``--store DIR`` reports on the union of the
articles in an on-disk store folder instead (made by ``newsgraph build INPUT --store DIR``),
opened read-only.
"""

from __future__ import annotations

import argparse
import json
import sys

from graph.cli import CommandError
from graph.commands._source import add_source_arguments, load_source, source_name

SECTIONS = (("Person", "people"), ("Country", "countries"), ("Organization", "organizations"),
            ("Place", "places"))


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="counts, most central people/countries/organizations, components",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_source_arguments(p)
    p.add_argument("--top", type=int, default=10, help="how many central actors per type (default: 10)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def summary(graph, top: int = 10) -> dict:  # noqa: ANN001 - rdflib Graph
    """Everything ``stats`` reports, as plain data."""
    from rdflib.namespace import RDF

    from graph.analytics import centrality, components, counts
    from graph.views import to_networkx
    from graph.vocab import SCHEMA

    G = to_networkx(graph)
    types, relations = counts(G)
    comps = components(G)
    central = centrality(G, top)
    return {
        "triples": len(graph),
        "articles": len(set(graph.subjects(RDF.type, SCHEMA.NewsArticle))),
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "nodes_by_type": dict(types.most_common()), "edges_by_relation": dict(relations.most_common()),
        "central": {key: [r.__dict__ for r in central[t]] for t, key in SECTIONS},
        "components": {"count": len(comps), "sizes": [len(c) for c in comps[:20]],
                       "isolated": sum(1 for c in comps if len(c) == 1),
                       "largest": sorted(G.nodes[n].get("label", n) for n in comps[0]
                                          if G.nodes[n].get("type") in dict(SECTIONS))[:20] if comps else []},
    }


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise CommandError("--top must be 1 or more")
    data = summary(load_source(args), args.top)
    if args.format == "json":
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_text(source_name(args), data))
    return 0


def format_text(name: str, data: dict) -> str:
    """The summary as the aligned text a person reads in a terminal."""
    lines = [f"{name}: {data['triples']} triples, {data['articles']} article(s), "
             f"{data['nodes']} nodes, {data['edges']} edges", "", "Nodes by type"]
    lines += [f"  {t:<14} {n:>6}" for t, n in data["nodes_by_type"].items()] or ["  (none)"]
    lines += ["", "Edges by relation"]
    lines += [f"  {r:<14} {n:>6}" for r, n in data["edges_by_relation"].items()] or ["  (none)"]
    for _, key in SECTIONS:
        ranked = data["central"][key]
        if not ranked:
            continue
        lines += ["", f"Most central {key} (degree = distinct actors linked by a fact)"]
        width = min(40, max(len(r["label"]) for r in ranked))
        lines.append(f"  {'':>3} {'name':<{width}}  {'degree':>6}  {'betweenness':>11}  {'mentions':>8}")
        for i, r in enumerate(ranked, 1):
            lines.append(f"  {i:>2}. {r['label'][:width]:<{width}}  {r['degree']:>6}  "
                         f"{r['betweenness']:>11.3f}  {r['mentions']:>8}")
    comps = data["components"]
    lines += ["", f"Connected components: {comps['count']} ({comps['isolated']} isolated node(s))"]
    if comps["sizes"]:
        lines.append(f"  largest: {comps['sizes'][0]} nodes"
                     + (f", including {', '.join(comps['largest'][:8])}" if comps["largest"] else ""))
        if len(comps["sizes"]) > 1:
            lines.append(f"  sizes: {', '.join(map(str, comps['sizes']))}"
                         + (" …" if comps["count"] > len(comps["sizes"]) else ""))
    return "\n".join(lines) + "\n"
