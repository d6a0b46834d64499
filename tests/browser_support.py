"""Plumbing for the browser tests: Debian's Chromium, servers on loopback, screenshots.

Playwright drives `/usr/bin/chromium` (never a downloaded browser). Voila and JupyterLab run as
child processes in their own process group, on a port found by binding to port 0, with their
Jupyter config, data and runtime dirs in a temporary folder so nothing is written under `~`.
Stopping a server sends SIGTERM to its group (both servers shut their kernels down on it), waits,
then kills whatever is left, kernels included (jupyter_client starts kernels in sessions of their
own, so they are not in the server's group).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
# As root on a machine with a closed network: no sandbox, no GPU, nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Pages that link a CDN (Voila's templates load fonts and MathJax) fail at once, online or not.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
T = TypeVar("T")
SERVER_START_TIMEOUT_S = 60
SERVER_STOP_TIMEOUT_S = 10


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> NoReturn:
    """Skip locally; fail in CI, where `.ci/run` installs everything the browser tests need."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def require_browser_stack(*modules: str) -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    for module in ("playwright.sync_api", *modules):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            unavailable(f"cannot import {module!r}: install the test extras (pip install -e '.[test]')")


def chromium_options() -> dict:
    """`playwright.chromium.launch(**chromium_options())`: Debian's Chromium, headless, quiet."""
    return {"executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}


def with_own_browser(body: Callable[[Any], T]) -> T:
    """Run `body(browser)` on a Chromium of its own, in a worker thread.

    Playwright's sync API allows one running instance per thread, and the dashboard tests keep a
    session-long one in the main thread; a test that runs in the same session starts its own here.
    """
    from concurrent.futures import ThreadPoolExecutor

    def run() -> T:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**chromium_options())
            try:
                return body(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as worker:
        return worker.submit(run).result()


def free_port() -> int:
    """A loopback port nobody holds right now (the OS picks it when we bind to port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_jupyter_env(home: Path) -> dict[str, str]:
    """The environment for a Jupyter server whose config, data and runtime files stay in `home`."""
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "IPYTHONDIR": home / "ipython",
        "MPLCONFIGDIR": home / "matplotlib",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("JUPYTER_TOKEN", "JPY_"))}
    env.update({key: str(path) for key, path in dirs.items()})
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields after the last ')' are safe.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, start time) of a process, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[19])


def descendants(pid: int) -> list[tuple[int, int]]:
    """(pid, start time) of every process below `pid`; the start time tells a reused pid apart."""
    if not Path("/proc").is_dir():
        return []
    children = _children_map()
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            stat = _stat(child)
            if stat is not None:
                found.append((child, stat[1]))
            todo.append(child)
    return found


def _alive(pid: int, start: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[1] == start and stat[0] != "Z"


class Server:
    """A Jupyter-style server started by a test, in its own process group, logging to a file."""

    def __init__(self, name: str, argv: list[str], *, cwd: Path, env: dict[str, str], port: int,
                 log_path: Path) -> None:
        self.name, self.argv, self.cwd, self.env, self.port, self.log_path = name, argv, cwd, env, port, log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{port}"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def start(self, timeout_s: float = SERVER_START_TIMEOUT_S) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self.proc.returncode} before listening on "
                                   f"{self.url}; its log ({self.log_path}):\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not listen on {self.url} within {timeout_s:.0f} s; its log "
                           f"({self.log_path}):\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM to the group, wait, SIGKILL what is left (the server's group and its kernels)."""
        proc = self.proc
        if proc is None:
            return
        family = descendants(proc.pid)
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=SERVER_STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for pid, start in family:
            if _alive(pid, start):
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        proc.wait(timeout=SERVER_STOP_TIMEOUT_S)
        deadline = time.monotonic() + SERVER_STOP_TIMEOUT_S
        while any(_alive(pid, start) for pid, start in family) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.proc = None


@contextmanager
def running(server_factory, attempts: int = 3) -> Iterator[Server]:
    """Start a server (a new free port on each attempt, in case another process took the port
    between our probe and the server's bind), yield it, and stop it however the block ends."""
    last_error: Exception | None = None
    for _ in range(attempts):
        server: Server = server_factory(free_port())
        try:
            server.start()
        except RuntimeError as error:
            server.stop()
            last_error = error
            continue
        try:
            yield server
        finally:
            server.stop()
        return
    raise RuntimeError(f"could not start the server: {last_error}")


def voila_server(target: Path, home: Path, port: int, log_name: str) -> Server:
    """Voila serving one notebook (or a folder of notebooks) on 127.0.0.1:port."""
    argv = [
        sys.executable, "-m", "voila", str(target),
        f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--no-browser",
        "--show_tracebacks=True",
    ]
    cwd = target if target.is_dir() else target.parent
    return Server("Voila", argv, cwd=cwd, env=isolated_jupyter_env(home), port=port,
                  log_path=ARTIFACTS / log_name)


def workshop_server(home: Path, port: int, log_name: str, *options: str) -> Server:
    """`cspa workshop` (its shipped Voila configuration) on 127.0.0.1:port; `options` are the
    command's own (`--room`, `--max-kernels 3`, ...). With `--room` it still listens on loopback
    only (`--ip 127.0.0.1`): the tests never open a port to the network."""
    argv = [sys.executable, "-m", "cspa_lib.cli", "workshop", f"--port={port}", "--ip=127.0.0.1", *options]
    return Server("cspa workshop", argv, cwd=home, env=isolated_jupyter_env(home), port=port,
                  log_path=ARTIFACTS / log_name)


def join_url_from_log(server: Server, timeout_s: float = SERVER_START_TIMEOUT_S) -> str:
    """The join URL (with its token) that `cspa workshop --room` prints for the trainer."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for line in server.log_tail(100_000).splitlines():
            if line.strip().startswith("http://") and "?token=" in line and "/cspa/room" not in line:
                return line.strip()
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} printed no join URL; its log:\n{server.log_tail()}")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kernel_pids(server: Server) -> list[int]:
    """The kernels a server runs now (its descendants running ipykernel)."""
    if server.proc is None:
        return []
    return [pid for pid, start in descendants(server.proc.pid)
            if _alive(pid, start) and "ipykernel" in _cmdline(pid)]


def wait_for_kernels(server: Server, count: int, timeout_s: float) -> float:
    """Wait until the server runs exactly `count` kernels; the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        if len(kernel_pids(server)) == count:
            return time.monotonic() - start
        time.sleep(0.5)
    raise AssertionError(f"{server.name} runs {len(kernel_pids(server))} kernels after {timeout_s:.0f} s, "
                         f"not {count}; its log:\n{server.log_tail()}")


def tree_rss_mb(server: Server) -> float:
    """Resident memory of the server and every process below it (kernels included), in MB."""
    if server.proc is None:
        return 0.0
    total = 0
    for pid in [server.proc.pid, *(pid for pid, _ in descendants(server.proc.pid))]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def lab_server(root_dir: Path, home: Path, port: int, log_name: str) -> Server:
    """JupyterLab on 127.0.0.1:port, no token, nothing fetched from the network, no autosave
    (a test that runs a notebook must not write its outputs back to the file)."""
    settings = home / "lab-user-settings"
    docmanager = settings / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True, exist_ok=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # Every cell in the DOM, so a widget below the fold can be found and scrolled to.
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True, exist_ok=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    argv = [
        sys.executable, "-m", "jupyterlab", f"--port={port}", "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1", "--no-browser", "--IdentityProvider.token=", "--ServerApp.password=",
        "--ServerApp.terminals_enabled=False", "--LabApp.extension_manager=readonly", f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={home / 'lab-workspaces'}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # CI containers and this machine run the tests as root
    return Server("JupyterLab", argv, cwd=root_dir, env=isolated_jupyter_env(home), port=port,
                  log_path=ARTIFACTS / log_name)


def log_name(name: str) -> str:
    """A server log's file name, per pytest-xdist worker so two workers never share a log."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{worker}{dot}{ext}" if worker else name


def screenshot(page, name: str, locator=None) -> Path:
    """Save a PNG under test-artifacts/browser/ (the whole page, or one element)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    (locator or page).screenshot(path=str(path), **({} if locator else {"full_page": True}))
    return path


# --- what the Spanish view must not show (shared by the widget and browser tests) ----------------

# English words a Spanish reader would notice (whole words, any case), and internal codes. Case
# names stay as published ("Matter of Wang"), so `spanish_leaks` removes them before looking.
ENGLISH_WORDS = (
    "the", "and", "of", "with", "to", "is", "are", "was", "on", "in", "at", "by", "for", "or", "not",
    "petition", "filed", "approved", "available", "current", "chart", "policy", "aged", "out", "age",
    "days", "months", "years", "child", "bulletin", "priority", "date", "birth", "deadline", "sought",
    "acquire", "custom", "reset", "example", "step", "steps", "notes", "under", "past", "line", "filing",
    "adjustment", "processing", "large", "text", "language", "category", "protected", "derivative",
    "asylee", "refugee", "married", "marriage", "naturalized", "region", "rank", "year", "circuit",
    "vs", "premium", "action", "dates", "unavailable", "given", "still",
)
CODES = re.compile(
    r"\b(?:FAD|DFF|ALL|ASYLEE|REFUGEE|K2|PHILIPPINES|MEXICO|CHINA|uscis_\d{4}|[A-Za-z]+_[A-Za-z_0-9]+)\b"
)
_ENGLISH = re.compile(r"\b(?:" + "|".join(ENGLISH_WORDS) + r")\b", re.IGNORECASE)
_CASE_NAMES = re.compile(r"Matter\s+of\s+[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?")  # any space (options use NBSP)
_ISO = re.compile(r"\b\d{4}-\d\d(?:-\d\d)?\b")


def spanish_leaks(text: str) -> list[str]:
    """English words, internal codes, ISO dates and rule-book references (`[§6]`) in Spanish text."""
    text = _CASE_NAMES.sub(" ", text)
    found = [m.group(0) for m in _ENGLISH.finditer(text)]
    found += [m.group(0) for m in CODES.finditer(text)]
    found += [m.group(0) for m in _ISO.finditer(text)]
    found += re.findall(r"\[§[^\]]*\]|§\d", text)
    return sorted(set(found))


def english_leaks(text: str) -> list[str]:
    """Internal codes and rule-book references in the English view ('these months: —' included)."""
    found = [m.group(0) for m in re.finditer(r"\b(?:FAD|DFF|ASYLEE|REFUGEE|uscis_\d{4}|SOUTH_AMERICA_CARIBBEAN)\b", text)]
    found += re.findall(r"\[§[^\]]*\]|these months: —", text)
    found += [m.group(0) for m in _ISO.finditer(text)]
    return sorted(set(found))
