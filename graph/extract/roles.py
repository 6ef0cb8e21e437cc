"""Role facts: who holds which post ("French Prime Minister Jacques Chirac", "X, chairman of Y").

A spaCy ``PhraseMatcher`` built from ``ontology/rules/titles.tsv`` (optionally preceded by a portfolio
word from ``roles_portfolios.txt``) finds title phrases; around each one we read, left to right:
the qualifier before it (a country's possessive, a demonym or an organization name), the title's
complements ("of the Supreme National Security Council", "of Trade", "to Lebanon") and the holder
(the name after the title, an appositive name before it, or none for "the Iraqi Foreign Minister
suggested"). A country named only by a demonym becomes a ``Country`` mention the resolver maps.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.context import Context, text_of, token_at_or_after, token_positions
from graph.facts import Mention, Role
from graph.gazetteer import Gazetteer, load_gazetteer
from graph.resources import rules_dir

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

PERSONISH = ("Person", "Unknown")
POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame"}
SMALL_WORDS = {"of", "the", "and", "for", "to"}
NAME_PARTICLES = {"de", "la", "del", "da", "dos", "van", "von", "der", "den", "di", "le", "bin", "al", "ben"}


@dataclass(frozen=True)
class TitleRule:
    """One title phrase from the data file and what it may combine with."""

    phrase: str
    canonical: str
    flags: frozenset[str]


@lru_cache(maxsize=1)
def title_rules() -> dict[str, TitleRule]:
    """Title rules keyed by lower-case phrase, from ``ontology/rules/titles.tsv``."""
    path = rules_dir() / "titles.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rules = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        phrase = (row.get("phrase") or "").strip().lower()
        if not phrase:
            continue
        flags = frozenset(f.strip() for f in (row.get("flags") or "").split(",") if f.strip())
        rules[phrase] = TitleRule(phrase, (row.get("canonical") or "").strip(), flags)
    return rules


def _word_list(name: str) -> frozenset[str]:
    path = rules_dir() / name
    return frozenset(ln.strip().lower() for ln in path.read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def portfolios() -> frozenset[str]:
    """Portfolio words ("foreign", "oil", "agriculture") from ``roles_portfolios.txt``."""
    return _word_list("roles_portfolios.txt")


@lru_cache(maxsize=1)
def beats() -> frozenset[str]:
    """Beat words before "beat" titles ("political editor"): ``roles_beats.txt`` plus portfolios."""
    return _word_list("roles_beats.txt") | portfolios()


@lru_cache(maxsize=1)
def units() -> frozenset[str]:
    """Parts of an organization a post may be "of" ("delegation", "team") from ``roles_units.txt``."""
    return _word_list("roles_units.txt")


@lru_cache(maxsize=1)
def post_verbs() -> dict[str, str]:
    """Verb form -> title for posts stated by a relative clause ("who heads") from ``roles_verbs.txt``."""
    return {form: line.split()[0].title() for line in _word_list("roles_verbs.txt") for form in line.split()[1:]}


@lru_cache(maxsize=1)
def country_posts() -> dict[str, frozenset[str]]:
    """ISO code -> lower-case titles only that country has, from ``roles_country_posts.txt``."""
    path = rules_dir() / "roles_country_posts.txt"
    out: dict[str, frozenset[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and " " in line.strip():
            code, titles = line.strip().split(None, 1)
            out[code.upper()] = frozenset(t.strip().lower() for t in titles.split(",") if t.strip())
    return out


@lru_cache(maxsize=1)
def title_prefixes() -> frozenset[str]:
    """Words that may precede any title ("shadow", "acting") from ``roles_prefixes.txt``."""
    return _word_list("roles_prefixes.txt")


def _phrase_tokens(phrase: str) -> list[str]:
    """Split a phrase the way spaCy's tokenizer splits simple words and hyphens."""
    return phrase.replace("-", " - ").split()


