"""The one-case entry point: a `Case` (or a mapping of batch columns) in, a `CspaResult` out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .case import Case
from .result import CspaResult
from .rules.series import BulletinSource
from .rules.single import evaluate_case


def needs_bulletin(case: Case) -> bool:
    """True when a bulletin may be needed: no `bulletin_current` given. (The rules decide whether the
    case's pathway reads it; loading the bundled history is cached, so a freeze case pays once.)"""
    return case.bulletin_current is None


def as_case(case: Case | Mapping[str, Any] | None = None, **fields: Any) -> Case:
    if isinstance(case, Case):
        return case
    data = dict(case or {})
    data.update(fields)
    return Case.from_mapping(data)


def evaluate(
    case: Case | Mapping[str, Any] | None = None,
    bulletin: BulletinSource | None = None,
    **fields: Any,
) -> CspaResult:
    """Evaluate one case; with no `bulletin_current` and no `bulletin`, the bundled Visa Bulletin
    history is used.

    >>> evaluate(category="IR", birth_date="2003-05-10", petition_filed="2023-11-01").outcome.value
    'protected'
    """
    parsed = as_case(case, **fields)
    if bulletin is None and needs_bulletin(parsed):
        from .bulletin import load_bulletin

        bulletin = load_bulletin()
    return evaluate_case(parsed, bulletin)
