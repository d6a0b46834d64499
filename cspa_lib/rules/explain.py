"""The numbered steps of one case, rendered from what the kernel computed.

No rule is decided here: `plan` turns a row's discrete facts (pathway, category, where the one-year
walk stopped, its flags and alternatives) into step keys and the citation of each, and `steps` fills
in the row's dates. The column path uses `plan` alone, once per distinct set of facts, to write the
`citations` column, so both paths cite the same sources for the same reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from ..codes import Category
from ..result import MonthRange, Step
from . import policy as _policy
from .calendar import NAT, age_ymd, to_date
from .codes import (
    AFTER,
    ALTERNATIVES,
    AWAITING,
    CATEGORIES,
    FAILED,
    FREEZE,
    LOCKED,
    NATURALIZATION,
    OPEN,
    OUTCOMES,
    UNKNOWN,
)
from .kernel import Columns, Evaluated


@dataclass(frozen=True)
class Facts:
    """The discrete facts of one row that decide which steps it shows (hashable, for grouping)."""

    pathway: int
    category: str
    outcome: str
    status: int
    lookup: bool
    later: bool
    policy: int
    under: bool
    jurisdiction: int
    opt_out: bool
    f2b_natz: bool
    by_end: bool
    married_now: bool
    decided_before_cspa: bool
    seek_by_short: bool
    has_as_of: bool
    flags: frozenset[str]
    alternatives: frozenset[str]


def fact_columns(ev: Evaluated, c: Columns) -> dict[str, np.ndarray]:
    """The discrete facts of every row, as integer columns (the column path groups rows by them)."""
    married = c.married != NAT
    ended_after = (c.ended != NAT) & married & (c.ended >= c.married)
    seek_by, deadline = ev.dates["seek_by"], ev.dates["deadline"]
    f2b = np.asarray([CATEGORIES.index(Category.F2B)])
    # extraordinary circumstances asserted: the result shows the first availability, the steps the walk's window
    asserted = ev.has("protected_if_extraordinary_circumstances_accepted")
    under = np.where(asserted, ev.dates["window_ref"] < ev.dates["b21"], ev.under)
    return {
        "pathway": ev.pathway, "category": c.cat, "outcome": ev.outcome, "status": ev.facts["status"],
        "lookup": ev.facts["lookup"], "later": ev.facts["later"], "policy": ev.policy, "under": under,
        "jurisdiction": c.jurisdiction, "opt_out": c.opt_out, "f2b_natz": np.isin(c.cat, f2b) & (c.natz != NAT),
        "by_end": (ev.pathway == FREEZE) & (c.ended != NAT) & (ev.dates["freeze"] == c.ended),
        "married_now": married & ~ended_after, "decided_before_cspa": ev.facts["decided_before_cspa"],
        "seek_by_short": (seek_by != NAT) & (deadline != NAT) & (seek_by < deadline), "has_as_of": c.as_of != NAT,
    }  # fmt: skip


def facts(ev: Evaluated, c: Columns, i: int, columns: dict[str, np.ndarray] | None = None) -> Facts:
    """The discrete facts of row `i`."""
    cols = fact_columns(ev, c) if columns is None else columns
    return Facts(
        pathway=int(cols["pathway"][i]),
        category=CATEGORIES[int(cols["category"][i])].value,
        outcome=OUTCOMES[int(cols["outcome"][i])],
        status=int(cols["status"][i]),
        lookup=bool(cols["lookup"][i]),
        later=bool(cols["later"][i]),
        policy=int(cols["policy"][i]),
        under=bool(cols["under"][i]),
        jurisdiction=int(cols["jurisdiction"][i]),
        opt_out=bool(cols["opt_out"][i]),
        f2b_natz=bool(cols["f2b_natz"][i]),
        by_end=bool(cols["by_end"][i]),
        married_now=bool(cols["married_now"][i]),
        decided_before_cspa=bool(cols["decided_before_cspa"][i]),
        seek_by_short=bool(cols["seek_by_short"][i]),
        has_as_of=bool(cols["has_as_of"][i]),
        flags=frozenset(ev.flag_names(i)),
        alternatives=frozenset(k for k, alt in ev.alternatives.items() if alt.outcome[i] >= 0),
    )


# the flags `plan` reads: rows that differ only in other flags show the same steps
PLAN_FLAGS = (
    "feb29_birth_mar1", "feb29_birth_feb28", "born_after_reference_date", "ir_f3_ir_unsettled", "same_day_event",
    "jurisdiction_dependent", "adjustment_filing_counted_as_sought", "chart_designation_unknown",
    "deemed_sought_aug_2023", "beyond_bulletin_data", "seek_by_passed", "sources_disagree_retrogression",
    "extraordinary_circumstances_could_help", "protected_if_extraordinary_circumstances_accepted",
    "ec_feb_2023_policy_change", "bulletin_month_missing", "converted_to_f3", "petition_revoked_by_marriage",
    "refugee_marriage_check_admission", "previously_married", "married_at_availability", "sought_while_married",
    "born_after_principal_status", "principal_status_date_not_given", "dv_program_year_ended",
    "dv_must_complete_by_sept_30", "pre_cspa_age_out", "feb29_convention_changes_verdict", "bulletin_data_stale",
    "printed_value_suspect", "bulletin_revised_jul_2007", "petition_pending",
)  # fmt: skip

_FREEZE_STEP = {"IR": ("freeze_ir", "ir"), "ASYLEE": ("freeze_asylee", "asylee"),
                "REFUGEE": ("freeze_refugee", "refugee"), "K2": ("freeze_k2", "k2")}  # fmt: skip


def plan(f: Facts) -> list[tuple[str, str]]:
    """(step key, citation id) in the order a reader follows them."""
    out: list[tuple[str, str]] = [("birthday", "under_21")]
    flags = f.flags
    if "feb29_birth_mar1" in flags or "feb29_birth_feb28" in flags:
        out.append(("feb29", "feb29"))
    if f.outcome == "error":
        return out
    if f.pathway == FREEZE:
        out += _freeze_plan(f)
    elif f.pathway == NATURALIZATION:
        out += _natz_plan(f)
    else:
        out += _preference_plan(f)
    out += _after_plan(f)
    return out


def _freeze_plan(f: Facts) -> list[tuple[str, str]]:
    flags = f.flags
    if f.by_end:
        out = [("freeze_marriage_ended", "marriage_ended")]
    else:
        out = [_FREEZE_STEP[f.category]]
    if "born_after_reference_date" in flags:
        out.append(("born_after_reference", "principal_status"))
    else:
        out.append(("freeze_verdict_under" if f.under else "freeze_verdict_over", "under_21"))
    if "ir_f3_ir_unsettled" in flags:
        out.append(("ir_f3_unsettled", "marriage_ended"))
    if "same_day_event" in flags:
        out.append(("same_day_event", "event_order"))
    return out


def _natz_plan(f: Facts) -> list[tuple[str, str]]:
    out = [("natz_date", "natz")]
    flags = f.flags
    bio_under = f.under and (f.jurisdiction == 0 or "jurisdiction_dependent" not in flags)
    if f.jurisdiction == 0:
        if f.under:
            out.append(("natz_under", "natz"))
        else:
            if f.opt_out:
                out.append(("opt_out_not_f2a", "zamora"))
            out.append(("natz_bia", "zamora"))
            if "jurisdiction_dependent" in flags:
                out.append(("natz_circuit_alt", "circuit"))
    elif bio_under and "jurisdiction_dependent" not in flags and f.outcome == "protected" and f.under:
        out.append(("natz_under", "natz"))
    else:
        if f.opt_out:
            out.append(("opt_out_not_f2a", "zamora"))
        out.append(("natz_circuit_under" if f.under else "natz_circuit_over", "circuit"))
    if "same_day_event" in flags:
        out.append(("same_day_natz", "event_order"))
    return out


def _preference_plan(f: Facts) -> list[tuple[str, str]]:
    flags = f.flags
    is_dv = f.category == "DV"
    if "petition_pending" in flags:  # not approved yet: no bulletin month can count before approval
        return [("petition_pending", "pending")]
    out = [("pending_dv", "pending_dv") if is_dv else ("pending", "pending")]
    if "adjustment_filing_counted_as_sought" in flags:
        out.append(("counted_as_sought", "sought"))
    if f.f2b_natz:
        out.append(("f2b_opt_out", "opt_out") if f.opt_out else ("f2b_to_f1", "opt_out"))
    if not f.lookup:
        out.append(("bulletin_given", "available"))
    elif is_dv:
        out.append(("dv_lookup", "current"))
    else:
        cite = _policy.POLICIES[f.policy].citation
        out.append(("policy_designated", cite) if _policy.POLICIES[f.policy].chart == _policy.DESIGNATED
                   else ("policy", cite))  # fmt: skip
        if "chart_designation_unknown" in flags:
            out.append(("designation_unknown", cite))
        out.append(("bulletin_lookup", "current"))
    if f.status == AWAITING:
        too_late = f.outcome == "aged_out"
        out.append(("awaiting_too_late" if too_late else "awaiting", "formula"))
        if f.has_as_of and not too_late and f.outcome == "awaiting_visa":
            out.append(("days_left", "formula"))
        if too_late:
            out.append(("convert_f2b", "convert") if f.category == "F2A" else ("no_conversion", "convert"))
        return out
    if f.status == UNKNOWN:
        out.append(("beyond_data", "sought"))
    out.append(("available", "available"))
    if "born_after_reference_date" in flags:
        out.append(("born_after_reference", "principal_status"))
    if f.later:
        out.append(("retrogression_new_window", "retrogression"))
    out.append(("formula", "formula"))
    out.append(("margin_under" if f.under else "margin_over", "under_21"))
    if "deemed_sought_aug_2023" in flags:
        out.append(("deemed_sought", "deemed_2023"))
    elif f.status == LOCKED:
        out.append(("sought_met", "sought"))
    elif f.status == FAILED:
        out.append(("sought_failed", "sought"))
    elif f.status == OPEN and f.under:
        out.append(("sought_open", "sought"))
    if f.seek_by_short:
        out.append(("seek_by_short_dv" if is_dv else "seek_by_short", "dv_year" if is_dv else "seek_by"))
    if "beyond_bulletin_data" in flags and f.status == LOCKED:
        out.append(("sought_beyond_data", "sought"))
    if "not_sought" in f.alternatives:
        out.append(("not_sought_alt", "sought"))
    if "seek_by_passed" in flags:
        out.append(("seek_by_passed", "sought"))
    if "sources_disagree_retrogression" in flags:
        out.append(("ombudsman_alt", "ombudsman_2011"))
    if not f.under:
        out.append(("convert_f2b", "convert") if f.category == "F2A" else ("no_conversion", "convert"))
    if "extraordinary_circumstances_could_help" in flags:
        out.append(("ec_could_help", "ec"))
    if "protected_if_extraordinary_circumstances_accepted" in flags:
        out.append(("ec_asserted", "ec"))
    if "ec_feb_2023_policy_change" in flags:
        out.append(("ec_policy_change", "deemed_2023"))
    if "bulletin_month_missing" in flags:
        out.append(("bulletin_gap", "current"))
    return out


def _after_plan(f: Facts) -> list[tuple[str, str]]:
    flags = f.flags
    out: list[tuple[str, str]] = []
    if "converted_to_f3" in flags:
        out.append(("married_f3", "converted_f3"))
    elif "petition_revoked_by_marriage" in flags:
        out.append(("married_revoked", "revoked"))
    elif "refugee_marriage_check_admission" in flags:
        out.append(("married_refugee", "refugee"))
    elif f.married_now:
        out.append(("married", "unmarried"))
    if "previously_married" in flags and not f.by_end:
        out.append(("previously_married", "unmarried"))
    if "married_at_availability" in flags:
        out.append(("married_at_availability", "unmarried"))
    if "sought_while_married" in flags:
        out.append(("sought_while_married", "unmarried"))
    if "born_after_principal_status" in flags:
        out.append(("born_after_principal_far" if f.outcome == "not_eligible" else "born_after_principal",
                    "principal_status"))  # fmt: skip
    if "principal_status_date_not_given" in flags:
        out.append(("principal_status_not_given", "principal_status"))
    if "dv_program_year_ended" in flags:
        out.append(("dv_year_ended", "dv_year"))
    elif "dv_must_complete_by_sept_30" in flags:
        out.append(("dv_complete", "dv_year"))
    if f.decided_before_cspa:
        out.append(("decided_before_cspa", "effective"))
    elif "pre_cspa_age_out" in flags:
        out.append(("pre_cspa_review" if f.pathway not in (FREEZE, NATURALIZATION) else "pre_cspa_ir", "effective"))
    if "feb29_convention_changes_verdict" in flags:
        out.append(("feb29_alt", "feb29"))
    if "printed_value_suspect" in flags:
        out.append(("printed_value_suspect", "current"))
    if "bulletin_revised_jul_2007" in flags:
        out.append(("bulletin_revised_jul_2007", "current"))
    return out


def citations(f: Facts) -> list[str]:
    """The citation ids of a row's steps, each once, in step order."""
    seen: list[str] = []
    for _, cite in plan(f):
        if cite and cite not in seen:
            seen.append(cite)
    return seen


