"""The explorer without a browser: set `.value` on a control, assert on the result and the plot's data
(as ipywidgets' own tests do). Every case here is a worked example of tests/test_examples.py."""

from __future__ import annotations

from datetime import date

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import pytest  # noqa: E402

from cspa_lib import Outcome  # noqa: E402
from cspa_lib.presets import PRESETS, get_preset  # noqa: E402
from cspa_lib.widgets import CspaExplorer, error_message  # noqa: E402

PUBLIC_CONTROLS = {
    "birth_date",
    "petition_filed",
    "petition_approved",
    "bulletin_current",
    "sought_to_acquire",
    "category",
    "approval_shift",
    "bulletin_shift",
    "preset",
    "language",
}


def num(d: date) -> float:
    return float(mdates.date2num(d))


def artist(explorer: CspaExplorer, gid: str):
    found = [a for a in explorer.ax.get_children() if a.get_gid() == gid]
    assert found, f"no artist with gid {gid!r} on the explorer's timeline"
    return found[0]


def shown_text(explorer: CspaExplorer) -> str:
    """Everything the output area shows as text (HTML parts)."""
    return " ".join(o["data"].get("text/html", "") for o in explorer.output.outputs)


@pytest.fixture(scope="module")
def explorer() -> CspaExplorer:
    return CspaExplorer()


@pytest.fixture
def fresh(explorer: CspaExplorer) -> CspaExplorer:
    """The shared explorer, back on the default preset in English (building one costs ~0.3 s)."""
    explorer.controls["language"].value = "en"
    explorer.controls["preset"].value = "protected"
    explorer.controls["preset"].value = "uscis_formula"
    assert explorer.error is None
    return explorer


def test_no_arguments_shows_the_uscis_formula_example(fresh: CspaExplorer):
    result = fresh.result
    assert result is not None and result.outcome is Outcome.PROTECTED
    assert str(result.age_at_availability) == str(get_result_age("uscis_formula"))
    assert fresh.controls["preset"].value == "uscis_formula"
    assert fresh.controls["birth_date"].value == date(2003, 2, 1)
    html = shown_text(fresh)
    assert "cspa-verdict" in html and "cspa-steps" in html
    assert any("image/png" in o["data"] for o in fresh.output.outputs)


def get_result_age(key: str):
    from cspa_lib import evaluate

    return evaluate(dict(get_preset(key).fields)).age_at_availability


def test_public_surface_names_and_css_classes(fresh: CspaExplorer):
    assert PUBLIC_CONTROLS <= set(fresh.controls)
    for name, control in fresh.controls.items():
        assert f"cspa-{name}" in control._dom_classes, name


def test_protected_then_aged_out_by_moving_the_approval_date(fresh: CspaExplorer):
    """F2A-01: protected by 508 days. Approve 18 months earlier: 547 fewer pending days, aged out."""
    fresh.controls["preset"].value = "protected"
    assert fresh.result.outcome is Outcome.PROTECTED and fresh.result.days_under_21 == 508
    before = artist(fresh, "marker:approved").get_xdata()[0]
    assert before == pytest.approx(num(date(2021, 8, 16)))

    fresh.controls["petition_approved"].value = date(2020, 2, 16)
    assert fresh.result.outcome is Outcome.AGED_OUT
    assert fresh.result.pending_days == 13
    assert fresh.result.days_under_21 == 508 - (560 - 13)
    assert artist(fresh, "marker:approved").get_xdata()[0] == pytest.approx(num(date(2020, 2, 16)))
    assert "Aged out" in shown_text(fresh)


