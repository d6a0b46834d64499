"""The `cspa` command: evaluate one case, a CSV of cases, or maintain the bulletin data."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date

from .errors import CspaError

CASE_FLAGS = (
    ("category", "IR, F1, F2A, F2B, F3, F4, EB1..EB5, EW, DV, ASYLEE, REFUGEE, K2"),
    ("birth_date", "YYYY-MM-DD"),
    ("case_id", "a label for the case"),
    ("petition_filed", "receipt date (IR/ASYLEE/REFUGEE: the freeze date; DV: registration start)"),
    ("petition_approved", "approval date (DV: selection letter)"),
    ("priority_date", "default: petition_filed"),
    ("chargeability", "ALL, CHINA, INDIA, MEXICO, PHILIPPINES, ... (DV: the country)"),
    ("bulletin_current", "first day of the bulletin month the priority date became current"),
    ("processing", "adjustment | consular"),
    ("adjustment_filed", "I-485 filing date"),
    ("adjustment_decided", "I-485 decision date"),
    ("sought_to_acquire", "date the child sought to acquire LPR status"),
    ("parent_naturalized", "F2A: the LPR parent's naturalization; F2B: conversion to F1"),
    ("marriage_ended", "F3: the date the marriage ended"),
    ("admitted", "K2: admission date"),
    ("married", "the child's marriage date"),
    ("jurisdiction", "BIA | CA2 | CA9"),
    ("dv_region", "AFRICA, ASIA, EUROPE, NORTH_AMERICA, OCEANIA, SOUTH_AMERICA_CARIBBEAN"),
    ("dv_rank", "the principal's DV rank number"),
    ("dv_program_year", "DV program year, e.g. 2024 (default: from petition_filed)"),
    ("feb29", "mar1 | feb28: the birthday of a Feb 29 birth in common years"),
)


AS_OF_HELP = "the date the case is judged on, YYYY-MM-DD (default: today)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cspa", description="Child Status Protection Act age, exact to the day.")
    sub = parser.add_subparsers(dest="command", required=True)

    one = sub.add_parser("evaluate", help="evaluate one case and explain it step by step")
    for name, help_text in CASE_FLAGS:
        one.add_argument(
            "--" + name.replace("_", "-"), dest=name, help=help_text, required=name in ("category", "birth_date")
        )
    one.add_argument("--opt-out", action="store_true", help="F2B: opted out of conversion to F1")
    one.add_argument(
        "--extraordinary-circumstances",
        action="store_true",
        help="assert extraordinary circumstances for sought to acquire",
    )
    one.add_argument("--bulletin", help="a visa_bulletin.csv to use instead of the bundled one")
    one.add_argument("--lang", choices=("en", "es"), default="en")
    one.add_argument("--json", action="store_true", help="print the result as JSON")
    one.add_argument("--as-of", dest="as_of", help=AS_OF_HELP)

    many = sub.add_parser("batch", help="evaluate every row of a cases file (CSV, .xlsx or .parquet)")
    many.add_argument("cases", help="cases file with the batch columns (see README): .csv, .xlsx or .parquet")
    many.add_argument("--bulletin", help="a visa_bulletin.csv to use instead of the bundled one")
    many.add_argument(
        "-o", "--output", help="output file, by extension: .csv, .xlsx or .parquet (default: CSV on standard output)"
    )
    many.add_argument("--as-of", dest="as_of", help=AS_OF_HELP + "; an as_of column in the CSV wins")
    many.add_argument("--lang", choices=("en", "es"),
                      help="add a `verdict` column (the dashboard's sentence) in this language; also the "
                           "language of the warnings on stderr (default English)")
    many.add_argument("--explain", action="store_true",
                      help="add an `explanation` column: the numbered steps with citations (in --lang; row by row)")

    sub.add_parser(
        "bulletin", help="build or extend the bundled Visa Bulletin data: import | add PAGE.html | update"
    )

    _add_report_parser(sub)
    _add_workshop_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command; every user error (bad input, a file that cannot be read or written) is one
    `error: ...` line on standard error and exit code 2, never a traceback."""
    try:
        return _main(argv)
    except (CspaError, OSError, UnicodeError) as exc:
        print(f"error: {_describe(exc)}", file=sys.stderr)
        return 2


