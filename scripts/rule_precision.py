#!/usr/bin/env python3
"""Precision per pattern (``ng:rule``) on every visible gold article, and the calibration table.

Sets: ``../shared/gold/seed``, ``dev``, ``modern-dev`` and our own ``tests/gold/modern-own``
(``own``, ``own-2``), ``old-own`` to ``old-own-7`` (unpacked with ``scripts/own_gold.py`` into a temp folder). Each article is built alone by the
project's CLI (``newsgraph build ARTICLE.txt --out DIR``), as ``score.py`` builds it; the
facts of each article are read back with SPARQL from its named graph (fact IRI, class, rule and the
columns ``../shared/eval/score.py`` reads), and each fact is judged alone by the scorer's own
functions (loaded from score.py with importlib): a role, agreement or quote is right when the scorer
matches it to a gold item; a meeting or visit when every pair (who met whom, who visited where) it
yields is a gold pair. Facts the scorer cannot judge are counted apart: reported speech, roles of
an unnamed holder or of a post with no title ("X resigned"), events that yield no pair (one participant, a visit without a place).

Calibration (``--write-calibration``, ``ontology/confidence.tsv``): a beta prior per level. A
family's (``events``) precision is its pooled correct/facts (smoothed toward the overall with
``PRIOR`` pseudo-facts); a group's (``events.noun``) is ``(correct + PRIOR * family) / (facts +
PRIOR)``; a rule's the same toward its group. A rule seen on few facts stays near its group's value.

Reliability: facts by confidence bin, measured twice: in-sample (calibrated on all articles) and
held out (two folds: calibrate on half the articles, measure on the other half, and swap).

    rule_precision.py [--json FILE] [--write-calibration [--calibration FILE]]
                      [--sets seed dev modern-dev own own-2 old-own old-own-2 old-own-3 old-own-4 old-own-5 old-own-6 old-own-7]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.confidence import calibration_keys, quote_qualifier, role_qualifier  # noqa: E402 - after the path is set

SHARED = ROOT.parent / "shared"
GOLD_SETS = {"seed": SHARED / "gold" / "seed", "dev": SHARED / "gold" / "dev",
             "modern-dev": SHARED / "gold" / "modern-dev"}
CALIBRATION = ROOT / "ontology" / "confidence.tsv"
PRIOR = 8.0  # pseudo-facts of the beta prior at each level
BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0001))
NG = "https://newsgraph.org/ontology#"

FACTS_QUERY = """PREFIX ng: <https://newsgraph.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?g ?id ?fact ?class ?rule ?member ?title ?organization ?country ?to ?place ?date ?status ?kind ?text
WHERE { GRAPH ?g {
  ?art schema:identifier ?id .
  ?fact a ?class ; ng:evidence ?ev .
  FILTER(?class IN (ng:RoleHolding, ng:Meeting, ng:Talks, ng:Summit, ng:Visit, ng:Call, ng:Agreement,
                    ng:Quote, ng:ReportedSpeech))
  OPTIONAL { ?fact ng:rule ?rule }
  OPTIONAL { ?fact ng:holder|ng:participant|ng:party|ng:speaker ?m . ?m rdfs:label ?member }
  OPTIONAL { ?fact ng:post ?post . ?post ng:title ?title
             OPTIONAL { ?post org:postIn/rdfs:label ?organization }
             OPTIONAL { ?post ng:postOf/rdfs:label ?country }
             OPTIONAL { ?post ng:accreditedTo/rdfs:label ?to } }
  OPTIONAL { ?fact schema:location/rdfs:label ?place }
  OPTIONAL { ?fact schema:startDate ?date }
  OPTIONAL { ?fact ng:status ?status }
  OPTIONAL { ?fact ng:kind ?kind }
  OPTIONAL { ?fact schema:text ?text }
} }"""


@dataclass
class Judged:
    """One system fact and the scorer's verdict (``correct`` None: the scorer cannot judge it)."""

    set: str
    article: str
    fact: str
    rule: str
    correct: bool | None
    why: str = ""
    qualifier: str | None = None  # as graph.rdf gives it to graph.confidence


