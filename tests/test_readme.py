"""The README's Python examples run as printed, and the values its comments state are the library's."""

import os
import re
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 3


@pytest.fixture(scope="module")
def namespace():
    """Every block run in order in one namespace, from the project root (the CSV path is relative)."""
    import matplotlib

    matplotlib.use("Agg")
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        ns: dict = {}
        for block in BLOCKS:
            exec(compile(block, "README.md", "exec"), ns)
        return ns
    finally:
        os.chdir(here)
        import matplotlib.pyplot as plt

        plt.close("all")


def test_the_first_example_gives_the_stated_values(namespace):
    result = namespace["result"]
    assert (result.outcome.value, result.days_under_21, result.age_out_date) == ("protected", 508, date(2025, 10, 21))
    assert (result.cspa_age.years, result.cspa_age.months, result.cspa_age.days) == (19, 7, 9)


def test_the_what_if_example_gives_the_stated_month(namespace):
    assert namespace["latest_protected"](namespace["case"], "bulletin_current") == date(2025, 10, 1)
