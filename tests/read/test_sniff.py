"""Telling a file's kind by its first bytes, whatever its name says."""

from __future__ import annotations

import bz2
import gzip
import lzma
import subprocess
import sys

import pytest
import zstandard

from graph.read.sniff import sniff

PAGE = b"<!DOCTYPE html><html><head><title>x</title></head><body><p>x</p></body></html>"


@pytest.mark.parametrize(("head", "kind"), [
    (gzip.compress(b"x"), "gzip"),
    (bz2.compress(b"x"), "bzip2"),
    (lzma.compress(b"x"), "xz"),
    (zstandard.ZstdCompressor().compress(b"x"), "zstd"),
    (b"PK\x03\x04rest", "zip"),
    (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
    (b"%PDF-1.4\nTitle: Looks like a header\n\nBody text.", "pdf"),
    (b"\xef\xbb\xbf\n%PDF-1.7\n", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff\xe0", "image"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image"),
    (PAGE, "html"),
    (b"<!-- saved by an archiver " + b"x" * 3000 + b" -->\n" + PAGE, "html"),
    (b"\n\n  <html lang='en'><body>x</body></html>", "html"),
    (b"<div class='story'><p>x</p></div>", "html"),
    ("<html><body>caf\u00e9</body></html>".encode("utf-16"), "html"),
    (b"<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>", "feed"),
    (b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>", "feed"),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
    (b"<?xml version='1.0'?><urlset/>", "xml"),
    (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
    (b'{\n  "text": "a"\n}\n', "json"),
    (b'[{"text": "a"}]', "json"),
    (b"Title: Talks\n\nAnna Berg met Ivo Kral.", "text"),
    (b"", "text"),
])
def test_kinds(head, kind):
    assert sniff(head) == kind


def test_reading_libraries_load_only_when_an_input_needs_them():
    code = ("import sys, graph.read, graph.cli; graph.cli.parser(); "
            "print(*(m in sys.modules for m in ('trafilatura', 'feedparser', 'warcio', 'zstandard', 'lxml')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"] * 5