def load_scorer() -> ModuleType:
    """``../shared/eval/score.py`` as a module (standard-library code, not a package)."""
    path = SHARED / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("newsgraph_gold_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"rule_precision: {path}: cannot load the scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_set(folder: Path, out: Path) -> list[Path]:
    """Each article of a gold folder in a build of its own, as ``score.py`` builds them (one build of
    all would link entities across articles: one article's "Trump" would carry another's "Donald
    Trump"); two builds at a time. The graph.trig of each."""
    texts = sorted(folder.glob("*.txt"))
    outs = [out / text.stem for text in texts]
    running: list[tuple[Path, subprocess.Popen]] = []
    for text, dest in zip(texts, outs):
        cmd = [sys.executable, "-m", "graph.cli", "build", str(text), "--out", str(dest), "--no-html", "-q"]
        running.append((text, subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                               text=True)))
        if len(running) >= 2:
            _finish(*running.pop(0))
    for text, proc in running:
        _finish(text, proc)
    return [dest / "graph.trig" for dest in outs]


def _finish(text: Path, proc: subprocess.Popen) -> None:
    """Wait for one article's build; a failed build stops the run with its last messages."""
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"rule_precision: build of {text} failed: {err.strip()[-400:]}")


def fact_rows(trigs: list[Path]) -> dict[str, dict[str, list[dict]]]:
    """article id -> fact IRI -> its SPARQL rows (one per member and optional value)."""
    import pyoxigraph as ox

    store = ox.Store()
    for trig in trigs:
        store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    solutions = store.query(FACTS_QUERY)
    names = [v.value for v in solutions.variables]
    for sol in solutions:
        row = {name: (sol[name].value if sol[name] is not None else None) for name in names}
        out[row["id"]][row["fact"]].append(row)
    return out


def judge(score: ModuleType, gold: dict, rows: list[dict]) -> tuple[bool | None, str]:
    """The scorer's verdict on one fact, from its rows."""
    al = score.Aliases(gold)
    cls = rows[0]["class"].removeprefix(NG)
    members = {r["member"] for r in rows if r["member"]}
    if cls == "RoleHolding":
        if not members:
            return None, "unnamed holder"
        if not any(r["title"] for r in rows):
            return None, "change of an unnamed post"  # "X resigned": the gold lists posts with titles
        sys_rows = [{"person": r["member"], "title": r["title"], "organization": r["organization"],
                     "country": r["country"], "to": r["to"]} for r in rows]
        return score.score_roles(gold, al, sys_rows)["tp"] > 0, ""
    if cls == "ReportedSpeech":
        return None, "reported speech"
    if cls == "Quote":
        sys_rows = [{"speaker": r["member"], "text": r["text"]} for r in rows]
        return score.score_quotes(gold, al, sys_rows)["tp"] > 0, ""
    if cls == "Agreement":
        sys_rows = [{"agreement": r["fact"], "party": r["member"], "kind": r["kind"], "date": r["date"],
                     "status": r["status"]} for r in rows]
        return score.score_agreements(gold, al, sys_rows)["tp"] > 0, ""
    sys_rows = [{"event": r["fact"], "kind": r["class"], "participant": r["member"], "place": r["place"],
                 "date": r["date"], "status": r["status"]} for r in rows]
    met, vis = score.score_meetings(gold, al, sys_rows)
    if met["sys"] + vis["sys"] == 0:
        return None, "no pair"
    return met["tp"] == met["sys"] and vis["tp_sys"] == vis["sys"], ""


def qualifier(rows: list[dict]) -> str | None:
    """The fact's qualifier, read from the graph as ``graph.rdf`` decides it from the facts."""
    cls = rows[0]["class"].removeprefix(NG)
    if cls == "RoleHolding":
        return role_qualifier(any(r[k] for r in rows for k in ("organization", "country", "to")))
    if cls in ("Quote", "ReportedSpeech"):
        return quote_qualifier(rows[0]["text"])
    return None


OWN_SETS = {"own": "modern-own", "own-2": "modern-own-2", "old-own": "old-own", "old-own-2": "old-own-2",
            "old-own-3": "old-own-3", "old-own-4": "old-own-4", "old-own-5": "old-own-5", "old-own-6": "old-own-6",
            "old-own-7": "old-own-7"}  # our own sets (own_gold.py --set)


