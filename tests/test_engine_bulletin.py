"""The engine on small inline bulletins: chart policy, current-ness, retrogression, DV, F2B."""

from datetime import date

import pytest

from cspa_lib import evaluate
from cspa_lib.availability import Run, is_current, runs_from_flags
from cspa_lib.codes import Chart, Processing
from cspa_lib.rules import policy
from cspa_lib.rules.calendar import NAT, day
from tests.helpers import tiny_bulletin

D = date.fromisoformat

# EB-2 ALL: DFF current from 2024-01, FAD only from 2024-07; USCIS designated DFF until 2024-03, then FAD.
SPLIT = tiny_bulletin(
    "2023-06", "2025-06",
    {("DFF", "EB2", "ALL"): [("2023-06", "2019-01-01"), ("2024-01", "2021-01-01")],
     ("FAD", "EB2", "ALL"): [("2023-06", "2018-01-01"), ("2024-07", "2021-01-01")]},
    designation={("employment", "2015-10"): "DFF", ("employment", "2024-04"): "FAD"},
)
CHILD = {"category": "EB2", "birth_date": "2003-01-10", "petition_filed": "2020-03-01",
         "petition_approved": "2021-03-01", "priority_date": "2020-03-01"}

POLICY_CASES = [
    # id, extra fields, visa available, chart, policy
    ("consular-fad", {"processing": "consular"}, "2024-07-01", "FAD", "consular"),
    ("aos-filed-2025-fad", {"adjustment_filed": "2025-09-01"}, "2024-07-01", "FAD", "uscis_2025"),
    ("aos-pending-2023-designated-dff", {"adjustment_filed": "2024-02-01"}, "2024-01-01", "DFF", "uscis_2023"),
    ("aos-decided-before-2023-fad", {"adjustment_filed": "2022-11-01", "adjustment_decided": "2023-01-20"},
     "2024-07-01", "FAD", "uscis_2018"),
]


@pytest.mark.parametrize(("extra", "available", "chart", "policy"), [c[1:] for c in POLICY_CASES],
                         ids=[c[0] for c in POLICY_CASES])
def test_chart_policy_decides_the_visa_available_date(extra, available, chart, policy):
    result = evaluate({**CHILD, **extra}, bulletin=SPLIT)
    assert (result.visa_available, result.chart, result.policy) == (D(available), chart, policy)


POLICY_TABLE = [
    # processing, I-485 filed, I-485 decided, policy, chart
    (Processing.CONSULAR, None, None, "consular", "FAD"),
    (Processing.ADJUSTMENT, "2025-08-15", None, "uscis_2025", "FAD"),
    (Processing.ADJUSTMENT, "2025-08-14", None, "uscis_2023", "designated"),
    (Processing.ADJUSTMENT, "2022-01-01", "2023-02-14", "uscis_2023", "designated"),
    (Processing.ADJUSTMENT, "2022-01-01", "2023-02-13", "uscis_2018", "FAD"),
    (Processing.ADJUSTMENT, None, None, "uscis_2025", "FAD"),
]


@pytest.mark.parametrize(("processing", "filed", "decided", "code", "chart"), POLICY_TABLE,
                         ids=[f"{p.value}-{f}-{d}" for p, f, d, _, _ in POLICY_TABLE])
def test_policy_periods_table(processing, filed, decided, code, chart):
    def days(value):
        return [NAT if value is None else day(D(value))]

    import numpy as np

    i = policy.select(np.asarray([processing is Processing.CONSULAR]), np.asarray(days(filed)), np.asarray(days(decided)))
    assert (policy.POLICIES[int(i[0])].code, policy.POLICIES[int(i[0])].chart) == (code, chart)
    assert Chart.FAD.value == "FAD"


@pytest.mark.parametrize(
    ("priority_date", "cutoff", "current"),
    [("2020-03-01", "2020-03-01", False), ("2020-02-29", "2020-03-01", True), ("2020-03-02", "2020-03-01", False),
     ("2020-03-01", "C", True), ("2020-03-01", "U", False)],
    ids=["equal-is-not-current", "earlier", "later", "C", "U"],
)
def test_current_means_strictly_earlier_than_the_cutoff(priority_date, cutoff, current):
    assert is_current(D(priority_date), cutoff if len(cutoff) == 1 else D(cutoff)) is current


