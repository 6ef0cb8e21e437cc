"""Entity mentions: people, countries, organizations and places, from NER plus the gazetteer.

spaCy's NER labels are mapped to our four types; the gazetteer decides between Country and
Place for GPEs and rescues names the small model mislabels (an ORG that is a country, a NORP
that is not a demonym). Labels the resolver cannot place yet (a NORP such as "Larijani") are
kept as ``Unknown`` so it can merge them with a known full name. Dateline places count too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.context import Context, text_of, token_positions
from graph.facts import Evidence, Mention
from graph.gazetteer import Gazetteer, load_gazetteer
from graph.resources import rules_dir

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
             "NORP": "Unknown", "FAC": "Place"}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_TRAILING = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_ACRONYM_DEF = re.compile(r"(?P<long>(?:[A-Z][\w&'\-]*\s+(?:(?:of|for|and|the|on|de)\s+)*){1,8})\((?P<short>[A-Z][A-Z&.\-]{1,9})\)")


@lru_cache(maxsize=1)
def honorifics() -> tuple[str, ...]:
    """Honorifics and titles from ``ontology/rules/honorifics.txt``, longest first."""
    return _word_list("honorifics.txt")


@lru_cache(maxsize=1)
def name_styles() -> tuple[str, ...]:
    """Styles that belong to a name ("King", "Prince") from ``ontology/rules/name_styles.txt``."""
    return _word_list("name_styles.txt")


@lru_cache(maxsize=1)
def _name_prefix_words() -> frozenset[str]:
    """Honorifics and styles, lower-cased, for widening a name over the words before it."""
    return frozenset(h.lower() for h in (*honorifics(), *name_styles()))


@lru_cache(maxsize=1)
def not_entity_patterns() -> tuple[re.Pattern[str], ...]:
    """Patterns of mention texts that are no entity, from ``ontology/rules/not_entities.tsv``."""
    lines = (rules_dir() / "not_entities.tsv").read_text(encoding="utf-8").splitlines()
    rows = [ln.split("\t")[0] for ln in lines if ln.strip() and not ln.startswith("#")]
    return tuple(re.compile(p) for p in rows[1:])


def _word_list(filename: str) -> tuple[str, ...]:
    path = rules_dir() / filename
    words = {ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")}
    return tuple(sorted(words, key=len, reverse=True))


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


def _clean_span(text: str, start: int) -> tuple[str, int, int]:
    """Strip a leading article, a trailing possessive and a parenthetical, keeping offsets exact."""
    if "(" in text:
        text = text.split("(")[0].rstrip()
    lead = _LEADING.match(text)
    if lead:
        text, start = text[lead.end():], start + lead.end()
    text = re.sub(r"(?:\s+[a-z][a-z-]*)+$", "", text) if re.search(r"[A-Z]", text) else text
    trail = _TRAILING.search(text)
    if trail:
        text = text[: trail.start()]
    text = text.rstrip(" ,.;:")
    return text, start, start + len(text)


@lru_cache(maxsize=1)
def organization_heads() -> frozenset[str]:
    """Head words of national organizations, from ``ontology/rules/organization_heads.txt``."""
    return frozenset(w.lower() for w in _word_list("organization_heads.txt"))


@lru_cache(maxsize=1)
def document_heads() -> frozenset[str]:
    """"Treaty" of "Treaty of Rome", from ``ontology/rules/document_heads.txt``."""
    return frozenset(w.lower() for w in _word_list("document_heads.txt"))


def _adjective_of_place(text: str, gaz: Gazetteer) -> bool:
    """"Kashmiri", "Kashmiris", "Texan": a people or adjective formed from a known place."""
    for suffix in ("is", "i", "ans", "an", "ns", "n", "ese", "s"):
        if text.endswith(suffix) and len(text) > len(suffix) + 3:
            entry = gaz.lookup(text[: -len(suffix)])
            if entry is not None and entry.type in ("Place", "Country"):
                return True
    return False


def _country_prefix(text: str, gaz: Gazetteer) -> str | None:
    """"U.S." of "U.S. Imports": a leading country name followed by a word that is no org head."""
    words = text.split()
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k])
        entry = gaz.lookup(head)
        if entry is not None and entry.type == "Country":
            return head if words[-1].lower() not in organization_heads() else None
    return None


def _names_a_document(ent: Span) -> bool:
    """The place of "Treaty of Rome" is part of a document's name."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ != "of":
        return False
    return doc[ent.start - 2].lower_ in document_heads() and doc[ent.start - 2].is_title


