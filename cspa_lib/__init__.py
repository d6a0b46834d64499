"""cspa: the Child Status Protection Act age, exact to the day, explained step by step.

The core (dates, codes, policy, availability, sought, case, result, engine) imports only the
standard library. `evaluate_frame` (pandas), plots and widgets are loaded on first use.
"""

from __future__ import annotations

from typing import Any

from .api import evaluate
from .bulletin import Bulletin, load_bulletin
from .case import Case
from .codes import Category, Chart, Feb29Rule, Jurisdiction, Outcome, Processing
from .dates import Ymd, age_ymd, twenty_first_birthday
from .errors import BulletinDataError, BulletinRangeError, CspaError, InputError
from .result import CspaResult

__version__ = "0.1.0"

__all__ = [
    "Bulletin",
    "BulletinDataError",
    "BulletinRangeError",
    "Case",
    "Category",
    "Chart",
    "CspaError",
    "CspaResult",
    "Feb29Rule",
    "InputError",
    "Jurisdiction",
    "Outcome",
    "Processing",
    "Ymd",
    "age_ymd",
    "evaluate",
    "evaluate_frame",
    "load_bulletin",
    "twenty_first_birthday",
]


def __getattr__(name: str) -> Any:
    if name == "evaluate_frame":  # pandas is imported only when batch work is asked for
        from .batch import evaluate_frame

        return evaluate_frame
    raise AttributeError(f"module 'cspa_lib' has no attribute {name!r}")
