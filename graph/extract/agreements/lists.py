"""Press-release lists of signed documents ("Also signed were A and B", "Documents were signed on
A, on B and C", "The documents signed also include A"): no party is named, so each listed document
is an agreement between the two states of the article's talks or visit (the events family's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.dates import date_near
from graph.extract.agreements.reader import HANDLERS, AgreementReader
from graph.extract.agreements.triggers import read
from graph.facts import Agreement, Event, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

KIND_DEPS = ("amod", "compound", "nmod", "conj", "cc")  # the modifiers kept in an item's kind


@HANDLERS("signed_list")
def signed_list(r: AgreementReader, verb: Token) -> list[Agreement]:
    """One signed agreement per listed item of a party-less signing, parties from the talks."""
    if verb.pos_ != "VERB" or any(c.dep_ in ("agent", "neg") or c.dep_ == "prep" and c.lower_ in r.party_preps
                                  for c in verb.children):
        return []
    heads = list_heads(r, verb)
    items = [t for h in heads for t in topics(r, h)]
    items = [t for t in items if not (t.lower_ in r.nouns and read(r, t))]  # named parties: the noun rule's
    if not items:
        return []
    parties = talks_states(r)
    if len(parties) != 2:
        return []
    spans = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for h in heads for t in (h, *h.subtree)]
    sent = verb.sent
    ref = date_near(sent.text, r.ctx.article.published, verb.idx, False, sent.start_char)
    date = ref if ref is not None and not any(a <= ref.start < b for a, b in spans) else None
    out = []
    for item in items:
        out.append(Agreement(kind=item_kind(r, item), parties=tuple(parties),
                             evidence=r.ctx.evidence(r.doc[item.i: item.i + 1]),
                             status="signed", date=date, trigger=verb.text, rule=r.rule))
    return out


def list_heads(r: AgreementReader, verb: Token) -> list[Token]:
    """The listed documents or topics: the passive subject ("A was signed", "Also signed were A"),
    the verb's "on" topics when the subject is a plural like "documents", or what "the documents
    signed also include"."""
    if verb.dep_ == "acl" and verb.head.lower_ in r.list_plurals:
        holder = verb.head.head
        if verb.head.dep_ == "nsubj" and holder.lower_ in r.include_verbs:
            return [c for c in holder.children if c.dep_ == "dobj"]
        return []
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return []
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    subjects += [a for x in verb.children if x.dep_ == "auxpass" for a in x.children if a.dep_ == "attr"]
    if len(subjects) != 1:
        return []
    subject = subjects[0]
    if subject.lower_ in r.list_plurals:
        if any(c.dep_ in ("det", "nummod", "amod") and c.lower_ not in ("the", "these", "other") for c in subject.children):
            return []  # "a number of documents", "bilateral documents": an overview, not the list
        return [*(p for prep in _preps(verb) for p in prep.children if p.dep_ == "pobj"),
                *(a for a in subject.children if a.dep_ == "appos" and a.i > verb.i)]  # the list's tail
    if subject.lower_ in r.self_kind or any(c.dep_ == "poss" or c.lower_ in ("the", "that", "this") for c in subject.children):
        return []  # "The agreement was signed in 1994": a deal told of, not a press release's list
    if subject.lower_ in r.list_documents or subject.lower_ in r.nouns:
        return [subject]
    return []


def _preps(verb: Token) -> list[Token]:
    """The "on" prepositions of a verb, with the ones joined to them ("on A, on B and on C")."""
    out: list[Token] = []
    todo = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "on"]
    while todo:
        prep = todo.pop(0)
        out.append(prep)
        todo.extend(c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP")
    return out


def topics(r: AgreementReader, tok: Token) -> list[Token]:
    """An item and the items joined to it; a generic head ("cooperation in A, B and C") stands
    for its complements, each an item."""
    out: list[Token] = []
    if tok.lower_ in r.list_generic:
        inner = [o for p in tok.children if p.dep_ in ("prep", "pcomp", "dobj") and p.lower_ != "for"
                 for o in _objects(p)]  # "for civilian use": the purpose, not an item
        after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if not inner and after is not None and after.dep_ == "prep" and after.lower_ in ("in", "of", "on"):
            inner = _objects(after)  # "cooperation in X" with "in X" hung on the verb by the parse
        out.extend(t for o in inner for t in topics(r, o))
        if not inner:
            out.append(tok)
    elif tok.pos_ != "ADJ" or not any(c.dep_ == "conj" for c in tok.children):
        out.append(tok)  # "sanitary and epidemiological welfare": one item, the noun
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "VERB"):
            out.extend(topics(r, c))
    return out


def _objects(t: Token) -> list[Token]:
    """The objects a preposition or gerund ends in ("in ensuring X" -> X; "in X and on Y" -> X, Y)."""
    if t.dep_ == "dobj" or t.pos_ == "NOUN" and t.dep_ == "pobj":
        return [t]
    found = [c for c in t.children if c.dep_ in ("pobj", "dobj", "pcomp") or c.dep_ == "conj" and c.pos_ == "ADP"]
    return [o for c in found for o in _objects(c)] or ([t] if t.pos_ in ("NOUN", "VERB") and t.dep_ != "prep" else [])


def item_kind(r: AgreementReader, item: Token) -> str:
    """The kind: for a document, the topic it is "on" ("an agreement on cooperation in X": X);
    else the item's words (its modifiers and itself: "joint declaration", "LNG supplies")."""
    if item.lower_ in r.nouns or item.lower_ in r.list_documents:
        inner = [t for p in item.children if p.dep_ == "prep" and p.lower_ == "on"
                 for o in _objects(p) for t in topics(r, o)]
        if inner and item.lower_ not in r.list_self_named:
            return item_kind(r, inner[0])
    words = [t for t in item.lefts if t.dep_ in KIND_DEPS]
    if not words and item.lower_ in r.list_vague:
        return ""  # a bare "project": no kind rather than a wrong one
    if item.dep_ == "conj" and item.head.pos_ == "ADJ":
        words.append(item.head)
    words = [t for w in words for t in w.subtree if t.dep_ in (*KIND_DEPS, "dobj") and t.is_alpha and t.dep_ != "cc"
             and t.i < item.i]
    return " ".join(t.text for t in sorted({*words, item}, key=lambda t: t.i)[-4:])


def talks_states(r: AgreementReader) -> list[Mention]:
    """The two states of the article's first talks or visit that has two (a visitor's state and
    the country visited; the states of the people who met)."""
    events: list[Event] = sorted(r.ctx.facts_of("events"), key=lambda e: e.evidence.start)
    for ev in events:
        actors = [*ev.participants, *([ev.place] if ev.kind == "visit" and ev.place is not None else [])]
        states = r.states_only(actors)
        if len(states) == 2:
            return states
    return []
