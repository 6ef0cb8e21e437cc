"""Faults during a build cost only what they touch (#18): a bad record, a bad output folder, too
many jobs, a year-0001 date. Each test builds small generated inputs through ``newsgraph build``.
"""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.cli import main
from graph.read import Article

RECORDS = 250
BAD_LINE = 101


def _record(i: int) -> str:
    people = [("Anna Berg", "Ivo Kral"), ("Lena Stahl", "Omar Haddad"), ("Rita Novak", "Paul Dorn")][i % 3]
    text = f"Foreign Minister {people[0]} met Prime Minister {people[1]} in Geneva on Monday, talks {i} said."
    return json.dumps({"id": f"r{i}", "title": f"Talks {i}", "published": "2024-03-05", "text": text})


@pytest.fixture(scope="module")
def surrogate_jsonl(tmp_path_factory) -> Path:
    """250 records; line 101 holds a lone surrogate escape, as the issue's file did."""
    lines = [_record(i) for i in range(RECORDS)]
    lines[BAD_LINE - 1] = lines[BAD_LINE - 1].replace("talks", "talks \\ud800")
    assert "\\ud800" in lines[BAD_LINE - 1]
    path = tmp_path_factory.mktemp("in") / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["build", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _store_articles(folder: Path) -> set[str]:
    from graph.store import article_graphs

    return {g.rsplit("/", 1)[-1] for g in article_graphs(ox.Store.read_only(str(folder)))}


def _file_articles(out: Path) -> set[str]:
    store = ox.Store()
    store.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    return {g.value.rsplit("/", 1)[-1] for g in store.named_graphs()}


@pytest.mark.parametrize("target", ["--out", "--store"])
def test_a_lone_surrogate_skips_its_record_and_the_rest_lands(surrogate_jsonl, tmp_path, capsys, target):
    folder = tmp_path / "result"
    code, out, err = _run(capsys, str(surrogate_jsonl), target, str(folder), "--no-html")
    assert code == 0
    skipped = [ln for ln in err.splitlines() if ln.startswith("newsgraph: skipped: ")]
    assert len(skipped) == 1 and f"{surrogate_jsonl}:{BAD_LINE}: " in skipped[0] and "surrogate" in skipped[0]
    expected = {f"r{i}" for i in range(RECORDS)} - {f"r{BAD_LINE - 1}"}
    found = _store_articles(folder) if target == "--store" else _file_articles(folder)
    assert found == expected
    assert f"read {RECORDS - 1} article(s)" in out


def test_spacy_failing_on_one_article_costs_only_that_article(nlp):
    """Where a bad text reaches spaCy itself, the rest of its batch is still parsed."""
    from graph.pipeline import parsed_docs

    articles = [Article(id=f"a{i}", text=f"Anna Berg met Ivo Kral in Paris on day {i}.", path=f"in.jsonl:{i + 1}")
                for i in range(5)]
    articles[2] = Article(id="a2", text="Anna Berg met \ud800 Ivo Kral.", path="in.jsonl:3")
    results = list(parsed_docs(nlp, articles))
    assert [a.id for a, _ in results] == [a.id for a in articles]
    errors = [doc for _, doc in results if isinstance(doc, str)]
    assert len(errors) == 1 and errors[0].startswith("in.jsonl:3: parsing failed (UnicodeEncodeError")
    assert all(doc.text == a.parse_text for a, doc in results if not isinstance(doc, str))


def test_extraction_failing_on_one_record_costs_only_that_record(tmp_path, capsys, monkeypatch):
    """A failure in extraction or RDF (here forced on one record) skips that record alone."""
    import graph.pipeline

    real = graph.pipeline.extract_article

    def fragile(doc, article):  # noqa: ANN001, ANN202
        if article.id == "r3":
            raise OverflowError("date value out of range")
        return real(doc, article)

    monkeypatch.setattr(graph.pipeline, "extract_article", fragile)
    src = tmp_path / "few.jsonl"
    src.write_text("\n".join(_record(i) for i in range(6)) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, str(src), "--store", str(tmp_path / "store"))
    assert code == 0
    assert f"newsgraph: skipped: {src}:4: extraction failed (OverflowError: date value out of range)" in err
    assert _store_articles(tmp_path / "store") == {"r0", "r1", "r2", "r4", "r5"}


def test_a_graph_the_store_cannot_read_skips_that_article(tmp_path, capsys, monkeypatch):
    """An article graph Oxigraph rejects (here an IRI with a space) is reported by file and line."""
    import graph.pipeline

    real = graph.pipeline.article_ntriples

    def odd_iri(doc, article):  # noqa: ANN001, ANN202
        data = real(doc, article)
        return data + b"<https://example.org/a b> <https://example.org/p> <https://example.org/c> .\n" \
            if article.id == "r1" else data

    monkeypatch.setattr(graph.pipeline, "article_ntriples", odd_iri)
    src = tmp_path / "few.jsonl"
    src.write_text("\n".join(_record(i) for i in range(4)) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, str(src), "--store", str(tmp_path / "store"))
    assert code == 0
    lines = [ln for ln in err.splitlines() if ln.startswith("newsgraph: skipped: ")]
    assert len(lines) == 1 and lines[0].startswith(f"newsgraph: skipped: {src}:2: the store cannot read its graph")
    assert _store_articles(tmp_path / "store") == {"r0", "r2", "r3"}
    assert "read 3 article(s)" in out


def test_a_year_0001_article_is_kept_and_its_relative_dates_stay_unresolved(tmp_path, capsys):
    src = tmp_path / "placeholder.txt"
    src.write_text("Title: Placeholder date\nPublished: 0001-01-01\n\nForeign Minister Anna Berg met Prime "
                   "Minister Ivo Kral in Geneva yesterday.\n", encoding="utf-8")
    code, _, err = _run(capsys, str(src), "--out", str(tmp_path / "out"), "--no-html")
    assert code == 0 and "skipped" not in err
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert '"0001-01-01"^^xsd:date' in ttl
    assert "placeholder" in _file_articles(tmp_path / "out")


def _file_at(path: Path) -> None:
    path.write_text("x")


def _file_above(path: Path) -> None:
    (path.parent.parent).write_text("x")  # "file", above "sub/out"


def _folder_named_graph_ttl(path: Path) -> None:
    (path / "graph.ttl").mkdir(parents=True)


@pytest.mark.parametrize("where, make, message", [
    ("out", _file_at, "out: is a file, not an output folder"),
    ("file/sub/out", _file_above, "file/sub/out: cannot create the output folder ("),
    ("out", _folder_named_graph_ttl, "graph.ttl: is a folder, so graph.ttl cannot be written"),
])
def test_an_unusable_out_is_one_line_before_any_parsing(tmp_path, capsys, monkeypatch, where, make, message):
    import graph.pipeline

    def no_parsing(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("parsing started")

    monkeypatch.setattr(graph.pipeline, "stream_ntriples", no_parsing)
    src = tmp_path / "one.jsonl"
    src.write_text(_record(0) + "\n", encoding="utf-8")
    target = tmp_path / where
    make(target)
    code, _, err = _run(capsys, str(src), "--out", str(target))
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith("newsgraph: error: ") and message in err, err


def test_jobs_are_capped_at_the_cpu_count_with_a_note(tmp_path, capsys, monkeypatch):
    import graph.commands.build
    import graph.pipeline

    seen = {}
    real = graph.pipeline.stream_ntriples

    def record_jobs(articles, model=None, jobs=1, batch_size=None):  # noqa: ANN001, ANN202
        seen["jobs"] = jobs
        return real(articles, model, 1, batch_size)

    monkeypatch.setattr(graph.pipeline, "stream_ntriples", record_jobs)
    monkeypatch.setattr(graph.commands.build, "usable_cpus", lambda: 3)
    src = tmp_path / "one.jsonl"
    src.write_text(_record(0) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, str(src), "--out", str(tmp_path / "out"), "--jobs", "1000", "--no-html")
    assert code == 0 and seen["jobs"] == 3
    notes = [ln for ln in err.splitlines() if "--jobs" in ln]
    assert notes == ["newsgraph: note: --jobs 1000 is more than the 3 CPU(s) here; using 3"]


def test_outputs_are_as_readable_as_the_umask_allows(tmp_path, capsys):
    import os

    src = tmp_path / "one.jsonl"
    src.write_text(_record(0) + "\n", encoding="utf-8")
    previous = os.umask(0o022)
    try:
        assert _run(capsys, str(src), "--out", str(tmp_path / "out"))[0] == 0
        os.umask(0o077)
        assert _run(capsys, str(src), "--out", str(tmp_path / "private"))[0] == 0
    finally:
        os.umask(previous)
    names = {"graph.ttl", "graph.trig", "graph.jsonld", "graph.html"}
    assert {p.name for p in (tmp_path / "out").iterdir()} == names
    for name in names:
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o644, name
        assert stat.S_IMODE((tmp_path / "private" / name).stat().st_mode) == 0o600, name


def test_version_comes_from_the_package_metadata(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"newsgraph {version('newsgraph')}\n"


def test_version_in_a_source_checkout_reads_pyproject(monkeypatch):
    import importlib.metadata

    import graph.cli

    def missing(_name: str) -> str:
        raise importlib.metadata.PackageNotFoundError("newsgraph")

    monkeypatch.setattr(importlib.metadata, "version", missing)
    text = (Path(graph.cli.__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    declared = next(ln.split('"')[1] for ln in text.splitlines() if ln.startswith("version"))
    assert graph.cli.version() == f"{declared} (source checkout)"


def test_dates_past_the_calendar_ends_stay_unresolved():
    from graph.dates import find_dates

    early = {d.surface: d.value for d in find_dates("yesterday, last Monday, on Sunday and Jan 3", date(1, 1, 1))}
    assert early["yesterday"] is None and early["last Monday"] is None
    assert early["Jan 3"] == date(1, 1, 3)
    late = {d.surface: d.value for d in find_dates("tomorrow, next Friday and December 1", date(9999, 12, 31), True)}
    assert late["tomorrow"] is None and late["next Friday"] is None
    assert late["December 1"] == date(9999, 12, 1)


def _stops_after_three(stop: BaseException):  # noqa: ANN202
    """A stand-in for the parsing stream: three articles, then ``stop`` (a dead worker, Ctrl-C)."""

    def stream(articles, model=None, jobs=1, batch_size=None):  # noqa: ANN001, ANN202
        for n, article in enumerate(articles):
            if n == 3:
                raise stop
            yield article, f'<https://newsgraph.org/id/article/{article.id}> <urn:ng:n> "{n}" .\n'.encode()

    return stream


def test_a_worker_killed_mid_build_keeps_what_was_parsed(tmp_path, capsys, monkeypatch):
    """A parsing worker that dies (the out-of-memory killer) ends the build with one line; the
    articles that came back before it are in the store."""
    from concurrent.futures.process import BrokenProcessPool

    import graph.pipeline

    monkeypatch.setattr(graph.pipeline, "stream_ntriples",
                        _stops_after_three(BrokenProcessPool("A process in the process pool was terminated")))
    src = tmp_path / "few.jsonl"
    src.write_text("\n".join(_record(i) for i in range(6)) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, str(src), "--store", str(tmp_path / "store"))
    assert code == 1
    assert err.splitlines() == [f"newsgraph: error: a parsing worker process stopped unexpectedly (out of memory?); "
                                f"the store {tmp_path / 'store'} keeps the 3 article(s) parsed before"]
    assert _store_articles(tmp_path / "store") == {"r0", "r1", "r2"}


def test_ctrl_c_in_a_file_build_writes_no_half_output(tmp_path, capsys, monkeypatch):
    """Without --store, an interrupted build leaves the output folder as it was (the real signal is
    tested on store builds in test_build_concurrency)."""
    import graph.pipeline

    monkeypatch.setattr(graph.pipeline, "stream_ntriples", _stops_after_three(KeyboardInterrupt()))
    src = tmp_path / "few.jsonl"
    src.write_text("\n".join(_record(i) for i in range(6)) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, str(src), "--out", str(tmp_path / "out"))
    assert code == 130 and out == ""
    assert err.splitlines() == ["newsgraph: interrupted; no output written"]
    assert not (tmp_path / "out").exists()
