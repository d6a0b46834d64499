"""The CSPA rules, written once, on columns: one case is a column of one.

Design (issue "One definition of the law"): the column kernel is the only implementation of the
law. `evaluate_columns` takes every input as a numpy column (dates as day numbers, codes as small
integers) and returns every output column plus the facts the explanation needs; `cspa_lib.evaluate`
calls it with columns of length one and renders the numbered steps from those facts
(`rules.explain`), and `evaluate_frame` calls it with a whole DataFrame's columns. Why this design
and not a scalar engine beside a vector one: a rule written twice drifts (a policy date moved by a
day in one copy left the suite green), and an array formula costs a single case only microseconds
more. Only rows that are input errors ever leave the kernel for a per-row path (to get the parser's
message).

Each stage below cites its section of the rule book (cspa_rules.md); the legal dates and numbers are
in `rules.law.LAW`, the chart policies in `rules.policy.POLICIES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..codes import Category
from . import law as _law
from . import policy as _policy
from .calendar import NAT, add_years, age_ymd, day, from_ymd, is_feb29, ymd
from .codes import (
    AFTER_INDEX,
    AGED_OUT,
    ALT,
    ALTERNATIVES,
    AWAITING,
    AWAITING_OUT,
    CAT,
    CATEGORIES,
    ERROR,
    ERROR_INDEX,
    FAILED,
    FAILED_OUT,
    FLAG,
    FLAGS,
    FREEZE,
    LOCKED,
    NATURALIZATION,
    NEEDS_REVIEW,
    NOT_ELIGIBLE,
    OPEN,
    PREFERENCE,
    PROTECTED,
    UNKNOWN,
)
from .series import CHART_DV, BulletinSource, Series, Tables, Walk, tables

DATE_INPUTS = ("birth", "filed", "approved", "priority", "bulletin_current", "adj_filed", "adj_decided", "sought",
               "natz", "ended", "admitted", "married", "as_of", "principal_status")  # fmt: skip


@dataclass
class Columns:
    """The inputs of n cases. Dates: int64 day numbers (NAT when blank); codes: small integers."""

    birth: np.ndarray
    filed: np.ndarray
    approved: np.ndarray
    priority: np.ndarray
    bulletin_current: np.ndarray
    adj_filed: np.ndarray
    adj_decided: np.ndarray
    sought: np.ndarray
    natz: np.ndarray
    ended: np.ndarray
    admitted: np.ndarray
    married: np.ndarray
    as_of: np.ndarray
    principal_status: np.ndarray
    cat: np.ndarray  # index into CATEGORIES
    chg: np.ndarray  # index into `charges`
    charges: list[str]
    consular: np.ndarray
    jurisdiction: np.ndarray  # 0 BIA, 1 CA2, 2 CA9
    region: np.ndarray  # index into DV regions, -1 blank
    regions: list[str]
    rank: np.ndarray  # -1 blank
    dv_year: np.ndarray  # -1 blank
    opt_out: np.ndarray
    ec: np.ndarray
    feb28: np.ndarray

    @property
    def n(self) -> int:
        return len(self.birth)

    def take(self, pos: np.ndarray) -> Columns:
        values = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            values[name] = value[pos] if isinstance(value, np.ndarray) else value
        return Columns(**values)


@dataclass
class Alternative:
    """Another reading's result, per row (outcome -1 where it does not apply)."""

    outcome: np.ndarray
    after: np.ndarray
    ref: np.ndarray
    available: np.ndarray


@dataclass
class Evaluated:
    """Every output column, and the facts the explanation steps are rendered from."""

    n: int
    error: np.ndarray  # index into codes.ERRORS (0: none)
    outcome: np.ndarray
    after: np.ndarray  # index into codes.AFTER
    pathway: np.ndarray
    flags: np.ndarray  # uint64 per row: bit j is FLAGS[j]
    cites: set[str]  # filled per row by the explanation; the frame derives its own
    dates: dict[str, np.ndarray]
    ints: dict[str, np.ndarray]  # NAT where absent
    under: np.ndarray
    under_known: np.ndarray
    chart: np.ndarray
    policy: np.ndarray  # index into POLICIES, -1 none
    facts: dict[str, np.ndarray]
    alternatives: dict[str, Alternative] = field(default_factory=dict)

    def flag(self, name: str, rows: np.ndarray) -> None:
        np.bitwise_or(self.flags, np.uint64(1 << FLAG[name]), out=self.flags, where=rows)

    def has(self, name: str) -> np.ndarray:
        return (self.flags & np.uint64(1 << FLAG[name])) != 0

    def flag_names(self, i: int) -> tuple[str, ...]:
        """The flags of row `i`, in FLAGS order."""
        bits = int(self.flags[i])
        return tuple(name for j, name in enumerate(FLAGS) if bits >> j & 1)

    def alternative(self, key: str, rows: np.ndarray, outcome: np.ndarray | int, after: np.ndarray | int = 0,
                    ref: np.ndarray | int = NAT, available: np.ndarray | int = NAT) -> None:  # fmt: skip
        alt = self.alternatives.get(key)
        if alt is None:
            alt = Alternative(np.full(self.n, -1), np.zeros(self.n, dtype=np.int64), np.full(self.n, NAT),
                              np.full(self.n, NAT))  # fmt: skip
            self.alternatives[key] = alt
        for name, value in (("outcome", outcome), ("after", after), ("ref", ref), ("available", available)):
            column = getattr(alt, name)
            column[rows] = np.broadcast_to(value, (self.n,))[rows]

    def chosen_alternative(self) -> tuple[np.ndarray, np.ndarray]:
        """(key index or -1, outcome or -1) per row: the first alternative, in ALTERNATIVES order, that
        changes the outcome; else the first there is (cspa_rules.md §12.7)."""
        key = np.full(self.n, -1)
        outcome = np.full(self.n, -1)
        for changes in (True, False):
            for name in ALTERNATIVES:
                alt = self.alternatives.get(name)
                if alt is None:
                    continue
                rows = (key < 0) & (alt.outcome >= 0)
                if changes:
                    rows &= alt.outcome != self.outcome
                key = np.where(rows, ALT[name], key)
                outcome = np.where(rows, alt.outcome, outcome)
        return key, outcome


