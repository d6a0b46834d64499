"""Bad input never sinks a batch, loses a row or reaches a spreadsheet as a formula (issue 11).

One table per failure the issue found, then hypothesis over hostile rows and hostile CSV text."""

import contextlib
import csv
import io
import re
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspa_lib import evaluate_frame
from cspa_lib.batch import INPUT_COLUMNS, evaluate_frame_scalar
from cspa_lib.case import Case
from cspa_lib.cli import main
from cspa_lib.dates import parse_date
from cspa_lib.errors import InputError
from cspa_lib.result import OUTPUT_COLUMNS
from cspa_lib.tableio import read_cases
from tests.helpers import tiny_bulletin

F2A = {"case_id": "f2a", "category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
       "petition_approved": "2021-08-16", "bulletin_current": "2024-06-01", "sought_to_acquire": "2024-09-10"}
IR = {"case_id": "ir", "category": "IR", "birth_date": "2003-05-10", "petition_filed": "2023-11-01"}
K2 = {"case_id": "k2", "category": "K2", "birth_date": "2003-05-10", "admitted": "2010-01-01"}
F3 = {"case_id": "f3", "category": "F3", "birth_date": "2003-05-10", "petition_filed": "2015-01-01",
      "petition_approved": "2016-01-01", "marriage_ended": "2020-01-01"}
DV = {"case_id": "dv", "category": "DV", "birth_date": "2002-06-15", "petition_filed": "2022-10-05",
      "petition_approved": "2023-05-07", "dv_region": "ASIA", "dv_rank": "1234"}
RESULT_COLUMNS = list(OUTPUT_COLUMNS) + ["error"]
RANGE = r"must be an ISO date YYYY-MM-DD in the years 1900\.\.2100"

OUT_OF_RANGE = [
    # id, the bad row, its error (issue 11: each raised ValueError/OverflowError out of the batch)
    ("birth-9979", {**F2A, "birth_date": "9979-01-01"}, rf"'birth_date' {RANGE} \(got '9979-01-01'\)"),
    ("birth-9999-as-a-date", {**F2A, "birth_date": date(9999, 12, 31)}, rf"'birth_date' {RANGE} \(got '9999-12-31'\)"),
    ("birth-1899", {**F2A, "birth_date": "1899-12-31"}, rf"'birth_date' {RANGE} \(got '1899-12-31'\)"),
    ("approval-9999", {**F2A, "petition_approved": "9999-12-31"}, rf"'petition_approved' {RANGE} \(got '9999-12-31'\)"),
    ("bulletin-9999", {**F2A, "bulletin_current": "9999-12-01"}, rf"'bulletin_current' {RANGE} \(got '9999-12-01'\)"),
    ("sought-9999", {**F2A, "sought_to_acquire": "9999-12-31"}, rf"'sought_to_acquire' {RANGE} \(got '9999-12-31'\)"),
    ("admitted-9999", {**K2, "admitted": "9999-12-31"}, rf"'admitted' {RANGE} \(got '9999-12-31'\)"),
    ("married-9999", {**F2A, "married": "9999-12-31"}, rf"'married' {RANGE} \(got '9999-12-31'\)"),
    ("marriage-ended-9999", {**F3, "marriage_ended": "9999-12-31"}, rf"'marriage_ended' {RANGE} \(got '9999-12-31'\)"),
    ("filed-0001", {**IR, "petition_filed": "0001-01-01"}, rf"'petition_filed' {RANGE} \(got '0001-01-01'\)"),
    ("dv-program-year-1", {**DV, "dv_program_year": "1"},
     r"'dv_program_year' must be a whole number in 1995\.\.2100 \(got '1'\)"),
    ("dv-program-year-99999", {**DV, "dv_program_year": "99999"},
     r"'dv_program_year' must be a whole number in 1995\.\.2100 \(got '99999'\)"),
    ("dv-rank-0", {**DV, "dv_rank": "0"}, r"'dv_rank' must be a whole number in 1\.\.1,000,000 \(got '0'\)"),
    ("dv-rank-1e20", {**DV, "dv_rank": "99999999999999999999"},
     r"'dv_rank' must be a whole number in 1\.\.1,000,000 \(got '99999999999999999999'\)"),
]


WHOLE = [("1234", 1234), ("1,234", 1234), (" 7 ", 7), ("12.0", 12), (12.0, 12), (1_000_000, 1_000_000),
         ("1,5", None), ("1e3", None), ("inf", None), ("-5", None), ("1_000", None), ("12,34,567", None),
         ("1000001", None), (12.5, None), (True, None)]


