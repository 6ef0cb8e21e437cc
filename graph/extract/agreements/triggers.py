"""Agreement triggers, one handler per label of ``triggers`` in ``agreements.json``: an agreement
noun (``noun``), an answered offer ("X accepted the Z offer", ``offer``) and states that agreed
(``agree``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graph.dates import date_near
from graph.extract.actors import country_entry, same
from graph.extract.agreements.reader import HANDLERS, AgreementReader
from graph.extract.agreements.references import acted_on, already_told, referred_back, remember
from graph.extract.tree import BETWEEN, governing_verb, prepositions, subjects
from graph.facts import Agreement, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

NOUN_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj")  # "talks" tagged a verb but used as a noun


@HANDLERS("noun")
def read(r: AgreementReader, tok: Token) -> list[Agreement]:
    talks = talks_about(r, tok)
    negotiated = talked_of(r, tok, talks) if talks is not None else []
    if negotiated or tok.dep_ == "compound":
        return negotiated
    if tok.dep_ == "pobj" and tok.head.lower_ == "in" and not any(c.dep_ == "det" for c in tok.children):
        return []  # "in agreement with", "in accord with": a state of mind, not a deal
    kind = r.kind(tok)
    if tok.lower_ in r.guarded and not kind:
        return []
    found = agreements_of(r, tok, r.parties(tok), kind, r.status(tok))
    if not found:  # "the US withdrawal from the Iran deal"
        found = agreements_of(r, tok, acted_on(r, tok), kind, r.status(tok))
    if not found:  # "a rescheduling agreement of Mexico's debt to the Paris Club"
        found = agreements_of(r, tok, _debtor_and_creditor(r, tok), kind, r.status(tok))
    if not found:
        groups, kind_before = referred_back(r, tok)  # "Iran's nuclear deal ... the US quit the deal"
        found = agreements_of(r, tok, groups, kind or kind_before, r.status(tok))
    if found and (kinds := r.paired_kinds(tok)):  # "agreements covering trade and cultural exchanges"
        found = [replace(a, kind=k) for a in found for k in kinds]
    joined = [a for a in found if already_told(r, tok, a.parties)]  # "the treaty" told again: the same deal
    remember(r, tok, kind, list(found[0].parties) if found else [])
    return [a for a in found if a not in joined]


def _debtor_and_creditor(r: AgreementReader, tok: Token) -> list[list[Mention]]:
    """The debtor (possessor) and creditor (after "to") of a debt an agreement is about: "an
    agreement of Mexico's official debt to the Paris Club"."""
    for debt in (d for d in tok.subtree if d.i > tok.i and d.lower_ in r.debt_nouns):
        debtors = [m for c in debt.children if c.dep_ == "poss" for m in r.actors.of(c)]
        to = r.doc[debt.i + 1] if debt.i + 1 < len(r.doc) else None
        creditors = [m for p in (to.children if to is not None and to.lower_ == "to" else []) if p.dep_ == "pobj"
                     for m in r.actors.of(p)]
        if debtors and creditors:
            return [[debtors[0], creditors[0]]]
    return []


def talked_of(r: AgreementReader, tok: Token, talks: Token, kind: str = "") -> list[Agreement]:
    """An agreement the talks are about ("ceasefire talks between X and Y", "X and Y resumed truce
    negotiations", "X held deal talks with Y", "talks on a new accord"): the talks' parties, status
    negotiating."""
    return agreements_of(r, tok, r.parties(talks) or held_by(r, talks), kind or r.kind(tok), "negotiating")


def held_by(r: AgreementReader, talks: Token) -> list[list[Mention]]:
    """Who holds the talks, as the events family read them: the talks' own participants, or those of
    the meeting the talks are the purpose of ("X met Y for talks on ...")."""
    verb = governing_verb(talks)
    anchors = {talks.idx, *([verb.idx] if verb is not None else [])}
    return [list(e.participants) for e in r.ctx.facts_of("events")
            if e.evidence.start in anchors and e.kind != "visit" and len(e.participants) >= 2]


