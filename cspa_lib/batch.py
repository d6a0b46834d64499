"""Many cases at once: a DataFrame (or CSV) of batch columns in, the same rows plus results out.

One bad row gets `outcome=error` and its message in `error`; every other row is still computed
and nothing is dropped.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd

from .api import as_case, needs_bulletin
from .case import Case
from .engine import BulletinSource, evaluate_case
from .errors import CspaError
from .result import INTEGER_OUTPUTS, OUTPUT_COLUMNS

# The batch columns are the fields of `Case`, with the caller's label first.
INPUT_COLUMNS = ("case_id",) + tuple(f.name for f in fields(Case) if f.name != "case_id")
ERROR_COLUMN = "error"


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
            row = {column: None for column in OUTPUT_COLUMNS}
            row.update(outcome="error", flags="", rule="", category_after="", chart="", policy="")
            row[ERROR_COLUMN] = str(exc)
        out.append(row)
    return out


def evaluate_frame(df: pd.DataFrame, bulletin: BulletinSource | None = None) -> pd.DataFrame:
    """Evaluate every row of `df` (batch columns, ISO date strings or datetimes).

    Returns the input columns followed by the result columns and `error`; the index is kept.
    Whole columns are computed at once where `cspa_lib.vector` reproduces the scalar engine
    exactly; every other row goes through `evaluate_rows`.
    """
    from .vector import evaluate_columns

    return _with_inputs(df, evaluate_columns(df, bulletin).results)


def evaluate_frame_scalar(df: pd.DataFrame, bulletin: BulletinSource | None = None) -> pd.DataFrame:
    """`evaluate_frame` one row at a time: the reference the vector path is tested against."""
    records = df.to_dict("records")
    return _with_inputs(df, pd.DataFrame(evaluate_rows(records, bulletin), index=df.index))


def _with_inputs(df: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    results = results.reindex(columns=list(OUTPUT_COLUMNS) + [ERROR_COLUMN])
    for column in INTEGER_OUTPUTS:
        results[column] = results[column].astype("Int64")
    results["under_21"] = results["under_21"].astype("boolean")
    inputs = df.drop(columns=[c for c in results.columns if c in df.columns])
    return pd.concat([inputs, results], axis=1)


def read_cases(path: str | Path) -> pd.DataFrame:
    """Read a cases CSV as text, so dates and codes reach the validators exactly as written."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_results(df: pd.DataFrame, path: str | Path | None = None) -> str | None:
    """Write results as CSV (ISO dates); to a string when `path` is None."""
    return df.to_csv(path, index=False, date_format="%Y-%m-%d")
