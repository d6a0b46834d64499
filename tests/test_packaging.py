"""The package as users get it: a pure core, and the data inside the built wheel."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ["cspa_lib.dates", "cspa_lib.codes", "cspa_lib.availability", "cspa_lib.case", "cspa_lib.result",
        "cspa_lib.errors", "cspa_lib.bulletin", "cspa_lib.i18n", "cspa_lib.rules.law", "cspa_lib.rules.policy",
        "cspa_lib.rules.calendar", "cspa_lib.rules.series", "cspa_lib.rules.kernel", "cspa_lib.rules.explain",
        "cspa_lib.rules.single", "cspa_lib"]


def test_importing_the_core_loads_no_pandas_matplotlib_or_widgets():
    """The rules are numpy arrays (one implementation for one case and a million); pandas, plots and
    widgets stay outside the core."""
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "from cspa_lib import evaluate\n"
        + "evaluate(category='IR', birth_date='2003-05-10', petition_filed='2023-11-01')\n"
        + "heavy = sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules)\n"
        + "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


@pytest.mark.slow
def test_wheel_contains_the_data_and_runs_from_it(tmp_path):
    """Files read at run time ship inside the wheel, not only in a source checkout."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("cspa-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("cspa_lib/data/visa_bulletin.csv", "cspa_lib/data/dv_rank_cutoffs.csv",
                     "cspa_lib/data/uscis_chart_designation.csv", "cspa_lib/data/PROVENANCE.md",
                     "cspa_lib/py.typed", "cspa_lib/rules/kernel.py", "cspa_lib/workshop/workshop.ipynb",
                     "cspa_lib/workshop/server.py", "cspa_lib/report.py"):
        assert required in names, f"{required} missing from {wheel.name}"
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    code = ("import cspa_lib, cspa_lib.bulletin as b; print(cspa_lib.__file__); print(b.data_dir()); "
            "print(b.load_bulletin()); from cspa_lib.workshop import source_notebook; print(source_notebook())")
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                          check=True)
    module_file, data, loaded, notebook = proc.stdout.strip().splitlines()
    assert module_file.startswith(str(unpacked)) and data.startswith(str(unpacked))
    assert notebook == str(unpacked / "cspa_lib" / "workshop" / "workshop.ipynb")
    assert loaded == "Bulletin(visa_bulletin.csv, 2001-12..2026-07)"
