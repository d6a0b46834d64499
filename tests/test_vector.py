"""The column path gives exactly what the one-case path gives, row by row.

Both run the same rule kernel; these tests check the layers around it: `evaluate_frame` (whole
columns, `cspa_lib.frame`) is compared with `evaluate_frame_scalar` (one `evaluate` per row) on random
frames: every pathway, Feb 29 births, bad rows, bulletin lookups in the bundled history and in small
inline bulletins with retrogression, gaps and USCIS designations. Only error rows leave the columns.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspa_lib import evaluate, frame, load_bulletin
from cspa_lib.batch import evaluate_frame, evaluate_frame_scalar
from cspa_lib.frame import evaluate_columns
from tests.helpers import tiny_bulletin

CATEGORIES = ["IR", "F1", "F2A", "F2B", "F3", "F4", "EB1", "EB2", "EB3", "EW", "EB4", "EB5", "DV", "ASYLEE",
              "REFUGEE", "K2"]
CHARGEABILITIES = ["ALL", "CHINA", "INDIA", "MEXICO", "PHILIPPINES", ""]
EPOCH = date(1970, 1, 1)


def _iso(days: np.ndarray, rng: np.random.Generator, blank: float) -> pd.Series:
    text = pd.Series(pd.to_datetime(days, unit="D").strftime("%Y-%m-%d"))
    text[rng.random(len(text)) < blank] = ""
    return text


def random_frame(n: int, seed: int, first: date = date(2001, 1, 1), years: int = 25) -> pd.DataFrame:
    """A cohort drawn at random: every category, ~2% Feb 29 births, ~2% bad rows, lookups and given
    bulletin months, adjustment and consular, sought dates before, inside and after the window."""
    rng = np.random.default_rng(seed)
    base = (first - EPOCH).days
    birth = rng.integers(base - 25 * 365, base + 15 * 365, n)
    birth[rng.random(n) < 0.02] = (date(2004, 2, 29) - EPOCH).days
    birth[rng.random(n) < 0.01] = (date(2000, 2, 29) - EPOCH).days
    filed = rng.integers(base, base + years * 365, n)
    approved = filed + rng.integers(0, 1500, n)
    priority = filed - rng.integers(0, 3000, n) * (rng.random(n) < 0.3)
    months = pd.to_datetime(approved + rng.integers(-400, 3000, n), unit="D").to_period("M").to_timestamp()
    sought = approved + rng.integers(0, 2500, n)
    df = pd.DataFrame({
        "case_id": [f"c{i}" for i in range(n)],
        "category": rng.choice(CATEGORIES, n),
        "birth_date": _iso(birth, rng, 0.005),
        "petition_filed": _iso(filed, rng, 0.01),
        "petition_approved": _iso(approved, rng, 0.02),
        "priority_date": _iso(priority, rng, 0.6),
        "chargeability": rng.choice(CHARGEABILITIES, n),
        "bulletin_current": pd.Series(months.strftime("%Y-%m-%d")).where(rng.random(n) < 0.35, ""),
        "processing": rng.choice(["adjustment", "consular", ""], n),
        "adjustment_filed": _iso(sought - rng.integers(0, 100, n), rng, 0.6),
        "adjustment_decided": _iso(sought + rng.integers(0, 900, n), rng, 0.8),
        "sought_to_acquire": _iso(sought, rng, 0.4),
        "marriage_ended": _iso(filed + 500, rng, 0.9),
        "admitted": _iso(filed + 100, rng, 0.5),
        "married": _iso(birth + 20 * 365, rng, 0.98),
        "feb29": rng.choice(["", "feb28", "mar1"], n),
    })
    bad = rng.random(n) < 0.02
    df.loc[bad, "birth_date"] = rng.choice(["2001-02-30", "soon", "1899-12-31"], int(bad.sum()))
    return df


def assert_same(df: pd.DataFrame, bulletin=None) -> pd.DataFrame:
    vector = evaluate_frame(df, bulletin)
    scalar = evaluate_frame_scalar(df, bulletin)
    pd.testing.assert_frame_equal(vector, scalar)
    return vector


# --- the bundled bulletin ------------------------------------------------------------------------


def test_thousands_of_random_cases_on_the_bundled_bulletin():
    out = assert_same(random_frame(3000, seed=20260723))
    counts = out["outcome"].value_counts()
    for outcome in ("protected", "aged_out", "sought_to_acquire_failed", "not_eligible", "awaiting_visa",
                    "needs_review", "error"):
        assert counts.get(outcome, 0) > 0, outcome  # the frame reaches every outcome


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_random_frames_on_the_bundled_bulletin(seed):
    assert_same(random_frame(300, seed))


def per_row(monkeypatch, df, bulletin=None) -> list[int]:
    """The positions of the rows that left the columns (to get an error message)."""
    seen: list[int] = []
    original = frame._message

    def spy(record, bad, ev, cols, pos, bulletin):
        seen.append(int(pos))
        return original(record, bad, ev, cols, pos, bulletin)

    monkeypatch.setattr(frame, "_message", spy)
    out = evaluate_columns(df, bulletin if bulletin is not None else load_bulletin())
    assert seen == list(np.flatnonzero(out["outcome"].to_numpy() == "error"))
    return seen


def test_only_error_rows_leave_the_columns(monkeypatch):
    df = random_frame(2000, seed=7)
    seen = per_row(monkeypatch, df)
    assert 0 < len(seen) < 0.35 * len(df)


def test_threads_split_the_rows_and_change_nothing():
    df = random_frame(1500, seed=11).set_axis(range(3000, 1500, -1))  # an index that is not 0..n-1
    one = evaluate_columns(df, load_bulletin(), workers=1)
    three = evaluate_columns(df, load_bulletin(), workers=3)
    pd.testing.assert_frame_equal(one, three)
    with pytest.raises(ValueError, match=r"'workers' must be at least 1 \(got 0\)"):
        evaluate_columns(df, workers=0)


def test_datetime_columns_give_the_same_rows_as_iso_text():
    df = random_frame(600, seed=3)
    df = df[~df["birth_date"].isin(["2001-02-30", "soon", "1899-12-31"])]
    typed = df.copy()
    for column in ("birth_date", "petition_filed", "petition_approved", "priority_date", "bulletin_current",
                   "sought_to_acquire"):
        typed[column] = pd.to_datetime(df[column].replace("", None))
    text, dates = evaluate_frame(df), evaluate_frame(typed)
    result_columns = list(text.columns[-18:])
    pd.testing.assert_frame_equal(text[result_columns], dates[result_columns])
    pd.testing.assert_frame_equal(dates, evaluate_frame_scalar(typed))


def test_categorical_columns_give_the_same_rows_as_text():
    df = random_frame(800, seed=5)
    typed = df.copy()
    for column in ("category", "chargeability", "processing", "feb29", "bulletin_current", "birth_date"):
        typed[column] = df[column].replace("", None).astype("category")
    text, categorical = evaluate_frame(df), evaluate_frame(typed)
    result_columns = list(text.columns[-18:])
    pd.testing.assert_frame_equal(text[result_columns], categorical[result_columns])
    pd.testing.assert_frame_equal(categorical, evaluate_frame_scalar(typed))


# --- bad rows and rows the vector path hands to the scalar path -----------------------------------

BAD_ROWS = [
    ("order", {"category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2021-08-16",
               "petition_approved": "2020-02-03", "bulletin_current": "2024-06-01"},
     r"'petition_approved' must be on or after 'petition_filed' \(got 2020-02-03 < 2021-08-16\)"),
    ("category", {"category": "F9", "birth_date": "2003-05-10", "petition_filed": "2023-11-01"},
     r"^'category' must be one of IR, F1"),
    ("calendar", {"category": "IR", "birth_date": "2003-02-30", "petition_filed": "2023-11-01"},
     r"'birth_date' must be an ISO date YYYY-MM-DD that exists on the calendar \(got '2003-02-30'\)"),
    ("mid-month", {"category": "F1", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
                   "petition_approved": "2021-08-16", "bulletin_current": "2024-06-15"},
     r"'bulletin_current' must be the first day of a bulletin month \(got 2024-06-15; did you mean 2024-06-01\?\)"),
    ("no approval", {"category": "F2B", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
                     "bulletin_current": "2024-06-01"},
     r"'petition_approved' is required for category F2B"),
    ("unborn", {"category": "IR", "birth_date": "2024-04-10", "petition_filed": "2023-11-01"},
     r"'birth_date' must be on or before 'petition_filed' \(2023-11-01\)"),
    ("chargeability", {"category": "F4", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
                       "petition_approved": "2021-08-16", "chargeability": "ATLANTIS"},
     r"'chargeability' must be one of ALL, "),
    ("outside the data", {"category": "F1", "birth_date": "1980-04-10", "petition_filed": "1998-02-03",
                          "petition_approved": "1999-08-16"},
     r"outside the bulletin data|before the bulletin data"),
]


@pytest.mark.parametrize(("row", "message"), [(row, message) for _, row, message in BAD_ROWS],
                         ids=[name for name, _, _ in BAD_ROWS])
def test_a_bad_row_is_an_error_row_on_both_paths(row, message):
    good = {"case_id": "good", "category": "IR", "birth_date": "2003-05-10", "petition_filed": "2023-11-01"}
    df = pd.DataFrame([good, {"case_id": "bad", **row}, good])
    out = assert_same(df)
    assert list(out["outcome"]) == ["protected", "error", "protected"]
    with pytest.raises(ValueError, match=message):
        evaluate(row)
    assert out.loc[1, "error"] and pd.isna(out.loc[1, "cspa_age_total_days"])


FALLBACK_ROWS = [
    ("married", {"category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
                 "petition_approved": "2021-08-16", "bulletin_current": "2024-06-01", "married": "2023-01-01"},
     "not_eligible"),
    ("naturalized", {"category": "F2A", "birth_date": "2001-04-10", "petition_filed": "2015-02-03",
                     "petition_approved": "2016-08-16", "parent_naturalized": "2022-05-01", "jurisdiction": "CA9"},
     "protected"),  # 21 on naturalization, under 21 by the CSPA age in the 9th Circuit
    ("extraordinary", {"category": "F1", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
                       "petition_approved": "2021-08-16", "bulletin_current": "2022-06-01",
                       "sought_to_acquire": "2024-09-10", "extraordinary_circumstances": "yes"}, "needs_review"),
    ("DV lookup", {"category": "DV", "chargeability": "EGYPT", "birth_date": "2003-01-15", "dv_region": "AFRICA",
                   "dv_rank": "12000", "petition_filed": "2022-10-05", "petition_approved": "2023-05-06",
                   "dv_program_year": "2024"}, None),
    ("pre-CSPA", {"category": "F2B", "birth_date": "1978-03-01", "petition_filed": "1995-02-03",
                  "petition_approved": "1997-08-16", "bulletin_current": "2002-09-01"}, None),
]


@pytest.mark.parametrize(("row", "outcome"), [(row, outcome) for _, row, outcome in FALLBACK_ROWS],
                         ids=[name for name, _, _ in FALLBACK_ROWS])
def test_every_pathway_stays_in_the_columns(monkeypatch, row, outcome):
    good = {"case_id": "good", "category": "IR", "birth_date": "2003-05-10", "petition_filed": "2023-11-01"}
    df = pd.DataFrame([good, {"case_id": "other", **row}])
    assert per_row(monkeypatch, df) == []
    out = assert_same(df)
    scalar = evaluate(row)
    assert out.loc[1, "outcome"] == scalar.outcome.value
    if outcome is not None:
        assert scalar.outcome.value == outcome


# --- Feb 29 births --------------------------------------------------------------------------------

FEB29 = [  # born 2004-02-29: 21st birthday 2025-03-01 (default) or 2025-02-28
    ("IR on Feb 28", "IR", "2025-02-28", "", "protected", "feb29_birth_mar1;one_day_changes_verdict;feb29_convention_changes_verdict"),
    ("IR on Feb 28, feb28", "IR", "2025-02-28", "feb28", "not_eligible", "feb29_birth_feb28;frozen_on_21st_birthday;one_day_changes_verdict;feb29_convention_changes_verdict"),
    ("IR a month early", "IR", "2025-01-28", "", "protected", "feb29_birth_mar1"),
]


@pytest.mark.parametrize(("category", "filed", "feb29", "outcome", "flags"), [r[1:] for r in FEB29], ids=[r[0] for r in FEB29])
def test_feb29_births_on_both_paths(category, filed, feb29, outcome, flags):
    df = pd.DataFrame([{"category": category, "birth_date": "2004-02-29", "petition_filed": filed, "feb29": feb29}])
    out = assert_same(df)
    assert out.loc[0, "outcome"] == outcome and out.loc[0, "flags"] == flags


@settings(max_examples=40, deadline=None)
@given(
    filed=st.dates(date(2018, 1, 1), date(2024, 12, 31)),
    pending=st.integers(0, 1200),
    wait_months=st.integers(0, 40),
    feb29=st.sampled_from(["", "feb28"]),
    category=st.sampled_from(["F1", "F2A", "F3", "EB2", "IR", "K2"]),
)
def test_feb29_births_near_the_line(filed, pending, wait_months, feb29, category):
    approved = filed + timedelta(days=pending)
    month = (pd.Timestamp(approved) + pd.DateOffset(months=wait_months)).to_period("M").to_timestamp().date()
    row = {"category": category, "birth_date": "2004-02-29", "petition_filed": filed.isoformat(),
           "petition_approved": approved.isoformat(), "bulletin_current": month.isoformat(),
           "admitted": filed.isoformat(), "feb29": feb29}
    assert_same(pd.DataFrame([row, {**row, "sought_to_acquire": (month + timedelta(days=365)).isoformat()}]))


# --- small inline bulletins: retrogression, gaps, designations ------------------------------------

RETRO = tiny_bulletin(
    "2014-01", "2026-06",
    {
        ("FAD", "F2A", "ALL"): [("2014-01", "2012-01-01"), ("2016-01", "2014-06-01"), ("2017-03", "2013-01-01"),
                                ("2018-06", "2016-01-01"), ("2019-07", "C"), ("2020-05", "2017-06-01"),
                                ("2022-01", "2020-01-01"), ("2023-06", "2018-01-01"), ("2025-01", "2021-06-01")],
        ("DFF", "F2A", "ALL"): [("2015-10", "2016-06-01"), ("2018-01", "2019-01-01"), ("2021-01", "C"),
                                ("2023-06", "2022-01-01")],
        ("FAD", "EB2", "INDIA"): [("2014-01", "2008-01-01"), ("2016-06", "2004-01-01"), ("2017-01", "2009-01-01"),
                                  ("2019-09", "U"), ("2019-11", "2009-06-01"), ("2023-04", "2011-01-01")],
        ("FAD", "EB2", "ALL"): [("2014-01", "C"), ("2023-04", "2022-01-01"), ("2024-01", "2023-01-01")],
    },
    designation={("family", "2015-10"): "DFF", ("employment", "2015-10"): "FAD", ("family", "2020-03"): "FAD",
                 ("family", "2021-01"): "DFF"},
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.fixed_dictionaries({
            "category": st.sampled_from(["F2A", "EB2"]),
            "chargeability": st.sampled_from(["ALL", "INDIA"]),
            "birth_date": st.dates(date(1996, 1, 1), date(2012, 12, 31)),
            "priority_date": st.dates(date(2003, 1, 1), date(2024, 12, 31)),
            "pending": st.integers(0, 1500),
            "approved_after": st.integers(0, 4000),
            "processing": st.sampled_from(["adjustment", "consular"]),
            "sought_after": st.one_of(st.none(), st.integers(-200, 3000)),
            "filed_after": st.one_of(st.none(), st.integers(-100, 3000)),
            "decided_after": st.one_of(st.none(), st.integers(0, 1500)),
        }),
        min_size=1, max_size=40,
    )
)
def test_retrogression_and_designations_on_an_inline_bulletin(rows):
    cases = []
    for r in rows:
        if r["category"] == "F2A" and r["chargeability"] == "INDIA":
            r["chargeability"] = "ALL"
        approved = date(2014, 3, 1) + timedelta(days=r["approved_after"])
        filed = approved - timedelta(days=r["pending"])
        case = {"category": r["category"], "chargeability": r["chargeability"], "birth_date": r["birth_date"].isoformat(),
                "priority_date": min(r["priority_date"], filed).isoformat(), "petition_filed": filed.isoformat(),
                "petition_approved": approved.isoformat(), "processing": r["processing"]}
        if r["sought_after"] is not None:
            case["sought_to_acquire"] = (approved + timedelta(days=r["sought_after"])).isoformat()
        if r["filed_after"] is not None:
            adjustment = approved + timedelta(days=r["filed_after"])
            case["adjustment_filed"] = adjustment.isoformat()
            if r["decided_after"] is not None:
                case["adjustment_decided"] = (adjustment + timedelta(days=r["decided_after"])).isoformat()
        cases.append(case)
    assert_same(pd.DataFrame(cases), RETRO)


# EB2 India on RETRO, PD 2007-06-01, approved 2015-09-01: current 2014-01..2016-05, retrogressed
# 2016-06..2016-12 (the first window, to 2016-09-01, is cut short), current again from 2017-01.
WALKS = [
    ("new window", "2017-02-01", date(2017, 1, 1), "retrogression_new_window"),
    ("sought while unavailable", "2016-10-01", date(2017, 1, 1), "retrogression_new_window;sought_during_unavailability"),
    # sought while unavailable: the 2011 view is no longer shown (cspa_rules.md §12.10)
    ("sought while unavailable, first year", "2016-07-15", date(2017, 1, 1),
     "retrogression_new_window;sought_during_unavailability"),
    # the run ended 2016-05-31, before the anniversary: a consular seek_by is a convention (§12.5)
    ("locked in the first window", "2016-03-01", date(2015, 9, 1), "seek_by_convention_consular"),
    ("failed in the second window", "2018-03-01", date(2017, 1, 1),
     "retrogression_new_window;extraordinary_circumstances_could_help;protected_if_ec_accepted"),
]


@pytest.mark.parametrize(("sought", "available", "flags"), [w[1:] for w in WALKS], ids=[w[0] for w in WALKS])
def test_retrogression_walks_are_vectorised_and_exact(monkeypatch, sought, available, flags):
    row = {"category": "EB2", "chargeability": "INDIA", "birth_date": "1996-03-01", "priority_date": "2007-06-01",
           "petition_filed": "2007-06-01", "petition_approved": "2015-09-01", "processing": "consular",
           "sought_to_acquire": sought}
    df = pd.DataFrame([row])
    assert per_row(monkeypatch, df, RETRO) == []
    out = assert_same(df, RETRO)
    assert out.loc[0, "visa_available"] == available and out.loc[0, "flags"] == flags
