"""How current the bulletin data are: the data horizon (rule book §12.9, `bulletin_data_stale`).

The bundled Visa Bulletin history ends with some month; a case evaluated long after that month
is judged against an out-of-date picture (a visa that became available since shows as
"awaiting"). This module only compares two dates: it never reads the clock or the data. The CLI,
the notebooks and the dashboard pass the data's last month and today's date (`as_of`); the text
shown to the user is in `i18n` (`horizon_line`, `stale_warning`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import month_end
from .rules.law import is_stale


@dataclass(frozen=True)
class DataHorizon:
    """The last bulletin month in the data, seen from `as_of`.

    `days_past` counts from the last day of that month (negative when `as_of` falls before the
    month ends); `stale` is the rule's `rules.law.is_stale(days_past)` (60 days, `LAW`).
    """

    last_month: date  # the first day of the last bulletin month
    as_of: date
    days_past: int
    stale: bool


def data_horizon(last_month: date, as_of: date) -> DataHorizon:
    """The horizon of data ending with the bulletin month `last_month`, as of `as_of`."""
    first = last_month.replace(day=1)
    days_past = (as_of - month_end(first)).days
    return DataHorizon(first, as_of, days_past, bool(is_stale(days_past)))
