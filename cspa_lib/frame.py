"""A DataFrame of cases through the rule kernel: parse the columns, evaluate, build the result frame.

This is a thin layer: the rules are in `cspa_lib.rules.kernel`, shared with `evaluate`. Values parse
exactly as `Case` parses them (each distinct value of a column goes through the same parser once),
and a row whose values do not parse is evaluated through `Case` to get its error message; every
other row, whatever its pathway, stays in the columns. Large frames are cut into slices evaluated in
threads (numpy releases the GIL for whole-array work); the answer is the same for any number.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from .case import DATE_FIELDS, INPUT_COLUMNS, NUMBER_FIELDS, Case, parse_number
from .codes import Category, DvRegion, Feb29Rule, Jurisdiction, Processing
from .dates import MAX_YEAR, MIN_YEAR, parse_date
from .errors import CspaError, InputError
from .result import INTEGER_OUTPUTS, OUTPUT_COLUMNS
from .rules import explain
from .rules.calendar import NAT, day
from .rules.codes import AFTER, ALTERNATIVES, CAT, ERROR, FLAGS, OUTCOMES
from .rules.kernel import Columns
from .rules.kernel import evaluate_columns as run_kernel
from .rules.policy import POLICIES
from .rules.series import CHART_NAMES, BulletinSource
from .rules.single import REGIONS, raise_error

ERROR_COLUMN = "error"
REQUIRED_COLUMNS = ("category", "birth_date")
PARALLEL_ROWS = 200_000  # from this many rows, a frame is split across threads
CODE_FIELDS = tuple(c for c in INPUT_COLUMNS if c != "case_id" and c not in DATE_FIELDS)
_KERNEL_DATES = {"birth_date": "birth", "petition_filed": "filed", "petition_approved": "approved",
                 "priority_date": "priority", "bulletin_current": "bulletin_current",
                 "adjustment_filed": "adj_filed", "adjustment_decided": "adj_decided",
                 "sought_to_acquire": "sought", "parent_naturalized": "natz", "marriage_ended": "ended",
                 "admitted": "admitted", "married": "married", "as_of": "as_of",
                 "principal_status_date": "principal_status"}  # fmt: skip
_JURISDICTIONS = (Jurisdiction.BIA, Jurisdiction.CA2, Jurisdiction.CA9)


def evaluate_columns(df: pd.DataFrame, bulletin: BulletinSource | None = None, workers: int | None = None
                     ) -> pd.DataFrame:  # fmt: skip
    """The result columns (OUTPUT_COLUMNS + error) of every row of `df`, indexed like it."""
    n = len(df)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if n >= PARALLEL_ROWS else 1
    if workers < 1:
        raise ValueError(f"'workers' must be at least 1 (got {workers})")
    if bulletin is None and n:
        bulletin = _bundled_if_needed(df)
    workers = min(workers, max(n, 1))
    if workers == 1:
        return _evaluate(df, bulletin)
    if bulletin is not None:
        from .rules.series import tables

        tables(bulletin)  # built once, before the threads share it
    bounds = np.linspace(0, n, workers + 1).astype(np.int64)
    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(lambda k: _evaluate(df.iloc[bounds[k] : bounds[k + 1]], bulletin), range(workers)))
    return pd.concat(parts)


def column_error(df: pd.DataFrame) -> InputError | None:
    """The error for a frame whose columns cannot be read as cases, or None: a required column
    missing, or a batch column given twice (which one would count?). Checked before any row is
    computed, so no implementation behind `evaluate_frame` can fill in a default (issue 11: a
    missing `category` column was computed as F1)."""
    for name in REQUIRED_COLUMNS:
        if name not in df.columns:
            shown = ", ".join(repr(str(c)) for c in list(df.columns)[:8])
            more = ", ..." if len(df.columns) > 8 else ""
            return InputError(name, key="missing_column", params={"name": name, "columns": shown + more})
    repeated = df.columns[df.columns.duplicated()]
    for name in INPUT_COLUMNS:
        if name in repeated:
            return InputError(name, key="duplicate_column")
    return None


def _bundled_if_needed(df: pd.DataFrame) -> BulletinSource | None:
    """The bundled bulletin, loaded only when some row leaves `bulletin_current` blank."""
    if "bulletin_current" in df.columns and not df["bulletin_current"].map(_is_blank).any():
        return None
    from .bulletin import load_bulletin

    try:
        return load_bulletin()
    except CspaError:
        return None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NaT or (
        isinstance(value, str) and value.strip().lower() in {"", "nan", "nat", "none", "null"})  # fmt: skip


def _evaluate(df: pd.DataFrame, bulletin: BulletinSource | None) -> pd.DataFrame:
    n = len(df)
    if error := column_error(df):
        return _all_errors(df, str(error))
    cols, bad = _parse(df)
    ev = run_kernel(cols, bulletin)
    messages = np.full(n, "", dtype=object)
    errors = np.flatnonzero(bad | (ev.error != 0))
    if len(errors):
        records = df.iloc[errors].to_dict("records") if len(errors) else []
        for pos, record in zip(errors, records, strict=True):
            messages[pos] = _message(record, bad[pos], ev, cols, pos, bulletin)
    outcome = np.where(bad, ERROR, ev.outcome)
    return _frame(df, ev, cols, outcome, messages)


def _message(record: dict[str, Any], bad: bool, ev, cols: Columns, pos: int, bulletin) -> str:
    """The error message of one row: the parser's (through `Case`) or the kernel's."""
    try:
        if bad:
            Case.from_mapping(record)
        raise_error(ev, cols, pos, bulletin)
    except CspaError as exc:
        return str(exc)
    return "the row could not be read"  # pragma: no cover - a row is bad only when Case rejects it


def _all_errors(df: pd.DataFrame, message: str) -> pd.DataFrame:
    data: dict[str, Any] = {name: np.full(len(df), None, dtype=object) for name in OUTPUT_COLUMNS}
    for name in ("chart", "policy", "category_after", "alternative_outcome", "alternative_key", "flags", "citations"):
        data[name] = np.full(len(df), "", dtype=object)
    data["outcome"] = np.full(len(df), "error", dtype=object)
    data[ERROR_COLUMN] = np.full(len(df), message, dtype=object)
    return _typed(pd.DataFrame(data, index=df.index))


# --- reading the input columns -------------------------------------------------------------

_HOMOGENEOUS = {"string", "date", "datetime", "datetime64", "boolean", "integer", "floating", "empty"}


def _factor(col: pd.Series) -> tuple[np.ndarray, list[Any], np.ndarray]:
    """Codes (-1 for a blank), the distinct values as `to_dict` would give them, and rows whose
    missing value is not a blank the parser reads as None (pd.NA, odd objects)."""
    n = len(col)
    bad = np.zeros(n, dtype=bool)
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy().astype(np.int64)
        return codes, list(col.cat.categories.astype(object)), bad
    if col.dtype == np.dtype(object):
        values = col.to_numpy()
        na = pd.isna(values)
        if na.any():
            where = np.flatnonzero(na)
            blank = np.fromiter((v is None or isinstance(v, float) or v is pd.NaT for v in values[where]),
                                dtype=bool, count=len(where))  # fmt: skip
            bad[where[~blank]] = True
        if pd.api.types.infer_dtype(values, skipna=True) in _HOMOGENEOUS:
            codes, uniques = pd.factorize(values)
            return codes, list(uniques), bad
        keys = np.empty(n, dtype=object)  # several types: 1, 1.0 and True hash alike but parse differently
        keys[:] = [None if m else (type(v), v) for v, m in zip(values, na, strict=True)]
        codes, uniques = pd.factorize(keys)
        return codes, [k[1] for k in uniques], bad
    codes, uniques = pd.factorize(col)
    if not isinstance(col.dtype, np.dtype) and getattr(col.dtype, "na_value", None) is pd.NA:
        bad |= codes < 0
    return codes, list(pd.Index(uniques).astype(object)), bad


def _date_column(col: pd.Series | None, name: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers (NAT when blank) and the rows whose value does not parse."""
    if col is None:
        return np.full(n, NAT, dtype=np.int64), np.zeros(n, dtype=bool)
    if isinstance(col.dtype, np.dtype) and col.dtype.kind == "M":  # datetime64: the calendar date of each
        values = col.to_numpy()
        raw = values.view(np.int64)
        days = values.astype("datetime64[D]").view(np.int64)  # floor to the day, as .date() does
        days = np.where(raw == NAT, NAT, days)
        return days, _out_of_range(days, name)
    codes, uniques, bad = _factor(col)
    parsed = np.empty(len(uniques) + 1, dtype=np.int64)
    failed = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques):
        try:
            got = parse_date(value, name)
        except (CspaError, ValueError, OverflowError):
            failed[i] = True
            got = None
        parsed[i] = NAT if got is None else day(got)
    parsed[-1] = NAT
    return parsed[codes], bad | failed[codes]


