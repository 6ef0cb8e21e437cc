"""URLs and feeds from a web server on 127.0.0.1: pages by address, --urls lists, retries, time and
size limits, one line per failure; feeds from a file or a URL, and a second store build adds nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webtools import PARAGRAPHS, Route, Server, article_page, graph_articles, rss_feed, serving

from graph.cli import main
from graph.read import Article, ArticleError, Fetcher, iter_articles
from graph.read.fetch import USER_AGENT


@pytest.fixture
def web() -> Iterator[Server]:
    with serving() as server:
        yield server


QUICK = Fetcher(timeout=0.5, retries=2, backoff=0.01, max_bytes=100_000)


def build(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["build", *argv, "--no-html"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_page_by_url_is_built_with_its_address(web, tmp_path, capsys):
    page = article_page().replace("https://news.example.org/world/berg-kral-talks", "")
    web.routes["/world/story.html"] = Route(page.encode())
    code, out, _ = build(capsys, web.url("/world/story.html"), "--out", str(tmp_path / "out"))
    assert code == 0 and "read 1 article(s)" in out
    [(article_id, props)] = graph_articles(tmp_path / "out").items()
    assert props["url"] == web.url("/world/story.html") and props["articleBody"] == "\n\n".join(PARAGRAPHS)
    assert article_id == web.url("/world/story.html").split("//")[1].replace(":", "-")
    assert web.hits == [("/world/story.html", USER_AGENT)]


def test_url_list_builds_every_page_and_says_one_line_per_failure(web, tmp_path, capsys):
    web.routes["/a.html"] = Route(article_page(url="https://news.example.org/a").encode())
    web.routes["/b.html"] = Route(article_page(title="Second story", url="https://news.example.org/b").encode())
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# morning list\n{web.url('/a.html')}\n\n{web.url('/gone.html')}\n{web.url('/b.html')}\n")
    code, out, err = build(capsys, "--urls", str(urls), "--out", str(tmp_path / "out"))
    assert code == 0 and "read 2 article(s)" in out
    assert {p["url"] for p in graph_articles(tmp_path / "out").values()} == {
        "https://news.example.org/a", "https://news.example.org/b"}
    [line] = [ln for ln in err.splitlines() if "gone.html" in ln]
    assert line.endswith("/gone.html: HTTP 404 Not Found")


def test_url_list_with_a_line_that_is_not_an_address_names_file_and_line(tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.org/a\nexample.org/b\n")
    code, _, err = build(capsys, "--urls", str(urls), "--out", str(tmp_path / "out"))
    assert code == 1 and f"{urls}:2: not an http or https address" in err


def test_transient_failures_are_tried_again(web):
    web.routes["/flaky.html"] = Route(article_page().encode(), fail_first=[503, 429])
    [article] = list(iter_articles([web.url("/flaky.html")], QUICK))
    assert isinstance(article, Article) and len(web.hits) == 3


def test_server_errors_give_up_after_the_retries(web):
    web.routes["/down.html"] = Route(b"", fail_first=[500, 502, 503, 504])
    [error] = list(iter_articles([web.url("/down.html")], QUICK))
    assert isinstance(error, ArticleError) and "(after 3 tries)" in str(error) and len(web.hits) == 3


def test_a_slow_server_is_cut_at_the_time_limit(web):
    web.routes["/slow.html"] = Route(article_page().encode(), delay=2.0)
    [error] = list(iter_articles([web.url("/slow.html")], Fetcher(timeout=0.3, retries=0)))
    assert str(error) == f"{web.url('/slow.html')}: no answer within 0.3 s"


def test_a_page_over_the_size_limit_is_not_read(web):
    web.routes["/big.html"] = Route(article_page(PARAGRAPHS * 200).encode())
    [error] = list(iter_articles([web.url("/big.html")], QUICK))
    assert isinstance(error, ArticleError) and "larger than 0.1 MB" in str(error)


def test_nothing_listening_is_one_line(web):
    [error] = list(iter_articles(["http://127.0.0.1:9/x.html"], Fetcher(timeout=0.5, retries=0)))
    assert str(error).startswith("http://127.0.0.1:9/x.html: cannot connect")


ITEMS = [
    {"guid": "urn:example:story-1", "link": "https://news.example.org/1", "title": "Berg meets Kral",
     "date": "Mon, 04 Mar 2024 08:00:00 GMT", "content": "".join(f"<p>{p}</p>" for p in PARAGRAPHS)},
    {"guid": "urn:example:story-2", "link": "https://news.example.org/2", "title": "Kral visits Vienna",
     "date": "Tue, 05 Mar 2024 09:30:00 GMT",
     "content": "<p>VIENNA (Reuters) - Prime Minister Ivo Kral arrived in Vienna on Tuesday for talks with "
                "Chancellor Lena Ott on energy supplies.</p><p>Ott said the two governments would sign a "
                "gas agreement in April.</p>"},
]


def test_feed_file_each_item_an_article(tmp_path):
    path = tmp_path / "world.rss"
    path.write_text(rss_feed(ITEMS), encoding="utf-8")
    first, second = list(iter_articles([path]))
    assert (first.id, first.title, str(first.published), first.url, first.source) == (
        "urn-example-story-1", "Berg meets Kral", "2024-03-04", "https://news.example.org/1", "Example News: World")
    assert first.text == "\n\n".join(PARAGRAPHS)
    assert second.text.startswith("VIENNA (Reuters) - Prime Minister Ivo Kral") and "\n\nOtt said" in second.text


def test_atom_feed_from_a_file(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2024-03-04T10:00:00Z</updated>
<entry><title>Talks</title><id>https://wire.example.org/e/1</id><link href="https://wire.example.org/e/1"/>
<published>2024-03-04T10:00:00Z</published><updated>2024-03-04T10:00:00Z</updated>
<content type="html">{''.join(f'&lt;p&gt;{p}&lt;/p&gt;' for p in PARAGRAPHS[:2])}</content></entry></feed>""")
    [article] = list(iter_articles([path]))
    assert (article.id, str(article.published), article.source) == ("wire.example.org/e/1", "2024-03-04", "Wire")
    assert article.text == "\n\n".join(PARAGRAPHS[:2])


