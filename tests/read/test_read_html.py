"""Web pages: main text and metadata by trafilatura, refusals of pages that are not articles, and the
five real saved pages of ``../shared/corpus/html`` against their clean text (skipped when absent)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from webtools import PARAGRAPHS, article_page, graph_articles

from graph.cli import main
from graph.read import Article, ArticleError, read_file
from graph.read.html import MIN_ENGLISH_SHARE, english_share, read_page

SHARED = Path(__file__).resolve().parents[3] / "shared"


def test_page_main_text_and_metadata():
    article = read_page(article_page(), "story.html", "story")
    assert article.text == "\n\n".join(PARAGRAPHS)  # menus, banner, related links and footer gone
    assert (article.title, str(article.published), article.source, article.author, article.language) == (
        "Berg and Kral agree to speed up trade talks", "2024-03-04", "Example News", "Jo Writer", "en")
    assert article.url == "https://news.example.org/world/berg-kral-talks"
    assert article.extracted and article.dateline_place == ("GENEVA", 0, 6)


def test_fetched_address_is_the_url_when_the_page_names_none():
    page = article_page().replace('<meta property="og:url"', '<meta property="og:x"').replace('rel="canonical"', 'rel="x"')
    assert read_page(page, "p", "p", url="http://127.0.0.1:1/p.html").url == "http://127.0.0.1:1/p.html"


def test_credit_lines_at_the_end_are_not_article_text():
    article = read_page(article_page(credit="Max Sample contributed reporting from Bern."), "p", "p")
    assert "Max Sample" not in article.text and article.text.endswith("more than a year.")


def test_headline_and_section_label_and_links_to_other_stories_are_not_article_text():
    paragraphs = [*PARAGRAPHS[:2], "Read more: <a href='/other'>Kral's party wins the regional vote</a>", *PARAGRAPHS[2:]]
    page = article_page(paragraphs).replace(  # trafilatura keeps headings inside the story's block
        '<div class="article-body">', '<div class="article-body"><h4>WORLD NEWS</h4><h2>Berg and Kral agree to speed up trade talks</h2>')
    article = read_page(page, "p", "p")
    assert article.text == "\n\n".join(PARAGRAPHS) and article.title == "Berg and Kral agree to speed up trade talks"


def test_a_standfirst_the_page_shows_is_kept_as_the_lead():
    lead = "Anna Berg and Ivo Kral agreed in Geneva on Monday to speed up the talks on a trade pact."
    article = read_page(article_page(lead=lead), "p", "p")
    assert article.text.startswith(lead + "\n\n") and article.text.count(lead) == 1


def test_archiver_comment_before_the_page_under_a_txt_name(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("<!-- saved from url=(0044)https://news.example.org/ by a browser; " + "x" * 1500 + " -->\n"
                    + article_page(), encoding="utf-8")
    [article] = list(read_file(path))
    assert isinstance(article, Article) and article.text == "\n\n".join(PARAGRAPHS)
    assert "cookies" not in article.text


@pytest.mark.parametrize(("page", "reason"), [
    (article_page(["Read our latest stories below, updated every hour by our newsroom."]), "words of main text"),
    ("<html><body><nav>" + "".join(f"<p><a href='/s{i}'>Minister visits town number {i} today</a></p>"
                                   for i in range(40)) + "</nav></body></html>", "HTML"),
    (article_page(PARAGRAPHS[:2], extra_head='<script type="application/ld+json">'
                  '{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script>'), "paywall"),
    (article_page(["La ministre des affaires \u00e9trang\u00e8res a rencontr\u00e9 le premier ministre \u00e0 "
                   "Gen\u00e8ve lundi pour discuter d'un accord commercial entre les deux pays, selon des "
                   "responsables. Les deux dirigeants ont pass\u00e9 trois heures en discussions au palais et "
                   "sont convenus que leurs n\u00e9gociateurs se retrouveraient le mois prochain pour r\u00e9gler "
                   "les questions restantes sur les droits de douane et sur les quotas agricoles des deux "
                   "c\u00f4t\u00e9s de la fronti\u00e8re, une demande qui bloque les discussions depuis plus "
                   "d'un an d\u00e9j\u00e0 selon plusieurs diplomates europ\u00e9ens pr\u00e9sents \u00e0 la "
                   "r\u00e9union de lundi."], lang="fr"), "not in English"),
])
def test_pages_that_are_not_articles_are_refused_with_the_reason(page, reason):
    with pytest.raises(ArticleError, match=reason) as exc:
        read_page(page, "page.html", "page")
    assert str(exc.value).startswith("page.html: ") and "\n" not in str(exc.value)


def test_english_share_ignores_figures_and_tells_languages_apart():
    assert english_share(" ".join(PARAGRAPHS).split()) > 0.2
    table = "Shr 10 cts vs five cts Net 1,200,000 vs 800,000 Revs 5.5 mln vs 4.1 mln " * 3
    assert english_share((table + PARAGRAPHS[0]).split()) >= MIN_ENGLISH_SHARE
    french = "La ministre a rencontr\u00e9 le premier ministre \u00e0 Gen\u00e8ve lundi pour discuter d'un accord commercial"
    assert english_share(french.split()) < MIN_ENGLISH_SHARE and english_share([]) == 0.0


def test_index_page_of_headlines_is_refused():
    links = "".join(f"<li><a href='/story/{i}'>Minister {i} visits the northern region to open a school</a></li>"
                    for i in range(30))
    page = f"<html lang='en'><head><meta property='og:type' content='website'></head><body><main><ul>{links}</ul></main></body></html>"
    with pytest.raises(ArticleError, match="index page|not an article"):
        read_page(page, "index.html", "index")


def test_built_page_keeps_its_text_and_url_and_offsets_point_into_it(tmp_path, capsys):
    page = tmp_path / "story.html"
    page.write_text(article_page(), encoding="utf-8")
    assert main(["build", str(page), "--out", str(tmp_path / "out"), "--no-html", "-q"]) == 0
    props = graph_articles(tmp_path / "out")["story"]
    assert props["url"] == "https://news.example.org/world/berg-kral-talks"
    assert props["headline"] == "Berg and Kral agree to speed up trade talks"
    assert props["articleBody"] == "\n\n".join(PARAGRAPHS)
    from rdflib import Graph

    from graph.vocab import NG as ng

    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    evidence = list(graph.subjects(ng.sentence, None))
    assert evidence
    for node in evidence:  # every evidence span is in the kept text, inside its sentence
        start, end = int(graph.value(node, ng.charStart)), int(graph.value(node, ng.charEnd))
        span = " ".join(props["articleBody"][start:end].split())
        assert span and span in " ".join(str(graph.value(node, ng.sentence)).split())


def _tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def _saved_pages() -> list[Path]:
    return sorted((SHARED / "corpus" / "html").glob("*.html"))


@pytest.mark.skipif(not _saved_pages(), reason="../shared/corpus/html is not here")
@pytest.mark.parametrize("page", _saved_pages(), ids=lambda p: p.stem)
def test_real_saved_page_body_matches_its_clean_text(page):
    clean_path = SHARED / "gold" / "modern-dev" / f"{page.stem}.txt"
    if not clean_path.exists():
        pytest.skip(f"no clean text for {page.name}")
    [article] = list(read_file(page))
    [clean] = list(read_file(clean_path))
    assert article.title and article.published == clean.published
    sys_t, gold_t = _tokens(article.text), _tokens(clean.text)
    overlap = sum((sys_t & gold_t).values())
    p, r = overlap / sum(sys_t.values()), overlap / sum(gold_t.values())
    assert 2 * p * r / (p + r) >= 0.9

_MARKUP = st.lists(st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<div>", "<!--", "-->", "<script>", "<a href='x'>",
                                    "</a>", "<meta property='og:title' content='T'>", "&amp;", "&#0;", "\x00", "<![CDATA[",
                                    "Anna Berg met Ivo Kral in Geneva on Monday. ", "\u00e9\u4f1a", "<?xml?>", "<rss>"]),
                   max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKUP)
@example("<body><script><html>")  # lxml asserted in drop_tree under htmldate
def test_any_markup_is_an_article_or_one_line(markup):
    try:
        article = read_page(markup.encode("utf-8", "surrogatepass"), "fuzz.html", "fuzz")
    except ArticleError as exc:
        assert str(exc).startswith("fuzz.html: ") and "\n" not in str(exc)
    else:
        assert article.text.strip()
