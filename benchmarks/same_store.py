"""Show that two source trees build the same store: sorted N-Quads of ``newsgraph build --store``.

The input is the first N articles of each chosen corpus of ``../shared/corpus`` (written to a
scratch folder, never into the repository). Each tree builds its own store in a child process
(``PYTHONPATH`` set to the tree, same Python); the stores are dumped as N-Quads, sorted and compared
line by line. The CPU seconds of each build (the process and its children) are printed too.

    python benchmarks/same_store.py --base /work/main --limit 150          # BBC + modern, 150 each
    python benchmarks/same_store.py --base ../old --jobs 1 --jobs-other 2  # one job here, two there

Exit status 0 when the stores are identical, 1 otherwise (the first differing lines are printed).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CORPORA = ("bbc_news_all.jsonl", "modern_news.jsonl")
SHOWN = 10  # differing lines printed


def subset(corpora: list[str], limit: int, work: Path) -> Path:
    """The first ``limit`` records of each corpus in one JSONL file."""
    out = work / f"sample-{limit}.jsonl"
    with out.open("w", encoding="utf-8") as dst:
        for name in corpora:
            with open(CORPUS / name, encoding="utf-8") as src:
                lines = [line for line in src if line.strip()][:limit]
            dst.writelines(lines)
    return out


def build(tree: Path, sample: Path, store: Path, jobs: int) -> tuple[list[bytes], float, float]:
    """Build ``sample`` into ``store`` with the code of ``tree``: sorted N-Quads, wall s, CPU s."""
    import pyoxigraph as ox

    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(sample), "--store", str(store),
                           "--jobs", str(jobs)], cwd=tree, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{tree}: build failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return sorted(ox.Store.read_only(str(store)).dump(format=ox.RdfFormat.N_QUADS).splitlines()), wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="the other source tree (e.g. a checkout of main)")
    ap.add_argument("--limit", type=int, default=150, help="articles taken from each corpus (default 150)")
    ap.add_argument("--corpus", action="append", choices=CORPORA, help="corpora to sample (default: both)")
    ap.add_argument("--jobs", type=int, default=1, help="--jobs of this tree's build (default 1)")
    ap.add_argument("--jobs-other", type=int, default=1, help="--jobs of the base tree's build (default 1)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsgraph-same-") as tmp:
        work = Path(tmp)
        sample = subset(args.corpus or list(CORPORA), args.limit, work)
        mine, wall, cpu = build(ROOT, sample, work / "mine", args.jobs)
        print(f"this tree ({ROOT}, --jobs {args.jobs}): {len(mine)} quads, {wall:.1f} s wall, {cpu:.1f} CPU s")
        theirs, wall, cpu = build(Path(args.base).resolve(), sample, work / "base", args.jobs_other)
        print(f"base ({args.base}, --jobs {args.jobs_other}): {len(theirs)} quads, {wall:.1f} s wall, {cpu:.1f} CPU s")
    if mine == theirs:
        print("identical")
        return 0
    only_mine, only_theirs = sorted(set(mine) - set(theirs)), sorted(set(theirs) - set(mine))
    print(f"DIFFERENT: {len(only_mine)} line(s) only here, {len(only_theirs)} only in the base")
    for sign, lines in (("+", only_mine), ("-", only_theirs)):
        for line in lines[:SHOWN]:
            print(sign, line.decode("utf-8", "replace"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
