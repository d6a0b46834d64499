"""Plot helpers on the Agg backend: assertions on the artists' data, not just "it ran"."""

from __future__ import annotations

from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cspa_lib import evaluate  # noqa: E402
from cspa_lib.plots import (  # noqa: E402
    AGED_OUT,
    PROTECTED,
    age_years,
    legend_entries,
    plot_age_vs_available,
    plot_bulletin_history,
    plot_margin_heatmap,
    plot_timeline,
)
from cspa_lib.presets import get_preset  # noqa: E402
from tests.helpers import tiny_bulletin  # noqa: E402


def num(text: str) -> float:
    return float(mdates.date2num(date.fromisoformat(text)))


def by_gid(ax, gid: str):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"no artist with gid {gid!r}"
    return found[0]


def text_of(ax, gid: str) -> str:
    return by_gid(ax, gid).get_text()


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


@pytest.fixture(autouse=True)
def _no_global_figure_calls(monkeypatch):
    """Helpers never show, never draw on the current axes."""

    def fail(*_a, **_k):
        raise AssertionError("plot helpers must not call plt.show() or plt.gca()")

    monkeypatch.setattr(plt, "show", fail)
    monkeypatch.setattr(plt, "gca", fail)


# F2A-01: protected by 508 days; F2A-02: aged out by 116 days (tests/test_examples.py).
F2A_01 = get_preset("protected").fields
F2A_02 = get_preset("aged_out").fields


def test_timeline_preference_markers_lines_and_margin(ax):
    result = evaluate(F2A_01)
    out = plot_timeline(result, ax=ax)
    assert out is ax
    assert list(by_gid(ax, "line_21").get_ydata()) == [21, 21]
    # markers sit at the case's dates, on the biological age line
    birth = date(2003, 4, 10)
    for gid, day in [
        ("marker:filed", "2020-02-03"),
        ("marker:approved", "2021-08-16"),
        ("marker:current", "2024-06-01"),
        ("marker:available", "2024-06-01"),
        ("marker:sought", "2024-09-10"),
    ]:
        line = by_gid(ax, gid)
        assert line.get_xdata()[0] == pytest.approx(num(day)), gid
        assert line.get_ydata()[0] == pytest.approx(age_years(birth, date.fromisoformat(day))), gid
    b21 = by_gid(ax, "marker:b21")  # the biological line meets 21 on the 21st birthday
    assert (b21.get_xdata()[0], b21.get_ydata()[0]) == (pytest.approx(num("2024-04-10")), 21.0)
    born = by_gid(ax, "legend:birth")  # 2003 is out of view: named in the legend only
    assert len(born.get_xdata()) == 0 and born.get_label() == "Birth: April 10, 2003"
    age_out = by_gid(ax, "marker:age_out")
    assert (age_out.get_xdata()[0], age_out.get_ydata()[0]) == (pytest.approx(num("2025-10-21")), 21.0)
    assert list(by_gid(ax, "marker:deadline").get_xdata()) == pytest.approx([num("2025-06-01")] * 2)
    assert by_gid(ax, "marker:sought").get_color() == PROTECTED  # sought in time
    # the CSPA point: age on the reference date (2022-11-19), straight below the visa date
    cspa = by_gid(ax, "marker:cspa_age")
    assert cspa.get_xdata()[0] == pytest.approx(num("2024-06-01"))
    assert cspa.get_ydata()[0] == pytest.approx(age_years(birth, date(2022, 11, 19)))
    assert text_of(ax, "margin_label") == "508 days under the 21 line (1 year, 4 months, 22 days)"
    assert text_of(ax, "cspa_age_label") == "= CSPA age: 19 years, 7 months, 9 days"
    assert text_of(ax, "pending_label") == "− 560 days (pending time)"
    assert ax.get_title(loc="left") == result.verdict("en")
    assert by_gid(ax, "verdict_title").get_color() == PROTECTED


