"""The CSPA explorer: date pickers and sliders wired to one render function.

`CspaExplorer()` shows a preset scenario; change a date, the category, a ±months slider or the
language, and `render` evaluates the case with the core (`cspa_lib.evaluate`), draws the timeline
with `plots.plot_timeline` and shows the verdict, the numbered steps with their rule citations, the
flags and the plot in one `Output` of fixed height (STYLE.md, practice 11). Bad input is never
swallowed: the message, translated and naming the field, replaces the result.

Every control is in `explorer.controls` under its batch column name (`birth_date`,
`petition_filed`, `petition_approved`, `bulletin_current`, `sought_to_acquire`, `category`) or
`approval_shift`, `bulletin_shift`, `preset`, `language` (plus any `extra` columns). Each also
carries the CSS class `cspa-<name>`, which does not change with the language, for browser tests.

An empty `bulletin_current` means "look the month up in the bundled Visa Bulletin history" (as
in the batch columns); an empty date the case needs is reported as empty.
"""

from __future__ import annotations

import base64
import html
import io
import re
import traceback
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import ipywidgets as W
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .api import evaluate
from .codes import CHARGEABILITIES, Category
from .dates import add_months, parse_date
from .errors import BulletinRangeError, CspaError, InputError
from .i18n import LANGS, flag_label, format_date, key_numbers, render_step, ui
from .plots import legend_entries, outcome_color, plot_timeline
from .presets import DEFAULT, get_preset, preset_options
from .result import CspaResult
from .rules.series import BulletinSource

DATE_CONTROLS = ("birth_date", "petition_filed", "petition_approved", "bulletin_current", "sought_to_acquire")
SHIFTS = {"approval_shift": ("petition_approved", 24), "bulletin_shift": ("bulletin_current", 36)}
# Optional controls (`extra=`): batch columns that some scenarios need (notebook 03).
EXTRA_DATES = (
    "parent_naturalized",
    "admitted",
    "marriage_ended",
    "married",
    "adjustment_filed",
    "adjustment_decided",
    "priority_date",
)
EXTRA_CHOICES: dict[str, tuple[str, ...]] = {
    "jurisdiction": ("BIA", "CA2", "CA9"),
    "processing": ("adjustment", "consular"),
    "chargeability": CHARGEABILITIES,
}
EXTRA_FLAGS = ("opt_out", "extraordinary_circumstances")
DEFAULTS: dict[str, object] = {
    "jurisdiction": "BIA",
    "processing": "adjustment",
    "chargeability": "ALL",
    "opt_out": False,
    "extraordinary_circumstances": False,
}
LANGUAGE_OPTIONS = (("English", "en"), ("Español", "es"))
_WIDE = "150px"  # description width: room for the longest Spanish label


