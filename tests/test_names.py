"""Span cleaning: what is cut off around a name, and what stays."""

from __future__ import annotations

import pytest

from graph.names import clean_span


@pytest.mark.parametrize(("raw", "name"), [
    ("the Bank of England", "Bank of England"),
    ("But the Civil Aviation Authority", "Civil Aviation Authority"),
    ("In March the Office of National Statistics", "Office of National Statistics"),
    ("After talks the Paris Club", "Paris Club"),
    ("US-registered Albanian Macedonian Bulgarian Oil Corporation", "Albanian Macedonian Bulgarian Oil Corporation"),
    ("London-based Acme Holdings", "Acme Holdings"),
    ("Inter Milan", "Inter Milan"),
    ("For Sale Ltd", "For Sale Ltd"),
    ("Since Then Records", "Since Then Records"),
    ("<Canton Telephone Co>", "Canton Telephone Co"),  # a wire's ticker brackets
    ("Canton Telephone Co>", "Canton Telephone Co"),
    ("Kremlin's", "Kremlin"),
])
def test_clean_span_keeps_the_name(raw, name):
    text, start, end = clean_span(raw, 10)
    assert text == name
    assert raw[start - 10:end - 10] == name


@pytest.mark.parametrize(("text", "long"), [
    ("signed by Finance Minister Ade Obi and the Export Credits Guarantee Department (ECGD) today",
     "Export Credits Guarantee Department"),
    ("Berlin, Paris and the Organisation for Economic Co-operation and Development (OECD)",
     "Organisation for Economic Co-operation and Development"),
    ("the International Monetary Fund (IMF) said", "International Monetary Fund"),
    ("Hindustan Aeronautics (HAL) said", "Hindustan Aeronautics"),
    ("a listing in Lisbon and Seoul, the Lisbon Share Exchange (LSE) said", "Lisbon Share Exchange"),
])
def test_acronym_long_form_is_what_the_acronym_spells(text, long):
    from graph.names import acronym_definitions

    assert [d.long for d in acronym_definitions(text)] == [long]


def test_clean_span_drops_line_breaks():
    assert clean_span("Touche Ross and Co.\n\n", 0)[0] == "Touche Ross and Co"