@pytest.mark.parametrize(("value", "expected"), WHOLE, ids=[repr(w[0]) for w in WHOLE])
def test_dv_rank_is_a_whole_number_in_range_read_strictly(value, expected):
    """"1,5" (a Spanish decimal) used to read as rank 15, and "1e3" as 1000."""
    if expected is None:
        with pytest.raises(InputError, match=r"'dv_rank' must be a whole number in 1\.\.1,000,000 \(got "):
            Case.from_mapping({**DV, "dv_rank": value})
    else:
        assert Case.from_mapping({**DV, "dv_rank": value}).dv_rank == expected


def frame(*rows):
    return pd.DataFrame(list(rows))


def results(df):
    return df[RESULT_COLUMNS].astype(object).where(df[RESULT_COLUMNS].notna(), None)


@pytest.mark.parametrize("path", [evaluate_frame, evaluate_frame_scalar], ids=["column", "scalar"])
@pytest.mark.parametrize(("bad", "message"), [o[1:] for o in OUT_OF_RANGE], ids=[o[0] for o in OUT_OF_RANGE])
def test_an_out_of_range_value_is_an_error_row_and_the_others_are_computed(path, bad, message):
    good = frame(F2A, IR)
    out = path(frame(F2A, {**bad, "case_id": "bad"}, IR))
    assert list(out["case_id"]) == ["f2a", "bad", "ir"]
    assert out.loc[1, "outcome"] == "error"
    assert re.fullmatch(message, out.loc[1, "error"]), out.loc[1, "error"]
    alone = path(good)
    assert results(out.iloc[[0, 2]]).reset_index(drop=True).equals(results(alone).reset_index(drop=True))
    one = path(frame(bad))  # a one-row frame too
    assert len(one) == 1 and one.loc[0, "outcome"] == "error" and one.loc[0, "error"] == out.loc[1, "error"]


def test_cspa_batch_writes_every_row_when_some_are_out_of_range(tmp_path, capsys):
    rows = [F2A] + [{**bad, "case_id": name} for name, bad, _ in OUT_OF_RANGE if not isinstance(bad["birth_date"], date)]
    source = tmp_path / "cases.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    assert main(["batch", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    out = read_cases(tmp_path / "out.csv")
    assert list(out["case_id"]) == [r["case_id"] for r in rows]
    assert list(out["outcome"]) == ["protected"] + ["error"] * (len(rows) - 1)
    assert f"{len(rows)} cases: error: {len(rows) - 1}, protected: 1" in capsys.readouterr().err


def test_a_datetime64_date_after_2100_is_an_error_on_the_column_path_too():
    df = frame(F2A, {**F2A, "case_id": "late", "petition_approved": "2150-01-01"})
    df["petition_approved"] = pd.to_datetime(df["petition_approved"])
    out = evaluate_frame(df)
    assert out.loc[1, "outcome"] == "error"
    assert results(out).equals(results(evaluate_frame_scalar(df)))


# --- a missing required column ---------------------------------------------------------------

MISSING = [
    ("no-category", [{k: v for k, v in F2A.items() if k != "category"}] * 2,
     r"'category' is required: the input has no 'category' column \(its columns: 'case_id', 'birth_date', .*\)"),
    ("no-birth-date", [{k: v for k, v in IR.items() if k != "birth_date"}],
     r"'birth_date' is required: the input has no 'birth_date' column \(its columns: 'case_id', 'category', 'petition_filed'\)"),
    ("semicolons-read-as-one-column", [{"case_id;category;birth_date;petition_filed": "a;IR;2003-05-10;2023-11-01"}],
     r"'category' is required: the input has no 'category' column \(its columns: 'case_id;category;birth_date;petition_filed'\)"),
]


@pytest.mark.parametrize("path", [evaluate_frame, evaluate_frame_scalar], ids=["column", "scalar"])
@pytest.mark.parametrize(("rows", "message"), [m[1:] for m in MISSING], ids=[m[0] for m in MISSING])
def test_a_missing_required_column_is_an_error_on_every_row_never_a_default(path, rows, message):
    """Issue 11: the column path computed a frame without `category` as F1."""
    out = path(pd.DataFrame(rows, index=[10 + i for i in range(len(rows))]))
    assert list(out.index) == [10 + i for i in range(len(rows))]
    assert set(out["outcome"]) == {"error"}
    for text in out["error"]:
        assert re.fullmatch(message, text), text


