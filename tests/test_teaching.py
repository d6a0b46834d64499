"""The notebook helpers: Markdown explanations and side-by-side tables."""

from __future__ import annotations

from cspa_lib import evaluate
from cspa_lib.teaching import case, compare, explain

# A real F2A series: Dates for Filing current from the Sept 2023 bulletin, Final Action Dates not
# until Oct 2025 for a January 2023 priority date; the chart policy decides the verdict.
F2A_2023 = {
    "category": "F2A",
    "birth_date": "2003-07-20",
    "petition_filed": "2023-01-03",
    "petition_approved": "2023-10-30",
    "sought_to_acquire": "2023-11-20",
}


def test_case_copies_a_preset_and_applies_changes():
    fields = case("protected", sought_to_acquire=None, petition_approved="2021-09-16")
    assert "sought_to_acquire" not in fields and fields["petition_approved"] == "2021-09-16"
    assert case("protected")["sought_to_acquire"] == "2024-09-10"  # the preset is untouched


def test_explain_renders_verdict_numbers_and_cited_steps():
    text = explain("uscis_formula")._repr_markdown_()
    assert text.startswith("**Protected: still a child under CSPA — 61 days under the 21 line**")
    assert "Age on June 1, 2024: 21 years, 4 months, 0 days · Pending time: 182 days" in text
    assert "\n1. Born February 1, 2003: turns 21 on February 1, 2024." in text
    assert "[INA 203(h)(1), 8 U.S.C. 1153(h)(1)" in text
    spanish = str(explain("aged_out", "es", title="Caso"))
    assert spanish.startswith("Caso\n\nSuperó la edad")
    assert "**" not in spanish and "Paso a paso" in spanish


def test_compare_shows_the_chart_policy_deciding_the_verdict():
    table = compare(
        {
            "consular": dict(F2A_2023, processing="consular"),
            "I-485 2023": dict(F2A_2023, adjustment_filed="2023-11-20"),
            "I-485 2025": dict(F2A_2023, adjustment_filed="2025-09-02", sought_to_acquire="2025-09-02"),
        }
    )
    assert list(table["Visa available"]) == ["October 1, 2025", "October 30, 2023", "October 1, 2025"]
    assert list(table["Chart"]) == ["Final Action Dates", "Dates for Filing", "Final Action Dates"]
    assert list(table["Margin to 21 (days)"]) == [-138, 564, -138]
    assert table.loc["I-485 2023", "Verdict"].startswith("Protected")
    assert table.index.name == "Case"
    given = compare({"premium": "premium"})  # bulletin month given: no chart, so no chart policy
    assert given.loc["premium", "Chart"] == "—" and given.loc["premium", "Chart policy"] == "—"
    spanish = compare({"x": evaluate(dict(F2A_2023, processing="consular"))}, "es")
    assert spanish.loc["x", "Tabla"] == "Fechas de Acción Final"