def _out_of_range(days: np.ndarray, name: str) -> np.ndarray:
    """Rows whose date the parser would reject (outside the years it accepts): they leave the columns
    to get its message."""
    present = days != NAT
    bad = np.zeros(len(days), dtype=bool)
    if not present.any():
        return bad
    lo, hi = days[present].min(), days[present].max()
    if _LOW <= lo and hi <= _HIGH:
        return bad
    return present & ((days < _LOW) | (days > _HIGH))


_LOW, _HIGH = day(date(MIN_YEAR, 1, 1)), day(date(MAX_YEAR, 12, 31))  # the parser's own range
_BASE = {"category": "F1", "birth_date": "2000-01-01"}


def _code_column(col: pd.Series | None, name: str, n: int) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """The parsed values of a code column via `Case.from_mapping` itself: (values, index per row,
    rows whose value fails to parse or is a missing value the parser rejects)."""
    default = getattr(Case.from_mapping(_BASE), name)
    if col is None:
        return [default], np.zeros(n, dtype=np.int64), np.full(n, name == "category")
    codes, uniques, bad = _factor(col)
    values: list[Any] = []
    failed = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques):
        try:
            if name in NUMBER_FIELDS:
                values.append(parse_number(value, name))
            else:
                values.append(getattr(Case.from_mapping({**_BASE, name: value}), name))
        except CspaError:
            values.append(default)
            failed[i] = True
    values.append(default)  # code -1: blank
    failed[-1] = name == "category"  # a blank category is an error, never a default
    index = np.where(codes < 0, len(uniques), codes)
    return values, index, bad | failed[index]


