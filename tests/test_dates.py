"""Dates resolved against the publication date: weekdays by tense, relative words, explicit dates."""

from __future__ import annotations

from datetime import date

import pytest

from graph.dates import date_in, date_near, find_dates, parse_publication_date, resolve_weekday

TUESDAY = date(2025, 8, 12)


@pytest.mark.parametrize(("header", "expected"), [
    ("2025-08-12", date(2025, 8, 12)),
    ("12 August 2025 - 21:49", date(2025, 8, 12)),
    ("26-FEB-1987 15:01:01.79", date(1987, 2, 26)),
    ("not a date", None),
])
def test_publication_dates(header, expected):
    assert parse_publication_date(header) == expected


@pytest.mark.parametrize(("text", "future", "expected"), [
    ("signed on Monday", False, date(2025, 8, 11)),
    ("here Tuesday expressed", False, TUESDAY),  # the story's own weekday is the publication day
    ("will travel on Wednesday", True, date(2025, 8, 13)),
    ("met last Tuesday", False, date(2025, 8, 5)),
    ("meets next Tuesday", True, date(2025, 8, 19)),
    ("said yesterday", False, date(2025, 8, 11)),
    ("arrives tomorrow", True, date(2025, 8, 13)),
    ("was signed on February 24", False, date(2025, 2, 24)),
    ("signed on 3 March 2024", False, date(2024, 3, 3)),
])
def test_resolved(text, future, expected):
    ref = date_in(text, TUESDAY, future)
    assert ref is not None and ref.value == expected


def test_surface_kept_with_offsets():
    text = "The deal was signed on Monday in Baghdad."
    ref = date_in(text, TUESDAY, offset=100)
    assert ref.surface == "on Monday"
    assert text[ref.start - 100: ref.end - 100] == "on Monday"


@pytest.mark.parametrize("text", ["a summit next month", "talks last year"])
def test_periods_have_words_but_no_day(text):
    refs = find_dates(text, TUESDAY)
    assert refs and refs[0].value is None
    assert date_in(text, TUESDAY) is None


def test_no_dates_in_plain_text_and_without_publication_date():
    assert find_dates("The ministers met in the capital.", TUESDAY) == []
    assert date_in("signed on Monday", None) is None


def test_date_near_prefers_the_closest():
    text = "On Monday he said the pact was signed on Sunday."
    ref = date_near(text, TUESDAY, anchor=text.index("signed"))
    assert ref.surface == "on Sunday" and ref.value == date(2025, 8, 10)


def test_weekday_future_wraps_forward():
    assert resolve_weekday(0, TUESDAY, future=True) == date(2025, 8, 18)
    assert resolve_weekday(0, TUESDAY) == date(2025, 8, 11)


@pytest.mark.parametrize(("text", "published", "period"), [
    ("met last month", TUESDAY, "2025-07"),
    ("talks next week", TUESDAY, "2025-W34"),
    ("a vote this week", TUESDAY, "2025-W33"),
    ("a rally this weekend", TUESDAY, "2025-08-16/2025-08-17"),
    ("a rally this weekend", date(2025, 8, 17), "2025-08-16/2025-08-17"),  # Sunday: the weekend under way
    ("signed last January", TUESDAY, "2025-01"),
    ("signed last January", date(2025, 1, 20), "2024-01"),  # not the January under way
    ("due next March", TUESDAY, "2026-03"),
    ("elected last year", TUESDAY, "2024"),
    ("a deal last month", date(1987, 1, 5), "1986-12"),
])
def test_periods_resolve_against_the_publication_date(text, published, period):
    refs = find_dates(text, published)
    assert [(r.value, r.period) for r in refs] == [(None, period)]
    assert text.endswith(refs[0].surface)


def test_month_with_a_day_is_a_date_not_a_period():
    refs = find_dates("signed last January 5", TUESDAY)
    assert [(r.surface, r.value, r.period) for r in refs] == [("January 5", date(2025, 1, 5), "")]


def test_scheduled_for_a_weekday_looks_forward():
    assert date_in("talks scheduled for Thursday", TUESDAY).value == date(2025, 8, 14)
    assert date_in("talks scheduled for Monday", TUESDAY).value == date(2025, 8, 18)
    assert date_in("talks held on Monday", TUESDAY).value == date(2025, 8, 11)


def test_periods_before_year_one_stay_unresolved():
    """A placeholder 0001-01-01 story: a period the calendar cannot hold has no value, the rest resolve."""
    refs = {r.surface: r.period for r in find_dates("last month, last year and this week", date(1, 1, 1))}
    assert refs == {"last month": "", "last year": "", "this week": "0001-W01"}


def test_periods_past_the_calendar_stay_unresolved():
    assert find_dates("next year", date(9999, 6, 1))[0].period == ""
    assert find_dates("next week", date(9999, 12, 30))[0].period == ""
