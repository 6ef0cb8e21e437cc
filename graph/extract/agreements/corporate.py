"""Corporate deals: "X's sale to Y", "X's acquisition of Y", "led acquisitions, including A, B
and C" (one acquisition per company, the buyer the subject's company) and "X agreed to buy Y" (the
verb). Only companies count here; deals between states are the noun rule's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors import country_entry, same
from graph.extract.agreements.reader import HANDLERS, AgreementReader
from graph.extract.context import recent_subject
from graph.extract.tree import subjects
from graph.facts import Agreement, Mention
from graph.gazetteer import load_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Token

COMPANY = ("Organization",)


@HANDLERS("corporate")
def corporate(r: AgreementReader, tok: Token) -> list[Agreement]:
    """One acquisition per bought company, with its buyer."""
    pairs = listed_purchases(r, tok) if tok.lower_ in r.corporate_plurals else owned_sale(r, tok)
    out = []
    for buyer, bought in pairs:
        if same(buyer, bought):
            continue
        out.append(Agreement(kind="acquisition", parties=(buyer, bought), evidence=r.ctx.evidence(r.doc[tok.i: tok.i + 1]),
                             status=r.status(tok), date=r.date(tok, "signed"), trigger=tok.text, rule=r.rule))
    return out


@HANDLERS("acquire")
def acquired(r: AgreementReader, verb: Token) -> list[Agreement]:
    """'X agreed to buy Y' (agreed), 'X bought Y' (signed), 'X will acquire Y' (proposed), 'Y agreed
    to be acquired by X': a company buying a named company (not its shares or assets)."""
    if any(c.dep_ == "neg" for c in verb.children) or verb.dep_ == "acl" and verb.head.lower_ in r.nouns or (
            verb.dep_ == "advcl" and any(o.dep_ == "dobj" and o.lower_ in r.nouns for o in verb.head.children)):
        return []  # "a deal to buy Y" is the noun's, also where "to buy" hangs on "signed"
    if _unreal(r, verb):
        return []
    if any(c.dep_ == "auxpass" for c in verb.children):
        bought = [m for s in subjects(verb) for m in _companies(r, s)]
        buyers = [b for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                  for m in r.actors.of(p) for b in _buyer(r, m)]
    else:
        buyers = [b for s in subjects(verb) for m in r.actors.of(s) for b in _buyer(r, m)]
        bought = [m for o in verb.children if o.dep_ == "dobj" and o.pos_ != "PRON" for m in _companies(r, o)]
    bought = list({(m.start, m.end): m for m in bought}.values())  # "<Canton Telephone Co>": two tokens, one name
    if len(buyers) != 1 or len(bought) != 1 or same(buyers[0], bought[0]):
        return []
    agreed = verb.dep_ == "xcomp" and verb.head.lower_ in r.agree_verbs
    said_done = verb.tag_ in ("VBD", "VBN") and not any(c.dep_ == "aux" and c.lower_ in r.commit_modals
                                                         for c in verb.children)
    status = "agreed" if agreed else "signed" if said_done else "proposed"
    return [Agreement(kind="acquisition", parties=(buyers[0], bought[0]), evidence=r.ctx.evidence(r.doc[verb.i: verb.i + 1]),
                      status=status, date=r.date(verb, status), trigger=verb.text, rule=r.rule)]


def _unreal(r: AgreementReader, verb: Token) -> bool:
    """A purchase only imagined: "if only Yahoo had bought Y", "rather than buy Y"."""
    clause = verb.head if verb.dep_ == "xcomp" else verb
    if any(c.dep_ == "mark" and c.lower_ in r.unreal_marks for c in (*verb.children, *clause.children)):
        return True
    return verb.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ in r.instead_words for c in verb.head.children)


def _companies(r: AgreementReader, t: Token) -> list[Mention]:
    return [m for m in r.actors.of(t) if m.type in COMPANY]


def owned_sale(r: AgreementReader, tok: Token) -> list[tuple[Mention, Mention]]:
    """"X's sale to Y" (Y buys X), "X's acquisition/purchase of Y", "X's merger with Y"."""
    owners = [m for c in tok.children if c.dep_ == "poss" for m in _owner(r, c)]
    if len(owners) != 1:
        return []
    others = {p.lower_: [m for o in p.children if o.dep_ == "pobj" for m in _companies(r, o)]
              for p in tok.children if p.dep_ == "prep"}
    if tok.lower_ in r.sale_nouns:
        return [(m, owners[0]) for m in others.get("to", [])]
    return [(owners[0], m) for m in others.get("of", []) + others.get("with", [])]


def _owner(r: AgreementReader, poss: Token) -> list[Mention]:
    """Whose deal a possessive says: a company, "its" (the company last a subject, else the company of
    the person doing the deal), or "his company's" (the company whose post the article gives that person)."""
    if poss.lower_ == "its":
        found = recent_subject(r.ctx, poss, COMPANY)
        if found is None:  # "he personally brokered its buyout of Y": the company of the person acting
            verb = next((a for a in poss.ancestors if a.pos_ == "VERB"), None)
            return [b for s in (subjects(verb) if verb is not None else []) for m in r.actors.of(s)
                    if m.type == "Person" for b in _buyer(r, m)][:1]
        return [found]
    if poss.lower_ in ("company", "firm") and (
            holder := next((c for c in poss.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)):
        return [b for m in r.actors.of(holder) for b in _buyer(r, m)]
    return _companies(r, poss)


def listed_purchases(r: AgreementReader, tok: Token) -> list[tuple[Mention, Mention]]:
    """"He led acquisitions, including A, B and C": the subject's company (a person's, from the
    roles) buys each listed company."""
    verb = tok.head
    if tok.dep_ != "dobj" or verb.lower_ not in r.deal_verbs:
        return []
    items = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("including", "like")
             for o in p.children if o.dep_ == "pobj"]
    for item in items:  # grows while read: "A, B and C" hang as conj of A and of B
        items.extend(c for c in item.children if c.dep_ == "conj")
    buyers = [b for s in subjects(verb) for m in r.actors.of(s) for b in _buyer(r, m)]
    if len(buyers) != 1:
        return []
    named = [m for t in items for m in r.actors.of(t)]
    beside = any(m.type in COMPANY for m in named)  # a name listed beside companies is one too
    bought: list[Mention] = []
    for m in (m for m in named if m.type in (*COMPANY, "Unknown") or beside and _misread_place(m)):
        if all(not same(m, b) for b in bought):
            bought.append(m)
    return [(buyers[0], m) for m in bought]


def _misread_place(m: Mention) -> bool:
    """A name the recogniser called a place that no gazetteer knows as one ("Lucasfilm")."""
    return m.type == "Place" and country_entry(m.text) is None and load_gazetteer().lookup(m.text) is None


def _buyer(r: AgreementReader, m: Mention) -> list[Mention]:
    """A company as itself; a person as the company whose post the article gives them."""
    if m.type in COMPANY:
        return [m]
    if m.type != "Person":
        return []
    orgs = [role.organization for role in r.roles() if role.person is not None and role.organization is not None
            and same(role.person, m) and role.organization.type in COMPANY]
    return orgs[:1]
