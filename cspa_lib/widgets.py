"""The CSPA explorer: the workshop dashboard's controls wired to one render function.

`CspaExplorer()` shows a preset scenario; change a date, the category, a ±months slider or the
language, and `render` evaluates the case with the core (`cspa_lib.evaluate`), draws the timeline
with `plots.plot_timeline` and shows the verdict, the timeline, the numbered steps with their rule
citations and the flags. Bad input is never swallowed: the message, translated and naming the
field, replaces the result.

Built for a projector: the controls on the left, the verdict above the timeline and the steps,
which sit side by side on a wide screen and one under the other on a narrow one; nothing scrolls
inside a box (the page scrolls as a whole); text is at least 16 px and a "Large text" toggle makes
it bigger; the timeline image scales with the window.

Only the fields that matter for the chosen category are shown (`FIELDS_BY_CATEGORY`), and only
those are passed to the core. Dates are typed as text in the audience's order, shown in the field
(dd/mm/aaaa in Spanish, mm/dd/yyyy in English, whatever the browser's locale); an ISO date
(2024-06-01) is accepted in both. The example picker says "Custom case" as soon as anything is
edited, and the Reset button puts the chosen example back.

Every control is in `explorer.controls` under its batch column name (`birth_date`, `category`,
`dv_rank`, ...) or `approval_shift`, `bulletin_shift`, `preset`, `reset`, `language`,
`large_text`. Each also carries the CSS class `cspa-<name>`, which does not change with the
language, for browser tests. A date control's `.value` is a `datetime.date` (or None when empty).

An empty `bulletin_current` means "look the month up in the bundled Visa Bulletin history" (as
in the batch columns); an empty date the case needs is reported as empty.
"""

from __future__ import annotations

import base64
import html
import io
import re
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import ipywidgets as W
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .api import evaluate
from .case import DATE_FIELDS  # the date columns; as_of is today, not a control
from .codes import CHARGEABILITIES, Category, DvRegion
from .dates import add_months, parse_date
from .errors import BulletinRangeError, CspaError, InputError
from .i18n import (
    LANGS,
    UI,
    category_name,
    citation_parts,
    flag_label,
    format_date,
    key_numbers,
    label_or_code,
    render_error,
    render_step,
    ui,
)
from .plots import legend_entries, outcome_color, plot_timeline
from .presets import DEFAULT, get_preset, preset_options
from .rules.series import BulletinSource

CUSTOM = "custom"  # the example picker's value once anything is edited
SHIFTS = {"approval_shift": ("petition_approved", 24), "bulletin_shift": ("bulletin_current", 36)}
CHOICES: dict[str, tuple[str, ...]] = {
    "chargeability": CHARGEABILITIES,
    "processing": ("adjustment", "consular"),
    "jurisdiction": ("BIA", "CA2", "CA9"),
    "dv_region": tuple(r.value for r in DvRegion),
}
NUMBERS = ("dv_rank", "dv_program_year")
FLAGS = ("opt_out", "extraordinary_circumstances")
DEFAULTS: dict[str, object] = {
    "chargeability": "ALL",
    "processing": "adjustment",
    "jurisdiction": "BIA",
    "dv_region": "",  # not given: required only when the rank is looked up in the bulletin
}
# The order of the controls on the left; each category shows a subset (FIELDS_BY_CATEGORY).
FIELD_ORDER = (
    "category",
    "birth_date",
    "petition_filed",
    "petition_approved",
    "approval_shift",
    "priority_date",
    "chargeability",
    "dv_region",
    "dv_rank",
    "dv_program_year",
    "bulletin_current",
    "bulletin_shift",
    "admitted",
    "parent_naturalized",
    "jurisdiction",
    "opt_out",
    "principal_status_date",
    "processing",
    "adjustment_filed",
    "adjustment_decided",
    "sought_to_acquire",
    "extraordinary_circumstances",
    "married",
    "marriage_ended",
)
# What each category needs (cspa_rules.md; README "Batch columns"). The formula categories share
# the bulletin fields; the freeze categories only need the date the age freezes on.
_FORMULA = (
    "petition_filed",
    "petition_approved",
    "approval_shift",
    "priority_date",
    "chargeability",
    "bulletin_current",
    "bulletin_shift",
    "processing",
    "adjustment_filed",
    "adjustment_decided",
    "sought_to_acquire",
    "extraordinary_circumstances",
    "married",
    "marriage_ended",
)
_DV = tuple(f for f in _FORMULA if f not in ("priority_date", "chargeability")) + (
    "dv_region",
    "dv_rank",
    "dv_program_year",
)
FIELDS_BY_CATEGORY: dict[str, frozenset[str]] = {
    "IR": frozenset({"petition_filed", "married", "marriage_ended"}),
    "ASYLEE": frozenset({"petition_filed", "principal_status_date", "married", "marriage_ended"}),
    "REFUGEE": frozenset({"petition_filed", "principal_status_date", "married", "marriage_ended"}),
    "K2": frozenset({"admitted", "married", "marriage_ended"}),
    "DV": frozenset(_DV),
    "F2A": frozenset(_FORMULA + ("parent_naturalized", "jurisdiction")),
    "F2B": frozenset(_FORMULA + ("parent_naturalized", "opt_out")),
    "F3": frozenset(_FORMULA + ("marriage_ended",)),
    **{c: frozenset(_FORMULA) for c in ("F1", "F4", "EB1", "EB2", "EB3", "EW", "EB4", "EB5")},
}
ALWAYS = ("category", "birth_date")
LANGUAGE_OPTIONS = (("English", "en"), ("Español", "es"))
_LABEL_WIDTH = "185px"

