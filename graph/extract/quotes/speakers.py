"""Who a quotation's subject is: a person (a pronoun goes to the most recent person who was a
subject), the one holder of a title ("the president said"), or an institution ("the Foreign
Ministry said")."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from graph.extract.context import Context, token_positions
from graph.extract.quotes.attribution import SUBJECTS
from graph.extract.quotes.triggers import QuoteSpan, inside_quote
from graph.extract.roles.triggers import title_rules
from graph.facts import PERSONISH, Mention, Role
from graph.gazetteer import load_gazetteer
from graph.rules import address_forms, speech_verbs, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECT_PRONOUNS = {"he", "she"}


class Salience:
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


def known_name_parts(ctx: Context) -> frozenset[str]:
    """Lower-cased words of the article's multi-word person names ("ali", "larijani")."""
    return frozenset(w.lower() for m in ctx.mentions if m.type == "Person" and " " in m.text
                     for w in m.text.split())


def person_of(ctx: Context, token: Token) -> Mention | None:
    """The person a subject token names (a PERSON mention, or a bare name NER mistyped).

    A mention NER could not type ("Unknown", e.g. a surname read as a nationality) counts only
    when it is part of a full name the article gives, as the resolver will then merge it.
    """
    m = ctx.mention_at(token, PERSONISH)
    if m is not None and (m.type == "Person" or token.lower_ in known_name_parts(ctx)):
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


def country_code(text: str) -> str | None:
    gaz = load_gazetteer()
    entry = gaz.lookup(text) or gaz.demonym(text)
    return entry.key if entry is not None and entry.type == "Country" else None


def title_holder(token: Token, roles: list[Role]) -> Mention | None:
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
        key = country_code(child.text)
        if key is not None and child.dep_ in ("amod", "compound") and country is None:
            country = key
        elif child.dep_ in ("amod", "compound") and child.i == token.i - len(words):
            words.insert(0, child.lower_)
        else:
            return None
    title = " ".join(words)
    holders = {r.person.text.split()[-1].lower(): r.person for r in roles
               if r.person is not None and r.title.lower() == title
               and (country is None or (r.country is not None and country_code(r.country.text) == country))}
    return next(iter(holders.values())) if len(holders) == 1 else None


def main_clause(verb: Token) -> bool:
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


def subject_salience(doc: Doc, ctx: Context, spans: list[QuoteSpan],
              roles: list[Role]) -> tuple[Salience, Salience]:
    """Persons who are subjects of main verbs outside quotes (pronouns resolved on the way),
    and the subset who are subjects of attribution verbs (the last one to speak)."""
    sal, speech = Salience(), Salience()
    for i in token_positions(doc, dep=SUBJECTS):
        tok = doc[i]
        if inside_quote(spans, tok.idx) or not main_clause(tok.head):
            continue
        person = sal.before(tok.idx) if tok.lower_ in SUBJECT_PRONOUNS else person_of(ctx, tok)
        if person is None:
            person = title_holder(tok, roles)
        speaking = tok.head.lower_ in speech_verbs()
        if person is not None:
            sal.add(tok.idx, person)
        elif tok.tag_ == "NN" and speaking:
            sal.add(tok.idx, None)  # "an aide told reporters. He added ...": not the last named person
        if speaking and (person is not None or tok.tag_ == "NN"):
            speech.add(tok.idx, person)
    return sal, speech


def institution(ctx: Context, subj: Token) -> Mention | None:
    """ "the Foreign Ministry said" / "a Foreign Ministry statement said": the organization speaks."""
    m = ctx.mention_at(subj, ("Organization",))
    if m is not None:
        return m if institution_like(ctx, m) else None
    if subj.lower_ not in word_list("quote_statements.txt"):
        return None
    for child in subj.children:
        if child.dep_ in ("compound", "poss", "nmod") and child.i < subj.i:
            m = ctx.mention_at(child, ("Organization",))
            if m is not None and institution_like(ctx, m):
                return m
    return None


def institution_like(ctx: Context, m: Mention) -> bool:
    """An organization mention that is no mistyped person: known to the gazetteer, or a name of
    two or more words with no honorific, no title head ("National Security Adviser") and no word
    of a person's name the article gives."""
    entry = load_gazetteer().lookup(m.text)
    if entry is not None:
        return entry.type == "Organization"
    words = m.text.strip("\"'\u201c\u201d ").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) < 2 or words[0].lower() in address_forms():
        return False
    names = known_name_parts(ctx)
    return words[-1].lower() not in title_rules() and not any(w.lower() in names for w in words)


def find_speaker(ctx: Context, subj: Token | None, sal: Salience, roles: list[Role],
             speech: Salience) -> Mention | None:
    if subj is None:
        return None
    if subj.lower_ in SUBJECT_PRONOUNS:
        return sal.before(subj.idx)
    if subj.lower_ == "it":  # "It said:" after an institution's statement
        last = speech.before(subj.idx)
        return last if last is not None and last.type == "Organization" else None
    return person_of(ctx, subj) or title_holder(subj, roles) or institution(ctx, subj)

