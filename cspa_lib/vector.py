"""Whole columns at once: the common CSPA pathways as numpy day arithmetic.

`evaluate_columns` computes, for a frame of batch columns, exactly what the scalar engine
(`cspa_lib.engine.evaluate_case`) gives row by row: every output column, `flags` and `rule`
strings included. Rows it cannot reproduce exactly go to the scalar path, one by one, so a row is
never silently wrong. Days are int64 counts since 1970-01-01 (`datetime64[D]`).

Vectorised (the analyst's common cases):

* freeze pathways: IR, ASYLEE, REFUGEE, K2, and F3 after the marriage ended (INA 201(f)(1), (3);
  207(c)(2)(B); 208(b)(3)(B); Matter of Le);
* preference formula (INA 203(h)(1)) with `bulletin_current` given: family, employment and DV;
* preference formula with bulletin lookups, family and employment, under every chart policy
  (consular, USCIS 2018, the USCIS-designated chart of 2023-2025, USCIS 2025): the walk of
  cspa_rules.md §8 over runs of availability, retrogression cutting windows short included (up to
  16 runs), windows that run past the last bulletin in the data (needs_review), and the priority
  date not current after approval (awaiting a visa, or aged out waiting).

Scalar fallback (row by row): any input or validation error (the scalar path writes the message),
Feb 29 births, `married`, extraordinary circumstances asserted, pre-CSPA cases (cspa_rules.md §4),
F2A after the parent's naturalization, F2B after naturalization, DV bulletin lookups,
visa availability that may predate the data, dates outside 1900..2199, object columns holding
values of several types, and `pd.NA` values.

A `NaT` in a datetime column is a blank date on both paths (`dates.parse_date`).
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from .availability import CURRENT, UNAVAILABLE
from .batch import INPUT_COLUMNS
from .case import DATE_FIELDS, Case
from .codes import Category, Chart, Feb29Rule, Processing
from .dates import parse_date
from .engine import (
    R_ASYLEE,
    R_AVAILABLE,
    R_CONVERT,
    R_CURRENT,
    R_DV,
    R_EC,
    R_FEB29,
    R_FORMULA,
    R_IR,
    R_K2,
    R_MARRIAGE_ENDED,
    R_PENDING,
    R_REFUGEE,
    R_RETRO,
    R_SOUGHT,
    R_UNDER_21,
    BulletinSource,
)
from .errors import CspaError
from .policy import (
    CONSULAR,
    CSPA_EFFECTIVE,
    DFF_INTRODUCED,
    USCIS_2018,
    USCIS_2023,
    USCIS_2023_CHANGE,
    USCIS_2025,
    USCIS_2025_CHANGE,
)
from .result import INTEGER_OUTPUTS, OUTPUT_COLUMNS

NAT = np.iinfo(np.int64).min  # a missing day (the int64 view of NaT)
_EPOCH = date(1970, 1, 1).toordinal()
_LOW, _HIGH = date(1900, 1, 1).toordinal() - _EPOCH, date(2199, 12, 31).toordinal() - _EPOCH
_C = 1 << 40  # cut-off "C": later than any priority date
_U = -(1 << 40)  # "U" or not printed: no priority date is earlier

CATEGORIES = tuple(Category)
_CAT = {c: i for i, c in enumerate(CATEGORIES)}
FREEZE_FIELD = {
    Category.IR: ("petition_filed", R_IR, "IR", "F1", ""),
    Category.ASYLEE: ("petition_filed", R_ASYLEE, "ASYLEE", "", ""),
    Category.REFUGEE: ("petition_filed", R_REFUGEE, "REFUGEE", "", "refugee_application_date_is_input"),
    Category.K2: ("admitted", R_K2, "K2", "", "k2_age_at_admission_matter_of_le"),
    Category.F3: ("marriage_ended", R_MARRIAGE_ENDED, "IR", "F1", ""),  # F3 after the marriage ended
}
POLICIES = (CONSULAR, USCIS_2018, USCIS_2023, USCIS_2025)
_FAD, _DESIGNATED = 0, 1  # kinds of effective cut-off series
CHARTS = ("", "FAD", "DFF")
LOCKED, OPEN, FAILED, UNKNOWN = 0, 1, 2, 3
FORMULA, AWAITING, AWAITING_AGED_OUT = 0, 1, 2
DATE_OUTPUTS = ("visa_available", "twenty_first_birthday", "age_out_date", "sought_to_acquire_deadline")
TEXT_OUTPUTS = ("chart", "policy", "outcome", "category_after", "flags", "rule")
# The input columns that are codes or flags, not dates (factorised once per frame).
CODE_FIELDS = tuple(c for c in INPUT_COLUMNS if c != "case_id" and c not in DATE_FIELDS)


def day(d: date) -> int:
    """Days since 1970-01-01, the int64 view of `datetime64[D]`."""
    return d.toordinal() - _EPOCH


_CSPA_EFFECTIVE = day(CSPA_EFFECTIVE)
_USCIS_2023 = day(USCIS_2023_CHANGE)
_USCIS_2025 = day(USCIS_2025_CHANGE)
_DFF_INTRODUCED = DFF_INTRODUCED


@dataclass(frozen=True)
class VectorResult:
    """The result columns (OUTPUT_COLUMNS + error, indexed like the input) and the positions of
    the rows that went through the scalar path."""

    results: pd.DataFrame
    fallback: np.ndarray


PARALLEL_ROWS = 200_000  # from this many rows, a frame is split across threads


def evaluate_columns(
    df: pd.DataFrame, bulletin: BulletinSource | None = None, workers: int | None = None
) -> VectorResult:
    """Evaluate every row of `df`: vectorised where exact (module docstring), scalar otherwise.

    Rows are independent, so a large frame is cut into `workers` slices evaluated in threads
    (numpy releases the GIL for whole-array work); default: up to 4 threads, one per core, from
    `PARALLEL_ROWS` rows on. The result is the same for any number of workers."""
    n = len(df)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if n >= PARALLEL_ROWS else 1
    if workers < 1:
        raise ValueError(f"'workers' must be at least 1 (got {workers})")
    workers = min(workers, max(n, 1))
    if workers == 1:
        return _evaluate_columns(df, bulletin)
    if bulletin is not None:
        _tables(bulletin)  # built once, before the threads share it
    bounds = np.linspace(0, n, workers + 1).astype(np.int64)
    with ThreadPoolExecutor(workers) as pool:
        parts = list(
            pool.map(lambda k: _evaluate_columns(df.iloc[bounds[k] : bounds[k + 1]], bulletin), range(workers))
        )
    fallback = np.concatenate([part.fallback + bounds[k] for k, part in enumerate(parts)])
    return VectorResult(pd.concat([part.results for part in parts]), fallback)


def _evaluate_columns(df: pd.DataFrame, bulletin: BulletinSource | None) -> VectorResult:
    n = len(df)
    if n == 0:
        from .batch import evaluate_rows

        return VectorResult(pd.DataFrame(evaluate_rows([], bulletin), index=df.index), np.arange(0))
    out = _Out(n)
    if df.columns.is_unique:
        cols = _parse(df)
        _freeze(cols, out)
        lookup_bulletin = bulletin
        if bool((cols.ok & cols.lookup).any()) and bulletin is None:
            from .bulletin import load_bulletin

            try:
                lookup_bulletin = load_bulletin()
            except CspaError:
                lookup_bulletin = None
        _preference(cols, out, lookup_bulletin)
        _feb29_alternative(cols, out, lookup_bulletin)
    fallback = np.flatnonzero(~out.done)
    return VectorResult(out.frame(df, fallback, bulletin), fallback)


# --- reading the input columns -------------------------------------------------------------


@dataclass
class _Cols:
    """The parsed columns: days (NAT when blank), codes, and `ok` (False sends a row to the
    scalar path)."""

    ok: np.ndarray
    days: dict[str, np.ndarray]
    cat: np.ndarray  # index into CATEGORIES
    chg: np.ndarray  # index into `charges`
    charges: list[str]
    consular: np.ndarray
    feb28: np.ndarray
    lookup: np.ndarray
    feb29: np.ndarray  # born on Feb 29
    b21: np.ndarray  # 21st birthday under the row's convention

    def has(self, name: str) -> np.ndarray:
        return self.days[name] != NAT

    def other_convention(self, pos: np.ndarray) -> _Cols:
        """Rows `pos` under the other Feb 29 convention (engine._feb29_alternative)."""
        return _Cols(
            self.ok[pos],
            {name: values[pos] for name, values in self.days.items()},
            self.cat[pos],
            self.chg[pos],
            self.charges,
            self.consular[pos],
            ~self.feb28[pos],
            self.lookup[pos],
            self.feb29[pos],
            _add_years(self.days["birth_date"][pos], 21, ~self.feb28[pos]),
        )


_HOMOGENEOUS = {"string", "date", "datetime", "datetime64", "boolean", "integer", "floating", "empty"}


def _factor(col: pd.Series) -> tuple[np.ndarray, list[Any], np.ndarray]:
    """Codes (-1 for a blank), the distinct values as `to_dict` would give them, and rows whose
    missing value is not a blank the scalar path reads as None (pd.NA, odd objects)."""
    n = len(col)
    bad = np.zeros(n, dtype=bool)
    if isinstance(col.dtype, pd.CategoricalDtype):  # the codes are already there
        codes = col.cat.codes.to_numpy().astype(np.int64)  # -1: NaN, a blank on both paths
        return codes, list(col.cat.categories.astype(object)), np.zeros(n, dtype=bool)
    dtype = col.dtype
    if dtype == np.dtype(object):
        values = col.to_numpy()
        na = pd.isna(values)
        if na.any():
            where = np.flatnonzero(na)
            blank = np.fromiter((_blank_na(v) for v in values[where]), dtype=bool, count=len(where))
            bad[where[~blank]] = True
        if pd.api.types.infer_dtype(values, skipna=True) in _HOMOGENEOUS:
            codes, uniques = pd.factorize(values)
            return codes, list(uniques), bad
        # several types in one column: 1, 1.0 and True hash alike but parse differently
        keys = np.empty(n, dtype=object)
        keys[:] = [None if m else (type(v), v) for v, m in zip(values, na, strict=True)]
        codes, uniques = pd.factorize(keys)
        return codes, [k[1] for k in uniques], bad
    codes, uniques = pd.factorize(col)
    if not isinstance(dtype, np.dtype) and getattr(dtype, "na_value", None) is pd.NA:
        bad |= codes < 0  # masked arrays hand pd.NA to the scalar path, which rejects it
    return codes, list(pd.Index(uniques).astype(object)), bad


def _blank_na(value: object) -> bool:
    return value is None or isinstance(value, float) or value is pd.NaT


def _date_column(col: pd.Series | None, name: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Days since the epoch (NAT when blank) and the rows to send to the scalar path."""
    if col is None:
        return np.full(n, NAT, dtype=np.int64), np.zeros(n, dtype=bool)
    if isinstance(col.dtype, np.dtype) and col.dtype.kind == "M":
        values = col.to_numpy()
        unit, _ = np.datetime_data(values.dtype)
        raw = values.view(np.int64)
        per_day = {"D": 1, "h": 24, "m": 1440, "s": 86400, "ms": 86400_000, "us": 86400_000_000}
        per_day["ns"] = 86400_000_000_000
        if unit in per_day:
            days = np.where(raw == NAT, NAT, raw // per_day[unit])  # floor: the calendar date
        else:
            days = values.astype("datetime64[D]").view(np.int64)
        bad = np.zeros(n, dtype=bool)
    else:
        codes, uniques, bad = _factor(col)
        parsed = np.empty(len(uniques) + 1, dtype=np.int64)
        failed = np.zeros(len(uniques) + 1, dtype=bool)
        for i, value in enumerate(uniques):
            try:
                got = parse_date(value, name)
            except CspaError:
                failed[i] = True
                got = None
            parsed[i] = NAT if got is None or got is pd.NaT else day(got)
        parsed[-1] = NAT  # code -1: blank
        days = parsed[codes]
        bad = bad | failed[codes]
    present = days != NAT
    bad = bad | (present & ((days < _LOW) | (days > _HIGH)))
    return days, bad


_BASE = {"category": "F1", "birth_date": "2000-01-01"}


def _code_column(col: pd.Series | None, name: str, n: int) -> tuple[list[Any], np.ndarray, np.ndarray, np.ndarray]:
    """The parsed values of a code column via `Case.from_mapping` itself (so a value parses here
    exactly as in the scalar path): (values, index per row, rows whose value failed to parse,
    rows with a missing value the scalar path rejects)."""
    default = getattr(Case.from_mapping(_BASE), name)
    if col is None:
        none = np.zeros(n, dtype=bool)
        return [default], np.zeros(n, dtype=np.int64), none, none
    codes, uniques, bad = _factor(col)
    values: list[Any] = []
    failed = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques):
        try:
            values.append(getattr(Case.from_mapping({**_BASE, name: value}), name))
        except CspaError:
            values.append(None)
            failed[i] = True
    values.append(default if name != "category" else None)  # code -1: blank
    failed[-1] = name == "category"  # a blank category is an error
    index = np.where(codes < 0, len(uniques), codes)
    return values, index, failed[index], bad