_CSS = """
<style>
.cspa-explorer { font-size: 16px; line-height: 1.35; color: #1b1b1b; }
.cspa-explorer .widget-box, .cspa-explorer .widget-html, .cspa-explorer .widget-html-content,
.cspa-explorer .widget-image { overflow: visible !important; }
.cspa-explorer .widget-html-content { line-height: 1.35; white-space: normal; font-size: inherit; }
.cspa-explorer .widget-label, .cspa-explorer .widget-label-basic, .cspa-explorer input,
.cspa-explorer select, .cspa-explorer button, .cspa-explorer .widget-readout,
.cspa-explorer .widget-toggle-button { font-size: 16px !important; }
.cspa-controls .widget-label { white-space: normal; height: auto; line-height: 1.15; align-self: center; }
.cspa-controls .widget-inline-hbox { min-height: 32px; }
.cspa-controls input[type=text]::placeholder { color: #8a8a8a; }
.cspa-top { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; }
.cspa-main { display: flex; flex-wrap: wrap; gap: 8px 22px; align-items: flex-start; }
.cspa-controls { flex: 0 0 430px; width: 430px; min-width: 0; max-width: 100%; }
.cspa-controls > *, .cspa-controls .widget-hbox > *, .cspa-controls .slider-container,
.cspa-controls .widget-slider .slider { min-width: 0 !important; }
.cspa-controls .widget-checkbox .widget-label-basic, .cspa-controls .widget-checkbox label { white-space: normal; }
.cspa-output { flex: 1 1 700px; min-width: 0; }
.cspa-result-row { display: flex; flex-wrap: wrap; gap: 4px 22px; align-items: flex-start; }
.cspa-plot-col { flex: 0 1 36vw; min-width: min(100%, 480px); }
@media (max-width: 1500px) { .cspa-plot-col { flex: 1 1 100%; max-width: 900px; } }
.cspa-steps-col { flex: 1 1 520px; min-width: 0; }
.cspa-steps { line-height: 1.28; }
.cspa-plot img, img.cspa-plot { width: 100%; height: auto; max-height: 58vh; object-fit: contain; }
.cspa-verdict { font-size: 24px; }
.cspa-numbers { font-size: 18px; }
.cspa-steps, .cspa-flags, .cspa-legend, .cspa-note { font-size: 16px; }
.cspa-steps ol { margin: 0; padding-left: 26px; }
.cspa-steps li { margin-bottom: 2px; }
.cspa-rule { color: #4a4a4a; font-style: italic; }
.cspa-explorer h2 { margin: 0; font-size: 26px; }
.cspa-explorer h4 { margin: 4px 0 2px 0; font-size: 18px; }
.cspa-subtitle { font-size: 16px; }
.cspa-horizon { font-size: 16px; color: #333; }
.cspa-horizon.stale { color: #7a4a00; background: #fff4e0; border-left: 6px solid #e08a00; padding: 2px 10px; }
.cspa-large, .cspa-large .widget-label, .cspa-large .widget-label-basic, .cspa-large input,
.cspa-large select, .cspa-large button, .cspa-large .widget-readout,
.cspa-large .cspa-horizon { font-size: 21px !important; }
.cspa-large .cspa-steps, .cspa-large .cspa-legend, .cspa-large .cspa-numbers,
.cspa-large .cspa-flags { font-size: 21px; }
.cspa-large .cspa-verdict { font-size: 28px; }
.cspa-large .cspa-subtitle, .cspa-large h4 { font-size: 22px; }
.cspa-large .cspa-controls { flex-basis: 560px; width: 560px; }
</style>
"""


