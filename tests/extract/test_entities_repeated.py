"""Names NER found once, marked again where they stand unmarked (graph.extract.entities.missed)."""

from __future__ import annotations

import spacy

from graph.extract.entities.missed import add_repeated_names
from graph.facts import Mention


def repeated(text: str, names: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """(name, start, type) of every mention ``add_repeated_names`` adds, given the first occurrence
    of each (name, type) as the mention NER found."""
    doc = spacy.blank("en")(text)
    mentions = [Mention(name, type_, text.index(name), text.index(name) + len(name), "", "ner") for name, type_ in names]
    added: list[tuple[str, int, str]] = []
    add_repeated_names(doc, mentions, lambda _span, name, start, _end, type_, _source: added.append((name, start, type_)))
    return added


def test_an_acronym_and_a_long_name_are_marked_again():
    text = ("The loan is backed by ONDD, the export agency, and the Nordic Investment Bank. "
            "It rests on an agreement between Peru and ONDD and one between Chile and Nordic Investment Bank.")
    found = repeated(text, [("ONDD", "Organization"), ("Nordic Investment Bank", "Organization")])
    assert found == [("ONDD", text.rindex("ONDD"), "Organization"),
                     ("Nordic Investment Bank", text.rindex("Nordic Investment Bank"), "Organization")]


def test_a_common_word_a_part_of_a_word_and_other_types_are_not():
    text = ("Reform said it would act, as did ONDD and the Nordic Investment Bank. Reform is needed, the ONDDX "
            "fund grew, ondd staff left, Nordic lenders waited, and Mexico backed Mexico's plan.")
    assert repeated(text, [("Reform", "Organization"), ("ONDD", "Organization"),
                           ("Nordic Investment Bank", "Organization"), ("Mexico", "Country")]) == []
