"""The one rule loader: every file of ``ontology/rules/`` is read through ``graph/rules.py``, and
nowhere else; a file that cannot be read is one error naming it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graph import rules
from graph.resources import rules_dir

PACKAGE = Path(__file__).resolve().parent.parent / "graph"


@pytest.mark.parametrize("path", sorted(rules_dir().iterdir()), ids=lambda p: p.name)
def test_every_rule_file_reads(path):
    if path.suffix == ".json":
        assert rules.load_json(path.name)
    elif path.suffix == ".tsv":
        rows = rules.table(path.name)
        assert rows and all(None not in row for row in rows), f"{path.name}: a row with more columns than the header"
    else:
        assert rules.rule_lines(path.name)


def test_only_the_loader_opens_the_rules_folder():
    readers = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("rules.py", "resources.py") and path.parent == PACKAGE:
            continue
        names = {n.id for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Name)}
        if "rules_dir" in names:
            readers.append(str(path.relative_to(PACKAGE)))
    assert readers == []


def test_forms_of_address_are_honorifics_and_lists_are_lower_case():
    assert {f.lower() for f in rules.honorifics()} >= rules.address_forms()
    assert all(w == w.lower() for w in (*rules.name_particles(), *rules.speech_verbs()))
    assert "said" in rules.speech_verbs() and "de" in rules.name_particles()


def test_a_missing_rule_file_is_one_error_naming_it(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    monkeypatch.setenv("NEWSGRAPH_ONTOLOGY", str(tmp_path))
    rules.forget_rules()
    try:
        with pytest.raises(rules.RulesError, match=r"rules/speech_verbs.txt: cannot read rule file"):
            rules.speech_verbs()
    finally:
        monkeypatch.delenv("NEWSGRAPH_ONTOLOGY")
        rules.forget_rules()
