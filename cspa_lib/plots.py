"""Plot helpers for teaching: the CSPA age on a calendar, against the 21-year line.

Every helper follows matplotlib's recommended signature `plot_x(data, ax=None, lang="en") -> Axes`:
it draws on the axes it is given, creates a figure with `plt.subplots()` only when none is given,
and never calls `plt.show()` or `plt.gca()` (STYLE.md, practice 12). Labels come from `i18n`.

Ages are drawn piecewise-linear between anniversaries, so a line reaches 21 exactly on the legal
21st birthday (Feb 29 convention included) and the CSPA line exactly one day after the age-out
date: the picture agrees with the verdict to the day. Artists a test or a reader may look for
carry a `gid` (e.g. "marker:visa_available", "line_21", "margin_label").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import matplotlib.dates as mdates
import numpy as np
from matplotlib.colors import TwoSlopeNorm
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .codes import Feb29Rule, Outcome
from .dates import age_ymd, anniversary, next_month
from .i18n import _MONTHS, category_name, chargeability_label, format_date, format_days, format_month, format_ymd, ui

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from .bulletin import Bulletin
    from .result import CspaResult

# Colours: readable on a projector and for red-green colour blindness (text always says it too).
PROTECTED = "#1a7f37"
AGED_OUT = "#c62828"
OTHER = "#a15c00"
BIO = "#1f5fa8"
CSPA = "#e66100"
LINE_21 = "#222222"
LINE_21_WIDTH = 3.2  # the line the whole lesson is about: solid and thick enough for the back row
CHART_COLORS = {"FAD": "#1f5fa8", "DFF": "#e66100"}
MARKERS: dict[str, tuple[str, str]] = {  # key -> (marker, colour)
    "birth": ("o", "#555555"),
    "filed": ("o", "#6a3d9a"),
    "approved": ("s", "#1f78b4"),
    "current": ("D", "#33a02c"),
    "available": ("*", "#000000"),
    "sought": ("P", "#555555"),
    "deadline": ("v", "#7f7f7f"),
    "age_out": ("X", AGED_OUT),
    "freeze": ("*", "#000000"),
    "b21": ("^", "#222222"),
}
FONT = {"title": 14, "label": 12, "tick": 11, "legend": 10, "note": 11}


def outcome_color(outcome: Outcome | str) -> str:
    """Green for protected, red for aged out or not a child, amber for everything undecided."""
    value = str(outcome)
    if value == Outcome.PROTECTED.value:
        return PROTECTED
    if value in (Outcome.AGED_OUT.value, Outcome.NOT_ELIGIBLE.value, Outcome.SOUGHT_TO_ACQUIRE_FAILED.value):
        return AGED_OUT
    return OTHER


def _axes(ax: Axes | None, figsize: tuple[float, float] = (10, 6.5)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


# --- ages as numbers -------------------------------------------------------------------------


def age_years(birth: date, day: date, feb29: Feb29Rule | str = Feb29Rule.MAR1) -> float:
    """Age in years as a number for plotting: whole on each anniversary, linear in between."""
    years = day.year - birth.year
    if anniversary(birth, years, Feb29Rule(feb29)) > day:
        years -= 1
    start = anniversary(birth, years, Feb29Rule(feb29))
    end = anniversary(birth, years + 1, Feb29Rule(feb29))
    return years + (day - start).days / (end - start).days


def _age_line(birth: date, start: date, end: date, feb29: Feb29Rule, shift_days: int = 0):
    """(x, y) of the age line on [start, end]; shifted right by `shift_days` (the CSPA line)."""
    shift = timedelta(days=shift_days)
    lo, hi = start - shift, end - shift
    knots = [lo]
    for n in range(lo.year - birth.year, hi.year - birth.year + 2):
        a = anniversary(birth, n, feb29)
        if lo < a < hi:
            knots.append(a)
    knots.append(hi)
    x = np.array([mdates.date2num(k + shift) for k in knots])
    y = np.array([age_years(birth, k, feb29) for k in knots])
    return x, y


def _num(d: date) -> float:
    return float(mdates.date2num(d))


# --- axis formatting -------------------------------------------------------------------------


def _frame(ax: Axes, xlabel: str, ylabel: str) -> None:
    """Axis labels, tick size and a light grid behind the data: one look for every line plot."""
    ax.set_xlabel(xlabel, fontsize=FONT["label"])
    ax.set_ylabel(ylabel, fontsize=FONT["label"])
    ax.tick_params(labelsize=FONT["tick"])
    ax.grid(True, color="#e0e0e0", linewidth=0.8)
    ax.set_axisbelow(True)


def _date_axis(axis: Any, lang: str, maxticks: int = 7) -> None:
    """Translated month abbreviations ('ene 2024'); January ticks show the year alone."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=maxticks)
    axis.set_major_locator(locator)

    def label(value: float, _pos: int) -> str:
        d = mdates.num2date(value).date()
        if d.month == 1 and d.day == 1:
            return str(d.year)
        if d.day == 1:
            return f"{_MONTHS[lang][d.month - 1][:3]} {d.year}"
        return format_date(d, lang)

    axis.set_major_formatter(FuncFormatter(label))