def _parse(df: pd.DataFrame) -> _Cols:
    n = len(df)
    ok = np.ones(n, dtype=bool)
    days: dict[str, np.ndarray] = {}
    for name in DATE_FIELDS:
        days[name], bad = _date_column(df[name] if name in df.columns else None, name, n)
        ok &= ~bad
    parsed: dict[str, tuple[list[Any], np.ndarray]] = {}
    failed: dict[str, np.ndarray] = {}
    for name in CODE_FIELDS:
        values, index, failed[name], bad = _code_column(df[name] if name in df.columns else None, name, n)
        parsed[name] = (values, index)
        ok &= ~bad
        if name != "chargeability":
            ok &= ~failed[name]

    def lookup_table(name: str, fn: Any) -> np.ndarray:
        values, index = parsed[name]
        return np.asarray([fn(v) for v in values])[index]

    cat = lookup_table("category", lambda c: _CAT.get(c, -1))
    ok &= cat >= 0
    # parsed as for F1; a DV chargeability is a country and never fails (case._chargeability)
    ok &= ~failed["chargeability"] | (cat == _CAT[Category.DV])
    charges_values, charges_index = parsed["chargeability"]
    charges = [str(v) for v in charges_values]
    consular = lookup_table("processing", lambda p: p is Processing.CONSULAR)
    feb28 = lookup_table("feb29", lambda f: f is Feb29Rule.FEB28)
    ec = lookup_table("extraordinary_circumstances", lambda e: bool(e))
    has = {name: d != NAT for name, d in days.items()}
    birth = days["birth_date"]
    ok &= has["birth_date"]
    # Case.validate: the order checks (married rows go to the scalar path anyway)
    ok &= ~(has["petition_filed"] & has["petition_approved"] & (days["petition_approved"] < days["petition_filed"]))
    decided_early = days["adjustment_decided"] < days["adjustment_filed"]
    ok &= ~(has["adjustment_filed"] & has["adjustment_decided"] & decided_early)
    ok &= ~has["married"] & ~ec
    # CSPA §8 (cspa_rules.md §4): decided before the Act, or approved and 21 before it
    b21 = _add_years(np.where(has["birth_date"], birth, 0), 21, feb28)  # the 21st birthday
    ok &= ~(has["adjustment_decided"] & (days["adjustment_decided"] < _CSPA_EFFECTIVE))
    ok &= ~(has["petition_approved"] & (days["petition_approved"] < _CSPA_EFFECTIVE) & (b21 < _CSPA_EFFECTIVE))
    # pathways the vector path does not cover
    f2a, f2b, dv = (cat == _CAT[c] for c in (Category.F2A, Category.F2B, Category.DV))
    ok &= ~((f2a | f2b) & has["parent_naturalized"])
    lookup = ~has["bulletin_current"] & ~_freeze_rows(cat, has)
    ok &= ~(dv & lookup)
    feb29 = _is_feb29(np.where(has["birth_date"], birth, 0))
    return _Cols(ok, days, cat, charges_index, charges, consular, feb28, lookup, feb29, b21)


