"""Age-out risk: reproducible with a seed, sane in direction, answered when the data decide."""

from __future__ import annotations

from datetime import date

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cspa_lib import evaluate  # noqa: E402
from cspa_lib.errors import BulletinRangeError, InputError  # noqa: E402
from cspa_lib.risk import age_out_risk, plot_risk_fan  # noqa: E402
from tests.helpers import tiny_bulletin  # noqa: E402

# F1 Mexico: the Final Action cut-off of 2026-07 is 2007-11-08, so a 2020 priority date is years away.
F1_MEXICO = {"category": "F1", "chargeability": "MEXICO", "priority_date": "2020-01-01",
             "petition_filed": "2020-01-01", "petition_approved": "2021-06-01", "processing": "consular"}

# A series that moves exactly with the calendar: the cut-off is always ten years behind the month.
STEADY = tiny_bulletin(
    "2010-01", "2020-12",
    {("FAD", "F2A", "ALL"): [(f"{y}-{m:02d}", f"{y - 10}-{m:02d}-01") for y in range(2010, 2021) for m in range(1, 13)]},
)
# PD 2013-06-15 passes a cut-off ten years behind in the 2023-07 bulletin; 365 days pending
STEADY_CASE = {"category": "F2A", "priority_date": "2013-06-15", "petition_filed": "2013-06-15",
               "petition_approved": "2014-06-15", "processing": "consular"}


def test_the_same_seed_gives_the_same_paths():
    case = {**F1_MEXICO, "birth_date": "2012-03-01"}
    a, b = age_out_risk(case, seed=7), age_out_risk(case, seed=7)
    assert a.probability_age_out == b.probability_age_out
    assert np.array_equal(a.current_months.view(np.int64), b.current_months.view(np.int64)) and a.fan.equals(b.fan)
    other = age_out_risk(case, seed=8)
    assert not np.array_equal(a.current_months.view(np.int64), other.current_months.view(np.int64))
    assert abs(other.probability_age_out - a.probability_age_out) < 0.05  # 2,000 paths: sampling noise only


def test_a_child_far_from_21_is_at_lower_risk_than_one_near_21():
    births = ["2006-01-01", "2008-01-01", "2010-01-01", "2014-01-01", "2018-01-01"]
    risks = [age_out_risk({**F1_MEXICO, "birth_date": b}, seed=1).probability_age_out for b in births]
    assert all(r is not None for r in risks)
    assert risks == sorted(risks, reverse=True) and risks[0] > risks[-1]
    assert risks[0] > 0.95  # age-out date in 2028: far less than the ~12 years the cut-off needs


def test_an_earlier_priority_date_is_never_at_higher_risk():
    case = {**F1_MEXICO, "birth_date": "2012-01-01"}
    early = age_out_risk({**case, "priority_date": "2010-01-01"}, seed=3).probability_age_out
    late = age_out_risk(case, seed=3).probability_age_out
    assert early < late


STEADY_TABLE = [  # born -> age-out date (21st birthday + 364) -> probability
    ("2001-01-02", date(2023, 1, 1), 1.0),  # current around 2023-07: too late
    ("2002-06-03", date(2024, 6, 1), 0.0),  # in time on every path
]


@pytest.mark.parametrize(("birth", "age_out", "probability"), STEADY_TABLE, ids=["too late", "in time"])
def test_a_steady_series_gives_a_certain_answer(birth, age_out, probability):
    projection = age_out_risk({**STEADY_CASE, "birth_date": birth}, bulletin=STEADY, n_paths=500, seed=0)
    assert projection.status == "projected" and projection.age_out_date == age_out
    assert set(projection.advances_days) <= {365, 366}  # every 12-month change is one calendar year
    assert projection.last_cutoff == date(2010, 12, 1)
    assert projection.probability_age_out == probability
    assert date(2023, 6, 1) <= projection.current_quantile(0.5) <= date(2023, 8, 1)


