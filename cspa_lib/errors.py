"""Exceptions raised by cspa.

Every error names the field, the rule it broke and the value that arrived, so a trainer or an
analyst can fix the input without reading a traceback (STYLE.md, practice 6). An `InputError`
carries a message key and its parameters, so the dashboard renders it in Spanish from the same
table as the English message (`i18n.ERRORS`), never by translating English text.
"""

from __future__ import annotations

from collections.abc import Mapping


class CspaError(ValueError):
    """Base class: bad input or data. Subclasses ValueError, which callers already expect."""


class InputError(CspaError):
    """A case field is missing, unparseable or inconsistent with another field.

    `InputError(field, problem)` takes a ready English sentence; `InputError(field, key=..., params=...)`
    a message key of `i18n.ERRORS` with its values, rendered in any language by `message(lang)`.
    """

    def __init__(self, field: str, problem: str = "", *, key: str = "", params: Mapping[str, object] | None = None):
        self.field = field
        self.key = key
        self.params = dict(params or {})
        if key and not problem:
            problem = self.message("en", with_field=False)
        self.problem = problem
        super().__init__(f"'{field}' {problem}")

    def message(self, lang: str = "en", with_field: bool = True) -> str:
        """The message in `lang` (a ready English sentence stays as it is)."""
        if not self.key:
            return str(self)
        from .i18n import render_error

        body = render_error(self.key, self.field, self.params, lang)
        return f"{render_field(self.field, lang)} {body}" if with_field else body


def render_field(field: str, lang: str) -> str:
    from .i18n import field_label

    return field_label(field, lang)


class BulletinRangeError(CspaError, LookupError):
    """A bulletin lookup fell outside the months the loaded bulletin covers."""


class BulletinDataError(CspaError):
    """A bulletin, DV or designation file is malformed; the message names the row and column."""
