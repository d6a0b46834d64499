"""Every bad input gets a clear error that names the field, the rule and the value."""

import pytest

from cspa_lib import BulletinRangeError, CspaError, InputError, evaluate
from tests.helpers import tiny_bulletin

F2A = {"category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
       "petition_approved": "2021-08-16", "bulletin_current": "2024-06-01"}

BAD = [
    ("unknown-category", {**F2A, "category": "F5"},
     r"'category' must be one of IR, F1, F2A, .* \(got 'F5'\)"),
    ("missing-category", {k: v for k, v in F2A.items() if k != "category"}, r"'category' is required"),
    ("missing-birth", {k: v for k, v in F2A.items() if k != "birth_date"}, r"'birth_date' is required"),
    ("impossible-date", {**F2A, "birth_date": "2003-02-30"},
     r"'birth_date' must be an ISO date YYYY-MM-DD that exists on the calendar \(got '2003-02-30'\)"),
    ("approval-before-filing", {**F2A, "petition_approved": "2019-01-03", "petition_filed": "2019-05-01"},
     r"'petition_approved' must be on or after 'petition_filed' \(got 2019-01-03 < 2019-05-01\)"),
    ("decided-before-filed", {**F2A, "adjustment_filed": "2024-07-01", "adjustment_decided": "2024-01-01"},
     r"'adjustment_decided' must be on or after 'adjustment_filed'"),
    ("married-before-birth", {**F2A, "married": "2001-01-01"}, r"'married' must be on or after 'birth_date'"),
    ("born-after-freeze", {"category": "IR", "birth_date": "2024-01-01", "petition_filed": "2023-11-01"},
     r"'birth_date' must be on or before 'petition_filed' \(2023-11-01\): the beneficiary of a petition is born when it is filed \(got 2024-01-01\)"),
    ("bulletin-not-first", {**F2A, "bulletin_current": "2024-06-15"},
     r"'bulletin_current' must be the first day of a bulletin month \(got 2024-06-15; did you mean 2024-06-01\?\)"),
    ("missing-approval", {k: v for k, v in F2A.items() if k != "petition_approved"},
     r"'petition_approved' is required for category F2A"),
    ("missing-filing-ir", {"category": "IR", "birth_date": "2003-05-10"},
     r"'petition_filed' is required for category IR: the petition's receipt date \(for IR, ASYLEE and REFUGEE the date the age freezes on"),
    ("missing-admission-k2", {"category": "K2", "birth_date": "2003-05-10"}, r"'admitted' is required for category K2"),
    ("dv-without-region", {"category": "DV", "birth_date": "2002-06-15", "petition_filed": "2022-10-05",
                           "petition_approved": "2023-05-07", "dv_rank": "1234"},
     r"'dv_region' is required for category DV"),
    ("dv-bad-rank", {"category": "DV", "birth_date": "2002-06-15", "dv_rank": "12.5"},
     r"'dv_rank' must be a whole number in 1\.\.1,000,000 \(got '12.5'\)"),
    ("bad-chargeability", {**F2A, "chargeability": "ATLANTIS"},
     r"'chargeability' must be one of ALL, CHINA, .* \(got 'ATLANTIS'\)"),
    ("bad-processing", {**F2A, "processing": "mail"}, r"'processing' must be one of adjustment, consular \(got 'mail'\)"),
    ("bad-jurisdiction", {**F2A, "jurisdiction": "5th"}, r"'jurisdiction' must be one of BIA, CA2, CA9 \(got '5th'\)"),
    ("bad-bool", {**F2A, "opt_out": "maybe"}, r"'opt_out' must be true or false \(got 'maybe'\)"),
    ("bad-feb29", {**F2A, "feb29": "mar2"}, r"'feb29' must be one of mar1, feb28 \(got 'mar2'\)"),
]


@pytest.mark.parametrize(("case", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_names_the_field(case, message):
    with pytest.raises(InputError, match=message):
        evaluate(case)


def test_errors_subclass_value_error():
    with pytest.raises(ValueError):
        evaluate({**F2A, "category": "F5"})
    assert issubclass(BulletinRangeError, LookupError) and issubclass(BulletinRangeError, CspaError)


def test_a_derivative_born_after_the_visa_available_date_is_protected():
    """cspa_rules.md §12.3: under 21 on every date that matters (was an input error before §12)."""
    result = evaluate({**F2A, "birth_date": "2024-07-01"})
    assert result.outcome.value == "protected"
    assert {"born_after_reference_date", "principal_status_date_not_given"} <= set(result.flags)


def test_a_child_born_after_the_petition_was_filed_is_valid():
    """A derivative may be born after the principal's petition was filed (issue 2, item 5)."""
    result = evaluate({**F2A, "birth_date": "2020-06-01"})
    assert result.outcome.value == "protected"
    assert result.cspa_age_total_days == (result.reference_date - result.birth_date).days


def test_reduction_longer_than_the_age_is_flagged_not_negative_on_display():
    result = evaluate({**F2A, "birth_date": "2023-01-01", "petition_filed": "2015-01-01",
                       "petition_approved": "2021-01-01"})
    assert result.cspa_age_total_days < 0
    assert (result.cspa_age.years, result.cspa_age.months, result.cspa_age.days) == (0, 0, 0)
    assert "reduction_exceeds_age" in result.flags


def test_lookup_before_the_bulletin_data_is_reported_not_guessed():
    bulletin = tiny_bulletin("2010-01", "2010-12", {("FAD", "F2A", "ALL"): [("2010-01", "C")]})
    case = {"category": "F2A", "birth_date": "2000-01-01", "petition_filed": "2008-01-01",
            "petition_approved": "2009-01-01", "processing": "consular"}
    with pytest.raises(BulletinRangeError, match=r"before the bulletin data \(2010-01\.\.2010-12\) begins"):
        evaluate(case, bulletin=bulletin)


def test_bundled_bulletin_range_error_for_old_approval():
    case = {"category": "F2A", "chargeability": "ALL", "birth_date": "1990-01-01", "petition_filed": "1990-01-01",
            "petition_approved": "1991-01-01", "processing": "consular"}
    with pytest.raises(BulletinRangeError, match=r"2001-12\.\.2026-07"):
        evaluate(case)


def test_unknown_language_names_the_parameter():
    result = evaluate(F2A)
    with pytest.raises(ValueError, match=r"'lang' must be one of en, es \(got 'fr'\)"):
        result.explain("fr")
