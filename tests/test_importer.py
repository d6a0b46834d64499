"""The bulletin importer: page parser, full build, `add`, and the shipped files' invariants.

Tests that need the shared sources locate them as ../shared next to the repository and skip with
a reason when they are absent; the rest run on the synthetic fixture pages and the bundled data.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from cspa_lib.errors import BulletinDataError
from cspa_lib.importer.add import (
    MonthBeforeDataError,
    MonthGapError,
    MonthPresentError,
    PartialPageError,
    add_page,
    markdown_text,
    validate_rows,
)
from cspa_lib.importer.cli import main
from cspa_lib.importer.html_parser import (
    CATEGORY_ORDER,
    CHARGEABILITY_ORDER,
    DV_REGION_ORDER,
    EB5_GENERAL,
    PageError,
    check_complete,
    dv_rank,
    map_header,
    map_row_label,
    parse_cutoff,
    parse_exceptions,
    parse_file,
    parse_page,
)
from cspa_lib.importer.tables import (
    BULLETIN_COLUMNS,
    DESIGNATION_COLUMNS,
    DV_COLUMNS,
    BulletinRow,
    DesignationRow,
    DvRow,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGE = FIXTURES / "visa-bulletin-for-august-2026.html"
INCOMPLETE_PAGE = FIXTURES / "visa-bulletin-for-august-2026-incomplete.html"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
HTML_DIR = SHARED / "data-sources" / "vyakunin-bulletin-html" / "html"
DATA_FILES = ("visa_bulletin.csv", "dv_rank_cutoffs.csv", "uscis_chart_designation.csv")

needs_shared = pytest.mark.skipif(
    not HTML_DIR.is_dir(),
    reason=f"shared data sources not found at {SHARED} (needed to parse real pages and rebuild)",
)


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def real_page(month: str) -> Path:
    matches = sorted(HTML_DIR.glob(f"{month}_*.html.gz"))
    assert matches, f"no saved page for {month} in {HTML_DIR}"
    return matches[0]


def cells_of(page) -> dict[tuple[str, str, str], str]:
    return {(c.chart, c.category, c.chargeability): c.cutoff for c in page.cells}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of the bundled data folder."""
    target = tmp_path / "data"
    target.mkdir()
    for name in (*DATA_FILES, "PROVENANCE.md"):
        shutil.copy(DATA / name, target / name)
    return target


# --- small pure pieces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("01MAY05", "2005-05-01"),
        ("15JAN08\xa0", "2008-01-15"),
        ("22NOV94", "1994-11-22"),
        ("01NOV79", "1979-11-01"),
        ("C", "C"),
        ("C*", "C"),
        ("CURRENT", "C"),
        ("U", "U"),
        ("", None),
        ("\xa0", None),
    ],
    ids=["date", "nbsp", "1990s", "1970s", "C", "C-star", "CURRENT", "U", "blank", "nbsp-blank"],
)
def test_parse_cutoff(printed: str, expected: str | None) -> None:
    assert parse_cutoff(printed) == expected


@pytest.mark.parametrize("printed", ["31APR05", "01XYZ05", "2005-05-01", "see note"])
def test_parse_cutoff_rejects(printed: str) -> None:
    with pytest.raises(ValueError, match="not a cut-off|day is out of range"):
        parse_cutoff(printed)


