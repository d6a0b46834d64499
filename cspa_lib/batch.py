"""Many cases at once: a DataFrame (or CSV) of batch columns in, the same rows plus results out.

One bad row gets `outcome=error` and its message in `error`; every other row is still computed
and nothing is dropped.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .api import as_case, needs_bulletin
from .case import INPUT_COLUMNS
from .errors import CspaError, InputError
from .frame import ERROR_COLUMN, REQUIRED_COLUMNS, column_error
from .result import INTEGER_OUTPUTS, OUTPUT_COLUMNS
from .rules.series import BulletinSource
from .rules.single import evaluate_case
from .tableio import read_cases, write_results

__all__ = [
    "ERROR_COLUMN",
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
    """One `evaluate` per row, errors caught per row: the one-case path, used as the reference the
    column path is tested against (both run the same rule kernel)."""
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
    row.update(outcome="error", flags="", citations="", category_after="", chart="", policy="",
               alternative_outcome="", alternative_key="")
    row[ERROR_COLUMN] = message
    return row


def _column_error_results(df: pd.DataFrame, error: InputError) -> pd.DataFrame:
    return pd.DataFrame([_error_row(str(error)) for _ in range(len(df))], index=df.index)


def evaluate_frame(df: pd.DataFrame, bulletin: BulletinSource | None = None) -> pd.DataFrame:
    """Evaluate every row of `df` (batch columns, ISO date strings or datetimes).

    Returns the input columns followed by the result columns and `error`; the index is kept.
    Whole columns are computed at once by the rule kernel (`cspa_lib.frame`).
    """
    if error := column_error(df):
        return _with_inputs(df, _column_error_results(df, error))
    from .frame import evaluate_columns

    return _with_inputs(df, evaluate_columns(df, bulletin))


def evaluate_frame_scalar(df: pd.DataFrame, bulletin: BulletinSource | None = None) -> pd.DataFrame:
    """`evaluate_frame` one row at a time through `evaluate`: the reference the column path is tested against."""
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