def _marker(ax: Axes, key: str, day: date, y: float, label: str, **kw: Any) -> None:
    marker, color = MARKERS[key]
    style = dict(
        marker=marker,
        color=color,
        markersize=11 if marker != "*" else 17,
        markeredgecolor="white",
        markeredgewidth=0.8,
        linestyle="none",
        zorder=5,
    )
    style.update(kw)
    ax.plot([_num(day)], [y], label=label, gid=f"marker:{key}", **style)


def _margin_text(result: CspaResult, lang: str) -> str:
    """'508 days under the 21 line (1 year, 4 months, 22 days)': the gap between the day the age
    is measured on and the 21st birthday, in days and as a calendar span of those two dates."""
    days = int(result.days_under_21 or 0)
    ref, b21 = result.reference_date, result.twenty_first_birthday
    assert ref is not None
    span = age_ymd(min(ref, b21), max(ref, b21))
    parts = [p for p in format_ymd(span, lang).split(", ") if not p.startswith("0 ")]
    key = "margin_under_text" if days > 0 else "margin_over_text"
    text = ui(key, lang).format(days=format_days(abs(days), lang), ymd=", ".join(parts))
    if span.years == 0 and span.months == 0:  # "(3 days)" would only repeat the day count
        text = text[: text.rindex(" (")]
    return text


# --- the timeline ----------------------------------------------------------------------------


