"""The registry of fact families and trigger handlers: order by requirement, clear errors, and
rule data and handlers that match label for label."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from graph.extract.agreements.reader import HANDLERS as AGREEMENT_HANDLERS
from graph.extract.context import Context
from graph.extract.events.reader import HANDLERS as EVENT_HANDLERS
from graph.extract.registry import FactFamily, TriggerHandlers, families, in_dependency_order
from graph.facts import Evidence, Mention, Role
from graph.rules import load_json


def _family(name: str, *requires: str) -> FactFamily:
    return FactFamily(name, lambda doc, ctx: [], tuple(requires))


def test_families_run_after_what_they_require():
    order = [f.name for f in families()]
    for family in families():
        assert all(order.index(need) < order.index(family.name) for need in family.requires), order
    assert order[0] == "entities" and {"roles", "events", "agreements", "quotes"} <= set(order)


def test_dependency_order_whatever_the_registration_order():
    found = in_dependency_order([_family("late", "mid"), _family("mid", "first"), _family("first")])
    assert [f.name for f in found] == ["first", "mid", "late"]


def test_a_cycle_is_an_error_naming_it():
    with pytest.raises(ValueError, match="'a' requires itself through a -> b"):
        in_dependency_order([_family("a", "b"), _family("b", "a")])


def test_an_unmet_requirement_is_an_error():
    with pytest.raises(ValueError, match="'quotes' requires 'speakers', which is not registered"):
        in_dependency_order([_family("quotes", "speakers")])


def test_a_label_has_one_handler():
    handlers: TriggerHandlers = TriggerHandlers("demo")
    handlers("verb")(lambda r, tok: None)
    with pytest.raises(ValueError, match="demo: trigger label 'verb' has two handlers"):
        handlers("verb")(lambda r, tok: None)
    with pytest.raises(KeyError, match="no handler for trigger label 'noun'"):
        handlers["noun"]
    assert handlers.rule_id("verb", "Met") == "demo.verb.met"


@pytest.mark.parametrize(("rules", "handlers"), [("events.json", EVENT_HANDLERS),
                                                 ("agreements.json", AGREEMENT_HANDLERS)])
def test_every_trigger_label_of_the_rules_has_its_handler(rules, handlers):
    import graph.extract.agreements
    import graph.extract.events  # noqa: F401 - importing the families registers their handlers

    triggers = load_json(rules)["triggers"]
    assert set(triggers) == handlers.labels()
    for spec in triggers.values():
        assert load_json(rules).get(spec["words"]), f"{rules}: no word list {spec['words']!r}"


def test_results_reach_later_families_through_the_context():
    ctx = Context(SimpleNamespace(id="t"))  # nothing else of the article is read here
    with pytest.raises(LookupError, match="the 'roles' facts are not extracted yet: declare requires=\\('roles',\\)"):
        ctx.facts_of("roles")
    ctx.record("roles", ["a role"])
    assert ctx.facts_of("roles") == ["a role"]
    mention = Mention("Iran", "Country", 5, 9, Evidence("t", "x", 5, 9))
    ctx.record("entities", [mention])
    assert ctx.mentions == [mention] and ctx.mention_at(_Token(6)) == mention


def test_role_holders_no_mention_covers_join_the_mentions():
    ctx = Context(SimpleNamespace(id="t"))
    iran = Mention("Iran", "Country", 0, 4, Evidence("t", "x", 0, 4))
    ctx.record("entities", [iran])
    holder = Mention("Hani Fahmy", "Person", 20, 30, Evidence("t", "x", 20, 30))
    inside = Mention("Ira", "Person", 0, 3, Evidence("t", "x", 0, 3))  # overlaps a mention: not added
    ctx.record("roles", [Role("Ambassador", holder.evidence, person=holder), Role("Envoy", inside.evidence, person=inside)])
    assert ctx.mention_at(_Token(22)) == holder
    assert ctx.mention_at(_Token(1)) == iran and ctx.mentions == [iran, holder]


class _Token:
    """What ``Context.mention_at`` reads of a token: its character offset."""

    def __init__(self, idx: int) -> None:
        self.idx = idx