@lru_cache(maxsize=4)
def title_phrase_matcher(vocab: Vocab) -> PhraseMatcher:
    """A PhraseMatcher for every title phrase (case-insensitive), keyed by the phrase."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = PhraseMatcher(vocab, attr="LOWER")
    for phrase in title_rules():
        matcher.add(phrase, [Doc(vocab, words=_phrase_tokens(phrase))])
    return matcher


def title_spans(doc: Doc) -> list[Span]:
    """Every title phrase in the text, alone and with each run of words that may precede it
    (up to two prefixes such as "acting", portfolios such as "Foreign", beats such as "defence")."""
    rules = title_rules()
    prefixes, folios, beat = title_prefixes(), portfolios(), beats()
    spans = []
    for match_id, start, end in title_phrase_matcher(doc.vocab)(doc):
        rule = rules[doc.vocab.strings[match_id]]
        lefts = {0} | set(_leading_run(doc, start, prefixes))
        if "portfolio" in rule.flags:
            lefts |= set(_leading_run(doc, start, folios))
            if start >= 3 and doc[start - 2].lower_ == "and" and {doc[start - 1].lower_, doc[start - 3].lower_} <= folios:
                lefts.add(3)
        if "beat" in rule.flags:
            lefts |= set(_leading_run(doc, start, beat))
        spans += [doc[start - k: end] for k in sorted(lefts)]
    return spans


def _leading_run(doc: Doc, start: int, words: frozenset[str]) -> list[int]:
    """How many tokens (1 or 2) just before ``start`` may be taken from ``words``."""
    taken = []
    for k in (1, 2):
        if start - k < 0 or doc[start - k].lower_ not in words:
            break
        taken.append(k)
    return taken


def _title_case(words: list[str]) -> str:
    """ "secretary of state" -> "Secretary of State"; acronyms stay as written."""
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in SMALL_WORDS:
            out.append(w.lower())
        elif w.isupper() and len(w) > 1:
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:].lower())
    return " ".join(out).replace(" - ", "-")


def _rule_for(span: Span) -> TitleRule | None:
    """The rule of a matched title span (its head phrase, without portfolio words)."""
    rules = title_rules()
    words = [t.lower_ for t in span]
    for i in range(len(words)):
        rule = rules.get(" ".join(words[i:]).replace(" - ", "-"))
        if rule is not None:
            return rule
    return None


def _mention_starting(ctx: Context, token: Token, types: tuple[str, ...]) -> Mention | None:
    m = ctx.mention_at(token, types)
    return m if m is not None and m.start == token.idx else None


def _mention_ending(ctx: Context, token: Token, types: tuple[str, ...]) -> Mention | None:
    m = ctx.mention_at(token, types)
    return m if m is not None and m.end == token.idx + len(token.text) else None


def _country_or_org(ctx: Context, gaz: Gazetteer, span: Span, mention: Mention | None,
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
    if len(span) == 1 and gaz.demonym(span.text) is not None:
        return "country", ctx.mention_for_span(span, "Country")
    if org_title and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span):
        return "organization", ctx.mention_for_span(span, "Organization")
    return None


def _left_qualifier(doc: Doc, ctx: Context, gaz: Gazetteer, start: int,
                    org_title: bool) -> tuple[dict[str, Mention], int, bool]:
    """Country/organization named just before a title; returns (found, first index, definite)."""
    found: dict[str, Mention] = {}
    i = start
    for _ in range(2):  # e.g. "the UN's" or "US" or "Iraqi"
        if i <= 0:
            break
        prev = doc[i - 1]
        if prev.text in POSSESSIVE and i >= 2:
            owner = doc[i - 2]
            m = ctx.mention_at(owner)
            if m is not None and m.end <= prev.idx:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                kind = _country_or_org(ctx, gaz, span, m, True) if span is not None else None
                if kind and kind[0] not in found:
                    found[kind[0]] = kind[1]
                    i = span.start
                    continue
            break
        m = _mention_ending(ctx, prev, ("Country", "Organization", "Place", "Unknown"))
        if m is not None:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            kind = _country_or_org(ctx, gaz, span, m, org_title) if span is not None else None
            if kind and kind[0] not in found:
                found[kind[0]] = kind[1]
                i = span.start
                continue
            break
        kind = _country_or_org(ctx, gaz, doc[i - 1:i], None, org_title and prev.pos_ == "PROPN")
        if kind is None and i >= 2 and "country" not in found and gaz.demonym(doc[i - 2:i].text) is not None:
            found["country"] = ctx.mention_for_span(doc[i - 2:i], "Country")  # "South African"
            i -= 2
            continue
        if kind and kind[0] not in found:
            found[kind[0]] = kind[1]
            i -= 1
            continue
        break
    definite = i > 0 and doc[i - 1].lower_ == "the"
    return found, i, definite


def _name_span(doc: Doc, i: int) -> Span | None:
    """A run of capitalised proper nouns starting at token ``i`` (a name NER missed)."""
    j = i
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].is_alpha:
        j += 1
    return doc[i:j] if j > i else None


def _person_after(doc: Doc, ctx: Context, gaz: Gazetteer, i: int) -> Mention | None:
    """The holder named right after a title: "President Reagan", "minister Mr Aiyar", "Minister, X,"."""
    if i < len(doc) and doc[i].text == "," and i + 1 < len(doc):
        m = _mention_starting(ctx, doc[i + 1], PERSONISH)
        if m is not None:
            after = token_at_or_after(doc, m.end)
            if after >= len(doc) or doc[after].text in {",", ".", ";"}:
                return m
        return None
    j = i
    while j < len(doc) and doc[j].lower_ in HONORIFICS:
        j += 1
    if j >= len(doc):
        return None
    m = ctx.mention_at(doc[j], PERSONISH)  # may also cover the title ("Foreign Secretary Joe Clark")
    if m is not None:
        return _with_surname(doc, ctx, m)
    other = ctx.mention_at(doc[j])
    if other is not None and not (other.type == "Place" and other.start == doc[j].idx and " " in other.text
                                  and gaz.lookup(other.text) is None):
        return None  # a two-word "place" NER guessed after a title is a name ("President Thabo Mbeki")
    span = _name_span(doc, j)
    if span is None or gaz.lookup(span.text) is not None or gaz.demonym(span.text) is not None:
        return None
    return ctx.mention_for_span(span, "Person")


def _with_surname(doc: Doc, ctx: Context, m: Mention) -> Mention:
    """ "Miguel de la" + "Madrid": a name NER cut after a lower-case particle takes the next word."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span[-1].lower_ not in NAME_PARTICLES or span.end >= len(doc):
        return m
    nxt = doc[span.end]
    if not (nxt.text[:1].isupper() and nxt.is_alpha and nxt.idx == span.end_char + 1):
        return m
    return Mention(text_of(doc)[m.start:nxt.idx + len(nxt.text)], "Person", m.start, nxt.idx + len(nxt.text),
                   m.evidence, m.source)