def test_priority_date_equal_to_cutoff_waits_for_the_next_month():
    bulletin = tiny_bulletin("2024-01", "2024-06", {("FAD", "F2A", "ALL"): [
        ("2024-01", "2020-03-01"), ("2024-04", "2020-03-02")]})
    case = {"category": "F2A", "birth_date": "2005-01-01", "petition_filed": "2020-03-01",
            "petition_approved": "2021-01-01", "processing": "consular"}
    assert evaluate(case, bulletin=bulletin).visa_available == D("2024-04-01")


def test_visa_available_is_the_first_of_the_bulletin_month_not_the_cutoff():
    bulletin = tiny_bulletin("2024-01", "2024-06", {("FAD", "F2A", "ALL"): [("2024-01", "2019-01-01"),
                                                                            ("2024-05", "2022-06-15")]})
    case = {"category": "F2A", "birth_date": "2005-01-01", "petition_filed": "2020-03-01",
            "petition_approved": "2021-01-01", "processing": "consular"}
    result = evaluate(case, bulletin=bulletin)
    assert result.visa_available == D("2024-05-01") and result.chart == "FAD"


# F2A ALL: current 2021-01..2021-06 (six months), retrogressed 2021-07..2021-12, current again 2022-01 on.
RETRO = tiny_bulletin("2020-06", "2023-12", {("FAD", "F2A", "ALL"): [
    ("2021-01", "C"), ("2021-07", "2018-01-01"), ("2022-01", "C")]})
RETRO_CHILD = {"category": "F2A", "birth_date": "1999-09-01", "petition_filed": "2019-01-01",
               "petition_approved": "2020-01-01", "processing": "consular"}
RETRO_CASES = [
    # id, sought, available, outcome, flags
    ("filed-in-first-run-locks", "2021-03-01", "2021-01-01", "protected", ()),
    ("filed-after-retrogression-new-window", "2022-02-01", "2022-01-01", "aged_out", ("retrogression_new_window",)),
    ("filed-during-unavailability", "2021-09-01", "2022-01-01", "aged_out", ("sought_during_unavailability",)),
    ("full-year-then-late", "2023-02-01", "2022-01-01", "aged_out", ("retrogression_new_window",)),
    ("not-given", None, "2021-01-01", "protected", ("sought_to_acquire_not_given",)),
]


@pytest.mark.parametrize(("sought", "available", "outcome", "flags"), [c[1:] for c in RETRO_CASES],
                         ids=[c[0] for c in RETRO_CASES])
def test_retrogression_and_the_sought_to_acquire_window(sought, available, outcome, flags):
    case = {**RETRO_CHILD, **({"sought_to_acquire": sought} if sought else {})}
    result = evaluate(case, bulletin=RETRO)
    assert (result.visa_available, result.outcome.value) == (D(available), outcome)
    assert set(flags) <= set(result.flags)


# F2A ALL: current 2021-01..03, retrogressed 2021-04..08, current again from 2021-09 (inside the first year).
BACK_SOON = tiny_bulletin("2020-06", "2023-12", {("FAD", "F2A", "ALL"): [
    ("2021-01", "C"), ("2021-04", "2018-01-01"), ("2021-09", "C")]})
OMBUDSMAN_CASES = [
    # id, bulletin, sought, flagged (cspa_rules.md §12.10: back before the anniversary, sought after it came back)
    ("sought-after-return-in-first-year", BACK_SOON, "2021-10-01", True),
    ("sought-on-first-anniversary", BACK_SOON, "2022-01-01", True),
    ("sought-day-after-first-anniversary", BACK_SOON, "2022-01-02", False),
    ("sought-while-unavailable", BACK_SOON, "2021-06-01", False),
    ("back-only-on-the-anniversary", RETRO, "2022-01-15", False),
    ("sought-while-unavailable-retro", RETRO, "2021-12-15", False),
]


