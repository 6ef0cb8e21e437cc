"""What follows a title and belongs to it: "of <organization|country>", "of Trade" (a portfolio),
"of business development at X" (a field of work), "for Foreign Affairs", "to <country>" (an envoy's
destination), "(the EC) delegation" (a unit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors.countries import country_when
from graph.extract.context import Context, token_at_or_after
from graph.extract.roles.arguments import country_or_org, mention_starting, name_span
from graph.extract.roles.triggers import TitleRule, portfolios, units
from graph.facts import PERSONISH, Mention
from graph.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc


FIELD_ENDS = {",", ".", ";", ":", ")", "\u2014", "--"}  # not "-": "of direct-to-consumer" is one word


def complements(doc: Doc, ctx: Context, gaz: Gazetteer, rule: TitleRule, end: int,
                 words: list[str], found: dict[str, Mention]) -> int:
    """Read "of <org|country|Portfolio>" and "to <country>" after a title; returns the next index."""
    if "org" in rule.flags and end + 1 < len(doc) and doc[end].lower_ == "of":
        described = doc[end - 1].dep_ in ("appos", "conj")  # "X, managing director and head of strategy,"
        field = department(doc, ctx, end + 1, "organization" in found or described)
        if field is not None:  # "director of business development at X", "X's manager of communications"
            j, m = field
            words.extend(["of", *(t.text for t in doc[end + 1:j])])
            if m is None:
                return j
            found["organization"] = m
            return token_at_or_after(doc, m.end)
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        k = end + 1
        if doc[k].lower_ == "the" and k + 1 < len(doc):
            k += 1
        m = mention_starting(ctx, doc[k], ("Organization", "Country", "Place"))
        if m is not None:
            m = without_holder(doc, ctx, m)
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            kind = country_or_org(ctx, gaz, span, m, True) if span is not None else None
            if kind and kind[0] not in found:
                found[kind[0]] = kind[1]
                return state_of(doc, ctx, gaz, unit(doc, token_at_or_after(doc, m.end), words), found)
        elif (j := state_of(doc, ctx, gaz, end, found)) > end:
            return j  # "Prime Minister of India Narendra Modi": a state NER left untyped
        elif "of" in rule.flags and (j := unit(doc, k, words)) > k:
            return j  # "head of the delegation"
        elif "portfolio" in rule.flags and k == end + 1:
            j = capitalised_run(doc, ctx, k, allow_mentions=False)
            if j > k:
                words.extend(["of", *(t.text for t in doc[k:j])])
                return j
        elif "org" in rule.flags and k > end + 1 and (j := unnamed_body(doc, k)) > k:
            return j  # "the chairman of the working party, X,": the post, of a body the text does not name
    if "org" in rule.flags and end + 1 < len(doc) and doc[end].lower_ == "at" and "organization" not in found:
        k = end + 2 if doc[end + 1].lower_ == "the" and end + 2 < len(doc) else end + 1
        m = mention_starting(ctx, doc[k], ("Organization",))
        if m is not None:  # "an analyst at Nordbank"
            found["organization"] = m
            return token_at_or_after(doc, m.end)
    if "portfolio" in rule.flags and end + 1 < len(doc) and doc[end].lower_ == "for":
        j = capitalised_run(doc, ctx, end + 1, allow_mentions=True)
        if j > end + 1:  # "Minister for Foreign Affairs", "Secretary of State for Trade"
            words.extend(["for", *(t.text for t in doc[end + 1:j])])
            return j
    if "org" in rule.flags and end + 1 < len(doc) and doc[end].lower_ == "for":
        field = department(doc, ctx, end + 1, True)
        if field is not None and field[1] is None:  # "under-secretary-general for humanitarian affairs,"
            words.extend(["for", *(t.text for t in doc[end + 1:field[0]])])
            return field[0]
    if "envoy" in rule.flags and end + 1 < len(doc) and doc[end].lower_ == "to":
        if doc[end + 1].lower_ == "the" and end + 2 < len(doc) and ctx.mention_at(doc[end + 1]) is None:
            end += 1  # "to the Netherlands"
        body = mention_starting(ctx, doc[end + 1], ("Organization",))
        if body is not None and not any(t.text == "," for t in doc[end:end + 2]):
            found.setdefault("organization", body)  # "Ambassador to the European Union X": the mission's body
            return token_at_or_after(doc, body.end)  # ("EU ambassador to the WTO, X": the EU's)
        m = mention_starting(ctx, doc[end + 1], ("Country", "Place"))
        entry = gaz.lookup(m.text) if m is not None else None
        if m is not None and (m.type == "Country" or (entry is not None and entry.type == "Country")):
            found["to"] = m
            return token_at_or_after(doc, m.end)
        if m is None and ctx.mention_at(doc[end + 1]) is None and doc[end + 1].pos_ == "PROPN":
            m = ctx.mention_for_span(doc[end + 1:end + 2], "Place")
            entry = gaz.lookup(m.text)
        capital = country_when(m.text, ctx.article.published) if m is not None and entry is not None else None
        if m is not None and entry is not None and entry.type == "Place" and capital is not None:
            found["to"] = Mention(capital.name, "Country", m.start, m.end, m.evidence, "rule")  # "to Peking"
            return token_at_or_after(doc, m.end)
    if "envoy" in rule.flags and end + 1 < len(doc) and doc[end].lower_ == "in":
        return posting(doc, ctx, end)
    return end


def posting(doc: Doc, ctx: Context, end: int) -> int:
    """ "consul general in Hong Kong, X", "commercial counsellor in its Washington embassy, X": an
    envoy's posting, a short phrase up to the comma before the name (``end`` if there is none)."""
    for k in range(end + 1, min(end + 6, len(doc))):
        if doc[k].text == ",":
            placed = any(ctx.mention_at(t, ("Place", "Country")) is not None or t.lower_ in units()
                         for t in doc[end + 1:k])
            return k if placed else end
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].is_punct:
            return end
    return end