def test_sliders_shift_approval_and_bulletin_by_months(fresh: CspaExplorer):
    fresh.controls["preset"].value = "protected"
    fresh.controls["approval_shift"].value = 2  # 2021-08-16 -> 2021-10-16: 61 more pending days
    assert fresh.result.petition_approved == date(2021, 10, 16)
    assert fresh.result.days_under_21 == 508 + 61
    assert "Petition approved moved +2 months: October 16, 2021" in shown_text(fresh)
    fresh.controls["bulletin_shift"].value = 20  # visa available 2026-02-01: past 2025-10-21 + 61 days
    assert fresh.result.visa_available == date(2026, 2, 1)
    assert fresh.result.outcome is Outcome.AGED_OUT
    assert artist(fresh, "marker:available").get_xdata()[0] == pytest.approx(num(date(2026, 2, 1)))
    fresh.controls["approval_shift"].value = 0
    fresh.controls["bulletin_shift"].value = 0
    assert fresh.result.days_under_21 == 508


def test_aged_out_preset(fresh: CspaExplorer):
    fresh.controls["preset"].value = "aged_out"  # F2A-02: 116 days past the 21 line
    assert fresh.result.outcome is Outcome.AGED_OUT and fresh.result.days_under_21 == -116
    assert artist(fresh, "margin_label").get_text() == "116 days past the 21 line (3 months, 26 days)"


def test_sought_to_acquire_failed_and_fixed_by_an_earlier_date(fresh: CspaExplorer):
    fresh.controls["preset"].value = "sought_failed"  # O. Vazquez: current 2004-03, sought 2005-10-14
    assert fresh.result.outcome is Outcome.SOUGHT_TO_ACQUIRE_FAILED
    assert fresh.result.sought_to_acquire_deadline == date(2005, 3, 1)
    deadline = artist(fresh, "marker:deadline").get_xdata()[0]
    assert deadline == pytest.approx(num(date(2005, 3, 1)))
    fresh.controls["sought_to_acquire"].value = date(2005, 2, 28)
    assert fresh.result.outcome is Outcome.PROTECTED
    assert artist(fresh, "marker:sought").get_xdata()[0] == pytest.approx(num(date(2005, 2, 28)))


def test_bad_input_shows_a_message_naming_the_field(fresh: CspaExplorer):
    fresh.controls["petition_approved"].value = date(2015, 1, 1)  # before filing (2016-02-01)
    assert fresh.result is None
    assert fresh.error == (
        "“Petition approved” (petition_approved) must be on or after “Petition filed” (petition_filed): "
        "January 1, 2015 is before February 1, 2016."
    )
    assert "cspa-error" in shown_text(fresh) and "January 1, 2015" in shown_text(fresh)
    assert not any("image/png" in o["data"] for o in fresh.output.outputs)
    fresh.controls["petition_approved"].value = date(2016, 8, 1)
    assert fresh.error is None and fresh.result.outcome is Outcome.PROTECTED


def test_bulletin_month_not_on_the_first_is_explained(fresh: CspaExplorer):
    fresh.controls["bulletin_current"].value = date(2024, 6, 15)
    assert fresh.result is None
    assert "bulletin_current" in fresh.error and "June 1, 2024" in fresh.error


def test_emptied_date_picker(fresh: CspaExplorer):
    fresh.controls["birth_date"].value = None
    assert fresh.result is None
    assert fresh.error == "“Birth date” (birth_date) is empty: pick a date."
    fresh.controls["birth_date"].value = date(2003, 2, 1)
    assert fresh.result is not None and fresh.error is None


def test_emptied_bulletin_picker_looks_the_month_up(fresh: CspaExplorer):
    """An empty bulletin month is a question for the bundled Visa Bulletin, not an error."""
    fresh.controls["preset"].value = "aged_out"
    fresh.controls["bulletin_current"].value = None
    assert fresh.error is None
    assert fresh.result.visa_available is not None and fresh.result.chart


