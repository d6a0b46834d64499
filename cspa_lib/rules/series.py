"""Bulletin series as search tables: when is a priority date (or a DV rank) current?

A series is the cut-off of every bulletin month on the chart the policy applies. "Current" is one
rule (cspa_rules.md §2): the priority date is strictly earlier than the cut-off, or the cut-off is
"C"; a DV rank is current when it is below the regional cut-off. Cut-offs become numbers (days, or
ranks) with "C" above and "U" or an unprinted cell below every value, so current means `cut > value`.

With r the number of distinct cut-offs at or below a value, the value is current in month j iff the
rank of cut-off j is >= r. `first_current[a, r]` is the first month >= a where it is current and
`first_stop[a, r]` the first where a run of availability stops: not current, or (on the chart USCIS
designates month by month) the designated chart changes, which ends a run too (USCIS stakeholder
message, Sept. 25, 2024; cspa_rules.md §12.5). A row costs one `searchsorted` and a few gathers.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

import numpy as np

from . import law as _law
from .calendar import NAT, add_months, add_years, day, month_index

C_VALUE = 1 << 40  # "C": later than any priority date, above any rank
U_VALUE = -(1 << 40)  # "U" or not printed: no value is below it
CHART_FAD, CHART_DFF, CHART_DV = 1, 2, 3
CHART_NAMES = ("", "FAD", "DFF", "DV")


class BulletinSource(Protocol):
    """What the rules need from a bulletin (implemented by `cspa_lib.bulletin.Bulletin`).

    Sequences are aligned with `months` (every month from `first_month` to `last_month`); None marks
    a cell the bulletin did not print."""

    first_month: date
    last_month: date
    months: Sequence[date]

    def cutoffs(self, chart: Any, category: str, chargeability: str) -> Sequence[Any]: ...

    def designations(self, category: str, chargeability: str) -> Sequence[Any]: ...

    def dv_cutoffs(self, region: str, country: str) -> Sequence[Any]: ...


def cut_value(value: object) -> int:
    """A printed cut-off as a number: a date as its day, a DV rank as itself, C above, U below."""
    if value is None or value == "U":
        return U_VALUE
    if value == "C":
        return C_VALUE
    if isinstance(value, date):
        return day(value)
    return int(value)  # type: ignore[call-overload]


def is_current(value: np.ndarray, cut: np.ndarray) -> np.ndarray:
    """The one definition of "current": strictly below the cut-off (cspa_rules.md §2)."""
    return value < cut


class Series:
    """One effective cut-off series, with its search tables."""

    def __init__(self, cut: np.ndarray, chart: np.ndarray, missing: np.ndarray, unknown: np.ndarray,
                 tables: Tables, boundaries: np.ndarray | None = None) -> None:  # fmt: skip
        self.cut, self.chart, self.missing, self.t = cut, chart, missing, tables
        self.unknown = unknown  # month indexes whose USCIS designation is unknown (FAD was used)
        self.unknown_max = int(cut[unknown].max()) if len(unknown) else U_VALUE
        self.missing_before = np.concatenate([[0], np.cumsum(missing)])  # missing months before i
        n = len(cut)
        self.values = np.unique(cut)
        rank = np.searchsorted(self.values, cut)  # cut[j] > v  <=>  rank[j] >= r
        width = len(self.values) + 1
        levels = np.arange(width)
        stop_anyway = np.zeros(n, dtype=bool) if boundaries is None else boundaries
        first_current = np.full((n + 1, width), n, dtype=np.int64)
        first_stop = np.full((n + 1, width), n, dtype=np.int64)
        for a in range(n - 1, -1, -1):
            current = rank[a] >= levels
            first_current[a] = np.where(current, a, first_current[a + 1])
            first_stop[a] = np.where(~current | stop_anyway[a], a, first_stop[a + 1])
        self.n, self.width = n, width
        self._first_current = first_current.ravel()
        self._first_stop = first_stop.ravel()

    def level(self, values: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.values, values, side="right")

    def first_current(self, month: np.ndarray, level: np.ndarray) -> np.ndarray:
        """First month index >= `month` in which the value is current (n: none in the data)."""
        return self._first_current[np.clip(month, 0, self.n) * self.width + level]

    def first_stop(self, month: np.ndarray, level: np.ndarray) -> np.ndarray:
        """First month index >= `month` at which a run stops (n: still running at the data's end)."""
        return self._first_stop[np.clip(month, 0, self.n) * self.width + level]

    def chart_at(self, month: np.ndarray) -> np.ndarray:
        inside = (month >= 0) & (month < self.n)
        return np.where(inside, self.chart[np.clip(month, 0, self.n - 1)], 0)

    def gap(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Whether a month without a cut-off lies in month indexes [lo, hi]."""
        lo = np.clip(lo, 0, self.n)
        hi = np.clip(hi + 1, 0, self.n)
        return (hi > lo) & (self.missing_before[np.maximum(hi, lo)] > self.missing_before[lo])

    def runs(self, value: int) -> list[tuple[int, int]]:
        """Every run of availability of one value, as (start day, end day or NAT): for the steps."""
        out: list[tuple[int, int]] = []
        level = self.level(np.asarray([value]))
        j = int(self.first_current(np.asarray([0]), level)[0])
        while j < self.n:
            k = int(self.first_stop(np.asarray([j + 1]), level)[0])
            out.append((int(self.t.month_days[j]), int(self.t.month_days[k]) if k < self.n else NAT))
            j = int(self.first_current(np.asarray([k]), level)[0]) if k < self.n else self.n
        return out

    def unknown_months(self, value: int) -> list[int]:
        """Day numbers of the months of unknown designation in which `value` is current."""
        months = self.unknown[is_current(np.int64(value), self.cut[self.unknown])]
        return [int(self.t.month_days[i]) for i in months]

    def missing_months(self, lo: int, hi: int) -> list[int]:
        """Day numbers of the months without a cut-off in month indexes [lo, hi]."""
        lo, hi = max(lo, 0), min(hi, self.n - 1)
        return [int(self.t.month_days[i]) for i in range(lo, hi + 1) if self.missing[i]]


class Tables:
    """Per bulletin: months as day numbers and the series built so far (cached with the bulletin)."""

    def __init__(self, bulletin: BulletinSource) -> None:
        self.bulletin = bulletin
        self.months = list(bulletin.months)
        self.month_days = np.asarray([day(m) for m in self.months] + [0], dtype=np.int64)
        last = self.months[-1]
        self.data_end = int(add_months(np.asarray([day(last)]), 1)[0])  # the first day after the data
        self.month_days[-1] = self.data_end  # index n: the first day after the data
        self.first_index = int(month_index(self.month_days[:1])[0])
        self._series: dict[tuple, Series] = {}

    def index(self, days: np.ndarray) -> np.ndarray:
        """Month index in the data of each day (may be negative or past the end)."""
        return month_index(days) - self.first_index

    def series(self, category: str, chargeability: str, designated: bool) -> Series:
        key = ("chart", category, chargeability, designated)
        if key not in self._series:
            self._series[key] = self._chart_series(category, chargeability, designated)
        return self._series[key]

    def dv_series(self, region: str, country: str) -> Series:
        key = ("dv", region, country)
        if key not in self._series:
            values = list(self.bulletin.dv_cutoffs(region, country))
            cut = np.asarray([cut_value(v) for v in values], dtype=np.int64)
            missing = np.asarray([v is None for v in values])
            chart = np.full(len(values), CHART_DV, dtype=np.int64)
            self._series[key] = Series(cut, chart, missing, np.zeros(0, dtype=np.int64), self)
        return self._series[key]

    def _chart_series(self, category: str, chargeability: str, designated: bool) -> Series:
        """The cut-off each month on the chart the policy applies: Final Action Dates, or the chart USCIS
        designated that month (FAD before Dates for Filing existed, and where the designation is unknown:
        flagged, never guessed further; a DFF cell not printed falls back to FAD)."""
        b = self.bulletin
        fad = list(b.cutoffs("FAD", category, chargeability))
        cut, chart, unknown, missing = [], [], [], []
        dff = list(b.cutoffs("DFF", category, chargeability)) if designated else []
        marks = list(b.designations(category, chargeability)) if designated else []
        for i, month in enumerate(self.months):
            used = "FAD"
            if designated and month >= _law.LAW.dff_introduced:
                mark = marks[i]
                if mark is None:
                    unknown.append(i)
                elif str(mark) == "DFF" and dff[i] is not None:
                    used = "DFF"
            value = dff[i] if used == "DFF" else fad[i]
            cut.append(cut_value(value))
            chart.append(CHART_DFF if used == "DFF" else CHART_FAD)
            missing.append(value is None)
        cuts = np.asarray(cut, dtype=np.int64)
        charts = np.asarray(chart, dtype=np.int64)
        boundaries = None
        if designated:
            boundaries = np.concatenate([[False], charts[1:] != charts[:-1]])
        return Series(cuts, charts, np.asarray(missing), np.asarray(unknown, dtype=np.int64), self, boundaries)


class Walk:
    """Runs of availability for a group of rows: series `a` before each row's switch month, `b` from
    it on (F2B -> F1), never at or past each row's `limit` month (the end of a DV year)."""

    def __init__(self, a: Series, b: Series, switch: np.ndarray, value: np.ndarray | None,
                 limit: np.ndarray) -> None:  # fmt: skip
        self.a, self.b, self.s, self.limit = a, b, switch, limit
        if value is not None:
            self.la = a.level(value)
            self.lb = self.la if b is a else b.level(value)
        self.value = value
        self.n = a.n

    def first_current(self, month: np.ndarray) -> np.ndarray:
        ja = self.a.first_current(month, self.la)
        jb = self.b.first_current(np.maximum(month, self.s), self.lb)
        j = np.where((month < self.s) & (ja < self.s), ja, jb)
        return np.where(j < self.limit, j, self.n)

    def first_stop(self, month: np.ndarray) -> np.ndarray:
        ka = self.a.first_stop(month, self.la)
        k = np.where(month < self.s, np.where(ka < self.s, ka, self.b.first_stop(self.s, self.lb)),
                     self.b.first_stop(month, self.lb))  # fmt: skip
        return np.minimum(k, np.minimum(self.limit, self.n))

    def chart_at(self, month: np.ndarray) -> np.ndarray:
        if self.b is self.a:
            return self.a.chart_at(month)
        return np.where(month < self.s, self.a.chart_at(month), self.b.chart_at(month))

    def unknown(self) -> np.ndarray:
        """A month of unknown USCIS designation in some run of this value."""
        return (self.a.unknown_max > self.value) | (self.b.unknown_max > self.value)

    def gap(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        if self.b is self.a:
            return self.a.gap(lo, hi)
        return self.a.gap(lo, np.minimum(hi, self.s - 1)) | self.b.gap(np.maximum(lo, self.s), hi)

    def walk(self, start: np.ndarray, end: np.ndarray, found: np.ndarray, sought: np.ndarray, has_sought: np.ndarray,
             feb28: np.ndarray, t: Tables) -> tuple[np.ndarray, ...]:  # fmt: skip
        """Past windows cut short by retrogression (cspa_rules.md §8): while the child has not sought
        within a window and the run ends by its anniversary, move to the next run. Returns start, end,
        whether the walk moved on, and whether no run is left."""
        start, end = start.copy(), end.copy()
        later = np.zeros(len(start), dtype=bool)
        exhausted = np.zeros(len(start), dtype=bool)
        n_months = len(t.months)
        rows = np.flatnonzero(found & has_sought & (end != NAT) & (sought >= np.minimum(start, end)))
        while len(rows):
            s, e, when = start[rows], end[rows], sought[rows]
            deadline = add_years(s, 1, feb28[rows])
            locked = (when <= deadline) & (when < e)
            cut = ~locked & (e <= deadline)
            rows = rows[cut]
            if not len(rows):
                break
            sub = self.subset(rows)
            j = sub.first_current(t.index(end[rows]))
            more = j < self._limit_rows(rows)
            k = sub.first_stop(j + 1)
            new_start = t.month_days[np.minimum(j, n_months)]
            new_end = np.where(k < self._limit_rows(rows), t.month_days[np.minimum(k, n_months)], NAT)
            start[rows] = np.where(more, new_start, start[rows])
            end[rows] = np.where(more, new_end, end[rows])
            later[rows[more]] = True
            exhausted[rows[~more]] = True
            rows = rows[more]
            rows = rows[end[rows] != NAT]
        return start, end, later, exhausted

    def _limit_rows(self, rows: np.ndarray) -> np.ndarray:
        return np.minimum(self.limit[rows], self.n)

    def subset(self, rows: np.ndarray) -> Walk:
        """The same walk for some of its rows."""
        sub = Walk.__new__(Walk)
        sub.a, sub.b, sub.n, sub.value = self.a, self.b, self.n, None
        sub.s, sub.limit, sub.la, sub.lb = self.s[rows], self.limit[rows], self.la[rows], self.lb[rows]
        return sub


_TABLES: weakref.WeakKeyDictionary[Any, Tables] = weakref.WeakKeyDictionary()


def tables(bulletin: BulletinSource) -> Tables:
    """The search tables of a bulletin, built once per bulletin object."""
    try:
        found = _TABLES.get(bulletin)
    except TypeError:  # not weak-referenceable: build each time
        return Tables(bulletin)
    if found is None:
        found = Tables(bulletin)
        _TABLES[bulletin] = found
    return found