@pytest.mark.parametrize("path", [evaluate_frame, evaluate_frame_scalar], ids=["column", "scalar"])
def test_a_batch_column_given_twice_is_an_error_on_every_row(path):
    """Which `category` would count? Before, the last one did, silently."""
    df = pd.DataFrame([["IR", "2003-05-10", "2023-11-01", "F2A"]] * 2,
                      columns=["category", "birth_date", "petition_filed", "category"])
    out = path(df)
    assert len(out) == 2 and set(out["outcome"]) == {"error"}
    assert set(out["error"]) == {"'category' is given in more than one column of the input: keep one"}


def test_an_empty_frame_without_columns_gives_an_empty_result():
    out = evaluate_frame(pd.DataFrame())
    assert len(out) == 0 and "error" in out.columns


# --- dates: one format, on every Python -------------------------------------------------------

REJECTED = ["20200101", "2020-W01-1", "2020-001", "2020-01-01garbage", "2020-01-01T10:30", "2020-01-01 13:45:00",
            "2020-01-01Z", "2020-01-01+01:00", "2020-1-5", "2020-01-5", "+2020-01-01", "２０２０-01-01",
            "٢٠٢٠-01-01", "2020/01/01", "01/05/2020", "2020-01", "2020"]


@pytest.mark.parametrize("text", REJECTED, ids=[repr(t) for t in REJECTED])
def test_dates_other_than_yyyy_mm_dd_are_errors_on_every_python(text):
    """Python 3.11+'s date.fromisoformat takes 20200101, 2020-W01-1 and text after position 10;
    3.10 does not: one parser decides, the same everywhere."""
    with pytest.raises(InputError, match=r"'birth_date' must be an ISO date YYYY-MM-DD \(got "):
        parse_date(text, "birth_date")


ACCEPTED = [
    ("2020-01-05", date(2020, 1, 5)), ("  2020-01-05\t", date(2020, 1, 5)), ("2020-01-05 00:00:00", date(2020, 1, 5)),
    ("2020-01-05T00:00:00", date(2020, 1, 5)), ("2020-01-05T00:00", date(2020, 1, 5)),
    ("1900-01-01", date(1900, 1, 1)), ("2100-12-31", date(2100, 12, 31)),
    (pd.Timestamp("2020-01-05 13:45"), date(2020, 1, 5)), (pd.NaT, None), ("", None), ("NaN", None),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED, ids=[repr(a[0]) for a in ACCEPTED])
def test_accepted_dates(value, expected):
    assert parse_date(value, "birth_date") == expected


@pytest.mark.parametrize("path", [evaluate_frame, evaluate_frame_scalar], ids=["column", "scalar"])
def test_lenient_dates_are_error_rows_in_a_batch(path):
    rows = [{**F2A, "case_id": t, "birth_date": t} for t in REJECTED]
    out = path(frame(*rows))
    assert list(out["case_id"]) == REJECTED and set(out["outcome"]) == {"error"}
    assert all(e.startswith("'birth_date' must be an ISO date YYYY-MM-DD (got ") for e in out["error"])


# --- one-row frames whose bulletin lookup is out of range -------------------------------------

TINY = tiny_bulletin("2010-01", "2010-12", {("FAD", "F2A", "ALL"): [("2010-01", "C")]})
LOOKUPS = [
    ("before-the-bundled-data", None,
     {"category": "F2A", "birth_date": "1985-01-01", "petition_filed": "1990-01-01", "petition_approved": "1991-01-01",
      "processing": "consular"}, r".*first bulletin month \(2001-12\).*"),
    ("before-a-small-bulletin", TINY,
     {"category": "F2A", "birth_date": "2000-01-01", "petition_filed": "2008-01-01", "petition_approved": "2009-01-01",
      "processing": "consular"}, r".*\(2010-01\).*"),
    ("dv-year-after-the-data", None, {**DV, "petition_filed": "2099-10-01", "petition_approved": "2100-05-01"},
     r"DV-2101 \(fiscal year 2100-10-01\.\.2101-09-30\) is outside the bulletin data \(2001-12\.\.2026-07\).*"),
    # before October 2001 the program year must be given (cspa_rules.md §12.4)
    ("dv-year-before-the-data", None, {**DV, "petition_filed": "1990-10-01", "petition_approved": "1991-05-01",
                                       "dv_program_year": "1995"},
     r"DV-1995 \(fiscal year 1994-10-01\.\.1995-09-30\) is outside the bulletin data.*"),
    ("dv-registration-before-2001-without-year", None, {**DV, "petition_filed": "1990-10-01",
                                                        "petition_approved": "1991-05-01"},
     r"'dv_program_year' is required for a registration before October 2001 \(got petition_filed 1990-10-01\)"),
]


