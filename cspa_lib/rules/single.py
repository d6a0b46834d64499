"""One case through the column kernel: a `Case` in, a `CspaResult` with its steps out."""

from __future__ import annotations

from datetime import date

import numpy as np

from ..case import Case
from ..codes import Category, DvRegion, Jurisdiction, Outcome, Processing
from ..dates import Ymd
from ..errors import BulletinRangeError, InputError
from ..result import Alternative, CspaResult
from . import explain
from .calendar import NAT, day, to_date
from .codes import AFTER, CAT, CATEGORIES, ERRORS, FAILED, LOCKED, OUTCOMES, PATHWAYS, RANGE_ERRORS
from .kernel import Columns, Evaluated, evaluate_columns
from .series import CHART_NAMES, BulletinSource, tables

REGIONS = [r.value for r in DvRegion]
JURISDICTIONS = (Jurisdiction.BIA, Jurisdiction.CA2, Jurisdiction.CA9)
_DATES = {"birth": "birth_date", "filed": "petition_filed", "approved": "petition_approved",
          "priority": "priority_date", "bulletin_current": "bulletin_current", "adj_filed": "adjustment_filed",
          "adj_decided": "adjustment_decided", "sought": "sought_to_acquire", "natz": "parent_naturalized",
          "ended": "marriage_ended", "admitted": "admitted", "married": "married", "as_of": "as_of",
          "principal_status": "principal_status_date"}  # fmt: skip


def columns_of(case: Case) -> Columns:
    """A column of one."""

    def d(value: date | None) -> np.ndarray:
        return np.asarray([NAT if value is None else day(value)], dtype=np.int64)

    def i(value: int) -> np.ndarray:
        return np.asarray([value], dtype=np.int64)

    def b(value: bool) -> np.ndarray:
        return np.asarray([value], dtype=bool)

    return Columns(
        **{name: d(getattr(case, field)) for name, field in _DATES.items()},
        cat=i(CAT[case.category]),
        chg=i(0),
        charges=[case.chargeability],
        consular=b(case.processing is Processing.CONSULAR),
        jurisdiction=i(JURISDICTIONS.index(case.jurisdiction)),
        region=i(-1 if case.dv_region is None else REGIONS.index(case.dv_region.value)),
        regions=REGIONS,
        rank=i(-1 if case.dv_rank is None else case.dv_rank),
        dv_year=i(-1 if case.dv_program_year is None else case.dv_program_year),
        opt_out=b(case.opt_out),
        ec=b(case.extraordinary_circumstances),
        feb28=b(case.feb29.value == "feb28"),
    )


def raise_error(ev: Evaluated, c: Columns, i: int, bulletin: BulletinSource | None) -> None:
    """Raise the input error of row `i`, its message rendered from the row's values."""
    code = int(ev.error[i])
    field, key = ERRORS[code]
    params = error_params(key, c, i, ev, bulletin)
    if code in RANGE_ERRORS:
        raise BulletinRangeError(InputError(field, key=key, params=params).problem)
    raise InputError(field, key=key, params=params)


def error_params(key: str, c: Columns, i: int, ev: Evaluated, bulletin: BulletinSource | None) -> dict[str, object]:
    """The values an error message names, read from row `i` of the kernel's columns."""

    def d(name: str) -> date | None:
        return to_date(int(getattr(c, name)[i]))

    category = CATEGORIES[int(c.cat[i])].value
    params: dict[str, object] = {"category": category, "birth": d("birth"), "filed": d("filed"),
                                 "natz": d("natz"), "ended": d("ended"), "married": d("married"),
                                 "as_of": d("as_of"), "approved": d("approved"), "decided": d("adj_decided"),
                                 "adj_filed": d("adj_filed")}
    b21 = to_date(int(ev.dates["b21"][i]))
    filed = params["filed"]
    under_at_filing = b21 is not None and filed is not None and filed < b21
    if key == "natz_before_filing":
        params["table"] = ("IR" if under_at_filing else "F1") if category == "F2A" else "F1"
    elif key == "ended_before_filing":
        params["table"] = "IR" if under_at_filing else "F1"
    elif key == "born_after_freeze":
        params["day"] = to_date(int(ev.dates["freeze"][i]))
    elif key == "bulletin_not_first_day":
        got = d("bulletin_current")
        params.update(got=got, suggest=got.replace(day=1) if got else None)
    elif key in ("available_before_data", "dv_year_outside_data") and bulletin is not None:
        params.update(first=f"{bulletin.first_month:%Y-%m}", last=f"{bulletin.last_month:%Y-%m}")
        if key == "dv_year_outside_data":
            year = int(ev.facts["dv_year"][i])
            params.update(year=year, start=date(year - 1, 10, 1), end=to_date(int(ev.dates["fy_end"][i])))
    return params