@pytest.mark.parametrize(
    ("label", "block", "code"),
    [
        ("1st", "family", "F1"),
        ("1 st", "family", "F1"),
        ("2A*", "family", "F2A"),
        ("F2A*", "family", "F2A"),
        ("4rd", "family", "F4"),
        ("Other Worker", "employment", "EW"),
        ("Other\xa0Workers*", "employment", "EW"),
        ("Certain Religiuos Workers", "employment", "SR"),
        ("Iraqi & Afghani Translators", "employment", "IAT"),
        ("5 th", "employment", "EB5"),
        ("Targeted Employ- ment Areas/ Regional Centers", "employment", "EB5_TEA"),
        ("Targeted Employment Areas", "employment", "EB5_TEA"),
        ("5th Targeted EmploymentAreas/ Regional Centers and Pilot Programs", "employment", "EB5"),
        ("5th Pilot Progams", "employment", "EB5_PILOT"),
        ("5th Non-Regional Center (C5 and T5)", "employment", "EB5_NRC"),
        ("5th Regional Center (I5 and R5)", "employment", "EB5_RC"),
        ("5th Unreserved (C5, T5, and all others)", "employment", "EB5_UNRESERVED"),
        ("5th Unreserved (including C5, T5, I5, R5, NU, RU)", "employment", "EB5_UNRESERVED"),
        ("5th Unreserved (I5 and R5)", "employment", "EB5_UNRESERVED_RC"),
        ("5th Set Aside: (Rural: NR, RR - 20%)", "employment", "EB5_RURAL"),
        ("5th Set Aside: High Unemployment (10%)", "employment", "EB5_HIGH_UNEMPLOYMENT"),
        ("5th Set Aside: Infrastructure (2%, including RI)", "employment", "EB5_INFRASTRUCTURE"),
        ("Schedule A Workers", "employment", None),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None,
)
def test_map_row_label(label: str, block: str, code: str | None) -> None:
    assert map_row_label(label, block) == code


def test_unknown_row_label_fails_loudly() -> None:
    with pytest.raises(PageError, match=r"unknown employment row label '6th'"):
        map_row_label("6th", "employment")


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("All Chargeability Areas Except Those Listed", "ALL"),
        ("All Chargability Area Except Those Listed", "ALL"),
        ("All Charge- ability Areas Except Those Listed", "ALL"),
        ("CHINA - mainland born", "CHINA"),
        ("CH", "CHINA"),
        ("IN", "INDIA"),
        ("ME", "MEXICO"),
        ("PH", "PHILIPPINES"),
        ("PHILLIPINES", "PHILIPPINES"),
        ("PHILIP-PINES", "PHILIPPINES"),
        ("PHILIPP-INES", "PHILIPPINES"),
        ("EL SALVADOR GUATEMALA HONDURAS", "EL_SALVADOR_GUATEMALA_HONDURAS"),
        ("VIETNAM", "VIETNAM"),
        ("DOMINICAN REPUBLIC", "DOMINICAN_REPUBLIC"),
    ],
)
def test_map_header(header: str, code: str | None) -> None:
    assert map_header(header) == code


def test_importer_codes_are_the_runtime_codes() -> None:
    """The importer writes codes (and sorts by their order) that the runtime loader accepts."""
    from cspa_lib.bulletin import CATEGORY_CODES, DV_REGIONS
    from cspa_lib.codes import CHARGEABILITIES

    assert CHARGEABILITY_ORDER == CHARGEABILITIES
    assert CATEGORY_ORDER == CATEGORY_CODES
    assert DV_REGION_ORDER == DV_REGIONS


def test_unknown_header_fails_loudly() -> None:
    with pytest.raises(PageError, match=r"unknown column header 'BRAZIL'"):
        map_header("BRAZIL")


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("Except: Egypt: 8,000 Ethiopia: 8,000", [("EGYPT", "8,000"), ("ETHIOPIA", "8,000")]),
        (
            "Except Ethiopia: 22,800 Nigeria: 14,675",
            [("ETHIOPIA", "22,800"), ("NIGERIA", "14,675")],
        ),
        ("Except: Egypt 8,700 Ethiopia7,900", [("EGYPT", "8,700"), ("ETHIOPIA", "7,900")]),
        ("Except: Ethiopia AF 43,500", [("ETHIOPIA", "43,500")]),
        ("Except: Uzbekistan UNAVAILABLE", [("UZBEKISTAN", "UNAVAILABLE")]),
        ("", []),
    ],
    ids=["colons", "no-colon-after-except", "no-space", "region-abbrev", "unavailable", "empty"],
)
def test_parse_exceptions(text: str, pairs: list[tuple[str, str]]) -> None:
    assert parse_exceptions(text) == (pairs, "")


@pytest.mark.parametrize(
    ("printed", "stored"),
    [("8,000", "8000"), ("12", "12"), ("CURRENT", "C"), ("UNAVAILABLE", "U"), ("Unavailable", "U")],
)
def test_dv_rank(printed: str, stored: str) -> None:
    assert dv_rank(printed) == stored


