"""Teaching scenarios for the explorer and the notebooks: the batch columns of one case each.

The USCIS page's own examples come first, then one case per outcome and per trap (premium
processing, Feb 29, retrogression), then one per pathway. Most are the worked examples of
`tests/test_examples.py` (the `source` names the example id); titles live in `i18n.UI` under
`preset_<key>`, so English and Spanish say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .i18n import ui


@dataclass(frozen=True)
class Preset:
    """One scenario: `fields` are batch columns (ISO dates as text), `source` where it comes from."""

    key: str
    fields: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def title(self, lang: str = "en") -> str:
        return ui(f"preset_{self.key}", lang)


# An F2A child caught by the April 2023 retrogression: with and without extraordinary circumstances.
_RETRO_F2A = {
    "category": "F2A",
    "birth_date": "2001-12-01",
    "petition_filed": "2021-03-01",
    "petition_approved": "2022-06-01",
    "sought_to_acquire": "2024-06-01",
    "processing": "consular",
}

# An F2B son of a Filipino LPR whose parent naturalizes: with and without the 204(k) opt-out.
_F2B_PHILIPPINES = {
    "category": "F2B",
    "chargeability": "PHILIPPINES",
    "birth_date": "1990-09-15",
    "petition_filed": "2001-06-01",
    "petition_approved": "2003-01-15",
    "parent_naturalized": "2008-01-10",
    "processing": "consular",
}

PRESETS: tuple[Preset, ...] = (
    # The USCIS CSPA page: "21 years and 4 months - 6 months = 20 years and 10 months", with its
    # pending example (filed Feb 1, 2016, approved Aug 1, 2016). Birth and bulletin month are ours.
    Preset(
        "uscis_formula",
        {
            "category": "F2A",
            "birth_date": "2003-02-01",
            "petition_filed": "2016-02-01",
            "petition_approved": "2016-08-01",
            "bulletin_current": "2024-06-01",
        },
        "USCIS CSPA page; MISC-02",
    ),
    # The page's DV example (DV-2014): registration from Oct 1, 2012, selection letter May 1, 2013.
    # Birth date and the first month of the program year as the bulletin month are ours.
    Preset(
        "uscis_dv",
        {
            "category": "DV",
            "birth_date": "1992-06-01",
            "petition_filed": "2012-10-01",
            "petition_approved": "2013-05-01",
            "bulletin_current": "2013-10-01",
            "processing": "consular",
        },
        "USCIS CSPA page (DV example)",
    ),
    Preset(
        "protected",
        {
            "category": "F2A",
            "birth_date": "2003-04-10",
            "petition_filed": "2020-02-03",
            "petition_approved": "2021-08-16",
            "bulletin_current": "2024-06-01",
            "sought_to_acquire": "2024-09-10",
        },
        "F2A-01",
    ),
    Preset(
        "aged_out",
        {
            "category": "F2A",
            "birth_date": "2002-01-05",
            "petition_filed": "2021-03-01",
            "petition_approved": "2021-09-01",
            "bulletin_current": "2023-11-01",
        },
        "F2A-02",
    ),
    Preset(
        "sought_failed",
        {
            "category": "F2A",
            "birth_date": "1984-01-01",
            "petition_filed": "1996-09-09",
            "petition_approved": "1996-11-18",
            "bulletin_current": "2004-03-01",
            "sought_to_acquire": "2005-10-14",
        },
        "F2A-10, Matter of O. Vazquez, 25 I&N Dec. 817 (BIA 2012); birth date inferred",
    ),
    Preset(
        "premium",
        {
            "category": "EB2",
            "birth_date": "2003-01-10",
            "petition_filed": "2022-03-01",
            "petition_approved": "2022-03-14",
            "bulletin_current": "2024-04-01",
            "sought_to_acquire": "2024-05-01",
            "priority_date": "2021-01-15",
        },
        "EB-01",
    ),
    Preset(
        "regular",
        {
            "category": "EB2",
            "birth_date": "2003-01-10",
            "petition_filed": "2022-03-01",
            "petition_approved": "2023-06-20",
            "bulletin_current": "2024-04-01",
            "sought_to_acquire": "2024-05-01",
            "priority_date": "2021-01-15",
        },
        "EB-02",
    ),
    Preset("feb29", {"category": "IR", "birth_date": "2004-02-29", "petition_filed": "2025-02-28"}, "IR-04"),
    # USCIS PM Example 2: current in May, I-485 filed in June, retrogression in July.
    Preset(
        "retro_locked",
        {
            "category": "EB2",
            "birth_date": "1998-03-01",
            "petition_filed": "2017-08-01",
            "petition_approved": "2018-02-01",
            "bulletin_current": "2019-05-01",
            "sought_to_acquire": "2019-06-10",
        },
        "RET-01",
    ),
    Preset(
        "retro_denied",
        {
            "category": "EB2",
            "birth_date": "1997-10-20",
            "petition_filed": "2017-08-01",
            "petition_approved": "2018-02-01",
            "bulletin_current": "2019-05-01",
            "sought_to_acquire": "2019-06-10",
        },
        "RET-02",
    ),
    # Real F2A bulletins: current ("C") until March 2023, cut-off 2020-09-08 from April 2023, the
    # priority date current again in May 2024. No bulletin_current: the bundled history is used.
    Preset("retro_f2a_2023", _RETRO_F2A, "bundled Visa Bulletin, F2A 2022-2024"),
    Preset(
        "retro_f2a_2023_ec",
        {**_RETRO_F2A, "extraordinary_circumstances": "yes"},
        "bundled Visa Bulletin; USCIS stakeholder message, Sept. 25, 2024",
    ),
    # Pathways (notebook 03).
    Preset(
        "ir",
        {
            "category": "IR",
            "birth_date": "2003-05-10",
            "petition_filed": "2023-11-01",
            "petition_approved": "2025-03-03",
        },
        "IR-01",
    ),
    Preset(
        "natz_bia",
        {
            "category": "F2A",
            "birth_date": "1983-03-15",
            "petition_filed": "2001-04-30",
            "petition_approved": "2005-06-30",
            "parent_naturalized": "2006-07-03",
            "jurisdiction": "BIA",
        },
        "IR-10",
    ),
    Preset(
        "natz_ca9",
        {
            "category": "F2A",
            "birth_date": "1983-03-15",
            "petition_filed": "2001-04-30",
            "petition_approved": "2005-06-30",
            "parent_naturalized": "2006-07-03",
            "jurisdiction": "CA9",
        },
        "IR-10, Rodriguez Tovar v. Sessions (9th Cir. 2018)",
    ),
    # Real bulletins, Philippines: F2B moved years ahead of F1 in 2008-2013.
    Preset("f2b_converts", _F2B_PHILIPPINES, "bundled Visa Bulletin, F1/F2B Philippines"),
    Preset(
        "f2b_opt_out", {**_F2B_PHILIPPINES, "opt_out": "yes"}, "bundled Visa Bulletin, F1/F2B Philippines; INA 204(k)"
    ),
    Preset(
        "f4_derivative",
        {
            "category": "F4",
            "birth_date": "1982-11-06",
            "petition_filed": "1992-12-28",
            "petition_approved": "1993-02-24",
            "bulletin_current": "2005-01-01",
        },
        "F4-01, Matter of Wang, 25 I&N Dec. 28 (BIA 2009)",
    ),
    Preset(
        "dv_aged_out",
        {
            "category": "DV",
            "birth_date": "2002-01-10",
            "petition_filed": "2022-10-05",
            "petition_approved": "2023-05-07",
            "bulletin_current": "2024-03-01",
            "processing": "consular",
        },
        "DV-02",
    ),
    Preset("asylee", {"category": "ASYLEE", "birth_date": "2000-01-15", "petition_filed": "2019-05-01"}, "ASY-01"),
    Preset("refugee", {"category": "REFUGEE", "birth_date": "1996-02-01", "petition_filed": "2016-06-10"}, "REF-01"),
    Preset(
        "k2",
        {"category": "K2", "birth_date": "1985-03-24", "admitted": "2004-12-27"},
        "K2-01, Matter of Le, 25 I&N Dec. 541 (BIA 2011)",
    ),
    Preset(
        "marriage_divorce",
        {
            "category": "F4",
            "birth_date": "2004-01-01",
            "petition_filed": "2008-01-01",
            "petition_approved": "2009-01-01",
            "bulletin_current": "2023-03-01",
            "married": "2022-01-01",
            "marriage_ended": "2023-01-15",
            "sought_to_acquire": "2023-06-01",
            "processing": "consular",
        },
        "cspa_rules.md §12.2, INA 101(a)(39): unmarried again after a divorce",
    ),
    Preset(
        "dv_year_end",
        {
            "category": "DV",
            "birth_date": "2005-01-01",
            "petition_filed": "2022-10-05",
            "petition_approved": "2023-05-07",
            "bulletin_current": "2023-10-01",
            "dv_program_year": "2024",
            "sought_to_acquire": "2024-10-01",
            "processing": "consular",
        },
        "cspa_rules.md §12.4, INA 204(a)(1)(I)(ii)(II): the program year ends September 30",
    ),
)

DEFAULT = "uscis_formula"
_BY_KEY = {p.key: p for p in PRESETS}


def get_preset(key: str) -> Preset:
    """The preset named `key`; an unknown key names the valid ones."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"'preset' must be one of {', '.join(_BY_KEY)} (got {key!r})") from None


def preset_options(lang: str = "en") -> list[tuple[str, str]]:
    """(title, key) pairs for a dropdown, in teaching order."""
    return [(p.title(lang), p.key) for p in PRESETS]