class CspaExplorer:
    """An interactive CSPA case: controls on the left, the result on the right.

    `preset` is a key of `cspa_lib.presets` (None: keep the controls empty), `lang` "en" or "es",
    `bulletin` a Visa Bulletin to use when `bulletin_current` is empty (default: the bundled one),
    `extra` more batch columns to expose as controls (e.g. `("parent_naturalized",
    "jurisdiction")`), `height` the fixed height of the result area, `title` whether to show the
    title and headings.
    """

    def __init__(
        self,
        preset: str | None = DEFAULT,
        lang: str = "en",
        *,
        bulletin: BulletinSource | None = None,
        extra: Sequence[str] = (),
        height: str = "660px",
        title: bool = True,
        figsize: tuple[float, float] = (9.6, 5.0),
        dpi: int = 90,
    ) -> None:
        if lang not in LANGS:
            raise ValueError(f"'lang' must be one of {', '.join(LANGS)} (got {lang!r})")
        unknown = [name for name in extra if name not in EXTRA_DATES + tuple(EXTRA_CHOICES) + EXTRA_FLAGS]
        if unknown:
            valid = ", ".join(EXTRA_DATES + tuple(EXTRA_CHOICES) + EXTRA_FLAGS)
            raise ValueError(f"'extra' must name batch columns among {valid} (got {', '.join(unknown)})")
        self.lang = lang
        self.bulletin = bulletin
        self.extra = tuple(extra)
        self.dpi = dpi
        self.result: CspaResult | None = None
        self.error: str | None = None
        self.html = ""  # the text part of the last rendering (verdict, numbers, steps, flags)
        self.png = b""  # the last timeline image
        self.fields: dict[str, object] = {}  # the batch columns of the last evaluation
        self._fixed: dict[str, object] = {}  # preset columns without a control
        self._busy = False

        self.figure = Figure(figsize=figsize, dpi=dpi, facecolor="white")
        FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.075, right=0.985, top=0.975, bottom=0.11)

        self.controls: dict[str, W.Widget] = self._build_controls()
        self.output = W.Output(
            layout=W.Layout(
                height=height, overflow="auto", flex="1 1 auto", border="1px solid #d0d0d0", padding="4px 8px"
            )
        )
        self.output.add_class("cspa-output")
        self.title = W.HTML()
        self.title.add_class("cspa-title")
        self.case_heading = W.HTML()
        self.fixed_note = W.HTML()
        self.fixed_note.add_class("cspa-fixed")
        self.widget = self._layout(title)

        if preset is not None:
            self._load_preset(preset)
        self._relabel()
        self.render()
        for name, control in self.controls.items():
            if name == "preset":
                control.observe(self._on_preset, "value")
            elif name == "language":
                control.observe(self._on_language, "value")
            else:
                control.observe(self.render, "value")

    # --- building ----------------------------------------------------------------------------

    def _build_controls(self) -> dict[str, W.Widget]:
        style = {"description_width": _WIDE}
        wide = W.Layout(width="380px")
        c: dict[str, W.Widget] = {}
        c["preset"] = W.Dropdown(
            options=preset_options(self.lang),
            value=None,
            style={"description_width": "80px"},
            layout=W.Layout(width="min(100%, 860px)"),
        )
        c["language"] = W.ToggleButtons(
            options=LANGUAGE_OPTIONS, value=self.lang, style={"button_width": "90px", "description_width": "70px"}
        )
        c["category"] = W.Dropdown(options=self._category_options(), value="F2A", style=style, layout=wide)
        for name in DATE_CONTROLS:
            c[name] = W.DatePicker(value=None, style=style, layout=wide)
            if name == "petition_approved":
                c["approval_shift"] = self._slider("approval_shift")
            if name == "bulletin_current":
                c["bulletin_shift"] = self._slider("bulletin_shift")
        for name in self.extra:
            if name in EXTRA_DATES:
                c[name] = W.DatePicker(value=None, style=style, layout=wide)
            elif name in EXTRA_CHOICES:
                c[name] = W.Dropdown(options=self._choice_options(name), value=DEFAULTS[name], style=style, layout=wide)
            else:
                c[name] = W.Checkbox(value=False, indent=False, layout=wide)
        for name, control in c.items():
            control.add_class(f"cspa-{name}")
        return c

    def _slider(self, name: str) -> W.IntSlider:
        limit = SHIFTS[name][1]
        return W.IntSlider(
            value=0,
            min=-limit,
            max=limit,
            step=1,
            continuous_update=False,
            style={"description_width": _WIDE},
            layout=W.Layout(width="380px"),
        )

    def _layout(self, title: bool) -> W.Box:
        inputs = [self.case_heading] if title else []
        inputs += [self.controls[name] for name in self.controls if name not in ("preset", "language")]
        inputs.append(self.fixed_note)
        left = W.VBox(inputs, layout=W.Layout(width="395px", flex="0 0 395px"))
        top = W.HBox(
            [self.title, self.controls["language"]],
            layout=W.Layout(justify_content="space-between", align_items="center", width="100%"),
        )
        rows = [top] if title else [self.controls["language"]]
        rows += [self.controls["preset"], W.HBox([left, self.output], layout=W.Layout(width="100%"))]
        box = W.VBox(rows, layout=W.Layout(width="100%"))
        box.add_class("cspa-explorer")
        return box

    def _category_options(self) -> list[tuple[str, str]]:
        return [(ui(f"cat_{c.value}", self.lang), c.value) for c in Category]

    def _choice_options(self, name: str) -> list[tuple[str, str]]:
        if name == "processing":
            return [(ui(f"processing_{v}", self.lang), v) for v in EXTRA_CHOICES[name]]
        return [(v, v) for v in EXTRA_CHOICES[name]]

    # --- events ------------------------------------------------------------------------------

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        if self._busy or change["new"] is None:
            return
        self._load_preset(change["new"])
        self._relabel()
        self.render()

    def _on_language(self, change: Mapping[str, Any]) -> None:
        self.lang = change["new"]
        self._relabel()
        self.render()

    def _load_preset(self, key: str) -> None:
        """Put a preset's columns into the controls (one render afterwards, not one per control)."""
        preset = get_preset(key)
        self._busy = True
        try:
            self.controls["preset"].value = key
            fields = dict(preset.fields)
            self.controls["category"].value = str(fields.pop("category"))
            for name in DATE_CONTROLS + tuple(n for n in self.extra if n in EXTRA_DATES):
                self.controls[name].value = parse_date(fields.pop(name, None), name)
            for name in SHIFTS:
                self.controls[name].value = 0
            for name in self.extra:
                if name in EXTRA_CHOICES:
                    self.controls[name].value = (
                        str(fields.pop(name, DEFAULTS[name])).upper()
                        if name != "processing"
                        else str(fields.pop(name, DEFAULTS[name]))
                    )
                elif name in EXTRA_FLAGS:
                    self.controls[name].value = str(fields.pop(name, "")).lower() in {"yes", "true", "1"}
            self._fixed = fields
        finally:
            self._busy = False

    def _relabel(self) -> None:
        """Every visible string in the current language (no render: the caller renders once)."""
        lang = self.lang
        self._busy = True
        try:
            for name, control in self.controls.items():
                control.description = ui(name, lang)
            self.controls["language"].description = ui("language", lang)
            keep = self.controls["preset"].value
            self.controls["preset"].options = preset_options(lang)
            self.controls["preset"].value = keep
            keep = self.controls["category"].value
            self.controls["category"].options = self._category_options()
            self.controls["category"].value = keep
            if "processing" in self.controls:
                keep = self.controls["processing"].value
                self.controls["processing"].options = self._choice_options("processing")
                self.controls["processing"].value = keep
            self.controls["bulletin_current"].tooltip = ui("bulletin_current_tip", lang)
            for name in SHIFTS:
                self.controls[name].tooltip = ui("shift_tip", lang)
        finally:
            self._busy = False
        self.title.value = (
            f"<h2 style='margin:4px 0 0 0'>{html.escape(ui('title', lang))}</h2>"
            f"<div style='font-size:15px;color:#444'>{html.escape(ui('subtitle', lang))}</div>"
        )
        self.case_heading.value = f"<h3 style='margin:6px 0'>{html.escape(ui('case_heading', lang))}</h3>"
        self.fixed_note.value = _fixed_html(self._fixed, lang)

    # --- the case and the rendering ----------------------------------------------------------

    def case_fields(self) -> dict[str, object]:
        """The batch columns the controls describe: the preset's other columns, the control
        values (an empty picker leaves its column out), the ±months shifts applied."""
        fields: dict[str, object] = dict(self._fixed)
        for name, control in self.controls.items():
            if name in ("preset", "language") or name in SHIFTS:
                continue
            fields[name] = control.value
        for shift_name, (column, _limit) in SHIFTS.items():
            months = self.controls[shift_name].value
            if months and isinstance(fields.get(column), date):
                picked = parse_date(fields[column], column)  # out of range: an input error, not an overflow
                fields[column] = add_months(picked, months)  # type: ignore[arg-type]
        return fields

    def render(self, change: Mapping[str, Any] | None = None) -> None:
        """Evaluate the case and redraw: verdict, numbers, timeline, steps, flags (or the error)."""
        if self._busy:
            return
        lang = self.lang
        try:
            self.fields = self.case_fields()
            result = evaluate(self.fields, bulletin=self.bulletin)
            self.ax.clear()
            plot_timeline(result, ax=self.ax, lang=lang, legend=False, title=False)
            png = _png(self.figure)
            key = _legend_html(legend_entries(self.ax))
        except Exception as exc:  # shown in the output, never swallowed
            self.result, self.png = None, b""
            empty = {name for name, c in self.controls.items() if name in self.fields and c.value is None}
            self.error = error_message(exc, lang, empty) + self._shift_notes(exc)
            detail = "" if isinstance(exc, CspaError) else traceback.format_exc()
            self.html = _error_html(self.error, lang, detail)
            self.output.outputs = (_html_output(self.html),)
            return
        self.result, self.error, self.png = result, None, png
        head, tail = _result_html(result, lang, self._notes(result))
        self.html = head + key + tail
        self.output.outputs = (_html_output(head), _png_output(png, self.figure), _html_output(key + tail))

    def _notes(self, result: CspaResult) -> list[str]:
        notes = []
        for shift_name, (column, _limit) in SHIFTS.items():
            months = self.controls[shift_name].value
            moved = self.fields.get(column)
            if months and isinstance(moved, date):
                notes.append(
                    ui("shifted", self.lang).format(
                        field=ui(column, self.lang), months=months, date=format_date(moved, self.lang)
                    )
                )
        if (
            self.controls["bulletin_current"].value is None
            and result.visa_available is not None
            and result.pathway == "preference"
        ):
            notes.append(ui("looked_up", self.lang))
        return notes

    def _shift_notes(self, exc: Exception) -> str:
        field = getattr(exc, "field", None)
        for shift_name, (column, _limit) in SHIFTS.items():
            months = self.controls[shift_name].value
            if months and field == column:
                return " " + ui("shifted", self.lang).format(
                    field=ui(column, self.lang), months=months, date=format_date(self.fields.get(column), self.lang)
                )  # type: ignore[arg-type]
        return ""

    # --- display -----------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


