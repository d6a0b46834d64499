"""What-if sweeps: one case with one field varied, two fields on a grid, a cohort under a stalled
bulletin. Every scenario row is an ordinary batch row evaluated by `evaluate_frame` (whole
columns at once, exact to the day, identical to `evaluate` row by row).

The frames are tidy, one row per scenario, ready for `cspa_lib.plots.plot_margin_heatmap`:
the varied column(s), the shift that produced them (`<field>_shift_days` or
`<field>_shift_months`, when given as shifts), then the batch output columns and `error`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

from .case import DATE_FIELDS, Case
from .dates import add_months, month_start, parse_date
from .errors import InputError
from .result import OUTPUT_COLUMNS
from .rules.series import BulletinSource

RESULT_COLUMNS = list(OUTPUT_COLUMNS) + ["error"]


def case_fields(case: Case | Mapping[str, Any]) -> dict[str, Any]:
    """The batch columns of a case (a `Case` or a mapping), dates as `datetime.date`."""
    if isinstance(case, Case):
        data = {f.name: getattr(case, f.name) for f in dataclasses.fields(case)}
    else:
        data = dict(case)
    out: dict[str, Any] = {}
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(value, Enum):
            value = value.value
        if name in DATE_FIELDS:
            value = parse_date(value, name)
            if value is None:
                continue
        out[name] = value
    return out


def _axis(
    fields: Mapping[str, Any],
    name: str,
    values: Sequence[Any] | None,
    days: Sequence[int] | None,
    months: Sequence[int] | None,
) -> tuple[list[Any], str | None, list[int] | None]:
    """The values one field takes, and the shift column when they are shifts of the case's date."""
    given = [v is not None for v in (values, days, months)]
    if sum(given) != 1:
        raise ValueError(f"give exactly one of values, days or months for {name!r} (got {sum(given)})")
    if values is not None:
        return list(values), None, None
    if name not in DATE_FIELDS:
        dates = ", ".join(DATE_FIELDS)
        raise InputError(name, f"can be shifted by days or months only if it is a date column (one of {dates})")
    base = fields.get(name)
    if base is None:
        raise InputError(name, "is needed in the case to be shifted (give values instead)")
    if days is not None:
        shifts = [int(d) for d in days]
        return [base + timedelta(days=d) for d in shifts], f"{name}_shift_days", shifts
    shifts = [int(m) for m in months or ()]
    start = month_start(base) if name == "bulletin_current" else base
    return [add_months(start, m) for m in shifts], f"{name}_shift_months", shifts


def _column(name: str, values: Sequence[Any]) -> Any:
    if name in DATE_FIELDS:
        parsed = [parse_date(v, name) for v in values]
        return np.asarray([np.datetime64(d, "D") if d else np.datetime64("NaT") for d in parsed], dtype="datetime64[D]")
    return np.asarray(values, dtype=object)


def _evaluate(
    fields: Mapping[str, Any], varied: dict[str, Any], n: int, bulletin: BulletinSource | None
) -> pd.DataFrame:
    from .batch import evaluate_frame

    columns: dict[str, Any] = {}
    for name, value in fields.items():
        if name in varied:
            continue
        if name in DATE_FIELDS:
            columns[name] = np.full(n, np.datetime64(value, "D"), dtype="datetime64[D]")
        else:
            columns[name] = np.full(n, value, dtype=object)
    columns.update(varied)
    return evaluate_frame(pd.DataFrame(columns), bulletin)


def sweep(
    case: Case | Mapping[str, Any],
    field: str,
    values: Sequence[Any] | None = None,
    *,
    days: Sequence[int] | None = None,
    months: Sequence[int] | None = None,
    bulletin: BulletinSource | None = None,
) -> pd.DataFrame:
    """The case evaluated once per value of `field`: `values` as given, or the case's own date
    shifted by `days` or `months` (`bulletin_current` shifts from its month's first day).

    >>> sweep({"category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
    ...        "petition_approved": "2021-08-16", "bulletin_current": "2024-06-01"},
    ...       "bulletin_current", months=[0, 24])["outcome"].tolist()
    ['protected', 'aged_out']
    """
    fields = case_fields(case)
    values_, shift_name, shifts = _axis(fields, field, values, days, months)
    out = _evaluate(fields, {field: _column(field, values_)}, len(values_), bulletin)
    lead = [field]
    if shift_name is not None:
        out[shift_name] = shifts
        lead = [shift_name, field]
    return out[lead + RESULT_COLUMNS]


def grid(
    case: Case | Mapping[str, Any],
    x: str,
    y: str,
    *,
    x_values: Sequence[Any] | None = None,
    x_days: Sequence[int] | None = None,
    x_months: Sequence[int] | None = None,
    y_values: Sequence[Any] | None = None,
    y_days: Sequence[int] | None = None,
    y_months: Sequence[int] | None = None,
    bulletin: BulletinSource | None = None,
) -> pd.DataFrame:
    """The case on every (x, y) pair: one row per pair, `x` varying fastest."""
    if x == y:
        raise ValueError(f"x and y must be different fields (got {x!r} twice)")
    fields = case_fields(case)
    xs, x_shift, x_shifts = _axis(fields, x, x_values, x_days, x_months)
    ys, y_shift, y_shifts = _axis(fields, y, y_values, y_days, y_months)
    nx, ny = len(xs), len(ys)
    x_col, y_col = _column(x, xs), _column(y, ys)
    varied = {x: np.tile(x_col, ny), y: np.repeat(y_col, nx)}
    out = _evaluate(fields, varied, nx * ny, bulletin)
    lead = []
    for name, shift_name, shifts, spread in ((x, x_shift, x_shifts, "tile"), (y, y_shift, y_shifts, "repeat")):
        if shift_name is not None:
            shifts_arr = np.asarray(shifts)
            out[shift_name] = np.tile(shifts_arr, ny) if spread == "tile" else np.repeat(shifts_arr, nx)
            lead.append(shift_name)
        lead.append(name)
    return out[lead + RESULT_COLUMNS]


