"""Who holds a title and of what: the holder named after it ("President Reagan", "minister Mr
Aiyar") or before it ("X, chairman of Y", "X is chairman of Y"), the country or organization
qualifying it ("Iran's", "Iraqi", "of the Supreme National Security Council", "to Lebanon")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.context import Context, text_of, token_at_or_after
from graph.extract.entities.types import document_heads, not_entity_patterns
from graph.extract.roles.triggers import time_adjuncts, title_rules
from graph.extract.tree import opening_subject
from graph.facts import PERSONISH, Mention
from graph.gazetteer import Gazetteer
from graph.rules import address_forms, honorifics, name_particles, predicate_verbs, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
COPULAS = {"is": "", "are": "", "'s": "", "was": "former", "were": "former"}  # "X is/was chairman of Y": the status
OWN = {"his", "her", "their"}  # "quit his job as": the subject's own post
TERMS = {"term", "terms"}  # "won a second term as": a term is always the holder's own
STANDING_WORDS = {"top", "new", "former", "then", "longtime", "veteran", "outgoing", "incoming", "current"}


def mention_starting(ctx: Context, token: Token, types: tuple[str, ...]) -> Mention | None:
    m = ctx.mention_at(token, types)
    return m if m is not None and m.start == token.idx else None


def mention_ending(ctx: Context, token: Token, types: tuple[str, ...]) -> Mention | None:
    m = ctx.mention_at(token, types)
    return m if m is not None and m.end == token.idx + len(token.text) else None


def country_or_org(ctx: Context, gaz: Gazetteer, span: Span, mention: Mention | None,
                    org_title: bool) -> tuple[str, Mention] | None:
    """Classify a qualifier as ("country", m) or ("organization", m)."""
    if mention is not None:
        if mention.type == "Country":
            return "country", mention
        if mention.type == "Organization":
            return "organization", mention
        entry = gaz.lookup(mention.text)
        if entry is not None:
            if entry.type == "Country":
                return "country", mention
            if entry.type == "Organization":
                return "organization", ctx.mention_for_span(span, "Organization")
            return None
        if org_title and mention.type != "Person":
            return "organization", ctx.mention_for_span(span, "Organization")
        return None
    entry = gaz.lookup(span.text)
    if (len(span) == 1 and gaz.demonym(span.text) is not None) or (entry is not None and entry.type == "Country"):
        return "country", ctx.mention_for_span(span, "Country")  # "Iraqi", "U.S." that NER left untyped
    if org_title and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span):
        return "organization", ctx.mention_for_span(span, "Organization")
    return None


def left_qualifier(doc: Doc, ctx: Context, gaz: Gazetteer, start: int,
                    org_title: bool) -> tuple[dict[str, Mention], int, bool]:
    """Country/organization named just before a title; returns (found, first index, definite)."""
    found: dict[str, Mention] = {}
    i = start
    while i > 1 and doc[i - 1].lower_ in STANDING_WORDS:
        i -= 1  # "China's top negotiator", "Acme's former chairman": the qualifier is further left
    if i == start or not (doc[i - 1].text in POSSESSIVE or doc[i - 1].ent_type_):
        i = start
    possessed = False
    for _ in range(2):  # e.g. "the UN's" or "US" or "Iraqi"
        if i <= 0:
            break
        prev = doc[i - 1]
        if prev.text in POSSESSIVE and i >= 2:
            owner = doc[i - 2]
            m = ctx.mention_at(owner)
            if m is not None and m.end <= prev.idx:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                kind = country_or_org(ctx, gaz, span, m, True) if span is not None else None
                if kind and kind[0] not in found:
                    found[kind[0]] = kind[1]
                    i, possessed = span.start, True
                    continue
            break
        m = mention_ending(ctx, prev, ("Country", "Organization", "Place", "Unknown"))
        if m is not None:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            kind = country_or_org(ctx, gaz, span, m, org_title) if span is not None else None
            if kind and kind[0] not in found:
                found[kind[0]] = kind[1]
                i = span.start
                continue
            break
        kind = country_or_org(ctx, gaz, doc[i - 1:i], None, org_title and prev.pos_ == "PROPN")
        if kind is None and i >= 2 and "country" not in found and gaz.demonym(doc[i - 2:i].text) is not None:
            found["country"] = ctx.mention_for_span(doc[i - 2:i], "Country")  # "South African"
            i -= 2
            continue
        if kind and kind[0] not in found:
            found[kind[0]] = kind[1]
            i -= 1
            continue
        break
    k = i
    while k > 0 and doc[k - 1].lower_ in STANDING_WORDS:
        k -= 1
    definite = possessed or (k > 0 and doc[k - 1].lower_ == "the")  # "the Iraqi", "Chad's", "the former"
    return found, i, definite


def named_title(doc: Doc, ctx: Context, span: Span) -> bool:
    """A lower-case title between "the", a standing word, a possessive or a lower-case noun or
    adjective of it and a person's full name (two words or more, as NER typed it): "current chair
    Jane Yolen", "Spain's king Felipe Borbon", "police lieutenant Jim Hanley", "influential senator
    John McCain"; a party's ("Democratic leader X") or a body's ("Senate Democratic leader X") too."""
    before = doc[span.start - 1] if span.start > 0 else None
    m = mention_starting(ctx, doc[span.end], ("Person",)) if span.end < len(doc) else None
    return (m is not None and " " in m.text and before is not None
            and (before.lower_ in STANDING_WORDS | {"the"} or before.text in POSSESSIVE
                 or (before.is_lower and (before.pos_, before.dep_) in (("NOUN", "compound"), ("ADJ", "amod")))
                 or ctx.mention_at(before, ("Organization",)) is not None)) or (
        m is not None and " " in m.text and span[0].is_title and span[0].lower_ in word_list("party_labels.txt"))


