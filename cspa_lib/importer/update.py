"""`cspa bulletin update`: fetch the months after the data's last one from the State Department.

For each month from the one after the data's last month through `through` (default: the month
after today, since the next bulletin is published in the middle of the month), the official page is
fetched from
`{base}/content/travel/en/legal/visa-law0/visa-bulletin/{FY}/visa-bulletin-for-{month}-{year}.html`
(`FY` is the U.S. fiscal year: October 2026 is in FY 2027). Older pages use other names, so when
that page is missing the fallbacks below are tried before concluding that the month is not
published yet. A month that is missing under every name (HTTP 404) ends the run: it is not
published yet, which is not an error.

Every page is fetched, parsed with the project's parser and checked before anything is written;
then all of them are added in one write (`add.add_pages`, the rules of `cspa bulletin add`). A
network error, a time-out, an HTTP error other than 404, or a page that fails a check stops the
run with a clear error and leaves the data unchanged. One request per URL, no retries; a
User-Agent and a time-out on every request. Standard library only (urllib).
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cspa_lib import __version__
from cspa_lib.dataset import recover

from .add import AddResult, PageToAdd, add_pages
from .html_parser import MAX_PAGE_BYTES, PageError, decode_page, parse_page
from .tables import BULLETIN_FILE, read_bulletin

DEFAULT_BASE_URL = "https://travel.state.gov"
DEFAULT_TIMEOUT = 30.0
USER_AGENT = f"cspa/{__version__} (Visa Bulletin updater; Python urllib)"
_PATH = "/content/travel/en/legal/visa-law0/visa-bulletin"
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


class UpdateError(PageError):
    """The update could not finish: nothing was written."""


@dataclass
class UpdateResult:
    added: list[AddResult] = field(default_factory=list)
    not_published: date | None = None  # the first month that answered 404 under every name
    urls: list[str] = field(default_factory=list)  # the pages added, in order


def fiscal_year(month: date) -> int:
    """The U.S. government fiscal year of a month (October starts the next year's)."""
    return month.year + 1 if month.month >= 10 else month.year


def page_urls(base_url: str, month: date) -> list[str]:
    """The URLs a month's page may have, the current naming first."""
    base = base_url.rstrip("/") + _PATH
    name, year, fy = _MONTH_NAMES[month.month - 1], month.year, fiscal_year(month)
    urls = [
        f"{base}/{fy}/visa-bulletin-for-{name}-{year}.html",
        f"{base}/{fy}/visa-bulletin-{name}-{year}.html",  # some older pages lack "-for-"
    ]
    if year != fy:  # some pages sit under the calendar year's folder
        urls += [
            f"{base}/{year}/visa-bulletin-for-{name}-{year}.html",
            f"{base}/{year}/visa-bulletin-{name}-{year}.html",
        ]
    return urls


def _next(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def default_through(today: date) -> date:
    """The month after today's: its bulletin appears in the middle of this month."""
    return _next(today.replace(day=1))


def fetch(url: str, timeout: float) -> bytes | None:
    """The body of `url`, or None for a 404. Anything else that goes wrong is an UpdateError."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            body = response.read(MAX_PAGE_BYTES + 1)
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > len(body) and len(body) <= MAX_PAGE_BYTES:
                raise UpdateError(
                    f"{url}: the page was cut off ({len(body)} of {length} bytes received); nothing was changed"
                )
            return body
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise UpdateError(f"{url}: HTTP {exc.code} {exc.reason}; nothing was changed") from None
    except TimeoutError:
        raise UpdateError(f"{url}: no answer within {timeout:g} s; nothing was changed") from None
    except urllib.error.URLError as exc:
        raise UpdateError(f"{url}: cannot connect ({exc.reason}); nothing was changed") from None
    except (http.client.HTTPException, OSError) as exc:
        raise UpdateError(f"{url}: the connection failed ({exc}); nothing was changed") from None


def update(
    data_dir: Path | str,
    base_url: str = DEFAULT_BASE_URL,
    through: date | None = None,
    today: date | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    allow_partial: bool = False,
    log: Callable[[str], None] = lambda _message: None,
) -> UpdateResult:
    """Fetch, check and add every published month after the data's last one (see module doc)."""
    if not base_url.startswith(("http://", "https://")):
        raise UpdateError(f"--base-url must start with http:// or https:// (got {base_url!r})")
    data_dir = Path(data_dir)
    path = data_dir / BULLETIN_FILE
    if not path.is_file():
        raise UpdateError(f"{path}: no such file (build the data first, or pass --data-dir)")
    recover(data_dir)  # finish (or drop) a write a killed process left behind, before reading
    last = date.fromisoformat(max(r.bulletin_month for r in read_bulletin(path)))
    through = (through or default_through(today or date.today())).replace(day=1)
    result = UpdateResult()
    pages: list[PageToAdd] = []
    month = _next(last)
    while month <= through:
        found = None
        for url in page_urls(base_url, month):
            log(f"GET {url}")
            body = fetch(url, timeout)
            if body is not None:
                found = (url, body)
                break
        if found is None:
            result.not_published = month
            break
        url, body = found
        try:
            page = parse_page(decode_page(body, url), url)
        except PageError as exc:
            raise UpdateError(f"{exc}; nothing was changed") from None
        if page.bulletin_month != month:
            raise UpdateError(
                f"{url}: the page is the bulletin for {page.bulletin_month:%Y-%m}, not {month:%Y-%m}; "
                "nothing was changed"
            )
        pages.append(PageToAdd(page, url))
        month = _next(month)
    if pages:
        try:
            result.added = add_pages(pages, data_dir, allow_partial=allow_partial)
        except PageError as exc:
            raise UpdateError(f"{exc}; nothing was changed") from None
        result.urls = [p.origin for p in pages]
    return result
