"""How spaCy's NER labels become our four types, and which names are no entity at all.

The gazetteer decides between Country and Place for GPEs and rescues names the small model
mislabels (an ORG that is a country, a NORP that is not a demonym); ``not_entities.tsv`` and the
honorifics drop the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.gazetteer import Gazetteer
from graph.rules import honorifics, rule_lines, table, word_list

if TYPE_CHECKING:
    from spacy.tokens import Span

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
             "NORP": "Unknown", "FAC": "Place"}


@lru_cache(maxsize=1)
def not_entity_patterns() -> tuple[re.Pattern[str], ...]:
    """Patterns of mention texts that are no entity, from ``ontology/rules/not_entities.tsv``."""
    return tuple(re.compile(row["pattern"]) for row in table("not_entities.tsv"))


def organization_heads() -> frozenset[str]:
    """Head words of national organizations, from ``ontology/rules/organization_heads.txt``."""
    return word_list("organization_heads.txt")


_COMPANY_ENDINGS = frozenset({"Inc", "Inc.", "Corp", "Corp.", "Corporation", "Company", "Ltd", "Group", "Airlines",
                              "Airways"})


@lru_cache(maxsize=1)
def body_heads() -> frozenset[str]:
    """Head words of public bodies and parties as written ("Bank", "Party", "Ministry"): the
    organization heads without company endings, whose "of X" is an address, not a name."""
    return frozenset(rule_lines("organization_heads.txt")) - _COMPANY_ENDINGS


@lru_cache(maxsize=1)
def company_suffixes() -> frozenset[str]:
    """Legal forms that end a company's name, as written ("SpA", "Inc."): ``company_suffixes.txt``."""
    return frozenset(rule_lines("company_suffixes.txt"))


def company_base(text: str) -> str | None:
    """"Benetton" of "Benetton SpA", "Morgan Grenfell" of "Morgan Grenfell and Co": a name of two
    or more words that ends in a legal form, without it; None for any other name."""
    words = text.replace(",", " ").split()
    if len(words) < 2 or words[-1] not in company_suffixes():
        return None
    base = words[:-1]
    while base and base[-1].lower() in ("and", "&"):
        base = base[:-1]
    return " ".join(base) if base and base[0][:1].isupper() else None


def document_heads() -> frozenset[str]:
    """"Treaty" of "Treaty of Rome", from ``ontology/rules/document_heads.txt``."""
    return word_list("document_heads.txt")


def _adjective_of_place(text: str, gaz: Gazetteer) -> bool:
    """"Kashmiri", "Kashmiris", "Texan": a people or adjective formed from a known place."""
    for suffix in ("is", "i", "ans", "an", "ns", "n", "ese", "s"):
        if text.endswith(suffix) and len(text) > len(suffix) + 3:
            entry = gaz.lookup(text[: -len(suffix)])
            if entry is not None and entry.type in ("Place", "Country"):
                return True
    return False


def country_prefix(text: str, gaz: Gazetteer) -> str | None:
    """"U.S." of "U.S. Imports": a leading country name followed by a word that is no org head."""
    words = text.split()
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k])
        entry = gaz.lookup(head)
        if entry is not None and entry.type == "Country":
            return head if words[-1].lower() not in organization_heads() else None
    return None


def names_a_document(ent: Span) -> bool:
    """The place of "Treaty of Rome" is part of a document's name."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ != "of":
        return False
    return doc[ent.start - 2].lower_ in document_heads() and doc[ent.start - 2].is_title


def before_document_head(ent: Span) -> bool:
    """The place of "Kyoto Protocol" or "the Oslo accords" names a document."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].lower_ in document_heads()


def is_country(text: str, gaz: Gazetteer) -> bool:
    entry = gaz.lookup(text)
    return entry is not None and entry.type == "Country"


def word_not_code(text: str, gaz: Gazetteer) -> bool:
    """"us" or "Us" is the pronoun, never the United States: a country code of up to three
    letters counts only when written in capitals ("US", "UK")."""
    entry = gaz.lookup(text)
    return entry is not None and entry.type == "Country" and len(text) <= 3 and not text.isupper()


def classify(label: str, text: str, gaz: Gazetteer) -> str | None:
    """Our entity type for an NER label and its text, or None when it is no entity."""
    if word_not_code(text, gaz):
        return None
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
    if company_base(text) is not None or (" " in text and text.split()[0] in rule_lines("organization_leads.txt")):
        return "Organization"  # "Benetton SpA", "Air Deccan", which the small model may call people
    if label == "PERSON" and " " in text and text.split()[-1] in rule_lines("unnamed_heads.txt"):
        return "Organization"  # "Masten Space Systems": no one's surname is a body's head word
    if label == "FAC":
        return None  # buildings and roads: too noisy to be scored entities
    return NER_TYPES.get(label)

