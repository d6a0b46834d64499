"""Cases in, results out: CSV, Excel (.xlsx) and Parquet files, chosen by the file's extension.

A thin layer at the edge of the library (pandas, the csv module, and the optional `formats`
extra: openpyxl and pyarrow). What it guarantees, and why (issue 11):

* reading: a CSV must be UTF-8 (a byte-order mark is fine) with `,` or `;` between fields (the
  separator is read off the header line: Excel in Spanish locales writes `;`); anything else is a
  `TableError` naming the file, the line and the fix, never a traceback or a half-read file.
  Every value reaches the validators as the text written in the file.
* writing: CSV cells that a spreadsheet would run as a formula (text beginning with `=`, `+`,
  `-`, `@`, a tab or a carriage return) get a leading `'`; numbers are left alone; fields holding
  a line break are quoted. Excel text cells are written as text, never as formulas. Every file is
  written atomically: a temporary file in the same folder, flushed to disk, then renamed over the
  target, so a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from .case import DATE_FIELDS
from .dates import parse_date
from .errors import CspaError

CSV_FIX = "save it as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8 (Comma delimited))"
FORMATS_EXTRA = "pip install 'cspa[formats]'"
# Text a spreadsheet would evaluate (OWASP's list): prefixed with ' in CSV output.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)
# ... unless it is a plain number, which a spreadsheet reads as that number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Characters an .xlsx file cannot hold (XML 1.0 forbids them): written as U+FFFD.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet height, less the header row
_RESULT_DATES = ("visa_available", "twenty_first_birthday", "age_out_date", "sought_to_acquire_deadline")
DATE_COLUMNS = frozenset(DATE_FIELDS) | frozenset(_RESULT_DATES)


class TableError(CspaError):
    """A cases or results file cannot be read or written; the message names the file and the fix."""


# --- the kind of file ------------------------------------------------------------------------


def file_kind(path: str | Path) -> str:
    """`csv`, `xlsx` or `parquet`, from the extension (anything else is read and written as CSV
    text); spreadsheet formats cspa cannot read are refused with the fix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".parquet":
        return "parquet"
    if suffix in {".xls", ".xlsm", ".xlsb", ".ods", ".numbers"}:
        raise TableError(f"{path}: {suffix} files are not supported; save it as .xlsx or as 'CSV UTF-8'")
    return "csv"


# --- reading ---------------------------------------------------------------------------------


def read_cases(path: str | Path) -> pd.DataFrame:
    """Read a cases file (CSV, .xlsx or .parquet by extension) into a DataFrame of the batch
    columns. CSV values stay text, exactly as written; rows whose every cell is empty are skipped;
    header names are trimmed and must be unique."""
    path = Path(path)
    kind = file_kind(path)
    if not path.exists():
        raise TableError(f"{path}: no such file")
    if path.is_dir():
        raise TableError(f"{path} is a folder, not a cases file")
    if kind == "xlsx":
        frame = _read_xlsx(path)
    elif kind == "parquet":
        frame = _read_parquet(path)
    else:
        frame = parse_csv(path.read_bytes(), str(path))
    return frame


def parse_csv(data: bytes, name: str = "<input>") -> pd.DataFrame:
    """Parse CSV bytes (`name` is used in messages): UTF-8 with or without a BOM, any line ending,
    `,` `;` or tab between fields (whichever the header line uses)."""
    text = _decode(data, name)
    if not text.strip():
        raise TableError(f"{name} is empty: expected a header line with the batch columns (category, birth_date, ...)")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    start = 1  # the line the current record begins on
    try:
        for record in reader:
            end = reader.line_num
            if all(not field.strip() for field in record):  # a blank line, or a row of empty cells
                start = end + 1
                continue
            if header is None:
                header = _header(record, name)
            else:
                rows.append(_fit(record, len(header), name, start, end, delimiter))
            start = end + 1
    except csv.Error as exc:
        raise TableError(_csv_problem(name, start, reader.line_num, str(exc))) from None
    if header is None:  # pragma: no cover - text.strip() was not empty, so some record was not blank
        raise TableError(f"{name} has no header line")
    return pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(columns=header, dtype=str)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise TableError(f"{name} is a zip file (an Excel workbook?), not CSV text: name it .xlsx, or {CSV_FIX}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise TableError(f"{name} is UTF-16 text (Excel's 'Unicode Text'), not UTF-8: {CSV_FIX}")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise TableError(f"{name} line {line}: a NUL byte, which no CSV text holds (a binary file?): {CSV_FIX}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TableError(
            f"{name} line {line}: byte 0x{data[exc.start]:02x} is not UTF-8 (the file is probably Latin-1 or "
            f"Windows-1252, which Excel's plain 'CSV' writes): {CSV_FIX}"
        ) from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL after (or before) every character."""
    sample = data[:400]
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4)


def sniff_delimiter(text: str) -> str:
    """`;` or tab when the header line has more of them (outside quotes) than commas, else `,`."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys((",", ";", "\t"), 0)
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])  # ties keep the first: ","
    return best if counts[best] else ","


