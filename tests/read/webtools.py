"""Pages, feeds, WARC files and a local web server (127.0.0.1 only) for the reader tests; nothing leaves the machine.

A plain module, not a conftest: tests/conftest.py is imported by name from other tests."""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PARAGRAPHS = [
    "GENEVA (Reuters) - Foreign Minister Anna Berg met Prime Minister Ivo Kral in Geneva on Monday "
    "to discuss a trade agreement between their two countries, officials said.",
    "The two leaders spent three hours in talks at the lakeside palace and agreed that their "
    "negotiators would meet again next month to settle the remaining questions on tariffs.",
    "\u201cWe have made real progress and we will keep working until the deal is done,\u201d Berg "
    "told reporters after the meeting, adding that she expected a signed text before the summer.",
    "Kral said his government was ready to lower duties on farm goods if the other side opened its "
    "markets to machinery, a demand that has stalled the talks for more than a year.",
]


def article_page(paragraphs: list[str] = PARAGRAPHS, *, title: str = "Berg and Kral agree to speed up trade talks",
                 published: str = "2024-03-04", url: str = "https://news.example.org/world/berg-kral-talks",
                 lang: str = "en", extra_head: str = "", lead: str = "", credit: str = "") -> str:
    """A saved news page as sites serve them: menus, a cookie banner, JSON-LD, related links, a footer."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": f"{published}T08:00:00Z", "author": {"@type": "Person", "name": "Jo Writer"},
          "publisher": {"@type": "Organization", "name": "Example News"}, "inLanguage": lang}
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | Example News</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example News"><meta property="og:url" content="{url}">
<meta name="description" content="{lead or 'Talks in Geneva.'}">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{json.dumps(ld)}</script>{extra_head}
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies or manage settings.</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
<main><article><h1>{title}</h1>
<div class="byline">By Jo Writer, <time datetime="{published}">{published}</time></div>
{f'<div class="standfirst"><p>{lead}</p></div>' if lead else ''}
<div class="article-body">{body}{f'<p>{credit}</p>' if credit else ''}</div>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Celebrity chef opens new restaurant</a></li>
<li><a href="/b">Ten tips for a better night's sleep</a></li><li><a href="/c">Storm warning for the weekend</a></li></ul></aside>
</main>
<footer><p>Copyright 2024 Example News. All rights reserved. Terms of use. Privacy policy. Contact us.</p></footer>
</body></html>"""


def rss_feed(items: list[dict], title: str = "Example News: World") -> str:
    """An RSS 2.0 feed; each item has guid, link, title, pubDate and a description or content:encoded."""
    parts = []
    for item in items:
        content = f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>" if item.get("content") else ""
        parts.append(f"""<item><title>{item['title']}</title><link>{item['link']}</link>
<guid isPermaLink="false">{item['guid']}</guid><pubDate>{item['date']}</pubDate>
<description><![CDATA[{item.get('summary', '')}]]></description>{content}</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>{title}</title><link>https://news.example.org/</link><description>World news</description>
{''.join(parts)}
</channel></rss>"""


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]]) -> None:
    """A gzipped WARC with one response record per (uri, content type, body, WARC-Date)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for uri, kind, body, when in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": when}))


@dataclass
class Route:
    """What the test server answers on one path: a body, a status, a type, a delay; or a list of statuses first."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    fail_first: list[int] = field(default_factory=list)  # statuses answered before the real one


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    hits: list[tuple[str, str]]  # (path, user agent) of every request

    def url(self, path: str) -> str:
        return self.base + path


@contextlib.contextmanager
def serving() -> Iterator[Server]:
    """A web server on 127.0.0.1 answering from ``server.routes``; 404 elsewhere."""
    routes: dict[str, Route] = {}
    hits: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            hits.append((self.path, self.headers.get("User-Agent", "")))
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.fail_first:
                self.send_error(route.fail_first.pop(0))
                return
            time.sleep(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                self.wfile.write(route.body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_address[1]}", routes, hits)
    finally:
        server.shutdown()
        server.server_close()


def graph_articles(out: Path) -> dict[str, dict[str, str]]:
    """Each article of a built graph.ttl: its id and its schema.org properties (one value each)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    schema = "https://schema.org/"
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    found = {}
    for node in graph.subjects(RDF.type, URIRef(schema + "NewsArticle")):
        props = {str(p).removeprefix(schema): str(o) for p, o in graph.predicate_objects(node)
                 if str(p).startswith(schema)}
        found[props["identifier"]] = props
    return found