def test_timeline_lines_cross_21_to_the_day(ax):
    """Biological line at 21 on the 21st birthday; CSPA line at 21 the day after the age-out date."""
    result = evaluate(F2A_01)
    plot_timeline(result, ax=ax)
    bio, cspa = by_gid(ax, "line:biological"), by_gid(ax, "line:cspa")
    assert np.interp(21, bio.get_ydata(), bio.get_xdata()) == pytest.approx(num("2024-04-10"))
    assert np.interp(21, cspa.get_ydata(), cspa.get_xdata()) == pytest.approx(num("2025-10-22"))
    # the CSPA line is the biological line moved right by the 560 pending days
    x = num("2023-01-01")
    assert np.interp(x + 560, cspa.get_xdata(), cspa.get_ydata()) == pytest.approx(
        np.interp(x, bio.get_xdata(), bio.get_ydata())
    )


def test_timeline_aged_out_is_red_and_says_past(ax):
    result = evaluate(F2A_02)
    plot_timeline(result, ax=ax)
    assert text_of(ax, "margin_label") == "116 days past the 21 line (3 months, 26 days)"
    assert by_gid(ax, "verdict_title").get_color() == AGED_OUT
    assert by_gid(ax, "margin_label").get_color() == AGED_OUT
    assert "Aged out" in ax.get_title(loc="left")


def test_timeline_in_spanish(ax):
    plot_timeline(evaluate(F2A_01), ax=ax, lang="es")
    assert text_of(ax, "margin_label") == "508 días antes de la línea de 21 (1 año, 4 meses y 22 días)"
    assert ax.get_ylabel() == "Edad (años)"
    labels = [label for _, _, label in legend_entries(ax)]
    assert "Visa disponible: 1 de junio de 2024" in labels
    assert "Edad biológica" in labels


def test_timeline_freeze_case_compares_freeze_date_with_21st_birthday(ax):
    result = evaluate(get_preset("ir").fields)  # IR-01: frozen 2023-11-01, 21 on 2024-05-10
    plot_timeline(result, ax=ax)
    freeze = by_gid(ax, "marker:freeze")
    assert freeze.get_xdata()[0] == pytest.approx(num("2023-11-01"))
    b21 = by_gid(ax, "marker:b21")
    assert (b21.get_xdata()[0], b21.get_ydata()[0]) == (pytest.approx(num("2024-05-10")), 21.0)
    frozen = by_gid(ax, "line:cspa")
    assert len(set(frozen.get_ydata())) == 1  # flat: the age stops at the freeze date
    assert frozen.get_ydata()[0] == pytest.approx(age_years(date(2003, 5, 10), date(2023, 11, 1)))
    assert text_of(ax, "margin_label") == "191 days under the 21 line (6 months, 9 days)"
    assert not [a for a in ax.get_children() if a.get_gid() == "marker:available"]


def test_timeline_feb29_birth_reaches_21_on_march_1(ax):
    result = evaluate(get_preset("feb29").fields)
    plot_timeline(result, ax=ax)
    bio = by_gid(ax, "line:biological")
    assert np.interp(21, bio.get_ydata(), bio.get_xdata()) == pytest.approx(num("2025-03-01"))
    assert text_of(ax, "margin_label") == "1 day under the 21 line"


def test_timeline_awaiting_visa_says_the_last_date(ax):
    bulletin = tiny_bulletin("2023-01", "2024-12", {("FAD", "F2A", "ALL"): [("2023-01", "2015-01-01")]})
    result = evaluate(
        category="F2A",
        birth_date="2010-01-01",
        petition_filed="2022-01-03",
        petition_approved="2022-07-01",
        processing="consular",
        bulletin=bulletin,
    )
    assert result.visa_available is None
    plot_timeline(result, ax=ax)
    assert (
        text_of(ax, "margin_label") == f"The visa must be available by {result.age_out_date:%B} "
        f"{result.age_out_date.day}, {result.age_out_date.year}"
    )


def test_plot_helpers_create_a_figure_only_without_axes():
    result = evaluate(F2A_01)
    before = set(plt.get_fignums())
    ax = plot_timeline(result)
    assert set(plt.get_fignums()) - before == {ax.figure.number}
    plt.close(ax.figure)
    fig, given = plt.subplots()
    count = len(plt.get_fignums())
    assert plot_age_vs_available(result, ax=given) is given
    assert len(plt.get_fignums()) == count
    plt.close(fig)


