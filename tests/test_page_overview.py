"""The page's data (graph.overview): facts read from the RDF, folded into weighted actor edges.

Small graphs are written here in Turtle (people and sentences invented) so that every count the
page shows can be checked by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from graph.overview import EVIDENCE_PER_FACT, QUOTES_PER_SPEAKER, as_store, read_overview
from graph.sparql import load_graph

SAMPLE = Path(__file__).resolve().parent / "data" / "views-sample.ttl"
ID = "https://newsgraph.org/id/"
PREFIXES = """@prefix ng: <https://newsgraph.org/ontology#> . @prefix id: <https://newsgraph.org/id/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
PEOPLE = """
id:person\\/ann a schema:Person ; rdfs:label "Ann Lee" .
id:person\\/bo a schema:Person ; rdfs:label "Bo Kim" .
id:country\\/NO a schema:Country ; rdfs:label "Norway" .
id:place\\/oslo a schema:Place ; rdfs:label "Oslo" .
"""


def article(n: int, date: str = "", outlet: str = "") -> str:
    parts = [f'id:article\\/a{n} a schema:NewsArticle ; schema:identifier "a{n}" ; schema:headline "Story {n}"']
    if date:
        parts.append(f'schema:datePublished "{date}"^^xsd:date')
    if outlet:
        parts.append(f'schema:publisher "{outlet}"')
    return " ; ".join(parts) + " .\n"


def evidence(name: str, art: int, sentence: str, start: int = 0) -> str:
    return (f'id:evidence\\/{name} a ng:Evidence ; prov:wasDerivedFrom id:article\\/a{art} ; '
            f'ng:sentence "{sentence}" ; ng:charStart {start} .\n')


def meeting(name: str, evs: list[str], date: str = "", kind: str = "Meeting", extra: str = "") -> str:
    when = f' ; schema:startDate "{date}"^^xsd:date' if date else ""
    return (f'id:event\\/{name} a ng:{kind} ; ng:participant id:person\\/ann, id:person\\/bo ; '
            f'ng:evidence {", ".join("id:evidence/" + e for e in evs)}{when}{extra} .\n').replace("evidence/", "evidence\\/")


def overview(turtle: str):
    return read_overview(Graph().parse(data=PREFIXES + turtle, format="turtle"))


def test_sample_facts_fold_into_actor_edges():
    ov = read_overview(load_graph(SAMPLE))
    names = {e: v[0] for e, v in ov.entities.items()}
    edges = {frozenset((names[a], names[b])): [ov.facts[i].kind for i in idx] for (a, b), idx in ov.edges.items()}
    assert edges[frozenset(("Ali Larijani", "Mohammed Shia al-Sudani"))] == ["meeting"]
    assert edges[frozenset(("Ali Larijani", "Joseph Aoun"))] == ["talks"]
    assert edges[frozenset(("Ali Larijani", "Lebanon"))] == ["visit"], "a visit joins the visitor to where"
    assert edges[frozenset(("Iran", "Iraq"))] == ["agreement"]
    assert edges[frozenset(("Ali Larijani", "Supreme National Security Council"))] == ["role"]
    assert frozenset(("Ali Larijani", "Beirut")) not in edges, "where talks were held is not a partner"
    assert len(edges) == 8
    quote = next(f for f in ov.facts if f.kind == "quote")
    assert [names[a] for a in quote.actors] == ["Ali Larijani"] and quote.pairs() == []
    assert quote.evidence[0][1] == "\"We support Lebanon's sovereignty,\" Larijani said."
    assert "Lone Reporter" in {v[0] for v in ov.entities.values()}, "every entity is searchable"


def test_events_are_folded_into_one_edge_weighted_by_events_and_articles():
    ov = overview(PEOPLE + article(1, "2025-01-05") + article(2, "2025-02-07")
                  + evidence("e1", 1, "Ann Lee met Bo Kim.") + evidence("e2", 2, "Lee and Kim met again.")
                  + evidence("e3", 2, "They signed a pact.", 30)
                  + meeting("m1", ["e1"], "2025-01-05") + meeting("m2", ["e2"], "2025-02-06", "Talks")
                  + 'id:agreement\\/g1 a ng:Agreement ; ng:kind "trade" ; ng:party id:person\\/ann, id:person\\/bo ; '
                    "ng:evidence id:evidence\\/e3 .\n")
    (pair, facts), = ov.edges.items()
    assert pair == (ID + "person/ann", ID + "person/bo")
    assert [ov.facts[i].kind for i in facts] == ["meeting", "talks", "agreement"]
    assert {a for i in facts for a in ov.facts[i].articles} == {ID + "article/a1", ID + "article/a2"}
    data = ov.to_json()
    assert data["edges"] == [[data["entities"].index(["Ann Lee", 0, 0, ""]),
                              data["entities"].index(["Bo Kim", 0, 0, ""]), [0, 1, 2]]]
    agreement = data["facts"][2]
    assert agreement[1] == "trade agreement" and agreement[2] == "2025-02-07", "undated: its article's date"
    assert agreement[9] == 1 and data["facts"][0][9] == 0, "a date from the text is not a report's date"