def _parse(df: pd.DataFrame) -> tuple[Columns, np.ndarray]:
    n = len(df)
    bad = np.zeros(n, dtype=bool)
    days: dict[str, np.ndarray] = {}
    for name in DATE_FIELDS:
        days[_KERNEL_DATES[name]], b = _date_column(df[name] if name in df.columns else None, name, n)
        bad |= b
    bad |= days["birth"] == NAT  # birth_date is required
    parsed: dict[str, tuple[list[Any], np.ndarray]] = {}
    failed: dict[str, np.ndarray] = {}
    for name in CODE_FIELDS:
        values, index, failed[name] = _code_column(df[name] if name in df.columns else None, name, n)
        parsed[name] = (values, index)

    def table(name: str, fn: Any, dtype: Any = np.int64) -> np.ndarray:
        values, index = parsed[name]
        return np.asarray([fn(v) for v in values], dtype=dtype)[index]

    cat = table("category", lambda v: CAT.get(v, -1))
    is_dv = cat == CAT[Category.DV]
    for name, rows_fail in failed.items():
        if name == "chargeability":
            bad |= rows_fail & ~is_dv  # a DV chargeability is a country: parsed as for DV below
        else:
            bad |= rows_fail
    bad |= cat < 0
    charges_values, charges_index = parsed["chargeability"]
    charges = [str(v) for v in charges_values]
    if is_dv.any() and "chargeability" in df.columns:  # DV keeps the country code as written
        codes, uniques, _ = _factor(df["chargeability"])
        dv_base = {"category": "DV", "birth_date": "2000-01-01"}
        dv_charges = [Case.from_mapping({**dv_base, "chargeability": v}).chargeability for v in uniques]
        offset = len(charges)
        charges += dv_charges + ["ALL"]
        dv_index = np.where(codes < 0, offset + len(dv_charges), codes + offset)
        charges_index = np.where(is_dv, dv_index, charges_index)
    cols = Columns(
        **days,
        cat=np.maximum(cat, 0),
        chg=charges_index.astype(np.int64),
        charges=charges,
        consular=table("processing", lambda p: p is Processing.CONSULAR, bool),
        jurisdiction=table("jurisdiction", lambda j: _JURISDICTIONS.index(j)),
        region=table("dv_region", lambda r: -1 if r is None else REGIONS.index(DvRegion(r).value)),
        regions=REGIONS,
        rank=table("dv_rank", lambda r: -1 if r is None else r),
        dv_year=table("dv_program_year", lambda y: -1 if y is None else y),
        opt_out=table("opt_out", bool, bool),
        ec=table("extraordinary_circumstances", bool, bool),
        feb28=table("feb29", lambda f: f is Feb29Rule.FEB28, bool),
    )
    return cols, bad


# --- the result frame ----------------------------------------------------------------------