def own_gold_folder(tmp: Path, name: str = "own") -> Path:
    """One of our own sets unpacked (text restored from ``../shared/corpus``)."""
    folder = tmp / name
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "own_gold.py"), "--set", OWN_SETS[name],
                           "unpack", str(folder)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"rule_precision: own_gold.py unpack failed: {done.stderr.strip()[-400:]}")
    return folder


def measure(sets: list[str]) -> list[Judged]:
    """Every fact of every gold article of the chosen sets, judged."""
    score = load_scorer()
    judged: list[Judged] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in sets:
            folder = own_gold_folder(Path(tmp), name) if name in OWN_SETS else GOLD_SETS[name]
            facts = fact_rows(build_set(folder, Path(tmp) / f"build-{name}"))
            for gold_path in sorted(folder.glob("*.gold.json")):
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                article = Path(gold["article"]).stem
                for fact, rows in sorted(facts.get(article, {}).items()):
                    correct, why = judge(score, gold, rows)
                    judged.append(Judged(name, article, fact, rows[0]["rule"] or "(none)", correct, why,
                                         qualifier(rows)))
    return judged


def wilson(correct: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95%)."""
    if n == 0:
        return 0.0, 1.0
    p = correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def counts(judged: list[Judged], key) -> dict[str, tuple[int, int]]:  # noqa: ANN001 - Judged -> str
    """(facts, correct) of the judged facts grouped by ``key``."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for j in judged:
        if j.correct is not None:
            out[key(j)][0] += 1
            out[key(j)][1] += int(j.correct)
    return {k: (n, c) for k, (n, c) in out.items()}


def calibrate(judged: list[Judged]) -> dict[str, tuple[int, int, float]]:
    """Rule, group, family and ``*`` -> (facts, correct, smoothed precision), beta prior per level."""
    overall = counts(judged, lambda j: "*").get("*", (0, 0))
    base = (overall[1] + 1) / (overall[0] + 2)  # Laplace: an empty measurement says 0.5
    table: dict[str, tuple[int, int, float]] = {"*": (*overall, base)}
    for depth in (1, 2, 3):
        for key, (n, c) in sorted(counts(judged, lambda j, d=depth: ".".join(j.rule.split(".")[:d])).items()):
            parent = table[".".join(key.split(".")[:depth - 1]) or "*"] if depth > 1 else table["*"]
            if depth == 3 and key.count(".") < 2:
                continue  # a two-part rule id is already its own group
            table[key] = (n, c, (c + PRIOR * parent[2]) / (n + PRIOR))
    qualified = [j for j in judged if j.qualifier]
    for depth in (1, 2, 3):  # rule#q toward group#q, family#q toward the family
        found = counts(qualified, lambda j, d=depth: f"{'.'.join(j.rule.split('.')[:d])}#{j.qualifier}")
        for key, (n, c) in sorted(found.items()):
            prefix, _, q = key.partition("#")
            if depth == 3 and prefix.count(".") < 2:
                continue
            parent = table[prefix] if depth == 1 else table.get(f"{prefix.rsplit('.', 1)[0]}#{q}", table[prefix])
            table[key] = (n, c, (c + PRIOR * parent[2]) / (n + PRIOR))
    return table


def lookup(table: dict[str, tuple[int, int, float]], fact: Judged) -> float:
    """The calibrated value of a fact as ``graph.confidence.rule_confidence`` finds it."""
    return next(table[k][2] for k in calibration_keys(fact.rule, fact.qualifier) if k in table)


def reliability(judged: list[Judged], table_for) -> list[dict]:  # noqa: ANN001 - Judged -> table
    """Facts, correct and precision per confidence bin, each fact scored by ``table_for(fact)``."""
    rows = []
    for lo, hi in BINS:
        inside = [j for j in judged if j.correct is not None and lo <= lookup(table_for(j), j) < hi]
        n, c = len(inside), sum(bool(j.correct) for j in inside)
        rows.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "facts": n, "correct": c,
                     "precision": c / n if n else None})
    return rows


def held_out(judged: list[Judged]) -> list[dict]:
    """Two folds by article (alternate articles in sorted order): each half scored by the table
    calibrated on the other half."""
    articles = sorted({(j.set, j.article) for j in judged})
    fold = {a: i % 2 for i, a in enumerate(articles)}
    tables = [calibrate([j for j in judged if fold[(j.set, j.article)] != k]) for k in (0, 1)]
    return reliability(judged, lambda j: tables[fold[(j.set, j.article)]])


