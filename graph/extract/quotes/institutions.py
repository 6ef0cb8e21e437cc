"""Speakers that are no person: an organization ("Amtrak said", "the Foreign Ministry said"),
its statement or report ("a Foreign Ministry statement said", "TNO's report said"), its unnamed
spokesperson ("a company spokesperson said" -> the company last named; "a spokesman for X"; a lone
"spokesperson" -> the organization that is a subject in the same or the two previous sentences), a definite noun standing
for the organization last named ("the bank said in a note") or, for a word any body is called ("the
company", "the organisation"), the one last a subject just before, a country or a capital ("France
said", "welcomed by Tokyo, which called it ...")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.context import recent_subject
from graph.extract.roles.triggers import title_rules
from graph.gazetteer import load_gazetteer
from graph.rules import address_forms, speech_verbs, word_list

if TYPE_CHECKING:
    from spacy.tokens import Token

    from graph.extract.context import Context
    from graph.facts import Mention

SPOKESPEOPLE = {"spokesperson", "spokesman", "spokeswoman", "representative", "official", "officials"}
LONE_SPOKESPEOPLE = {"spokesperson", "spokesman", "spokeswoman"}  # "officials" speak for many bodies
MODIFIERS = ("compound", "poss", "nmod", "amod")


def known_name_parts(ctx: Context) -> frozenset[str]:
    """Lower-cased words of the article's multi-word person names ("ali", "larijani")."""
    return frozenset(w.lower() for m in ctx.mentions if m.type == "Person" and " " in m.text
                     for w in m.text.split())


def institution(ctx: Context, subj: Token) -> Mention | None:
    """The organization, country or capital a subject stands for, if it is one."""
    m = ctx.mention_at(subj, ("Organization",))
    if m is not None:
        return m if institution_like(ctx, m) else None
    place = state_or_capital(ctx, subj)
    if place is not None:
        return place
    nouns = word_list("quote_statements.txt")
    if subj.lower_ not in nouns and subj.lower_ not in SPOKESPEOPLE:
        return named_by_noun(ctx, subj)
    for child in subj.children:
        if child.dep_ in MODIFIERS and child.i < subj.i:
            m = ctx.mention_at(child, ("Organization",))
            if m is not None and institution_like(ctx, m):
                return m
            if child.dep_ == "compound" and child.pos_ == "NOUN":  # "a company spokesperson"
                return last_organization(ctx, child)
    return spoken_for(ctx, subj) if subj.lower_ in SPOKESPEOPLE else None


def spoken_for(ctx: Context, subj: Token) -> Mention | None:
    """ "a spokesman for Nordbank" -> Nordbank; "Nordbank declined. A spokesperson said ...": a
    lone spokesperson (no modifier of its own) speaks for the organization last a subject in the
    same or the two previous sentences (not one only named there: "said in a statement to NBC News")."""
    body = next((p for c in subj.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")
                 for p in c.children if p.dep_ == "pobj"), None)
    if body is not None:
        m = ctx.mention_at(body, ("Organization",))
        return m if m is not None and institution_like(ctx, m) else state_or_capital(ctx, body)
    if subj.lower_ not in LONE_SPOKESPEOPLE or any(c.dep_ in MODIFIERS for c in subj.children):
        return None
    return recent_subject_organization(ctx, subj)


def recent_subject_organization(ctx: Context, subj: Token) -> Mention | None:
    """The organization last a subject in the same or the two previous sentences."""
    return recent_subject(ctx, subj, ("Organization",), lambda m: institution_like(ctx, m))


def state_or_capital(ctx: Context, subj: Token) -> Mention | None:
    """ "France said" / "Tokyo, which called it": a country or a city of the gazetteer."""
    m = ctx.mention_at(subj, ("Country", "Place"))
    if m is None or subj.pos_ != "PROPN":
        return None
    entry = load_gazetteer().lookup(m.text)
    if entry is None or not (entry.type == "Country" or entry.subtype == "City"):
        return None
    return m


def named_by_noun(ctx: Context, subj: Token) -> Mention | None:
    """ "the bank said" / "the doctors stated" (after "Doctors for Peace"): a definite common noun
    that is a word of the organization last named, with its modifiers ("the central bank"; "the
    ruling party" is no party merely named before)."""
    if subj.tag_ not in ("NN", "NNS") or not any(c.lower_ == "the" and c.dep_ == "det" for c in subj.children):
        return None
    found = last_organization(ctx, subj)
    modifiers = [c.lower_ for c in subj.children if c.dep_ in ("amod", "compound") and c.i < subj.i]
    if found is None and not modifiers and subj.lower_ in word_list("quote_body_nouns.txt") \
            and subj.head.lower_ in speech_verbs() and subj.head.dep_ in ("ROOT", "parataxis"):
        # "..., the company said", not "he said the company would continue"
        return recent_subject_organization(ctx, subj)  # "Acme Ltd posted a loss. ... the company said"
    return found if found is not None and all(w in found.text.lower() for w in modifiers) else None


def last_organization(ctx: Context, noun: Token) -> Mention | None:
    """The organization named last before a common noun whose name holds that noun ("Nordbank",
    "Acme Company" for "bank", "company")."""
    word = noun.lower_
    for m in reversed(ctx.mentions_in(0, noun.idx, ("Organization",))):
        if word in m.text.lower() and institution_like(ctx, m):
            return m
    return None


def institution_like(ctx: Context, m: Mention) -> bool:
    """An organization mention that is no mistyped person: known to the gazetteer, an acronym,
    or a name with no honorific, no title head ("National Security Adviser") and no word of a
    person's name the article gives."""
    entry = load_gazetteer().lookup(m.text)
    if entry is not None:
        return entry.type == "Organization"
    words = m.text.strip("\"'\u201c\u201d ").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or words[0].lower() in address_forms():
        return False
    if len(words) == 1 and not (words[0].isupper() and len(words[0]) > 1):
        return institution_word(ctx, words[0])
    names = known_name_parts(ctx)
    return words[-1].lower() not in title_rules() and not any(w.lower() in names for w in words)


def institution_word(ctx: Context, word: str) -> bool:
    """A one-word organization name ("Amtrak") that is no person's name: no word of a person the
    article names, and never preceded by a form of address or a given name in the article."""
    low = word.lower()
    if low in known_name_parts(ctx) or low in title_rules():
        return False
    return not any(m.type == "Person" and m.text.split()[-1].lower() == low for m in ctx.mentions)
