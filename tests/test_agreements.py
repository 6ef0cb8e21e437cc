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


@pytest.mark.parametrize(("text", "kind", "parties", "status"), [
    ("Larijani referenced a security agreement signed between Iran and Iraq on Monday.", "security",
     {"Iran", "Iraq"}, "signed"),
    ("The ceasefire agreement between Iran and Iraq held for years.", "ceasefire", {"Iran", "Iraq"}, "signed"),
    ("India and Russia signed a memorandum on energy co-operation.", None, {"India", "Russia"}, "signed"),
    ("The United States and Canada have signed a tax treaty.", "tax", {"United States", "Canada"}, "signed"),
    ("The Iran-Iraq accord was hailed by both sides.", None, {"Iran", "Iraq"}, None),
    ("Japan rejected a trade deal with Brazil.", "trade", {"Japan", "Brazil"}, "rejected"),
    ("France is negotiating an arms pact with Germany.", "arms", {"France", "Germany"}, "negotiating"),
    ("The truce between Israel and Egypt collapsed.", "ceasefire", {"Israel", "Egypt"}, "ended"),
])
def test_agreements(extract_text, text, kind, parties, status):
    found, _ = _agreements(extract_text, text)
    assert any(ps == frozenset(parties) and (kind is None or kind in k) and (status is None or st == status)
               for k, ps, st in found), found


def test_date_resolved_against_publication_day(extract_text):
    _, raw = _agreements(extract_text, "Larijani referenced a security agreement signed between Iran and Iraq "
                                       "on Monday.")
    assert raw[0].date.value == date(2025, 8, 11) and raw[0].date.surface == "on Monday"


def test_the_two_countries_are_the_last_two_named(extract_text):
    text = ("Venezuelan president Hugo Chavez has offered China access to oil. "
            "The offer was made as part of a trade deal between the two countries.")
    found, _ = _agreements(extract_text, text)
    assert ("trade", frozenset({"Venezuela", "China"}), "signed") in found


def test_one_agreement_per_party_after_with(extract_text):
    found, _ = _agreements(extract_text, "Canada signed trade agreements with Mexico and Chile.")
    assert {ps for _, ps, _ in found} == {frozenset({"Canada", "Mexico"}), frozenset({"Canada", "Chile"})}


def test_repeats_are_merged(extract_text):
    text = ("Iran and Iraq signed a security agreement on Monday. "
            "The security agreement between Iran and Iraq sets up joint patrols.")
    found, _ = _agreements(extract_text, text)
    assert len(found) == 1


@pytest.mark.parametrize("text", [
    "The deal was worth five billion dollars.",          # no parties
    "This agreement provides mechanisms for oversight.",  # no parties
    "Shares rose after the deal flow improved.",
    "Iran signed the letter with a flourish.",
    "A treaty is a written agreement.",
])
def test_nothing_found(extract_text, text):
    found, _ = _agreements(extract_text, text)
    assert found == []


@pytest.mark.parametrize(("text", "parties"), [
    # leaders signing for their countries become the countries (their posts name them)
    ("Japanese Prime Minister Shinzo Abe hosted Indian Prime Minister Narendra Modi. Abe and Modi signed a "
     "nuclear agreement.", {"Japan", "India"}),
    # a capital standing for its government, when the article names that country
    ("Turkey wants closer ties with Europe. The European Union signed a customs deal with Ankara.",
     {"European Union", "Turkey"}),
    # an unqualified post stands for the dateline's country when the other side is a foreign state
    ("PARIS, May 2 - Italian Prime Minister Mario Draghi met President Emmanuel Macron. Draghi and Macron "
     "signed a cooperation treaty.", {"Italy", "France"}),
])
def test_parties_as_states(extract_text, text, parties):
    found, _ = _agreements(extract_text, text)
    assert frozenset(parties) in {ps for _, ps, _ in found}, found


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
