"""Facts to RDF: repeated mentions of one event become one node with several evidence sentences."""

from __future__ import annotations

from datetime import date

from rdflib import Graph
from rdflib.namespace import RDF

from graph.dates import find_dates
from graph.facts import ArticleFacts, Event, Evidence, Mention
from graph.rdf import add_article, new_dataset, union_graph
from graph.read import Article
from graph.resolve import resolve_mentions
from graph.vocab import NG, SCHEMA


def _mention(text, type_, start, sentence):
    return Mention(text, type_, start, start + len(text), Evidence("a", sentence, start, start + len(text)))


def test_the_same_visit_told_twice_is_one_node_with_two_evidences():
    text = "Ali Larijani will visit Lebanon. Officials said Larijani's visit to Lebanon is planned."
    s1, s2 = text[:32], text[33:]
    who1, who2 = _mention("Ali Larijani", "Person", 0, s1), _mention("Larijani", "Person", 48, s2)
    where1, where2 = _mention("Lebanon", "Country", 24, s1), _mention("Lebanon", "Country", 68, s2)
    facts = ArticleFacts("a", mentions=[who1, who2, where1, where2], events=[
        Event("visit", (who1,), Evidence("a", s1, 0, 31), "planned", where1),
        Event("visit", (who2,), Evidence("a", s2, 48, 75), "planned", where2),
    ])
    res = resolve_mentions(facts.mentions, text)
    ds = new_dataset()
    add_article(ds, Article(id="a", text=text), facts, res)
    g: Graph = union_graph(ds)
    visits = list(g.subjects(RDF.type, NG.Visit))
    assert len(visits) == 1
    assert len(list(g.objects(visits[0], NG.evidence))) == 2


def test_a_held_and_a_planned_visit_stay_apart():
    text = "Larijani visited Iraq. Larijani will visit Iraq again."
    s1, s2 = text[:22], text[23:]
    who1, who2 = _mention("Larijani", "Person", 0, s1), _mention("Larijani", "Person", 23, s2)
    where1, where2 = _mention("Iraq", "Country", 17, s1), _mention("Iraq", "Country", 43, s2)
    facts = ArticleFacts("a", mentions=[who1, who2, where1, where2], events=[
        Event("visit", (who1,), Evidence("a", s1, 0, 21), "held", where1),
        Event("visit", (who2,), Evidence("a", s2, 23, 53), "planned", where2),
    ])
    ds = new_dataset()
    add_article(ds, Article(id="a", text=text), facts, resolve_mentions(facts.mentions, text))
    assert len(list(union_graph(ds).subjects(RDF.type, NG.Visit))) == 2


def test_a_period_is_written_beside_the_words_and_no_day_is_invented():
    text = "Larijani will visit Iraq next month."
    who, where = _mention("Larijani", "Person", 0, text), _mention("Iraq", "Country", 20, text)
    (when,) = find_dates(text, date(2025, 8, 12))
    facts = ArticleFacts("a", mentions=[who, where], events=[
        Event("visit", (who,), Evidence("a", text, 0, 35), "planned", where, date=when)])
    ds = new_dataset()
    add_article(ds, Article(id="a", text=text), facts, resolve_mentions(facts.mentions, text))
    g = union_graph(ds)
    (visit,) = g.subjects(RDF.type, NG.Visit)
    assert [str(o) for o in g.objects(visit, NG.datePeriod)] == ["2025-09"]
    assert [str(o) for o in g.objects(visit, NG.dateText)] == ["next month"]
    assert list(g.objects(visit, SCHEMA.startDate)) == []


def test_an_articles_ntriples_are_the_graph_rdflib_writes(nlp):
    """The build's own N-Triples text parses back to the very graph rdflib holds for the article."""
    from rdflib.compare import isomorphic

    from graph.pipeline import article_ntriples, extract_article

    article = Article(id="nt", text='Ali Larijani met Iraqi officials in Baghdad on "Tuesday".\n'
                                    'He said: "We signed the accord."')
    ntriples = article_ntriples(nlp(article.parse_text), article)
    facts, res = extract_article(nlp(article.parse_text), article)
    expected = add_article(new_dataset(), article, facts, res)
    parsed = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    assert len(parsed) == len(expected) > 20
    assert isomorphic(parsed, expected)


def test_every_fact_node_names_the_pattern_that_read_it(extract_text):
    """ng:rule on each fact node, the ids its extractors gave (two mentions of one event: two ids)."""
    text = ("Angela Merkel met Emmanuel Macron in Berlin. Their meeting in Berlin was long. "
            "French Prime Minister Jacques Chirac said: \"The talks were open and very useful.\"")
    facts, res = extract_text(text)
    ds = new_dataset()
    add_article(ds, Article(id="t", text=text), facts, res)
    g = union_graph(ds)
    fact_classes = (NG.RoleHolding, NG.Meeting, NG.Talks, NG.Summit, NG.Visit, NG.Call, NG.Agreement, NG.Quote)
    nodes = {n for cls in fact_classes for n in g.subjects(RDF.type, cls)}
    assert nodes and all(list(g.objects(n, NG.rule)) for n in nodes)
    written = {str(r) for n in nodes for r in g.objects(n, NG.rule)}
    made = {f.rule for f in (*facts.roles, *facts.events, *facts.agreements, *facts.quotes)}
    assert written == made
    assert {"events.verb.met", "roles.title.after", "quotes.verb.said"} <= written
