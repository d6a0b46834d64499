"""`verdict` and `explanation` batch columns: the same sentences as `CspaResult.verdict` and
`CspaResult.explain`, for every row, in English and Spanish; `cspa batch --lang/--explain`."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from cspa_lib import evaluate, evaluate_frame
from cspa_lib.batch_text import add_explanations, add_verdicts
from cspa_lib.i18n import outcome_label
from cspa_lib.presets import PRESETS

BAD_ROW = {"case_id": "bad", "category": "F2A", "birth_date": "2003-02-30"}


def preset_frame() -> pd.DataFrame:
    """Every workshop example as a batch row, then one bad row."""
    rows = [{"case_id": p.key, **p.fields} for p in PRESETS] + [BAD_ROW]
    return pd.DataFrame(rows).fillna("").astype(str)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_row_verdicts_are_the_result_verdicts(lang):
    frame = preset_frame()
    out = add_verdicts(evaluate_frame(frame), lang)
    expected = [evaluate({k: v for k, v in row.items() if v}).verdict(lang) for row in frame.to_dict("records")[:-1]]
    assert out["verdict"].tolist() == [*expected, outcome_label("error", lang)]
    assert out.columns[-1] == "verdict" and list(out.index) == list(frame.index)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_explanations_are_the_numbered_steps(lang):
    frame = preset_frame()
    out = add_explanations(evaluate_frame(frame), lang)
    for row, text in zip(frame.to_dict("records")[:-1], out["explanation"], strict=False):
        steps = evaluate({k: v for k, v in row.items() if v}).explain(lang)
        assert text == "\n".join(steps), row["case_id"]
    assert out["explanation"].iloc[-1] == ""


def test_a_missing_margin_gives_the_outcome_label_alone():
    results = pd.DataFrame({"outcome": ["awaiting_visa", "protected"], "days_under_21": pd.array([pd.NA, 1], "Int64")})
    assert add_verdicts(results, "es")["verdict"].tolist() == [
        "En espera de que haya visa disponible", "Protegido: sigue siendo menor según la CSPA — 1 día antes de la línea de 21"]


def _batch(tmp_path, *options):
    cases = tmp_path / "cases.csv"
    cases.write_text("case_id,category,birth_date,petition_filed,petition_approved,bulletin_current\n"
                     "P1,F2A,2003-02-01,2016-02-01,2016-08-01,2024-06-01\n"
                     "P2,F2A,2001-02-01,2016-02-01,2016-08-01,2024-06-01\n"
                     "bad,F2A,2003-02-30,2016-02-01,2016-08-01,2024-06-01\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "cspa_lib.cli", "batch", str(cases), "-o", "out.csv", *options],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_cli_batch_lang_es_adds_a_spanish_verdict_per_row(tmp_path):
    rows = _batch(tmp_path, "--lang", "es")
    assert [r["verdict"] for r in rows] == [
        "Protegido: sigue siendo menor según la CSPA — 61 días antes de la línea de 21",
        "Superó la edad límite — 669 días más allá de la línea de 21",
        "Error en los datos",
    ]
    assert "explanation" not in rows[0]


def test_cli_batch_explain_adds_the_steps_in_one_cell(tmp_path):
    rows = _batch(tmp_path, "--lang", "es", "--explain")
    steps = evaluate(category="F2A", birth_date="2003-02-01", petition_filed="2016-02-01",  # as_of: the CLI's today
                     petition_approved="2016-08-01", bulletin_current="2024-06-01", as_of=date.today()).explain("es")
    assert rows[0]["explanation"] == "\n".join(steps)
    assert rows[0]["explanation"].startswith("1. Nació el 1 de febrero de 2003")
    assert rows[2]["explanation"] == "" and rows[2]["outcome"] == "error"


def test_cli_batch_without_lang_keeps_the_columns(tmp_path):
    rows = _batch(tmp_path)
    assert "verdict" not in rows[0] and "explanation" not in rows[0]


def test_csv_with_explanations_reads_back_row_for_row(tmp_path):
    rows = _batch(tmp_path, "--explain")
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert len(list(csv.reader(io.StringIO(text)))) == 4  # the header and three rows, steps on lines inside
    assert rows[1]["verdict"] == "Aged out — 669 days past the 21 line"
