"""Parse one official Visa Bulletin page (travel.state.gov HTML) into rows.

Standard library only. The page layout drifted over 25 years (see PROVENANCE.md): row labels
(`1st`/`F1`, a dozen EB-5 wordings), column headers (`CHINA-mainland born`, `CH`, `PHILLIPINES`),
the block label sitting in the second row in 2001-2004, and DV ranks printed as text lines rather
than a table in 2002-2004. Everything that knows about that drift lives here, as small tables.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from cspa_lib.errors import BulletinDataError

# Bulletin category codes in file order (the engine's schema; PROVENANCE.md lists the labels).
CATEGORY_ORDER: tuple[str, ...] = (
    "F1", "F2A", "F2B", "F3", "F4",
    "EB1", "EB2", "EB3", "EW", "EB4", "SR", "IAT",
    "EB5", "EB5_TEA", "EB5_PILOT", "EB5_NRC", "EB5_RC", "EB5_UNRESERVED", "EB5_UNRESERVED_RC",
    "EB5_RURAL", "EB5_HIGH_UNEMPLOYMENT", "EB5_INFRASTRUCTURE",
)  # fmt: skip
FAMILY_CATEGORIES = frozenset(CATEGORY_ORDER[:5])
# The same codes in the same order as the runtime's cspa_lib.codes.CHARGEABILITIES (tested).
CHARGEABILITY_ORDER: tuple[str, ...] = (
    "ALL", "CHINA", "INDIA", "MEXICO", "PHILIPPINES", "EL_SALVADOR_GUATEMALA_HONDURAS", "VIETNAM",
    "DOMINICAN_REPUBLIC",
)  # fmt: skip
DV_REGION_ORDER: tuple[str, ...] = (
    "AFRICA", "ASIA", "EUROPE", "NORTH_AMERICA", "OCEANIA", "SOUTH_AMERICA_CARIBBEAN",
)  # fmt: skip
# The general investor row: the runtime resolves a plain "EB5" to the first present of these.
EB5_GENERAL = ("EB5", "EB5_NRC", "EB5_UNRESERVED")
# Dates for Filing charts start with the October 2015 bulletin (80 Fed. Reg. 55873-era redesign).
DFF_START = date(2015, 10, 1)

_MONTHS = {
    name: i + 1
    for i, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"]
    )
}  # fmt: skip
_MON3 = {name[:3].upper(): number for name, number in _MONTHS.items()}


class PageError(BulletinDataError):
    """A bulletin page could not be read; the message names the page and what was wrong."""


@dataclass(frozen=True)
class ChartCell:
    """One printed cut-off: which chart, row and column it came from, and its value."""

    chart: str  # FAD | DFF
    block: str  # family | employment
    category: str
    chargeability: str
    cutoff: str  # YYYY-MM-DD, C or U
    label: str  # the row label as printed (whitespace collapsed)
    header: str  # the column header as printed (whitespace collapsed)


@dataclass(frozen=True)
class DvCell:
    """One DV rank cut-off: a region's rank, or a country exception within it."""

    region: str
    country: str  # ALL or an upper snake case country name
    cutoff: str  # integer rank without separators, C (CURRENT) or U (UNAVAILABLE)


@dataclass(frozen=True)
class Note:
    """Something printed that produced no row: a blank or unparseable cell, an unmapped row."""

    kind: str  # blank | unparseable | skipped_row | skipped_column
    where: str  # chart/block/label/header, or DV region/country
    text: str
    chart: str = ""
    category: str = ""  # the row's code, when it has one
    chargeability: str = ""  # the column's code, when it has one


@dataclass
class ParsedPage:
    """Everything read from one bulletin page."""

    bulletin_month: date
    cells: list[ChartCell] = field(default_factory=list)
    dv: list[DvCell] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # (block, chart) pairs found on the page, e.g. ("family", "FAD")
    charts: list[tuple[str, str]] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# HTML to tables and text lines


