"""`cspa bulletin update` against a loopback HTTP server serving synthetic pages under the State
Department's path layout: published months are added, the first unpublished one (404) stops the
run cleanly, and every failure (HTTP 500, a page for another month, a truncated page, a slow
answer, no server) leaves the data byte for byte as they were."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cspa_lib import __version__
from cspa_lib.bulletin import load_bulletin
from cspa_lib.importer.cli import main
from cspa_lib.importer.update import UpdateError, fiscal_year, page_urls, update

DATA = Path(__file__).resolve().parents[1] / "data"
TEMPLATE = (Path(__file__).resolve().parent / "fixtures" / "visa-bulletin-for-august-2026.html").read_text("utf-8")
FILES = ("visa_bulletin.csv", "dv_rank_cutoffs.csv", "uscis_chart_designation.csv", "PROVENANCE.md")
ROOT = "/content/travel/en/legal/visa-law0/visa-bulletin"
NAMES = "january february march april may june july august september october november december".split()


def page(month: date) -> bytes:
    """The synthetic August 2026 page retitled for `month` (its values are invented anyway)."""
    return TEMPLATE.replace("August 2026", f"{NAMES[month.month - 1].title()} {month.year}").encode("utf-8")


def path_of(month: date, folder: int | None = None, infix: str = "-for") -> str:
    name = NAMES[month.month - 1]
    return f"{ROOT}/{folder or fiscal_year(month)}/visa-bulletin{infix}-{name}-{month.year}.html"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    claimed_length: int | None = None  # a Content-Length larger than the body: a cut connection


@dataclass
class Site:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    release: threading.Event = field(default_factory=threading.Event)

    def publish(self, month: date, **where: object) -> None:
        self.routes[path_of(month, **where)] = Route(body=page(month))  # type: ignore[arg-type]


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            state.requests.append((self.path, self.headers.get("User-Agent", "")))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                state.release.wait(route.delay)
            if route.status != 200:
                self.send_error(route.status)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(route.claimed_length or len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir()
    for name in FILES:
        shutil.copy(DATA / name, target / name)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


AUG, SEP, OCT, NOV, DEC = (date(2026, m, 1) for m in (8, 9, 10, 11, 12))


# --- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "fy", "first"),
    [
        (AUG, 2026, f"{ROOT}/2026/visa-bulletin-for-august-2026.html"),
        (OCT, 2027, f"{ROOT}/2027/visa-bulletin-for-october-2026.html"),
        (date(2027, 1, 1), 2027, f"{ROOT}/2027/visa-bulletin-for-january-2027.html"),
    ],
    ids=["august", "october-next-fy", "january"],
)
def test_fiscal_year_and_urls(month: date, fy: int, first: str) -> None:
    assert fiscal_year(month) == fy
    urls = page_urls("https://example.test/", month)
    assert urls[0] == "https://example.test" + first
    assert urls[1] == "https://example.test" + first.replace("-for-", "-")
    # the calendar-year folder is tried only where it differs from the fiscal year
    assert len(urls) == (4 if month.month >= 10 else 2)


# --- published months -------------------------------------------------------------------------


def test_update_adds_published_months_stops_at_404_and_is_idempotent(
    site: Site, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.publish(AUG)
    site.publish(SEP, infix="")  # an older name without "-for-"
    site.publish(OCT, folder=2026)  # under the calendar year's folder
    args = ["update", "--base-url", site.base, "--data-dir", str(data_copy), "--through", "2026-12"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "added 2026-08: 150 chart cells, 9 DV cells" in out
    assert "added 2026-10" in out and "2026-11: not published yet (HTTP 404); stopped there" in out
    bulletin = load_bulletin(data_copy / "visa_bulletin.csv")
    assert bulletin.last_month == OCT
    assert bulletin.cutoff(SEP, "FAD", "F2A", "MEXICO") == date(2023, 3, 1)
    assert bulletin.dv_cutoff(OCT, "AFRICA", "EGYPT") == 30500
    provenance = (data_copy / "PROVENANCE.md").read_text("utf-8")
    assert f"- 2026-09: from `{site.base}{path_of(SEP, infix='')}`, 150 chart cells" in provenance
    # every request names the tool; November was tried under all four names, December never
    assert {ua for _, ua in site.requests} == {f"cspa/{__version__} (Visa Bulletin updater; Python urllib)"}
    assert [p for p, _ in site.requests if "november" in p] == page_urls("", NOV)
    assert not any("december" in p for p, _ in site.requests)

    before = snapshot(data_copy)
    assert main(args) == 0
    assert "already up to date, nothing changed" in capsys.readouterr().out
    assert snapshot(data_copy) == before


def test_through_and_the_default_month_after_today(site: Site, data_copy: Path) -> None:
    for month in (AUG, SEP, OCT):
        site.publish(month)
    result = update(data_copy, site.base, through=AUG)
    assert [a.bulletin_month for a in result.added] == [AUG] and result.not_published is None
    result = update(data_copy, site.base, today=date(2026, 8, 20))  # through September
    assert [a.bulletin_month for a in result.added] == [SEP]
    assert load_bulletin(data_copy / "visa_bulletin.csv").last_month == SEP


# --- failures leave the data unchanged ----------------------------------------------------------


def _truncated(month: date) -> Route:
    body = page(month)
    return Route(body=body[: body.index(b"DATES FOR FILING OF EMPLOYMENT")])


@pytest.mark.parametrize(
    ("september", "message"),
    [
        (Route(status=500), r"2026/visa-bulletin-for-september-2026\.html: HTTP 500 .*nothing was changed"),
        (Route(body=page(AUG)), r"the page is the bulletin for 2026-08, not 2026-09; nothing was changed"),
        (_truncated(SEP), r"september-2026\.html \(2026-09\): incomplete charts, no employment DFF chart"),
        (
            Route(body=page(SEP)[:3000], claimed_length=len(page(SEP))),
            r"september-2026\.html: the page was cut off \(3000 of \d+ bytes received\); nothing was changed",
        ),
        (Route(body=page(SEP), delay=5.0), r"september-2026\.html: no answer within 0\.3 s; nothing was changed"),
        (Route(body=b"\x1f\x8b" + b"\x00" * 40), r"september-2026\.html: not a readable gzip file"),
    ],
    ids=["http-500", "title-names-another-month", "truncated-page", "cut-connection", "slow", "bad-gzip"],
)
def test_a_bad_month_changes_nothing(
    site: Site, data_copy: Path, capsys: pytest.CaptureFixture[str], september: Route, message: str
) -> None:
    site.publish(AUG)  # a good month before the bad one is not added either: all or nothing
    site.routes[path_of(SEP)] = september
    before = snapshot(data_copy)
    with pytest.raises(UpdateError, match=message):
        update(data_copy, site.base, through=DEC, timeout=0.3)
    assert snapshot(data_copy) == before
    code = main(
        ["update", "--base-url", site.base, "--data-dir", str(data_copy), "--through", "2026-12", "--timeout", "0.3"]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("cspa bulletin update: error: ") and err.count("\n") == 1
    assert snapshot(data_copy) == before
    assert load_bulletin(data_copy / "visa_bulletin.csv").last_month == date(2026, 7, 1)


def test_no_server_is_a_clear_error(data_copy: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = snapshot(data_copy)
    with pytest.raises(UpdateError, match=r"cannot connect \(.*refused.*\); nothing was changed"):
        update(data_copy, f"http://127.0.0.1:{port}", through=AUG, timeout=2)
    assert snapshot(data_copy) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--through", "2026-8"], r"argument --through: expected YYYY-MM, e.g. 2027-01 \(got '2026-8'\)"),
        (["--base-url", "ftp://example.test"], r"--base-url must start with http:// or https://"),
    ],
    ids=["bad-month", "bad-scheme"],
)
def test_update_arguments(data_copy: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    import re

    try:
        code = main(["update", "--data-dir", str(data_copy), *argv])
    except SystemExit as exc:  # argparse
        code = exc.code
    assert code in (1, 2) and re.search(message, capsys.readouterr().err)
