"""What the build knows about its sources beyond the files: accepted disagreements, cells no
source has, cited copies of missing charts, printed values that are probably misprints, and events
in a bulletin's life (rule book 12.11).

Data, not logic: `build.py` applies these and `provenance.py` reports them. They live apart from
both so that neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

# Cells where the panel and the official page differ, with the value kept and why.
# key: (YYYY-MM, chart, category, chargeability) -> (kept source "panel"|"html", reason)
KNOWN_DISAGREEMENTS: dict[tuple[str, str, str, str], tuple[str, str]] = {}
KNOWN_DV_DISAGREEMENTS: dict[tuple[str, str, str], tuple[str, str]] = {}

# Cells that neither source has although the bulletin printed them (no saved page for the
# month and the panel dropped the column). key: (YYYY-MM, chart, block, chargeability)
KNOWN_MISSING_COLUMNS: dict[tuple[str, str, str, str], str] = {
    ("2009-09", "FAD", "family", "ALL"): (
        "no saved page, the panel lacks the column, and no copy of the family chart was found"
    ),
}


@dataclass(frozen=True)
class SecondaryChart:
    """A chart transcribed from a third-party copy of a bulletin page that neither source has.

    The whole chart is kept as printed (row labels, DDMONYY values) so the build can compare its
    other columns with the panel; only the cells missing from both sources are written, with
    source `secondary`. PROVENANCE.md cites `citation` and lists `corroboration`.
    """

    month: str  # YYYY-MM
    chart: str
    block: str
    citation: str
    corroboration: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (printed label, printed values)


SECONDARY_CHARTS: tuple[SecondaryChart, ...] = (
    SecondaryChart(
        "2009-09",
        "FAD",
        "employment",
        "http://www.aasindia.com/retrogression.php (a law office's page reproducing the chart "
        'under the heading "VISA BULLETIN FOR SEPTEMBER 2009", credited to travel.state.gov)',
        (
            "https://www.cilawgroup.com/news/2009/08/15/september-2009-visa-bulletin-eb-2-india-and-"
            "china-move-forward/ (EB-1 current; EB-2 current except China and India 08JAN05; EB-3 "
            "and Other Workers unavailable for all)",
            "https://www.immigrationlawyersblog.com/september_2009_department_of_s/ (EB-1 current; "
            "EB-3, EB-4 and religious workers unavailable; EB-5 and targeted employment areas current)",
        ),
        ("All Charge-ability Areas Except Those Listed", "CHINA- mainland born", "INDIA", "MEXICO", "PHILIPPINES"),
        (
            ("1st", ("C", "C", "C", "C", "C")),
            ("2nd", ("C", "08JAN05", "08JAN05", "C", "C")),
            ("3rd", ("U", "U", "U", "U", "U")),
            ("Other Worker", ("U", "U", "U", "U", "U")),
            ("4th", ("U", "U", "U", "U", "U")),
            ("Certain Religious Workers", ("U", "U", "U", "U", "U")),
            ("5th", ("C", "C", "C", "C", "C")),
            ("Targeted Employ- ment Areas/ Regional Centers", ("C", "C", "C", "C", "C")),
        ),
    ),
)


@dataclass(frozen=True)
class SuspectCell:
    """A printed value kept as printed although it is probably a misprint (bulletin_suspect_cells.csv).

    The build checks that the data hold `cutoff`; the runtime exposes `alternative` so results that
    use the cell can be evaluated with both readings (`Bulletin.suspect_cells`)."""

    month: str  # YYYY-MM
    chart: str
    category: str
    chargeability: str
    printed: str
    cutoff: str  # the value kept (the printed text read as it stands)
    alternative: str
    reason: str


SUSPECT_CELLS: tuple[SuspectCell, ...] = (
    SuspectCell(
        "2015-05",
        "FAD",
        "F4",
        "PHILIPPINES",
        "2OCT91",
        "1991-10-02",
        "1991-10-22",
        "a dropped digit: contemporary reproductions print 22OCT91 and the June 2015 move to 08NOV91 "
        '("2 weeks to 1 month") fits 22OCT91; kept as printed (rule book 12.11)',
    ),
)


@dataclass(frozen=True)
class BulletinEvent:
    """Something that happened to a published bulletin (bulletin_events.csv)."""

    month: str  # YYYY-MM, the bulletin month
    date: str  # YYYY-MM-DD, or "" when only the month is known
    event: str  # published | revised | revision_withdrawn
    block: str  # family | employment | "" (both)
    note: str
    source: str


BULLETIN_EVENTS: tuple[BulletinEvent, ...] = (
    BulletinEvent(
        "2007-07",
        "",
        "published",
        "employment",
        "Visa Bulletin No. 107 for July 2007 (demand received by June 12): most employment categories "
        "current, Other Workers unavailable. visa_bulletin.csv holds these original values.",
        "the saved official page 2007-07_visa-bulletin-for-july-2007.html (Number 107, Volume VIII) "
        "and the panel, identical",
    ),
    BulletinEvent(
        "2007-07",
        "2007-07-02",
        "revised",
        "employment",
        "Visa Bulletin No. 108 revised July 2007: employment-based numbers unavailable for the rest of "
        "the month. Not in visa_bulletin.csv (one value per month: the original).",
        "rule book 12.11 (secondary sources; the DOS archive was not opened)",
    ),
    BulletinEvent(
        "2007-07",
        "2007-07-17",
        "revision_withdrawn",
        "employment",
        "DOS withdrew the July 2 revision; USCIS accepted employment-based adjustment filings under the "
        "original July 2007 dates from July 17 through August 17, 2007 (Other Workers excepted).",
        "rule book 12.11 (secondary sources; the DOS archive was not opened)",
    ),
)