def test_summary_only_item_from_a_file_is_its_summary_with_a_warning(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(rss_feed([{**ITEMS[0], "content": "", "summary": PARAGRAPHS[0]}]))
    [article] = list(iter_articles([path]))
    assert article.text == PARAGRAPHS[0]
    assert any("only a summary" in w and "feed.rss item 1" in w for w in article.warnings)


def test_served_feed_fetches_the_page_of_a_summary_only_item(web):
    web.routes["/story-1.html"] = Route(article_page().encode())
    items = [{**ITEMS[0], "link": web.url("/story-1.html"), "content": "", "summary": "Berg met Kral."}, ITEMS[1]]
    web.routes["/feed.rss"] = Route(rss_feed(items).encode(), content_type="application/rss+xml")
    first, second = list(iter_articles([web.url("/feed.rss")], QUICK))
    assert first.id == "urn-example-story-1" and first.text == "\n\n".join(PARAGRAPHS) and not first.warnings
    assert second.id == "urn-example-story-2" and "Chancellor Lena Ott" in second.text
    assert [path for path, _ in web.hits] == ["/feed.rss", "/story-1.html"]


@pytest.mark.parametrize("where", ["file", "url"])
def test_feed_built_twice_into_a_store_adds_nothing_then_only_new_items(web, tmp_path, capsys, where):
    import pyoxigraph as ox

    from graph.store import article_graphs

    def publish(items: list[dict]) -> str:
        (tmp_path / "feed.rss").write_text(rss_feed(items), encoding="utf-8")
        web.routes["/feed.rss"] = Route(rss_feed(items).encode(), content_type="application/rss+xml")
        return str(tmp_path / "feed.rss") if where == "file" else web.url("/feed.rss")

    def store_build(feed: str) -> tuple[list[str], int]:
        assert build(capsys, feed, "--store", str(tmp_path / "store"), "-q")[0] == 0
        opened = ox.Store.read_only(str(tmp_path / "store"))
        return sorted(article_graphs(opened)), len(opened)

    feed = publish(ITEMS)
    first = store_build(feed)
    assert len(first[0]) == 2 and store_build(feed) == first
    graphs, quads = store_build(publish([*ITEMS, {**ITEMS[0], "guid": "urn:example:story-3"}]))
    assert len(graphs) == 3 and set(first[0]) < set(graphs) and quads > first[1]


@pytest.mark.parametrize("body", [b"<rss version='2.0'><channel><title>x</title></channel></rss>",
                                  b"<rss version='2.0'><channel><item><title>x</title><guid>1</guid>"])
def test_feed_without_items_or_broken_is_one_line(tmp_path, body):
    path = tmp_path / "feed.rss"
    path.write_bytes(body)
    [error] = list(iter_articles([path]))
    assert isinstance(error, ArticleError) and str(error).startswith(str(path)) and "\n" not in str(error)