def _freeze_rows(cat: np.ndarray, has: dict[str, np.ndarray]) -> np.ndarray:
    rows = np.isin(cat, [_CAT[c] for c in (Category.IR, Category.ASYLEE, Category.REFUGEE, Category.K2)])
    return rows | ((cat == _CAT[Category.F3]) & has["marriage_ended"])


# --- calendar arithmetic on day counts -----------------------------------------------------


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of each day count: H. Hinnant's `civil_from_days` (proleptic
    Gregorian), in integer arithmetic."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (m <= 2), m, d


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray | int) -> np.ndarray:
    """Day count of a calendar date (`days_from_civil`); d may run past the month's end."""
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


# Lookup tables for the years the vector path meets (inputs are kept within 1900..2199): a
# gather is many times faster than the arithmetic above, which remains for anything outside.
_T_FIRST_YEAR, _T_LAST_YEAR = 1800, 2600
_T0 = date(_T_FIRST_YEAR, 1, 1).toordinal() - _EPOCH
_T1 = date(_T_LAST_YEAR, 12, 31).toordinal() - _EPOCH
_TY, _TM, _TD = _civil(np.arange(_T0, _T1 + 1, dtype=np.int64))
_TYMD = (_TY * 512 + _TM * 32 + _TD).astype(np.int32)  # one packed table: one gather, less cache
_MY, _MM = np.divmod(np.arange((_T_LAST_YEAR - _T_FIRST_YEAR + 1) * 12 + 1, dtype=np.int64), 12)
_MSTART = _days_from_civil(_MY + _T_FIRST_YEAR, _MM + 1, 1)  # first day of each month
_MLEN = np.diff(_MSTART)


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if days.size and (days.min() < _T0 or days.max() > _T1):
        return _civil(days)
    packed = _TYMD[days - _T0].astype(np.int64)
    return packed >> 9, (packed >> 5) & 15, packed & 31


def _from_ymd(y: np.ndarray, m: np.ndarray, d: np.ndarray | int) -> np.ndarray:
    i = (y - _T_FIRST_YEAR) * 12 + m - 1
    if i.size and (i.min() < 0 or i.max() >= len(_MLEN)):
        return _days_from_civil(y, m, d)
    return _MSTART[i] + d - 1


