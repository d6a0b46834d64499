"""A `cspa bulletin add` killed (SIGKILL) in the middle of writing never breaks the data: the loader
sees the old set of files or the new one, never a mix, and the next writer finishes or drops the
interrupted write.

The writer is stopped at each named point of `cspa_lib.dataset.write_set` (CSPA_TEST_PAUSE_AT) and
killed there, then killed again after random delays. `CSPA_KILL_ROUNDS=50` runs the random part
50 times (the reliability check); the suite runs it a few times.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from cspa_lib.bulletin import load_bulletin
from cspa_lib.dataset import JOURNAL, PAUSE_POINTS, open_set, recover

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
PAGE = Path(__file__).resolve().parent / "fixtures" / "visa-bulletin-for-august-2026.html"
NAMES = ("visa_bulletin.csv", "dv_rank_cutoffs.csv", "uscis_chart_designation.csv", "PROVENANCE.md")
ROUNDS = int(os.environ.get("CSPA_KILL_ROUNDS", "2"))


def _copy(target: Path) -> Path:
    target.mkdir()
    for name in NAMES:
        shutil.copy(DATA / name, target / name)
    return target


def _set(folder: Path) -> dict[str, bytes | None]:
    with open_set(folder, NAMES) as files:
        return {name: None if fh is None else fh.read() for name, fh in files.items()}


def _start_add(folder: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    code = "import sys; from cspa_lib.importer.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, "add", str(PAGE), "--data-dir", str(folder)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """The file set before and after a completed add of August 2026."""
    old = _copy(tmp_path_factory.mktemp("old") / "data")
    new = _copy(tmp_path_factory.mktemp("new") / "data")
    assert _start_add(new, {}).wait(60) == 0
    return _set(old), _set(new)


def _check(folder: Path, versions: tuple[dict, dict]) -> str:
    old, new = versions
    seen = _set(folder)
    assert seen in (old, new), "the loader would see a mix of old and new files"
    bulletin = load_bulletin(folder / "visa_bulletin.csv")
    which = "new" if seen == new else "old"
    assert bulletin.last_month == (date(2026, 8, 1) if which == "new" else date(2026, 7, 1))
    recover(folder)  # what the next writer does first
    assert not (folder / JOURNAL).exists() and not list(folder.glob(".cspa-tmp-*"))
    assert {n: (folder / n).read_bytes() for n in NAMES} == seen  # settled on the same version
    return which


@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_kill_at_each_point(tmp_path: Path, versions: tuple[dict, dict], point: str) -> None:
    folder = _copy(tmp_path / "data")
    signal_file = tmp_path / "paused"
    proc = _start_add(folder, {"CSPA_TEST_PAUSE_AT": point, "CSPA_TEST_PAUSE_SIGNAL": str(signal_file)})
    deadline = time.monotonic() + 60
    while not signal_file.exists():
        assert proc.poll() is None, f"the writer ended before reaching {point}"
        assert time.monotonic() < deadline, f"the writer never reached {point}"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    which = _check(folder, versions)
    # before the journal is written the commit has not happened; from then on it has
    expected = "old" if point in ("temp-partial", "temps-written") else "new"
    assert which == expected
    # and the data can be written again afterwards
    assert _start_add(folder, {}).wait(60) in (0, 1)  # 1: August already present (new version)
    assert load_bulletin(folder / "visa_bulletin.csv").last_month == date(2026, 8, 1)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_kill_after_a_random_delay(tmp_path: Path, versions: tuple[dict, dict], round_: int) -> None:
    rng = random.Random(round_)
    folder = _copy(tmp_path / "data")
    seen = set()
    for attempt in range(4):
        proc = _start_add(folder, {})
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        seen.add(_check(folder, versions))
        if "new" in seen:
            break
        assert attempt < 3 or seen == {"old"}


def test_a_reader_never_sees_a_mix_while_a_writer_commits(tmp_path: Path) -> None:
    """A reader running beside a writer that commits two versions in turn."""
    import threading

    from cspa_lib.dataset import write_set

    folder = tmp_path / "data"
    versions = [{name: f"{name} version {v}\n" * (200 + v) for name in NAMES[:3]} for v in (0, 1)]
    write_set(folder, versions[0])
    expected = [{n: t.encode() for n, t in v.items()} for v in versions]
    done = threading.Event()
    seen: list[int] = []
    problems: list[str] = []

    def read() -> None:
        try:
            while not done.is_set():
                with open_set(folder, NAMES[:3]) as files:
                    got = {n: fh.read() for n, fh in files.items() if fh is not None}
                if got not in expected:
                    problems.append(f"a mix: {sorted((n, len(t)) for n, t in got.items())}")
                    return
                seen.append(expected.index(got))
        except Exception as exc:  # reported below, not lost in the thread
            problems.append(repr(exc))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(int(os.environ.get("CSPA_COMMITS", "80"))):
            write_set(folder, versions[n % 2])
    finally:
        done.set()
        reader.join(30)
    assert problems == []
    assert set(seen) == {0, 1}


def test_writers_take_turns(tmp_path: Path) -> None:
    """Three writers at once: each commit is whole, none fails, no temporary file is left."""
    import threading

    from cspa_lib.dataset import write_set

    folder = tmp_path / "data"
    errors: list[str] = []

    def write(tag: str) -> None:
        try:
            for n in range(20):
                write_set(folder, {name: f"{tag}{n}\n" * 50 for name in NAMES[:3]})
        except Exception as exc:  # reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=write, args=(tag,)) for tag in "xyz"]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES[:3])
    texts = {(folder / name).read_text() for name in NAMES[:3]}
    assert len(texts) == 1  # the three files are from the same commit
