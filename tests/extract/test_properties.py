"""Property tests: arbitrary text and bytes never crash the reader or the extractors.

The reader either returns an Article (whose text is a slice of what was read, so offsets hold)
or an ArticleError; the extractors return facts whose spans lie inside the article text.
"""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph.read import Article, ArticleError, article_from_record, parse_text_article, read_file

# newsy fragments joined at random: names, triggers, quotes, brackets, headers and odd characters
NEWSY = st.lists(
    st.sampled_from(list("abcdeINOPRTaeiou ,.;:-()[]\"'\u201c\u201d\n\t0123456789") +
                    ["Anna Berg", " met ", "Ivo Kral", " said ", "President ", "Minister ",
                     " signed ", " agreement ", " in Paris", " on Monday", "Title: ",
                     "Published: ", "\n\n", "BAGHDAD (Reuters) -- ", "\u00e9", "\u4f1a", "\x00"]),
    max_size=80,
).map("".join)
ANY_TEXT = st.text(max_size=600)
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(st.one_of(ANY_TEXT, NEWSY))
@settings(max_examples=300, deadline=None)
def test_parse_text_article_never_crashes(text):
    try:
        article = parse_text_article(text, "p", "p.txt")
    except ArticleError as exc:
        assert str(exc).startswith("p.txt: ")
        return
    assert article.text and article.text.strip()
    assert article.text in text
    assert len(article.parse_text) == len(article.text)


@given(st.binary(max_size=2000), st.sampled_from([".txt", ".json", ".jsonl"]))
@settings(max_examples=200, deadline=None)
def test_read_file_on_arbitrary_bytes(tmp_path_factory, raw, suffix):
    path = tmp_path_factory.mktemp("p") / f"x{suffix}"
    path.write_bytes(raw)
    for item in read_file(path):
        assert isinstance(item, (Article, ArticleError))
        if isinstance(item, ArticleError):
            assert str(item).startswith(str(path)) and "\n" not in str(item)
        else:
            assert item.text.strip() and "\x00" not in item.text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)
RECORDS = st.fixed_dictionaries({}, optional={
    "id": JSON_VALUES, "title": JSON_VALUES, "text": st.one_of(NEWSY, JSON_VALUES),
    "date": JSON_VALUES, "published": st.one_of(ANY_TEXT, JSON_VALUES), "dateline": JSON_VALUES,
    "url": JSON_VALUES, "source": JSON_VALUES,
})


@given(st.one_of(RECORDS, JSON_VALUES))
@settings(max_examples=300, deadline=None)
def test_article_from_record_never_crashes(record):
    try:
        article = article_from_record(record, "f", "f.json")
    except ArticleError:
        return
    assert article.text.strip()
    assert "\n" not in (article.title or "")


@given(st.lists(st.one_of(RECORDS.map(json.dumps), ANY_TEXT.map(lambda t: t.replace("\n", " "))), max_size=6))
@settings(max_examples=100, deadline=None)
def test_jsonl_lines_never_crash(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("j") / "c.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    items = list(read_file(path))
    good = sum(isinstance(i, Article) for i in items)
    assert good + sum(isinstance(i, ArticleError) for i in items) <= len(lines)


@given(NEWSY.filter(lambda t: t.strip()))
@SLOW
def test_extractors_never_crash_and_spans_stay_inside(extract_text, text):
    text = text.replace("\x00", "")
    if not text.strip():
        return
    facts, _ = extract_text(text, published=date(2025, 8, 12))
    for mention in facts.mentions:
        assert 0 <= mention.start <= mention.end <= len(text)


@given(ANY_TEXT.filter(lambda t: t.strip()))
@SLOW
def test_extractors_on_any_unicode(extract_text, text):
    facts, _ = extract_text(text, published=None)
    assert facts.article_id == "t"


@given(st.one_of(ANY_TEXT, NEWSY))
@settings(max_examples=300, deadline=None)
def test_quote_spans_are_disjoint_and_looked_up_by_bisection(text):
    """Quotations come in text order without overlap, so "is this offset quoted?" can bisect."""
    from graph.extract.quotes.triggers import find_quote_spans, inside_quote

    spans = find_quote_spans(text)
    assert all(a.close_at <= b.open_at for a, b in zip(spans, spans[1:]))
    for offset in range(len(text) + 1):
        assert inside_quote(spans, offset) == any(q.open_at <= offset < q.close_at for q in spans)


@given(st.text(alphabet="ab_ .>-'\u00e9", max_size=12), st.data())
def test_word_boundaries_as_a_regex_sees_them(text, data):
    """Lone surnames are looked up from tokens; they must end where ``\\bNAME\\b`` would."""
    import re

    from graph.names import word_bounded

    assume(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    regex = re.compile(rf"\b{re.escape(text[start:end])}\b")
    assert word_bounded(text, start, end) == (regex.match(text, start) is not None)
