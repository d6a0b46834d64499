"""Legal date arithmetic: anniversaries, ages and day counts, exact to the day.

Why not dateutil.relativedelta? It maps Feb 29 + 1 year to Feb 28, while our rule book's default
is March 1 (cspa_rules.md §2): a legal question we decide explicitly, as a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .codes import Feb29Rule
from .errors import InputError


@dataclass(frozen=True)
class Ymd:
    """An age or a span for display: completed years, months and days. Never used for verdicts."""

    years: int
    months: int
    days: int

    def __str__(self) -> str:
        return f"{self.years}y {self.months}m {self.days}d"


# The one date format of every input: ISO 8601 calendar dates, nothing else (issue 11). Not
# `date.fromisoformat`: from Python 3.11 on it also takes 20200101, 2020-W01-1 and more, so the
# same file would give different answers on different Pythons.
DATE_FORMAT = "YYYY-MM-DD"
MIN_YEAR, MAX_YEAR = 1900, 2100
# ASCII digits only (`\d` would take other scripts' digits too). A midnight time after the date
# is what spreadsheets and pandas print for a date cell, so "2024-06-01 00:00:00" is the date;
# any other time of day, or any other trailing text, is an error rather than a guess.
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_BLANKS = {"", "nan", "nat", "none", "null"}


def parse_date(value: object, field: str) -> date | None:
    """Read a date: the text YYYY-MM-DD (surrounding spaces allowed), or a date, datetime or
    pandas Timestamp. Blanks (None, NaN, NaT, empty text) give None; a year outside
    MIN_YEAR..MAX_YEAR is an error, so no later arithmetic can overflow the calendar."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value != value:  # pandas.NaT is a datetime too, and unequal to itself: a blank
            return None
        return _in_range(value.date(), field)
    if isinstance(value, date):
        return _in_range(value, field)
    if isinstance(value, float) and value != value:  # NaN from a CSV column
        return None
    if hasattr(value, "to_pydatetime"):  # pandas.Timestamp, without importing pandas
        if str(value) == "NaT":
            return None
        return _in_range(value.to_pydatetime().date(), field)
    if not isinstance(value, str):
        raise InputError(field, key="bad_date", params={"got": repr(value)})
    text = value.strip()
    if text.lower() in _BLANKS:
        return None
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        raise InputError(field, key="bad_date", params={"got": repr(value)})
    year, month, day = (int(part) for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _range_error(field, value)
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(field, key="date_not_on_calendar", params={"got": repr(value)}) from None


def _in_range(parsed: date, field: str) -> date:
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise _range_error(field, parsed.isoformat())
    return parsed


def _range_error(field: str, value: object) -> InputError:
    params = {"low": MIN_YEAR, "high": MAX_YEAR, "got": repr(value), "value": value}
    return InputError(field, key="date_range", params=params)


def month_start(d: date) -> date:
    """First day of d's month: bulletin months are written as date(y, m, 1)."""
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    from .rules import calendar as cal

    return cal.to_date(int(cal.add_months(_day(d), months)[0]))  # type: ignore[return-value]


def next_month(d: date) -> date:
    """The first day of the month after d's: bulletin months follow one another. (Standard library
    only, so loading the bulletin does not need numpy.)"""
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_end(d: date) -> date:
    """The last day of d's month."""
    return next_month(d) - timedelta(days=1)


def anniversary(d: date, years: int, feb29: Feb29Rule = Feb29Rule.MAR1) -> date:
    """The same month and day `years` later. Feb 29 in a common year becomes Mar 1 (default) or
    Feb 28, per the rule book's parameter (cspa_rules.md §2, "21st birthday, Feb-29 births").
    One implementation: `rules.calendar.add_years`, which the rules use on columns."""
    from .rules import calendar as cal

    feb28 = Feb29Rule(feb29) is Feb29Rule.FEB28
    return cal.to_date(int(cal.add_years(_day(d), years, feb28)[0]))  # type: ignore[return-value]


def _day(d: date):
    import numpy as np

    from .rules.calendar import day

    return np.asarray([day(d)], dtype=np.int64)


def twenty_first_birthday(birth: date, feb29: Feb29Rule = Feb29Rule.MAR1) -> date:
    """The day a person attains 21 by the anniversary ("birthday") rule (cspa_rules.md §2)."""
    return anniversary(birth, 21, feb29)


def days_between(start: date, end: date) -> int:
    """Plain day difference `end - start`: start excluded, end counted (cspa_rules.md §2)."""
    return (end - start).days


def age_ymd(birth: date, on: date, feb29: Feb29Rule = Feb29Rule.MAR1) -> Ymd:
    """Calendar age on `on`: completed anniversaries, then months from the last anniversary with
    month-end clamping, then days. Same as relativedelta for births not on Feb 29."""
    if on < birth:
        raise ValueError(f"age asked for {on} before birth {birth}")
    from .rules import calendar as cal

    y, m, d = cal.age_ymd(_day(birth), _day(on), Feb29Rule(feb29) is Feb29Rule.FEB28)
    return Ymd(int(y[0]), int(m[0]), int(d[0]))


def is_feb29(d: date) -> bool:
    return d.month == 2 and d.day == 29
