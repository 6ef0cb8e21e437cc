"""Title shapes read around one matched title: a post qualified by a province or state ("Ontario
Premier X" is no country's Prime Minister), a hypothetical holder ("a President X would"), titles
joined before one name ("Acme founder and CEO X"), plural titles over joined names ("Sens. A
and B") and the words that make a compound title ("visuals journalist", "Russia adviser")."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graph.extract.context import Context, token_at_or_after
from graph.extract.entities.types import organization_heads
from graph.extract.roles.arguments import POSSESSIVE, STANDING_WORDS
from graph.extract.roles.triggers import TitleRule, beats, title_prefixes
from graph.facts import Mention, Role
from graph.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

REGIONAL_WORDS = {"provincial", "state", "regional", "territorial"}
RANK_PREFIXES = {"deputy", "acting", "interim", "assistant", "shadow"}  # never the first word of an organization's name


def is_subnational(ctx: Context, gaz: Gazetteer, doc: Doc, i: int) -> bool:
    """Token ``i`` names a place that is not a country (a province, state or city)."""
    m = ctx.mention_at(doc[i])
    entry = gaz.lookup(m.text if m is not None else doc[i].text)
    if m is None and entry is None and i > 0:
        entry = gaz.lookup(doc[i - 1: i + 1].text)  # "British Columbia" NER missed
    if entry is None:
        return m is not None and m.type == "Place"
    return entry.type == "Place"


def regional(ctx: Context, gaz: Gazetteer, doc: Doc, first: int, after: int) -> bool:
    """ "Ontario Premier", "Quebec's premier", "the provincial premier", "Premier of Ontario": a
    post of a region, not of the country."""
    i = first - 1
    if i >= 1 and doc[i].text in POSSESSIVE:
        i -= 1
    if i >= 0 and (doc[i].lower_ in REGIONAL_WORDS or is_subnational(ctx, gaz, doc, i)):
        return True
    k = after + 1
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    return after < len(doc) and doc[after].lower_ == "of" and k < len(doc) and is_subnational(ctx, gaz, doc, k)


def compound_start(doc: Doc, ctx: Context, gaz: Gazetteer, start: int, end: int, rule: TitleRule) -> int:
    """Where a title's noun phrase begins: the modifiers ``title_modifier`` accepts ("visuals
    journalist", "Transnet pipelines executive", "high school teacher") are part of it, and so is
    a country named before a beat title ("Russia adviser", "Ukraine expert": the beat, not the
    employer). Provincial and capitalised-only posts keep theirs."""
    if rule.flags & {"regional", "counterpart"} or ("cap" in rule.flags and not doc[end - 1].is_lower):
        return start  # a capitalised-only title in lower case came before a full name ("police lieutenant X")
    i = start
    while i > 0:
        t = doc[i - 1]
        if t.dep_ not in ("compound", "amod", "nmod") or not i <= t.head.i < end or not t.is_alpha:
            break
        if title_modifier(ctx, t, start):
            i -= 1
            continue
        if "beat" in rule.flags:
            i = beat_country(ctx, gaz, t, i)
        break
    return i


def title_modifier(ctx: Context, tok: Token, start: int) -> bool:
    """A lower-case word of a compound title: a noun ("country director"), a title adjective
    ("senior", "national") or an adjective of a modifying noun ("high school"); never a standing
    word ("former"), a region ("state") or a word for the organization ("company CEO")."""
    word = tok.lower_
    if not (tok.text == word or tok.is_sent_start) or ctx.mention_at(tok) is not None \
            or word in REGIONAL_WORDS | STANDING_WORDS or word in organization_heads():
        return False
    return tok.pos_ == "NOUN" or (tok.pos_ == "ADJ" and (tok.head.i < start or word in beats() | title_prefixes()))


def prefixed_organization(doc: Doc, ctx: Context, found: dict[str, Mention]) -> list[str]:
    """ "Deputy Treasury Department spokesman": NER took the title's own prefix into the organization;
    give it back (the prefix words, to put before the title) and keep the rest as the organization."""
    org = found.get("organization")
    span = doc.char_span(org.start, org.end, alignment_mode="expand") if org is not None else None
    if span is None:
        return []
    k = span.start
    while k < span.end - 1 and doc[k].lower_ in RANK_PREFIXES:
        k += 1
    if k == span.start:
        return []
    found["organization"] = ctx.mention_for_span(doc[k:span.end], "Organization")
    return [t.text for t in doc[span.start:k]]


def prefixes_before(doc: Doc, first: int, found: dict[str, Mention]) -> int:
    """ "the principal deputy White House press secretary": title prefixes ("principal", "deputy",
    ``roles_prefixes.txt``) in lower case before the organization that qualifies a title belong
    to the title; returns where they begin (``first`` if none)."""
    i = first
    if "organization" not in found:
        return i
    while i > 0 and doc[i - 1].is_lower and doc[i - 1].lower_ in title_prefixes():
        i -= 1
    return i


def beat_country(ctx: Context, gaz: Gazetteer, tok: Token, i: int) -> int:
    """The first index of a country name ending at ``tok`` (not a demonym), else ``i``."""
    m = ctx.mention_at(tok, ("Country",))
    if m is None or m.end != tok.idx + len(tok.text) or gaz.demonym(m.text) is not None:
        return i
    first = tok.doc.char_span(m.start, m.end, alignment_mode="expand")
    return first.start if first is not None else i


def hypothetical(doc: Doc, first: int, after: int) -> bool:
    """ "a President Connell would": an indefinite article right before a title and its name."""
    return first > 0 and doc[first - 1].lower_ in ("a", "an") and (after >= len(doc) or doc[after].text != ",")


def coordinated_holders(unheld: list[tuple[Role, int, int]], held: dict[int, Role]) -> list[Role]:
    """ "Acme founder and co-CEO Rita Moe", "founder, chairman and CEO X": a title with no holder
    (starting at token ``first``), followed by "and" or a comma and a title starting at ``nxt``
    whose holder is named right after it, is held by that person too. ``held`` maps the first
    token of each title to its role."""
    out: list[Role] = []
    for role, first, nxt in sorted(unheld, key=lambda item: -item[1]):
        other = held.get(nxt)
        if other is None or other.person is None:
            continue
        ev = replace(role.evidence, start=min(role.evidence.start, other.evidence.start),
                     end=max(role.evidence.end, other.evidence.end))
        held[first] = replace(role, person=other.person, evidence=ev, rule="roles.title.coordinated")
        out.append(held[first])
    return out


def plural_holders(doc: Doc, ctx: Context, span: Span) -> bool:
    """ "EC Commissioners Willy de Clercq and Frans Andriessen": a plural title right before two or
    more joined names is each one's post."""
    first = ctx.mention_at(doc[span.end], ("Person",)) if span.end < len(doc) else None
    return first is not None and first.start == doc[span.end].idx and bool(joined_names(doc, ctx, first))


def joined_names(doc: Doc, ctx: Context, person: Mention) -> list[Mention]:
    """ "Sens. Cory Bell and Karen Hart": the names joined to the first holder by "and" or commas,
    each perhaps with its home ("Sens. A of Ohio, B of Iowa and C of Utah")."""
    out: list[Mention] = []
    i = _past_home(doc, ctx, token_at_or_after(doc, person.end))
    while i + 1 < len(doc) and doc[i].lower_ in (",", "and"):
        j = i + 1 if doc[i].lower_ == "and" or doc[i + 1].lower_ != "and" else i + 2
        if j >= len(doc):
            break
        m = ctx.mention_at(doc[j], ("Person",))
        if m is None or m.start != doc[j].idx:
            break
        out.append(m)
        i = _past_home(doc, ctx, token_at_or_after(doc, m.end))
    return out


def _past_home(doc: Doc, ctx: Context, i: int) -> int:
    """The index after "of Ohio" at ``i`` (a holder's home state or country), else ``i``."""
    if i + 1 < len(doc) and doc[i].lower_ == "of":
        home = ctx.mention_at(doc[i + 1], ("Place", "Country"))
        if home is not None and home.start == doc[i + 1].idx:
            return token_at_or_after(doc, home.end)
    return i