def _frame(df: pd.DataFrame, ev, cols: Columns, outcome: np.ndarray, messages: np.ndarray) -> pd.DataFrame:
    ok = outcome != ERROR
    d = ev.dates
    data: dict[str, Any] = {}
    for column, name in (("visa_available", "visa_available"), ("twenty_first_birthday", "b21"),
                         ("age_out_date", "age_out"), ("sought_to_acquire_deadline", "deadline"),
                         ("seek_by", "seek_by")):  # fmt: skip
        data[column] = _to_dates(np.where(ok, d[name], NAT))
    ints = ev.ints
    has_age = ok & (ints["margin"] != NAT)
    int_values = {
        "pending_days": (ints["pending"], ok & (ints["pending"] != NAT)),
        "cspa_age_years": (ints["years"], has_age),
        "cspa_age_months": (ints["months"], has_age),
        "cspa_age_days": (ints["days"], has_age),
        "cspa_age_total_days": (ints["total"], has_age),
        "days_under_21": (ints["margin"], has_age),
    }
    for column, (values, present) in int_values.items():
        data[column] = pd.arrays.IntegerArray(np.where(present, values, 0), ~present)
    data["under_21"] = pd.arrays.BooleanArray(ev.under & ok, ~(ev.under_known & ok))
    data["chart"] = _lookup(CHART_NAMES, np.where(ok, ev.chart, 0))
    data["policy"] = _lookup(("",) + tuple(p.code for p in POLICIES), np.where(ok, ev.policy + 1, 0))
    data["outcome"] = _lookup(OUTCOMES, outcome)
    data["category_after"] = _lookup(AFTER, np.where(ok, ev.after, 0))
    key, alt_outcome = ev.chosen_alternative()
    data["alternative_key"] = _lookup(("",) + ALTERNATIVES, np.where(ok, key + 1, 0))
    data["alternative_outcome"] = _lookup(("",) + OUTCOMES, np.where(ok, alt_outcome + 1, 0))
    data["flags"], data["citations"] = _texts(ev, cols, ok)
    codes, uniques = pd.factorize(messages)
    data[ERROR_COLUMN] = _lookup(tuple(uniques), codes)
    out = pd.DataFrame({name: data[name] for name in OUTPUT_COLUMNS + (ERROR_COLUMN,)}, index=df.index, copy=False)
    return out


def _typed(results: pd.DataFrame) -> pd.DataFrame:
    for column in INTEGER_OUTPUTS:
        results[column] = results[column].astype("Int64")
    results["under_21"] = results["under_21"].astype("boolean")
    return results


# the dtype pandas gives a column of text (`str` from pandas 3 on, object before)
_TEXT = pd.Series(["text"]).dtype


def _lookup(names: tuple[str, ...], index: np.ndarray) -> Any:
    """A text column from its distinct values and an index into them (taken, not converted row by row)."""
    if _TEXT == np.dtype(object):
        return np.asarray(names, dtype=object)[index]
    return pd.array(list(names), dtype=_TEXT).take(index)


def _to_dates(days: np.ndarray) -> np.ndarray:
    """Day numbers to `datetime.date` objects (None for NAT), converting each distinct day once."""
    codes, uniques = pd.factorize(days)
    as_dates = np.asarray(uniques, dtype=np.int64).astype("datetime64[D]").astype(object)
    as_dates[np.asarray(uniques) == NAT] = None
    return as_dates[codes]


_FACT_BITS = {"pathway": 2, "category": 5, "outcome": 3, "status": 3, "lookup": 1, "later": 1, "policy": 3,
              "under": 1, "jurisdiction": 2, "opt_out": 1, "f2b_natz": 1, "by_end": 1, "married_now": 1,
              "decided_before_cspa": 1, "seek_by_short": 1, "has_as_of": 1}  # fmt: skip
_PLAN_MASK = sum(1 << FLAGS.index(name) for name in explain.PLAN_FLAGS)


def _texts(ev, cols: Columns, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The flags column, decoded once per distinct set of flags, and the citations column, once per
    distinct set of the facts that decide a row's steps."""
    n = ev.n
    flag_bits = np.where(ok, ev.flags, np.uint64(0))  # an error row has no flags
    codes, uniques = pd.factorize(flag_bits)
    names = [";".join(FLAGS[j] for j in range(len(FLAGS)) if int(u) >> j & 1) for u in uniques]
    flags = _lookup(tuple(names), codes)
    fact_cols = explain.fact_columns(ev, cols)
    other = np.zeros(n, dtype=np.int64)  # every discrete fact, packed: 28 bits
    for name, values in fact_cols.items():
        width = _FACT_BITS[name]
        other = (other << width) | ((np.asarray(values, dtype=np.int64) + 1) & ((1 << width) - 1))
    for j, name in enumerate(ALTERNATIVES):  # and which alternatives a row has: 12 bits
        alt = ev.alternatives.get(name)
        if alt is not None:
            other |= (alt.outcome >= 0).astype(np.int64) << (28 + j)
    other = np.where(ok, other, -1)  # error rows: one group of their own
    plan_bits = flag_bits & np.uint64(_PLAN_MASK)
    p_codes, _ = pd.factorize(plan_bits)
    codes, uniques = pd.factorize((p_codes.astype(np.int64) << 41) + other)
    first_row = np.full(len(uniques), -1)
    first_row[codes[::-1]] = np.arange(n)[::-1]
    from .result import citation_text

    cites = [citation_text(explain.citations(explain.facts(ev, cols, int(i), fact_cols))) if ok[i] else ""
             for i in first_row]
    return flags, _lookup(tuple(cites), codes)
