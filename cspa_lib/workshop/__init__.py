"""`cspa workshop`: the dashboard served to a room with Voila, with settings that keep it safe.

Everything a trainer would otherwise have to get right by hand is decided here, in one place:

- preheated kernels (Voila's pool) so the first page shows in seconds, not after a cold import;
- idle kernels shut down after `cull_idle_s` (an attendee who walks away frees the place);
- at most `max_kernels` kernels (the pool included): the next visitor gets a "the room is full"
  page instead of a server that swaps;
- one notebook, copied alone into a temporary folder that Voila serves: no file browser, no other
  file reachable, no templates or themes from the URL, no tracebacks, and (Voila's own rule) no
  messages to the kernel other than the widgets' (no code execution);
- on `localhost` by default; with `room=True` on every interface, behind a generated token, with
  the join URL and a QR code printed and shown on a page the trainer projects (`/cspa/room`).

Voila is imported only when the server starts (`cspa_lib.workshop.server`), so this module and
its helpers stay importable without the `notebooks` extra.
"""

from __future__ import annotations

import json
import secrets
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CspaError

PACKAGE_DIR = Path(__file__).resolve().parent
NOTEBOOK_NAME = "workshop.ipynb"
ROOM_PATH = "cspa/room"  # the trainer's page: join URL, QR code, places in use
LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT_S = 240  # a kernel's first answer, in a room that joins all at once
ALL_INTERFACES = "0.0.0.0"


class WorkshopError(CspaError):
    """The workshop cannot start (missing extra, missing notebook, bad option)."""


@dataclass(frozen=True)
class WorkshopOptions:
    """What `cspa workshop` takes. The defaults suit a room of about twenty on a laptop.

    A kernel of the dashboard holds about 100 MB; `max_kernels` counts the preheated pool too,
    so it bounds the memory the server can take.
    """

    room: bool = False
    port: int = 8866
    lang: str = "en"
    ip: str | None = None  # None: 127.0.0.1, or 0.0.0.0 with room
    max_kernels: int = 25
    pool_size: int = 2
    cull_idle_s: int = 600
    cull_interval_s: int = 60
    token: str | None = None  # None: generated when room is set, none otherwise
    public_host: str | None = None  # the host name or address printed in the join URL

    def __post_init__(self) -> None:
        if self.lang not in ("en", "es"):
            raise WorkshopError(f"--lang must be en or es (got {self.lang!r})")
        if not 0 < self.port < 65536:
            raise WorkshopError(f"--port must be between 1 and 65535 (got {self.port})")
        if self.pool_size < 0:
            raise WorkshopError(f"--pool must be 0 or more (got {self.pool_size})")
        if self.max_kernels <= self.pool_size:
            raise WorkshopError(
                f"--max-kernels ({self.max_kernels}) must be larger than --pool ({self.pool_size}): "
                "the preheated kernels count toward the limit"
            )
        if self.cull_idle_s <= 0 or self.cull_interval_s <= 0:
            raise WorkshopError("--cull-idle and --cull-interval must be positive numbers of seconds")

    @property
    def bind_ip(self) -> str:
        return self.ip or (ALL_INTERFACES if self.room else LOOPBACK)


def source_notebook() -> Path:
    """The dashboard notebook: inside the installed package (wheel), else the checkout's notebooks/."""
    for candidate in (PACKAGE_DIR / NOTEBOOK_NAME, PACKAGE_DIR.parents[1] / "notebooks" / NOTEBOOK_NAME):
        if candidate.is_file():
            return candidate
    raise WorkshopError(f"the dashboard notebook {NOTEBOOK_NAME} is missing from the package and the checkout")