@dataclass(frozen=True)
class BadDate:
    """A date field's text that is not a date: reported by `render`, never guessed."""

    text: str


class DateTextError(InputError):
    """A date typed in a form the field does not read."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(field, f"is not a date (got {text!r})")
        self.text = text


def parse_date_text(text: str, lang: str) -> date | BadDate | None:
    """A typed date: dd/mm/yyyy in Spanish, mm/dd/yyyy in English, ISO yyyy-mm-dd in both."""
    text = text.strip()
    if not text:
        return None
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text):
            a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            day, month = (a, b) if lang == "es" else (b, a)
            return date(year, month, day)
    except ValueError:
        pass
    return BadDate(text)


def date_text(value: date | None, lang: str) -> str:
    """A date as the field shows it: 01/06/2024 in Spanish, 06/01/2024 in English."""
    if value is None:
        return ""
    return f"{value:%d/%m/%Y}" if lang == "es" else f"{value:%m/%d/%Y}"


class DateField(W.HBox):
    """A date typed as text in the audience's order, with the format shown in the field.

    `.value` is a `date`, None (empty) or a `BadDate` (text that is not a date); setting it to a
    date writes the text. The browser's date picker is not used: it shows the browser locale's
    order (mm/dd/yyyy on most machines), which a Latin American audience reads as day/month.
    """

    value = traitlets.Any(None)
    description = traitlets.Unicode("")

    def __init__(self, lang: str = "en", **kwargs: Any) -> None:
        self.lang = lang
        self.text = W.Text(
            value="",
            placeholder=ui("date_format", lang),
            continuous_update=False,
            style={"description_width": _LABEL_WIDTH},
            layout=W.Layout(width="100%"),
        )
        super().__init__([self.text], **kwargs)
        self._syncing = False
        self.text.observe(self._on_text, "value")
        self.observe(self._on_value, "value")
        self.observe(self._on_description, "description")

    def _on_text(self, change: Mapping[str, Any]) -> None:
        if self._syncing:
            return
        self.value = parse_date_text(change["new"], self.lang)

    def _on_value(self, change: Mapping[str, Any]) -> None:
        value = change["new"]
        if isinstance(value, str):  # an ISO string from code: read it as a date
            self.value = parse_date_text(value, self.lang)
            return
        if isinstance(value, BadDate):
            return
        self._show(value)

    def _on_description(self, change: Mapping[str, Any]) -> None:
        self.text.description = change["new"]

    def _show(self, value: date | None) -> None:
        self._syncing = True
        try:
            self.text.value = date_text(value, self.lang)
        finally:
            self._syncing = False

    def set_language(self, lang: str) -> None:
        """Rewrite the text and the format hint in `lang`'s order (a date keeps its value)."""
        self.lang = lang
        self.text.placeholder = ui("date_format", lang)
        if not isinstance(self.value, BadDate):
            self._show(self.value)