def evaluate_case(case: Case, bulletin: BulletinSource | None = None) -> CspaResult:
    """Evaluate one case. `bulletin` is needed only when the case gives no `bulletin_current`."""
    c = columns_of(case)
    ev = evaluate_columns(c, bulletin)
    if ev.error[0]:
        raise_error(ev, c, 0, bulletin)
    return result_of(case, ev, c, bulletin)


def result_of(case: Case, ev: Evaluated, c: Columns, bulletin: BulletinSource | None, i: int = 0) -> CspaResult:
    d = ev.dates

    def date_of(name: str) -> date | None:
        return to_date(int(d[name][i]))

    def integer(name: str) -> int | None:
        value = ev.ints[name][i]
        return None if value == NAT else int(value)

    pathway = PATHWAYS[int(ev.pathway[i])]
    status = int(ev.facts["status"][i])
    margin = integer("margin")
    age = None if margin is None else Ymd(integer("years") or 0, integer("months") or 0, integer("days") or 0)
    available = date_of("visa_available")
    runs = None
    last = None
    if bulletin is not None and ev.facts["lookup"][i]:
        last = bulletin.last_month
        runs = _runs(case, c, ev, bulletin, i)
    steps = explain.steps(ev, c, i, runs, last)
    steps = _with_months(steps, case, c, ev, bulletin, i)
    key, _ = ev.chosen_alternative()
    alternatives = tuple(
        Alternative(name, Outcome(OUTCOMES[int(alt.outcome[i])]), AFTER[int(alt.after[i])], to_date(int(alt.ref[i])),
                    None if alt.ref[i] == NAT else int(alt.ref[i] - c.birth[i]), to_date(int(alt.available[i])))
        for name, alt in ev.alternatives.items() if alt.outcome[i] >= 0
    )  # fmt: skip
    from .codes import ALTERNATIVES

    facts = explain.facts(ev, c, i)
    return CspaResult(
        case_id=case.case_id,
        category=case.category,
        pathway=pathway,
        outcome=Outcome(OUTCOMES[int(ev.outcome[i])]),
        birth_date=case.birth_date,
        twenty_first_birthday=date_of("b21"),  # type: ignore[arg-type]
        feb29=case.feb29,
        under_21=bool(ev.under[i]) if ev.under_known[i] else None,
        reference_date=date_of("ref") if margin is not None else None,
        cspa_age_total_days=integer("total"),
        cspa_age=age,
        days_under_21=margin,
        age_out_date=date_of("age_out"),
        freeze_date=date_of("freeze"),
        pending_days=integer("pending"),
        petition_filed=case.petition_filed,
        petition_approved=case.petition_approved,
        priority_date=case.effective_priority_date if pathway == "preference" and case.category is not Category.DV
        else None,
        bulletin_current=case.bulletin_current,
        visa_available=available,
        age_at_availability=_age(case, available),
        sought_to_acquire=case.sought_to_acquire or (case.adjustment_filed if ev.facts["counted"][i] else None),
        sought_to_acquire_deadline=date_of("deadline"),
        sought_to_acquire_met={LOCKED: True, FAILED: False}.get(status) if available else None,
        category_after=AFTER[int(ev.after[i])],
        chart=CHART_NAMES[int(ev.chart[i])],
        policy=_policy_code(ev, i),
        seek_by=date_of("seek_by"),
        chargeability=case.chargeability,
        processing=case.processing.value,
        jurisdiction=case.jurisdiction.value,
        as_of=case.as_of,
        flags=ev.flag_names(i),
        citations=tuple(explain.citations(facts)),
        steps=tuple(steps),
        alternatives=alternatives,
        alternative_key=ALTERNATIVES[int(key[i])] if key[i] >= 0 else "",
    )  # fmt: skip


