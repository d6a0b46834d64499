"""Each pathway's verdict and the category it leaves the child in, as a table."""

import pytest

from cspa_lib import evaluate
from tests.helpers import tiny_bulletin

PATHWAYS = [
    # id, case, outcome, category_after, flags that must be present
    ("ir-under-21", {"category": "IR", "birth_date": "2005-03-01", "petition_filed": "2025-01-15"},
     "protected", "IR", ()),
    ("ir-k4-alias", {"category": "K4", "birth_date": "2005-03-01", "petition_filed": "2025-01-15"},
     "protected", "IR", ()),
    ("ir-over-21-is-f1", {"category": "IR", "birth_date": "2003-03-01", "petition_filed": "2025-01-15"},
     "not_eligible", "F1", ()),
    ("ir-married-is-f3", {"category": "IR", "birth_date": "2005-03-01", "petition_filed": "2025-01-15",
                          "married": "2025-06-01"}, "not_eligible", "F3", ()),
    ("naturalized-under-21", {"category": "F2A", "birth_date": "2006-05-01", "petition_filed": "2020-01-01",
                              "petition_approved": "2021-01-01", "parent_naturalized": "2025-02-01"},
     "protected", "IR", ()),
    ("marriage-ended-under-21", {"category": "F3", "birth_date": "2005-05-01", "marriage_ended": "2025-02-01"},
     "protected", "IR", ()),
    ("marriage-ended-over-21", {"category": "F3", "birth_date": "2002-05-01", "marriage_ended": "2025-02-01"},
     "not_eligible", "F1", ()),
    ("asylee-over-21", {"category": "ASYLEE", "birth_date": "1995-01-15", "petition_filed": "2019-05-01"},
     "not_eligible", "", ()),
    # cspa_rules.md §12.2: a derivative is not a child while married (the step says to check the admission date)
    ("refugee-married", {"category": "REFUGEE", "birth_date": "1996-02-01", "petition_filed": "2016-06-10",
                         "married": "2019-01-01"}, "not_eligible", "", ("refugee_marriage_check_admission",)),
    ("k2-over-21-at-admission", {"category": "K2", "birth_date": "1983-03-24", "admitted": "2004-12-27"},
     "not_eligible", "", ("k2_age_at_admission_matter_of_le",)),
    ("derivative-married", {"category": "F4", "birth_date": "2005-01-01", "petition_filed": "2008-01-01",
                            "petition_approved": "2009-01-01", "bulletin_current": "2023-03-01", "married": "2023-01-10"},
     "not_eligible", "", ()),
    ("eb-derivative-aged-out-no-conversion",
     {"category": "EB3", "birth_date": "2001-01-01", "petition_filed": "2020-01-01", "petition_approved": "2020-02-01",
      "bulletin_current": "2023-03-01"}, "aged_out", "", ("no_automatic_conversion",)),
    ("decided-before-cspa", {"category": "F2A", "birth_date": "1981-01-01", "petition_filed": "1996-01-01",
                             "petition_approved": "1997-01-01", "bulletin_current": "2000-01-01",
                             "adjustment_filed": "2000-02-01", "adjustment_decided": "2001-05-01"},
     "not_eligible", "F2A", ()),
    ("pre-cspa-preference-review", {"category": "F2A", "birth_date": "1980-01-01", "petition_filed": "1996-01-01",
                                    "petition_approved": "1997-01-01", "bulletin_current": "2000-01-01",
                                    "sought_to_acquire": "2000-03-01"},
     "needs_review", "F2A", ("pre_cspa_age_out",)),
]


@pytest.mark.parametrize(("case", "outcome", "category_after", "flags"), [p[1:] for p in PATHWAYS],
                         ids=[p[0] for p in PATHWAYS])
def test_pathway(case, outcome, category_after, flags):
    result = evaluate(case)
    assert (result.outcome.value, result.category_after) == (outcome, category_after)
    assert set(flags) <= set(result.flags)


def test_dv_program_year_ends_before_the_rank_is_reached():
    bulletin = tiny_bulletin("2023-06", "2024-12", {("FAD", "F1", "ALL"): [("2023-06", "C")]},
                             dv={("ASIA", "ALL"): [("2023-10", "5000")]})
    case = {"category": "DV", "birth_date": "2008-01-01", "petition_filed": "2022-10-05",
            "petition_approved": "2023-05-07", "dv_region": "ASIA", "dv_rank": "9000", "processing": "consular"}
    result = evaluate(case, bulletin=bulletin)
    assert result.outcome.value == "not_eligible"
    assert "dv_program_year_ended" in result.flags