# --- the synthetic page -----------------------------------------------------------------------


def test_parse_synthetic_page() -> None:
    page = parse_file(PAGE)
    check_complete(page, PAGE.name)
    assert page.bulletin_month == date(2026, 8, 1)
    assert page.charts == [
        ("family", "FAD"),
        ("family", "DFF"),
        ("employment", "FAD"),
        ("employment", "DFF"),
    ]
    cells = cells_of(page)
    assert len(cells) == 2 * 5 * 5 + 2 * 10 * 5
    assert cells[("FAD", "F2A", "MEXICO")] == "2023-03-01"
    assert cells[("DFF", "F2A", "ALL")] == "C"  # printed "C*"
    assert cells[("FAD", "EB5_UNRESERVED", "INDIA")] == "2021-08-01"
    assert cells[("DFF", "EB5_RURAL", "ALL")] == "C"
    assert cells[("FAD", "SR", "CHINA")] == "U"
    dv = {(d.region, d.country): d.cutoff for d in page.dv}
    # only this month's table: the advance notice (all 99,999) is not read
    assert dv == {
        ("AFRICA", "ALL"): "45000",
        ("AFRICA", "ALGERIA"): "38000",
        ("AFRICA", "EGYPT"): "30500",
        ("ASIA", "ALL"): "20000",
        ("ASIA", "NEPAL"): "12500",
        ("EUROPE", "ALL"): "C",
        ("NORTH_AMERICA", "ALL"): "40",
        ("OCEANIA", "ALL"): "1900",
        ("SOUTH_AMERICA_CARIBBEAN", "ALL"): "3100",
    }


def test_page_without_title_is_refused() -> None:
    with pytest.raises(PageError, match=r"mystery\.html: no 'Visa Bulletin for <Month> <Year>'"):
        parse_page("<html><body><table></table></body></html>", "mystery.html")


def test_incomplete_page_is_refused_by_check() -> None:
    page = parse_file(INCOMPLETE_PAGE)
    with pytest.raises(PageError, match=r"2026-08\): incomplete charts, no employment DFF chart"):
        check_complete(page, INCOMPLETE_PAGE.name)


# --- add ----------------------------------------------------------------------------------------


