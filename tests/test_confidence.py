"""Confidence per fact: the calibration table and its lookup, ``ng:confidence`` in the graph, the
``?confidence`` of the named queries, corroboration on the page, and ``--min-confidence`` in ``query`` and ``view``.

The tests bring their own small calibration table (``NEWSGRAPH_CONFIDENCE``), so they do not depend
on the numbers in ``ontology/confidence.tsv``, which are regenerated when the rules change.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from graph.confidence import FRAGMENT, calibration_keys, corroborated, quote_qualifier, role_qualifier
from graph.rules import CONFIDENCE_ENV, RulesError, confidence_table
from graph.vocab import NG

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "gold" / "seed" / "kayhan-142517.txt"
TABLE = {"*": 0.5, "roles": 0.7, "roles#bare": 0.4, "quotes": 0.93, "quotes#fragment": 0.61,
         "events": 0.66, "events.noun": 0.81, "agreements": 0.77}


def write_table(path: Path, rows: dict[str, float]) -> Path:
    lines = ["# a test calibration", "rule\tfacts\tcorrect\tconfidence"]
    lines += [f"{key}\t10\t8\t{value}" for key, value in rows.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(*args: str, table: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, CONFIDENCE_ENV: str(table), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> tuple[Path, Path]:
    """The seed article built with the test table: (graph.ttl, table)."""
    tmp = tmp_path_factory.mktemp("confidence")
    table = write_table(tmp / "confidence.tsv", TABLE)
    done = cli("build", str(SEED), "--out", str(tmp / "out"), "--no-html", "-q", table=table)
    assert done.returncode == 0, done.stderr
    return tmp / "out" / "graph.ttl", table


def expected(rule: str, qualifier: str | None) -> float:
    return next(TABLE[k] for k in calibration_keys(rule, qualifier) if k in TABLE)


def test_lookup_goes_from_the_rule_to_its_group_family_and_star():
    assert calibration_keys("events.noun.talks") == ["events.noun.talks", "events.noun", "events", "*"]
    assert calibration_keys("roles.title.after", "bare")[:3] == ["roles.title.after#bare", "roles.title#bare",
                                                                   "roles#bare"]
    assert calibration_keys(None) == ["*"]
    assert expected("events.noun.talks", None) == 0.81
    assert expected("events.verb.met", None) == 0.66
    assert expected("dates.unknown", None) == 0.5
    assert role_qualifier(False) == "bare" and role_qualifier(True) is None
    assert quote_qualifier("a step in the right direction") == FRAGMENT and quote_qualifier("We agree.") is None


def test_corroboration_shrinks_the_error_in_proportion_to_the_sources():
    assert corroborated(0.8, 1) == pytest.approx(0.8)
    assert corroborated(0.8, 2) == pytest.approx(0.9)
    assert corroborated(0.8, 4) == pytest.approx(0.95)
    assert corroborated(0.6, 0) == pytest.approx(0.6)


@pytest.mark.parametrize(("line", "problem"), [("roles\t3\t2\tmost", ":3: expected rule"),
                                               ("roles\t3\t2\t1.5", ":3: confidence 1.5 is outside")])
def test_a_bad_table_line_is_named(tmp_path, line, problem):
    path = tmp_path / "bad.tsv"
    path.write_text(f"# c\nrule\tfacts\tcorrect\tconfidence\n{line}\n", encoding="utf-8")
    with pytest.raises(RulesError, match=problem) as caught:
        confidence_table(str(path))
    assert str(path) in str(caught.value)


def test_a_build_with_a_broken_table_says_so_in_one_line(tmp_path):
    table = tmp_path / "broken.tsv"
    table.write_text("rule\tfacts\tcorrect\tconfidence\nroles\t1\t1\thigh\n", encoding="utf-8")
    done = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--no-html", "-q", table=table)
    assert done.returncode != 0
    assert f"{table}:2: expected rule" in done.stderr and "Traceback" not in done.stderr


def test_every_fact_carries_its_rules_calibrated_confidence(seed_graph):
    ttl, _ = seed_graph
    g = Graph().parse(ttl)
    facts = 0
    for node in set(g.subjects(NG.rule, None)):  # a fact several patterns found keeps the best
        values = set(g.objects(node, NG.confidence))
        assert all(v.datatype == XSD.decimal for v in values)
        if (node, RDF.type, NG.RoleHolding) in g:
            post = g.value(node, NG.post)
            placed = any(g.value(post, p) is not None for p in (URIRef("http://www.w3.org/ns/org#postIn"),
                                                                  NG.postOf, NG.accreditedTo))
            qualifier = role_qualifier(placed)
        elif g.value(node, URIRef("https://schema.org/text")) is not None:
            qualifier = quote_qualifier(str(g.value(node, URIRef("https://schema.org/text"))))
        else:
            qualifier = None
        want = max(Decimal(f"{expected(str(rule), qualifier):.3f}") for rule in g.objects(node, NG.rule))
        assert [v.toPython() for v in values] == [want], (node, qualifier)
        facts += 1
    assert facts >= 10
    kinds = {str(r).split(".")[0] for r in g.objects(None, NG.rule)}
    assert {"roles", "quotes", "events"} <= kinds


def rows(done: subprocess.CompletedProcess) -> list[dict[str, str]]:
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.mark.parametrize("name", ["roles", "meetings", "agreements", "quotes"])
def test_named_queries_return_confidence_and_filter_on_it(seed_graph, name):
    ttl, table = seed_graph
    everything = rows(cli("query", name, "--graph", str(ttl), "--format", "csv", table=table))
    values = sorted({float(r["confidence"]) for r in everything})
    assert everything and all(0 <= v <= 1 for v in values)
    assert set(values) <= {round(v, 3) for v in TABLE.values()}
    cut = values[-1]
    kept = rows(cli("query", name, "--graph", str(ttl), "--format", "csv", "--min-confidence", str(cut),
                    table=table))
    assert kept == [r for r in everything if float(r["confidence"]) >= cut]
    none = rows(cli("query", name, "--graph", str(ttl), "--format", "csv", "--min-confidence", "1", table=table))
    assert none == [] or all(float(r["confidence"]) == 1 for r in none)


def test_min_confidence_needs_a_confidence_column_and_a_number_in_range(seed_graph):
    ttl, table = seed_graph
    done = cli("query", "entities", "--graph", str(ttl), "--min-confidence", "0.5", table=table)
    assert done.returncode != 0 and "no" in done.stderr and "?confidence" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = cli("view", str(ttl), "--out", "unused.html", "--min-confidence", "1.5", table=table)
    assert done.returncode != 0 and "between 0 and 1" in done.stderr


def test_a_fact_reported_by_two_articles_is_more_confident(seed_graph, tmp_path):
    """With or without the cross-article event merge: the source count is read from the evidence."""
    ttl, table = seed_graph
    g = Graph().parse(ttl)
    event = next(s for s in g.subjects(NG.rule, None) if (s, RDF.type, NG.Visit) in g)
    single = float(g.value(event, NG.confidence))
    other = URIRef("https://newsgraph.org/id/evidence/other-article")
    g.add((event, NG.evidence, other))
    g.add((other, NG.sentence, Literal("A second outlet told the same visit.")))
    another = URIRef("https://newsgraph.org/id/article/another")
    g.add((other, PROV.wasDerivedFrom, another))
    g.add((another, RDF.type, URIRef("https://schema.org/NewsArticle")))
    g.add((another, URIRef("https://schema.org/identifier"), Literal("another")))
    merged = tmp_path / "merged.ttl"
    g.serialize(merged, format="turtle")
    page = tmp_path / "merged.html"
    assert cli("view", str(merged), "--out", str(page), table=table).returncode == 0
    found = [f[8] for f in page_facts(page) if len(f[7]) == 2]
    assert found == [pytest.approx(corroborated(single, 2), abs=1e-3)]
    assert found[0] > single


def page_facts(html: Path) -> list[list]:
    text = html.read_text(encoding="utf-8")
    start = text.index("var NG_DATA = ") + len("var NG_DATA = ")
    data, _ = json.JSONDecoder().raw_decode(text[start:])
    return data["facts"]


def test_view_hides_facts_below_the_threshold(seed_graph, tmp_path):
    ttl, table = seed_graph
    assert cli("view", str(ttl), "--out", str(tmp_path / "all.html"), table=table).returncode == 0
    every = page_facts(tmp_path / "all.html")
    confidences = sorted({f[8] for f in every})
    assert len(confidences) >= 2, "the test table gives the seed's facts different confidences"
    cut = confidences[-1]
    done = cli("view", str(ttl), "--out", str(tmp_path / "strong.html"), "--min-confidence", str(cut), table=table)
    assert done.returncode == 0, done.stderr
    strong = page_facts(tmp_path / "strong.html")
    assert strong and len(strong) < len(every)
    assert all(f[8] >= cut for f in strong)
    def what(f: list) -> str:  # kind, label, date, status, confidence (indexes into tables renumber)
        return json.dumps([f[0], f[1], f[2], f[3], f[8]])

    assert sorted(map(what, strong)) == sorted(what(f) for f in every if f[8] >= cut)