def _describe(exc: BaseException) -> str:
    """One line for the user: an OSError as "cannot use PATH: reason", anything else as its text."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f" {exc.filename}" if exc.filename else ""
        return f"cannot use{where}: {exc.strerror}"
    return " ".join(str(exc).split()) or type(exc).__name__


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bulletin"]:  # the importer has its own parser (and its own --help)
        from .importer.cli import main as bulletin_main

        try:
            return bulletin_main(argv[1:])
        except CspaError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    args = build_parser().parse_args(argv)
    try:
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "workshop":
            return _workshop(args)
        if args.command == "report":
            return _report(args)
        return _batch(args)
    except CspaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _bulletin(path: str | None):
    if path is None:
        return None
    from .bulletin import load_bulletin

    return load_bulletin(path)


def _as_of(text: str | None) -> date:
    """--as-of, or today's date: the one place the command reads the clock (rule book 12.9)."""
    if text is None:
        return date.today()
    from .errors import InputError

    try:
        if len(text.strip()) != 10:
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError("--as-of", f"expected a date YYYY-MM-DD (got {text!r})") from None


def _warn_if_stale(bulletin, as_of: date, lang: str) -> None:
    """The bulletin_data_stale warning on stderr when the data end long before `as_of`."""
    from .horizon import data_horizon
    from .i18n import stale_warning

    if bulletin is None:
        from .bulletin import load_bulletin

        bulletin = load_bulletin()
    warning = stale_warning(data_horizon(bulletin.last_month, as_of), lang)
    if warning:
        print(warning, file=sys.stderr)


def _evaluate(args: argparse.Namespace) -> int:
    from .api import evaluate
    from .i18n import flag_label, format_ymd, ui

    fields = {name: getattr(args, name) for name, _ in CASE_FLAGS if getattr(args, name) is not None}
    fields["opt_out"] = args.opt_out
    fields["extraordinary_circumstances"] = args.extraordinary_circumstances
    as_of = _as_of(args.as_of)
    fields["as_of"] = as_of.isoformat()
    bulletin = _bulletin(args.bulletin)
    result = evaluate(fields, bulletin=bulletin)
    _warn_if_stale(bulletin, as_of, args.lang)  # after the case: a bad input stays one error line
    if args.json:
        row = result.to_row()
        row["steps"] = result.explain(args.lang)
        print(json.dumps(row, default=lambda v: v.isoformat() if isinstance(v, date) else str(v), indent=2))
        return 0
    lang = args.lang
    print(result.verdict(lang))
    if result.cspa_age is not None:
        print(f"{ui('cspa_age', lang)}: {format_ymd(result.cspa_age, lang)} ({result.cspa_age_total_days} d)")
    print()
    print(ui("steps", lang) + ":")
    for line in result.explain(lang):
        print("  " + line)
    if result.flags:
        print()
        print(ui("flags", lang) + ":")
        for flag in result.flags:
            print(f"  - {flag_label(flag, lang)} ({flag})")
    return 0


def _batch(args: argparse.Namespace) -> int:
    from .batch import evaluate_frame
    from .tableio import check_writable, read_cases, write_results

    if args.output is not None:
        check_writable(args.output)  # before the work, not after it
    cases = read_cases(args.cases)
    as_of = _as_of(args.as_of)
    if "as_of" not in cases.columns:
        cases["as_of"] = as_of.isoformat()
    bulletin = _bulletin(args.bulletin)
    _warn_if_stale(bulletin, as_of, args.lang or "en")
    results = evaluate_frame(cases, bulletin=bulletin)
    if args.lang or args.explain:
        from .batch_text import add_explanations, add_verdicts

        results = add_verdicts(results, args.lang or "en")
        if args.explain:
            results = add_explanations(results, args.lang or "en", bulletin=bulletin)
    text = write_results(results, args.output)
    if text is not None:
        sys.stdout.write(text)
    counts = results["outcome"].value_counts().to_dict()
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    print(f"{len(results)} cases: {summary}", file=sys.stderr)
    return 0