def test_a_fact_reported_by_several_articles_keeps_them_all_and_one_sentence_each_first():
    evs = [evidence(f"e{n}{k}", n, f"Sentence {k} of story {n}.", k * 10) for n in (1, 2, 3) for k in (1, 2)]
    ov = overview(PEOPLE + article(1, "2025-01-05", "Planet") + article(2, "2025-01-06", "Star")
                  + article(3, "2025-01-06", "Star") + "".join(evs)
                  + meeting("m", [f"e{n}{k}" for n in (1, 2, 3) for k in (1, 2)], "2025-01-04"))
    (fact,) = ov.facts
    assert len(fact.articles) == 3
    assert len(fact.evidence) == EVIDENCE_PER_FACT
    assert [s for _, s, _ in fact.evidence[:3]] == ["Sentence 1 of story 1.", "Sentence 1 of story 2.",
                                                    "Sentence 1 of story 3."]
    data = ov.to_json()
    assert data["outlets"] == ["Planet", "Star"]
    assert sorted(data["articles"][a][3] for a in data["facts"][0][7]) == [0, 1, 1]


def test_confidence_is_read_when_the_graph_has_it():
    base = PEOPLE + article(1, "2025-01-05") + evidence("e1", 1, "Ann Lee met Bo Kim.")
    assert overview(base + meeting("m", ["e1"])).to_json()["facts"][0][8] is None
    sure = overview(base + meeting("m", ["e1"], extra=' ; ng:confidence "0.85"^^xsd:decimal'))
    assert sure.facts[0].confidence == pytest.approx(0.85)
    assert sure.to_json()["facts"][0][8] == pytest.approx(0.85)


def test_a_speaker_keeps_only_the_latest_quotes():
    quotes = "".join(
        evidence(f"q{n}", 1, f"Quote number {n}, Ann Lee said.", n * 40)
        + f'id:quote\\/q{n} a ng:Quote ; ng:speaker id:person\\/ann ; schema:text "Quote number {n}" ; '
          f'schema:dateCreated "2025-01-{n + 10:02d}"^^xsd:date ; ng:evidence id:evidence\\/q{n} .\n'
        for n in range(QUOTES_PER_SPEAKER + 3))
    ov = overview(PEOPLE + article(1, "2025-01-20") + quotes)
    kept = sorted(f.date for f in ov.facts if f.kind == "quote")
    assert len(kept) == QUOTES_PER_SPEAKER
    assert kept[0] == f"2025-01-{3 + 10:02d}" and kept[-1] == f"2025-01-{QUOTES_PER_SPEAKER + 2 + 10:02d}"
    assert ov.edges == {}


def test_a_post_is_one_fact_with_the_evidence_of_every_holding():
    holdings = "".join(
        evidence(f"r{n}", n, f"Foreign Minister Ann Lee spoke ({n}).")
        + f"id:role\\/h{n} a ng:RoleHolding ; ng:holder id:person\\/ann ; ng:post id:post\\/p ; "
          f"ng:evidence id:evidence\\/r{n} .\n" for n in (1, 2))
    ov = overview(PEOPLE + article(1, "2025-01-05") + article(2, "2025-03-01") + holdings
                  + 'id:post\\/p a org:Post ; ng:title "Foreign Minister" ; ng:postOf id:country\\/NO .\n')
    (post,) = ov.facts
    assert post.kind == "role" and post.label == "Foreign Minister, Norway" and post.date == "2025-01-05"
    assert len(post.articles) == 2 and len(post.evidence) == 2
    assert list(ov.edges) == [(ID + "country/NO", ID + "person/ann")]


def test_a_visit_joins_the_visitor_and_the_place():
    ov = overview(PEOPLE + article(1, "2025-01-05") + evidence("e1", 1, "Ann Lee visited Oslo.")
                  + "id:event\\/v a ng:Visit ; ng:participant id:person\\/ann ; schema:location id:place\\/oslo ; "
                    "ng:evidence id:evidence\\/e1 .\n")
    assert list(ov.edges) == [(ID + "person/ann", ID + "place/oslo")]


def test_an_entity_takes_its_fullest_label_and_keeps_the_others_as_aliases():
    ov = overview('id:person\\/ann a schema:Person ; rdfs:label "Ann Lee", "Ann Marie Lee" ; skos:altLabel "Lee", "LEE", "ann marie lee" .\n'
                  + article(1) + article(2) + "id:article\\/a1 schema:mentions id:person\\/ann .\n"
                  + "id:article\\/a2 schema:mentions id:person\\/ann .\n")
    assert ov.entities[ID + "person/ann"] == ("Ann Marie Lee", "Person", 2, ["Ann Lee", "Lee"])
    assert ov.find("lee") == ID + "person/ann" and ov.find("ANN LEE") == ID + "person/ann"


def test_a_dataset_is_read_as_the_union_of_its_graphs():
    ds = Dataset(default_union=True)
    ds.graph(ID + "graph/a").parse(SAMPLE, format="turtle")
    assert as_store(ds).query("ASK { ?s a <https://schema.org/Person> }")
    assert read_overview(ds).to_json() == read_overview(load_graph(SAMPLE)).to_json()


def test_the_page_embeds_only_the_articles_its_facts_cite():
    ov = overview(PEOPLE + article(1, "2025-01-05") + article(2, "2025-01-06") + article(3)
                  + evidence("e1", 1, "Ann Lee met Bo Kim.") + meeting("m", ["e1"]))
    data = ov.to_json()
    assert data["articleCount"] == 3
    assert [a[0] for a in data["articles"]] == ["a1"]
    assert data["facts"][0][7] == [0] and data["facts"][0][6] == [[0, 0]]