def _months(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of each day."""
    y, m, _ = _ymd(days)
    return (y - 1970) * 12 + m - 1


def _month_start(months: np.ndarray) -> np.ndarray:
    y, m0 = np.divmod(months, 12)
    return _from_ymd(y + 1970, m0 + 1, 1)


def _month_length(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    i = (y - _T_FIRST_YEAR) * 12 + m - 1
    if i.size and (i.min() < 0 or i.max() >= len(_MLEN)):
        leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
        return np.asarray([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[m] + ((m == 2) & leap)
    return _MLEN[i]


def _is_feb29(days: np.ndarray) -> np.ndarray:
    _, m, d = _ymd(days)
    return (m == 2) & (d == 29)


def _add_years(days: np.ndarray, years: np.ndarray | int, feb28: np.ndarray | bool = False) -> np.ndarray:
    """`dates.anniversary`: Feb 29 in a common year is Mar 1, or Feb 28 where `feb28`."""
    y, m, d = _ymd(days)
    y2 = y + years
    out = _from_ymd(y2, m, d)  # Feb 29 of a common year lands on Mar 1
    leap = (y2 % 4 == 0) & ((y2 % 100 != 0) | (y2 % 400 == 0))
    return out - ((m == 2) & (d == 29) & ~leap & feb28)


def _age_ymd(
    birth: np.ndarray, on: np.ndarray, feb28: np.ndarray | bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`dates.age_ymd` for `on >= birth`: completed anniversaries, then months from the last one
    with month-end clamping (at most 11), then days."""
    oy, om, od = _ymd(on)
    years = oy - _ymd(birth)[0]
    years -= _add_years(birth, years, feb28) > on
    ly, lm, ld = _ymd(_add_years(birth, years, feb28))
    months = (oy - ly) * 12 + om - lm
    months -= np.minimum(ld, _month_length(oy, om)) > od
    months = np.minimum(months, 11)
    ty, tm0 = np.divmod(ly * 12 + lm - 1 + months, 12)
    landed = _from_ymd(ty, tm0 + 1, np.minimum(ld, _month_length(ty, tm0 + 1)))
    return years, months, on - landed


# --- the output being built ----------------------------------------------------------------


class _Out:
    def __init__(self, n: int) -> None:
        self.n = n
        self.done = np.zeros(n, dtype=bool)
        self.dates = {c: np.full(n, NAT, dtype=np.int64) for c in DATE_OUTPUTS}
        self.ints = {c: np.zeros(n, dtype=np.int64) for c in INTEGER_OUTPUTS}
        self.int_ok = {c: np.zeros(n, dtype=bool) for c in INTEGER_OUTPUTS}
        self.under = np.zeros(n, dtype=bool)
        self.under_ok = np.zeros(n, dtype=bool)
        self.code = np.zeros(n, dtype=np.int64)  # packed trace code -> the text columns

    def put(self, rows: np.ndarray, **columns: tuple[np.ndarray, np.ndarray] | np.ndarray) -> None:
        """Write `columns` at `rows` (positions); an int column is (values, present)."""
        for name, value in columns.items():
            if name in self.dates:
                self.dates[name][rows] = value
            elif name in self.ints:
                values, present = value  # type: ignore[misc]
                self.ints[name][rows] = values
                self.int_ok[name][rows] = present
            elif name == "under_21":
                values, present = value  # type: ignore[misc]
                self.under[rows] = values
                self.under_ok[rows] = present
            elif name == "code":
                self.code[rows] = value
            else:  # pragma: no cover
                raise KeyError(name)
        self.done[rows] = True

    def frame(self, df: pd.DataFrame, fallback: np.ndarray, bulletin: BulletinSource | None) -> pd.DataFrame:
        from .batch import ERROR_COLUMN, evaluate_rows

        done = np.flatnonzero(self.done)
        scalar: list[dict[str, Any]] = []
        if len(fallback):
            records = df.iloc[fallback].to_dict("records")
            scalar = evaluate_rows(records, bulletin)
        data: dict[str, Any] = {}
        every = len(done) == self.n  # no fallback: the vector columns are the whole columns
        texts = _decode(self.code if every else self.code[done])
        for name in OUTPUT_COLUMNS + (ERROR_COLUMN,):
            if every and name in self.dates:
                data[name] = _to_dates(self.dates[name])
                continue
            if every and name in texts:
                data[name] = texts[name]
                continue
            if name in self.dates:
                column = np.empty(self.n, dtype=object)
                column[done] = _to_dates(self.dates[name][done])
            elif name in self.ints:
                values, present = self.ints[name].copy(), self.int_ok[name].copy()
                for pos, row in zip(fallback, scalar, strict=True):
                    value = row[name]
                    present[pos] = value is not None
                    values[pos] = 0 if value is None else value
                data[name] = pd.arrays.IntegerArray(values, ~present)
                continue
            elif name == "under_21":
                values, present = self.under.copy(), self.under_ok.copy()
                for pos, row in zip(fallback, scalar, strict=True):
                    value = row[name]
                    present[pos] = value is not None
                    values[pos] = bool(value)
                data[name] = pd.arrays.BooleanArray(values, ~present)
                continue
            else:
                column = np.empty(self.n, dtype=object)
                column[done] = texts[name] if name in texts else ""
            if len(fallback):
                column[fallback] = [row[name] for row in scalar]
            data[name] = column
        return pd.DataFrame(data, index=df.index, copy=False)


def _to_dates(days: np.ndarray) -> np.ndarray:
    """Day counts to `datetime.date` objects (None for NAT), converting each distinct day once."""
    codes, uniques = pd.factorize(days)
    as_dates = np.asarray(uniques, dtype=np.int64).astype("datetime64[D]").astype(object)
    return as_dates[codes]


# --- packed trace codes: the branch taken, decoded once per distinct branch -----------------

# (name, size): the fields of a code, packed little-end first; kind 0 = freeze, 1 = preference.
# Both layouts start alike, so the Feb 29 "convention changes the verdict" bit has one scale.
_COMMON = (("kind", 2), ("cat", 16), ("feb29", 3), ("changes", 2))
_CHANGES = 2 * 16 * 3
_FREEZE_FIELDS = (*_COMMON, ("m0", 2), ("m1", 2), ("under", 2))
_PREF_FIELDS = (
    *_COMMON, ("dv", 2), ("lookup", 2), ("policy", 4), ("counted", 2),
    ("assumed", 2), ("unknown", 2), ("sba", 2), ("branch", 3), ("reduction", 2), ("one_day", 2),
    ("status", 4), ("under", 2), ("one_day_sought", 2), ("chart", 3), ("gap", 2),
    ("retro", 2), ("later_run", 2), ("sdu", 2), ("ombudsman", 2), ("ec", 2),
)  # fmt: skip


def _pack(fields: Sequence[tuple[str, int]], **values: np.ndarray | int) -> np.ndarray:
    code: np.ndarray | int = 0
    scale = 1
    for name, size in fields:
        code = code + np.asarray(values[name], dtype=np.int64) * scale
        scale *= size
    return np.asarray(code, dtype=np.int64)


def _unpack(code: int) -> dict[str, int]:
    fields = _FREEZE_FIELDS if code % 2 == 0 else _PREF_FIELDS
    out = {}
    for name, size in fields:
        code, out[name] = divmod(code, size)
    return out


def _decode(codes: np.ndarray) -> dict[str, np.ndarray]:
    index, uniques = pd.factorize(codes)
    columns: dict[str, list[str]] = {name: [] for name in TEXT_OUTPUTS}
    for code in uniques:
        fields = _unpack(int(code))
        texts = _freeze_texts(fields) if fields["kind"] == 0 else _pref_texts(fields)
        for name in TEXT_OUTPUTS:
            columns[name].append(texts.get(name, ""))
    return {name: np.asarray(values, dtype=object)[index] for name, values in columns.items()}


class _Trace:
    """Flags and rules in first-seen order, as the engine's trace collects them."""

    def __init__(self) -> None:
        self.flags: list[str] = []
        self.rules: list[str] = []

    def rule(self, rule: str) -> None:
        if rule not in self.rules:
            self.rules.append(rule)

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)

    def texts(self, **more: str) -> dict[str, str]:
        return {"flags": ";".join(self.flags), "rule": " | ".join(self.rules), **more}

    def born(self, f: dict[str, int]) -> None:
        """engine._evaluate: the birthday step, and the Feb 29 convention used."""
        self.rule(R_UNDER_21)
        if f["feb29"]:
            self.flag(f"feb29_birth_{('mar1', 'feb28')[f['feb29'] - 1]}")
            self.rule(R_FEB29)

    def alternative(self, f: dict[str, int]) -> None:
        """engine._feb29_alternative: the other convention gives another outcome."""
        if f["changes"]:
            self.flag("feb29_convention_changes_verdict")


