"""What the teaching notebooks show, so that no logic lives in a notebook (STYLE.md, practice 10).

`explain` renders one result as Markdown (verdict, the key numbers, the numbered steps with their
rule citations, the flags); `compare` puts several cases side by side in a table (sweeps and grids
are `cspa_lib.scenarios`). Every visible word comes from `i18n`, so the Spanish notebook is a
translation of the English one, not a fork.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .api import evaluate
from .horizon import DataHorizon, data_horizon
from .i18n import (
    flag_label,
    format_date,
    format_days,
    format_ymd,
    horizon_line,
    key_numbers,
    outcome_label,
    render_steps,
    stale_warning,
    ui,
)
from .presets import get_preset
from .result import CspaResult

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .bulletin import Bulletin

CaseLike = CspaResult | Mapping[str, Any] | str


def case(key: str, **changes: Any) -> dict[str, Any]:
    """A preset's batch columns as a new dict, with `changes` applied (a value of None removes
    the column): `case("protected", sought_to_acquire=None)`."""
    fields: dict[str, Any] = dict(get_preset(key).fields)
    for name, value in changes.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    return fields


def result_of(item: CaseLike, as_of: date | str | None = None) -> CspaResult:
    """A result from a result, a preset key or a mapping of batch columns, evaluated as of `as_of`
    (default: today, the notebook's reader's date; the rules themselves never read the clock)."""
    if isinstance(item, CspaResult):
        return item
    fields = case(item) if isinstance(item, str) else dict(item)
    fields.setdefault("as_of", as_of or date.today())
    return evaluate(fields)


class Explanation:
    """One result for a notebook: Markdown in Jupyter, plain text in `print`."""

    def __init__(self, result: CspaResult, lang: str = "en", title: str | None = None) -> None:
        self.result = result
        self.lang = lang
        self.title = title

    def lines(self) -> list[str]:
        r, lang = self.result, self.lang
        out = [f"### {self.title}"] if self.title else []
        out.append(f"**{r.verdict(lang)}**")
        numbers = [f"{label}: {value}" for label, value in key_numbers(r, lang)]
        if numbers:
            out.append(" · ".join(numbers))
        out.append(f"**{ui('steps', lang)}**")
        out.append("\n".join(render_steps(r, lang)))
        if r.flags:
            out.append(f"**{ui('flags', lang)}**")
            out.append("\n".join(f"- {flag_label(f, lang)}" for f in r.flags))
        return out

    def _repr_markdown_(self) -> str:
        return "\n\n".join(self.lines())

    def __str__(self) -> str:
        return "\n\n".join(line.replace("**", "").replace("### ", "") for line in self.lines())


def explain(item: CaseLike, lang: str = "en", title: str | None = None) -> Explanation:
    """The verdict, the key numbers and the numbered steps of a case (a preset key, a mapping of
    batch columns or a result), each step ending with its rule citation."""
    return Explanation(result_of(item), lang, title)


COMPARE_COLUMNS = (
    "verdict",
    "available",
    "chart",
    "policy",
    "pending_time",
    "cspa_age",
    "margin_days",
)


def compare(cases: Mapping[str, CaseLike], lang: str = "en") -> pd.DataFrame:
    """Several cases side by side, one row each (the row label is the mapping's key): verdict,
    visa-available date, chart and chart policy, pending time, CSPA age, margin to 21 in days."""
    import pandas as pd

    rows = []
    for item in cases.values():
        r = result_of(item)
        rows.append(
            [
                outcome_label(r.outcome.value, lang),
                format_date(r.visa_available, lang) if r.visa_available else "—",
                ui(f"chart_{r.chart}", lang) if r.chart else "—",
                ui(f"policy_{r.policy}", lang) if r.policy and r.chart else "—",  # no lookup, no chart policy
                format_days(r.pending_days, lang) if r.pending_days is not None else "—",
                format_ymd(r.cspa_age, lang) if r.cspa_age is not None else "—",
                r.days_under_21 if r.days_under_21 is not None else "—",
            ]
        )
    frame = _whole_cells(pd.DataFrame(rows, index=list(cases), columns=[ui(c, lang) for c in COMPARE_COLUMNS]))
    frame.index.name = ui("case", lang)
    return frame


def _whole_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The same frame, shown in a notebook without cutting long cells ("USCIS, Feb 14, 2023 rule: the
    chart USCIS designated" is a whole answer, not a preview)."""
    return _table_class()(frame)


@functools.cache
def _table_class() -> type:
    import pandas as pd  # teaching stays importable without pandas until a table is asked for

    class Table(pd.DataFrame):
        @property
        def _constructor(self) -> type:
            return Table

        def _repr_html_(self) -> str | None:
            with pd.option_context("display.max_colwidth", None):
                return super()._repr_html_()

    return Table


class HorizonNote:
    """How current the bulletin data are, for the top of a notebook: Markdown in Jupyter, plain
    text in `print`. The warning (rule book 12.9) appears only when the data are stale."""

    def __init__(self, horizon: DataHorizon, lang: str = "en") -> None:
        self.horizon = horizon
        self.lang = lang
        self.line = horizon_line(horizon, lang)
        self.warning = stale_warning(horizon, lang)

    def _repr_markdown_(self) -> str:
        text = f"*{self.line}.*"
        return text + (f"\n\n> ⚠️ **{self.warning}**" if self.warning else "")

    def __str__(self) -> str:
        return f"{self.line}." + (f"\n{self.warning}" if self.warning else "")


def bulletin_horizon(lang: str = "en", as_of: date | None = None, bulletin: Bulletin | None = None) -> HorizonNote:
    """"Bulletin data through July 2026", and the stale-data warning when `as_of` (default: today)
    is more than 60 days past the end of the data's last month (the bundled data by default)."""
    if bulletin is None:
        from .bulletin import load_bulletin

        bulletin = load_bulletin()
    return HorizonNote(data_horizon(bulletin.last_month, as_of or date.today()), lang)
