"""Compressed files by content (gzip, bzip2, xz, zstd, not by name), zip folders and WARC archives, all
made here; damaged data keeps the articles read before it and ends in one line."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import zipfile

import pytest
from webtools import PARAGRAPHS, article_page, rss_feed, write_warc

from graph.read import Article, ArticleError, iter_articles

RECORDS = [{"id": f"wire-{i}", "title": f"Story {i}", "published": "2024-03-0" + str(i),
            "text": f"Anna Berg met Ivo Kral in Geneva on Monday, meeting number {i}."} for i in range(1, 4)]
JSONL = "\n".join(json.dumps(r) for r in RECORDS).encode()


def compress(kind: str, data: bytes) -> bytes:
    if kind == "zst":
        import zstandard

        return zstandard.ZstdCompressor().compress(data)
    return {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}[kind](data)


def read(*paths) -> tuple[list[Article], list[str]]:
    items = list(iter_articles(paths))
    return [i for i in items if isinstance(i, Article)], [str(i) for i in items if isinstance(i, ArticleError)]


@pytest.mark.parametrize("kind", ["gz", "bz2", "xz", "zst"])
def test_compressed_jsonl_is_streamed(tmp_path, kind):
    path = tmp_path / f"corpus.jsonl.{kind}"
    path.write_bytes(compress(kind, JSONL))
    articles, errors = read(path)
    assert [a.id for a in articles] == ["wire-1", "wire-2", "wire-3"] and not errors
    assert articles[1].text == RECORDS[1]["text"]


def test_compression_is_told_by_content_not_by_name(tmp_path):
    plain = tmp_path / "records.gz"  # named .gz, holds plain JSON
    plain.write_text(json.dumps(RECORDS[0]))
    hidden = tmp_path / "story.txt"  # named .txt, holds a gzipped web page
    hidden.write_bytes(gzip.compress(article_page().encode()))
    articles, errors = read(plain, hidden)
    assert not errors and [a.id for a in articles] == ["wire-1", "story"]
    assert articles[0].text == RECORDS[0]["text"]
    assert any("named .gz but not gzip data" in w for w in articles[0].warnings)
    assert articles[1].text == "\n\n".join(PARAGRAPHS)


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    many = "\n".join(json.dumps({**RECORDS[0], "id": f"n{i}"}) for i in range(2000)).encode()
    data = gzip.compress(many)
    path.write_bytes(data[: len(data) * 2 // 3])
    articles, errors = read(path)
    assert 0 < len(articles) < 2000
    [error] = errors
    assert error.startswith(f"{path}: damaged gzip data after {len(articles)} article(s)")


def test_gzipped_html_page_and_feed(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(article_page().encode()))
    feed = rss_feed([{"guid": "g1", "link": "https://x.example/1", "title": "T", "date": "Mon, 04 Mar 2024 08:00:00 GMT",
                      "content": f"<p>{PARAGRAPHS[0]}</p>"}])
    (tmp_path / "feed.xml.xz").write_bytes(lzma.compress(feed.encode()))
    articles, errors = read(tmp_path / "page.html.gz", tmp_path / "feed.xml.xz")
    assert not errors and [a.id for a in articles] == ["page", "g1"]


def test_zip_folder_reads_each_member_and_refuses_office_documents(tmp_path):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("news/a.txt", "Title: A\n\n" + PARAGRAPHS[0])
        archive.writestr("news/b.jsonl", JSONL)
        archive.writestr("news/c.html", article_page())
        archive.writestr("README.md", "# Notes\n\nNot an article.")
        archive.writestr("__MACOSX/._a.txt", b"\x00\x05\x16\x07")
    docx = tmp_path / "memo.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    articles, errors = read(path, docx)
    assert [a.id for a in articles] == ["a", "wire-1", "wire-2", "wire-3", "c"]
    assert errors == [f"{path}:README.md: a Markdown/notes file, not an article",
                      f"{docx}: an office document (DOCX, XLSX, ODT or EPUB), not an article"]


def test_warc_gz_each_html_response_is_a_page(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    undated = article_page().replace('"datePublished"', '"x"').replace("<time", "<span").replace("2024-03-04", "")
    write_warc(path, [
        ("https://news.example.org/a", "text/html; charset=utf-8", article_page().encode(), "2024-05-01T10:00:00Z"),
        ("https://news.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64), "2024-05-01T10:00:01Z"),
        ("https://news.example.org/b", "text/html", undated.encode(), "2024-05-02T11:00:00Z"),
        ("https://news.example.org/menu", "text/html", b"<html><body><p>Home</p></body></html>", "2024-05-02T11:00:00Z"),
    ])
    articles, errors = read(path)
    assert [(a.id, str(a.published)) for a in articles] == [
        ("news.example.org/a", "2024-03-04"), ("news.example.org/b", "2024-05-02")]
    assert articles[1].url == "https://news.example.org/world/berg-kral-talks"  # the page's canonical address
    assert [e.split(": ", 1)[0] for e in errors] == [f"{path} record 4 (https://news.example.org/menu)"]


def test_damaged_warc_is_one_line(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html>")
    articles, errors = read(path)
    assert not articles and len(errors) == 1 and errors[0].startswith(str(path))
