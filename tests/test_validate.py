"""SHACL validation: the seed and dev-set graphs conform; a broken graph is reported readably."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "kayhan-142517.txt"
DEV = sorted((ROOT.parent / "shared" / "gold" / "dev").glob("*.txt"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The seed and the dev articles built into one graph (the way a user would)."""
    import contextlib
    import io

    out = tmp_path_factory.mktemp("validate")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["build", str(SEED), *map(str, DEV), "--out", str(out), "--no-html", "-q"])
    assert code == 0
    return out / "graph.ttl"


def test_seed_graph_conforms(tmp_path, capsys):
    code = main(["build", str(SEED), "--out", str(tmp_path), "--no-html", "-q", "--validate"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "conforms to the newsgraph shapes" in out


@pytest.mark.skipif(not DEV, reason="the shared dev set is not present")
def test_seed_and_dev_graph_conforms(built, capsys):
    code = main(["validate", str(built)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"{built}: conforms" in out


@pytest.mark.parametrize("fmt", ["graph.trig", "graph.jsonld"])
def test_other_serialisations_conform(built, capsys, fmt):
    assert main(["validate", str(built.parent / fmt)]) == 0, capsys.readouterr().out


BROKEN = """
@prefix schema: <https://schema.org/> .
@prefix ng: <https://newsgraph.org/ontology#> .
<https://newsgraph.org/id/person/nobody> a schema:Person .
<https://newsgraph.org/id/meeting/m1> a ng:Meeting ; ng:status "rumoured" .
<https://newsgraph.org/id/meeting/m2> a ng:Meeting ; ng:rule "met" .
<https://newsgraph.org/id/role/r1> a ng:RoleHolding ; ng:rule "roles.change.fired" .
"""


def test_broken_graph_reports_violations_readably(built, tmp_path, capsys):
    broken = tmp_path / "broken.ttl"
    broken.write_text(built.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    code = main(["validate", str(broken)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert any("person/nobody" in ln and "an entity needs a label" in ln for ln in lines), out
    assert any("meeting/m1" in ln and "every fact needs the sentence" in ln for ln in lines), out
    assert any("meeting/m1" in ln and "status" in ln for ln in lines), out
    assert any("meeting/m1" in ln and "names the pattern that read it" in ln for ln in lines), out
    assert any("meeting/m2" in ln and "names the pattern that read it" in ln for ln in lines), out
    assert any("role/r1" in ln and "a post held needs its title" in ln for ln in lines), out
    assert lines[-1].endswith("violation(s)")
    assert all(ln.startswith(f"{broken}: ") for ln in lines)


def test_build_validate_fails_on_a_broken_graph_exit_1(tmp_path, capsys, monkeypatch):
    """``build --validate`` reports violations and exits 1 (the graph is still written)."""
    import graph.validate

    monkeypatch.setattr(graph.validate, "validate", lambda g: ["Violation: ngid:x label: broken on purpose"])
    code = main(["build", str(SEED), "--out", str(tmp_path), "--no-html", "-q", "--validate"])
    out = capsys.readouterr().out
    assert code == 1
    assert "broken on purpose" in out
    assert (tmp_path / "graph.ttl").exists()


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such graph file"),
    ("<a> <b> .", "cannot read as turtle"),
    ("", "conforms"),
])
def test_validate_bad_graph_files(tmp_path, capsys, content, message):
    path = tmp_path / "g.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert message in out + err
    if content is None or content:
        assert code == 1 and len(err.strip().splitlines()) == 1
