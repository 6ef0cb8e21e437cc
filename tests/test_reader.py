"""The article reader: header forms, hard wraps, exact offsets, JSON and JSONL records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.read import (
    Article,
    ArticleError,
    article_from_record,
    iter_articles,
    parse_text_article,
    read_file,
)

SEED = Path(__file__).resolve().parent.parent / "seeds" / "kayhan-142517.txt"

BODY = "PARIS (AFP) -- Anna Berg met Ivo Kral in Paris on Monday.\n\nThey signed a trade pact."


def read_one(path: Path) -> Article:
    items = list(read_file(path))
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_seed_messy_header():
    article = read_one(SEED)
    assert article.source == "kayhan.ir"
    assert article.news_id == "142517"
    assert article.published == date(2025, 8, 12)
    assert article.title == "Larijani Opens Door to Broader Persian Gulf Security Ties"
    assert article.subtitle == "Iran Stands Firm in Lebanon\u2019s Darkest Hour"
    assert article.text.startswith("BAGHDAD (Dispatches) -- Ali Larijani")
    assert article.dateline_place == ("BAGHDAD", 0, 7)
    assert article.warnings == ()


@pytest.mark.parametrize(("header", "title", "published", "source"), [
    ("Title: Talks\nPublished: 2024-03-04\nSource: Example News\n\n", "Talks", date(2024, 3, 4), "Example News"),
    ("Headline: Talks\nDate: 4 March 2024\n\n", "Talks", date(2024, 3, 4), None),
    ("title: Talks\npublish date : March 4, 2024 - 10:00\npublisher: example.org\n\n", "Talks",
     date(2024, 3, 4), "example.org"),
    ("example.org\n\nNews ID: 9\nPublish Date : 4 March 2024 - 21:49\nTalks\n\n", "Talks", date(2024, 3, 4),
     "example.org"),
    ("Title: Talks\nPublished: 2024-03-04\n\nA Second Headline Line\n\n", "Talks", date(2024, 3, 4), None),
    ("", None, None, None),
])
def test_header_forms(header, title, published, source):
    article = parse_text_article(header + BODY, "t")
    assert article.text == BODY
    assert (article.title, article.published, article.source) == (title, published, source)


def test_subtitle_block_after_header():
    article = parse_text_article("Title: Talks\n\nA Second Headline Line\n\n" + BODY, "t")
    assert article.subtitle == "A Second Headline Line"
    assert article.text == BODY


def test_body_sentence_is_never_taken_as_a_headline():
    text = "Title: Talks\n\nAnna Berg met Ivo Kral.\n\nThey talked."
    assert parse_text_article(text, "t").text == "Anna Berg met Ivo Kral.\n\nThey talked."


def test_url_and_id_fields():
    article = parse_text_article("URL: https://example.org/a\nID: 77\nTitle: T\n\n" + BODY, "t")
    assert (article.url, article.news_id, article.title) == ("https://example.org/a", "77", "T")


def test_header_with_no_body_is_an_error():
    with pytest.raises(ArticleError, match="no article text"):
        parse_text_article("Title: Talks\nPublished: 2024-03-04\n", "t", "x.txt")


def test_unparsable_date_is_a_warning_not_an_error():
    article = parse_text_article("Title: T\nPublished: sometime soon\n\n" + BODY, "t", "x.txt")
    assert article.published is None
    assert any("x.txt" in w and "publication date" in w for w in article.warnings)


def test_hard_wraps_are_joined_for_parsing_and_offsets_stay_exact():
    text = "Anna Berg met\nIvo Kral in\nParis.\n\nNew paragraph."
    article = parse_text_article(text, "t")
    assert article.parse_text == "Anna Berg met Ivo Kral in Paris.\n\nNew paragraph."
    assert len(article.parse_text) == len(article.text)
    start = article.parse_text.index("Ivo Kral")
    assert article.text[start:start + 8] == "Ivo Kral"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_endings_fold_to_newline_and_offsets_point_into_text(tmp_path, ending):
    path = tmp_path / "a.txt"
    path.write_bytes(("Title: T" + ending * 2 + BODY.replace("\n", ending)).encode())
    article = read_one(path)
    assert article.text == BODY
    i = article.text.index("Ivo Kral")
    assert article.parse_text[i:i + 8] == "Ivo Kral"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(("Title: Caf\u00e9\n\n" + BODY).encode(encoding))
    article = read_one(path)
    assert article.title == "Caf\u00e9" and article.text == BODY


def test_windows_1252_fallback_says_so(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Title: T\n\nJos\u00e9 met \u201cfriends\u201d.".encode("cp1252"))
    article = read_one(path)
    assert article.text == "Jos\u00e9 met \u201cfriends\u201d."
    assert any("Windows-1252" in w for w in article.warnings)


def test_reuters_style_record():
    record = {"id": "reuters21578/1", "date": "3-MAR-1987 05:51:30.55", "title": "TALKS",
              "dateline": "PEKING, March 3 -", "text": "China called for talks.\n\nMore text."}
    article = article_from_record(record, "fallback")
    assert article.id == "reuters21578/1"
    assert article.published == date(1987, 3, 3)
    assert article.text == "PEKING, March 3 - China called for talks.\n\nMore text."
    assert article.dateline == "PEKING, March 3 -"
    assert article.dateline_place == ("PEKING", 0, 6)


def test_dateline_already_in_text_is_not_repeated():
    record = {"text": "PEKING, March 3 - China called.", "dateline": "PEKING, March 3 -"}
    assert article_from_record(record, "f").text == "PEKING, March 3 - China called."


@pytest.mark.parametrize("key", ["published", "date", "datePublished"])
def test_record_date_keys(key):
    assert article_from_record({"text": "x y z", key: "2005-01-02"}, "f").published == date(2005, 1, 2)


@pytest.mark.parametrize("record", [{"title": "no text"}, {"text": "   "}, {"text": 5}, [1], "text", None])
def test_bad_records(record):
    with pytest.raises(ArticleError):
        article_from_record(record, "f", "x.json")


def test_json_file_single_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"title": "T", "text": "Body one."}), encoding="utf-8")
    assert read_one(one).id == "one"
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "A."}, {"nope": 1}, {"text": "B.", "id": "b b"}]), encoding="utf-8")
    items = list(read_file(many))
    assert [type(i).__name__ for i in items] == ["Article", "ArticleError", "Article"]
    assert items[0].id == "many-1" and items[2].id == "b-b"
    assert "record 2" in str(items[1])


def test_jsonl_keeps_good_lines_and_names_bad_ones(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "A."}\n{"id": "b", "text": \n\n'
                     + '{"id": "c", "text": "Caf\u00e9."}\n'.encode("cp1252") + b'{"id": "d", "text": "D."}')
    items = list(read_file(path))
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "c", "d"]
    errors = [str(i) for i in items if isinstance(i, ArticleError)]
    assert errors == [f"{path}:2: malformed JSON line (Expecting value at column 21)"]
    cafe = next(i for i in items if isinstance(i, Article) and i.id == "c")
    assert cafe.text == "Caf\u00e9." and any(f"{path}:4" in w for w in cafe.warnings)


def test_iter_articles_folder_order_and_missing(tmp_path):
    (tmp_path / "b.txt").write_text("B body.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A body.", encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    items = list(iter_articles([tmp_path, tmp_path / "gone.txt"]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "b"]
    assert str(items[-1]) == f"{tmp_path / 'gone.txt'}: no such file or folder"


def test_long_body_is_cut_at_a_boundary_with_a_warning(monkeypatch):
    import graph.read.article

    monkeypatch.setattr(graph.read.article, "MAX_ARTICLE_CHARS", 100)
    article = parse_text_article("One sentence here. " * 20, "t", "x.txt")
    assert len(article.text) <= 100 and article.text.endswith(".")
    assert any("longer than 100 characters" in w for w in article.warnings)


@pytest.mark.parametrize(("text", "place"), [
    ("TAUPO, New Zealand, March 24 - A new round is needed.", "TAUPO"),
    ("KUALA LUMPUR, Malaysia, March 3 - The bank said.", "KUALA LUMPUR"),
    ("WASHINGTON, March 11 - Foreign Secretary Joe Clark said.", "WASHINGTON"),
    ("Paris, France, is big - no dateline here.", None),
])
def test_dateline_with_a_country(text, place):
    """A dateline may name the country after the town; the town is the dateline's place."""
    found = Article(id="t", text=text).dateline_place
    assert (found[0] if found else None) == place
