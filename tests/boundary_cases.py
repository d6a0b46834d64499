"""Legal boundaries as a table: every rule date, deadline and the 21st birthday, at the exact day and
one day either side, checked in the one-case path and the column path.

Each case: (id, rule-book section, case fields, bulletin name or None, expected). `expected` holds
`outcome`, and optionally `policy`, `visa_available`, `days_under_21`, `seek_by`, `error` (a regex),
`alternative_key`, `alternative_outcome`, `category_after`, `flags` (must be present) and `no_flags` (must
be absent). Dates were worked by hand; the comment
beside each group says how. `check_case` returns the differences (an empty list when all hold), so
the mutation test can run the same table with a legal constant shifted and expect differences.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from cspa_lib import evaluate
from cspa_lib.batch import evaluate_frame
from cspa_lib.errors import CspaError
from cspa_lib.result import OUTPUT_COLUMNS
from tests.helpers import tiny_bulletin


def bulletins() -> dict[str, object]:
    """Fresh inline bulletins (built anew for each run, so no search table outlives a shifted constant)."""
    return {
        # EB-2 ALL: DFF current from 2024-01, FAD from 2024-07; USCIS designated DFF until 2024-03, then FAD
        "split": tiny_bulletin(
            "2023-06", "2025-12",
            {("DFF", "EB2", "ALL"): [("2023-06", "2019-01-01"), ("2024-01", "2021-01-01")],
             ("FAD", "EB2", "ALL"): [("2023-06", "2018-01-01"), ("2024-07", "2021-01-01")]},
            designation={("employment", "2015-10"): "DFF", ("employment", "2024-04"): "FAD"}),
        # F2A ALL: DFF current from 2021-06 and designated throughout; FAD current from 2022-02
        "deemed": tiny_bulletin(
            "2020-06", "2024-12",
            {("DFF", "F2A", "ALL"): [("2021-06", "C")], ("FAD", "F2A", "ALL"): [("2022-02", "C")]},
            designation={("family", "2015-10"): "DFF"}),
        # F2A ALL: current from 2024-05 to the data's last month, 2024-06
        "end": tiny_bulletin("2023-06", "2024-06", {("FAD", "F2A", "ALL"): [("2024-05", "C")]}),
        # F2A ALL: current 2021-01..06, retrogressed 2021-07..12, current again from 2022-01
        "retro": tiny_bulletin("2020-06", "2023-12", {("FAD", "F2A", "ALL"): [
            ("2021-01", "C"), ("2021-07", "2018-01-01"), ("2022-01", "C")]}),
        # F2A ALL: cut-off 2019-01-01 throughout: a 2020 priority date is never current in the data
        "waiting": tiny_bulletin("2023-06", "2024-06", {("FAD", "F2A", "ALL"): [("2023-06", "2019-01-01")]}),
        # F4 ALL: Dates for Filing printed (and designated) already in 2015-09, the month before DFF existed
        "dff": tiny_bulletin(
            "2015-06", "2016-12",
            {("DFF", "F4", "ALL"): [("2015-09", "C")], ("FAD", "F4", "ALL"): [("2015-11", "C")]},
            designation={("family", "2015-06"): "DFF"}),
    }


# README's F2A child: born 2003-04-10 (21 on 2024-04-10), pending 560 days, available 2024-06-01.
F2A = {"category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
       "petition_approved": "2021-08-16", "bulletin_current": "2024-06-01"}
EB2 = {"category": "EB2", "birth_date": "2003-01-10", "petition_filed": "2020-03-01",
       "petition_approved": "2021-03-01", "priority_date": "2020-03-01"}
# DV-2024 derivative: registration 2022-10-05, selection 2023-05-07 (214 days), current 2023-10-01;
# the program year ends 2024-09-30, before the one-year anniversary 2024-10-01.
DV = {"category": "DV", "birth_date": "2005-01-01", "petition_filed": "2022-10-05",
      "petition_approved": "2023-05-07", "bulletin_current": "2023-10-01", "dv_program_year": "2024"}
# F2A under the designated chart: approved 2021-01-01 (366 days pending), DFF availability 2021-06-01
# (anniversary 2022-06-01), Final Action availability 2022-02-01 (anniversary 2023-02-01).
DEEMED = {"category": "F2A", "birth_date": "2002-01-01", "petition_filed": "2020-01-01",
          "petition_approved": "2021-01-01"}

CASES: list[tuple[str, str, dict, str | None, dict]] = [
    # --- the 21st birthday on the freeze pathways (born 2003-05-10: 21 on 2024-05-10) ---
    ("ir-21st-minus-2", "§5", {"category": "IR", "birth_date": "2003-05-10", "petition_filed": "2024-05-08"}, None,
     {"outcome": "protected", "days_under_21": 2, "no_flags": ("one_day_changes_verdict",)}),
    ("ir-21st-minus-1", "§5", {"category": "IR", "birth_date": "2003-05-10", "petition_filed": "2024-05-09"}, None,
     {"outcome": "protected", "days_under_21": 1, "flags": ("one_day_changes_verdict",)}),
    ("ir-21st-birthday", "§5", {"category": "IR", "birth_date": "2003-05-10", "petition_filed": "2024-05-10"}, None,
     {"outcome": "not_eligible", "days_under_21": 0, "flags": ("frozen_on_21st_birthday", "one_day_changes_verdict")}),
    ("ir-21st-plus-1", "§5", {"category": "IR", "birth_date": "2003-05-10", "petition_filed": "2024-05-11"}, None,
     {"outcome": "not_eligible", "days_under_21": -1, "no_flags": ("one_day_changes_verdict",)}),
    ("k2-admitted-21st-minus-1", "§9", {"category": "K2", "birth_date": "2003-05-10", "admitted": "2024-05-09"}, None,
     {"outcome": "protected", "flags": ("one_day_changes_verdict",)}),
    ("k2-admitted-21st", "§9", {"category": "K2", "birth_date": "2003-05-10", "admitted": "2024-05-10"}, None,
     {"outcome": "not_eligible"}),
    ("asylee-21st-minus-1", "§9", {"category": "ASYLEE", "birth_date": "2003-05-10", "petition_filed": "2024-05-09"},
     None, {"outcome": "protected", "flags": ("one_day_changes_verdict",)}),
    ("refugee-21st", "§9", {"category": "REFUGEE", "birth_date": "2003-05-10", "petition_filed": "2024-05-10"},
     None, {"outcome": "not_eligible", "flags": ("one_day_changes_verdict",)}),
    # naturalization (BIA: the real age) and the end of an F3 marriage, ±1 day flags on both (§12.2)
    ("natz-21st-minus-1", "§5 §12.2", {"category": "F2A", "birth_date": "2003-05-10", "petition_filed": "2020-01-01",
                                       "parent_naturalized": "2024-05-09"}, None,
     {"outcome": "protected", "flags": ("one_day_changes_verdict",)}),
    ("natz-21st", "§5 §12.2", {"category": "F2A", "birth_date": "2003-05-10", "petition_filed": "2020-01-01",
                               "parent_naturalized": "2024-05-10"}, None,
     {"outcome": "not_eligible", "flags": ("one_day_changes_verdict",)}),
    ("natz-21st-plus-1", "§5", {"category": "F2A", "birth_date": "2003-05-10", "petition_filed": "2020-01-01",
                                "parent_naturalized": "2024-05-11"}, None,
     {"outcome": "not_eligible", "no_flags": ("one_day_changes_verdict",)}),
    ("f3-ended-21st-minus-1", "§5 §12.2", {"category": "F3", "birth_date": "2003-05-10", "petition_filed": "2020-01-01",
                                           "marriage_ended": "2024-05-09"}, None,
     {"outcome": "protected", "flags": ("one_day_changes_verdict",)}),
    ("f3-ended-21st", "§5", {"category": "F3", "birth_date": "2003-05-10", "petition_filed": "2020-01-01",
                             "marriage_ended": "2024-05-10"}, None, {"outcome": "not_eligible"}),
    # --- the age-out date of the 203(h) formula: 21st birthday + 560 pending days - 1 ---
    # born 2003-03-22: age-out 2025-10-02; available 2025-10-01 is one day before it (margin 2)
    ("age-out-minus-1", "§2", {**F2A, "birth_date": "2003-03-22", "bulletin_current": "2025-10-01",
                               "sought_to_acquire": "2025-10-15"}, None,
     {"outcome": "protected", "days_under_21": 2, "no_flags": ("one_day_changes_verdict",)}),
    # born 2003-03-21: age-out 2025-10-01 = the available date (margin 1: protected, by one day)
    ("age-out-day", "§2", {**F2A, "birth_date": "2003-03-21", "bulletin_current": "2025-10-01",
                           "sought_to_acquire": "2025-10-15"}, None,
     {"outcome": "protected", "days_under_21": 1, "flags": ("one_day_changes_verdict",)}),
    ("age-out-plus-1", "§2", {**F2A, "birth_date": "2003-03-20", "bulletin_current": "2025-10-01",
                              "sought_to_acquire": "2025-10-15"}, None,
     {"outcome": "aged_out", "days_under_21": 0, "flags": ("one_day_changes_verdict",)}),
    ("age-out-plus-2", "§2", {**F2A, "birth_date": "2003-03-19", "bulletin_current": "2025-10-01",
                              "sought_to_acquire": "2025-10-15"}, None,
     {"outcome": "aged_out", "days_under_21": -1, "no_flags": ("one_day_changes_verdict",)}),
    # --- the sought-to-acquire anniversary: available 2024-06-01, deadline 2025-06-01 inclusive ---
    ("sought-deadline-minus-1", "§8", {**F2A, "sought_to_acquire": "2025-05-31"}, None,
     {"outcome": "protected", "no_flags": ("one_day_changes_sought_to_acquire",)}),
    ("sought-deadline", "§8", {**F2A, "sought_to_acquire": "2025-06-01"}, None,
     {"outcome": "protected", "flags": ("one_day_changes_sought_to_acquire",)}),
    ("sought-deadline-plus-1", "§8", {**F2A, "sought_to_acquire": "2025-06-02"}, None,
     {"outcome": "sought_to_acquire_failed", "flags": ("one_day_changes_sought_to_acquire",)}),
    ("sought-deadline-plus-2", "§8", {**F2A, "sought_to_acquire": "2025-06-03"}, None,
     {"outcome": "sought_to_acquire_failed", "no_flags": ("one_day_changes_sought_to_acquire",)}),
    # --- chart policy dates (§7): the I-485's filing on Aug 15 2025, its decision on Feb 14 2023 ---
    ("policy-2025-minus-1", "§7", {**EB2, "adjustment_filed": "2025-08-14"}, "split", {"policy": "uscis_2023"}),
    ("policy-2025-day", "§7", {**EB2, "adjustment_filed": "2025-08-15"}, "split", {"policy": "uscis_2025"}),
    ("policy-2025-plus-1", "§7", {**EB2, "adjustment_filed": "2025-08-16"}, "split", {"policy": "uscis_2025"}),
    ("policy-2023-minus-1", "§7", {**EB2, "adjustment_filed": "2022-11-01", "adjustment_decided": "2023-02-13"},
     "split", {"policy": "uscis_2018"}),
    ("policy-2023-day", "§7", {**EB2, "adjustment_filed": "2022-11-01", "adjustment_decided": "2023-02-14"},
     "split", {"policy": "uscis_2023"}),
    ("policy-2023-plus-1", "§7", {**EB2, "adjustment_filed": "2022-11-01", "adjustment_decided": "2023-02-15"},
     "split", {"policy": "uscis_2023"}),
    # the first Dates for Filing chart (October 2015): the designated DFF of 2015-09 is not used
    ("dff-introduced", "§7", {"category": "F4", "birth_date": "2000-01-01", "petition_filed": "2010-01-01",
                              "petition_approved": "2015-08-15", "adjustment_filed": "2015-12-01"}, "dff",
     {"visa_available": "2015-10-01", "policy": "uscis_2023"}),
    # --- the CSPA effective date, Aug 6 2002 (§4): decided before it, or approved and 21 before it ---
    ("effective-decided-minus-1", "§4", {"category": "F2A", "birth_date": "1980-01-01", "petition_filed": "1999-01-01",
                                         "petition_approved": "2000-01-01", "bulletin_current": "2000-01-01",
                                         "adjustment_filed": "2000-03-01", "adjustment_decided": "2002-08-05"}, None,
     {"outcome": "not_eligible"}),
    ("effective-decided-day", "§4", {"category": "F2A", "birth_date": "1980-01-01", "petition_filed": "1999-01-01",
                                     "petition_approved": "2000-01-01", "bulletin_current": "2000-01-01",
                                     "adjustment_filed": "2000-03-01", "adjustment_decided": "2002-08-06"}, None,
     {"outcome": "needs_review", "flags": ("pre_cspa_age_out",)}),
    ("effective-approved-minus-1", "§4", {"category": "F2A", "birth_date": "1981-01-01", "petition_filed": "2002-01-01",
                                          "petition_approved": "2002-08-05", "bulletin_current": "2002-08-01"}, None,
     {"outcome": "aged_out", "flags": ("pre_cspa_age_out",)}),
    ("effective-approved-day", "§4", {"category": "F2A", "birth_date": "1981-01-01", "petition_filed": "2002-01-01",
                                      "petition_approved": "2002-08-06", "bulletin_current": "2002-08-01"}, None,
     {"outcome": "aged_out", "no_flags": ("pre_cspa_age_out",)}),
    # --- the DV program year (§12.4): registration rule from Oct 2001, the year ends Sept 30 ---
    ("dv-registration-rule-minus-1", "§12.4", {"category": "DV", "birth_date": "1995-01-01",
                                              "petition_filed": "2001-09-30", "petition_approved": "2002-05-01",
                                              "bulletin_current": "2002-10-01"}, None,
     {"outcome": "error", "error": r"'dv_program_year' is required for a registration before October 2001"}),
    ("dv-registration-rule-day", "§12.4", {"category": "DV", "birth_date": "1995-01-01",
                                          "petition_filed": "2001-10-01", "petition_approved": "2002-05-01",
                                          "bulletin_current": "2002-10-01"}, None,
     {"outcome": "protected", "flags": ("dv_program_year_inferred", "dv_must_complete_by_sept_30")}),
    ("dv-sought-sept-30", "§12.4", {**DV, "sought_to_acquire": "2024-09-30"}, None,
     {"outcome": "protected", "seek_by": "2024-09-30", "flags": ("dv_must_complete_by_sept_30",)}),
    ("dv-sought-oct-1", "§12.4", {**DV, "sought_to_acquire": "2024-10-01"}, None,
     {"outcome": "not_eligible", "flags": ("dv_program_year_ended",)}),
    ("dv-as-of-sept-30", "§12.4", {**DV, "as_of": "2024-09-30"}, None,
     {"outcome": "protected", "no_flags": ("dv_program_year_ended",)}),
    ("dv-as-of-oct-1", "§12.4", {**DV, "as_of": "2024-10-01"}, None,
     {"outcome": "not_eligible", "flags": ("dv_program_year_ended",)}),
    # --- born after the principal's status date (§12.3): in utero within 300 days ---
    ("in-utero-day-300", "§12.3", {"category": "ASYLEE", "birth_date": "2021-10-28", "petition_filed": "2020-01-01",
                                   "principal_status_date": "2021-01-01"}, None,
     {"outcome": "needs_review", "flags": ("born_after_reference_date", "born_after_principal_status")}),
    ("in-utero-day-301", "§12.3", {"category": "ASYLEE", "birth_date": "2021-10-29", "petition_filed": "2020-01-01",
                                   "principal_status_date": "2021-01-01"}, None,
     {"outcome": "not_eligible", "flags": ("born_after_principal_status",)}),
    ("born-on-status-date", "§12.3", {"category": "ASYLEE", "birth_date": "2021-01-01", "petition_filed": "2020-01-01",
                                      "principal_status_date": "2021-01-01"}, None,
     {"outcome": "protected", "flags": ("born_after_reference_date",), "no_flags": ("born_after_principal_status",)}),
    # --- stale data (§12.9): the data end 2024-06-30; 60 days later is 2024-08-29 ---
    ("stale-day-60", "§12.9", {**F2A, "bulletin_current": "", "processing": "consular", "as_of": "2024-08-29",
                               "petition_approved": "2023-01-01", "petition_filed": "2021-01-01",
                               "birth_date": "2005-01-01"}, "end",
     {"outcome": "protected", "no_flags": ("bulletin_data_stale",)}),
    ("stale-day-61", "§12.9", {**F2A, "bulletin_current": "", "processing": "consular", "as_of": "2024-08-30",
                               "petition_approved": "2023-01-01", "petition_filed": "2021-01-01",
                               "birth_date": "2005-01-01"}, "end",
     {"outcome": "protected", "flags": ("bulletin_data_stale",)}),
    # --- the Aug 24 2023 rule (§12.8): pending on Feb 14 2023, filed within a year of FAD availability ---
    ("deemed-decided-feb-13", "§12.8", {**DEEMED, "adjustment_filed": "2023-02-01", "adjustment_decided": "2023-02-13"},
     "deemed", {"outcome": "protected", "policy": "uscis_2018", "visa_available": "2022-02-01",
                "no_flags": ("deemed_sought_aug_2023",)}),
    ("deemed-decided-feb-14", "§12.8", {**DEEMED, "adjustment_filed": "2023-02-01", "adjustment_decided": "2023-02-14"},
     "deemed", {"outcome": "protected", "policy": "uscis_2023", "visa_available": "2021-06-01",
                "flags": ("deemed_sought_aug_2023", "boundary_feb_14_2023")}),
    ("deemed-decided-feb-15", "§12.8", {**DEEMED, "adjustment_filed": "2023-02-01", "adjustment_decided": "2023-02-15"},
     "deemed", {"outcome": "protected", "flags": ("deemed_sought_aug_2023",), "no_flags": ("boundary_feb_14_2023",)}),
    ("deemed-filed-on-fad-anniversary", "§12.8", {**DEEMED, "adjustment_filed": "2023-02-01"}, "deemed",
     {"outcome": "protected", "visa_available": "2021-06-01", "flags": ("deemed_sought_aug_2023",)}),
    ("deemed-filed-day-after", "§12.8", {**DEEMED, "adjustment_filed": "2023-02-02"}, "deemed",
     {"outcome": "sought_to_acquire_failed", "no_flags": ("deemed_sought_aug_2023",)}),
    # --- sought after the data (§12.6): the last month in the data is 2024-06; current from 2024-05 ---
    ("sought-last-data-day", "§12.6", {"category": "F2A", "birth_date": "2005-01-01", "petition_filed": "2021-01-01",
                                       "petition_approved": "2024-01-01", "processing": "consular",
                                       "sought_to_acquire": "2024-06-30"}, "end",
     {"outcome": "protected", "no_flags": ("beyond_bulletin_data",)}),
    ("sought-after-data", "§12.6", {"category": "F2A", "birth_date": "2005-01-01", "petition_filed": "2021-01-01",
                                    "petition_approved": "2024-01-01", "processing": "consular",
                                    "sought_to_acquire": "2024-07-01"}, "end",
     {"outcome": "needs_review", "flags": ("beyond_bulletin_data",)}),
    # --- seek_by (§12.5): available 2021-01-01, the run ends 2021-06-30 (retrogression) ---
    ("seek-by-day", "§12.5", {"category": "F2A", "birth_date": "2001-09-01", "petition_filed": "2019-01-01",
                              "petition_approved": "2020-01-01", "processing": "consular",
                              "sought_to_acquire": "2021-06-30"}, "retro",
     {"outcome": "protected", "visa_available": "2021-01-01", "seek_by": "2021-06-30"}),
    ("seek-by-plus-1", "§12.5", {"category": "F2A", "birth_date": "2001-09-01", "petition_filed": "2019-01-01",
                                 "petition_approved": "2020-01-01", "processing": "consular",
                                 "sought_to_acquire": "2021-07-01"}, "retro",
     {"visa_available": "2022-01-01", "flags": ("sought_during_unavailability",)}),
    # --- bulletin corrections (§12.11), on the bundled data ---
    # F4 Philippines, priority date 1991-10-10: current in May 2015 only if 2OCT91 reads 22OCT91; 449 days
    # pending, 21 on 2014-02-20: as printed available 2015-06-01 (reference 2014-03-09, aged out), read the
    # other way 2015-05-01 (reference 2014-02-06, protected)
    ("printed-value-suspect", "§12.11", {"category": "F4", "chargeability": "PHILIPPINES", "birth_date": "1993-02-20",
                                         "priority_date": "1991-10-10", "petition_filed": "1991-10-10",
                                         "petition_approved": "1993-01-01", "processing": "consular",
                                         "sought_to_acquire": "2015-07-01"}, None,
     {"outcome": "aged_out", "visa_available": "2015-06-01", "alternative_key": "printed_value_suspect",
      "alternative_outcome": "protected", "flags": ("printed_value_suspect",)}),
    # EB-2 India current in July 2007 (the original bulletin): seeking on July 2..16 depends on the revision
    ("revised-jul-2007-day-before", "§12.11", {"category": "EB2", "chargeability": "INDIA", "birth_date": "1990-01-01",
                                               "priority_date": "2006-01-01", "petition_filed": "2006-01-01",
                                               "petition_approved": "2007-06-01", "processing": "consular",
                                               "sought_to_acquire": "2007-07-01"}, None,
     {"visa_available": "2007-07-01", "no_flags": ("bulletin_revised_jul_2007",)}),
    ("revised-jul-2007-first-day", "§12.11", {"category": "EB2", "chargeability": "INDIA", "birth_date": "1990-01-01",
                                              "priority_date": "2006-01-01", "petition_filed": "2006-01-01",
                                              "petition_approved": "2007-06-01", "processing": "consular",
                                              "sought_to_acquire": "2007-07-02"}, None,
     {"flags": ("bulletin_revised_jul_2007",)}),
    ("revised-jul-2007-last-day", "§12.11", {"category": "EB2", "chargeability": "INDIA", "birth_date": "1990-01-01",
                                             "priority_date": "2006-01-01", "petition_filed": "2006-01-01",
                                             "petition_approved": "2007-06-01", "processing": "consular",
                                             "sought_to_acquire": "2007-07-16"}, None,
     {"flags": ("bulletin_revised_jul_2007",)}),
    ("revised-jul-2007-day-after", "§12.11", {"category": "EB2", "chargeability": "INDIA", "birth_date": "1990-01-01",
                                              "priority_date": "2006-01-01", "petition_filed": "2006-01-01",
                                              "petition_approved": "2007-06-01", "processing": "consular",
                                              "sought_to_acquire": "2007-07-17"}, None,
     {"no_flags": ("bulletin_revised_jul_2007",)}),
    # --- not sought (§12.7): the verdict if the child seeks in time, and the alternative ---
    ("not-sought-alternative", "§12.7", {**F2A, "birth_date": "2005-04-10"}, None,
     {"outcome": "protected", "alternative_key": "not_sought", "alternative_outcome": "sought_to_acquire_failed",
      "seek_by": "2025-06-01", "flags": ("sought_to_acquire_not_given",)}),
    # 365 days pending, 21 on 2020-06-01; the run is cut short 2021-06-30: seeking by then locks 2021-01-01
    # (reference 2020-01-02, under 21); without it the next availability 2022-01-01 counts (reference
    # 2021-01-01: aged out)
    ("not-sought-next-run", "§12.7", {"category": "F2A", "birth_date": "1999-06-01", "petition_filed": "2019-01-01",
                                      "petition_approved": "2020-01-01", "processing": "consular"}, "retro",
     {"outcome": "protected", "seek_by": "2021-06-30", "alternative_key": "not_sought",
      "alternative_outcome": "aged_out", "flags": ("seek_by_convention_consular",)}),
    # --- the 2011 practitioner's view (§12.10): sought while unavailable is not that case ---
    ("practitioner-view-not-shown", "§12.10", {"category": "F2A", "birth_date": "1999-09-01",
                                               "petition_filed": "2019-01-01", "petition_approved": "2020-01-01",
                                               "processing": "consular", "sought_to_acquire": "2021-12-15"}, "retro",
     {"visa_available": "2022-01-01", "no_flags": ("sources_disagree_retrogression",)}),
    # --- awaiting a visa, with as_of (§12.9): the days left to the age-out date ---
    ("awaiting-as-of", "§12.9", {"category": "F2A", "birth_date": "2010-01-01", "petition_filed": "2020-03-01",
                                 "petition_approved": "2021-03-01", "processing": "consular",
                                 "as_of": "2024-06-15"}, "waiting",
     {"outcome": "awaiting_visa", "flags": ("not_current_in_bulletin_data",)}),
    # --- a petition still pending on as_of (§12.9): awaiting, the age-out date a lower bound ---
    # filed 2025-01-10, 21 on 2031-03-01: pending 0 days on the filing day, 690 days on 2026-12-01
    ("pending-on-filing-day", "§12.9", {"category": "F2A", "birth_date": "2010-03-01", "petition_filed": "2025-01-10",
                                        "as_of": "2025-01-10"}, None,
     {"outcome": "awaiting_visa", "flags": ("petition_pending",)}),
    ("pending-690-days", "§12.9", {"category": "F2A", "birth_date": "2010-03-01", "petition_filed": "2025-01-10",
                                   "as_of": "2026-12-01"}, None,
     {"outcome": "awaiting_visa", "flags": ("petition_pending",)}),
    ("pending-as-of-before-filing", "§12.9", {"category": "F2A", "birth_date": "2010-03-01",
                                              "petition_filed": "2025-01-10", "as_of": "2025-01-09"}, None,
     {"outcome": "error", "error": r"'petition_approved' is required for category F2A"}),
    ("pending-without-as-of", "§12.9", {"category": "F2A", "birth_date": "2010-03-01", "petition_filed": "2025-01-10"},
     None, {"outcome": "error", "error": r"'petition_approved' is required for category F2A"}),
    # --- seek_by_passed (§12.7, §12.9): no sought date; seek_by 2025-06-01 ---
    ("seek-by-passed-day", "§12.7", {**F2A, "birth_date": "2005-04-10", "as_of": "2025-06-01"}, None,
     {"outcome": "protected", "no_flags": ("seek_by_passed",)}),
    ("seek-by-passed-plus-1", "§12.7", {**F2A, "birth_date": "2005-04-10", "as_of": "2025-06-02"}, None,
     {"outcome": "protected", "flags": ("seek_by_passed", "sought_to_acquire_not_given")}),
    # --- event order (§12.1): a conversion event on the filing date counts, the day before does not ---
    ("natz-before-filing", "§12.1", {"category": "F2A", "birth_date": "2005-01-01", "petition_filed": "2020-01-01",
                                     "parent_naturalized": "2019-12-31"}, None,
     {"outcome": "error", "error": r"'parent_naturalized' \(2019-12-31\) is before 'petition_filed' \(2020-01-01\).*category is IR"}),
    ("natz-on-filing-day", "§12.1", {"category": "F2A", "birth_date": "2005-01-01", "petition_filed": "2020-01-01",
                                     "parent_naturalized": "2020-01-01"}, None,
     {"outcome": "protected", "flags": ("same_day_event",)}),
    ("f3-ended-before-filing", "§12.1", {"category": "F3", "birth_date": "1990-01-01", "petition_filed": "2020-01-01",
                                         "marriage_ended": "2019-12-31"}, None,
     {"outcome": "error", "error": r"'marriage_ended' \(2019-12-31\) is before 'petition_filed'.*category is F1"}),
    ("f3-ended-on-filing-day", "§12.1", {"category": "F3", "birth_date": "1990-01-01", "petition_filed": "2020-01-01",
                                         "marriage_ended": "2020-01-01"}, None,
     {"outcome": "not_eligible", "flags": ("same_day_event",)}),
    ("ir-married-before-filing", "§12.1", {"category": "IR", "birth_date": "2005-01-01", "petition_filed": "2020-01-01",
                                           "married": "2019-12-31"}, None,
     {"outcome": "error", "error": r"'married' \(2019-12-31\) is before 'petition_filed'"}),
    # --- marriage and its end (§12.2) ---
    # F4 derivative married 2020-01-01, divorced 2021-01-01, current 2023-03-01: a child again
    ("derivative-divorced", "§12.2", {"category": "F4", "birth_date": "2005-01-01", "petition_filed": "2008-01-01",
                                      "petition_approved": "2009-01-01", "bulletin_current": "2023-03-01",
                                      "married": "2020-01-01", "marriage_ended": "2021-01-01",
                                      "sought_to_acquire": "2023-06-01"}, None,
     {"outcome": "protected", "flags": ("previously_married",), "no_flags": ("married_at_availability",)}),
    ("derivative-married-at-availability", "§12.2", {"category": "F4", "birth_date": "2005-01-01",
                                                     "petition_filed": "2008-01-01", "petition_approved": "2009-01-01",
                                                     "bulletin_current": "2023-03-01", "married": "2022-01-01",
                                                     "marriage_ended": "2023-03-02", "sought_to_acquire": "2023-06-01"},
     None, {"outcome": "protected", "flags": ("previously_married", "married_at_availability")}),
    ("derivative-sought-while-married", "§12.2", {"category": "F4", "birth_date": "2005-01-01",
                                                  "petition_filed": "2008-01-01", "petition_approved": "2009-01-01",
                                                  "bulletin_current": "2023-03-01", "married": "2022-01-01",
                                                  "marriage_ended": "2023-06-02", "sought_to_acquire": "2023-06-01"},
     None, {"outcome": "needs_review", "flags": ("sought_while_married",)}),
    ("derivative-sought-on-divorce-day", "§12.2", {"category": "F4", "birth_date": "2005-01-01",
                                                   "petition_filed": "2008-01-01", "petition_approved": "2009-01-01",
                                                   "bulletin_current": "2023-03-01", "married": "2022-01-01",
                                                   "marriage_ended": "2023-06-01", "sought_to_acquire": "2023-06-01"},
     None, {"outcome": "protected", "no_flags": ("sought_while_married",)}),
    ("f2a-married-revoked", "§12.2", {**F2A, "sought_to_acquire": "2024-09-10", "married": "2024-10-01",
                                      "marriage_ended": "2025-01-01"}, None,
     {"outcome": "not_eligible", "category_after": "", "flags": ("petition_revoked_by_marriage",)}),
    ("f2a-married-after-natz", "§12.2", {"category": "F2A", "birth_date": "2005-01-01", "petition_filed": "2020-01-01",
                                         "parent_naturalized": "2021-01-01", "married": "2021-01-02"}, None,
     {"outcome": "not_eligible", "category_after": "F3", "flags": ("converted_to_f3",)}),
    # IR filed 2019-01-01 (under 21), married 2020-01-01; 21 on 2021-06-01
    ("ir-f3-divorced-day-before-21", "§12.2", {"category": "IR", "birth_date": "2000-06-01",
                                               "petition_filed": "2019-01-01", "married": "2020-01-01",
                                               "marriage_ended": "2021-05-31"}, None,
     {"outcome": "protected", "category_after": "IR", "no_flags": ("ir_f3_ir_unsettled",)}),
    ("ir-f3-divorced-on-21st", "§12.2", {"category": "IR", "birth_date": "2000-06-01", "petition_filed": "2019-01-01",
                                         "married": "2020-01-01", "marriage_ended": "2021-06-01"}, None,
     {"outcome": "needs_review", "alternative_key": "ir_f3_reading_B", "alternative_outcome": "protected",
      "flags": ("ir_f3_ir_unsettled",)}),
    ("ir-married-on-filing-day", "§12.2", {"category": "IR", "birth_date": "2005-01-01", "petition_filed": "2020-01-01",
                                           "married": "2020-01-01"}, None,
     {"outcome": "not_eligible", "flags": ("converted_to_f3",)}),
]


def both(case: dict, bulletin=None) -> tuple[dict, object]:
    """The batch row of the one-case path and of the column path; they must be equal."""
    frame = evaluate_frame(pd.DataFrame([case]), bulletin).iloc[0]
    try:
        result = evaluate(case, bulletin=bulletin)
        one = {**result.to_row(), "error": ""}
    except CspaError as exc:
        result, one = exc, {"outcome": "error", "error": str(exc)}
    return one, (result, frame)


def _same(a: object, b: object) -> bool:
    if a is None or (isinstance(a, float) and a != a) or a is pd.NA:
        return b is None or b is pd.NA or (isinstance(b, float) and b != b)
    return bool(a == b)


def check_case(case: dict, bulletin_name: str | None, expected: dict, made: dict | None = None) -> list[str]:
    """The differences between the expectation and both paths (and between the two paths)."""
    made = made if made is not None else bulletins()
    bulletin = made[bulletin_name] if bulletin_name else None
    one, (result, row) = both(case, bulletin)
    problems = []
    columns = OUTPUT_COLUMNS + ("error",) if one["outcome"] != "error" else ("outcome", "error")
    for column in columns:
        if not _same(one.get(column), row[column]):
            problems.append(f"paths differ on {column}: one case {one.get(column)!r}, column {row[column]!r}")
    outcome = one["outcome"]
    if "outcome" in expected and outcome != expected["outcome"]:
        problems.append(f"outcome {outcome} != {expected['outcome']}")
    if "error" in expected and not re.search(expected["error"], str(one.get("error", ""))):
        problems.append(f"error {one.get('error')!r} does not match {expected['error']!r}")
    if outcome == "error":
        return problems
    flags = set(str(one["flags"]).split(";"))
    for name in ("policy", "days_under_21", "alternative_key", "alternative_outcome", "category_after"):
        if name in expected and one[name] != expected[name]:
            problems.append(f"{name} {one[name]!r} != {expected[name]!r}")
    for name in ("visa_available", "seek_by"):
        if name in expected and one[name] != date.fromisoformat(expected[name]):
            problems.append(f"{name} {one[name]} != {expected[name]}")
    problems += [f"flag {f} missing" for f in expected.get("flags", ()) if f not in flags]
    problems += [f"flag {f} present" for f in expected.get("no_flags", ()) if f in flags]
    return problems


def check_table() -> list[str]:
    made = bulletins()
    out = []
    for name, _, case, bulletin_name, expected in CASES:
        out += [f"{name}: {p}" for p in check_case(case, bulletin_name, expected, made)]
    return out