@pytest.mark.parametrize(("bulletin", "sought", "flagged"), [c[1:] for c in OMBUDSMAN_CASES],
                         ids=[c[0] for c in OMBUDSMAN_CASES])
def test_retrogression_practitioner_alternative_only_in_the_narrow_case(bulletin, sought, flagged):
    """The 2011 view (lock at the first date) is shown only when the visa came back before the
    first anniversary and the child sought after it came back, by that anniversary (§12.10)."""
    result = evaluate({**RETRO_CHILD, "sought_to_acquire": sought}, bulletin=bulletin)
    assert ("sources_disagree_retrogression" in result.flags) is flagged
    assert any(a.key == "ombudsman_2011" for a in result.alternatives) is flagged


def test_window_walk_failed_after_a_full_year():
    """Current from 2020-01 to 2021-05 (a full year), sought only in 2021-03: failed, and the later
    retrogression does not help (cspa_rules.md §8)."""
    bulletin = tiny_bulletin("2019-06", "2022-12", {("FAD", "F2A", "ALL"): [
        ("2019-06", "2010-01-01"), ("2020-01", "C"), ("2021-06", "2010-01-01"), ("2022-01", "C")]})
    case = {"category": "F2A", "birth_date": "2002-01-01", "petition_filed": "2018-01-01",
            "petition_approved": "2019-01-01", "processing": "consular", "sought_to_acquire": "2021-03-01"}
    result = evaluate(case, bulletin=bulletin)
    assert (result.outcome.value, result.visa_available, result.sought_to_acquire_deadline) == (
        "sought_to_acquire_failed", D("2020-01-01"), D("2021-01-01"))


def test_runs_from_flags():
    months = [D(f"2024-{m:02d}-01") for m in range(1, 7)]
    assert runs_from_flags(months, [False, True, True, False, True, True]) == [
        Run(D("2024-02-01"), D("2024-04-01")), Run(D("2024-05-01"), None)]


def test_not_yet_current_is_an_answer_with_the_age_out_date():
    bulletin = tiny_bulletin("2024-01", "2024-06", {("FAD", "F2A", "ALL"): [("2024-01", "2019-01-01")]})
    case = {"category": "F2A", "birth_date": "2010-01-01", "petition_filed": "2020-03-01",
            "petition_approved": "2021-03-01", "processing": "consular"}
    result = evaluate(case, bulletin=bulletin)
    assert result.outcome.value == "awaiting_visa"
    assert result.age_out_date == D("2031-12-31")  # 2031-01-01 + 365 pending days - 1
    assert "not_current_in_bulletin_data" in result.flags


def test_not_current_before_the_age_out_date_means_aged_out():
    bulletin = tiny_bulletin("2024-01", "2026-06", {("FAD", "F2A", "ALL"): [("2024-01", "2019-01-01")]})
    case = {"category": "F2A", "birth_date": "2004-01-01", "petition_filed": "2020-03-01",
            "petition_approved": "2020-09-01", "processing": "consular"}
    result = evaluate(case, bulletin=bulletin)
    assert result.outcome.value == "aged_out" and result.category_after == "F2B"


def test_f2b_converts_to_f1_after_naturalization_unless_opted_out():
    bulletin = tiny_bulletin("2023-01", "2024-12", {
        ("FAD", "F2B", "PHILIPPINES"): [("2023-01", "2012-01-01")],
        ("FAD", "F1", "PHILIPPINES"): [("2023-01", "2014-01-01")]})
    case = {"category": "F2B", "chargeability": "PHILIPPINES", "birth_date": "2006-01-01",
            "petition_filed": "2013-01-01", "petition_approved": "2014-01-01", "processing": "consular",
            "parent_naturalized": "2023-05-10"}
    converted = evaluate(case, bulletin=bulletin)
    assert (converted.visa_available, converted.category_after) == (D("2023-06-01"), "F1")
    kept = evaluate({**case, "opt_out": True}, bulletin=bulletin)
    assert kept.outcome.value == "awaiting_visa" and kept.category_after == ""


