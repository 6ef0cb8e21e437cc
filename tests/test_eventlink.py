"""Events across articles (graph.eventlink): one node per event however many articles tell it,
with its reasons; different dates stay apart; re-ingest and remove give what a fresh build gives."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graph.cli import main
from graph.eventlink import PERSON, Report, plan_merges
from graph.store import open_store

MEETING = "Prime Minister Helmut Kessler met Prime Minister Anders Holm in Copenhagen"
ARTICLES = [
    {"id": "e/1", "title": "Kessler in Copenhagen", "published": "2025-03-10", "source": "Daily One",
     "text": f"{MEETING} on March 9. They discussed fishing rights."},
    {"id": "e/2", "title": "Fishing row", "published": "2025-03-11", "source": "Evening Two",
     "text": f"German {MEETING.replace('Prime Minister Anders', 'Danish Prime Minister Anders')} on March 9, "
             "officials said."},
    {"id": "e/3", "title": "Second round", "published": "2025-04-15", "source": "Daily One",
     "text": f"{MEETING} on April 14 for a second round."},
    {"id": "e/4", "title": "Meeting recalled", "published": "2025-03-10", "source": "Weekly Three",
     "text": f"{MEETING}, a spokesman said."},
]
NG = "https://newsgraph.org/ontology#"


def _jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _query(args: list[str], capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["query", *args, "--format", "json", "--no-cache"]) == 0
    result = json.loads(capsys.readouterr().out)["results"]["bindings"]
    return [{name: term["value"] for name, term in row.items()} for row in result]


def _quads(store_dir) -> set[str]:
    """Every quad of the store but the file each article was read from (which differs here)."""
    store = open_store(store_dir, read_only=True)
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)
            if q.predicate.value != f"{NG}sourcePath"}


def test_one_meeting_told_by_three_articles_is_one_node_and_another_date_stays_apart(tmp_path, nlp, capsys):
    out = tmp_path / "out"
    assert main(["build", _jsonl(tmp_path / "c.jsonl", ARTICLES), "--out", str(out), "--no-html", "-q"]) == 0
    rows = _query(["sources", "--graph", str(out / "graph.ttl")], capsys)
    by_date = {r["date"]: r for r in rows}
    assert set(by_date) == {"2025-03-09", "2025-04-14"}  # the second round is its own event
    assert (by_date["2025-03-09"]["articles"], by_date["2025-03-09"]["outlets"]) == ("3", "3")
    assert by_date["2025-04-14"]["articles"] == "1"
    assert by_date["2025-03-09"]["type"] == f"{NG}Meeting" and by_date["2025-03-09"]["status"] == "held"
    # each merge is inspectable: the article's own IRI and why, one per reporting article
    reasons = _query([f"SELECT ?e ?own ?why WHERE {{ ?e <{NG}mergedFrom> ?own ; <{NG}mergeReason> ?why "
                      f"FILTER(STRSTARTS(?why, 'same meeting')) }}",
                      "--graph", str(out / "graph.ttl")], capsys)
    assert len({r["own"] for r in reasons}) == 3 and len({r["e"] for r in reasons}) == 1
    whys = {r["why"].split(": ", 1)[1] for r in reasons}  # the union holds each article's reason
    assert whys == {"this article states that date", "no date stated; published 2025-03-10, within the "
                    "window of that date and of no other"}


def test_the_shapes_accept_a_merged_event_and_refuse_one_with_two_dates(tmp_path, nlp):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from graph.validate import validate

    out = tmp_path / "out"
    assert main(["build", _jsonl(tmp_path / "c.jsonl", ARTICLES[:2]), "--out", str(out), "--no-html", "-q"]) == 0
    graph = Graph().parse(out / "graph.ttl")
    assert validate(graph) == []
    merged = next(graph.subjects(URIRef(f"{NG}mergedFrom"), None))
    graph.add((merged, URIRef("https://schema.org/startDate"), Literal("2025-03-08", datatype=XSD.date)))
    assert any("startDate" in problem for problem in validate(graph))


def test_reingest_and_remove_give_what_a_fresh_build_gives(tmp_path, nlp, capsys):
    store, fresh = tmp_path / "store", tmp_path / "fresh"
    assert main(["build", _jsonl(tmp_path / "all.jsonl", ARTICLES), "--store", str(store), "-q"]) == 0
    everything = _quads(store)
    assert main(["build", _jsonl(tmp_path / "two.jsonl", ARTICLES[1:2]), "--store", str(store), "-q"]) == 0
    assert _quads(store) == everything  # re-ingesting a reporting article changes nothing
    assert main(["remove", "e/2", "e/4", "--store", str(store), "-q"]) == 0
    assert main(["build", _jsonl(tmp_path / "left.jsonl", [ARTICLES[0], ARTICLES[2]]),
                 "--store", str(fresh), "-q"]) == 0
    assert _quads(store) == _quads(fresh)  # e/1 alone again: its own node, no merge record
    assert not any(f"{NG}mergedFrom" in q for q in _quads(store))
    assert main(["build", _jsonl(tmp_path / "back.jsonl", [ARTICLES[3], ARTICLES[1]]),
                 "--store", str(store), "-q"]) == 0
    assert _quads(store) == everything  # added back in another order: the same store


A, B, C = (f"{PERSON}{name}" for name in "abc")
US, JP = "https://newsgraph.org/id/country/US", "https://newsgraph.org/id/country/JP"


def _report(graph: str, day: date | None, published: date, members=(A, B), status="held", place="",
            sentence: str = "", type_: str = "Talks", kind: str = "talks") -> Report:
    return Report(f"g/{graph}", f"own/{graph}", f"own/{graph}", f"{NG}{type_}", kind, status,
                  tuple(members), place, day, published, frozenset({sentence or f"sentence {graph}"}))


def _groups(reports: list[Report]) -> list[set[str]]:
    targets: dict[str, set[str]] = {}
    for merge in plan_merges(reports):
        targets.setdefault(merge.target, set()).add(merge.report.graph[2:])
    return sorted(targets.values(), key=sorted)


D = date(1987, 4, 10)


@pytest.mark.parametrize(("reports", "expected"), [
    # different rounds of talks on different dates stay apart
    ([_report("1", D, D), _report("2", date(1987, 4, 11), date(1987, 4, 11))], [{"1"}, {"2"}]),
    # an undated report published within days of the one dated event joins it
    ([_report("1", D, D), _report("2", D, D), _report("3", None, date(1987, 4, 12))], [{"1", "2", "3"}]),
    # ... but not when two dated events would fit it, nor when it came out too late
    ([_report("1", D, D), _report("2", date(1987, 4, 9), D), _report("3", None, date(1987, 4, 11))],
     [{"1"}, {"2"}, {"3"}]),
    ([_report("1", D, D), _report("2", None, date(1987, 4, 20))], [{"1"}, {"2"}]),
    # a planned event may be reported up to a week before its date, not more
    ([_report("1", D, date(1987, 3, 20), status="planned"),
      _report("2", None, date(1987, 4, 4), status="planned")], [{"1", "2"}]),
    ([_report("1", D, D, status="planned"), _report("2", None, date(1987, 4, 1), status="planned")],
     [{"1"}, {"2"}]),
    # held and planned are not one report of the same thing; nor are other participants
    ([_report("1", D, D), _report("2", D, D, status="planned"), _report("3", D, D, members=(A, C))],
     [{"1"}, {"2"}, {"3"}]),
    # a signed agreement is told after the fact: an undated report before its date is another one
    ([_report("1", D, D, status="signed", type_="Agreement", kind="trade"),
      _report("2", None, date(1987, 4, 5), status="signed", type_="Agreement", kind="trade")], [{"1"}, {"2"}]),
    # with no person and no kind, undated reports join only copies of one story (a shared sentence)
    ([_report("1", D, D, members=(US, JP)), _report("2", None, D, members=(US, JP))], [{"1"}, {"2"}]),
    ([_report("1", D, D, members=(US, JP), sentence="s"), _report("2", None, D, members=(US, JP), sentence="s")],
     [{"1", "2"}]),
    ([_report("1", None, D, members=(US, JP), type_="Agreement", kind=""),
      _report("2", None, D, members=(US, JP), type_="Agreement", kind="")], [{"1"}, {"2"}]),
    ([_report("1", None, D, members=(US, JP), type_="Agreement", kind="semiconductor"),
      _report("2", None, D, members=(US, JP), type_="Agreement", kind="semiconductor")], [{"1", "2"}]),
    # undated reports join when published within two days of the first, and not a third a week on
    ([_report("1", None, D), _report("2", None, date(1987, 4, 12)), _report("3", None, date(1987, 4, 17))],
     [{"1", "2"}, {"3"}]),
    # one participant and no place is too vague to say which talks
    ([_report("1", D, D, members=(A,)), _report("2", D, D, members=(A,))], [{"1"}, {"2"}]),
    ([_report("1", D, D, members=(A,), place="x"), _report("2", D, D, members=(A,), place="x")],
     [{"1", "2"}]),
])
def test_which_reports_are_one_event(reports, expected):
    assert _groups(reports) == expected