def classify(label: str, text: str, gaz: Gazetteer) -> str | None:
    """Our entity type for an NER label and its text, or None when it is no entity."""
    entry = gaz.lookup(text)
    if entry is not None:
        return entry.type
    if any(p.fullmatch(text) for p in not_entity_patterns()) or text in honorifics():
        return None
    if (label != "ORG" or " " not in text) and _adjective_of_place(text, gaz):
        return None
    if label == "NORP":
        return None if gaz.demonym(text) else "Unknown"
    if label in ("GPE", "LOC", "FAC") and gaz.demonym(text):
        return None
    if label == "FAC":
        return None  # buildings and roads: too noisy to be scored entities
    return NER_TYPES.get(label)


def extract_mentions(doc: Doc, ctx: Context, gaz: Gazetteer | None = None) -> list[Mention]:
    """Every entity mention in the article, each with its sentence as evidence."""
    gaz = gaz or load_gazetteer()
    mentions: list[Mention] = []
    taken: set[tuple[int, int]] = set()

    def add(span: Span, text: str, start: int, end: int, type_: str, source: str) -> None:
        if (start, end) in taken or not text or not any(ch.isalpha() for ch in text):
            return
        taken.add((start, end))
        mentions.append(Mention(text, type_, start, end, ctx.evidence(span, start, end), source))

    ents = doc.ents  # spaCy builds the tuple anew on each access
    extended = _names_with_particles(doc, ents)
    for ent in ents:
        if ent.label_ not in NER_TYPES:
            continue
        if ent.label_ != "PERSON" and any(s <= ent.start_char < e for s, e in extended.values()):
            continue  # "Madrid" of "Miguel de la Madrid"
        raw, raw_start = _with_honorific(ent)
        if ent.start_char in extended:
            raw = text_of(doc)[raw_start: extended[ent.start_char][1]]
        if ent.label_ == "PERSON" or raw_start != ent.start_char:  # "Mr Brown's Facility" is Brown's thing
            raw = re.split(r"['\u2019]s\s", raw)[0]
        text, start, end = _clean_span(raw, raw_start)
        if ent.label_ in ("GPE", "LOC") and (_names_a_document(ent) or (
                _before_document_head(ent) and not _is_country(text, gaz))):
            continue
        country = _country_prefix(text, gaz) if ent.label_ == "ORG" else None
        if country is not None:
            add(ent, country, start, start + len(country), "Country", "ner")
            continue
        type_ = classify(ent.label_, text, gaz)
        if type_:
            add(ent, text, start, end, type_, "ner")
    _add_gazetteer_names(doc, ents, mentions, add, gaz)
    for match in _ACRONYM_DEF.finditer(text_of(doc)):
        long_text, start, end = _clean_span(match.group("long").strip(), match.start("long"))
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(long_text.split()) < 2:
            continue
        entry = gaz.lookup(long_text) or gaz.lookup(match.group("short"))
        type_ = entry.type if entry else "Organization"
        add(span, long_text, start, end, type_, "acronym")
        short_span = doc.char_span(match.start("short"), match.end("short"), alignment_mode="expand")
        if short_span is not None:
            add(short_span, match.group("short"), match.start("short"), match.end("short"), type_, "acronym")
    _add_styled_names(doc, mentions, add)
    _add_surname_mentions(doc, mentions, add)
    dateline = ctx.article.dateline_place
    if dateline and text_of(doc):
        place, start, end = dateline
        span = doc.char_span(start, end, alignment_mode="expand") or doc[0:1]
        entry = gaz.lookup(place)
        add(span, place, start, end, entry.type if entry else "Place", "dateline")
    return sorted(mentions, key=lambda m: (m.start, m.end))


NAME_PARTICLES = frozenset({"de", "la", "del", "della", "da", "das", "dos", "du", "van", "von", "der",
                            "den", "bin", "ben", "al", "el", "le", "di", "ter"})


