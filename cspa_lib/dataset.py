"""The data folder as one set of files: replaced together, read together.

`visa_bulletin.csv`, `dv_rank_cutoffs.csv`, `uscis_chart_designation.csv` (and the small files
beside them) describe one state of the bulletin history. `cspa bulletin add|update|import` must
change them as a set: a kill at any moment may leave the old set or the new one, never a mix, and
the loader must only ever see one of the two.

How (a commit journal, written last):
1. each new file is written to a temporary file in the same folder and fsynced;
2. `.cspa-commit.json` (itself written to a temporary file, fsynced and renamed into place) names
   the temporary file of every target: once it exists the new set is committed;
3. each temporary file is renamed over its target (`os.replace`), the folder fsynced;
4. the journal is removed.

A reader that finds a journal reads, for each target it names, the temporary file while it still
exists and the target once it has been renamed: both are the new version. Without a journal it
reads the targets. The next writer finishes a journal left by a killed one (step 3 again) and
removes stray temporary files of a writer killed before step 2. Writers take turns (a lock on the
folder); readers never lock and never write.

`CSPA_TEST_PAUSE_AT=<point>` makes a writer stop at a named point (announcing it in the file named
by `CSPA_TEST_PAUSE_SIGNAL`) so that a test can kill it there; unset, it costs one lookup.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

JOURNAL = ".cspa-commit.json"
_TMP_PREFIX = ".cspa-tmp-"
PAUSE_POINTS = ("temp-partial", "temps-written", "journal-written", "replaced-1", "replaced-all")


class DataSetChanged(OSError):
    """The files kept changing while being opened (a writer committing in a tight loop)."""


def _pause(point: str) -> None:
    if os.environ.get("CSPA_TEST_PAUSE_AT") != point:
        return
    signal = os.environ.get("CSPA_TEST_PAUSE_SIGNAL")
    if signal:
        Path(signal).write_text(point, encoding="utf-8")
    time.sleep(600)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes, pause_halfway: bool = False) -> None:
    with open(path, "xb") as fh:
        if pause_halfway:
            fh.write(data[: len(data) // 2])
            fh.flush()
            _pause("temp-partial")
            fh.write(data[len(data) // 2 :])
        else:
            fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _read_journal(folder: Path) -> dict[str, str] | None:
    try:
        raw = (folder / JOURNAL).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    files = json.loads(raw)["files"]
    return {str(k): str(v) for k, v in files.items()}


def recover(folder: Path | str) -> None:
    """Finish a commit a killed writer left behind, and remove stray temporary files."""
    folder = Path(folder)
    journal = _read_journal(folder)
    if journal is not None:
        for target, temp in journal.items():
            if (folder / temp).exists():
                os.replace(folder / temp, folder / target)
        _fsync_dir(folder)
        (folder / JOURNAL).unlink()
        _fsync_dir(folder)
    for stray in folder.glob(_TMP_PREFIX + "*"):
        stray.unlink()


@contextlib.contextmanager
def writer_lock(folder: Path) -> Iterator[None]:
    """One writer at a time per folder (a POSIX advisory lock on the folder itself, so no lock file
    is left behind; readers never lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def write_set(folder: Path | str, files: Mapping[str, str | bytes], *, lock: bool = True) -> None:
    """Replace the named files of `folder` together (see the module docstring); text as UTF-8.
    `lock=False` when the caller already holds `writer_lock(folder)` (a read-modify-write)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not lock:
        _write_set(folder, files)
        return
    with writer_lock(folder):
        _write_set(folder, files)


def _write_set(folder: Path, files: Mapping[str, str | bytes]) -> None:
    recover(folder)
    token = secrets.token_hex(6)
    temps: dict[str, str] = {}
    try:
        for n, (name, content) in enumerate(files.items()):
            data = content.encode("utf-8") if isinstance(content, str) else content
            temp = f"{_TMP_PREFIX}{token}-{name}"
            temps[name] = temp
            _write_new(folder / temp, data, pause_halfway=n == 0)
        _pause("temps-written")
        journal_temp = folder / f"{_TMP_PREFIX}{token}-{JOURNAL}"
        _write_new(journal_temp, json.dumps({"files": temps}, indent=1).encode("utf-8"))
        os.replace(journal_temp, folder / JOURNAL)  # the commit point
        _fsync_dir(folder)
    except BaseException:
        for temp in temps.values():
            with contextlib.suppress(FileNotFoundError):
                (folder / temp).unlink()
        raise
    _pause("journal-written")
    for n, (name, temp) in enumerate(temps.items(), start=1):
        os.replace(folder / temp, folder / name)
        if n == 1:
            _pause("replaced-1")
    _fsync_dir(folder)
    _pause("replaced-all")
    (folder / JOURNAL).unlink()
    _fsync_dir(folder)


def write_file(path: Path | str, content: str | bytes) -> None:
    """One file, atomically (temporary file in the same folder, fsync, `os.replace`)."""
    write_set(Path(path).parent, {Path(path).name: content})


@contextlib.contextmanager
def open_set(folder: Path | str, names: Sequence[str]) -> Iterator[dict[str, BinaryIO | None]]:
    """Open the named files of one committed set (None for a file that does not exist).

    Retried when a writer commits while the files are being opened: the handles are kept only
    if the journal is the same before and after opening them and each still is the file at its
    path, so all of them belong to one set.
    """
    folder = Path(folder)
    for _attempt in range(50):
        journal = _read_journal(folder)
        handles: dict[str, BinaryIO | None] = {}
        paths: dict[str, Path] = {}
        try:
            for name in names:
                # under a journal the new version is the temporary file, or the target once renamed
                candidates = [folder / journal[name]] if journal is not None and name in journal else []
                candidates.append(folder / name)
                handles[name], paths[name] = None, folder / name
                for path in candidates:
                    try:
                        handles[name] = open(path, "rb")  # noqa: SIM115 - closed below
                    except FileNotFoundError:
                        continue
                    paths[name] = path
                    break
            if _read_journal(folder) == journal and all(_same_file(handles[n], paths[n]) for n in names):
                yield handles
                return
        finally:
            for fh in handles.values():
                if fh is not None:
                    fh.close()
        time.sleep(0.001)
    raise DataSetChanged(f"{folder}: the data files kept changing while being read; try again")


def _same_file(handle: BinaryIO | None, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return handle is None
    if handle is None:
        return False
    then = os.fstat(handle.fileno())
    return (now.st_ino, now.st_dev) == (then.st_ino, then.st_dev)