def name_span(doc: Doc, i: int) -> Span | None:
    """A run of capitalised proper nouns starting at token ``i`` (a name NER missed)."""
    j = i
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].is_alpha:
        j += 1
    return doc[i:j] if j > i else None


def past_time_adjunct(doc: Doc, i: int) -> int:
    """The index after a time adjunct at ``i`` that a comma follows ("the Nato chief at the time, X",
    "top prosecutor in 2020, X"; ``roles_time_adjuncts.txt``), else ``i``."""
    for words in time_adjuncts():
        j = i
        for word in words:
            if j >= len(doc):
                break
            if word == "<date>" and doc[j].ent_type_ == "DATE":
                while j < len(doc) and doc[j].ent_type_ == "DATE" and doc[j].text != ",":
                    j += 1
            elif doc[j].lower_ == word:
                j += 1
            else:
                break
        else:
            if j < len(doc) and doc[j].text == ",":
                return j
    return i


def person_after(doc: Doc, ctx: Context, gaz: Gazetteer, i: int) -> Mention | None:
    """The holder named right after a title: "President Reagan", "minister Mr Aiyar", "Minister, X,",
    also past a time adjunct ("the Nato chief at the time, X") when the name is in apposition to it."""
    title_end, i = i, past_time_adjunct(doc, i)
    if i < len(doc) and doc[i].text == "," and i + 1 < len(doc):
        m = mention_starting(ctx, doc[i + 1], PERSONISH)
        if m is not None:
            after = token_at_or_after(doc, m.end)
            name = doc[after - 1]
            if i > title_end and not (name.dep_ == "appos" and name.head.i < title_end):
                return None  # "a letter to the president in May, X said": X is not the president
            if after >= len(doc) or doc[after].text in {",", ".", ";", ")", "]"}:
                return m
            if i == title_end and doc[after].pos_ in ("VERB", "AUX") and opening_subject(doc, title_end, after):
                return m  # "Reagan's chief of staff, Howard Baker told": no second comma
        return None
    j = skip_styles(doc, ctx, i)
    if j >= len(doc):
        return None
    m = ctx.mention_at(doc[j], PERSONISH)  # may also cover the title ("Foreign Secretary Joe Clark")
    if m is not None:
        return with_surname(doc, ctx, m)
    other = ctx.mention_at(doc[j])
    if other is not None and not (other.type == "Place" and other.start == doc[j].idx and " " in other.text
                                  and gaz.lookup(other.text) is None):
        return None  # a two-word "place" NER guessed after a title is a name ("President Thabo Mbeki")
    span = name_span(doc, j)
    if span is None or gaz.lookup(span.text) is not None or gaz.demonym(span.text) is not None \
            or any(t.lower_ in title_rules() for t in span) \
            or any(t.lower_ in document_heads() for t in span) \
            or any(p.fullmatch(span.text) for p in not_entity_patterns()):  # "General Agreement": no one's name
        return None  # "General Secretary", "Financial Officer" neither
    if span.end + 1 < len(doc) and doc[span.end].text == ")":  # "(Prime Minister Kenji) Tanabe"
        return ctx.mention_at(doc[span.end + 1], ("Person",))
    return ctx.mention_for_span(span, "Person")


def skip_styles(doc: Doc, ctx: Context, i: int) -> int:
    """The index after forms of address ("minister Mr Aiyar") and after a name span that is only
    an honorific ("Prime Minister Datuk Seri Anwar", NER's "Datuk Seri" apart)."""
    styles = {h.lower() for h in honorifics()}
    while i < len(doc):
        m = ctx.mention_at(doc[i], PERSONISH)
        if doc[i].lower_ in address_forms():
            i += 1
        elif m is not None and m.text.lower() in styles and m.start == doc[i].idx:
            i = token_at_or_after(doc, m.end)
        else:
            break
    return i