def plot_timeline(
    result: CspaResult,
    ax: Axes | None = None,
    lang: str = "en",
    *,
    legend: bool = True,
    title: bool = True,
) -> Axes:
    """Calendar time on x, age on y: the biological age, the CSPA age, the 21-year line, the
    case's dates as markers, and the margin to 21 in days and in years/months/days.

    Preference cases (INA 203(h)(1)): the CSPA line is the biological line moved right by the
    pending days, so it reaches 21 the day after the age-out date, and the drop at the
    visa-available date is the formula "age at availability - pending time = CSPA age". Freeze
    cases (immediate relatives, asylees, refugees, K-2, naturalization) compare the freeze date
    with the 21st birthday; the CSPA age stays flat from the freeze date on.

    The view centres on the 21 line; filing and approval dates more than about six years away
    stay in the legend (with their dates) but out of view. `legend=False` / `title=False` leave
    those to the caller (the explorer shows them as HTML, which is faster than drawing text).
    """
    ax = _axes(ax)
    r = result
    color = outcome_color(r.outcome)
    birth, b21, feb29 = r.birth_date, r.twenty_first_birthday, r.feb29
    preference = r.pathway == "preference"
    measured = r.visa_available if preference else r.freeze_date  # the day the rule looks at
    ref = r.reference_date
    shift = 0  # days between the day measured and the day whose age counts
    if measured is not None and ref is not None:
        shift = (measured - ref).days
    elif preference and r.pending_days is not None:
        shift = r.pending_days
    crossing = b21 + timedelta(days=shift)  # where the CSPA age reaches 21

    def bio(d: date) -> float:
        return age_years(birth, d, feb29)

    # The view: what decides the verdict, plus filing and approval when they are not too far.
    core = [
        d
        for d in (
            measured,
            b21,
            crossing,
            r.bulletin_current,
            r.sought_to_acquire,
            r.sought_to_acquire_deadline,
            r.age_out_date if preference else None,
        )
        if d is not None
    ]
    lo, hi = min(core), max(core)
    optional = (r.petition_filed, r.petition_approved) if preference else (ref,)
    for d in optional:
        if d is not None and (max(hi, d) - min(lo, d)).days <= 6 * 366:
            lo, hi = min(lo, d), max(hi, d)
    pad = timedelta(days=max(150, int((hi - lo).days * 0.08)))
    start, end = lo - pad, hi + pad

    x, y = _age_line(birth, start, end, feb29)
    ax.plot(x, y, color=BIO, linewidth=2.4, label=ui("biological_age", lang), gid="line:biological")
    ax.axhline(21, color=LINE_21, linewidth=LINE_21_WIDTH, label=ui("line_21", lang), gid="line_21", zorder=1)
    if shift > 0:
        cx, cy = _age_line(birth, start, end, feb29, shift)
        ax.plot(
            cx,
            cy,
            color=CSPA,
            linewidth=2.4,
            gid="line:cspa",
            label=ui("cspa_line", lang).format(days=format_days(shift, lang)),
        )
    elif measured is not None and ref is not None:
        frozen = bio(ref)
        ax.plot(
            [_num(measured), _num(end)],
            [frozen, frozen],
            color=CSPA,
            linewidth=2.4,
            gid="line:cspa",
            label=ui("frozen_line", lang),
        )

    birth_label = f"{ui('birth', lang)}: {format_date(birth, lang)}"
    if start <= birth:
        _marker(ax, "birth", birth, 0.0, birth_label)
    else:  # usually two decades out of view: named in the legend, not drawn
        birth_marker, birth_color = MARKERS["birth"]
        ax.plot([], [], marker=birth_marker, color=birth_color, linestyle="none", label=birth_label, gid="legend:birth")
    if preference:
        for key, label, day in (
            ("filed", "petition_filed", r.petition_filed),
            ("approved", "petition_approved", r.petition_approved),
            ("current", "bulletin_current", r.bulletin_current),
        ):
            if day is not None:
                _marker(ax, key, day, bio(day), f"{ui(label, lang)}: {format_date(day, lang)}")
    if r.sought_to_acquire is not None:
        met = r.sought_to_acquire_met
        _marker(
            ax,
            "sought",
            r.sought_to_acquire,
            bio(r.sought_to_acquire),
            f"{ui('sought_to_acquire', lang)}: {format_date(r.sought_to_acquire, lang)}",
            color=PROTECTED if met else AGED_OUT if met is False else MARKERS["sought"][1],
        )
    if r.sought_to_acquire_deadline is not None and measured is not None:
        ax.axvspan(
            _num(measured),
            _num(r.sought_to_acquire_deadline),
            color="#9e9e9e",
            alpha=0.13,
            linewidth=0,
            gid="window",
            label=ui("window", lang),
        )
        ax.axvline(
            _num(r.sought_to_acquire_deadline),
            color=MARKERS["deadline"][1],
            linewidth=1.4,
            linestyle=":",
            gid="marker:deadline",
            label=f"{ui('deadline', lang)}: {format_date(r.sought_to_acquire_deadline, lang)}",
        )

    box: list[tuple[str, str, str]] = []  # (text, colour, gid) for the box in the top-left corner
    if measured is not None and ref is not None:
        key = "available" if preference else "freeze"
        y_bio, y_cspa = bio(measured), bio(ref)
        _marker(ax, key, measured, y_bio, f"{ui(key, lang)}: {format_date(measured, lang)}")
        if shift > 0:
            ax.annotate(
                "",
                xy=(_num(measured), y_cspa),
                xytext=(_num(measured), y_bio),
                arrowprops=dict(arrowstyle="-|>", color=CSPA, linewidth=2, shrinkA=6, shrinkB=3),
                zorder=4,
                gid="drop",
            )
            ax.plot(
                [_num(measured)],
                [y_cspa],
                marker="o",
                color=CSPA,
                markersize=9,
                markeredgecolor="white",
                linestyle="none",
                zorder=6,
                gid="marker:cspa_age",
            )
            at = age_ymd(birth, measured, feb29)
            box.append(
                (
                    f"{ui('age_on', lang).format(date=format_date(measured, lang))}: {format_ymd(at, lang)}",
                    BIO,
                    "age_label",
                )
            )
            box.append((f"− {format_days(shift, lang)} ({ui('pending_time', lang).lower()})", CSPA, "pending_label"))
            box.append((f"= {ui('cspa_age', lang)}: {format_ymd(r.cspa_age, lang)}", CSPA, "cspa_age_label"))
        else:
            box.append((f"{ui('cspa_age', lang)}: {format_ymd(r.cspa_age, lang)}", CSPA, "cspa_age_label"))
    if start <= b21 <= end:  # where the biological line meets 21
        _marker(ax, "b21", b21, 21.0, f"{ui('birthday_21', lang)}: {format_date(b21, lang)}")
    if preference and r.age_out_date is not None:
        _marker(ax, "age_out", r.age_out_date, 21.0, f"{ui('age_out', lang)}: {format_date(r.age_out_date, lang)}")

    if r.days_under_21 is not None and measured is not None and ref is not None:
        target = measured + timedelta(days=r.days_under_21)  # the crossing
        side = PROTECTED if r.days_under_21 > 0 else AGED_OUT  # the margin's own sign
        ax.annotate(
            "",
            xy=(_num(target), 21),
            xytext=(_num(measured), 21),
            arrowprops=dict(arrowstyle="<|-|>", color=side, linewidth=2.6, shrinkA=0, shrinkB=0, mutation_scale=14),
            zorder=4,
            gid="margin_arrow",
        )
        box.append((_margin_text(r, lang), side, "margin_label"))
    elif r.age_out_date is not None:
        box.append(
            (ui("must_be_available_by", lang).format(date=format_date(r.age_out_date, lang)), color, "margin_label")
        )
    for i, (text, col, gid) in enumerate(box):
        last = i == len(box) - 1
        ax.annotate(
            text,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(10, -10 - 21 * i),
            textcoords="offset points",
            ha="left",
            va="top",
            color=col,
            gid=gid,
            fontsize=FONT["label"] + (1 if last else 0),
            fontweight="bold" if last else "normal",
            bbox=dict(boxstyle="round,pad=0.25", facecolor="white", alpha=0.9, edgecolor=col) if last else None,
        )

    ax.set_xlim(_num(start), _num(end))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    low = min(bio(start), bio(ref) if ref is not None else 21.0)
    ax.set_ylim(max(-0.3, low - 0.8), max(21.0, bio(end)) + 0.8)
    _date_axis(ax.xaxis, lang)
    _frame(ax, ui("date", lang), ui("age_years", lang))
    if title:
        ax.set_title(
            r.verdict(lang), color=color, fontsize=FONT["title"], fontweight="bold", loc="left", gid="verdict_title"
        )
    if legend:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.11),
            ncol=2,
            frameon=False,
            fontsize=FONT["legend"],
            numpoints=1,
            handletextpad=0.4,
            columnspacing=1.5,
        )
    return ax


