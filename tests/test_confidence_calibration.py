"""``scripts/rule_precision.py``: the Wilson interval, the beta-prior calibration per level, the
held-out folds, and one run on the seed article that writes a table the rule loader reads."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.rules import confidence_table

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("rule_precision", ROOT / "scripts" / "rule_precision.py")
rp = sys.modules["rule_precision"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
spec.loader.exec_module(rp)


def facts(rule: str, right: int, wrong: int, article: str = "a", qualifier: str | None = None) -> list:
    return [rp.Judged("s", f"{article}{i}", f"f{rule}{i}", rule, i < right, "", qualifier)
            for i in range(right + wrong)]


def test_wilson_interval_matches_the_textbook_values():
    lo, hi = rp.wilson(8, 10)
    assert lo == pytest.approx(0.490, abs=1e-3) and hi == pytest.approx(0.943, abs=1e-3)
    assert rp.wilson(0, 0) == (0.0, 1.0)
    lo, hi = rp.wilson(10, 10)
    assert hi == 1.0 and lo == pytest.approx(0.722, abs=1e-3)


def test_a_rule_with_few_facts_stays_near_its_group_and_family():
    judged = (facts("events.noun.talks", 40, 0) + facts("events.noun.summit", 0, 1)
              + facts("events.verb.met", 5, 5) + facts("quotes.verb.said", 9, 1))
    table = rp.calibrate(judged)
    overall = table["*"][2]
    assert table["*"][:2] == (61, 54) and overall == pytest.approx(55 / 63)
    family = table["events"][2]
    assert family == pytest.approx((45 + rp.PRIOR * overall) / (51 + rp.PRIOR))
    group = table["events.noun"][2]
    assert group == pytest.approx((40 + rp.PRIOR * family) / (41 + rp.PRIOR))
    summit = table["events.noun.summit"][2]
    assert summit == pytest.approx((0 + rp.PRIOR * group) / (1 + rp.PRIOR))
    assert 0.7 < summit < group, "one wrong fact lowers a rule, it does not zero it"
    assert table["events.verb.met"][2] < table["events.noun.talks"][2]


def test_qualified_facts_are_calibrated_apart_and_found_first():
    judged = facts("roles.title.after", 30, 0) + facts("roles.title.after", 5, 5, "b", qualifier="bare")
    table = rp.calibrate(judged)
    bare = rp.Judged("s", "x", "f", "roles.title.after", True, "", "bare")
    plain = rp.Judged("s", "x", "f", "roles.title.after", True, "", None)
    assert rp.lookup(table, bare) == table["roles.title.after#bare"][2]
    assert rp.lookup(table, bare) < rp.lookup(table, plain)
    assert table["roles#bare"][:2] == (10, 5)


def test_held_out_scores_each_half_with_the_other_halfs_table():
    # articles alternate between folds; every fact of one rule is right in fold 0 and wrong in fold 1,
    # so a table calibrated on the other fold is confident exactly where it is wrong
    judged = [rp.Judged("s", f"a{i:02d}", f"f{i}", "quotes.verb.said", i % 2 == 0) for i in range(20)]
    in_sample = rp.reliability(judged, lambda j: rp.calibrate(judged))
    held = rp.held_out(judged)
    assert sum(r["facts"] for r in held) == sum(r["facts"] for r in in_sample) == 20
    assert {r["bin"]: r["facts"] for r in in_sample}["0.5-0.7"] == 20
    by_bin = {r["bin"]: (r["facts"], r["correct"]) for r in held}
    assert by_bin["0.0-0.5"] == (10, 10) and by_bin["0.9-1.0"] == (10, 0)


def test_a_run_on_the_seed_writes_a_table_the_loader_reads(tmp_path):
    out, table = tmp_path / "rules.json", tmp_path / "confidence.tsv"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "rule_precision.py"), "--sets", "seed",
                           "--json", str(out), "--write-calibration", "--calibration", str(table)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    judged = sum(r["all"]["facts"] for r in data["rules"])
    assert judged >= 10 and "reliability held out" in done.stdout and "0.8-0.9" in done.stdout
    assert sum(r["facts"] for r in data["reliability_in_sample"]) == judged
    assert sum(r["facts"] for r in data["reliability_held_out"]) == judged
    loaded = confidence_table(str(table))
    assert "*" in loaded and all(0 <= v <= 1 for v in loaded.values())
    assert {r["rule"] for r in data["rules"] if r["all"]["facts"]} <= set(loaded)
    for r in data["rules"]:
        lo, hi = r["all"]["wilson"]
        if r["all"]["facts"]:
            assert lo <= r["all"]["precision"] <= hi
