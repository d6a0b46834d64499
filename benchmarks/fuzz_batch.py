"""Hostile rows through the batch path: nothing escapes, nothing is lost, both paths agree.

    python benchmarks/fuzz_batch.py                 # 100,000 rows (a few minutes on 2 cores)
    python benchmarks/fuzz_batch.py --rows 5000     # a quick look

Builds coherent cases of every category, then spoils each field with some probability with a
hostile value (years 9999 and 1, 20200101, 2020-W01-1, trailing text, ranks of 0 and 10**20,
program years 1 and 99999, formulas, carriage returns, unknown codes, blanks, values of the wrong
type), in frames of several shapes (text columns as read from a CSV, datetime64 columns, date
objects, categoricals, mixed-type object columns, one-row frames). Each frame goes through
`evaluate_frame` (the column path) and `evaluate_frame_scalar` (one case at a time) and the script
counts: exceptions escaping either, rows lost or reordered, error rows without a message, and
rows whose result differs between the two paths. It prints the counts (and the first few
examples of each problem) and exits 1 if any count is not zero. A measurement, not a test: the
tests run the same checks with hypothesis on small frames.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cspa_lib.batch import evaluate_frame, evaluate_frame_scalar  # noqa: E402
from cspa_lib.case import DATE_FIELDS  # noqa: E402
from cspa_lib.result import OUTPUT_COLUMNS  # noqa: E402

CATEGORIES = ["IR", "F1", "F2A", "F2B", "F3", "F4", "EB1", "EB2", "EB3", "EW", "EB4", "EB5", "DV"]
CATEGORIES += ["ASYLEE", "REFUGEE", "K2"]
CHARGEABILITIES = ["ALL", "CHINA", "INDIA", "MEXICO", "PHILIPPINES", "ROW", "EL_SALVADOR_GUATEMALA_HONDURAS"]
REGIONS = ["AFRICA", "ASIA", "EUROPE", "NORTH_AMERICA", "OCEANIA", "SOUTH_AMERICA_CARIBBEAN"]

HOSTILE_DATES = [
    "9999-12-31",
    "9979-01-01",
    "9999-12-01",
    "0001-01-01",
    "1899-12-31",
    "2101-01-01",
    "2199-12-31",
    "20200101",
    "2020-W01-1",
    "2020-001",
    "2020-01-01garbage",
    "2020-01-01T10:00",
    "2020-01-01 13:45:00",
    "2020-1-5",
    "2023-02-29",
    "2020-13-01",
    "10/05/2003",
    "05.10.2003",
    " 2020-01-01 ",
    "2020-01-01 00:00:00",
    "２０２０-01-01",
    "٢٠٢٠-01-01",
    "+2020-01-01",
    "2020-01-01Z",
    "=TODAY()",
    "\r",
    "\t2020-01-01",
    "nan",
    "NaT",
    "None",
    "",
    "x" * 300,
]
HOSTILE_CODES = ["", "F9", "f2a", " ir ", "=1+1", "@SUM(A1)", "-", "\r\n", "ÑANDÚ", "None", "nan", "0", "1"]
HOSTILE_NUMBERS = [
    "0",
    "-5",
    "1e9",
    "12.5",
    "1,234",
    "abc",
    "",
    "99999999999999999999",
    "inf",
    "nan",
    "1_000",
    "1",
    "99999",
    "1994",
    "2101",
    "2020.0",
    " 7 ",
    "True",
    "=1",
    "1000001",
]
HOSTILE_TEXT = [
    '=HYPERLINK("http://x","y")',
    "+cmd",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "a\rb",
    "a\nb",
    'a,b;c"d',
    "",
    "   ",
    "ünïcødé",
    "x" * 1000,
]
BOOLS = ["", "true", "false", "1", "0", "yes", "sí", "maybe", "2"]


def coherent(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Plausible cases of every category, as ISO text (what a CSV gives)."""
    filed = np.datetime64("2003-01-01") + rng.integers(0, 23 * 365, n).astype("timedelta64[D]")
    approved = filed + rng.integers(0, 1500, n).astype("timedelta64[D]")
    born = filed - rng.integers(-300, 22 * 365, n).astype("timedelta64[D]")
    current = (approved + rng.integers(0, 2000, n).astype("timedelta64[D]")).astype("datetime64[M]")
    sought = approved + rng.integers(0, 2500, n).astype("timedelta64[D]")

    def text(values: np.ndarray, blank: float) -> np.ndarray:
        out = np.datetime_as_string(values.astype("datetime64[D]"), unit="D").astype(object)
        out[rng.random(n) < blank] = ""
        return out

    cats = rng.choice(np.array(CATEGORIES, dtype=object), n)
    frame = pd.DataFrame(
        {
            "case_id": [f"row-{i}" for i in range(n)],
            "category": cats,
            "birth_date": text(born, 0.0),
            "petition_filed": text(filed, 0.02),
            "petition_approved": text(approved, 0.1),
            "bulletin_current": text(current, 0.6),
            "sought_to_acquire": text(sought, 0.5),
            "chargeability": rng.choice(np.array(CHARGEABILITIES, dtype=object), n),
            "processing": rng.choice(np.array(["adjustment", "consular", ""], dtype=object), n),
            "adjustment_filed": text(approved + rng.integers(-400, 900, n).astype("timedelta64[D]"), 0.7),
            "parent_naturalized": text(filed + rng.integers(0, 4000, n).astype("timedelta64[D]"), 0.9),
            "marriage_ended": text(filed + rng.integers(0, 4000, n).astype("timedelta64[D]"), 0.9),
            "admitted": text(filed + rng.integers(0, 900, n).astype("timedelta64[D]"), 0.7),
            "married": text(born + rng.integers(16 * 365, 30 * 365, n).astype("timedelta64[D]"), 0.95),
            "jurisdiction": rng.choice(np.array(["", "BIA", "CA2", "CA9"], dtype=object), n),
            "dv_region": rng.choice(np.array(REGIONS, dtype=object), n),
            "dv_rank": rng.integers(1, 60_000, n).astype(str).astype(object),
            "dv_program_year": np.where(rng.random(n) < 0.7, "", rng.integers(2004, 2027, n).astype(str)),
            "opt_out": rng.choice(np.array(["", "", "", "true"], dtype=object), n),
            "extraordinary_circumstances": rng.choice(np.array(["", "", "", "", "", "true"], dtype=object), n),
            "feb29": rng.choice(np.array(["", "", "mar1", "feb28"], dtype=object), n),
            "note": rng.choice(np.array(HOSTILE_TEXT, dtype=object), n),
        }
    )
    return frame


