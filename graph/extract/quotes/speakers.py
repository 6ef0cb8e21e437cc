"""Who a quotation's subject is: a person (a pronoun goes to the most recent person who was a
subject), the one holder of a title ("the president said"), or an institution ("the Foreign
Ministry said")."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from graph.extract.context import Context, common_noun_capitalised, text_of, token_positions
from graph.extract.entities.consistency import no_name, title_words
from graph.extract.quotes.attribution import SUBJECTS
from graph.extract.quotes.gender import known_genders, name_key, pronoun_of
from graph.extract.quotes.institutions import LONE_SPOKESPEOPLE, institution, known_name_parts
from graph.extract.quotes.triggers import QuoteSpan, inside_quote, paragraph_of
from graph.extract.roles.triggers import title_rules
from graph.facts import PERSONISH, Mention, Role
from graph.gazetteer import load_gazetteer
from graph.rules import speech_verbs, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECT_PRONOUNS = {"he", "she"}


class Salience:
    """Person subjects in text order, to resolve "he"/"she" to the most recent fitting person."""

    def __init__(self, genders: dict[str, str] | None = None) -> None:
        self.offsets: list[int] = []
        self.people: list[Mention | None] = []
        self.genders = genders if genders is not None else {}  # name key -> "m"/"f" (gender.py), shared

    def add(self, offset: int, person: Mention | None) -> None:
        """Record a subject; ``None`` is someone unnamed ("an aide said") who takes over "he"."""
        i = bisect_left(self.offsets, offset)
        self.offsets.insert(i, offset)
        self.people.insert(i, person)

    def before(self, offset: int, pronoun: str = "") -> Mention | None:
        """The most recent subject before ``offset`` (None when unnamed or none); with a pronoun
        ("m"/"f"), the most recent one the article does not show taking the other pronoun."""
        i = bisect_left(self.offsets, offset)
        while i and pronoun and self.people[i - 1] is not None and not self.fits(self.people[i - 1], pronoun):
            i -= 1
        return self.people[i - 1] if i else None

    def fits(self, person: Mention, pronoun: str) -> bool:
        """Whether a person may be the referent of a pronoun of that gender."""
        return person.type != "Person" or self.genders.get(name_key(person), pronoun) == pronoun

    def after(self, offset: int) -> tuple[int, Mention | None]:
        """The first subject after ``offset`` and where it stands ((-1, None) when there is none)."""
        i = bisect_left(self.offsets, offset)
        return (self.offsets[i], self.people[i]) if i < len(self.offsets) else (-1, None)

    def offset_before(self, offset: int) -> int:
        """Where that most recent subject stands (-1 when there is none)."""
        i = bisect_left(self.offsets, offset)
        return self.offsets[i - 1] if i else -1


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
    if token.pos_ != "PROPN" or not token.text[:1].isupper() or common_noun_capitalised(token):
        return None
    if other is not None and other.type == "Organization" and other.text == token.text \
            and load_gazetteer().lookup(token.text) is None:  # "Fahmi said" typed ORG after "Fahmi Fadzil"
        full = full_name(ctx, token) or typed_person(ctx, token)
        if full is not None:
            return full
    if other is not None and other.type != "Place":
        return None
    if load_gazetteer().lookup(token.text) is not None or load_gazetteer().demonym(token.text) is not None:
        return None
    span = token.doc[token.i:token.i + 1]
    left = token.i
    doc = token.doc
    while left > 0 and (doc[left - 1].dep_ == "compound" and doc[left - 1].pos_ == "PROPN" or left > 1 and (
            doc[left - 1].text == "-" and not doc[left - 2].whitespace_ and not doc[left - 1].whitespace_
            and doc[left - 2].text[:1].isupper())):
        left -= 2 if doc[left - 1].text == "-" else 1  # "Jean-Michel Lemetayer": a hyphened first name
    span = doc[left:token.i + 1]
    if no_name(span.text, load_gazetteer()) or token.lower_ in title_words():
        return None  # "Aid Commissioner": a name never ends in a post
    return ctx.mention_for_span(span, "Person")


def full_name(ctx: Context, token: Token) -> Mention | None:
    """The article's last full person name before a token that holds the token's word."""
    word = token.lower_
    named = [m for m in ctx.mentions_in(0, token.idx, ("Person",))
             if " " in m.text and word in (w.lower() for w in m.text.split())]
    return named[-1] if named else None


def typed_person(ctx: Context, token: Token) -> Mention | None:
    """The article's person mention spelt as a token that NER typed an organization here ("Trump 's
    vow" typed ORG, "because Trump is" typed PERSON further on)."""
    return next((m for m in ctx.mentions if m.type == "Person" and m.text == token.text), None)


