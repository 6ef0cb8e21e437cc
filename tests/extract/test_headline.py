"""The headline read as part of its article: its facts with evidence in the title, never doubled."""

from __future__ import annotations

from datetime import date

import pytest

from graph.extract.headline import headline_to_parse, text_to_parse
from graph.pipeline import article_ntriples, extract_article
from graph.read import Article

VISIT_TITLE = "Peruvian President to pay state visit to Norway"
VISIT_BODY = ("LIMA - Peruvian President Tomas Vega will leave on Sunday, his office said.\n\n"
              "Vega hopes to sign new fisheries deals, aides said.")


@pytest.fixture(scope="module")
def read(nlp):
    """(title, body) -> (facts, resolution) of the article, parsed as the pipeline parses it."""

    def _read(title: str | None, body: str):
        article = Article(id="h", text=body, title=title, published=date(2025, 3, 1))
        return extract_article(nlp(text_to_parse(article)), article)

    return _read


def _events(facts, res):
    def label(m):
        ent = res.entity_of(m)
        return ent.label if ent else m.text

    return [(e.kind, frozenset(map(label, e.participants)), label(e.place) if e.place else None, e.status)
            for e in facts.events]


def test_a_visit_stated_only_in_the_headline_is_read_with_headline_evidence(read):
    facts, res = read(VISIT_TITLE, VISIT_BODY)
    assert ("visit", frozenset({"Tomas Vega"}), "Norway", "planned") in _events(facts, res)
    visit = next(e for e in facts.events if e.kind == "visit")
    assert visit.evidence.headline and visit.evidence.sentence == VISIT_TITLE
    assert VISIT_TITLE[visit.evidence.start: visit.evidence.end] == visit.trigger
    assert all(m.evidence.headline is False for m in facts.mentions)  # the body's mentions only


def test_a_headline_with_only_the_sides_gives_their_talks(read):
    facts, res = read("Estonian-Chilean talks", "President Ivo Tamm received Foreign Minister Rosa Vidal in Tallinn.")
    talks = [e for e in facts.events if e.kind == "talks"]
    assert [frozenset(res.entity_of(m).label for m in e.participants) for e in talks] == [
        frozenset({"Estonia", "Chile"})]
    assert talks[0].evidence.headline and talks[0].evidence.start == len("Estonian-Chilean ")


def test_the_body_keeps_its_offsets_and_facts_when_a_headline_is_read(read):
    body = "Prime Minister Ola Berg met Danish Prime Minister Kai Lund in Oslo on Friday.\n\nBerg later flew home."
    with_title, _ = read("Ecuador hosts trade forum", body)
    without, _ = read(None, body)
    assert [(e.evidence, e.kind) for e in with_title.events] == [(e.evidence, e.kind) for e in without.events]
    assert [(m.start, m.end, m.text) for m in with_title.mentions] == [(m.start, m.end, m.text) for m in without.mentions]


def test_a_fact_in_both_headline_and_body_is_not_doubled(read):
    facts, res = read("Berg meets Danish counterpart Lund in Oslo",
                       "Prime Minister Ola Berg met Danish Prime Minister Kai Lund in Oslo on Friday.")
    meetings = [e for e in facts.events if e.kind == "meeting"]
    assert len(meetings) == 1 and not meetings[0].evidence.headline


def test_headline_title_without_a_matching_body_person_gives_no_fact(read):
    """"Danish PM" names no one when the body ties no person to Denmark; a headline quote is not read."""
    facts, res = read('Danish PM to visit Chile: "We will talk fish"', "Officials said plans were not final.")
    assert not any(e.kind == "visit" for e in facts.events)
    assert not facts.quotes


def test_headline_evidence_is_marked_in_the_graph(nlp):
    article = Article(id="h", text=VISIT_BODY, title=VISIT_TITLE, published=date(2025, 3, 1))
    triples = article_ntriples(nlp(text_to_parse(article)), article).decode()
    assert "<https://newsgraph.org/ontology#inHeadline>" in triples
    assert f'"{VISIT_TITLE}"' in triples


def test_an_all_capitals_wire_headline_is_read_in_the_body_s_cases(read):
    """A 1987 wire title in capitals is parsed as "Vega to visit Norway next month" (the body's own
    spellings), so its visit is found; its evidence still quotes the title as written."""
    title = "VEGA TO VISIT NORWAY NEXT MONTH"
    body = "LIMA, March 2 - Peruvian President Tomas Vega said fisheries deals were ready, aides said."
    facts, res = read(title, body)
    assert ("visit", frozenset({"Tomas Vega"}), "Norway", "planned") in _events(facts, res)
    visit = next(e for e in facts.events if e.kind == "visit")
    assert visit.evidence.headline and visit.evidence.sentence == title


def test_recasing_keeps_every_offset_and_leaves_mixed_case_titles_alone():
    body = "Talks between the U.S. and Japan resumed, Shultz said."
    shouted = Article(id="h", text=body, title="SHULTZ, U.S. OFFICIALS IN TALKS", published=date(1987, 3, 2))
    recased = headline_to_parse(shouted)
    assert recased == "Shultz, U.S. officials in talks" and len(recased) == len(shouted.title)
    mixed = Article(id="h", text=body, title="Shultz in TALKS with Japan", published=date(1987, 3, 2))
    assert headline_to_parse(mixed) == "Shultz in TALKS with Japan"


def test_a_headline_visit_by_an_unnamed_official_is_the_body_s_named_visitor(read):
    body = "LIMA, March 2 - Peruvian trade minister Ana Soto will visit Norway next week for fisheries talks."
    facts, res = read("PERU OFFICIAL TO VISIT NORWAY", body)
    assert [e for e in _events(facts, res) if e[0] == "visit"] == [
        ("visit", frozenset({"Ana Soto"}), "Norway", "planned")]


def test_a_headline_country_meeting_someone_is_the_body_s_named_person(read):
    body = "LIMA, March 2 - Peruvian President Tomas Vega will hold talks with Norwegian Prime Minister Erik Dahl next week."
    facts, res = read("PERU TO HOLD TALKS WITH DAHL", body)
    pairs = {frozenset(e[1]) for e in _events(facts, res) if e[0] != "visit"}
    assert pairs == {frozenset({"Tomas Vega", "Erik Dahl"})}


def test_a_headline_country_stays_when_the_body_meeting_has_no_person_beside(read):
    body = "The EU has also announced that it will start accession talks with Croatia in April."
    facts, res = read("Blair hails Turkey-EU talks deal", body)
    pairs = {frozenset(e[1]) for e in _events(facts, res) if e[0] != "visit"}
    assert frozenset({"Turkey", "European Union"}) in pairs



@pytest.mark.parametrize(("title", "sides"), [
    ("REAGAN, NAKASONE TO MEET IN WASHINGTON", {"Reagan", "Yasuhiro Nakasone"}),
    ("EC, U.S. IN NEW STEEL TALKS", {"European Community", "United States"}),
])
def test_a_comma_between_two_names_in_a_wire_headline_joins_them(read, title, sides):
    """Wire titles write "and" as a comma; the parser makes the second name an apposition of the first."""
    body = ("WASHINGTON, March 3 - Officials said the dispute would be settled. President Reagan and Japanese Prime "
            "Minister Yasuhiro Nakasone were invited. The EC and the U.S. disagree on steel.")
    found = [people for _kind, people, _place, _status in _events(*read(title, body))]
    assert sides in found, found
