"""The Voila pieces of `cspa workshop`: a kernel manager that counts places, and two pages.

Imported only when the server starts (it needs the `notebooks` extra). Voila's own handlers and
pool are reused; these are added:

- `RoomKernelManager` refuses to start a kernel past `max_kernels` (the preheated pool counts),
  and a pool refill at the limit waits for a place instead of failing;
- `RoomVoilaHandler` answers "the room is full" (HTTP 503, a readable page in both languages)
  when no preheated kernel is ready and no place is free, before Voila starts anything;
- `LeaveHandler` lets a closing page shut its kernel down behind the token (see its docstring);
- `RoomPageHandler` serves `/cspa/room`: the join URL, its QR code and the places in use, for the
  projector. Both pages sit behind the same token as the dashboard.
"""

from __future__ import annotations

import asyncio
import html
import os
from pathlib import Path
from typing import Any

from jupyter_server._tz import utcnow
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer
from traitlets.config import Config
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler

from ..i18n import ui
from . import ROOM_PATH, WorkshopError, WorkshopOptions, join_url, qr_svg

ROOM_FULL = "room full"
REFILL_WAIT_S = 0.5


class RoomKernelManager(AsyncMappingKernelManager):
    """Voila's kernel manager with a ceiling on the number of kernels (pool included)."""

    max_kernels = Integer(25, config=True, help="Most kernels alive at once, preheated ones included.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._closing = False
        self._waiting_refills = 0

    def kernel_count(self) -> int:
        """Kernels running or starting (a starting kernel is already a process)."""
        return len(set(self._kernels) | set(self._pending_kernels))

    def at_capacity(self) -> bool:
        return self.kernel_count() >= self.max_kernels

    def ready_pool_kernels(self, notebook: str) -> int:
        """Preheated kernels ready to hand out, or starting (a refill waiting for a place is not).

        The ready ones are moved to the front of Voila's pool, where Voila takes the next one.
        """
        pool = getattr(self, "_pools", {}).get(notebook, [])
        pool[:] = [task for task in pool if not (task.done() and (task.cancelled() or task.exception()))]
        pool.sort(key=lambda task: not task.done())
        return max(0, len(pool) - self._waiting_refills)

    def touch_pool_kernels(self, notebook: str) -> None:
        """Mark the ready preheated kernels active now. A kernel that waited in the pool longer
        than the idle timeout would otherwise be culled the moment a visitor is given it."""
        for task in getattr(self, "_pools", {}).get(notebook, []):
            if task.done() and not task.cancelled() and task.exception() is None:
                kernel = self._kernels.get(task.result()["kernel_id"])
                if kernel is not None:
                    kernel.last_activity = utcnow()

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        preheat = str(kwargs.get("env", {}).get("VOILA_PREHEAT", "False")) == "True"
        if preheat and self.at_capacity():
            self._waiting_refills += 1  # a pool refill waits for a place
            try:
                while self.at_capacity() and not self._closing:
                    await asyncio.sleep(REFILL_WAIT_S)
            finally:
                self._waiting_refills -= 1
        if self._closing:
            raise RuntimeError("the workshop server is stopping")
        if self.at_capacity():
            raise web.HTTPError(503, reason=ROOM_FULL)
        # No await between the check above and the registration inside: the count stays exact.
        return await super().start_kernel(*args, **kwargs)

    async def shutdown_all(self, *args: Any, **kwargs: Any) -> None:
        self._closing = True
        await super().shutdown_all(*args, **kwargs)


def room_full_page(lang: str, max_kernels: int, cull_idle_s: int) -> str:
    """The page a visitor sees when every place is taken: both languages, the asked one first."""
    minutes = max(1, round(cull_idle_s / 60))
    blocks = []
    for code in (lang, "es" if lang == "en" else "en"):
        title = html.escape(ui("room_full_title", code))
        body = html.escape(ui("room_full_body", code).format(max=max_kernels, minutes=minutes))
        blocks.append(f"<section lang='{code}'><h1>{title}</h1><p>{body}</p></section>")
    return _page(ui("room_full_title", lang), "".join(blocks), refresh_s=30)


def room_page(url: str, lang: str, used: int, max_kernels: int) -> str:
    """The trainer's page: a large QR code, the URL in large type, and the places in use."""
    other = "es" if lang == "en" else "en"
    heading = f"{ui('room_join', lang)} · {ui('room_join', other)}"
    scan = f"{ui('room_scan', lang)} / {ui('room_scan', other)}"
    seats = ui("room_seats", lang).format(used=used, max=max_kernels)
    try:
        qr = qr_svg(url)
    except WorkshopError:  # segno not installed: the URL alone (`pip install 'cspa[workshop]'`)
        qr = ""
    body = (f"<h1>{html.escape(heading)}</h1><p>{html.escape(scan)}</p>"
            f"<div class='cspa-room-qr'>{qr}</div>"
            f"<p class='cspa-room-url'>{html.escape(url)}</p>"
            f"<p class='cspa-room-seats'>{html.escape(seats)}</p>")
    return _page(heading, body, refresh_s=20)


def _page(title: str, body: str, refresh_s: int) -> str:
    style = ("body{font-family:sans-serif;max-width:60rem;margin:3rem auto;padding:0 1rem;color:#222}"
             ".cspa-room-url{font-size:2rem;word-break:break-all;font-family:monospace}"
             ".cspa-room-qr svg{width:min(70vh,90vw);height:auto}")
    return (f"<!doctype html><html><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<meta http-equiv='refresh' content='{refresh_s}'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>{body}</body></html>")


class RoomVoilaHandler(TornadoVoilaHandler):
    """Voila's dashboard page, or "the room is full" when no kernel can be had."""

    def initialize(self, **kwargs: Any) -> None:
        self.workshop: WorkshopOptions = kwargs.pop("workshop")
        super().initialize(**kwargs)

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        manager: RoomKernelManager = self.kernel_manager
        if not path and manager.ready_pool_kernels(self.notebook_path) == 0 and manager.at_capacity():
            raise web.HTTPError(503, reason=ROOM_FULL)
        manager.touch_pool_kernels(self.notebook_path)
        await super().get(path)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code == 503:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Retry-After", "30")
            self.finish(room_full_page(self.workshop.lang, self.workshop.max_kernels, self.workshop.cull_idle_s))
            return
        super().write_error(status_code, **kwargs)


class LeaveHandler(VoilaShutdownKernelHandler):
    """Voila's "page closed: shut my kernel down" request, which its page sends as a beacon with
    the sign-in cookie but without the XSRF token; behind a token Voila refuses it (403) and the
    kernel then lives until culled. Cross-origin requests are still refused (APIHandler checks
    the Origin), the sign-in is still required, and a kernel id is a random UUID."""

    def check_xsrf_cookie(self) -> None:
        return None


class RoomPageHandler(JupyterHandler):
    """`/cspa/room`: what the trainer projects."""

    def initialize(self, workshop: WorkshopOptions, token: str | None, notebook: str) -> None:
        self.workshop, self.join_token, self.notebook = workshop, token, notebook

    @web.authenticated
    def get(self) -> None:
        manager: RoomKernelManager = self.kernel_manager
        url = join_url(self.workshop, self.join_token)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        used = manager.kernel_count() - manager.ready_pool_kernels(self.notebook)
        self.finish(room_page(url, self.workshop.lang, used, self.workshop.max_kernels))


class WorkshopVoila(Voila):
    """Voila with the room handlers in front of its own."""

    workshop: WorkshopOptions
    workshop_token: str | None = None

    def init_handlers(self) -> list:
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            if handler is TornadoVoilaHandler:
                handler, rest = RoomVoilaHandler, [{**rest[0], "workshop": self.workshop}]
            elif handler is VoilaShutdownKernelHandler:
                handler = LeaveHandler
            handlers.append((pattern, handler, *rest))
        notebook = os.path.relpath(self.notebook_path, self.root_dir)
        room = (f"{self.server_url.rstrip('/')}/{ROOM_PATH}", RoomPageHandler,
                {"workshop": self.workshop, "token": self.workshop_token, "notebook": notebook})
        return [room, *handlers]


def run(notebook: Path, config: dict[str, dict[str, Any]], options: WorkshopOptions, token: str | None) -> int:
    """Serve `notebook` with the workshop configuration until the process is stopped."""
    app = WorkshopVoila(config=Config(config))
    app.workshop, app.workshop_token = options, token
    app.initialize(argv=[str(notebook)])
    app.start()
    return 0