def _header(record: list[str], name: str) -> list[str]:
    header = [field.strip() or f"column_{i}" for i, field in enumerate(record, start=1)]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise TableError(f"{name}: the column '{column}' appears twice in the header line")
        seen.add(column)
    return header


def _fit(record: list[str], width: int, name: str, start: int, end: int, delimiter: str) -> list[str]:
    """The record, if it has the header's number of fields (extra empty fields at the end, as
    some spreadsheets write, are dropped); otherwise an error naming the line."""
    if len(record) > width and not any(field.strip() for field in record[width:]):
        return record[:width]
    if len(record) == width:
        return record
    where = f"line {start}" if start == end else f"lines {start}-{end}"
    hint = " (a quote opened here may be missing its closing quote)" if start != end else ""
    sep = {",": "','", ";": "';'", "\t": "tab"}[delimiter]
    raise TableError(
        f"{name} {where}: {len(record)} fields where the header has {width} (separator {sep}){hint}; "
        "every row needs one cell per column (quote a value that contains the separator)"
    )


def _csv_problem(name: str, start: int, end: int, problem: str) -> str:
    if "unexpected end of data" in problem:
        return f"{name} line {start}: a quoted value that begins on this line is never closed (a missing '\"')"
    where = f"line {start}" if start >= end else f"lines {start}-{end}"
    if "field larger than field limit" in problem:
        return f"{name} {where}: a value longer than {csv.field_size_limit():,} characters (a missing '\"'?)"
    hint = f" (a quote opened on line {start} may be missing its closing quote)" if start < end else ""
    return f"{name} {where}: malformed CSV ({problem}){hint}; a '\"' inside a quoted value must be doubled ('\"\"')"