@dataclass
class _Table:
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class _OpenTable:
    table: _Table
    row: list[str] | None = None
    cell: list[str] | None = None


class _PageReader(HTMLParser):
    """Collect every table (nested ones too) as rows of cell texts, plus the page as text lines.

    In `lines`, each table row is one line (cells joined by " | ") and the text outside tables
    is split at block tags and <br>; the DV reader works on these lines in document order.
    """

    _LINE_BREAKS = frozenset({"p", "div", "table", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tbody"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self.lines: list[str] = []
        self.title = ""
        self._open: list[_OpenTable] = []
        self._line: list[str] = []
        self._in_title = False

    def _in_cell(self) -> bool:
        return bool(self._open) and self._open[-1].cell is not None

    def _close_cell(self) -> None:
        top = self._open[-1]
        if top.cell is not None:
            if top.row is None:
                top.row = []
                top.table.rows.append(top.row)
            top.row.append(" ".join(top.cell))
            top.cell = None

    def _close_row(self) -> None:
        self._close_cell()
        top = self._open[-1]
        if top.row is not None:
            self._break_line()
            text = _clean(" | ".join(top.row))
            if text.strip("| "):
                self.lines.append(text)
            top.row = None

    def _break_line(self) -> None:
        text = _clean("".join(self._line))
        if text:
            self.lines.append(text)
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self._LINE_BREAKS and not self._in_cell():
            self._break_line()
        if tag == "table":
            table = _Table()
            self.tables.append(table)
            self._open.append(_OpenTable(table))
        elif tag == "tr" and self._open:
            self._close_row()
            top = self._open[-1]
            top.row = []
            top.table.rows.append(top.row)
        elif tag in ("td", "th") and self._open:
            self._close_cell()
            top = self._open[-1]
            if top.row is None:
                top.row = []
                top.table.rows.append(top.row)
            top.cell = []
        elif tag == "br":
            # Inside a cell a <br> only wraps text ("SOUTH AMERICA,<br>and the CARIBBEAN");
            # outside tables it separates the 2002-2004 DV text lines.
            if self._in_cell():
                self._open[-1].cell.append("\n")  # type: ignore[union-attr]
            else:
                self._break_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in ("td", "th") and self._open:
            self._close_cell()
        elif tag == "tr" and self._open:
            self._close_row()
        elif tag == "table" and self._open:
            self._close_row()
            self._open.pop()
        if tag in self._LINE_BREAKS and not self._in_cell():
            self._break_line()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_cell():
            self._open[-1].cell.append(data)  # type: ignore[union-attr]
        else:
            self._line.append(data)


def _clean(text: str) -> str:
    """Collapse all whitespace (including no-break spaces and <br>) to single spaces."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _key(text: str) -> str:
    """A label reduced to lower-case letters and digits, for matching printed variants."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --------------------------------------------------------------------------------------------
# Labels and headers


def map_row_label(label: str, block: str) -> str | None:
    """Map a printed row label to a category code; None for a row we deliberately skip.

    Raises PageError for a label that fits no known wording, so new drift fails loudly.
    """
    k = _key(label.replace("*", ""))
    if block == "family":
        family = {
            "1st": "F1", "f1": "F1", "2a": "F2A", "f2a": "F2A", "2b": "F2B", "f2b": "F2B",
            "3rd": "F3", "f3": "F3", "4th": "F4", "4rd": "F4", "f4": "F4",
        }  # fmt: skip
        if k in family:
            return family[k]
        raise PageError(f"unknown family row label {label!r}")
    simple = {
        "1st": "EB1", "2nd": "EB2", "3rd": "EB3", "otherworkers": "EW", "otherworker": "EW",
        "4th": "EB4", "certainreligiousworkers": "SR", "certainreligiuosworkers": "SR",
        "5th": "EB5",
    }  # fmt: skip
    if k in simple:
        return simple[k]
    if "translator" in k:
        return "IAT"  # Iraqi & Afghan translators (Pub. L. 109-163 sec. 1059), 2006-12..2007-07
    if k == "scheduleaworkers":
        return None  # 2006 recaptured Schedule A numbers: no category code (PROVENANCE.md)
    if k.startswith("5th") and "targeted" in k:
        # 2011-05..2015-08 FAD and 2015-10 DFF: the single row for the whole fifth preference
        return "EB5"
    if k.startswith("targeted"):
        return "EB5_TEA"
    if "pilotprog" in k:  # includes the misspelt "5th Pilot Progams" (2009-04)
        return "EB5_PILOT"
    if "nonregionalcenter" in k:
        return "EB5_NRC"
    if k.startswith("5th") and "unreserved" in k:
        if "c5" in k:
            return "EB5_UNRESERVED"
        if "i5" in k:
            return "EB5_UNRESERVED_RC"  # May 2022 only: "5th Unreserved (I5 and R5)"
    if k.startswith("5th") and "regionalcenter" in k:
        return "EB5_RC"
    if k.startswith("5thsetaside"):
        if "rural" in k:
            return "EB5_RURAL"
        if "highunemployment" in k:
            return "EB5_HIGH_UNEMPLOYMENT"
        if "infrastructure" in k:
            return "EB5_INFRASTRUCTURE"
    raise PageError(f"unknown employment row label {label!r}")


def map_header(header: str) -> str | None:
    """Map a printed column header to a chargeability code; None for a column we skip.

    Raises PageError for a header that fits no known wording.
    """
    k = _key(header)
    if k.startswith("allcharg"):  # includes "All Chargability Area..." (2005-05)
        return "ALL"
    if k == "dominicanrepublic":
        return "DOMINICAN_REPUBLIC"  # FAD 2010-06..2010-09 and 2010-12..2011-03 only
    if k.startswith("china") or k == "ch":
        return "CHINA"
    if k in ("india", "in"):
        return "INDIA"
    if k in ("mexico", "me"):
        return "MEXICO"
    if k.startswith("phil") or k == "ph":  # PHILLIPINES, PHILIP-PINES, PHILIPP-INES
        return "PHILIPPINES"
    if "elsalvador" in k:
        return "EL_SALVADOR_GUATEMALA_HONDURAS"
    if k == "vietnam":
        return "VIETNAM"
    raise PageError(f"unknown column header {header!r}")


def parse_cutoff(text: str) -> str | None:
    """A printed cell as YYYY-MM-DD, C or U; None when blank. Raises ValueError if unreadable."""
    s = _clean(text).upper().replace("*", "").replace(" ", "")
    if not s:
        return None
    if s in ("C", "CURRENT"):
        return "C"
    if s in ("U", "UNAVAILABLE", "UNAUTHORIZED"):
        return "U"
    m = re.fullmatch(r"(\d{1,2})([A-Z]{3})(\d{2})", s)
    if not m or m.group(2) not in _MON3:
        raise ValueError(f"not a cut-off: {text!r}")
    yy = int(m.group(3))
    year = 1900 + yy if yy >= 50 else 2000 + yy  # printed dates run from the 1970s on
    return date(year, _MON3[m.group(2)], int(m.group(1))).isoformat()


# --------------------------------------------------------------------------------------------
# Charts

_BLOCK_LABELS = {"", "family", "familysponsored", "employmentbased", "employment"}


def _classify(rows: list[list[str]]) -> tuple[str, int] | None:
    """(block, header row index) for a cut-off chart, or None for any other table."""
    for i, row in enumerate(rows):
        if any(_key(c).startswith("allcharg") for c in row[1:]):
            labels = {_key(r[0].replace("*", "")) for r in rows[i + 1 :] if r}
            if labels & {"2a", "f2a", "2b", "f2b", "f1"}:
                return "family", i
            if labels & {"2nd", "otherworkers", "otherworker"}:
                return "employment", i
            raise PageError(f"chart with header {row!r} is neither family nor employment")
    return None


def _read_chart(rows: list[list[str]], header_at: int, block: str, chart: str, page: ParsedPage) -> None:
    header_cells = [_clean(c) for c in rows[header_at][1:]]
    while header_cells and not header_cells[-1]:
        header_cells.pop()
    codes = [map_header(h) for h in header_cells]
    kept = [c for c in codes if c is not None]
    if len(set(kept)) != len(kept):
        raise PageError(f"{block} {chart} chart repeats a column: {header_cells!r}")
    for raw_row in rows[header_at + 1 :]:
        if not raw_row:
            continue
        label = _clean(raw_row[0])
        values = [_clean(v) for v in raw_row[1:]]
        if _key(label) in _BLOCK_LABELS:
            # the 2001-2004 "Family"/"Employment-Based" second row (filled with C in 2003-04)
            if any(values):
                page.notes.append(Note("skipped_row", f"{chart} {block} {label!r}", " | ".join(values), chart))
            continue
        category = map_row_label(label, block)
        if category is None:
            page.notes.append(Note("skipped_row", f"{chart} {block} {label!r}", " | ".join(values), chart))
            continue
        extra = values[len(codes) :]
        if any(extra):
            raise PageError(f"{block} {chart} row {label!r} has more cells than headers")
        if len(values) < len(codes):
            raise PageError(f"{block} {chart} row {label!r} has {len(values)} cells for {len(codes)} columns")
        for code, header, raw in zip(codes, header_cells, values[: len(codes)], strict=True):
            where = f"{chart} {block} {label!r} / {header!r}"
            if code is None:
                page.notes.append(Note("skipped_column", where, raw, chart, category))
                continue
            try:
                cutoff = parse_cutoff(raw)
            except ValueError:
                page.notes.append(Note("unparseable", where, raw, chart, category, code))
                continue
            if cutoff is None:
                page.notes.append(Note("blank", where, raw, chart, category, code))
                continue
            page.cells.append(ChartCell(chart, block, category, code, cutoff, label, header))


# --------------------------------------------------------------------------------------------
# Diversity visa ranks

_REGIONS = (
    ("AFRICA", r"AFRICA"),
    ("ASIA", r"ASIA"),
    ("EUROPE", r"EUROPE"),
    ("NORTH_AMERICA", r"NORTH\s+AMERICA(?:\s*\(\s*BAHAMAS\s*\))?"),
    ("OCEANIA", r"OCEANIA"),
    ("SOUTH_AMERICA_CARIBBEAN", r"SOUTH\s+AMERICA\s*,?\s*(?:AND\s+)?(?:THE\s+)?CARIBBEAN"),
)
_RANK = r"(\d{1,3}(?:,\d{3})+|\d+|CURRENT|UNAVAILABLE)"
_REGION_LINE = re.compile(
    r"^(?:\|\s*)*(?P<region>" + "|".join(f"(?:{p})" for _, p in _REGIONS) + r")"
    r"\s*:?\s*(?:\|\s*)?(?:(?:AF|AS|EUR?|NA|OC|S\s?A)\s*(?:\|\s*)?)?"
    + _RANK.replace("(", "(?P<rank>", 1)
    + r"\s*,?\s*(?P<rest>(?:\|.*)?|EXCEPT.*)$",
    re.IGNORECASE,
)
# 2001-2002 pages print all regions in one table cell: split before each upper-case region name.
_REGION_SPLIT = re.compile(r"(?=\b(?:AFRICA|ASIA|EUROPE|NORTH\s+AMERICA|OCEANIA|SOUTH\s+AMERICA)\b)")
_EXCEPTION = re.compile(
    r"([A-Za-z][A-Za-z .'()\-]*?)\s*:?\s*(\d{1,3}(?:,\d{3})+|\d+|CURRENT|UNAVAILABLE)\b",
    re.IGNORECASE,
)


def _region_code(name: str) -> str:
    for code, pattern in _REGIONS:
        if re.fullmatch(pattern, name.strip(), re.IGNORECASE):
            return code
    raise PageError(f"unknown DV region {name!r}")  # unreachable: the line regex matched it


def dv_rank(text: str) -> str:
    """A printed DV rank as stored: '8,000' -> '8000', CURRENT -> C, UNAVAILABLE -> U."""
    word = text.strip().upper()
    if word == "CURRENT":
        return "C"
    if word == "UNAVAILABLE":
        return "U"  # printed for Uzbekistan in 2011-08 and 2011-09: no number may be issued
    return word.replace(",", "")


def parse_exceptions(text: str) -> tuple[list[tuple[str, str]], str]:
    """Country exceptions from 'Except: Egypt: 8,000 Ethiopia 7,900' -> pairs, leftover text."""
    body = re.sub(r"^\s*except\s*:?", "", _clean(text.replace("|", " ")), flags=re.IGNORECASE)
    pairs = []
    for name, value in _EXCEPTION.findall(body):
        name = re.sub(r"\s+(?:AF|AS|EUR?|NA|OC|SA)$", "", name.strip())  # "Ethiopia AF 43,500"
        country = re.sub(r"[^A-Z]+", "_", name.upper()).strip("_")
        pairs.append((country, value.upper()))
    leftover = _EXCEPTION.sub("", body).replace(";", "").replace(",", "").strip()
    return pairs, leftover


def _exception_like(line: str) -> bool:
    s = line.replace("|", " ").strip()
    if not s:
        return True
    if re.fullmatch(r"except\s*:?", s, re.IGNORECASE):
        return True
    pairs, leftover = parse_exceptions(s)
    return bool(pairs) and not leftover


def _read_dv(lines: list[str], page: ParsedPage) -> None:
    """The first block of region lines on the page: this month's DV rank cut-offs.

    Later blocks are the advance notice for the next month and are not read.
    """
    current: list[tuple[str, str, list[str]]] = []
    split_lines = [
        re.sub(r"(\d),\s+(\d{3})\b", r"\1,\2", part)  # "18, 500" (2008-02)
        for line in lines
        for part in _REGION_SPLIT.split(line)
    ]
    for line in split_lines:
        m = _REGION_LINE.match(line)
        if m:
            region = _region_code(m.group("region"))
            if any(r == region for r, _, _ in current):
                break  # a second table starts
            current.append((region, m.group("rank"), [m.group("rest")]))
            continue
        if current:
            stripped = line.replace("|", " ").strip()
            if not stripped:
                continue
            # a line continues the last region only as (part of) its "Except:" list
            starts = re.match(r"except\b", stripped, re.IGNORECASE) is not None
            open_list = any(re.search(r"except", part, re.IGNORECASE) for part in current[-1][2])
            if (starts or open_list) and _exception_like(line):
                current[-1][2].append(line)
                continue
            break
    for region, rank, rest in current:
        page.dv.append(DvCell(region, "ALL", dv_rank(rank)))
        pairs, leftover = parse_exceptions(" ".join(rest))
        if leftover:
            raise PageError(f"DV {region}: cannot read exceptions {' '.join(rest)!r}")
        for country, value in pairs:
            page.dv.append(DvCell(region, country, dv_rank(value)))


# --------------------------------------------------------------------------------------------
# Page


def bulletin_month_of(title: str, filename: str = "") -> date:
    """The month a page applies to, from its <title> ("Visa Bulletin For October 2015")."""
    for text in (title, filename.replace("-", " ")):
        m = re.search(r"visa\s+bulletin\s+for\s+([a-z]+)\s+(\d{4})", text, re.IGNORECASE)
        if m and m.group(1).lower() in _MONTHS:
            return date(int(m.group(2)), _MONTHS[m.group(1).lower()], 1)
    raise PageError(f"{filename or 'page'}: no 'Visa Bulletin for <Month> <Year>' title")


# A bulletin page is about 100 KB (300 KB with scripts); anything past this is not a bulletin page,
# and a small gzip file could otherwise expand to gigabytes.
MAX_PAGE_BYTES = 5 * 1024 * 1024


def decode_page(data: bytes, name: str = "page") -> str:
    """The HTML text of a page's bytes, gunzipped when compressed, at most MAX_PAGE_BYTES."""
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = fh.read(MAX_PAGE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise PageError(f"{name}: not a readable gzip file ({exc})") from None
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(
            f"{name}: larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB (uncompressed); not a bulletin page"
        )
    return data.decode("utf-8", errors="replace")


def read_page_text(path: Path) -> str:
    """The HTML of a saved page, gzip-compressed (.gz) or not, at most MAX_PAGE_BYTES."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_PAGE_BYTES + 1)
    return decode_page(data, path.name)


def parse_page(html: str, name: str = "page") -> ParsedPage:
    """Parse one bulletin page. `name` is used in error messages."""
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    reader._break_line()
    month = bulletin_month_of(reader.title, name)
    page = ParsedPage(month)
    seen: dict[str, int] = {"family": 0, "employment": 0}
    try:
        for table in reader.tables:
            rows = [[_clean(c) for c in row] for row in table.rows]
            found = _classify(rows)
            if found is None:
                continue
            block, header_at = found
            index = seen[block]
            seen[block] += 1
            if index > 1:
                raise PageError(f"more than two {block} charts")
            chart = "FAD" if index == 0 else "DFF"
            page.charts.append((block, chart))
            _read_chart(rows, header_at, block, chart, page)
        _read_dv(reader.lines, page)
    except PageError as exc:
        raise PageError(f"{name} ({month:%Y-%m}): {exc}") from None
    return page


def parse_file(path: Path | str) -> ParsedPage:
    """Parse a saved page (.html or .html.gz)."""
    path = Path(path)
    return parse_page(read_page_text(path), path.name)


def check_complete(page: ParsedPage, name: str = "page") -> None:
    """Raise PageError unless the page has every chart its month should print.

    Before October 2015: one family and one employment chart (Final Action). From October 2015:
    both blocks have Final Action Dates and Dates for Filing. Each chart must carry the ALL column
    for F1-F4 / EB1-EB4 and one general EB-5 row (EB5, EB5_NRC or EB5_UNRESERVED).
    """
    month = page.bulletin_month
    charts = ("FAD", "DFF") if month >= DFF_START else ("FAD",)
    where = f"{name} ({month:%Y-%m})"
    for block in ("family", "employment"):
        for chart in charts:
            if (block, chart) not in page.charts:
                raise PageError(f"{where}: incomplete charts, no {block} {chart} chart found")
            cats = {c.category for c in page.cells if c.block == block and c.chart == chart}
            needed = ("F1", "F2A", "F2B", "F3", "F4") if block == "family" else ("EB1", "EB2", "EB3", "EW", "EB4")
            missing = [c for c in needed if c not in cats]
            if missing:
                raise PageError(f"{where}: {block} {chart} chart lacks rows {', '.join(missing)}")
            if block == "employment":
                general = [c for c in EB5_GENERAL if c in cats]
                if len(general) != 1:
                    raise PageError(
                        f"{where}: employment {chart} chart has general EB-5 rows {general} "
                        f"(expected exactly one of {', '.join(EB5_GENERAL)})"
                    )
    if not page.dv:
        raise PageError(f"{where}: no DV rank cut-offs found")
    regions = {d.region for d in page.dv if d.country == "ALL"}
    missing_regions = [r for r in DV_REGION_ORDER if r not in regions]
    if missing_regions:
        raise PageError(f"{where}: the DV table lacks regions {', '.join(missing_regions)} (a truncated page?)")
