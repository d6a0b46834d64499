"""Legal date arithmetic, as tables of reference dates."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from cspa_lib.codes import Feb29Rule
from cspa_lib.dates import add_months, age_ymd, anniversary, parse_date, twenty_first_birthday
from cspa_lib.errors import InputError

D = date.fromisoformat

BIRTHDAYS = [
    # birth,        rule,     21st birthday
    ("2003-05-10", "mar1", "2024-05-10"),
    ("2004-02-29", "mar1", "2025-03-01"),
    ("2004-02-29", "feb28", "2025-02-28"),
    ("2000-02-29", "mar1", "2021-03-01"),
    ("1999-12-31", "mar1", "2020-12-31"),
    ("2004-02-28", "mar1", "2025-02-28"),
]


@pytest.mark.parametrize(("birth", "rule", "b21"), BIRTHDAYS, ids=[f"{b}-{r}" for b, r, _ in BIRTHDAYS])
def test_twenty_first_birthday(birth, rule, b21):
    assert twenty_first_birthday(D(birth), Feb29Rule(rule)) == D(b21)


ANNIVERSARIES = [
    # date,         years, rule,   anniversary   (the sought-to-acquire deadline is years=1)
    ("2023-03-01", 1, "mar1", "2024-03-01"),  # a window containing Feb 29 is 366 days
    ("2024-02-29", 1, "mar1", "2025-03-01"),
    ("2024-02-29", 1, "feb28", "2025-02-28"),
    ("2024-02-29", 4, "mar1", "2028-02-29"),
    ("2019-05-01", 1, "mar1", "2020-05-01"),
]


@pytest.mark.parametrize(("day", "years", "rule", "expected"), ANNIVERSARIES,
                         ids=[f"{d}+{y}-{r}" for d, y, r, _ in ANNIVERSARIES])
def test_anniversary(day, years, rule, expected):
    assert anniversary(D(day), years, Feb29Rule(rule)) == D(expected)


AGES = [
    # birth,        on,           rule,    (y, m, d)
    ("2003-05-10", "2023-11-01", "mar1", (20, 5, 22)),
    ("2004-02-29", "2025-02-28", "mar1", (20, 11, 30)),
    ("2004-02-29", "2025-02-28", "feb28", (21, 0, 0)),
    ("2004-02-29", "2025-03-01", "mar1", (21, 0, 0)),
    ("2004-02-29", "2025-04-15", "mar1", (21, 1, 14)),  # months counted from the Mar 1 anniversary
    ("2004-01-31", "2025-03-01", "mar1", (21, 1, 1)),  # Jan 31 + 1 month = Feb 28
    ("2002-11-14", "2023-11-14", "mar1", (21, 0, 0)),
    ("2002-11-14", "2023-11-13", "mar1", (20, 11, 30)),
    ("2000-01-15", "2000-01-15", "mar1", (0, 0, 0)),
]


@pytest.mark.parametrize(("birth", "on", "rule", "ymd"), AGES, ids=[f"{b}@{o}-{r}" for b, o, r, _ in AGES])
def test_age_ymd(birth, on, rule, ymd):
    age = age_ymd(D(birth), D(on), Feb29Rule(rule))
    assert (age.years, age.months, age.days) == ymd


MONTHS = [
    ("2024-01-31", 1, "2024-02-29"),
    ("2023-01-31", 1, "2023-02-28"),
    ("2023-03-31", -1, "2023-02-28"),
    ("2023-11-15", 3, "2024-02-15"),
    ("2023-02-15", -14, "2021-12-15"),
]


@pytest.mark.parametrize(("day", "months", "expected"), MONTHS, ids=[f"{d}{m:+d}" for d, m, _ in MONTHS])
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(D(day), months) == D(expected)


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=40_000),
)
def test_age_matches_relativedelta_except_feb29(birth, days):
    """Display ages agree with dateutil for every birth that is not Feb 29 (cspa_rules.md §2)."""
    if birth.month == 2 and birth.day == 29:
        return
    on = date.fromordinal(min(birth.toordinal() + days, date.max.toordinal()))
    r = relativedelta(on, birth)
    a = age_ymd(birth, on)
    assert (a.years, a.months, a.days) == (r.years, r.months, r.days)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-06-01", date(2024, 6, 1)), (" 2024-06-01 ", date(2024, 6, 1)), ("2024-06-01T00:00:00", date(2024, 6, 1)),
     ("", None), ("nan", None), (None, None), (date(2020, 1, 2), date(2020, 1, 2))],
    ids=["iso", "blanks", "timestamp", "empty", "nan", "none", "date"],
)
def test_parse_date(text, expected):
    assert parse_date(text, "birth_date") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("2023-02-29", r"'birth_date' must be an ISO date YYYY-MM-DD that exists on the calendar \(got '2023-02-29'\)"),
     ("10/05/2003", r"'birth_date' must be an ISO date .* \(got '10/05/2003'\)"),
     (20030510, r"'birth_date' must be an ISO date YYYY-MM-DD \(got 20030510\)")],
    ids=["impossible", "us-format", "number"],
)
def test_parse_date_errors_name_the_field(text, message):
    with pytest.raises(InputError, match=message):
        parse_date(text, "birth_date")