def test_unknown_designation_is_flagged_not_silent():
    bulletin = tiny_bulletin("2023-06", "2024-06", {
        ("FAD", "F4", "ALL"): [("2023-06", "C")], ("DFF", "F4", "ALL"): [("2023-06", "C")]})
    case = {"category": "F4", "birth_date": "2005-01-01", "petition_filed": "2010-01-01",
            "petition_approved": "2011-01-01", "priority_date": "2010-01-01", "adjustment_filed": "2023-07-01"}
    with pytest.raises(Exception, match="before the bulletin data"):
        evaluate(case, bulletin=bulletin)
    late = {**case, "petition_filed": "2022-01-01", "petition_approved": "2023-08-15", "priority_date": "2022-01-01"}
    result = evaluate(late, bulletin=bulletin)
    assert "chart_designation_unknown" in result.flags and result.chart == "FAD"


DV = tiny_bulletin(
    "2023-06", "2024-12", {("FAD", "F1", "ALL"): [("2023-06", "C")]},
    dv={("AFRICA", "ALL"): [("2023-10", "20000"), ("2024-01", "35000"), ("2024-04", "C")],
        ("AFRICA", "EGYPT"): [("2023-10", "10000"), ("2024-02", "25000")]},
)
DV_CHILD = {"category": "DV", "birth_date": "2002-06-15", "petition_filed": "2022-10-05",
            "petition_approved": "2023-05-07", "dv_region": "AFRICA", "processing": "consular"}


@pytest.mark.parametrize(
    ("rank", "country", "available"),
    [(19999, "ALL", "2023-10-01"), (20000, "ALL", "2024-01-01"), (34000, "ALL", "2024-01-01"),
     (50000, "ALL", "2024-04-01"), (12000, "EGYPT", "2024-02-01")],
    ids=["below-cutoff", "equal-is-not-current", "next-step", "current", "country-exception"],
)
def test_dv_rank_below_the_regional_cutoff(rank, country, available):
    case = {**DV_CHILD, "dv_rank": str(rank), "chargeability": country}
    result = evaluate(case, bulletin=DV)
    assert result.visa_available == D(available)
    assert result.pending_days == 214  # registration start to selection letter, not frozen at registration
    # cspa_rules.md §12.4: every protected DV result says the case must be completed by Sept 30
    assert ("dv_must_complete_by_sept_30" in result.flags) is (result.outcome.value == "protected")


def test_dv_age_is_not_frozen_at_registration():
    """A DV derivative under 21 at registration can still age out (cspa_rules.md §6)."""
    case = {**DV_CHILD, "birth_date": "2002-01-10", "dv_rank": "50000"}
    result = evaluate(case, bulletin=DV)
    assert result.outcome.value == "aged_out" and result.reference_date == D("2023-08-31")


def test_a_missing_bulletin_month_is_reported_not_guessed():
    """A month with no printed cut-off inside the window cannot be read as 'not current'."""
    bulletin = tiny_bulletin("2024-01", "2024-12", {("FAD", "F2A", "ALL"): [("2024-01", "C")]})
    rows = [r for r in bulletin.frame().to_dict("records") if r["bulletin_month"] != D("2024-05-01")]
    gap = type(bulletin).from_rows([{**r, "bulletin_month": r["bulletin_month"].isoformat()} for r in rows]
                                   + [{"bulletin_month": "2024-05-01", "chart": "FAD", "category": "F1",
                                       "chargeability": "ALL", "cutoff": "C"}])
    case = {"category": "F2A", "birth_date": "2005-01-01", "petition_filed": "2020-03-01",
            "petition_approved": "2024-02-10", "processing": "consular", "sought_to_acquire": "2024-08-01"}
    result = evaluate(case, bulletin=gap)
    assert result.outcome.value == "needs_review" and "bulletin_month_missing" in result.flags
    assert evaluate(case, bulletin=bulletin).outcome.value == "protected"
