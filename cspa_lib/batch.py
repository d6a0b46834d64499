"""Many cases at once: a DataFrame (or CSV) of batch columns in, the same rows plus results out.

One bad row gets `outcome=error` and its message in `error`; every other row is still computed
and nothing is dropped.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pandas as pd

from .api import as_case, needs_bulletin
from .case import Case
from .engine import BulletinSource, evaluate_case
from .errors import CspaError, InputError
from .result import INTEGER_OUTPUTS, OUTPUT_COLUMNS
from .tableio import read_cases, write_results

# The batch columns are the fields of `Case`, with the caller's label first.
INPUT_COLUMNS = ("case_id",) + tuple(f.name for f in fields(Case) if f.name != "case_id")
REQUIRED_COLUMNS = ("category", "birth_date")
ERROR_COLUMN = "error"
__all__ = [
    "INPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "column_error",
    "evaluate_frame",
    "evaluate_frame_scalar",
    "evaluate_rows",
    "read_cases",
    "write_results",
]


def evaluate_rows(
    records: list[dict[str, Any]], bulletin: BulletinSource | None = None
) -> list[dict[str, Any]]:
    """The scalar path: one `evaluate` per row, errors caught per row."""
    out = []
    for record in records:
        try:
            case = as_case(record)
            if bulletin is None and needs_bulletin(case):
                from .bulletin import load_bulletin

                bulletin = load_bulletin()
            row = evaluate_case(case, bulletin).to_row()
            row[ERROR_COLUMN] = ""
        except CspaError as exc:
            row = _error_row(str(exc))
        out.append(row)
    return out


def _error_row(message: str) -> dict[str, Any]:
    row: dict[str, Any] = {column: None for column in OUTPUT_COLUMNS}
    row.update(outcome="error", flags="", rule="", category_after="", chart="", policy="")
    row[ERROR_COLUMN] = message
    return row


def column_error(df: pd.DataFrame) -> InputError | None:
    """The error for a frame whose columns cannot be read as cases, or None: a required column
    missing, or a batch column given twice (which one would count?). Checked before any row is
    computed, so no implementation behind `evaluate_frame` can fill in a default (issue 11: a
    missing `category` column was computed as F1)."""
    for name in REQUIRED_COLUMNS:
        if name not in df.columns:
            shown = ", ".join(repr(str(c)) for c in list(df.columns)[:8])
            more = ", ..." if len(df.columns) > 8 else ""
            return InputError(name, f"is required: the input has no '{name}' column (its columns: {shown}{more})")
    repeated = df.columns[df.columns.duplicated()]
    for name in INPUT_COLUMNS:
        if name in repeated:
            return InputError(name, "is given in more than one column of the input: keep one")
    return None


def _column_error_results(df: pd.DataFrame, error: InputError) -> pd.DataFrame:
    return pd.DataFrame([_error_row(str(error)) for _ in range(len(df))], index=df.index)


def evaluate_frame(df: pd.DataFrame, bulletin: BulletinSource | None = None) -> pd.DataFrame:
    """Evaluate every row of `df` (batch columns, ISO date strings or datetimes).

    Returns the input columns followed by the result columns and `error`; the index is kept.
    Whole columns are computed at once where `cspa_lib.vector` reproduces the scalar engine
    exactly; every other row goes through `evaluate_rows`.
    """
    if error := column_error(df):
        return _with_inputs(df, _column_error_results(df, error))
    from .vector import evaluate_columns

    return _with_inputs(df, evaluate_columns(df, bulletin).results)


def evaluate_frame_scalar(df: pd.DataFrame, bulletin: BulletinSource | None = None) -> pd.DataFrame:
    """`evaluate_frame` one row at a time: the reference the vector path is tested against."""
    if error := column_error(df):
        return _with_inputs(df, _column_error_results(df, error))
    records = df.to_dict("records")
    return _with_inputs(df, pd.DataFrame(evaluate_rows(records, bulletin), index=df.index))


def _with_inputs(df: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    results = results.reindex(columns=list(OUTPUT_COLUMNS) + [ERROR_COLUMN])
    for column in INTEGER_OUTPUTS:
        results[column] = results[column].astype("Int64")
    results["under_21"] = results["under_21"].astype("boolean")
    inputs = df.drop(columns=[c for c in results.columns if c in df.columns])
    return pd.concat([inputs, results], axis=1)
