"""Cases files in, results files out: CSV as spreadsheets really write it, .xlsx and .parquet,
safe cells, atomic writes, and an error naming the file, the line and the fix for everything else."""

import csv
import io
import os
import stat
from datetime import date

import pandas as pd
import pytest

from cspa_lib import evaluate_frame
from cspa_lib.tableio import TableError, atomic_write, parse_csv, read_cases, safe_text, to_csv_text, write_results

HEADER = ["case_id", "category", "birth_date", "petition_filed"]
ROW = ["a", "IR", "2003-05-10", "2023-11-01"]

GOOD = [
    # id, bytes of the file, the rows it holds
    ("comma", b"case_id,category,birth_date,petition_filed\na,IR,2003-05-10,2023-11-01\n", [ROW]),
    ("semicolon-excel-es", b"case_id;category;birth_date;petition_filed\r\na;IR;2003-05-10;2023-11-01\r\n", [ROW]),
    ("bom-crlf", b"\xef\xbb\xbfcase_id,category,birth_date,petition_filed\r\na,IR,2003-05-10,2023-11-01\r\n", [ROW]),
    ("bom-semicolon", b"\xef\xbb\xbfcase_id;category;birth_date;petition_filed\r\na;IR;2003-05-10;2023-11-01", [ROW]),
    ("tab", b"case_id\tcategory\tbirth_date\tpetition_filed\na\tIR\t2003-05-10\t2023-11-01\n", [ROW]),
    ("bare-cr-lines", b"case_id,category,birth_date,petition_filed\ra,IR,2003-05-10,2023-11-01\r", [ROW]),
    ("quoted-separator", b'case_id;category;birth_date;petition_filed\n"a;b";IR;2003-05-10;2023-11-01\n',
     [["a;b", "IR", "2003-05-10", "2023-11-01"]]),
    ("quoted-line-break", b'case_id,category,birth_date,petition_filed\n"a\r\nb",IR,2003-05-10,2023-11-01\n',
     [["a\r\nb", "IR", "2003-05-10", "2023-11-01"]]),
    ("doubled-quote", b'case_id,category,birth_date,petition_filed\n"say ""hi""",IR,2003-05-10,2023-11-01\n',
     [['say "hi"', "IR", "2003-05-10", "2023-11-01"]]),
    ("blank-lines-and-empty-rows-skipped", b"case_id,category,birth_date,petition_filed\n\n,,,\na,IR,2003-05-10,2023-11-01\n\n",
     [ROW]),
    ("trailing-empty-cells", b"case_id,category,birth_date,petition_filed\na,IR,2003-05-10,2023-11-01,,\n", [ROW]),
    ("header-spaces-trimmed", b" case_id , category,birth_date ,petition_filed\na,IR,2003-05-10,2023-11-01\n", [ROW]),
    ("values-kept-as-written", b"case_id,category,birth_date,petition_filed\n007, IR ,2003-05-10 ,\n",
     [["007", " IR ", "2003-05-10 ", ""]]),
    ("header-only", b"case_id,category,birth_date,petition_filed\n", []),
    ("utf8-accents", "case_id,category,birth_date,petition_filed\nJosé Núñez,IR,2003-05-10,2023-11-01\n".encode(),
     [["José Núñez", "IR", "2003-05-10", "2023-11-01"]]),
]


@pytest.mark.parametrize(("data", "rows"), [g[1:] for g in GOOD], ids=[g[0] for g in GOOD])
def test_csv_as_spreadsheets_write_it(data, rows):
    frame = parse_csv(data, "cases.csv")
    assert list(frame.columns) == HEADER
    assert frame.to_numpy().tolist() == rows