def test_age_vs_available_crosses_21_after_the_age_out_date(ax):
    result = evaluate(F2A_01)  # age-out date 2025-10-21
    plot_age_vs_available(result, ax=ax)
    line = by_gid(ax, "line:cspa")
    x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    assert np.interp(num("2025-10-21"), x, y) < 21
    assert np.interp(num("2025-10-22"), x, y) == pytest.approx(21.0)
    assert np.all(np.diff(y) >= 0)  # a later visa date never lowers the CSPA age
    available = by_gid(ax, "marker:available")
    assert available.get_xdata()[0] == pytest.approx(num("2024-06-01"))
    assert available.get_ydata()[0] == pytest.approx(age_years(date(2003, 4, 10), date(2022, 11, 19)))
    assert by_gid(ax, "marker:age_out").get_xdata()[0] == pytest.approx(num("2025-10-21"))


def test_age_vs_available_is_flat_for_a_freeze_case(ax):
    plot_age_vs_available(evaluate(get_preset("asylee").fields), ax=ax)
    assert len(set(by_gid(ax, "line:cspa").get_ydata())) == 1
    assert text_of(ax, "frozen_note").startswith("The age is frozen")


def _span_x(patch) -> tuple[float, float]:
    """x extent of an axvspan (a Rectangle since matplotlib 3.9, a Polygon before)."""
    if hasattr(patch, "get_width"):
        return float(patch.get_x()), float(patch.get_x() + patch.get_width())
    xs = patch.get_xy()[:, 0]
    return float(min(xs)), float(max(xs))


def test_bulletin_history_series_priority_date_and_current_months(ax):
    bulletin = tiny_bulletin(
        "2020-01",
        "2020-12",
        {
            ("FAD", "F2A", "ALL"): [
                ("2020-01", "2018-01-01"),
                ("2020-04", "C"),
                ("2020-07", "2017-06-01"),
                ("2020-10", "U"),
                ("2020-11", "2019-03-01"),
            ],
            ("DFF", "F2A", "ALL"): [("2020-01", "2019-01-01")],
        },
    )
    plot_bulletin_history(bulletin, "F2A", priority_date="2018-06-01", ax=ax)
    fad = by_gid(ax, "cutoff:FAD")
    y = np.asarray(fad.get_ydata(), dtype=float)
    assert y[0] == pytest.approx(num("2018-01-01"))
    assert y[3] == pytest.approx(num("2020-04-01"))  # "C" drawn on the diagonal
    assert y[6] == pytest.approx(num("2017-06-01"))  # retrogression
    assert np.isnan(y[9])  # "U": a gap
    assert list(by_gid(ax, "unavailable:FAD").get_xdata()) == pytest.approx([num("2020-10-01")])
    assert list(by_gid(ax, "priority_date").get_ydata()) == pytest.approx([num("2018-06-01")] * 2)
    spans = {
        chart: sorted(_span_x(p) for p in ax.patches if p.get_gid() == f"current:{chart}") for chart in ("FAD", "DFF")
    }
    # FAD: current Apr..Jun (C) and Nov..Dec (cut-off 2019-03-01); DFF: every month
    assert spans["FAD"] == [
        pytest.approx((num("2020-04-01"), num("2020-07-01"))),
        pytest.approx((num("2020-11-01"), num("2021-01-01"))),
    ]
    assert spans["DFF"] == [pytest.approx((num("2020-01-01"), num("2021-01-01")))]


def test_bulletin_history_window_and_bad_window(ax):
    bulletin = tiny_bulletin("2020-01", "2020-12", {("FAD", "F2A", "ALL"): [("2020-01", "2018-01-01")]})
    plot_bulletin_history(bulletin, "F2A", charts=("FAD",), start="2020-06-01", end="2020-08-01", ax=ax)
    assert len(by_gid(ax, "cutoff:FAD").get_xdata()) == 3
    with pytest.raises(ValueError, match=r"'start'..'end' \(2030-01-01..2030-12-01\) selects no bulletin month"):
        plot_bulletin_history(bulletin, "F2A", start="2030-01-01", end="2030-12-01", ax=ax)


