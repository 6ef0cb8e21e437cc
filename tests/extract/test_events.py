"""Meetings, talks, summits, visits and calls: sentence -> expected event (or nothing)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graph.rules import RulesError, forget_rules, load_json


def _events(extract_text, text, published=date(2025, 8, 12)):
    facts, res = extract_text(text, published)

    def label(m):
        ent = res.entity_of(m)
        return ent.label if ent else m.text

    return [(e.kind, frozenset(label(m) for m in e.participants), label(e.place) if e.place else None,
             e.status) for e in facts.events], facts.events


def _pairs(events):
    return {(kind, people) for kind, people, _, _ in events}


def _has_visit(events, visitor, place, status=None) -> bool:
    """Whether a visit by someone named ``visitor`` to ``place`` (with ``status``, if given) was read."""
    return any(kind == "visit" and any(visitor in p for p in people) and where == place
               and (status is None or st == status) for kind, people, where, st in events)


def test_separate_meetings_with_each_person(extract_text):
    events, _ = _events(extract_text, "After a day of meetings with John Smith, Mary Jones and Peter Brown, "
                                      "Joe Clark told a press conference he was satisfied.")
    pairs = {people for kind, people, _, _ in events if kind == "meeting"}
    assert frozenset({"Joe Clark", "John Smith"}) in pairs
    assert frozenset({"Joe Clark", "Peter Brown"}) in pairs
    assert frozenset({"John Smith", "Mary Jones"}) not in pairs


def test_dateline_here_is_a_visit_with_the_day(extract_text):
    text = ("BAGHDAD (Dispatches) -- Ali Larijani, Iran's top security official, here Tuesday expressed "
            "openness to expanding cooperation.")
    events, raw = _events(extract_text, text)
    assert ("visit", frozenset({"Ali Larijani"}), "Baghdad", "held") in events  # Iraq is never named
    visit = next(e for e in raw if e.kind == "visit")
    assert visit.date.value == date(2025, 8, 12) and visit.date.surface == "Tuesday"


def test_dateline_here_needs_a_foreign_subject(extract_text):
    events, _ = _events(extract_text, "BAGHDAD (Dispatches) -- Fuad Hussein, Iraq's foreign minister, "
                                      "here Tuesday expressed openness to talks.")
    assert not [e for e in events if e[0] == "visit"]


def test_proposed_meeting_and_proposer(extract_text):
    text = ("Larijani addressed the Iraqi government's suggestion for Iran to hold a security meeting "
            "with Gulf Cooperation Council (GCC) countries.")
    _, raw = _events(extract_text, text)
    meeting = next(e for e in raw if e.kind == "meeting")
    assert meeting.status == "proposed"
    assert meeting.proposed_by is not None and meeting.proposed_by.text == "Iraqi"


@pytest.mark.parametrize(("text", "proposer"), [
    ("Ghana was invited by Togo to take part in the OPEC meeting in Vienna on Friday.", "Togo"),
    ("Ghana, along with Benin, has been invited to take part in the OPEC meeting in Vienna.", None),
    ("Togo invited Ghana to a meeting in Lome.", "Togo"),
])
def test_an_invited_side_is_not_the_proposer(extract_text, text, proposer):
    """The subject of a passive "was invited" is the guest; who invited is the agent, if named."""
    _, raw = _events(extract_text, text)
    meeting = next(e for e in raw if e.kind == "meeting")
    assert (meeting.proposed_by.text if meeting.proposed_by else None) == proposer


def test_user_can_add_a_trigger_word(tmp_path, monkeypatch, extract_text):
    from graph.resources import rules_dir

    text = "The confab between Vladimir Putin and Xi Jinping ended late."
    assert _events(extract_text, text)[0] == []
    (tmp_path / "rules").mkdir()
    for f in rules_dir().iterdir():
        (tmp_path / "rules" / f.name).write_bytes(f.read_bytes())
    rules = json.loads((tmp_path / "rules" / "events.json").read_text())
    rules["nouns"]["confab"] = "talks"
    (tmp_path / "rules" / "events.json").write_text(json.dumps(rules))
    (tmp_path / "gazetteer").symlink_to(rules_dir().parent / "gazetteer")
    monkeypatch.setenv("NEWSGRAPH_ONTOLOGY", str(tmp_path))
    forget_rules()
    try:
        events, _ = _events(extract_text, text)
        assert ("talks", frozenset({"Vladimir Putin", "Xi Jinping"})) in _pairs(events)
    finally:
        monkeypatch.delenv("NEWSGRAPH_ONTOLOGY")
        forget_rules()


def test_malformed_rule_file_is_one_line_error(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "events.json").write_text("{not json")
    monkeypatch.setenv("NEWSGRAPH_ONTOLOGY", str(tmp_path))
    forget_rules()
    try:
        with pytest.raises(RulesError, match="events.json: malformed JSON"):
            load_json("events.json")
    finally:
        forget_rules()


def test_attendees_join_the_meeting_named_before(extract_text):
    text = ("The climate summit will be hosted by Prime Minister Keir Starmer. Also due to attend are German "
            "Chancellor Olaf Scholz and Canadian Prime Minister Justin Trudeau. Russia will not attend.")
    events, _ = _events(extract_text, text)
    names = [{p.split()[-1] for p in people} for kind, people, _, _ in events if kind in ("summit", "meeting")]
    assert any({"Starmer", "Scholz", "Trudeau"} <= found for found in names), events
    assert all("Russia" not in people for _, people, _, _ in events)


def test_it_is_not_a_person_or_a_report(extract_text):
    events, _ = _events(extract_text, "The report said it would hold talks with Ukraine.")
    assert [e for e in events if len(e[1]) >= 2] == []


# -- travel shapes: "was in", "returned from", "left X for Y", datelines, places within places ---------

@pytest.mark.parametrize("text", [
    "Canadian Foreign Minister Joe Clark was in talks with the union.",
    "Canadian Foreign Minister Joe Clark was in Canada on Monday.",
    "The team returned from the break in good spirits.",
    "Italian minister Paolo Rossi left the meeting for lunch.",
    "NAIROBI, May 3 - Kenyan President Daniel Moi held talks with farm leaders today.",
    "Chancellor Olaf Scholz visited the museum of modern art.",
])
def test_travel_shapes_find_no_visit(extract_text, text):
    events, _ = _events(extract_text, text)
    assert [e for e in events if e[0] == "visit" and e[2] is not None] == [], events


def test_left_home_city_is_no_visit(extract_text):
    events, _ = _events(extract_text, "Italian Foreign Minister Paolo Rossi left Rome today for Madrid.")
    places = {where for kind, _, where, _ in events if kind == "visit"}
    assert places == {"Madrid"}


def test_present_travel_verb_weekday_lies_ahead(extract_text):
    _, raw = _events(extract_text, "Japanese Prime Minister Taro Sato leaves on an official visit to Canada on "
                                   "Wednesday.")
    visit = next(e for e in raw if e.kind == "visit")
    assert visit.date.value == date(2025, 8, 13) and visit.status == "planned"
    _, raw = _events(extract_text, "Japanese Prime Minister Taro Sato left on an official visit to Canada on "
                                   "Wednesday.")
    visit = next(e for e in raw if e.kind == "visit")
    assert visit.date.value == date(2025, 8, 6) and visit.status == "held"


def test_dateline_visit_only_for_the_foreign_side(extract_text):
    events, _ = _events(extract_text, "NAIROBI, May 3 - French Prime Minister Jean Martin said he and Kenyan "
                                      "President Daniel Moi had agreed on aid during talks earlier today.")
    visitors = {p for kind, people, _, _ in events if kind == "visit" for p in people}
    assert visitors == {"Jean Martin"}


def test_historical_state_of_a_dateline_city(extract_text):
    text = ("MOSCOW, March 31 - British Prime Minister Margaret Thatcher said she and Soviet Premier Nikolai "
            "Ryzhkov had set trade targets during talks earlier today. Britain's trade with the Soviet Union is small.")
    events, _ = _events(extract_text, text, published=date(1987, 3, 31))
    assert {(frozenset(p), w) for k, p, w, _ in events if k == "visit"} == {
        (frozenset({"Margaret Thatcher"}), "Soviet Union")}


# -- participants: pronouns, titles set off by commas, joint appearances, "their" -------------------

@pytest.mark.parametrize(("text", "people"), [
    ("Prime Minister Taro Sato spoke. He said he hopes to have candid and frank discussions with President "
     "Joe Biden.", {"Taro Sato", "Joe Biden"}),
    ("Prime Minister Margaret Jones said she was pleased. The deal was signed by President Ivan Petrov, who "
     "had six hours of talks with her yesterday.", {"Margaret Jones", "Ivan Petrov"}),
    ("Mrs Anna Berg met voters. Mr Karl Olsen arrived, and President Tom Hale held talks with him.",
     {"Tom Hale", "Karl Olsen"}),
    ("President Tom Hale held talks with his Polish counterpart, Jan Nowak, and the Czech leader, Petr Dvorak.",
     {"Tom Hale", "Petr Dvorak"}),
    ("President Tom Hale, speaking at a joint news conference with Polish Foreign Minister Jan Nowak, said the "
     "deal held.", {"Tom Hale", "Jan Nowak"}),
    ("President Tom Hale said the plan he agreed upon with Jan Nowak at their summit meeting last May in Oslo "
     "was sound.", {"Tom Hale", "Jan Nowak"}),
    ("At a news conference following talks with President Tom Hale, Polish leader Jan Nowak said the plan was "
     "sound.", {"Tom Hale", "Jan Nowak"}),
])
def test_participants(extract_text, text, people):
    events, _ = _events(extract_text, text)
    pairs = [found for _, found, _, _ in events]
    assert any(all(any(p in f for f in found) for p in people) for found in pairs), events


@pytest.mark.parametrize(("text", "pair"), [
    ("Prime Minister Margaret Jones said she was pleased. Foreign Minister Paul Grant agreed. The deal was signed "
     "by President Ivan Petrov, who had six hours of talks with her yesterday.", {"Ivan Petrov", "Paul Grant"}),
    ("Mrs Anna Berg met voters. Mr Karl Olsen arrived, and President Tom Hale held talks with him.",
     {"Tom Hale", "Anna Berg"}),
    ("President Tom Hale held talks with his Polish counterpart, Jan Nowak, and the Czech leader, Petr Dvorak.",
     {"Poland"}),
])
def test_participants_not_the_wrong_person(extract_text, text, pair):
    events, _ = _events(extract_text, text)
    assert all(not pair <= set(found) for _, found, _, _ in events), events


@pytest.mark.parametrize("text", [
    "Their summit meeting was cancelled.",
    "President Tom Hale spoke at a news conference in Warsaw.",
    "President Tom Hale said he hopes to have frank discussions soon.",
    # unnamed officials without a foreign place are no participant
    "Prime Minister Tony Blair met leaders on Monday.",
    "French President Jacques Chirac met officials in Paris on Monday.",
])
def test_participants_find_no_pair(extract_text, text):
    events, _ = _events(extract_text, text)
    assert [e for e in events if len(e[1]) >= 2] == [], events


def test_favoured_talks_are_proposed(extract_text):
    events, _ = _events(extract_text, "Italy favours talks with Turkey.")
    assert ("talks", frozenset({"Italy", "Turkey"}), None, "proposed") in events


def test_unnamed_officials_in_a_city_are_its_country(extract_text):
    events, _ = _events(extract_text, "Prime Minister Tony Blair met leaders in Baghdad on Monday.")
    assert ("meeting", frozenset({"Tony Blair", "Iraq"})) in _pairs(events), events


def test_speaker_after_talks_named_by_another_is_no_participant(extract_text):
    text = ("Spokeswoman Jane Roe said the trip was set. The Brown discussions with Deputy Foreign Minister Ken "
            "Sato will focus on aid, she added.")
    events, _ = _events(extract_text, text)
    assert all("Jane Roe" not in people for _, people, _, _ in events), events


def test_dateline_visit_needs_talks_dated_to_the_story(extract_text):
    text = ("LONDON, May 3 - Brazilian Finance Minister Dilson Funaro said talks went well. He had earlier met "
            "U.S. Treasury Secretary James Baker.")
    events, _ = _events(extract_text, text)
    assert [e for e in events if e[0] == "visit"] == [], events


@pytest.mark.parametrize("text", [
    "Tourists said at the end of a guided tour that the museum was crowded.",
    "Anna Berg said the visit to Peru had been cancelled by her rivals.",
    "Karl Braun objected to a visit to Cuba by the senators.",
])
def test_framing_phrase_finds_no_false_visitor(extract_text, text):
    events, _ = _events(extract_text, text)
    assert not [e for e in events if e[0] == "visit" and any(
        n in p for p in e[1] for n in ("Anna Berg", "Karl Braun", "Tourists"))], events


def test_talks_verb_with_a_partner_per_topic(extract_text):
    text = ("Minister Olaf Berg said he had discussed wind power with Siemens, rail signalling for freight "
            "lines with Alstom, and steel prices with Arcelor.")
    pairs = _pairs(_events(extract_text, text)[0])
    assert ("talks", frozenset({"Olaf Berg", "Siemens"})) in pairs
    assert ("talks", frozenset({"Olaf Berg", "Alstom"})) in pairs
    assert ("talks", frozenset({"Siemens", "Alstom"})) not in pairs


@pytest.mark.parametrize("text", [
    "Olaf Berg discussed plans in line with Siemens guidance.",
    "Olaf Berg discussed the report that Siemens had filed with Alstom.",
])
def test_talks_verb_idioms_and_clauses_find_no_partner(extract_text, text):
    pairs = _pairs(_events(extract_text, text)[0])
    assert not any({"Olaf Berg", "Alstom"} <= people or {"Olaf Berg", "Siemens"} <= people
                   for _, people in pairs), pairs


def test_light_verb_with_partner_after_a_date(extract_text):
    events, _ = _events(extract_text, "Olaf Berg held short talks on Monday with Italian Premier Carlo Conti.")
    assert ("talks", frozenset({"Olaf Berg", "Carlo Conti"})) in _pairs(events), events


def test_two_nationalities_at_a_meeting_are_the_two_countries(extract_text):
    text = "At a meeting in Rome last May Italian and Greek finance ministers said they would cut tariffs."
    events, _ = _events(extract_text, text)
    assert ("meeting", frozenset({"Italy", "Greece"})) in _pairs(events), events


@pytest.mark.parametrize(("text", "visitor", "place"), [
    ("OSLO, May 2 - Canadian minister Lee Park told reporters trade was up. While here, Park said he "
     "had raised fishing quotas.", "Lee Park", "Oslo"),
])
def test_stays_and_while_here_are_visits(extract_text, text, visitor, place):
    events, _ = _events(extract_text, text, date(1990, 5, 2))
    assert _has_visit(events, visitor, place), [e for e in events if e[0] == "visit"]


@pytest.mark.parametrize("text", [
    "Mr Paul Grey spent two days in talks.",
    "OSLO, May 2 - Norwegian minister Lee Park said trade was up. While here, Park said he had raised quotas.",
])
def test_home_stays_are_no_visits(extract_text, text):
    events, _ = _events(extract_text, text, date(1990, 5, 2))
    assert [e for e in events if e[0] == "visit"] == [], events


def test_talks_during_a_stopover_are_there_not_at_the_dateline(extract_text):
    text = ("CAIRO, May 2 - German President Karl Weiss arrived for a visit. He held brief talks on Sunday with "
            "Sudanese President Omar Bakri during a stopover in Khartoum.")
    events, _ = _events(extract_text, text, date(1990, 5, 2))
    visits = {(frozenset(p), where) for kind, p, where, _ in events if kind == "visit"}
    assert not any("Omar Bakri" in p for p, _ in visits), visits
    assert any("Karl Weiss" in p and where == "Khartoum" for p, where in visits), visits