def _freeze_texts(f: dict[str, int]) -> dict[str, str]:
    """engine._evaluate -> _dispatch -> _freeze, in the order the trace is written."""
    category = CATEGORIES[f["cat"]]
    _, rule, if_child, if_not, first_flag = FREEZE_FIELD[category]
    trace = _Trace()
    trace.born(f)
    if first_flag:
        trace.flag(first_flag)
    trace.rule(rule)
    if f["m0"]:
        trace.flag("frozen_on_21st_birthday")
    if f["m0"] or f["m1"]:
        trace.flag("one_day_changes_verdict")
    under = bool(f["under"])
    trace.alternative(f)
    return trace.texts(
        outcome="protected" if under else "not_eligible",
        category_after=if_child if under else if_not,
    )


def _pref_texts(f: dict[str, int]) -> dict[str, str]:
    """engine._preference (with _bulletin_runs, walk_runs, _formula_result or _awaiting,
    _category_after and _extraordinary), in the order the trace is written."""
    category = CATEGORIES[f["cat"]]
    policy = POLICIES[f["policy"]]
    trace = _Trace()
    trace.born(f)
    if f["counted"]:
        trace.flag("adjustment_filing_counted_as_sought")
    trace.rule(R_DV if f["dv"] else R_PENDING)
    if f["lookup"]:
        trace.rule(policy.rule)
        if f["assumed"]:
            trace.flag("adjustment_filing_date_assumed")
        if f["unknown"]:
            trace.flag("chart_designation_unknown")
        trace.rule(R_CURRENT)
    else:
        trace.rule(R_AVAILABLE)
    if f["retro"]:  # sought.walk_runs: a window cut short by retrogression
        trace.flag("retrogression_new_window")
    if f["sba"]:
        trace.flag("sought_before_availability")
    if f["sdu"]:
        trace.flag("sought_during_unavailability")

    def after(under: bool) -> str:
        if under:
            return category.value
        if category is Category.F2A:
            trace.rule(R_CONVERT)
            return "F2B"
        trace.flag("no_automatic_conversion")
        trace.rule(R_CONVERT)
        return ""

    if f["branch"] != FORMULA:
        trace.flag("not_current_in_bulletin_data")
        trace.rule(R_FORMULA)
        aged_out = f["branch"] == AWAITING_AGED_OUT
        outcome = "aged_out" if aged_out else "awaiting_visa"
        category_after = after(False) if aged_out else ""
    else:
        under = bool(f["under"])
        status = f["status"]
        if status == UNKNOWN:  # the window runs past the last bulletin in the data
            trace.flag("beyond_bulletin_data")
            trace.rule(R_SOUGHT)
        trace.rule(R_AVAILABLE)
        if f["later_run"]:  # engine._formula_result: the window of a later run
            trace.rule(R_RETRO)
        if f["reduction"]:
            trace.flag("reduction_exceeds_age")
        trace.rule(R_FORMULA)
        trace.rule(R_UNDER_21)
        if f["one_day"]:
            trace.flag("one_day_changes_verdict")
        if status in (LOCKED, FAILED):
            trace.rule(R_SOUGHT)
        elif status == OPEN and under:
            trace.flag("sought_to_acquire_not_given")
            trace.rule(R_SOUGHT)
        if f["one_day_sought"]:
            trace.flag("one_day_changes_sought_to_acquire")
        if f["ombudsman"]:  # 2011 Ombudsman: locked at the first availability
            trace.flag("sources_disagree_retrogression")
            trace.rule(R_RETRO)
        if not under:
            outcome = "aged_out"
        elif status == FAILED:
            outcome = "sought_to_acquire_failed"
        elif status == UNKNOWN:
            outcome = "needs_review"
        else:
            outcome = "protected"
        category_after = after(under)
        if f["ec"]:  # engine._extraordinary: the first availability would have protected
            trace.flag("extraordinary_circumstances_could_help")
            trace.rule(R_EC)
        if f["gap"]:  # a month without a cut-off inside the deciding window: never a guess
            trace.flag("bulletin_month_missing")
            trace.rule(R_CURRENT)
            outcome = "needs_review"
    trace.alternative(f)
    return trace.texts(
        outcome=outcome,
        category_after=category_after,
        chart=CHARTS[f["chart"]],
        policy="" if f["dv"] else policy.code,
    )


def _feb29_alternative(cols: _Cols, out: _Out, bulletin: BulletinSource | None) -> None:
    """Born on Feb 29: evaluate again under the other convention and flag when the outcome
    changes (engine._feb29_alternative); a row whose alternative the vector path cannot give
    goes to the scalar path."""
    pos = np.flatnonzero(out.done & cols.feb29)
    if not len(pos):
        return
    other = _Out(len(pos))
    alt = cols.other_convention(pos)
    _freeze(alt, other)
    _preference(alt, other, bulletin)
    out.done[pos[~other.done]] = False
    keep = np.flatnonzero(other.done)
    mine = _decode(out.code[pos[keep]])["outcome"]
    theirs = _decode(other.code[keep])["outcome"]
    out.code[pos[keep]] += _CHANGES * (mine != theirs)