@pytest.mark.parametrize("path", [evaluate_frame, evaluate_frame_scalar], ids=["column", "scalar"])
@pytest.mark.parametrize(("bulletin", "row", "message"), [c[1:] for c in LOOKUPS], ids=[c[0] for c in LOOKUPS])
def test_a_one_row_frame_with_an_out_of_range_lookup_is_an_error_row(path, bulletin, row, message):
    out = path(frame(row), bulletin=bulletin)
    assert len(out) == 1 and out.loc[0, "outcome"] == "error"
    assert re.fullmatch(message, out.loc[0, "error"]), out.loc[0, "error"]


# --- the command line: one error line, exit code 2, never a traceback ---------------------------

GOOD_CSV = b"case_id,category,birth_date,petition_filed\na,IR,2003-05-10,2023-11-01\n"
CLI_ERRORS = [
    # id, input file bytes (None: no file), extra arguments, the error line
    ("missing-input", None, [], r"error: .*cases\.csv: no such file"),
    ("missing-output-folder", GOOD_CSV, ["-o", "{tmp}/nowhere/out.csv"],
     r"error: cannot write .*nowhere/out\.csv: the folder .*nowhere does not exist"),
    ("output-is-a-folder", GOOD_CSV, ["-o", "{tmp}"], r"error: cannot write .*: it is a folder"),
    ("latin-1", "case_id,category,birth_date\nJosé,IR,2003-05-10\n".encode("latin-1"),
     [], r"error: .*cases\.csv line 2: byte 0xe9 is not UTF-8 .*save it as 'CSV UTF-8'.*"),
    ("utf-16", "case_id,category,birth_date\nJosé,IR,2003-05-10\n".encode("utf-16"), [],
     r"error: .*cases\.csv is UTF-16 text .*save it as 'CSV UTF-8'.*"),
    ("empty", b"", [], r"error: .*cases\.csv is empty: expected a header line .*"),
    ("ragged", b"case_id,category,birth_date\na,IR,2003-05-10,x\n", [],
     r"error: .*cases\.csv line 2: 4 fields where the header has 3 .*"),
    ("unclosed-quote", b'case_id,category,birth_date\n"a,IR,2003-05-10\n', [],
     r"error: .*cases\.csv line 2: a quoted value that begins on this line is never closed .*"),
    ("bad-bulletin-path", GOOD_CSV, ["--bulletin", "{tmp}/no-such-bulletin.csv"], r"error: .*no-such-bulletin\.csv.*"),
    ("xls-input", b"", ["--as-xls"], r"error: .*\.xls files are not supported; save it as \.xlsx or as 'CSV UTF-8'"),
    ("not-an-xlsx", b"this is not a workbook", ["--as-xlsx"], r"error: .*cases\.xlsx is not a readable \.xlsx workbook .*"),
    ("not-a-parquet", b"PAR1 truncated", ["--as-parquet"], r"error: .*cases\.parquet is not a readable Parquet file .*"),
]


@pytest.mark.parametrize(("data", "extra", "message"), [c[1:] for c in CLI_ERRORS], ids=[c[0] for c in CLI_ERRORS])
def test_cli_user_errors_are_one_line_and_exit_2(tmp_path, capsys, data, extra, message):
    suffix = next((a.removeprefix("--as-") for a in extra if a.startswith("--as-")), "csv")
    name = f"cases.{suffix}"
    extra = [a.replace("{tmp}", str(tmp_path)) for a in extra if not a.startswith("--as-")]
    source = tmp_path / name
    if data is not None:
        source.write_bytes(data)
    code = main(["batch", str(source), *extra])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert re.fullmatch(message, captured.err.strip()), captured.err


