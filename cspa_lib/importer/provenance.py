"""Render data/PROVENANCE.md from a build: what came from where, what was checked, what is missing.

The counts and lists are computed by the build; the prose around them is here, so the note can
never drift from the data it describes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from .html_parser import CATEGORY_ORDER, CHARGEABILITY_ORDER, EB5_GENERAL, FAMILY_CATEGORIES
from .known import BULLETIN_EVENTS, SECONDARY_CHARTS, SUSPECT_CELLS
from .results import BuildResult
from .tables import ADDED_HEADING, BULLETIN_FILE, DESIGNATION_FILE, DV_FILE, EVENTS_FILE, SECONDARY, SUSPECT_FILE

__all__ = ["ADDED_HEADING", "render_provenance"]

CATEGORY_MEANING = {
    "F1": "Family 1st: unmarried sons and daughters of U.S. citizens",
    "F2A": "Family 2A: spouses and children of permanent residents",
    "F2B": "Family 2B: unmarried sons and daughters (21+) of permanent residents",
    "F3": "Family 3rd: married sons and daughters of U.S. citizens",
    "F4": "Family 4th: brothers and sisters of adult U.S. citizens",
    "EB1": "Employment 1st: priority workers",
    "EB2": "Employment 2nd: advanced degrees / exceptional ability",
    "EB3": "Employment 3rd: skilled workers and professionals",
    "EW": "Employment 3rd, Other Workers",
    "EB4": "Employment 4th: certain special immigrants",
    "SR": "Employment 4th, Certain Religious Workers",
    "IAT": "Employment 4th, Iraqi and Afghan translators (2006-12..2007-07)",
    "EB5": 'Employment 5th, the general investor row: plain "5th" to 2011-04; then the single '
    '"5th Targeted Employment Areas/Regional Centers and Pilot Programs" row that covered the '
    'whole fifth preference (FAD 2011-05..2015-08, DFF 2015-10; in 2012-10 "5th Targeted '
    'Employment Areas/Regional Centers" beside a separate "5th Pilot Programs" row)',
    "EB5_TEA": "Employment 5th, Targeted Employment Areas/Regional Centers (to 2011-04)",
    "EB5_PILOT": "Employment 5th, Pilot Programs (regional-center pilot, 2009-2012)",
    "EB5_NRC": "Employment 5th, Non-Regional Center (C5 and T5), 2015-09..2022-04",
    "EB5_RC": "Employment 5th, Regional Center (I5 and R5), 2015-09..2022-04",
    "EB5_UNRESERVED": "Employment 5th, Unreserved (all EB-5 not in a set-aside), 2022-05 on",
    "EB5_UNRESERVED_RC": 'Employment 5th, the extra May 2022 row "5th Unreserved (I5 and R5)"',
    "EB5_RURAL": "Employment 5th, set aside: Rural (20%)",
    "EB5_HIGH_UNEMPLOYMENT": "Employment 5th, set aside: High Unemployment (10%)",
    "EB5_INFRASTRUCTURE": "Employment 5th, set aside: Infrastructure (2%)",
}


def ranges(months: set[str] | list[str]) -> str:
    """Compress YYYY-MM strings to '2001-12..2004-06, 2005-01'."""
    ordered = sorted(set(months))
    if not ordered:
        return ""

    def index(m: str) -> int:
        return int(m[:4]) * 12 + int(m[5:7]) - 1

    spans: list[list[str]] = []
    for m in ordered:
        if spans and index(m) == index(spans[-1][1]) + 1:
            spans[-1][1] = m
        else:
            spans.append([m, m])
    return ", ".join(a if a == b else f"{a}..{b}" for a, b in spans)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _printed_forms(seen: Mapping[tuple[str, str], Iterable[str]]) -> dict[str, str]:
    """Per code, the printed forms it covers with the months each was seen, earliest first."""
    by_code: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (code, printed), months in seen.items():
        by_code[code][printed].update(months)
    return {
        code: "; ".join(f"`{_cell(p)}` ({ranges(ms)})" for p, ms in sorted(forms.items(), key=lambda kv: min(kv[1])))
        for code, forms in by_code.items()
    }


def _corrections(w: Callable[[str], None]) -> None:
    """Rule book 12.11: suspect printed values and revised bulletins, kept and flagged."""
    w("## Corrections and revisions (rule book 12.11)\n")
    w(
        f"Values are kept as the official page printed them. Cells that are probably misprints are "
        f"listed in `{SUSPECT_FILE}` with the other reading, so that a result using one can be "
        "evaluated both ways (`Bulletin.suspect_cells`; flag `printed_value_suspect` when the "
        "verdict differs):\n"
    )
    w("| month | chart | category | column | printed | kept | other reading | why |")
    w("|---|---|---|---|---|---|---|---|")
    for c in SUSPECT_CELLS:
        w(
            f"| {c.month} | {c.chart} | {c.category} | {c.chargeability} | `{c.printed}` | {c.cutoff} | "
            f"{c.alternative} | {_cell(c.reason)} |"
        )
    w("")
    w(
        f"Bulletins revised after publication are recorded in `{EVENTS_FILE}`; `visa_bulletin.csv` "
        "keeps one value per month, the original one (`Bulletin.events`, `Bulletin.revised_periods`; "
        "flag `bulletin_revised_jul_2007` for results that depend on the days the revision was in "
        "force):\n"
    )
    w("| month | date | event | block | what | source |")
    w("|---|---|---|---|---|---|")
    for e in BULLETIN_EVENTS:
        w(f"| {e.month} | {e.date or '—'} | `{e.event}` | {e.block or 'all'} | {_cell(e.note)} | {_cell(e.source)} |")
    w("")


def _panel_only(w: Callable[[str], None], result: BuildResult) -> None:
    """The months whose chart values come from the tidy panel alone (no saved official page)."""
    counts: dict[str, int] = defaultdict(int)
    for r in result.bulletin:
        if r.source == "panel":
            counts[r.bulletin_month[:7]] += 1
    dv_counts: dict[str, int] = defaultdict(int)
    for d in result.dv:
        if d.source == "panel":
            dv_counts[d.bulletin_month[:7]] += 1
    w("## Values from the tidy panel alone\n")
    w(
        f"{sum(counts.values())} chart cells and {sum(dv_counts.values())} DV cells (source `panel`) "
        "come from the panel only: no official page of their month was saved, so they were not "
        "cross-checked. By month (chart cells, DV cells):\n"
    )
    w(", ".join(f"{m} ({n}, {dv_counts.get(m, 0)})" for m, n in sorted(counts.items())) + ".\n")


def render_provenance(result: BuildResult) -> str:  # noqa: C901 - one linear document
    s = result.stats
    out: list[str] = []
    w = out.append
    n_pages = len(s.pages)
    bulletin_months = sorted({r.bulletin_month[:7] for r in result.bulletin})
    dr_months = {r.bulletin_month[:7] for r in result.bulletin if r.chargeability == "DOMINICAN_REPUBLIC"}
    dv_base = {(r.bulletin_month, r.region): r.cutoff for r in result.dv if r.country == "ALL"}

    w("# Provenance of the bundled Visa Bulletin data\n")
    w(
        "Generated by `python -m cspa_lib.importer import` (`cspa_lib/importer/build.py`) from "
        "the three sources in `../shared/data-sources`; rebuild rather than edit. Months added "
        "later with `cspa bulletin add` are listed at the end.\n"
    )
    w("## Files\n")
    w("| file | rows | one row per |")
    w("|---|---:|---|")
    w(
        f"| `{BULLETIN_FILE}` | {s.rows[BULLETIN_FILE]} | (bulletin_month, chart, category, "
        "chargeability): a printed cut-off (`YYYY-MM-DD`, `C` current, `U` unavailable) |"
    )
    w(
        f"| `{DV_FILE}` | {s.rows[DV_FILE]} | (bulletin_month, region, country): a DV regional "
        "rank cut-off (`country` = `ALL`) or a country exception; integer rank, `C` current or "
        "`U` unavailable |"
    )
    w(
        f"| `{DESIGNATION_FILE}` | {s.rows[DESIGNATION_FILE]} | (bulletin_month, block, category, "
        "chargeability): the chart USCIS designated for adjustment-of-status filing |"
    )
    w(
        f"| `{SUSPECT_FILE}` | {len(SUSPECT_CELLS)} | a printed cut-off kept as printed although it is "
        "probably a misprint, with the other reading (see Corrections) |"
    )
    w(
        f"| `{EVENTS_FILE}` | {len(BULLETIN_EVENTS)} | an event in a bulletin's life: published, "
        "revised, revision withdrawn |"
    )
    w("")
    w(
        "Coverage: Final Action Dates (`FAD`) every month "
        f"{bulletin_months[0]}..{bulletin_months[-1]} "
        f"({len(bulletin_months)} months); Dates for Filing (`DFF`) from 2015-10, the first "
        "bulletin "
        "with two charts. DV ranks: "
        f"{s.dv_months} months"
        + (f" (none for {ranges(s.dv_missing_months)})" if s.dv_missing_months else " (every month)")
        + ". USCIS designations: 2015-10..2026-10 (there is nothing to designate before 2015-10, "
        "so those months are absent).\n"
    )

    w("## Sources\n")
    w(
        "1. **Panel** (`uacj-visapredictai`): `visa_panel_long.csv` and the raw per-country files "
        "of UACJ-MIAAD/VisaPredictAI (snapshot `f978faac`, data last changed `f500118d`, MIT), "
        "a tidy table of every FAD/DFF cell for the columns All Chargeability, China, India, "
        "Mexico and Philippines, 2001-12..2026-07, plus `dv_visa_rank_timecourse.csv`. The raw "
        "files keep each row label as printed; we map those labels with the same function as the "
        "pages, so both sources get the same category codes.\n"
        f"2. **Official pages** (`vyakunin-bulletin-html`): {n_pages} saved travel.state.gov "
        "bulletin pages, 2001-12..2025-12 (vyakunin/visa_bulletin snapshot `c4a699b5`; scripts and "
        "styles stripped, otherwise byte-identical). Parsed by our own standard-library parser "
        "(`cspa_lib/importer/html_parser.py`). No page is copied into this project.\n"
        "3. **USCIS designations** (`uscis-chart-designation/uscis_chart_designation.csv`): which "
        "chart USCIS told I-485 filers to use, per month and block, compiled from law-firm posts, "
        "news and scrapes of uscis.gov/visabulletininfo, with a confidence and source URLs.\n"
    )
    for n, sec in enumerate(SECONDARY_CHARTS, start=4):
        w(
            f"{n}. **Secondary** ({sec.month} {sec.chart} {sec.block} chart, no saved page): "
            f"transcribed by hand from {sec.citation}. Corroborated by: "
            + "; ".join(sec.corroboration)
            + ". Only the cells neither source has are used (source `secondary`); the rest of the "
            "copy is compared with the panel (see Cross-check).\n"
        )
    w("Bulletin values are U.S. government facts (17 U.S.C. 105).\n")

    w("## Source tokens\n")
    w("`visa_bulletin.csv` and `dv_rank_cutoffs.csv` carry a `source` column:\n")
    w("| token | meaning | bulletin rows | DV rows |")
    w("|---|---|---:|---:|")
    w(
        f"| `panel+html` | panel value, identical to our parse of the official page | "
        f"{s.source_counts['panel+html']} | {s.dv_source_counts['panel+html']} |"
    )
    w(
        f"| `panel` | panel only: no saved page for the month ({ranges(s.months_without_page)}) | "
        f"{s.source_counts['panel']} | {s.dv_source_counts['panel']} |"
    )
    w(
        f"| `html` | from the official page; the panel lacks the cell (gap filled) | "
        f"{s.source_counts['html']} | {s.dv_source_counts['html']} |"
    )
    if s.source_counts[SECONDARY]:
        w(
            "| `secondary` | neither source has the cell; transcribed from a cited third-party copy "
            f"of the official page (Sources, 4) | {s.source_counts[SECONDARY]} | 0 |"
        )
    w("")
    w("Rows appended later by `cspa bulletin add` carry `html` (they come from one official page and nothing else).\n")

    w("## Cross-check\n")
    by = ", ".join(f"{c} {s.shared_by_chargeability[c]}" for c in CHARGEABILITY_ORDER if s.shared_by_chargeability[c])
    w(
        f"- Chart cells: the panel has {s.panel_cells} cells, our parse of the {n_pages} pages "
        f"{s.html_cells}. **{s.shared_cells}** cells are in both and were compared ({by}); "
        f"**{len(s.disagreements)}** disagree."
    )
    w(f"- DV ranks: **{s.dv_shared}** (month, region, country) cells in both, **{len(s.dv_disagreements)}** disagree.")
    if s.secondary_filled:
        w(
            f"- Secondary copy: its **{s.secondary_compared}** cells that the panel also has were "
            "compared, **0** disagree (the build stops otherwise); its "
            f"{len(s.secondary_filled)} other cells are the `secondary` rows."
        )
    w(
        "- Every panel cell of a month with a saved page is found on the page (the build stops "
        "otherwise), and every chart cell the page prints is either compared or filled."
    )
    w("- The panel's `raw_value` re-parsed equals its `priority_date`/`status` for every row.")
    w(
        "- A disagreement stops the build unless `KNOWN_DISAGREEMENTS` in `known.py` records "
        "which value to keep and why; each one is listed here.\n"
    )
    if s.disagreements or s.dv_disagreements:
        w("| cell | panel | page | kept | why |")
        w("|---|---|---|---|---|")
        for key, p, h, kept, why in s.disagreements:
            w(f"| {' '.join(key)} | {p} | {h} | {kept} | {_cell(why)} |")
        for key, p, h, kept, why in s.dv_disagreements:
            w(f"| DV {' '.join(key)} | {p} | {h} | {kept} | {_cell(why)} |")
        w("")
    else:
        w("No disagreement was found: every shared value is identical.\n")

    w("## Gaps filled from the official pages\n")
    w(
        f"{s.filled_cells} chart cells come from the pages alone (source `html`), grouped here by "
        "chart, block, column and what the panel lacked:\n"
    )
    groups: dict[tuple[str, str, str, str], list[tuple[str, int]]] = defaultdict(list)
    for month, chart, block, charg, what, n in s.filled:
        groups[(chart, block, charg, what)].append((month, n))
    w("| chart | block | column | panel lacked | months | cells |")
    w("|---|---|---|---|---|---:|")
    for (chart, block, charg, what), items in sorted(groups.items(), key=lambda kv: (kv[1][0][0], kv[0])):
        w(f"| {chart} | {block} | {charg} | {what} | {ranges([m for m, _ in items])} | {sum(n for _, n in items)} |")
    w("")
    w(
        'This covers every gap in the panel\'s own "Known gaps" list that falls in a month with a '
        "saved page: the 2005-01..2006-01 employment columns printed as `CH/IN/ME/PH`, the "
        "Philippines columns under misspelt headers, the All Chargeability columns of 2005-04, "
        "2005-05, 2009-07, 2014-11, 2015-10 DFF, 2016-02 and 2016-12, the El Salvador/Guatemala/"
        'Honduras and Vietnam columns, and the May 2022 "5th Unreserved (I5 and R5)" row. The one '
        "listed gap in a month without a saved page is 2009-09 (see below). The Dominican "
        "Republic column, which the panel's list does not mention, is filled the same way.\n"
    )
    if s.secondary_filled:
        values = {(r.bulletin_month[:7], r.chart, r.category, r.chargeability): r.cutoff for r in result.bulletin}
        by_column: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for key in s.secondary_filled:
            block = "family" if key[2] in FAMILY_CATEGORIES else "employment"
            by_column[(key[0], f"{key[1]} {block}", key[3])].append(f"{key[2]} {values[key]}")
        listed = "; ".join(f"{m} {chart} {charg}: {', '.join(cells)}" for (m, chart, charg), cells in by_column.items())
        w(f"From the secondary copy (source `secondary`, {len(s.secondary_filled)} cells): {listed}.\n")
    dv_groups: dict[str, list[str]] = defaultdict(list)
    for month, _region, country, _ in s.dv_filled:
        dv_groups["regional cut-offs" if country == "ALL" else "country exceptions"].append(month)
    w(
        f"DV: {len(s.dv_filled)} cells from the pages alone: regional cut-offs in "
        f"{ranges(dv_groups['regional cut-offs'])} (2002-08..2004-04 print the ranks as lines "
        "of text, inside one table cell or as paragraphs, rather than one table row per region; "
        "2012-09 prints CURRENT for every region; in 2002-05 and 2004-05 the panel lacks single "
        "regions), and country exceptions in "
        f"{ranges(dv_groups['country exceptions'])} that the panel's `exceptions` text omits.\n"
    )

    w("## What is missing or left out\n")
    w(
        f"- **Months without a saved page** ({ranges(s.months_without_page)}): values come from "
        "the panel alone (apart from the `secondary` cells above) and could not be cross-checked "
        "against an official page, and only its five columns exist for "
        "them (the saved pages show no El Salvador/Guatemala/Honduras column after 2023-03 and "
        "no Vietnam column after 2021-09, so 2026 most likely printed neither; 2009-03 and "
        "2009-09..2009-11 and 2012-10 predate both columns, and the saved pages show the "
        f"Dominican Republic column only in {ranges(dr_months)}, none of them a month without a "
        "page)."
    )
    for (month, chart, block, charg), why in s.missing_columns:
        w(
            f"- **{month} {chart} {block}, column {charg}**: absent ({why}). The bulletin printed "
            "it; the runtime's fallback to ALL has nothing to fall back to for this month, so a "
            "lookup there needs a country column or fails."
        )
    for month, chart, cat, charg, label in s.panel_blank:
        w(f"- **{month} {chart} {cat} {charg}**: the printed cell is blank (row {label!r}); no row.")
    for month, note in s.page_notes:
        if note.kind == "unparseable":
            w(f"- **{month} {note.where}**: unreadable cell {note.text!r}; no row.")
    sched: dict[str, set[str]] = defaultdict(set)
    for month, note in s.page_notes:
        if note.kind == "skipped_row" and "Schedule" in note.where:
            sched[" / ".join(sorted(set(note.text.split(" | "))))].add(month)
    if sched:
        values = "; ".join(f"`{v}` in {ranges(ms)}" for v, ms in sorted(sched.items(), key=lambda kv: min(kv[1])))
        w(
            '- **"Schedule A Workers" rows** (employment FAD): numbers recaptured for Schedule A '
            "nurses and physical therapists (Pub. L. 109-13, 2005). The row fits no category code, "
            f"so it is left out. Printed values: {values}."
        )
    other_rows = [(m, n) for m, n in s.page_notes if n.kind == "skipped_row" and "Schedule" not in n.where]
    for month, note in other_rows:
        w(f"- **{month} {note.where}**: a block-label row filled with values ({note.text}); left out.")
    for month, note in s.page_notes:
        if note.kind == "skipped_column":
            w(f"- **{month} {note.where}**: a column with no chargeability code ({note.text!r}); left out.")
    w("")

    _corrections(w)
    _panel_only(w, result)

    w("## Category codes and the printed labels they cover\n")
    w(
        "Row labels are matched after dropping case, spaces, punctuation and footnote stars "
        "(`2A*`, `F2A*`, `1<sup>st</sup>`, no-break spaces), by `map_row_label` in "
        "`html_parser.py`. A label that matches nothing stops the build.\n"
    )
    w("| code | meaning | printed labels (months seen) |")
    w("|---|---|---|")
    labels = _printed_forms(s.labels)
    for code in CATEGORY_ORDER:
        w(f"| `{code}` | {CATEGORY_MEANING[code]} | {labels.get(code, '')} |")
    w("")
    w("### The general EB-5 row\n")
    w(
        "The runtime resolves a plain `EB5` to the first present of `EB5`, `EB5_NRC`, "
        "`EB5_UNRESERVED`. Every month and chart has exactly one of them (checked by the build):\n"
    )
    w("| chart | code | months |")
    w("|---|---|---|")
    for chart in ("FAD", "DFF"):
        for code in EB5_GENERAL:
            months = s.eb5_general.get((chart, code))
            if months:
                w(f"| {chart} | `{code}` | {ranges(months)} |")
    w("")
    w("Mapping decisions worth knowing:\n")
    w(
        "- From 2011-05 to 2015-08 (FAD) and in the 2015-10 DFF chart the bulletin printed one "
        'EB-5 row, "5th Targeted Employment Areas/Regional Centers and Pilot Programs", for the '
        "whole fifth preference. It is coded `EB5` (the general row), not `EB5_TEA`; the panel "
        "calls it `EB5_TEA`."
    )
    w(
        '- "Targeted Employ-ment Areas/Regional Centers" (2005-08, 2006-12..2007-02) is `EB5_TEA`; '
        "the panel calls it `EB5_RC`."
    )
    w('- "Targeted Employment Areas" without "Regional Centers" (2009-04) is `EB5_TEA`.')
    w(
        '- "5th Unreserved (C5, T5, and all others)" (2022-05), "(including C5, T5, I5, R5)" and '
        'the 2025 unified "(including C5, T5, I5, R5, NU, RU)" are all `EB5_UNRESERVED`; only the '
        'May 2022 "5th Unreserved (I5 and R5)" is `EB5_UNRESERVED_RC`.\n'
    )
    w("Panel category codes seen and the code used here:\n")
    w("| panel code | our code | months |")
    w("|---|---|---|")
    for (pcode, code), months in sorted(s.panel_codes.items()):
        w(f"| `{pcode}` | `{code}` | {ranges(months)} |")
    w("")

    w("## Chargeability codes and the printed headers they cover\n")
    w("A column the bulletin did not print that month has no rows; lookups fall back to `ALL`.\n")
    w("| code | printed headers (months seen on the pages) |")
    w("|---|---|")
    headers = _printed_forms(s.headers)
    for code in CHARGEABILITY_ORDER:
        w(f"| `{code}` | {headers.get(code, '')} |")
    w("")
    w("Panel columns: `all_chargeability` = `ALL`, `china`, `india`, `mexico`, `philippines`.\n")
    if dr_months:
        base = {
            (r.bulletin_month[:7], r.chart, r.category): r.cutoff for r in result.bulletin if r.chargeability == "ALL"
        }
        dr_rows = [r for r in result.bulletin if r.chargeability == "DOMINICAN_REPUBLIC"]
        differ = [
            f"{r.bulletin_month[:7]} {r.category} {r.cutoff} (ALL {base[(r.bulletin_month[:7], r.chart, r.category)]})"
            for r in dr_rows
            if r.cutoff != base.get((r.bulletin_month[:7], r.chart, r.category))
        ]
        w(
            f"`DOMINICAN_REPUBLIC`: printed in the FAD family and employment charts of "
            f"{ranges(dr_months)} only ({len(dr_rows)} cells, all from the pages; the panel has no "
            f"such column). It differs from ALL in {len(differ)} cells, where a lookup without the "
            f"column would have been wrong: {'; '.join(differ)}.\n"
        )

    w("## DV rank cut-offs\n")
    w(
        'Regions: `AFRICA ASIA EUROPE NORTH_AMERICA OCEANIA SOUTH_AMERICA_CARIBBEAN` ("NORTH '
        'AMERICA (BAHAMAS)", "SOUTH AMERICA, and the CARIBBEAN"). The page\'s first rank list is '
        'the bulletin month\'s; the later "advance notification" list for the next month is not '
        'read. Exceptions ("Except: Egypt: 8,000 Ethiopia 7,900") become one row per country, '
        "named in upper snake case; region abbreviations printed in 2001-2005 (`AF`, `AS`, `EU`, "
        "`EUR`, `NA`, `OC`, `SA`) are dropped. `CURRENT` is `C`; `UNAVAILABLE` is `U` (no "
        "number may be issued, whatever the rank; the runtime never treats it as current).\n"
    )
    unavailable = [r for r in result.dv if r.cutoff == "U"]
    if unavailable:
        listed = "; ".join(
            f"{r.bulletin_month[:7]} {r.region} {r.country} (regional cut-off "
            f"{dv_base[(r.bulletin_month, r.region)]}, source `{r.source}`)"
            for r in unavailable
        )
        w(
            f"Printed `UNAVAILABLE` ({len(unavailable)} rows): {listed}. Without these rows a "
            "lookup would fall back to the regional cut-off and overstate availability.\n"
        )
    w(
        "Odd printed values kept as printed: 2003-01 SOUTH_AMERICA_CARIBBEAN `70` (between 625 and "
        "775 in the months around it; probably a typo for 700 in the bulletin itself).\n"
    )

    w("## USCIS chart designation\n")
    w(
        "Built from `uscis_chart_designation.csv`; `source` and `confidence` are kept as given. "
        "Rows per input category -> output:\n"
    )
    w("| input category | rows in | output | rows out |")
    w("|---|---:|---|---:|")
    rules = {
        "ALL": ("category `ALL`, chargeability `*`", ("ALL",)),
        "F2A": ("category `F2A`, chargeability `*`", ("F2A",)),
        "EB3+EW_except_CN_IN_PH": (
            "`EB3` and `EW`, one row per column printed that month other than CHINA, INDIA, "
            "PHILIPPINES (ALL, MEXICO, EL_SALVADOR_GUATEMALA_HONDURAS, VIETNAM)",
            ("EB3", "EW"),
        ),
        "EB4-SR": ("`SR`, chargeability `*`", ("SR",)),
        "EB5": ("one row per EB-5 code printed that month (`EB5_NRC`, `EB5_RC`), `*`",
                ("EB5_NRC", "EB5_RC")),
    }  # fmt: skip
    for cat, (text, codes) in rules.items():
        w(f"| `{cat}` | {s.designation_in[cat]} | {text} | {sum(s.designation_out[c] for c in codes)} |")
    w("")
    w(
        "Every month 2015-10..2026-10 has a family and an employment `ALL` row; no month is "
        "invented. Revisions and mid-month changes are not in the CSV (it keeps the designation "
        "published before the month began); they are:\n"
    )
    w(
        "- **April 2017, family**: USCIS first designated DFF (Mar 16, 2017), then switched "
        "family to "
        "FAD during the month (reported May 4, 2017; exact date unknown). The file says DFF; for "
        'CSPA treat April 2017 family as "DFF at month start, FAD later".'
    )
    w(
        "- **May 2016, family**: a USCIS update of Apr 21, 2016 required FAD; an earlier posting "
        "may "
        "have said DFF. Before the month began, so the file has FAD."
    )
    w(
        "- **October 2016, EB-5**: first only EB-5 regional center (and EB-4 religious workers) on "
        "FAD; after the Sep 28, 2016 extension USCIS kept FAD for all EB-5."
    )
    w(
        "- **October 2015**: DOS revised the DFF chart on Sep 25, 2015; USCIS accepted the revised "
        "chart. The saved page and `visa_bulletin.csv` carry the revised values."
    )
    w(
        "- **February 2020, EB-3**: DOS retrogressed EB-3 worldwide FAD mid-month; USCIS kept "
        "accepting EB-3 filings for the rest of February."
    )
    w(
        "- **July 2019, F2A**: F2A was current on FAD but dated on DFF; whether USCIS let F2A "
        "file on "
        "FAD that month is unknown, so there is no F2A row for 2019-07."
    )
    w(
        "- Later USCIS pages carry a standing rule that applicants may use FAD whenever a "
        "category is "
        "current on FAD or its FAD date is later than its DFF date; that rule is not expanded into "
        "rows here.\n"
    )

    w("## Other things in the sources that looked wrong\n")
    w(
        "- The panel's SOURCE.md says its DV file misses 2002-08, 2002-09, 2002-11..2004-04 and "
        "2012-09. It also lacks single regions in 2002-05 and 2004-05 and the country exceptions "
        'listed under "Gaps filled" (its `exceptions` column is empty there); all filled from '
        "the pages."
    )
    w(
        "- The panel files two different printed rows under `EB5_TEA` and one under `EB5_RC` "
        '(see "Mapping decisions" above). Values agree; only the codes differ.'
    )
    w("- DV 2003-01 SOUTH_AMERICA_CARIBBEAN prints `70` (see above).")
    w("- No wrong chart value was found in either source: every problem was a missing cell.")
    w("")
    return "\n".join(out)
