"""When is a visa "available"? Current-ness of a priority date and runs of availability.

Pure functions over plain month sequences, so a test can build a three-month bulletin inline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

Cutoff = date | str  # an ISO cut-off date, or "C" (current) / "U" (unavailable)

CURRENT = "C"
UNAVAILABLE = "U"


def is_current(priority_date: date, cutoff: Cutoff) -> bool:
    """Current means strictly earlier than the cut-off, or "C" (cspa_rules.md §2, "Current"): the
    one definition is `rules.series.is_current`; this reads a printed cut-off for it.

    The bulletin: "The cut-off date ... is the priority date of the first applicant who could not
    be reached", so a priority date equal to the cut-off is NOT current.
    """
    from .rules.series import cut_value
    from .rules.series import is_current as current

    return bool(current(cut_value(priority_date), cut_value(cutoff)))


def dv_is_current(rank: int, cutoff: int | str) -> bool:
    """DV: visas only for rank numbers BELOW the regional cut-off, or "C" (cspa_rules.md §2);
    "U" (a country printed UNAVAILABLE) is never current."""
    from .rules.series import cut_value
    from .rules.series import is_current as current

    return bool(current(int(rank), cut_value(cutoff)))


@dataclass(frozen=True)
class Run:
    """A maximal stretch of bulletin months in which the priority date is current.

    `start` is the first day of the first current month; `end` the first day of the first month
    it is no longer current, or None when it is still current in the last month of the data.
    """

    start: date
    end: date | None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def runs_from_flags(months: Sequence[date], current: Sequence[bool]) -> list[Run]:
    """Group consecutive current months into runs (months must be contiguous and sorted)."""
    runs: list[Run] = []
    start: date | None = None
    for month, flag in zip(months, current, strict=True):
        if flag and start is None:
            start = month
        elif not flag and start is not None:
            runs.append(Run(start, month))
            start = None
    if start is not None:
        runs.append(Run(start, None))
    return runs