def _add_report_parser(sub) -> None:
    report = sub.add_parser("report", help="write a one- or two-page PDF of a case (or one per row of a cases CSV)")
    for name, help_text in CASE_FLAGS:
        report.add_argument("--" + name.replace("_", "-"), dest=name, help=help_text)
    report.add_argument("--opt-out", action="store_true", help="F2B: opted out of conversion to F1")
    report.add_argument("--extraordinary-circumstances", action="store_true",
                        help="assert extraordinary circumstances for sought to acquire")
    report.add_argument("--batch", metavar="CASES.csv", help="one PDF per row of a cases CSV, named from case_id")
    report.add_argument("--bulletin", help="a visa_bulletin.csv to use instead of the bundled one")
    report.add_argument("--lang", choices=("en", "es"), default="en")
    report.add_argument("--as-of", help="the evaluation date printed on the report, YYYY-MM-DD (default: today)")
    report.add_argument("-o", "--output", required=True, help="FILE.pdf (one case) or a folder (--batch)")


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .api import evaluate
    from .dates import parse_date
    from .report import safe_file_name, write_report

    as_of = parse_date(args.as_of, "as_of") if args.as_of else date.today()
    bulletin = _bulletin(args.bulletin)
    last_month = bulletin.last_month if bulletin is not None else None
    if args.batch is None:
        missing = [f"--{name.replace('_', '-')}" for name in ("category", "birth_date") if getattr(args, name) is None]
        if missing:
            raise CspaError(f"{' and '.join(missing)} required (or --batch CASES.csv)")
        fields = {name: getattr(args, name) for name, _ in CASE_FLAGS if getattr(args, name) is not None}
        fields["opt_out"] = args.opt_out
        fields["extraordinary_circumstances"] = args.extraordinary_circumstances
        result = evaluate(fields, bulletin=bulletin)
        path = write_report(result, args.output, args.lang, as_of=as_of, bulletin_last_month=last_month)
        print(f"{path}: {result.verdict(args.lang)}", file=sys.stderr)
        return 0

    from .batch import read_cases

    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    written, failed, used = 0, 0, set()
    for number, record in enumerate(read_cases(args.batch).to_dict("records"), start=1):
        name = safe_file_name(str(record.get("case_id") or ""), f"case-{number:04d}")
        stem, suffix = name, 2
        while name in used:
            name, suffix = f"{stem}-{suffix}", suffix + 1
        used.add(name)
        try:
            result = evaluate(record, bulletin=bulletin)
            write_report(result, folder / f"{name}.pdf", args.lang, as_of=as_of, bulletin_last_month=last_month)
            written += 1
        except CspaError as exc:
            failed += 1
            print(f"error: row {number} ({record.get('case_id') or 'no case_id'}): {exc}", file=sys.stderr)
    print(f"{written} reports written to {folder}; {failed} rows with errors", file=sys.stderr)
    return 0


def _add_workshop_parser(sub) -> None:
    from .workshop import WorkshopOptions

    d = WorkshopOptions()
    room = sub.add_parser("workshop", help="serve the workshop dashboard (Voila); --room opens it to the local network")
    room.add_argument("--room", action="store_true",
                      help="listen on the local network, behind a generated token; print the join URL and a QR code")
    room.add_argument("--port", type=int, default=d.port, metavar="N", help=f"port (default {d.port})")
    room.add_argument("--lang", choices=("en", "es"), default=d.lang, help="the dashboard's first language")
    room.add_argument("--ip", metavar="ADDRESS", help="address to listen on (default 127.0.0.1; with --room 0.0.0.0)")
    room.add_argument("--public-host", metavar="HOST",
                      help="host name or address to print in the join URL (default: detected)")
    room.add_argument("--max-kernels", type=int, default=d.max_kernels, metavar="N",
                      help=f"most dashboards at once, preheated ones included (default {d.max_kernels})")
    room.add_argument("--pool", type=int, default=d.pool_size, dest="pool_size", metavar="N",
                      help=f"preheated kernels kept ready (default {d.pool_size}; 0: none)")
    room.add_argument("--cull-idle", type=int, default=d.cull_idle_s, dest="cull_idle_s", metavar="SECONDS",
                      help=f"seconds before an idle dashboard's kernel is shut down (default {d.cull_idle_s})")
    room.add_argument("--cull-interval", type=int, default=d.cull_interval_s, dest="cull_interval_s",
                      metavar="SECONDS",
                      help=f"seconds between checks for idle kernels (default {d.cull_interval_s})")


def _workshop(args: argparse.Namespace) -> int:
    from .workshop import WorkshopOptions, serve

    options = WorkshopOptions(room=args.room, port=args.port, lang=args.lang, ip=args.ip,
                              public_host=args.public_host, max_kernels=args.max_kernels,
                              pool_size=args.pool_size, cull_idle_s=args.cull_idle_s,
                              cull_interval_s=args.cull_interval_s)
    return serve(options)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
