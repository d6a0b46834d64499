"""The PDF case report: its text (extracted with pypdf) says what the core says, in the language
asked for, on at most two pages; `cspa report` writes one PDF or one per row."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest

from cspa_lib import evaluate
from cspa_lib.horizon import data_horizon
from cspa_lib.i18n import ALTERNATIVES, flag_label, format_fact_date, horizon_line, render_step, stale_warning, ui
from cspa_lib.presets import PRESETS, get_preset
from cspa_lib.report import FONT_SIZES, MAX_PAGES, _blocks, _paginate, render_report, safe_file_name, write_report

AS_OF = date(2026, 12, 1)
LAST_MONTH = date(2026, 7, 1)


def pdf_text(data: bytes) -> tuple[int, str]:
    """(pages, text with every run of whitespace made one space)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def flat(value: str) -> str:
    return re.sub(r"\s+", " ", value)


# The cases whose text is checked in full: the USCIS example, a retrogression with extraordinary
# circumstances (flags and an alternative), a Feb 29 birth, a jurisdiction-dependent naturalization.
TEXT_CASES = ["uscis_formula", "retro_f2a_2023_ec", "feb29", "natz_ca9"]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("key", TEXT_CASES)
def test_report_text_has_verdict_dates_steps_flags_and_disclaimer(key, lang):
    result = evaluate(dict(get_preset(key).fields))
    pages, text = pdf_text(render_report(result, lang, as_of=AS_OF, bulletin_last_month=LAST_MONTH))
    assert 1 <= pages <= MAX_PAGES
    assert flat(result.verdict(lang)) in text
    assert flat(ui("report_evaluated", lang).format(date=format_fact_date(AS_OF, lang))) in text
    horizon = data_horizon(LAST_MONTH, AS_OF)
    assert flat(horizon_line(horizon, lang)) in text
    assert ("Bulletin data through July 2026" if lang == "en" else "Datos del Boletín de Visas hasta julio de 2026") in text
    if horizon.stale:  # the same warning as the CLI and the dashboard (rule book §12.9)
        assert flat(stale_warning(horizon, lang)) in text
    birth = result.birth_date
    assert (f"{birth.day:02d}/{birth.month:02d}/{birth.year}" if lang == "es" else
            f"{birth:%B} {birth.day}, {birth.year}") in text
    for number, step in enumerate(result.steps, start=1):
        assert f"{number}. " + flat(render_step(step.key, dict(step.params), lang)) in text, f"step {number}"
    for flag in result.flags:
        assert flat(flag_label(flag, lang)) in text
    for alternative in result.alternatives:
        assert flat(ALTERNATIVES[alternative.key][0 if lang == "en" else 1]) in text
    assert flat(ui("report_disclaimer", lang)) in text


def test_spanish_report_has_no_english_headings_and_dates_as_dd_mm_aaaa():
    result = evaluate(dict(get_preset("uscis_formula").fields))
    _, text = pdf_text(render_report(result, "es", as_of=AS_OF, bulletin_last_month=LAST_MONTH))
    assert "Evaluado el 01/12/2026" in text and "Fecha de nacimiento: 01/02/2003" in text
    assert "Petición aprobada: 01/08/2016" in text and "Visa disponible: 01/06/2024" in text
    for english in ("case report", "Evaluated", "Step by step", "Protected", "Birth date", "legal advice"):
        assert english not in text


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("key", [p.key for p in PRESETS])
def test_every_workshop_example_fits_on_two_pages_at_the_largest_type(key, lang):
    """The layout `render_report` draws (checked on the PDF below) at the first type size."""
    result = evaluate(dict(get_preset(key).fields))
    assert len(_paginate(_blocks(result, lang, AS_OF, LAST_MONTH, FONT_SIZES[0]))) <= MAX_PAGES


@pytest.mark.parametrize("key", ["uscis_formula", "natz_ca9"])
def test_pdf_pages_are_the_layout_pages(key):
    result = evaluate(dict(get_preset(key).fields))
    pages, _ = pdf_text(render_report(result, "es", as_of=AS_OF, bulletin_last_month=LAST_MONTH))
    assert pages == len(_paginate(_blocks(result, "es", AS_OF, LAST_MONTH, FONT_SIZES[0])))


