"""Row types, orderings and CSV writers shared by `build` and `add`.

The three data files are written here and only here, so a full build and an `add` produce the
same bytes for the same facts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cspa_lib.dataset import write_file

from .html_parser import CATEGORY_ORDER, CHARGEABILITY_ORDER, DV_REGION_ORDER, PageError
from .known import BulletinEvent, SuspectCell

BULLETIN_FILE = "visa_bulletin.csv"
DV_FILE = "dv_rank_cutoffs.csv"
DESIGNATION_FILE = "uscis_chart_designation.csv"
PROVENANCE_FILE = "PROVENANCE.md"
SUSPECT_FILE = "bulletin_suspect_cells.csv"
EVENTS_FILE = "bulletin_events.csv"
# PROVENANCE.md: the build's text ends here; `add`/`update` append one line a month below it.
ADDED_HEADING = "## Months added later with `cspa bulletin add`"

BULLETIN_COLUMNS = ("bulletin_month", "chart", "category", "chargeability", "cutoff", "source")
DV_COLUMNS = ("bulletin_month", "region", "country", "cutoff", "source")
DESIGNATION_COLUMNS = (
    "bulletin_month", "block", "category", "chargeability", "chart", "confidence", "source",
)  # fmt: skip
SUSPECT_COLUMNS = ("bulletin_month", "chart", "category", "chargeability", "printed", "cutoff", "alternative", "reason")
EVENT_COLUMNS = ("bulletin_month", "date", "event", "block", "note", "source")

# Source tokens (PROVENANCE.md, "Source tokens").
PANEL_AND_HTML = "panel+html"  # tidy table value, confirmed by our parse of the official page
PANEL = "panel"  # tidy table only: the month has no saved official page
HTML = "html"  # from the official page: the tidy table lacks the cell
SECONDARY = "secondary"  # neither source has it: a cited third-party copy of the page (build.py)

_CHART_ORDER = {"FAD": 0, "DFF": 1}
_CATEGORY_RANK = {c: i for i, c in enumerate(CATEGORY_ORDER)}
_CHARGEABILITY_RANK = {c: i for i, c in enumerate(CHARGEABILITY_ORDER)}
_REGION_RANK = {r: i for i, r in enumerate(DV_REGION_ORDER)}
_BLOCK_RANK = {"family": 0, "employment": 1}


@dataclass(frozen=True)
class BulletinRow:
    bulletin_month: str  # YYYY-MM-01
    chart: str
    category: str
    chargeability: str
    cutoff: str
    source: str

    def sort_key(self) -> tuple[str, int, int, int]:
        return (
            self.bulletin_month,
            _CHART_ORDER[self.chart],
            _CATEGORY_RANK[self.category],
            _CHARGEABILITY_RANK[self.chargeability],
        )


@dataclass(frozen=True)
class DvRow:
    bulletin_month: str
    region: str
    country: str
    cutoff: str
    source: str

    def sort_key(self) -> tuple[str, int, int, str]:
        # the regional cut-off first, then the exceptions alphabetically
        return (
            self.bulletin_month,
            _REGION_RANK[self.region],
            0 if self.country == "ALL" else 1,
            self.country,
        )


@dataclass(frozen=True)
class DesignationRow:
    bulletin_month: str
    block: str
    category: str
    chargeability: str
    chart: str
    confidence: str
    source: str

    def sort_key(self) -> tuple[str, int, int, int]:
        return (
            self.bulletin_month,
            _BLOCK_RANK[self.block],
            -1 if self.category == "ALL" else _CATEGORY_RANK[self.category],
            -1 if self.chargeability == "*" else _CHARGEABILITY_RANK[self.chargeability],
        )


def _render(columns: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def render_bulletin(rows: Iterable[BulletinRow]) -> str:
    ordered = sorted(rows, key=BulletinRow.sort_key)
    keys = [r.sort_key() for r in ordered]
    if len(set(keys)) != len(keys):
        raise PageError("visa_bulletin.csv would repeat a (month, chart, category, chargeability)")
    return _render(
        BULLETIN_COLUMNS,
        ((r.bulletin_month, r.chart, r.category, r.chargeability, r.cutoff, r.source) for r in ordered),
    )


def render_dv(rows: Iterable[DvRow]) -> str:
    ordered = sorted(rows, key=DvRow.sort_key)
    return _render(
        DV_COLUMNS,
        ((r.bulletin_month, r.region, r.country, r.cutoff, r.source) for r in ordered),
    )


def render_designation(rows: Iterable[DesignationRow]) -> str:
    ordered = sorted(rows, key=DesignationRow.sort_key)
    return _render(
        DESIGNATION_COLUMNS,
        (
            (
                r.bulletin_month,
                r.block,
                r.category,
                r.chargeability,
                r.chart,
                r.confidence,
                r.source,
            )
            for r in ordered
        ),
    )


def render_suspect_cells(cells: Iterable[SuspectCell]) -> str:
    return _render(
        SUSPECT_COLUMNS,
        (
            (f"{c.month}-01", c.chart, c.category, c.chargeability, c.printed, c.cutoff, c.alternative, c.reason)
            for c in cells
        ),
    )


def render_events(events: Iterable[BulletinEvent]) -> str:
    return _render(EVENT_COLUMNS, ((f"{e.month}-01", e.date, e.event, e.block, e.note, e.source) for e in events))


def read_bulletin(path: Path) -> list[BulletinRow]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != BULLETIN_COLUMNS:
            raise PageError(f"{path}: columns {reader.fieldnames} are not {list(BULLETIN_COLUMNS)}")
        return [BulletinRow(**row) for row in reader]


def read_dv(path: Path) -> list[DvRow]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != DV_COLUMNS:
            raise PageError(f"{path}: columns {reader.fieldnames} are not {list(DV_COLUMNS)}")
        return [DvRow(**row) for row in reader]


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 with LF line ends on every platform (the build is compared byte for byte),
    atomically (temporary file, fsync, rename)."""
    write_file(path, text.encode("utf-8"))