def _person_before(doc: Doc, ctx: Context, head: Token, first: int) -> Mention | None:
    """An appositive holder: "Ali Larijani, Iran's Secretary of ..." / "X, chairman of Y"."""
    if head.dep_ == "appos":
        m = ctx.mention_at(head.head, PERSONISH)
        if m is not None:
            return m
    if first >= 2 and doc[first - 1].text == ",":
        m = _mention_ending(ctx, doc[first - 2], PERSONISH)
        if m is not None:
            return m
    return _copula_subject(ctx, head)


def _copula_subject(ctx: Context, head: Token) -> Mention | None:
    """ "X is chairman of Y" / "X, who is also chairman of Y": the subject of a present-tense "be"."""
    verb = head.head
    if head.dep_ != "attr" or verb.lower_ not in ("is", "are", "'s") or verb.tag_ not in ("VBZ", "VBP"):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    if subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
        return ctx.mention_at(verb.head, PERSONISH)
    return ctx.mention_at(subj, PERSONISH)


def _complements(doc: Doc, ctx: Context, gaz: Gazetteer, rule: TitleRule, end: int,
                 words: list[str], found: dict[str, Mention]) -> int:
    """Read "of <org|country|Portfolio>" and "to <country>" after a title; returns the next index."""
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        k = end + 1
        if doc[k].lower_ == "the" and k + 1 < len(doc):
            k += 1
        m = _mention_starting(ctx, doc[k], ("Organization", "Country", "Place"))
        if m is not None:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            kind = _country_or_org(ctx, gaz, span, m, True) if span is not None else None
            if kind and kind[0] not in found:
                found[kind[0]] = kind[1]
                return _unit(doc, token_at_or_after(doc, m.end), words)
        elif "of" in rule.flags and k > end + 1 and _unit(doc, k, words) > k:
            return k + 1  # "head of the delegation"
        elif "portfolio" in rule.flags and k == end + 1:
            j = _capitalised_run(doc, ctx, k, allow_mentions=False)
            if j > k:
                words.extend(["of", *(t.text for t in doc[k:j])])
                return j
    if "portfolio" in rule.flags and end + 1 < len(doc) and doc[end].lower_ == "for":
        j = _capitalised_run(doc, ctx, end + 1, allow_mentions=True)
        if j > end + 1:  # "Minister for Foreign Affairs", "Secretary of State for Trade"
            words.extend(["for", *(t.text for t in doc[end + 1:j])])
            return j
    if "envoy" in rule.flags and end + 1 < len(doc) and doc[end].lower_ == "to":
        m = _mention_starting(ctx, doc[end + 1], ("Country", "Place"))
        entry = gaz.lookup(m.text) if m is not None else None
        if m is not None and (m.type == "Country" or (entry is not None and entry.type == "Country")):
            found["to"] = m
            return token_at_or_after(doc, m.end)
        if m is None and ctx.mention_at(doc[end + 1]) is None and doc[end + 1].pos_ == "PROPN":
            m = ctx.mention_for_span(doc[end + 1:end + 2], "Place")
            entry = gaz.lookup(m.text)
        capital = gaz.by_key.get(f"country:{entry.country.upper()}") if entry is not None and entry.country else None
        if m is not None and entry is not None and entry.type == "Place" and capital is not None:
            found["to"] = Mention(capital.name, "Country", m.start, m.end, m.evidence, "rule")  # "to Peking"
            return token_at_or_after(doc, m.end)
    return end


