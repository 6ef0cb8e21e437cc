"""One article-level pass that makes person names consistent before any other family reads them.

NER judges each span alone: a person named in full early on is often an ORG or GPE when the
surname stands alone after a quote ("... ," Vandrell said), a title or a sentence-initial
participle is taken into the name ("Superintendent Jane Roe", "Hosting Cook"), and a name runs
on over a comma ("Tanaka, Jiji Press"). The pass trims person spans, reads names out of title
spans NER gave another label, and retypes a bare surname or full name of an article person as
Person, so quote speakers and role holders see one person throughout.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.context import Context, text_of, token_positions
from graph.extract.entities.types import company_base
from graph.facts import Mention
from graph.gazetteer import Gazetteer, known_cities
from graph.rules import address_forms, honorifics, name_particles, name_styles, rule_lines, table, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_NAME_WORD = re.compile(r"[A-Z][\w'\u2019.-]*$")


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Lower-cased words that stand before a name without being part of it: honorifics and the
    post titles of ``titles.tsv`` ("superintendent", "analyst"); never a style that is part of
    the name ("King", "Sheikh")."""
    titles = {(row.get("phrase") or "").strip().lower() for row in table("titles.tsv")}
    styles = {s.lower() for s in name_styles()}
    return frozenset(({h.lower() for h in honorifics()} | {t for t in titles if t}) - styles)


@lru_cache(maxsize=1)
def portfolio_titles() -> frozenset[str]:
    """Lower-cased posts a portfolio names ("Minister", "Secretary": flag ``portfolio`` in ``titles.tsv``),
    not those that also follow a body's name ("Treasury officials", flag ``org``) or speak for one."""
    flagged = [(row, set((row.get("flags") or "").split(","))) for row in table("titles.tsv")]
    return frozenset((row.get("phrase") or "").strip().lower() for row, flags in flagged
                     if "portfolio" in flags and not flags & {"org", "anonymous"})


@lru_cache(maxsize=1)
def _title_parts() -> frozenset[str]:
    """Every single word of the title phrases ("officer" of "chief executive officer"): a word no
    name after a title is made of."""
    return frozenset(w.strip(".") for phrase in title_words() for w in phrase.split())


@lru_cache(maxsize=1)
def _honorific_parts() -> frozenset[str]:
    """Every single word of the honorifics ("datuk", "seri", "prime")."""
    return frozenset(w for h in honorifics() for w in h.lower().split())


def no_name(text: str, gaz: Gazetteer) -> bool:
    """A "person" made only of titles and honorifics, perhaps after a country or its demonym ("US
    President", "Dutch Minister", "Datuk Seri"): no one is named."""
    words = text.split()
    titles = [w for w in words if w.lower() in _honorific_parts() or w.lower().strip(".") in _title_parts()]
    if not titles:
        return False
    rest = [w for w in words if w not in titles]
    return all(((entry := gaz.lookup(w)) is not None and entry.type == "Country") or gaz.demonym(w) is not None
               for w in rest)


def _is_name(words: list[str]) -> bool:
    """Two or three capitalised words, as a person's name is written, perhaps with a particle
    between them ("Willy de Clercq")."""
    inner = [w for w in words[1:-1] if w not in name_particles()]
    capitalised = [words[0], *inner, words[-1]] if len(words) >= 2 else words
    return 2 <= len(capitalised) <= 3 and len(words) <= 4 and all(_NAME_WORD.match(w) for w in capitalised)


def trimmed_person(text: str, sentence_initial: bool) -> tuple[int, int] | None:
    """The (start, end) inside a person span's text that is the name itself, when words around it
    are not: a comma run-on ("Tanaka, Jiji Press" -> "Tanaka"), leading post titles
    ("Superintendent Jane Roe") or party labels ("Tory Jane Roe"), or a sentence-initial participle ("Hosting Cook"). Honorifics
    stay ("Mr. Larijani"): the resolver strips them and keeps the form as an alias. None when
    the span is the name already."""
    end = text.find(",") if "," in text else len(text)
    end = len(text[:end].rstrip())
    words = list(re.finditer(r"\S+", text[:end]))
    if not words:
        return None
    kept = {h.lower() for h in honorifics()}
    first = 0
    while len(words) - first > 1 and words[first].group().lower() in title_words() - kept:
        first += 1
    while len(words) - first > 2 and words[first].group().lower() in word_list("party_labels.txt"):
        first += 1  # "Tory David Heathcoat-Amory"
    if first == 0 and sentence_initial and len(words) > 1:
        lead = words[0].group()
        if lead.endswith("ing") and len(lead) >= 6 and lead[0].isupper():
            first = 1
    if first and not all(_NAME_WORD.match(w.group()) for w in words[first:]):
        first = 0
    if first == 0 and end == len(text):
        return None
    return words[first].start(), end


