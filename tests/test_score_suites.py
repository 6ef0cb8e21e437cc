"""scripts/score_suites.py: name matching, families, role units and actor codes on made-up records,
and one run through the CLI on made-up suite files (never the suite texts)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("score_suites", ROOT / "scripts" / "score_suites.py")
ss = importlib.util.module_from_spec(_spec)
sys.modules["score_suites"] = ss  # dataclasses look their module up while the class is made
_spec.loader.exec_module(ss)


def named(*labels, countries=()):
    return ss.Named(frozenset(labels), frozenset(countries))


def fact(type_, title="", **slots):
    return ss.Fact(type_, title, {slot: list(entities) for slot, entities in slots.items()})


@pytest.mark.parametrize(("gold", "label", "expected"), [
    ("Putin", "Vladimir Putin", True),                 # gold inside the label
    ("the United States", "United States", True),      # label inside the gold
    ("U.S.", "US", True),                              # punctuation-blind
    ("HALVORSEN 's", "Rita Halvorsen", True),          # case-blind, possessive dropped
    ("Tova al - Rami", "Tova al-Rami", True),          # RAMS spaces around hyphens
    ("Norwegian", "Norway", True),                     # a demonym names its country
    ("the Dutch", "Netherlands", True),
    ("Norwegian", "Sweden", False),
    ("Harry Lund", "Ross Lund", False),                # a shared surname is not enough
    ("he", "He Wei", False),                           # a pronoun names no one
    ("They", "They Might Be Giants", False),
    ("US", "United States", True),                     # "US" is the country, not the pronoun
    ("", "Oslo", False),
])
def test_names_match(gold, label, expected):
    assert ss.names_match(gold, label) is expected


def test_tokens_are_case_and_punctuation_blind():
    assert ss.tokens("U.S. Secretary-General's") == {"us", "secretary", "general"}
    assert ss.tokens("O\u2019Keefe") == ss.tokens("okeefe")


def rams(category, *arguments, event_type="contact.discussion.meet"):
    return {"id": "w1", "kg_category": category, "event_type": event_type, "text": "x",
            "sentences": ["First.", "Lena Berg met Olaf Dahl."], "trigger_sentence_index": 1,
            "trigger": {"text": "met"}, "arguments": [{"role": r, "text": t} for r, t in arguments]}


def test_rams_window_found_by_a_fact_of_its_family_naming_a_participant():
    record = rams("meeting", ("participant", "Lena Berg"), ("place", "Bergen"))
    assert ss.rams_found(record, [fact("Talks", participant=[named("Lena Berg", "Berg")])])
    # the wrong family, or the right family naming someone else, is no find
    assert not ss.rams_found(record, [fact("Agreement", party=[named("Lena Berg")])])
    assert not ss.rams_found(record, [fact("Meeting", participant=[named("Olaf Dahl")])])
    # a gold place is not who met, and a fact's place is not a participant
    by_place = rams("meeting", ("place", "Bergen"))
    assert not ss.rams_found(by_place, [fact("Meeting", participant=[named("Bergen")])])
    assert not ss.rams_found(record, [fact("Meeting", participant=[named("Olaf Dahl")],
                                           location=[named("Lena Berg")])])


@pytest.mark.parametrize(("category", "role", "slot", "fact_type"), [
    ("talks_or_correspondence", "participant", "participant", "Call"),
    ("travel_visit", "transporter", "participant", "Visit"),
    ("agreement", "participant", "party", "Agreement"),
    ("position_change", "employee", "holder", "RoleHolding"),
    ("statement", "communicator", "speaker", "ReportedSpeech"),
])
def test_rams_families(category, role, slot, fact_type):
    record = rams(category, (role, "Olaf Dahl"))
    assert ss.rams_found(record, [fact(fact_type, **{slot: [named("Olaf Dahl")]})])


def test_a_meeting_window_is_not_found_by_a_call():
    """RAMS ``meet`` is in person; only correspondence windows take calls."""
    record = rams("meeting", ("participant", "Olaf Dahl"))
    assert not ss.rams_found(record, [fact("Call", participant=[named("Olaf Dahl")])])


def test_score_rams_counts_findable_windows_and_lists_misses():
    found = rams("meeting", ("participant", "Lena Berg"))
    pronoun = dict(rams("meeting", ("participant", "she")), id="w2")
    tally, misses = ss.score_rams([found, pronoun], {"w1": [fact("Meeting", participant=[named("Lena Berg")])],
                                                     "w2": [fact("Meeting", participant=[named("Lena Berg")])]})
    assert (tally.found["meeting"], tally.total["meeting"], tally.findable["meeting"]) == (1, 2, 1)
    assert misses == [{"id": "w2", "category": "meeting", "event_type": "contact.discussion.meet",
                       "trigger": "met", "gold": "", "sentence": "Lena Berg met Olaf Dahl."}]


def test_write_misses_is_one_tsv_row_per_window(tmp_path):
    out = tmp_path / "sub" / "misses.tsv"
    ss.write_misses(out, [{"id": "w2", "category": "meeting", "event_type": "e", "trigger": "met",
                           "gold": "A | B", "sentence": "Two\tlines\nhere."}])
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows == ["id\tcategory\tevent_type\ttrigger\tgold\tsentence", "w2\tmeeting\te\tmet\tA | B\tTwo lines here."]
    assert [p.name for p in out.parent.iterdir()] == ["misses.tsv"]


def docred(*triples, entities=()):
    return {"id": "p1", "text": "x", "entities": [{"name": n, "mentions": list(m)} for n, m in entities],
            "expected_triples": [{"head": h, "relation": r, "tail": t} for h, r, t in triples]}


def test_gold_role_units_merge_places_that_name_each_other():
    record = docred(("Norway", "P35", "Eirik Moe"), ("Norwegian", "P6", "Eirik Moe"), ("Denmark", "P6", "Eirik Moe"),
                    ("Eirik Moe", "P39", "bishop of Tromsø"), ("Eirik Moe", "P27", "Norway"),
                    entities=[("Eirik Moe", ["Moe", "Eirik Moe"])])
    units = ss.gold_role_units(record)
    assert [(u.relation, u.person, u.anchor) for u in units] == [
        ("leads", ["Eirik Moe"], ["Norway", "Norwegian"]), ("leads", ["Eirik Moe"], ["Denmark"]),
        ("P39", ["Eirik Moe"], ["bishop of Tromsø"])]


def test_person_names_skip_a_bare_surname_when_a_full_name_exists():
    assert ss.person_names({"name": "Ross Lund", "mentions": ["Lund", "Ross Lund"]}) == ["Ross Lund"]
    assert ss.person_names({"name": "Zuma", "mentions": ["Zuma"]}) == ["Zuma"]


@pytest.mark.parametrize(("title", "slots", "place_named", "expected"), [
    ("Prime Minister", {"postOf": [named("Norway")]}, False, True),
    ("Prime Minister", {}, False, True),                   # names no place: fits
    ("Prime Minister", {}, True, False),                   # ... but not when the place must be named
    ("Prime Minister", {"postOf": [named("Sweden")]}, False, False),  # another country does not fit
    ("Vice President", {}, False, False),                  # not a leader's title
    ("Foreign Minister", {"postOf": [named("Norway")]}, False, False),
    ("King", {}, False, True),
])
def test_role_matches_a_leader_unit(title, slots, place_named, expected):
    unit = ss.RoleUnit("leads", ["Eirik Moe"], ["Norway", "Norwegian"])
    role = fact("RoleHolding", title, holder=[named("Eirik Moe", "Prime Minister Eirik Moe")], **slots)
    assert ss.role_matches_unit(role, unit, place_named) is expected


def test_role_matches_a_position_unit_and_needs_the_person():
    unit = ss.RoleUnit("P39", ["Ada Holm"], ["National Security"])
    assert ss.role_matches_unit(fact("RoleHolding", "Adviser", holder=[named("Ada Holm")],
                                     postIn=[named("National Security")]), unit)
    assert not ss.role_matches_unit(fact("RoleHolding", "Adviser", holder=[named("Ida Holm")],
                                         postIn=[named("National Security")]), unit)
    assert not ss.role_matches_unit(fact("RoleHolding", "Mayor", holder=[named("Ada Holm")]), unit)


def test_role_supported_by_a_chairperson_or_employer_triple():
    record = docred(("Green Front", "P488", "Ada Holm"), ("Ada Holm", "P108", "Nordbank"))
    holder = [named("Ada Holm")]
    assert ss.role_supported(fact("RoleHolding", "Leader", holder=holder), record)
    assert ss.role_supported(fact("RoleHolding", "Spokeswoman", holder=holder, postIn=[named("Green Front")]), record)
    assert ss.role_supported(fact("RoleHolding", "Economist", holder=holder, postIn=[named("Nordbank")]), record)
    assert not ss.role_supported(fact("RoleHolding", "Spokeswoman", holder=holder), record)
    assert not ss.role_supported(fact("RoleHolding", "Leader", holder=[named("Ola Holm")]), record)


def test_p710_family():
    assert ss.p710_family("Oslo peace talks") == ss.ENCOUNTERS
    assert ss.p710_family("Treaty of Kiel") == frozenset({"Agreement"})
    assert ss.p710_family("Great Northern War") is None


def test_petrarch_events_keep_meet_visit_and_sign_codes_once_per_pair():
    record = {"expected_events": [
        {"source_actor_code": "NORGOV", "target_actor_code": "SWE", "cameo_code": "040"},
        {"source_actor_code": "SWE", "target_actor_code": "NORGOV", "cameo_code": "040"},
        {"source_actor_code": "NOR", "target_actor_code": "SWE", "cameo_code": "057"},
        {"source_actor_code": "NOR", "target_actor_code": "SWE", "cameo_code": "0341"},
        {"source_actor_code": "NOR", "target_actor_code": "SWE", "cameo_code": "190"}]}
    assert [(s, t, fam) for s, t, fam in ss.petrarch_events(record)] == [
        ("NORGOV", "SWE", ss.ENCOUNTERS), ("NOR", "SWE", frozenset({"Agreement"}))]


def test_actor_codes_name_countries_through_labels_or_posts():
    assert ss.actor_country("USAGOV") == "US"
    assert ss.actor_country("IGOEUREEC") is None
    meeting = fact("Meeting", participant=[named("Ada Holm", countries={"NO"}), named("Sweden", countries={"SE"})])
    assert ss.fact_names_actor(meeting, "NORGOV") and ss.fact_names_actor(meeting, "SWE")
    assert not ss.fact_names_actor(meeting, "DNK")


def test_read_suite_skips_a_bad_line_naming_file_and_line(tmp_path, capsys):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n{oops\n[1]\n{"id": "b", "text": "Two."}\n', encoding="utf-8")
    assert [r["id"] for r in ss.read_suite(path)] == ["a", "b"]
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:2: not a JSON record") and err[1].startswith(f"{path}:3: record without")
    with pytest.raises(ss.SuiteError, match="no such suite file"):
        list(ss.read_suite(tmp_path / "missing.jsonl"))


def test_article_record_keeps_id_text_and_a_date_only():
    assert ss.article_record({"id": "a", "text": "T.", "date": 20080804, "title": "x"}) == {
        "id": "a", "text": "T.", "published": "20080804"}
    assert ss.article_record({"id": "a", "text": "T.", "source": {"repo": "r"}}) == {"id": "a", "text": "T."}


def test_scores_made_up_suites_through_the_cli(tmp_path):
    """Build made-up suite files with the CLI, read the facts back with SPARQL, score them."""
    suites = tmp_path / "suites"
    suites.mkdir()
    windows = [
        dict(rams("meeting", ("participant", "Merkel")), id="rams/a",
             text="Angela Merkel met Emmanuel Macron in Berlin on Monday."),
        dict(rams("agreement", ("participant", "Merkel")), id="rams/b",   # a meeting is no agreement
             text="Angela Merkel met Emmanuel Macron in Berlin on Monday."),
        dict(rams("meeting", ("participant", "they")), id="rams/c", text="They met in Oslo."),
    ]
    paragraphs = [docred(("Norway", "P6", "Jonas Gahr Store"), entities=[("Jonas Gahr Store", ["Jonas Gahr Store"])])]
    paragraphs[0]["text"] = "Prime Minister Jonas Gahr Store of Norway opened the session."
    sentences = [{"id": "p/1", "date": "20250811",
                  "text": "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday.",
                  "expected_events": [{"source_actor_code": "DEU", "target_actor_code": "FRA", "cameo_code": "040"}]}]
    for name, records in (("rams", windows), ("redocred", paragraphs), ("petrarch", sentences)):
        (suites / ss.SUITE_FILES[name]).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    misses = tmp_path / "misses.tsv"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "score_suites.py"), "--suites", str(suites),
                           "--misses", str(misses), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    numbers = json.loads(done.stdout.splitlines()[-1])
    assert numbers["rams"]["by_category"] == {"agreement": [0, 1], "meeting": [1, 2]}
    assert (numbers["rams"]["found"], numbers["rams"]["findable"]) == (1, 2)
    assert [line.split("\t")[0] for line in misses.read_text(encoding="utf-8").splitlines()[1:]] == ["rams/b", "rams/c"]
    assert (numbers["redocred"]["units"], numbers["redocred"]["units_found"]) == (1, 1)
    assert numbers["petrarch"]["hits"] == numbers["petrarch"]["events"] == 1