class CspaExplorer:
    """An interactive CSPA case: controls on the left, the result on the right.

    `preset` is a key of `cspa_lib.presets` (None: keep the controls empty), `lang` "en" or "es",
    `bulletin` a Visa Bulletin to use when `bulletin_current` is empty (default: the bundled one),
    `title` whether to show the title and headings. `extra` and `height` are accepted for earlier
    callers: every field is now a control shown when its category needs it, and the result has no
    fixed height (nothing scrolls inside a box).
    """

    def __init__(
        self,
        preset: str | None = DEFAULT,
        lang: str = "en",
        *,
        bulletin: BulletinSource | None = None,
        extra: Sequence[str] = (),
        height: str | None = None,
        title: bool = True,
        figsize: tuple[float, float] = (7.4, 4.3),
        dpi: int = 125,
    ) -> None:
        if lang not in LANGS:
            raise ValueError(f"'lang' must be one of {', '.join(LANGS)} (got {lang!r})")
        unknown = [name for name in extra if name not in FIELD_ORDER]
        if unknown:
            valid = ", ".join(f for f in FIELD_ORDER if f not in ALWAYS)
            raise ValueError(f"'extra' must name batch columns among {valid} (got {', '.join(unknown)})")
        self.lang = lang
        self.bulletin = bulletin
        self.extra = tuple(extra)
        self.dpi = dpi
        self.result: Any = None
        self.error: str | None = None
        self.html = ""  # the text part of the last rendering (verdict, numbers, steps, flags)
        self.png = b""  # the last timeline image
        self.fields: dict[str, object] = {}  # the batch columns of the last evaluation
        self.chosen: str | None = None  # the example the Reset button puts back
        self._fixed: dict[str, object] = {}  # preset columns without a control
        self._busy = False
        self._report = _report_renderer()
        self._horizon = _horizon_source(bulletin)

        self.figure = Figure(figsize=figsize, dpi=dpi, facecolor="white")
        FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.075, right=0.985, top=0.975, bottom=0.11)

        self.controls: dict[str, W.Widget] = self._build_controls()
        self.verdict_area = W.HTML()
        self.verdict_area.add_class("cspa-head")
        self.plot = W.Image(format="png", layout=W.Layout(width="100%", height="auto"))
        self.plot.add_class("cspa-plot")
        self.legend = W.HTML()
        self.steps_area = W.HTML()
        self.steps_area.add_class("cspa-steps-area")
        self.output = self._result_box()
        self.title = W.HTML()
        self.title.add_class("cspa-title")
        self.case_heading = W.HTML()
        self.fixed_note = W.HTML()
        self.fixed_note.add_class("cspa-fixed")
        self.horizon = W.HTML()
        self.horizon.add_class("cspa-horizon-box")
        self.pdf_link = W.HTML()
        self.widget = self._layout(title)

        if preset is not None:
            self._load_preset(preset)
        self._show_fields()
        self._relabel()
        self.render()
        for name, control in self.controls.items():
            if name == "preset":
                control.observe(self._on_preset, "value")
            elif name == "language":
                control.observe(self._on_language, "value")
            elif name == "large_text":
                control.observe(self._on_large_text, "value")
            elif name == "reset":
                control.on_click(self._on_reset)
            elif name == "pdf":
                control.on_click(self._on_pdf)
            else:
                control.observe(self._on_edit, "value")

    # --- building ----------------------------------------------------------------------------

    def _build_controls(self) -> dict[str, W.Widget]:
        style = {"description_width": _LABEL_WIDTH}
        c: dict[str, W.Widget] = {}
        c["preset"] = W.Dropdown(
            options=self._preset_options(),
            value=CUSTOM,
            style={"description_width": "initial"},
            layout=W.Layout(width="min(100%, 980px)"),
        )
        c["reset"] = W.Button(icon="undo", layout=W.Layout(width="auto"))
        c["language"] = W.ToggleButtons(
            options=LANGUAGE_OPTIONS,
            value=self.lang,
            style={"button_width": "96px", "description_width": "initial"},
        )
        c["large_text"] = W.ToggleButton(value=False, icon="text-height", layout=W.Layout(width="auto"))
        if self._report is not None:
            c["pdf"] = W.Button(icon="file-pdf-o", layout=W.Layout(width="auto"))
        for name in FIELD_ORDER:
            if name == "category":
                c[name] = W.Dropdown(
                    options=self._category_options(), value="F2A", style=style, layout=W.Layout(width="100%")
                )
            elif name in DATE_FIELDS:
                c[name] = DateField(self.lang, layout=W.Layout(width="100%"))  # one Layout per control
            elif name in SHIFTS:
                limit = SHIFTS[name][1]
                c[name] = W.IntSlider(
                    value=0,
                    min=-limit,
                    max=limit,
                    step=1,
                    continuous_update=False,
                    style=style,
                    layout=W.Layout(width="100%"),
                )
            elif name in CHOICES:
                c[name] = W.Dropdown(
                    options=self._choice_options(name), value=DEFAULTS[name], style=style, layout=W.Layout(width="100%")
                )
            elif name in NUMBERS:
                c[name] = W.Text(value="", continuous_update=False, style=style, layout=W.Layout(width="100%"))
            else:
                c[name] = W.Checkbox(value=False, indent=False, layout=W.Layout(width="100%"))
        for name, control in c.items():
            control.add_class(f"cspa-{name}")
        return c

    def _result_box(self) -> W.Box:
        plot_col = W.VBox([self.plot, self.legend])
        plot_col.add_class("cspa-plot-col")
        steps_col = W.VBox([self.steps_area])
        steps_col.add_class("cspa-steps-col")
        row = W.Box([plot_col, steps_col])
        row.add_class("cspa-result-row")
        self._result_row = row
        box = W.VBox([self.verdict_area, row])
        box.add_class("cspa-output")
        return box

    def _layout(self, title: bool) -> W.Box:
        style = W.HTML(_CSS)
        inputs = [self.case_heading] if title else []
        inputs += [self.controls[name] for name in FIELD_ORDER]
        inputs.append(self.fixed_note)
        left = W.VBox(inputs)
        left.add_class("cspa-controls")
        switches = [self.controls["language"], self.controls["large_text"]]
        top = W.Box(([self.title] if title else []) + switches)
        top.add_class("cspa-top")
        picker_row = [self.controls["preset"], self.controls["reset"]]
        if "pdf" in self.controls:
            picker_row += [self.controls["pdf"], self.pdf_link]
        picker = W.Box(picker_row)
        picker.add_class("cspa-top")
        main = W.Box([left, self.output])
        main.add_class("cspa-main")
        box = W.VBox([style, top, picker, self.horizon, main], layout=W.Layout(width="100%"))
        box.add_class("cspa-explorer")
        return box

    def _preset_options(self) -> list[tuple[str, str]]:
        return [(ui("custom_case", self.lang), CUSTOM), *preset_options(self.lang)]

    def _category_options(self) -> list[tuple[str, str]]:
        return [(ui(f"cat_{c.value}", self.lang), c.value) for c in Category]

    def _choice_options(self, name: str) -> list[tuple[str, str]]:
        prefix = "region_" if name == "dv_region" else f"{name}_"
        options = [(label_or_code(prefix, v, self.lang), v) for v in CHOICES[name]]
        return [("—", ""), *options] if name == "dv_region" else options

    # --- events ------------------------------------------------------------------------------

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        if self._busy or change["new"] in (None, CUSTOM):
            return
        self._load_preset(change["new"])
        self._show_fields()
        self._relabel()
        self.render()

    def _on_reset(self, _button: Any = None) -> None:
        """Put the chosen example back (its dates, category and settings)."""
        if self.chosen is None:
            return
        self._load_preset(self.chosen)
        self._show_fields()
        self._relabel()
        self.render()

    def _on_edit(self, change: Mapping[str, Any]) -> None:
        if self._busy:
            return
        if change["owner"] is self.controls["category"]:
            self._show_fields()
            self._relabel()
        self._mark_custom()
        self.render()

    def _mark_custom(self) -> None:
        if self.controls["preset"].value != CUSTOM:
            self._busy = True
            try:
                self.controls["preset"].value = CUSTOM
            finally:
                self._busy = False

    def _on_language(self, change: Mapping[str, Any]) -> None:
        self.lang = change["new"]
        self._relabel()
        self.render()

    def _on_large_text(self, change: Mapping[str, Any]) -> None:
        (self.widget.add_class if change["new"] else self.widget.remove_class)("cspa-large")

    def _on_pdf(self, _button: Any = None) -> None:
        """Build the PDF of the result shown and offer it as a download link."""
        if self._report is None or self.result is None:
            self.pdf_link.value = ""
            return
        horizon = self._horizon()
        data = self._report(
            self.result, lang=self.lang, as_of=date.today(), bulletin_last_month=horizon.last_month if horizon else None
        )
        name = f"cspa-{self.result.birth_date:%Y%m%d}-{self.lang}.pdf"
        href = "data:application/pdf;base64," + base64.b64encode(data).decode("ascii")
        self.pdf_link.value = f"<a class='cspa-pdf-link' download='{name}' href='{href}'>{html.escape(name)}</a>"

    def _load_preset(self, key: str) -> None:
        """Put a preset's columns into the controls (one render afterwards, not one per control)."""
        preset = get_preset(key)
        self._busy = True
        try:
            self.controls["preset"].value = key
            self.chosen = key
            fields = dict(preset.fields)
            self.controls["category"].value = str(fields.pop("category"))
            for name in FIELD_ORDER:
                if name == "category":
                    continue
                control = self.controls[name]
                raw = fields.pop(name, None)
                if name in DATE_FIELDS:
                    control.value = None if raw in (None, "") else date.fromisoformat(str(raw))
                elif name in SHIFTS:
                    control.value = 0
                elif name in CHOICES:
                    value = str(raw) if raw not in (None, "") else str(DEFAULTS[name])
                    control.value = value.lower() if name == "processing" else value.upper()
                elif name in NUMBERS:
                    control.value = "" if raw is None else str(raw)
                else:
                    control.value = str(raw or "").lower() in {"yes", "true", "1"}
            self._fixed = fields
        finally:
            self._busy = False

    def _show_fields(self) -> None:
        """Show the fields the chosen category needs, hide the others."""
        shown = self.shown_fields()
        for name in FIELD_ORDER:
            self.controls[name].layout.display = None if name in shown else "none"

    def shown_fields(self) -> list[str]:
        """The controls the chosen category needs, in screen order."""
        needed = FIELDS_BY_CATEGORY[str(self.controls["category"].value)] | set(ALWAYS) | set(self.extra)
        return [name for name in FIELD_ORDER if name in needed]

    def _relabel(self) -> None:
        """Every visible string in the current language (no render: the caller renders once)."""
        lang = self.lang
        category = str(self.controls["category"].value)
        self._busy = True
        try:
            for name, control in self.controls.items():
                if name in ("reset", "pdf", "large_text"):
                    control.description = ui(name, lang)
                    continue
                special = f"{name}_{category}"
                control.description = ui(special, lang) if special in UI else ui(name, lang)
                if isinstance(control, DateField):
                    control.set_language(lang)
            self.controls["reset"].tooltip = ui("reset_tip", lang)
            self.controls["reset"].disabled = self.chosen is None
            if "pdf" in self.controls:
                self.controls["pdf"].tooltip = ui("pdf_tip", lang)
            keep = self.controls["preset"].value
            self.controls["preset"].options = self._preset_options()
            self.controls["preset"].value = keep
            keep = self.controls["category"].value
            self.controls["category"].options = self._category_options()
            self.controls["category"].value = keep
            for name in CHOICES:
                keep = self.controls[name].value
                self.controls[name].options = self._choice_options(name)
                self.controls[name].value = keep
            self.controls["bulletin_current"].text.tooltip = ui("bulletin_current_tip", lang)
            for name in SHIFTS:
                self.controls[name].tooltip = ui("shift_tip", lang)
        finally:
            self._busy = False
        self.title.value = f"<h2>{html.escape(ui('title', lang))}</h2>"
        self.case_heading.value = (
            f"<div class='cspa-subtitle' style='color:#444;margin:2px 0 4px 0'>"
            f"{html.escape(ui('subtitle', lang))}</div><h4>{html.escape(ui('case_heading', lang))}</h4>"
        )
        self.fixed_note.value = _fixed_html(self._fixed, lang)
        self.horizon.value = _horizon_html(self._horizon(), lang)
        self.pdf_link.value = ""

    # --- the case and the rendering ----------------------------------------------------------

    def case_fields(self) -> dict[str, object]:
        """The batch columns the controls describe: the preset's other columns, the values of the
        fields shown for the category (an empty field leaves its column out), the ±months shifts
        applied, and `as_of` (today: the engine never reads the clock)."""
        fields: dict[str, object] = dict(self._fixed)
        for name in self.shown_fields():
            if name in SHIFTS:
                continue
            value = self.controls[name].value
            if isinstance(value, BadDate):
                raise DateTextError(name, value.text)
            fields[name] = value
        for shift_name, (column, _limit) in SHIFTS.items():
            months = self.controls[shift_name].value
            if months and shift_name in self.shown_fields() and isinstance(fields.get(column), date):
                picked = parse_date(fields[column], column)  # out of range: an input error, not an overflow
                fields[column] = add_months(picked, months)  # type: ignore[arg-type]
        fields["as_of"] = date.today()
        return fields

    def render(self, change: Mapping[str, Any] | None = None) -> None:
        """Evaluate the case and redraw: verdict, numbers, timeline, steps, flags (or the error)."""
        if self._busy:
            return
        lang = self.lang
        self.pdf_link.value = ""
        try:
            self.fields = {}
            self.fields = self.case_fields()
            result = evaluate(self.fields, bulletin=self.bulletin)
            self.ax.clear()
            plot_timeline(result, ax=self.ax, lang=lang, legend=False, title=False)
            png = _png(self.figure)
            key = _legend_html(legend_entries(self.ax))
        except Exception as exc:  # shown in the output, never swallowed
            self.result, self.png = None, b""
            empty = {name for name in self.shown_fields() if self.controls[name].value is None}
            self.error = error_message(exc, lang, empty) + self._shift_notes(exc)
            detail = "" if isinstance(exc, CspaError) else traceback.format_exc()
            self.html = _error_html(self.error, lang, detail)
            self.verdict_area.value = self.html
            self._result_row.layout.display = "none"
            self.steps_area.value, self.legend.value = "", ""
            return
        self.result, self.error, self.png = result, None, png
        head, tail = _result_html(result, lang, self._notes(result))
        self.html = head + key + tail
        self.verdict_area.value = head
        self.plot.value = png
        self.legend.value = key
        self.steps_area.value = tail
        self._result_row.layout.display = None

    def _notes(self, result: Any) -> list[str]:
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
            if months and field == column and isinstance(self.fields.get(column), date):
                return " " + ui("shifted", self.lang).format(
                    field=ui(column, self.lang), months=months, date=format_date(self.fields.get(column), self.lang)
                )  # type: ignore[arg-type]
        return ""

    # --- display -----------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _report_renderer() -> Callable[..., bytes] | None:
    """`cspa_lib.report.render_report` when that optional module exists (the PDF button), else None."""
    try:
        from .report import render_report  # type: ignore[import-not-found]
    except ImportError:
        return None
    return render_report  # type: ignore[no-any-return]