def talks_about(r: AgreementReader, tok: Token) -> Token | None:
    """The talks a word names the matter of: "<word> talks" or "talks on/over <word>"."""
    if tok.dep_ == "compound":
        talks = tok.head
    elif tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in r.topic_preps:
        talks = tok.head.head
    else:
        return None
    noun = talks.pos_ == "NOUN" or talks.dep_ in NOUN_DEPS  # "talks" tagged a verb but used as a noun
    return talks if noun and talks.lower_ in r.talks_nouns else None


@HANDLERS("topic")
def talks_topic(r: AgreementReader, tok: Token) -> list[Agreement]:
    """A deal the talks work toward, named by its matter ("debt rescheduling talks between X and Y",
    "X met Y for talks on rescheduling its debt", "merger talks with Y"): status negotiating."""
    talks = talks_about(r, tok)
    if talks is None:
        return []
    kind = r.mapped(r.clause_kind([tok]) or r.kind_verbs.get(tok.lower_, tok.lower_))
    return talked_of(r, tok, talks, kind)


def agreements_of(r: AgreementReader, tok: Token, groups: list[list[Mention]], kind: str,
                  status: str) -> list[Agreement]:
    """One agreement per group of at least two distinct parties (people as their states)."""
    out = []
    for group in groups:
        parties: list[Mention] = []
        literal = len(group) == 2 and (group[0].start, group[1].start) in r.literal
        for m in group if literal else r.as_states(group):
            if all(not same(m, o) for o in parties):
                parties.append(m)
        if len(parties) < 2 or len(parties) == 2 and r.one_state(*parties):
            continue
        out.append(Agreement(kind=kind, parties=tuple(parties),
                             evidence=r.ctx.evidence(r.doc[tok.i: tok.i + 1]),
                             status=status, date=r.date(tok, status), trigger=tok.text, rule=r.rule))
    return out


@HANDLERS("one")
def one_agreed(r: AgreementReader, tok: Token) -> list[Agreement]:
    """"one" standing for an agreement named before it in the sentence ("a deal similar to one
    agreed between X and Y", "the one signed by X and Y", "one between X and Y"): that agreement's
    kind, its own parties."""
    acl = next((c for c in tok.children if c.dep_ in ("acl", "relcl") and c.lower_ in r.acl_cues), None)
    before = [t for t in r.doc[tok.sent.start: tok.i] if t.lower_ in r.nouns and t.pos_ in ("NOUN", "PROPN")]
    between = any(c.dep_ == "prep" and c.lower_ in BETWEEN for c in tok.children)  # "one between X and Y"
    if acl is None and not between or not before:
        return []
    groups = [[m for a in (acl.children if acl is not None else ()) if a.dep_ == "agent"
               for p in a.children if p.dep_ == "pobj" for m in r.actors.of(p)]]
    groups = [g for g in groups if len(g) >= 2] or [g for g in r.parties(tok) if len(g) >= 2]
    status = r.status(tok) if acl is not None else "signed"  # a deal compared with: one in force
    return agreements_of(r, tok, groups, r.kind(before[-1]), status)