def _names_with_particles(doc: Doc, ents: tuple[Span, ...]) -> dict[int, tuple[int, int]]:
    """Person names NER cut at a particle ("Miguel de la" + "Madrid"): start -> widened span."""
    widened = {}
    for ent in ents:
        if ent.label_ != "PERSON" or ent.end >= len(doc) or doc[ent.end - 1].lower_ not in NAME_PARTICLES:
            continue
        end = ent.end
        while end < len(doc) and doc[end].is_title:
            end += 1
        if end > ent.end:
            widened[ent.start_char] = (ent.start_char, doc[end - 1].idx + len(doc[end - 1].text))
    return widened


def _before_document_head(ent: Span) -> bool:
    """The place of "Kyoto Protocol" or "the Oslo accords" names a document."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].lower_ in document_heads()


def _is_country(text: str, gaz: Gazetteer) -> bool:
    entry = gaz.lookup(text)
    return entry is not None and entry.type == "Country"


def _add_gazetteer_names(doc: Doc, ents: tuple[Span, ...], mentions: list[Mention], add: Callable[..., None],
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
        if entry is not None:
            add(span, match.group(), start, end, entry.type, "gazetteer")


def _inside_longer_name(span: Span) -> bool:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.is_title and not after.is_sent_start:
        return True
    return before is not None and before.is_title and not before.is_sent_start and before.lower_ != "the"


def _add_styled_names(doc: Doc, mentions: list[Mention], add: Callable[..., None]) -> None:
    """Names NER missed that a style introduces ("Prince Charles", "King Fahd")."""
    styles = "|".join(re.escape(s) for s in name_styles())
    covered = [(m.start, m.end) for m in mentions]
    for match in re.finditer(rf"\b(?:{styles})(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?){{1,2}}\b", text_of(doc)):
        if any(s < match.end() and match.start() < e for s, e in covered):
            continue
        span = doc.char_span(match.start(), match.end())
        if span is not None:
            add(span, match.group(), match.start(), match.end(), "Person", "style")


def _add_surname_mentions(doc: Doc, mentions: list[Mention], add: Callable[..., None]) -> None:
    """Lone surnames of people named in full elsewhere in the text, which NER often misses."""
    surnames = {m.text.split()[-1] for m in mentions if m.type == "Person" and len(m.text.split()) >= 2}
    surnames = {name for name in surnames if len(name) >= 3 and name[0].isupper()}
    if not surnames:
        return
    covered = [(m.start, m.end) for m in mentions]
    text = text_of(doc)
    # a name is looked for where a token starts it: "Day-Lewis" is three tokens, "O'Neill" one
    by_start: dict[str, list[str]] = {}
    for name in sorted(surnames, key=len, reverse=True):
        for key in {name.lower(), re.match(r"\w*", name).group().lower()}:  # type: ignore[union-attr]
            by_start.setdefault(key, []).append(name)
    scanned_to = 0
    for i in token_positions(doc, by_start):
        start = doc[i].idx
        if start < scanned_to:
            continue
        name = next((n for n in by_start[doc[i].lower_] if text.startswith(n, start)
                     and _word_bounded(text, start, start + len(n))), None)
        if name is None:
            continue
        scanned_to = start + len(name)
        if any(s <= start < e for s, e in covered):
            continue
        span = doc.char_span(start, scanned_to)
        if span is not None:
            add(span, name, start, scanned_to, "Person", "surname")


def _word_bounded(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a word boundary at both ends, as a regex ``\\b...\\b`` requires."""
    def word(i: int) -> bool:
        return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")

    return word(start - 1) != word(start) and word(end - 1) != word(end)


def acronym_pairs(text: str) -> list[tuple[str, str]]:
    """(long form, acronym) pairs defined in the text as "Long Name (ACR)"."""
    pairs = []
    for match in _ACRONYM_DEF.finditer(text):
        long_text = _clean_span(match.group("long").strip(), 0)[0]
        short = match.group("short").replace(".", "")
        initials = "".join(w[0] for w in long_text.split() if w[0].isupper())
        if _subsequence(short.upper(), initials.upper()):
            pairs.append((long_text, match.group("short")))
    return pairs


def _subsequence(short: str, initials: str) -> bool:
    """True when every letter of the acronym appears, in order, among the initials."""
    rest = iter(initials)
    return len(short) >= 2 and all(ch in rest for ch in short if ch.isalpha())


__all__ = ["Evidence", "acronym_pairs", "classify", "extract_mentions"]