def _a_title(tok: Token) -> bool:
    """A title word, singular or plural ("Commissioners")."""
    return tok.lower_ in title_words() or tok.lower_.removesuffix("s") in title_words()


def names_in_titled_spans(doc: Doc, covered: list[tuple[int, int]]) -> list[tuple[Span, str]]:
    """Person names after a title in spans NER gave a non-person label ("Superintendent Jane Roe"
    as WORK_OF_ART or ORG) or left untagged: the title word(s), then a 2-3 word name (a company's
    name is none: "General Motors Corp")."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("WORK_OF_ART", "ORG", "EVENT", "LAW", "PRODUCT") or len(ent) < 3:
            continue
        k = 1 if len(ent) > 3 and ent[0].is_upper and _a_title(ent[1]) else 0  # "EC Commissioners X"
        while k < len(ent) - 2 and _a_title(ent[k]):
            k += 1
        name = ent[k:]
        if k == 0 or not _is_name([t.text for t in name]) or company_base(ent.text) is not None \
                or any(t.pos_ != "PROPN" and t.text not in name_particles() or t.lower_ in _title_parts() for t in name):
            continue
        if not any(s < name.end_char and name.start_char < e for s, e in covered if (s, e) != (
                ent.start_char, ent.end_char)):
            found.append((name, name.text))
    for i in token_positions(doc, title_words()):
        tok = doc[i]
        if i >= len(doc) - 2 or not tok.is_title or tok.ent_type_:
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].is_title \
                and not doc[end].ent_type_ and doc[end].lower_ not in _title_parts():
            end += 1
        name = doc[tok.i + 1:end]
        if _is_name([t.text for t in name]) and (end == len(doc) or not doc[end].is_title) \
                and not any(s < name.end_char and name.start_char < e for s, e in covered):
            found.append((name, name.text))  # "Detective Omar Quill" NER left untagged
    return found


def names_a_facility(span: Span) -> bool:
    """"Kamiti" of "Kamiti prison": a name followed by a facility noun (``facility_heads.txt``)."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in word_list("facility_heads.txt")


def _where(doc: Doc, m: Mention) -> bool:
    """A "person" that is the object of "in", "near" or "outside" ("held in Kamiti", "in Khan
    Younis", "in Natal and Gauteng") is a place: people are not written as where something
    happens. A name of several words counts only when its last word never stands alone in the
    text, as a person's surname would."""
    span = doc.char_span(m.start, m.end)
    if span is None or len(span) > 3:
        return False
    if len(span) > 1 and word_count(text_of(doc), span[-1].text) > word_count(text_of(doc), span.text):
        return False
    tok = span.root
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "near", "outside", "inside") and not any(
        c.dep_ == "case" for c in span.root.children)


def word_count(text: str, words: str) -> int:
    """How often ``words`` stands in ``text`` between word boundaries: what
    ``len(re.findall(rf"\\b{re.escape(words)}\\b", text))`` counts, without compiling a pattern
    for every name (most of the consistency pass's time went to that)."""
    count, at, size = 0, text.find(words), len(words)
    while at >= 0 and size:
        end = at + size
        if _boundary(text, at) and _boundary(text, end):
            count += 1
            at = text.find(words, end)
        else:
            at = text.find(words, at + 1)
    return count


def _boundary(text: str, at: int) -> bool:
    """Whether ``\\b`` holds at ``at``: a word character on one side only (re's ``\\w``: letters,
    digits and "_")."""
    before = at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")
    after = at < len(text) and (text[at].isalnum() or text[at] == "_")
    return before != after


def _leading_title(words: list[str]) -> int:
    """How many leading words are a title or honorific ("Prime Minister" of "Prime Minister
    Shigeru Ishiba", "Mr."), longest first; 0 if none."""
    return next((k for k in (3, 2, 1) if len(words) > k and " ".join(words[:k]).lower() in title_words()), 0)


def _person_forms(mentions: list[Mention]) -> tuple[set[str], set[str]]:
    """Full names (two or more words) of the article's people, and their surnames: the last word,
    or the last words of a longer name ("El Saife", "Al Saud")."""
    full = set()
    for m in mentions:
        words = m.text.split()
        while words and (k := _leading_title(words)):
            words = words[k:]
        if m.type == "Person" and _is_name(words):
            full.add(" ".join(words))
    surnames = {name.split()[-1] for name in full if len(name.split()[-1]) >= 3}
    surnames |= {" ".join(name.split()[k:]) for name in full for k in range(1, len(name.split()) - 1)
                 if name.split()[k][:1].isupper()}  # "El Saife" of "Mohamed El Saife"
    return full, surnames


