"""Calendar arithmetic on day numbers: the one implementation of dates for the rule kernel.

Days are int64 counts since 1970-01-01 (the int64 view of `datetime64[D]`); `NAT` marks a missing
date. Every function takes numpy arrays (a single case is an array of one), so the one-case path and
the column path share this code. Anniversaries follow the rule book's Feb 29 parameter
(cspa_rules.md §2): Feb 29 in a common year is March 1, or Feb 28 where `feb28` is set.
"""

from __future__ import annotations

from datetime import date

import numpy as np

NAT = np.iinfo(np.int64).min  # a missing day
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def day(d: date) -> int:
    """Days since 1970-01-01."""
    return d.toordinal() - EPOCH_ORDINAL


def to_date(n: int) -> date | None:
    """The `datetime.date` of a day number (None for NAT)."""
    return None if n == NAT else date.fromordinal(int(n) + EPOCH_ORDINAL)


def civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of each day number (H. Hinnant's `civil_from_days`, proleptic Gregorian)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (m <= 2), m, d


def days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray | int) -> np.ndarray:
    """Day number of a calendar date; `d` may run past the month's end (it rolls over)."""
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


# Lookup tables for the years cases meet: one gather is many times faster than the arithmetic above,
# which stays for anything outside them.
_FIRST_YEAR, _LAST_YEAR = 1800, 2600
_T0 = date(_FIRST_YEAR, 1, 1).toordinal() - EPOCH_ORDINAL
_T1 = date(_LAST_YEAR, 12, 31).toordinal() - EPOCH_ORDINAL
_TY, _TM, _TD = civil(np.arange(_T0, _T1 + 1, dtype=np.int64))
_TYMD = (_TY * 512 + _TM * 32 + _TD).astype(np.int32)  # packed: one gather
_MY, _MM = np.divmod(np.arange((_LAST_YEAR - _FIRST_YEAR + 1) * 12 + 1, dtype=np.int64), 12)
_MSTART = days_from_civil(_MY + _FIRST_YEAR, _MM + 1, 1)  # first day of each month
_MLEN = np.diff(_MSTART)


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    days = np.asarray(days, dtype=np.int64)
    if days.size and (days.min() < _T0 or days.max() > _T1):
        return civil(days)
    packed = _TYMD[days - _T0].astype(np.int64)
    return packed >> 9, (packed >> 5) & 15, packed & 31


def from_ymd(y: np.ndarray, m: np.ndarray, d: np.ndarray | int) -> np.ndarray:
    i = (y - _FIRST_YEAR) * 12 + m - 1
    if np.size(i) and (np.min(i) < 0 or np.max(i) >= len(_MLEN)):
        return days_from_civil(y, m, d)
    return _MSTART[i] + d - 1


def is_leap(y: np.ndarray) -> np.ndarray:
    return (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))


def month_length(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    i = (y - _FIRST_YEAR) * 12 + m - 1
    if np.size(i) and (np.min(i) < 0 or np.max(i) >= len(_MLEN)):
        return np.asarray([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[m] + ((m == 2) & is_leap(y))
    return _MLEN[i]


def month_index(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of each day: month arithmetic is index arithmetic."""
    y, m, _ = ymd(days)
    return (y - 1970) * 12 + m - 1


def month_start(months: np.ndarray) -> np.ndarray:
    """First day of each month index."""
    y, m0 = np.divmod(months, 12)
    return from_ymd(y + 1970, m0 + 1, 1)


def is_feb29(days: np.ndarray) -> np.ndarray:
    _, m, d = ymd(days)
    return (m == 2) & (d == 29)


def add_years(days: np.ndarray, years: np.ndarray | int, feb28: np.ndarray | bool = False) -> np.ndarray:
    """The anniversary `years` later: Feb 29 in a common year is Mar 1, or Feb 28 where `feb28`
    (cspa_rules.md §2). Used for the 21st birthday and the one-year sought-to-acquire window."""
    y, m, d = ymd(days)
    y2 = y + years
    out = from_ymd(y2, m, d)  # Feb 29 of a common year lands on Mar 1
    return out - ((m == 2) & (d == 29) & ~is_leap(y2) & feb28)


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Calendar months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    y, m, d = ymd(days)
    ty, tm0 = np.divmod(y * 12 + m - 1 + months, 12)
    return from_ymd(ty, tm0 + 1, np.minimum(d, month_length(ty, tm0 + 1)))


def age_ymd(birth: np.ndarray, on: np.ndarray, feb28: np.ndarray | bool = False) -> tuple[np.ndarray, ...]:
    """Calendar age on `on` (>= birth): completed anniversaries, then months from the last one with
    month-end clamping (at most 11), then days. For display only; verdicts compare day numbers."""
    oy, om, od = ymd(on)
    years = oy - ymd(birth)[0]
    years = years - (add_years(birth, years, feb28) > on)
    last = add_years(birth, years, feb28)
    ly, lm, ld = ymd(last)
    months = (oy - ly) * 12 + om - lm
    months = months - (np.minimum(ld, month_length(oy, om)) > od)
    months = np.minimum(months, 11)
    landed = add_months(last, months)
    return years, months, on - landed
