"""The batch contract: DataFrames and CSVs in, every row out; and the `cspa` command."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from cspa_lib import evaluate, evaluate_frame
from cspa_lib.batch import read_cases
from cspa_lib.cli import main
from cspa_lib.result import OUTPUT_COLUMNS

CASES = """case_id,category,birth_date,petition_filed,petition_approved,bulletin_current,sought_to_acquire,note
ok-protected,F2A,2003-04-10,2020-02-03,2021-08-16,2024-06-01,2024-09-10,keep me
bad-order,F2A,2003-04-10,2021-08-16,2020-02-03,2024-06-01,,
ok-ir,IR,2003-05-10,2023-11-01,,,,
bad-category,F9,2003-05-10,2023-11-01,,,,
ok-aged-out,F2A,2002-01-05,2021-03-01,2021-09-01,2023-11-01,,
"""


@pytest.fixture
def cases_csv(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(CASES)
    return path


def test_evaluate_frame_keeps_every_row_and_reports_bad_ones(cases_csv):
    df = read_cases(cases_csv)
    out = evaluate_frame(df)
    assert list(out["case_id"]) == ["ok-protected", "bad-order", "ok-ir", "bad-category", "ok-aged-out"]
    assert list(out["outcome"]) == ["protected", "error", "protected", "error", "aged_out"]
    assert out.loc[1, "error"] == "'petition_approved' must be on or after 'petition_filed' (got 2020-02-03 < 2021-08-16)"
    assert out.loc[3, "error"].startswith("'category' must be one of IR, F1")
    assert out.loc[0, "note"] == "keep me"  # extra input columns are kept
    assert list(out.columns[-len(OUTPUT_COLUMNS) - 1:]) == list(OUTPUT_COLUMNS) + ["error"]
    assert out.loc[0, "cspa_age_total_days"] == 7163 and out.loc[4, "days_under_21"] == -116
    assert str(out["days_under_21"].dtype) == "Int64"


def test_evaluate_frame_matches_scalar_evaluate(cases_csv):
    df = read_cases(cases_csv)
    out = evaluate_frame(df)
    for i in (0, 2, 4):
        scalar = evaluate(df.loc[i].to_dict()).to_row()
        for column, value in scalar.items():
            got = out.loc[i, column]
            assert (pd.isna(got) and value is None) or got == value, column


def test_cli_batch_writes_every_row(cases_csv, tmp_path, capsys):
    out_path = tmp_path / "out.csv"
    assert main(["batch", str(cases_csv), "-o", str(out_path)]) == 0
    out = pd.read_csv(out_path, dtype=str, keep_default_na=False)
    assert len(out) == 5 and list(out["outcome"]).count("error") == 2
    assert out.loc[0, "visa_available"] == "2024-06-01" and out.loc[0, "age_out_date"] == "2025-10-21"
    assert "5 cases: aged_out: 1, error: 2, protected: 2" in capsys.readouterr().err


def test_cli_evaluate_explains_in_spanish(capsys):
    code = main(["evaluate", "--category", "F2A", "--birth-date", "2002-01-05", "--petition-filed", "2021-03-01",
                 "--petition-approved", "2021-09-01", "--bulletin-current", "2023-11-01", "--lang", "es"])
    text = capsys.readouterr().out
    assert code == 0
    assert text.startswith("Superó la edad límite — 116 días más allá de la línea de 21")
    assert "5. Edad CSPA = edad al 1 de noviembre de 2023 menos 184 días de tiempo pendiente = edad al 1 de mayo de 2023" in text


def test_cli_evaluate_json(capsys):
    main(["evaluate", "--category", "IR", "--birth-date", "2003-05-10", "--petition-filed", "2023-11-01", "--json"])
    row = json.loads(capsys.readouterr().out)
    assert row["outcome"] == "protected" and row["cspa_age_total_days"] == 7480 and row["days_under_21"] == 191
    assert row["steps"][0].startswith("1. Born May 10, 2003")


def test_cli_reports_bad_input_without_a_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "cspa_lib.cli", "evaluate", "--category", "F2A", "--birth-date", "2003-04-10",
         "--petition-filed", "2021-08-16", "--petition-approved", "2020-02-03", "--bulletin-current", "2024-06-01"],
        capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: 'petition_approved' must be on or after 'petition_filed' (got 2020-02-03 < 2021-08-16)"
    assert "Traceback" not in proc.stderr
