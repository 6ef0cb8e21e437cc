"""The page as a person sees it: built from a small store, opened offline from file:// in headless Chromium.

Three invented articles from two outlets make the store: Anna Berg meets Rahul Mehta twice (March
and April), Norway and India sign a trade agreement, and in May Olga Petrova visits Kenya and meets
William Ruto. With two actors drawn, Petrova is in the graph but not on the page until searched
for. A proxy that refuses every connection stands in for "no network". Skipped when Chromium is not
installed (``make test`` installs it with scripts/ensure-chromium.sh).
"""

from __future__ import annotations

import json

import pytest
from page_tools import CHROMIUM, open_page

from graph.cli import main
from graph.sparql import load_graph
from graph.views import write_html

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

ARTICLES = [
    {"id": "t/1", "title": "Berg in Delhi", "published": "2025-03-03", "source": "Daily Planet",
     "url": "http://127.0.0.1:9/planet/1",
     "text": "Foreign Minister Anna Berg met Prime Minister Rahul Mehta in New Delhi on Monday.\n\n"
             "The two leaders signed a trade agreement between Norway and India, officials said."},
    {"id": "t/2", "title": "Berg and Mehta meet again", "published": "2025-04-15", "source": "Morning Star",
     "url": "http://127.0.0.1:9/star/2",
     "text": "Anna Berg held talks with Rahul Mehta in Oslo on Tuesday.\n\n\"We agreed on much,\" Berg said."},
    {"id": "t/3", "title": "Quiet visit", "published": "2025-05-20", "source": "Morning Star",
     "url": "http://127.0.0.1:9/star/3",
     "text": "Interior Minister Olga Petrova visited Kenya on Monday.\n\nShe met President William Ruto in Nairobi."},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    root = tmp_path_factory.mktemp("page-store")
    source = root / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    assert main(["build", str(source), "--store", str(root / "store"), "-q"]) == 0
    return root / "store"


@pytest.fixture(scope="module")
def two_actor_page(store, tmp_path_factory):
    """The store's page drawing only the two most connected actors."""
    out = tmp_path_factory.mktemp("pages") / "two.html"
    assert main(["view", "--store", str(store), "--out", str(out), "--max-nodes", "2"]) == 0
    return out


def test_overview_draws_who_met_whom_legibly_offline(store, tmp_path):
    page = tmp_path / "all.html"
    assert main(["view", "--store", str(store), "--out", str(page)]) == 0
    seen = open_page(page, tmp_path / "profile")
    assert seen.attrs["data-settled"] == "true", "physics did not settle and stop"
    assert seen.attrs["data-errors"] == "0", seen.errors()
    assert seen.console == []
    assert set(seen.drawn()) == {"Anna Berg", "Rahul Mehta", "Norway", "India", "Olga Petrova", "Kenya",
                                 "William Ruto"}
    assert seen.attrs["data-drawn-edges"] == "4"  # Berg-Mehta (two events folded), Norway-India, Petrova's two
    assert float(seen.attrs["data-label-px"]) >= 12, "labels too small to read at the first zoom"
    filters = seen.text("ng-filters", "aside")
    for words in ("meetings", "talks", "visits", "agreements", "Daily Planet", "Morning Star", "Person"):
        assert words in filters
    assert 'id="ng-confidence-box" hidden' not in seen.dom, "every fact has a confidence: the filter shows"
    assert 'id="ng-sources-box" hidden' in seen.dom, "every fact here has one article: no 'reported by' filter"


def test_search_brings_an_undrawn_person_into_view_with_evidence(two_actor_page, tmp_path):
    before = open_page(two_actor_page, tmp_path / "p1")
    assert set(before.drawn()) == {"Anna Berg", "Rahul Mehta"}
    seen = open_page(two_actor_page, tmp_path / "p2", "search=petrova")
    assert seen.attrs["data-errors"] == "0", seen.errors()
    assert seen.attrs["data-mode"] == "focus" and seen.attrs["data-selected"] == "Olga Petrova"
    assert set(seen.drawn()) == {"Olga Petrova", "Kenya", "William Ruto"}
    panel = seen.text("ng-panel", "aside")
    assert "Olga Petrova" in panel and "Person" in panel
    assert "Interior Minister Olga Petrova visited Kenya on Monday." in panel
    assert "She met President William Ruto in Nairobi." in panel
    assert 'href="http://127.0.0.1:9/star/3"' in seen.dom, "evidence links to the article's URL"
    assert "Visited → Kenya · 2025-05-19" in panel  # "Monday" before the article of Tuesday 20 May
    assert "reported 2025-05-20" in panel, "the meeting's text gives no date: the article's, said so"
    assert "Timeline of Olga Petrova: 3 dated facts" in seen.timeline()


def test_selected_edge_lists_both_events_with_their_articles(two_actor_page, tmp_path):
    seen = open_page(two_actor_page, tmp_path / "p", "edge=Anna Berg|Rahul Mehta")
    panel = seen.text("ng-panel", "aside")
    assert "2 facts in 2 articles" in panel
    assert "Foreign Minister Anna Berg met Prime Minister Rahul Mehta in New Delhi on Monday." in panel
    assert "Anna Berg held talks with Rahul Mehta in Oslo on Tuesday." in panel
    assert "Berg in Delhi" in panel and "Daily Planet" in panel and "Morning Star" in panel
    assert panel.index("2025-03-03") < panel.index("2025-04-15"), "facts in date order"
    assert "Timeline of Anna Berg and Rahul Mehta: 2 dated facts" in seen.timeline()


@pytest.mark.parametrize("fragment, drawn, panel_has, panel_lacks", [
    ("kinds=visit", {"Olga Petrova", "Kenya"}, "", ""),
    ("from=2025-04-01", {"Anna Berg", "Rahul Mehta", "Olga Petrova", "Kenya", "William Ruto"}, "", ""),
    ("to=2025-03-31", {"Anna Berg", "Rahul Mehta", "Norway", "India"}, "", ""),
    ("outlet=Daily Planet", {"Anna Berg", "Rahul Mehta", "Norway", "India"}, "", ""),
    ("from=2025-04-01&edge=Anna Berg|Rahul Mehta", {"Anna Berg", "Rahul Mehta", "Olga Petrova", "Kenya",
                                                   "William Ruto"},
     "held talks with Rahul Mehta in Oslo", "in New Delhi on Monday"),
])
def test_filters_change_what_is_drawn_and_listed(store, tmp_path, fragment, drawn, panel_has, panel_lacks):
    page = tmp_path / "f.html"
    assert main(["view", "--store", str(store), "--out", str(page)]) == 0
    seen = open_page(page, tmp_path / "p", fragment)
    assert seen.attrs["data-errors"] == "0", seen.errors()
    assert seen.attrs["data-settled"] == "true"
    assert set(seen.drawn()) == drawn
    panel = seen.text("ng-panel", "aside")
    assert panel_has in panel
    if panel_lacks:
        assert panel_lacks not in panel


def test_confidence_filter_appears_only_with_confidences_and_hides_weak_facts(tmp_path):
    from pathlib import Path

    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    g = load_graph(Path(__file__).resolve().parent / "data" / "views-sample.ttl")
    ng, ev = "https://newsgraph.org/ontology#", "https://newsgraph.org/id/"
    for fact, value in (("event/m1", "0.92"), ("event/t1", "0.40"), ("event/v1", "0.85")):
        g.add((URIRef(ev + fact), URIRef(ng + "confidence"), Literal(value, datatype=XSD.decimal)))
    page = write_html(g, tmp_path / "c.html")
    everything = open_page(page, tmp_path / "p1")
    assert 'id="ng-confidence-box" hidden' not in everything.dom
    assert {"Ali Larijani", "Joseph Aoun"} <= set(everything.drawn())
    strong = open_page(page, tmp_path / "p2", "confidence=0.8&search=Ali Larijani")
    assert strong.attrs["data-errors"] == "0", strong.errors()
    panel = strong.text("ng-panel", "aside")
    assert "confidence 0.92" in panel and "held talks with President Joseph Aoun" not in panel
    assert "Joseph Aoun" not in strong.drawn(), "talks of confidence 0.40 are below 0.8"


def test_reported_by_filter_keeps_facts_of_several_articles(tmp_path):
    from pathlib import Path

    from rdflib import URIRef

    g = load_graph(Path(__file__).resolve().parent / "data" / "views-sample.ttl")
    ng, ids = "https://newsgraph.org/ontology#", "https://newsgraph.org/id/"
    # the meeting of article a1 told again by article a2 (as a merged event is)
    g.add((URIRef(ids + "event/m1"), URIRef(ng + "evidence"), URIRef(ids + "evidence/e3")))
    page = write_html(g, tmp_path / "s.html")
    everything = open_page(page, tmp_path / "p1")
    assert 'id="ng-sources-box" hidden' not in everything.dom
    assert len(everything.drawn()) > 2
    corroborated = open_page(page, tmp_path / "p2", "sources=2")
    assert corroborated.attrs["data-errors"] == "0", corroborated.errors()
    assert set(corroborated.drawn()) == {"Ali Larijani", "Mohammed Shia al-Sudani"}
    edge = open_page(page, tmp_path / "p3", "edge=Ali Larijani|Mohammed Shia al-Sudani")
    assert "reported by 2 articles" in edge.text("ng-panel", "aside")


def test_screenshot_shows_a_drawn_page(two_actor_page, tmp_path):
    shot = tmp_path / "shot.png"
    open_page(two_actor_page, tmp_path / "p", "", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # a drawn network, filters and panel compress far worse than an empty white page (about 8 kB)
    assert len(data) > 30_000