def steps(ev: Evaluated, c: Columns, i: int, bulletin_runs: list[tuple[int, int]] | None = None,
          bulletin_last: date | None = None) -> list[Step]:  # fmt: skip
    """The steps of row `i`, with their dates and numbers filled in."""
    f = facts(ev, c, i)
    params = _params(ev, c, i, f, bulletin_runs, bulletin_last)
    return [Step(key, _only(key, params), cite) for key, cite in plan(f)]


def _age_on(c: Columns, i: int, on: int) -> object:
    """The calendar age on day number `on` (None when absent or before birth), for display."""
    from ..dates import Ymd

    if on == NAT or on < c.birth[i]:
        return None
    y, m, d = age_ymd(c.birth[i : i + 1], np.asarray([on]), c.feb28[i : i + 1])
    return Ymd(int(y[0]), int(m[0]), int(d[0]))


def _d(a: np.ndarray, i: int) -> date | None:
    return to_date(int(a[i]))


def _params(ev: Evaluated, c: Columns, i: int, f: Facts, runs: list[tuple[int, int]] | None,
            last: date | None) -> dict[str, object]:  # fmt: skip
    from ..dates import Ymd

    d = ev.dates
    birth = _d(c.birth, i)
    approved = _d(c.approved, i)
    pending = None if ev.ints["pending"][i] == NAT else int(ev.ints["pending"][i])
    margin = None if ev.ints["margin"][i] == NAT else int(ev.ints["margin"][i])
    age = Ymd(int(ev.ints["years"][i]), int(ev.ints["months"][i]), int(ev.ints["days"][i])) if margin is not None \
        else None  # fmt: skip
    available = _d(d["visa_available"], i)
    freeze = _d(d["freeze"], i)
    p: dict[str, object] = {
        "birth": birth, "b21": _d(d["b21"], i), "convention": "feb28" if c.feb28[i] else "mar1",
        "date": freeze, "age": age, "margin": margin, "pending": pending, "days": pending,
        "filed": _d(c.filed, i), "approved": approved, "available": available, "ref": _d(d["ref"], i),
        "age_out": _d(d["age_out"], i), "deadline": _d(d["window_deadline"], i) or _d(d["deadline"], i),
        "seek_by": _d(d["seek_by"], i),
        "sought": _d(c.adj_filed, i) if "adjustment_filing_counted_as_sought" in f.flags else _d(c.sought, i),
        "first": _d(d["first_available"], i), "month": _d(c.bulletin_current, i), "pd": _d(c.priority, i)
        or _d(c.filed, i), "natz": _d(c.natz, i), "married": _d(c.married, i), "ended": _d(c.ended, i),
        "fy_end": _d(d["fy_end"], i), "year": int(ev.facts["dv_year"][i]), "rank": int(c.rank[i]),
        "region": c.regions[int(c.region[i])] if c.region[i] >= 0 else "", "category": f.category,
        "chargeability": c.charges[int(c.chg[i])], "policy": _policy.POLICIES[f.policy].code if f.policy >= 0
        else "", "chart": "FAD", "status_date": _d(c.principal_status, i), "as_of": _d(c.as_of, i),
        "last": last if f.status != AWAITING else _d(d["run_end"], i), "run_end": _d(d["run_end"], i),
        "decided": _d(c.adj_decided, i), "outcome": f.outcome, "reading_b": _d(ev.facts["reading_b_freeze"], i),
        "circuit_ref": _d(ev.facts["natz_circuit"], i), "category_after": AFTER[int(ev.after[i])],
        "convention_other": "mar1" if c.feb28[i] else "feb28",
    }  # fmt: skip
    p["age_available"] = _age_on(c, i, d["visa_available"][i])
    if "protected_if_extraordinary_circumstances_accepted" in f.flags:  # the walk's window in its steps
        window_ref = int(d["window_ref"][i])
        p["available"] = _d(d["window_available"], i)
        p["ref"] = _d(d["window_ref"], i)
        p["age"] = _age_on(c, i, window_ref) or p["age"]
        p["age_available"] = _age_on(c, i, d["window_available"][i])
        p["margin"] = int(d["b21"][i]) - window_ref
        p["ec_ref"], p["ec_margin"] = _d(d["ref"], i), margin
    if f.pathway == NATURALIZATION:
        p["date"] = _d(c.natz, i)
        p["ref"] = p["circuit_ref"]
        p["age_natz"] = _age_on(c, i, c.natz[i])
    if f.category == "F2B" and f.f2b_natz:
        p["category"] = "F1" if not f.opt_out else "F2B"
    if runs is not None:
        p["runs"] = runs_text(runs, c.approved[i])
    if f.status == AWAITING and p["age_out"] is not None and p["as_of"] is not None:  # pending: a lower bound
        p["days_left"] = (p["age_out"] - p["as_of"]).days  # type: ignore[operator]
    for key, alt in ev.alternatives.items():
        if alt.outcome[i] >= 0:
            if key.startswith("feb29_"):
                p["alt_feb29"] = OUTCOMES[int(alt.outcome[i])]
            p[f"alt_{key}"] = OUTCOMES[int(alt.outcome[i])]
            shown = alt.available[i] if alt.available[i] != NAT else alt.ref[i]
            p[f"alt_{key}_date"] = to_date(int(shown))
    return p


