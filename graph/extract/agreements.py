"""Agreements, treaties, accords, deals, pacts and ceasefires between parties.

Trigger nouns come from ``ontology/rules/agreements.json`` (found on the Doc's token arrays);
the parse gives the parties:

- "an agreement / a treaty between X and Y" (also through "signed between X and Y");
- "the Iran-Iraq accord", "a U.S.-Canadian pact" (two parties named before the noun);
- "X and Y signed a deal", "the two countries signed agreements" (subjects of the verb);
- "X's deal with Y", "X reached a pact with A and B" (one agreement with each party).

Kind is read from the noun's modifiers ("security agreement", "memorandum ... on energy"),
status from the verbs and words around it (signed, agreed, proposed, negotiating, ended,
rejected), date from the clause. An agreement needs two parties; repeats are merged.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from graph.extract.actors import (
    Actors,
    country_entry,
    country_of_place,
    country_when,
    governing_verb,
    load_rules,
    rule_words,
    same,
    subjects,
)
from graph.extract.context import Context, token_positions
from graph.extract.dates import date_near
from graph.facts import Agreement, DateRef, Mention, Role
from graph.gazetteer import GazetteerEntry, load_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_words = partial(rule_words, "agreements.json")  # a word list of agreements.json, made once
STATUS_ORDER = ("rejected", "ended", "proposed", "negotiating", "agreed", "signed")


class _Reader:
    """Reads the agreements of one Doc."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.rules = load_rules("agreements.json")
        self.actors = Actors(doc, ctx)
        self.nouns = _words("nouns")
        self.guarded = {k for k, v in self.rules.get("guarded_nouns", {}).items() if isinstance(v, list)}
        self.self_kind: dict[str, str] = self.rules.get("self_kind", {})
        self.kind_adj = _words("kind_adjectives")
        self.kind_stop = _words("kind_stop")
        self.non_heads = _words("non_agreement_heads")
        self.cues = {status: _words(f"{status}_words") for status in STATUS_ORDER}
        self.kind_nouns = _words("kind_nouns")
        self.kind_map: dict[str, str] = self.rules.get("kind_map", {})
        self.kind_verbs: dict[str, str] = self.rules.get("kind_verbs", {})
        self.complement_preps = _words("complement_preps")
        self.talks_nouns = _words("talks_nouns")
        self.signing_nouns = _words("signing_nouns")
        self.agree_verbs = _words("agree_verbs")
        self.agency_heads = _words("state_agency_heads")
        self.acl_cues = self.cues["signed"] | self.cues["agreed"] | self.cues["negotiating"] | self.cues["proposed"]
        self.generic_kinds = _words("generic_kind_nouns")
        self.transfer_verbs = _words("transfer_verbs")
        self.literal: set[tuple[int, int]] = set()  # host-country groups whose company/person stays as named
        self.offer_nouns = _words("offer_nouns")
        self.offer_verbs = _words("offer_verbs")
        self.accept_words = _words("accept_words")
        self.decline_words = _words("decline_words")
        self.quantity_heads = _words("quantity_heads")
        self.pair_people = _words("pair_people")

    def kind(self, tok: Token) -> str:
        """The kind words before the noun, or in an "on/covering X" complement of the noun or of
        its verb ("signed a deal on tourism"), or in a "to VERB X" clause ("to reschedule debt")."""
        if tok.lower_ in self.self_kind:
            return self.self_kind[tok.lower_]
        picked: list[Token] = []
        for t in self.doc[tok.left_edge.i: tok.i]:
            if self._kind_word(t) or picked and t.text == "-":
                picked.append(t)
        if not picked:
            for obj in self.complements(tok):
                if obj.lower_ in self.generic_kinds:  # "covering industries including mining"
                    obj = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ in ("including", "like")
                                for p in c.children if p.dep_ == "pobj"), obj)
                if (obj.pos_ == "NOUN" or obj.tag_ == "VBG") and not self.ctx.mention_at(obj) \
                        and obj.lower_ not in self.kind_stop:
                    picked = [t for t in obj.lefts if t.dep_ in ("compound", "amod", "conj") and self._kind_word(t)]
                    picked.append(obj)
                    break
        text = " ".join(self.self_kind.get(t.lower_, t.text) for t in picked).replace(" - ", "-").strip("- ")
        if not text:
            text = self.clause_kind([c for c in tok.children if c.dep_ == "acl" and c.pos_ == "VERB"
                                     and any(a.lower_ == "to" for a in c.children)])
        return self.mapped(" ".join(text.split()[-3:]).lower())

    def complements(self, tok: Token) -> list[Token]:
        """Objects of "on/covering/over X" after the noun, or after its verb when the noun is the
        verb's object ("signed a deal on China-UK tourism")."""
        holders = [tok]
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            holders.append(tok.head)
        out: list[Token] = []
        for holder in holders:
            for child in holder.children:
                if child.i < tok.i:  # "On the civilian front, Boeing announced a deal"
                    continue
                if child.dep_ == "prep" and child.lower_ in self.complement_preps:
                    out.extend(p for p in child.children if p.dep_ == "pobj")
                elif child.dep_ == "acl" and child.lower_ in self.complement_preps:  # "covering exchanges"
                    out.extend(p for p in child.children if p.dep_ == "dobj")
        return out

    def clause_kind(self, heads: list[Token]) -> str:
        """A kind noun inside a clause ("to reschedule Nigeria's debt" -> "debt rescheduling")."""
        for head in heads:
            for t in head.subtree:
                if t.lower_ in self.kind_nouns and t.pos_ in ("NOUN", "PROPN") and not self.ctx.mention_at(t):
                    verb = self.kind_verbs.get(head.lower_, self.kind_verbs.get(head.lemma_.lower(), ""))
                    return f"{t.lower_} {verb}".strip()
        return ""

    def mapped(self, kind: str) -> str:
        """A kind named by its subject matter ("missile reductions") as the usual kind ("arms control")."""
        for w in kind.replace("-", " ").split():
            if w in self.kind_map:
                return self.kind_map[w]
        return kind

    def _kind_word(self, t: Token) -> bool:
        if t.lower_ in self.self_kind and t.dep_ in ("compound", "amod"):
            return True
        if not t.is_alpha or t.like_num or t.lower_ in self.kind_stop or t.lower_ in self.nouns:
            return False
        if self.ctx.mention_at(t) is not None or country_entry(t.text) is not None:
            return False
        if t.dep_ == "compound" and t.pos_ == "NOUN":
            return True
        return t.dep_ in ("amod", "compound", "nmod") and t.lower_ in self.kind_adj

    def status(self, tok: Token) -> str:
        near = [t for t in tok.children if t.dep_ in ("amod", "det", "acl", "relcl", "compound")]
        for acl in [t for t in near if t.dep_ in ("acl", "relcl")]:
            if acl.lower_ in self.acl_cues:  # "a deal that could be signed", not "a deal which could cost"
                near.extend(c for c in acl.children if c.dep_ in ("aux", "auxpass"))
        cur = tok
        for _ in range(3):
            if cur.head is cur:
                break
            cur = cur.head
            near.append(cur)
            near.extend(c for c in cur.children if c.dep_ in ("aux", "neg", "advmod"))
            if cur.pos_ == "VERB":
                break
        low = {t.lower_ for t in near}
        if "to" in low and low & self.cues["negotiating"]:
            return "proposed"
        for status in STATUS_ORDER:
            if low & self.cues[status]:
                return status
        return "signed"

    def date(self, tok: Token, status: str) -> DateRef | None:
        verb = governing_verb(tok)
        left = min(tok.left_edge.i, verb.left_edge.i if verb is not None else tok.i)
        right = max(tok.right_edge.i, verb.right_edge.i if verb is not None else tok.i)
        left = max(left, self.after_dateline(tok))
        span = self.doc[left: right + 1]
        return date_near(span.text, self.ctx.article.published, tok.idx, status == "proposed", span.start_char)

    def parties(self, tok: Token) -> list[list[Mention]]:
        """Groups of parties (one group per agreement) for a trigger noun."""
        between: list[Mention] = []
        withs: list[Mention] = []
        holders = [tok, *(c for c in tok.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB")]
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ != "prep":
                    continue
                pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                if prep.lower_ in ("between", "among", "amongst"):
                    between.extend(m for p in pobjs for m in self.actors.of(p))
                elif prep.lower_ == "with":
                    withs.extend(self.with_party(m, p) for p in pobjs for m in self.actors.of(p))
        if len(between) >= 2:
            return [between]
        premod = self.premodifiers(tok)
        owners = [m for c in tok.children if c.dep_ == "poss" for m in self.actors.of(c)]
        carrier = self.carrier(tok)
        verb = carrier.head if carrier.dep_ in ("dobj", "nsubjpass", "nsubj") and carrier.head.pos_ == "VERB" else None
        if not owners and verb is not None:
            if tok.dep_ == "nsubjpass":  # "the accord was signed by X and Y"
                owners = [self.with_party(m, p) for a in verb.children if a.dep_ == "agent"
                          for p in a.children if p.dep_ == "pobj" for m in self.actors.of(p)]
            else:
                owners = self.subject_actors(verb)
            for prep in verb.children:  # "signed a deal with X", "signed between X and Y"
                if prep.dep_ == "prep" and prep.lower_ in ("with", "between", "among"):
                    found = [m for p in prep.children if p.dep_ == "pobj" for m in self.actors.of(p)]
                    (between if prep.lower_ != "with" else withs).extend(found)
            withs.extend(m for holder in (tok, verb) for m in self.talks_partners(holder))
            if len(between) >= 2:
                return [between]
        if withs:
            side = owners or (premod if len(premod) == 1 else [])
            if not side and between:
                side = between
            uniq: list[Mention] = []
            for w in withs:
                if all(not same(w, u) for u in uniq):
                    uniq.append(w)
            if not side:  # government-level deals only: "a prior agreement with the Virgin Islands"
                host = self.signing_host(tok)
                self.literal.update((host[0].start, w.start) for w in uniq if host and w.type not in ("Country", "Place"))
                return [[*self.main_country([w]), w] if w.type in ("Country", "Place") else [*host, w]
                        for w in uniq if w.type in ("Country", "Place") or host]
            return [[*side, w] for w in uniq]
        if len(premod) >= 2:
            return [premod]
        if len(owners) >= 2 and verb is not None:
            return [owners]
        if len(owners) == 1 and verb is not None:  # "X signed a deal on China-UK tourism"
            named = [m for obj in self.complements(tok) for m in self.premodifiers(obj)]
            if len(named) >= 2:
                return [named]
            if len(named) == 1:
                return [[*owners, *named]]
        signers = self.signing_parties(tok)
        if len(signers) >= 2:
            return [signers]
        handover = self.handover_parties(tok)
        if len(handover) == 2:
            return [handover]
        of_head = tok.head.head.i if tok.dep_ == "pobj" and tok.head.lower_ == "of" else -1
        for above in tok.ancestors:  # "signed trade agreements as well as technical pacts"
            if above.lower_ in self.nouns and above.pos_ in ("NOUN", "PROPN") and above.dep_ != "compound" \
                    and above.i != of_head:  # not "a memorandum of understanding": one deal
                return self.parties(above)
        return []

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
        """A state agency stands for its state ("with Britain's Export Credits Guarantee Department",
        "French Treasury officials")."""
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

    def premodifiers(self, tok: Token) -> list[Mention]:
        """Actors named before a noun, also names the recogniser missed or glued together there but
        knows elsewhere in the article or the gazetteer ("any EC-Comecon agreement")."""
        out = list(self.actors.in_premodifiers(tok))
        for t in self.doc[tok.left_edge.i: tok.i]:
            if t.pos_ != "PROPN" or t.dep_ not in ("compound", "nmod", "amod") \
                    or any(m.start <= t.idx < m.end for m in out):
                continue
            m = self.ctx.mention_at(t)
            if m is not None and "-" not in m.text:
                continue
            type_ = self.known_type(t.text)
            if type_ is not None:
                out.append(self.ctx.mention_for_span(self.doc[t.i: t.i + 1], type_))
        return sorted(out, key=lambda m: m.start)

    def known_type(self, text: str) -> str | None:
        """"Country" or "Organization" for a name the article or the gazetteer knows as a state or
        an intergovernmental body; None otherwise."""
        if country_entry(text) is not None:
            return "Country"
        entry = load_gazetteer().lookup(text)
        if entry is not None and entry.subtype == "IntergovernmentalOrganization":
            return "Organization"
        known = next((m for m in self.ctx.mentions if m.text == text and m.type in ("Country", "Organization")
                      and m.source != "dateline"), None)
        return known.type if known is not None else None

    def subject_actors(self, verb: Token) -> list[Mention]:
        """Actors of a verb's subject; for a subject lost in a dateline ("PARIS, March 27 - Nigeria
        and France have signed"), the names between the dateline's dash and the verb."""
        subs = subjects(verb)
        found = [m for s in subs for m in self.actors.of(s)]
        if not found and len(subs) == 1 and subs[0].lower_ in self.pair_people \
                and any(c.lower_ in ("two", "both") for c in subs[0].children):
            return self.recent_states(subs[0].idx)  # "the two presidents signed"
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

    def recent_states(self, before: int) -> list[Mention]:
        """The states of the last two people of different states named before an offset ("the two
        presidents" after "X's President A ... B, the Y President")."""
        out: list[Mention] = []
        for m in sorted(self.ctx.mentions, key=lambda m: m.start, reverse=True):
            if m.start >= before or m.type != "Person":
                continue
            state = self.state_of(m)
            if state is not None and all(not same(state, o) for o in out):
                out.append(state)
            if len(out) == 2:
                return out
        return []

    def after_dateline(self, tok: Token) -> int:
        """The first token after a dateline's dash in tok's sentence ("PARIS, March 27 - ..."): the
        dateline's date is the story's, not the signing's."""
        dl = self.ctx.article.dateline_place
        if not dl or tok.sent.start_char > dl[2]:
            return tok.sent.start
        dash = next((t for t in self.doc[tok.sent.start: tok.i] if t.idx >= dl[2] and t.text in ("-", "--", "\u2014")), None)
        return dash.i + 1 if dash is not None else tok.sent.start

    def named(self, t: Token) -> Mention | None:
        """A country the recogniser missed ("Nigeria" glued to a dateline)."""
        if country_entry(t.text) is None:
            return None
        return self.ctx.mention_for_span(self.doc[t.i: t.i + 1], "Country")

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

    def states_only(self, actors: list[Mention]) -> list[Mention]:
        """The distinct states and intergovernmental bodies among actors (people as their states)."""
        out: list[Mention] = []
        for m in actors:
            state = self.state_of(m)
            if state is not None and all(not same(state, o) for o in out):
                out.append(state)
        return out

    def state_of(self, m: Mention) -> Mention | None:
        if country_entry(m.text) is not None:
            return m
        entry = load_gazetteer().lookup(m.text)
        if entry is not None and entry.subtype == "IntergovernmentalOrganization":
            return m
        if m.type in ("Person", "Unknown"):
            found = self.person_country(m)
            return self.country_mention(found, m) if found is not None else None
        return None

    def main_country(self, others: list[Mention]) -> list[Mention]:
        """The country the article names most often (at least twice), other than ``others``: the
        unsaid side of "a prior agreement with the Virgin Islands" in a story about a US treaty."""
        counts: dict[str, list[Mention]] = {}
        for m in self.ctx.mentions:
            entry = country_entry(m.text)
            if entry is not None and m.source != "dateline" and m.type != "Unknown":
                counts.setdefault(entry.key, []).append(m)
        excluded = {e.key for o in others if (e := country_entry(o.text)) is not None}
        ranked = sorted((ms for key, ms in counts.items() if key not in excluded), key=len, reverse=True)
        if not ranked or len(ranked[0]) < 2 or len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
            return []
        return [ranked[0][0]]

    def roles(self) -> list[Role]:
        """The article's roles (extract_roles keeps them on the Doc, so this costs nothing twice)."""
        from graph.extract.roles import extract_roles

        return extract_roles(self.doc, self.ctx)

    def country_mention(self, entry: GazetteerEntry, near: Mention) -> Mention:
        """The article's own mention of a country (so it resolves like the others), else a new one."""
        for m in self.ctx.mentions:
            if m.source != "dateline" and (found := country_entry(m.text)) is not None and found.key == entry.key:
                return m
        return Mention(entry.name, "Country", near.start, near.end, near.evidence, "rule")

    def person_country(self, person: Mention) -> GazetteerEntry | None:
        """The country whose post a person holds here ("French Prime Minister Jacques Chirac")."""
        for role in self.roles():
            if role.person is not None and role.country is not None and role.organization is None \
                    and same(role.person, person) and (entry := country_entry(role.country.text)) is not None:
                return entry
        ties = self.actors.nationality(person)
        return ties[0] if len(ties) == 1 else None

    def holds_post(self, person: Mention) -> bool:
        return any(r.person is not None and r.organization is None and same(r.person, person) for r in self.roles())

    def as_states(self, parties: list[Mention]) -> list[Mention]:
        """Leaders signing for their countries ("Reagan and Chirac signed an agreement") become the
        countries, and a capital standing for its government ("an accord with Ankara") its country
        when the article names that country. A leader with an unqualified post ("President Reagan")
        stands for the dateline's country when the other side is already another country."""
        out: list[Mention | None] = []
        for m in parties:
            if m.type == "Place" and self._city(m) and (entry := country_of_place(m.text)) is not None:
                named = self.country_mention(entry, m)
                out.append(named if named.source != "rule" else m)
            elif m.type in ("Person", "Unknown") and country_entry(m.text) is None:
                entry = self.person_country(m)
                if entry is not None and any((e := country_entry(o.text)) is not None and e.key == entry.key
                                             for o in parties if o is not m):
                    entry = None  # a signer tied to the other side only by where he was
                out.append(self.country_mention(entry, m) if entry is not None else None)
            else:
                out.append(m)
        missing = [i for i, m in enumerate(out) if m is None]
        if not missing:
            return [m for m in out if m is not None]
        home = self.dateline_country()
        known = {e.key for m in out if m is not None and (e := country_entry(m.text)) is not None}
        if len(missing) == 1 and home is not None and known and home.key not in known \
                and self.holds_post(parties[missing[0]]):
            out[missing[0]] = self.country_mention(home, parties[missing[0]])
            return [m for m in out if m is not None]
        others = [m for m in out if m is not None]
        if len(missing) == 1 and others and len(known) == len(others) and parties[missing[0]].type == "Person":
            main = self.main_country(others)  # a minister on tour signing for the story's country
            if main:
                out[missing[0]] = main[0]
                return [m for m in out if m is not None]
        return parties

    @staticmethod
    def _city(m: Mention) -> bool:
        entry = load_gazetteer().lookup(m.text)
        return entry is not None and entry.subtype == "City"

    def dateline_country(self) -> GazetteerEntry | None:
        dl = self.ctx.article.dateline_place
        return country_of_place(dl[0]) if dl else None

    def read(self, tok: Token) -> list[Agreement]:
        if tok.dep_ == "compound" and (tok.head.lower_ in self.non_heads or tok.head.lower_ in self.nouns):
            return []
        if tok.dep_ == "compound":
            return []
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and not any(c.dep_ == "det" for c in tok.children):
            return []  # "in agreement with", "in accord with": a state of mind, not a deal
        out = []
        kind = self.kind(tok)
        if tok.lower_ in self.guarded and not kind:
            return []
        status = self.status(tok)
        for group in self.parties(tok):
            parties: list[Mention] = []
            literal = len(group) == 2 and (group[0].start, group[1].start) in self.literal
            for m in group if literal else self.as_states(group):
                if all(not same(m, o) for o in parties):
                    parties.append(m)
            if len(parties) < 2:
                continue
            out.append(Agreement(kind=kind, parties=tuple(parties),
                                 evidence=self.ctx.evidence(self.doc[tok.i: tok.i + 1]),
                                 status=status, date=self.date(tok, status), trigger=tok.text))
        return out

    def agreed(self, verb: Token) -> list[Agreement]:
        """States that "agreed with Y that/to ..." or "X and Y agreed to ...": an agreement between
        the states (people count as the states whose posts they hold), status agreed."""
        if verb.pos_ != "VERB" or any(c.dep_ == "neg" for c in verb.children):
            return []
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]
        if not clauses:
            return []
        sides = [m for s in subjects(verb) for m in self.actors.of(s)]
        partners = [m for p in verb.children if p.dep_ == "prep" and p.lower_ == "with"
                    for o in p.children if o.dep_ == "pobj" for m in self.actors.of(o)]
        if partners and len(sides) != 1 or not partners and len(sides) < 2:
            return []
        parties = self.states_only([*sides, *partners])
        if len(parties) < 2 or len(parties) != len(sides) + len(partners):
            return []
        kind = self.mapped(self.clause_kind(clauses))
        span = self.doc[max(verb.left_edge.i, self.after_dateline(verb)): verb.right_edge.i + 1]
        date = date_near(span.text, self.ctx.article.published, verb.idx, False, span.start_char)
        return [Agreement(kind=kind, parties=tuple(parties), evidence=self.ctx.evidence(self.doc[verb.i: verb.i + 1]),
                          status="agreed", date=date, trigger=verb.text)]

    def answered_offer(self, tok: Token) -> list[Agreement]:
        """States that "accepted"/"declined" an offer ("X and Y accepted the Z offer", "X declined
        the offer" after "the debt freeze offered by Z"): one agreement per state with the offerer,
        status agreed or rejected (a negated acceptance is a refusal)."""
        verb = tok.head
        if tok.dep_ != "dobj" or verb.pos_ != "VERB":
            return []
        negated = any(c.dep_ == "neg" for c in verb.children)
        if verb.lower_ in self.accept_words:
            status = "rejected" if negated else "agreed"
        elif verb.lower_ in self.decline_words and not negated \
                and (verb.lower_ != "turned" or any(c.lower_ == "down" for c in verb.children)):
            status = "rejected"
        else:
            return []
        states = [m for s in subjects(verb) for m in self.actors.of(s) if country_entry(m.text) is not None]
        offerer, kind = self.offer_source(tok)
        for earlier in reversed(self.doc[: tok.i]):  # "the offer": the earlier mention names who and what
            if offerer is not None and kind:
                break
            if earlier.lower_ in self.offer_nouns and earlier.pos_ == "NOUN" \
                    or earlier.lower_ in self.offer_verbs and earlier.dep_ == "acl":
                found, found_kind = self.offer_source(earlier)
                if offerer is None or found is not None and same(found, offerer):
                    kind = kind or found_kind
                offerer = offerer or found
        if offerer is None:
            return []
        out = []
        for state in states:
            if same(state, offerer):
                continue
            out.append(Agreement(kind=kind, parties=(offerer, state), evidence=self.ctx.evidence(self.doc[tok.i: tok.i + 1]),
                                 status=status, date=None, trigger=tok.text))
        return out

    def offer_source(self, tok: Token) -> tuple[Mention | None, str]:
        """Who makes an offer and what about: "the Z offer", "Z's offer", "the offer by/from Z", or
        for the verb "the debt freeze offered by Z" the noun it describes ("debt freeze")."""
        if tok.pos_ == "VERB":
            found = [m for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                     for m in self.actors.of(p)]
            noun = tok.head
            kind = " ".join([self.kind(noun)] + ([noun.lower_] if noun.pos_ == "NOUN" and noun.lower_
                                                  not in self.kind_stop else [])).strip()
        else:
            found = [*self.actors.in_premodifiers(tok),
                     *(m for c in tok.children if c.dep_ == "poss" for m in self.actors.of(c)),
                     *(m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                       for p in c.children if p.dep_ == "pobj" for m in self.actors.of(p))]
            kind = self.kind(tok)
        uniq: list[Mention] = []
        for m in found:
            if m.type in ("Country", "Organization") and all(not same(m, u) for u in uniq):
                uniq.append(m)
        return (uniq[0] if len(uniq) == 1 else None), kind

    def run(self) -> list[Agreement]:
        found: list[Agreement] = []
        doc = self.doc
        for i in token_positions(doc, self.nouns, ("NOUN", "PROPN")):
            found.extend(self.read(doc[i]))
        for i in token_positions(doc, self.offer_nouns, ("NOUN",)):
            found.extend(self.answered_offer(doc[i]))
        for i in token_positions(doc, self.agree_verbs):
            found.extend(self.agreed(doc[i]))
        return _merge(sorted(found, key=lambda a: a.evidence.start))


def _party_key(m: Mention) -> str:
    entry = country_entry(m.text)
    return entry.key if entry else m.text.lower().removesuffix("'s")


def _alike(a: str, b: str) -> bool:
    """Statuses one deal passes through in one story (agreed, then signed); an ended or a proposed
    deal beside a signed one is another deal."""
    return a == b or {a, b} <= {"agreed", "signed"}


def _merge(found: list[Agreement]) -> list[Agreement]:
    """One agreement per parties and kind; a kindless repeat joins the first with the same parties."""
    out: list[Agreement] = []
    for ag in found:
        parties = frozenset(_party_key(m) for m in ag.parties)
        twins = [i for i, o in enumerate(out) if frozenset(_party_key(m) for m in o.parties) == parties
                 and (not ag.kind or o.kind == ag.kind)
                 and (_alike(o.status, ag.status) or bool(o.kind) and o.kind == ag.kind)]
        if not twins:
            out.append(ag)
            continue
        twin = out[twins[0]]
        if (twin.date is None or twin.date.value is None) and ag.date is not None and ag.date.value is not None:
            out[twins[0]] = replace(twin, date=ag.date)
    return out


def extract_agreements(doc: Doc, ctx: Context) -> list[Agreement]:
    """Agreements with at least two identifiable parties."""
    return _Reader(doc, ctx).run()
