"""`cspa bulletin import|add|update`: build the bundled data, append a month from a saved page,
or fetch the months published since the data's last one.

`cspa_lib/cli.py` dispatches `cspa bulletin ...` here; `python -m cspa_lib.importer ...` works too.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cspa_lib.errors import BulletinDataError

from .add import add_page
from .build import build, render_files, write_files
from .tables import ADDED_HEADING, PROVENANCE_FILE
from .update import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, update

_PACKAGE = Path(__file__).resolve().parents[1]  # cspa_lib/
_REPO = _PACKAGE.parent


def default_data_dir() -> Path:
    """data/ of a source checkout, else the copy shipped inside the installed package."""
    if (_REPO / "pyproject.toml").is_file() and (_REPO / "data").is_dir():
        return _REPO / "data"
    return _PACKAGE / "data"


def default_shared_dir() -> Path:
    """../shared next to the repository (its data-sources folder holds the inputs)."""
    return _REPO.parent / "shared"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cspa bulletin",
        description="Build or extend the bundled Visa Bulletin data (see data/PROVENANCE.md).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_import = sub.add_parser("import", help="rebuild every data file from the shared sources, cross-checking them")
    p_import.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="the shared folder or its data-sources folder (default: ../shared)",
    )
    p_import.add_argument("--data-dir", type=Path, default=None, help="where to write (data/)")
    p_import.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the files in --data-dir differ from a fresh build",
    )
    p_add = sub.add_parser("add", help="append one month from a saved official bulletin page")
    p_add.add_argument("page", type=Path, help="the saved page (.html or .html.gz)")
    p_add.add_argument("--data-dir", type=Path, default=None, help="the data folder (data/)")
    p_add.add_argument("--replace", action="store_true", help="overwrite the month if it is already present")
    p_add.add_argument(
        "--allow-partial", action="store_true", help="add a page even if some printed cells could not be read"
    )
    p_up = sub.add_parser(
        "update",
        help="fetch and add the months after the data's last one from the State Department (needs internet access)",
    )
    p_up.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, help=f"the site to fetch from (default: {DEFAULT_BASE_URL})"
    )
    p_up.add_argument("--data-dir", type=Path, default=None, help="the data folder (data/)")
    p_up.add_argument(
        "--through", type=_month_arg, default=None, help="last month to fetch, YYYY-MM (default: the month after today)"
    )
    p_up.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds to wait for each answer (default: {DEFAULT_TIMEOUT:g})",
    )
    p_up.add_argument(
        "--allow-partial", action="store_true", help="add pages even if some printed cells could not be read"
    )
    return parser


def _month_arg(text: str) -> date:
    try:
        year, month = text.strip().split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return date(int(year), int(month), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM, e.g. 2027-01 (got {text!r})") from None


def main(argv: list[str] | None = None) -> int:
    """Run `import`, `add` or `update`; return 0 on success, 1 on a data or network error (one
    `error:` line on stderr; the data are then unchanged)."""
    args = _parser().parse_args(argv)
    data_dir: Path = args.data_dir or default_data_dir()
    try:
        if args.command == "import":
            result = build(args.shared or default_shared_dir())
            if args.check:
                return _check(render_files(result), data_dir)
            write_files(result, data_dir)
            s = result.stats
            print(
                f"wrote {data_dir}: {', '.join(f'{k} {v} rows' for k, v in s.rows.items())}; "
                f"{s.shared_cells} chart cells and {s.dv_shared} DV cells cross-checked, "
                f"{len(s.disagreements) + len(s.dv_disagreements)} disagreements, "
                f"{s.filled_cells} chart cells and {len(s.dv_filled)} DV cells filled from pages"
            )
            return 0
        if args.command == "update":
            return _update(args, data_dir)
        result_add = add_page(args.page, data_dir, replace=args.replace, allow_partial=args.allow_partial)
        verb = "replaced" if result_add.replaced else "added"
        print(
            f"{verb} {result_add.bulletin_month:%Y-%m} in {data_dir}: "
            f"{result_add.chart_rows} chart cells, {result_add.dv_rows} DV cells"
        )
        for note in result_add.notes:
            print(f"  not stored: {note}")
        return 0
    except (BulletinDataError, OSError) as exc:
        print(f"cspa bulletin {args.command}: error: {exc}", file=sys.stderr)
        return 1


def _update(args: argparse.Namespace, data_dir: Path) -> int:
    result = update(
        data_dir,
        base_url=args.base_url,
        through=args.through,
        timeout=args.timeout,
        allow_partial=args.allow_partial,
    )
    for added, url in zip(result.added, result.urls, strict=True):
        print(f"added {added.bulletin_month:%Y-%m}: {added.chart_rows} chart cells, {added.dv_rows} DV cells ({url})")
        for note in added.notes:
            print(f"  not stored: {note}")
    if result.not_published is not None:
        print(f"{result.not_published:%Y-%m}: not published yet (HTTP 404); stopped there")
    if not result.added:
        print(f"{data_dir}: already up to date, nothing changed")
    else:
        print(f"{data_dir}: {len(result.added)} month(s) added")
    return 0


def _check(files: dict[str, str], data_dir: Path) -> int:
    differ = []
    for name, text in files.items():
        path = data_dir / name
        current = path.read_bytes() if path.is_file() else None
        if name == PROVENANCE_FILE and current is not None:
            decoded = current.decode("utf-8")
            if ADDED_HEADING in decoded:  # months added later are not part of the build
                current = decoded[: decoded.index(ADDED_HEADING)].rstrip("\n").encode() + b"\n"
        if current != text.encode("utf-8"):
            differ.append(name)
    if differ:
        print(f"differs from a fresh build: {', '.join(differ)}", file=sys.stderr)
        return 1
    print(f"{data_dir}: identical to a fresh build")
    return 0