def _policy_code(ev: Evaluated, i: int) -> str:
    from .policy import POLICIES

    return POLICIES[int(ev.policy[i])].code if ev.policy[i] >= 0 else ""


def _age(case: Case, on: date | None) -> Ymd | None:
    if on is None or on < case.birth_date:
        return None
    from ..dates import age_ymd

    return age_ymd(case.birth_date, on, case.feb29)


def _runs(case: Case, c: Columns, ev: Evaluated, bulletin: BulletinSource, i: int) -> list[tuple[int, int]]:
    """Every run of availability of this case's series (for the lookup step's month list)."""
    t = tables(bulletin)
    if case.category is Category.DV:
        country = case.chargeability if case.chargeability != "ALL" else "ALL"
        series = t.dv_series(case.dv_region.value, country)  # type: ignore[union-attr]
        fy_start = day(date(int(ev.facts["dv_year"][i]) - 1, 10, 1))
        fy_end = int(ev.dates["fy_end"][i])
        runs = []
        for s, e in series.runs(int(c.rank[i])):
            s, e = max(s, fy_start), (fy_end + 1 if e == NAT or e > fy_end + 1 else e)
            if s < e:
                runs.append((s, NAT if e == t.data_end else e))
        return runs
    from .policy import DESIGNATED, POLICIES

    designated = POLICIES[int(ev.policy[i])].chart == DESIGNATED
    category = case.category.value
    if case.category is Category.F2B and case.parent_naturalized is not None and not case.opt_out:
        category = "F1"  # the runs that decide: after the conversion (INA 204(k))
    series = t.series(category, case.chargeability, designated)
    value = day(case.effective_priority_date)  # type: ignore[arg-type]
    return series.runs(value)


def _with_months(steps: list, case: Case, c: Columns, ev: Evaluated, bulletin: BulletinSource | None,
                 i: int) -> list:  # fmt: skip
    """Fill the month lists of the gap and unknown-designation steps from the bulletin."""
    if bulletin is None:
        return steps
    from dataclasses import replace

    out = []
    for step in steps:
        if step.key in ("bulletin_gap", "designation_unknown"):
            months = _months_for(step.key, case, c, ev, bulletin, i)
            step = replace(step, params={**step.params, "months": months})
        out.append(step)
    return out


def _months_for(key: str, case: Case, c: Columns, ev: Evaluated, bulletin: BulletinSource, i: int) -> list[date]:
    t = tables(bulletin)
    from .policy import DESIGNATED, POLICIES

    if case.category is Category.DV:
        series = t.dv_series(case.dv_region.value, case.chargeability)  # type: ignore[union-attr]
        designated = False
    else:
        designated = ev.policy[i] >= 0 and POLICIES[int(ev.policy[i])].chart == DESIGNATED
        series = t.series(case.category.value, case.chargeability, designated)
    if key == "bulletin_gap":
        lo = int(t.index(c.approved[i : i + 1])[0])
        hi = int(t.index(ev.dates["deadline"][i : i + 1])[0])
        return [to_date(m) for m in series.missing_months(lo, hi)]  # type: ignore[misc]
    value = day(case.effective_priority_date)  # type: ignore[arg-type]
    return [to_date(m) for m in series.unknown_months(value)][:6]  # type: ignore[misc]
