"""A one- or two-page PDF of one case, in English or Spanish, to hand to a client or a colleague.

What a reader needs to check the answer without the tool: the case's dates, the verdict and the
margin to the 21 line, the timeline, every numbered step with its citation, the notes (flags) and
what another reading of the law would give (alternatives), which Visa Bulletin data were used and
on what date, and that this is an educational calculation, not legal advice.

Drawn with matplotlib's PDF backend (`PdfPages`); text is embedded as TrueType (`pdf.fonttype`
42) so it can be searched and extracted. Text flows down the page and onto a second page when
needed; if it would need a third, the whole report is set again in a smaller type. A thin layer:
it reads the clock only when `as_of` is not given, and the bundled bulletin only when
`bulletin_last_month` is not given.
"""

from __future__ import annotations

import io
import os
import tempfile
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .horizon import data_horizon
from .i18n import (
    UI,
    alternative_line,
    flag_label,
    format_fact_date,
    horizon_line,
    key_numbers,
    label_or_code,
    stale_warning,
    ui,
)
from .result import CspaResult

PAGE = (8.5, 11.0)  # US Letter, inches
MARGIN = 0.6
PLOT_HEIGHT = 4.7  # inches: the axes, then the legend under them
LEGEND_HEIGHT = 1.6
MAX_PAGES = 2
FONT_SIZES = (9.0, 8.2, 7.5, 6.8)  # tried in turn until the report fits on MAX_PAGES


@dataclass
class _Block:
    """One piece of the flow: wrapped text lines at a size, or the timeline plot."""

    kind: str  # "text" | "pair" (two columns: the lines of the left one, then the right one) | "plot" | "space"
    lines: list[str] = field(default_factory=list)
    size: float = 9.0
    weight: str = "normal"
    color: str = "#222222"
    indent: float = 0.0
    height: float = 0.0


def _facts(result: CspaResult, lang: str) -> list[tuple[str, str]]:
    """The case's dates and codes, as (label, value); only those the case has."""
    r = result
    rows: list[tuple[str, str]] = [(ui("category", lang), ui(f"cat_{r.category.value}", lang))]
    if r.category_after and r.category_after != r.category.value:
        rows.append((ui("category_after", lang), ui(f"cat_{r.category_after}", lang)))
    for key, value in (
        ("birth_date", r.birth_date),
        ("birthday_21", r.twenty_first_birthday),
        ("petition_filed", r.petition_filed),
        ("petition_approved", r.petition_approved),
        ("priority_date", r.priority_date),
        ("bulletin_current", r.bulletin_current),
        ("available", r.visa_available),
        ("freeze", r.freeze_date),
        ("sought_to_acquire", r.sought_to_acquire),
        ("deadline", r.sought_to_acquire_deadline),
        ("seek_by", r.seek_by if r.seek_by != r.sought_to_acquire_deadline else None),
        ("age_out", r.age_out_date),
    ):
        if value is not None:
            rows.append((ui(key, lang), format_fact_date(value, lang)))
    if r.pathway == "preference":  # where the bulletin and the agency matter
        rows.append((ui("chargeability", lang), label_or_code("chargeability_", r.chargeability, lang)))
        rows.append((ui("processing", lang), label_or_code("processing_", r.processing, lang)))
    if r.pathway == "naturalization":  # whose reading of INA 201(f)(2)
        rows.append((ui("jurisdiction", lang), label_or_code("jurisdiction_", r.jurisdiction, lang)))
    for key, code in (("chart", r.chart), ("policy", r.policy)):
        if code:
            rows.append((ui(key, lang), ui(f"{key}_{code}", lang) if f"{key}_{code}" in UI else code))
    return rows


