"""Quote facts: direct quotations in quote marks, with their speaker and date.

Quote marks are paired per paragraph, straight or curly; an odd number of marks never raises: a
quote left open ends where the next one opens (the news habit of re-opening a continued quote) or
at the paragraph's end, and a stray closing mark is ignored. The speaker is the subject of the
attribution verb (``ontology/rules/speech_verbs.txt``) next to the quote, found through the
dependency parse ("…," he said / X noted, "…" / As X remarked, "…" / X set out his position
saying: "…"); "he"/"she" go to the most recent person who was a subject; a quote with no
attribution of its own continues the last speaker of the same or previous paragraph. Quotes
shorter than four words (scare quotes, titles) and quotes with no identifiable speaker are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING

from graph.extract.context import Context, text_of, token_positions
from graph.extract.dates import date_in
from graph.facts import DateRef, Evidence, Mention, Quote, Role
from graph.gazetteer import load_gazetteer
from graph.resources import rules_dir

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MIN_WORDS = 4
PERSONISH = ("Person", "Unknown")
PRONOUNS = {"he", "she"}
SUBJECTS = ("nsubj", "nsubjpass")
OPENERS = "\u201c\u201e"
CLOSERS = "\u201d"
STRAIGHT = '"'
_MARKS = re.compile('["\u201c\u201d\u201e]')
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\w+(?:[-'\u2019.]\w+)*")


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Every word form of the attribution verbs in ``ontology/rules/speech_verbs.txt``."""
    path = rules_dir() / "speech_verbs.txt"
    forms: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            forms.update(w.lower() for w in line.split())
    return frozenset(forms)


@dataclass(frozen=True)
class QuoteSpan:
    """Character offsets of a quotation's words (without marks) and of its marks."""

    start: int
    end: int
    open_at: int
    close_at: int  # offset just after the closing mark, or ``end`` when the quote was left open


