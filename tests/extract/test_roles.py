"""Role rules: sentence -> (holder, title, country, organization, destination), and non-roles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.extract.roles import extract_roles
from graph.extract.roles.triggers import title_rules
from graph.resolve import resolve_mentions

TESTS = Path(__file__).resolve().parent.parent
SEED = TESTS.parent / "seeds" / "kayhan-142517.txt"
SEED_GOLD = TESTS / "data" / "kayhan-142517.gold.json"


@pytest.fixture(scope="module")
def roles_of(parse_sentence):
    """text -> set of (person, title, country, organization, to) labels after resolution."""

    def _roles(text: str) -> set[tuple]:
        doc, ctx = parse_sentence(text)
        roles = extract_roles(doc, ctx)
        extra = [m for r in roles for m in (r.person, r.organization, r.country, r.to) if m]
        res = resolve_mentions([*ctx.mentions, *extra], text)

        def label(m):
            ent = res.entity_of(m)
            return ent.label if ent else (m.text if m else None)

        return {(label(r.person) if r.person else None, r.title, label(r.country) if r.country else None,
                 label(r.organization) if r.organization else None, label(r.to) if r.to else None)
                for r in roles}

    return _roles


def test_organization_before_title(roles_of):
    found = roles_of("The deal was signed by Gazprom chairman Aleksey Miller in Moscow.")
    assert ("Aleksey Miller", "Chairman") in {r[:2] for r in found}
    assert any(r[3] == "Gazprom" for r in found)


def test_possessive_gives_country(roles_of):
    found = roles_of("Prime Minister Brian Mulroney met reporters. Canada's Mulroney said talks went well.")
    assert ("Brian Mulroney", "Prime Minister", "Canada", None, None) in found


def test_paired_unnamed_holders(roles_of):
    found = roles_of("Last month Greek and Turkish energy ministers said they would meet again.")
    assert found == {(None, "Energy Minister", "Greece", None, None), (None, "Energy Minister", "Turkey", None, None)}


def test_paired_holders_must_be_the_subject(roles_of):
    assert roles_of("Talks between Greek and Turkish energy ministers ended in Athens.") == set()


def test_unnamed_holder_dropped_when_named(roles_of):
    found = roles_of("Prime Minister Jacques Chirac arrived in Bonn. "
                     "The French Prime Minister said he was pleased with the talks.")
    assert found == {("Jacques Chirac", "Prime Minister", None, None, None)}


def test_counterpart_holds_the_possessors_post(roles_of):
    found = roles_of("Prime Minister Marco Rossi arrived in Madrid on Monday. "
                     "Mr Rossi held talks with his Spanish counterpart, Pedro Alvarez, in the city.")
    assert ("Pedro Alvarez", "Prime Minister", "Spain", None, None) in found


def test_counterpart_needs_a_single_known_title(roles_of):
    found = roles_of("Prime Minister Marco Rossi spoke in Madrid. Party leader Marco Rossi was cheered. "
                     "Mr Rossi held talks with his Spanish counterpart, Pedro Alvarez, in the city.")
    assert not any(r[0] == "Pedro Alvarez" for r in found)


@pytest.mark.parametrize(("text", "expected"), [
    # a post only the dateline's country has is that country's
    ("WASHINGTON, March 3 - President Carl Weiss said the treaty would be offered tomorrow.",
     ("Carl Weiss", "President", "United States", None, None)),
    ("TOKYO, April 27 - Prime Minister Ken Sato said he hoped the visit would help.",
     ("Ken Sato", "Prime Minister", "Japan", None, None)),
    # the U.S. has no foreign secretary, Japan no president: no country is guessed
    ("WASHINGTON, March 11 - Foreign Secretary Joe Clark urged action on acid rain.",
     ("Joe Clark", "Foreign Secretary", None, None, None)),
    ("TOKYO, April 27 - President Carl Weiss imposed tariffs on electronic goods.",
     ("Carl Weiss", "President", None, None, None)),
    # envoys are abroad by trade: never placed by the dateline
    ("WASHINGTON, March 3 - Ambassador Max Kamp will return to Geneva.",
     ("Max Kamp", "Ambassador", None, None, None)),
])
def test_dateline_country(roles_of, text, expected):
    assert expected in roles_of(text)


def test_title_rules_load_flags():
    rules = title_rules()
    assert rules["premier"].canonical == "Prime Minister"
    assert "envoy" in rules["ambassador"].flags


def test_seed_roles(roles_of):
    from graph.read import parse_text_article

    article = parse_text_article(SEED.read_text(encoding="utf-8"), "kayhan-142517")
    found = {(r[0], r[1]) for r in roles_of(article.text)}
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    for role in gold["roles"]:
        assert (role["person"], role["title"]) in {(p, t.split(" of ")[0]) for p, t in found}