def _unit(doc: Doc, k: int, words: list[str]) -> int:
    """ "(the EC) delegation": a unit noun at ``k`` joins the title as "of Delegation"."""
    if k < len(doc) and doc[k].lower_ in units() and doc[k].tag_ == "NN":
        words.extend(["of", doc[k].text.capitalize()])
        return k + 1
    return k


def _capitalised_run(doc: Doc, ctx: Context, k: int, allow_mentions: bool) -> int:
    """End of a run of capitalised portfolio words from ``k`` ("Foreign Affairs", "Trade and Industry")."""
    j = k
    while j < len(doc):
        tok = doc[j]
        inner_and = tok.lower_ == "and" and j > k and j + 1 < len(doc) and doc[j + 1].text[:1].isupper()
        if not inner_and and not (tok.text[:1].isupper() and tok.is_alpha):
            break
        m = ctx.mention_at(tok)
        if m is not None and (not allow_mentions or m.type in ("Person", "Country")):
            break
        j += 1
    return j


def _is_plural(span: Span) -> bool:
    """ "foreign ministers", "ambassadors": a group, not one post holder."""
    return span[-1].tag_ in ("NNS", "NNPS")


def extract_roles(doc: Doc, ctx: Context) -> list[Role]:
    """Every (holder, post) the text states, each with its sentence as evidence.

    Quotes and agreements need the roles too: the result is kept on the Doc for the same Context,
    so the title matching runs once per article."""
    cached = doc.user_data.get("newsgraph_roles")
    if cached is not None and cached[0] is ctx:
        return list(cached[1])
    roles = _extract_roles(doc, ctx)
    doc.user_data["newsgraph_roles"] = (ctx, tuple(roles))
    return roles


