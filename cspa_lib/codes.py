"""Closed sets of codes as Enums whose values are the data's own codes.

A bad code fails with a message that lists the valid ones (STYLE.md, practice 5).
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from .errors import InputError

E = TypeVar("E", bound=Enum)


class Category(str, Enum):
    """Case categories accepted by the engine (batch column `category`)."""

    IR = "IR"  # immediate relative (incl. VAWA-IR, widow(er)'s children, K-4): INA 201(f)(1)
    F1 = "F1"
    F2A = "F2A"
    F2B = "F2B"
    F3 = "F3"
    F4 = "F4"
    EB1 = "EB1"
    EB2 = "EB2"
    EB3 = "EB3"
    EW = "EW"  # EB-3 other workers
    EB4 = "EB4"
    EB5 = "EB5"
    DV = "DV"
    ASYLEE = "ASYLEE"  # derivative asylee: INA 208(b)(3)(B)
    REFUGEE = "REFUGEE"  # derivative refugee: INA 207(c)(2)(B)
    K2 = "K2"  # child of a K-1: Matter of Le, 25 I&N Dec. 541 (BIA 2011)

    def __str__(self) -> str:
        return self.value


FAMILY = frozenset({Category.F1, Category.F2A, Category.F2B, Category.F3, Category.F4})
EMPLOYMENT = frozenset({Category.EB1, Category.EB2, Category.EB3, Category.EW, Category.EB4, Category.EB5})
PREFERENCE = FAMILY | EMPLOYMENT | {Category.DV}
FREEZE = frozenset({Category.IR, Category.ASYLEE, Category.REFUGEE, Category.K2})


class Chart(str, Enum):
    """Visa Bulletin chart: Final Action Dates or Dates for Filing (from October 2015)."""

    FAD = "FAD"
    DFF = "DFF"

    def __str__(self) -> str:
        return self.value


class Processing(str, Enum):
    """Who decides the case: USCIS (adjustment of status) or a consulate (immigrant visa)."""

    ADJUSTMENT = "adjustment"
    CONSULAR = "consular"

    def __str__(self) -> str:
        return self.value


class Jurisdiction(str, Enum):
    """Whose reading of INA 201(f)(2) applies (cspa_rules.md §5, §11)."""

    BIA = "BIA"  # Matter of Zamora-Molina, 25 I&N Dec. 606 (BIA 2011): biological age
    CA2 = "CA2"  # Cuthill v. Blinken, 990 F.3d 272 (2d Cir. 2021): CSPA-reduced age
    CA9 = "CA9"  # Rodriguez Tovar v. Sessions, 882 F.3d 895 (9th Cir. 2018): CSPA-reduced age

    def __str__(self) -> str:
        return self.value


class Outcome(str, Enum):
    """The verdict column of a result."""

    PROTECTED = "protected"
    AGED_OUT = "aged_out"
    SOUGHT_TO_ACQUIRE_FAILED = "sought_to_acquire_failed"
    NOT_ELIGIBLE = "not_eligible"
    AWAITING_VISA = "awaiting_visa"
    NEEDS_REVIEW = "needs_review"

    def __str__(self) -> str:
        return self.value


class Feb29Rule(str, Enum):
    """When a person born on Feb 29 has a birthday in a common year (cspa_rules.md §2)."""

    MAR1 = "mar1"  # default: one state statute's rule; no federal immigration source
    FEB28 = "feb28"

    def __str__(self) -> str:
        return self.value


class DvRegion(str, Enum):
    """Diversity visa regions, as the bulletin's DV table names them."""

    AFRICA = "AFRICA"
    ASIA = "ASIA"
    EUROPE = "EUROPE"
    NORTH_AMERICA = "NORTH_AMERICA"
    OCEANIA = "OCEANIA"
    SOUTH_AMERICA_CARIBBEAN = "SOUTH_AMERICA_CARIBBEAN"

    def __str__(self) -> str:
        return self.value


CHARGEABILITIES = (
    "ALL",
    "CHINA",
    "INDIA",
    "MEXICO",
    "PHILIPPINES",
    "EL_SALVADOR_GUATEMALA_HONDURAS",
    "VIETNAM",
    "DOMINICAN_REPUBLIC",  # printed in 2010-06..2011-03 only
)

_ALIASES: dict[type, dict[str, str]] = {
    Jurisdiction: {"2ND": "CA2", "9TH": "CA9", "2D": "CA2", "DEFAULT": "BIA"},
    Processing: {"AOS": "adjustment", "CP": "consular", "ADJUST": "adjustment"},
    Category: {"EB3_OW": "EW", "ASYLUM": "ASYLEE", "K-2": "K2", "K4": "IR", "K-4": "IR"},
    Feb29Rule: {"MARCH1": "mar1", "FEB_28": "feb28", "MAR_1": "mar1"},
}


def parse_code(enum: type[E], value: object, field: str) -> E:
    """Turn a code (any case, surrounding blanks ignored) into `enum`, naming the field on failure."""
    if isinstance(value, enum):
        return value
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, key="bad_code", params={"valid": _valid(enum), "got": repr(value)})
    text = value.strip()
    for candidate in (text, text.upper(), text.lower()):
        try:
            return enum(candidate)
        except ValueError:
            pass
    alias = _ALIASES.get(enum, {}).get(text.upper().replace(" ", "_"))
    if alias is not None:
        return enum(alias)
    raise InputError(field, key="bad_code", params={"valid": _valid(enum), "got": repr(value)})


def _valid(enum: type[Enum]) -> str:
    return ", ".join(str(m.value) for m in enum)