# --- freeze pathways -------------------------------------------------------------------------


def _freeze(cols: _Cols, out: _Out) -> None:
    """The age freezes on one date (engine._freeze)."""
    for category, (field, *_rest) in FREEZE_FIELD.items():
        rows = cols.ok & (cols.cat == _CAT[category]) & cols.has(field)
        if category is Category.F3:
            rows &= cols.has("marriage_ended")
        birth = cols.days["birth_date"]
        rows &= cols.days[field] >= birth  # born on or before the freeze date, else an error
        pos = np.flatnonzero(rows)
        if not len(pos):
            continue
        birth = birth[pos]
        frozen = cols.days[field][pos]
        feb28 = cols.feb28[pos]
        b21 = cols.b21[pos]
        margin = b21 - frozen
        under = frozen < b21
        years, months, days = _age_ymd(birth, frozen, feb28)
        present = np.ones(len(pos), dtype=bool)
        code = _pack(
            _FREEZE_FIELDS,
            kind=0,
            cat=_CAT[category],
            feb29=np.where(cols.feb29[pos], 1 + feb28, 0),
            changes=0,
            m0=margin == 0,
            m1=margin == 1,
            under=under,
        )
        out.put(
            pos,
            twenty_first_birthday=b21,
            age_out_date=b21 - 1,
            cspa_age_years=(years, present),
            cspa_age_months=(months, present),
            cspa_age_days=(days, present),
            cspa_age_total_days=(frozen - birth, present),
            days_under_21=(margin, present),
            pending_days=(np.zeros(len(pos), dtype=np.int64), ~present),
            under_21=(under, present),
            code=code,
        )


# --- the preference formula ------------------------------------------------------------------