# --- messages and HTML --------------------------------------------------------------------------

_ORDER = re.compile(r"must be on or after '(\w+)' \(got (\d{4}-\d\d-\d\d) < (\d{4}-\d\d-\d\d)\)")
_REQUIRED = re.compile(r"is required for category (\w+)")
_FIRST_OF_MONTH = re.compile(r"must be the first day of a bulletin month \(got (\S+); did you mean (\S+)\?\)")
_DATE_RANGE = re.compile(r"must be an ISO date YYYY-MM-DD in the years (\d+)\.\.(\d+) \(got '(\d{4}-\d\d-\d\d)'\)")


def field_label(name: str, lang: str = "en") -> str:
    """A column as the audience sees it, with its batch name: “Petition filed” (petition_filed)."""
    try:
        label = ui(name, lang)
    except KeyError:
        label = name
    return ui("quoted", lang).format(label=label, code=name)


def error_message(exc: BaseException, lang: str = "en", empty: Sequence[str] | set[str] = ()) -> str:
    """A translated sentence for an error that names the field; `empty` lists the controls left
    empty, so a required column reads "is empty: pick a date"."""
    if isinstance(exc, InputError):
        field = field_label(exc.field, lang)
        if exc.field in empty:
            return f"{field} {ui('empty_date', lang)}."
        if m := _ORDER.fullmatch(exc.problem):
            other, got, before = m.groups()
            return ui("error_order", lang).format(
                field=field,
                other=field_label(other, lang),
                got=format_date(date.fromisoformat(got), lang),
                other_value=format_date(date.fromisoformat(before), lang),
            )
        if m := _REQUIRED.match(exc.problem):
            return ui("error_required", lang).format(field=field, category=m.group(1))
        if m := _DATE_RANGE.fullmatch(exc.problem):
            low, high, got = m.groups()
            try:
                shown = format_date(date.fromisoformat(got), lang)
            except ValueError:  # e.g. 9999-13-45: out of range before it was checked on the calendar
                shown = got
            return ui("error_date_range", lang).format(field=field, low=low, high=high, got=shown)
        if m := _FIRST_OF_MONTH.fullmatch(exc.problem):
            got, suggest = (format_date(date.fromisoformat(v), lang) for v in m.groups())
            return ui("error_first_of_month", lang).format(field=field, got=got, suggest=suggest)
        return ui("error_field", lang).format(field=field, problem=exc.problem)
    if isinstance(exc, BulletinRangeError):
        return ui("error_bulletin", lang).format(problem=str(exc))
    if isinstance(exc, CspaError):
        return str(exc)
    return ui("error_unexpected", lang).format(kind=type(exc).__name__, problem=str(exc))