_SYMBOLS = {"^": "▲", "o": "●", "s": "■", "D": "◆", "*": "★", "P": "✚", "X": "✖", "v": "▼", "x": "×"}


def legend_entries(ax: Axes) -> list[tuple[str, str, str]]:
    """(symbol, colour, label) for each labelled artist: the legend as data, for an HTML key."""
    from matplotlib.colors import to_hex
    from matplotlib.lines import Line2D

    out = []
    for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
        if isinstance(handle, Line2D):
            marker = str(handle.get_marker())
            if marker in _SYMBOLS and handle.get_linestyle() in ("None", "none", ""):
                symbol = _SYMBOLS[marker]
                color = handle.get_markerfacecolor()
            else:
                symbol = {"--": "╌╌", ":": "┈┈", "-.": "─·"}.get(str(handle.get_linestyle()), "━━")
                color = handle.get_color()
        else:  # a shaded span
            symbol, color = "▇", handle.get_facecolor()
        out.append((symbol, to_hex(color, keep_alpha=False), label))
    return out


# --- CSPA age as a function of the visa-available date ----------------------------------------


def plot_age_vs_available(result: CspaResult, ax: Axes | None = None, lang: str = "en") -> Axes:
    """The CSPA age each possible visa-available date would give (INA 203(h)(1)): a straight
    rise that crosses 21 the day after the age-out date. Freeze cases draw a flat line: there the
    visa date does not change the age."""
    ax = _axes(ax, (10, 5.5))
    r = result
    color = outcome_color(r.outcome)
    birth, feb29 = r.birth_date, r.feb29
    preference = r.pathway == "preference" and r.pending_days is not None
    anchor = r.visa_available or r.freeze_date or r.age_out_date or r.twenty_first_birthday
    age_out = r.age_out_date
    near = min(d for d in (anchor, age_out) if d is not None) - timedelta(days=3 * 365)
    first = max(r.petition_approved, near) if preference and r.petition_approved else near
    last = max(d for d in (anchor, age_out, first) if d is not None) + timedelta(days=365)
    first = min(first, anchor - timedelta(days=180))
    days = np.arange(0, (last - first).days + 1, max(1, (last - first).days // 400))
    x_dates = [first + timedelta(days=int(n)) for n in days]
    if preference:
        pending = timedelta(days=int(r.pending_days or 0))
        y = [age_years(birth, d - pending, feb29) for d in x_dates]
        crossing = r.twenty_first_birthday + pending
        if first < crossing < last:  # make the crossing exact, not sampled
            x_dates.append(crossing)
            y.append(21.0)
            order = np.argsort([_num(d) for d in x_dates])
            x_dates = [x_dates[i] for i in order]
            y = [y[i] for i in order]
    else:
        frozen = age_years(birth, r.reference_date or anchor, feb29)
        y = [frozen] * len(x_dates)
    x = [_num(d) for d in x_dates]
    ax.plot(x, y, color=CSPA, linewidth=2.4, label=ui("cspa_age", lang), gid="line:cspa")
    ax.axhline(21, color=LINE_21, linewidth=LINE_21_WIDTH, label=ui("line_21", lang), gid="line_21")
    if preference and age_out is not None:
        ax.axvspan(
            x[0],
            _num(age_out + timedelta(days=1)),
            color=PROTECTED,
            alpha=0.14,
            linewidth=0,
            gid="zone:protected",
            label=ui("protected_zone", lang),
        )
        ax.axvspan(
            _num(age_out + timedelta(days=1)),
            x[-1],
            color=AGED_OUT,
            alpha=0.14,
            linewidth=0,
            gid="zone:aged_out",
            label=ui("aged_out_zone", lang),
        )
        _marker(ax, "age_out", age_out, 21.0, f"{ui('age_out', lang)}: {format_date(age_out, lang)}")
    if r.visa_available is not None and r.reference_date is not None and preference:
        _marker(
            ax,
            "available",
            r.visa_available,
            age_years(birth, r.reference_date, feb29),
            f"{ui('available', lang)}: {format_date(r.visa_available, lang)}",
        )
    if not preference:
        ax.text(
            0.02,
            0.95,
            ui("frozen_note", lang),
            transform=ax.transAxes,
            va="top",
            fontsize=FONT["note"],
            gid="frozen_note",
        )
    ax.set_xlim(x[0], x[-1])
    lo, hi = min(y), max(max(y), 21.0)
    ax.set_ylim(lo - 0.6, hi + 0.6)
    _date_axis(ax.xaxis, lang)
    _frame(ax, ui("visa_available_on", lang), ui("cspa_age_years", lang))
    ax.set_title(r.verdict(lang), color=color, fontsize=FONT["title"], fontweight="bold", loc="left")
    ax.legend(loc="lower right" if preference else "upper right", fontsize=FONT["legend"], frameon=True, framealpha=0.9)
    return ax


# --- the Visa Bulletin history ---------------------------------------------------------------


def plot_bulletin_history(
    bulletin: Bulletin,
    category: str,
    chargeability: str = "ALL",
    priority_date: date | str | None = None,
    charts: Sequence[str] = ("FAD", "DFF"),
    ax: Axes | None = None,
    lang: str = "en",
    *,
    start: date | str | None = None,
    end: date | str | None = None,
) -> Axes:
    """The cut-off date of each bulletin month, one line per chart (Final Action Dates vs Dates
    for Filing). "C" (current) is drawn on the diagonal, at the bulletin month itself; "U"
    (unavailable) as a gap with a cross at the bottom. With a priority date: a horizontal line,
    and the months it was current (strictly earlier than the cut-off) shaded per chart."""
    ax = _axes(ax, (10, 5.5))
    pd_ = _as_date(priority_date)
    lo = _as_date(start) or bulletin.first_month
    hi = _as_date(end) or bulletin.last_month
    months = [m for m in bulletin.months if lo <= m <= hi]
    if not months:
        raise ValueError(
            f"'start'..'end' ({lo}..{hi}) selects no bulletin month "
            f"({bulletin.first_month:%Y-%m}..{bulletin.last_month:%Y-%m})"
        )
    index = {m: i for i, m in enumerate(bulletin.months)}
    mx = np.array([_num(m) for m in months])
    bottom_marks = []
    strip = 0
    for chart in charts:
        cuts = bulletin.cutoffs(chart, category, chargeability)
        values = [cuts[index[m]] for m in months]
        y = np.array(
            [
                _num(v) if isinstance(v, date) else _num(m) if v == "C" else np.nan
                for m, v in zip(months, values, strict=True)
            ]
        )
        if np.all(np.isnan(y)) and not any(v == "U" for v in values):
            continue  # nothing printed for this chart in the window (e.g. DFF before 2015-10)
        col = CHART_COLORS.get(str(chart), "#444444")
        ax.plot(
            mx,
            y,
            drawstyle="steps-post",
            color=col,
            linewidth=2,
            label=ui(f"chart_{chart}", lang),
            gid=f"cutoff:{chart}",
        )
        c_mask = np.array([v == "C" for v in values])
        if c_mask.any():
            ax.plot(
                mx[c_mask],
                y[c_mask],
                linestyle="none",
                marker="o",
                markersize=4,
                markerfacecolor="white",
                markeredgecolor=col,
                gid=f"current_c:{chart}",
            )
        u_x = mx[np.array([v == "U" for v in values])]
        if len(u_x):
            bottom_marks.append((chart, u_x, col))
        if pd_ is not None:  # a strip along the bottom per chart: the months the PD is current
            runs = bulletin.availability_runs(pd_, chart, category, chargeability)
            band = 0.045 * strip
            strip += 1
            first = True
            for run in runs:
                run_end = run.end or next_month(bulletin.last_month)
                if run_end <= lo or run.start > hi:
                    continue
                ax.axvspan(
                    _num(max(run.start, lo)),
                    _num(min(run_end, next_month(hi))),
                    ymin=band,
                    ymax=band + 0.04,
                    color=col,
                    alpha=0.55,
                    linewidth=0,
                    gid=f"current:{chart}",
                    label=ui("months_current_chart", lang).format(chart=ui(f"chart_{chart}", lang)) if first else None,
                )
                first = False
    if pd_ is not None:
        ax.axhline(
            _num(pd_),
            color="#000000",
            linewidth=1.4,
            linestyle="--",
            gid="priority_date",
            label=f"{ui('priority_date', lang)}: {format_date(pd_, lang)}",
        )
    y_lo, y_hi = ax.get_ylim()
    y_lo -= (y_hi - y_lo) * 0.1  # room for the strips
    for chart, u_x, col in bottom_marks:
        ax.plot(
            u_x,
            np.full(len(u_x), y_hi),
            linestyle="none",
            marker="x",
            color=col,
            markersize=6,
            clip_on=False,
            gid=f"unavailable:{chart}",
            label=ui("unavailable_u", lang) + f" ({ui(f'chart_{chart}', lang)})",
        )
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlim(mx[0], _num(next_month(months[-1])))
    _date_axis(ax.xaxis, lang)
    _date_axis(ax.yaxis, lang, maxticks=7)
    _frame(ax, ui("bulletin_month", lang), ui("cutoff", lang))
    title = ui("bulletin_title", lang).format(
        category=category_name(category, lang), chargeability=chargeability_label(chargeability, lang)
    )
    ax.set_title(title, fontsize=FONT["title"], loc="left")
    ax.text(
        1.0,
        1.01,
        ui("current_c_note", lang),
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=FONT["legend"],
        color="#555555",
    )
    ax.legend(loc="upper left", fontsize=FONT["legend"], framealpha=0.9)
    return ax


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# --- a grid of margins -----------------------------------------------------------------------


def plot_margin_heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    value: str = "days_under_21",
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """A tidy grid (one row per (x, y) pair) as a heatmap of `value`, with diverging colours
    centred on 0: green cells protected (margin > 0), magenta cells aged out; blank cells are
    rows without a value (an error or no verdict). Small grids get the number in each cell."""
    ax = _axes(ax, (9, 6))
    missing = [c for c in (x, y, value) if c not in frame.columns]
    if missing:
        raise ValueError(
            f"column(s) {', '.join(map(repr, missing))} not in the frame "
            f"(columns: {', '.join(map(str, frame.columns))})"
        )
    duplicated = frame.duplicated(subset=[x, y])
    if duplicated.any():
        first = frame.loc[duplicated, [x, y]].iloc[0].tolist()
        raise ValueError(
            f"the grid must have one row per ({x!r}, {y!r}) pair (got {int(duplicated.sum())} repeated, first {first})"
        )
    grid = frame.pivot(index=y, columns=x, values=value)
    grid = grid.sort_index(axis=0).sort_index(axis=1)
    data = grid.astype("float64").to_numpy()
    finite = data[np.isfinite(data)]
    limit = float(np.max(np.abs(finite))) if finite.size else 1.0
    limit = max(limit, 1.0)
    import matplotlib

    cmap = matplotlib.colormaps["PiYG"].with_extremes(bad="#d9d9d9")
    image = ax.imshow(
        np.ma.masked_invalid(data),
        cmap=cmap,
        aspect="auto",
        origin="lower",
        interpolation="nearest",
        norm=TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit),
    )
    image.set_gid("heatmap")
    _grid_ticks(ax.xaxis, list(grid.columns), lang)
    _grid_ticks(ax.yaxis, list(grid.index), lang)
    if any(len(label.get_text()) > 6 for label in ax.get_xticklabels()):  # dates: slanted, not overlapping
        for label in ax.get_xticklabels():
            label.set_rotation(40)
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
    if data.size <= 200:
        for (i, j), v in np.ndenumerate(data):
            if np.isfinite(v):
                ax.text(
                    j,
                    i,
                    f"{int(v):,}".replace(",", "," if lang == "en" else "."),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if abs(v) > 0.6 * limit else "#222222",
                )
    segments = _sign_edges(data)
    if segments:  # the 21 line of the grid: cell edges between protected and aged-out cells
        from matplotlib.collections import LineCollection

        ax.add_collection(
            LineCollection(segments, colors="#222222", linewidths=2.4, gid="zero_line", label=ui("line_21", lang))
        )
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    bar.set_label(
        ui("margin_days", lang) if value == "days_under_21" else _column_label(value, lang), fontsize=FONT["label"]
    )
    ax.set_xlabel(_column_label(x, lang), fontsize=FONT["label"])
    ax.set_ylabel(_column_label(y, lang), fontsize=FONT["label"])
    ax.set_title(ui("heatmap_title", lang), fontsize=FONT["title"], loc="left")
    return ax


def _sign_edges(data: np.ndarray) -> list[list[tuple[float, float]]]:
    """Cell edges that separate a margin > 0 (protected) from a margin <= 0 (aged out)."""
    positive = data > 0
    known = np.isfinite(data)
    rows, cols = data.shape
    out: list[list[tuple[float, float]]] = []
    for i in range(rows):
        for j in range(cols):
            if j + 1 < cols and known[i, j] and known[i, j + 1] and positive[i, j] != positive[i, j + 1]:
                out.append([(j + 0.5, i - 0.5), (j + 0.5, i + 0.5)])
            if i + 1 < rows and known[i, j] and known[i + 1, j] and positive[i, j] != positive[i + 1, j]:
                out.append([(j - 0.5, i + 0.5), (j + 0.5, i + 0.5)])
    return out


def _column_label(column: str, lang: str) -> str:
    try:
        return ui(column, lang)
    except KeyError:
        return column


def _grid_ticks(axis: Any, values: list, lang: str) -> None:
    step = max(1, int(np.ceil(len(values) / 12)))
    positions = list(range(0, len(values), step))
    axis.set_ticks(positions)
    axis.set_ticklabels([_tick_text(values[p], lang) for p in positions])


def _tick_text(value: object, lang: str) -> str:
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime().date()  # type: ignore[union-attr]
    if isinstance(value, date):
        return format_month(value, lang) if value.day == 1 else format_date(value, lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
