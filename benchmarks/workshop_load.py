"""A room of attendees on `cspa workshop --room`: time to first render, update latency, memory.

    python benchmarks/workshop_load.py                 # N = 5, 10, 20 (a few minutes on 2 cores)
    python benchmarks/workshop_load.py -n 3 --cull-idle 30

For each N a fresh server is started (its shipped configuration, on loopback, with a token;
`--max-kernels` N + pool, so nobody is refused). N attendees (Playwright contexts on Debian's
Chromium, all at once) open the join URL, wait for the verdict (time to first render), change the
birth date and wait for the new verdict (update latency), then leave: even-numbered attendees
close the page (its unload handler shuts the kernel down, as closing a tab does), odd-numbered
ones vanish (the browser context goes without unloading: a phone put to sleep), which only the
idle cull can clean up. The resident memory of the server and its kernels is sampled every 0.5 s
(peak). After the last attendee leaves, the kernels left are counted and the time until the
server is back to its preheated pool is taken. Prints a Markdown table for benchmarks/README.md.

The browser tests run `run_room` with three attendees (tests/test_workshop.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cspa_lib import evaluate  # noqa: E402
from cspa_lib.presets import get_preset  # noqa: E402
from tests.browser_support import (  # noqa: E402
    chromium_options,
    join_url_from_log,
    kernel_pids,
    running,
    tree_rss_mb,
    wait_for_kernels,
    workshop_server,
)

PRESET = "uscis_formula"  # what the dashboard opens with
NEW_BIRTH = "2004-06-01"  # the date every attendee types
PAGE_LOAD_S = 180  # generous: twenty kernels starting on two cores
UPDATE_S = 60
LEAVE_S = 1.0  # time for the closing page's request to go out before its browser context goes


@dataclass
class Attendee:
    first_render_s: float | None = None
    update_s: float | None = None
    error: str = ""


@dataclass
class RoomRun:
    attendees: int
    pool: int
    cull_idle_s: int
    results: list[Attendee] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    idle_rss_mb: float = 0.0
    kernels_left: int = -1  # right after everyone left: the pool plus the vanished attendees' kernels
    back_to_pool_s: float | None = None
    kernels_after: int = -1

    @property
    def ok(self) -> list[Attendee]:
        return [r for r in self.results if not r.error]

    def row(self) -> str:
        first = [r.first_render_s for r in self.ok]
        update = [r.update_s for r in self.ok]
        back = f"after {self.back_to_pool_s:.0f} s" if self.back_to_pool_s is not None else "no"
        return (f"| {self.attendees} | {len(self.ok)}/{self.attendees} | {statistics.median(first):.1f} s | "
                f"{max(first):.1f} s | {statistics.median(update):.2f} s | {max(update):.2f} s | "
                f"{self.idle_rss_mb:.0f} MB | {self.peak_rss_mb:.0f} MB | "
                f"{self.kernels_left} | {back} ({self.kernels_after} = pool {self.pool}) |")


def expected_verdicts() -> tuple[str, str]:
    fields = {**get_preset(PRESET).fields, "as_of": date.today()}  # the dashboard evaluates as of today
    before = evaluate(fields).verdict("en")
    after = evaluate({**fields, "birth_date": NEW_BIRTH}).verdict("en")
    assert before != after, "the new birth date must change the verdict"
    return before, after


async def attend(browser, url: str, before: str, after: str, vanish: bool) -> Attendee:
    result = Attendee()
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = await context.new_page()
        verdict = page.locator(".cspa-output .cspa-verdict")
        start = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=PAGE_LOAD_S * 1000)
        await verdict.filter(has_text=before).wait_for(timeout=PAGE_LOAD_S * 1000)
        result.first_render_s = time.perf_counter() - start
        field_ = page.locator(".cspa-birth_date input[type=text]")  # dates are typed (ISO works in both languages)
        start = time.perf_counter()
        await field_.fill(NEW_BIRTH)
        await field_.press("Enter")
        await field_.blur()
        await verdict.filter(has_text=after).wait_for(timeout=UPDATE_S * 1000)
        result.update_s = time.perf_counter() - start
        if not vanish:
            # Leave as a person closing the tab does: the page's unload handler asks the server
            # to shut its kernel down. A vanishing attendee (a phone put to sleep, a crashed
            # browser) skips it: the browser context just goes, and the idle cull must act.
            await page.close(run_before_unload=True)
            await asyncio.sleep(LEAVE_S)
    except Exception as exc:  # one attendee's failure is a row in the table, not the end of the run
        result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        await context.close()
    return result


async def _room(url: str, n: int) -> list[Attendee]:
    from playwright.async_api import async_playwright

    before, after = expected_verdicts()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**chromium_options())
        try:
            return list(await asyncio.gather(*(attend(browser, url, before, after, i % 2 == 1) for i in range(n))))
        finally:
            await browser.close()


def wait_for_pool(server, timeout_s: float = PAGE_LOAD_S) -> None:
    """Wait until Voila logs that its first pool of preheated kernels has run the notebook."""
    deadline = time.monotonic() + timeout_s
    while "Kernel pool of" not in server.log_tail(100_000):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel pool was not ready after {timeout_s} s:\n{server.log_tail()}")
        time.sleep(0.5)


def run_room(n: int, home: Path, *, pool: int = 2, cull_idle_s: int = 120, cull_interval_s: int = 2,
             log_name: str = "workshop-load.log") -> RoomRun:
    """Start a server, let `n` attendees join, change a date and leave; measure."""
    run = RoomRun(attendees=n, pool=pool, cull_idle_s=cull_idle_s)
    options = ("--room", f"--max-kernels={n + pool}", f"--pool={pool}", f"--cull-idle={cull_idle_s}",
               f"--cull-interval={cull_interval_s}")
    with running(lambda port: workshop_server(home, port, log_name, *options)) as server:
        url = join_url_from_log(server)
        wait_for_pool(server)  # the pool is warm before anyone joins
        run.idle_rss_mb = tree_rss_mb(server)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                run.peak_rss_mb = max(run.peak_rss_mb, tree_rss_mb(server))
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            run.results = asyncio.run(_room(url, n))
        finally:
            stop.set()
            sampler.join()
        run.kernels_left = len(kernel_pids(server))
        try:
            run.back_to_pool_s = wait_for_kernels(server, pool, cull_idle_s + 4 * cull_interval_s + PAGE_LOAD_S)
        except AssertionError:
            run.back_to_pool_s = None
        run.kernels_after = len(kernel_pids(server))
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="attendees (repeatable; default 5, 10, 20)")
    parser.add_argument("--pool", type=int, default=2)
    # Above the time a page takes to load when twenty join at once (about 40 s here): a kernel whose
    # page has not connected yet is idle, and a 30 s cull shut 17 of 20 down mid-load.
    parser.add_argument("--cull-idle", type=int, default=120)
    args = parser.parse_args()
    sizes = args.n or [5, 10, 20]
    import tempfile

    load = os.getloadavg()
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average before the run "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}  ")
    print(f"Run: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, `python benchmarks/workshop_load.py"
          f"{''.join(f' -n {n}' for n in args.n or [])}`, pool {args.pool}, idle cull {args.cull_idle} s\n")
    print("| attendees | rendered and updated | first render, median | first render, max | update, median | "
          "update, max | memory, pool only | memory, peak | kernels when all left | back to the pool |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="cspa-load-") as home:
            run = run_room(n, Path(home), pool=args.pool, cull_idle_s=args.cull_idle)
        print(run.row(), flush=True)
        for attendee in run.results:
            if attendee.error:
                print(f"<!-- N={n}: {attendee.error} -->")
        load = os.getloadavg()
        print(f"<!-- load average after N={n}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} -->", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