def state_of(doc: Doc, ctx: Context, gaz: Gazetteer, i: int, found: dict[str, Mention]) -> int:
    """ "of (the) Socialist Republic of Vietnam" at ``i``, the longest capitalised run the gazetteer
    knows as a country ("General Secretary of the Communist Party of the Socialist Republic of X
    Y"): the post's country when none is known yet; returns the index after it (``i`` if none)."""
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return i
    k = i + 2 if doc[i + 1].lower_ == "the" else i + 1
    for j in range(min(k + 6, len(doc)), k, -1):
        if not all(t.text[:1].isupper() or t.lower_ == "of" for t in doc[k:j]) or doc[j - 1].lower_ == "of":
            continue
        entry = gaz.lookup(doc[k:j].text)
        if entry is not None and entry.type == "Country":
            found.setdefault("country", ctx.mention_for_span(doc[k:j], "Country"))
            return j
    return i


def without_holder(doc: Doc, ctx: Context, m: Mention) -> Mention:
    """ "General Secretary of the Communist Party of X Nguyen Van Minh": an organization NER ran on
    into the holder's name ends before the person named at its end."""
    inner = next((p for p in ctx.mentions if p.type == "Person" and m.start < p.start and p.end == m.end), None)
    span = doc.char_span(m.start, inner.start, alignment_mode="contract") if inner is not None else None
    if span is None or not len(span):
        return m
    return ctx.mention_for_span(span, m.type)


def department(doc: Doc, ctx: Context, k: int, known: bool) -> tuple[int, Mention | None] | None:
    """A field of work after "of" (from token ``k``) that belongs to the title: followed by "at
    <Organization>" (returned with its end; a capitalised name NER left untyped counts), or in
    lower case when the organization or the holder is already ``known`` ("Al Jazeera's manager of
    international communications,")."""
    j = k
    while j < len(doc) and j - k < 6 and doc[j].is_alpha and ctx.mention_at(doc[j], PERSONISH + ("Country",)) is None \
            and (doc[j].pos_ in ("NOUN", "PROPN", "ADJ") or (doc[j].lower_ == "and" and j > k)):
        j += 1
    if j == k or j >= len(doc) or doc[j - 1].lower_ == "and":
        return None
    if doc[j].lower_ in ("at", "with") and j + 1 < len(doc):
        first = j + 2 if doc[j + 1].lower_ == "the" and j + 2 < len(doc) else j + 1
        m = mention_starting(ctx, doc[first], ("Organization",))
        if m is None and ctx.mention_at(doc[first]) is None and (run := name_span(doc, first)) is not None:
            m = ctx.mention_for_span(run, "Organization")  # "at ICICI Securities" NER left untyped
        if m is not None:
            return j, m
    if known and doc[j].text in FIELD_ENDS and all(t.text == t.lower_ for t in doc[k:j]):
        return j, None
    return None


def unit(doc: Doc, k: int, words: list[str]) -> int:
    """ "(the EC) delegation", "(the) monitoring mission": a unit noun at ``k``, after up to two
    lower-case words that modify it, joins the title as "of Delegation"."""
    j = k
    while j < min(k + 2, len(doc) - 1) and doc[j].is_lower and doc[j].is_alpha and doc[j].head.i > j \
            and doc[j].lower_ not in units():
        j += 1
    if j < len(doc) and doc[j].lower_ in units() and doc[j].tag_ == "NN":
        words.extend(["of", doc[j].text.capitalize()])
        return j + 1
    return k


def capitalised_run(doc: Doc, ctx: Context, k: int, allow_mentions: bool) -> int:
    """End of a run of capitalised portfolio words from ``k`` ("Foreign Affairs", "Trade and Industry")."""
    j = k
    folios = portfolios()
    while j < len(doc):
        tok = doc[j]
        inner_and = (tok.lower_ == "and" and j > k and j + 1 < len(doc)
                     and (doc[j + 1].text[:1].isupper() or doc[j + 1].lower_ in folios))
        if not inner_and and not ((tok.text[:1].isupper() or tok.lower_ in folios) and tok.is_alpha):
            break  # "Minister of Trade and Industry", "minister of mines and energy"
        m = ctx.mention_at(tok)
        if m is not None and (not allow_mentions or m.type in ("Person", "Country")):
            break
        j += 1
    return j


def unnamed_body(doc: Doc, k: int) -> int:
    """The end of "(the) working party" when a comma follows: a body named by common nouns only,
    after which an appositive name may stand; ``k`` when there is none."""
    j = k
    while j < len(doc) and j - k < 3 and doc[j].is_lower and doc[j].is_alpha:
        j += 1
    return j if j > k and j < len(doc) and doc[j].text == "," and doc[j - 1].pos_ == "NOUN" else k