# which parameters each step shows (the rest are left out of the step's record)
_KEYS = {
    "birthday": ("birth", "b21"), "feb29": ("b21", "convention"), "freeze_ir": ("date", "age"),
    "freeze_asylee": ("date", "age"), "freeze_refugee": ("date", "age"), "freeze_k2": ("date", "age"),
    "freeze_marriage_ended": ("date", "age"), "freeze_verdict_under": ("margin", "category_after"),
    "freeze_verdict_over": ("margin", "category_after"), "natz_date": ("date", "age=age_natz"),
    "natz_under": ("margin",),
    "natz_circuit_alt": ("pending", "ref"), "natz_circuit_under": ("pending", "ref", "margin"),
    "natz_circuit_over": ("pending", "ref"), "pending": ("filed", "approved", "days"),
    "pending_dv": ("filed", "approved", "days"), "policy": ("policy", "chart"), "policy_designated": ("policy",),
    "bulletin_lookup": ("category", "chargeability", "pd", "runs"), "dv_lookup": ("year", "region", "rank", "runs"),
    "bulletin_given": ("month",), "f2b_to_f1": ("date=natz",), "f2b_opt_out": ("date=natz",),
    "available": ("available", "approved", "age=age_available"), "retrogression_new_window": ("available", "first"),
    "formula": ("available", "pending", "ref", "age"), "margin_under": ("margin", "age_out"),
    "margin_over": ("margin", "age_out"), "sought_met": ("sought", "deadline"), "sought_failed": ("sought", "deadline"),
    "sought_open": ("deadline", "seek_by"), "ombudsman_alt": ("first", "alt_ombudsman_2011"),
    "convert_f2b": ("pd",), "ec_could_help": ("first", "alt_extraordinary_circumstances_date"),
    "ec_asserted": ("first", "ref=ec_ref", "margin=ec_margin"), "awaiting": ("last", "age_out"),
    "awaiting_too_late": ("last", "age_out"),
    "beyond_data": ("deadline",), "married": ("date=married",), "married_refugee": ("date=married",),
    "decided_before_cspa": ("date=decided",), "pre_cspa_ir": ("approved",), "pre_cspa_review": ("approved",),
    "feb29_alt": ("convention=convention_other", "outcome=alt_feb29"), "days_left": ("days_left", "as_of", "age_out"),
    "counted_as_sought": ("sought",), "born_after_reference": ("birth",), "ir_f3_unsettled": ("reading_b",
    "alt_ir_f3_reading_B"), "same_day_event": ("filed",),
    "same_day_natz": ("filed", "alt_same_day_event_before_filing"),
    "deemed_sought": ("sought",), "seek_by_short": ("seek_by", "deadline", "run_end"),
    "seek_by_short_dv": ("seek_by", "deadline"), "sought_beyond_data": ("sought",),
    "not_sought_alt": ("seek_by", "alt_not_sought", "alt_not_sought_date"), "seek_by_passed": ("seek_by", "as_of"),
    "ec_policy_change": (), "bulletin_gap": ("months",), "designation_unknown": ("months",), "married_f3": ("married",),
    "married_revoked": ("married",), "previously_married": ("married", "ended"),
    "married_at_availability": ("available",), "sought_while_married": ("sought",),
    "born_after_principal": ("status_date",), "born_after_principal_far": ("status_date",),
    "principal_status_not_given": (), "dv_year_ended": ("fy_end",), "dv_complete": ("fy_end",),
    "printed_value_suspect": ("alt_printed_value_suspect",),
    "bulletin_revised_jul_2007": (),
    "petition_pending": ("filed", "as_of", "days", "age_out", "days_left"),
    "natz_bia": (), "opt_out_not_f2a": (), "no_conversion": (),
}  # fmt: skip


def _only(key: str, params: dict[str, object]) -> dict[str, object]:
    """The parameters step `key` shows ("shown=source" renames one)."""
    out = {}
    for name in _KEYS.get(key, ()):
        shown, _, source = name.partition("=")
        out[shown] = params.get(source or shown)
    return out


def runs_text(runs: list[tuple[int, int]], approved: int, most: int = 6) -> list[MonthRange]:
    """The runs that matter (those still open on approval), the first few, as month ranges."""
    relevant = [(s, e) for s, e in runs if approved == NAT or e == NAT or e > approved]
    parts = [MonthRange(to_date(s), None if e == NAT else to_date(e - 1)) for s, e in relevant[:most]]
    return parts


__all__ = ["ALTERNATIVES", "Facts", "citations", "facts", "plan", "runs_text", "steps"]
