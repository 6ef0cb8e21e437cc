"""Dates: publication dates from headers, and dates in the text resolved against them.

Weekday words need their own handling (dateparser maps "Tuesday" in a Tuesday story to the week
before): the story's own weekday is the publication day, otherwise past tense looks back and
future tense looks forward. Explicit dates go through the standard library first and dateparser
only as a fallback, so the common forms cost nothing.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from graph.facts import DateRef

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATE_PATTERNS = [
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b", re.I),
]
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this morning": 0,
            "this afternoon": 0, "this evening": 0, "last night": -1}
_RELATIVE_RE = re.compile(r"\b(" + "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)) + r")\b", re.I)
# Periods without a day: never given a day they do not state, but resolved to an ISO 8601 period
# ("last month" -> "2025-07"), the surface words kept.
_PERIOD_RE = re.compile(r"\b(?P<mod>next|last|this|coming|past|previous|following)\s+(?P<unit>week|month|year|weekend)\b",
                        re.I)
_MONTH_PERIOD_RE = re.compile(r"\b(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]ast|[Pp]revious)\s+(?P<month>" + "|".join(
    calendar.month_name[1:]) + r")\b(?!\s+\d)")
_BACK = ("last", "past", "previous")
_FORWARD = ("next", "coming", "following")
# "scheduled for Thursday", "set for Friday": a day something is due looks forward.
_WEEKDAY_RE = re.compile(r"\b(?:(?P<mod>last|next|this|on|coming|for)\s+)?(?P<day>" + "|".join(
    name.capitalize() for name in WEEKDAYS) + r")\b")


def parse_publication_date(value: str) -> date | None:
    """A header's date ("2025-08-12", "12 August 2025 - 21:49", "26-FEB-1987 15:01:01.79")."""
    value = value.strip()
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        pass
    match = re.match(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", value)
    if match and match.group(2).lower() in MONTHS:
        return _safe_date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    for pattern in DATE_PATTERNS:
        match = pattern.search(value)
        if match and match.group("year"):
            return _safe_date(int(match.group("year")), MONTHS[match.group("month").lower().rstrip(".")],
                              int(match.group("day")))
    try:
        import dateparser  # heavy; only for unusual forms
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def shift(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or None past the calendar's ends (a placeholder 0001-01-01 story's
    "yesterday" has no date; it stays unresolved instead of failing the article)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def resolve_weekday(weekday: int, published: date, future: bool = False) -> date | None:
    """The date of a weekday named in a story published on ``published`` (None past year 1 or 9999)."""
    delta = weekday - published.weekday()
    if delta == 0:
        return published
    if future:
        return shift(published, delta % 7)
    return shift(published, -((-delta) % 7))


def find_dates(text: str, published: date | None, future: bool = False, offset: int = 0) -> list[DateRef]:
    """Every date expression in ``text`` with its resolved value (None when it cannot be resolved)."""
    found: list[DateRef] = []
    for match in _RELATIVE_RE.finditer(text):
        value = shift(published, RELATIVE_DAYS[match.group(1).lower()]) if published else None
        found.append(DateRef(match.group(), value, offset + match.start(), offset + match.end()))
    for match in _WEEKDAY_RE.finditer(text):
        mod = (match.group("mod") or "").lower()
        value = None
        if published:
            wants_future = future if mod in ("", "on", "this") else mod in ("next", "coming", "for")
            value = resolve_weekday(WEEKDAYS[match.group("day").lower()], published, wants_future)
            if mod in ("next", "last") and value == published:
                value = shift(published, 7 if mod == "next" else -7)
        found.append(DateRef(match.group(), value, offset + match.start(), offset + match.end()))
    for match in [*_PERIOD_RE.finditer(text), *_MONTH_PERIOD_RE.finditer(text)]:
        span = period_of(match.group("mod").lower(), match.groupdict().get("unit") or match.group("month"), published)
        found.append(DateRef(match.group(), None, offset + match.start(), offset + match.end(), span))
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(d.start <= offset + match.start() < d.end for d in found):
                continue
            found.append(DateRef(match.group(), _explicit(match, published, future),
                                 offset + match.start(), offset + match.end()))
    return sorted(found, key=lambda d: d.start)


def period_of(mod: str, unit: str, published: date | None) -> str:
    """The ISO 8601 period of "last month", "next week", "this weekend" (Saturday to Sunday), "last
    January" (the latest January before the publication month); "" when there is no anchor."""
    if published is None:
        return ""
    step = -1 if mod in _BACK else 1 if mod in _FORWARD else 0
    unit = unit.lower()
    if unit in ("week", "weekend"):
        day = shift(published, 7 * step)
        if day is None:
            return ""
        if unit == "week":
            year, week, _ = day.isocalendar()
            return f"{year:04d}-W{week:02d}"
        saturday, sunday = shift(day, 5 - day.weekday()), shift(day, 6 - day.weekday())
        return f"{saturday.isoformat()}/{sunday.isoformat()}" if saturday and sunday else ""
    if unit == "year":
        year = published.year + step
        return f"{year:04d}" if 1 <= year <= 9999 else ""
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
    else:  # a month's name: the latest before (last), the first after (next), this year's (this)
        month = MONTHS[unit]
        index = published.year * 12 + month - 1
        current = published.year * 12 + published.month - 1
        if step < 0 and index >= current:
            index -= 12
        elif step > 0 and index <= current:
            index += 12
    year, month0 = divmod(index, 12)
    return f"{year:04d}-{month0 + 1:02d}" if 1 <= year <= 9999 else ""


def _explicit(match: re.Match[str], published: date | None, future: bool) -> date | None:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    day = int(match.group("day"))
    if match.group("year"):
        return _safe_date(int(match.group("year")), month, day)
    if published is None:
        return None
    value = _safe_date(published.year, month, day)
    if value is None:
        return None
    # A yearless date far on the wrong side of the publication date belongs to the next/last year.
    if not future and (value - published).days > 30:
        return _safe_date(published.year - 1, month, day)
    if future and (published - value).days > 30:
        return _safe_date(published.year + 1, month, day)
    return value


def date_in(text: str, published: date | None, future: bool = False, offset: int = 0) -> DateRef | None:
    """The first resolvable date expression in a span of text, if any."""
    for ref in find_dates(text, published, future, offset):
        if ref.value is not None:
            return ref
    return None


def date_near(text: str, published: date | None, anchor: int, future: bool = False,
              offset: int = 0) -> DateRef | None:
    """The date expression in ``text`` closest to the character offset ``anchor``.

    A resolvable date wins over one that is only words ("next month"); ties go to the nearer.
    """
    refs = find_dates(text, published, future, offset)
    if not refs:
        return None

    def distance(ref: DateRef) -> tuple[int, int]:
        gap = 0 if ref.start <= anchor < ref.end else min(abs(ref.start - anchor), abs(ref.end - anchor))
        return (ref.value is None, gap)

    return min(refs, key=distance)
