"""Append one month to the data files from a saved official bulletin page.

`cspa bulletin add visa-bulletin-for-august-2026.html` parses the page with the same parser as
the full build, refuses a page whose charts are incomplete or whose month is already present
(unless `replace`), and rewrites visa_bulletin.csv and dv_rank_cutoffs.csv in their canonical
order. New rows carry source `html`. The USCIS designation is not on the bulletin page, so
uscis_chart_designation.csv is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .html_parser import PageError, check_complete, parse_file
from .provenance import ADDED_HEADING
from .tables import (
    BULLETIN_FILE,
    DV_FILE,
    HTML,
    PROVENANCE_FILE,
    BulletinRow,
    DvRow,
    read_bulletin,
    read_dv,
    render_bulletin,
    render_dv,
    write_text,
)


class MonthPresentError(PageError):
    """The page's month is already in the data files and `replace` was not asked for."""


class MonthGapError(PageError):
    """Adding the page would leave a month missing between the data's last month and it."""


@dataclass
class AddResult:
    bulletin_month: date
    chart_rows: int
    dv_rows: int
    replaced: bool
    notes: list[str] = field(default_factory=list)


def _next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return f"{y:04d}-{m:02d}-01"


def add_page(page_path: Path | str, data_dir: Path | str, replace: bool = False) -> AddResult:
    """Add (or with `replace`, overwrite) the month of one saved bulletin page."""
    page_path, data_dir = Path(page_path), Path(data_dir)
    page = parse_file(page_path)
    check_complete(page, page_path.name)
    month = f"{page.bulletin_month:%Y-%m-01}"
    bulletin_path = data_dir / BULLETIN_FILE
    if not bulletin_path.is_file():
        raise PageError(f"{bulletin_path}: no such file (build the data first, or pass --data-dir)")
    rows = read_bulletin(bulletin_path)
    months = sorted({r.bulletin_month for r in rows})
    present = month in months
    if present and not replace:
        raise MonthPresentError(
            f"{page_path.name}: {month[:7]} is already in {bulletin_path} (pass --replace to overwrite that month)"
        )
    if not present and months and month > months[-1] and month != _next_month(months[-1]):
        raise MonthGapError(
            f"{page_path.name}: {month[:7]} would leave a gap after {months[-1][:7]}, the last "
            f"month in {bulletin_path}; add {_next_month(months[-1])[:7]} first"
        )
    new_rows = [BulletinRow(month, c.chart, c.category, c.chargeability, c.cutoff, HTML) for c in page.cells]
    kept = [r for r in rows if r.bulletin_month != month]
    bulletin_text = render_bulletin(kept + new_rows)  # raises on a repeated cell

    dv_path = data_dir / DV_FILE
    dv_rows = read_dv(dv_path) if dv_path.is_file() else []
    new_dv = [DvRow(month, d.region, d.country, d.cutoff, HTML) for d in page.dv]
    dv_text = render_dv([r for r in dv_rows if r.bulletin_month != month] + new_dv)

    notes = [f"{n.kind}: {n.where} {n.text!r}" for n in page.notes]
    write_text(bulletin_path, bulletin_text)
    write_text(dv_path, dv_text)
    _note_in_provenance(data_dir / PROVENANCE_FILE, page_path.name, month, new_rows, new_dv, notes, present)
    return AddResult(page.bulletin_month, len(new_rows), len(new_dv), present, notes)


def _note_in_provenance(
    path: Path,
    page_name: str,
    month: str,
    rows: list[BulletinRow],
    dv: list[DvRow],
    notes: list[str],
    replaced: bool,
) -> None:
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8").rstrip("\n")
    if ADDED_HEADING not in text:
        text += f"\n\n{ADDED_HEADING}\n"
    charts = sorted({r.chart for r in rows})
    line = (
        f"- {month[:7]}{' (replaced)' if replaced else ''}: from `{page_name}`, "
        f"{len(rows)} chart cells ({', '.join(charts)}), {len(dv)} DV cells, source `html`"
    )
    if notes:
        line += "; not stored: " + "; ".join(notes)
    write_text(path, text + "\n" + line + "\n")
