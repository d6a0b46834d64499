"""Append months to the data files from official bulletin pages.

`cspa bulletin add visa-bulletin-for-august-2026.html` (and `cspa bulletin update`, which fetches
the pages) parses each page with the same parser as the full build and validates before writing:
- the page has every chart and DV region its month must print (`check_complete`);
- no cell was unreadable, unless `allow_partial` (a dropped country cell would otherwise fall back
  silently to the all-chargeability cut-off);
- the month is not before the data's first month, not already present (unless `replace`) and
  leaves no gap;
- the would-be rows load as a `Bulletin` (the runtime's own checks: contiguous months, codes,
  values, no repeated cell).
Only then are visa_bulletin.csv, dv_rank_cutoffs.csv and PROVENANCE.md replaced, together, as one
set (cspa_lib.dataset): a kill at any moment leaves the old data or the new, never a mix. New rows
carry source `html`. The USCIS designation is not on the bulletin page, so
uscis_chart_designation.csv is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cspa_lib.dataset import recover, write_set, writer_lock

from .html_parser import PageError, ParsedPage, check_complete, parse_file
from .tables import (
    ADDED_HEADING,
    BULLETIN_FILE,
    DESIGNATION_FILE,
    DV_FILE,
    HTML,
    PROVENANCE_FILE,
    BulletinRow,
    DvRow,
    read_bulletin,
    read_dv,
    render_bulletin,
    render_dv,
)

# Notes that mean a printed cell was lost: refused unless allow_partial.
_LOSSY_NOTES = ("unparseable", "skipped_column")


class MonthPresentError(PageError):
    """The page's month is already in the data files and `replace` was not asked for."""


class MonthGapError(PageError):
    """Adding the page would leave a month missing between the data's last month and it."""


class MonthBeforeDataError(PageError):
    """The page's month is earlier than the data's first month (the history cannot grow backwards)."""


class PartialPageError(PageError):
    """Some printed cells could not be read and `allow_partial` was not given."""


@dataclass
class AddResult:
    bulletin_month: date
    chart_rows: int
    dv_rows: int
    replaced: bool
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PageToAdd:
    """A parsed page and where it came from (a file name or a URL, shown in PROVENANCE.md)."""

    page: ParsedPage
    origin: str


def _next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return f"{y:04d}-{m:02d}-01"


def add_page(
    page_path: Path | str, data_dir: Path | str, replace: bool = False, allow_partial: bool = False
) -> AddResult:
    """Add (or with `replace`, overwrite) the month of one saved bulletin page."""
    page_path = Path(page_path)
    page = parse_file(page_path)
    (result,) = add_pages([PageToAdd(page, page_path.name)], data_dir, replace, allow_partial)
    return result


def add_pages(
    pages: Sequence[PageToAdd], data_dir: Path | str, replace: bool = False, allow_partial: bool = False
) -> list[AddResult]:
    """Validate every page against the data and the ones before it, then write once (or not at all)."""
    data_dir = Path(data_dir)
    bulletin_path = data_dir / BULLETIN_FILE
    if not bulletin_path.is_file():
        raise PageError(f"{bulletin_path}: no such file (build the data first, or pass --data-dir)")
    with writer_lock(data_dir):  # read, check and write with no other writer in between
        return _add_pages(pages, data_dir, bulletin_path, replace, allow_partial)


def _add_pages(
    pages: Sequence[PageToAdd], data_dir: Path, bulletin_path: Path, replace: bool, allow_partial: bool
) -> list[AddResult]:
    recover(data_dir)  # finish (or drop) a write a killed process left behind
    rows = read_bulletin(bulletin_path)
    dv_path = data_dir / DV_FILE
    dv_rows = read_dv(dv_path) if dv_path.is_file() else []
    provenance_lines: list[str] = []
    results = []
    for item in pages:
        result, rows, dv_rows, line = _merge(item, rows, dv_rows, bulletin_path, replace, allow_partial)
        results.append(result)
        provenance_lines.append(line)
    bulletin_text = render_bulletin(rows)  # raises on a repeated cell
    dv_text = render_dv(dv_rows)
    validate_rows(rows, dv_rows, _designation_rows(data_dir))
    files = {BULLETIN_FILE: bulletin_text, DV_FILE: dv_text}
    provenance = data_dir / PROVENANCE_FILE
    if provenance.is_file():
        text = provenance.read_text(encoding="utf-8").rstrip("\n")
        if ADDED_HEADING not in text:
            text += f"\n\n{ADDED_HEADING}\n"
        files[PROVENANCE_FILE] = text + "\n" + "\n".join(provenance_lines) + "\n"
    write_set(data_dir, files, lock=False)
    return results