def _extract_roles(doc: Doc, ctx: Context) -> list[Role]:
    from spacy.util import filter_spans

    gaz = load_gazetteer()
    roles: list[Role] = []
    unnamed: list[Role] = []
    counterparts: list[tuple[Role, Token]] = []
    anaphors: list[tuple[Role, Span]] = []
    for span in filter_spans(title_spans(doc)):
        rule = _rule_for(span)
        if rule is None or _is_plural(span):
            continue
        if "cap" in rule.flags and not span[-1].text[:1].isupper():
            continue
        if span.start > 1 and doc[span.start - 1].text == "-" and doc[span.start - 2].lower_ in ("ex", "former"):
            continue  # "ex-president" is no current post
        words = [t.text for t in span]
        if rule.canonical:
            words = [t.text for t in span[: len(span) - len(_phrase_tokens(rule.phrase))]] + rule.canonical.split()
        org_title = "org" in rule.flags
        found, first, definite = _left_qualifier(doc, ctx, gaz, span.start, org_title)
        after = _complements(doc, ctx, gaz, rule, span.end, words, found)
        if "of" in rule.flags and after == span.end:
            continue  # "head" alone is a common word
        person = _person_after(doc, ctx, gaz, after)
        if person is not None and (person.end <= span.start_char):
            person = None
        if person is None:
            person = _person_before(doc, ctx, span.root, first)
        if person is not None:
            p_end = token_at_or_after(doc, person.end)
            if p_end + 1 < len(doc) and doc[p_end].lower_ == "of" and "country" not in found:
                m = _mention_starting(ctx, doc[p_end + 1], ("Country",))
                if m is not None:
                    found["country"] = m
        title = _title_case(words)
        end_char = max(span.end_char, person.end if person else 0)
        start_char = min(doc[first].idx, person.start if person else span.start_char)
        ev = ctx.evidence(span, start_char, end_char)
        role = Role(title=title, evidence=ev, person=person, organization=found.get("organization"),
                    country=found.get("country"), to=found.get("to"))
        if "counterpart" in rule.flags:
            if person is not None:
                counterparts.append((role, span.root))
        elif person is not None:
            roles.append(role)
        elif "unnamed" in rule.flags and definite and "country" in found and span.root.dep_ == "nsubj":
            unnamed.append(role)
        elif ("unnamed" in rule.flags and definite and not found and after == span.end
              and span.root.dep_ == "nsubj" and _main_verb(span.root.head)):
            anaphors.append((role, span))
    roles += _relative_clause_posts(doc, ctx, gaz)
    roles += _title_anaphors(doc, ctx, roles, anaphors)
    roles += _counterparts(ctx, roles, counterparts)
    roles = _possessive_countries(doc, ctx, gaz, roles)
    roles = _dateline_countries(ctx, gaz, roles)
    return roles + _unnamed_holders(gaz, roles, unnamed + _paired_holders(doc, ctx, gaz))


PLURAL_TITLES = {"ministers": "Minister", "secretaries": "Secretary", "ambassadors": "Ambassador"}


def _paired_holders(doc: Doc, ctx: Context, gaz: Gazetteer) -> list[Role]:
    """ "French and Soviet foreign trade ministers said": one unnamed holder per country, when
    the group is the subject of its clause and exactly two demonyms are joined by "and"."""
    out: list[Role] = []
    for i in token_positions(doc, PLURAL_TITLES, dep=("nsubj",)):
        tok = doc[i]
        k = tok.i
        while k > 0 and doc[k - 1].lower_ in portfolios() and doc[k - 1].lower_ not in ("and",):
            k -= 1
        if k < 3 or doc[k - 2].lower_ != "and":
            continue
        pair = [doc[k - 3], doc[k - 1]]
        if any(gaz.demonym(t.text) is None or ctx.mention_at(t, ("Person", "Organization")) for t in pair):
            continue
        title = _title_case([t.text for t in doc[k:tok.i]] + [PLURAL_TITLES[tok.lower_]])
        for t in pair:
            country = ctx.mention_for_span(doc[t.i:t.i + 1], "Country")
            ev = ctx.evidence(doc[k - 3:tok.i + 1], doc[k - 3].idx, tok.idx + len(tok.text))
            out.append(Role(title=title, evidence=ev, person=None, country=country))
    return out