def test_add_appends_a_month(data_copy: Path) -> None:
    before = rows_of(data_copy / "visa_bulletin.csv")
    result = add_page(PAGE, data_copy)
    assert (result.bulletin_month, result.chart_rows, result.dv_rows, result.replaced) == (
        date(2026, 8, 1),
        150,
        9,
        False,
    )
    after = rows_of(data_copy / "visa_bulletin.csv")
    assert after[: len(before)] == before  # appended in canonical order, nothing else touched
    added = after[len(before) :]
    assert {r["bulletin_month"] for r in added} == {"2026-08-01"}
    assert {r["source"] for r in added} == {"html"}
    assert {
        "bulletin_month": "2026-08-01",
        "chart": "FAD",
        "category": "F2A",
        "chargeability": "MEXICO",
        "cutoff": "2023-03-01",
        "source": "html",
    } in added
    dv = rows_of(data_copy / "dv_rank_cutoffs.csv")
    assert dv[-9:][0] == {
        "bulletin_month": "2026-08-01",
        "region": "AFRICA",
        "country": "ALL",
        "cutoff": "45000",
        "source": "html",
    }
    provenance = (data_copy / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "- 2026-08: from `visa-bulletin-for-august-2026.html`, 150 chart cells" in provenance
    # the designation file is not on the bulletin page and stays as it was
    assert (data_copy / "uscis_chart_designation.csv").read_bytes() == (
        DATA / "uscis_chart_designation.csv"
    ).read_bytes()


def test_added_month_loads_in_the_runtime(data_copy: Path) -> None:
    bulletin = pytest.importorskip("cspa_lib.bulletin")
    add_page(PAGE, data_copy)
    b = bulletin.load_bulletin(data_copy / "visa_bulletin.csv")
    assert b.last_month == date(2026, 8, 1)
    assert b.cutoff(date(2026, 8, 1), "FAD", "F2A", "MEXICO") == date(2023, 3, 1)
    assert b.cutoff(date(2026, 8, 1), "FAD", "EB5", "INDIA") == date(2021, 8, 1)
    assert b.dv_cutoff(date(2026, 8, 1), "AFRICA", "EGYPT") == 30500


def test_add_refuses_a_month_already_present(data_copy: Path) -> None:
    add_page(PAGE, data_copy)
    snapshot = (data_copy / "visa_bulletin.csv").read_bytes()
    with pytest.raises(MonthPresentError, match=r"2026-08 is already in .*pass --replace"):
        add_page(PAGE, data_copy)
    assert (data_copy / "visa_bulletin.csv").read_bytes() == snapshot


def test_add_replace_overwrites_the_month(data_copy: Path) -> None:
    add_page(PAGE, data_copy)
    snapshot = (data_copy / "visa_bulletin.csv").read_bytes()
    result = add_page(PAGE, data_copy, replace=True)
    assert result.replaced
    assert (data_copy / "visa_bulletin.csv").read_bytes() == snapshot
    assert "- 2026-08 (replaced): from" in (data_copy / "PROVENANCE.md").read_text("utf-8")


def test_add_refuses_incomplete_charts(data_copy: Path) -> None:
    snapshot = (data_copy / "visa_bulletin.csv").read_bytes()
    with pytest.raises(
        PageError,
        match=r"visa-bulletin-for-august-2026-incomplete\.html \(2026-08\): incomplete charts, "
        r"no employment DFF chart found",
    ):
        add_page(INCOMPLETE_PAGE, data_copy)
    assert (data_copy / "visa_bulletin.csv").read_bytes() == snapshot


def test_add_refuses_a_gap(data_copy: Path) -> None:
    path = data_copy / "visa_bulletin.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith("2026-07-01")), encoding="utf-8")
    with pytest.raises(MonthGapError, match=r"2026-08 would leave a gap after 2026-06.*add 2026-07"):
        add_page(PAGE, data_copy)


def test_errors_are_bulletin_data_errors() -> None:
    assert issubclass(PageError, BulletinDataError)
    assert issubclass(MonthPresentError, ValueError)


def test_cli_add(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", str(PAGE), "--data-dir", str(data_copy)]) == 0
    assert "added 2026-08" in capsys.readouterr().out
    assert main(["add", str(PAGE), "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "cspa bulletin add: error:" in err and "2026-08 is already in" in err
    assert main(["add", str(PAGE), "--data-dir", str(data_copy), "--replace"]) == 0
    assert "replaced 2026-08" in capsys.readouterr().out


# --- add: validation before any write (issue 11) ---------------------------------------------------


def _variant(tmp_path: Path, name: str, *changes: tuple[str, str]) -> Path:
    """The synthetic page with text replaced (each `old` must occur), saved as `name`."""
    text = PAGE.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (
            (("August 2026", "November 2001"),),
            MonthBeforeDataError,
            r"2001-11 is before 2001-12, the first month in .*visa_bulletin\.csv",
        ),
        (
            (("<td>01MAR23</td>", "<td>1 MAR 2023?</td>"),),
            PartialPageError,
            r"\(2026-08\): 1 printed cell\(s\) or column\(s\) could not be read \(FAD family 'F2A' / 'MEXICO' "
            r"'1 MAR 2023\?'\); pass --allow-partial",
        ),
        (
            (
                ("<tr><td>OCEANIA</td><td>1,900</td><td>&nbsp;</td></tr>\n<tr><td>SOUTH AMERICA,<br> and the CARIBBEAN</td>"
                 "<td>3,100</td><td>&nbsp;</td></tr>\n</tbody></table>\n<p>Entitlement", "</tbody></table>\n<p>Entitlement"),
            ),
            PageError,
            r"the DV table lacks regions OCEANIA, SOUTH_AMERICA_CARIBBEAN \(a truncated page\?\)",
        ),
    ],
    ids=["before-first-month", "unreadable-cell", "dv-regions-missing"],
)
def test_add_refuses_and_writes_nothing(tmp_path: Path, data_copy: Path, changes, error, message) -> None:
    page = _variant(tmp_path, "page.html", *changes)
    before = _files(data_copy)
    with pytest.raises(error, match=message):
        add_page(page, data_copy)
    assert _files(data_copy) == before


def test_allow_partial_adds_the_readable_cells_and_escapes_the_page_text(tmp_path: Path, data_copy: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>|**x**`"
    page = _variant(tmp_path, "page `x`.html", ("<td>01MAR23</td>", f"<td>{hostile.replace('<', '&lt;')}</td>"))
    result = add_page(page, data_copy, allow_partial=True)
    assert (result.chart_rows, result.notes) == (149, [f"unparseable: FAD family 'F2A' / 'MEXICO' {hostile!r}"])
    rows = rows_of(data_copy / "visa_bulletin.csv")
    assert not [r for r in rows if r["bulletin_month"] == "2026-08-01" and r["category"] == "F2A" and r["chargeability"] == "MEXICO" and r["chart"] == "FAD"]
    last = (data_copy / "PROVENANCE.md").read_text(encoding="utf-8").splitlines()[-1]
    assert last == (
        "- 2026-08: from `page 'x'.html`, 149 chart cells (DFF, FAD), 9 DV cells, source `html`; not stored: "
        "unparseable: FAD family 'F2A' / 'MEXICO' '\\<img src=x onerror=alert\\(1\\)\\>\\|\\*\\*x\\*\\*\\`'"
    )


def test_markdown_text_is_one_inert_line() -> None:
    assert markdown_text("a\n# b [c](d) <e> & f") == "a \\# b \\[c\\]\\(d\\) \\<e\\> \\& f"
    assert markdown_text("x" * 500) == "x" * 199 + "…"


def test_a_gzip_bomb_is_refused(tmp_path: Path, data_copy: Path) -> None:
    import gzip

    bomb = tmp_path / "visa-bulletin-for-august-2026.html.gz"
    bomb.write_bytes(gzip.compress(b" " * (6 * 1024 * 1024), compresslevel=9))
    assert bomb.stat().st_size < 50_000
    with pytest.raises(PageError, match=r"visa-bulletin-for-august-2026\.html\.gz: larger than 5 MB \(uncompressed\)"):
        add_page(bomb, data_copy)


def test_the_would_be_rows_must_load() -> None:
    rows = [BulletinRow("2026-08-01", "FAD", "F2A", "ALL", "2024-01-01", "html"),
            BulletinRow("2026-10-01", "FAD", "F2A", "ALL", "2024-01-01", "html")]
    with pytest.raises(PageError, match=r"the data would not load, nothing written: visa_bulletin\.csv \(as it would be\): months are not contiguous on chart FAD: 2026-09 missing"):
        validate_rows(rows, [], [])


def test_cli_add_allow_partial(tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _variant(tmp_path, "page.html", ("<td>01MAR23</td>", "<td>??</td>"))
    assert main(["add", str(page), "--data-dir", str(data_copy)]) == 1
    assert "pass --allow-partial" in capsys.readouterr().err
    assert main(["add", str(page), "--data-dir", str(data_copy), "--allow-partial"]) == 0
    assert "not stored: unparseable: FAD family 'F2A' / 'MEXICO' '??'" in capsys.readouterr().out


# --- the shipped files --------------------------------------------------------------------------


def _months(first: str, last: str) -> list[str]:
    out, y, m = [], int(first[:4]), int(first[5:7])
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}-01")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def test_shipped_bulletin_schema_order_and_coverage() -> None:
    rows = rows_of(DATA / "visa_bulletin.csv")
    assert tuple(rows[0]) == BULLETIN_COLUMNS
    typed = [BulletinRow(**r) for r in rows]
    keys = [r.sort_key() for r in typed]  # raises KeyError on an unknown code
    assert keys == sorted(keys), "visa_bulletin.csv is not in canonical order"
    assert len(set(keys)) == len(keys), "visa_bulletin.csv repeats a cell"
    assert {r.source for r in typed} == {"panel+html", "panel", "html", "secondary"}
    secondary = {(r.bulletin_month, r.chart, r.chargeability) for r in typed if r.source == "secondary"}
    assert secondary == {("2009-09-01", "FAD", "ALL")}
    for r in typed:
        assert r.cutoff in ("C", "U") or date.fromisoformat(r.cutoff), r
    charts: dict[tuple[str, str], set[str]] = {}
    for r in typed:
        charts.setdefault((r.bulletin_month, r.chart), set()).add(r.category)
    for month in _months("2001-12", "2026-07"):
        expected = ("FAD", "DFF") if month >= "2015-10-01" else ("FAD",)
        assert {c for (m, c) in charts if m == month} == set(expected), month
        for chart in expected:
            general = [c for c in EB5_GENERAL if c in charts[(month, chart)]]
            assert len(general) == 1, (month, chart, general)
    assert max(m for m, _ in charts) == "2026-07-01"


def test_shipped_columns_include_the_panel_gaps() -> None:
    have = {(r["bulletin_month"][:7], r["chart"], r["chargeability"]) for r in rows_of(DATA / "visa_bulletin.csv")}
    for month in ("2005-01", "2005-02", "2005-03", "2005-07", "2005-09", "2005-12", "2006-01"):
        for charg in ("CHINA", "INDIA", "MEXICO", "PHILIPPINES"):
            assert (month, "FAD", charg) in have
    for month, chart in (
        ("2005-04", "FAD"),
        ("2009-07", "FAD"),
        ("2014-11", "FAD"),
        ("2015-10", "DFF"),
        ("2016-02", "FAD"),
        ("2016-12", "FAD"),
    ):
        assert (month, chart, "ALL") in have
    assert ("2016-05", "FAD", "EL_SALVADOR_GUATEMALA_HONDURAS") in have
    assert ("2017-10", "DFF", "EL_SALVADOR_GUATEMALA_HONDURAS") in have
    assert ("2018-05", "FAD", "VIETNAM") in have
    assert ("2021-09", "FAD", "VIETNAM") in have
    assert ("2021-10", "FAD", "VIETNAM") not in have


def test_shipped_dv_and_designation_schema() -> None:
    dv = rows_of(DATA / "dv_rank_cutoffs.csv")
    assert tuple(dv[0]) == DV_COLUMNS
    typed = [DvRow(**r) for r in dv]
    keys = [r.sort_key() for r in typed]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert {r.region for r in typed} == set(DV_REGION_ORDER)
    assert all(r.cutoff in ("C", "U") or r.cutoff.isdigit() for r in typed)
    assert [(r.bulletin_month, r.region, r.country) for r in typed if r.cutoff == "U"] == [
        ("2011-08-01", "EUROPE", "UZBEKISTAN"),
        ("2011-09-01", "EUROPE", "UZBEKISTAN"),
    ]
    assert all(r.country == "ALL" or r.country.replace("_", "").isalpha() for r in typed)
    des = rows_of(DATA / "uscis_chart_designation.csv")
    assert tuple(des[0]) == DESIGNATION_COLUMNS
    typed_des = [DesignationRow(**r) for r in des]
    keys_des = [r.sort_key() for r in typed_des]
    assert keys_des == sorted(keys_des) and len(set(keys_des)) == len(keys_des)
    for r in typed_des:
        assert r.category == "ALL" or r.category in CATEGORY_ORDER
        assert r.chargeability == "*" or r.chargeability in CHARGEABILITY_ORDER
        assert (r.chart, r.confidence) in {(c, k) for c in ("FAD", "DFF") for k in ("high", "medium", "low")}


# --- real pages and the full build (need ../shared) ---------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    ("month", "charts", "expected", "absent"),
    [
        # block label in the second row; China not yet listed; DV in one table cell
        (
            "2001-12",
            2,
            {("FAD", "F2A", "MEXICO"): "1994-10-22", ("FAD", "EB5_TEA", "ALL"): "C"},
            [("FAD", "F1", "CHINA")],
        ),
        # CH/IN/ME/PH employment headers
        ("2005-01", 2, {("FAD", "EB3", "CHINA"): "2002-01-01", ("FAD", "EB3", "ALL"): "C"}, []),
        # PHILLIPINES header; Schedule A row skipped
        ("2006-02", 2, {("FAD", "EB3", "PHILIPPINES"): "2001-04-22"}, []),
        # the DOMINICAN REPUBLIC column, between CHINA and INDIA on the page
        (
            "2010-06",
            2,
            {
                ("FAD", "F2A", "ALL"): "2008-01-01",
                ("FAD", "EB5_PILOT", "ALL"): "C",
                ("FAD", "F2A", "DOMINICAN_REPUBLIC"): "2006-12-01",
                ("FAD", "F2B", "DOMINICAN_REPUBLIC"): "2002-07-01",
                ("FAD", "F2B", "INDIA"): "2002-11-15",
                ("FAD", "EB3", "DOMINICAN_REPUBLIC"): "2003-06-22",
            },
            [],
        ),
        # two charts per block; DFF's single EB-5 row is the general EB5 row
        (
            "2015-10",
            4,
            {
                ("FAD", "EB2", "INDIA"): "2005-05-01",
                ("DFF", "EB2", "INDIA"): "2009-07-01",
                ("FAD", "EB5_NRC", "CHINA"): "2013-10-08",
                ("DFF", "EB5", "CHINA"): "2015-05-01",
            },
            [("DFF", "EB5_NRC", "ALL")],
        ),
        (
            "2022-05",
            4,
            {
                ("FAD", "EB5_UNRESERVED_RC", "CHINA"): "2015-11-22",
                ("DFF", "EB5_UNRESERVED_RC", "CHINA"): "2015-12-15",
            },
            [],
        ),
        (
            "2025-12",
            4,
            {
                ("FAD", "F4", "MEXICO"): "2001-04-08",
                ("DFF", "F4", "MEXICO"): "2001-04-30",
                ("FAD", "EB5_UNRESERVED", "INDIA"): "2021-07-01",
            },
            [],
        ),
    ],
    ids=["2001-12", "2005-01", "2006-02", "2010-06", "2015-10", "2022-05", "2025-12"],
)
def test_parse_real_pages(month, charts, expected, absent) -> None:
    page = parse_file(real_page(month))
    check_complete(page, month)
    assert len(page.charts) == charts
    cells = cells_of(page)
    for key, value in expected.items():
        assert cells[key] == value, key
    for key in absent:
        assert key not in cells
    assert {d.region for d in page.dv if d.country == "ALL"} == set(DV_REGION_ORDER)


@needs_shared
@pytest.mark.parametrize(
    ("month", "region", "country", "rank"),
    [
        ("2001-12", "ASIA", "BANGLADESH", "2200"),  # inside one table cell
        ("2003-06", "AFRICA", "ALL", "26100"),  # text lines, not a table
        ("2003-09", "AFRICA", "ETHIOPIA", "43500"),  # "Ethiopia AF 43,500"
        ("2008-02", "AFRICA", "ALL", "16200"),
        ("2012-09", "EUROPE", "ALL", "C"),
        ("2015-10", "AFRICA", "EGYPT", "8000"),  # not November's 10,450
        ("2011-07", "EUROPE", "UZBEKISTAN", "28200"),  # not August's UNAVAILABLE (advance notice)
        ("2011-08", "EUROPE", "UZBEKISTAN", "U"),  # "Uzbekistan UNAVAILABLE"
        ("2011-09", "EUROPE", "UZBEKISTAN", "U"),  # "Except: Uzbekistan UNAVAILABLE"
    ],
)
def test_parse_real_dv(month, region, country, rank) -> None:
    page = parse_file(real_page(month))
    assert {(d.region, d.country): d.cutoff for d in page.dv}[(region, country)] == rank


@needs_shared
def test_page_notes_record_what_is_not_stored() -> None:
    assert parse_file(real_page("2010-06")).notes == []  # every column has a code now
    schedule_a = parse_file(real_page("2006-02")).notes
    assert [(n.kind, n.where) for n in schedule_a] == [("skipped_row", "FAD employment 'Schedule A Workers'")]
    blank = [n for n in parse_file(real_page("2011-03")).notes if n.kind == "blank"]
    assert [(n.category, n.chargeability) for n in blank] == [("EB5_PILOT", "PHILIPPINES")]


@needs_shared
def test_full_build_reproduces_the_shipped_files() -> None:
    from cspa_lib.importer.build import build, render_files

    result = build(SHARED)
    files = render_files(result)
    for name, text in files.items():
        assert (DATA / name).read_bytes() == text.encode("utf-8"), f"{name} differs from a build"
    stats = result.stats
    assert stats.disagreements == [] and stats.dv_disagreements == []
    assert stats.shared_cells > 26000 and stats.dv_shared > 2300


@needs_shared
def test_cli_import_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--shared", str(SHARED), "--data-dir", str(DATA), "--check"]) == 0
    assert "identical to a fresh build" in capsys.readouterr().out


@needs_shared
def test_readding_a_month_gives_identical_rows(data_copy: Path) -> None:
    month = "2025-12-01"
    original = [r for r in rows_of(DATA / "visa_bulletin.csv") if r["bulletin_month"] == month]
    original_dv = [r for r in rows_of(DATA / "dv_rank_cutoffs.csv") if r["bulletin_month"] == month]
    for name in ("visa_bulletin.csv", "dv_rank_cutoffs.csv"):
        path = data_copy / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(x for x in lines if not x.startswith(month)), encoding="utf-8")
    add_page(real_page("2025-12"), data_copy)
    readded = [r for r in rows_of(data_copy / "visa_bulletin.csv") if r["bulletin_month"] == month]
    readded_dv = [r for r in rows_of(data_copy / "dv_rank_cutoffs.csv") if r["bulletin_month"] == month]

    def facts(rows):  # everything but `source`: the build says panel+html, add says html
        return [{k: v for k, v in r.items() if k != "source"} for r in rows]

    assert facts(readded) == facts(original)
    assert facts(readded_dv) == facts(original_dv)
    assert {r["source"] for r in original} == {"panel+html"}
    assert {r["source"] for r in readded} == {"html"}
    # the whole file is the shipped one again, except that month's source token
    shipped = (DATA / "visa_bulletin.csv").read_text(encoding="utf-8").splitlines()
    expected = [x.replace(",panel+html", ",html") if x.startswith(month) else x for x in shipped]
    assert (data_copy / "visa_bulletin.csv").read_text(encoding="utf-8").splitlines() == expected