def _preference(cols: _Cols, out: _Out, bulletin: BulletinSource | None) -> None:
    """INA 203(h)(1) (engine._preference), given or looked up availability."""
    has = {name: d != NAT for name, d in cols.days.items()}
    rows = cols.ok & ~out.done & has["petition_filed"] & has["petition_approved"]
    rows &= ~_freeze_rows(cols.cat, has)
    given = rows & has["bulletin_current"]
    given &= _ymd(np.where(given, cols.days["bulletin_current"], 0))[2] == 1  # else an error
    lookup = rows & ~has["bulletin_current"]
    if bulletin is None:
        lookup[:] = False
    pos = np.flatnonzero(given | lookup)
    if not len(pos):
        return
    if len(pos) == len(rows):  # every row: views, not copies
        d, h = dict(cols.days), has
    else:
        d = {name: values[pos] for name, values in cols.days.items()}
        h = {name: values[pos] for name, values in has.items()}
    cat = cols.cat[pos]
    is_dv = cat == _CAT[Category.DV]
    is_lookup = lookup[pos]
    birth, approved = d["birth_date"], d["petition_approved"]
    feb28 = cols.feb28[pos]
    feb29 = np.where(cols.feb29[pos], 1 + feb28, 0)
    b21 = cols.b21[pos]
    pending = approved - d["petition_filed"]
    age_out = b21 + pending - 1
    policy = _policy(cols.consular[pos], d, h)
    # filing the I-485 is how an adjustment applicant seeks to acquire (cspa_rules.md §8)
    counted = ~h["sought_to_acquire"] & h["adjustment_filed"] & ~cols.consular[pos]
    sought = np.where(counted, d["adjustment_filed"], d["sought_to_acquire"])
    has_sought = h["sought_to_acquire"] | counted

    # the first run of availability after approval: [start, end), end = NAT when still current
    start = np.maximum(d["bulletin_current"], approved)
    end = np.full(len(pos), NAT, dtype=np.int64)
    found = ~is_lookup
    chart = np.zeros(len(pos), dtype=np.int64)
    assumed = np.zeros(len(pos), dtype=bool)
    unknown = np.zeros(len(pos), dtype=bool)
    gap = np.zeros(len(pos), dtype=bool)
    usable = np.ones(len(pos), dtype=bool)
    first = start.copy()  # the first availability after approval (engine._extraordinary)
    later = np.zeros(len(pos), dtype=bool)  # the walk stopped in a later run
    retro = np.zeros(len(pos), dtype=bool)  # a window was cut short on the way
    exhausted = np.zeros(len(pos), dtype=bool)  # every run cut short: not available again yet
    data_end = NAT
    if is_lookup.any():
        assert bulletin is not None
        tables = _tables(bulletin)
        data_end = tables.data_end
        pd_days = np.where(h["priority_date"], d["priority_date"], d["petition_filed"])
        kind = np.where(policy == POLICIES.index(USCIS_2023), _DESIGNATED, _FAD)
        key = (cat * len(cols.charges) + cols.chg[pos]) * 2 + kind
        looked = np.flatnonzero(is_lookup)
        small = key[looked].astype(np.int32 if key.max() >= 2**15 else np.int16)  # a radix sort
        order = np.argsort(small, kind="stable")  # rows grouped by series, each group in row order
        grouped = small[order]
        bounds = np.concatenate([[0], np.flatnonzero(grouped[1:] != grouped[:-1]) + 1, [len(order)]])
        for g in range(len(bounds) - 1):
            k = int(grouped[bounds[g]])
            sel = looked[order[bounds[g] : bounds[g + 1]]]
            series = tables.series(
                CATEGORIES[int(k) // 2 // len(cols.charges)].value,
                cols.charges[int(k) // 2 % len(cols.charges)],
                int(k) % 2,
            )
            got = series.first_run(pd_days[sel], approved[sel])
            start[sel], end[sel], found[sel], unknown[sel], usable[sel] = got
            first[sel] = start[sel]
            walked = series.walk(
                pd_days[sel], start[sel], end[sel], found[sel], sought[sel], has_sought[sel], feb28[sel]
            )
            start[sel], end[sel], later[sel], retro[sel], exhausted[sel], finished = walked
            usable[sel] &= finished
            chart[sel] = series.chart_at(start[sel], found[sel] & ~exhausted[sel])
            gap[sel] = series.gap(approved[sel], _add_years(start[sel], 1, feb28[sel]))
        assumed = is_lookup & (policy == POLICIES.index(USCIS_2025)) & ~cols.consular[pos]
        assumed &= ~h["adjustment_filed"] & ~has_sought

    # where the walk of cspa_rules.md §8 stopped (sought.walk_runs; `_Series.walk`)
    deadline = _add_years(start, 1, feb28)
    has_end = end != NAT
    found &= ~exhausted
    locked = found & has_sought & (sought <= deadline) & (~has_end | (sought < end))
    open_ = found & ~has_sought
    rest = found & ~locked & ~open_
    if data_end != NAT:
        unknown_data = rest & ~has_end & (deadline >= data_end) & is_lookup
    else:
        unknown_data = np.zeros(len(pos), dtype=bool)
    status = np.where(locked, LOCKED, np.where(open_, OPEN, np.where(unknown_data, UNKNOWN, FAILED)))
    sba = locked & (sought < start) & ~later
    sdu = locked & (sought < start) & later
    ombudsman = locked & later & (sought <= _add_years(first, 1, feb28))
    awaiting = ~found | (is_lookup & (start >= data_end))
    usable &= awaiting | (birth <= start)  # born by the visa-available date, else an error
    everything = bool(usable.all())
    pos, sel = pos[usable], np.flatnonzero(usable)

    def take(a: np.ndarray) -> np.ndarray:
        return a if everything else a[sel]

    (cat, feb28, feb29, is_dv, is_lookup, birth, approved, b21, pending, age_out, policy, sought, has_sought,
     counted, start, found, chart, assumed, unknown, gap, deadline, status, sba, awaiting, first, later, retro,
     sdu, ombudsman) = map(
        take,
        (cat, feb28, feb29, is_dv, is_lookup, birth, approved, b21, pending, age_out, policy, sought, has_sought,
         counted, start, found, chart, assumed, unknown, gap, deadline, status, sba, awaiting, first, later, retro,
         sdu, ombudsman),
    )  # fmt: skip
    ref = start - pending
    under = ref < b21
    margin = b21 - ref
    years, months, days = _age_ymd(birth, np.where(awaiting, birth, np.maximum(ref, birth)), feb28)
    last_day = data_end - 1 if data_end != NAT else NAT
    aged_waiting = awaiting & (age_out <= last_day)
    branch = np.where(awaiting, np.where(aged_waiting, AWAITING_AGED_OUT, AWAITING), FORMULA)
    formula = ~awaiting
    one_day_sought = formula & has_sought & ((sought - deadline == 0) | (sought - deadline == 1))
    code = _pack(
        _PREF_FIELDS,
        kind=1,
        cat=cat,
        feb29=feb29,
        changes=0,
        dv=is_dv,
        lookup=is_lookup,
        policy=policy,
        counted=counted,
        assumed=assumed,
        unknown=unknown,
        sba=sba & found,
        branch=branch,
        reduction=formula & (ref < birth),
        one_day=formula & ((margin == 0) | (margin == 1)),
        status=np.where(formula, status, 0),
        under=formula & under,
        one_day_sought=one_day_sought,
        chart=np.where(formula & is_lookup, chart, 0),
        gap=formula & gap,
        retro=retro,
        later_run=formula & later,
        sdu=sdu & formula,
        ombudsman=ombudsman & formula,
        ec=formula & (~under | (status == FAILED)) & (first - pending < b21),
    )
    out.put(
        pos,
        visa_available=np.where(formula, start, NAT),
        twenty_first_birthday=b21,
        age_out_date=age_out,
        sought_to_acquire_deadline=np.where(formula, deadline, NAT),
        pending_days=(pending, np.ones(len(pos), dtype=bool)),
        cspa_age_years=(years, formula),
        cspa_age_months=(months, formula),
        cspa_age_days=(days, formula),
        cspa_age_total_days=(ref - birth, formula),
        days_under_21=(margin, formula),
        under_21=(formula & under, formula | aged_waiting),
        code=code,
    )


def _policy(consular: np.ndarray, d: dict[str, np.ndarray], h: dict[str, np.ndarray]) -> np.ndarray:
    """policy.chart_policy, with the engine's stand-in: adjustment filed, else sought (adjustment)."""
    filed = np.where(h["adjustment_filed"], d["adjustment_filed"], d["sought_to_acquire"])
    has_filed = h["adjustment_filed"] | h["sought_to_acquire"]
    decided, has_decided = d["adjustment_decided"], h["adjustment_decided"]
    policy = np.where(
        ~has_filed | (filed >= _USCIS_2025),
        POLICIES.index(USCIS_2025),
        np.where(~has_decided | (decided >= _USCIS_2023), POLICIES.index(USCIS_2023), POLICIES.index(USCIS_2018)),
    )
    return np.where(consular, POLICIES.index(CONSULAR), policy)


# --- bulletin series as search tables --------------------------------------------------------


class _Series:
    """One effective cut-off series (the chart the policy applies, month by month) as two search
    tables. With r the number of distinct cut-offs at or below a priority date p, p is current
    in month j iff the rank of cut-off j is >= r; `first_current[a, r]` is the first month >= a
    where p is current and `first_not[a, r]` the first where it is not (n when none). A row
    costs one small `searchsorted` and two gathers."""

    def __init__(
        self, cut: np.ndarray, chart: np.ndarray, missing: np.ndarray, unknown_max: int, tables: _Tables
    ) -> None:
        self.cut, self.chart, self.unknown_max, self.t = cut, chart, unknown_max, tables
        self.missing_before = np.concatenate([[0], np.cumsum(missing)])  # missing months before i
        n = len(cut)
        self.values = np.unique(cut)
        rank = np.searchsorted(self.values, cut)  # cut[j] > p  <=>  rank[j] >= r
        width = len(self.values) + 1
        levels = np.arange(width)
        first_current = np.full((n + 1, width), n, dtype=np.int64)
        first_not = np.full((n + 1, width), n, dtype=np.int64)
        for a in range(n - 1, -1, -1):
            first_current[a] = np.where(rank[a] >= levels, a, first_current[a + 1])
            first_not[a] = np.where(rank[a] < levels, a, first_not[a + 1])
        self.width = width
        self.first_current = first_current.ravel()
        self.first_not = first_not.ravel()

    def first_run(self, pds: np.ndarray, approved: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per row: start and end (NAT: still current) of the first run after approval, whether
        one exists, the chart of the start month, the designation-unknown flag, and whether the
        vector path can answer (engine._check_range raises otherwise)."""
        t, n, w = self.t, len(self.cut), self.width
        r = np.searchsorted(self.values, pds, side="right")
        a = np.clip(_months(approved) - t.first_month, 0, n - 1)
        j = self.first_current[a * w + r]
        found = j < n
        k = self.first_not[(np.minimum(j, n - 1) + 1) * w + r]
        j = np.minimum(j, n - 1)
        here = self.cut[a] > pds  # current in the approval month: the run started by then
        start = np.where(here, approved, t.month_days[j])
        end = np.where(k < n, t.month_days[np.minimum(k, n - 1)], NAT)
        unknown = self.unknown_max > pds  # a month of unknown designation lies in some run
        usable = ~((self.cut[0] > pds) & (approved < t.month_days[0]))
        return start, end, found, unknown, usable

    def walk(
        self,
        pds: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        found: np.ndarray,
        sought: np.ndarray,
        has_sought: np.ndarray,
        feb28: np.ndarray,
        most: int = 16,
    ) -> tuple[np.ndarray, ...]:
        """sought.walk_runs past windows cut short by retrogression: while the child has not
        sought within a window and the run ends by its anniversary, move to the next run. Per
        row: start and end of the run the walk stops in, whether that is a later run, whether a
        window was cut short, whether no run is left (awaiting again), and whether the walk
        finished within `most` runs (else the row goes to the scalar path)."""
        t, n, w = self.t, len(self.cut), self.width
        start, end = start.copy(), end.copy()
        later = np.zeros(len(pds), dtype=bool)
        exhausted = np.zeros(len(pds), dtype=bool)
        finished = np.ones(len(pds), dtype=bool)
        # only rows that sought after a run that ended can walk on: a shrinking set
        rows = np.flatnonzero(found & has_sought & (end != NAT) & (sought >= np.minimum(start, end)))
        r = np.searchsorted(self.values, pds[rows], side="right")
        for step in range(most + 1):
            if not len(rows):
                break
            s, e, when = start[rows], end[rows], sought[rows]
            deadline = _add_years(s, 1, feb28[rows])
            locked = (when <= deadline) & (when < e)
            cut = ~locked & (e <= deadline)
            rows, r, e = rows[cut], r[cut], e[cut]
            if step == most:
                finished[rows] = False
                break
            a = _months(e) - t.first_month  # the first month no longer current
            j = self.first_current[a * w + r]
            more = j < n
            k = self.first_not[(np.minimum(j, n - 1) + 1) * w + r]
            start[rows] = np.where(more, t.month_days[np.minimum(j, n - 1)], start[rows])
            end[rows] = np.where(more & (k < n), t.month_days[np.minimum(k, n - 1)], NAT)
            later[rows[more]] = True
            exhausted[rows[~more]] = True
            rows, r = rows[more], r[more]
            rows, r = rows[end[rows] != NAT], r[end[rows] != NAT]
        retro = later | exhausted
        return start, end, later, retro, exhausted, finished

    def chart_at(self, start: np.ndarray, found: np.ndarray) -> np.ndarray:
        """chart_of[month of the visa-available date], when that month is in the data."""
        n = len(self.cut)
        index = _months(start) - self.t.first_month
        inside = found & (index >= 0) & (index < n)
        return np.where(inside, self.chart[np.clip(index, 0, n - 1)], 0)

    def gap(self, approved: np.ndarray, until: np.ndarray) -> np.ndarray:
        """engine._relevant_gaps: a month without a cut-off from the approval month to `until`."""
        n = len(self.cut)
        lo = np.clip(_months(approved) - self.t.first_month, 0, n)
        hi = np.clip(_months(until) - self.t.first_month + 1, 0, n)
        return (hi > lo) & (self.missing_before[np.maximum(hi, lo)] > self.missing_before[lo])


class _Tables:
    """Per bulletin: months as days and the `_Series` built so far (cached with the bulletin)."""

    def __init__(self, bulletin: BulletinSource) -> None:
        self.bulletin = bulletin
        months = list(bulletin.months)
        self.month_days = np.asarray([day(m) for m in months], dtype=np.int64)
        self.first_month = int(_months(self.month_days[:1])[0])
        self.first = self.month_days[0]
        last = months[-1]
        self.data_end = day(date(last.year + last.month // 12, last.month % 12 + 1, 1))
        self.months = months
        self._series: dict[tuple[str, str, int], _Series] = {}

    def series(self, category: str, chargeability: str, kind: int) -> _Series:
        key = (category, chargeability, kind)
        if key not in self._series:
            self._series[key] = self._build(category, chargeability, kind)
        return self._series[key]

    def _build(self, category: str, chargeability: str, kind: int) -> _Series:
        """engine._bulletin_runs, month by month, as arrays."""
        b = self.bulletin
        fad = list(b.cutoffs(Chart.FAD, category, chargeability))
        cut, chart, unknown, missing = [], [], [], []
        if kind == _FAD:
            for value in fad:
                cut.append(_cut_day(value))
                chart.append(1)
                missing.append(value is None)
        else:
            dff = list(b.cutoffs(Chart.DFF, category, chargeability))
            designated = list(b.designations(category, chargeability))
            for i, month in enumerate(self.months):
                used = designated[i] if month >= _DFF_INTRODUCED else Chart.FAD
                if used is None:
                    used = Chart.FAD
                    unknown.append(i)
                value = (dff if used is Chart.DFF else fad)[i]
                if value is None and used is Chart.DFF:
                    used, value = Chart.FAD, fad[i]
                cut.append(_cut_day(value))
                chart.append(2 if used is Chart.DFF else 1)
                missing.append(value is None)
        cuts = np.asarray(cut, dtype=np.int64)
        unknown_max = int(cuts[unknown].max()) if unknown else _U
        return _Series(cuts, np.asarray(chart, dtype=np.int64), np.asarray(missing), unknown_max, self)


def _cut_day(value: object) -> int:
    if value is None or value == UNAVAILABLE:
        return _U
    if value == CURRENT:
        return _C
    return day(value)  # type: ignore[arg-type]


_TABLES: weakref.WeakKeyDictionary[Any, _Tables] = weakref.WeakKeyDictionary()


def _tables(bulletin: BulletinSource) -> _Tables:
    try:
        tables = _TABLES.get(bulletin)
    except TypeError:  # not weak-referenceable: build each time
        return _Tables(bulletin)
    if tables is None:
        tables = _Tables(bulletin)
        _TABLES[bulletin] = tables
    return tables
