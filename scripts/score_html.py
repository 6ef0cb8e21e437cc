#!/usr/bin/env python3
"""Score building raw saved web pages against building their clean text, with the shared gold.

For each page in the HTML folder (default ``../shared/corpus/html``), finds its clean text and
gold in the gold folder (default ``../shared/gold/modern-dev``) by URL or title, then prints:

1. body text: token-level precision, recall and F1 of the text newsgraph extracts from the page
   against the clean body;
2. graph quality: ``eval/score.py`` run twice, on the clean ``NAME.txt`` files and on copies of
   the raw pages named ``NAME.txt`` (newsgraph reads a page by its content under any name, so
   this builds exactly what ``newsgraph build PAGE.html`` builds), each beside ``NAME.gold.json``;
   per article and micro-averaged fact_f1 and entity_f1, and the raw/clean ratio.

Usage: PYTHONPATH=. python scripts/score_html.py [--html DIR] [--gold DIR] [--scorer FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACT_KINDS = ("roles", "agreements", "meetings", "visits", "quotes")


def tokens(text: str) -> Counter:
    """Lower-cased word tokens, counted."""
    return Counter(re.findall(r"\w+", text.lower()))


def token_prf(system: str, gold: str) -> tuple[float, float, float]:
    """Token-level precision, recall and F1 of ``system`` against ``gold`` (bags of words)."""
    sys_t, gold_t = tokens(system), tokens(gold)
    overlap = sum((sys_t & gold_t).values())
    p = overlap / max(1, sum(sys_t.values()))
    r = overlap / max(1, sum(gold_t.values()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _key(url: str | None) -> str:
    return re.sub(r"^https?://(www\.)?", "", (url or "").strip().lower()).rstrip("/")


def _title_key(title: str | None) -> str:
    return " ".join(re.findall(r"\w+", (title or "").lower()))


def pair_pages(html_dir: Path, gold_dir: Path) -> list[tuple[Path, Path, object, object]]:
    """(page, clean text, page article, clean article) for each page whose gold is found by URL or title."""
    from graph.read import Article, read_file

    clean = {}
    for txt in sorted(gold_dir.glob("*.txt")):
        if txt.with_suffix(".gold.json").exists():
            [article] = [a for a in read_file(txt) if isinstance(a, Article)]
            clean[txt] = article
    pairs = []
    for page in sorted(html_dir.glob("*.htm*")):
        items = list(read_file(page))
        article = next((a for a in items if isinstance(a, Article)), None)
        if article is None:
            print(f"!! {page.name}: not read ({'; '.join(str(i) for i in items)})", file=sys.stderr)
            continue
        match = next((t for t, a in clean.items() if _key(a.url) and _key(a.url) == _key(article.url)), None)
        match = match or next((t for t, a in clean.items() if _title_key(a.title) == _title_key(article.title)), None)
        if match is None:
            print(f"!! {page.name}: no clean text with its URL ({article.url}) or title", file=sys.stderr)
            continue
        pairs.append((page, match, article, clean[match]))
    return pairs


def run_scorer(scorer: Path, cli: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, str(scorer), "--cli", cli, "--json", str(folder)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def fact_f1(scores: dict) -> float:
    return sum(scores[k]["f1"] for k in FACT_KINDS) / len(FACT_KINDS)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--html", type=Path, default=ROOT.parent / "shared" / "corpus" / "html")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold" / "modern-dev")
    ap.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score.py")
    ap.add_argument("--cli", default=f"{shlex.quote(sys.executable)} -m graph.cli",
                    help="how the scorer calls newsgraph (default: this Python's graph.cli)")
    args = ap.parse_args()
    pairs = pair_pages(args.html, args.gold)
    if not pairs:
        print("no page could be paired with its clean text and gold", file=sys.stderr)
        return 1
    print("== body text: tokens of the extracted page text vs the clean body")
    print(f"{'page':<52} {'P':>6} {'R':>6} {'F1':>6}")
    for page, _, article, clean in pairs:
        p, r, f = token_prf(article.text, clean.text)
        print(f"{page.stem:<52} {p:6.3f} {r:6.3f} {f:6.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for kind in ("clean", "raw"):
            folder = Path(tmp) / kind
            folder.mkdir()
            for page, txt, _, _ in pairs:
                shutil.copyfile(txt if kind == "clean" else page, folder / txt.name)
                shutil.copyfile(txt.with_suffix(".gold.json"), folder / f"{txt.stem}.gold.json")
            results[kind] = run_scorer(args.scorer, args.cli, folder)
    print("\n== graph quality: building the clean text vs building the raw page")
    print(f"{'article':<52} {'fact clean':>10} {'fact raw':>9} {'ent clean':>10} {'ent raw':>8}")
    for clean_rep, raw_rep in zip(results["clean"]["reports"], results["raw"]["reports"]):
        for rep in (clean_rep, raw_rep):
            if rep["problem"]:
                print(f"!! {rep['article']}: {rep['problem']}", file=sys.stderr)
        c, r = clean_rep["scores"], raw_rep["scores"]
        print(f"{Path(clean_rep['article']).stem:<52} {fact_f1(c):10.3f} {fact_f1(r):9.3f} "
              f"{c['entities']['f1']:10.3f} {r['entities']['f1']:8.3f}")
    clean_sum, raw_sum = results["clean"]["summary"], results["raw"]["summary"]
    print(f"{'micro-averaged':<52} {clean_sum['fact_f1']:10.3f} {raw_sum['fact_f1']:9.3f} "
          f"{clean_sum['entity_f1']:10.3f} {raw_sum['entity_f1']:8.3f}")
    for name in ("fact_f1", "entity_f1"):
        base = clean_sum[name]
        ratio = raw_sum[name] / base if base else float("nan")
        verdict = "within 5%" if abs(ratio - 1) <= 0.05 else "raw better" if ratio > 1 else "NOT within 5%"
        print(f"{name}: raw {raw_sum[name]:.3f} / clean {base:.3f} = {ratio:.3f} ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
