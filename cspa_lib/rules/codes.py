"""The kernel's closed sets as small integers: outcomes, pathways, flags, alternatives, errors.

Columns of a million cases carry these numbers; the names are decoded once per distinct value.
The order of `FLAGS` is the order flags are listed in a result.
"""

from __future__ import annotations

from ..codes import Category

CATEGORIES = tuple(Category)
CAT = {c: i for i, c in enumerate(CATEGORIES)}

OUTCOMES = ("protected", "aged_out", "sought_to_acquire_failed", "not_eligible", "awaiting_visa", "needs_review",
            "error")  # fmt: skip
PROTECTED, AGED_OUT, FAILED_OUT, NOT_ELIGIBLE, AWAITING_OUT, NEEDS_REVIEW, ERROR = range(7)

# where the age is taken: a freeze date, the parent's naturalization, or the 203(h) formula
FREEZE, NATURALIZATION, PREFERENCE = 0, 1, 2
PATHWAYS = ("freeze", "naturalization", "preference")

# the one-year walk (cspa_rules.md §8): where it stopped
LOCKED, OPEN, FAILED, UNKNOWN, AWAITING = range(5)

FLAGS = (
    "feb29_birth_mar1", "feb29_birth_feb28", "refugee_application_date_is_input",
    "k2_age_at_admission_matter_of_le", "same_day_event", "previously_married", "frozen_on_21st_birthday",
    "jurisdiction_dependent", "ir_f3_ir_unsettled", "converted_to_f3", "petition_revoked_by_marriage",
    "refugee_marriage_check_admission", "born_after_reference_date", "born_after_principal_status",
    "principal_status_date_not_given", "adjustment_filing_counted_as_sought", "adjustment_filing_date_assumed",
    "chart_designation_unknown", "dv_program_year_inferred", "dv_month_missing", "retrogression_new_window",
    "sought_before_availability", "sought_during_unavailability", "not_current_in_bulletin_data",
    "beyond_bulletin_data", "reduction_exceeds_age", "one_day_changes_verdict", "sought_to_acquire_not_given",
    "one_day_changes_sought_to_acquire", "seek_by_convention_consular", "seek_by_passed",
    "sources_disagree_retrogression", "deemed_sought_aug_2023", "boundary_feb_14_2023", "no_automatic_conversion",
    "extraordinary_circumstances_could_help", "protected_if_ec_accepted",
    "protected_if_extraordinary_circumstances_accepted", "ec_feb_2023_policy_change", "married_at_availability",
    "sought_while_married", "dv_program_year_ended", "dv_must_complete_by_sept_30", "bulletin_month_missing",
    "pre_cspa_age_out", "sources_disagree_pre_cspa", "feb29_convention_changes_verdict", "printed_value_suspect",
    "bulletin_revised_jul_2007", "bulletin_data_stale", "petition_pending",
)  # fmt: skip
FLAG = {name: i for i, name in enumerate(FLAGS)}
assert len(FLAGS) <= 64, "flags are bits of one uint64 per row"

# alternatives, in the order the batch column picks them (cspa_rules.md §12.7)
ALTERNATIVES = (
    "not_sought", "jurisdiction_CA2_CA9", "jurisdiction_BIA", "feb29_feb28", "feb29_mar1",
    "without_deemed_sought_aug_2023", "ir_f3_reading_B", "same_day_event_before_filing", "ombudsman_2011",
    "extraordinary_circumstances", "without_extraordinary_circumstances", "printed_value_suspect",
)  # fmt: skip
ALT = {name: i for i, name in enumerate(ALTERNATIVES)}

# categories after: "" plus every category code
AFTER = ("",) + tuple(c.value for c in CATEGORIES)
AFTER_INDEX = {name: i for i, name in enumerate(AFTER)}

# errors: (field, message key); the message is rendered by i18n from the key and the row's values
ERRORS = (
    ("", ""),
    ("petition_filed", "required_filed"),
    ("petition_approved", "required_approved"),
    ("admitted", "required_admitted"),
    ("marriage_ended", "required_marriage_ended"),
    ("birth_date", "born_after_freeze"),
    ("birth_date", "born_after_filing"),
    ("parent_naturalized", "natz_before_filing"),
    ("marriage_ended", "ended_before_filing"),
    ("married", "married_at_filing"),
    ("marriage_ended", "ended_before_married"),
    ("bulletin_current", "bulletin_not_first_day"),
    ("bulletin_current", "bulletin_required"),
    ("dv_region", "required_dv_region"),
    ("dv_rank", "required_dv_rank"),
    ("dv_program_year", "required_dv_year"),
    ("birth_date", "born_after_as_of"),
    ("bulletin_current", "available_before_data"),
    ("dv_program_year", "dv_year_outside_data"),
    ("petition_approved", "approved_before_filed"),
    ("adjustment_decided", "decided_before_adjustment_filed"),
    ("married", "married_before_birth"),
)
ERROR_INDEX = {key: i for i, (_, key) in enumerate(ERRORS)}
RANGE_ERRORS = frozenset({ERROR_INDEX["available_before_data"], ERROR_INDEX["dv_year_outside_data"]})
