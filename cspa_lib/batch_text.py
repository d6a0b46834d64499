"""Readable columns for batch output: the dashboard's verdict sentence, and the numbered steps.

A thin layer over `evaluate_frame`'s output. `add_verdicts` renders each row's sentence from the
row's own `outcome` and `days_under_21` columns with the same template as `CspaResult.verdict`
(`i18n.verdict_text`), so a million rows need no second evaluation. `add_explanations`
re-evaluates row by row (the steps are not in the columns): slower, and asked for explicitly.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .errors import CspaError
from .i18n import verdict_text
from .rules.series import BulletinSource

VERDICT_COLUMN = "verdict"
EXPLANATION_COLUMN = "explanation"
STEP_SEPARATOR = "\n"  # one numbered step per line inside the cell (quoted in CSV)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def add_verdicts(results: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """`results` (from `evaluate_frame`) with a `verdict` column in `lang`, added last so the
    other columns keep their places. Error rows read "Input error" / "Error en los datos"; the
    message stays in `error`."""
    categories = results["category"].tolist() if "category" in results.columns else [""] * len(results)
    rows = zip(results["outcome"].tolist(), results["days_under_21"].tolist(), categories, strict=True)
    cache: dict[tuple[str, int | None, str], str] = {}
    verdicts = []
    for outcome, days, category in rows:
        key = (str(outcome), None if _missing(days) else int(days), str(category).strip().upper())
        if key not in cache:
            cache[key] = verdict_text(key[0], key[1], lang, key[2])
        verdicts.append(cache[key])
    out = results.copy()
    out[VERDICT_COLUMN] = pd.Series(verdicts, index=results.index, dtype="object")
    return out


def add_explanations(
    results: pd.DataFrame, lang: str = "en", bulletin: BulletinSource | None = None
) -> pd.DataFrame:
    """`results` with an `explanation` column: the numbered steps with their citations, one per
    line, in `lang`; empty for error rows. Each row is evaluated again from its input columns."""
    from .api import evaluate
    from .batch import INPUT_COLUMNS

    inputs = [c for c in INPUT_COLUMNS if c in results.columns]
    texts = []
    for record, outcome in zip(results[inputs].to_dict("records"), results["outcome"].tolist(), strict=True):
        if outcome == "error":
            texts.append("")
            continue
        fields = {k: v for k, v in record.items() if not _missing(v) and v != ""}
        try:
            texts.append(STEP_SEPARATOR.join(evaluate(fields, bulletin=bulletin).explain(lang)))
        except CspaError as exc:  # not expected: the row evaluated once already
            texts.append(str(exc))
    out = results.copy()
    out[EXPLANATION_COLUMN] = pd.Series(texts, index=results.index, dtype="object")
    return out
