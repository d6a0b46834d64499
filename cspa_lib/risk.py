"""Age-out risk for a priority date that is not yet current: a scenario tool, not a forecast.

The law does not rely on projections: the CSPA age is fixed by the bulletin month in which the
priority date actually becomes current (INA 203(h)(1); cspa_rules.md §2, §6). This module asks
"if the bulletin moves as it has moved before, how likely is the child to age out first?".

Method (`age_out_risk`):

1. The series is the case's own Final Action chart row (category, chargeability) in the bundled
   bulletin: the chart every new filing uses under the policy in force (consular processing, and
   USCIS since Aug 15, 2025; cspa_rules.md §7).
2. Every 12-month change of that cut-off in the history (month t against month t-12, both printed
   as dates; "C" and "U" months skipped) is one possible next year, retrogressions included.
3. A path starts at the last printed date cut-off and adds, year after year, a change drawn at
   random with replacement (a bootstrap), moving in a straight line within each year.
4. On a path the priority date becomes current in the first month its cut-off is later than the
   priority date; the visa is available on the first day of that month (approval is in the past);
   the child ages out on that path if that day is after the age-out date (the 21st birthday plus
   the days the petition was pending, minus one). A path never current by then ages out too.

Limits: the past of one series is the only input. Policy changes, visa-number legislation,
demand shocks, per-country spill-over and the USCIS chart designation are not modelled; overlapping
12-month windows are not independent; the child is assumed to seek to acquire within the year.
A result is a scenario to discuss with a client, never a date to rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .api import as_case
from .availability import CURRENT
from .codes import Category, Chart
from .errors import BulletinRangeError, InputError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .bulletin import Bulletin
    from .case import Case
    from .result import CspaResult

MIN_PATHS, MAX_PATHS = 100, 1_000_000
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
METHOD = (
    "Bootstrap of past 12-month changes of the case's Final Action cut-off (retrogressions included), "
    "a straight line within each simulated year; a scenario, not a forecast the law relies on."
)


@dataclass(frozen=True)
class RiskProjection:
    """The evaluation on the bulletin data, and, when the priority date is not yet current, the
    projected paths. `probability_age_out` is the share of paths on which the child ages out (0 or
    1 when the data already answer; None when the outcome does not turn on age)."""

    result: CspaResult
    status: str  # "answered" (the data decide) or "projected"
    probability_age_out: float | None
    priority_date: date | None
    age_out_date: date | None
    series: str = ""  # e.g. "FAD F2A MEXICO"
    last_month: date | None = None  # the last bulletin month in the data
    last_cutoff: date | None = None  # where the paths start
    advances_days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    current_months: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="datetime64[D]"))
    fan: pd.DataFrame = field(default_factory=pd.DataFrame)  # month x quantiles of the cut-off
    history: pd.DataFrame = field(default_factory=pd.DataFrame)  # month, cutoff (dates only)
    seed: int | None = None
    n_paths: int = 0
    method: str = METHOD

    def current_quantile(self, q: float) -> date | None:
        """The month the priority date becomes current on the q-th share of paths (None: later
        than every simulated month)."""
        if not 0 <= q <= 1:
            raise ValueError(f"'q' must be between 0 and 1 (got {q})")
        if self.status != "projected":
            return self.result.visa_available
        months = np.sort(self.current_months.astype("datetime64[D]"))  # NaT (never) sorts last
        month = months[min(int(q * (len(months) - 1) + 0.5), len(months) - 1)]
        return None if np.isnat(month) else pd.Timestamp(month).date()


def age_out_risk(
    case: Case | dict[str, Any],
    *,
    bulletin: Bulletin | None = None,
    n_paths: int = 2000,
    seed: int | None = 0,
    since: date | str | None = None,
) -> RiskProjection:
    """Evaluate `case` on the bulletin; if its priority date is not yet current after approval
    (`awaiting_visa`), project when it becomes current (module docstring) and return the share
    of paths on which the child ages out. `since` limits the history used (a bulletin month);
    `seed` makes the paths reproducible."""
    from .bulletin import load_bulletin
    from .rules.single import evaluate_case

    if not MIN_PATHS <= n_paths <= MAX_PATHS:
        raise ValueError(f"'n_paths' must be between {MIN_PATHS} and {MAX_PATHS:,} (got {n_paths})")
    bulletin = bulletin or load_bulletin()
    parsed = as_case(case)
    if parsed.category not in _CHARTED:
        valid = ", ".join(c.value for c in _CHARTED)
        raise InputError(
            "category",
            f"must have a Final Action row to project (one of {valid}; got {parsed.category.value})",
        )
    result = evaluate_case(parsed, bulletin)
    pd_date = parsed.effective_priority_date
    if result.outcome.value != "awaiting_visa":
        probability = None if result.under_21 is None else float(not result.under_21)
        return RiskProjection(result, "answered", probability, pd_date, result.age_out_date)
    assert pd_date is not None and result.age_out_date is not None
    history = _history(bulletin, parsed, since)
    dated = history.dropna()
    if len(dated) < 13:
        raise BulletinRangeError(
            f"fewer than 13 dated months in {_series_name(parsed)} since {history['month'].iloc[0]:%Y-%m}: "
            "no 12-month change to learn from"
        )
    advances = _advances(history)
    if not len(advances):
        raise BulletinRangeError(f"no 12-month change between two dated months in {_series_name(parsed)}")
    last_month = bulletin.last_month
    start = pd.Timestamp(dated["cutoff"].iloc[-1]).date()
    first_month = _add_month(last_month, 1)
    months_needed = _months_between(first_month, result.age_out_date) + 13
    years = max(1, -(-months_needed // 12))
    rng = np.random.default_rng(seed)
    draws = rng.choice(advances, size=(n_paths, years))
    steps = np.repeat(draws / 12.0, 12, axis=1)  # a straight line within each simulated year
    start_day = _day(start)
    paths = start_day + np.cumsum(steps, axis=1)  # cut-off of month k (k = 0: first_month)
    pd_day = _day(pd_date)
    current = paths > pd_day
    hit = current.any(axis=1)
    index = np.where(hit, current.argmax(axis=1), -1)
    month_days = np.asarray([_day(_add_month(first_month, k)) for k in range(paths.shape[1])], dtype=np.int64)
    current_months = np.where(hit, month_days[np.maximum(index, 0)], np.iinfo(np.int64).min).astype("datetime64[D]")
    aged = ~hit | (month_days[np.maximum(index, 0)] > _day(result.age_out_date))
    fan = pd.DataFrame(
        np.floor(np.quantile(paths, QUANTILES, axis=0).T).astype(np.int64).astype("datetime64[D]"),
        columns=[f"q{int(q * 100):02d}" for q in QUANTILES],
        index=pd.DatetimeIndex(month_days.astype("datetime64[D]"), name="month"),
    )
    return RiskProjection(
        result=result,
        status="projected",
        probability_age_out=float(aged.mean()),
        priority_date=pd_date,
        age_out_date=result.age_out_date,
        series=_series_name(parsed),
        last_month=last_month,
        last_cutoff=start,
        advances_days=advances,
        current_months=current_months,
        fan=fan,
        history=history,
        seed=seed,
        n_paths=n_paths,
    )


_CHARTED = (
    Category.F1, Category.F2A, Category.F2B, Category.F3, Category.F4,
    Category.EB1, Category.EB2, Category.EB3, Category.EW, Category.EB4, Category.EB5,
)  # fmt: skip


def _series_name(case: Case) -> str:
    return f"FAD {case.category.value} {case.chargeability}"


def _history(bulletin: Bulletin, case: Case, since: date | str | None) -> pd.DataFrame:
    """The series month by month: `cutoff` a Timestamp, NaT where "C", "U" or not printed."""
    from .dates import parse_date

    cutoffs = bulletin.cutoffs(Chart.FAD, case.category.value, case.chargeability)
    months = list(bulletin.months)
    if since is not None:
        first = parse_date(since, "since")
        assert first is not None
        first = first.replace(day=1)
        if not bulletin.first_month <= first <= bulletin.last_month:
            raise BulletinRangeError(
                f"'since' {first:%Y-%m} is outside the bulletin data "
                f"({bulletin.first_month:%Y-%m}..{bulletin.last_month:%Y-%m})"
            )
        keep = months.index(first)
        months, cutoffs = months[keep:], cutoffs[keep:]
    values = [pd.Timestamp(c) if isinstance(c, date) else pd.NaT for c in cutoffs]
    last = cutoffs[-1] if cutoffs else None
    if last == CURRENT:  # pragma: no cover - an awaiting case is never on a "C" series end
        raise BulletinRangeError(f"{_series_name(case)} is current in the last bulletin month")
    return pd.DataFrame({"month": pd.to_datetime(months), "cutoff": values})


def _advances(history: pd.DataFrame) -> np.ndarray:
    """Every change of the cut-off over 12 months, in days, where both months print a date."""
    cut = history["cutoff"]
    change = (cut - cut.shift(12)).dt.days
    return change.dropna().to_numpy(dtype=np.int64)


def _day(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def _add_month(month: date, k: int) -> date:
    total = month.year * 12 + month.month - 1 + k
    return date(total // 12, total % 12 + 1, 1)


def _months_between(a: date, b: date) -> int:
    return max(0, (b.year - a.year) * 12 + b.month - a.month)


def plot_risk_fan(projection: RiskProjection, ax: Axes | None = None, years_of_history: int = 10) -> Axes:
    """The cut-off's past (a line) and its projected spread (5-95 % and 25-75 % bands, the
    median), the priority date (horizontal) and the age-out date (vertical). Draws on `ax`, or
    on a new figure when None; never shows it."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(9, 5), layout="constrained")
    if projection.status != "projected":
        ax.set_title(f"Answered by the bulletin data: {projection.result.outcome.value}")
        ax.set_axis_off()
        return ax
    history = projection.history
    shown = history[history["month"] >= history["month"].iloc[-1] - pd.DateOffset(years=years_of_history)]
    ax.plot(shown["month"], shown["cutoff"], color="#333333", lw=1.5, label="cut-off (bulletin)", gid="history")
    fan = projection.fan
    x = fan.index
    band = {"color": "#1f5fa8", "lw": 0}
    ax.fill_between(x, fan["q05"], fan["q95"], alpha=0.18, label="5-95 % of paths", gid="band_90", **band)
    ax.fill_between(x, fan["q25"], fan["q75"], alpha=0.35, label="25-75 % of paths", gid="band_50", **band)
    ax.plot(x, fan["q50"], color="#1f5fa8", lw=1.5, ls="--", label="median path", gid="median")
    priority, age_out = pd.Timestamp(projection.priority_date), pd.Timestamp(projection.age_out_date)
    ax.axhline(priority, color="#a15c00", lw=1.2, label="priority date", gid="priority_date")
    ax.axvline(age_out, color="#c62828", lw=1.2, label="age-out date", gid="age_out_date")
    probability = projection.probability_age_out or 0.0
    ax.set_title(f"{projection.series}: {probability:.0%} of {projection.n_paths:,} paths age out (a scenario)")
    ax.set_xlabel("bulletin month")
    ax.set_ylabel("cut-off date")
    ax.legend(loc="upper left", fontsize="small")
    return ax
