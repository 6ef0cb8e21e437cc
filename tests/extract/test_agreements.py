"""Agreements: sentence -> expected parties, kind, status and date (or nothing)."""

from __future__ import annotations

from datetime import date

import pytest


def _agreements(extract_text, text, published=date(2025, 8, 12)):
    facts, res = extract_text(text, published)

    def label(m):
        ent = res.entity_of(m)
        return ent.label if ent else m.text

    return [(a.kind, frozenset(label(m) for m in a.parties), a.status) for a in facts.agreements], facts.agreements


def test_date_resolved_against_publication_day(extract_text):
    _, raw = _agreements(extract_text, "Larijani referenced a security agreement signed between Iran and Iraq "
                                       "on Monday.")
    assert raw[0].date.value == date(2025, 8, 11) and raw[0].date.surface == "on Monday"


def test_the_two_countries_are_the_last_two_named(extract_text):
    text = ("Venezuelan president Hugo Chavez has offered China access to oil. "
            "The offer was made as part of a trade deal between the two countries.")
    found, _ = _agreements(extract_text, text)
    assert ("trade", frozenset({"Venezuela", "China"}), "signed") in found


def test_people_without_a_national_post_stay_people(extract_text):
    found, _ = _agreements(extract_text, "Bill Gates and Warren Buffett signed a pledge agreement.")
    assert {ps for _, ps, _ in found} == {frozenset({"Bill Gates", "Warren Buffett"})}


def test_capital_of_an_unnamed_country_stays_a_city(extract_text):
    found, _ = _agreements(extract_text, "Exxon signed a supply deal with Ankara.")
    assert all("Turkey" not in ps for _, ps, _ in found), found


def test_one_agreement_per_item_of_a_dash_list(extract_text):
    text = "Japan wants trade agreements with three neighbours -- South Korea, the Philippines and Vietnam."
    found, _ = _agreements(extract_text, text)
    assert {ps for _, ps, _ in found} == {frozenset({"Japan", p}) for p in ("South Korea", "Philippines", "Vietnam")}


def test_dash_without_a_named_list_finds_nothing(extract_text):
    found, _ = _agreements(extract_text, "Japan wants trade agreements with its neighbours -- none yet named.")
    assert found == []


# -- shapes from unseen news: signers, "agreed with", "signing of", drafts at talks, datelines --------------

def test_signing_of_agreements_at_a_meeting(extract_text):
    text = ("German Chancellor Helmut Kohl met Spanish Prime Minister Felipe Gonzalez in Bonn. "
            "Kohl and Gonzalez then attended the signing of agreements covering scientific exchanges.")
    found, _ = _agreements(extract_text, text)
    assert any(ps == frozenset({"Germany", "Spain"}) and "scientific" in k and st == "signed"
               for k, ps, st in found), found


def test_name_missed_in_a_compound_is_found_from_elsewhere(extract_text):
    text = ("The European Union held talks with Mercosur in Brussels. "
            "Diplomats said any EU-Mercosur agreement would need approval.")
    found, _ = _agreements(extract_text, text)
    assert any(len(ps) == 2 and "European Union" in ps for _, ps, _ in found), found


def test_weekday_resolved_and_dateline_date_ignored(extract_text):
    text = "ACCRA, Aug 15 - Ghana signed an agreement with Germany's Finance Ministry on Tuesday, officials said."
    _, raw = _agreements(extract_text, text, published=date(2025, 8, 15))
    assert raw and raw[0].date is not None and raw[0].date.value == date(2025, 8, 12), raw


def test_different_statuses_of_kindless_deals_stay_apart(extract_text):
    text = ("Last year Japan terminated an agreement with Brazil. "
            "Japan and Brazil have now agreed to start talks on a new one.")
    found, _ = _agreements(extract_text, text)
    assert sorted(st for _, _, st in found) == ["agreed", "ended"], found


def test_agreed_then_signed_is_one_deal(extract_text):
    text = ("Argentina and Chile have agreed to extend a gas deal. "
            "The presidents of Argentina and Chile signed the deal on Tuesday.")
    found, _ = _agreements(extract_text, text)
    assert len(found) == 1, found


def test_a_fronted_on_phrase_is_no_kind(extract_text):
    found, _ = _agreements(extract_text, "On the civilian front, Japan signed a deal with India.")
    assert found and all(k == "" for k, _, _ in found), found


# -- offers answered, signers on tour, quantity phrases, deals signed abroad with a company ----------------

