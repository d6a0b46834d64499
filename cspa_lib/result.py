"""The frozen result of one evaluation: every date and day count used, the verdict, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .codes import Category, Feb29Rule, Outcome
from .dates import Ymd


@dataclass(frozen=True)
class MonthRange:
    """Bulletin months from `start` to `end` (None: still current at the data's end), for display."""

    start: date
    end: date | None


@dataclass(frozen=True)
class Step:
    """One numbered explanation step: a message key rendered in English or Spanish by `i18n`, and
    the id of its citation (`rules.law.CITATIONS`)."""

    key: str
    params: Mapping[str, object]
    cite: str = ""

    def citation(self, lang: str = "en") -> str:
        """The citation as shown: its public source and a short description in `lang`."""
        from .i18n import render_citation

        return render_citation(self.cite, lang)

    @property
    def rule(self) -> str:
        return self.citation("en")


@dataclass(frozen=True)
class Alternative:
    """What another reading of the law or another convention would give (cspa_rules.md §11)."""

    key: str  # what differs, e.g. "jurisdiction_CA9", "feb29_feb28", "extraordinary_circumstances"
    outcome: Outcome
    category_after: str = ""
    reference_date: date | None = None
    cspa_age_total_days: int | None = None
    visa_available: date | None = None


@dataclass(frozen=True)
class CspaResult:
    """Exact in days; `cspa_age` (years/months/days) is for display only."""

    case_id: str
    category: Category
    pathway: str
    outcome: Outcome
    birth_date: date
    twenty_first_birthday: date
    feb29: Feb29Rule
    under_21: bool | None = None
    reference_date: date | None = None  # the day the CSPA age is measured on
    cspa_age_total_days: int | None = None
    cspa_age: Ymd | None = None
    days_under_21: int | None = None
    age_out_date: date | None = None  # last visa-available (or freeze) date that still protects
    freeze_date: date | None = None
    pending_days: int | None = None
    petition_filed: date | None = None
    petition_approved: date | None = None
    priority_date: date | None = None
    bulletin_current: date | None = None
    visa_available: date | None = None
    age_at_availability: Ymd | None = None
    sought_to_acquire: date | None = None
    sought_to_acquire_deadline: date | None = None
    sought_to_acquire_met: bool | None = None
    category_after: str = ""
    chart: str = ""
    policy: str = ""
    seek_by: date | None = None  # the last day seeking locks this availability (cspa_rules.md §12.5)
    chargeability: str = "ALL"  # the case's own codes, as evaluated (for reports)
    processing: str = ""
    jurisdiction: str = ""
    as_of: date | None = None  # the evaluation date the caller gave (the engine never reads the clock)
    flags: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()  # citation ids (`rules.law.CITATIONS`), in step order
    steps: tuple[Step, ...] = ()
    alternatives: tuple[Alternative, ...] = field(default=())
    alternative_key: str = ""  # the alternative the batch columns show (cspa_rules.md §12.7)

    @property
    def rules(self) -> tuple[str, ...]:
        """The citations as shown in English."""
        from .i18n import render_citation

        return tuple(render_citation(c, "en") for c in self.citations)

    @property
    def alternative(self) -> Alternative | None:
        """The alternative the batch columns show, if any."""
        return next((a for a in self.alternatives if a.key == self.alternative_key), None)

    @property
    def protected(self) -> bool:
        return self.outcome is Outcome.PROTECTED

    def explain(self, lang: str = "en") -> list[str]:
        """The numbered explanation steps, each ending with its rule citation."""
        from .i18n import render_steps

        return render_steps(self, lang)

    def verdict(self, lang: str = "en") -> str:
        """One sentence: the outcome and the margin to the 21-year line."""
        from .i18n import render_verdict

        return render_verdict(self, lang)

    def to_row(self) -> dict[str, object]:
        """The batch output columns (README "Batch output")."""
        age = self.cspa_age
        alt = self.alternative
        return {
            "visa_available": self.visa_available,
            "chart": self.chart,
            "policy": self.policy,
            "pending_days": self.pending_days,
            "twenty_first_birthday": self.twenty_first_birthday,
            "cspa_age_years": age.years if age else None,
            "cspa_age_months": age.months if age else None,
            "cspa_age_days": age.days if age else None,
            "cspa_age_total_days": self.cspa_age_total_days,
            "days_under_21": self.days_under_21,
            "under_21": self.under_21,
            "age_out_date": self.age_out_date,
            "sought_to_acquire_deadline": self.sought_to_acquire_deadline,
            "seek_by": self.seek_by,
            "outcome": self.outcome.value,
            "category_after": self.category_after,
            "alternative_outcome": alt.outcome.value if alt else "",
            "alternative_key": alt.key if alt else "",
            "flags": ";".join(self.flags),
            "citations": citation_text(self.citations),
        }


OUTPUT_COLUMNS = (
    "visa_available",
    "chart",
    "policy",
    "pending_days",
    "twenty_first_birthday",
    "cspa_age_years",
    "cspa_age_months",
    "cspa_age_days",
    "cspa_age_total_days",
    "days_under_21",
    "under_21",
    "age_out_date",
    "sought_to_acquire_deadline",
    "seek_by",
    "outcome",
    "category_after",
    "alternative_outcome",
    "alternative_key",
    "flags",
    "citations",
)
# The whole-number output columns (nullable Int64 in a frame: a freeze pathway has no pending days).
INTEGER_OUTPUTS = (
    "pending_days",
    "cspa_age_years",
    "cspa_age_months",
    "cspa_age_days",
    "cspa_age_total_days",
    "days_under_21",
)


def citation_text(ids: tuple[str, ...] | list[str]) -> str:
    """The `citations` column: each source once, short (the descriptions are in the steps)."""
    from .rules.law import CITATIONS

    sources: list[str] = []
    for cite in ids:
        source = CITATIONS[cite].source
        if source not in sources:
            sources.append(source)
    return "; ".join(sources)
