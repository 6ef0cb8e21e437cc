"""The entities family: people, countries, organizations and places, from NER plus the gazetteer.

spaCy's NER labels are mapped to our four types (``types.py``); names NER missed or cut short are
added from the gazetteer, styles, surnames and particles (``missed.py``); acronyms the text
defines and the dateline's place count too. Labels the resolver cannot place yet (a NORP such
as "Larijani") are kept as ``Unknown`` so it can merge them with a known full name. Its results
are the mentions every later family reads.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.context import MENTION_FAMILY, Context, common_noun_capitalised, text_of
from graph.extract.entities.consistency import consistent_people, portfolio_titles, title_words
from graph.extract.entities.cues import typed_by_cues
from graph.extract.entities.missed import (
    add_acronym_authors,
    add_gazetteer_names,
    add_list_members,
    add_repeated_names,
    add_styled_names,
    add_surname_mentions,
    company_names_typed,
    known_pair,
    names_with_company_suffix,
    names_with_particles,
    place_in_place,
    pronoun_surname_start,
    region_after,
)
from graph.extract.entities.types import (
    NER_TYPES,
    before_document_head,
    classify,
    company_suffixes,
    country_prefix,
    is_country,
    names_a_document,
    organization_heads,
)
from graph.extract.registry import fact_family
from graph.facts import Mention
from graph.gazetteer import Gazetteer, load_gazetteer
from graph.names import acronym_definitions, clean_span
from graph.rules import honorifics, name_styles, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


@lru_cache(maxsize=1)
def _name_prefix_words() -> frozenset[str]:
    """Honorifics and styles, lower-cased, for widening a name over the words before it."""
    return frozenset(h.lower() for h in (*honorifics(), *name_styles()))


def _with_honorific(ent: Span) -> tuple[str, int]:
    """A name span widened over an honorific or style just before it ("Mr." + "Larijani")."""
    doc, text = ent.doc, text_of(ent.doc)
    if ent.start == 0:
        return text[ent.start_char: ent.end_char], ent.start_char
    words = _name_prefix_words()
    last = doc[ent.start - 1]
    end = last.idx + len(last.text)
    for k in (3, 2, 1):
        if ent.start - k < 0:
            continue
        first = doc[ent.start - k]
        if text[first.idx: end].lower() in words and first.is_title:
            return text[first.idx: ent.end_char], first.idx
    return text[ent.start_char: ent.end_char], ent.start_char


def _title_of(text: str) -> int:
    """Where an organization's name starts after a post NER took in ("Founder of ", "Chief
    Executive of the "), or 0."""
    m = re.match(r"((?:[A-Z][\w.-]*\s+){1,3})of\s+(?:the\s+)?(?=[A-Z])", text)
    if m is None or not all(w.lower().strip(".") in title_words() for w in m.group(1).split()):
        return 0
    return m.end()


_PORTFOLIO_JOINS = frozenset({"for", "of", "and", "&"})


def _portfolio_of_minister(ent: Span, text: str, gaz: Gazetteer) -> bool:
    """"Research" of "Britain's Research Minister X", "International Development" of "International
    Development Secretary X", "State for Economic Affairs" of "Under-Secretary of State for Economic
    Affairs X": a portfolio beside a post's title, no organization (the ministry would be named
    "Ministry of ..."); a body the gazetteer knows stays."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 2: ent.start] if ent.start >= 2 else None
    beside = (after is not None and after.lower_.removesuffix("s") in portfolio_titles()) or (
        before is not None and before[1].lower_ in ("of", "for")
        and before[0].lower_.split("-")[-1] in title_words())
    words = [w.lower() for w in text.split()]
    return (beside and gaz.lookup(text) is None and words[0] not in _PORTFOLIO_JOINS
            and all(w in word_list("roles_portfolios.txt") or w in _PORTFOLIO_JOINS for w in words))


_LISTED_NAME = re.compile(r"[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*)*")


def _listed_names(text: str) -> list[tuple[str, int]]:
    """The names of a list NER took as one ("Draper, Firefly Aerospace"), with their offsets; none
    when a part is no bare name or is a company's suffix ("Acme, Inc.")."""
    if ", " not in text:
        return []
    parts, at = [], 0
    for part in text.split(", "):
        if not _LISTED_NAME.fullmatch(part) or part in company_suffixes():
            return []
        parts.append((part, at))
        at += len(part) + 2
    return parts


def _owned_part(text: str) -> bool:
    """An organization NER ran on into what it owns ("Vox Media's Code Media", "Verizon's Yahoo"),
    not a name that holds a possessive ("McDonald's Corp", "Lloyd's of London", "People's Liberation Army")."""
    parts = re.split(r"['\u2019]s\s", text, maxsplit=1)
    if len(parts) < 2 or not parts[1][:1].isupper():
        return False
    rest = parts[1].split()
    heads = organization_heads()  # "People's Liberation Army", "People's Bank of China" are one name
    return rest[0] not in company_suffixes() and rest[0].lower() not in heads \
        and rest[-1].lower() not in heads and not (len(rest) > 1 and rest[1] == "of")


def _surname_after_bracket(ent: Span) -> Span | None:
    """"Nakasone" of "(Prime Minister Yasuhiro) Nakasone": wire copy brackets the part of a name it
    adds, and NER keeps only the bracketed part; the name is the surname after the bracket."""
    doc, at = ent.doc, ent.end + 1
    if at >= len(doc) or doc[ent.end].text != ")" or not doc[at].is_title or doc[at].pos_ != "PROPN" \
            or doc[at].ent_type_ not in ("", "PERSON") or not all(t.is_alpha for t in ent):
        return None  # "(@handle) November 18": a tweet's author and date
    end = at
    while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
        end += 1
    return doc[at:end]


