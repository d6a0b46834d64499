"""Speed of the batch path, the bulletin, the explorer, sweeps and the notebooks.

    python benchmarks/bench.py            # the full table (about a minute on 2 cores)
    python benchmarks/bench.py --quick    # 1e4 and 1e5 cases, no notebooks (a few seconds)

Prints a Markdown table; record it with the machine in benchmarks/README.md. Never part of the
tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cspa_lib import evaluate, load_bulletin  # noqa: E402
from cspa_lib.batch import evaluate_frame  # noqa: E402

CATEGORIES = np.array(["F1", "F2A", "F2B", "F3", "F4", "EB1", "EB2", "EB3", "IR"])
CHARGEABILITIES = np.array(["ALL", "MEXICO", "INDIA", "PHILIPPINES", "CHINA"])


def synthetic_cases(n: int, seed: int = 0) -> pd.DataFrame:
    """Hypothetical cases, most needing a bulletin lookup (no `bulletin_current`): petitions filed
    2008..2022, approved 1..40 months later, children born 1..20 years before filing."""
    rng = np.random.default_rng(seed)
    filed = np.datetime64("2008-01-01") + rng.integers(0, 15 * 365, n).astype("timedelta64[D]")
    approved = filed + rng.integers(30, 1200, n).astype("timedelta64[D]")
    born = filed - rng.integers(365, 20 * 365, n).astype("timedelta64[D]")
    sought = approved + rng.integers(0, 3000, n).astype("timedelta64[D]")
    sought[rng.random(n) < 0.5] = np.datetime64("NaT")
    return pd.DataFrame(
        {
            "case_id": np.arange(n).astype(str),
            "category": rng.choice(CATEGORIES, n),
            "chargeability": rng.choice(CHARGEABILITIES, n),
            "birth_date": born,
            "petition_filed": filed,
            "petition_approved": approved,
            "processing": rng.choice(np.array(["adjustment", "consular"]), n),
            "sought_to_acquire": sought,
        }
    )


ALL_CATEGORIES = np.array(["IR", "F1", "F2A", "F2B", "F3", "F4", "EB1", "EB2", "EB3", "EW", "EB4", "EB5", "DV",
                           "ASYLEE", "REFUGEE", "K2"])
DV_REGIONS = np.array(["AFRICA", "ASIA", "EUROPE", "NORTH_AMERICA", "OCEANIA", "SOUTH_AMERICA_CARIBBEAN"])


def mixed_cases(n: int, seed: int = 0) -> pd.DataFrame:
    """A realistic caseload, as an analyst's file would hold it: every category; married and divorced
    children; parents who naturalized (BIA and circuit readings, F2B opt-outs); ended marriages; DV
    ranks and program years; asylees, refugees and K-2 admissions; Feb 29 births; adjustment dates;
    extraordinary circumstances; half the rows looking their visa-available date up in the bulletin,
    the other half with a given bulletin month."""
    rng = np.random.default_rng(seed)
    day = np.timedelta64(1, "D")

    def some(share: float) -> np.ndarray:
        return rng.random(n) < share

    filed = np.datetime64("2008-01-01") + rng.integers(0, 15 * 365, n) * day
    approved = filed + rng.integers(30, 1200, n) * day
    born = filed - rng.integers(365, 20 * 365, n) * day
    born[some(0.01)] = np.datetime64("2004-02-29")
    sought = approved + rng.integers(0, 3000, n) * day
    nat = np.datetime64("NaT")
    category = rng.choice(ALL_CATEGORIES, n)
    months = (approved + rng.integers(-400, 2500, n) * day).astype("datetime64[M]").astype("datetime64[D]")
    bulletin_current = np.where(some(0.5), months, nat)
    naturalized = np.where(some(0.15), filed + rng.integers(0, 3000, n) * day, nat)
    married = np.where(some(0.08), born + rng.integers(18 * 365, 24 * 365, n) * day, nat)
    ended = np.where(some(0.5), married + rng.integers(30, 1500, n) * day, nat)
    f3_ended = (category == "F3") & some(0.3)
    ended = np.where(f3_ended, filed + rng.integers(0, 2000, n) * day, ended)
    adjustment = np.where(some(0.4), sought - rng.integers(0, 60, n) * day, nat)
    dv = category == "DV"
    dv_filed = np.datetime64("2013-10-05") + rng.integers(0, 10, n) * np.timedelta64(365, "D")
    return pd.DataFrame({
        "case_id": np.arange(n).astype(str),
        "category": category,
        "chargeability": rng.choice(CHARGEABILITIES, n),
        "birth_date": born,
        "petition_filed": np.where(dv, dv_filed, filed),
        "petition_approved": np.where(dv, dv_filed + rng.integers(200, 240, n) * day, approved),
        "bulletin_current": bulletin_current,
        "processing": rng.choice(np.array(["adjustment", "consular"]), n),
        "adjustment_filed": adjustment,
        "sought_to_acquire": np.where(some(0.5), sought, nat),
        "parent_naturalized": naturalized,
        "jurisdiction": rng.choice(np.array(["BIA", "BIA", "CA9", "CA2"]), n),
        "opt_out": some(0.1),
        "married": married,
        "marriage_ended": ended,
        "admitted": filed + rng.integers(0, 400, n) * day,
        "dv_region": np.where(dv, rng.choice(DV_REGIONS, n), ""),
        "dv_rank": np.where(dv, rng.integers(1, 60_000, n), 0).astype(object),
        "extraordinary_circumstances": some(0.02),
    }).assign(dv_rank=lambda f: f["dv_rank"].where(dv, None))  # fmt: skip


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def scalar_seconds_per_row(df: pd.DataFrame, bulletin) -> float:
    """A plain loop of `evaluate` over the rows (errors caught, as the batch path does)."""
    records = df.to_dict("records")
    for record in records:
        for key, value in record.items():
            if value is pd.NaT:
                record[key] = None
    start = time.perf_counter()
    for record in records:
        try:
            evaluate(record, bulletin=bulletin)
        except ValueError:
            pass
    return (time.perf_counter() - start) / len(records)


def bench_frames(sizes: list[int], rows: list[tuple[str, str, str, str]]) -> None:
    bulletin = load_bulletin()
    per_row_scalar = scalar_seconds_per_row(synthetic_cases(2000, seed=1), bulletin)
    rows.append(("scalar `evaluate` loop, 2,000-case sample", f"{per_row_scalar * 1e6:.0f} µs/row",
                 f"{1 / per_row_scalar:,.0f} rows/s", "reference"))  # fmt: skip
    evaluate_frame(synthetic_cases(1000, seed=2), bulletin)  # build the bulletin's search tables once
    for n in sizes:
        df = synthetic_cases(n, seed=3)
        seconds = best_of(lambda df=df: evaluate_frame(df, bulletin), 3 if n <= 100_000 else 2)
        ratio = per_row_scalar / (seconds / n)
        target = " (target < 1 s, >= 50x)" if n == 1_000_000 else ""
        rows.append((f"`evaluate_frame`, {n:,} cases with bulletin lookups{target}", f"{seconds:.3f} s",
                     f"{n / seconds:,.0f} rows/s", f"{ratio:,.0f}x the scalar loop per row"))  # fmt: skip
        if n == 100_000:  # the realistic mix: every category and the odd cases real caseloads carry
            mixed = mixed_cases(n, seed=4)
            evaluate_frame(mixed.head(1000), bulletin)
            mixed_seconds = best_of(lambda mixed=mixed: evaluate_frame(mixed, bulletin), 3)
            per_row = (mixed_seconds / n) / (seconds / n)
            rows.append((f"`evaluate_frame`, {n:,} mixed cases, every category (target < 0.5 s, <= 3x friendly)",
                         f"{mixed_seconds:.3f} s", f"{n / mixed_seconds:,.0f} rows/s",
                         f"{per_row:.1f}x the friendly cohort's time per row"))  # fmt: skip
        if n == max(sizes):  # the same cases with code columns read as `dtype="category"`
            for column in ("category", "chargeability", "processing"):
                df[column] = df[column].astype("category")
            seconds = best_of(lambda df=df: evaluate_frame(df, bulletin), 3 if n <= 100_000 else 2)
            ratio = per_row_scalar / (seconds / n)
            rows.append((f"`evaluate_frame`, the same {n:,} cases, code columns as categoricals", f"{seconds:.3f} s",
                         f"{n / seconds:,.0f} rows/s", f"{ratio:,.0f}x the scalar loop per row"))  # fmt: skip


def bench_bulletin(rows: list[tuple[str, str, str, str]]) -> None:
    code = (
        "import time; t0 = time.perf_counter(); import cspa_lib; t1 = time.perf_counter(); "
        "cspa_lib.load_bulletin(); t2 = time.perf_counter(); print(t1 - t0, t2 - t1)"
    )
    imports, loads = [], []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        a, b = map(float, out.stdout.split())
        imports.append(a)
        loads.append(b)
    rows.append(("`load_bulletin()` in a fresh process, cold (target < 200 ms)",
                 f"{statistics.median(loads) * 1e3:.0f} ms", "median of 5",
                 f"`import cspa_lib` {statistics.median(imports) * 1e3:.0f} ms before it"))  # fmt: skip
    bulletin = load_bulletin()
    rng = np.random.default_rng(4)
    pds = np.datetime64("1995-01-01") + rng.integers(0, 30 * 365, 100_000).astype("timedelta64[D]")
    bulletin.first_current_months(pds[:10], "FAD", "F2A", "MEXICO")
    seconds = best_of(lambda: bulletin.first_current_months(pds, "FAD", "F2A", "MEXICO"), 5)
    rows.append(("100,000 priority-date lookups (`first_current_months`)", f"{seconds * 1e3:.1f} ms",
                 f"{1e5 / seconds:,.0f} lookups/s", "F2A Mexico, Final Action"))  # fmt: skip


def bench_explorer(rows: list[tuple[str, str, str, str]]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        from cspa_lib.widgets import CspaExplorer
    except Exception as exc:  # widgets are optional for the batch path
        rows.append(("explorer update", "skipped", f"{type(exc).__name__}: {exc}", ""))
        return
    explorer = CspaExplorer()
    slider = explorer.controls["bulletin_shift"]
    values = [v for v in range(-12, 13) if v != slider.value]
    times = []
    for i in range(50):
        before = explorer.result
        start = time.perf_counter()
        slider.value = values[i % len(values)]
        times.append(time.perf_counter() - start)
        if explorer.result is before:
            raise RuntimeError("the explorer did not update its result")
    rows.append(("explorer update: set a control, result redrawn (target < 100 ms)",
                 f"{statistics.median(times) * 1e3:.0f} ms", "median of 50 changes",
                 f"max {max(times) * 1e3:.0f} ms; verdict, timeline PNG and steps"))  # fmt: skip


def bench_grid(rows: list[tuple[str, str, str, str]]) -> None:
    from cspa_lib.scenarios import grid

    case = {"category": "F2A", "birth_date": "2003-04-10", "petition_filed": "2020-02-03",
            "petition_approved": "2021-08-16", "bulletin_current": "2024-06-01"}  # fmt: skip
    lookup = {key: value for key, value in case.items() if key != "bulletin_current"}
    lookup["chargeability"] = "MEXICO"

    lookup["priority_date"] = "2002-01-01"

    def by_month() -> None:
        grid(case, "petition_approved", "bulletin_current", x_days=range(200), y_months=range(200))

    def by_priority_date() -> None:
        grid(lookup, "petition_approved", "priority_date", x_days=range(200), y_days=range(0, 2000, 10))

    by_month()
    seconds = best_of(by_month, 3)
    rows.append(("200 x 200 grid sweep, approval x bulletin month (target < 0.5 s)", f"{seconds:.3f} s",
                 f"{40_000 / seconds:,.0f} cells/s", "`scenarios.grid`, 40,000 cases"))  # fmt: skip
    seconds = best_of(by_priority_date, 3)
    rows.append(("200 x 200 grid sweep, approval x priority date, bulletin lookups", f"{seconds:.3f} s",
                 f"{40_000 / seconds:,.0f} cells/s", "F2A Mexico on the bundled bulletin"))  # fmt: skip


def bench_notebooks(rows: list[tuple[str, str, str, str]]) -> None:
    try:
        import nbclient
        import nbformat
    except ImportError as exc:
        rows.append(("executing every notebook", "skipped", str(exc), ""))
        return
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    total = 0.0
    each = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        nbclient.NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
        seconds = time.perf_counter() - start
        total += seconds
        each.append(f"{path.stem} {seconds:.1f} s")
    rows.append((f"executing all {len(notebooks)} notebooks (nbclient, one kernel each)", f"{total:.1f} s",
                 "sequential", "; ".join(each)))  # fmt: skip


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, numpy {np.__version__}, "
            f"pandas {pd.__version__}, {platform.system()} {platform.release()}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1e4 and 1e5 cases only, no notebooks")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str, str, str]] = []
    bench_frames([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000], rows)
    bench_bulletin(rows)
    bench_explorer(rows)
    bench_grid(rows)
    if not args.quick:
        bench_notebooks(rows)
    print(f"Machine: {machine()}, load average before the run {os.getloadavg()[0]:.1f}  ")
    print(f"Run: {date.today().isoformat()}, `python benchmarks/bench.py{' --quick' if args.quick else ''}`\n")
    print("| what | time | rate | note |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
