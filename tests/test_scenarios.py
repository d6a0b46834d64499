"""Sweeps, grids and the analyst's questions, checked against `evaluate` one case at a time."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from cspa_lib import evaluate
from cspa_lib.batch import evaluate_frame
from cspa_lib.errors import InputError
from cspa_lib.scenarios import affordable_delay_days, grid, latest_protected, stall, sweep

# The README's F2A case: filed 2020-02-03, approved 2021-08-16 (560 days pending), born 2003-04-10
# (21 on 2024-04-10), current in the June 2024 bulletin; the last protecting day is 2025-10-21.
F2A = {"case_id": "f2a", "category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
       "petition_approved": "2021-08-16", "bulletin_current": "2024-06-01", "sought_to_acquire": "2024-09-10"}
# EB-2 India on the bundled bulletin (README): aged out through retrogression.
EB2_INDIA = {"case_id": "eb2", "category": "EB2", "chargeability": "INDIA", "birth_date": "2001-06-01",
             "priority_date": "2012-03-01", "petition_filed": "2012-06-01", "petition_approved": "2013-01-15",
             "processing": "consular", "sought_to_acquire": "2024-06-01"}


def _same_as_evaluate(frame: pd.DataFrame, case: dict, field: str) -> None:
    for _, row in frame.iterrows():
        value = row[field]
        value = value.date().isoformat() if isinstance(value, pd.Timestamp) else value
        expected = evaluate({**case, field: value}).to_row()
        for column in ("outcome", "visa_available", "days_under_21", "cspa_age_total_days", "age_out_date", "flags"):
            got = row[column]
            assert (pd.isna(got) and expected[column] is None) or got == expected[column], (value, column)


SWEEP_MONTHS = [  # bulletin_current shifted: margin falls by the days the month moved
    (0, "2024-06-01", "protected", 508),
    (4, "2024-10-01", "protected", 386),
    (16, "2025-10-01", "protected", 21),
    (17, "2025-11-01", "aged_out", -10),
    (20, "2026-02-01", "aged_out", -102),
]


def test_sweep_bulletin_months_reads_like_the_table():
    frame = sweep(F2A, "bulletin_current", months=[m for m, *_ in SWEEP_MONTHS])
    assert list(frame.columns[:2]) == ["bulletin_current_shift_months", "bulletin_current"]
    got = [(m, f"{d:%Y-%m-%d}", o, int(u)) for m, d, o, u in
           frame[["bulletin_current_shift_months", "bulletin_current", "outcome", "days_under_21"]].itertuples(index=False)]
    assert got == SWEEP_MONTHS
    _same_as_evaluate(frame, F2A, "bulletin_current")


def test_sweep_with_values_and_bulletin_lookups_matches_evaluate():
    frame = sweep(EB2_INDIA, "priority_date", ["2008-01-01", "2010-06-01", "2012-03-01", "2014-01-01"])
    assert list(frame["outcome"])[2] == "aged_out"  # the README's answer for 2012-03-01
    _same_as_evaluate(frame, EB2_INDIA, "priority_date")


def test_grid_is_tidy_and_every_cell_is_the_scalar_answer():
    frame = grid(F2A, "petition_approved", "bulletin_current", x_days=range(0, 400, 100), y_months=range(0, 24, 6))
    assert len(frame) == 16 and not frame.duplicated(["petition_approved", "bulletin_current"]).any()
    assert list(frame.columns[:4]) == ["petition_approved_shift_days", "petition_approved",
                                       "bulletin_current_shift_months", "bulletin_current"]
    assert list(frame["petition_approved_shift_days"][:4]) == [0, 100, 200, 300]  # x varies fastest
    for _, row in frame.iterrows():
        case = {**F2A, "petition_approved": row["petition_approved"].date(), "bulletin_current": row["bulletin_current"].date()}
        result = evaluate(case)
        assert (row["outcome"], row["days_under_21"]) == (result.outcome.value, result.days_under_21)
    # a later approval adds pending days: the margin grows with it while the bulletin month is later
    margins = frame.pivot(index="bulletin_current_shift_months", columns="petition_approved_shift_days", values="days_under_21")
    assert (np.diff(margins.to_numpy().astype(int), axis=1) >= 0).all()


def test_grid_200_by_200_is_one_vectorised_call():
    frame = grid(F2A, "petition_approved", "bulletin_current", x_days=range(200), y_months=range(200))
    assert len(frame) == 40_000 and set(frame["outcome"]) == {"protected", "aged_out"}
    cell = frame[(frame["petition_approved_shift_days"] == 150) & (frame["bulletin_current_shift_months"] == 30)].iloc[0]
    expected = evaluate({**F2A, "petition_approved": "2022-01-13", "bulletin_current": "2026-12-01"})
    assert cell["days_under_21"] == expected.days_under_21 and cell["outcome"] == expected.outcome.value


def test_latest_protected_bulletin_month_and_visa_available_date():
    assert evaluate(F2A).age_out_date == date(2025, 10, 21)  # the latest visa-available date
    assert latest_protected(F2A, "bulletin_current") == date(2025, 10, 1)  # the latest bulletin month
    assert evaluate({**F2A, "bulletin_current": "2025-10-01"}).outcome.value == "protected"
    assert evaluate({**F2A, "bulletin_current": "2025-11-01"}).outcome.value == "aged_out"


def test_latest_protected_sought_to_acquire_is_the_anniversary():
    # available 2024-06-01: seeking by 2025-06-01 inclusive protects (cspa_rules.md §2, §8)
    assert latest_protected(F2A, "sought_to_acquire") == date(2025, 6, 1)


def test_latest_protected_approval_of_a_case_not_protected_is_none():
    late = {**F2A, "bulletin_current": "2026-02-01"}
    assert latest_protected(late, "petition_approved") is None


LATEST_ERRORS = [
    ("birth_date", {}, InputError, r"'birth_date' must be one of petition_approved, bulletin_current"),
    ("petition_approved", {"horizon_days": 300}, ValueError,
     r"'petition_approved' still protects 300 days after the case's value \(2022-06-12\); widen horizon_days"),
]


@pytest.mark.parametrize(("field", "kwargs", "error", "message"), LATEST_ERRORS, ids=["not a date that slips", "horizon"])
def test_latest_protected_errors(field, kwargs, error, message):
    with pytest.raises(error, match=message):
        latest_protected(F2A, field, **kwargs)


def test_affordable_delay_is_the_margin_less_one_day():
    cohort = pd.DataFrame([F2A, {**F2A, "case_id": "late", "bulletin_current": "2026-02-01"},
                           {**EB2_INDIA, "sought_to_acquire": None, "priority_date": "2026-01-01",
                            "case_id": "waiting", "birth_date": "2015-01-01"}])
    results = evaluate_frame(cohort)
    assert list(results["outcome"]) == ["protected", "aged_out", "awaiting_visa"]
    delay = affordable_delay_days(results, as_of="2026-07-01")
    assert delay.tolist()[:2] == [507, -103]  # 2025-10-21 - 2024-06-01; 2025-10-21 - 2026-02-01
    assert delay.iloc[2] == (date.fromisoformat(str(results.loc[2, "age_out_date"])) - date(2026, 7, 1)).days
    assert pd.isna(affordable_delay_days(results).iloc[2])  # awaiting, no as_of: unknown


def test_stall_moves_the_visa_available_date_and_names_who_ages_out():
    cohort = pd.DataFrame([F2A, {**F2A, "case_id": "young", "birth_date": "2005-04-10"},
                           {"case_id": "ir", "category": "IR", "birth_date": "2005-01-01", "petition_filed": "2024-01-01"}])
    out = stall(cohort, [0, 12, 17])
    assert len(out) == 9 and list(out["stall_months"]) == [0, 0, 0, 12, 12, 12, 17, 17, 17]
    f2a = out[out["case_id"] == "f2a"]
    assert list(f2a["visa_available"]) == [date(2024, 6, 1), date(2025, 6, 1), date(2025, 11, 1)]
    assert list(f2a["outcome"]) == ["protected", "protected", "aged_out"]
    assert list(f2a["days_under_21"]) == [508, 143, -10]
    assert list(out[out["ages_out"]]["case_id"]) == ["f2a"]  # only the older child, only at 17 months
    ir = out[out["case_id"] == "ir"]
    assert set(ir["outcome"]) == {"protected"} and ir["visa_available"].isna().all()  # a freeze: no bulletin


def test_stall_on_bulletin_lookups_matches_evaluate():
    case = {**F2A, "case_id": "mx", "chargeability": "MEXICO", "bulletin_current": None, "sought_to_acquire": None}
    before = evaluate(case)
    out = stall(pd.DataFrame([case]), 6)
    moved = date(before.visa_available.year + (before.visa_available.month + 5) // 12,
                 (before.visa_available.month + 5) % 12 + 1, 1)
    expected = evaluate({**case, "bulletin_current": moved})
    assert out.loc[0, "visa_available"] == expected.visa_available
    assert out.loc[0, "days_under_21"] == expected.days_under_21
    assert out.loc[0, "days_under_21_before"] == before.days_under_21


AXIS_ERRORS = [
    ({"values": [1], "days": [1]}, ValueError, r"give exactly one of values, days or months for 'petition_approved' \(got 2\)"),
    ({}, ValueError, r"give exactly one of values, days or months for 'petition_approved' \(got 0\)"),
]


@pytest.mark.parametrize(("kwargs", "error", "message"), AXIS_ERRORS, ids=["two", "none"])
def test_sweep_needs_exactly_one_axis(kwargs, error, message):
    with pytest.raises(error, match=message):
        sweep(F2A, "petition_approved", **kwargs)


def test_shifting_a_code_column_or_a_missing_date_names_the_field():
    with pytest.raises(InputError, match=r"'category' can be shifted by days or months only if it is a date column"):
        sweep(F2A, "category", days=[1])
    with pytest.raises(InputError, match=r"'adjustment_filed' is needed in the case to be shifted"):
        sweep(F2A, "adjustment_filed", days=[1])
    with pytest.raises(ValueError, match=r"x and y must be different fields \(got 'birth_date' twice\)"):
        grid(F2A, "birth_date", "birth_date", x_days=[0], y_days=[0])
    with pytest.raises(ValueError, match=r"'months' must be 0 or more \(got \[-1\]\)"):
        stall(pd.DataFrame([F2A]), -1)
