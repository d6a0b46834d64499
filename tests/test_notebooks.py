"""Every notebook in notebooks/ runs top to bottom on a headless kernel, and is stored clean.

The notebooks are found by glob, so a new notebook is tested the day it is added. The kernel is
the interpreter running pytest (`sys.executable -m ipykernel_launcher`), not whatever `python` is
first on the PATH, so the notebooks see the same installed `cspa_lib` as the other tests.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
IDS = [path.stem for path in NOTEBOOKS]
CELL_TIMEOUT_S = 120  # one cell; a whole teaching notebook runs in a few seconds
NOTEBOOK_BUDGET_S = 60  # a notebook slower than this is too slow to teach with
# Strips outputs and execution counts, keeps cell ids (nbstripout from the `notebooks` extra).
CLEAN_UP = "nbstripout --keep-id"


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


def _kernel_manager(tmp_path: Path):
    """A kernel manager whose `python3` kernel is this interpreter."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    spec_dir = tmp_path / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (pytest)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
    return KernelManager(kernel_name="python3", kernel_spec_manager=specs)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path):
    pytest.importorskip("ipykernel")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        km=_kernel_manager(tmp_path),
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError naming the cell on any exception
    elapsed = time.perf_counter() - start
    assert elapsed < NOTEBOOK_BUDGET_S, f"{path.name} took {elapsed:.1f} s (budget {NOTEBOOK_BUDGET_S} s)"
    warnings = [
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
        and output.get("name") == "stderr"
        and "Warning" in output.get("text", "")
    ]
    assert not warnings, f"{path.name} prints warnings:\n" + "\n".join(warnings)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_stored_without_outputs(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        index
        for index, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have stored outputs or execution counts (saved from Jupyter?). "
        f"Clean up with: {CLEAN_UP} notebooks/{path.name}   (README, 'Notebooks and the workshop dashboard', "
        "sets git up to do it on every commit)"
    )


def test_the_clean_up_command_cleans_a_saved_notebook(tmp_path: Path):
    """The command the stored-outputs test prints turns a notebook saved with outputs into the
    stored file, byte for byte (cell ids kept), and leaves a clean notebook unchanged."""
    source = NOTEBOOK_DIR / "workshop.ipynb"
    nb = json.loads(source.read_text(encoding="utf-8"))
    for number, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = number + 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["saved in JupyterLab\n"]}]
    saved = tmp_path / source.name
    saved.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=re.escape(f"Clean up with: {CLEAN_UP} notebooks/{source.name}")):
        test_notebook_is_stored_without_outputs(saved)
    subprocess.run([sys.executable, "-m", *CLEAN_UP.split(), str(saved)], check=True)
    assert saved.read_bytes() == source.read_bytes()


def test_git_and_pre_commit_strip_notebooks_the_same_way():
    """.gitattributes routes the notebooks through the nbstripout filter, and the pre-commit
    hook runs the same command as the clean-up message."""
    assert "notebooks/*.ipynb filter=nbstripout" in (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert f"entry: {CLEAN_UP}\n" in (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_opens_with_prose(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["cells"], f"{path.name} is empty"
    assert nb["cells"][0]["cell_type"] == "markdown", f"{path.name}: the first cell must be markdown"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_installs_and_fetches_nothing(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for banned in ("!pip", "%pip", "pip install", "http://", "https://", "urlopen", "requests."):
            assert banned not in source, f"{path.name}: cell {index} contains {banned!r}"
