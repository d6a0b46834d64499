"""Which Visa Bulletin chart fixes "visa becomes available": the policy timeline as data.

Each row cites its section of the rule book (`domain/cspa_rules.md` §7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .codes import Chart, Processing

CSPA_EFFECTIVE = date(2002, 8, 6)  # CSPA §8, Pub. L. 107-208 (cspa_rules.md §4)
DFF_INTRODUCED = date(2015, 10, 1)  # first bulletin with a Dates for Filing chart
USCIS_2023_CHANGE = date(2023, 2, 14)  # PA of Feb 14, 2023: USCIS-designated chart (§7)
USCIS_2025_CHANGE = date(2025, 8, 15)  # USCIS update effective Aug 15, 2025: FAD only (§7)


@dataclass(frozen=True)
class Policy:
    """One period of the chart policy. `chart=None` means the chart USCIS designated each month."""

    code: str
    chart: Chart | None
    rule: str


# cspa_rules.md §7, table "Which Visa Bulletin chart?"
CONSULAR = Policy("consular", Chart.FAD, "9 FAM 502.1-1(D)(4): consular cases use Final Action Dates")
USCIS_2018 = Policy(
    "uscis_2018",
    Chart.FAD,
    "USCIS PM 7.A.7 (May 23, 2018 guidance): adjustment decided before 2023-02-14 uses Final Action Dates",
)
USCIS_2023 = Policy(
    "uscis_2023",
    None,
    "USCIS PA-2023-02 (Feb 14, 2023): adjustment pending on/after 2023-02-14 and filed before "
    "2025-08-15 uses the chart USCIS designated that month",
)
USCIS_2025 = Policy(
    "uscis_2025",
    Chart.FAD,
    "USCIS update effective Aug 15, 2025: adjustment filed on/after 2025-08-15 uses Final Action Dates",
)
POLICIES = (CONSULAR, USCIS_2018, USCIS_2023, USCIS_2025)


def chart_policy(processing: Processing, adjustment_filed: date | None, adjustment_decided: date | None) -> Policy:
    """The regime that decides the chart (cspa_rules.md §7, "Recommended regime function").

    `adjustment_filed=None` means the application is not filed yet: it will be filed under the
    policy in force now, Final Action Dates (the caller flags that assumption).
    """
    if processing is Processing.CONSULAR:
        return CONSULAR
    if adjustment_filed is None or adjustment_filed >= USCIS_2025_CHANGE:
        return USCIS_2025
    if adjustment_decided is None or adjustment_decided >= USCIS_2023_CHANGE:
        return USCIS_2023
    return USCIS_2018