@pytest.mark.parametrize(("text", "kind", "parties", "status"), [
    # states accept / decline an offer the offerer names before the noun
    ("Kenya, Ghana and Peru accepted the World Bank offer of a grace period.", None, {"World Bank", "Kenya"}, "agreed"),
    ("Chile and Brazil turned down the World Bank offer.", None, {"World Bank", "Brazil"}, "rejected"),
    # "the offer": who made it and what about comes from its earlier mention
    ("Kenya may not need the loan freeze offered by the World Bank. Ghana has however declined the offer.",
     "loan", {"World Bank", "Ghana"}, "rejected"),
    # a negated acceptance is a refusal
    ("Norway did not accept the European Union's offer.", None, {"European Union", "Norway"}, "rejected"),
    # "the two presidents" are the states of the last two presidents named
    ("Chilean President Juan Carlos Soto met Argentine President Carlos Vega. The two presidents signed a number of "
     "fishing agreements.", "fishing", {"Chile", "Argentina"}, "signed"),
    # a second kind of pact in the same object phrase shares the parties
    ("Chile and Peru signed a variety of agreements on tourism as well as a number of water pacts.",
     "water", {"Chile", "Peru"}, "signed"),
    # a minister without a national post, on tour: the story's main country signs
    ("Britain wants to cut poor nations' debts. Britain will pay the bill. Mr Jones has signed a debt relief "
     "deal with Kenya which could cost Britain a lot.", "debt relief", {"United Kingdom", "Kenya"}, "signed"),
    # a deal signed in a city with a businessman: the host state and the businessman
    ("Officials said the plant grew out of a two billion dollar accord signed in Cairo last year with Italian "
     "businessman Marco Bellini.",
     None, {"Egypt", "Marco Bellini"}, "signed"),
])
def test_offers_tours_and_hosts(extract_text, text, kind, parties, status):
    found, _ = _agreements(extract_text, text)
    assert any(ps == frozenset(parties) and (kind is None or kind in k) and st == status
               for k, ps, st in found), found


@pytest.mark.parametrize("text", [
    "Shareholders rejected the takeover offer.",                        # no states, no offerer
    "Kenya accepted the offer.",                                        # no offerer anywhere
    "Analysts welcomed the World Bank offer.",                          # not an answer by a state
    "The two presidents signed a number of agreements.",                # no presidents named before
    "He discussed a variety of possible deals with Acme and Globex.",   # no signing verb over the quantity
    "A large accord was signed in Cairo with businessman Marco Bellini's help.",  # no party after "with"
])
def test_offers_tours_and_hosts_find_nothing(extract_text, text):
    found, _ = _agreements(extract_text, text)
    assert found == []


def test_memorandum_of_understanding_is_one_deal(extract_text):
    found, _ = _agreements(extract_text, "India and Japan signed a memorandum of understanding on rail co-operation.")
    assert len(found) == 1, found


@pytest.mark.parametrize(("text", "parties"), [
    ("Officials welcomed the agreement to hand over British-ruled Gibraltar to Spain.", {"United Kingdom", "Spain"}),
    ("Diplomats praised the accord to return Japan's northern islands to Russia.", {"Japan", "Russia"}),
])
def test_handover_holder_and_receiver(extract_text, text, parties):
    found, _ = _agreements(extract_text, text)
    assert frozenset(parties) in {ps for _, ps, _ in found}, found


def test_handover_without_a_holder_finds_nothing(extract_text):
    found, _ = _agreements(extract_text, "Officials welcomed the agreement to hand over the island to Spain.")
    assert found == []


def test_official_state_name_is_read_without_its_conjuncts(parse_sentence):
    from graph.extract.actors import country_entry
    from graph.extract.agreements.reader import AgreementReader

    doc, ctx = parse_sentence("The agreement between the governments of the Union of the Soviet Socialist Republics "
                              "and the Socialist Republic of Vietnam was signed.")
    reader = AgreementReader(doc, ctx)
    union = next(t for t in doc if t.text == "Union")
    found = reader.official_name(union)
    assert found is not None and country_entry(found.text).name == "Soviet Union"
    assert reader.official_name(next(t for t in doc if t.text == "governments")) is None


def test_a_party_name_cut_short_is_seen(parse_sentence):
    from graph.extract.agreements.documents import _cut
    from graph.extract.agreements.reader import AgreementReader

    doc, ctx = parse_sentence("The Peruvian Ministry of Culture and the Chilean Ministry of Education signed a programme.")
    reader = AgreementReader(doc, ctx)
    fragment = ctx.mention_for_span(doc[1:3], "Organization")  # "Peruvian Ministry"
    whole = ctx.mention_for_span(doc[1:5], "Organization")  # "Peruvian Ministry of Culture"
    second = ctx.mention_for_span(doc[7:11], "Organization")  # "Chilean Ministry of Education"
    assert _cut(reader, fragment) and not _cut(reader, whole) and not _cut(reader, second)