def write_calibration(table: dict[str, tuple[int, int, float]], path: Path) -> None:
    """The calibration table as ``graph.rules.confidence_table`` reads it."""
    lines = ["# Calibrated precision per pattern (ng:rule), written by scripts/rule_precision.py",
             "# --write-calibration from the visible gold (seed, dev, modern-dev, own). Beta prior per level:",
             f"# family <- overall, group <- family, rule <- group, each (correct + {PRIOR:g} * parent) /",
             f"# (facts + {PRIOR:g}); KEY#q (qualified facts, graph.confidence) <- the same level's parent#q",
             "# (a family#q <- the family). Regenerate after rules change; do not edit by hand.",
             "rule\tfacts\tcorrect\tconfidence"]
    lines += [f"{key}\t{n}\t{c}\t{p:.3f}" for key, (n, c, p) in sorted(table.items())]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def report(judged: list[Judged], sets: list[str]) -> dict:
    """Per rule: facts, correct, precision and Wilson interval, per set and overall; reliability bins."""
    per_rule = []
    for rule in sorted({j.rule for j in judged}):
        entry = {"rule": rule}
        for scope in [*sets, "all"]:
            mine = [j for j in judged if j.rule == rule and (scope == "all" or j.set == scope)]
            n, c = counts(mine, lambda j: "x").get("x", (0, 0))
            lo, hi = wilson(c, n)
            entry[scope] = {"facts": n, "correct": c, "precision": c / n if n else None, "wilson": [lo, hi],
                            "unjudged": sum(j.correct is None for j in mine)}
        per_rule.append(entry)
    table = calibrate(judged)
    unjudged: dict[str, int] = defaultdict(int)
    for j in judged:
        if j.correct is None:
            unjudged[j.why] += 1
    return {"rules": per_rule, "unjudged": dict(unjudged), "calibration": {k: list(v) for k, v in table.items()},
            "reliability_in_sample": reliability(judged, lambda j: table),
            "reliability_held_out": held_out(judged)}


def print_report(data: dict, sets: list[str]) -> None:
    """The tables as text."""
    head = "".join(f"{s:>16}" for s in [*sets, "all"])
    print(f"{'rule':<34}{head}   all 95% Wilson")
    for entry in data["rules"]:
        cells = "".join(f"{entry[s]['correct']:>6}/{entry[s]['facts']:<4}"
                        f"{'' if entry[s]['precision'] is None else format(entry[s]['precision'], '.2f'):>5} "
                        for s in [*sets, "all"])
        lo, hi = entry["all"]["wilson"]
        extra = f"  (+{entry['all']['unjudged']} unjudged)" if entry["all"]["unjudged"] else ""
        print(f"{entry['rule']:<34}{cells}  [{lo:.2f}, {hi:.2f}]{extra}")
    print("not judged by the scorer:", ", ".join(f"{k} {v}" for k, v in sorted(data["unjudged"].items())) or "none")
    for name in ("reliability_in_sample", "reliability_held_out"):
        print(f"\n{name.replace('_', ' ')}: bin  facts  correct  precision")
        for row in data[name]:
            p = "-" if row["precision"] is None else f"{row['precision']:.3f}"
            print(f"  {row['bin']:<8} {row['facts']:>6} {row['correct']:>8}  {p:>9}")
        above = [r for r in data[name] if r["bin"] in ("0.8-0.9", "0.9-1.0")]
        n, c = sum(r["facts"] for r in above), sum(r["correct"] for r in above)
        print(f"  >= 0.8   {n:>6} {c:>8}  {c / n if n else float('nan'):>9.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=["seed", "dev", "modern-dev", "own"],
                    choices=[*GOLD_SETS, *OWN_SETS])
    ap.add_argument("--json", type=Path, metavar="FILE", help="write the tables as JSON to FILE")
    ap.add_argument("--write-calibration", action="store_true",
                    help="write the calibration table (to --calibration)")
    ap.add_argument("--calibration", type=Path, default=CALIBRATION,
                    help=f"calibration table to write (default: {CALIBRATION.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    judged = measure(args.sets)
    data = report(judged, args.sets)
    print_report(data, args.sets)
    if args.json:
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    if args.write_calibration:
        write_calibration(calibrate(judged), args.calibration)
        print(f"wrote {args.calibration}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
