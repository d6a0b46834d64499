"""The input of one case: the batch columns as a typed, validated dataclass."""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date

from .codes import (
    CHARGEABILITIES,
    Category,
    DvRegion,
    Feb29Rule,
    Jurisdiction,
    Processing,
    parse_code,
)
from .dates import parse_date
from .errors import InputError

DATE_FIELDS = (
    "birth_date",
    "petition_filed",
    "petition_approved",
    "priority_date",
    "bulletin_current",
    "adjustment_filed",
    "adjustment_decided",
    "sought_to_acquire",
    "parent_naturalized",
    "marriage_ended",
    "admitted",
    "married",
    "principal_status_date",
    "as_of",
)


# Whole-number fields and the values they accept: DV ranks are case numbers within a region
# (the bulletins' cut-offs stay far below a million); the DV program began with DV-1995.
NUMBER_RANGES = {"dv_rank": (1, 1_000_000), "dv_program_year": (1995, 2100)}
NUMBER_FIELDS = tuple(NUMBER_RANGES)
_WHOLE = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0*)?")


@dataclass(frozen=True)
class Case:
    """One beneficiary. Column meanings: README "Batch columns"; dates are `datetime.date`.

    `petition_filed` is the receipt date of the petition whose pending time counts (for IR, ASYLEE
    and REFUGEE the date the age freezes on; for DV the first day of the registration period);
    `petition_approved` is its approval (DV: the selection letter).
    """

    category: Category
    birth_date: date
    case_id: str = ""
    petition_filed: date | None = None
    petition_approved: date | None = None
    priority_date: date | None = None
    chargeability: str = "ALL"
    bulletin_current: date | None = None
    processing: Processing = Processing.ADJUSTMENT
    adjustment_filed: date | None = None
    adjustment_decided: date | None = None
    sought_to_acquire: date | None = None
    parent_naturalized: date | None = None
    marriage_ended: date | None = None
    admitted: date | None = None
    married: date | None = None
    principal_status_date: date | None = None  # derivatives: the principal's grant, admission or adjustment
    as_of: date | None = None  # the evaluation date ("today"); callers fill it, the rules never read the clock
    jurisdiction: Jurisdiction = Jurisdiction.BIA
    dv_region: DvRegion | None = None
    dv_rank: int | None = None
    dv_program_year: int | None = None
    opt_out: bool = False  # F2B -> F1 conversion declined in writing: INA 204(k)(2)
    extraordinary_circumstances: bool = False  # asserted; never applied automatically
    feb29: Feb29Rule = Feb29Rule.MAR1

    @property
    def effective_priority_date(self) -> date | None:
        return self.priority_date or self.petition_filed

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Case:
        """Build a case from strings (a CSV row, CLI flags, widget values); unknown keys ignored."""
        known = {f.name for f in fields(cls)}
        values: dict[str, object] = {}
        for key, raw in data.items():
            if key in known and not _blank(raw):
                values[key] = raw
        if "category" not in values:
            valid = ", ".join(c.value for c in Category)
            raise InputError("category", key="required_category", params={"valid": valid})
        if "birth_date" not in values:
            raise InputError("birth_date", key="required_birth_date")
        return cls.build(**values)

    @classmethod
    def build(cls, **values: object) -> Case:
        """Parse and validate field values that may still be strings."""
        out: dict[str, object] = {}
        for name in DATE_FIELDS:
            if name in values:
                out[name] = parse_date(values[name], name)
        out["category"] = parse_code(Category, values.get("category"), "category")
        if out.get("birth_date") is None:
            raise InputError("birth_date", key="required_birth_date")
        if "case_id" in values:
            out["case_id"] = _text(values["case_id"])
        if "chargeability" in values:
            out["chargeability"] = _chargeability(values["chargeability"], out["category"])
        for name, enum in (
            ("processing", Processing),
            ("jurisdiction", Jurisdiction),
            ("dv_region", DvRegion),
            ("feb29", Feb29Rule),
        ):
            if name in values and not _blank(values[name]):
                out[name] = parse_code(enum, values[name], name)
        for name in NUMBER_FIELDS:
            if name in values and not _blank(values[name]):
                out[name] = parse_number(values[name], name)
        for name in ("opt_out", "extraordinary_circumstances"):
            if name in values:
                out[name] = _bool(values[name], name)
        return cls(**out)  # type: ignore[arg-type]


def parse_number(value: object, field: str) -> int | None:
    """A whole-number field as `Case` reads it (None when blank), within its range: the column path
    reads each distinct value through this same function."""
    if _blank(value):
        return None
    low, high = NUMBER_RANGES[field]
    return _whole_number(value, field, low, high)


# The batch columns are the fields of `Case`, with the caller's label first.
INPUT_COLUMNS = ("case_id",) + tuple(f.name for f in fields(Case) if f.name != "case_id")


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and value.strip().lower() in {"", "nan", "nat", "none"}


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if _blank(value) else str(value).strip()


def _chargeability(value: object, category: Category) -> str:
    if _blank(value):
        return "ALL"
    code = str(value).strip().upper().replace(" ", "_").replace("-", "_")
    if category is Category.DV:
        return code  # DV: the country, for the bulletin's per-country exceptions
    aliases = {"ROW": "ALL", "ALL_CHARGEABILITY": "ALL", "CHINA_MAINLAND_BORN": "CHINA"}
    code = aliases.get(code, code)
    if code not in CHARGEABILITIES:
        valid = ", ".join(CHARGEABILITIES)
        raise InputError("chargeability", key="bad_code", params={"valid": valid, "got": repr(value)})
    return code


def _whole_number(value: object, field: str, low: int, high: int) -> int:
    """A whole number in low..high: 1234, "1234", "1,234" (thousands grouped by threes) and 1234.0
    (a spreadsheet's float) all read 1234. Nothing looser: "1,5" is not 15, "1e3" is not a rank."""
    if isinstance(value, bool):  # True is an int to Python, not a rank to anyone
        raise _range_error(field, low, high, value)
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise _range_error(field, low, high, value)
        number = int(value)
    else:
        match = _WHOLE.fullmatch(str(value).strip())
        if match is None:
            raise _range_error(field, low, high, value)
        number = int(match.group(1).replace(",", ""))
    if not low <= number <= high:
        raise _range_error(field, low, high, value)
    return number


def _range_error(field: str, low: int, high: int, value: object) -> InputError:
    def shown(n: int) -> str:
        return f"{n:,}" if n >= 10_000 else str(n)  # 1..1,000,000 but 1995..2100

    return InputError(field, key="number_range", params={"low": shown(low), "high": shown(high), "got": repr(value)})


def _bool(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if _blank(value):
        return False
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "y", "si", "sí", "t"}:
        return True
    if text in {"0", "false", "no", "n", "f"}:
        return False
    raise InputError(field, key="bad_bool", params={"got": repr(value)})
