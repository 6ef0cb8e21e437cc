"""Show that two versions of newsgraph build the same graph: a git revision and the working tree.

Each input set (the seed, ``../shared/gold/dev``, ``../shared/gold/modern-dev`` and, with
``--corpus N``, the first N Reuters and N BBC articles of ``../shared/corpus``) is parsed by spaCy
once; the Docs are cached as ``DocBin`` files, and both versions' extraction and RDF code run
over the same Docs, each in its own process. The N-Triples of every article are compared as
sorted lines, leaving out ``ng:rule`` triples (the pattern ids the registry adds). The CPU time of
extraction and RDF (``pipeline.safe_ntriples`` over the parsed Docs) is reported for both.

    python scripts/compare_builds.py --rev main                # seed + dev + modern-dev
    python scripts/compare_builds.py --rev main --corpus 1500  # and 1,500 + 1,500 corpus articles

Exit status 0 when every set is identical, 1 otherwise (the first differing lines are printed).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RULE_PREDICATE = "<https://newsgraph.org/ontology#rule>"
CORPORA = {"reuters": "reuters21578_all.jsonl", "bbc": "bbc_news_all.jsonl"}


def input_sets(work: Path, corpus: int) -> dict[str, list[str]]:
    """Name -> input paths; corpus subsets are written to ``work`` (never into the repository)."""
    sets = {"seed": [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]}
    for name in ("dev", "modern-dev"):
        sets[name] = [str(p) for p in sorted((SHARED / "gold" / name).glob("*.txt"))]
    for name, filename in CORPORA.items() if corpus else ():
        subset = work / f"{name}-{corpus}.jsonl"
        if not subset.exists():
            with open(SHARED / "corpus" / filename, encoding="utf-8") as src:
                lines = [line for line in src if line.strip()][:corpus]
            subset.write_text("".join(lines), encoding="utf-8")
        sets[name] = [str(subset)]
    return sets


def export_revision(rev: str, dest: Path) -> Path:
    """The package and ontology of a git revision, unpacked into ``dest``."""
    if not (dest / "graph").is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "graph", "ontology"],
                                 check=True, capture_output=True).stdout
        tar_path = dest / "rev.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(dest, filter="data")
        tar_path.unlink()
    return dest


def run_version(tree: Path, inputs: list[str], cache: Path, out: Path) -> None:
    """Build one input set with the code in ``tree`` (a subprocess, so two versions never mix)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "NEWSGRAPH_ONTOLOGY": str(tree / "ontology")}
    cmd = [sys.executable, __file__, "--worker", "--cache", str(cache), "--out", str(out), *inputs]
    subprocess.run(cmd, check=True, env=env, cwd=tree)


def worker(inputs: list[str], cache: Path, out: Path) -> None:
    """Inside a version's process: Docs from the cache (parsed and cached when missing), then the
    N-Triples of every article, sorted, without ``ng:rule`` lines."""
    from spacy.tokens import DocBin

    import graph.extract
    from graph.nlp import load_pipeline
    from graph.pipeline import safe_ntriples

    try:  # the reader became a package (graph/read/) on main after 2425bc9
        from graph.read import ArticleError, iter_articles
    except ImportError:
        from graph.article import ArticleError, iter_articles
    if hasattr(graph.extract, "families"):  # import the lazily registered families before timing
        graph.extract.families()
    nlp = load_pipeline(None)
    articles = [a for a in iter_articles(inputs) if not isinstance(a, ArticleError)]
    keys = [hashlib.sha1(a.parse_text.encode("utf-8")).hexdigest() for a in articles]
    # one cache per list of texts: two versions whose readers give the same texts share it
    bin_path = cache.with_name(f"{cache.name}-{hashlib.sha1(''.join(keys).encode()).hexdigest()[:12]}.spacy")
    if bin_path.exists():
        docs: Iterator = DocBin().from_disk(bin_path).get_docs(nlp.vocab)
    else:
        parsed = list(nlp.pipe((a.parse_text for a in articles), batch_size=32))
        DocBin(docs=parsed).to_disk(bin_path)
        docs = iter(parsed)
    docs = list(docs)
    lines: list[str] = []
    rules = 0
    spent = 0.0
    for article, doc in zip(articles, docs):
        began = time.process_time()
        data = safe_ntriples(doc, article)
        spent += time.process_time() - began
        if isinstance(data, str):
            lines.append(f"# ERROR {data}\n")
            continue
        for line in data.decode("utf-8").splitlines():
            if line.split(" ", 2)[1:2] == [RULE_PREDICATE]:
                rules += 1
            else:
                lines.append(line + "\n")
    out.write_text("".join(sorted(lines)), encoding="utf-8")
    out.with_suffix(".rules").write_text(str(rules))
    out.with_suffix(".cpu").write_text(f"{spent:.3f}")


def compare(rev: str, corpus: int, work: Path, show: int) -> bool:
    """Build every set with both versions and report the differences; True when all are identical."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                            check=True, capture_output=True, text=True).stdout.strip()
    print(f"comparing {rev} ({commit[:7]}) with the working tree", flush=True)
    old_tree = export_revision(commit, work / f"rev-{commit[:12]}")
    same = True
    for name, inputs in input_sets(work, corpus).items():
        cache = work / f"{name}-{corpus if name in CORPORA else 0}"
        old, new = work / f"{name}.old.nt", work / f"{name}.new.nt"
        run_version(ROOT, inputs, cache, new)  # the working tree first: it fills the Doc cache
        run_version(old_tree, inputs, cache, old)
        a, b = old.read_text(encoding="utf-8").splitlines(), new.read_text(encoding="utf-8").splitlines()
        only_old, only_new = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        state = "identical" if a == b else f"DIFFERENT ({len(only_old)} lines only in {rev}, {len(only_new)} only in the working tree)"
        rules = old.with_suffix(".rules").read_text(), new.with_suffix(".rules").read_text()
        cpu = float(old.with_suffix(".cpu").read_text()), float(new.with_suffix(".cpu").read_text())
        print(f"{name}: {len(inputs)} input(s), {len(a):,} triples without ng:rule: {state} "
              f"(ng:rule triples: {int(rules[0]):,} in {rev}, {int(rules[1]):,} in the working tree; "
              f"extraction + RDF CPU {cpu[0]:.1f} s in {rev}, {cpu[1]:.1f} s in the working tree)", flush=True)
        for line in only_old[:show]:
            print(f"  - {line}")
        for line in only_new[:show]:
            print(f"  + {line}")
        same = same and a == b
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--corpus", type=int, default=0, help="also N Reuters and N BBC corpus articles")
    parser.add_argument("--work", help="folder for the Doc cache and outputs (default: a temporary one)")
    parser.add_argument("--show", type=int, default=10, help="differing lines to print per set")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.inputs, Path(args.cache), Path(args.out))
        return 0
    if args.work:
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
        return 0 if compare(args.rev, args.corpus, work, args.show) else 1
    with tempfile.TemporaryDirectory(prefix="newsgraph-compare-") as tmp:
        return 0 if compare(args.rev, args.corpus, Path(tmp), args.show) else 1


if __name__ == "__main__":
    raise SystemExit(main())
