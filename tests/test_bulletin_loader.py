"""`load_bulletin(path)`: the documented five columns (`source` optional), a BOM, errors that name
the file they are about; and the rule book 12.11 corrections the bundled data expose."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cspa_lib.bulletin import load_bulletin
from cspa_lib.errors import BulletinDataError

FIVE = "bulletin_month,chart,category,chargeability,cutoff\n2024-01-01,FAD,F2A,ALL,2021-02-08\n2024-02-01,FAD,F2A,ALL,C\n"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FIVE, "utf-8"),
        (FIVE, "utf-8-sig"),  # a BOM, as Excel writes
        (FIVE.replace("\n", "\r\n"), "utf-8"),
        (FIVE.replace("cutoff\n", "cutoff,source,note\n").replace("\n2024-01-01,FAD,F2A,ALL,2021-02-08", "\n2024-01-01,FAD,F2A,ALL,2021-02-08,mine,x"), "utf-8"),
    ],
    ids=["five-columns", "bom", "crlf", "extra-columns"],
)
def test_a_hypothetical_bulletin_loads(tmp_path: Path, text: str, encoding: str) -> None:
    bulletin = load_bulletin(write(tmp_path, "my_bulletin.csv", text, encoding))
    assert (bulletin.first_month, bulletin.last_month) == (date(2024, 1, 1), date(2024, 2, 1))
    assert bulletin.cutoff(date(2024, 1, 1), "FAD", "F2A") == date(2021, 2, 8)
    assert bulletin.cutoff(date(2024, 2, 1), "FAD", "F2A", "MEXICO") == "C"
    assert repr(bulletin) == "Bulletin(my_bulletin.csv, 2024-01..2024-02)"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"b.csv": "bulletin_month,chart,category,chargeability\n2024-01-01,FAD,F2A,ALL\n"}, r"^b\.csv: missing column\(s\) cutoff \(header is bulletin_month, chart, category, chargeability; expected"),
        ({"b.csv": ""}, r"^b\.csv: missing column\(s\) bulletin_month, chart, category, chargeability, cutoff \(header is empty"),
        ({"b.csv": FIVE + "2024-03-01,FAD,F2A,ALL,someday\n"}, r"^b\.csv row 4, column 'cutoff': expected an ISO date, C or U \(got 'someday'\)"),
        ({"b.csv": FIVE + "2024-02-01,FAD,F2A,ALL,C\n"}, r"^b\.csv: duplicate key 2024-02 FAD F2A ALL"),
        ({"b.csv": FIVE + "2024-04-01,FAD,F2A,ALL,C\n"}, r"^b\.csv: months are not contiguous on chart FAD: 2024-03 missing"),
        ({"b.csv": "bulletin_month,chart,category,chargeability,cutoff\n2024-01-01,FAD,F2A,ALL,D\xe9c\n"}, r"^b\.csv: not UTF-8 text \(invalid continuation byte\); save the file as UTF-8"),
        ({"b.csv": FIVE, "dv_rank_cutoffs.csv": "bulletin_month,region,country,cutoff\n2024-01-01,ASIA,ALL,lots\n"}, r"^dv_rank_cutoffs\.csv row 2, column 'cutoff': expected a rank number, C or U \(got 'LOTS'\)"),
        ({"b.csv": FIVE, "dv_rank_cutoffs.csv": "bulletin_month,region,cutoff\n"}, r"^dv_rank_cutoffs\.csv: missing column\(s\) country"),
        ({"b.csv": FIVE, "uscis_chart_designation.csv": "bulletin_month,block,category,chargeability,chart\n2024-01-01,family,ALL,*,XYZ\n"}, r"^uscis_chart_designation\.csv row 2, column 'chart': 'XYZ' is not one of FAD, DFF"),
    ],
    ids=["missing-cutoff", "empty-file", "bad-cutoff", "duplicate", "gap", "latin-1", "dv-value", "dv-columns", "designation-value"],
)
def test_errors_name_the_file(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        write(tmp_path, name, text, "latin-1" if "\xe9" in text else "utf-8")
    with pytest.raises(BulletinDataError, match=message):
        load_bulletin(tmp_path / "b.csv")


def test_no_file(tmp_path: Path) -> None:
    with pytest.raises(BulletinDataError, match=r"no bulletin file at .*nothing\.csv"):
        load_bulletin(tmp_path / "nothing.csv")


# --- rule book 12.11 ----------------------------------------------------------------------------

MAY_2015 = date(2015, 5, 1)


def test_may_2015_f4_philippines_is_kept_as_printed_with_its_other_reading() -> None:
    bulletin = load_bulletin()
    (cell,) = bulletin.suspect_cells
    assert (cell.bulletin_month, cell.chart, cell.category, cell.chargeability, cell.printed) == (
        MAY_2015, "FAD", "F4", "PHILIPPINES", "2OCT91",
    )
    assert (cell.cutoff, cell.alternative) == (date(1991, 10, 2), date(1991, 10, 22))
    assert bulletin.cutoff(MAY_2015, "FAD", "F4", "PHILIPPINES") == date(1991, 10, 2)
    assert bulletin.suspect_cells_for("FAD", "F4", "PHILIPPINES") == (cell,)
    assert bulletin.suspect_cells_for("FAD", "F4", "ALL") == ()
    assert bulletin.suspect_cells_for("DFF", "F4", "PHILIPPINES") == ()
    other = bulletin.with_alternative_readings()
    assert other.cutoff(MAY_2015, "FAD", "F4", "PHILIPPINES") == date(1991, 10, 22)
    assert other.cutoff(date(2015, 6, 1), "FAD", "F4", "PHILIPPINES") == date(1991, 11, 8)
    assert other.suspect_cells[0].alternative == date(1991, 10, 2)  # the reading swapped back
    assert bulletin.cutoff(MAY_2015, "FAD", "F4", "PHILIPPINES") == date(1991, 10, 2)  # untouched
    # a priority date between the two readings is current only under the other one
    pd = date(1991, 10, 10)
    assert bulletin.first_current_month(pd, "FAD", "F4", "PHILIPPINES", from_month=MAY_2015) == date(2015, 6, 1)
    assert other.first_current_month(pd, "FAD", "F4", "PHILIPPINES", from_month=MAY_2015) == MAY_2015


def test_july_2007_keeps_the_original_bulletin_and_records_its_revision() -> None:
    bulletin = load_bulletin()
    july = date(2007, 7, 1)
    assert [bulletin.cutoff(july, "FAD", c) for c in ("EB1", "EB2", "EB3", "EW")] == ["C", "C", "C", "U"]
    assert [(e.day, e.event, e.block) for e in bulletin.events] == [
        (None, "published", "employment"),
        (date(2007, 7, 2), "revised", "employment"),
        (date(2007, 7, 17), "revision_withdrawn", "employment"),
    ]
    (period,) = bulletin.revised_periods
    assert (period.bulletin_month, period.start, period.end, period.block) == (july, date(2007, 7, 2), date(2007, 7, 16), "employment")
    assert bulletin.revision_on(date(2007, 7, 2), "EB3") == period
    assert bulletin.revision_on(date(2007, 7, 16)) == period
    assert bulletin.revision_on(date(2007, 7, 1)) is None and bulletin.revision_on(date(2007, 7, 17)) is None
    assert bulletin.revision_on(date(2007, 7, 10), "F2A") is None  # the family chart was not revised