@fact_family(MENTION_FAMILY, assigns="mentions")
def extract_mentions(doc: Doc, ctx: Context, gaz: Gazetteer | None = None) -> list[Mention]:
    """Every entity mention in the article, each with its sentence as evidence."""
    gaz = gaz or load_gazetteer()
    mentions: list[Mention] = []
    taken: set[tuple[int, int]] = set()

    def add(span: Span, text: str, start: int, end: int, type_: str, source: str) -> None:
        if (start, end) in taken or not text or not any(ch.isalpha() for ch in text):
            return
        if type_ in ("Person", "Place", "Organization") and not any(ch.isupper() for ch in text):
            return  # a name has a capital: "marijuana", "monthslong", "n't", "tsunamis" are none
        taken.add((start, end))
        mentions.append(Mention(text, type_, start, end, ctx.evidence(span, start, end), source))

    ents = doc.ents  # spaCy builds the tuple anew on each access
    extended = names_with_particles(doc, ents)
    companies = names_with_company_suffix(doc, ents)
    for ent in ents:
        if ent.label_ not in NER_TYPES:
            continue
        if ent.label_ != "PERSON" and any(s < ent.start_char < e for s, e in extended.values()):
            continue  # "Madrid" of "Miguel de la Madrid"
        if any(s < ent.start_char < e for s, e in companies.items()):
            continue  # "Co" of "Morgan Quist and Co"
        if ent.label_ == "PERSON" and (surname := _surname_after_bracket(ent)) is not None:
            add(surname, surname.text, surname.start_char, surname.end_char, "Person", "ner")
            continue
        raw, raw_start = _with_honorific(ent)
        if (surname := pronoun_surname_start(ent)) is not None:
            raw, raw_start = text_of(doc)[surname:ent.end_char], surname
        if ent.start_char in extended:
            raw = text_of(doc)[raw_start: extended[ent.start_char][1]]
        elif ent.start_char in companies:
            raw = text_of(doc)[raw_start: companies[ent.start_char]]
        if ent.label_ == "PERSON" or raw_start != ent.start_char or (
                ent.label_ == "ORG" and _owned_part(raw)):  # "Mr Brown's Facility", "Verizon's Yahoo": the owner's
            raw = re.split(r"['\u2019]s\s", raw)[0]
        text, start, end = clean_span(raw, raw_start)
        if ent.label_ == "ORG" and (lead := _title_of(text)):  # "Founder of Ceres Robotics Inc": the company
            text, start = text[lead:], start + lead
        if ent.label_ == "ORG" and (parts := _listed_names(text)):  # "Draper, Firefly Aerospace": two
            for part, offset in parts:
                if (kind := classify(ent.label_, part, gaz)) is not None:
                    add(ent, part, start + offset, start + offset + len(part), kind, "ner")
            continue
        if ent.label_ in ("GPE", "LOC") and (names_a_document(ent) or (
                before_document_head(ent) and not is_country(text, gaz))):
            continue
        country = country_prefix(text, gaz) if ent.label_ == "ORG" or (
            ent.label_ == "PERSON" and common_noun_capitalised(ent[-1])) else None
        if country is not None:
            add(ent, country, start, start + len(country), "Country", "ner")
            continue
        pair = known_pair(text, gaz)
        if pair:  # "U.S.-Canada trade", "the Israel-Hamas war": two names, not one
            for part, offset, entry in pair:
                add(ent, part, start + offset, start + offset + len(part), entry.type, "gazetteer")
            continue
        if ent.label_ in ("GPE", "LOC", "FAC") and (inside := place_in_place(text, gaz)):
            for part, offset, kind in inside:
                add(ent, part, start + offset, start + offset + len(part), kind, "ner")
            continue
        region_end = region_after(ent, end, gaz)
        if region_end is not None:  # "the Kyiv region" is a place of its own, not the city
            add(ent, text_of(doc)[start:region_end], start, region_end, "Place", "ner")
            continue
        type_ = classify(ent.label_, text, gaz)
        if type_ == "Organization" and _portfolio_of_minister(ent, text, gaz):
            continue
        if type_:
            add(ent, text, start, end, type_, "ner")
    add_gazetteer_names(doc, ents, mentions, add, gaz)
    for d in acronym_definitions(text_of(doc)):
        start, end = d.long_start, d.long_start + len(d.long)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(d.long.split()) < 2:
            continue
        entry = gaz.lookup(d.long) or gaz.lookup(d.short)
        type_ = entry.type if entry else "Organization"
        add(span, d.long, start, end, type_, "acronym")
        short_end = d.short_start + len(d.short)
        short_span = doc.char_span(d.short_start, short_end, alignment_mode="expand")
        if short_span is not None:
            add(short_span, d.short, d.short_start, short_end, type_, "acronym")
    add_styled_names(doc, mentions, add)
    add_acronym_authors(doc, add, gaz)
    mentions[:] = typed_by_cues(doc, consistent_people(doc, ctx, mentions, gaz), gaz)
    taken |= {(m.start, m.end) for m in mentions}
    add_surname_mentions(doc, mentions, add)
    mentions[:] = company_names_typed(mentions)
    add_repeated_names(doc, mentions, add)
    add_list_members(doc, mentions, add)
    dateline = ctx.article.dateline_place
    if dateline and text_of(doc):
        place, start, end = dateline
        span = doc.char_span(start, end, alignment_mode="expand") or doc[0:1]
        entry = gaz.lookup(place)
        add(span, place, start, end, entry.type if entry else "Place", "dateline")
    return sorted(mentions, key=lambda m: (m.start, m.end))

