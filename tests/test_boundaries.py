"""Every rule date, deadline and the 21st birthday at the exact day and one day either side, in the
one-case path and the column path (tests/boundary_cases.py), and a mutation check: shifting any legal
constant of `rules.law.LAW` makes the table fail."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from cspa_lib.rules import law
from tests.boundary_cases import CASES, check_case, check_table


@pytest.mark.parametrize(("case", "bulletin", "expected"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_boundary(case, bulletin, expected):
    assert check_case(case, bulletin, expected) == []


def _shifts(value: object) -> list[object]:
    """A constant one step either side: a day for dates, one for numbers. The DFF date is compared with
    first days of months, so a day earlier is the same rule; a month earlier is the other side."""
    if isinstance(value, date):
        return [value + timedelta(days=1), value - timedelta(days=1)]
    assert isinstance(value, int)
    return [value + 1, value - 1]


MUTANTS = []
for field in dataclasses.fields(law.Law):
    for shifted in _shifts(getattr(law.LAW, field.name)):
        if field.name == "dff_introduced" and shifted < law.LAW.dff_introduced:
            shifted = date(2015, 9, 1)  # a month earlier: see _shifts
        MUTANTS.append((field.name, shifted))


@pytest.mark.parametrize(("name", "shifted"), MUTANTS, ids=[f"{n}={v}" for n, v in MUTANTS])
def test_shifting_a_legal_constant_fails_the_boundary_table(monkeypatch, name, shifted):
    monkeypatch.setattr(law, "LAW", dataclasses.replace(law.LAW, **{name: shifted}))
    assert check_table(), f"no boundary test noticed {name} shifted to {shifted}"


def test_flags_outside_plan_flags_never_change_the_steps():
    """The column path groups rows by PLAN_FLAGS only when it writes `citations`: any other flag must
    leave the plan of steps unchanged (cspa_lib.rules.explain)."""
    from cspa_lib.rules.codes import FLAGS
    from cspa_lib.rules.explain import PLAN_FLAGS, Facts, plan

    others = [f for f in FLAGS if f not in PLAN_FLAGS]
    for pathway in (0, 1, 2):
        for status in range(5):
            base = Facts(pathway=pathway, category="IR" if pathway == 0 else "F2A", outcome="protected", status=status, lookup=True,
                         later=False, policy=1, under=True, jurisdiction=0, opt_out=False, f2b_natz=False,
                         by_end=False, married_now=False, decided_before_cspa=False, seek_by_short=False,
                         has_as_of=False, flags=frozenset(), alternatives=frozenset())
            with_all = dataclasses.replace(base, flags=frozenset(others))
            assert plan(with_all) == plan(base)