def _merge(
    item: PageToAdd,
    rows: list[BulletinRow],
    dv_rows: list[DvRow],
    bulletin_path: Path,
    replace: bool,
    allow_partial: bool,
) -> tuple[AddResult, list[BulletinRow], list[DvRow], str]:
    page, name = item.page, item.origin
    check_complete(page, name)
    lossy = [n for n in page.notes if n.kind in _LOSSY_NOTES]
    if lossy and not allow_partial:
        listed = "; ".join(f"{n.where} {n.text!r}" for n in lossy[:5])
        raise PartialPageError(
            f"{name} ({page.bulletin_month:%Y-%m}): {len(lossy)} printed cell(s) or column(s) could not be "
            f"read ({listed}); pass --allow-partial to add the readable cells only"
        )
    month = f"{page.bulletin_month:%Y-%m-01}"
    months = sorted({r.bulletin_month for r in rows})
    present = month in months
    if months and month < months[0]:
        raise MonthBeforeDataError(f"{name}: {month[:7]} is before {months[0][:7]}, the first month in {bulletin_path}")
    if present and not replace:
        raise MonthPresentError(
            f"{name}: {month[:7]} is already in {bulletin_path} (pass --replace to overwrite that month)"
        )
    if not present and months and month > months[-1] and month != _next_month(months[-1]):
        raise MonthGapError(
            f"{name}: {month[:7]} would leave a gap after {months[-1][:7]}, the last "
            f"month in {bulletin_path}; add {_next_month(months[-1])[:7]} first"
        )
    new_rows = [BulletinRow(month, c.chart, c.category, c.chargeability, c.cutoff, HTML) for c in page.cells]
    new_dv = [DvRow(month, d.region, d.country, d.cutoff, HTML) for d in page.dv]
    notes = [f"{n.kind}: {n.where} {n.text!r}" for n in page.notes]
    charts = sorted({r.chart for r in new_rows})
    line = (
        f"- {month[:7]}{' (replaced)' if present else ''}: from `{markdown_code(name)}`, "
        f"{len(new_rows)} chart cells ({', '.join(charts)}), {len(new_dv)} DV cells, source `html`"
    )
    if notes:
        line += "; not stored: " + "; ".join(markdown_text(n) for n in notes)
    result = AddResult(page.bulletin_month, len(new_rows), len(new_dv), present, notes)
    kept = [r for r in rows if r.bulletin_month != month]
    kept_dv = [r for r in dv_rows if r.bulletin_month != month]
    return result, kept + new_rows, kept_dv + new_dv, line


def validate_rows(rows: list[BulletinRow], dv_rows: list[DvRow], designation: Sequence[Mapping[str, Any]]) -> None:
    """Load the would-be rows exactly as the runtime will (its errors name what is wrong)."""
    from cspa_lib.bulletin import Bulletin  # the runtime's loader: one definition of valid
    from cspa_lib.errors import BulletinDataError

    try:
        Bulletin(
            (vars(r) for r in rows),
            [vars(r) for r in dv_rows],
            designation,
            source=f"{BULLETIN_FILE} (as it would be)",
            dv_source=f"{DV_FILE} (as it would be)",
            designation_source=DESIGNATION_FILE,
        )
    except BulletinDataError as exc:
        raise PageError(f"the data would not load, nothing written: {exc}") from None


def _designation_rows(data_dir: Path) -> list[Mapping[str, Any]]:
    from cspa_lib.bulletin import _csv_rows

    path = data_dir / DESIGNATION_FILE
    if not path.is_file():
        return []
    with open(path, "rb") as fh:
        return list(_csv_rows(fh, DESIGNATION_FILE, ()))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")


def markdown_text(text: str, limit: int = 200) -> str:
    """Page text made inert in Markdown: one line, control characters dropped, every character
    Markdown or HTML could act on backslash-escaped, at most `limit` characters."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)


def markdown_code(text: str, limit: int = 200) -> str:
    """Text for inside a single-backtick code span: one line, no backticks."""
    flat = " ".join(_CONTROL.sub(" ", text).split()).replace("`", "'")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
