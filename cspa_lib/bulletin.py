"""Visa Bulletin history: one loader, validated on load, with the lookups the engine and the
plots need.

Importing this module loads only the standard library; numpy and pandas are imported inside the
few methods that return arrays or frames. Cut-offs are parsed once into `date`, "C" or "U", so
nothing downstream meets NaN.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import functools
import io
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .availability import CURRENT, UNAVAILABLE, Cutoff, Run, is_current, runs_from_flags
from .codes import CHARGEABILITIES, Chart
from .dates import month_end as month_last_day
from .dates import next_month
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
SUSPECT_FILE = "bulletin_suspect_cells.csv"
EVENTS_FILE = "bulletin_events.csv"
SUSPECT_COLUMNS = ("bulletin_month", "chart", "category", "chargeability", "printed", "cutoff", "alternative", "reason")
EVENT_COLUMNS = ("bulletin_month", "date", "event", "block", "note", "source")
EVENT_KINDS = ("published", "revised", "revision_withdrawn")
# What a file must have to be read (`source` and the designation's `confidence` are optional).
BULLETIN_REQUIRED = BULLETIN_COLUMNS[:5]
DV_REQUIRED = DV_COLUMNS[:4]
DESIGNATION_REQUIRED = DESIGNATION_COLUMNS[:5]

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
class SuspectCell:
    """A printed cut-off that is probably a misprint: the data keep `cutoff` (as printed, read as
    `printed` says) and a result that uses it is checked with `alternative` too (rule book 12.11)."""

    bulletin_month: date
    chart: str
    category: str
    chargeability: str
    printed: str  # the text on the official page, e.g. "2OCT91"
    cutoff: Cutoff  # the value in visa_bulletin.csv
    alternative: Cutoff  # the other reading
    reason: str


@dataclass(frozen=True)
class BulletinEvent:
    """Something that happened to a published bulletin (bulletin_events.csv): `published`,
    `revised`, `revision_withdrawn`; `day` is None when only the month is known."""

    bulletin_month: date
    day: date | None
    event: str
    block: str  # family | employment | "" (both)
    note: str
    source: str


@dataclass(frozen=True)
class RevisedPeriod:
    """Days on which a revision of `bulletin_month`'s bulletin was in force for `block` (from a
    `revised` event to the day before its `revision_withdrawn`). The data keep the original values;
    results that depend on these days are flagged."""

    bulletin_month: date
    start: date
    end: date
    block: str
    note: str


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
        *,
        dv_source: str | None = None,
        designation_source: str | None = None,
        suspect_rows: Iterable[Mapping[str, Any]] = (),
        event_rows: Iterable[Mapping[str, Any]] = (),
        suspect_source: str | None = None,
        event_source: str | None = None,
    ) -> None:
        self.source = source
        # Rows are streamed: per (chart, category, chargeability), the month numbers in a compact
        # array and the cut-offs (shared objects) in a list, so memory stays near 12 bytes a row.
        # Each distinct text is parsed once (a month or a cut-off repeats on many rows); a text
        # that fails is never cached, so the error still names its row.
        months_seen: dict[Any, int] = {}
        cutoffs_seen: dict[Any, Cutoff] = {}
        per_key: dict[tuple[str, str, str], tuple[array, list[Cutoff]]] = {}
        for line, row in enumerate(rows, start=2):
            raw = row.get("bulletin_month")
            number = months_seen.get(raw) if isinstance(raw, str) else None
            if number is None:
                month = _month(raw, line, "bulletin_month", source)
                number = month.year * 12 + month.month - 1
                if isinstance(raw, str):
                    months_seen[raw] = number
            chart = row.get("chart")
            if chart not in _CHARTS:
                chart = _code(chart, ("FAD", "DFF"), line, "chart", source)
            category = row.get("category")
            if category not in _CATEGORY_SET:
                category = _code(category, CATEGORY_CODES, line, "category", source)
            chg = row.get("chargeability")
            if chg not in _CHARGEABILITY_SET:
                chg = _code(chg, CHARGEABILITIES, line, "chargeability", source)
            raw = row.get("cutoff")
            cutoff = cutoffs_seen.get(raw) if isinstance(raw, str) else None
            if cutoff is None:
                cutoff = _cutoff(raw, line, source)
                if isinstance(raw, str):
                    cutoffs_seen[raw] = cutoff
            slot = per_key.get((chart, category, chg))  # type: ignore[arg-type]
            if slot is None:
                slot = per_key[(chart, category, chg)] = (array("l"), [])  # type: ignore[index]
            slot[0].append(number)
            slot[1].append(cutoff)
        if not per_key:
            raise BulletinDataError(f"{source}: no bulletin rows")
        self._check_contiguous(per_key, source)
        first = min(min(numbers) for numbers, _ in per_key.values())
        last = max(max(numbers) for numbers, _ in per_key.values())
        self.months: list[date] = _month_range(_from_number(first), _from_number(last))
        self.first_month = self.months[0]
        self.last_month = self.months[-1]
        self._index = {m: i for i, m in enumerate(self.months)}
        self._cells: dict[_Key, list[Cutoff | None]] = {}
        for (chart, category, chg), (numbers, values) in per_key.items():
            series: list[Cutoff | None] = [None] * len(self.months)
            for number, value in zip(numbers, values, strict=True):
                if series[number - first] is not None:
                    raise BulletinDataError(
                        f"{source}: duplicate key {_from_number(number):%Y-%m} {chart} {category} {chg}"
                    )
                series[number - first] = value
            self._cells[_Key(chart, category, chg)] = series
        del per_key
        self._dv = self._load_dv(dv_rows, dv_source or f"{source} DV")
        self._designation = self._load_designation(designation_rows, designation_source or f"{source} designation")
        self.suspect_cells: tuple[SuspectCell, ...] = tuple(
            _suspect(row, line, suspect_source or f"{source} suspect cells")
            for line, row in enumerate(suspect_rows, start=2)
        )
        self.events: tuple[BulletinEvent, ...] = tuple(
            _event(row, line, event_source or f"{source} events") for line, row in enumerate(event_rows, start=2)
        )
        self.revised_periods: tuple[RevisedPeriod, ...] = _revised_periods(self.events)
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
    def _check_contiguous(per_key: Mapping[tuple[str, str, str], tuple[array, list]], source: str) -> None:
        for chart in ("FAD", "DFF"):
            numbers: set[int] = set()
            for key, (months, _) in per_key.items():
                if key[0] == chart:
                    numbers.update(months)
            if not numbers:
                continue
            missing = sorted(set(range(min(numbers), max(numbers) + 1)) - numbers)
            if missing:
                raise BulletinDataError(
                    f"{source}: months are not contiguous on chart {chart}: "
                    f"{', '.join(f'{_from_number(m):%Y-%m}' for m in missing[:5])} missing"
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
                    f"{source} row {line}, column 'cutoff': expected a rank number, C or U (got {raw!r})"
                )
            if (month, region, country) in seen:
                raise BulletinDataError(f"{source} row {line}: duplicate key {month:%Y-%m} {region} {country}")
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
                raise BulletinDataError(f"{source} row {line}: duplicate key {month:%Y-%m} {block} {category} {chg}")
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
            raise CspaError(f"the {chart} chart of {month:%Y-%m} printed no {category} row for {chargeability} or ALL")
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

    # --- corrections (rule book 12.11) ------------------------------------------------------

    def suspect_cells_for(
        self, chart: Chart | str, category: str, chargeability: str = "ALL"
    ) -> tuple[SuspectCell, ...]:
        """The suspect printed cells a lookup of this series can meet (its own column, or the
        ALL column it falls back to where its own was not printed)."""
        chart, category, chargeability = str(chart), str(category), str(chargeability)
        codes = EB5_GENERAL if category == "EB5" else (category,)
        found = []
        for cell in self.suspect_cells:
            if cell.chart != chart or cell.category not in codes:
                continue
            if cell.chargeability == chargeability:
                found.append(cell)
            elif cell.chargeability == "ALL" and chargeability != "ALL":
                own = self._cells.get(_Key(chart, cell.category, chargeability))
                if own is None or own[self._index[cell.bulletin_month]] is None:
                    found.append(cell)
        return tuple(found)

    def with_alternative_readings(self) -> Bulletin:
        """A copy in which every suspect cell holds its alternative reading (the other value a
        result must be checked with); everything else is shared with this bulletin."""
        if not self.suspect_cells:
            return self
        other = copy.copy(self)
        other._cells = dict(self._cells)
        for cell in self.suspect_cells:
            key = _Key(cell.chart, cell.category, cell.chargeability)
            series = list(other._cells[key])
            series[self._index[cell.bulletin_month]] = cell.alternative
            other._cells[key] = series
        other._cache = {}
        other.suspect_cells = tuple(
            dataclasses.replace(c, cutoff=c.alternative, alternative=c.cutoff) for c in self.suspect_cells
        )
        other.source = f"{self.source} (alternative readings)"
        return other

    def revision_on(self, day: date, category: str | None = None) -> RevisedPeriod | None:
        """The revised-bulletin period containing `day` (for `category`'s block when given):
        results that depend on such a day carry a flag (July 2-16, 2007: `bulletin_revised_jul_2007`)."""
        for period in self.revised_periods:
            if period.start <= day <= period.end and (category is None or block_of(category) == period.block):
                return period
        return None

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
    """Read one consistent set of files (cspa_lib.dataset): never half of an update."""
    from .dataset import open_set

    if not path.is_file():
        raise BulletinDataError(f"no bulletin file at {path}")
    names = (path.name, DV_FILE, DESIGNATION_FILE, SUSPECT_FILE, EVENTS_FILE)
    with open_set(path.parent, names) as files:
        if files[path.name] is None:  # removed while we looked
            raise BulletinDataError(f"no bulletin file at {path}")

        def rows(name: str, required: Sequence[str]) -> Iterable[dict[str, str | None]]:
            handle = files[name]
            return () if handle is None else _csv_rows(handle, name, required)

        return Bulletin(
            rows(path.name, BULLETIN_REQUIRED),
            list(rows(DV_FILE, DV_REQUIRED)),
            list(rows(DESIGNATION_FILE, DESIGNATION_REQUIRED)),
            source=path.name,
            dv_source=DV_FILE,
            designation_source=DESIGNATION_FILE,
            suspect_rows=list(rows(SUSPECT_FILE, SUSPECT_COLUMNS)),
            event_rows=list(rows(EVENTS_FILE, EVENT_COLUMNS)),
            suspect_source=SUSPECT_FILE,
            event_source=EVENTS_FILE,
        )


def _csv_rows(handle: Any, name: str, required: Sequence[str]) -> Iterator[dict[str, str | None]]:
    """Rows as dicts, streamed (UTF-8, a BOM allowed; blank lines skipped, short rows padded
    with None as csv.DictReader does). Extra columns are kept; missing required ones are an error
    naming the file."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = tuple(h.strip() for h in next(reader, ()))
    except UnicodeDecodeError as exc:
        raise BulletinDataError(f"{name}: not UTF-8 text ({exc.reason}); save the file as UTF-8") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise BulletinDataError(
            f"{name}: missing column(s) {', '.join(missing)} (header is {', '.join(header) or 'empty'}; "
            f"expected {', '.join(required)})"
        )
    width = len(header)
    line = 1
    try:
        for values in reader:
            line += 1
            if values:
                yield dict(
                    zip(
                        header,
                        values if len(values) >= width else values + [None] * (width - len(values)),
                        strict=False,
                    )
                )
    except UnicodeDecodeError as exc:
        raise BulletinDataError(f"{name}: not UTF-8 text ({exc.reason}); save the file as UTF-8") from None
    except csv.Error as exc:
        raise BulletinDataError(f"{name} row {line}: {exc}") from None


def _suspect(row: Mapping[str, Any], line: int, source: str) -> SuspectCell:
    return SuspectCell(
        _month(row.get("bulletin_month"), line, "bulletin_month", source),
        _code(row.get("chart"), ("FAD", "DFF"), line, "chart", source),
        _code(row.get("category"), CATEGORY_CODES, line, "category", source),
        _code(row.get("chargeability"), CHARGEABILITIES, line, "chargeability", source),
        str(row.get("printed") or ""),
        _cutoff(row.get("cutoff"), line, source),
        _cutoff(row.get("alternative"), line, source, "alternative"),
        str(row.get("reason") or ""),
    )


def _event(row: Mapping[str, Any], line: int, source: str) -> BulletinEvent:
    raw_day = str(row.get("date") or "").strip()
    try:
        day = _parse_iso(raw_day) if raw_day else None
    except ValueError:
        raise BulletinDataError(
            f"{source} row {line}, column 'date': expected YYYY-MM-DD or empty (got {raw_day!r})"
        ) from None
    return BulletinEvent(
        _month(row.get("bulletin_month"), line, "bulletin_month", source),
        day,
        _code(row.get("event"), EVENT_KINDS, line, "event", source),
        _code(row.get("block") or "", ("", "family", "employment"), line, "block", source),
        str(row.get("note") or ""),
        str(row.get("source") or ""),
    )


def _revised_periods(events: Sequence[BulletinEvent]) -> tuple[RevisedPeriod, ...]:
    periods = []
    for event in events:
        if event.event != "revised" or event.day is None:
            continue
        ends = [
            e.day
            for e in events
            if e.event == "revision_withdrawn"
            and e.bulletin_month == event.bulletin_month
            and e.day
            and e.day > event.day
        ]
        end = min(ends) - timedelta(days=1) if ends else month_last_day(event.bulletin_month)
        periods.append(RevisedPeriod(event.bulletin_month, event.day, end, event.block, event.note))
    return tuple(periods)


def _from_number(number: int) -> date:
    """The first day of month number `year * 12 + month - 1`."""
    return date(number // 12, number % 12 + 1, 1)


def _month_range(first: date, last: date) -> list[date]:
    out = []
    month = first.replace(day=1)
    while month <= last:
        out.append(month)
        month = next_month(month)
    return out


@functools.lru_cache(maxsize=4096)
def _parse_iso(text: str) -> date:
    return date.fromisoformat(text)


def _month(value: object, line: int, column: str, source: str) -> date:
    text = str(value or "").strip()
    try:
        month = _parse_iso(text)
    except ValueError:
        raise BulletinDataError(f"{source} row {line}, column '{column}': expected YYYY-MM-01 (got {text!r})") from None
    if month.day != 1:
        raise BulletinDataError(f"{source} row {line}, column '{column}': not the first of a month ({text})")
    return month


def _code(value: object, valid: Sequence[str], line: int, column: str, source: str) -> str:
    text = str(value or "").strip()
    if text not in valid:
        raise BulletinDataError(f"{source} row {line}, column '{column}': {text!r} is not one of {', '.join(valid)}")
    return text


def _cutoff(value: object, line: int, source: str, column: str = "cutoff") -> Cutoff:
    text = str(value or "").strip().upper()
    if text in (CURRENT, UNAVAILABLE):
        return text
    try:
        return _parse_iso(text)
    except ValueError:
        raise BulletinDataError(
            f"{source} row {line}, column '{column}': expected an ISO date, C or U (got {value!r})"
        ) from None