def test_cli_evaluate_out_of_range_and_bad_bulletin_are_one_line(capsys, tmp_path):
    assert main(["evaluate", "--category", "IR", "--birth-date", "9999-01-01", "--petition-filed", "2020-01-01"]) == 2
    assert capsys.readouterr().err == (
        "error: 'birth_date' must be an ISO date YYYY-MM-DD in the years 1900..2100 (got '9999-01-01')\n")
    assert main(["evaluate", "--category", "IR", "--birth-date", "2003-05-10", "--petition-filed", "2020-01-01",
                 "--bulletin", str(tmp_path / "none.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_a_real_process_prints_no_traceback_for_a_latin_1_file(tmp_path):
    source = tmp_path / "cases.csv"
    source.write_bytes("case_id,category,birth_date\nJosé,IR,2003-05-10\n".encode("latin-1"))
    proc = subprocess.run([sys.executable, "-m", "cspa_lib.cli", "batch", str(source)], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_cli_reads_a_semicolon_file_from_excel_in_spanish(tmp_path):
    """Excel in Spanish locales writes `;` (and a BOM, and CRLF): every row used to be
    "'category' is required"."""
    source = tmp_path / "casos.csv"
    source.write_bytes("\ufeffcase_id;category;birth_date;petition_filed;petition_approved;bulletin_current\r\n"
                       "niña-1;F2A;2003-04-10;2020-02-03;2021-08-16;2024-06-01\r\n"
                       "niño-2;IR;2003-05-10;2023-11-01;;\r\n".encode())
    assert main(["batch", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    out = read_cases(tmp_path / "out.csv")
    assert list(out["case_id"]) == ["niña-1", "niño-2"] and list(out["outcome"]) == ["protected", "protected"]
    assert list(out["days_under_21"]) == ["508", "191"]


def test_cli_output_defuses_formulas_and_keeps_bare_carriage_returns_in_their_row(tmp_path):
    source = tmp_path / "cases.csv"
    rows = [{**IR, "case_id": "=HYPERLINK(\"http://x\",\"clic\")", "note": "a\rb"},
            {**IR, "case_id": "@SUM(A1)", "note": "-2+3+cmd|' /C calc'!A0"},
            {**IR, "case_id": "\tx", "note": "+1"}]
    with open(source, "w", newline="", encoding="utf-8") as handle:  # pandas' to_csv leaves a bare CR unquoted
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    assert main(["batch", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    with open(tmp_path / "out.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["case_id"] for r in rows] == ["'=HYPERLINK(\"http://x\",\"clic\")", "'@SUM(A1)", "'\tx"]
    assert [r["note"] for r in rows] == ["a\rb", "'-2+3+cmd|' /C calc'!A0", "+1"]
    assert [r["days_under_21"] for r in rows] == ["191", "191", "191"]


# --- hypothesis: hostile rows ----------------------------------------------------------------

HOSTILE_DATES = ["9999-12-31", "9979-01-01", "0001-01-01", "1899-12-31", "2101-01-01", "20200101", "2020-W01-1",
                 "2020-01-01garbage", "2020-1-5", "2023-02-29", "10/05/2003", " 2020-01-01 ", "２０２０-01-01", "",
                 "nan", "=TODAY()", "\r", None, float("nan"), 20200101, True, date(9999, 12, 31), date(1, 1, 1)]
HOSTILE_CODES = ["", "F9", "f2a", " ir ", "=1+1", "\r\n", "ÑANDÚ", None, 0, 1.5, True]
HOSTILE_NUMBERS = ["0", "-5", "1e9", "12.5", "1,234", "abc", "99999999999999999999", "inf", "nan", "1", "99999",
                   "1994", "2101", None, 0, -1, 10**30, 2.5, True]
CATEGORIES = ["IR", "F1", "F2A", "F2B", "F3", "F4", "EB1", "EB2", "EB3", "EW", "EB4", "EB5", "DV", "ASYLEE",
              "REFUGEE", "K2"]


@st.composite
def valid_rows(draw):
    """A plausible case: dates in order, the visa date given or looked up."""
    born = draw(st.dates(date(1985, 1, 1), date(2015, 12, 31)))
    filed = born + timedelta(days=draw(st.integers(0, 8000)))
    approved = filed + timedelta(days=draw(st.integers(0, 2000)))
    category = draw(st.sampled_from(CATEGORIES))
    row = {"case_id": f"ok-{draw(st.integers(0, 10**6))}", "category": category, "birth_date": born.isoformat(),
           "petition_filed": filed.isoformat(), "petition_approved": approved.isoformat(),
           "admitted": filed.isoformat(), "marriage_ended": approved.isoformat() if category == "F3" else "",
           "dv_region": "ASIA", "dv_rank": "100",
           "chargeability": draw(st.sampled_from(["ALL", "MEXICO", "INDIA", "PHILIPPINES"])),
           "processing": draw(st.sampled_from(["adjustment", "consular"]))}
    if draw(st.booleans()):
        row["bulletin_current"] = (approved + timedelta(days=draw(st.integers(0, 1500)))).replace(day=1).isoformat()
    return row


def hostile_value(column):
    if column in ("dv_rank", "dv_program_year"):
        return st.sampled_from(HOSTILE_NUMBERS)
    if column in ("case_id",):
        return st.one_of(st.sampled_from(["=1+1", "\r", "a\rb", None, 5]), st.text(max_size=20))
    if column.endswith(("_date", "_filed", "_approved", "_current", "_acquire", "_naturalized", "_ended")) or \
            column in ("admitted", "married", "adjustment_decided"):
        return st.one_of(st.sampled_from(HOSTILE_DATES), st.text(max_size=12))
    return st.one_of(st.sampled_from(HOSTILE_CODES), st.text(max_size=8))


@st.composite
def hostile_rows(draw):
    row = draw(valid_rows())
    for column in draw(st.lists(st.sampled_from(INPUT_COLUMNS), min_size=1, max_size=4, unique=True)):
        row[column] = draw(hostile_value(column))
    return row


def check_contract(df, out):
    assert len(out) == len(df) and list(out.index) == list(df.index)
    errors = out["outcome"] == "error"
    assert all(isinstance(m, str) and m.strip() for m in out.loc[errors, "error"])
    assert set(out["outcome"]) <= {"protected", "aged_out", "sought_to_acquire_failed", "not_eligible",
                                   "awaiting_visa", "needs_review", "error"}


@settings(max_examples=60, deadline=None)
@given(st.lists(valid_rows(), min_size=1, max_size=4), st.lists(hostile_rows(), min_size=1, max_size=5),
       st.randoms(use_true_random=False))
def test_hostile_rows_never_sink_the_batch_nor_change_the_valid_rows(valid, hostile, rnd):
    """No exception escapes either path; rows out == rows in, in order; every error row has a
    message; each valid row's result is the one it gets alone; both paths agree."""
    rows = [("valid", r) for r in valid] + [("hostile", r) for r in hostile]
    rnd.shuffle(rows)
    df = pd.DataFrame([r for _, r in rows], index=range(100, 100 + len(rows)))
    column, scalar = evaluate_frame(df), evaluate_frame_scalar(df)
    check_contract(df, column)
    check_contract(df, scalar)
    assert results(column).equals(results(scalar))
    where = [i for i, (kind, _) in enumerate(rows) if kind == "valid"]
    alone = evaluate_frame(pd.DataFrame([rows[i][1] for i in where]))
    assert results(column.iloc[where]).reset_index(drop=True).equals(results(alone).reset_index(drop=True))


# --- hypothesis: hostile CSV text ------------------------------------------------------------

HEADER = "case_id,category,birth_date,petition_filed,petition_approved,bulletin_current"
CSV_ALPHABET = st.sampled_from(list(',;"\r\n\t=+-@ aZ0129-é\x00\x85\u2028') + ["2003-04-10", "F2A", "IR", "\ufeff"])


@st.composite
def hostile_csv(draw):
    body = "".join(draw(st.lists(CSV_ALPHABET, max_size=60)))
    header = draw(st.sampled_from([HEADER, HEADER.replace(",", ";"), "", "case_id", HEADER + ","]))
    text = header + draw(st.sampled_from(["\n", "\r\n", "\r", ""])) + body
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile_csv())
def test_cspa_batch_on_hostile_csv_text_writes_every_row_or_one_error_line(data):
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "cases.csv", Path(folder) / "out.csv"
        source.write_bytes(data)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["batch", str(source), "-o", str(target)])
        if code == 2:
            assert err.getvalue().startswith("error: ") and err.getvalue().count("\n") == 1
            assert not target.exists()
            return
        assert code == 0
        cases = read_cases(source)
        with open(target, newline="", encoding="utf-8-sig") as handle:
            written = list(csv.reader(handle))
        assert len(written) == len(cases) + 1  # the header, then one row per case, in order
        if "case_id" in cases.columns:
            position = written[0].index("case_id")
            assert [r[position].removeprefix("'") for r in written[1:]] == [str(c) for c in cases["case_id"]]
