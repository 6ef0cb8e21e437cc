#!/usr/bin/env python3
"""Our own gold sets: annotations that name a corpus record, never its text.

The article texts of ``../shared/corpus`` are research material and stay out of the repository. A
committed gold file (``tests/gold/<set>/NAME.gold.json``) names its record by ``corpus_id`` and points
at quotations and evidence by character spans into the record's body; this script puts the text back
to score them with ``../shared/eval/score.py``. Sets (``--set``): ``modern-own`` (the default;
records of ``modern_news.jsonl``, as ``modern-own-2``), ``old-own`` to ``old-own-7`` (Reuters-21578 and BBC 2004-05
records, whose text is built as ``../shared/gold/dev`` has it: a Reuters body opens with its dateline).

    own_gold.py [--set NAME] COMMAND ...
    own_gold.py text ID [--out FILE]       the article as the scorer builds it (header block + body)
    own_gold.py pack DRAFT.gold.json ...   a draft with quote/evidence strings -> committed span form
    own_gold.py draft NAME [--out FILE]     one committed file back in draft form, to edit and pack again
    own_gold.py unpack DIR                 NAME.txt + NAME.gold.json (strings restored) for every file
    own_gold.py score [--cli CMD] [--json] [--shared-conventions] [NAME ...]
                                           unpack to a temp folder and run the scorer
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_ROOT = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared"
OLD = ("reuters21578_all.jsonl", "bbc_news_all.jsonl")
CORPORA = {"modern-own": ("modern_news.jsonl",), "modern-own-2": ("modern_news.jsonl",), "old-own": OLD,
           "old-own-2": OLD, "old-own-3": OLD, "old-own-4": OLD, "old-own-5": OLD,
           "old-own-6": OLD, "old-own-7": OLD}
SCORER = SHARED / "eval" / "score.py"
EVIDENCE_SEPARATOR = " / "


def slug(record_id: str) -> str:
    """``modern/fundus/the-namibian/02`` -> ``fundus-the-namibian-02`` (the gold file's NAME)."""
    return re.sub(r"[^a-z0-9]+", "-", record_id.removeprefix("modern/").lower()).strip("-")


def load_corpus(paths: list[Path]) -> dict[str, dict]:
    """Corpus records by id, each in the form the scorer's text is built from (``as_article``)."""
    records: dict[str, dict] = {}
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            records.update((record["id"], as_article(record)) for record in map(json.loads, lines) if record.get("id"))
    return records


def as_article(record: dict) -> dict:
    """A modern record as it is; a Reuters record with its date, source and dateline (the body opens
    with it, as in ``../shared/gold/dev``); a BBC record with its source."""
    if record["id"].startswith("reuters21578/"):
        published = datetime.strptime(record["date"].split()[0], "%d-%b-%Y").date().isoformat()
        body = f"{record['dateline']} {record['text']}" if record.get("dateline") else record["text"]
        return {**record, "published": published, "source": "Reuters", "text": body}
    if record["id"].startswith("bbc/"):
        return {**record, "source": "BBC News"}
    return record


def article_text(record: dict) -> str:
    """The article as a ``.txt`` file with a header block; the body follows the first blank line."""
    header = [("Title", record.get("title")), ("Published", record.get("published")),
              ("Source", record.get("source")), ("URL", record.get("url")), ("ID", record["id"])]
    lines = [f"{key}: {value}" for key, value in header if value]
    return "\n".join(lines) + "\n\n" + record["text"]


def _span(body: str, snippet: str, where: str) -> list[int]:
    start = body.find(snippet)
    if start < 0:
        raise SystemExit(f"own_gold: {where}: not found verbatim in the article body: {snippet[:80]!r}")
    return [start, start + len(snippet)]


def pack(draft: dict, body: str, where: str) -> dict:
    """Replace quotation and evidence strings by spans into ``body``; drop the title (it is the corpus's)."""
    packed = {key: value for key, value in draft.items() if key not in ("title", "article")}
    packed["quotes"] = []
    for number, quote in enumerate(draft.get("quotes", []), 1):
        rest = {key: value for key, value in quote.items() if key != "text"}
        packed["quotes"].append({**rest, "span": _span(body, quote["text"], f"{where}: quote {number}")})
    for family in ("roles", "agreements", "meetings"):
        packed[family] = []
        for number, fact in enumerate(draft.get(family, []), 1):
            fact = dict(fact)
            evidence = fact.pop("evidence", None)
            if evidence:
                fact["evidence_spans"] = [_span(body, part, f"{where}: {family} {number} evidence")
                                          for part in evidence.split(EVIDENCE_SEPARATOR) if part.strip()]
            packed[family].append(fact)
    return packed


def unpack(packed: dict, record: dict, name: str) -> dict:
    """The scorer's gold form: strings back in place of spans."""
    body = record["text"]
    gold = {"article": f"{name}.txt", "title": record.get("title"), **packed}
    gold["quotes"] = [{**{k: v for k, v in q.items() if k != "span"}, "text": body[slice(*q["span"])]}
                      for q in packed.get("quotes", [])]
    for family in ("roles", "agreements", "meetings"):
        facts = []
        for fact in packed.get(family, []):
            fact = dict(fact)
            spans = fact.pop("evidence_spans", None)
            if spans:
                fact["evidence"] = EVIDENCE_SEPARATOR.join(body[slice(*s)] for s in spans)
            facts.append(fact)
        gold[family] = facts
    return gold


TRIP_WORDS = ("visit", "trip", "travel", "flew", "fly", "arriv", "tour", "went", "gone")


def shared_conventions(gold: dict) -> dict:
    """The gold as ``../shared/gold`` would list it: no agreement with one party (our annotators list
    "Japan's semiconductor pact"; the shared gold never does) and no visit read off a summit's place
    alone (an evidence naming a summit and no journey)."""
    def told_trip(m: dict) -> bool:
        said = (m.get("evidence") or "").lower()
        return m["kind"] != "visit" or "summit" not in said or any(w in said for w in TRIP_WORDS)
    return {**gold, "agreements": [a for a in gold.get("agreements", []) if len(a["parties"]) >= 2],
            "meetings": [m for m in gold.get("meetings", []) if told_trip(m)]}


def write_unpacked(out: Path, names: list[str], corpus: dict[str, dict], gold_dir: Path,
                   shared: bool = False) -> list[Path]:
    """NAME.txt and NAME.gold.json in ``out`` for each committed gold file (with ``shared``, under
    ``../shared/gold``'s conventions: ``shared_conventions``)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        packed = json.loads((gold_dir / f"{name}.gold.json").read_text(encoding="utf-8"))
        record = corpus.get(packed["corpus_id"])
        if record is None:
            raise SystemExit(f"own_gold: {name}.gold.json: corpus record {packed['corpus_id']!r} not found")
        (out / f"{name}.txt").write_text(article_text(record), encoding="utf-8")
        gold = unpack(packed, record, name)
        gold = shared_conventions(gold) if shared else gold
        (out / f"{name}.gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False), encoding="utf-8")
        written.append(out / f"{name}.txt")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="gold_set", choices=sorted(CORPORA), default="modern-own")
    parser.add_argument("--corpus", type=Path, action="append", help="corpus file(s) instead of the set's own")
    sub = parser.add_subparsers(dest="command", required=True)
    text = sub.add_parser("text")
    text.add_argument("id")
    text.add_argument("--out", type=Path)
    packer = sub.add_parser("pack")
    packer.add_argument("drafts", nargs="+", type=Path)
    drafter = sub.add_parser("draft")
    drafter.add_argument("name")
    drafter.add_argument("--out", type=Path)
    unpacker = sub.add_parser("unpack")
    unpacker.add_argument("dir", type=Path)
    scorer = sub.add_parser("score")
    scorer.add_argument("--cli", default=str(ROOT / ".venv" / "bin" / "newsgraph"))
    scorer.add_argument("--json", action="store_true")
    scorer.add_argument("names", nargs="*")
    scorer.add_argument("--shared-conventions", action="store_true",
                        help="score without one-party agreements and summit-only visits, as ../shared/gold lists them")
    args = parser.parse_args(argv)

    gold_dir = GOLD_ROOT / args.gold_set
    corpus = load_corpus(args.corpus or [SHARED / "corpus" / name for name in CORPORA[args.gold_set]])
    names = sorted(p.name.removesuffix(".gold.json") for p in gold_dir.glob("*.gold.json"))
    if args.command == "text":
        content = article_text(corpus[args.id])
        if args.out:
            args.out.write_text(content, encoding="utf-8")
        else:
            sys.stdout.write(content)
    elif args.command == "pack":
        gold_dir.mkdir(parents=True, exist_ok=True)
        for path in args.drafts:
            draft = json.loads(path.read_text(encoding="utf-8"))
            record = corpus[draft["corpus_id"]]
            packed = pack(draft, record["text"], str(path))
            target = gold_dir / f"{slug(draft['corpus_id'])}.gold.json"
            target.write_text(json.dumps(packed, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"packed {path} -> {target.relative_to(ROOT)}")
    elif args.command == "draft":
        packed = json.loads((gold_dir / f"{args.name}.gold.json").read_text(encoding="utf-8"))
        content = json.dumps(unpack(packed, corpus[packed["corpus_id"]], args.name), indent=1, ensure_ascii=False)
        if args.out:
            args.out.write_text(content + "\n", encoding="utf-8")
        else:
            print(content)
    elif args.command == "unpack":
        write_unpacked(args.dir, names, corpus, gold_dir)
    else:
        chosen = args.names or names
        with tempfile.TemporaryDirectory(prefix="own-gold-") as tmp:
            write_unpacked(Path(tmp), chosen, corpus, gold_dir, args.shared_conventions)
            cmd = [sys.executable, str(SCORER), "--cli", args.cli, *(["--json"] if args.json else []), tmp]
            return subprocess.run(cmd, check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
