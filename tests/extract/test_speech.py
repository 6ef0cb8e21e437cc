"""Reported speech end to end: built as ng:ReportedSpeech, read by the statements query, never by
the quotes query, and valid under the shapes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

ARTICLE = """example.org

Publish Date : 12 August 2025 - 10:00
Port talks stall

Carla Nieves said that the new harbour would open in the spring.

"We will not sign this accord under any circumstances," Anton Weber said on Monday.

Ines Calvo urged the two port authorities to return to the table.
"""


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speech")
    (folder / "port.txt").write_text(ARTICLE, encoding="utf-8")
    done = cli("build", str(folder / "port.txt"), "--out", str(folder / "out"), "--no-html")
    assert done.returncode == 0, done.stderr
    return folder / "out" / "graph.ttl"


def rows(graph, query: str) -> list[dict[str, str]]:
    done = cli("query", query, "--graph", str(graph), "--format", "json")
    assert done.returncode == 0, done.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(done.stdout)["results"]["bindings"]]


def test_statements_query_reads_reported_speech_only(built):
    found = {(r["speaker"], r["text"], r["rule"]) for r in rows(built, "statements")}
    assert found == {("Carla Nieves", "the new harbour would open in the spring", "speech.clause.said"),
                     ("Ines Calvo", "the two port authorities to return to the table", "speech.object_to.urged")}


def test_quotes_query_reads_direct_quotes_only(built):
    found = [(r["speaker"], r["text"]) for r in rows(built, "quotes")]
    assert found == [("Anton Weber", "We will not sign this accord under any circumstances")]


def test_reported_speech_conforms_to_the_shapes(built):
    done = cli("validate", str(built))
    assert done.returncode == 0 and "conforms" in done.stdout, done.stdout + done.stderr


def test_every_speech_trigger_label_has_its_handler_and_words():
    import graph.extract.speech  # noqa: F401 - importing the family registers its handlers
    from graph.extract.speech.triggers import HANDLERS, RULES
    from graph.rules import load_json

    rules = load_json(RULES)
    assert set(rules["triggers"]) == HANDLERS.labels()
    for label, spec in rules["triggers"].items():
        assert rules.get(spec["words"]) and spec["pos"], f"{RULES}: {label} needs a word list and parts of speech"
