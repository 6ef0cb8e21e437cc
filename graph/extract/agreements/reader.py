"""The state of reading one article's agreements: its rule words and the handlers' table."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from graph.extract.actors import Actors
from graph.extract.agreements.parties import Parties
from graph.extract.agreements.states import States
from graph.extract.agreements.status import STATUS_ORDER, KindAndStatus
from graph.extract.registry import TriggerHandlers
from graph.facts import Agreement
from graph.rules import json_words, load_json

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context

words = partial(json_words, "agreements.json")  # a word list of agreements.json, made once
HANDLERS: TriggerHandlers[Callable[[AgreementReader, Token], list[Agreement]]] = TriggerHandlers("agreements")


class AgreementReader(KindAndStatus, Parties, States):
    """Reads the agreements of one Doc; ``rule`` is the id of the pattern being applied."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.rules = load_json("agreements.json")
        self.actors = Actors(doc, ctx)
        self.nouns = words("nouns")
        self.guarded = {k for k, v in self.rules.get("guarded_nouns", {}).items() if isinstance(v, list)}
        self.self_kind: dict[str, str] = self.rules.get("self_kind", {})
        self.kind_adj = words("kind_adjectives")
        self.kind_stop = words("kind_stop")
        self.non_heads = words("non_agreement_heads")
        self.cues = {status: words(f"{status}_words") for status in STATUS_ORDER}
        self.kind_nouns = words("kind_nouns")
        self.kind_map: dict[str, str] = self.rules.get("kind_map", {})
        self.kind_verbs: dict[str, str] = self.rules.get("kind_verbs", {})
        self.complement_preps = words("complement_preps")
        self.talks_nouns = words("talks_nouns")
        self.signing_nouns = words("signing_nouns")
        self.agree_verbs = words("agree_verbs")
        self.agency_heads = words("state_agency_heads")
        self.acl_cues = self.cues["signed"] | self.cues["agreed"] | self.cues["negotiating"] | self.cues["proposed"]
        self.generic_kinds = words("generic_kind_nouns")
        self.transfer_verbs = words("transfer_verbs")
        self.literal: set[tuple[int, int]] = set()  # host-country groups whose company/person stays as named
        self.offer_nouns = words("offer_nouns")
        self.offer_verbs = words("offer_verbs")
        self.accept_words = words("accept_words")
        self.decline_words = words("decline_words")
        self.quantity_heads = words("quantity_heads")
        self.pair_people = words("pair_people")
        self.rule = ""

