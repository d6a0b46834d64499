"""Build data/visa_bulletin.csv, dv_rank_cutoffs.csv, uscis_chart_designation.csv, PROVENANCE.md.

Inputs (../shared/data-sources relative to the repository, described in their SOURCE.md files):
- uacj-visapredictai: the tidy "panel" of cut-offs 2001-12..2026-07 (five chargeability columns)
  and its raw per-country files, which keep each row label as printed;
- vyakunin-bulletin-html: 284 saved official bulletin pages, 2001-12..2025-12;
- uscis-chart-designation: which chart USCIS designated for adjustment filing, 2015-10..2026-10.

Every cell the panel and the pages share is compared. A disagreement stops the build unless it
is listed in KNOWN_DISAGREEMENTS with the value to keep and the reason (shown in PROVENANCE.md).
Cells the pages print but the panel lacks are filled from the pages (source `html`).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cspa_lib.dataset import recover, write_set

from .add import validate_rows
from .html_parser import (
    CATEGORY_ORDER,
    CHARGEABILITY_ORDER,
    DFF_START,
    DV_REGION_ORDER,
    EB5_GENERAL,
    FAMILY_CATEGORIES,
    ChartCell,
    PageError,
    dv_rank,
    map_header,
    map_row_label,
    parse_cutoff,
    parse_exceptions,
    parse_file,
)
from .known import (
    BULLETIN_EVENTS,
    KNOWN_DISAGREEMENTS,
    KNOWN_DV_DISAGREEMENTS,
    KNOWN_MISSING_COLUMNS,
    SECONDARY_CHARTS,
    SUSPECT_CELLS,
)
from .provenance import render_provenance
from .results import BuildResult, Stats
from .tables import (
    ADDED_HEADING,
    BULLETIN_FILE,
    DESIGNATION_FILE,
    DV_FILE,
    EVENTS_FILE,
    HTML,
    PANEL,
    PANEL_AND_HTML,
    PROVENANCE_FILE,
    SECONDARY,
    SUSPECT_FILE,
    BulletinRow,
    DesignationRow,
    DvRow,
    read_bulletin,
    read_dv,
    render_bulletin,
    render_designation,
    render_dv,
    render_events,
    render_suspect_cells,
)

FIRST_MONTH = date(2001, 12, 1)
LAST_MONTH = date(2026, 7, 1)

PANEL_DIR = "uacj-visapredictai"
HTML_DIR = "vyakunin-bulletin-html"
DESIGNATION_DIR = "uscis-chart-designation"

_PANEL_COUNTRY = {
    "all_chargeability": "ALL",
    "china": "CHINA",
    "india": "INDIA",
    "mexico": "MEXICO",
    "philippines": "PHILIPPINES",
}
_RAW_PREFIX = {"all_chargeability": "row"}  # raw/<prefix>_visa_backlog_timecourse.csv
_TABLE_TYPE = {"final_action": "FAD", "dates_for_filing": "DFF"}

class BuildError(PageError):
    """The sources disagree or do not cover what the data files promise."""


def month_range(first: date, last: date) -> list[date]:
    months, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def resolve_shared(path: Path) -> Path:
    """Accept either the shared folder or its data-sources folder."""
    if (path / "data-sources").is_dir():
        path = path / "data-sources"
    for sub in (PANEL_DIR, HTML_DIR, DESIGNATION_DIR):
        if not (path / sub).is_dir():
            raise BuildError(f"{path}: missing source folder {sub!r} (pass --shared DIR)")
    return path


# --------------------------------------------------------------------------------------------
# Panel


@dataclass(frozen=True)
class PanelCell:
    month: str  # YYYY-MM
    chart: str
    block: str
    category: str
    chargeability: str
    cutoff: str | None  # None: the panel's UNK/blank cell
    label: str
    panel_code: str  # the panel's own category code, e.g. EB3_OW


def _month_key(iso: str) -> str:
    return iso[:7]


def load_panel(root: Path) -> list[PanelCell]:
    """The tidy panel, with category codes mapped from the raw files' printed row labels."""
    labels: dict[tuple[str, str, str, str, str], str] = {}
    for country in _PANEL_COUNTRY:
        prefix = _RAW_PREFIX.get(country, country)
        for block, suffix, level_col in (
            ("employment", "visa_backlog_timecourse.csv", "EB_level"),
            ("family", "family_visa_backlog_timecourse.csv", "F_level"),
        ):
            path = root / "raw" / f"{prefix}_{suffix}"
            with path.open(newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    level = row[level_col]
                    category = f"F{level}" if block == "family" else level
                    key = (
                        country,
                        block,
                        category,
                        _TABLE_TYPE[row["table_type"]],
                        _month_key(row["visa_bulletin_date"]),
                    )
                    if key in labels:
                        raise BuildError(f"{path.name}: two rows for {key}")
                    labels[key] = row["raw_category"]
    cells = []
    path = root / "visa_panel_long.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            month = _month_key(row["bulletin_date"])
            key = (row["country"], row["block"], row["category"], row["table"], month)
            label = labels.get(key)
            if label is None:
                raise BuildError(f"{path.name} line {n}: no raw row label for {key}")
            code = map_row_label(label, row["block"])
            if code is None:
                raise BuildError(f"{path.name} line {n}: row label {label!r} has no code")
            status = row["status"]
            if status == "F":
                cutoff: str | None = row["priority_date"]
            elif status in ("C", "U"):
                cutoff = status
            elif status == "UNK":
                cutoff = None
            else:
                raise BuildError(f"{path.name} line {n}: unknown status {status!r}")
            if cutoff is not None and parse_cutoff(row["raw_value"]) != cutoff:
                raise BuildError(f"{path.name} line {n}: raw_value {row['raw_value']!r} is not {cutoff}")
            cells.append(
                PanelCell(
                    month,
                    row["table"],
                    row["block"],
                    code,
                    _PANEL_COUNTRY[row["country"]],
                    cutoff,
                    " ".join(label.split()),
                    row["category"],
                )
            )
    return cells


@dataclass(frozen=True)
class PanelDv:
    month: str
    region: str
    country: str
    cutoff: str  # rank, C or U (as in dv_rank_cutoffs.csv)


def load_panel_dv(root: Path) -> list[PanelDv]:
    out = []
    path = root / "raw" / "dv_visa_rank_timecourse.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            month = _month_key(row["visa_bulletin_date"])
            region = row["region"].upper()
            if region not in DV_REGION_ORDER:
                raise BuildError(f"{path.name} line {n}: unknown region {row['region']!r}")
            if row["status"] == "C":
                rank = "C"
            elif row["status"] == "F":
                rank = row["rank_cutoff"].removesuffix(".0")  # some rows store 58500.0
                if not row["raw_value"].replace(",", "").endswith(rank):  # "AF   27,850"
                    raise BuildError(f"{path.name} line {n}: rank {rank} != {row['raw_value']}")
            else:
                raise BuildError(f"{path.name} line {n}: unknown status {row['status']!r}")
            out.append(PanelDv(month, region, "ALL", rank))
            pairs, leftover = parse_exceptions(row["exceptions"])
            if leftover:
                raise BuildError(f"{path.name} line {n}: cannot read {row['exceptions']!r}")
            for country, value in pairs:
                out.append(PanelDv(month, region, country, dv_rank(value)))
    return out


# --------------------------------------------------------------------------------------------
# Build


def render_files(result: BuildResult) -> dict[str, str]:
    """Every data file of a build, as text (compared byte for byte by `import --check`)."""
    return {
        BULLETIN_FILE: render_bulletin(result.bulletin),
        DV_FILE: render_dv(result.dv),
        DESIGNATION_FILE: render_designation(result.designation),
        SUSPECT_FILE: render_suspect_cells(SUSPECT_CELLS),
        EVENTS_FILE: render_events(BULLETIN_EVENTS),
        PROVENANCE_FILE: render_provenance(result),
    }


def _parse_pages(html_dir: Path, stats: Stats) -> dict[str, dict]:
    pages: dict[str, dict] = {}
    for path in sorted(html_dir.glob("*.html.gz")):
        page = parse_file(path)
        month = f"{page.bulletin_month:%Y-%m}"
        if not path.name.startswith(month):
            raise BuildError(f"{path.name}: the page says it is the bulletin for {month}")
        if month in pages:
            raise BuildError(f"{path.name}: a second page for {month}")
        cells: dict[tuple[str, str, str, str], ChartCell] = {}
        for cell in page.cells:
            key = (month, cell.chart, cell.category, cell.chargeability)
            if key in cells:
                raise BuildError(f"{path.name}: two cells for {key} ({cell.label!r})")
            cells[key] = cell
            stats.labels[(cell.category, cell.label)].add(month)
            stats.headers[(cell.chargeability, cell.header)].add(month)
        pages[month] = {"page": page, "cells": cells, "name": path.name}
        stats.pages.append((month, path.name))
        stats.page_notes.extend((month, note) for note in page.notes)
    return pages


def _block(category: str) -> str:
    return "family" if category in FAMILY_CATEGORIES else "employment"


def build(shared: Path) -> BuildResult:
    """Build every data file in memory from the shared sources (nothing is written)."""
    root = resolve_shared(Path(shared))
    stats = Stats()
    pages = _parse_pages(root / HTML_DIR / "html", stats)
    panel = load_panel(root / PANEL_DIR)
    months = [f"{m:%Y-%m}" for m in month_range(FIRST_MONTH, LAST_MONTH)]
    stats.months_without_page = [m for m in months if m not in pages]

    panel_cells: dict[tuple[str, str, str, str], PanelCell] = {}
    for cell in panel:
        key = (cell.month, cell.chart, cell.category, cell.chargeability)
        if key in panel_cells:
            raise BuildError(f"visa_panel_long.csv: two cells for {key}")
        panel_cells[key] = cell
        stats.panel_codes[(cell.panel_code, cell.category)].add(cell.month)
        if cell.month not in pages:  # labels of months we only know from the panel
            stats.labels[(cell.category, cell.label)].add(cell.month)
    stats.panel_cells = len(panel_cells)

    rows: dict[tuple[str, str, str, str], BulletinRow] = {}

    def put(key: tuple[str, str, str, str], cutoff: str, source: str) -> None:
        rows[key] = BulletinRow(f"{key[0]}-01", key[1], key[2], key[3], cutoff, source)

    # 1. Cells of months with a saved page: cross-check, fill what the panel lacks.
    for month, info in pages.items():
        html_cells: dict[tuple[str, str, str, str], ChartCell] = info["cells"]
        stats.html_cells += len(html_cells)
        for key, hcell in html_cells.items():
            pcell = panel_cells.get(key)
            if pcell is None:
                put(key, hcell.cutoff, HTML)
                continue
            if pcell.cutoff is None:
                raise BuildError(f"{key}: panel cell is blank but the page prints {hcell.cutoff}")
            stats.shared_cells += 1
            stats.shared_by_chargeability[key[3]] += 1
            if pcell.cutoff == hcell.cutoff:
                put(key, hcell.cutoff, PANEL_AND_HTML)
                continue
            known = KNOWN_DISAGREEMENTS.get(key)
            if known is None:
                raise BuildError(
                    f"{info['name']}: {key[1]} {key[2]} {key[3]}: panel says {pcell.cutoff}, "
                    f"the page prints {hcell.cutoff} (row {hcell.label!r}, column "
                    f"{hcell.header!r}); record it in KNOWN_DISAGREEMENTS to accept"
                )
            kept_from, reason = known
            kept = pcell.cutoff if kept_from == "panel" else hcell.cutoff
            put(key, kept, PANEL if kept_from == "panel" else HTML)
            stats.disagreements.append((key, pcell.cutoff, hcell.cutoff, kept, reason))
        for key, pcell in panel_cells.items():
            if pcell.month != month or key in html_cells:
                continue
            if pcell.cutoff is None:
                blank = next(
                    (n for n in info["page"].notes if n.kind == "blank" and n.where.startswith(f"{key[1]} ")),
                    None,
                )
                if blank is None:
                    raise BuildError(f"{key}: blank in the panel but not on the page")
                continue
            raise BuildError(f"{info['name']}: panel has {key} = {pcell.cutoff} but the page has no such cell")
        # describe the fills: whole columns the panel lacks, or single rows
        filled = [k for k in html_cells if rows[k].source == HTML and k not in panel_cells]
        groups: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
        for key in filled:
            groups[(month, key[1], _block(key[2]), key[3])].append(key[2])
        for (m, chart, block, charg), cats in sorted(groups.items()):
            column_in_panel = any(
                k[0] == m and k[1] == chart and _block(k[2]) == block and k[3] == charg for k in panel_cells
            )
            what = "rows " + " ".join(cats) if column_in_panel else "whole column"
            stats.filled.append((m, chart, block, charg, what, len(cats)))
            stats.filled_cells += len(cats)

    # 2. Months without a saved page: the panel alone.
    for key, pcell in panel_cells.items():
        if pcell.month in pages:
            continue
        if pcell.cutoff is None:
            stats.panel_blank.append((key[0], key[1], key[2], key[3], pcell.label))
            continue
        put(key, pcell.cutoff, PANEL)
        stats.panel_only_cells += 1
    for key, pcell in panel_cells.items():
        if pcell.cutoff is None and pcell.month in pages:
            stats.panel_blank.append((key[0], key[1], key[2], key[3], pcell.label))

    # 3. Cells neither source has, from a cited copy of the page; its other cells must agree.
    for sec in SECONDARY_CHARTS:
        if sec.month in pages:
            raise BuildError(f"{sec.month}: a secondary chart for a month with a saved page")
        codes = [map_header(h) for h in sec.headers]
        for label, values in sec.rows:
            category = map_row_label(label, sec.block)
            if category is None or len(values) != len(codes):
                raise BuildError(f"secondary {sec.month} {sec.chart} row {label!r}: no code or wrong width")
            for charg, printed in zip(codes, values, strict=True):
                if charg is None:
                    continue
                key = (sec.month, sec.chart, category, charg)
                value = parse_cutoff(printed)
                if value is None:
                    continue
                if key in rows:
                    if rows[key].cutoff != value:
                        raise BuildError(
                            f"secondary {key}: the copy prints {value}, the {rows[key].source} "
                            f"value is {rows[key].cutoff}"
                        )
                    stats.secondary_compared += 1
                    continue
                put(key, value, SECONDARY)
                stats.secondary_filled.append(key)

    bulletin = list(rows.values())
    _check_coverage(bulletin, months, stats)
    _check_corrections(rows)
    stats.source_counts = Counter(r.source for r in bulletin)

    dv = _build_dv(root, pages, months, stats)
    designation = _build_designation(root / DESIGNATION_DIR, bulletin, stats)
    stats.rows = {
        BULLETIN_FILE: len(bulletin),
        DV_FILE: len(dv),
        DESIGNATION_FILE: len(designation),
    }
    return BuildResult(bulletin, dv, designation, stats)


def _check_corrections(rows: dict[tuple[str, str, str, str], BulletinRow]) -> None:
    """The suspect cells hold the value kept as printed, and a revised month holds its original
    values (July 2007: No. 107, employment current), so the files say what known.py says."""
    for cell in SUSPECT_CELLS:
        row = rows.get((cell.month, cell.chart, cell.category, cell.chargeability))
        if row is None or row.cutoff != cell.cutoff:
            raise BuildError(
                f"suspect cell {cell.month} {cell.chart} {cell.category} {cell.chargeability}: the data hold "
                f"{row.cutoff if row else 'nothing'}, known.py says {cell.cutoff} (printed {cell.printed!r})"
            )
    for event in BULLETIN_EVENTS:
        if event.event != "published" or event.month != "2007-07":
            continue
        original = {c: rows[("2007-07", "FAD", c, "ALL")].cutoff for c in ("EB1", "EB2", "EB3", "EW")}
        if original != {"EB1": "C", "EB2": "C", "EB3": "C", "EW": "U"}:
            raise BuildError(f"2007-07 FAD employment: {original} are not the original No. 107 values")


def _check_coverage(bulletin: list[BulletinRow], months: list[str], stats: Stats) -> None:
    """Fail unless every month has its charts, the core ALL cells and one general EB-5 row."""
    by_chart: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for r in bulletin:
        by_chart[(r.bulletin_month[:7], r.chart)].add((r.category, r.chargeability))
    for month in months:
        charts = ("FAD", "DFF") if month >= f"{DFF_START:%Y-%m}" else ("FAD",)
        for chart in charts:
            cells = by_chart.get((month, chart))
            if not cells:
                raise BuildError(f"{month} {chart}: no rows")
            cats = {c for c, _ in cells}
            general = [c for c in EB5_GENERAL if c in cats]
            if len(general) != 1:
                raise BuildError(f"{month} {chart}: general EB-5 rows {general}, expected one")
            stats.eb5_general[(chart, general[0])].append(month)
            for block, core in (
                ("family", ("F1", "F2A", "F2B", "F3", "F4")),
                ("employment", ("EB1", "EB2", "EB3", "EW", "EB4")),
            ):
                lacking = [c for c in core if (c, "ALL") not in cells]
                if not lacking:
                    continue
                known = KNOWN_MISSING_COLUMNS.get((month, chart, block, "ALL"))
                if known is None or len(lacking) != len(core):
                    raise BuildError(f"{month} {chart} {block}: no ALL cell for {lacking}")
                stats.missing_columns.append(((month, chart, block, "ALL"), known))
        for chart in ("DFF",):
            if month < f"{DFF_START:%Y-%m}" and (month, chart) in by_chart:
                raise BuildError(f"{month}: a DFF chart before {DFF_START:%Y-%m}")


def _build_dv(root: Path, pages: dict[str, dict], months: list[str], stats: Stats) -> list[DvRow]:
    panel = load_panel_dv(root / PANEL_DIR)
    panel_cells: dict[tuple[str, str, str], str] = {}
    for cell in panel:
        key = (cell.month, cell.region, cell.country)
        if key in panel_cells:
            raise BuildError(f"dv_visa_rank_timecourse.csv: two cells for {key}")
        panel_cells[key] = cell.cutoff
    html_cells: dict[tuple[str, str, str], str] = {}
    for month, info in pages.items():
        for d in info["page"].dv:
            key = (month, d.region, d.country)
            if key in html_cells:
                raise BuildError(f"{info['name']}: two DV cells for {key}")
            html_cells[key] = d.cutoff
    out: dict[tuple[str, str, str], DvRow] = {}
    for key, value in html_cells.items():
        pvalue = panel_cells.get(key, "missing")
        if pvalue == "missing":
            out[key] = DvRow(f"{key[0]}-01", key[1], key[2], value, HTML)
            stats.dv_filled.append((*key, value))
            continue
        stats.dv_shared += 1
        if pvalue == value:
            out[key] = DvRow(f"{key[0]}-01", key[1], key[2], value, PANEL_AND_HTML)
            continue
        known = KNOWN_DV_DISAGREEMENTS.get(key)
        if known is None:
            raise BuildError(
                f"DV {key}: panel says {pvalue}, the page prints {value}; record it in KNOWN_DV_DISAGREEMENTS to accept"
            )
        kept_from, reason = known
        kept = pvalue if kept_from == "panel" else value
        out[key] = DvRow(f"{key[0]}-01", key[1], key[2], kept, PANEL if kept_from == "panel" else HTML)
        stats.dv_disagreements.append((key, pvalue, value, kept, reason))
    for key, pvalue in panel_cells.items():
        if key in html_cells:
            continue
        if key[0] in pages:
            raise BuildError(f"DV {key}: in the panel ({pvalue}) but not on the page")
        out[key] = DvRow(f"{key[0]}-01", key[1], key[2], pvalue, PANEL)
    dv_months = {k[0] for k in out}
    stats.dv_months = len(dv_months)
    stats.dv_missing_months = [m for m in months if m not in dv_months]
    for month in sorted(dv_months):
        regions = {k[1] for k in out if k[0] == month and k[2] == "ALL"}
        if regions != set(DV_REGION_ORDER):
            raise BuildError(f"DV {month}: regions {sorted(regions)} (expected all six)")
    rows = list(out.values())
    stats.dv_source_counts = Counter(r.source for r in rows)
    return rows


def _build_designation(folder: Path, bulletin: list[BulletinRow], stats: Stats) -> list[DesignationRow]:
    """Normalise USCIS's exception rows to bulletin codes (PROVENANCE.md, "Chart designation")."""
    printed: dict[tuple[str, str], set[str]] = defaultdict(set)  # (month, category) -> columns
    for r in bulletin:
        printed[(r.bulletin_month, r.category)].add(r.chargeability)
    out: list[DesignationRow] = []
    path = folder / "uscis_chart_designation.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            month, block, cat = row["bulletin_month"], row["block"], row["category"]
            chart, confidence, source = row["chart"], row["confidence"], row["source"]
            if block not in ("family", "employment") or chart not in ("FAD", "DFF"):
                raise BuildError(f"{path.name} line {n}: block {block!r} / chart {chart!r}")
            if confidence not in ("high", "medium", "low"):
                raise BuildError(f"{path.name} line {n}: confidence {confidence!r}")
            stats.designation_in[cat] += 1
            targets: list[tuple[str, str]] = []  # (category, chargeability)
            if cat in ("ALL", "F2A"):
                targets.append((cat, "*"))
            elif cat == "EB4-SR":
                targets.append(("SR", "*"))
            elif cat == "EB5":
                codes = [c for c in CATEGORY_ORDER if c.startswith("EB5") and (month, c) in printed]
                if not codes:
                    raise BuildError(f"{path.name} line {n}: no EB-5 rows printed in {month}")
                targets.extend((code, "*") for code in codes)
            elif cat == "EB3+EW_except_CN_IN_PH":
                for code in ("EB3", "EW"):
                    columns = printed.get((month, code), set())
                    excluded = ("CHINA", "INDIA", "PHILIPPINES")
                    kept = [c for c in CHARGEABILITY_ORDER if c in columns and c not in excluded]
                    if "ALL" not in kept:
                        raise BuildError(f"{path.name} line {n}: no {code} ALL cell in {month}")
                    targets.extend((code, charg) for charg in kept)
            else:
                raise BuildError(f"{path.name} line {n}: unknown category {cat!r}")
            for category, chargeability in targets:
                out.append(DesignationRow(month, block, category, chargeability, chart, confidence, source))
                stats.designation_out[category] += 1
    blocks_by_month: dict[str, set[str]] = defaultdict(set)
    for r in out:
        if r.category == "ALL":
            blocks_by_month[r.bulletin_month].add(r.block)
    first, last = min(blocks_by_month), max(blocks_by_month)
    for month in month_range(date.fromisoformat(first), date.fromisoformat(last)):
        have = blocks_by_month.get(month.isoformat(), set())
        if have != {"family", "employment"}:
            raise BuildError(f"{path.name}: {month:%Y-%m} has ALL rows for {sorted(have)} only")
    return out


def write_files(result: BuildResult, data_dir: Path) -> dict[str, str]:
    """Write every data file as one set (cspa_lib.dataset). Months after LAST_MONTH that `add`
    put in data_dir are kept, with their lines of PROVENANCE.md."""
    data_dir = Path(data_dir)
    if data_dir.is_dir():
        recover(data_dir)  # finish (or drop) a write a killed process left behind, before reading
    files = render_files(result)
    added = _added_after(result, data_dir)
    if added is not None:
        files = render_files(added)
        provenance = data_dir / PROVENANCE_FILE
        if provenance.is_file():
            old = provenance.read_text(encoding="utf-8")
            if ADDED_HEADING in old:
                files[PROVENANCE_FILE] += "\n" + old[old.index(ADDED_HEADING) :]
    final = added or result
    validate_rows(final.bulletin, final.dv, [vars(r) for r in final.designation])
    write_set(data_dir, files)
    return files


def _added_after(result: BuildResult, data_dir: Path) -> BuildResult | None:
    """The build plus the rows of months later than LAST_MONTH already in data_dir, if any."""
    cutoff = f"{LAST_MONTH:%Y-%m-01}"
    path = data_dir / BULLETIN_FILE
    if not path.is_file():
        return None
    later = [r for r in read_bulletin(path) if r.bulletin_month > cutoff]
    if not later:
        return None
    dv_path = data_dir / DV_FILE
    later_dv = []
    if dv_path.is_file():
        later_dv = [r for r in read_dv(dv_path) if r.bulletin_month > cutoff]
    return BuildResult(result.bulletin + later, result.dv + later_dv, result.designation, result.stats)
