"""The CSPA rule: every pathway, exact to the day, with the steps that explain the verdict.

Pure: takes a `Case` and, when no `bulletin_current` is given, a bulletin object (see
`BulletinSource`); it never reads files or the clock. `cspa_lib.evaluate` adds the bundled data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Protocol

from .availability import Cutoff, Run, dv_is_current, is_current, runs_from_flags
from .case import Case
from .codes import FREEZE, Category, Chart, Feb29Rule, Jurisdiction, Outcome
from .dates import age_ymd, is_feb29, twenty_first_birthday
from .errors import BulletinRangeError, InputError
from .policy import CSPA_EFFECTIVE, DFF_INTRODUCED, Policy, chart_policy
from .result import Alternative, CspaResult, Step
from .sought import AWAITING, FAILED, LOCKED, OPEN, UNKNOWN, Window, sought_deadline, walk_runs

ONE_DAY = timedelta(days=1)

# Rule citations (cspa_rules.md section in brackets).
R_IR = "INA 201(f)(1), 8 U.S.C. 1151(f)(1) [§5]"
R_NATZ = "INA 201(f)(2), 8 U.S.C. 1151(f)(2) [§5]"
R_MARRIAGE_ENDED = "INA 201(f)(3), 8 U.S.C. 1151(f)(3) [§5]"
R_ASYLEE = "INA 208(b)(3)(B), 8 U.S.C. 1158(b)(3)(B) [§9]"
R_REFUGEE = "INA 207(c)(2)(B), 8 U.S.C. 1157(c)(2)(B) [§9]"
R_K2 = "Matter of Le, 25 I&N Dec. 541 (BIA 2011) [§9]"
R_FORMULA = "INA 203(h)(1), 8 U.S.C. 1153(h)(1); USCIS PM Vol. 7, Part A, Ch. 7 [§6]"
R_PENDING = "INA 203(h)(1)(B); 9 FAM 502.1-1(D)(4): receipt to approval [§2]"
R_AVAILABLE = "USCIS PM 7.A.7: later of approval and first day of the bulletin month [§2, §6]"
R_CURRENT = "Visa Bulletin: current means earlier than the cut-off date [§2]"
R_DV = "USCIS PM 7.A.7: DV pending time is registration start to selection letter [§6]"
R_UNDER_21 = "INA 101(b)(1): a child is under twenty-one [§2]"
R_SOUGHT = "INA 203(h)(1)(A); Matter of O. Vazquez, 25 I&N Dec. 817 (BIA 2012) [§8]"
R_RETRO = "USCIS PM 7.A.7 (retrogression); CIS Ombudsman, Jan. 31, 2011 [§8]"
R_EC = "USCIS stakeholder message, Sept. 25, 2024 (extraordinary circumstances) [§7, §8]"
R_CONVERT = (
    "INA 203(h)(3); Matter of Wang, 25 I&N Dec. 28 (BIA 2009); Scialabba v. Cuellar de Osorio, 573 U.S. 41 (2014) [§6]"
)
R_OPT_OUT = "INA 204(k), 8 U.S.C. 1154(k) [§6]"
R_ZAMORA = "Matter of Zamora-Molina, 25 I&N Dec. 606 (BIA 2011) [§5]"
R_CIRCUIT = (
    "Rodriguez Tovar v. Sessions, 882 F.3d 895 (9th Cir. 2018); Cuthill v. Blinken, 990 F.3d 272 (2d Cir. 2021) [§5]"
)
R_EFFECTIVE = "CSPA §8, Pub. L. 107-208; Matter of Avila-Perez, 24 I&N Dec. 78 (BIA 2007) [§4]"
R_UNMARRIED = "INA 101(b)(1); USCIS PM 7.A.7 §A: CSPA does not change the unmarried requirement [§3]"
R_FEB29 = "No federal rule for Feb 29 births: default March 1 (cspa_rules.md §2)"


class BulletinSource(Protocol):
    """What the engine needs from a bulletin (implemented by `cspa_lib.bulletin.Bulletin`).

    Sequences are aligned with `months` (every month from `first_month` to `last_month`); None
    marks a cell the bulletin did not print.
    """

    first_month: date
    last_month: date
    months: Sequence[date]

    def cutoffs(self, chart: Chart | str, category: str, chargeability: str) -> Sequence[Cutoff | None]: ...

    def designations(self, category: str, chargeability: str) -> Sequence[Chart | None]: ...

    def dv_cutoffs(self, region: str, country: str) -> Sequence[int | str | None]: ...


@dataclass
class _Trace:
    """Steps, flags and rules collected while a pathway runs."""

    steps: list[Step] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    missing_months: list[date] = field(default_factory=list)  # bulletin cells not printed/kept

    def step(self, key: str, rule: str = "", **params: object) -> None:
        self.steps.append(Step(key, params, rule))
        if rule and rule not in self.rules:
            self.rules.append(rule)

    def flag(self, *names: str) -> None:
        for name in names:
            if name not in self.flags:
                self.flags.append(name)


def evaluate_case(case: Case, bulletin: BulletinSource | None = None) -> CspaResult:
    """Evaluate one case. `bulletin` is needed only when the case gives no `bulletin_current`."""
    return _evaluate(case, bulletin, alternatives=True)


def _evaluate(case: Case, bulletin: BulletinSource | None, alternatives: bool) -> CspaResult:
    trace = _Trace()
    b21 = twenty_first_birthday(case.birth_date, case.feb29)
    trace.step("birthday", R_UNDER_21, birth=case.birth_date, b21=b21)
    if is_feb29(case.birth_date):
        trace.flag(f"feb29_birth_{case.feb29.value}")
        trace.step("feb29", R_FEB29, b21=b21, convention=case.feb29.value)
    result = _dispatch(case, bulletin, b21, trace)
    result = _apply_marriage(case, result, trace)
    result = _apply_effective_date(case, result, trace)
    if alternatives and is_feb29(case.birth_date):
        result = _feb29_alternative(case, bulletin, result, trace)
    return replace(result, flags=tuple(trace.flags), rules=tuple(trace.rules), steps=tuple(trace.steps))


def _dispatch(case: Case, bulletin: BulletinSource | None, b21: date, trace: _Trace) -> CspaResult:
    cat = case.category
    if cat is Category.IR:
        return _freeze(case, b21, trace, "petition_filed", "freeze_ir", R_IR, "IR", "F1")
    if cat is Category.ASYLEE:
        return _freeze(case, b21, trace, "petition_filed", "freeze_asylee", R_ASYLEE, "ASYLEE", "")
    if cat is Category.REFUGEE:
        trace.flag("refugee_application_date_is_input")
        return _freeze(case, b21, trace, "petition_filed", "freeze_refugee", R_REFUGEE, "REFUGEE", "")
    if cat is Category.K2:
        trace.flag("k2_age_at_admission_matter_of_le")
        return _freeze(case, b21, trace, "admitted", "freeze_k2", R_K2, "K2", "")
    if cat is Category.F2A and case.parent_naturalized is not None:
        return _naturalization(case, b21, trace)
    if cat is Category.F3 and case.marriage_ended is not None:
        return _freeze(case, b21, trace, "marriage_ended", "freeze_marriage_ended", R_MARRIAGE_ENDED, "IR", "F1")
    return _preference(case, bulletin, b21, trace)


# --- freeze pathways -----------------------------------------------------------------------


def _freeze(
    case: Case,
    b21: date,
    trace: _Trace,
    field_name: str,
    step_key: str,
    rule: str,
    category_if_child: str,
    category_if_not: str,
) -> CspaResult:
    """The age freezes on one date: under 21 then means a child for good (if unmarried)."""
    frozen: date | None = getattr(case, field_name)
    if frozen is None:
        raise InputError(field_name, f"is required for category {case.category.value} (the date the age freezes on)")
    _born_by(case, frozen, f"'{field_name}'")
    age_days = (frozen - case.birth_date).days
    under = frozen < b21
    trace.step(step_key, rule, date=frozen, age=age_ymd(case.birth_date, frozen, case.feb29))
    if frozen == b21:
        trace.flag("frozen_on_21st_birthday")
    if (b21 - frozen).days in (0, 1):
        trace.flag("one_day_changes_verdict")
    outcome = Outcome.PROTECTED if under else Outcome.NOT_ELIGIBLE
    trace.step(
        "freeze_verdict_under" if under else "freeze_verdict_over",
        R_UNDER_21,
        margin=(b21 - frozen).days,
        category_after=category_if_child if under else category_if_not,
    )
    return CspaResult(
        case_id=case.case_id,
        category=case.category,
        pathway="freeze",
        outcome=outcome,
        birth_date=case.birth_date,
        twenty_first_birthday=b21,
        feb29=case.feb29,
        under_21=under,
        reference_date=frozen,
        cspa_age_total_days=age_days,
        cspa_age=age_ymd(case.birth_date, frozen, case.feb29),
        days_under_21=(b21 - frozen).days,
        age_out_date=b21 - ONE_DAY,
        freeze_date=frozen,
        petition_filed=case.petition_filed,
        petition_approved=case.petition_approved,
        category_after=category_if_child if under else category_if_not,
    )


def _naturalization(case: Case, b21: date, trace: _Trace) -> CspaResult:
    """F2A -> IR when the LPR parent naturalizes: INA 201(f)(2), read two ways (§5)."""
    natz = case.parent_naturalized
    assert natz is not None
    _born_by(case, natz, "'parent_naturalized'")
    bio_under = natz < b21
    trace.step("natz_date", R_NATZ, date=natz, age=age_ymd(case.birth_date, natz, case.feb29))
    base = dict(
        case_id=case.case_id,
        category=case.category,
        pathway="naturalization",
        birth_date=case.birth_date,
        twenty_first_birthday=b21,
        feb29=case.feb29,
        freeze_date=natz,
        petition_filed=case.petition_filed,
        petition_approved=case.petition_approved,
        age_out_date=b21 - ONE_DAY,
    )
    bio = dict(
        reference_date=natz,
        cspa_age_total_days=(natz - case.birth_date).days,
        cspa_age=age_ymd(case.birth_date, natz, case.feb29),
        days_under_21=(b21 - natz).days,
        under_21=bio_under,
    )
    if bio_under:
        trace.step("natz_under", R_NATZ, margin=(b21 - natz).days)
        return CspaResult(outcome=Outcome.PROTECTED, category_after="IR", **base, **bio)
    # Biologically 21 or older: the BIA uses that age; the 2d and 9th Circuits use the CSPA age.
    if case.opt_out:
        trace.step("opt_out_not_f2a", R_ZAMORA)
    pending = _pending_days(case, required=case.jurisdiction is not Jurisdiction.BIA)
    circuit: dict[str, object] | None = None
    if pending is not None:
        ref = natz - timedelta(days=pending)
        circuit = dict(
            reference_date=ref,
            cspa_age_total_days=(ref - case.birth_date).days,
            cspa_age=_age_or_zero(case, ref, trace),
            days_under_21=(b21 - ref).days,
            under_21=ref < b21,
            pending_days=pending,
        )
    circuit_under = bool(circuit and circuit["under_21"])
    if circuit_under:
        trace.flag("jurisdiction_dependent")
    if case.jurisdiction is Jurisdiction.BIA:
        trace.step("natz_bia", R_ZAMORA, margin=(b21 - natz).days)
        alts = ()
        if circuit is not None and circuit_under:
            trace.step("natz_circuit_alt", R_CIRCUIT, pending=pending, ref=circuit["reference_date"])
            alts = (
                Alternative(
                    "jurisdiction_CA2_CA9",
                    Outcome.PROTECTED,
                    "IR",
                    circuit["reference_date"],  # type: ignore[arg-type]
                    circuit["cspa_age_total_days"],  # type: ignore[arg-type]
                ),
            )
        return CspaResult(
            outcome=Outcome.NOT_ELIGIBLE,
            category_after="F1",
            pending_days=pending,
            alternatives=alts,
            **base,
            **bio,
        )
    assert circuit is not None
    trace.step(
        "natz_circuit_under" if circuit_under else "natz_circuit_over",
        R_CIRCUIT,
        pending=pending,
        ref=circuit["reference_date"],
        margin=circuit["days_under_21"],
    )
    alts = (Alternative("jurisdiction_BIA", Outcome.NOT_ELIGIBLE, "F1", natz, bio["cspa_age_total_days"]),)  # type: ignore[arg-type]
    return CspaResult(
        outcome=Outcome.PROTECTED if circuit_under else Outcome.NOT_ELIGIBLE,
        category_after="IR" if circuit_under else "F1",
        alternatives=alts if circuit_under else (),
        **base,
        **circuit,  # type: ignore[arg-type]
    )


# --- the preference formula ----------------------------------------------------------------


def _preference(case: Case, bulletin: BulletinSource | None, b21: date, trace: _Trace) -> CspaResult:
    """INA 203(h)(1): age when a visa becomes available, minus the days the petition was pending."""
    pending = _pending_days(case, required=True)
    assert pending is not None and case.petition_approved is not None
    if (
        case.sought_to_acquire is None
        and case.adjustment_filed is not None
        and _aos_sought(replace(case, sought_to_acquire=case.adjustment_filed))
    ):
        # Filing the I-485 is how an adjustment applicant seeks to acquire (cspa_rules.md §8).
        case = replace(case, sought_to_acquire=case.adjustment_filed)
        trace.flag("adjustment_filing_counted_as_sought")
    approved = case.petition_approved
    is_dv = case.category is Category.DV
    trace.step(
        "pending_dv" if is_dv else "pending",
        R_DV if is_dv else R_PENDING,
        filed=case.petition_filed,
        approved=approved,
        days=pending,
    )
    age_out = b21 + timedelta(days=pending) - ONE_DAY
    policy = chart_policy(case.processing, case.adjustment_filed or _aos_sought(case), case.adjustment_decided)
    base = dict(
        case_id=case.case_id,
        category=case.category,
        pathway="preference",
        birth_date=case.birth_date,
        twenty_first_birthday=b21,
        feb29=case.feb29,
        pending_days=pending,
        age_out_date=age_out,
        petition_filed=case.petition_filed,
        petition_approved=approved,
        priority_date=None if is_dv else case.effective_priority_date,
        sought_to_acquire=case.sought_to_acquire,
        policy="" if is_dv else policy.code,
    )
    chart_of: dict[date, str] = {}
    fy_end: date | None = None
    if case.bulletin_current is not None:
        if case.bulletin_current.day != 1:
            raise InputError(
                "bulletin_current",
                "must be the first day of a bulletin month "
                f"(got {case.bulletin_current}; did you mean {case.bulletin_current.replace(day=1)}?)",
            )
        runs = [Run(case.bulletin_current, None)]
        data_end: date | None = None
        trace.step("bulletin_given", R_AVAILABLE, month=case.bulletin_current)
    elif bulletin is None:
        raise InputError(
            "bulletin_current",
            "is required when no bulletin is given (pass a bulletin, or use cspa_lib.evaluate "
            "which loads the bundled Visa Bulletin history)",
        )
    elif is_dv:
        runs, data_end, fy_end = _dv_runs(case, bulletin, trace)
        base["chart"] = "DV"
    else:
        runs, data_end, chart_of = _bulletin_runs(case, bulletin, policy, trace)
    window = walk_runs(runs, approved, case.sought_to_acquire, data_end, case.feb29)
    if bulletin is not None and case.bulletin_current is None and runs:
        _check_range(bulletin, runs, approved)
    for name in window.flags:
        trace.flag(name)
    if window.status == AWAITING or (
        window.available is not None and data_end is not None and window.available >= data_end
    ):
        return _awaiting(case, base, window, data_end, age_out, trace, is_dv)
    if window.status == UNKNOWN:
        trace.flag("beyond_bulletin_data")
        trace.step("beyond_data", R_SOUGHT, deadline=window.deadline)
    available = window.available
    assert available is not None
    gaps = _relevant_gaps(trace.missing_months, approved, window.deadline or data_end)
    if available.replace(day=1) in chart_of:
        base["chart"] = chart_of[available.replace(day=1)]
    result = _formula_result(case, base, window, available, pending, b21, trace)
    if is_dv and case.bulletin_current is None:
        trace.step("dv_fy_end", R_DV, fy_end=fy_end)
        trace.flag("dv_status_ends_sept_30")
    result = _extraordinary(case, result, window, pending, b21, trace)
    if gaps:
        # A month with no cut-off could be current or not: the answer would be a guess.
        trace.flag("bulletin_month_missing")
        trace.step("bulletin_gap", R_CURRENT, months=", ".join(f"{m:%Y-%m}" for m in gaps))
        result = replace(result, outcome=Outcome.NEEDS_REVIEW)
    return result


def _relevant_gaps(missing: list[date], approved: date, until: date | None) -> list[date]:
    """Missing bulletin months between approval and the end of the window that decides the case."""
    start = approved.replace(day=1)
    return sorted({m for m in missing if m >= start and (until is None or m <= until)})


def _formula_result(
    case: Case,
    base: dict,
    window: Window,
    available: date,
    pending: int,
    b21: date,
    trace: _Trace,
) -> CspaResult:
    _born_by(case, available, "the visa-available date")
    ref = available - timedelta(days=pending)
    under = ref < b21
    margin = (b21 - ref).days
    trace.step(
        "available",
        R_AVAILABLE,
        available=available,
        approved=case.petition_approved,
        age=age_ymd(case.birth_date, available, case.feb29),
    )
    if window.run_index and window.run_index > 0:
        trace.step("retrogression_new_window", R_RETRO, available=available, first=window.first_available)
    trace.step(
        "formula",
        R_FORMULA,
        available=available,
        pending=pending,
        ref=ref,
        age=_age_or_zero(case, ref, trace),
    )
    trace.step("margin_under" if under else "margin_over", R_UNDER_21, margin=margin, age_out=base["age_out_date"])
    if margin in (0, 1):
        trace.flag("one_day_changes_verdict")
    met = {LOCKED: True, FAILED: False}.get(window.status)
    deadline = window.deadline
    if window.status == LOCKED:
        trace.step("sought_met", R_SOUGHT, sought=case.sought_to_acquire, deadline=deadline)
    elif window.status == FAILED:
        trace.step("sought_failed", R_SOUGHT, sought=case.sought_to_acquire, deadline=deadline)
    elif window.status == OPEN and under:
        trace.flag("sought_to_acquire_not_given")
        trace.step("sought_open", R_SOUGHT, deadline=deadline)
    if case.sought_to_acquire is not None and deadline is not None:
        if (case.sought_to_acquire - deadline).days in (0, 1):
            trace.flag("one_day_changes_sought_to_acquire")
    if not under:
        outcome = Outcome.AGED_OUT
    elif window.status == FAILED:
        outcome = Outcome.SOUGHT_TO_ACQUIRE_FAILED
    elif window.status == UNKNOWN:
        outcome = Outcome.NEEDS_REVIEW
    else:
        outcome = Outcome.PROTECTED
    if window.ombudsman_2011_available is not None:
        alt_ref = window.ombudsman_2011_available - timedelta(days=pending)
        trace.flag("sources_disagree_retrogression")
        trace.step("ombudsman_alt", R_RETRO, first=window.ombudsman_2011_available, ref=alt_ref)
    return CspaResult(
        outcome=outcome,
        under_21=under,
        reference_date=ref,
        cspa_age_total_days=(ref - case.birth_date).days,
        cspa_age=_age_or_zero(case, ref, None),
        days_under_21=margin,
        visa_available=available,
        bulletin_current=case.bulletin_current,
        age_at_availability=age_ymd(case.birth_date, available, case.feb29),
        sought_to_acquire_deadline=deadline,
        sought_to_acquire_met=met,
        category_after=_category_after(case, under, trace),
        **base,
    )


def _category_after(case: Case, under: bool, trace: _Trace) -> str:
    """Who keeps a category: INA 203(h)(3) converts only where the same petitioner can carry on."""
    current = case.category.value
    if case.category is Category.F2B and case.parent_naturalized is not None and not case.opt_out:
        current = "F1"
    if under:
        return current
    if case.category is Category.F2A:
        trace.step("convert_f2b", R_CONVERT, pd=case.effective_priority_date)
        return "F2B"
    trace.flag("no_automatic_conversion")
    trace.step("no_conversion", R_CONVERT)
    return ""


def _extraordinary(
    case: Case, result: CspaResult, window: Window, pending: int, b21: date, trace: _Trace
) -> CspaResult:
    """Extraordinary circumstances: discretionary, never automatic (cspa_rules.md §8, §11)."""
    first = window.first_available
    if first is None or result.outcome not in (Outcome.AGED_OUT, Outcome.SOUGHT_TO_ACQUIRE_FAILED):
        return result
    ref = first - timedelta(days=pending)
    if ref >= b21:
        return result
    if not case.extraordinary_circumstances:
        trace.flag("extraordinary_circumstances_could_help")
        trace.step("ec_could_help", R_EC, first=first, ref=ref)
        alt = Alternative(
            "extraordinary_circumstances",
            Outcome.NEEDS_REVIEW,
            case.category.value,
            ref,
            (ref - case.birth_date).days,
            first,
        )
        return replace(result, alternatives=result.alternatives + (alt,))
    trace.flag("protected_if_extraordinary_circumstances_accepted")
    trace.step("ec_asserted", R_EC, first=first, ref=ref, margin=(b21 - ref).days)
    deadline = sought_deadline(first, case.feb29)
    sought = case.sought_to_acquire
    without = Alternative(
        "without_extraordinary_circumstances",
        result.outcome,
        result.category_after,
        result.reference_date,
        result.cspa_age_total_days,
        result.visa_available,
    )
    return replace(
        result,
        outcome=Outcome.NEEDS_REVIEW,
        visa_available=first,
        reference_date=ref,
        under_21=True,
        cspa_age_total_days=(ref - case.birth_date).days,
        cspa_age=_age_or_zero(case, ref, None),
        days_under_21=(b21 - ref).days,
        age_at_availability=age_ymd(case.birth_date, first, case.feb29),
        sought_to_acquire_deadline=deadline,
        sought_to_acquire_met=None if sought is None else sought <= deadline,
        category_after=case.category.value,
        alternatives=result.alternatives + (without,),
    )


def _awaiting(
    case: Case,
    base: dict,
    window: Window,
    data_end: date | None,
    age_out: date,
    trace: _Trace,
    is_dv: bool,
) -> CspaResult:
    """Not current (after approval) in the data: report the last date that would still protect."""
    last_data_day = (data_end - ONE_DAY) if data_end else None
    trace.flag("not_current_in_bulletin_data")
    if last_data_day is not None and age_out <= last_data_day:
        trace.step("awaiting_too_late", R_FORMULA, last=last_data_day, age_out=age_out)
        outcome = Outcome.AGED_OUT
        under = False
    else:
        trace.step("awaiting", R_FORMULA, last=last_data_day, age_out=age_out)
        outcome = Outcome.AWAITING_VISA
        under = None
    if is_dv and "dv_program_year_ended" in trace.flags:
        outcome = Outcome.NOT_ELIGIBLE
    after = "" if outcome is not Outcome.AGED_OUT else _category_after(case, False, trace)
    return CspaResult(outcome=outcome, under_21=under, category_after=after, **base)


def _bulletin_runs(
    case: Case, bulletin: BulletinSource, policy: Policy, trace: _Trace
) -> tuple[list[Run], date, dict[date, str]]:
    """Month by month: is the priority date current on the chart the policy says applies?"""
    pd = case.effective_priority_date
    assert pd is not None
    months = list(bulletin.months)
    cats = _bulletin_categories(case, months, trace)
    fad: dict[str, Sequence[Cutoff | None]] = {}
    dff: dict[str, Sequence[Cutoff | None]] = {}
    charts: list[Chart] = []
    current: list[bool] = []
    designations: dict[str, Sequence[Chart | None]] = {}
    unknown_designation: list[date] = []
    for i, (month, cat) in enumerate(zip(months, cats, strict=True)):
        if cat not in fad:
            fad[cat] = bulletin.cutoffs(Chart.FAD, cat, case.chargeability)
            dff[cat] = bulletin.cutoffs(Chart.DFF, cat, case.chargeability)
            designations[cat] = bulletin.designations(cat, case.chargeability)
        chart = policy.chart
        if chart is None:
            chart = designations[cat][i] if month >= DFF_INTRODUCED else Chart.FAD
            if chart is None:
                chart = Chart.FAD
                unknown_designation.append(month)
        cutoff = (dff if chart is Chart.DFF else fad)[cat][i]
        if cutoff is None and chart is Chart.DFF:
            chart, cutoff = Chart.FAD, fad[cat][i]
        charts.append(chart)
        if cutoff is None:
            trace.missing_months.append(month)
        current.append(cutoff is not None and is_current(pd, cutoff))
    if policy.chart is None:
        trace.step("policy_designated", policy.rule, policy=policy.code)
    else:
        trace.step("policy", policy.rule, policy=policy.code, chart=policy.chart.value)
    if (
        case.adjustment_filed is None
        and case.processing.value == "adjustment"
        and policy.code == "uscis_2025"
        and _aos_sought(case) is None
    ):
        trace.flag("adjustment_filing_date_assumed")
    runs = runs_from_flags(months, current)
    chart_of = {m: c.value for m, c in zip(months, charts, strict=True)}
    if unknown_designation:
        relevant = [m for m in unknown_designation if any(r.contains(m) for r in runs)]
        if relevant:
            trace.flag("chart_designation_unknown")
            trace.step("designation_unknown", policy.rule, months=", ".join(m.strftime("%Y-%m") for m in relevant[:6]))
    trace.step(
        "bulletin_lookup",
        R_CURRENT,
        category=cats[-1],
        chargeability=case.chargeability,
        pd=pd,
        runs=_runs_text(runs, case.petition_approved),
    )
    data_end = _next_month(months[-1])
    return runs, data_end, chart_of


def _bulletin_categories(case: Case, months: list[date], trace: _Trace) -> list[str]:
    """The bulletin row each month: F2B becomes F1 after the parent naturalizes (INA 204(k))."""
    cat = case.category.value
    natz = case.parent_naturalized
    if case.category is Category.F2B and natz is not None:
        if case.opt_out:
            trace.step("f2b_opt_out", R_OPT_OUT, date=natz)
            return [cat] * len(months)
        trace.step("f2b_to_f1", R_OPT_OUT, date=natz)
        return ["F1" if m >= natz else cat for m in months]
    return [cat] * len(months)


def _dv_runs(case: Case, bulletin: BulletinSource, trace: _Trace) -> tuple[list[Run], date, date]:
    """DV: the principal's rank below the regional cut-off, within the program's fiscal year."""
    if case.dv_region is None:
        raise InputError("dv_region", "is required for category DV when no bulletin_current is given")
    if case.dv_rank is None:
        raise InputError("dv_rank", "is required for category DV when no bulletin_current is given")
    filed = case.petition_filed
    assert filed is not None
    year = case.dv_program_year
    if year is None:
        year = filed.year + 2 if filed.month >= 8 else filed.year + 1
        trace.flag("dv_program_year_inferred")
    fy_start, fy_end = date(year - 1, 10, 1), date(year, 9, 30)
    months = list(bulletin.months)
    if fy_start < bulletin.first_month or fy_start > bulletin.last_month:
        raise BulletinRangeError(
            f"DV-{year} (fiscal year {fy_start}..{fy_end}) is outside the bulletin data "
            f"({bulletin.first_month:%Y-%m}..{bulletin.last_month:%Y-%m}); pass bulletin_current"
        )
    country = case.chargeability if case.chargeability != "ALL" else "ALL"
    cutoffs = bulletin.dv_cutoffs(case.dv_region.value, country)
    current = []
    missing = []
    for month, cutoff in zip(months, cutoffs, strict=True):
        inside = fy_start <= month <= fy_end
        if inside and cutoff is None:
            missing.append(month)
        current.append(inside and cutoff is not None and dv_is_current(case.dv_rank, cutoff))
    if missing:
        trace.flag("dv_month_missing")
        trace.missing_months.extend(missing)
    runs = runs_from_flags(months, current)
    data_end = min(_next_month(months[-1]), _next_month(fy_end))
    if data_end == _next_month(fy_end) and not any(
        r.end is None or r.end > (case.petition_approved or filed) for r in runs
    ):
        trace.flag("dv_program_year_ended")
    trace.step(
        "dv_lookup",
        R_CURRENT,
        year=year,
        region=case.dv_region.value,
        rank=case.dv_rank,
        runs=_runs_text(runs, case.petition_approved),
    )
    return runs, data_end, fy_end


def _check_range(bulletin: BulletinSource, runs: list[Run], approved: date) -> None:
    """A visa could have been available before the data starts: report it, never guess."""
    first = runs[0]
    if first.start == bulletin.first_month and approved < bulletin.first_month:
        raise BulletinRangeError(
            f"the priority date is already current in the first bulletin month "
            f"({bulletin.first_month:%Y-%m}) and the petition was approved on {approved}: the "
            f"visa may have become available before the bulletin data "
            f"({bulletin.first_month:%Y-%m}..{bulletin.last_month:%Y-%m}) begins; pass bulletin_current"
        )


# --- shared checks -------------------------------------------------------------------------


def _pending_days(case: Case, required: bool) -> int | None:
    """Receipt to approval, plain day difference (cspa_rules.md §2, "Pending time")."""
    if case.petition_filed is None or case.petition_approved is None:
        if not required:
            return None
        missing = "petition_filed" if case.petition_filed is None else "petition_approved"
        what = {
            "petition_filed": "the petition's receipt date (DV: first day of registration)",
            "petition_approved": "the petition's approval date (DV: selection letter date)",
        }[missing]
        raise InputError(missing, f"is required for category {case.category.value}: {what}")
    return (case.petition_approved - case.petition_filed).days


def _born_by(case: Case, day: date, what: str) -> None:
    if case.birth_date > day:
        raise InputError(
            "birth_date",
            f"must be on or before {what} ({day}), the date the age is measured on (got {case.birth_date})",
        )


def _age_or_zero(case: Case, ref: date, trace: _Trace | None):
    """The CSPA age for display; a reduction larger than the age shows as 0y 0m 0d (flagged)."""
    if ref < case.birth_date:
        if trace is not None:
            trace.flag("reduction_exceeds_age")
        return age_ymd(case.birth_date, case.birth_date)
    return age_ymd(case.birth_date, ref, case.feb29)


def _aos_sought(case: Case) -> date | None:
    """For adjustment, seeking to acquire is filing the I-485: the best stand-in for its date."""
    return case.sought_to_acquire if case.processing.value == "adjustment" else None


def _apply_marriage(case: Case, result: CspaResult, trace: _Trace) -> CspaResult:
    """CSPA does not change the requirement that a child be unmarried (§3)."""
    if case.married is None:
        return result
    if case.category is Category.REFUGEE:
        trace.flag("refugee_marriage_check_admission")
        trace.step("married_refugee", R_REFUGEE, date=case.married)
        return replace(result, outcome=Outcome.NEEDS_REVIEW)
    trace.step("married", R_UNMARRIED, date=case.married)
    after = "F3" if result.category_after in ("IR", "F1") or case.category is Category.IR else ""
    return replace(result, outcome=Outcome.NOT_ELIGIBLE, category_after=after)


def _apply_effective_date(case: Case, result: CspaResult, trace: _Trace) -> CspaResult:
    """CSPA §8: the Act reaches petitions pending, or applications not finally decided, on
    2002-08-06. Pre-Act age-outs are where sources disagree (§4)."""
    decided = case.adjustment_decided
    if decided is not None and decided < CSPA_EFFECTIVE:
        trace.step("decided_before_cspa", R_EFFECTIVE, date=decided)
        return replace(result, outcome=Outcome.NOT_ELIGIBLE)
    approved = case.petition_approved
    if approved is None or approved >= CSPA_EFFECTIVE or result.twenty_first_birthday >= CSPA_EFFECTIVE:
        return result
    trace.flag("pre_cspa_age_out")
    if case.category in FREEZE or result.pathway != "preference":
        trace.step("pre_cspa_ir", R_EFFECTIVE, approved=approved)
        trace.flag("sources_disagree_pre_cspa")
        return result
    trace.step("pre_cspa_review", R_EFFECTIVE, approved=approved)
    if result.outcome is Outcome.PROTECTED:
        return replace(result, outcome=Outcome.NEEDS_REVIEW)
    return result


def _feb29_alternative(case: Case, bulletin: BulletinSource | None, result: CspaResult, trace: _Trace) -> CspaResult:
    """Re-run with the other Feb 29 convention; flag when the verdict depends on it."""
    other = Feb29Rule.FEB28 if case.feb29 is Feb29Rule.MAR1 else Feb29Rule.MAR1
    alt = _evaluate(replace(case, feb29=other), bulletin, alternatives=False)
    if alt.outcome is result.outcome:
        return result
    trace.flag("feb29_convention_changes_verdict")
    trace.step("feb29_alt", R_FEB29, convention=other.value, outcome=alt.outcome.value)
    return replace(
        result,
        alternatives=result.alternatives
        + (
            Alternative(
                f"feb29_{other.value}",
                alt.outcome,
                alt.category_after,
                alt.reference_date,
                alt.cspa_age_total_days,
                alt.visa_available,
            ),
        ),
    )


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _runs_text(runs: list[Run], approved: date | None, most: int = 6) -> str:
    """The runs that matter (those still open on approval), the first few of them."""
    relevant = [r for r in runs if approved is None or r.end is None or r.end > approved]
    text = ", ".join(_run_text(r) for r in relevant[:most])
    if len(relevant) > most:
        text += ", …"
    return text or "—"


def _run_text(run: Run) -> str:
    end = "…" if run.end is None else (run.end - ONE_DAY).strftime("%Y-%m")
    return f"{run.start:%Y-%m}–{end}"