def prepare_notebook(folder: Path, lang: str = "en", source: Path | None = None) -> Path:
    """Copy the dashboard alone into `folder` (what Voila serves), in the language asked for.

    The notebook creates the explorer with `lang="en"`; the copy says `lang="es"` instead. Exactly
    one such call must be there, so a changed notebook fails loudly rather than staying English.
    """
    source = source or source_notebook()
    notebook = json.loads(source.read_text(encoding="utf-8"))
    if lang != "en":
        found = 0
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            code = "".join(cell["source"])
            found += code.count('lang="en"')
            cell["source"] = code.replace('lang="en"', f'lang="{lang}"')
        if found != 1:
            raise WorkshopError(f'{source.name} must create the explorer with lang="en" exactly once (found {found})')
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    target = folder / NOTEBOOK_NAME
    target.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def lan_address() -> str:
    """This machine's address on the local network (the one a phone in the room can reach).

    Connecting a UDP socket sends nothing; it only asks the kernel which interface would route
    to that (documentation-only) address. Falls back to the host name's address, then loopback.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
            if address and not address.startswith("0."):
                return address
    except OSError:
        pass
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return LOOPBACK


def join_url(options: WorkshopOptions, token: str | None, path: str = "") -> str:
    """The address attendees open: the LAN address (or loopback) with the token in the query."""
    host = options.public_host
    if host is None:
        host = lan_address() if options.bind_ip == ALL_INTERFACES else options.bind_ip
    url = f"http://{host}:{options.port}/{path}"
    return f"{url}?token={token}" if token else url


def new_token() -> str:
    """A fresh access token for one workshop: 32 random bytes, URL-safe (about 43 characters)."""
    return secrets.token_urlsafe(32)


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline SVG element (needs the `workshop` extra: segno)."""
    return _segno().make(url, error="m").svg_inline(scale=8, border=2)


def qr_text(url: str) -> str:
    """The QR code of `url` in block characters, for the terminal."""
    import io

    out = io.StringIO()
    _segno().make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def _segno() -> Any:
    try:
        import segno
    except ImportError as exc:
        raise WorkshopError("the QR code needs segno: pip install 'cspa[workshop]'") from exc
    return segno


def voila_config(options: WorkshopOptions, root_dir: Path, token: str | None) -> dict[str, dict[str, Any]]:
    """The shipped Voila configuration, as traitlets sections (see the module docstring for why)."""
    return {
        "Voila": {
            "ip": options.bind_ip,
            "port": options.port,
            "port_retries": 0,
            "open_browser": False,
            "root_dir": str(root_dir),
            "token": token or "",
        },
        "VoilaConfiguration": {
            "preheat_kernel": options.pool_size > 0,
            "default_pool_size": options.pool_size,
            "multi_kernel_manager_class": "cspa_lib.workshop.server.RoomKernelManager",
            "show_tracebacks": False,
            "strip_sources": True,
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
            "file_allowlist": [],
            "file_denylist": [".*"],
        },
        "MappingKernelManager": {
            "cull_idle_timeout": options.cull_idle_s,
            "cull_interval": options.cull_interval_s,
            # A tab left open on a sleeping phone keeps its socket: idle is idle.
            "cull_connected": True,
            "cull_busy": False,
        },
        "RoomKernelManager": {"max_kernels": options.max_kernels},
        # Twenty kernels starting at once on two cores: one took longer than nbclient's 60 s to
        # answer (benchmarks/README.md), and its visitor's page never rendered.
        "VoilaExecutor": {"startup_timeout": STARTUP_TIMEOUT_S},
    }


def serve(options: WorkshopOptions) -> int:
    """Start the workshop server and block until it is stopped (Ctrl+C)."""
    try:
        from . import server
    except ImportError as exc:
        raise WorkshopError(f"the workshop needs Voila ({exc.name} is missing): pip install 'cspa[workshop]'") from exc
    token = options.token if options.token is not None else (new_token() if options.room else None)
    if options.room and not token:
        raise WorkshopError("a room needs an access token (leave --token out to have one generated)")
    with tempfile.TemporaryDirectory(prefix="cspa-workshop-") as folder:
        notebook = prepare_notebook(Path(folder), options.lang)
        print(banner(options, token), flush=True)
        return server.run(notebook, voila_config(options, Path(folder), token), options, token)


def banner(options: WorkshopOptions, token: str | None) -> str:
    """What the trainer reads in the terminal: where to join, the trainer's page, the limits."""
    lines = [f"cspa workshop on {options.bind_ip}:{options.port} "
             f"(at most {options.max_kernels} kernels, {options.pool_size} preheated, "
             f"idle kernels shut down after {options.cull_idle_s} s)"]
    if options.room:
        url = join_url(options, token)
        lines += ["", "Join / Unirse:", "  " + url, "", qr_text(url),
                  "Page to project / Página para proyectar:", "  " + join_url(options, token, ROOM_PATH)]
    else:
        lines += ["Open / Abra: " + join_url(options, token)]
    lines.append("Stop with Ctrl+C.")
    return "\n".join(lines)
