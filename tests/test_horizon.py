"""The data horizon (rule book §12.9): how current the bulletin data are, and the stale warning."""

from __future__ import annotations

from datetime import date

import pytest

from cspa_lib.dates import month_end
from cspa_lib.horizon import data_horizon
from cspa_lib.i18n import horizon_line, stale_warning

JULY_2026 = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("last_month", "as_of", "days_past", "stale"),
    [
        (JULY_2026, date(2026, 7, 15), -16, False),  # inside the last month
        (JULY_2026, date(2026, 7, 31), 0, False),  # its last day
        (JULY_2026, date(2026, 9, 29), 60, False),  # 60 days after the end: still current
        (JULY_2026, date(2026, 9, 30), 61, True),  # 61 days: stale
        (JULY_2026, date(2026, 12, 1), 123, True),
        (date(2024, 2, 1), date(2024, 4, 29), 60, False),  # Feb 29, 2024 ends the month
        (date(2024, 2, 1), date(2024, 4, 30), 61, True),
        (date(2026, 7, 20), date(2026, 9, 30), 61, True),  # any day of the month names the month
    ],
    ids=["inside", "month-end", "60-days", "61-days", "december", "leap-60", "leap-61", "mid-month-input"],
)
def test_data_horizon(last_month, as_of, days_past, stale):
    horizon = data_horizon(last_month, as_of)
    assert (horizon.last_month, horizon.as_of, horizon.days_past, horizon.stale) == (
        last_month.replace(day=1), as_of, days_past, stale,
    )


def test_month_end():
    assert [month_end(date(y, m, 1)) for y, m in ((2026, 2), (2024, 2), (2026, 12))] == [
        date(2026, 2, 28), date(2024, 2, 29), date(2026, 12, 31),
    ]


@pytest.mark.parametrize(
    ("lang", "line", "warning"),
    [
        (
            "en",
            "Bulletin data through July 2026",
            "Warning: the Visa Bulletin data end with July 2026, 123 days ago. A visa that became "
            "available after that month is not in them, so results may be out of date. Update the "
            "data with `cspa bulletin update` (needs internet access).",
        ),
        (
            "es",
            "Datos del Boletín de Visas hasta julio de 2026",
            "Aviso: los datos del Boletín de Visas terminan en julio de 2026, hace 123 días. Una visa "
            "que quedó disponible después de ese mes no figura en ellos, así que los resultados pueden "
            "estar desactualizados. Actualice los datos con `cspa bulletin update` (requiere acceso a "
            "internet).",
        ),
    ],
    ids=["en", "es"],
)
def test_horizon_text(lang, line, warning):
    stale = data_horizon(JULY_2026, date(2026, 12, 1))
    assert horizon_line(stale, lang) == line
    assert stale_warning(stale, lang) == warning
    assert stale_warning(data_horizon(JULY_2026, date(2026, 9, 29)), lang) is None


# --- the CLI warns on stderr (fixed as_of, a small bulletin ending July 2026) ---------------------

CASE = ["--category", "F2A", "--birth-date", "2002-01-05", "--petition-filed", "2021-03-01",
        "--petition-approved", "2021-09-01", "--bulletin-current", "2023-11-01"]  # fmt: skip


@pytest.fixture
def july_bulletin(tmp_path):
    path = tmp_path / "visa_bulletin.csv"
    path.write_text(
        "bulletin_month,chart,category,chargeability,cutoff\n2026-06-01,FAD,F2A,ALL,C\n2026-07-01,FAD,F2A,ALL,C\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("command", "as_of", "lang", "warning"),
    [
        ("evaluate", "2026-12-01", "en", "Warning: the Visa Bulletin data end with July 2026, 123 days ago."),
        ("evaluate", "2026-12-01", "es", "Aviso: los datos del Boletín de Visas terminan en julio de 2026, hace 123 días."),
        ("evaluate", "2026-09-29", "en", None),
        ("batch", "2026-09-30", "en", "Warning: the Visa Bulletin data end with July 2026, 61 days ago."),
        ("batch", "2026-08-15", "en", None),
    ],
    ids=["evaluate-stale", "evaluate-stale-es", "evaluate-current", "batch-stale", "batch-current"],
)
def test_cli_warns_when_the_data_are_stale(tmp_path, july_bulletin, capsys, command, as_of, lang, warning):
    from cspa_lib.cli import main

    if command == "evaluate":
        argv = ["evaluate", *CASE, "--bulletin", str(july_bulletin), "--as-of", as_of, "--lang", lang]
    else:
        cases = tmp_path / "cases.csv"
        cases.write_text("case_id,category,birth_date,petition_filed,petition_approved,bulletin_current\n"
                         "a,F2A,2002-01-05,2021-03-01,2021-09-01,2023-11-01\n", encoding="utf-8")
        out = tmp_path / "out.csv"
        argv = ["batch", str(cases), "-o", str(out), "--bulletin", str(july_bulletin), "--as-of", as_of]
    assert main(argv) == 0
    err = capsys.readouterr().err
    if warning is None:
        assert "Warning" not in err and "Aviso" not in err
    else:
        assert err.startswith(warning) and "`cspa bulletin update`" in err
    if command == "batch":
        import csv

        with open(tmp_path / "out.csv", newline="", encoding="utf-8") as fh:
            (row,) = list(csv.DictReader(fh))
        assert row["as_of"] == as_of and row["outcome"] == "aged_out"


def test_cli_as_of_must_be_a_date(capsys):
    from cspa_lib.cli import main

    assert main(["evaluate", *CASE, "--as-of", "2026-9-1"]) == 2
    assert capsys.readouterr().err == "error: '--as-of' expected a date YYYY-MM-DD (got '2026-9-1')\n"


@pytest.mark.parametrize(
    ("lang", "as_of", "markdown"),
    [
        ("en", date(2026, 9, 29), "*Bulletin data through July 2026.*"),
        ("es", date(2026, 9, 29), "*Datos del Boletín de Visas hasta julio de 2026.*"),
        ("en", date(2026, 9, 30), "*Bulletin data through July 2026.*\n\n> ⚠️ **Warning: the Visa Bulletin data end with July 2026, 61 days ago."),
        ("es", date(2026, 12, 1), "*Datos del Boletín de Visas hasta julio de 2026.*\n\n> ⚠️ **Aviso: los datos del Boletín de Visas terminan en julio de 2026, hace 123 días."),
    ],
    ids=["current-en", "current-es", "stale-en", "stale-es"],
)
def test_notebook_horizon_note(july_bulletin, lang, as_of, markdown):
    from cspa_lib.bulletin import load_bulletin
    from cspa_lib.teaching import bulletin_horizon

    note = bulletin_horizon(lang, as_of=as_of, bulletin=load_bulletin(july_bulletin))
    assert note._repr_markdown_().startswith(markdown)
    assert ("cspa bulletin update" in str(note)) == note.horizon.stale
