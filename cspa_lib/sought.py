"""The one-year "sought to acquire" window, walked over runs of availability (retrogression).

INA 203(h)(1)(A); the walk follows cspa_rules.md §8 "Algorithm": for each run starting at
s = max(run start, approval), a filing on or before min(end of run, s + 1 year) locks the age at s;
a run that ends before s + 1 year opens a new window at the next run (current USCIS PM); a run that
lasts a full year without a filing fails, and later retrogression does not help.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .availability import Run
from .codes import Feb29Rule
from .dates import anniversary

LOCKED = "locked"  # sought in time: the age is locked at `available`
OPEN = "open"  # no sought date given: the age at `available`, if the child seeks by `deadline`
FAILED = "failed"  # a full year passed at `available` without seeking
AWAITING = "awaiting"  # the priority date is not current after approval in the data
UNKNOWN = "unknown"  # the answer depends on months after the last bulletin in the data


@dataclass(frozen=True)
class Window:
    """Where the walk stopped. `first_available` is the first availability after approval (the
    date an extraordinary-circumstances finding would use, USCIS stakeholder message 2024-09-25)."""

    status: str
    available: date | None
    deadline: date | None
    first_available: date | None
    run_index: int | None
    flags: tuple[str, ...] = ()
    ombudsman_2011_available: date | None = None  # 2011 Ombudsman view, when it differs


def sought_deadline(available: date, feb29: Feb29Rule = Feb29Rule.MAR1) -> date:
    """One year after availability: the anniversary, inclusive (cspa_rules.md §2)."""
    return anniversary(available, 1, feb29)


def walk_runs(
    runs: Sequence[Run],
    approval: date,
    sought: date | None,
    data_end: date | None,
    feb29: Feb29Rule = Feb29Rule.MAR1,
) -> Window:
    """Find the visa-available date that counts, given runs of availability.

    `data_end` is the first day after the last bulletin month (None: the runs are complete, as
    when a single availability date is given directly).
    """
    eligible = [r for r in runs if r.end is None or r.end > approval]
    if not eligible:
        return Window(AWAITING, None, None, None, None)
    first = max(eligible[0].start, approval)
    flags: list[str] = []
    for index, run in enumerate(eligible):
        start = max(run.start, approval)
        deadline = sought_deadline(start, feb29)
        if sought is not None and sought <= deadline and (run.end is None or sought < run.end):
            if sought < start:
                flags.append("sought_before_availability" if index == 0 else "sought_during_unavailability")
            alt = None
            if index > 0 and sought <= sought_deadline(first, feb29):
                alt = first  # 2011 Ombudsman: filed within the first window -> lock at first date
            return Window(LOCKED, start, deadline, first, index, tuple(flags), alt)
        if sought is None:
            return Window(OPEN, start, deadline, first, index, tuple(flags))
        cut_short = run.end is not None and run.end <= deadline
        if cut_short:
            flags.append("retrogression_new_window")
            continue
        if run.end is None and data_end is not None and deadline >= data_end:
            return Window(UNKNOWN, start, deadline, first, index, tuple(flags))
        return Window(FAILED, start, deadline, first, index, tuple(flags))
    # every run after approval was cut short and the child sought after the last one ended:
    # the age is not locked; it will be computed when the visa is available again
    return Window(AWAITING, None, None, first, None, tuple(flags))
