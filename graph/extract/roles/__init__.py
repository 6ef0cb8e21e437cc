"""The roles family: who holds which post ("French Prime Minister Jacques Chirac", "X, chairman of Y").

A spaCy ``PhraseMatcher`` built from ``ontology/rules/titles.tsv`` (optionally preceded by a portfolio
word from ``roles_portfolios.txt``) finds title phrases (``triggers.py``); around each one we read, left
to right: the qualifier before it (a country's possessive, a demonym or an organization name), the
title's complements ("of the Supreme National Security Council", "of Trade", "to Lebanon") and the
holder (the name after the title, an appositive name before it, or none for "the Iraqi Foreign
Minister suggested"), also when a predicate states the post ("was named leader", "served as
chairman") (``arguments.py``); the shapes around one title (``shapes.py``): a provincial Premier,
"a President X would", "Acme founder and CEO X", "Sens. A and B", "visuals journalist"; later passes
add the roles other shapes state (``passes.py``); ``changes.py`` tells whether a post was taken, left
or held before (the role's status: "was appointed", "resigned as", "former") and reads elections won. A country named only by a demonym becomes a ``Country`` mention
the resolver maps.
Each role records its pattern id (``roles.title.after``, ``roles.title.coordinated``,
``roles.relative_clause.heads``, ...).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graph.extract.context import Context, token_at_or_after
from graph.extract.registry import fact_family
from graph.extract.roles.arguments import (
    left_qualifier,
    mention_starting,
    named_title,
    person_after,
    person_before,
    post_predicate,
)
from graph.extract.roles.changes import election_winners, employer, post_status, unnamed_post_changes
from graph.extract.roles.complements import complements
from graph.extract.roles.leads import named_next
from graph.extract.roles.passes import (
    counterpart_holders,
    dateline_countries,
    main_verb,
    paired_holders,
    possessive_countries,
    relative_clause_posts,
    title_anaphors,
    unnamed_holders,
)
from graph.extract.roles.shapes import (
    compound_start,
    coordinated_holders,
    hypothetical,
    joined_names,
    plural_holders,
    prefixed_organization,
    prefixes_before,
    regional,
)
from graph.extract.roles.triggers import (
    head_length,
    is_plural,
    not_holder_words,
    plural_phrase,
    rule_for,
    title_case,
    title_prefixes,
    title_spans,
)
from graph.facts import Mention, Role
from graph.gazetteer import load_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@fact_family("roles", requires=("entities",))
def extract_roles(doc: Doc, ctx: Context) -> list[Role]:
    """Every (holder, post) the text states, each with its sentence as evidence."""
    from spacy.util import filter_spans

    gaz = load_gazetteer()
    roles: list[Role] = []
    unnamed: list[Role] = []
    counterparts: list[tuple[Role, Token]] = []
    lent: list[tuple[Mention, int]] = []  # a counterpart's country, for the title named right after it
    anaphors: list[tuple[Role, Span]] = []
    held: dict[int, Role] = {}
    unheld: list[tuple[Role, int, int]] = []
    for span in filter_spans(title_spans(doc)):
        rule = rule_for(span)
        plural = is_plural(span) or rule is not None and span[-1].lower_ == plural_phrase(rule.phrase).split()[-1]
        if rule is None or plural and not plural_holders(doc, ctx, span):
            continue  # "foreign ministers" are a group; "EC Commissioners X and Y" are two holders
        if "cap" in rule.flags and not span[-1].text[:1].isupper() and not named_title(doc, ctx, span) \
                and post_predicate(span.root) is None:
            continue  # "chair", "general": common words unless capitalised, before a full name or after "resigned as"
        span = doc[compound_start(doc, ctx, gaz, span.start, span.end, rule):span.end]
        words = [t.text for t in span]
        if rule.canonical:
            words = [t.text for t in span[: len(span) - head_length(span, rule)]] + rule.canonical.split()
        elif plural:
            words[-1] = rule.phrase.split()[-1]  # each holds one post: "Commissioners" -> "Commissioner"
        start = span.start
        if start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
                and doc[start - 2].lower_ in title_prefixes():  # "Vice-Prime Minister"
            words, start = [doc[start - 2].text, *words], start - 2
        org_title = "org" in rule.flags
        found, first, definite = left_qualifier(doc, ctx, gaz, start, org_title)
        words = prefixed_organization(doc, ctx, found) + words
        if (lead := prefixes_before(doc, first, found)) < first:
            words, first = [t.text for t in doc[lead:first]] + words, lead
        after = complements(doc, ctx, gaz, rule, span.end, words, found)
        if ("of" in rule.flags and after == span.end and "organization" not in found) \
                or ("withorg" in rule.flags and "organization" not in found):
            continue  # "head", "fellow" alone are common words ("Transnet head X", "head of X" are posts)
        if "regional" in rule.flags and regional(ctx, gaz, doc, first, after):
            words = [t.text for t in span]  # "Ontario Premier": no country's Prime Minister
        if (given := employer(ctx, span.root)) is not None:
            found.setdefault(*given)  # "Acme hired X as chief economist": Acme's post
        person = person_after(doc, ctx, gaz, after)
        if person is not None and person.text.split()[-1].lower() in not_holder_words():
            continue  # "General Election", "King Haakon Sound": the title is part of a name
        if person is not None and (person.end <= span.start_char or hypothetical(doc, span.start, after)):
            person = None
        holder = "after"
        if person is None:
            person, holder = person_before(doc, ctx, span.root, first), "before"
        if person is not None:
            p_end = token_at_or_after(doc, person.end)
            if p_end + 1 < len(doc) and doc[p_end].lower_ == "of" and "country" not in found:
                m = mention_starting(ctx, doc[p_end + 1], ("Country",))
                if m is not None:
                    found["country"] = m
        title = title_case(words)
        end_char = max(span.end_char, person.end if person else 0)
        start_char = min(doc[first].idx, person.start if person else span.start_char)
        ev = ctx.evidence(span, start_char, end_char)
        role = Role(title=title, evidence=ev, person=person, organization=found.get("organization"),
                    country=found.get("country"), to=found.get("to"),
                    rule=f"roles.title.{holder}" if person is not None else "roles.title.unnamed",
                    status=post_status(doc, span.root, first))
        if person is None and after + 1 < len(doc) and doc[after].lower_ in ("and", ","):
            if "counterpart" not in rule.flags:
                unheld.append((role, first, after + 1))  # "Acme founder and CEO X"
            elif "country" in found:  # "his U.S. counterpart, Trade Representative X": X's post is American
                lent.append((found["country"], after + 1))
        if "counterpart" in rule.flags:
            if person is not None:
                counterparts.append((role, span.root))
        elif person is not None:
            roles.append(role)
            held[first] = role
            j = first
            while j > 0 and doc[j - 1].pos_ == "ADJ" and doc[j - 1].is_lower:
                j -= 1
            held.setdefault(j, role)  # "Acme founder and legendary CEO X"
            if ("plural" in rule.flags or plural) and holder == "after":
                roles += [replace(role, person=m) for m in joined_names(doc, ctx, person)]
        elif "unnamed" in rule.flags and definite and "country" in found and span.root.dep_ == "nsubj":
            unnamed.append(role)
        elif "anonymous" in rule.flags and "organization" in found and span.root.dep_ == "nsubj" and after == span.end:
            unnamed.append(role)  # "a NATO official said", "the ministry's spokesman said"
        elif ("unnamed" in rule.flags and definite and not found and span.root.dep_ in ("nsubj", "nsubjpass")
              and (after == span.end or regional(ctx, gaz, doc, first, after)) and main_verb(span.root.head)):
            anaphors.append((role, span))
    for country, nxt in lent:
        if (other := held.get(nxt)) is not None and other.country is None:
            roles = [replace(r, country=country) if r is other else r for r in roles]
    roles += coordinated_holders(unheld, held)
    roles += relative_clause_posts(doc, ctx, gaz)
    roles += election_winners(doc, ctx)
    roles += title_anaphors(doc, ctx, roles, anaphors)
    roles += counterpart_holders(ctx, roles, counterparts)
    roles = possessive_countries(doc, ctx, gaz, roles)
    roles = dateline_countries(ctx, gaz, roles)
    led, unnamed = named_next(doc, ctx, roles, unnamed)  # "India's defence minister opened it. A B said"
    roles += led + unnamed_holders(gaz, roles + led, unnamed + paired_holders(doc, ctx, gaz))
    return roles + unnamed_post_changes(doc, ctx, roles)

