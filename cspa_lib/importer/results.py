"""What a build produces: the rows of each data file and the statistics PROVENANCE.md reports.

Plain data shared by `build.py` (which fills them) and `provenance.py` (which renders them).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .html_parser import Note
from .tables import BulletinRow, DesignationRow, DvRow


@dataclass
class Stats:
    """Everything PROVENANCE.md reports, gathered while building."""

    pages: list[tuple[str, str]] = field(default_factory=list)  # (YYYY-MM, file name)
    months_without_page: list[str] = field(default_factory=list)
    panel_cells: int = 0
    html_cells: int = 0
    shared_cells: int = 0
    shared_by_chargeability: Counter[str] = field(default_factory=Counter)
    disagreements: list[tuple[tuple[str, str, str, str], str, str, str, str]] = field(
        default_factory=list
    )  # (key, panel, html, kept, reason)
    filled: list[tuple[str, str, str, str, str, int]] = field(
        default_factory=list
    )  # (month, chart, block, chargeability, what, n)
    filled_cells: int = 0
    panel_only_cells: int = 0
    panel_blank: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    page_notes: list[tuple[str, Note]] = field(default_factory=list)
    missing_columns: list[tuple[tuple[str, str, str, str], str]] = field(default_factory=list)
    labels: dict[tuple[str, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )  # (code, printed label) -> months
    headers: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    panel_codes: dict[tuple[str, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )  # (panel code, our code) -> months
    eb5_general: dict[tuple[str, str], list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (chart, code) -> months
    secondary_compared: int = 0
    secondary_filled: list[tuple[str, str, str, str]] = field(default_factory=list)
    dv_shared: int = 0
    dv_panel_only_months: int = 0
    dv_filled: list[tuple[str, str, str, str]] = field(default_factory=list)
    dv_disagreements: list[tuple[tuple[str, str, str], str, str, str, str]] = field(default_factory=list)
    dv_months: int = 0
    dv_missing_months: list[str] = field(default_factory=list)
    designation_in: Counter[str] = field(default_factory=Counter)
    designation_out: Counter[str] = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)
    source_counts: Counter[str] = field(default_factory=Counter)
    dv_source_counts: Counter[str] = field(default_factory=Counter)


@dataclass
class BuildResult:
    bulletin: list[BulletinRow]
    dv: list[DvRow]
    designation: list[DesignationRow]
    stats: Stats
