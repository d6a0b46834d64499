"""`cspa workshop`: the shipped configuration, and the server in a real browser.

The unit tables check the options, the configuration handed to Voila and the pages. The browser
tests (`-m browser`) start `cspa workshop --room` on a free loopback port with short culling
times: a browser context with the token gets the dashboard, one without is refused; the fourth
visitor of a three-kernel room gets "the room is full"; idle kernels are shut down even with their
pages open, and the room takes visitors again. A small room (three attendees) runs the load
benchmark's own code (`benchmarks/workshop_load.py`).
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cspa_lib.i18n import ui
from cspa_lib.workshop import (
    WorkshopError,
    WorkshopOptions,
    join_url,
    prepare_notebook,
    qr_svg,
    source_notebook,
    voila_config,
)

from .browser_support import (
    ARTIFACTS,
    ROOT,
    join_url_from_log,
    kernel_pids,
    log_name,
    require_browser_stack,
    running,
    screenshot,
    wait_for_kernels,
    with_own_browser,
    workshop_server,
)
from .test_browser import DEFAULT_PRESET, PAGE_LOAD_MS, VIEWPORT, Dashboard, expected

# --- the options and the configuration -----------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (dict(lang="fr"), r"--lang must be en or es \(got 'fr'\)"),
        (dict(port=0), r"--port must be between 1 and 65535 \(got 0\)"),
        (dict(pool_size=-1), r"--pool must be 0 or more \(got -1\)"),
        (dict(max_kernels=2, pool_size=2), r"--max-kernels \(2\) must be larger than --pool \(2\)"),
        (dict(cull_idle_s=0), r"--cull-idle and --cull-interval must be positive"),
    ],
    ids=["lang", "port", "pool", "max-below-pool", "cull"],
)
def test_bad_options_are_refused_naming_the_option(options, message):
    with pytest.raises(WorkshopError, match=message):
        WorkshopOptions(**options)


@pytest.mark.parametrize(
    ("options", "ip", "token"),
    [
        (WorkshopOptions(), "127.0.0.1", ""),
        (WorkshopOptions(room=True), "0.0.0.0", "s3cret"),
        (WorkshopOptions(room=True, ip="127.0.0.1"), "127.0.0.1", "s3cret"),
    ],
    ids=["localhost", "room", "room-on-loopback"],
)
def test_voila_configuration(options, ip, token, tmp_path):
    config = voila_config(options, tmp_path, token or None)
    assert config["Voila"]["ip"] == ip
    assert config["Voila"]["token"] == token
    assert config["Voila"]["root_dir"] == str(tmp_path)
    voila = config["VoilaConfiguration"]
    assert voila["preheat_kernel"] is True and voila["default_pool_size"] == 2
    assert voila["show_tracebacks"] is False
    assert voila["allow_template_override"] == voila["allow_theme_override"] == "NO"
    assert voila["file_allowlist"] == [] and voila["file_denylist"] == [".*"]
    assert config["MappingKernelManager"] == {"cull_idle_timeout": 600, "cull_interval": 60,
                                              "cull_connected": True, "cull_busy": False}
    assert config["RoomKernelManager"] == {"max_kernels": 25}
    assert config["VoilaExecutor"] == {"startup_timeout": 240}


def test_no_pool_turns_preheating_off(tmp_path):
    voila = voila_config(WorkshopOptions(pool_size=0), tmp_path, None)["VoilaConfiguration"]
    assert voila["preheat_kernel"] is False


@pytest.mark.parametrize(
    ("options", "token", "path", "url"),
    [
        (WorkshopOptions(port=9000), None, "", "http://127.0.0.1:9000/"),
        (WorkshopOptions(room=True, public_host="taller.local"), "abc", "", "http://taller.local:8866/?token=abc"),
        (WorkshopOptions(room=True, public_host="10.0.0.5"), "abc", "cspa/room", "http://10.0.0.5:8866/cspa/room?token=abc"),
    ],
    ids=["localhost", "room", "room-page"],
)
def test_join_url(options, token, path, url):
    assert join_url(options, token, path) == url


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_served_copy_is_the_dashboard_alone_in_the_language_asked(lang, tmp_path):
    copy = prepare_notebook(tmp_path, lang)
    assert [p.name for p in tmp_path.iterdir()] == ["workshop.ipynb"]
    code = "".join("".join(c["source"]) for c in json.loads(copy.read_text())["cells"] if c["cell_type"] == "code")
    assert f'lang="{lang}"' in code and code.count('lang="') == 1


def test_a_dashboard_without_the_language_argument_is_refused(tmp_path):
    notebook = json.loads(source_notebook().read_text())
    for cell in notebook["cells"]:
        cell["source"] = "".join(cell["source"]).replace('lang="en"', "")
    source = tmp_path / "changed.ipynb"
    source.write_text(json.dumps(notebook))
    (tmp_path / "out").mkdir()
    with pytest.raises(WorkshopError, match=r'must create the explorer with lang="en" exactly once \(found 0\)'):
        prepare_notebook(tmp_path / "out", "es", source)


def test_room_pages_say_it_in_both_languages():
    from cspa_lib.workshop.server import room_full_page, room_page

    full = room_full_page("es", 25, 600)
    assert full.index(ui("room_full_title", "es")) < full.index(ui("room_full_title", "en"))
    assert "Los 25 lugares de este taller están ocupados" in full and "10 minutos" in full
    assert "All 25 places of this workshop are taken" in full
    room = room_page("http://10.0.0.5:8866/?token=a&b", "en", 3, 25)
    assert "http://10.0.0.5:8866/?token=a&amp;b" in room and "3 of 25 places in use" in room
    assert "<svg" in room and ui("room_join", "es") in room


def test_qr_code_is_an_svg():
    svg = qr_svg("http://10.0.0.5:8866/?token=abc")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")


def test_cli_reports_bad_options_as_one_error_line():
    proc = subprocess.run([sys.executable, "-m", "cspa_lib.cli", "workshop", "--max-kernels", "2", "--pool", "2"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "error: --max-kernels (2) must be larger than --pool (2): the preheated kernels count toward the limit\n"


# --- the server in a browser ---------------------------------------------------------------------

ROOM_MAX, ROOM_POOL, ROOM_CULL_S = 3, 1, 40


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """`cspa workshop --room --lang es`, three kernels at most (one preheated), idle after 40 s."""
    require_browser_stack("voila", "segno")
    home = tmp_path_factory.mktemp("workshop-room")
    options = ("--room", "--lang=es", f"--max-kernels={ROOM_MAX}", f"--pool={ROOM_POOL}",
               f"--cull-idle={ROOM_CULL_S}", "--cull-interval=1")
    with running(lambda port: workshop_server(home, port, log_name("workshop-room.log"), *options)) as server:
        yield server, join_url_from_log(server)


def _open(browser, url: str):
    context = browser.new_context(viewport=VIEWPORT, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(PAGE_LOAD_MS)
    response = page.goto(url, wait_until="commit", timeout=PAGE_LOAD_MS)
    return context, page, response


def _expect_dashboard(page, shots: str) -> None:
    verdict, steps = expected(DEFAULT_PRESET, "es")
    dashboard = Dashboard(page, shots)
    dashboard.expect_verdict(verdict, timeout=PAGE_LOAD_MS)
    assert dashboard.steps.count() == len(steps)
    assert dashboard.label("birth_date").inner_text() == ui("birth_date", "es")


@pytest.mark.browser
def test_room_serves_the_dashboard_with_the_token_and_refuses_without(room):
    with_own_browser(lambda browser: _token_or_refusal(browser, *room))


def _token_or_refusal(browser, server, url: str) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{43}", url), url
    base = url.split("?")[0]
    context, page, response = _open(browser, url)
    try:
        assert response.status == 200
        _expect_dashboard(page, "workshop-token")
        screenshot(page, "workshop-token")
        # The trainer's page, in the same (now signed-in) browser: the URL and its QR code.
        page.goto(f"{base}cspa/room", wait_until="load")
        assert page.locator(".cspa-room-url").inner_text() == url
        assert page.locator(".cspa-room-qr svg").count() == 1
        screenshot(page, "workshop-room-page")
    finally:
        context.close()

    for name, target in [("no token", base), ("wrong token", base + "?token=not-the-token"),
                         ("room page", base + "cspa/room"), ("files", base + "voila/files/workshop.ipynb"),
                         ("tree", base + "voila/tree")]:
        stranger = browser.new_context(viewport=VIEWPORT)
        try:
            reply = stranger.request.get(target, max_redirects=0)
            assert reply.status in (302, 403, 404), f"{name}: {reply.status}"
            if reply.status == 302:
                assert "/login" in reply.headers["location"], f"{name}: redirected to {reply.headers['location']}"
            page = stranger.new_page()
            page.goto(target, wait_until="load")
            assert page.locator(".cspa-verdict").count() == 0, f"{name}: the dashboard was served"
            assert "cspa-room-qr" not in page.content(), f"{name}: the room page was served"
        finally:
            stranger.close()


TOUCH_DATES = ("2005-01-05", "2004-06-01")  # birth dates an attendee types, one after the other


def _change_birth_date(page, birth_date: str) -> None:
    verdict, _ = expected(DEFAULT_PRESET, "es", birth_date=birth_date)
    dashboard = Dashboard(page, "workshop-touch")
    dashboard.lang = "es"  # the room was started with --lang es: dates are typed dd/mm/aaaa
    dashboard.set_date("birth_date", birth_date)
    dashboard.expect_verdict(verdict)


@pytest.mark.browser
def test_room_is_capped_and_idle_kernels_are_culled(room):
    with_own_browser(lambda browser: _cap_and_cull(browser, *room))


def _cap_and_cull(browser, server, url: str) -> None:
    wait_for_kernels(server, ROOM_POOL, ROOM_CULL_S + 60)  # the first test's visitor has left
    attendees = []
    try:
        pages, touches = [], [0] * ROOM_MAX
        for number in range(ROOM_MAX):
            context, page, response = _open(browser, url)
            attendees.append(context)
            assert response.status == 200
            _expect_dashboard(page, f"workshop-attendee-{number}")
            # The earlier attendees change a date meanwhile: nobody reaches the idle timeout while
            # the others load, however slow the machine.
            for earlier, other in enumerate(pages):
                _change_birth_date(other, TOUCH_DATES[touches[earlier]])
                touches[earlier] += 1
            pages.append(page)
        assert len(kernel_pids(server)) == ROOM_MAX

        late, page, response = _open(browser, url)
        try:
            assert response.status == 503
            assert page.locator("h1").all_inner_texts() == [ui("room_full_title", "es"), ui("room_full_title", "en")]
            screenshot(page, "workshop-room-full")
        finally:
            late.close()
        assert len(kernel_pids(server)) == ROOM_MAX, "the refused visitor started a kernel"
        # The trainer's page counts the places (an attendee's browser is signed in already).
        room_page = attendees[0].request.get(url.split("?")[0] + "cspa/room")
        assert room_page.status == 200
        assert ui("room_seats", "es").format(used=ROOM_MAX, max=ROOM_MAX) in room_page.text()

        # Nobody touches their page: the kernels are shut down although the pages are open.
        wait_for_kernels(server, ROOM_POOL, ROOM_CULL_S + 60)
    finally:
        for context in attendees:
            context.close()
    late, page, response = _open(browser, url)
    try:
        assert response.status == 200
        _expect_dashboard(page, "workshop-after-cull")
    finally:
        late.close()


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("workshop_load", ROOT / "benchmarks" / "workshop_load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


@pytest.mark.browser
def test_small_room_load(tmp_path: Path):
    """Three attendees at once join, change a date, see the new verdict, leave (two close the page,
    one vanishes); the server is back to its pool after the idle timeout (the benchmark's code,
    with a small room)."""
    require_browser_stack("voila", "segno")
    bench = _load_benchmark()
    with ThreadPoolExecutor(1) as pool:  # its own thread: the benchmark runs Playwright's async API
        run = pool.submit(bench.run_room, 3, tmp_path, pool=1, cull_idle_s=8, cull_interval_s=1,
                          log_name=log_name("workshop-load.log")).result()
    assert [a.error for a in run.results] == ["", "", ""]
    assert all(a.first_render_s and a.update_s for a in run.results)
    assert run.back_to_pool_s is not None and run.kernels_after == 1
    assert run.peak_rss_mb > run.idle_rss_mb > 0
    # Two attendees closed their page (their kernels shut down at once); the one who vanished
    # was shut down by the idle cull.
    log = (ARTIFACTS / log_name("workshop-load.log")).read_text(errors="replace")
    assert log.count("Culling 'idle' kernel") == 1, log[-3000:]
