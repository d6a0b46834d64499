"""Age-out protections that are not CSPA but sit beside it (cspa_rules.md §10)."""

from __future__ import annotations

from datetime import date, timedelta

from .codes import Feb29Rule
from .dates import twenty_first_birthday

PATRIOT_FILED_BY = date(2001, 9, 11)


def patriot_act_child_until(birth_date: date, petition_filed: date, feb29: Feb29Rule = Feb29Rule.MAR1) -> date | None:
    """USA PATRIOT Act §424: a beneficiary of a petition filed on or before Sept 11, 2001 stays a
    child for 90 days after a 21st birthday in September 2001, or 45 days after a later one
    (DOS ALDAC #3, May 2003). None when the section does not apply. Not for DV-2003 and later."""
    if petition_filed > PATRIOT_FILED_BY:
        return None
    b21 = twenty_first_birthday(birth_date, feb29)
    if b21 < date(2001, 9, 1):
        return None
    extra = 90 if b21 < date(2001, 10, 1) else 45
    return b21 + timedelta(days=extra)
