"""Memory and time of `load_bulletin(path)` on a large hypothetical bulletin (issue 11).

Writes a `visa_bulletin.csv` of N rows (default 5,000,000: every chart x category x chargeability
code over as many consecutive months as it takes) to a temporary folder, then loads it in a fresh
process and reports the peak resident memory (ru_maxrss) and the wall time, next to a fresh
process that only imports `cspa_lib.bulletin`. Usage: `python benchmarks/bulletin_memory.py [N]`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cspa_lib.bulletin import CATEGORY_CODES  # noqa: E402
from cspa_lib.codes import CHARGEABILITIES  # noqa: E402

PROBE = """
import resource, sys, time
start = time.perf_counter()
from cspa_lib.bulletin import load_bulletin
if sys.argv[1] != "-":
    b = load_bulletin(sys.argv[1])
    print(f"{b!r}", file=sys.stderr)
elapsed = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, elapsed)
"""


def write_file(path: Path, n_rows: int) -> int:
    keys = [(chart, cat, chg) for chart in ("FAD", "DFF") for cat in CATEGORY_CODES for chg in CHARGEABILITIES]
    months = -(-n_rows // len(keys))
    written = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("bulletin_month,chart,category,chargeability,cutoff,source\n")
        year, month = 2026 - months // 12 - 1, 1
        for i in range(months):
            stamp = f"{year:04d}-{month:02d}-01"
            cutoff = f"{year - 5:04d}-{month:02d}-{1 + i % 28:02d}"
            lines = []
            for chart, cat, chg in keys:
                if written == n_rows:
                    break
                lines.append(f"{stamp},{chart},{cat},{chg},{cutoff if i % 7 else 'C'},panel\n")
                written += 1
            fh.write("".join(lines))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return written


def probe(arg: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", PROBE, arg], cwd=REPO, capture_output=True, text=True, check=True)
    rss_kb, seconds = out.stdout.split()
    return int(rss_kb) / 1024, float(seconds)


def main() -> None:
    n_rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "visa_bulletin.csv"
        t = time.perf_counter()
        rows = write_file(path, n_rows)
        size = path.stat().st_size / 1024**2
        print(f"wrote {rows:,} rows ({size:.0f} MB) in {time.perf_counter() - t:.1f} s")
        base_rss, _ = probe("-")
        rss, seconds = probe(str(path))
        print(f"import only: peak RSS {base_rss:.0f} MB")
        print(f"load_bulletin: peak RSS {rss:.0f} MB ({rss - base_rss:.0f} MB above the import, "
              f"{(rss - base_rss) * 1024**2 / rows:.0f} bytes a row), {seconds:.1f} s")


if __name__ == "__main__":
    main()