def country_code(text: str) -> str | None:
    gaz = load_gazetteer()
    entry = gaz.lookup(text) or gaz.demonym(text)
    return entry.key if entry is not None and entry.type == "Country" else None


def title_holder(token: Token, roles: list[Role]) -> Mention | None:
    """ "the president said": the one named person the article gives that title (and country).

    Only a definite noun phrase counts ("the", or a country's: "Russia's prosecutor general"),
    only when no other person holds the same title, and only for a holder named before it: "the
    officer recalled" speaks of someone the text has introduced, not of an officer it names further down.
    """
    if token.tag_ not in ("NN", "NNP") or not (definite(token) or country_owner(token) is not None):
        return None
    country: str | None = None
    words = [token.lower_]
    for child in sorted(token.children, key=lambda c: -c.i):
        if child.i > token.i or child.dep_ == "det":
            continue
        key = country_code(child.text)
        if key is not None and child.dep_ in ("amod", "compound", "poss") and country is None:
            country = key
        elif child.dep_ in ("amod", "compound") and child.i == token.i - len(words):
            words.insert(0, child.lower_)
        else:
            return None
    while words:
        title = " ".join(words)
        holders = _holders(roles, token.idx, country, title, exact=True) or (  # "the minister" after
            _holders(roles, token.idx, country, title, exact=False) if len(words) == 1 else {})  # "Finance Minister X"
        if holders:
            return next(iter(holders.values())) if len(holders) == 1 else None
        # "the Republican governor": a party or other group word before the title is dropped
        party = token.doc[token.i - len(words) + 1]
        if len(words) == 1 or party.ent_type_ != "NORP":
            return None
        words = words[1:]
    return None


def _holders(roles: list[Role], before: int, country: str | None, title: str, exact: bool) -> dict[str, Mention]:
    """The people named before ``before`` holding ``title`` (or, not ``exact``, a title ending in it)
    of ``country`` if given, by surname."""
    return {r.person.text.split()[-1].lower(): r.person for r in roles
            if r.person is not None and (r.title.lower() == title if exact else r.title.lower().endswith(f" {title}"))
            and r.person.start < before
            and (country is None or (r.country is not None and country_code(r.country.text) == country))}


def country_owner(token: Token) -> Token | None:
    """The country a title belongs to by the possessive ("Russia's prosecutor general")."""
    return next((c for c in token.children if c.dep_ == "poss" and c.i < token.i and country_code(c.text)), None)


def definite(token: Token) -> bool:
    """Whether a noun has "the" ("the president", "the Prime Minister")."""
    return any(c.lower_ == "the" and c.dep_ == "det" for c in token.children)


def bare_title(token: Token) -> bool:
    """ "the Prime Minister" / "the president": a definite title with no name of its own."""
    if not definite(token):
        return False
    words = [c.lower_ for c in token.children if c.dep_ == "compound" and c.i < token.i] + [token.lower_]
    return " ".join(words) in title_rules() or token.lower_ in title_rules()


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
    genders = known_genders(doc, ctx, spans)
    sal, speech = Salience(genders), Salience(genders)
    for i in token_positions(doc, dep=SUBJECTS):
        tok = doc[i]
        if inside_quote(spans, tok.idx) or not main_clause(tok.head):
            continue
        if tok.lower_ in SUBJECT_PRONOUNS:
            person = pronoun_speaker(tok, sal, speech) if tok.head.lower_ in speech_verbs() else \
                sal.before(tok.idx, pronoun_of(tok.lower_))
            if person is not None and person.type == "Person":  # "he" once, "he" for good
                genders.setdefault(name_key(person), pronoun_of(tok.lower_))
        else:
            person = speaker_named(ctx, tok, roles)
        speaking = tok.head.lower_ in speech_verbs()
        if person is None and speaking and tok.lower_ in LONE_SPOKESPEOPLE:  # "she" after it is the spokeswoman
            person = spokesperson_body(tok, roles) or institution(ctx, tok)
        if person is not None:
            sal.add(tok.idx, person)
        elif tok.tag_ == "NN" and speaking:
            sal.add(tok.idx, None)  # "an aide told reporters. He added ...": not the last named person
        if speaking and (person is not None or tok.tag_ == "NN"):
            speech.add(tok.idx, person)
    return sal, speech