def _fixed_html(fixed: Mapping[str, object], lang: str) -> str:
    if not fixed:
        return ""
    items = []
    for name, value in fixed.items():
        parsed = value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            parsed = format_date(date.fromisoformat(value), lang)
        elif name == "processing":
            parsed = ui(f"processing_{value}", lang)
        elif name in EXTRA_FLAGS:
            parsed = "✔"
        try:
            label = ui(name, lang)
        except KeyError:
            label = name
        items.append(f"<li>{html.escape(label)}: <b>{html.escape(str(parsed))}</b></li>")
    return (
        f"<div style='font-size:14px;color:#333;margin-top:6px'>{html.escape(ui('fixed_fields', lang))}:"
        f"<ul style='margin:2px 0 0 18px;padding:0'>{''.join(items)}</ul></div>"
    )


def _result_html(result: CspaResult, lang: str, notes: Sequence[str]) -> tuple[str, str]:
    """(above the plot, below the plot): the verdict and the key numbers; the steps and flags."""
    color = outcome_color(result.outcome)
    verdict = html.escape(result.verdict(lang))
    head = (
        f"<div class='cspa-verdict' style='font-size:21px;font-weight:700;color:{color};"
        f"border-left:8px solid {color};background:{color}14;padding:6px 12px;margin:2px 0 6px 0'>"
        f"{verdict}</div>"
    )
    numbers = [f"{html.escape(label)}: <b>{html.escape(value)}</b>" for label, value in key_numbers(result, lang)]
    if numbers:
        head += f"<div class='cspa-numbers' style='font-size:16px;margin:0 0 4px 2px'>{' · '.join(numbers)}</div>"
    if notes:
        head += "".join(f"<div style='font-size:14px;color:#555;margin-left:2px'>{html.escape(n)}</div>" for n in notes)
    steps = "".join(
        f"<li style='margin-bottom:4px'>{html.escape(render_step(s.key, dict(s.params), lang))}"
        + (f" <span style='color:#666;font-size:13px'>[{html.escape(s.rule)}]</span>" if s.rule else "")
        + "</li>"
        for s in result.steps
    )
    tail = (
        f"<div class='cspa-steps' style='font-size:15px;line-height:1.4'>"
        f"<h4 style='margin:8px 0 4px 0'>{html.escape(ui('steps', lang))}</h4>"
        f"<ol style='margin-top:0'>{steps}</ol></div>"
    )
    if result.flags:
        flags = "".join(f"<li>{html.escape(flag_label(f, lang))}</li>" for f in result.flags)
        tail += (
            f"<div class='cspa-flags' style='font-size:15px'><h4 style='margin:6px 0 4px 0'>"
            f"{html.escape(ui('flags', lang))}</h4><ul style='margin-top:0'>{flags}</ul></div>"
        )
    return head, tail