_I = {c: CAT[c] for c in Category}
_FREEZE_CATS = np.asarray([_I[c] for c in (Category.IR, Category.ASYLEE, Category.REFUGEE, Category.K2)])
# IR beneficiaries are the petition's own principal; an F2A child may be the spouse's derivative, so only
# IR (and the marriage-ended pathways) take the principal's birth check (cspa_rules.md §12.3)
_PRINCIPALS = np.asarray([_I[Category.IR]])
_DERIVATIVE_FREEZE = np.asarray([_I[Category.ASYLEE], _I[Category.REFUGEE]])


def _after(name: str) -> int:
    return AFTER_INDEX[name]


def evaluate_columns(c: Columns, bulletin: BulletinSource | None, alternatives: bool = True) -> Evaluated:
    """Evaluate n cases at once (module docstring). `bulletin` is needed only by rows with no
    `bulletin_current` on the preference pathway; without one those rows are errors."""
    return _Kernel(c, bulletin).run(alternatives)


class _Kernel:
    def __init__(self, c: Columns, bulletin: BulletinSource | None) -> None:
        self.c, self.bulletin = c, bulletin
        n = c.n
        self.law = _law.LAW
        self.out = Evaluated(
            n=n,
            error=np.zeros(n, dtype=np.int64),
            outcome=np.full(n, ERROR, dtype=np.int64),
            after=np.zeros(n, dtype=np.int64),
            pathway=np.full(n, -1, dtype=np.int64),
            flags=np.zeros(n, dtype=np.uint64),
            cites=set(),
            dates={k: np.full(n, NAT) for k in ("visa_available", "b21", "age_out", "deadline", "seek_by", "ref",
                                                 "freeze", "first_available", "fy_end", "run_end",
                                                 "window_deadline", "window_available", "window_ref")},
            ints={k: np.full(n, NAT) for k in ("pending", "total", "margin", "years", "months", "days")},
            under=np.zeros(n, dtype=bool),
            under_known=np.zeros(n, dtype=bool),
            chart=np.zeros(n, dtype=np.int64),
            policy=np.full(n, -1, dtype=np.int64),
            facts={k: np.zeros(n, dtype=np.int64) for k in (
                "status", "later", "lookup", "counted", "dv_year", "decided_before_cspa", "reading_b_freeze",
                "natz_circuit")},
        )  # fmt: skip

    # --- helpers ---------------------------------------------------------------------------

    def is_cat(self, *cats: Category) -> np.ndarray:
        return np.isin(self.c.cat, [_I[x] for x in cats])

    def fail(self, rows: np.ndarray, key: str) -> None:
        """Mark `rows` (not already failed) as input errors of kind `key`."""
        o = self.out
        o.error = np.where(rows & (o.error == 0), ERROR_INDEX[key], o.error)

    @property
    def ok(self) -> np.ndarray:
        return self.out.error == 0

    # --- the stages ------------------------------------------------------------------------

    def run(self, alternatives: bool) -> Evaluated:
        c, o, law = self.c, self.out, self.law
        has = {name: getattr(c, name) != NAT for name in DATE_INPUTS}
        self.has = has
        birth = np.where(has["birth"], c.birth, 0)
        o.dates["b21"] = np.where(has["birth"], add_years(birth, law.child_age_years, c.feb28), NAT)
        feb29 = has["birth"] & is_feb29(birth)
        o.flag("feb29_birth_mar1", feb29 & ~c.feb28)
        o.flag("feb29_birth_feb28", feb29 & c.feb28)
        self.check_inputs()
        self.route()
        self.freeze()
        self.naturalization()
        self.preference()
        self.marriage()
        self.born_after()
        self.diversity_year_end()
        self.effective_date()
        self.as_of()
        self.revised_bulletin()
        if alternatives:
            self.feb29_alternative(feb29)
            self.suspect_values()
        o.outcome = np.where(self.ok, o.outcome, ERROR)
        return o

    def check_inputs(self) -> None:
        """Event order and required dates that do not depend on the bulletin (§12.1, §12.2, §12.3)."""
        c, has = self.c, self.has
        self.fail(has["filed"] & has["approved"] & (c.approved < c.filed), "approved_before_filed")
        decided_early = has["adj_filed"] & has["adj_decided"] & (c.adj_decided < c.adj_filed)
        self.fail(decided_early, "decided_before_adjustment_filed")
        self.fail(has["married"] & (c.married < c.birth), "married_before_birth")
        self.fail(has["as_of"] & (c.birth > c.as_of), "born_after_as_of")
        self.fail(has["married"] & has["ended"] & (c.ended < c.married), "ended_before_married")
        # §12.1: a naturalization or a marriage's end before the filing converts nothing
        f2 = self.is_cat(Category.F2A, Category.F2B)
        self.fail(f2 & has["natz"] & has["filed"] & (c.natz < c.filed), "natz_before_filing")
        principal_f3 = self.is_cat(Category.F3) & has["ended"]
        self.fail(principal_f3 & has["filed"] & (c.ended < c.filed), "ended_before_filing")
        ir = self.is_cat(Category.IR)
        married_at_filing = has["married"] & has["filed"] & (c.married < c.filed)
        married_at_filing &= ~(has["ended"] & (c.ended < c.filed))
        self.fail(ir & married_at_filing, "married_at_filing")

    def route(self) -> None:
        """Which pathway each row takes, and the freeze date of the freeze pathways (§5, §9, §12.2)."""
        c, o, has = self.c, self.out, self.has
        cat = c.cat
        freeze_date = np.full(c.n, NAT)
        is_freeze = np.isin(cat, _FREEZE_CATS)
        freeze_date = np.where(is_freeze, c.filed, freeze_date)
        freeze_date = np.where(cat == _I[Category.K2], c.admitted, freeze_date)
        ended_after_marriage = has["ended"] & (~has["married"] | (c.ended >= c.married))
        # F3 principal whose marriage ended: INA 201(f)(3)
        f3 = (cat == _I[Category.F3]) & has["ended"]
        # IR or F1 whose petition became F3 on a marriage after filing, then the marriage ended (§12.2)
        married_after = has["married"] & has["filed"] & (c.married >= c.filed) & ended_after_marriage
        f1 = (cat == _I[Category.F1]) & married_after
        ir_f3 = (cat == _I[Category.IR]) & married_after
        natz_first = has["natz"] & has["married"] & (c.natz < c.married) & ended_after_marriage
        f2b_f1_f3 = (cat == _I[Category.F2B]) & natz_first
        f2a_ir_f3 = (cat == _I[Category.F2A]) & natz_first
        by_end = f3 | f1 | ir_f3 | f2b_f1_f3 | f2a_ir_f3
        freeze_date = np.where(by_end, c.ended, freeze_date)
        is_freeze = is_freeze | by_end
        # reading B of the unsettled IR -> F3 -> divorce path: the original freeze (§12.2)
        o.facts["reading_b_freeze"] = np.where(ir_f3, c.filed, np.where(f2a_ir_f3, c.natz, NAT))
        natz = (cat == _I[Category.F2A]) & has["natz"] & ~is_freeze
        o.pathway = np.select([is_freeze, natz], [FREEZE, NATURALIZATION], PREFERENCE)
        o.dates["freeze"] = np.where(is_freeze, freeze_date, np.where(natz, c.natz, NAT))
        self.by_end = by_end
        # required dates
        missing = is_freeze & (freeze_date == NAT)
        self.fail(missing & (cat == _I[Category.K2]), "required_admitted")
        self.fail(missing, "required_filed")
        pref = o.pathway == PREFERENCE
        self.fail(pref & ~has["filed"], "required_filed")
        # a petition not yet approved is still pending: with today's date that is an answer (§12.9)
        self.still_pending = pref & ~has["approved"] & has["as_of"] & has["filed"] & (c.as_of >= c.filed)
        self.fail(pref & ~has["approved"] & ~self.still_pending, "required_approved")
        circuit = natz & (c.jurisdiction != 0)
        self.fail(circuit & ~has["filed"], "required_filed")
        self.fail(circuit & ~has["approved"], "required_approved")
        # a principal is born by the date the petition is filed (§12.3)
        principal = np.isin(cat, _PRINCIPALS) | by_end
        self.fail(principal & has["filed"] & (c.birth > c.filed), "born_after_filing")
        self.fail(principal & (freeze_date != NAT) & (c.birth > freeze_date), "born_after_freeze")
        self.fail((cat == _I[Category.K2]) & (freeze_date != NAT) & (c.birth > freeze_date), "born_after_freeze")

    def _set_age(self, rows: np.ndarray, ref: np.ndarray) -> None:
        """The CSPA age on `ref` for `rows`: total days, margin, y/m/d (0 when born after `ref`)."""
        o, c = self.out, self.c
        birth = np.where(rows, c.birth, 0)
        ref = np.where(rows, ref, 0)
        b21 = np.where(rows, o.dates["b21"], 1)
        o.dates["ref"] = np.where(rows, ref, o.dates["ref"])
        o.ints["total"] = np.where(rows, ref - birth, o.ints["total"])
        o.ints["margin"] = np.where(rows, b21 - ref, o.ints["margin"])
        y, m, d = age_ymd(birth, np.maximum(ref, birth), c.feb28)
        for name, value in (("years", y), ("months", m), ("days", d)):
            o.ints[name] = np.where(rows, value, o.ints[name])
        o.under = np.where(rows, ref < b21, o.under)
        o.under_known |= rows
        margin = b21 - ref
        o.flag("one_day_changes_verdict", rows & ((margin == 0) | (margin == 1)))

    def freeze(self) -> None:
        """The age freezes on one date: under 21 then means a child for good, if unmarried (§5, §9)."""
        c, o = self.c, self.out
        rows = self.ok & (o.pathway == FREEZE)
        frozen = o.dates["freeze"]
        self._set_age(rows, frozen)
        o.flag("frozen_on_21st_birthday", rows & (o.ints["margin"] == 0))
        o.dates["age_out"] = np.where(rows, o.dates["b21"] - 1, o.dates["age_out"])
        o.flag("refugee_application_date_is_input", rows & (c.cat == _I[Category.REFUGEE]))
        o.flag("k2_age_at_admission_matter_of_le", rows & (c.cat == _I[Category.K2]))
        under = o.under
        o.outcome = np.where(rows, np.where(under, PROTECTED, NOT_ELIGIBLE), o.outcome)
        cat = c.cat
        child = np.select(
            [cat == _I[Category.ASYLEE], cat == _I[Category.REFUGEE], cat == _I[Category.K2]],
            [_after("ASYLEE"), _after("REFUGEE"), _after("K2")],
            _after("IR"),
        )
        adult = np.where(np.isin(cat, _DERIVATIVE_FREEZE) | (cat == _I[Category.K2]), 0, _after("F1"))
        o.after = np.where(rows, np.where(under, child, adult), o.after)
        # derivative asylees and refugees born after the freeze date are children on every date (§12.3)
        late = rows & np.isin(cat, _DERIVATIVE_FREEZE) & (c.birth > frozen)
        o.flag("born_after_reference_date", late)
        # reading B of IR -> F3 -> divorce (§12.2): the age on the original freeze date
        b_day = o.facts["reading_b_freeze"]
        b_rows = rows & (b_day != NAT)
        b_under = b_day < o.dates["b21"]
        differ = b_rows & (b_under != under)
        o.flag("ir_f3_ir_unsettled", differ)
        o.outcome = np.where(differ, NEEDS_REVIEW, o.outcome)
        o.alternative("ir_f3_reading_B", differ, np.where(b_under, PROTECTED, NOT_ELIGIBLE),
                      np.where(b_under, _after("IR"), _after("F1")), b_day)  # fmt: skip
        # §12.1: an F3 marriage that ended on the filing date: both orders give the age that day
        o.flag("same_day_event", rows & self.is_cat(Category.F3) & (c.ended == c.filed))

    def naturalization(self) -> None:
        """F2A -> IR when the permanent-resident parent naturalizes: INA 201(f)(2), read two ways (§5)."""
        c, o = self.c, self.out
        rows = self.ok & (o.pathway == NATURALIZATION)
        if not rows.any():
            return
        natz = c.natz
        b21 = o.dates["b21"]
        bio_under = natz < b21
        pending = np.where(self.has["approved"] & self.has["filed"], c.approved - c.filed, NAT)
        has_pending = pending != NAT
        circuit_ref = np.where(has_pending, natz - np.where(has_pending, pending, 0), NAT)
        circuit_under = has_pending & (circuit_ref < b21)
        circuit = c.jurisdiction != 0
        use_circuit = rows & circuit & ~bio_under
        self._set_age(rows & ~use_circuit, natz)
        self._set_age(use_circuit, circuit_ref)
        o.ints["pending"] = np.where(rows & has_pending, pending, o.ints["pending"])
        o.dates["age_out"] = np.where(rows, b21 - 1, o.dates["age_out"])
        protected = bio_under | (circuit & circuit_under)
        o.outcome = np.where(rows, np.where(protected, PROTECTED, NOT_ELIGIBLE), o.outcome)
        o.after = np.where(rows, np.where(protected, _after("IR"), _after("F1")), o.after)
        depends = rows & ~bio_under & circuit_under
        o.flag("jurisdiction_dependent", depends)
        o.facts["natz_circuit"] = np.where(rows & has_pending, circuit_ref, NAT)
        o.alternative("jurisdiction_CA2_CA9", depends & ~circuit, PROTECTED, _after("IR"), circuit_ref)
        o.alternative("jurisdiction_BIA", depends & circuit, NOT_ELIGIBLE, _after("F1"), natz)
        # §12.1: naturalized on the filing date: also read as a citizen's petition from the start (IR/F1)
        same = rows & (natz == c.filed)
        o.flag("same_day_event", same)
        other = np.where(c.filed < b21, PROTECTED, NOT_ELIGIBLE)
        differ = same & (other != o.outcome)
        o.alternative("same_day_event_before_filing", differ, other,
                      np.where(other == PROTECTED, _after("IR"), _after("F1")), c.filed)  # fmt: skip
        o.outcome = np.where(differ, NEEDS_REVIEW, o.outcome)

    # --- the preference formula ------------------------------------------------------------

    def preference(self) -> None:
        """INA 203(h)(1): age when a visa becomes available minus the days the petition was pending
        (§2, §6), with the availability looked up or given, the one-year walk (§8), seek_by (§12.5),
        the Aug. 24 2023 rule (§12.8) and the DV program year (§12.4)."""
        c, o, has, law = self.c, self.out, self.has, self.law
        self.pending_petition()
        rows = self.ok & (o.pathway == PREFERENCE) & ~self.still_pending
        n = c.n
        is_dv = c.cat == _I[Category.DV]
        pending = np.where(rows, c.approved - c.filed, 0)
        b21 = o.dates["b21"]
        o.ints["pending"] = np.where(rows, pending, o.ints["pending"])
        age_out = b21 + pending - 1
        o.dates["age_out"] = np.where(rows, age_out, o.dates["age_out"])
        # filing the I-485 is how an adjustment applicant seeks to acquire (§8)
        counted = rows & ~has["sought"] & has["adj_filed"] & ~c.consular
        o.facts["counted"] = counted.astype(np.int64)
        o.flag("adjustment_filing_counted_as_sought", counted)
        sought = np.where(counted, c.adj_filed, c.sought)
        has_sought = has["sought"] | counted
        filed_for_policy = np.where(has["adj_filed"], c.adj_filed, np.where(c.consular, NAT, sought))
        policy = _policy.select(c.consular, filed_for_policy, c.adj_decided)
        o.policy = np.where(rows & ~is_dv, policy, o.policy)
        designated = policy == _policy.INDEX["uscis_2023"]
        # the DV program year (§12.4): given, or the fiscal year of registration + 1
        fy_of_filed = ymd(np.where(has["filed"], c.filed, 0))[0] + (ymd(np.where(has["filed"], c.filed, 0))[1] >= 10)
        dv_year = np.where(c.dv_year > 0, c.dv_year, fy_of_filed + 1)
        dv_rows = rows & is_dv
        self.fail(dv_rows & (c.dv_year <= 0) & (c.filed < day(law.dv_registration_rule_from)), "required_dv_year")
        o.flag("dv_program_year_inferred", dv_rows & (c.dv_year <= 0))
        fy_end = from_ymd(dv_year, law.dv_year_end_month, law.dv_year_end_day)
        fy_start = from_ymd(dv_year - 1, law.dv_year_end_month + 1, 1)  # Oct 1 of the year before
        o.dates["fy_end"] = np.where(dv_rows, fy_end, NAT)
        o.facts["dv_year"] = np.where(dv_rows, dv_year, 0)
        # given bulletin month, or look it up
        given = rows & has["bulletin_current"]
        self.fail(given & (ymd(np.where(given, c.bulletin_current, 0))[2] != 1), "bulletin_not_first_day")
        lookup = rows & ~has["bulletin_current"]
        if self.bulletin is None:
            self.fail(lookup, "bulletin_required")
        self.fail(lookup & is_dv & (c.region < 0), "required_dv_region")
        self.fail(lookup & is_dv & (c.rank < 0), "required_dv_rank")
        rows = rows & self.ok
        given &= self.ok
        lookup &= self.ok
        o.facts["lookup"] = lookup.astype(np.int64)
        start = np.where(given, np.maximum(c.bulletin_current, c.approved), NAT)
        end = np.full(n, NAT)
        found = given.copy()
        first = start.copy()
        later = np.zeros(n, dtype=bool)
        exhausted = np.zeros(n, dtype=bool)
        chart = np.zeros(n, dtype=np.int64)
        data_end = np.full(n, np.iinfo(np.int64).max)  # unknown beyond this day (lookups only)
        walk_rows = np.flatnonzero(lookup)
        fad_first = np.full(n, NAT)  # first Final Action availability, for the Aug. 24 2023 rule
        if len(walk_rows):
            assert self.bulletin is not None
            t = tables(self.bulletin)
            value = np.where(is_dv, c.rank, np.where(has["priority"], c.priority, c.filed))
            approved_index = t.index(c.approved)
            n_months = len(t.months)
            limit = np.where(is_dv, t.index(fy_end) + 1, n_months)
            from_index = np.where(is_dv, np.maximum(approved_index, t.index(fy_start)), approved_index)
            # the DV year must lie in the data (§12.4)
            dv_out = dv_rows & lookup & ((fy_start < t.month_days[0]) | (fy_start >= t.data_end))
            self.fail(dv_out, "dv_year_outside_data")
            groups = [(key, sel, self._series(t, key, sel)) for key, sel in self._groups(lookup & self.ok, designated,
                                                                                       is_dv)]  # fmt: skip
            before = np.zeros(n, dtype=bool)
            unknown_designation = np.zeros(n, dtype=bool)
            for key, sel, (a_series, b_series, switch) in groups:  # the runs, and the walk (§8)
                walk = Walk(a_series, b_series, switch, value[sel], limit[sel])
                j = walk.first_current(np.maximum(from_index[sel], 0))
                ok = j < walk.limit
                k = walk.first_stop(j + 1)
                s = np.maximum(t.month_days[np.minimum(j, n_months)], c.approved[sel])
                e = np.where(k < walk.limit, t.month_days[np.minimum(k, n_months)], NAT)
                before[sel] = ok & (j == 0)
                found[sel] = ok
                start[sel] = np.where(ok, s, NAT)
                first[sel] = start[sel]
                end[sel] = np.where(ok, e, NAT)
                res = walk.walk(start[sel], end[sel], ok, sought[sel], has_sought[sel], c.feb28[sel], t)
                start[sel], end[sel], later[sel], exhausted[sel] = res
                unknown_designation[sel] = walk.unknown()
                if key[0] != -1 and key[2]:  # designated: the first Final Action availability too (§12.8)
                    fad = Walk(*self._series(t, (key[0], key[1], False, key[3]), sel), value[sel], limit[sel])
                    jf = fad.first_current(np.maximum(from_index[sel], 0))
                    fad_first[sel] = np.where(jf < n_months, np.maximum(t.month_days[np.minimum(jf, n_months)],
                                                                        c.approved[sel]), NAT)  # fmt: skip
            # the visa may have been available before the data begins: report it, never guess
            self.fail(lookup & before & ~is_dv & (c.approved < t.month_days[0]), "available_before_data")
            found &= ~exhausted
            chart_month = t.index(np.where(found, start, t.month_days[0]))
            deadline_month = t.index(add_years(np.where(found, start, 0), 1, c.feb28))
            lo = np.where(is_dv, np.maximum(approved_index, t.index(fy_start)), approved_index)
            hi = np.where(is_dv, np.minimum(deadline_month, t.index(fy_end)), deadline_month)
            gap = np.zeros(n, dtype=bool)
            for _key, sel, (a_series, b_series, switch) in groups:  # the chart that month, and printed gaps
                both = Walk(a_series, b_series, switch, None, limit[sel])
                chart[sel] = np.where(found[sel], both.chart_at(chart_month[sel]), 0)
                gap[sel] = found[sel] & both.gap(lo[sel], hi[sel])
            chart = np.where(lookup & is_dv & found, CHART_DV, chart)
            data_end = np.where(is_dv & (limit <= n_months), np.iinfo(np.int64).max, t.data_end)
            o.flag("chart_designation_unknown", lookup & unknown_designation & designated & ~is_dv)
            o.flag("bulletin_month_missing", lookup & gap)
            o.flag("dv_month_missing", lookup & gap & is_dv)
            o.dates["run_end"] = np.where(lookup, end, o.dates["run_end"])
            o.flag("retrogression_new_window", later | exhausted)
            o.flag("adjustment_filing_date_assumed",
                   lookup & (policy == _policy.INDEX["uscis_2025"]) & ~c.consular & ~has["adj_filed"] & ~has_sought)
            rows &= self.ok
            lookup &= self.ok
            start = np.where(rows, start, NAT)
        o.chart = np.where(rows, chart, o.chart)
        o.facts["later"] = later.astype(np.int64)
        # where the walk stopped (§8)
        deadline = add_years(np.where(found, start, 0), law.sought_window_years, c.feb28)
        has_end = end != NAT
        locked = found & has_sought & (sought <= deadline) & (~has_end | (sought < end))
        open_ = found & ~has_sought
        rest = found & ~locked & ~open_
        unknown = rest & lookup & ~has_end & (deadline >= data_end)
        status = np.select([~found, locked, open_, unknown], [AWAITING, LOCKED, OPEN, UNKNOWN], FAILED)
        awaiting = ~found | (lookup & (start >= data_end))
        status = np.where(awaiting, AWAITING, status)
        # §12.8: an adjustment pending on Feb. 14 2023, filed within a year of Final Action availability
        change = day(law.uscis_2023_change)
        pending_then = has["adj_filed"] & (c.adj_filed <= change) & (~has["adj_decided"] | (c.adj_decided >= change))
        fad_anniversary = add_years(np.where(fad_first != NAT, fad_first, 0), 1, c.feb28)
        still_pending = ~has["adj_decided"] | (c.adj_decided >= fad_first)
        deemed = rows & lookup & designated & ~c.consular & pending_then & (status == FAILED) & (fad_first != NAT)
        deemed &= (c.adj_filed <= fad_anniversary) & still_pending
        o.flag("deemed_sought_aug_2023", deemed)
        o.flag("boundary_feb_14_2023", deemed & (c.adj_decided == change))
        status = np.where(deemed, LOCKED, status)
        o.facts["status"] = np.where(rows, status, o.facts["status"])
        # the formula
        formula = rows & ~awaiting
        ref = start - pending
        self._set_age(formula, ref)
        under = o.under
        o.flag("reduction_exceeds_age", formula & (ref < c.birth))
        o.dates["visa_available"] = np.where(formula, start, NAT)
        o.dates["deadline"] = np.where(formula, deadline, NAT)
        o.dates["first_available"] = np.where(formula, first, NAT)
        sba = formula & (status == LOCKED) & (sought < start) & ~deemed
        o.flag("sought_before_availability", sba & ~later)
        o.flag("sought_during_unavailability", sba & later)
        o.flag("one_day_changes_sought_to_acquire", formula & has_sought & np.isin(sought - deadline, (0, 1)))
        # seek_by: the last day seeking locks this date (§12.5)
        seek_by = np.where(lookup & has_end, np.minimum(deadline, end - 1), deadline)
        seek_by = np.where(is_dv, np.minimum(seek_by, fy_end), seek_by)
        o.dates["seek_by"] = np.where(formula, seek_by, NAT)
        run_cut = lookup & has_end & (end - 1 < deadline)
        o.flag("seek_by_convention_consular", formula & c.consular & run_cut & ~is_dv)
        open_under = formula & (status == OPEN) & under
        o.flag("sought_to_acquire_not_given", open_under)
        # §12.6: sought after the last bulletin month while the run was still current there
        beyond = formula & lookup & (status == LOCKED) & ~has_end & (sought >= data_end) & ~deemed
        o.flag("beyond_bulletin_data", formula & ((status == UNKNOWN) | beyond))
        outcome = np.select([~under, status == FAILED, (status == UNKNOWN) | beyond], [AGED_OUT, FAILED_OUT,
                            NEEDS_REVIEW], PROTECTED)  # fmt: skip
        # category after (INA 203(h)(3), Matter of Wang): only F2A converts, to F2B
        own = np.where((c.cat == _I[Category.F2B]) & has["natz"] & ~c.opt_out, _after("F1"), c.cat + 1)
        f2a = c.cat == _I[Category.F2A]
        after = np.where(under, own, np.where(f2a, _after("F2B"), 0))
        o.flag("no_automatic_conversion", formula & ~under & ~f2a)
        # 2011 practitioner's view, narrowed (§12.10): locked after a retrogression, back within the first year
        first_anniversary = add_years(np.where(first != NAT, first, 0), 1, c.feb28)
        ombudsman = formula & (status == LOCKED) & later.astype(bool) & (start < first_anniversary)
        ombudsman &= (sought >= start) & (sought <= first_anniversary) & ~deemed
        o.flag("sources_disagree_retrogression", ombudsman)
        first_ref = first - pending
        o.alternative("ombudsman_2011", ombudsman, np.where(first_ref < b21, PROTECTED, AGED_OUT), own, first_ref,
                      first)  # fmt: skip
        o.alternative("without_deemed_sought_aug_2023", deemed, np.where(under, FAILED_OUT, AGED_OUT), after, ref,
                      start)  # fmt: skip
        # the month without a cut-off: never a guess
        outcome = np.where(formula & o.has("bulletin_month_missing"), NEEDS_REVIEW, outcome)
        # not sought: the alternative if the child does not seek in this window (§12.7)
        self._not_sought(open_under, start, end, pending, b21, own, is_dv, seek_by, deadline, lookup, data_end)
        # extraordinary circumstances (§8, §11): discretionary, never automatic
        ec_outcome = (outcome == AGED_OUT) | (outcome == FAILED_OUT)
        ec = formula & ec_outcome & (first_ref < b21)
        asserted = ec & c.ec
        o.flag("extraordinary_circumstances_could_help", ec & ~c.ec)
        o.flag("protected_if_ec_accepted", ec & ~c.ec & later.astype(bool))
        o.alternative("extraordinary_circumstances", ec & ~c.ec, NEEDS_REVIEW, c.cat + 1, first_ref, first)
        o.flag("protected_if_extraordinary_circumstances_accepted", asserted)
        o.alternative("without_extraordinary_circumstances", asserted, outcome, after, ref, start)
        # §12.8, discretionary: the Feb. 14 2023 change itself as an extraordinary circumstance
        fad_ref = fad_first - pending
        policy_change = formula & designated & (status == FAILED) & under & (fad_first != NAT) & (fad_ref >= b21)
        policy_change &= deadline < change
        o.flag("ec_feb_2023_policy_change", policy_change)
        o.alternative("extraordinary_circumstances", policy_change & ~ec, NEEDS_REVIEW, c.cat + 1, ref, start)
        o.outcome = np.where(formula, np.where(asserted, NEEDS_REVIEW, outcome), o.outcome)
        o.after = np.where(formula, np.where(asserted, c.cat + 1, after), o.after)
        # the walk's own window, for its steps (the values below may show the first availability instead)
        o.dates["window_deadline"] = np.where(formula, deadline, NAT)
        o.dates["window_available"] = np.where(formula, start, NAT)
        o.dates["window_ref"] = np.where(formula, ref, NAT)
        if asserted.any():  # the first availability's values, shown for review
            o.dates["visa_available"] = np.where(asserted, first, o.dates["visa_available"])
            o.dates["deadline"] = np.where(asserted, first_anniversary, o.dates["deadline"])
            o.dates["seek_by"] = np.where(asserted, first_anniversary, o.dates["seek_by"])
            self._set_age(asserted, first_ref)
        # not current after approval in the data (§2): awaiting a visa, or aged out waiting
        waiting = rows & awaiting
        o.flag("not_current_in_bulletin_data", waiting)
        last_day = np.where(lookup, np.minimum(data_end, np.where(is_dv, fy_end + 1, data_end)) - 1, NAT)
        too_late = waiting & (age_out <= last_day)
        o.outcome = np.where(waiting, np.where(too_late, AGED_OUT, AWAITING_OUT), o.outcome)
        o.under = np.where(too_late, False, o.under)
        o.under_known |= too_late
        o.after = np.where(waiting, np.where(too_late, np.where(f2a, _after("F2B"), 0), 0), o.after)
        o.flag("no_automatic_conversion", too_late & ~f2a)
        o.facts["status"] = np.where(waiting, AWAITING, o.facts["status"])
        o.dates["run_end"] = np.where(waiting, last_day, o.dates["run_end"])
        self.sought_used = np.where(has_sought, sought, NAT)

    def pending_petition(self) -> None:
        """§12.9: a petition still pending on `as_of` awaits approval and a visa. Every further day
        pending adds a day to the reduction (203(h)(1)(B)), so the days left to the age-out date as of
        `as_of` are a lower bound."""
        c, o = self.c, self.out
        rows = self.ok & self.still_pending
        if not rows.any():
            return
        pending = np.where(rows, c.as_of - c.filed, 0)
        o.ints["pending"] = np.where(rows, pending, o.ints["pending"])
        o.dates["age_out"] = np.where(rows, o.dates["b21"] + pending - 1, o.dates["age_out"])
        o.outcome = np.where(rows, AWAITING_OUT, o.outcome)
        o.facts["status"] = np.where(rows, AWAITING, o.facts["status"])
        o.flag("petition_pending", rows)

    def _not_sought(self, rows: np.ndarray, start: np.ndarray, end: np.ndarray, pending: np.ndarray,
                    b21: np.ndarray, own: np.ndarray, is_dv: np.ndarray, seek_by: np.ndarray,
                    deadline: np.ndarray, lookup: np.ndarray, data_end: np.ndarray) -> None:  # fmt: skip
        """§12.7: the outcome if the child does not seek by `seek_by`: the next run of availability if the
        window is cut short (a new window), else the requirement fails; a DV year ends."""
        o, c = self.out, self.c
        if not rows.any():
            return
        cut_short = rows & lookup & (end != NAT) & (end - 1 < deadline) & ~is_dv
        alt = np.where(is_dv & (seek_by < deadline), NOT_ELIGIBLE, FAILED_OUT)
        next_start = np.full(c.n, NAT)
        if cut_short.any():
            assert self.bulletin is not None
            t = tables(self.bulletin)
            designated = self.out.policy == _policy.INDEX["uscis_2023"]
            value = np.where(self.has["priority"], c.priority, c.filed)
            for key, sel in self._groups(cut_short, designated, is_dv):
                walk = Walk(*self._series(t, key, sel), value[sel], np.full(len(sel), len(t.months)))
                j = walk.first_current(t.index(end[sel]))
                next_start[sel] = np.where(j < len(t.months), t.month_days[np.minimum(j, len(t.months))], NAT)
        again = cut_short & (next_start != NAT)
        next_ref = next_start - pending
        alt = np.where(again, np.where(next_ref < b21, PROTECTED, AGED_OUT), alt)
        waiting = cut_short & (next_start == NAT)
        age_out = b21 + pending - 1
        alt = np.where(waiting, np.where(age_out <= data_end - 1, AGED_OUT, AWAITING_OUT), alt)
        o.alternative("not_sought", rows, alt, np.where(alt == PROTECTED, own, 0),
                      np.where(again, next_ref, NAT), next_start)  # fmt: skip

    def _groups(self, rows: np.ndarray, designated: np.ndarray, is_dv: np.ndarray):
        """Rows grouped by the bulletin series they read: (category, chargeability, designated,
        F2B->F1 switch) for the charts, (region, country) for DV."""
        c = self.c
        pos = np.flatnonzero(rows)
        if not len(pos):
            return
        switch = (c.cat == _I[Category.F2B]) & self.has["natz"] & ~c.opt_out
        key = np.where(is_dv, -1 - (c.region * 4096 + c.chg), ((c.cat * 4096 + c.chg) * 2 + designated) * 2 + switch)
        keys = key[pos]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        bounds = np.concatenate([[0], np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1, [len(order)]])
        for g in range(len(bounds) - 1):
            sel = pos[order[bounds[g] : bounds[g + 1]]]
            i = sel[0]
            if is_dv[i]:
                yield (-1, int(c.region[i]), False, False, int(c.chg[i])), sel
            else:
                yield (int(c.cat[i]), int(c.chg[i]), bool(designated[i]), bool(switch[i])), sel

    def _series(self, t: Tables, key: tuple, sel: np.ndarray) -> tuple[Series, Series, np.ndarray]:
        """The series a group reads before and after its switch month (F2B -> F1 on the parent's
        naturalization, INA 204(k)), and each row's switch month index."""
        c = self.c
        n_months = len(t.months)
        if key[0] == -1:
            _, region, _, _, chg = key
            country = c.charges[chg]
            s = t.dv_series(c.regions[region], country if country != "ALL" else "ALL")
            return s, s, np.full(len(sel), n_months)
        cat, chg, designated, switch = key
        charge = c.charges[chg]
        a = t.series(CATEGORIES[cat].value, charge, designated)
        if not switch:
            return a, a, np.full(len(sel), n_months)
        b = t.series("F1", charge, designated)
        # the first bulletin month that starts on or after the naturalization reads the F1 row
        natz = c.natz[sel]
        return a, b, np.clip(t.index(natz) + (ymd(natz)[2] != 1), 0, n_months)

    def marriage(self) -> None:
        """A child is unmarried, whether or not previously married (§3, §12.2)."""
        c, o, has = self.c, self.out, self.has
        rows = self.ok & has["married"]
        if not rows.any():
            return
        ended = has["ended"] & (c.ended >= c.married)
        married_now = rows & ~ended
        cat = c.cat
        ir_f1 = np.isin(cat, [_I[Category.IR], _I[Category.F1]])
        f2 = np.isin(cat, [_I[Category.F2A], _I[Category.F2B]])
        citizen_first = has["natz"] & (c.natz < c.married)
        to_f3 = married_now & (ir_f1 | (f2 & citizen_first))
        o.flag("converted_to_f3", to_f3)
        revoked = rows & f2 & ~citizen_first
        o.flag("petition_revoked_by_marriage", revoked)
        refugee = married_now & (cat == _I[Category.REFUGEE])
        o.flag("refugee_marriage_check_admission", refugee)
        out = married_now | revoked
        o.outcome = np.where(out, NOT_ELIGIBLE, o.outcome)
        o.after = np.where(to_f3, _after("F3"), np.where(out, 0, o.after))
        # unmarried again: a derivative is evaluated as usual (§12.2)
        again = rows & ended & ~revoked & ~self.by_end
        o.flag("previously_married", again | (rows & ended & self.by_end & (o.pathway == FREEZE)))
        available = o.dates["visa_available"]
        o.flag("married_at_availability", again & (available != NAT) & (c.married <= available) & (available < c.ended))
        sought = self.sought_used  # set by the preference stage (NAT where no seeking date)
        while_married = again & (sought != NAT) & (c.married <= sought) & (sought < c.ended)
        o.flag("sought_while_married", while_married)
        o.outcome = np.where(while_married & (o.outcome == PROTECTED), NEEDS_REVIEW, o.outcome)

    def born_after(self) -> None:
        """A derivative born after the reference date is under 21 on every date that matters, if it
        existed by the principal's status date (§12.3)."""
        c, o, law = self.c, self.out, self.law
        derivative = ~np.isin(c.cat, _PRINCIPALS) & (c.cat != _I[Category.K2]) & ~self.by_end
        rows = self.ok & derivative
        available = o.dates["visa_available"]
        late = rows & (o.pathway == PREFERENCE) & (available != NAT) & (c.birth > available)
        o.flag("born_after_reference_date", late)
        after_ref = o.has("born_after_reference_date") & rows
        status_day = c.principal_status
        given = status_day != NAT
        o.flag("principal_status_date_not_given", after_ref & ~given)
        beyond = rows & given & (c.birth > status_day)
        o.flag("born_after_principal_status", beyond)
        far = beyond & (c.birth - status_day > law.in_utero_days)
        o.outcome = np.where(far, NOT_ELIGIBLE, np.where(beyond & (o.outcome == PROTECTED), NEEDS_REVIEW, o.outcome))
        o.after = np.where(far, 0, o.after)

    def diversity_year_end(self) -> None:
        """A DV selectee's family can immigrate only through September 30 of the program year (§12.4)."""
        c, o = self.c, self.out
        rows = self.ok & (c.cat == _I[Category.DV]) & (o.pathway == PREFERENCE)
        if not rows.any():
            return
        fy_end = o.dates["fy_end"]
        sought = self.sought_used
        has_sought = sought != NAT
        as_of = c.as_of
        late_seek = has_sought & (sought > fy_end)
        passed = ~has_sought & (as_of != NAT) & (as_of > fy_end)
        waiting = o.outcome == AWAITING_OUT
        lookup = o.facts["lookup"].astype(bool)
        never = waiting & (((as_of != NAT) & (as_of > fy_end)) | (lookup & (o.dates["run_end"] >= fy_end)))
        not_in_year = (o.dates["visa_available"] != NAT) & (o.dates["visa_available"] > fy_end)
        ended = rows & (late_seek | passed | never | not_in_year)
        under_ok = ~(o.under_known & ~o.under) | ~(o.outcome == AGED_OUT)
        ended &= under_ok | waiting
        o.flag("dv_program_year_ended", ended)
        o.outcome = np.where(ended, NOT_ELIGIBLE, o.outcome)
        o.after = np.where(ended, 0, o.after)
        complete = rows & ~ended & ((o.outcome == PROTECTED) | (has_sought & (as_of != NAT) & (as_of > fy_end)))
        o.flag("dv_must_complete_by_sept_30", complete)

    def effective_date(self) -> None:
        """CSPA §8: petitions pending, or applications not finally decided, on Aug. 6 2002 (§4)."""
        c, o, has = self.c, self.out, self.has
        effective = day(self.law.cspa_effective)
        decided_before = self.ok & has["adj_decided"] & (c.adj_decided < effective)
        o.outcome = np.where(decided_before, NOT_ELIGIBLE, o.outcome)
        o.facts["decided_before_cspa"] = decided_before.astype(np.int64)
        pre = self.ok & ~decided_before & has["approved"] & (c.approved < effective) & (o.dates["b21"] < effective)
        o.flag("pre_cspa_age_out", pre)
        o.flag("sources_disagree_pre_cspa", pre & (o.pathway != PREFERENCE))
        review = pre & (o.pathway == PREFERENCE) & (o.outcome == PROTECTED)
        o.outcome = np.where(review, NEEDS_REVIEW, o.outcome)

    def as_of(self) -> None:
        """Today's date, as an input: passed deadlines and stale data (§12.7, §12.9)."""
        c, o = self.c, self.out
        rows = self.ok & (c.as_of != NAT)
        if not rows.any():
            return
        seek_by = o.dates["seek_by"]
        o.flag("seek_by_passed", rows & o.has("sought_to_acquire_not_given") & (c.as_of > seek_by))
        if self.bulletin is not None:
            t = tables(self.bulletin)
            stale = rows & o.facts["lookup"].astype(bool) & _law.is_stale(c.as_of - (t.data_end - 1))
            o.flag("bulletin_data_stale", stale)

    def revised_bulletin(self) -> None:
        """§12.11: results that depend on days when a bulletin was revised (July 2-16, 2007: the
        original values are used, the revision later withdrawn) are flagged: the visa-available date,
        or the seeking, fell in those days."""
        c, o = self.c, self.out
        periods = getattr(self.bulletin, "revised_periods", ())
        lookup = self.ok & o.facts["lookup"].astype(bool)
        if not periods or not lookup.any():
            return
        from ..bulletin import block_of

        block = np.asarray([block_of(cat.value) for cat in CATEGORIES])[c.cat]
        available, sought = o.dates["visa_available"], self.sought_used
        for period in periods:
            start, end = day(period.start), day(period.end)
            inside = ((available >= start) & (available <= end)) | ((sought >= start) & (sought <= end))
            o.flag("bulletin_revised_jul_2007", lookup & (block == period.block) & inside)

    def suspect_values(self) -> None:
        """§12.11: a printed cut-off that is probably a misprint (May 2015 F4 Philippines `2OCT91`) is
        kept as printed; the rows whose series holds one are evaluated with the other reading too, and
        flagged when the verdict differs."""
        c, o, b = self.c, self.out, self.bulletin
        if b is None or not getattr(b, "suspect_cells", ()):
            return
        lookup = self.ok & o.facts["lookup"].astype(bool)
        series = {(cell.category, cell.chargeability) for cell in b.suspect_cells}
        touched = np.zeros(c.n, dtype=bool)
        for category, chargeability in series:
            same_charge = np.asarray([ch == chargeability or chargeability == "ALL" for ch in c.charges])[c.chg]
            touched |= lookup & (c.cat == CAT[Category(category)]) & same_charge
        pos = np.flatnonzero(touched)
        if not len(pos):
            return
        alt = evaluate_columns(self.c.take(pos), b.with_alternative_readings(), alternatives=False)
        differ = np.zeros(c.n, dtype=bool)
        differ[pos] = (alt.outcome != o.outcome[pos]) & (alt.error == 0)
        o.flag("printed_value_suspect", differ)
        full = np.full(c.n, -1)
        full[pos] = alt.outcome
        available = np.full(c.n, NAT)
        available[pos] = alt.dates["visa_available"]
        o.alternative("printed_value_suspect", differ, full, 0, NAT, available)

    def feb29_alternative(self, feb29: np.ndarray) -> None:
        """Born on Feb. 29: evaluate again under the other convention; flag when the verdict changes (§2)."""
        o = self.out
        pos = np.flatnonzero(self.ok & feb29)
        if not len(pos):
            return
        other = self.c.take(pos)
        other = replace(other, feb28=~other.feb28)
        alt = evaluate_columns(other, self.bulletin, alternatives=False)
        differ = np.zeros(self.c.n, dtype=bool)
        differ[pos] = (alt.outcome != o.outcome[pos]) & (alt.outcome != ERROR)
        o.flag("feb29_convention_changes_verdict", differ)
        for key, feb28 in (("feb29_feb28", True), ("feb29_mar1", False)):
            rows = differ & (self.c.feb28 != feb28)
            full = np.full(self.c.n, -1)
            full[pos] = alt.outcome
            after = np.zeros(self.c.n, dtype=np.int64)
            after[pos] = alt.after
            ref = np.full(self.c.n, NAT)
            ref[pos] = alt.dates["ref"]
            o.alternative(key, rows, full, after, ref)