def _horizon_source(bulletin: BulletinSource | None) -> Callable[[], Any]:
    """A function giving the data horizon of the bulletin in use as of today (None without data)."""

    def horizon() -> Any:
        try:
            from .horizon import data_horizon

            source = bulletin
            if source is None:
                from .bulletin import load_bulletin

                source = load_bulletin()
            return data_horizon(source.last_month, date.today())
        except Exception:  # no horizon line rather than no dashboard
            return None

    return horizon


def _horizon_html(horizon: Any, lang: str) -> str:
    if horizon is None:
        return ""
    from .i18n import horizon_line, stale_warning

    warning = stale_warning(horizon, lang)
    if warning is None:
        return f"<div class='cspa-horizon'>{html.escape(horizon_line(horizon, lang))}</div>"
    text = html.escape(warning)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return f"<div class='cspa-horizon stale'>{text}</div>"


# --- messages and HTML --------------------------------------------------------------------------

# keyed order errors: (the other field, the value given, the other field's value), as error_params names them
_ORDER_KEYS = {
    "approved_before_filed": ("petition_filed", "approved", "filed"),
    "decided_before_adjustment_filed": ("adjustment_filed", "decided", "adj_filed"),
    "married_before_birth": ("birth_date", "married", "birth"),
    "ended_before_married": ("married", "ended", "married"),
}