def _read_xlsx(path: Path) -> pd.DataFrame:
    _require("openpyxl", "read", path)
    try:
        raw = pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # a damaged or mislabelled workbook: name it, whatever the library raised
        raise TableError(f"{path} is not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    if len(raw):
        raw = raw[[not all(_blank_cell(v) for v in row) for row in raw.itertuples(index=False)]]
    if raw.empty:
        raise TableError(f"{path} is empty: expected a header row with the batch columns (category, birth_date, ...)")
    header = _header(["" if _blank_cell(v) else str(v) for v in raw.iloc[0]], str(path))
    frame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = header
    return frame


def _read_parquet(path: Path) -> pd.DataFrame:
    _require("pyarrow", "read", path)
    try:
        frame = pd.read_parquet(path, engine="pyarrow")
    except Exception as exc:  # a damaged or mislabelled file: name it, whatever the library raised
        raise TableError(f"{path} is not a readable Parquet file ({type(exc).__name__}: {exc})") from None
    frame.columns = _header([str(c) for c in frame.columns], str(path))
    return frame.reset_index(drop=True)


def _blank_cell(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return isinstance(value, str) and not value.strip()


def _require(module: str, verb: str, path: Path) -> None:
    try:
        __import__(module)
    except ImportError:
        raise TableError(f"to {verb} {path.suffix} files cspa needs {module}: {FORMATS_EXTRA}") from None


# --- writing ---------------------------------------------------------------------------------


def write_results(df: pd.DataFrame, path: str | Path | None = None) -> str | None:
    """Write a results (or any) frame by extension: .xlsx, .parquet, else CSV (UTF-8 with a BOM,
    so spreadsheets read accents right). With `path=None`, return the CSV text (no BOM)."""
    if path is None:
        return to_csv_text(df)
    path = Path(path)
    kind = file_kind(path)
    if kind == "xlsx":
        _require("openpyxl", "write", path)
        if len(df) > XLSX_MAX_ROWS:
            raise TableError(f"{path}: {len(df):,} rows do not fit in an Excel sheet; write .parquet or .csv")
        atomic_write(path, lambda fh: _write_xlsx(df, fh))
    elif kind == "parquet":
        _require("pyarrow", "write", path)
        atomic_write(path, lambda fh: _arrow_frame(df).to_parquet(fh, engine="pyarrow", index=False))
    else:
        text = to_csv_text(df)
        atomic_write(path, lambda fh: fh.write(text.encode("utf-8-sig")))
    return None


def check_writable(path: str | Path) -> None:
    """Fail early, before any work, when `path` cannot be written: its folder is missing, it is
    a folder, or its extension names a format cspa does not write."""
    path = Path(path)
    file_kind(path)
    if not path.parent.is_dir():
        raise TableError(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise TableError(f"cannot write {path}: it is a folder")


def atomic_write(path: str | Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write `path` through a temporary file in the same folder (flushed and fsynced), then
    `os.replace` it over the target: readers see the old file or the new one, never a part."""
    path = Path(path)
    check_writable(path)
    folder = path.parent
    temp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for open()
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def safe_text(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading `'` before anything it would run as a
    formula. Plain numbers (-116, +1.5) are left alone: a spreadsheet reads them as numbers."""
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv_text(df: pd.DataFrame) -> str:
    """The frame as CSV text: dates as YYYY-MM-DD, blanks empty, text cells made safe, CRLF
    line ends (so a field holding a CR or LF is always quoted, on every Python)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_text(str(c)) for c in df.columns])
    columns = [_csv_cells(df.iloc[:, i]) for i in range(df.shape[1])]
    writer.writerows(zip(*columns, strict=True) if columns else [[] for _ in range(len(df))])
    return buffer.getvalue()


def _csv_cells(column: pd.Series) -> Iterable[str]:
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        return ["" if pd.isna(v) else str(v) for v in column.to_numpy(dtype=object)]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return ["" if pd.isna(v) else v.strftime("%Y-%m-%d") for v in column]
    values = column.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return [_csv_cell(v) for v in values]
    out = values.copy()  # all text: only the cells that start like a formula need a look
    out[pd.isna(values)] = ""
    for i in np.flatnonzero(np.fromiter((v[:1] in _FORMULA_FIRST for v in out), dtype=bool, count=len(out))):
        out[i] = safe_text(out[i])
    return out


def _csv_cell(value: Any) -> str:
    if _missing(value):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bool, int, float)) or type(value).__module__ == "numpy":
        return str(value)  # a number (or numpy scalar) in a text column: not a formula
    return safe_text(str(value))


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _as_date(value: Any, column: str) -> Any:
    """A date column's cell as a `date` when it is one (text YYYY-MM-DD included), else as is:
    a bad value stays exactly as it arrived, next to its error."""
    if isinstance(value, (date, str)) and not _missing(value):
        try:
            return parse_date(value, column)  # None for a blank
        except CspaError:
            return value
    return value


def _xlsx_cells(column: pd.Series, name: str) -> list[Any]:
    values = column.to_numpy(dtype=object)
    out: list[Any] = []
    for value in values:
        if _missing(value):
            out.append(None)
            continue
        if name in DATE_COLUMNS:
            value = _as_date(value, name)
        if isinstance(value, datetime) and value == datetime.combine(value.date(), datetime.min.time()):
            value = value.date()  # a midnight timestamp is a date
        if hasattr(value, "item") and type(value).__module__ == "numpy":
            value = value.item()
        if isinstance(value, float) and math.isinf(value):
            value = str(value)
        if not isinstance(value, (bool, int, float, date)):
            value = _XML_ILLEGAL.sub("\ufffd", str(value))
        out.append(value)
    return out


def _write_xlsx(df: pd.DataFrame, handle: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            written = WriteOnlyCell(sheet, value=value)
            written.data_type = "s"  # text stays text: "=1+1" is not a formula
            return written
        if isinstance(value, date):
            written = WriteOnlyCell(sheet, value=value)
            written.number_format = "yyyy-mm-dd"
            return written
        return value

    sheet.append([cell(_XML_ILLEGAL.sub("\ufffd", str(c))) for c in df.columns])
    columns = [_xlsx_cells(df.iloc[:, i], str(df.columns[i])) for i in range(df.shape[1])]
    for row in zip(*columns, strict=True):
        sheet.append([cell(v) for v in row])
    book.save(handle)


def _plain_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _arrow_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column of one type, as Parquet needs: a date column whose cells all
    read as dates becomes dates; any other column of mixed types becomes text."""
    if not df.columns.is_unique:
        repeated = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        raise TableError(f"a Parquet file cannot hold two columns with one name: {', '.join(repeated)}")
    out = {}
    for i in range(df.shape[1]):
        name = str(df.columns[i])
        column = df.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            values = [None if _missing(v) else v for v in column.to_numpy(dtype=object)]
            if name in DATE_COLUMNS:
                dated = [_as_date(v, name) for v in values]
                if all(v is None or (isinstance(v, date) and not isinstance(v, datetime)) for v in dated):
                    values = dated
            kinds = {type(v) for v in values if v is not None}
            if len(kinds) > 1 or (kinds and not kinds <= {str, date, bool, int, float}):
                values = [None if v is None else _plain_text(v) for v in values]
            out[name] = pd.Series(values, index=column.index, dtype=object)
        else:
            out[name] = column
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)