def _legend_html(entries: Sequence[tuple[str, str, str]]) -> str:
    """The plot's legend as HTML under the image: two columns, symbols in the artists' colours."""
    items = "".join(
        f"<div style='break-inside:avoid'><span style='color:{color};font-size:17px;display:inline-block;"
        f"width:30px;text-align:center'>{symbol}</span>{html.escape(label)}</div>"
        for symbol, color, label in entries
    )
    return f"<div class='cspa-legend' style='columns:2;column-gap:24px;font-size:14px;margin:0 0 6px 8px'>{items}</div>"


def _error_html(message: str, lang: str, detail: str = "") -> str:
    extra = f"<pre style='font-size:12px;white-space:pre-wrap'>{html.escape(detail)}</pre>" if detail else ""
    return (
        f"<div class='cspa-error' style='font-size:18px;color:#8a1c1c;background:#fdecea;"
        f"border-left:8px solid #c62828;padding:10px 14px'><b>{html.escape(ui('error', lang))}</b><br>"
        f"{html.escape(message)}{extra}</div>"
    )


def _png(figure: Figure) -> bytes:
    """Draw once and encode fast (RGB, zlib level 1): the update budget is about 100 ms."""
    from PIL import Image

    figure.canvas.draw()
    width, height = figure.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _html_output(text: str) -> dict[str, Any]:
    return {
        "output_type": "display_data",
        "data": {"text/html": text, "text/plain": re.sub("<[^>]+>", " ", text)},
        "metadata": {},
    }


def _png_output(png: bytes, figure: Figure) -> dict[str, Any]:
    width, height = figure.canvas.get_width_height()
    return {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": "<timeline>"},
        "metadata": {"image/png": {"width": width, "height": height}},
    }