def field_label(name: str, lang: str = "en") -> str:
    """A column as the audience sees it: “Petition filed” (petition_filed) in English, with the
    batch name for CSV users; «Petición presentada» in Spanish, with no code."""
    try:
        label = ui(name, lang)
    except KeyError:
        label = name
    return ui("quoted", lang).format(label=label, code=name)


def error_message(exc: BaseException, lang: str = "en", empty: Sequence[str] | set[str] = ()) -> str:
    """A translated sentence for an error that names the field; `empty` lists the controls left
    empty, so a required column reads "is empty: pick a date". Input errors carry a message key and
    their values (`InputError.key`, `.params`), rendered from `i18n.ERRORS` in either language."""
    if isinstance(exc, InputError):
        field = field_label(exc.field, lang)
        if exc.field in empty:
            return f"{field} {ui('empty_date', lang)}."
        if isinstance(exc, DateTextError):
            example = date_text(date(2024, 6, 1), lang)
            return ui("error_date_format", lang).format(
                field=field, got=exc.text, format=ui("date_format", lang), example=example
            )
        if exc.key in _ORDER_KEYS:
            other, got, before = _ORDER_KEYS[exc.key]
            return ui("error_order", lang).format(
                field=field,
                other=field_label(other, lang),
                got=format_date(exc.params[got], lang),
                other_value=format_date(exc.params[before], lang),
            )
        if exc.key.startswith("required_") and "category" in exc.params:
            category = category_name(str(exc.params["category"]), lang)
            return ui("error_required", lang).format(field=field, category=category)
        if exc.key in ("required_category", "required_birth_date"):
            return ui("error_required_input", lang).format(field=field)
        if exc.key == "date_range":
            value = exc.params.get("value")
            try:
                shown = format_date(value if isinstance(value, date) else date.fromisoformat(str(value)), lang)
            except ValueError:  # e.g. 9999-13-45: out of range before it was checked on the calendar
                shown = str(value)
            low, high = exc.params["low"], exc.params["high"]
            return ui("error_date_range", lang).format(field=field, low=low, high=high, got=shown)
        if exc.key == "bulletin_not_first_day":
            got, suggest = (format_date(exc.params[n], lang) for n in ("got", "suggest"))
            return ui("error_first_of_month", lang).format(field=field, got=got, suggest=suggest)
        if exc.key == "number_range":
            return ui("error_number_range", lang).format(field=field, low=exc.params["low"], high=exc.params["high"])
        if exc.key == "bad_code" and lang != "en":  # the accepted codes are for files; the dashboard has menus
            return ui("error_invalid", lang).format(field=field, problem="")
        if exc.key:
            problem = render_error(exc.key, exc.field, exc.params, lang)
            return ui("error_keyed", lang).format(field=field, problem=problem)
        if lang == "en":
            return ui("error_field", lang).format(field=field, problem=exc.problem)
        return ui("error_invalid", lang).format(field=field, problem=exc.problem)
    if isinstance(exc, BulletinRangeError):
        return ui("error_bulletin_range", lang).format(problem=str(exc))
    if isinstance(exc, CspaError):
        return str(exc) if lang == "en" else ui("error_data", lang).format(problem=str(exc))
    return ui("error_unexpected", lang).format(kind=type(exc).__name__, problem=str(exc))