def _mark_kind(text: str, i: int) -> str:
    """ "open" or "close" for the mark at ``text[i]`` judged by its neighbours; "" if unclear."""
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([{:-\u2014\u2013") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}-\u2014\u2013"):
        return "close"
    return ""


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces and a trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-\u2014\u2013"):
        end -= 1
    return start, end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quotations in ``text``, paired per paragraph; never fails on unbalanced marks."""
    spans: list[QuoteSpan] = []
    para_start = 0
    bounds = [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    for para_end in bounds:
        open_at: int | None = None
        for mark in _MARKS.finditer(text, para_start, para_end):
            i = mark.start()
            kind = _mark_kind(text, i)
            if not kind:
                kind = "close" if open_at is not None else "open"
            if kind == "open":
                if open_at is not None:  # a quote re-opened before it closed: the first ends here
                    _add(spans, text, open_at, i, i)
                open_at = i
            elif open_at is not None:
                _add(spans, text, open_at, i, i + 1)
                open_at = None
        if open_at is not None:
            _add(spans, text, open_at, para_end, para_end)
        para_start = para_end
    return spans


def _add(spans: list[QuoteSpan], text: str, open_at: int, end: int, close_at: int) -> None:
    start, end = _trim(text, open_at + 1, end)
    if end > start:
        spans.append(QuoteSpan(start, end, open_at, close_at))


class _Salience:
    """Person subjects in text order, to resolve "he"/"she" to the most recent fitting person."""

    def __init__(self) -> None:
        self.offsets: list[int] = []
        self.people: list[Mention | None] = []

    def add(self, offset: int, person: Mention | None) -> None:
        """Record a subject; ``None`` is someone unnamed ("an aide said") who takes over "he"."""
        i = bisect_left(self.offsets, offset)
        self.offsets.insert(i, offset)
        self.people.insert(i, person)

    def before(self, offset: int) -> Mention | None:
        """The most recent subject before ``offset`` (None when unnamed or none)."""
        i = bisect_left(self.offsets, offset)
        return self.people[i - 1] if i else None

    def offset_before(self, offset: int) -> int:
        """Where that most recent subject stands (-1 when there is none)."""
        i = bisect_left(self.offsets, offset)
        return self.offsets[i - 1] if i else -1


def _inside(spans: list[QuoteSpan], offset: int) -> bool:
    """Whether an offset lies within a quotation's marks (spans are in text order, disjoint)."""
    k = bisect_right(spans, offset, key=_opening) - 1
    return k >= 0 and offset < spans[k].close_at


_opening = attrgetter("open_at")


def _known_name_parts(ctx: Context) -> frozenset[str]:
    """Lower-cased words of the article's multi-word person names ("ali", "larijani")."""
    return frozenset(w.lower() for m in ctx.mentions if m.type == "Person" and " " in m.text
                     for w in m.text.split())


def _person_of(ctx: Context, token: Token) -> Mention | None:
    """The person a subject token names (a PERSON mention, or a bare name NER mistyped).

    A mention NER could not type ("Unknown", e.g. a surname read as a nationality) counts only
    when it is part of a full name the article gives, as the resolver will then merge it.
    """
    m = ctx.mention_at(token, PERSONISH)
    if m is not None and (m.type == "Person" or token.lower_ in _known_name_parts(ctx)):
        return m
    if m is not None:
        return None
    other = ctx.mention_at(token)
    if token.pos_ != "PROPN" or not token.text[:1].isupper():
        return None
    if other is not None and other.type != "Place":
        return None
    if load_gazetteer().lookup(token.text) is not None or load_gazetteer().demonym(token.text) is not None:
        return None
    span = token.doc[token.i:token.i + 1]
    left = token.i
    while left > 0 and token.doc[left - 1].dep_ == "compound" and token.doc[left - 1].pos_ == "PROPN":
        left -= 1
    span = token.doc[left:token.i + 1]
    return ctx.mention_for_span(span, "Person")


def _country_key(text: str) -> str | None:
    gaz = load_gazetteer()
    entry = gaz.lookup(text) or gaz.demonym(text)
    return entry.key if entry is not None and entry.type == "Country" else None


def _title_holder(token: Token, roles: list[Role]) -> Mention | None:
    """ "the president said": the one named person the article gives that title (and country).

    Only a definite noun phrase counts, and only when no other person holds the same title.
    """
    if token.tag_ != "NN" or not any(c.lower_ == "the" and c.dep_ == "det" for c in token.children):
        return None
    country: str | None = None
    words = [token.lower_]
    for child in sorted(token.children, key=lambda c: -c.i):
        if child.i > token.i or child.dep_ == "det":
            continue
        key = _country_key(child.text)
        if key is not None and child.dep_ in ("amod", "compound") and country is None:
            country = key
        elif child.dep_ in ("amod", "compound") and child.i == token.i - len(words):
            words.insert(0, child.lower_)
        else:
            return None
    title = " ".join(words)
    holders = {r.person.text.split()[-1].lower(): r.person for r in roles
               if r.person is not None and r.title.lower() == title
               and (country is None or (r.country is not None and _country_key(r.country.text) == country))}
    return next(iter(holders.values())) if len(holders) == 1 else None


def _main_clause(verb: Token) -> bool:
    """A sentence's own verb (root, or joined to it by "and"), not a reported or embedded clause.

    A speech verb counts too, unless it sits in a relative or "when ..." clause ("the formula,
    which was shelved when the Soviet leader insisted on ...": the sentence is not about him).
    """
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    if verb.dep_ == "ROOT":
        return True
    if verb.lower_ not in speech_verbs():
        return False
    return not any(a.dep_ in ("relcl", "acl") or (a.dep_ == "advcl" and any(c.dep_ == "mark" or c.tag_ == "WRB" for c in a.children))
                   for a in (verb, *verb.ancestors))


def _salience(doc: Doc, ctx: Context, spans: list[QuoteSpan],
              roles: list[Role]) -> tuple[_Salience, _Salience]:
    """Persons who are subjects of main verbs outside quotes (pronouns resolved on the way),
    and the subset who are subjects of attribution verbs (the last one to speak)."""
    sal, speech = _Salience(), _Salience()
    for i in token_positions(doc, dep=SUBJECTS):
        tok = doc[i]
        if _inside(spans, tok.idx) or not _main_clause(tok.head):
            continue
        person = sal.before(tok.idx) if tok.lower_ in PRONOUNS else _person_of(ctx, tok)
        if person is None:
            person = _title_holder(tok, roles)
        speaking = tok.head.lower_ in speech_verbs()
        if person is not None:
            sal.add(tok.idx, person)
        elif tok.tag_ == "NN" and speaking:
            sal.add(tok.idx, None)  # "an aide told reporters. He added ...": not the last named person
        if speaking and (person is not None or tok.tag_ == "NN"):
            speech.add(tok.idx, person)
    return sal, speech


def _subject(verb: Token, spans: list[QuoteSpan]) -> Token | None:
    """The subject of an attribution verb, climbing from participles ("saying", "adding")."""
    v = verb
    for _ in range(4):
        reported = _quoted_as(v)
        if reported is not None:  # "Kyodo quoted Nakasone as telling reporters, ..."
            return reported
        subjects = [c for c in v.children if c.dep_ in SUBJECTS and not _inside(spans, c.idx)]
        if subjects:  # a mis-parse may give two ("Asked whether X would ..., he replied"): the nearest
            return min(subjects, key=lambda c: abs(c.i - v.i))
        if v.dep_ == "acl" and v.head.pos_ == "PROPN":
            return v.head
        if v.dep_ in ("ROOT",) or v.head is v:
            return None
        v = v.head
    return None


def _quoted_as(verb: Token) -> Token | None:
    """The person in "<source> quoted <person> as saying": the object of "quote", not its subject."""
    if verb.lower_ not in ("quote", "quotes", "quoted", "quoting"):
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "PROPN"), None)