def _split_person_runs(doc: Doc, ctx: Context, mentions: list[Mention], people: set[str]) -> list[Mention]:
    """An organization span that opens with an article person's name and a comma or "and" ("Nakasone,
    Kyodo News Service", "Finance Minister Ade Obi and the Export Credits Agency"): the person, then
    the organization."""
    out: list[Mention] = []
    for m in mentions:
        split = re.match(r"(.+?)(, | and (?:the )?)([A-Z].*)$", m.text) if m.type == "Organization" and m.source == "ner" else None
        head = split.group(1) if split else ""
        name = head if head in people else next((p for p in people if " " in p and head.endswith(" " + p)), None)
        if split and name:
            cut = m.start + split.start(3)
            first = m.start + split.end(1) - len(name)
            person, body = doc.char_span(first, first + len(name)), doc.char_span(cut, m.end)
            if person is not None and body is not None:
                out.append(Mention(name, "Person", first, first + len(name), ctx.evidence(person), "consistency"))
                m = replace(m, text=split.group(3), start=cut, evidence=ctx.evidence(body))
        out.append(m)
    return out


def _addressed(text: str) -> set[str]:
    """Surnames the article writes after a form of address ("Mr. Trump", "Mrs Clinton"): people,
    whatever NER calls their bare mentions."""
    forms = "|".join(sorted({re.escape(f.rstrip(".")) for f in rule_lines("address_forms.txt")}, key=len, reverse=True))
    return {m.group(1) for m in re.finditer(rf"\b(?:{forms})\.?\s+([A-Z][\w'\u2019-]+)", text)
            if len(m.group(1)) >= 3}


def consistent_people(doc: Doc, ctx: Context, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """The mentions with person spans trimmed to the name and every bare surname or full name of
    an article person typed Person, whatever NER said; a name the gazetteer or the city list
    knows ("Jordan", "Washington") keeps its type, as the place is the likelier reading. A lone
    "person" NER found where a place stands ("held in Kamiti") and no article person is named
    so becomes a Place."""
    text = text_of(doc)
    out: list[Mention] = []
    for m in mentions:
        if m.type == "Person" and m.source == "ner":
            if no_name(m.text, gaz):
                continue  # "Prime Minister Datuk Seri", "US President": titles with no name
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and names_a_facility(span):
                continue
            if span is not None and len(span) == 1 and span.start > 0 and doc[span.start - 1].lower_ == "the" \
                    and span.root.dep_ != "compound":
                continue  # "the Bill", "the Chamber": a thing; "the Trump administration" keeps its person
            cut = trimmed_person(m.text, span is not None and span[0].is_sent_start)
            if cut is not None and span is not None:
                start, end = m.start + cut[0], m.start + cut[1]
                m = replace(m, text=text[start:end], start=start, end=end, evidence=ctx.evidence(span, start, end))
        out.append(m)
    taken = {(m.start, m.end) for m in out}
    for span, name in names_in_titled_spans(doc, list(taken)):
        if (span.start_char, span.end_char) not in taken:
            out = [m for m in out if not (m.type != "Person" and m.start < span.start_char and span.end_char <= m.end)]
            out.append(Mention(name, "Person", span.start_char, span.end_char, ctx.evidence(span), "title"))
    full, surnames = _person_forms(out)
    surnames |= _addressed(text)
    out = _split_person_runs(doc, ctx, out, full | surnames)
    cities = known_cities()
    parts = {w for name in full for w in name.split()}
    for i, m in enumerate(out):
        if m.type == "Person" and m.source == "ner" and m.text not in parts and _where(doc, m):
            out[i] = replace(m, type="Place", source="consistency")
        if m.type == "Person" or m.source not in ("ner", "gazetteer"):
            continue
        words = m.text.split()
        while len(words) > 1 and (words[0].lower() in address_forms() or words[0].lower() in title_words()):
            words = words[1:]  # "Ambassador Emani" typed ORG
        bare = " ".join(words)
        if m.type == "Place" and _where(doc, m):
            continue  # "held in Ellsworth": where something happens is a place, whoever shares the name
        if bare in full or (bare in surnames and (gaz.lookup(bare) is None and bare not in cities)):
            out[i] = replace(m, type="Person", source="consistency")
    return sorted(out, key=lambda m: (m.start, m.end))
