"""Legal date arithmetic: anniversaries, ages and day counts, exact to the day.

Why not dateutil.relativedelta? It maps Feb 29 + 1 year to Feb 28, while our rule book's default
is March 1 (cspa_rules.md §2): a legal question we decide explicitly, as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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


def parse_date(value: object, field: str) -> date | None:
    """Read an ISO date (or a date/datetime/pandas Timestamp); blanks and NaN give None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value != value:  # pandas.NaT is a datetime too, and unequal to itself: a blank
            return None
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value != value:  # NaN from a CSV column
        return None
    if hasattr(value, "to_pydatetime"):  # pandas.Timestamp, without importing pandas
        if str(value) == "NaT":
            return None
        return value.to_pydatetime().date()
    if not isinstance(value, str):
        raise InputError(field, f"must be an ISO date YYYY-MM-DD (got {value!r})")
    text = value.strip()
    if not text or text.lower() in {"nan", "nat", "none", "null"}:
        return None
    try:
        if len(text) > 10 and text[10] in "T ":  # a timestamp: keep the calendar date
            text = text[:10]
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(field, f"must be an ISO date YYYY-MM-DD that exists on the calendar (got {value!r})") from None


def month_start(d: date) -> date:
    """First day of d's month: bulletin months are written as date(y, m, 1)."""
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    from .rules import calendar as cal

    return cal.to_date(int(cal.add_months(_day(d), months)[0]))  # type: ignore[return-value]


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
