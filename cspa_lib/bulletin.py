"""Visa Bulletin history: one loader, validated on load, with the lookups the engine and the
plots need.

Importing this module loads only the standard library; numpy and pandas are imported inside the
few methods that return arrays or frames. Cut-offs are parsed once into `date`, "C" or "U", so
nothing downstream meets NaN.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .availability import CURRENT, UNAVAILABLE, Cutoff, Run, is_current, runs_from_flags
from .codes import CHARGEABILITIES, Chart
from .errors import BulletinDataError, BulletinRangeError, CspaError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

BULLETIN_FILE = "visa_bulletin.csv"
DV_FILE = "dv_rank_cutoffs.csv"
DESIGNATION_FILE = "uscis_chart_designation.csv"

BULLETIN_COLUMNS = ("bulletin_month", "chart", "category", "chargeability", "cutoff", "source")
DV_COLUMNS = ("bulletin_month", "region", "country", "cutoff", "source")
DESIGNATION_COLUMNS = ("bulletin_month", "block", "category", "chargeability", "chart", "confidence", "source")

FAMILY_CODES = ("F1", "F2A", "F2B", "F3", "F4")
EMPLOYMENT_CODES = (
    "EB1", "EB2", "EB3", "EW", "EB4", "SR", "IAT",
    "EB5", "EB5_TEA", "EB5_PILOT", "EB5_NRC", "EB5_RC", "EB5_UNRESERVED", "EB5_UNRESERVED_RC",
    "EB5_RURAL", "EB5_HIGH_UNEMPLOYMENT", "EB5_INFRASTRUCTURE",
)  # fmt: skip
CATEGORY_CODES = FAMILY_CODES + EMPLOYMENT_CODES
# A plain "EB5" asks for the general investor row of the month (data/PROVENANCE.md).
EB5_GENERAL = ("EB5", "EB5_NRC", "EB5_UNRESERVED")
DV_REGIONS = ("AFRICA", "ASIA", "EUROPE", "NORTH_AMERICA", "OCEANIA", "SOUTH_AMERICA_CARIBBEAN")

_CHARTS = frozenset(("FAD", "DFF"))
_CATEGORY_SET = frozenset(CATEGORY_CODES)
_CHARGEABILITY_SET = frozenset(CHARGEABILITIES)
_C_ORD = date.max.toordinal() + 1  # "C": later than any priority date
_U_ORD = 0  # "U" or not printed: no priority date is earlier


def data_dir() -> Path:
    """The bundled data: `cspa_lib/data` in an installed wheel, `data/` in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / BULLETIN_FILE).is_file():
            return candidate
    raise CspaError(f"the bundled bulletin data ({BULLETIN_FILE}) is missing next to {here}")


def block_of(category: str) -> str:
    return "family" if category in FAMILY_CODES else "employment"


@dataclass(frozen=True)
class _Key:
    chart: str
    category: str
    chargeability: str