@HANDLERS("agree")
def agreed(r: AgreementReader, verb: Token) -> list[Agreement]:
    """States that "agreed with Y to ..." / "that they would ..." / "agreed a plan with Y" or "X and Y
    agreed to ..." / "on a new border", a creditor that "agreed to reschedule Y's debt": an agreement
    between the states (people count as the states whose posts they hold), status agreed.
    "agreed that the talks were useful" is a shared opinion, not a deal: a "that" clause needs a
    commitment ("would", "will", "should"). "may agree", "will agree": not agreed yet (proposed)."""
    if verb.pos_ != "VERB" or any(c.dep_ == "neg" for c in verb.children):
        return []
    clauses = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")
               or c.dep_ == "ccomp" and any(a.lower_ in r.commit_modals for a in c.children if a.dep_ == "aux")
               or c.dep_ == "advcl" and c.i > verb.i and c.pos_ == "VERB"  # "had agreed with Y to ...": parsed
               and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]  # as a purpose clause
    plans = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in r.plan_nouns]  # "agreed a plan with Y"
    clauses += [c for p in plans for c in p.children if c.dep_ == "acl" and c.pos_ == "VERB"]
    clauses += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "on" for o in p.children
                if o.dep_ == "pobj" and o.pos_ == "NOUN" and o.lower_ not in r.nouns | r.view_nouns]
    if not clauses and not plans:
        return _debts_relieved(r, verb) or _agreed_to_deal(r, verb)
    sides = r.subject_actors(verb)  # also "the two prime ministers agreed": the last two leaders' states
    partners = [m for h in (verb, *plans) for p in h.children if p.dep_ == "prep" and p.lower_ == "with"
                for o in p.children if o.dep_ == "pobj" for m in r.actors.of(o)]
    if not partners and len(sides) == 1:  # "X agreed to charter tankers from Y"
        partners = [m for c in clauses if c.lower_ in r.trade_preps
                    for h in (c, *(o for o in c.children if o.dep_ == "dobj")) for word, pobjs in prepositions(h)
                    if word == r.trade_preps[c.lower_] for p in pobjs for m in r.actors.of(p)
                    if m.type in ("Country", "Organization")]
        partners = partners or [m for c in clauses if c.pos_ == "VERB" for o in c.children  # "to reschedule Y's debt"
                                if o.dep_ == "dobj" and o.lower_ in r.debt_nouns
                                for q in o.children if q.dep_ == "poss" for m in r.actors.of(q)]
    if partners and len(sides) != 1 or not partners and len(sides) < 2:
        return []
    parties = r.states_only([*sides, *partners])
    if len(parties) < 2 or len(parties) != len(sides) + len(partners):
        return []
    kind = r.mapped(r.clause_kind(clauses))
    span = r.doc[max(verb.left_edge.i, r.after_dateline(verb)): verb.right_edge.i + 1]
    date = date_near(span.text, r.ctx.article.published, verb.idx, False, span.start_char)
    hedged = any(c.dep_ == "aux" and c.lower_ in r.hedge_modals | r.commit_modals for c in verb.children)
    return [Agreement(kind=kind, parties=tuple(parties), evidence=r.ctx.evidence(r.doc[verb.i: verb.i + 1]),
                      status="proposed" if hedged else "agreed", date=date, trigger=verb.text, rule=r.rule)]


def _agreed_to_deal(r: AgreementReader, verb: Token) -> list[Agreement]:
    """"WeWork agreed to a rescue by SoftBank", "agreed to a merger with Y": a deal named by what it
    does, its other side after "by" or "with"; kind that noun, status agreed."""
    sides = r.subject_actors(verb)
    deals = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children
             if o.dep_ == "pobj" and o.lower_ in r.agreed_deal_nouns]
    others = [m for d in deals[:1] for p in (*d.children, *verb.children) if p.dep_ == "prep" and p.lower_ in ("by", "with")
              for o in p.children if o.dep_ == "pobj" for m in r.actors.of_named(o) if m.type in ("Organization", "Country")]
    if len(sides) != 1 or len(others) != 1 or same(sides[0], others[0]):
        return []
    return [Agreement(kind=deals[0].lower_, parties=(sides[0], others[0]), evidence=r.ctx.evidence(r.doc[verb.i: verb.i + 1]),
                      status="agreed", date=r.date(verb, "agreed"), trigger=verb.text, rule=r.rule)]


