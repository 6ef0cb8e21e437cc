"""Visits across sentences and with the story's setting: where a destination stays the city or state
the text names and where it becomes the country, who "the visit" belongs to, and a headline's visit
told again by the body counted once."""

from __future__ import annotations

from datetime import date

import pytest

from graph.extract.headline import text_to_parse
from graph.pipeline import extract_article
from graph.read import Article


@pytest.fixture(scope="module")
def visits(nlp):
    """(body, title) -> [(visitors, place, status, in headline)] of the article's visits with a place
    (all its visits when ``placed`` is false)."""

    def _visits(body: str, title: str | None = None, placed: bool = True) -> list[tuple]:
        article = Article(id="v", text=body, title=title, published=date(2025, 3, 1))
        facts, res = extract_article(nlp(text_to_parse(article)), article)

        def label(m):
            ent = res.entity_of(m)
            return ent.label if ent else m.text

        return [(frozenset(map(label, e.participants)), label(e.place) if e.place else None, e.status,
                 e.evidence.headline) for e in facts.events if e.kind == "visit" and (e.place or not placed)]

    return _visits


def test_a_city_in_a_story_set_in_its_own_country_stays_the_city(visits):
    body = ("Senator Ann Roe arrived in Chicago on Monday. She met Illinois officials and flew on to Ohio, "
            "leaving the United States later.")
    found = visits(body)
    assert {place for _, place, _, _ in found} == {"Chicago", "Ohio"}  # never "United States"


def test_a_city_in_a_story_datelined_abroad_is_a_visit_to_its_country(visits):
    assert visits("LONDON - Senator Ann Roe arrived in Chicago on Monday. The United States wants a deal.") == [
        (frozenset({"Ann Roe"}), "United States", "held", False)]


def test_a_visit_to_a_country_the_text_never_names_keeps_the_city(visits):
    assert visits("LONDON - Senator Ann Roe arrived in Chicago on Monday.") == [
        (frozenset({"Ann Roe"}), "Chicago", "held", False)]


def test_a_foreign_visitor_leaving_a_city_visited_its_country(visits):
    found = visits("French President Marc Dufour left Berlin for Warsaw on Tuesday. Poland and Germany signed a deal.")
    assert {place for _, place, _, _ in found} == {"Poland", "Germany"}
    found = visits("French President Marc Dufour left Berlin for Warsaw on Tuesday.")
    assert {place for _, place, _, _ in found} == {"Berlin", "Warsaw"}


def test_the_hosts_welcoming_the_visit_are_not_its_visitors(visits):
    found = visits("President Tomas Vega arrived in Oslo on Sunday. Norwegian officials welcomed the visit.",
                   placed=False)
    assert found and all(who == frozenset({"Tomas Vega"}) for who, _, _, _ in found)


def test_a_headline_visit_the_body_tells_again_is_counted_once_and_planned(visits):
    found = visits("LIMA - Peruvian President Tomas Vega will arrive in Oslo on Sunday for a three-day state "
                   "visit, his office said.", title="Peruvian President to pay state visit to Norway")
    assert found == [(frozenset({"Tomas Vega"}), "Norway", "planned", False)]
