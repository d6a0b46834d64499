"""The data horizon (rule book §12.9): how current the bulletin data are, and the stale warning."""

from __future__ import annotations

from datetime import date

import pytest

from cspa_lib.horizon import data_horizon, month_end
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