def _debts_relieved(r: AgreementReader, verb: Token) -> list[Agreement]:
    """"The Paris Club agreed to a rescheduling of Uganda's and Mozambique's debts": an agreement of
    the one subject with each debtor, status agreed."""
    actions = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children
               if o.dep_ == "pobj" and o.lower_ in r.debt_actions]
    debtors = [m for a in actions for p in a.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
               if o.dep_ == "pobj" for q in o.children if q.dep_ == "poss" for m in r.actors.of(q)]
    sides = r.subject_actors(verb) if debtors else []
    if len(sides) != 1:
        return []
    date = date_near(verb.sent.text, r.ctx.article.published, verb.idx, False, verb.sent.start_char)
    return [Agreement(kind=actions[0].lower_, parties=tuple(parties), evidence=r.ctx.evidence(r.doc[verb.i: verb.i + 1]),
                      status="agreed", date=date, trigger=verb.text, rule=r.rule)
            for debtor in debtors if len(parties := r.states_only([sides[0], debtor])) == 2]


@HANDLERS("offer")
def answered_offer(r: AgreementReader, tok: Token) -> list[Agreement]:
    """States that "accepted"/"declined" an offer ("X and Y accepted the Z offer", "X declined
    the offer" after "the debt freeze offered by Z"): one agreement per state with the offerer,
    status agreed or rejected (a negated acceptance is a refusal)."""
    verb = tok.head
    if tok.dep_ != "dobj" or verb.pos_ != "VERB":
        return []
    negated = any(c.dep_ == "neg" for c in verb.children)
    if verb.lower_ in r.accept_words:
        status = "rejected" if negated else "agreed"
    elif verb.lower_ in r.decline_words and not negated \
            and (verb.lower_ != "turned" or any(c.lower_ == "down" for c in verb.children)):
        status = "rejected"
    else:
        return []
    offerer, kind = offer_source(r, tok)
    companies = offerer is not None and offerer.type == "Organization" and country_entry(offerer.text) is None
    states = [m for s in subjects(verb) for m in r.actors.of(s) if country_entry(m.text) is not None
              or companies and m.type == "Organization"]  # "Snapchat rebuffed a takeover offer from Facebook"
    for earlier in reversed(r.doc[: tok.i]):  # "the offer": the earlier mention names who and what
        if offerer is not None and kind:
            break
        if earlier.lower_ in r.offer_nouns and earlier.pos_ == "NOUN" \
                or earlier.lower_ in r.offer_verbs and earlier.dep_ == "acl":
            found, found_kind = offer_source(r, earlier)
            if offerer is None or found is not None and same(found, offerer):
                kind = kind or found_kind
            offerer = offerer or found
    if offerer is None:
        return []
    out = []
    for state in states:
        if same(state, offerer):
            continue
        out.append(Agreement(kind=kind, parties=(offerer, state), evidence=r.ctx.evidence(r.doc[tok.i: tok.i + 1]),
                             status=status, date=None, trigger=tok.text, rule=r.rule))
    return out


def offer_source(r: AgreementReader, tok: Token) -> tuple[Mention | None, str]:
    """Who makes an offer and what about: "the Z offer", "Z's offer", "the offer by/from Z", or
    for the verb "the debt freeze offered by Z" the noun it describes ("debt freeze")."""
    if tok.pos_ == "VERB":
        found = [m for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                 for m in r.actors.of(p)]
        noun = tok.head
        kind = " ".join([r.kind(noun)] + ([noun.lower_] if noun.pos_ == "NOUN" and noun.lower_
                                              not in r.kind_stop else [])).strip()
    else:
        found = [*r.actors.in_premodifiers(tok),
                 *(m for c in tok.children if c.dep_ == "poss" for m in r.actors.of(c)),
                 *(m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                   for p in c.children if p.dep_ == "pobj" for m in r.actors.of(p))]
        kind = r.kind(tok)
    uniq: list[Mention] = []
    for m in found:
        if m.type in ("Country", "Organization") and all(not same(m, u) for u in uniq):
            uniq.append(m)
    return (uniq[0] if len(uniq) == 1 else None), kind