def _main_verb(verb: Token) -> bool:
    """The sentence's own verb (or one joined to it by "and"), not a reported clause's."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _paragraph(text: str, offset: int) -> int:
    return text.count("\n\n", 0, offset)


def _last_subject(doc: Doc, ctx: Context, span: Span) -> Mention | None:
    """The person who was the main subject of the nearest earlier sentence of the same or last paragraph."""
    para = _paragraph(text_of(doc), span.start_char)
    sents = [s for s in doc.sents if s.end <= span.sent.start][-3:]
    for sent in reversed(sents):
        if para - _paragraph(text_of(doc), sent.start_char) > 1:
            return None
        subjects = [t for t in sent if t.dep_ == "nsubj" and (t.head.dep_ == "ROOT" or t.head == sent.root)]
        people = [m for m in (ctx.mention_at(t, ("Person",)) for t in subjects) if m is not None]
        named = {_surname(m) for m in ctx.mentions if m.type == "Person"
                 and sent.start_char <= m.start < sent.end_char}
        if people:
            return people[-1] if len(named) == 1 else None  # "X met Y. The president said": whose?
        if subjects and subjects[-1].pos_ != "PRON":
            return None  # someone or something else took over the story
    return None


def _title_anaphors(doc: Doc, ctx: Context, roles: list[Role], pending: list[tuple[Role, Span]]) -> list[Role]:
    """ "Gordon Brown has said ... The chancellor, speaking in ...": a bare definite title subject
    names the person the previous sentence was about, when no named person holds that title and
    the article gives that person no other post."""
    out: list[Role] = []
    for role, span in pending:
        title = role.title.lower()
        if any(r.title.lower() == title for r in roles + out):
            continue
        person = _last_subject(doc, ctx, span)
        if person is None or any(_surname(r.person) == _surname(person) for r in roles if r.person is not None):
            continue
        ev = ctx.evidence(span, span.start_char, span.end_char)
        out.append(replace(role, person=person, evidence=ev))
    return out


def _has_post(posts: frozenset[str], title: str) -> bool:
    title = title.lower()
    words = title.split()
    return title in posts or (len(words) > 1 and f"* {words[-1]}" in posts and words[-1] == "minister"
                              and title != "prime minister")


def _dateline_countries(ctx: Context, gaz: Gazetteer, roles: list[Role]) -> list[Role]:
    """ "WASHINGTON, March 3 - President Reagan": a post only the dateline's country has is its post.

    Only for holders the article gives no country at all, and never for envoys or organizations.
    """
    place = ctx.article.dateline_place
    entry = gaz.lookup(place[0]) if place else None
    code = (entry.country if entry is not None and entry.type == "Place" else "") or ""
    posts = country_posts().get(code.upper())
    country = gaz.by_key.get(f"country:{code.upper()}")
    if place is None or not posts or country is None:
        return roles
    placed = {_surname(r.person) for r in roles if r.person is not None and r.country is not None}
    out = []
    for role in roles:
        if (role.person is not None and role.country is None and role.organization is None and role.to is None
                and _surname(role.person) not in placed and _has_post(posts, role.title)):
            mention = Mention(country.name, "Country", place[1], place[2], role.evidence, "dateline")
            role = replace(role, country=mention)
        out.append(role)
    return out


def _surname(mention: Mention) -> str:
    return mention.text.split()[-1].lower()


def _possessor(ctx: Context, noun: Token) -> Mention | None:
    """Whose "counterpart": a named possessor, or for "his"/"her" the subject of the clause."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    if poss.pos_ != "PRON":
        return ctx.mention_at(poss, ("Person",))
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return ctx.mention_at(subj, ("Person",)) if subj is not None else None


def _counterparts(ctx: Context, roles: list[Role], pending: list[tuple[Role, Token]]) -> list[Role]:
    """ "his Israeli counterpart, Ariel Sharon": Sharon holds the possessor's post, when that is known.

    The possessor's title must be stated in the article and be the only one it gives him or her.
    """
    out: list[Role] = []
    for role, noun in pending:
        owner = _possessor(ctx, noun)
        if owner is None or role.person is None or _surname(owner) == _surname(role.person):
            continue
        titles = {r.title for r in roles if r.person is not None and _surname(r.person) == _surname(owner)}
        if len(titles) == 1:
            out.append(replace(role, title=titles.pop(), organization=None))
    return out


