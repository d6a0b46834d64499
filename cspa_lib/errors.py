"""Exceptions raised by cspa.

Every error names the field, the rule it broke and the value that arrived, so a trainer or an
analyst can fix the input without reading a traceback (STYLE.md, practice 6).
"""

from __future__ import annotations


class CspaError(ValueError):
    """Base class: bad input or data. Subclasses ValueError, which callers already expect."""


class InputError(CspaError):
    """A case field is missing, unparseable or inconsistent with another field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"'{field}' {problem}")


class BulletinRangeError(CspaError, LookupError):
    """A bulletin lookup fell outside the months the loaded bulletin covers."""


class BulletinDataError(CspaError):
    """A bulletin, DV or designation file is malformed; the message names the row and column."""
