"""The state of reading one article's agreements: its rule words and the handlers' table."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from graph.extract.actors import Actors
from graph.extract.agreements.clauses import ClauseParties
from graph.extract.agreements.parties import Parties
from graph.extract.agreements.premodifiers import Premodifiers
from graph.extract.agreements.references import Told
from graph.extract.agreements.states import States
from graph.extract.agreements.status import STATUS_ORDER, KindAndStatus
from graph.extract.registry import TriggerHandlers
from graph.facts import Agreement
from graph.rules import json_words, load_json

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context

agreement_words = partial(json_words, "agreements.json")  # a word list of agreements.json, made once
HANDLERS: TriggerHandlers[Callable[[AgreementReader, Token], list[Agreement]]] = TriggerHandlers("agreements")


class AgreementReader(KindAndStatus, Parties, Premodifiers, States, ClauseParties):
    """Reads the agreements of one Doc; ``rule`` is the id of the pattern being applied."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.rules = load_json("agreements.json")
        self.actors = Actors(doc, ctx)
        self.nouns = agreement_words("nouns")
        self.guarded = {k for k, v in self.rules.get("guarded_nouns", {}).items() if isinstance(v, list)}
        self.self_kind: dict[str, str] = self.rules.get("self_kind", {})
        self.kind_giving_nouns = agreement_words("kind_giving_nouns")
        self.kind_adj = agreement_words("kind_adjectives")
        self.kind_stop = agreement_words("kind_stop")
        self.non_heads = agreement_words("non_agreement_heads")
        self.cues = {status: agreement_words(f"{status}_words") for status in STATUS_ORDER}
        self.kind_nouns = agreement_words("kind_nouns")
        self.kind_map: dict[str, str] = self.rules.get("kind_map", {})
        self.kind_verbs: dict[str, str] = self.rules.get("kind_verbs", {})
        self.complement_preps = agreement_words("complement_preps")
        self.talks_nouns = agreement_words("talks_nouns")
        self.signing_nouns = agreement_words("signing_nouns")
        self.agree_verbs = agreement_words("agree_verbs")
        self.agency_heads = agreement_words("state_agency_heads")
        self.acl_cues = self.cues["signed"] | self.cues["agreed"] | self.cues["negotiating"] | self.cues["proposed"]
        self.generic_kinds = agreement_words("generic_kind_nouns")
        self.transfer_verbs = agreement_words("transfer_verbs")
        self.literal: set[tuple[int, int]] = set()  # host-country groups whose company/person stays as named
        self.offer_nouns = agreement_words("offer_nouns")
        self.offer_verbs = agreement_words("offer_verbs")
        self.accept_words = agreement_words("accept_words")
        self.decline_words = agreement_words("decline_words")
        self.quantity_heads = agreement_words("quantity_heads")
        self.pair_people = agreement_words("pair_people")
        self.party_preps = agreement_words("party_preps")
        self.list_plurals = agreement_words("list_plurals")
        self.list_documents = agreement_words("list_documents")
        self.list_generic = agreement_words("list_generic")
        self.include_verbs = agreement_words("include_verbs")
        self.give_verbs = agreement_words("give_verbs")
        self.keep_verbs = agreement_words("keep_verbs")
        self.accuse_verbs = agreement_words("accuse_verbs")
        self.commit_modals = agreement_words("commit_modals")
        self.hedge_modals = agreement_words("hedge_modals")
        self.unreal_marks = agreement_words("unreal_marks")
        self.instead_words = agreement_words("instead_words")
        self.corporate_plurals = agreement_words("corporate_plurals")
        self.sale_nouns = agreement_words("sale_nouns")
        self.deal_verbs = agreement_words("deal_verbs")
        self.near_words = agreement_words("near_words")
        self.fail_words = agreement_words("fail_words")
        self.buy_verbs = agreement_words("buy_verbs")
        self.trade_with_verbs = agreement_words("trade_with_verbs")
        self.plan_nouns = agreement_words("agreed_plan_nouns")
        self.debt_actions = agreement_words("debt_actions")
        self.debt_nouns = agreement_words("debt_nouns")
        self.topic_preps = agreement_words("topic_preps")
        self.award_verbs = agreement_words("award_verbs")
        self.list_self_named = agreement_words("list_self_named")
        self.list_vague = agreement_words("list_vague")
        self.stance_verbs = agreement_words("stance_verbs")
        self.means_preps = agreement_words("means_preps")
        self.bind_verbs = agreement_words("bind_verbs")
        self.relcl_verbs = agreement_words("relcl_verbs")
        self.body_nouns = agreement_words("body_nouns")
        self.act_verbs = agreement_words("act_verbs")
        self.intent_words = agreement_words("intent_words")
        self.act_nouns = agreement_words("act_nouns")
        self.back_determiners = agreement_words("back_determiners")
        self.view_nouns = agreement_words("view_nouns")
        self.pair_titles = agreement_words("pair_titles")
        self.pair_sides = agreement_words("pair_sides")
        self.agreed_deal_nouns = agreement_words("agreed_deal_nouns")
        self.qualified_documents: dict[str, list[str]] = self.rules.get("qualified_documents", {})
        self.singular: dict[str, str] = self.rules.get("singular", {})
        self.told: list[Told] = []  # the deals mentioned so far in this Doc (references.py)
        self.trade_preps = {**dict.fromkeys(agreement_words("trade_from_verbs"), "from"),
                            **dict.fromkeys(agreement_words("trade_to_verbs"), "to")}
        self.rule = ""