def test_the_history_pool_keeps_retrogressions():
    projection = age_out_risk({**F1_MEXICO, "birth_date": "2012-03-01"}, seed=0)
    assert (projection.advances_days < 0).any() and (projection.advances_days > 0).any()
    dated = projection.history["cutoff"].notna().to_numpy()
    assert len(projection.advances_days) == int((dated[12:] & dated[:-12]).sum())
    assert projection.series == "FAD F1 MEXICO" and projection.last_month == date(2026, 7, 1)


ANSWERED = [  # the data decide: no projection
    ("current, protected", {"category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
                            "petition_approved": "2021-08-16", "bulletin_current": "2024-06-01"}, "protected", 0.0),
    ("current on the bundled bulletin", {"category": "F2A", "chargeability": "MEXICO", "birth_date": "2003-04-10",
                                         "petition_filed": "2020-02-03", "petition_approved": "2021-08-16",
                                         "sought_to_acquire": "2024-09-10"}, "sought_to_acquire_failed", 0.0),
    ("aged out while waiting", {**F1_MEXICO, "birth_date": "2000-01-01"}, "aged_out", 1.0),
]


@pytest.mark.parametrize(("case", "outcome", "probability"), [r[1:] for r in ANSWERED], ids=[r[0] for r in ANSWERED])
def test_a_case_the_data_already_decide_is_answered_not_projected(case, outcome, probability):
    projection = age_out_risk(case)
    assert projection.status == "answered" and projection.result.outcome.value == outcome
    assert projection.result == evaluate(case)
    assert projection.probability_age_out == probability
    assert len(projection.current_months) == 0 and projection.fan.empty


ERRORS = [
    ({"n_paths": 10}, ValueError, r"'n_paths' must be between 100 and 1,000,000 \(got 10\)"),
    ({"since": "1990-01-01"}, BulletinRangeError, r"'since' 1990-01 is outside the bulletin data \(2001-12\.\.2026-07\)"),
    ({"since": "2030-01-01"}, BulletinRangeError, r"'since' 2030-01 is outside the bulletin data"),
    ({"since": "2026-01-01"}, BulletinRangeError, r"fewer than 13 dated months in FAD F1 MEXICO since 2026-01"),
]


@pytest.mark.parametrize(("kwargs", "error", "message"), ERRORS, ids=["paths", "since before", "since after", "too short"])
def test_out_of_range_arguments_name_the_range(kwargs, error, message):
    with pytest.raises(error, match=message):
        age_out_risk({**F1_MEXICO, "birth_date": "2012-03-01"}, **kwargs)


def test_a_category_without_a_chart_cannot_be_projected():
    with pytest.raises(InputError, match=r"'category' must have a Final Action row to project \(one of F1, .*got IR\)"):
        age_out_risk({"category": "IR", "birth_date": "2010-01-01", "petition_filed": "2024-01-01"})


def test_a_quantile_outside_0_1_is_refused():
    projection = age_out_risk({**F1_MEXICO, "birth_date": "2012-03-01"}, n_paths=200)
    with pytest.raises(ValueError, match=r"'q' must be between 0 and 1 \(got 1.5\)"):
        projection.current_quantile(1.5)


def test_the_fan_draws_on_the_axes_it_is_given():
    projection = age_out_risk({**F1_MEXICO, "birth_date": "2012-03-01"}, seed=0)
    fig, ax = plt.subplots()
    assert plot_risk_fan(projection, ax=ax) is ax
    gids = {artist.get_gid() for artist in ax.get_children()}
    assert {"history", "band_90", "band_50", "median", "priority_date", "age_out_date"} <= gids
    age_out = next(line for line in ax.get_lines() if line.get_gid() == "age_out_date")
    assert pd.Timestamp(age_out.get_xdata()[0]).date() == projection.age_out_date
    median = next(line for line in ax.get_lines() if line.get_gid() == "median")
    assert len(median.get_xdata()) == len(projection.fan)
    assert "of 2,000 paths age out (a scenario)" in ax.get_title()
    plt.close(fig)


def test_the_fan_makes_its_own_figure_and_says_when_the_data_answer():
    answered = age_out_risk({**F1_MEXICO, "birth_date": "2000-01-01"})
    ax = plot_risk_fan(answered)
    assert ax.get_title() == "Answered by the bulletin data: aged_out"
    plt.close(ax.figure)
