"""Real cases end to end on the bundled Visa Bulletin history, with no `bulletin_current` given.

The cut-offs these depend on are pinned in tests/test_bulletin_values.py; the dates of the
people are hypothetical.
"""

from datetime import date

import pytest

from cspa_lib import evaluate, load_bulletin

D = date.fromisoformat

EB2_INDIA = {"category": "EB2", "chargeability": "INDIA", "birth_date": "2001-06-01", "priority_date": "2012-03-01",
             "petition_filed": "2012-06-01", "petition_approved": "2013-01-15", "processing": "consular"}
DV_2024 = {"category": "DV", "dv_region": "AFRICA", "dv_rank": "15000", "birth_date": "2002-09-01",
           "petition_filed": "2022-10-05", "petition_approved": "2023-05-06", "processing": "consular"}

REAL = [
    # F2A Mexico, current on FAD from July 2019: approval (later) fixes availability, so the
    # reference date falls back to the filing date and a 22-year-old is still protected.
    ("f2a-mexico-consular",
     {"category": "F2A", "chargeability": "MEXICO", "birth_date": "1998-06-01", "petition_filed": "2019-03-01",
      "petition_approved": "2020-09-15", "processing": "consular", "sought_to_acquire": "2021-03-01"},
     {"outcome": "protected", "visa_available": "2020-09-15", "chart": "FAD", "policy": "consular",
      "pending_days": 564, "reference_date": "2019-03-01", "days_under_21": 92,
      "sought_to_acquire_deadline": "2021-09-15"}),
    # EB-2 India, PD 2012-03-01: current on FAD Dec 2021 .. Nov 2022, retrogressed, current again Apr 2024.
    ("eb2-india-filed-in-first-window", {**EB2_INDIA, "sought_to_acquire": "2022-05-01"},
     {"outcome": "protected", "visa_available": "2021-12-01", "reference_date": "2021-04-17", "days_under_21": 410,
      "sought_to_acquire_deadline": "2022-12-01"}),
    ("eb2-india-retrogression-new-window", {**EB2_INDIA, "sought_to_acquire": "2024-06-01"},
     {"outcome": "aged_out", "visa_available": "2024-04-01", "reference_date": "2023-08-17", "days_under_21": -442,
      "flags": ("retrogression_new_window", "no_automatic_conversion", "extraordinary_circumstances_could_help")}),
    # DV-2024 Africa: rank 15000 is below the cut-off from January 2024 (22,000; December was 11,000).
    ("dv-2024-africa", {**DV_2024, "sought_to_acquire": "2024-02-10"},
     {"outcome": "protected", "visa_available": "2024-01-01", "chart": "DV", "pending_days": 213,
      "reference_date": "2023-06-02", "days_under_21": 91, "flags": ("dv_must_complete_by_sept_30",)}),
    # The same rank charged to Egypt waits for Egypt's own cut-off (15,000 in January: not below).
    ("dv-2024-egypt-exception", {**DV_2024, "chargeability": "EGYPT"},
     {"outcome": "protected", "visa_available": "2024-02-01", "days_under_21": 60}),
    # F2A adjustment pending in 2023: USCIS-designated chart; current when approved in March 2022, and
    # the I-485 came 15 months later. USCIS designated FAD in 2022-03, DFF in 2022-04, FAD in 2022-05 and
    # DFF from 2022-06: each change of the designated chart ends a run (cspa_rules.md §12.5), so the runs
    # were cut short before the child sought and the last one, from June 2022, is the one the filing on
    # its anniversary locks (before §12.5 this was sought_to_acquire_failed at 2022-03-01).
    ("f2a-adjustment-late-filing",
     {"category": "F2A", "birth_date": "2003-02-01", "petition_filed": "2021-01-10", "petition_approved": "2022-03-01",
      "adjustment_filed": "2023-06-01"},
     {"outcome": "protected", "visa_available": "2022-06-01", "policy": "uscis_2023", "chart": "DFF",
      "sought_to_acquire_deadline": "2023-06-01",
      "flags": ("adjustment_filing_counted_as_sought", "retrogression_new_window", "one_day_changes_sought_to_acquire")}),
    # The same child filing a month later: the June 2022 window had run a full year: failed.
    ("f2a-adjustment-later-filing",
     {"category": "F2A", "birth_date": "2003-02-01", "petition_filed": "2021-01-10", "petition_approved": "2022-03-01",
      "adjustment_filed": "2023-07-01"},
     {"outcome": "sought_to_acquire_failed", "visa_available": "2022-06-01", "sought_to_acquire_deadline": "2023-06-01",
      "flags": ("adjustment_filing_counted_as_sought",)}),
]


@pytest.mark.parametrize(("case", "expected"), [r[1:] for r in REAL], ids=[r[0] for r in REAL])
def test_real_case_on_bundled_bulletin(case, expected):
    result = evaluate(case)
    for name, want in expected.items():
        if name == "flags":
            assert set(want) <= set(result.flags), result.flags
            continue
        got = getattr(result, name)
        got = got.isoformat() if isinstance(got, date) else getattr(got, "value", got)
        assert got == want, name


def test_runs_of_eb2_india_show_the_retrogression():
    runs = load_bulletin().availability_runs(D("2012-03-01"), "FAD", "EB2", "INDIA", from_month=D("2020-01-01"))
    assert [(r.start, r.end) for r in runs[:2]] == [(D("2021-12-01"), D("2022-12-01")), (D("2024-04-01"), runs[1].end)]


def test_vectorised_first_current_months_match_the_scalar_lookup():
    bulletin = load_bulletin()
    pds = [D("2012-03-01"), D("2009-06-01"), D("2030-01-01"), D("2005-01-01")]
    vector = bulletin.first_current_months(pds, "FAD", "EB2", "INDIA", from_month=D("2015-01-01"))
    scalar = [bulletin.first_current_month(pd, "FAD", "EB2", "INDIA", from_month=D("2015-01-01")) for pd in pds]
    assert [None if str(v) == "NaT" else D(str(v)) for v in vector] == scalar
    assert scalar[2] is None  # not current as of the last bulletin: an answer, not an error