def spoil(rng: np.random.Generator, frame: pd.DataFrame, rate: float) -> pd.DataFrame:
    """Replace each cell, with probability `rate`, by a hostile value for its column."""
    frame = frame.copy()
    n = len(frame)
    for column in frame.columns:
        if column in DATE_FIELDS:
            pool = HOSTILE_DATES
        elif column in ("dv_rank", "dv_program_year"):
            pool = HOSTILE_NUMBERS
        elif column in ("opt_out", "extraordinary_circumstances"):
            pool = BOOLS
        elif column in ("case_id", "note"):
            pool = HOSTILE_TEXT
        else:
            pool = HOSTILE_CODES
        hit = rng.random(n) < rate
        values = frame[column].to_numpy(dtype=object).copy()
        values[hit] = rng.choice(np.array(pool, dtype=object), int(hit.sum()))
        frame[column] = values
    return frame


def shaped(rng: np.random.Generator, frame: pd.DataFrame, shape: str) -> pd.DataFrame:
    """The same rows in another form a caller may hand over."""
    frame = frame.copy()
    if shape == "datetime64":  # parseable dates as datetime64 columns; the rest become NaT
        for column in DATE_FIELDS:
            if column in frame:
                frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d", errors="coerce")
    elif shape == "date-objects":  # date objects (year 1..9999 included) mixed with text
        for column in ("birth_date", "petition_approved", "bulletin_current"):
            values = frame[column].to_numpy(dtype=object).copy()
            hit = rng.random(len(frame)) < 0.3
            years = rng.choice(np.array([1, 1899, 1950, 2000, 2020, 2150, 9999]), int(hit.sum()))
            values[hit] = [date(int(y), 1, 1) for y in years]
            frame[column] = values
    elif shape == "categorical":
        for column in ("category", "chargeability", "processing", "dv_region"):
            frame[column] = frame[column].astype("category")
    elif shape == "mixed-types":  # numbers, floats, bools and None inside object columns
        junk = np.array([None, np.nan, 0, 1, 2024, 1.5, True, False, -1, 10**20], dtype=object)
        for column in ("dv_rank", "dv_program_year", "opt_out", "category", "birth_date", "case_id"):
            values = frame[column].to_numpy(dtype=object).copy()
            hit = rng.random(len(frame)) < 0.1
            values[hit] = rng.choice(junk, int(hit.sum()))
            frame[column] = values
    return frame


def same(a: object, b: object) -> bool:
    a_na = a is None or (not isinstance(a, str) and bool(pd.isna(a)))
    b_na = b is None or (not isinstance(b, str) and bool(pd.isna(b)))
    if a_na or b_na:
        return a_na and b_na
    return bool(a == b)


