"""Roles read after the title matches: relative clauses ("X, who heads Y"), bare titles standing
for the last subject ("The chancellor said"), counterparts, paired unnamed holders ("French and
Soviet ministers"), unnamed holders, and countries from possessives and datelines."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from graph.extract.context import Context, text_of, token_positions
from graph.extract.roles.arguments import POSSESSIVE, mention_ending, mention_starting
from graph.extract.roles.triggers import country_posts, portfolios, post_verbs, title_case, units
from graph.facts import PERSONISH, Mention, Role
from graph.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLURAL_TITLES = {"ministers": "Minister", "secretaries": "Secretary", "ambassadors": "Ambassador"}


def paired_holders(doc: Doc, ctx: Context, gaz: Gazetteer) -> list[Role]:
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
        title = title_case([t.text for t in doc[k:tok.i]] + [PLURAL_TITLES[tok.lower_]])
        for t in pair:
            country = ctx.mention_for_span(doc[t.i:t.i + 1], "Country")
            ev = ctx.evidence(doc[k - 3:tok.i + 1], doc[k - 3].idx, tok.idx + len(tok.text))
            out.append(Role(title=title, evidence=ev, person=None, country=country, rule="roles.paired"))
    return out


def main_verb(verb: Token) -> bool:
    """The sentence's own verb (or one joined to it by "and"), not a reported clause's."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def paragraph(text: str, offset: int) -> int:
    return text.count("\n\n", 0, offset)


def last_subject(doc: Doc, ctx: Context, span: Span, posted: frozenset[str] = frozenset()) -> Mention | None:
    """The person who was the main subject of the nearest earlier sentence of the same or last paragraph;
    people with another post (surnames in ``posted``: "X met President Y") are not who a title means."""
    para = paragraph(text_of(doc), span.start_char)
    sents = [s for s in doc.sents if s.end <= span.sent.start][-3:]
    for sent in reversed(sents):
        if para - paragraph(text_of(doc), sent.start_char) > 1:
            return None
        if quoted(text_of(doc), sent.start_char, sent.end_char):
            continue  # a sentence inside a quotation is the speaker's, not the story's
        subjects = [t for t in sent if t.dep_ == "nsubj" and (t.head.dep_ == "ROOT" or t.head == sent.root)]
        people = [m for m in (ctx.mention_at(t, ("Person",)) for t in subjects) if m is not None]
        named = {last_word(m) for m in ctx.mentions if m.type == "Person"
                 and sent.start_char <= m.start < sent.end_char} - posted
        if people:  # "X met Y. The president said": whose? The one the whole story is about, if any
            return people[-1] if len(named) == 1 or leading_person(ctx, span.start_char) == last_word(people[-1]) \
                else None
        if subjects and subjects[-1].pos_ != "PRON":
            return None  # someone or something else took over the story
    return None


def quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens inside a quotation or is one (counting the paragraph's marks)."""
    para = text.rfind("\n\n", 0, start) + 1
    before = text[para:start]
    own = text[start:end].lstrip()
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d") or own[:1] in ('"', "\u201c")


def leading_person(ctx: Context, before: int) -> str | None:
    """The surname the article names most often before an offset, when it leads the next by two or more."""
    counts = Counter(last_word(m) for m in ctx.mentions if m.type == "Person" and m.end <= before and m.text.strip())
    ranked = counts.most_common(2) + [("", 0), ("", 0)]
    return ranked[0][0] if ranked[0][1] >= ranked[1][1] + 2 else None


def story_person(ctx: Context, before: int) -> Mention | None:
    """The last mention of the person the article is about so far (``leading_person``)."""
    lead = leading_person(ctx, before)
    return next((m for m in reversed(ctx.mentions) if m.type == "Person" and m.end <= before and m.text.strip()
                 and last_word(m) == lead), None) if lead else None


def title_anaphors(doc: Doc, ctx: Context, roles: list[Role], pending: list[tuple[Role, Span]]) -> list[Role]:
    """ "Gordon Brown has said ... The chancellor, speaking in ...": a bare definite title subject
    names the person the previous sentence was about, when no named person holds that title now
    and the article gives that person no other post."""
    out: list[Role] = []
    for role, span in pending:
        title = role.title.lower()
        if any(r.title.lower() == title and r.status not in ("former", "ended") for r in roles + out):
            continue  # a named holder; "ex-Labour chancellor X" holds it no more
        posted = frozenset(last_word(r.person) for r in roles if r.person is not None and r.title.lower() != title)
        person = last_subject(doc, ctx, span, posted) or story_person(ctx, span.start_char)
        if person is None or any(last_word(r.person) == last_word(person) for r in roles if r.person is not None):
            continue
        ev = ctx.evidence(span, span.start_char, span.end_char)
        out.append(replace(role, person=person, evidence=ev, rule="roles.anaphor"))
    return out


def has_post(posts: frozenset[str], title: str) -> bool:
    title = title.lower()
    words = title.split()
    return title in posts or (len(words) > 1 and f"* {words[-1]}" in posts and words[-1] == "minister"
                              and title != "prime minister")


def dateline_countries(ctx: Context, gaz: Gazetteer, roles: list[Role]) -> list[Role]:
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
    placed = {last_word(r.person) for r in roles if r.person is not None and r.country is not None}
    out = []
    for role in roles:
        if (role.person is not None and role.country is None and role.organization is None and role.to is None
                and last_word(role.person) not in placed and has_post(posts, role.title)):
            mention = Mention(country.name, "Country", place[1], place[2], role.evidence, "dateline")
            role = replace(role, country=mention)
        out.append(role)
    return out


def last_word(mention: Mention) -> str:
    return mention.text.split()[-1].lower()


def possessor(ctx: Context, noun: Token) -> Mention | None:
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


def counterpart_holders(ctx: Context, roles: list[Role], pending: list[tuple[Role, Token]]) -> list[Role]:
    """ "his Israeli counterpart, Ariel Sharon": Sharon holds the possessor's post, when that is known.

    The possessor's title must be stated in the article and be the only one it gives him or her.
    """
    out: list[Role] = []
    for role, noun in pending:
        owner = possessor(ctx, noun)
        if owner is None or role.person is None or last_word(owner) == last_word(role.person):
            continue
        titles = {r.title for r in roles if r.person is not None and last_word(r.person) == last_word(owner)}
        if len(titles) == 1:
            out.append(replace(role, title=titles.pop(), organization=None, rule="roles.counterpart"))
    return out


def antecedent(ctx: Context, verb: Token) -> Mention | None:
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


def relative_clause_posts(doc: Doc, ctx: Context, gaz: Gazetteer) -> list[Role]:
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
        person = antecedent(ctx, tok)
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
        out.append(Role(title=" ".join(words), evidence=ev, person=person, organization=org,
                        rule=f"roles.relative_clause.{tok.lower_}"))
    return out


def unnamed_holders(gaz: Gazetteer, named: list[Role], unnamed: list[Role]) -> list[Role]:
    """Unnamed holders ("the Iraqi Foreign Minister suggested") whose post no named holder has.

    A named holder of the same title whose country the text left unsaid may be the same person
    ("Prime Minister Jacques Chirac" ... "the French Prime Minister"), so that also rules it out.
    """
    named_posts = {(r.title.lower(), country_key(gaz, r.country)) for r in named}
    kept: list[Role] = []
    for role in unnamed:
        title, country = role.title.lower(), country_key(gaz, role.country)
        if (title, country) in named_posts or (title, None) in named_posts:
            continue
        if any(r.title.lower() == title and country_key(gaz, r.country) == country for r in kept):
            continue
        kept.append(role)
    return kept


def country_key(gaz: Gazetteer, mention: Mention | None) -> str | None:
    if mention is None:
        return None
    entry = gaz.lookup(mention.text) or gaz.demonym(mention.text)
    return entry.key if entry else mention.text.lower()


def possessive_countries(doc: Doc, ctx: Context, gaz: Gazetteer, roles: list[Role]) -> list[Role]:
    """ "Canada's Mulroney": the country of that person's posts when the title gave none."""
    owners: dict[str, Mention] = {}
    for i in token_positions(doc, POSSESSIVE):
        tok = doc[i]
        if tok.text not in POSSESSIVE or tok.i < 1 or tok.i + 1 >= len(doc):
            continue
        owner = mention_ending(ctx, doc[tok.i - 1], ("Country",))
        holder = mention_starting(ctx, doc[tok.i + 1], PERSONISH)
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