def grid_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "approval_shift": [-3, 0, 3, -3, 0, 3],
            "pending": [100, 100, 100, 200, 200, 200],
            "days_under_21": [50, -10, -70, 150, 90, pd.NA],
        }
    ).astype({"days_under_21": "Int64"})


def test_margin_heatmap_values_and_centred_colours(ax):
    plot_margin_heatmap(grid_frame(), "approval_shift", "pending", ax=ax)
    image = by_gid(ax, "heatmap")
    values = np.ma.filled(image.get_array().astype(float), np.nan)
    np.testing.assert_array_equal(values, [[50, -10, -70], [150, 90, np.nan]])
    assert image.get_array().mask[1, 2]  # the missing value is masked, drawn grey
    assert image.norm.vcenter == 0 and image.norm.vmin == -150 and image.norm.vmax == 150
    assert image.cmap(image.norm(1))[1] > image.cmap(image.norm(1))[0]  # > 0 leans green
    assert [t.get_text() for t in ax.get_xticklabels()] == ["-3", "0", "3"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["100", "200"]
    edges = by_gid(ax, "zero_line").get_segments()
    # protected (50) | aged out (-10) in row 0; (-10 above 90) between rows in column 1
    assert any(np.allclose(s, [(0.5, -0.5), (0.5, 0.5)]) for s in edges)
    assert any(np.allclose(s, [(0.5, 0.5), (1.5, 0.5)]) for s in edges)
    assert ax.figure.axes[-1].get_ylabel() == "Margin to 21 (days)"


def test_margin_heatmap_rejects_a_grid_that_is_not_tidy(ax):
    frame = grid_frame()
    with pytest.raises(ValueError, match=r"one row per \('approval_shift', 'pending'\) pair \(got 1 repeated"):
        plot_margin_heatmap(pd.concat([frame, frame.iloc[:1]]), "approval_shift", "pending", ax=ax)
    with pytest.raises(ValueError, match=r"column\(s\) 'missing' not in the frame"):
        plot_margin_heatmap(frame, "missing", "pending", ax=ax)


def test_margin_heatmap_dates_as_month_labels_in_spanish(ax):
    frame = pd.DataFrame(
        {"bulletin_current": [date(2024, 6, 1), date(2024, 7, 1)], "row": [1, 1], "days_under_21": [5, -5]}
    )
    plot_margin_heatmap(frame, "bulletin_current", "row", ax=ax, lang="es")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["junio de 2024", "julio de 2024"]
    assert {t.get_rotation() for t in ax.get_xticklabels()} == {40}  # long labels slant
    assert ax.get_xlabel() == "Vigente en el boletín"


def test_date_ticks_are_translated(ax):
    plot_timeline(evaluate(get_preset("uscis_formula").fields), ax=ax, lang="es")  # 2024-2025
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    months = {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"}
    assert any(label.split(" ")[0] in months for label in labels), labels


def test_legend_entries_follow_the_artists(ax):
    plot_timeline(evaluate(F2A_01), ax=ax, legend=False, title=False)
    assert ax.get_legend() is None and ax.get_title(loc="left") == ""
    entries = {label: (symbol, color) for symbol, color, label in legend_entries(ax)}
    assert entries["Visa available: June 1, 2024"][0] == "★"
    assert entries["21-year line"][0] == "━━"  # solid and thick: the line the lesson is about


def test_age_years_is_whole_on_anniversaries():
    assert age_years(date(2004, 2, 29), date(2025, 3, 1)) == 21.0
    assert age_years(date(2004, 2, 29), date(2025, 2, 28), "feb28") == 21.0
    assert age_years(date(2003, 4, 10), date(2003, 4, 10) + timedelta(days=1)) == pytest.approx(1 / 366)