BAD = [
    ("empty", b"", r"^cases\.csv is empty: expected a header line"),
    ("only-blank-lines", b"\r\n\n  \n", r"^cases\.csv is empty"),
    ("only-bom", b"\xef\xbb\xbf", r"^cases\.csv is empty"),
    ("latin-1", "case_id,category,birth_date\nJosé,IR,2003-05-10\n".encode("latin-1"),
     r"^cases\.csv line 2: byte 0xe9 is not UTF-8 \(the file is probably Latin-1 or Windows-1252.*save it as 'CSV UTF-8'"),
    ("utf-16", "case_id,category,birth_date\n".encode("utf-16"),
     r"^cases\.csv is UTF-16 text .*save it as 'CSV UTF-8'"),
    ("utf-16-no-bom", "case_id,category\n".encode("utf-16-le"), r"^cases\.csv is UTF-16 text"),
    ("nul-byte", b"case_id,category\na\x00,IR\n", r"^cases\.csv line 2: a NUL byte, which no CSV text holds"),
    ("xlsx-named-csv", b"PK\x03\x04rest of a zip", r"^cases\.csv is a zip file \(an Excel workbook\?\).*name it \.xlsx"),
    ("too-many-fields", b"case_id,category,birth_date\na,IR,2003-05-10,oops\n",
     r"^cases\.csv line 2: 4 fields where the header has 3 \(separator ','\); every row needs one cell per column"),
    ("too-few-fields", b"case_id;category;birth_date\r\na;IR;2003-05-10\r\nb;IR\r\n",
     r"^cases\.csv line 3: 2 fields where the header has 3 \(separator ';'\)"),
    ("unclosed-quote-at-end", b'case_id,category,birth_date\na,IR,2003-05-10\n"b,IR,2003-05-10\n',
     r"^cases\.csv line 3: a quoted value that begins on this line is never closed"),
    ("unclosed-quote-swallows-rows", b'case_id,category,birth_date\n"a,IR,2003-05-10\nb",IR\nc,IR,2003-05-10\n',
     r"^cases\.csv lines 2-3: 2 fields where the header has 3 .*a quote opened here may be missing its closing quote"),
    ("stray-quote-across-lines", b'case_id,category,birth_date\n"a,IR,2003-05-10\nb,IR,"2003-05-10\nc,IR,2003\n',
     r"^cases\.csv lines 2-3: malformed CSV .*a quote opened on line 2 may be missing its closing quote"),
    ("text-after-closing-quote", b'case_id,category,birth_date\n"a"b,IR,2003-05-10\n',
     r"^cases\.csv line 2: malformed CSV .*must be doubled"),
    ("duplicate-column", b"case_id,category,category\na,IR,F1\n", r"^cases\.csv: the column 'category' appears twice"),
]


