"""Who the parties are: "between X and Y", "the Iran-Iraq accord", "X and Y signed a deal", "X's
deal with Y" (one agreement with each party), the two sides of a handover, signers at a signing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from graph.extract.actors import Actors, country_entry, country_when, same
from graph.extract.context import recent_subject
from graph.extract.tree import BETWEEN, RELATIVE_PRONOUNS, conjuncts, prepositions, subjects
from graph.facts import Mention, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context


class Parties:
    """Party finding for :class:`graph.extract.agreements.reader.AgreementReader`."""

    doc: Doc
    ctx: Context
    actors: Actors
    literal: set[tuple[int, int]]
    nouns: frozenset[str]
    cues: dict[str, frozenset[str]]
    quantity_heads: frozenset[str]
    agency_heads: frozenset[str]
    pair_people: frozenset[str]
    talks_nouns: frozenset[str]
    signing_nouns: frozenset[str]
    stance_verbs: frozenset[str]
    means_preps: frozenset[str]
    bind_verbs: frozenset[str]
    relcl_verbs: frozenset[str]
    act_verbs: frozenset[str]
    body_nouns: frozenset[str]
    pair_titles: frozenset[str]
    pair_sides: frozenset[str]
    state_of: Callable[[Mention], Mention | None]  # from States
    roles: Callable[[], list[Role]]  # from States
    states_only: Callable[[list[Mention]], list[Mention]]  # from States
    clause_parties: Callable[[Token], list[list[Mention]]]  # from ClauseParties
    official_name: Callable[[Token], Mention | None]  # from States
    trade_partners: Callable[[Token], list[Mention]]  # from ClauseParties
    handover_parties: Callable[[Token], list[Mention]]  # from ClauseParties
    talks_partners: Callable[[Token], list[Mention]]  # from ClauseParties
    signing_parties: Callable[[Token], list[Mention]]  # from ClauseParties
    signers: Callable[[Token], list[Mention]]  # from ClauseParties
    premodifiers: Callable[[Token], list[Mention]]  # from Premodifiers
    named: Callable[[Token], Mention | None]  # from Premodifiers

    def parties(self, tok: Token) -> list[list[Mention]]:
        """Groups of parties (one group per agreement) for a trigger noun."""
        between: list[Mention] = []
        withs: list[Mention] = []
        holders = [tok, *(c for c in tok.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB")]
        for holder in holders:
            for word, pobjs in prepositions(holder):
                if word in BETWEEN:
                    between.extend(m for p in pobjs for m in self.through_of(p))
                elif word == "with":
                    withs.extend(self.with_party(m, p) for p in pobjs for m in self.actors.of(p))
        if len(between) >= 2:
            return [between]
        premod = self.premodifiers(tok)
        owners = [m for c in tok.children if c.dep_ == "poss" for m in self.actors.of(c)]
        owners = owners or self.signers(tok)
        carrier = self.carrier(tok)
        verb = carrier.head if carrier.dep_ in ("dobj", "nsubjpass", "nsubj") and carrier.head.pos_ == "VERB" \
            else self.stance_verb(carrier)
        if not owners and verb is not None:
            if tok.dep_ == "nsubjpass":  # "the accord was signed by X and Y"; not "hailed by X"
                owners = [self.with_party(m, p) for a in verb.children if a.dep_ == "agent"
                          and verb.lower_ in self.relcl_verbs | self.act_verbs
                          for p in a.children if p.dep_ == "pobj" for m in self.actors.of(p)]
            elif tok.dep_ == "nsubj" and verb.lower_ in self.bind_verbs:  # "the deal with Y requires X to"
                objs = [o for o in verb.children if o.dep_ == "dobj"] or [  # or "X" parsed the subject of "to VERB"
                    o for c in verb.children if c.dep_ in ("ccomp", "xcomp") for o in c.children if o.dep_ == "nsubj"]
                owners = [m for o in objs for m in self.actors.of(o)]
            else:
                owners = self.subject_actors(verb)
            for prep in verb.children:  # "signed a deal with X", "signed between X and Y"
                if prep.dep_ == "prep" and prep.lower_ in ("with", "between", "among"):
                    found = [m for p in prep.children if p.dep_ == "pobj" for m in self.actors.of(p)]
                    (between if prep.lower_ != "with" else withs).extend(found)
            withs.extend(m for holder in (tok, verb) for m in self.talks_partners(holder))
            if len(between) >= 2:
                return [between]
        told = self.teller_subjects(tok) if not owners else []  # "the deal X negotiated with Y"
        if withs:
            side = owners or told or (premod if len(premod) == 1 else [])
            if not side and between:
                side = between
            uniq: list[Mention] = []
            for w in withs:
                if all(not same(w, u) for u in uniq):
                    uniq.append(w)
            side = side or self.framing_state(tok)  # "X said a deal was reached with Y"
            if not side:  # government-level deals only: "a prior agreement with the Virgin Islands"
                host = self.signing_host(tok)
                self.literal.update((host[0].start, w.start) for w in uniq if host and w.type not in ("Country", "Place"))
                return [[*self.unsaid_side(tok, w, uniq), w] if w.type in ("Country", "Place") else [*host, w]
                        for w in uniq if w.type in ("Country", "Place") or host]
            return [[*side, w] for w in uniq]
        if len(premod) >= 2:
            return [premod]
        if len(told) >= 2:  # "the pact X and Y signed in 1990"
            return [told]
        if len(owners) >= 2 and verb is not None:
            return [owners]
        if len(owners) == 1 and verb is not None:  # "X signed a deal on China-UK tourism"
            named = [m for obj in self.complements(tok) for m in self.premodifiers(obj)]
            if len(named) >= 2:
                return [named]
            if len(named) == 1:
                return [[*owners, *named]]
            traders = self.trade_partners(tok)  # "X signed a deal to import gas from Y"
            if len(traders) == 1:
                return [[*owners, *traders]]
        signers = self.signing_parties(tok)
        if len(signers) >= 2:
            return [signers]
        handover = self.handover_parties(tok)
        if len(handover) == 2:
            return [handover]
        around = self.clause_parties(tok)
        if around:
            return around
        of_head = tok.head.head.i if tok.dep_ == "pobj" and tok.head.lower_ == "of" else -1
        for above in tok.ancestors:  # "signed trade agreements as well as technical pacts"
            if above.lower_ in self.nouns and above.pos_ in ("NOUN", "PROPN") and above.dep_ != "compound" \
                    and above.i != of_head:  # not "a memorandum of understanding": one deal
                return self.parties(above)
        return []

    def framing_state(self, tok: Token) -> list[Mention]:
        """The one state in the subject of the clause framing a passive deal "with Y" made by no one ("X said a deal was reached with Y")."""
        verb = tok.head
        if tok.dep_ != "nsubjpass" or verb.pos_ != "VERB" or verb.dep_ not in ("ccomp", "advcl") \
                or any(c.dep_ == "agent" for c in verb.children):
            return []
        states = self.states_only(self.subject_actors(verb.head))
        return states if len(states) == 1 else []

    def teller_subjects(self, tok: Token) -> list[Mention]:
        """The actors in the subject of a relative clause on the noun whose verb acts on a deal
        ("the deal X negotiated with Y", "the accord that X and Y signed", "the truce X broke")."""
        out: list[Mention] = []
        for verb in (c for c in tok.children if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB"):
            if verb.lower_ not in self.relcl_verbs:
                continue
            for s in (c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS):
                out.extend(m for m in self.actors.of(s) if all(not same(m, o) for o in out))
        return out

    def stance_verb(self, tok: Token) -> Token | None:
        """The verb of a state's stand toward the agreement its preposition names ("pulled out of",
        "withdrew from", "will abide by" the deal): its subject is a party."""
        if tok.dep_ != "pobj":
            return None
        head = tok.head.head
        if tok.head.lower_ in self.means_preps and head.pos_ == "VERB":
            return head  # "X will lift tariffs under / ended the dispute through the deal with Y"
        if head.dep_ in ("prt", "prep", "advmod") and head.pos_ in ("ADP", "ADV"):
            head = head.head  # "pulled out of": "of" hangs on "out"
        return head if head.pos_ == "VERB" and head.lower_ in self.stance_verbs else None

    def unsaid_side(self, tok: Token, other: Mention, partners: Sequence[Mention] = ()) -> list[Mention]:
        """The story's main country as the unsaid side of "an agreement with X", unless the sentence
        names another state that could as well be it ("Y said ... as part of a peace deal with X");
        the other partners of "accords with X and Y" are not such states."""
        main = self.main_country([other])
        named = {e.key for m in self.ctx.mentions if tok.sent.start_char <= m.start < tok.sent.end_char
                 and m.source != "dateline" and (e := country_entry(m.text)) is not None}
        keys = {e.key for m in (*main, other, *partners) if (e := country_entry(m.text)) is not None}
        return main if not named - keys else []

    def through_of(self, tok: Token) -> list[Mention]:
        """The actors of a phrase, or of its "of" complement ("the governments of X and Y"), a
        state there also by an official name the recogniser missed ("the Socialist Republic of X")."""
        found = self.actors.of(tok)
        if found:
            return found
        out: list[Mention] = []
        for o in (o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"):
            inner = [t for t in o.subtree if t.dep_ == "conj" and t.head.i != o.i]  # "of A and B" hung inside A
            for item in [*conjuncts(o), *inner]:
                m = self.official_name(item) or self.actors.mention(item)  # not the recogniser's "Union" alone
                if m is not None and all(not same(m, u) for u in out):
                    out.append(m)
        return out

    def carrier(self, tok: Token) -> Token:
        """The quantity noun that carries a trigger in "signed a variety/number of agreements"."""
        quantity = tok.head.head
        if tok.dep_ != "pobj" or tok.head.lower_ != "of" or quantity.lower_ not in self.quantity_heads:
            return tok
        while quantity.dep_ == "conj" and quantity.head.lower_ in self.quantity_heads:
            quantity = quantity.head  # "a variety of agreements as well as a number of pacts"
        if quantity.head.lower_ in self.cues["signed"] | self.cues["agreed"]:
            return quantity
        return tok

    def signing_host(self, tok: Token) -> list[Mention]:
        """The country of the city where a deal with a company or a person was signed ("an accord
        signed in Moscow with businessman X"): the unsaid side is the host government."""
        out: list[Mention] = []
        for acl in (c for c in tok.children if c.dep_ == "acl" and c.lower_ in self.cues["signed"]):
            for prep in (c for c in acl.children if c.dep_ == "prep" and c.lower_ == "in"):
                for place in (p for p in prep.children if p.dep_ == "pobj"):
                    m = self.ctx.mention_at(place)
                    if m is not None and m.type == "Place" and self._city(m) \
                            and (entry := country_when(m.text, self.ctx.article.published)) is not None:
                        out.append(self.country_mention(entry, m))
        return out[:1]

    def with_party(self, m: Mention, tok: Token) -> Mention:
        """A state agency stands for its state ("with Britain's Export Credits Guarantee Department")."""
        if m.type != "Organization":
            return m
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.root.lower_ not in self.agency_heads:
            return m
        for t in [*span.root.children, *self.doc[max(span.start - 1, 0): span.end]]:
            if t.dep_ in ("poss", "amod", "compound") and t.pos_ in ("PROPN", "ADJ") \
                    and (entry := country_entry(t.text)) is not None:
                return self.country_mention(entry, m)
        return m

    def subject_actors(self, verb: Token) -> list[Mention]:
        """Actors of a verb's subject ("it signed": the company last a subject); for a subject lost in a
        dateline ("PARIS, March 27 - Nigeria and France have signed"), the names after its dash."""
        prep = verb.head
        if verb.dep_ == "pcomp" and prep.lower_ in ("for", "of") and prep.head.pos_ == "VERB":
            objs = [m for o in prep.head.children if o.dep_ == "dobj" for m in self.actors.of(o)]
            if objs:  # "blamed X for breaking", "accused X of violating": the object does it
                return objs
        subs = subjects(verb)
        found = [m for s in subs for m in self.actors.of(s)] \
            or [m for s in subs if s.lower_ in self.body_nouns for m in self.represented(s)] \
            or [m for s in subs if s.lower_ == "it" and s.dep_ == "nsubj" and s.head.tag_ in ("VBD", "VBZ", "VBP")
                for m in [recent_subject(self.ctx, s, ("Organization",))] if m is not None]
        if not found and len(subs) == 1 and any(c.lower_ in ("two", "both") for c in subs[0].children):
            if subs[0].lower_ in self.pair_people:
                return self.recent_states(subs[0].idx, subs[0].lower_)  # "the two presidents signed"
            if subs[0].lower_ in self.pair_sides:
                return self.last_pair(subs[0].idx)  # "X held talks with Y ... the two sides agreed"
        start = self.after_dateline(verb)
        if start == verb.sent.start or found and all(s.i >= start for s in subs):
            return found
        out: list[Mention] = []
        for t in self.doc[start: verb.i]:
            if t.pos_ == "PROPN" and t.dep_ in ("nsubj", "conj", "appos", "npadvmod", "nmod", "compound"):
                m = self.actors.mention(t) or self.named(t)
                if m is not None and all((m.start, m.end) != (o.start, o.end) for o in out):
                    out.append(m)
        return out

    def represented(self, tok: Token) -> list[Mention]:
        """The states or bodies that people or a body speak for: "the leaders of X and Y", "the
        governments of X and Y", "officials from X and Y"."""
        return [m for p in tok.children if p.dep_ == "prep" and p.lower_ in ("of", "from")
                for o in p.children if o.dep_ == "pobj" for item in conjuncts(o)
                if (m := self.actors.mention(item) or self.official_name(item)) is not None
                and self.state_of(m) is not None]

    def last_pair(self, before: int) -> list[Mention]:
        """The two sides of the last talks or meeting told before an offset ("the two sides")."""
        held = sorted((e for e in self.ctx.facts_of("events") if e.evidence.start < before and e.kind != "visit"),
                      key=lambda e: e.evidence.start)
        return list(held[-1].participants) if held and len(held[-1].participants) == 2 else []

    def recent_states(self, before: int, noun: str = "") -> list[Mention]:
        """The states of the last two people of different states named before an offset ("the two
        presidents" after "X's President A ... B, the Y President"); for a plural title, people the
        roles give that title."""
        title = noun[:-1] if noun in self.pair_titles else ""
        held = [r.person for r in self.roles() if r.person is not None and r.title.lower().endswith(title)]
        out: list[Mention] = []
        for m in sorted(self.ctx.mentions, key=lambda m: m.start, reverse=True):
            if m.start >= before or m.type != "Person" or title and not any(same(m, h) for h in held):
                continue
            state = self.state_of(m)
            if state is not None and all(not same(state, o) for o in out):
                out.append(state)
            if len(out) == 2:
                return out
        return []
