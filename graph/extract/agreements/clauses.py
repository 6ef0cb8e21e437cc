"""Parties named around an agreement rather than on it: the giver and the receiver of a draft
("X gave Y a draft accord"), the accuser and the accused of a broken pact ("X accused Y of failing
to honour a pact"), the seller or buyer in a deal's purpose ("a deal to import gas from Y"), the
two sides of a handover ("an agreement to hand over X's Y to Z"), the states joined in an
agreement's name ("the X-Y Status of Forces Agreement"), the other side of talks a draft is offered
at, those at a signing, and the agents of "signed by"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from graph.extract.actors import Actors, country_entry, same
from graph.extract.tree import BETWEEN, governing_verb, prepositions, subjects
from graph.facts import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context
    from graph.gazetteer import GazetteerEntry


class ClauseParties:
    """Clause-level party finding for :class:`graph.extract.agreements.reader.AgreementReader`."""

    doc: Doc
    ctx: Context
    actors: Actors
    give_verbs: frozenset[str]
    keep_verbs: frozenset[str]
    accuse_verbs: frozenset[str]
    trade_preps: dict[str, str]
    transfer_verbs: frozenset[str]
    buy_verbs: frozenset[str]
    trade_with_verbs: frozenset[str]
    talks_nouns: frozenset[str]
    signing_nouns: frozenset[str]
    cues: dict[str, frozenset[str]]
    subject_actors: Callable[[Token], list[Mention]]  # from Parties
    country_mention: Callable[[GazetteerEntry, Mention], Mention]  # from States
    states_only: Callable[[list[Mention]], list[Mention]]  # from States

    def clause_parties(self, tok: Token) -> list[list[Mention]]:
        """Groups of parties from the clause around the noun, the first finder that has some."""
        for found in (self.recipient_parties(tok), self.accused_parties(tok), self.name_parties(tok),
                      self.talks_parties(tok), self.visit_parties(tok)):
            if found:
                return found
        return []

    def recipient_parties(self, tok: Token) -> list[list[Mention]]:
        """"X gave/handed/sent Y a draft accord", "X handed a draft accord to Y": giver and receiver."""
        verb = tok.head
        if tok.dep_ != "dobj" or verb.lower_ not in self.give_verbs:
            return []
        givers = self.subject_actors(verb)
        takers = [m for c in verb.children if c.dep_ == "dative" for m in self._of_or_in(c)]
        takers += [m for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                   for p in c.children if p.dep_ == "pobj" for m in self._of_or_in(p)]
        if len(givers) != 1:
            return []
        return [[givers[0], t] for t in takers]

    def accused_parties(self, tok: Token) -> list[list[Mention]]:
        """"X accused Y of failing to honour/violating a pact (the terms of a pact)": the accuser and the accused."""
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "dobj":
            tok = tok.head.head  # "failing to enforce major provisions of a pact"
        verb = tok.head
        if tok.dep_ != "dobj" or verb.lower_ not in self.keep_verbs:
            return []
        accuse = next((a for a in list(verb.ancestors)[:5] if a.lower_ in self.accuse_verbs and a.pos_ == "VERB"), None)
        if accuse is None:
            return []
        accusers = self.subject_actors(accuse)
        accused = [m for c in accuse.children if c.dep_ == "dobj" for m in self.actors.of(c)]
        if len(accusers) != 1 or len(accused) != 1:
            return []
        return [[accusers[0], accused[0]]]

    def talks_parties(self, tok: Token) -> list[list[Mention]]:
        """"Talks between X and Y (failed to) reach/produced an accord": the parties of the talks."""
        verb = tok.head
        if tok.dep_ != "dobj" or verb.pos_ != "VERB":
            return []
        talks = [s for s in subjects(verb) if s.lower_ in self.talks_nouns]
        if len(talks) != 1:
            return []
        return [[m for word, pobjs in prepositions(talks[0]) if word in BETWEEN for p in pobjs for m in self.actors.of(p)]]

    def visit_parties(self, tok: Token) -> list[list[Mention]]:
        """"agreements made/signed during X's visit to Y": the visitor (as the state whose post they
        hold) and the host."""
        holders = [tok, *(c for c in tok.children if c.dep_ in ("acl", "relcl"))]
        if tok.dep_ == "dobj":
            holders.append(tok.head)
        for visit in (p for h in holders for word, pobjs in prepositions(h) if word in ("during", "on")
                      for p in pobjs if p.lower_ in ("visit", "trip", "tour")):
            visitors = [m for c in visit.children if c.dep_ == "poss" for m in self.actors.of(c)]
            hosts = [m for word, pobjs in prepositions(visit) if word == "to" for p in pobjs for m in self.actors.of(p)]
            if len(visitors) == 1 and len(hosts) == 1:
                return [[visitors[0], hosts[0]]]
        return []

    def trade_partners(self, tok: Token) -> list[Mention]:
        """The other side named in a deal's purpose ("a deal to import gas from Y", "a contract to
        supply jets to Y", "a deal to supply Y with cars"): states, bodies and companies only."""
        holders = [tok, tok.head] if tok.dep_ == "dobj" else [tok]  # "signed a deal to import" hangs either way
        out: list[Mention] = []
        for verb in (c for h in holders for c in h.children if c.dep_ in ("acl", "relcl", "advcl")
                     and c.lower_ in self.trade_preps and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")):
            found = [m for p in verb.children if p.dep_ == "prep" and p.lower_ == self.trade_preps[verb.lower_]
                     for o in p.children if o.dep_ == "pobj" for m in self._of_or_in(o)
                     if m.type in ("Country", "Organization") or country_entry(m.text) is not None]
            out.extend(found or self._goods_origin(verb))
        purposes = [c for h in holders for c in h.children if c.dep_ in ("acl", "relcl", "advcl")
                    and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")]
        for verb in (c for c in purposes if c.lower_ in self.buy_verbs):
            out.extend(m for o in verb.children if o.dep_ == "dobj" for m in self.actors.of(o)
                       if m.type == "Organization")  # "the deal to buy Oculus VR": the company bought
        for verb in (c for c in purposes if c.lower_ in self.trade_with_verbs
                     and any(p.dep_ == "prep" and p.lower_ == "with" for p in c.children)):
            out.extend(m for o in verb.children if o.dep_ == "dobj" and o.pos_ != "PRON" for m in self._of_or_in(o)
                       if m.type in ("Country", "Organization") or country_entry(m.text) is not None)
        return out

    def _goods_origin(self, verb: Token) -> list[Mention]:
        """"to buy one million tonnes of U.S. wheat": the country named on the goods bought."""
        if self.trade_preps.get(verb.lower_) != "from":
            return []
        goods = [o for o in verb.children if o.dep_ == "dobj"]
        goods += [p for o in goods for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj"]
        return [m for g in goods for c in g.children if c.dep_ in ("compound", "amod", "nmod")
                for m in self.actors.of(c) if m.type == "Country"]

    def handover_parties(self, tok: Token) -> list[Mention]:
        """"an agreement to hand over X-ruled Y / X's Y to Z": the holder X and the receiver Z."""
        for verb in (c for c in tok.children if c.dep_ == "acl" and c.lower_ in self.transfer_verbs):
            receivers = [m for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"
                         for o in p.children if o.dep_ == "pobj" for m in self.actors.of(o)
                         if country_entry(m.text) is not None]
            holders = [self.country_mention(entry, receivers[0]) for o in verb.children if o.dep_ == "dobj"
                       for t in o.subtree if t.i < o.i and receivers and (entry := country_entry(t.text)) is not None]
            if len(receivers) == 1 and len(holders) == 1 and not same(receivers[0], holders[0]):
                return [holders[0], receivers[0]]
        return []

    def name_parties(self, tok: Token) -> list[list[Mention]]:
        """Two states joined by a hyphen inside the agreement's name ("the X-Y Status of Forces
        Agreement"), when the parse hangs them on another word of the name."""
        if not tok.text[:1].isupper():
            return []
        name = tok
        while name.dep_ == "pobj" and name.head.lower_ == "of" and name.head.head.pos_ == "PROPN":
            name = name.head.head  # "Status of Forces Agreement": the name starts at "Status"
        span = self.doc[name.left_edge.i: tok.i]
        for t in span:
            if t.text == "-" and t.i > span.start and t.i + 1 < tok.i:
                left, right = self.doc[t.i - 1], self.doc[t.i + 1]
                if country_entry(left.text) is not None and country_entry(right.text) is not None:
                    return [[self._country(left), self._country(right)]]
        return []

    def _country(self, t: Token) -> Mention:
        """The article's mention of a country word, or a new one where the word sits inside a longer
        name ("Japan" in "the Japan-U.S. ... Agreement")."""
        m = self.ctx.mention_at(t)
        if m is not None and (m.start, m.end) == (t.idx, t.idx + len(t)):
            return m
        return self.ctx.mention_for_span(self.doc[t.i: t.i + 1], "Country")

    def _of_or_in(self, t: Token) -> list[Mention]:
        """The actors of a phrase: named, or a delegation/team of a nationality ("the Mexican delegation")."""
        found = list(self.actors.of(t))
        if found:
            return found
        return [self._country(c) for c in t.children if c.dep_ in ("amod", "compound", "poss")
                and country_entry(c.text) is not None]

    def talks_partners(self, holder: Token) -> list[Mention]:
        """The other side of "offer a treaty at talks with X"."""
        out: list[Mention] = []
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("at", "in", "during"):
                continue
            for talks in prep.children:
                if talks.dep_ == "pobj" and talks.lower_ in self.talks_nouns:
                    out.extend(m for w in talks.children if w.dep_ == "prep" and w.lower_ == "with"
                               for p in w.children if p.dep_ == "pobj" for m in self.actors.of(p))
        return out

    def signing_parties(self, tok: Token) -> list[Mention]:
        """States whose people attend "the signing of agreements": the actors in the subject of the
        clause ("Thatcher and the Soviet Premier were joined for the signing of agreements")."""
        if tok.dep_ != "pobj" or tok.head.lower_ != "of" or tok.head.head.lower_ not in self.signing_nouns:
            return []
        verb = governing_verb(tok.head.head)
        if verb is None:
            return []
        actors: list[Mention] = []
        for s in subjects(verb):
            for t in s.subtree:
                m = self.actors.mention(t) if t.pos_ in ("PROPN", "NOUN", "PRON") else None
                if m is not None and all((m.start, m.end) != (o.start, o.end) for o in actors):
                    actors.append(m)
        return self.states_only(actors)

    def signers(self, tok: Token) -> list[Mention]:
        """The agents of a signing participle on the agreement: "the agreement, signed by X and Y,"."""
        return [m for c in tok.children if c.dep_ == "acl" and c.lower_ in self.cues["signed"]
                for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                for m in self.actors.of(p)]