@pytest.mark.parametrize(("data", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_csv_names_the_file_the_line_and_the_fix(data, message):
    with pytest.raises(TableError, match=message):
        parse_csv(data, "cases.csv")


def test_a_workbook_saved_under_a_csv_name_is_named_as_such(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.save(tmp_path / "cases.csv")
    with pytest.raises(TableError, match=r"cases\.csv is a zip file \(an Excel workbook\?\), not CSV text: name it \.xlsx"):
        read_cases(tmp_path / "cases.csv")


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.csv", r"missing\.csv: no such file"), ("old.xls", r"\.xls files are not supported; save it as \.xlsx"),
     ("folder", r"folder is a folder, not a cases file")],
    ids=["missing", "xls", "folder"],
)
def test_read_cases_refuses_what_it_cannot_read(tmp_path, name, message):
    (tmp_path / "folder").mkdir()
    with pytest.raises(TableError, match=message):
        read_cases(tmp_path / name)


CELLS = [
    # id, value, as written in the CSV cell
    ("equals", "=1+1", "'=1+1"),
    ("plus", "+cmd", "'+cmd"),
    ("minus-dde", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("at", "@SUM(A1)", "'@SUM(A1)"),
    ("tab", "\tx", "'\tx"),
    ("carriage-return", "\rx", "'\rx"),
    ("hyperlink", '=HYPERLINK("http://x","y")', "'=HYPERLINK(\"http://x\",\"y\")"),
    ("negative-number-text", "-116", "-116"),
    ("signed-decimal-text", "+1.5e3", "+1.5e3"),
    ("plain", "row-1", "row-1"),
    ("inner-equals", "a=b", "a=b"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("value", "written"), [c[1:] for c in CELLS], ids=[c[0] for c in CELLS])
def test_safe_text(value, written):
    assert safe_text(value) == written


def test_csv_output_is_safe_in_a_spreadsheet_and_reads_back_row_for_row():
    """Formulas in case_id and kept text columns are defused; numbers (negative ones too) are not
    touched; a bare CR or LF inside a value is quoted, so the file reads back with the same rows."""
    frame = pd.DataFrame(
        {"case_id": ["=1+1", "a\rb", "c\nd", "@x"], "note": ["-2+3+cmd|' /C calc'!A0", "\rCR", "ok", "+1"],
         "days_under_21": pd.array([-116, 5, None, 0], dtype="Int64"), "margin": [-1.5, 0.0, 2.25, float("nan")],
         "visa_available": [date(2024, 6, 1), None, date(2024, 7, 1), None]}
    )
    text = to_csv_text(frame)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        ["case_id", "note", "days_under_21", "margin", "visa_available"],
        ["'=1+1", "'-2+3+cmd|' /C calc'!A0", "-116", "-1.5", "2024-06-01"],
        ["a\rb", "'\rCR", "5", "0.0", ""],
        ["c\nd", "ok", "", "2.25", "2024-07-01"],
        ["'@x", "+1", "0", "", ""],
    ]
    assert '"a\rb"' in text and '"\'\rCR"' in text  # quoted, on every Python version
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert len(back) == 4 and list(back["case_id"]) == ["'=1+1", "a\rb", "c\nd", "'@x"]


def test_batch_results_written_as_csv_are_safe(tmp_path):
    cases = pd.DataFrame({"case_id": ["=cmd|' /C calc'!A0", "-1"], "category": ["F2A", "F2A"],
                          "birth_date": ["2002-01-05", "2003-04-10"], "petition_filed": ["2021-03-01", "2020-02-03"],
                          "petition_approved": ["2021-09-01", "2021-08-16"],
                          "bulletin_current": ["2023-11-01", "2024-06-01"], "note": ["@evil", "\tx"]})
    path = tmp_path / "out.csv"
    write_results(evaluate_frame(cases), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcase_id,")  # a BOM: spreadsheets read the accents right
    out = read_cases(path)
    assert list(out["case_id"]) == ["'=cmd|' /C calc'!A0", "-1"]
    assert list(out["note"]) == ["'@evil", "'\tx"]
    assert list(out["days_under_21"]) == ["-116", "508"]  # numbers untouched


def test_xlsx_round_trip_keeps_dates_as_dates_and_text_as_text(tmp_path):
    pytest.importorskip("openpyxl")
    cases = read_cases_text(
        "case_id,category,birth_date,petition_filed,petition_approved,bulletin_current,note\n"
        "=1+1,F2A,2003-04-10,2020-02-03,2021-08-16,2024-06-01,@SUM(A1)\n"
        "bad,F2A,9999-01-01,2020-02-03,2021-08-16,2024-06-01,\n", tmp_path)
    results = evaluate_frame(cases)
    path = tmp_path / "out.xlsx"
    write_results(results, path)
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    cells = {cell.value: cell for cell in sheet[2]}
    assert cells["=1+1"].data_type == "s" and cells["@SUM(A1)"].data_type == "s"  # text, not formulas
    back = read_cases(path)
    assert list(back.columns) == list(results.columns)
    assert back.loc[0, "case_id"] == "=1+1" and back.loc[0, "note"] == "@SUM(A1)"
    assert pd.Timestamp(back.loc[0, "birth_date"]).date() == date(2003, 4, 10)  # a date cell
    assert pd.Timestamp(back.loc[0, "age_out_date"]).date() == date(2025, 10, 21)
    assert back.loc[1, "birth_date"] == "9999-01-01"  # a bad value stays exactly as it came, as text
    again = evaluate_frame(back[list(cases.columns)])
    for column in ("outcome", "cspa_age_total_days", "age_out_date", "error"):
        assert again[column].astype(str).tolist() == results[column].astype(str).tolist(), column


def test_parquet_round_trip_keeps_types(tmp_path):
    pytest.importorskip("pyarrow")
    cases = read_cases_text(
        "case_id,category,birth_date,petition_filed,petition_approved,bulletin_current\n"
        "a,F2A,2003-04-10,2020-02-03,2021-08-16,2024-06-01\n"
        "b,IR,2003-05-10,2023-11-01,,\n", tmp_path)
    results = evaluate_frame(cases)
    path = tmp_path / "out.parquet"
    write_results(results, path)
    back = read_cases(path)
    assert list(back.columns) == list(results.columns) and len(back) == 2
    assert back.loc[0, "birth_date"] == date(2003, 4, 10) and back.loc[0, "age_out_date"] == date(2025, 10, 21)
    assert pd.isna(back.loc[1, "petition_approved"])
    assert str(back["days_under_21"].dtype) == "Int64" and back.loc[0, "days_under_21"] == 508
    assert str(back["under_21"].dtype) == "boolean"
    again = evaluate_frame(back[list(cases.columns)])
    for column in ("outcome", "cspa_age_total_days", "age_out_date", "flags", "error"):
        assert again[column].astype(str).tolist() == results[column].astype(str).tolist(), column


def test_parquet_with_a_bad_date_keeps_the_column_as_text(tmp_path):
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"birth_date": ["2003-04-10", "2003-02-30", ""], "n": [1, 2, 3]})
    write_results(frame, tmp_path / "x.parquet")
    back = read_cases(tmp_path / "x.parquet")
    assert back["birth_date"].tolist() == ["2003-04-10", "2003-02-30", ""]  # as it came: text


def read_cases_text(text, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(text, encoding="utf-8")
    return read_cases(path)


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("old\n")

    def half_then_fail(handle):
        handle.write(b"new, half written")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, half_then_fail)
    assert path.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]  # no temporary file left


def test_write_results_replaces_the_file_whole_with_ordinary_permissions(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("old\n")
    write_results(pd.DataFrame({"a": [1]}), path)
    assert path.read_bytes() == b"\xef\xbb\xbfa\r\n1\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/out.csv", r"cannot write .*out\.csv: the folder .*missing does not exist"),
     ("folder", r"cannot write .*folder: it is a folder"),
     ("out.ods", r"\.ods files are not supported")],
    ids=["missing-folder", "folder", "ods"],
)
def test_write_results_refuses_paths_it_cannot_write(tmp_path, name, message):
    (tmp_path / "folder").mkdir()
    with pytest.raises(TableError, match=message):
        write_results(pd.DataFrame({"a": [1]}), tmp_path / name)


def test_results_to_standard_output_are_csv_text_without_a_bom():
    text = write_results(pd.DataFrame({"case_id": ["=x"], "n": [-1]}))
    assert text == "case_id,n\r\n'=x,-1\r\n"
