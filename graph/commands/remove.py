"""``newsgraph remove ARTICLE_ID... --store DIR``: retract articles from a persistent store.

Each article's named graph is dropped, and with it every triple no other article states; an
entity named elsewhere stays, with the aliases and evidence the other articles give it. Events
merged across articles are decided again (see graph.eventlink).
"""

from __future__ import annotations

import argparse
import sys

from graph.cli import CommandError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remove", help="retract articles from an on-disk store", description=__doc__)
    p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID",
                   help="article id or IRI as the articles query prints them (kayhan-142517, "
                        "bbc/politics/001, ngid:article/bbc%%2Fpolitics%%2F001 or the full IRI)")
    p.add_argument("--store", required=True, metavar="DIR", help="the store folder, or the http:// URL of a SPARQL server")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.set_defaults(run=run)


def article_id_of(name: str) -> str:
    """The article id behind what the ``articles`` query prints: the id itself, or the article's IRI
    in full, in angle brackets or as ``ngid:article/...`` (its last segment, percent-decoded)."""
    from urllib.parse import unquote

    from graph.vocab import ID

    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    for prefix in (f"{ID}article/", "ngid:article/"):
        if text.startswith(prefix) and len(text) > len(prefix):
            return unquote(text[len(prefix):])
    return name


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from graph.store import StoreError, article_count, is_store_url, open_store, remove_article, triple_count

    if not is_store_url(args.store) and not Path(args.store).is_dir():
        raise CommandError(f"{args.store}: no such store folder")
    try:
        store = open_store(args.store)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    missing = []
    for article_id in map(article_id_of, args.article_ids):
        if remove_article(store, article_id):
            if not args.quiet:
                print(f"removed {article_id}")
        else:
            missing.append(article_id)
    if len(missing) < len(args.article_ids):
        from graph.eventlink import link_events

        link_events(store)  # events the removed articles shared with others are decided afresh
    store.flush()  # readers then open the store without replaying the write log
    for article_id in missing:
        print(f"newsgraph: error: {args.store}: no article {article_id!r} in the store", file=sys.stderr)
    if not args.quiet:
        print(f"store {args.store}: {article_count(store)} article graph(s), "
              f"{triple_count(store)} triples")
    return 1 if missing else 0
