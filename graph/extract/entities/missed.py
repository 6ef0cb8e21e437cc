"""Names NER missed or cut short, found by other means: the gazetteer, styles ("King Fahd"),
lone surnames of people named in full elsewhere, and particles ("Miguel de la Madrid")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from graph.extract.context import text_of, token_positions
from graph.extract.entities.types import (
    body_heads,
    company_base,
    company_suffixes,
    document_heads,
    not_entity_patterns,
    organization_heads,
    word_not_code,
)
from graph.facts import Mention
from graph.gazetteer import Gazetteer, GazetteerEntry
from graph.names import word_bounded
from graph.rules import name_particles, name_styles, pronoun_surnames, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


def names_with_particles(doc: Doc, ents: tuple[Span, ...]) -> dict[int, tuple[int, int]]:
    """Names NER cut at a particle ("Miguel de la" + "Madrid"), at "of" ("The Socialist Republic
    of" + "Vietnam") or before it ("the Communist Party" + "of Vietnam"): start -> widened span."""
    widened = {}
    for ent in ents:
        joint = name_particles() if ent.label_ == "PERSON" else {"of"}  # "The Socialist Republic of" + "Vietnam"
        end = ent.end
        if end < len(doc) and doc[end - 1].lower_ in joint:
            while end < len(doc) and doc[end].is_title:
                end += 1
        elif ent.label_ == "ORG":
            end = _body_of_what(doc, ent)
        if end > ent.end:
            widened[ent.start_char] = (ent.start_char, doc[end - 1].idx + len(doc[end - 1].text))
    return widened


def names_with_company_suffix(doc: Doc, ents: tuple[Span, ...]) -> dict[int, int]:
    """Start -> end (characters) of names that run on into a legal form NER left out: "Carraro
    Veltrano" + "SpA", "Morgan Quist" + "and Co" (a company, whatever NER called the name)."""
    suffixes = company_suffixes()
    out: dict[int, int] = {}
    for ent in ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        i = ent.end  # past the legal forms that follow, "and Co" and "Co Ltd" too
        while i < len(doc):
            if doc[i].text in suffixes:
                i += 1
            elif doc[i].lower_ in ("and", "&") and i + 1 < len(doc) and doc[i + 1].text in ("Co", "Co."):
                i += 2
            else:
                break
        if i > ent.end:
            out[ent.start_char] = doc[i - 1].idx + len(doc[i - 1].text)
    return out


def pronoun_surname_start(ent: Span) -> int | None:
    """ "He Jianxiong": the start of a one-word person name widened over a surname spelt like a
    pronoun just before it (``pronoun_surnames.txt``), which NER leaves out; None otherwise."""
    doc = ent.doc
    if ent.label_ != "PERSON" or len(ent) != 1 or ent.start == 0 or ent[0].pos_ != "PROPN":
        return None
    prev = doc[ent.start - 1]
    if prev.text not in pronoun_surnames() or prev.idx + len(prev.text) + 1 != ent.start_char:
        return None
    return prev.idx


def _body_of_what(doc: Doc, ent: Span) -> int:
    """Where a body's name ends that NER cut before "of"/"for" ("the Federal Reserve Bank" + "of New
    York", "the Democratic Party" + "for the People"): its last word is a body's head ("Bank",
    "Party", "Ministry"; never a company ending, as in "Comdisco Inc of Rosemont") and one to four
    capitalised words follow. ``ent.end`` when nothing follows."""
    if ent.end + 1 >= len(doc) or doc[ent.end - 1].text not in body_heads() or not (
            doc[ent.end].lower_ == "of" or (doc[ent.end].lower_ == "for" and doc[ent.end + 1].lower_ == "the")):
        return ent.end  # "the District Court" + "for Delaware" is a court and a place
    start = ent.end + 1 + (doc[ent.end + 1].lower_ == "the")
    end = start
    while end < len(doc) and end - start < 4 and doc[end].is_title and not doc[end].is_sent_start:
        end += 1
    return end if end > start and not (end < len(doc) and doc[end].lower_ in ("of", "and")) else ent.end


def add_gazetteer_names(doc: Doc, ents: tuple[Span, ...], mentions: list[Mention], add: Callable[..., None],
                         gaz: Gazetteer) -> None:
    """Countries, organizations and regions the gazetteer knows but NER missed ("the Seychelles", "G8"),
    unless the name is part of a longer capitalised name ("Georgia Smith")."""
    covered = [(m.start, m.end) for m in mentions] + [
        (e.start_char, e.end_char) for e in ents if e.label_ in ("PERSON", "ORG", "FAC", "WORK_OF_ART", "LAW")]
    for match in gaz.scan_pattern().finditer(text_of(doc)):
        start, end = match.start(), match.end()
        if any(s < end and start < e for s, e in covered):
            continue
        span = doc.char_span(start, end)
        if span is None or _inside_longer_name(span):
            continue
        entry = gaz.lookup(match.group())
        if entry is not None and not word_not_code(match.group(), gaz):
            add(span, match.group(), start, end, entry.type, "gazetteer")


def _inside_longer_name(span: Span) -> bool:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.is_title and not after.is_sent_start:
        return True
    return before is not None and before.is_title and not before.is_sent_start and before.lower_ != "the"


def add_styled_names(doc: Doc, mentions: list[Mention], add: Callable[..., None]) -> None:
    """Names NER missed that a style introduces ("Prince Charles", "King Fahd")."""
    styles = "|".join(re.escape(s) for s in name_styles())
    covered = [(m.start, m.end) for m in mentions]
    for match in re.finditer(rf"\b(?:{styles})(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?){{1,2}}\b", text_of(doc)):
        if any(s < match.end() and match.start() < e for s, e in covered):
            continue
        if any(w.lower() in document_heads() or w.lower() in organization_heads() for w in match.group().split()[1:]):
            continue  # "the General Agreement on Tariffs", "the General Assembly": no one's name
        span = doc.char_span(match.start(), match.end())
        if span is not None:
            add(span, match.group(), match.start(), match.end(), "Person", "style")


def add_surname_mentions(doc: Doc, mentions: list[Mention], add: Callable[..., None]) -> None:
    """Lone surnames of people named in full elsewhere in the text, which NER often misses."""
    surnames = {m.text.split()[-1] for m in mentions if m.type == "Person" and len(m.text.split()) >= 2}
    add_names(doc, mentions, add, {name: "Person" for name in surnames if len(name) >= 3 and name[0].isupper()},
              "surname")


def add_acronym_authors(doc: Doc, add: Callable[..., None], gaz: Gazetteer) -> None:
    """An acronym NER left unmarked before a noun of an institution's own words ("the CNAS paper",
    "a WTO statement", ``quote_statements.txt``): the institution that wrote them."""
    for i in token_positions(doc, word_list("quote_statements.txt")):
        for tok in doc[i].lefts:
            if tok.is_upper and tok.is_alpha and 2 <= len(tok) <= 6 and not tok.ent_type_ and tok.dep_ == "compound" \
                    and gaz.lookup(tok.text) is None and not any(p.fullmatch(tok.text) for p in not_entity_patterns()):
                add(doc[tok.i: tok.i + 1], tok.text, tok.idx, tok.idx + len(tok), "Organization", "acronym")


def add_repeated_names(doc: Doc, mentions: list[Mention], add: Callable[..., None]) -> None:
    """An organization's name NER found once, where it stands again unmarked ("guaranteed by SACE,
    the export credit agency" ... "an agreement between Mexico and SACE"): NER judges each span
    alone. Only names that cannot be a common word: acronyms and names of two or more words; and a
    company's name without its legal form ("Benetton" of "Benetton SpA")."""
    orgs = [m.text for m in mentions if m.type == "Organization"]
    names = {name: "Organization" for name in orgs if _distinctive(name)}
    names.update({base: "Organization" for name in orgs if (base := company_base(name)) and base not in names})
    add_names(doc, mentions, add, names, "repeat")


def add_list_members(doc: Doc, mentions: list[Mention], add: Callable[..., None]) -> None:
    """Unmarked names in a list NER otherwise read as organizations ("Astrobotic, Deep Space Systems,
    Draper, Firefly Aerospace, ..."): three or more organizations, at least twice as many as names
    of other kinds."""
    kind_at: dict[int, str] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            kind_at[span.root.i] = m.type
    done: set[int] = set()
    for i in [i for i, kind in kind_at.items() if kind == "Organization"]:
        items = [doc[i], *doc[i].conjuncts]
        if min(t.i for t in items) in done:
            continue
        done.add(min(t.i for t in items))
        kinds = [kind_at.get(t.i) for t in items]
        orgs = kinds.count("Organization")
        if orgs < 3 or orgs < 2 * (len(kinds) - orgs - kinds.count(None)):
            continue
        for tok in (t for t, k in zip(items, kinds) if k is None and t.pos_ == "PROPN" and t.is_title):
            left = tok.i
            while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head == tok and doc[left - 1].is_title:
                left -= 1
            span = doc[left: tok.i + 1]
            add(span, span.text, span.start_char, span.end_char, "Organization", "list")


def company_names_typed(mentions: list[Mention]) -> list[Mention]:
    """A name that ends in a legal form ("FMD Inc") and its short name ("Benetton" of "Benetton
    SpA" named in the article) are the organization wherever NER typed them a person, place or
    unknown."""
    bases = {base for m in mentions if (base := company_base(m.text))}
    return [replace(m, type="Organization") if (m.text in bases or company_base(m.text))
            and m.type in ("Person", "Place", "Unknown") else m for m in mentions]


def _distinctive(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and name[0].isupper() or len(name) >= 2 and name.isupper() and name.isalpha()


def add_names(doc: Doc, mentions: list[Mention], add: Callable[..., None], names: dict[str, str],
              source: str) -> None:
    """Mentions of type ``names[name]`` where a name stands unmarked in the text (case as given,
    whole words), the longest first."""
    if not names:
        return
    covered = [(m.start, m.end) for m in mentions]
    text = text_of(doc)
    # a name is looked for where a token starts it: "Day-Lewis" is three tokens, "O'Neill" one
    by_start: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        for key in {name.split()[0].lower(), re.match(r"\w*", name).group().lower()}:  # type: ignore[union-attr]
            by_start.setdefault(key, []).append(name)
    scanned_to = 0
    for i in token_positions(doc, by_start):
        start = doc[i].idx
        if start < scanned_to:
            continue
        name = next((n for n in by_start[doc[i].lower_] if text.startswith(n, start)
                     and word_bounded(text, start, start + len(n))), None)
        if name is None:
            continue
        scanned_to = start + len(name)
        if any(s < scanned_to and start < e for s, e in covered):
            continue
        span = doc.char_span(start, scanned_to)
        if span is not None:
            add(span, name, start, scanned_to, names[name], source)


_REGION_NOUNS = frozenset({"region", "district", "province", "oblast", "governorate", "prefecture"})


def region_after(ent: Span, end: int, gaz: Gazetteer) -> int | None:
    """Where "the Kyiv region" or "the Kunene region" ends, when a name that is no organization,
    country or known region (a city's name may be) ends at ``end`` just before a lower-case region
    noun: the region is a place of its own, as annotators name it. None otherwise."""
    doc = ent.doc
    if ent.label_ == "ORG" or ent.end >= len(doc) or end != ent.end_char:
        return None
    noun = doc[ent.end]
    entry = gaz.lookup(ent.text)
    if noun.text not in _REGION_NOUNS or (entry is not None and entry.subtype != "City"):
        return None
    return noun.idx + len(noun.text)


def known_pair(text: str, gaz: Gazetteer) -> list[tuple[str, int, GazetteerEntry]]:
    """"U.S.-Canada", "Russia-Ukraine" or "U.S./Soviet": two names the gazetteer knows joined by a
    hyphen or slash (one of them may be a country's demonym, not both: "Japanese-American" is
    no pair), each with its offset in the text and its entry; empty when the text is no such pair."""
    if gaz.lookup(text) is not None:
        return []  # "Guinea-Bissau" is one country
    for match in re.finditer(r"(?<=[\w.])[-/](?=[A-Z])", text):
        left, right = text[: match.start()], text[match.end():]
        a, b = gaz.lookup(left), gaz.lookup(right)
        if a is None and b is not None:
            a = gaz.demonym(left)
        elif b is None and a is not None:
            b = gaz.demonym(right)
        if a is not None and b is not None and a.key != b.key and not word_not_code(left, gaz) \
                and not word_not_code(right, gaz):
            return [(left, 0, a), (right, match.end(), b)]
    return []


def place_in_place(text: str, gaz: Gazetteer) -> list[tuple[str, int, str]]:
    """"Punta del Este in Uruguay": a place NER ran on into the country or region it lies in, as two
    names (the first a Place, the second of its gazetteer type); empty when the text is no such pair."""
    head, sep, rest = text.partition(" in ")
    entry = gaz.lookup(rest) if sep and head[:1].isupper() else None
    if entry is None or entry.type not in ("Country", "Place") or gaz.lookup(text) is not None:
        return []
    return [(head, 0, "Place"), (rest, len(head) + len(sep), entry.type)]