def with_surname(doc: Doc, ctx: Context, m: Mention) -> Mention:
    """ "Miguel de la" + "Madrid": a name NER cut after a lower-case particle takes the next word."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span[-1].lower_ not in name_particles() or span.end >= len(doc):
        return m
    nxt = doc[span.end]
    if not (nxt.text[:1].isupper() and nxt.is_alpha and nxt.idx == span.end_char + 1):
        return m
    return Mention(text_of(doc)[m.start:nxt.idx + len(nxt.text)], "Person", m.start, nxt.idx + len(nxt.text),
                   m.evidence, m.source)


def person_before(doc: Doc, ctx: Context, head: Token, first: int) -> Mention | None:
    """An appositive holder: "Ali Larijani, Iran's Secretary of ..." / "X, chairman of Y"."""
    if head.dep_ == "conj" and head.head.dep_ == "appos":
        head = head.head  # "X, managing director and head of strategy"
    if head.dep_ == "appos" and head.head.dep_ == "appos" and head.head.i < head.i \
            and ctx.mention_at(head.head) is None and head.head.head.i < head.head.i:
        head = head.head  # "X, the principal deputy White House press secretary": the parser's chain
    if head.dep_ == "appos":
        m = ctx.mention_at(head.head, PERSONISH)
        if m is not None:
            return m
    if first >= 2 and doc[first - 1].text == ",":
        m = mention_ending(ctx, doc[first - 2], PERSONISH)
        if m is not None:
            return m
    return copula_subject(ctx, head)


def one_post(head: Token) -> bool:
    """ "was the acting director", "was chairman of Y": a past "be" names a post, not a trade
    ("was an American singer"), when the title is definite or says whose post it was."""
    return any(c.dep_ == "det" and c.lower_ == "the" or c.dep_ == "prep" and c.lower_ == "of" for c in head.children)


def copula_subject(ctx: Context, head: Token) -> Mention | None:
    """ "X is chairman of Y" / "X, who was the acting director of Y": the subject of "be";
    or of a verb that gives or leaves a post ("was named leader", "served as chairman")."""
    verb = head.head
    if not (head.dep_ == "attr" and verb.lower_ in COPULAS and (COPULAS[verb.lower_] == "" or one_post(head))):
        verb = post_predicate(head)
        if verb is None:
            return None
    if verb.pos_ == "NOUN":  # "X's resignation as chairman", "the appointment of X as coach"
        owner = next((c for c in verb.children if c.dep_ == "poss"), None) \
            or next((p for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                     if p.dep_ == "pobj"), None)
        return ctx.mention_at(owner, ("Person",)) if owner is not None else None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None and head.dep_ == "pobj" and verb.lower_ in predicate_verbs()["object_holder"]:
        return ctx.mention_at(obj, ("Person",))  # "Acme hired X as a consultant": the object holds the post
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:  # "X was re-elected as": the parser may hang the subject on the auxiliary
        subj = next((s for a in verb.children if a.dep_ in ("aux", "auxpass") for s in a.children
                     if s.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    if subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
        return ctx.mention_at(verb.head, PERSONISH)
    return ctx.mention_at(subj, PERSONISH)


def post_predicate(head: Token) -> Token | None:
    """The verb that states a post held, taken or left: "was named (the new) leader", "was
    appointed chairman", "served as / resigned as chairman" (``roles_predicates.txt``)."""
    verb = head.head
    if head.dep_ in ("oprd", "attr", "dobj") and verb.lower_ in predicate_verbs()["object"]:
        return verb if head.dep_ != "dobj" or verb.tag_ == "VBN" else None
    if head.dep_ == "pobj" and verb.lower_ == "as":
        return verb.head if verb.head.lower_ in predicate_verbs()["as"] else job_verb(verb.head)
    return None


def job_verb(word: Token) -> Token | None:
    """ "quit his job as editor", "resigned from her post as ambassador" ("as" on the noun or on
    the verb): the verb of one's own post noun (``job`` and ``job_verbs`` in
    ``roles_predicates.txt``), its subject the holder."""
    verbs = predicate_verbs()
    if word.pos_ in ("VERB", "AUX"):
        nouns = [c for c in word.children if c.dep_ == "dobj"]
        nouns += [p for c in word.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children if p.dep_ == "pobj"]
        noun = next((n for n in nouns if n.lower_ in verbs["job"]), None)
        if noun is None:
            return None
    else:
        noun = word
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "from" else noun.head
    own = any(c.dep_ == "poss" and c.lower_ in OWN or noun.lower_ in TERMS and c.tag_ in ("JJ", "CD")
              for c in noun.children)  # "his job", "a second term", "two terms"
    return verb if own and noun.lower_ in verbs["job"] and verb.lower_ in verbs["job_verbs"] else None