def find_speaker(ctx: Context, subj: Token | None, sal: Salience, roles: list[Role],
             speech: Salience) -> Mention | None:
    if subj is None:
        return None
    if subj.lower_ in SUBJECT_PRONOUNS:
        return pronoun_speaker(subj, sal, speech)
    if subj.lower_ == "it":  # "It said:" after an institution's or a state's statement
        last = speech.before(subj.idx)
        return last if last is not None and last.type in ("Organization", "Country") else None
    if definite(subj) and subj.lower_ in word_list("party_labels.txt"):  # "the Texas Democrat said"
        last = speech.before(subj.idx) or sal.before(subj.idx)
        return last if last is not None and last.type == "Person" else None
    return speaker_named(ctx, subj, roles) or spokesperson_body(subj, roles) or institution(ctx, subj)


def spokesperson_body(subj: Token, roles: list[Role]) -> Mention | None:
    """ "the spokeswoman said", after "a Benetton spokeswoman said": the organization of the one
    unnamed spokesperson of that title the article introduced before (its words are the
    organization's); None when there is none, or several organizations have one."""
    if subj.lower_ not in LONE_SPOKESPEOPLE or not definite(subj) or any(c.dep_ in ("compound", "amod", "poss")
                                                                           for c in subj.children):
        return None
    bodies = {r.organization.text: r.organization for r in roles
              if r.person is None and r.organization is not None and r.title.lower() == subj.lower_
              and r.evidence.start < subj.idx}
    return next(iter(bodies.values())) if len(bodies) == 1 else None


def speaker_named(ctx: Context, subj: Token, roles: list[Role]) -> Mention | None:
    """The person a subject names: by name, by a title's one holder, or through an apposition
    ("Another officer, Jo Kerr, said"; "one of the victims, Ana Ruiz, filed ...")."""
    if bare_title(subj):  # the title's one holder, never a person called "Prime Minister"
        found = title_holder(subj, roles)
    else:
        found = person_of(ctx, subj) or title_holder(subj, roles)
    found = found or holder_in_subject(subj, roles)
    if found is None and (subj.pos_ in ("NOUN", "NUM") or subj.lower_ in title_words()):
        heads = [subj] + [p for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"
                          for p in c.children if p.dep_ == "pobj"]  # "one of the victims, Ana Ruiz,"
        found = next((person_of(ctx, c) for h in heads for c in h.children
                      if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    return found


def holder_in_subject(subj: Token, roles: list[Role]) -> Mention | None:
    """ "Minister of State Hans Tietmeyer told": the parser made the title the subject and hung the
    name on "of"; the holder of the title the subject heads, named inside the subject's phrase."""
    end = max(t.idx + len(t.text) for t in subj.subtree)
    return next((r.person for r in roles if r.person is not None and r.evidence.start <= subj.idx < r.evidence.end
                 and subj.idx < r.person.start and r.person.end <= end), None)


def pronoun_speaker(subj: Token, sal: Salience, speech: Salience) -> Mention | None:
    """ "he said": the last speaker of the same paragraph when the pronoun fits, else the most
    recent person subject who fits."""
    pronoun = pronoun_of(subj.lower_)
    last = speech.before(subj.idx)
    at = speech.offset_before(subj.idx)
    text = text_of(subj.doc)
    if last is not None and at >= 0 and paragraph_of(text, at) == paragraph_of(text, subj.idx) \
            and speech.fits(last, pronoun):
        return last
    return sal.before(subj.idx, pronoun)

