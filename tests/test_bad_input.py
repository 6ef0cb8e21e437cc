"""Bad input never costs good data and never shows a traceback (``newsgraph build`` end to end).

Every odd file is generated here at run time. Each is either read with a warning (and its good
part is in the graph) or skipped with one line naming the file; exit status 1 only when nothing
at all could be read, 2 for usage errors. Outputs are written atomically.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from graph.cli import main

GOOD = ("Title: Talks in Geneva\nPublished: 3 March 2024\n\n"
        "GENEVA (Reuters) - Foreign Minister Anna Berg met Prime Minister Ivo Kral in Geneva on Monday.\n")
GOOD_JSONL = '{"id": "good-line", "title": "Talks", "text": "Ivo Kral met Anna Berg in Paris on Monday."}'


def _binary() -> bytes:
    return random.Random(7).randbytes(8192)


# name -> (file content, "warn" or "skip", text expected in the one-line message)
CASES: dict[str, tuple[bytes, str, str]] = {
    "empty.txt": (b"", "skip", "no article text"),
    "whitespace.txt": (b"  \n\t\n   \r\n", "skip", "no article text"),
    "noise.txt": (_binary(), "skip", "binary"),
    "noise-no-nul.txt": (bytes(b for b in _binary() if b), "skip", "binary"),
    "nul.txt": (GOOD.replace("met", "met\x00").encode(), "warn", "NUL"),
    "latin1.txt": ("Title: Caf\u00e9 talks\n\nThe minister met Jos\u00e9 Garc\u00eda in M\u00e1laga on Monday.\n"
                   .encode("latin-1"), "warn", "Windows-1252"),
    "utf16-bom.txt": (GOOD.encode("utf-16"), "ok", ""),
    "utf16-nobom.txt": (GOOD.encode("utf-16-le"), "warn", "UTF-16"),
    "crlf.txt": (GOOD.replace("\n", "\r\n").encode(), "ok", ""),
    "header-only.txt": (b"Title: Nothing here\nPublished: 3 March 2024\n", "skip", "no article text"),
    "bad-date.txt": (GOOD.replace("3 March 2024", "the 45th of Smarch").encode(), "warn", "publication date"),
    "runaway-quotes.txt": (('He said, "This never ends. ' * 300 + "\n").encode(), "ok", ""),
    "unbalanced-quotes.txt": ('Anna Berg said: "We agree.\n\n\u201cIvo Kral said nothing\u201d\u201d\u201d."\n'.encode(),
                              "ok", ""),
    "brackets.txt": (("The minister (" * 2000 + "met" + ")" * 2000 + " Ivo Kral.\n").encode(), "ok", ""),
    "square-brackets.txt": (("[" * 5000 + "Anna Berg met Ivo Kral." + "]" * 3000).encode(), "ok", ""),
    "non-english.txt": ("Title: \u4f1a\u8c08\n\n\u5916\u4ea4\u90e8\u957f\u5468\u4e00\u5728\u65e5\u5185\u74e6"
                        "\u4f1a\u89c1\u4e86\u603b\u7406\u3002 \u041c\u0438\u043d\u0438\u0441\u0442\u0440 "
                        "\u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f. "
                        "\u0627\u0644\u0648\u0632\u064a\u0631 \u0627\u0644\u062a\u0642\u0649.\n".encode(), "ok", ""),
    "truncated.json": (b'{"title": "x", "text": "abc', "skip", "malformed JSON at line 1"),
    "not-records.json": (b"[1, 2]", "skip", "must be an object"),
    "no-text.json": (b'{"title": "no text"}', "skip", "has no 'text'"),
    "empty-list.json": (b"[]", "skip", "empty JSON list"),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "skip", "nested too deeply"),
    "page.txt": (b"<!DOCTYPE html><html><body><p>Anna Berg met Ivo Kral.</p></body></html>", "skip", "HTML"),
    "page-lower.txt": (b"\n  <html lang='en'><head><title>x</title></head></html>", "skip", "HTML"),
}
JSONL_LINES = {  # bad lines of one .jsonl file: line number -> expected message part
    2: "malformed JSON line",
    3: "must be an object",
    4: "has no 'text'",
    6: "malformed JSON line",
}
JSONL = "\n".join([GOOD_JSONL, '{"id": "b", "text": ', "[]", '{"id": "c"}',
                   GOOD_JSONL.replace("good-line", "good-line-2"), '{"id": "cut", "text": "Ivo'])


def build(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["build", *argv, "--no-html"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def articles(out: Path) -> set[str]:
    """Ids of the articles in a built graph."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    graph = Graph().parse(out / "graph.ttl", format="turtle")
    return {str(s).rsplit("/", 1)[-1] for s in graph.subjects(RDF.type, URIRef("https://schema.org/NewsArticle"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (content, _, _) in CASES.items():
        (folder / name).write_bytes(content)
    (folder / "mixed.jsonl").write_text(JSONL, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "good2.txt").write_text(GOOD.replace("Geneva", "Vienna"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus_build(corpus, tmp_path_factory):
    """One build of the whole mixed folder; (exit code, stdout, stderr, output folder).

    capsys is function-scoped, so this module-scoped build captures its output by hand.
    """
    out = tmp_path_factory.mktemp("out")
    import contextlib
    import io

    err, std = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
        code = main(["build", str(corpus), "--out", str(out), "--no-html"])
    return code, std.getvalue(), err.getvalue(), out


def test_corpus_build_keeps_every_good_article(corpus_build):
    code, out, err, folder = corpus_build
    assert code == 0
    assert "Traceback" not in out + err
    found = articles(folder)
    expected = {"good", "good2", "good-line", "good-line-2"} | {
        Path(name).stem for name, (_, kind, _) in CASES.items() if kind != "skip"}
    assert expected <= found
    assert not {Path(name).stem for name, (_, kind, _) in CASES.items() if kind == "skip"} & found


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_build_reports_each_bad_file(corpus_build, name):
    _, _, err, _ = corpus_build
    _, kind, message = CASES[name]
    lines = [ln for ln in err.splitlines() if f"{os.sep}{name}" in ln]
    if kind == "ok":
        assert lines == []
        return
    label = "skipped" if kind == "skip" else "warning"
    assert any(ln.startswith(f"newsgraph: {label}: ") and message in ln for ln in lines), err


@pytest.mark.parametrize(("line", "message"), sorted(JSONL_LINES.items()))
def test_corpus_build_names_bad_jsonl_lines(corpus_build, line, message):
    _, _, err, _ = corpus_build
    assert any(f"mixed.jsonl:{line}: " in ln and message in ln for ln in err.splitlines()), err


def test_every_skipped_input_is_listed_and_counted(corpus_build):
    _, out, err, _ = corpus_build
    skipped = [ln for ln in err.splitlines() if ln.startswith("newsgraph: skipped: ")]
    # not-records.json holds two bad records, each listed
    n_skip = sum(kind == "skip" for _, kind, _ in CASES.values()) + 1 + len(JSONL_LINES)
    assert len(skipped) == n_skip
    assert f"skipped {n_skip} bad input(s)" in out


@pytest.mark.parametrize("name", sorted(n for n, (_, kind, _) in CASES.items() if kind == "skip"))
def test_single_bad_file_is_one_line_error_exit_1(tmp_path, capsys, name):
    content, _, message = CASES[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = build(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 1
    errors = [ln for ln in err.splitlines() if ln.startswith("newsgraph: error: ")]
    assert len(errors) == 1 and str(path) in errors[0]
    assert any(message in ln and str(path) in ln for ln in err.splitlines())
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize("name", sorted(n for n, (_, kind, _) in CASES.items() if kind == "warn"))
def test_single_odd_file_is_read_with_a_warning(tmp_path, capsys, name):
    content, _, message = CASES[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = build(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 0
    assert any(ln.startswith("newsgraph: warning: ") and str(path) in ln and message in ln
               for ln in err.splitlines())
    assert Path(path).stem in articles(tmp_path / "out")


def test_two_megabyte_single_line_is_cut_with_a_warning(tmp_path, capsys, monkeypatch):
    import graph.read.article

    monkeypatch.setattr(graph.read.article, "MAX_ARTICLE_CHARS", 3000)  # the real limit costs spaCy ~10 s
    path = tmp_path / "long.txt"
    path.write_text("Anna Berg met Ivo Kral in Geneva on Monday. " * 48_000, encoding="utf-8")
    assert path.stat().st_size > 2_000_000
    code, _, err = build(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "longer than 3,000 characters" in err and str(path) in err
    assert "long" in articles(tmp_path / "out")


@pytest.mark.parametrize("target", ["missing.txt", "missing-folder"])
def test_missing_path_is_one_line_error(tmp_path, capsys, target):
    code, _, err = build(capsys, str(tmp_path / target), "--out", str(tmp_path / "out"))
    assert code == 1
    assert f"{tmp_path / target}: no such file or folder" in err


def test_empty_folder_is_one_line_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF-1.4")
    code, _, err = build(capsys, str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "notes.pdf: a PDF document, not an article" in err


def test_missing_path_beside_good_file_costs_nothing(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    code, _, err = build(capsys, str(good), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "nope.txt: no such file or folder" in err
    assert "good" in articles(tmp_path / "out")


@pytest.mark.parametrize("argv", [["build"], ["build", "--out"], ["build", "x.txt", "--bogus"],
                                  ["query", "--format", "pdf", "articles"], ["no-such-command"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_failed_run_leaves_previous_output_intact(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert build(capsys, str(good), "--out", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert build(capsys, str(bad), "--out", str(out))[0] == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_failed_serialisation_leaves_previous_file_intact(tmp_path):
    from graph.output import write_atomic, write_text_atomic

    target = write_text_atomic(tmp_path / "graph.ttl", "old\n")

    def broken(tmp: Path) -> None:
        tmp.write_text("half a gra", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, broken)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_unreadable_file_is_skipped(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    real = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)  # works as root too, unlike chmod 0
    code, _, err = build(capsys, str(locked), "--out", str(tmp_path / "out"))
    assert code == 1 and "locked.txt: cannot read (Permission denied)" in err
