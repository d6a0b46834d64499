"""Which Visa Bulletin chart decides "visa available": the policy periods as dated, cited rows.

cspa_rules.md §7. A row matches when the processing agrees and the I-485's filing and decision
dates fall in the row's bounds (each bound names a `LAW` date, so shifting a date in `LAW` moves
every use of it). A case not yet filed is filed under the policy in force now; an application not
yet decided is pending. `select` returns, for arrays of cases, the index of the first matching row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import law as _law
from .calendar import NAT, day

FAD, DESIGNATED = "FAD", "designated"  # the chart: Final Action Dates, or USCIS's designation that month


@dataclass(frozen=True)
class PolicyPeriod:
    code: str
    consular: bool
    chart: str
    filed_from: str | None = None  # a `Law` field: the I-485 filed on or after it
    filed_before: str | None = None
    decided_from: str | None = None  # decided on or after it (an undecided application is pending)
    decided_before: str | None = None
    citation: str = ""  # id in law.CITATIONS


POLICIES: tuple[PolicyPeriod, ...] = (
    PolicyPeriod("consular", True, FAD, citation="consular"),  # 9 FAM 502.1-1(D)(4)
    PolicyPeriod("uscis_2025", False, FAD, filed_from="uscis_2025_change", citation="uscis_2025"),
    PolicyPeriod("uscis_2023", False, DESIGNATED, filed_before="uscis_2025_change", decided_from="uscis_2023_change",
                 citation="uscis_2023"),
    PolicyPeriod("uscis_2018", False, FAD, filed_before="uscis_2025_change", decided_before="uscis_2023_change",
                 citation="uscis_2018"),
)  # fmt: skip
INDEX = {p.code: i for i, p in enumerate(POLICIES)}

_FAR = np.iinfo(np.int64).max  # not filed yet / not decided yet: later than any bound


def select(consular: np.ndarray, filed: np.ndarray, decided: np.ndarray) -> np.ndarray:
    """Index into POLICIES for each case (cspa_rules.md §7, "Recommended regime function")."""
    law = _law.LAW
    filed = np.where(filed == NAT, _FAR, filed)
    decided = np.where(decided == NAT, _FAR, decided)
    out = np.full(len(filed), -1, dtype=np.int64)
    for i, p in enumerate(POLICIES):
        match = consular == p.consular
        if p.filed_from:
            match = match & (filed >= day(getattr(law, p.filed_from)))
        if p.filed_before:
            match = match & (filed < day(getattr(law, p.filed_before)))
        if p.decided_from:
            match = match & (decided >= day(getattr(law, p.decided_from)))
        if p.decided_before:
            match = match & (decided < day(getattr(law, p.decided_before)))
        out = np.where((out < 0) & match, i, out)
    return out
