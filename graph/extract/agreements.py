"""Agreements, treaties, accords, deals, pacts and ceasefires between parties.

Trigger nouns come from ``ontology/rules/agreements.json`` (found with spaCy's ``Matcher``);
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
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graph.extract.actors import (
    Actors,
    country_entry,
    country_of_place,
    governing_verb,
    load_rules,
    same,
    subjects,
    words,
)
from graph.extract.context import Context
from graph.extract.dates import date_near
from graph.facts import Agreement, DateRef, Mention, Role
from graph.gazetteer import GazetteerEntry, load_gazetteer

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Token

STATUS_ORDER = ("rejected", "ended", "proposed", "negotiating", "agreed", "signed")


@lru_cache(maxsize=2)
def _matcher(vocab_id: int, vocab: Any) -> Matcher:  # noqa: ARG001 - vocab_id keys the cache
    """Token patterns for the trigger nouns of ``agreements.json``."""
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    nouns = sorted(words(load_rules("agreements.json"), "nouns"))
    matcher.add("AGREEMENT", [[{"LOWER": {"IN": nouns}, "POS": {"IN": ["NOUN", "PROPN"]}}]])
    return matcher


class _Reader:
    """Reads the agreements of one Doc."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.rules = load_rules("agreements.json")
        self.actors = Actors(doc, ctx)
        self.nouns = words(self.rules, "nouns")
        self.guarded = {k for k, v in self.rules.get("guarded_nouns", {}).items() if isinstance(v, list)}
        self.self_kind: dict[str, str] = self.rules.get("self_kind", {})
        self.kind_adj = words(self.rules, "kind_adjectives")
        self.kind_stop = words(self.rules, "kind_stop")
        self.non_heads = words(self.rules, "non_agreement_heads")
        self.cues = {status: words(self.rules, f"{status}_words") for status in STATUS_ORDER}

    def kind(self, tok: Token) -> str:
        """The kind words before the noun, or after it ("on energy co-operation")."""
        if tok.lower_ in self.self_kind:
            return self.self_kind[tok.lower_]
        picked: list[Token] = []
        for t in self.doc[tok.left_edge.i: tok.i]:
            if self._kind_word(t) or picked and t.text == "-":
                picked.append(t)
        if not picked:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("on", "covering", "over", "for"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and not self.ctx.mention_at(pobj):
                            picked = [t for t in pobj.lefts if t.dep_ == "compound" and self._kind_word(t)] + [pobj]
                            break
                if picked:
                    break
        text = " ".join(self.self_kind.get(t.lower_, t.text) for t in picked).replace(" - ", "-").strip("- ")
        return " ".join(text.split()[-3:]).lower()

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
                    withs.extend(m for p in pobjs for m in self.actors.of(p))
        if len(between) >= 2:
            return [between]
        premod = self.actors.in_premodifiers(tok)
        owners = [m for c in tok.children if c.dep_ == "poss" for m in self.actors.of(c)]
        verb = tok.head if tok.dep_ in ("dobj", "nsubjpass", "nsubj") and tok.head.pos_ == "VERB" else None
        if not owners and verb is not None:
            owners = [m for s in subjects(verb) for m in self.actors.of(s)]
            for prep in verb.children:  # "signed a deal with X", "signed between X and Y"
                if prep.dep_ == "prep" and prep.lower_ in ("with", "between", "among"):
                    found = [m for p in prep.children if p.dep_ == "pobj" for m in self.actors.of(p)]
                    (between if prep.lower_ != "with" else withs).extend(found)
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
                return [[*self.main_country([w]), w] for w in uniq if w.type in ("Country", "Place")]
            return [[*side, w] for w in uniq]
        if len(premod) >= 2:
            return [premod]
        if len(owners) >= 2 and verb is not None:
            return [owners]
        return []

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
        """The article's roles (computed once per Doc: the pipeline reads them before us)."""
        if "newsgraph_roles" not in self.doc.user_data:
            from graph.extract.roles import extract_roles

            self.doc.user_data["newsgraph_roles"] = extract_roles(self.doc, self.ctx)
        return self.doc.user_data["newsgraph_roles"]

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
            for m in self.as_states(group):
                if all(not same(m, o) for o in parties):
                    parties.append(m)
            if len(parties) < 2:
                continue
            out.append(Agreement(kind=kind, parties=tuple(parties),
                                 evidence=self.ctx.evidence(self.doc[tok.i: tok.i + 1]),
                                 status=status, date=self.date(tok, status), trigger=tok.text))
        return out

    def run(self) -> list[Agreement]:
        found: list[Agreement] = []
        for _, start, _ in _matcher(id(self.doc.vocab), self.doc.vocab)(self.doc):
            found.extend(self.read(self.doc[start]))
        return _merge(found)


def _party_key(m: Mention) -> str:
    entry = country_entry(m.text)
    return entry.key if entry else m.text.lower().removesuffix("'s")


def _merge(found: list[Agreement]) -> list[Agreement]:
    """One agreement per parties and kind; a kindless repeat joins the first with the same parties."""
    out: list[Agreement] = []
    for ag in found:
        parties = frozenset(_party_key(m) for m in ag.parties)
        twins = [i for i, o in enumerate(out) if frozenset(_party_key(m) for m in o.parties) == parties
                 and (not ag.kind or o.kind == ag.kind) and (o.status == ag.status or o.kind == ag.kind)]
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