def test_write_report_is_atomic(tmp_path):
    result = evaluate(dict(get_preset("protected").fields))
    target = tmp_path / "case.pdf"
    target.write_bytes(b"the previous report")
    with pytest.raises(ValueError, match="'lang' must be one of en, es"):
        write_report(result, target, "fr", as_of=AS_OF, bulletin_last_month=LAST_MONTH)
    assert target.read_bytes() == b"the previous report"
    write_report(result, target, "en", as_of=AS_OF, bulletin_last_month=LAST_MONTH)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["case.pdf"]


@pytest.mark.parametrize(
    ("case_id", "name"),
    [("H001", "H001"), ("a/b\\c", "a_b_c"), ("../../etc", "etc"), ("", "case-0007"), ("...", "case-0007"),
     ("José María", "José_María"), ("x" * 150, "x" * 100)],
    ids=["plain", "slashes", "dots", "empty", "only-dots", "accents", "long"],
)
def test_file_names_from_case_ids_are_safe(case_id, name):
    assert safe_file_name(case_id, "case-0007") == name


def cspa(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cspa_lib.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_report_one_case_in_spanish(tmp_path):
    proc = cspa("report", "--category", "F2A", "--birth-date", "2002-01-05", "--petition-filed", "2021-03-01",
                "--petition-approved", "2021-09-01", "--bulletin-current", "2023-11-01", "--lang", "es",
                "--as-of", "2026-12-01", "-o", "case.pdf", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    expected = evaluate(category="F2A", birth_date="2002-01-05", petition_filed="2021-03-01",
                        petition_approved="2021-09-01", bulletin_current="2023-11-01")
    assert proc.stderr == f"case.pdf: {expected.verdict('es')}\n"
    pages, text = pdf_text((tmp_path / "case.pdf").read_bytes())
    assert pages <= MAX_PAGES and flat(expected.verdict("es")) in text and "Evaluado el 01/12/2026" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--birth-date", "2002-01-05"], "error: --category required (or --batch CASES.csv)"),
     (["--category", "F2A", "--birth-date", "2002-01-05", "--as-of", "2026-13-01"],
      "error: 'as_of' must be an ISO date YYYY-MM-DD that exists on the calendar (got '2026-13-01')")],
    ids=["no-category", "bad-as-of"],
)
def test_cli_report_errors_are_one_line(args, message, tmp_path):
    proc = cspa("report", *args, "-o", "x.pdf", cwd=tmp_path)
    assert (proc.returncode, proc.stderr.strip()) == (2, message)
    assert not (tmp_path / "x.pdf").exists()


def test_cli_report_batch_writes_one_pdf_per_row_and_names_the_bad_rows(tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text("case_id,category,birth_date,petition_filed,petition_approved,bulletin_current\n"
                     "A/1,F2A,2003-02-01,2016-02-01,2016-08-01,2024-06-01\n"
                     "A/1,F2A,2005-02-01,2016-02-01,2016-08-01,2024-06-01\n"
                     ",IR,2003-05-10,2023-11-01,,\n"
                     "bad,F2A,2003-02-30,2016-02-01,2016-08-01,2024-06-01\n", encoding="utf-8")
    proc = cspa("report", "--batch", str(cases), "-o", "out", "--as-of", "2026-12-01", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        "error: row 4 (bad): 'birth_date' must be an ISO date YYYY-MM-DD that exists on the calendar (got '2003-02-30')",
        "3 reports written to out; 1 rows with errors",
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["A_1-2.pdf", "A_1.pdf", "case-0003.pdf"]
    _, text = pdf_text((tmp_path / "out" / "case-0003.pdf").read_bytes())
    assert flat(evaluate(category="IR", birth_date="2003-05-10", petition_filed="2023-11-01").verdict("en")) in text


def test_every_flag_and_alternative_of_the_examples_has_words():
    """The report shows no internal code: each flag and alternative of the workshop examples has
    an English and a Spanish label."""
    from cspa_lib.i18n import FLAGS

    flags = {f for p in PRESETS for f in evaluate(dict(p.fields)).flags}
    alternatives = {a.key for p in PRESETS for a in evaluate(dict(p.fields)).alternatives}
    assert alternatives and flags
    assert sorted(flags - set(FLAGS)) == [] and sorted(alternatives - set(ALTERNATIVES)) == []


def test_every_alternative_the_rules_can_give_has_words_in_both_languages():
    from cspa_lib.rules.codes import ALTERNATIVES as KEYS

    assert sorted(set(KEYS) - set(ALTERNATIVES)) == []
    assert all(en and es and en != es for en, es in (ALTERNATIVES[k] for k in KEYS))