class Bulletin:
    """Cut-offs per (month, chart, category, chargeability), DV ranks and USCIS designations.

    Build one with `load_bulletin()` (the bundled history), `load_bulletin(path)`, or
    `Bulletin.from_rows(...)` for a small table inline (tests, what-if bulletins).
    """

    def __init__(
        self,
        rows: Iterable[Mapping[str, Any]],
        dv_rows: Iterable[Mapping[str, Any]] = (),
        designation_rows: Iterable[Mapping[str, Any]] = (),
        source: str = "inline",
    ) -> None:
        self.source = source
        cells: dict[tuple[date, str, str, str], Cutoff] = {}
        # Each distinct text is parsed once (a month or a cut-off repeats on many rows); a text
        # that fails is never cached, so the error still names its row.
        months_seen: dict[Any, date] = {}
        cutoffs_seen: dict[Any, Cutoff] = {}
        for line, row in enumerate(rows, start=2):
            raw = row.get("bulletin_month")
            month = months_seen.get(raw) if isinstance(raw, str) else None
            if month is None:
                month = _month(raw, line, "bulletin_month", source)
                if isinstance(raw, str):
                    months_seen[raw] = month
            chart = row.get("chart")
            if chart not in _CHARTS:
                chart = _code(chart, ("FAD", "DFF"), line, "chart", source)
            category = row.get("category")
            if category not in _CATEGORY_SET:
                category = _code(category, CATEGORY_CODES, line, "category", source)
            chg = row.get("chargeability")
            if chg not in _CHARGEABILITY_SET:
                chg = _code(chg, CHARGEABILITIES, line, "chargeability", source)
            key = (month, chart, category, chg)
            if key in cells:
                raise BulletinDataError(
                    f"{source} row {line}: duplicate key {month:%Y-%m} {chart} {category} {chg}"
                )
            raw = row.get("cutoff")
            cutoff = cutoffs_seen.get(raw) if isinstance(raw, str) else None
            if cutoff is None:
                cutoff = _cutoff(raw, line, source)
                if isinstance(raw, str):
                    cutoffs_seen[raw] = cutoff
            cells[key] = cutoff
        if not cells:
            raise BulletinDataError(f"{source}: no bulletin rows")
        self._check_contiguous(cells, source)
        months = sorted({k[0] for k in cells})
        self.months: list[date] = _month_range(months[0], months[-1])
        self.first_month = self.months[0]
        self.last_month = self.months[-1]
        self._index = {m: i for i, m in enumerate(self.months)}
        self._cells: dict[_Key, list[Cutoff | None]] = {}
        for (month, chart, category, chg), value in cells.items():
            series = self._cells.setdefault(_Key(chart, category, chg), [None] * len(self.months))
            series[self._index[month]] = value
        self._dv = self._load_dv(dv_rows, source)
        self._designation = self._load_designation(designation_rows, source)
        self._cache: dict[tuple, list] = {}

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[Mapping[str, Any]],
        dv_rows: Iterable[Mapping[str, Any]] = (),
        designation_rows: Iterable[Mapping[str, Any]] = (),
    ) -> Bulletin:
        return cls(rows, dv_rows, designation_rows, source="inline")

    # --- validation ------------------------------------------------------------------------

    @staticmethod
    def _check_contiguous(cells: dict, source: str) -> None:
        for chart in ("FAD", "DFF"):
            months = sorted({k[0] for k in cells if k[1] == chart})
            if not months:
                continue
            expected = _month_range(months[0], months[-1])
            missing = sorted(set(expected) - set(months))
            if missing:
                raise BulletinDataError(
                    f"{source}: months are not contiguous on chart {chart}: "
                    f"{', '.join(f'{m:%Y-%m}' for m in missing[:5])} missing"
                )

    def _load_dv(self, rows: Iterable[Mapping[str, Any]], source: str) -> dict:
        table: dict[tuple[str, str], list[int | str | None]] = {}
        seen = set()
        for line, row in enumerate(rows, start=2):
            month = _month(row.get("bulletin_month"), line, "bulletin_month", source)
            region = _code(row.get("region"), DV_REGIONS, line, "region", source)
            country = str(row.get("country") or "ALL").strip().upper() or "ALL"
            raw = str(row.get("cutoff", "")).strip().upper()
            if raw in (CURRENT, UNAVAILABLE):
                value: int | str = raw
            elif raw.isdigit():
                value = int(raw)
            else:
                raise BulletinDataError(
                    f"{source} DV row {line}, column 'cutoff': expected a rank number, C or U (got {raw!r})"
                )
            if (month, region, country) in seen:
                raise BulletinDataError(f"{source} DV row {line}: duplicate key {month:%Y-%m} {region} {country}")
            seen.add((month, region, country))
            if month not in self._index:
                continue  # a DV month outside the chart months is of no use to lookups
            series = table.setdefault((region, country), [None] * len(self.months))
            series[self._index[month]] = value
        return table

    def _load_designation(self, rows: Iterable[Mapping[str, Any]], source: str) -> dict:
        table: dict[tuple[date, str, str, str], Chart] = {}
        for line, row in enumerate(rows, start=2):
            month = _month(row.get("bulletin_month"), line, "bulletin_month", source)
            block = _code(row.get("block"), ("family", "employment"), line, "block", source)
            category = _code(row.get("category"), ("ALL",) + CATEGORY_CODES, line, "category", source)
            chg = _code(row.get("chargeability"), ("*",) + CHARGEABILITIES, line, "chargeability", source)
            chart = Chart(_code(row.get("chart"), ("FAD", "DFF"), line, "chart", source))
            key = (month, block, category, chg)
            if key in table:
                raise BulletinDataError(
                    f"{source} designation row {line}: duplicate key {month:%Y-%m} {block} {category} {chg}"
                )
            table[key] = chart
            if category.startswith("EB5_"):
                table.setdefault((month, block, "EB5", chg), chart)
        return table

    # --- lookups ---------------------------------------------------------------------------

    def _position(self, month: date) -> int:
        month = month.replace(day=1)
        if month not in self._index:
            raise BulletinRangeError(
                f"bulletin month {month:%Y-%m} is outside the bulletin data "
                f"({self.first_month:%Y-%m}..{self.last_month:%Y-%m})"
            )
        return self._index[month]

    def cutoff(self, month: date, chart: Chart | str, category: str, chargeability: str = "ALL") -> Cutoff:
        """The printed cut-off (date, "C" or "U"); a country not printed falls back to ALL."""
        value = self.cutoffs(chart, category, chargeability)[self._position(month)]
        if value is None:
            raise CspaError(
                f"the {chart} chart of {month:%Y-%m} printed no {category} row "
                f"for {chargeability} or ALL"
            )
        return value

    def cutoffs(self, chart: Chart | str, category: str, chargeability: str = "ALL") -> list[Cutoff | None]:
        """The cut-off of every month (aligned with `months`), None where nothing was printed."""
        chart, category, chargeability = str(chart), str(category), str(chargeability)
        key = ("cutoffs", chart, category, chargeability)
        if key not in self._cache:
            codes = EB5_GENERAL if category == "EB5" else (category,)
            out: list[Cutoff | None] = [None] * len(self.months)
            for code in codes:
                own = self._cells.get(_Key(chart, code, chargeability))
                everyone = self._cells.get(_Key(chart, code, "ALL"))
                if everyone is None and own is None:
                    continue
                for i in range(len(self.months)):
                    if out[i] is not None:
                        continue
                    value = own[i] if own is not None else None
                    if value is None and everyone is not None:
                        value = everyone[i]
                    out[i] = value
            self._cache[key] = out
        return self._cache[key]

    def designated_chart(self, month: date, category: str, chargeability: str = "ALL") -> Chart | None:
        """The chart USCIS designated for adjustment filing that month, or None when unknown."""
        return self.designations(category, chargeability)[self._position(month)]

    def designations(self, category: str, chargeability: str = "ALL") -> list[Chart | None]:
        key = ("designations", str(category), str(chargeability))
        if key not in self._cache:
            block = block_of(str(category))
            out: list[Chart | None] = []
            for month in self.months:
                found = None
                for cat, chg in ((category, chargeability), (category, "*"), ("ALL", "*")):
                    found = self._designation.get((month, block, str(cat), str(chg)))
                    if found is not None:
                        break
                out.append(found)
            self._cache[key] = out
        return self._cache[key]

    def dv_cutoff(self, month: date, region: str, country: str = "ALL") -> int | str | None:
        """The DV rank cut-off for a region (a country exception when printed), None if absent."""
        return self.dv_cutoffs(region, country)[self._position(month)]

    def dv_cutoffs(self, region: str, country: str = "ALL") -> list[int | str | None]:
        region, country = str(region).upper(), str(country).upper()
        regional = self._dv.get((region, "ALL"), [None] * len(self.months))
        if country == "ALL":
            return regional
        own = self._dv.get((region, country))
        if own is None:
            return regional
        return [o if o is not None else r for o, r in zip(own, regional, strict=True)]

    def first_current_month(
        self,
        priority_date: date,
        chart: Chart | str,
        category: str,
        chargeability: str = "ALL",
        from_month: date | None = None,
    ) -> date | None:
        """First bulletin month on or after `from_month` in which the priority date is current;
        None means "not current as of the last bulletin" (an answer, not an error)."""
        runs = self.availability_runs(priority_date, chart, category, chargeability, from_month)
        return runs[0].start if runs else None

    def availability_runs(
        self,
        priority_date: date,
        chart: Chart | str,
        category: str,
        chargeability: str = "ALL",
        from_month: date | None = None,
    ) -> list[Run]:
        """Runs of availability (current -> retrogressed -> current again) from `from_month` on."""
        start = self._position(from_month) if from_month else 0
        cuts = self.cutoffs(chart, category, chargeability)[start:]
        flags = [c is not None and is_current(priority_date, c) for c in cuts]  # type: ignore[arg-type]
        return runs_from_flags(self.months[start:], flags)

    # --- vectorised and tabular views (numpy / pandas imported here only) -------------------

    def cutoff_ordinals(self, chart: Chart | str, category: str, chargeability: str = "ALL") -> np.ndarray:
        """Cut-offs as day ordinals: "C" is above every date, "U" and gaps below every date."""
        import numpy as np

        key = ("ordinals", str(chart), str(category), str(chargeability))
        if key not in self._cache:
            values = [
                _C_ORD if c == CURRENT else _U_ORD if c is None or c == UNAVAILABLE else c.toordinal()  # type: ignore[union-attr]
                for c in self.cutoffs(chart, category, chargeability)
            ]
            self._cache[key] = np.asarray(values, dtype=np.int64)
        return self._cache[key]

    def first_current_months(
        self,
        priority_dates: Any,
        chart: Chart | str,
        category: str,
        chargeability: str = "ALL",
        from_month: date | None = None,
    ) -> np.ndarray:
        """Vectorised `first_current_month` for many priority dates: datetime64[D], NaT if never.

        The first month j >= start with cut-off_j > pd is found by a binary search in the running
        maximum of the cut-offs, which is non-decreasing even when the bulletin retrogresses.
        """
        import numpy as np

        pds = np.asarray(priority_dates, dtype="datetime64[D]")
        start = self._position(from_month) if from_month else 0
        cuts = self.cutoff_ordinals(chart, category, chargeability)[start:]
        running = np.maximum.accumulate(cuts)
        ordinals = pds.astype(np.int64) + _EPOCH_ORDINAL
        idx = np.searchsorted(running, ordinals, side="right")
        months = np.asarray(self.months[start:], dtype="datetime64[D]")
        out = np.full(pds.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        hit = idx < len(months)
        out[hit] = months[idx[hit]]
        out[np.isnat(pds)] = np.datetime64("NaT")
        return out

    def history(self, chart: Chart | str, category: str, chargeability: str = "ALL") -> pd.DataFrame:
        """One series month by month: `cutoff` (datetime, NaT for C/U), `status` (date/C/U)."""
        import pandas as pd

        cuts = self.cutoffs(chart, category, chargeability)
        return pd.DataFrame(
            {
                "bulletin_month": pd.to_datetime(self.months),
                "chart": str(chart),
                "category": str(category),
                "chargeability": str(chargeability),
                "status": ["" if c is None else c if isinstance(c, str) else "D" for c in cuts],
                "cutoff": pd.to_datetime([c if isinstance(c, date) else None for c in cuts]),
            }
        )

    def frame(self) -> pd.DataFrame:
        """The whole table in the file's tidy schema (cut-offs as printed: ISO date, C or U)."""
        import pandas as pd

        records = []
        for key, series in self._cells.items():
            for month, value in zip(self.months, series, strict=True):
                if value is not None:
                    records.append((month, key.chart, key.category, key.chargeability, str(value)))
        df = pd.DataFrame(records, columns=list(BULLETIN_COLUMNS[:-1]))
        return df.sort_values(list(BULLETIN_COLUMNS[:4]), ignore_index=True)

    def __repr__(self) -> str:
        return f"Bulletin({self.source}, {self.first_month:%Y-%m}..{self.last_month:%Y-%m})"


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def load_bulletin(path: str | Path | None = None) -> Bulletin:
    """The bundled Visa Bulletin history, or a `visa_bulletin.csv` at `path` (the DV and USCIS
    designation files are read from beside it when present). The bundled one is cached."""
    if path is None:
        return _bundled()
    return _read(Path(path))


@functools.lru_cache(maxsize=1)
def _bundled() -> Bulletin:
    return _read(data_dir() / BULLETIN_FILE)


def _read(path: Path) -> Bulletin:
    if not path.is_file():
        raise BulletinDataError(f"no bulletin file at {path}")
    rows = _read_csv(path, BULLETIN_COLUMNS)
    dv = _read_csv(path.parent / DV_FILE, DV_COLUMNS) if (path.parent / DV_FILE).is_file() else []
    des_path = path.parent / DESIGNATION_FILE
    des = _read_csv(des_path, DESIGNATION_COLUMNS) if des_path.is_file() else []
    return Bulletin(rows, dv, des, source=str(path.name))


def _read_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader, ()))
        missing = [c for c in columns if c not in header]
        if missing:
            raise BulletinDataError(
                f"{path.name}: missing column(s) {', '.join(missing)} (header is {', '.join(header)})"
            )
        # as csv.DictReader (blank lines skipped, short rows padded with None), at half the cost
        width = len(header)
        return [
            dict(zip(header, values if len(values) >= width else values + [None] * (width - len(values)), strict=False))
            for values in reader
            if values
        ]


def _month_range(first: date, last: date) -> list[date]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@functools.lru_cache(maxsize=4096)
def _parse_iso(text: str) -> date:
    return date.fromisoformat(text)


def _month(value: object, line: int, column: str, source: str) -> date:
    text = str(value or "").strip()
    try:
        month = _parse_iso(text)
    except ValueError:
        raise BulletinDataError(
            f"{source} row {line}, column '{column}': expected YYYY-MM-01 (got {text!r})"
        ) from None
    if month.day != 1:
        raise BulletinDataError(f"{source} row {line}, column '{column}': not the first of a month ({text})")
    return month


def _code(value: object, valid: Sequence[str], line: int, column: str, source: str) -> str:
    text = str(value or "").strip()
    if text not in valid:
        raise BulletinDataError(
            f"{source} row {line}, column '{column}': {text!r} is not one of {', '.join(valid)}"
        )
    return text


def _cutoff(value: object, line: int, source: str) -> Cutoff:
    text = str(value or "").strip().upper()
    if text in (CURRENT, UNAVAILABLE):
        return text
    try:
        return _parse_iso(text)
    except ValueError:
        raise BulletinDataError(
            f"{source} row {line}, column 'cutoff': expected an ISO date, C or U (got {value!r})"
        ) from None