def cause(row: pd.Series, column: pd.Series, scalar: pd.Series) -> str:
    """A short name for why the paths differ, for the summary: the scalar error without values,
    and whether the field arrived as a datetime64 value."""
    for out, other in ((scalar, "column"), (column, "scalar")):
        message = str(out["error"] or "")
        if message:
            field = message.split("'")[1] if message.startswith("'") else ""
            kind = "datetime64" if isinstance(row.get(field), pd.Timestamp) else type(row.get(field)).__name__
            return f"{message.split(' (got')[0]} [{kind} value; {other} path computed it]"
    return "results differ, neither is an error"


def check(frame: pd.DataFrame, counts: Counter, examples: dict[str, list[str]]) -> None:
    outputs = {}
    for name, fn in (("column", evaluate_frame), ("scalar", evaluate_frame_scalar)):
        try:
            outputs[name] = fn(frame)
        except Exception as exc:  # the measurement: count what escapes
            counts[f"escaping exceptions ({name} path, frames)"] += 1
            trace = traceback.format_exc(limit=-3)
            examples.setdefault("escaping", []).append(f"{name}: {type(exc).__name__}: {exc}\n{trace}")
            return
    columns = list(OUTPUT_COLUMNS) + ["error"]
    for name, out in outputs.items():
        if len(out) != len(frame) or not out.index.equals(frame.index):
            counts[f"lost or reordered rows ({name} path)"] += abs(len(frame) - len(out)) or len(frame)
        errors = out["outcome"] == "error"
        silent = errors & (out["error"].fillna("").astype(str).str.strip() == "")
        counts[f"error rows without a message ({name} path)"] += int(silent.sum())
        counts[f"error rows ({name} path)"] += int(errors.sum())
    column, scalar = outputs["column"], outputs["scalar"]
    for i in range(len(frame)):
        differs = [
            c
            for c in columns
            if not same(column.iat[i, column.columns.get_loc(c)], scalar.iat[i, scalar.columns.get_loc(c)])
        ]
        if differs:
            counts["rows differing between the column and the scalar path"] += 1
            causes[cause(frame.iloc[i], column.iloc[i], scalar.iloc[i])] += 1
            row = frame.iloc[i].to_dict()
            got = [column.iloc[i][c] for c in differs]
            expected = [scalar.iloc[i][c] for c in differs]
            examples.setdefault("differs", []).append(f"{differs}: column={got} scalar={expected} row={row}")
    counts["rows checked"] += len(frame)


causes: Counter = Counter()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--rate", type=float, default=0.03, help="probability that a cell is spoiled")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    counts: Counter = Counter()
    examples: dict[str, list[str]] = {}
    shapes = ["text", "text", "datetime64", "date-objects", "categorical", "mixed-types"]
    chunk = 5_000
    start = time.perf_counter()
    done = 0
    k = 0
    while done < args.rows:
        size = min(chunk, args.rows - done)
        shape = shapes[k % len(shapes)]
        frame = shaped(rng, spoil(rng, coherent(rng, size), args.rate), shape)
        if k % 7 == 3:  # one-row frames too: the column path must not treat them differently
            for i in range(min(200, size)):
                check(frame.iloc[[i]], counts, examples)
            frame = frame.iloc[200:]
        check(frame, counts, examples)
        counts[f"rows in {shape} frames"] += size
        done += size
        k += 1
    elapsed = time.perf_counter() - start
    print(f"fuzzed {done:,} rows (seed {args.seed}, spoil rate {args.rate}) in {elapsed:.0f} s\n")
    keys = [
        "rows checked",
        "escaping exceptions (column path, frames)",
        "escaping exceptions (scalar path, frames)",
        "lost or reordered rows (column path)",
        "lost or reordered rows (scalar path)",
        "error rows without a message (column path)",
        "error rows without a message (scalar path)",
        "rows differing between the column and the scalar path",
        "error rows (column path)",
    ]
    keys += sorted(k for k in counts if k.startswith("rows in "))
    print("| count | value |\n|---|---|")
    for key in keys:
        print(f"| {key} | {counts.get(key, 0):,} |")
    bad = sum(counts.get(k, 0) for k in keys[1:8])
    if causes:
        print("\n| why the paths differ | rows |\n|---|---|")
        for text, number in causes.most_common():
            print(f"| {text} | {number:,} |")
    for kind, items in examples.items():
        print(f"\nfirst {min(5, len(items))} of {len(items)} '{kind}':")
        for item in items[:5]:
            print("  " + item.replace("\n", "\n  "))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