@needs_shared
def test_build_fails_loudly_when_the_secondary_copy_disagrees(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from cspa_lib.importer import build as build_module

    (sec,) = build_module.SECONDARY_CHARTS
    rows = tuple(
        (label, ("C", "08JAN05", "01FEB05", "C", "C")) if label == "2nd" else (label, values)
        for label, values in sec.rows
    )
    monkeypatch.setattr(build_module, "SECONDARY_CHARTS", (dataclasses.replace(sec, rows=rows),))
    with pytest.raises(
        build_module.BuildError,
        match=r"secondary \('2009-09', 'FAD', 'EB2', 'INDIA'\): the copy prints 2005-02-01, the panel value is 2005-01-08",
    ):
        build_module.build(SHARED)


@needs_shared
def test_build_fails_loudly_on_a_disagreement(tmp_path: Path) -> None:
    from cspa_lib.importer.build import BuildError, build

    sources = SHARED / "data-sources"
    fake = tmp_path / "data-sources"
    fake.mkdir()
    for name in ("vyakunin-bulletin-html", "uscis-chart-designation"):
        (fake / name).symlink_to(sources / name, target_is_directory=True)
    panel = fake / "uacj-visapredictai"
    shutil.copytree(sources / "uacj-visapredictai", panel)
    path = panel / "visa_panel_long.csv"
    text = path.read_text(encoding="utf-8")
    row = "india,employment,EB2,FAD,2015-10-01,F,2005-05-01,"
    assert text.count(row) == 1
    start = text.index(row)
    end = text.index("\n", start)
    changed = text[start:end].replace("2005-05-01", "2005-06-01").replace("01MAY05", "01JUN05")
    path.write_text(text[:start] + changed + text[end:], encoding="utf-8")
    with pytest.raises(
        BuildError,
        match=r"2015-10_visa-bulletin-for-october-2015\.html\.gz: FAD EB2 INDIA: panel says 2005-06-01, "
        r"the page prints 2005-05-01 .*record it in KNOWN_DISAGREEMENTS",
    ):
        build(fake)