def test_spanish_switch_translates_labels_result_and_errors(fresh: CspaExplorer):
    fresh.controls["preset"].value = "aged_out"
    fresh.controls["language"].value = "es"
    assert fresh.result.outcome is Outcome.AGED_OUT  # same case, same verdict
    assert fresh.controls["birth_date"].description == "Fecha de nacimiento"
    assert fresh.controls["preset"].value == "aged_out"
    assert dict((v, k) for k, v in fresh.controls["preset"].options)["aged_out"].startswith("Supera la edad")
    assert "116 días" in shown_text(fresh)
    assert artist(fresh, "margin_label").get_text() == "116 días más allá de la línea de 21 (3 meses, 26 días)"
    fresh.controls["birth_date"].value = None
    assert fresh.error == "«Fecha de nacimiento» (birth_date) no tiene fecha: elija una."


def test_category_picker_changes_the_rule(fresh: CspaExplorer):
    fresh.controls["preset"].value = "ir"  # IR-01: age frozen at filing, protected
    assert fresh.result.pathway != "preference"
    fresh.controls["category"].value = "F2A"  # same dates as an F2A petition: the bulletin decides
    assert fresh.result.pathway == "preference" and fresh.result.chart
    assert fresh.result.outcome is Outcome.AGED_OUT
    fresh.controls["category"].value = "IR"
    assert fresh.result.outcome is Outcome.PROTECTED


def test_extra_columns_become_controls():
    explorer = CspaExplorer("natz_bia", extra=("parent_naturalized", "jurisdiction"), title=False)
    assert explorer.result.outcome is Outcome.NOT_ELIGIBLE  # BIA: biological age at naturalization
    assert explorer.controls["parent_naturalized"].value == date(2006, 7, 3)
    explorer.controls["jurisdiction"].value = "CA9"
    assert explorer.result.outcome is Outcome.PROTECTED
    assert "cspa-jurisdiction" in explorer.controls["jurisdiction"]._dom_classes


def test_no_preset_starts_empty_and_says_so():
    explorer = CspaExplorer(None, lang="es")
    assert explorer.result is None
    assert "birth_date" in explorer.error and "no tiene fecha" in explorer.error


def test_bad_arguments_name_the_valid_values():
    with pytest.raises(ValueError, match=r"'lang' must be one of en, es \(got 'fr'\)"):
        CspaExplorer(lang="fr")
    with pytest.raises(ValueError, match=r"'extra' must name batch columns among .* \(got colour\)"):
        CspaExplorer(extra=("colour",))
    with pytest.raises(KeyError, match=r"'preset' must be one of uscis_formula, .* \(got 'nope'\)"):
        get_preset("nope")


@pytest.mark.parametrize("key", [p.key for p in PRESETS], ids=[p.key for p in PRESETS])
def test_every_preset_renders_without_error(explorer: CspaExplorer, key: str):
    explorer.controls["preset"].value = key
    assert explorer.error is None, explorer.error
    assert explorer.result.outcome.value in shown_text(explorer) or explorer.result.verdict("en") in shown_text(
        explorer
    )


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "“Birth date” (birth_date) must be a date in the years 1900..2100 (got December 31, 9999)."),
     ("es", "«Fecha de nacimiento» (birth_date) debe ser una fecha entre los años 1900 y 2100 (se indicó el 31 de diciembre de 9999).")],
    ids=["en", "es"],
)
def test_a_date_outside_the_years_is_a_translated_message(fresh: CspaExplorer, lang, message):
    """Issue 11: a year-9999 date showed "Unexpected error" with a traceback."""
    fresh.controls["language"].value = lang
    fresh.controls["birth_date"].value = date(9999, 12, 31)
    assert fresh.result is None and fresh.error == message


def test_a_shifted_date_near_year_9999_is_an_input_error_not_an_overflow(fresh: CspaExplorer):
    fresh.controls["bulletin_current"].value = date(9999, 12, 1)
    fresh.controls["bulletin_shift"].value = 36
    assert fresh.error.startswith(
        "“Bulletin current” (bulletin_current) must be a date in the years 1900..2100 (got December 1, 9999).")


def test_unexpected_errors_are_reported_not_swallowed():
    message = error_message(RuntimeError("boom"), "en")
    assert message == "Unexpected error (RuntimeError): boom. Please report it with the inputs above."