def _blocks(result: CspaResult, lang: str, as_of: date, last_month: date, size: float) -> list[_Block]:
    from .plots import outcome_color

    width = int(98 * 9.0 / size)  # characters per line across the text width at this size
    small = size - 0.8

    def text(value: str, *, scale: float = 1.0, weight: str = "normal", color: str = "#222222",
             indent: float = 0.0, hang: str = "") -> _Block:
        chars = int((width - indent * 14) / scale * (0.9 if weight == "bold" else 1.0))
        lines = textwrap.wrap(value, chars, subsequent_indent=hang, break_on_hyphens=False) or [""]
        return _Block("text", lines, size * scale, weight, color, indent)

    title = ui("report_title", lang) + (f" · {result.case_id}" if result.case_id else "")
    horizon = data_horizon(last_month, as_of)
    blocks = [
        text(title, scale=1.55, weight="bold"),
        text(ui("report_evaluated", lang).format(date=format_fact_date(as_of, lang))
             + " · " + horizon_line(horizon, lang), scale=small / size, color="#555555"),
    ]
    warning = stale_warning(horizon, lang)
    if warning:  # rule book §12.9: say how old the data are, and how to update them
        blocks.append(text(warning, scale=small / size, color="#8a5a00"))
    blocks += [
        _Block("space", height=0.08),
        text(result.verdict(lang), scale=1.25, weight="bold", color=outcome_color(result.outcome)),
    ]
    numbers = [f"{label}: {value}" for label, value in key_numbers(result, lang)]
    if numbers:
        blocks.append(text(" · ".join(numbers)))
    blocks.append(_Block("space", height=0.06))
    blocks.append(text(ui("case_heading", lang), scale=1.1, weight="bold"))
    facts = [f"{label}: {value}" for label, value in _facts(result, lang)]
    half = (len(facts) + 1) // 2
    for left, right in zip(facts[:half], facts[half:] + [""] * (2 * half - len(facts)), strict=True):
        lines = textwrap.wrap(left, width // 2 - 2, break_on_hyphens=False) or [""]
        more = textwrap.wrap(right, width // 2 - 2, break_on_hyphens=False) or [""]
        rows = max(len(lines), len(more))
        blocks.append(_Block("pair", [*lines, *[""] * (rows - len(lines)), *more, *[""] * (rows - len(more))],
                             size, indent=0.1))
    blocks.append(_Block("plot", height=PLOT_HEIGHT))
    blocks.append(text(ui("steps", lang), scale=1.1, weight="bold"))
    for line in result.explain(lang):
        number = line.split(" ", 1)[0]
        blocks.append(text(line, indent=0.1, hang=" " * (len(number) + 2)))
    if result.flags:
        blocks.append(_Block("space", height=0.05))
        blocks.append(text(ui("flags", lang), scale=1.1, weight="bold"))
        for flag in result.flags:
            blocks.append(text("• " + flag_label(flag, lang), indent=0.1, hang="  "))
    if result.alternatives:
        blocks.append(_Block("space", height=0.05))
        blocks.append(text(ui("report_alternatives", lang), scale=1.1, weight="bold"))
        for alternative in result.alternatives:
            blocks.append(text("• " + alternative_line(alternative, lang), indent=0.1, hang="  "))
    blocks.append(_Block("space", height=0.1))
    blocks.append(text(ui("report_disclaimer", lang), scale=small / size, weight="bold", color="#444444"))
    return blocks


def _line_height(size: float) -> float:
    return size * 1.32 / 72


def _height(block: _Block) -> float:
    if block.kind == "text":
        return _line_height(block.size) * len(block.lines)
    if block.kind == "pair":
        return _line_height(block.size) * (len(block.lines) // 2)
    return block.height


def _paginate(blocks: list[_Block]) -> list[list[tuple[_Block, float]]]:
    """Place the blocks top-down: (block, top y in inches) per page."""
    pages: list[list[tuple[_Block, float]]] = [[]]
    top = PAGE[1] - MARGIN
    for block in blocks:
        height = _height(block)
        if top - height < MARGIN and pages[-1]:
            if block.kind == "space":
                continue
            pages.append([])
            top = PAGE[1] - MARGIN
        if block.kind == "text" and top - height < MARGIN:  # a paragraph longer than a page: split it
            fit = max(1, int((top - MARGIN) / _line_height(block.size)))
            head = _Block("text", block.lines[:fit], block.size, block.weight, block.color, block.indent)
            rest = _Block("text", block.lines[fit:], block.size, block.weight, block.color, block.indent)
            pages[-1].append((head, top))
            pages.append([])
            top = PAGE[1] - MARGIN
            block, height = rest, _line_height(block.size) * len(rest.lines)
        pages[-1].append((block, top))
        top -= height
    return pages


def render_report(
    result: CspaResult,
    lang: str = "en",
    as_of: date | None = None,
    bulletin_last_month: date | None = None,
) -> bytes:
    """The report as PDF bytes (one or two US Letter pages).

    `as_of` is the evaluation date printed on the report (default: today); `bulletin_last_month`
    the last month of the Visa Bulletin data the result was computed with (default: the bundled
    data's).
    """
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    ui("title", lang)  # an unknown language fails here, naming the accepted ones
    as_of = as_of or date.today()
    if bulletin_last_month is None:
        from .bulletin import load_bulletin

        bulletin_last_month = load_bulletin().last_month
    for size in FONT_SIZES:
        pages = _paginate(_blocks(result, lang, as_of, bulletin_last_month, size))
        if len(pages) <= MAX_PAGES:
            break
    buffer = io.BytesIO()
    metadata = {"Title": f"{ui('report_title', lang)} {result.case_id}".strip(), "Creator": "cspa",
                "CreationDate": None}
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer, metadata=metadata) as pdf:
        for figure in _figures(result, lang, pages):
            pdf.savefig(figure)
    return buffer.getvalue()


def _figures(result: CspaResult, lang: str, pages: list[list[tuple[_Block, float]]]) -> list:
    """One matplotlib Figure per page (not pyplot: nothing is shown or kept)."""
    from matplotlib.figure import Figure

    from .plots import plot_timeline

    figures = []
    for number, page in enumerate(pages, start=1):
        figure = Figure(figsize=PAGE)
        for block, top in page:
            if block.kind == "plot":
                bottom = top - block.height + LEGEND_HEIGHT
                ax = figure.add_axes((0.1, bottom / PAGE[1], 0.86, (top - 0.1 - bottom) / PAGE[1]))
                plot_timeline(result, ax=ax, lang=lang, title=False)
                handles, labels = ax.get_legend_handles_labels()  # the same legend, set for paper
                ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2,
                          frameon=False, fontsize=block.size - 1.2, numpoints=1)
                continue
            step = _line_height(block.size)
            if block.kind == "pair":
                rows = len(block.lines) // 2
                columns = [(block.lines[:rows], MARGIN + block.indent),
                           (block.lines[rows:], PAGE[0] / 2 + block.indent / 2)]
            else:
                columns = [(block.lines, MARGIN + block.indent)]
            for lines, x in columns:
                for index, line in enumerate(lines):
                    figure.text(x / PAGE[0], (top - step * (index + 0.8)) / PAGE[1], line, fontsize=block.size,
                                fontweight=block.weight, color=block.color)
        footer = f"{ui('report_title', lang)} · {result.case_id} · {number}/{len(pages)}"
        figure.text(0.5, MARGIN / 2 / PAGE[1], footer.replace(" ·  ·", " ·"), ha="center", fontsize=7,
                    color="#777777")
        figures.append(figure)
    return figures


def write_report(
    result: CspaResult,
    path: str | Path,
    lang: str = "en",
    as_of: date | None = None,
    bulletin_last_month: date | None = None,
) -> Path:
    """Write the report to `path` atomically: a temporary file in the same folder, fsync, rename."""
    path = Path(path)
    data = render_report(result, lang, as_of=as_of, bulletin_last_month=bulletin_last_month)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def safe_file_name(case_id: str, fallback: str) -> str:
    """A file name from a case id: letters, digits, `-`, `_` and `.` kept, the rest `_`; never
    empty, hidden or longer than 100 characters."""
    kept = "".join(c if c.isalnum() or c in "-_." else "_" for c in case_id.strip()).strip("._")
    return (kept or fallback)[:100]
