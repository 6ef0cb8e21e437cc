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


@pytest.mark.parametrize(("text", "expected"), [
    # title before the name
    ("Foreign Secretary Joe Clark urged the United States to act on acid rain.",
     ("Joe Clark", "Foreign Secretary", None, None, None)),
    ("President Ronald Reagan welcomed the visitors at the White House on Monday.",
     ("Ronald Reagan", "President", None, None, None)),
    # demonym and possessive qualifiers name the country of the post
    ("French Prime Minister Jacques Chirac opened talks in Washington.",
     ("Jacques Chirac", "Prime Minister", "France", None, None)),
    ("Talks were held with Germany's finance minister Hans Weber in Bonn.",
     ("Hans Weber", "Finance Minister", "Germany", None, None)),
    # canonical title from the data file
    ("Turkish premier Recep Erdogan had to accept the terms.",
     ("Recep Erdogan", "Prime Minister", "Turkey", None, None)),
    # appositives, with the organization and the envoy's destination
    ("Majid Emani, Iran's ambassador to Lebanon, said the talks would be useful.",
     ("Majid Emani", "Ambassador", "Iran", None, "Lebanon")),
    ("Ali Larijani, Iran's Secretary of the Supreme National Security Council, arrived in Baghdad.",
     ("Ali Larijani", "Secretary", "Iran", "Supreme National Security Council", None)),
    # "Minister for <portfolio>" keeps the portfolio in the title
    ("Australian Minister for Foreign Affairs Gareth Evans flew to Jakarta.",
     ("Gareth Evans", "Minister for Foreign Affairs", "Australia", None, None)),
    # an unnamed holder who acts in the story
    ("The Iraqi Foreign Minister suggested that the talks continue in Baghdad.",
     (None, "Foreign Minister", "Iraq", None, None)),
    # prefixes from roles_prefixes.txt belong to any title
    ("The budget was attacked by shadow chancellor Mark Denton on Monday.",
     ("Mark Denton", "Shadow Chancellor", None, None, None)),
    # royal titles are posts too
    ("King Hassan of Morocco received the delegation in Rabat.",
     ("King Hassan", "King", "Morocco", None, None)),
    # a comma-set title with an organization and the unit of it the post heads
    ("Peter Novak, head of the Opec delegation, told reporters the talks had stalled.",
     ("Peter Novak", "Head of Delegation", None, "Opec", None)),
    ("Maria Lopez, deputy director of Interpol, arrived in Lyon on Monday.",
     ("Maria Lopez", "Deputy Director", None, "Interpol", None)),
    # a post stated by a relative clause ("who heads the delegation")
    ("Karl Weiss, deputy director of Interpol, who heads the police delegation, spoke in Vienna.",
     ("Karl Weiss", "Head of Delegation", None, None, None)),
    # media roles with a beat word and the outlet's possessive
    ("In an interview with the BBC's political editor Jane Hill, Mr Smith said the vote was close.",
     ("Jane Hill", "Political Editor", None, "BBC", None)),
    # spokesmen with a portfolio; the party (a gazetteer organization) is the post's organization
    ("Labour home affairs spokesman David Hart said the bill was flawed.",
     ("David Hart", "Home Affairs Spokesman", None, "Labour", None)),
    # an ordinal before a prefixed title, all lower case, after a demonym
    ("Polish first deputy prime minister Jan Nowak said the plan would go ahead.",
     ("Jan Nowak", "First Deputy Prime Minister", "Poland", None, None)),
    # a two-word demonym
    ("South African finance minister Peter Mokoena presented the budget.",
     ("Peter Mokoena", "Finance Minister", "South Africa", None, None)),
    # an envoy posted to a capital city is posted to its country
    ("Talks ended on Friday, Greek Ambassador to Tokyo Nikos Pappas said.",
     ("Nikos Pappas", "Ambassador", "Greece", None, "Japan")),
    # a post stated with "is" in a relative clause
    ("Tom Bryce, who is also chairman of the National Grain Board, told reporters prices would rise.",
     ("Tom Bryce", "Chairman", None, "National Grain Board", None)),
    # advisers and founders
    ("But Ruth Oakes, an adviser to the mayor, said the scheme was too costly.",
     ("Ruth Oakes", "Adviser", None, None, None)),
    # a bare title subject after a sentence about one named person
    ("Gerald Finch has said the deficit will fall. The chancellor, speaking in Leeds, gave no date.",
     ("Gerald Finch", "Chancellor", None, None, None)),
])
def test_role_found(roles_of, text, expected):
    assert expected in roles_of(text)


def test_organization_before_title(roles_of):
    found = roles_of("The deal was signed by Gazprom chairman Aleksey Miller in Moscow.")
    assert ("Aleksey Miller", "Chairman") in {r[:2] for r in found}
    assert any(r[3] == "Gazprom" for r in found)


def test_possessive_gives_country(roles_of):
    found = roles_of("Prime Minister Brian Mulroney met reporters. Canada's Mulroney said talks went well.")
    assert ("Brian Mulroney", "Prime Minister", "Canada", None, None) in found


@pytest.mark.parametrize("text", [
    "The ministers met in Paris on Monday to discuss farm prices.",
    "Foreign ministers from ten countries attended the conference.",
    "The president of the club was absent from the meeting.",
    "The Saudi leader will hold talks in London this week.",  # "leader" is too vague unnamed
    "Prince Charles and Princess Diana went to Saudi Arabia in November.",
    "A retired British ambassador wrote a letter to the newspaper.",
    # "head" without an "of" complement, or with no holder, is no post
    "The head of the delegation refused to comment on the talks.",
    "Police said the driver suffered a head injury in the crash.",
    "The editor of the newspaper declined to comment.",
    # "who heads" with an object that is neither a unit nor an organization
    "Anna Berg, who heads home every Friday, was not available.",
    # a counterpart whose possessor has no known title
    "Mr Rossi held talks with his Spanish counterpart, Pedro Alvarez, in Rome.",
    # a bare title after a sentence naming two people could be either of them
    "Mr Hale met Mr Brandt in Berlin. The president said the talks went well.",
    # ... or after a sentence whose subject is no person
    "Mr Hale arrived on Monday. The company said profits fell. The president said the talks went well.",
    # a title in a reported clause is not the subject of the story
    "Mr Hale arrived on Monday. He said he believed the president was keen to help.",
    # a past post is not a current one
    "Tom Bryce, who was chairman of the National Grain Board, told reporters prices would rise.",
])
def test_no_role(roles_of, text):
    assert roles_of(text) == set()


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
    from graph.article import parse_text_article

    article = parse_text_article(SEED.read_text(encoding="utf-8"), "kayhan-142517")
    found = {(r[0], r[1]) for r in roles_of(article.text)}
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    for role in gold["roles"]:
        assert (role["person"], role["title"]) in {(p, t.split(" of ")[0]) for p, t in found}