# --- questions an analyst asks -------------------------------------------------------------------


def latest_protected(
    case: Case | Mapping[str, Any],
    field: str,
    *,
    horizon_days: int = 3650,
    bulletin: BulletinSource | None = None,
) -> date | None:
    """The latest date `field` could take and the case still be protected, moving it later from
    the case's own value one step at a time (a day; a bulletin month for `bulletin_current`) and
    stopping at the first step that does not protect. None when the case as given is not
    protected. Raises ValueError when it protects throughout `horizon_days` (widen it)."""
    fields = case_fields(case)
    if field not in ("petition_approved", "bulletin_current", "sought_to_acquire", "adjustment_filed"):
        raise InputError(
            field,
            "must be one of petition_approved, bulletin_current, sought_to_acquire, adjustment_filed "
            "(a date that can slip later)",
        )
    if field == "bulletin_current":
        frame = sweep(fields, field, months=range(0, horizon_days // 28 + 1), bulletin=bulletin)
    else:
        frame = sweep(fields, field, days=range(0, horizon_days + 1), bulletin=bulletin)
    protected = (frame["outcome"] == "protected").to_numpy()
    if not protected[0]:
        return None
    if protected.all():
        raise ValueError(
            f"{field!r} still protects {horizon_days} days after the case's value "
            f"({frame[field].iloc[-1]:%Y-%m-%d}); widen horizon_days"
        )
    last = int(np.argmin(protected)) - 1
    return pd.Timestamp(frame[field].iloc[last]).date()


def affordable_delay_days(results: pd.DataFrame, as_of: date | str | None = None) -> pd.Series:
    """Days the visa-available date of each evaluated row could slip and still protect:
    `age_out_date - visa_available` (INA 203(h)(1): a day later is a day older), negative when
    the child is already past the line by that many days. Rows awaiting a visa count from
    `as_of` (the day the question is asked); without it, and for rows without a formula, NA."""
    age_out = pd.to_datetime(results["age_out_date"])
    available = pd.to_datetime(results["visa_available"])
    if as_of is not None:
        day = pd.Timestamp(parse_date(as_of, "as_of"))
        waiting = (results["outcome"] == "awaiting_visa").to_numpy()
        available = available.where(~waiting, day)
    return (age_out - available).dt.days.astype("Int64").rename("affordable_delay_days")


def stall(
    cohort: pd.DataFrame,
    months: int | Sequence[int],
    bulletin: BulletinSource | None = None,
) -> pd.DataFrame:
    """Each case of `cohort` if its visa had become available `months` bulletin months later
    (the bulletin standing still): `bulletin_current` set to the first day of the month of its
    visa-available date plus `months`, everything else kept. A tidy frame, one row per case
    and stall: `case_id`, `stall_months`, `outcome_before`, `days_under_21_before`, the stalled
    `visa_available`, `outcome`, `days_under_21`, and `ages_out` (protected before, not after).
    Rows with no visa-available date (awaiting a visa, freeze pathways, errors) are kept unchanged:
    a stall cannot move them."""
    from .batch import evaluate_frame

    stalls = [months] if isinstance(months, int) else list(months)
    if any(m < 0 for m in stalls):
        raise ValueError(f"'months' must be 0 or more (got {stalls})")
    cohort = cohort.reset_index(drop=True)
    if "case_id" not in cohort.columns:
        cohort = cohort.assign(case_id=[str(i) for i in range(len(cohort))])
    before = evaluate_frame(cohort, bulletin)
    available = pd.to_datetime(before["visa_available"])
    movable = available.notna().to_numpy()
    first_of_month = available.dt.to_period("M").dt.to_timestamp()
    frames = []
    for m in stalls:
        stalled = cohort.copy()
        if "bulletin_current" in stalled.columns:
            stalled["bulletin_current"] = stalled["bulletin_current"].astype(object)
        else:
            stalled["bulletin_current"] = None
        moved = (first_of_month + pd.DateOffset(months=m)).dt.date
        stalled.loc[movable, "bulletin_current"] = moved[movable]
        after = evaluate_frame(stalled, bulletin)
        frames.append(
            pd.DataFrame(
                {
                    "case_id": cohort["case_id"].to_numpy(),
                    "stall_months": m,
                    "outcome_before": before["outcome"].to_numpy(),
                    "days_under_21_before": before["days_under_21"].to_numpy(),
                    "visa_available": after["visa_available"].to_numpy(),
                    "outcome": after["outcome"].to_numpy(),
                    "days_under_21": after["days_under_21"].to_numpy(),
                    "ages_out": (before["outcome"] == "protected").to_numpy()
                    & (after["outcome"] != "protected").to_numpy(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    for name in ("days_under_21_before", "days_under_21"):
        out[name] = out[name].astype("Int64")
    return out