def _antecedent(ctx: Context, verb: Token) -> Mention | None:
    """The person a relative clause is about, climbing through appositions ("X, director of Y, who")."""
    tok = verb.head
    for _ in range(6):
        m = ctx.mention_at(tok, ("Person",))
        if m is not None:
            return m
        if tok.dep_ not in ("pobj", "prep", "appos", "conj") or tok.head is tok:
            return None
        tok = tok.head
    return None


def _relative_clause_posts(doc: Doc, ctx: Context, gaz: Gazetteer) -> list[Role]:
    """ "X, who heads the EC delegation" -> Head of Delegation; "who chairs Y" -> Chairman (of Y)."""
    verbs = post_verbs()
    out: list[Role] = []
    for i in token_positions(doc, verbs, dep=("relcl",)):
        tok = doc[i]
        if tok.tag_ not in ("VBZ", "VBD"):
            continue
        if not any(c.lower_ in ("who", "that") and c.dep_ == "nsubj" for c in tok.children):
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        person = _antecedent(ctx, tok)
        if obj is None or person is None:
            continue
        words = [verbs[tok.lower_]]
        org = None
        if obj.lower_ in units() and obj.tag_ == "NN":
            words += ["of", obj.text.capitalize()]
            for child in obj.children:
                m = ctx.mention_at(child, ("Organization",))
                if m is not None:
                    org = m
        else:
            m = ctx.mention_at(obj, ("Organization",))
            if m is None:
                continue
            org = m
        ev = ctx.evidence(doc[tok.i:obj.i + 1], min(person.start, tok.idx), obj.idx + len(obj.text))
        out.append(Role(title=" ".join(words), evidence=ev, person=person, organization=org))
    return out


def _unnamed_holders(gaz: Gazetteer, named: list[Role], unnamed: list[Role]) -> list[Role]:
    """Unnamed holders ("the Iraqi Foreign Minister suggested") whose post no named holder has.

    A named holder of the same title whose country the text left unsaid may be the same person
    ("Prime Minister Jacques Chirac" ... "the French Prime Minister"), so that also rules it out.
    """
    named_posts = {(r.title.lower(), _country_key(gaz, r.country)) for r in named}
    kept: list[Role] = []
    for role in unnamed:
        title, country = role.title.lower(), _country_key(gaz, role.country)
        if (title, country) in named_posts or (title, None) in named_posts:
            continue
        if any(r.title.lower() == title and _country_key(gaz, r.country) == country for r in kept):
            continue
        kept.append(role)
    return kept


def _country_key(gaz: Gazetteer, mention: Mention | None) -> str | None:
    if mention is None:
        return None
    entry = gaz.lookup(mention.text) or gaz.demonym(mention.text)
    return entry.key if entry else mention.text.lower()


def _possessive_countries(doc: Doc, ctx: Context, gaz: Gazetteer, roles: list[Role]) -> list[Role]:
    """ "Canada's Mulroney": the country of that person's posts when the title gave none."""
    owners: dict[str, Mention] = {}
    for i in token_positions(doc, POSSESSIVE):
        tok = doc[i]
        if tok.text not in POSSESSIVE or tok.i < 1 or tok.i + 1 >= len(doc):
            continue
        owner = _mention_ending(ctx, doc[tok.i - 1], ("Country",))
        holder = _mention_starting(ctx, doc[tok.i + 1], PERSONISH)
        if owner is not None and holder is not None:
            owners.setdefault(holder.text.split()[-1].lower(), owner)
    if not owners:
        return roles
    out = []
    for role in roles:
        if role.country is None and role.person is not None:
            owner = owners.get(role.person.text.split()[-1].lower())
            if owner is not None:
                role = replace(role, country=owner)
        out.append(role)
    return out
