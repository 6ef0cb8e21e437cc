"""Inputs of every kind in one build: a mixed folder (pages, feeds, text, JSONL, a README, a PDF), standard
input, named pipes, devices, and inputs given twice."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from webtools import PARAGRAPHS, article_page, graph_articles, rss_feed, write_warc

from graph.cli import main
from graph.read import Article, ArticleError, iter_articles

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Title: Talks in Geneva\nPublished: 4 March 2024\n\n" + PARAGRAPHS[0] + "\n"
# a PDF whose first lines look like a text header: still a PDF
PDF = b"%PDF-1.7\nTitle: Annual report\nPublished: 2024-03-04\n\n" + b"Anna Berg met Ivo Kral.\n" * 20 + b"%%EOF\n"


def cli(*argv: str, stdin: bytes | None = None, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "graph.cli", "build", *argv, "--no-html"], input=stdin,
                          capture_output=True, cwd=cwd, env=env, timeout=300)


def test_mixed_folder_lands_every_article_and_names_each_skipped_file(tmp_path, capsys):
    folder = tmp_path / "inbox"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "story.html").write_text(article_page(), encoding="utf-8")
    (folder / "pages" / "saved-page").write_text(article_page(title="Saved without a suffix"), encoding="utf-8")
    (folder / "world.rss").write_text(rss_feed([{"guid": "feed-1", "link": "https://x.example/1", "title": "Item",
                                                 "date": "Mon, 04 Mar 2024 08:00:00 GMT",
                                                 "content": f"<p>{PARAGRAPHS[1]}</p>"}]), encoding="utf-8")
    (folder / "talks.txt").write_text(TEXT, encoding="utf-8")
    (folder / "wire.jsonl").write_text("\n".join(json.dumps({"id": f"w{i}", "text": PARAGRAPHS[i]}) for i in range(2)))
    (folder / "README.md").write_text("# What is here\n\nPages saved for the project.\n")
    (folder / "report.pdf").write_bytes(PDF)
    (folder / "style.css").write_text("body { color: black; }\n")
    (folder / ".hidden.txt").write_text(TEXT)
    (folder / "old.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": "gz1", "text": PARAGRAPHS[2]}).encode()))
    write_warc(folder / "crawl.warc.gz", [("https://news.example.org/c", "text/html", article_page().encode(),
                                          "2024-05-01T10:00:00Z")])
    code = main(["build", str(folder), "--out", str(tmp_path / "out"), "--no-html"])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err
    assert sorted(graph_articles(tmp_path / "out")) == [
        "feed-1", "gz1", "news.example.org/c", "saved-page", "story", "talks", "w0", "w1"]
    skipped = [line for line in err.splitlines() if line.startswith("newsgraph: skipped: ")]
    assert skipped == [
        f"newsgraph: skipped: {folder / 'README.md'}: a Markdown/notes file, not an article (give it by name to read it as text)",
        f"newsgraph: skipped: {folder / 'report.pdf'}: a PDF document, not an article",
        f"newsgraph: skipped: {folder / 'style.css'}: a .css file, not an article "
        "(articles are .txt, JSON, JSON Lines, pages, feeds or WARC); not read",
    ]
    assert "read 8 article(s)" in out and "skipped 3 bad input(s)" in out


def test_json_file_holding_json_lines_is_read_as_json_lines(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("\n".join(json.dumps({"id": f"r{i}", "text": PARAGRAPHS[i]}) for i in range(3)))
    articles = list(iter_articles([path]))
    assert [a.id for a in articles] == ["r0", "r1", "r2"]


def test_json_file_with_json_lines_is_noted_and_pretty_records_are_one_clear_line(tmp_path):
    lines = tmp_path / "lines.json"
    lines.write_text(json.dumps({"id": "r0", "text": PARAGRAPHS[0]}) + "\n" + json.dumps({"id": "r1", "text": "x y"}))
    first, second = iter_articles([lines])
    assert (first.id, second.id) == ("r0", "r1") and any("holds JSON Lines" in w for w in first.warnings)
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps({"id": "r0", "text": "a b"}, indent=2) + "\n" + json.dumps({"id": "r1", "text": "x"}))
    [error] = iter_articles([pretty])
    assert str(error) == (f"{pretty}: more than one JSON document (a second starts at line 5); "
                          "JSON Lines needs one whole record per line")


def test_standard_input_is_an_input(tmp_path):
    done = cli("-", "--out", "out", stdin=TEXT.encode(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"read 1 article(s)" in done.stdout
    assert graph_articles(tmp_path / "out")["stdin"]["headline"] == "Talks in Geneva"


def test_standard_input_gzipped_jsonl(tmp_path):
    data = gzip.compress("\n".join(json.dumps({"id": f"s{i}", "text": PARAGRAPHS[i]}) for i in range(3)).encode())
    done = cli("-", "--out", "out", stdin=data, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(graph_articles(tmp_path / "out")) == ["s0", "s1", "s2"]


def test_named_pipe_is_read_like_a_file(tmp_path):
    pipe = tmp_path / "feed.pipe"  # what `newsgraph build <(zcat corpus.jsonl.gz)` hands over
    os.mkfifo(pipe)

    def write() -> None:
        with pipe.open("wb") as handle:
            for i in range(3):
                handle.write((json.dumps({"id": f"p{i}", "text": PARAGRAPHS[i]}) + "\n").encode())

    writer = threading.Thread(target=write)
    writer.start()
    done = cli(str(pipe), "--out", "out", cwd=tmp_path)
    writer.join(timeout=10)
    assert done.returncode == 0, done.stderr
    assert b"read 3 article(s)" in done.stdout
    assert sorted(graph_articles(tmp_path / "out")) == ["p0", "p1", "p2"]


def test_character_device_is_refused_not_read_forever(tmp_path):
    [error] = list(iter_articles(["/dev/zero"]))
    assert str(error) == "/dev/zero: a character device (it would be read forever), not a file, folder or pipe; not read"
    (tmp_path / "a.txt").write_text(TEXT)
    done = cli("/dev/zero", "a.txt", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0 and b"/dev/zero: a character device" in done.stderr
    assert list(graph_articles(tmp_path / "out")) == ["a"]


def test_missing_input_is_still_no_such_file(tmp_path):
    [error] = list(iter_articles([tmp_path / "nope.txt"]))
    assert str(error) == f"{tmp_path / 'nope.txt'}: no such file or folder"


def test_inputs_given_twice_are_read_once(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talks.txt").write_text(TEXT)
    (folder / "more.txt").write_text(TEXT.replace("Talks in Geneva", "More talks"))
    link = tmp_path / "same.txt"
    link.symlink_to(folder / "talks.txt")
    inputs = [str(folder / "talks.txt"), str(folder), str(link), str(folder / "talks.txt")]
    assert [a.id for a in iter_articles(inputs)] == ["talks", "more"]
    assert main(["build", *inputs, "--out", str(tmp_path / "out"), "--no-html"]) == 0
    out, err = capsys.readouterr()
    assert "read 2 article(s)" in out and "appears twice" not in err


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "an image, not an article"),
    (b"<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>",
     "an XML document that is neither a feed nor a web page, not an article"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an office document"),
])
def test_other_kinds_named_as_text_are_refused_by_content(tmp_path, content, message):
    path = tmp_path / "looks-like.txt"
    path.write_bytes(content)
    [error] = list(iter_articles([path]))
    assert isinstance(error, ArticleError) and str(error).startswith(f"{path}: {message}")


def test_markdown_given_by_name_is_read_as_text(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(TEXT)
    [article] = list(iter_articles([path]))
    assert isinstance(article, Article) and article.title == "Talks in Geneva"