def _fixed_html(fixed: Mapping[str, object], lang: str) -> str:
    if not fixed:
        return ""
    items = []
    for name, value in fixed.items():
        parsed = value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            parsed = format_date(date.fromisoformat(value), lang)
        try:
            label = ui(name, lang)
        except KeyError:
            label = name
        items.append(f"<li>{html.escape(label)}: <b>{html.escape(str(parsed))}</b></li>")
    return (
        f"<div style='font-size:16px;color:#333;margin-top:6px'>{html.escape(ui('fixed_fields', lang))}:"
        f"<ul style='margin:2px 0 0 18px;padding:0'>{''.join(items)}</ul></div>"
    )


def _result_html(result: Any, lang: str, notes: Sequence[str]) -> tuple[str, str]:
    """(above the plot, beside the plot): the verdict and the key numbers; the steps and flags."""
    color = outcome_color(result.outcome)
    verdict = html.escape(result.verdict(lang))
    head = (
        f"<div class='cspa-verdict' style='font-weight:700;color:{color};"
        f"border-left:10px solid {color};background:{color}14;padding:4px 12px;margin:0 0 4px 0'>"
        f"{verdict}</div>"
    )
    numbers = [f"{html.escape(label)}: <b>{html.escape(value)}</b>" for label, value in key_numbers(result, lang)]
    if numbers:
        head += f"<div class='cspa-numbers' style='margin:0 0 2px 2px'>{' · '.join(numbers)}</div>"
    if notes:
        head += "".join(
            f"<div class='cspa-note' style='color:#444;margin-left:2px'>{html.escape(n)}</div>"
            for n in notes
        )
    steps = "".join(
        f"<li>{html.escape(render_step(s.key, dict(s.params), lang))}"
        + (f" <span class='cspa-rule' title='{html.escape(citation_parts(s.cite, lang)[1], quote=True)}'>"
           f"[{html.escape(citation_parts(s.cite, lang)[0])}]</span>" if s.cite else "")
        + "</li>"
        for s in result.steps
    )
    tail = (
        "<div class='cspa-steps'>"
        f"<h4>{html.escape(ui('steps', lang))}</h4>"
        f"<ol>{steps}</ol></div>"
    )
    if result.flags:
        flags = "".join(f"<li>{html.escape(flag_label(f, lang))}</li>" for f in result.flags)
        tail += (
            "<div class='cspa-flags'><h4>"
            f"{html.escape(ui('flags', lang))}</h4><ul style='margin:0;padding-left:24px'>{flags}</ul></div>"
        )
    return head, tail


def _legend_html(entries: Sequence[tuple[str, str, str]]) -> str:
    """The plot's legend as HTML under the image: two columns, symbols in the artists' colours."""
    items = "".join(
        f"<div style='break-inside:avoid'><span style='color:{color};font-size:1.1em;display:inline-block;"
        f"width:32px;text-align:center'>{symbol}</span>{html.escape(label)}</div>"
        for symbol, color, label in entries
    )
    return f"<div class='cspa-legend' style='columns:2;column-gap:24px;margin:0 0 4px 4px'>{items}</div>"


def _error_html(message: str, lang: str, detail: str = "") -> str:
    extra = f"<pre style='font-size:13px;white-space:pre-wrap'>{html.escape(detail)}</pre>" if detail else ""
    return (
        f"<div class='cspa-error' style='font-size:20px;color:#8a1c1c;background:#fdecea;"
        f"border-left:10px solid #c62828;padding:10px 14px'><b>{html.escape(ui('error', lang))}</b><br>"
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