def _according_to(tokens: list[Token]) -> Token | None:
    for tok in tokens:
        if tok.lower_ == "according" and tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            obj = [c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"]
            return obj[0] if obj else tok.doc[tok.i + 2]
    return None


def _governing(quote: Span, verbs: list[Token]) -> list[Token]:
    """Attribution verbs the quoted words depend on, nearest ancestor first."""
    words = [t for t in quote if not t.is_punct and not t.is_space]
    found: list[Token] = []
    for tok in words:
        for depth, anc in enumerate(tok.ancestors):
            if anc in verbs and anc not in found:
                found.append(anc)
                break
            if depth > 8:
                break
    ranks = {v.i: min((d for t in words for d, a in enumerate(t.ancestors) if a.i == v.i), default=99)
             for v in found}
    return sorted(found, key=lambda v: ranks[v.i])


def _attribution(doc: Doc, q: QuoteSpan, spans: list[QuoteSpan]) -> tuple[Token | None, list[Token]]:
    """The speaker token for a quote and the tokens of its attribution (outside any quote)."""
    first = doc.char_span(q.start, q.end, alignment_mode="expand")
    if first is None or not len(first):
        return None, []
    sents = list({first[0].sent.start: first[0].sent, first[-1].sent.start: first[-1].sent}.values())
    lo, hi = min(s.start for s in sents), max(s.end for s in sents)
    outside = [t for t in doc[lo:hi] if not _inside(spans, t.idx) and not t.is_space]
    verbs = [t for t in outside if t.lower_ in speech_verbs() and t.pos_ in ("VERB", "AUX")]
    # Prefer a verb the quote depends on, then the nearest one.
    governing = _governing(first, verbs)
    ordered = governing + sorted((v for v in verbs if v not in governing),
                                 key=lambda v: min(abs(v.idx - q.start), abs(v.idx - q.end)))
    for verb in ordered:
        subj = _subject(verb, spans)
        if subj is not None:
            return subj, outside
    return _according_to(outside), outside


@lru_cache(maxsize=1)
def statement_nouns() -> frozenset[str]:
    """Nouns for an institution's own words ("a Foreign Ministry statement said") from ``quote_statements.txt``."""
    path = rules_dir() / "quote_statements.txt"
    return frozenset(ln.strip().lower() for ln in path.read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#"))


def _institution(ctx: Context, subj: Token) -> Mention | None:
    """ "the Foreign Ministry said" / "a Foreign Ministry statement said": the organization speaks."""
    m = ctx.mention_at(subj, ("Organization",))
    if m is not None:
        return m if _institution_like(ctx, m) else None
    if subj.lower_ not in statement_nouns():
        return None
    for child in subj.children:
        if child.dep_ in ("compound", "poss", "nmod") and child.i < subj.i:
            m = ctx.mention_at(child, ("Organization",))
            if m is not None and _institution_like(ctx, m):
                return m
    return None


def _institution_like(ctx: Context, m: Mention) -> bool:
    """An organization mention that is no mistyped person: known to the gazetteer, or a name of
    two or more words with no honorific, no title head ("National Security Adviser") and no word
    of a person's name the article gives."""
    from graph.extract.roles import title_rules

    entry = load_gazetteer().lookup(m.text)
    if entry is not None:
        return entry.type == "Organization"
    words = m.text.strip("\"'\u201c\u201d ").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) < 2 or words[0].lower().rstrip(".") in ("mr", "mrs", "ms", "dr", "sir"):
        return False
    names = _known_name_parts(ctx)
    return words[-1].lower() not in title_rules() and not any(w.lower() in names for w in words)


def _speaker(ctx: Context, subj: Token | None, sal: _Salience, roles: list[Role],
             speech: _Salience) -> Mention | None:
    if subj is None:
        return None
    if subj.lower_ in PRONOUNS:
        return sal.before(subj.idx)
    if subj.lower_ == "it":  # "It said:" after an institution's statement
        last = speech.before(subj.idx)
        return last if last is not None and last.type == "Organization" else None
    return _person_of(ctx, subj) or _title_holder(subj, roles) or _institution(ctx, subj)


def _paragraph_of(text: str, offset: int) -> int:
    return len(_PARAGRAPH.findall(text, 0, offset))


def _date(ctx: Context, doc: Doc, tokens: list[Token]) -> DateRef | None:
    """A date stated in the attribution words ("Speaking on Tuesday, X noted"), else publication."""
    published = ctx.article.published
    runs: list[list[Token]] = []
    for tok in tokens:
        if runs and tok.i == runs[-1][-1].i + 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    for run in runs:
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        ref = date_in(text_of(doc)[start:end], published, offset=start)
        if ref is not None:
            return ref
    if published is None:
        return None
    return DateRef(published.isoformat(), published)


def extract_quotes(doc: Doc, ctx: Context) -> list[Quote]:
    """Direct quotations of four or more words with an identifiable speaker."""
    text = text_of(doc)
    spans = find_quote_spans(text)
    if not spans:
        return []
    from graph.extract.roles import extract_roles

    roles = extract_roles(doc, ctx)
    sal, speech = _salience(doc, ctx, spans, roles)
    quotes: list[Quote] = []
    for q in spans:
        subj, outside = _attribution(doc, q, spans)
        speaker = _speaker(ctx, subj, sal, roles, speech)
        if speaker is None and subj is None:  # no attribution: the last speaker goes on talking
            at = speech.offset_before(q.start)
            if at >= 0 and _paragraph_of(text, q.start) - _paragraph_of(text, at) <= 1:
                speaker = speech.before(q.start)
        if speaker is not None:
            speech.add(q.start, speaker)
        if speaker is None or len(_WORD.findall(text[q.start:q.end])) < MIN_WORDS:
            continue
        sent_span = doc.char_span(q.start, q.end, alignment_mode="expand")
        s_start = min([sent_span[0].sent.start_char] + [t.idx for t in outside]) if sent_span else q.start
        s_end = max([sent_span[-1].sent.end_char] + [t.idx + len(t.text) for t in outside]) if sent_span else q.end
        evidence = Evidence(ctx.article.id, text[s_start:s_end].strip(), q.start, q.end)
        quotes.append(Quote(text=text[q.start:q.end], start=q.start, end=q.end, evidence=evidence,
                            speaker=speaker, date=_date(ctx, doc, outside), direct=True))
    return quotes
