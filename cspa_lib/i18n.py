"""Every user-visible string, in English and Spanish, in one place.

Spanish is a translation, not a fork: steps, flags, verdicts and widget labels are looked up here
by key, so a notebook or the dashboard switches language by passing `lang="es"`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .result import Alternative, CspaResult

LANGS = ("en", "es")

_MONTHS = {
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
    "es": (
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    ).split(),
}


def format_date(d: date | None, lang: str = "en") -> str:
    """A date the audience reads aloud: 'June 1, 2024' / '1 de junio de 2024'."""
    if d is None:
        return "—"
    month = _MONTHS[_lang(lang)][d.month - 1]
    return f"{month} {d.day}, {d.year}" if _lang(lang) == "en" else f"{d.day} de {month} de {d.year}"


def format_days(n: int, lang: str = "en") -> str:
    word = ("day" if abs(n) == 1 else "days") if _lang(lang) == "en" else ("día" if abs(n) == 1 else "días")
    return f"{n:,} {word}".replace(",", "," if _lang(lang) == "en" else ".")


def format_ymd(age: object, lang: str = "en") -> str:
    if age is None:
        return "—"
    y, m, d = age.years, age.months, age.days  # type: ignore[attr-defined]
    if _lang(lang) == "en":
        words = (("year", "years"), ("month", "months"), ("day", "days"))
    else:
        words = (("año", "años"), ("mes", "meses"), ("día", "días"))
    return ", ".join(f"{n} {w[0] if n == 1 else w[1]}" for n, w in zip((y, m, d), words, strict=True))


def format_fact_date(d: date | None, lang: str = "en") -> str:
    """A date in a list of facts (the PDF report): 'June 1, 2024' / '01/06/2024' (dd/mm/aaaa)."""
    if d is None:
        return "—"
    return format_date(d, lang) if _lang(lang) == "en" else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_month(d: date | None, lang: str = "en") -> str:
    """A bulletin month: 'June 2024' / 'junio de 2024'."""
    if d is None:
        return "—"
    month = _MONTHS[_lang(lang)][d.month - 1]
    return f"{month} {d.year}" if lang == "en" else f"{month} de {d.year}"


# --- explanation steps ---------------------------------------------------------------------
# Placeholders: dates are formatted with format_date, *_days/margin/pending/days with
# format_days, age with format_ymd. Everything else is inserted as is.

STEPS: dict[str, tuple[str, str]] = {
    "birthday": (
        "Born {birth}: turns 21 on {b21}. A child is under 21, so from that day on the person is "
        "not a child unless CSPA says otherwise.",
        "Nació el {birth}: cumple 21 años el {b21}. Un menor tiene menos de 21 años, así que desde "
        "ese día ya no es menor salvo que la CSPA diga otra cosa.",
    ),
    "feb29": (
        "Born on February 29: in a common year the birthday is taken as {convention} (no federal "
        "immigration rule says which), so the 21st birthday is {b21}.",
        "Nació un 29 de febrero: en un año no bisiesto el cumpleaños se toma como {convention} (ninguna "
        "norma federal de inmigración lo dice), así que cumple 21 años el {b21}.",
    ),
    "freeze_ir": (
        "Immediate relative: the age freezes on the day the petition (I-130 or I-360) was filed, "
        "{date}. Age that day: {age}.",
        "Familiar inmediato: la edad se congela el día en que se presentó la petición (I-130 o "
        "I-360), el {date}. Edad ese día: {age}.",
    ),
    "freeze_asylee": (
        "Derivative asylee: the age freezes on the day the parent's asylum application (I-589) "
        "was filed, {date}. Age that day: {age}.",
        "Asilado derivado: la edad se congela el día en que el padre o la madre presentó la "
        "solicitud de asilo (I-589), el {date}. Edad ese día: {age}.",
    ),
    "freeze_refugee": (
        "Derivative refugee: the age freezes on the day the parent applied for refugee status "
        "(I-590), {date}. Age that day: {age}.",
        "Refugiado derivado: la edad se congela el día en que el padre o la madre solicitó la "
        "condición de refugiado (I-590), el {date}. Edad ese día: {age}.",
    ),
    "freeze_k2": (
        "K-2 child: CSPA does not apply, but the age that counts is the age at admission to the "
        "United States, {date}. Age that day: {age}.",
        "Hijo K-2: la CSPA no aplica, pero la edad que cuenta es la edad al ser admitido en los "
        "Estados Unidos, el {date}. Edad ese día: {age}.",
    ),
    "freeze_marriage_ended": (
        "The marriage ended on {date}: the age is taken on that day. Age that day: {age}.",
        "El matrimonio terminó el {date}: la edad se toma ese día. Edad ese día: {age}.",
    ),
    "freeze_verdict_under": (
        "That is {margin} before the 21st birthday: a child, category {category_after}.",
        "Eso es {margin} antes de cumplir 21 años: es menor, categoría {category_after}.",
    ),
    "freeze_verdict_over": (
        "That is not before the 21st birthday ({margin} to spare): not a child. "
        "Category afterwards: {category_after}.",
        "Eso no es antes de cumplir 21 años (margen de {margin}): no es menor. "
        "Categoría después: {category_after}.",
    ),
    "natz_date": (
        "The parent naturalized on {date}: an F2A petition converts to immediate relative, and "
        "the age is taken that day. Age that day: {age}.",
        "El padre o la madre se naturalizó el {date}: la petición F2A se convierte en familiar "
        "inmediato y la edad se toma ese día. Edad ese día: {age}.",
    ),
    "natz_under": (
        "Under 21 that day ({margin} to spare): immediate relative, age frozen.",
        "Menor de 21 ese día (margen de {margin}): familiar inmediato, edad congelada.",
    ),
    "natz_bia": (
        "21 or older that day: the Board of Immigration Appeals uses the real age, so the "
        "petition becomes F1 (son or daughter of a citizen), not immediate relative.",
        "Tenía 21 años o más ese día: la Junta de Apelaciones de Inmigración usa la edad real, así "
        "que la petición pasa a F1 (hijo o hija de ciudadano), no a familiar inmediato.",
    ),
    "opt_out_not_f2a": (
        "An opt-out (INA 204(k)) is only for F2B petitions converting to F1: it cannot keep an "
        "F2A beneficiary in F2A.",
        "La renuncia a la conversión (INA 204(k)) solo existe para peticiones F2B que pasan a F1: "
        "no permite que un beneficiario F2A siga en F2A.",
    ),
    "natz_circuit_alt": (
        "In the 2d and 9th Circuits the CSPA age counts instead: naturalization date minus "
        "{pending} pending gives {ref}, before the 21st birthday, so there the child is an "
        "immediate relative.",
        "En los Circuitos 2 y 9 cuenta la edad CSPA: la fecha de naturalización menos {pending} "
        "de trámite da el {ref}, antes de cumplir 21, así que allí es familiar inmediato.",
    ),
    "natz_circuit_under": (
        "This circuit uses the CSPA age: naturalization date minus {pending} pending gives {ref}, "
        "{margin} before the 21st birthday: immediate relative.",
        "Este circuito usa la edad CSPA: la fecha de naturalización menos {pending} de trámite da "
        "el {ref}, {margin} antes de cumplir 21: familiar inmediato.",
    ),
    "natz_circuit_over": (
        "This circuit uses the CSPA age: naturalization date minus {pending} pending gives {ref}, "
        "not before the 21st birthday: F1.",
        "Este circuito usa la edad CSPA: la fecha de naturalización menos {pending} de trámite da "
        "el {ref}, no antes de cumplir 21: F1.",
    ),
    "pending": (
        "The petition was pending from {filed} to {approved}: {days}.",
        "La petición estuvo pendiente del {filed} al {approved}: {days}.",
    ),
    "pending_dv": (
        "DV pending time runs from the start of registration, {filed}, to the selection letter, "
        "{approved}: {days}.",
        "En la lotería de visas el tiempo pendiente va del inicio del registro, {filed}, a la "
        "carta de selección, {approved}: {days}.",
    ),
    "policy": (
        "Chart policy {policy}: the chart that decides when a visa is available is {chart}.",
        "Política de tablas {policy}: la tabla que decide cuándo hay visa disponible es {chart}.",
    ),
    "policy_designated": (
        "Chart policy {policy}: each month counts the chart USCIS designated that month for "
        "filing adjustment applications (Dates for Filing or Final Action Dates).",
        "Política de tablas {policy}: cada mes cuenta la tabla que USCIS designó ese mes para "
        "presentar ajustes de estatus (Fechas de Presentación o Fechas de Acción Final).",
    ),
    "bulletin_gap": (
        "The bulletin data has no cut-off for this series in {months}; whether the priority date "
        "was current then is unknown, so the result needs review against the printed bulletin.",
        "Los datos del boletín no tienen fecha límite para esta serie en {months}; no se sabe si la "
        "fecha de prioridad estaba vigente, así que el resultado debe revisarse con el boletín impreso.",
    ),
    "designation_unknown": (
        "Which chart USCIS designated is not known for {months}; Final Action Dates were used "
        "there. Check the USCIS filing-charts page.",
        "No se sabe qué tabla designó USCIS para {months}; se usaron las Fechas de Acción Final. "
        "Verifique la página de USCIS sobre las tablas de presentación.",
    ),
    "bulletin_lookup": (
        "Visa Bulletin, {category} {chargeability}: priority date {pd} is current (earlier than "
        "the cut-off) in these months: {runs}.",
        "Boletín de Visas, {category} {chargeability}: la fecha de prioridad {pd} está vigente "
        "(anterior a la fecha límite) en estos meses: {runs}.",
    ),
    "dv_lookup": (
        "DV-{year} bulletins, region {region}: rank {rank} is below the cut-off in these months: "
        "{runs}.",
        "Boletines de DV-{year}, región {region}: el número {rank} está por debajo del límite en "
        "estos meses: {runs}.",
    ),
    "bulletin_given": (
        "Given: the priority date became current in the bulletin for {month}.",
        "Dato: la fecha de prioridad quedó vigente en el boletín de {month}.",
    ),
    "f2b_to_f1": (
        "The parent naturalized on {date}: the F2B petition converts to F1 from then on.",
        "El padre o la madre se naturalizó el {date}: la petición F2B pasa a F1 desde entonces.",
    ),
    "f2b_opt_out": (
        "The parent naturalized on {date}, but the beneficiary opted out in writing: the petition "
        "stays F2B.",
        "El padre o la madre se naturalizó el {date}, pero el beneficiario pidió por escrito no "
        "convertir: la petición sigue en F2B.",
    ),
    "available": (
        "A visa became available on {available}, the later of the approval ({approved}) and the "
        "first day of the bulletin month. Age that day: {age}.",
        "La visa quedó disponible el {available}, la fecha posterior entre la aprobación "
        "({approved}) y el primer día del mes del boletín. Edad ese día: {age}.",
    ),
    "retrogression_new_window": (
        "Retrogression: the visa was available from {first} but became unavailable before the "
        "one-year window ended and before the child sought to acquire, so the new date {available} "
        "counts.",
        "Retroceso: la visa estuvo disponible desde el {first} pero dejó de estarlo antes de que "
        "terminara el año y antes de que el menor buscara adquirir, así que cuenta la nueva fecha "
        "{available}.",
    ),
    "formula": (
        "CSPA age = age on {available} minus {pending} = age on {ref}: {age}.",
        "Edad CSPA = edad el {available} menos {pending} = edad el {ref}: {age}.",
    ),
    "margin_under": (
        "Under 21, with {margin} to spare. The visa had to be available by {age_out} "
        "(21st birthday plus the days pending, minus one).",
        "Menor de 21, con un margen de {margin}. La visa debía estar disponible a más "
        "tardar el {age_out} (cumpleaños 21 más los días pendientes, menos uno).",
    ),
    "margin_over": (
        "Not under 21: the CSPA age reached 21, {margin_abs} past the 21st birthday. The last "
        "visa-available date that would have protected was {age_out}.",
        "No es menor de 21: la edad CSPA llegó a 21, {margin_abs} después del cumpleaños 21. La última "
        "fecha de disponibilidad que lo habría protegido era el {age_out}.",
    ),
    "sought_met": (
        "Sought to acquire residence on {sought}, on or before the deadline {deadline} (one year "
        "after availability).",
        "Buscó adquirir la residencia el {sought}, a más tardar en la fecha límite {deadline} (un "
        "año después de la disponibilidad).",
    ),
    "sought_failed": (
        "Sought to acquire residence only on {sought}, after the deadline {deadline}: the "
        "one-year requirement is not met.",
        "Buscó adquirir la residencia recién el {sought}, después de la fecha límite {deadline}: no "
        "cumple el requisito de un año.",
    ),
    "sought_open": (
        "The child must seek to acquire residence (file the I-485, the DS-260 or pay the fee) by "
        "{deadline}.",
        "El menor debe buscar adquirir la residencia (presentar el I-485, el DS-260 o pagar la "
        "tarifa) a más tardar el {deadline}.",
    ),
    "ombudsman_alt": (
        "Sources disagree: under the 2011 CIS Ombudsman view the age would stay locked at the "
        "first availability, {first} (reference date {ref}).",
        "Las fuentes no coinciden: según el Ombudsman de USCIS (2011) la edad quedaría fijada en la "
        "primera disponibilidad, el {first} (fecha de referencia {ref}).",
    ),
    "convert_f2b": (
        "Aged out: the F2A petition converts automatically to F2B and keeps the priority date "
        "{pd}.",
        "Superó la edad: la petición F2A se convierte automáticamente en F2B y conserva la fecha "
        "de prioridad {pd}.",
    ),
    "no_conversion": (
        "Aged out: a derivative of this category has no category to convert to with the same "
        "petitioner; a new petition gets a new priority date.",
        "Superó la edad: un derivado de esta categoría no tiene a qué categoría convertirse con el "
        "mismo peticionario; una nueva petición recibe una nueva fecha de prioridad.",
    ),
    "ec_could_help": (
        "If USCIS accepts extraordinary circumstances, the first availability {first} could be "
        "used (reference date {ref}, under 21). That is discretionary.",
        "Si USCIS acepta circunstancias extraordinarias, podría usarse la primera disponibilidad, "
        "el {first} (fecha de referencia {ref}, menor de 21). Es discrecional.",
    ),
    "ec_asserted": (
        "Extraordinary circumstances asserted: with the first availability {first}, the reference "
        "date is {ref}, {margin} before the 21st birthday. Protected only if USCIS accepts them.",
        "Se alegan circunstancias extraordinarias: con la primera disponibilidad, el {first}, la "
        "fecha de referencia es el {ref}, {margin} antes de cumplir 21. Protegido solo si USCIS "
        "las acepta.",
    ),
    "awaiting": (
        "Not yet current after approval in the bulletins up to {last}. To be protected the visa "
        "must become available by {age_out}.",
        "Todavía no está vigente después de la aprobación en los boletines hasta el {last}. Para "
        "estar protegido la visa debe quedar disponible a más tardar el {age_out}.",
    ),
    "awaiting_too_late": (
        "Not current after approval in the bulletins up to {last}, and the last date that would "
        "protect, {age_out}, has already passed: aged out.",
        "No está vigente después de la aprobación en los boletines hasta el {last}, y la última "
        "fecha que lo protegería, el {age_out}, ya pasó: superó la edad.",
    ),
    "beyond_data": (
        "Whether the one-year window (to {deadline}) was interrupted depends on bulletins after "
        "the data ends: review by hand.",
        "Si el plazo de un año (hasta el {deadline}) se interrumpió depende de boletines posteriores "
        "a los datos: revisar a mano.",
    ),
    "dv_fy_end": (
        "DV status ends on {fy_end}, the end of the program's fiscal year, whatever the one-year "
        "window says.",
        "La visa de diversidad vence el {fy_end}, al final del año fiscal del programa, diga lo que "
        "diga el plazo de un año.",
    ),
    "married": (
        "Married on {date}: CSPA does not change the rule that a child must be unmarried.",
        "Se casó el {date}: la CSPA no cambia la regla de que un menor debe ser soltero.",
    ),
    "married_refugee": (
        "Married on {date}: a derivative refugee must be unmarried at admission, but a later "
        "marriage does not bar the green card under INA 209. Review the dates.",
        "Se casó el {date}: un refugiado derivado debe ser soltero al ser admitido, pero un "
        "matrimonio posterior no impide la residencia bajo INA 209. Revise las fechas.",
    ),
    "decided_before_cspa": (
        "The application was finally decided on {date}, before CSPA took effect (August 6, "
        "2002): CSPA does not apply.",
        "La solicitud se decidió en forma definitiva el {date}, antes de que la CSPA entrara en "
        "vigor (6 de agosto de 2002): la CSPA no aplica.",
    ),
    "pre_cspa_ir": (
        "The petition was approved on {approved}, before CSPA, and the child turned 21 before "
        "August 6, 2002. Matter of Avila-Perez still covers the case when no final decision was "
        "made before that date; an early State Department cable read it more narrowly.",
        "La petición se aprobó el {approved}, antes de la CSPA, y cumplió 21 antes del 6 de agosto "
        "de 2002. Matter of Avila-Perez igual cubre el caso si no hubo decisión final antes de esa "
        "fecha; un cable temprano del Departamento de Estado lo leyó en forma más estrecha.",
    ),
    "pre_cspa_review": (
        "The petition was approved on {approved}, before CSPA, and the child turned 21 before "
        "August 6, 2002: sources disagree on coverage, review by hand.",
        "La petición se aprobó el {approved}, antes de la CSPA, y cumplió 21 antes del 6 de agosto "
        "de 2002: las fuentes no coinciden sobre la cobertura; revisar a mano.",
    ),
    "feb29_alt": (
        "With the other February 29 convention ({convention}) the outcome would be: {outcome}.",
        "Con la otra convención del 29 de febrero ({convention}) el resultado sería: {outcome}.",
    ),
}

FLAGS: dict[str, tuple[str, str]] = {
    "feb29_birth_mar1": ("Born Feb 29: birthday taken as March 1 in common years (default).", "Nacido un 29 de febrero: cumpleaños el 1 de marzo en años no bisiestos (por defecto)."),
    "feb29_birth_feb28": ("Born Feb 29: birthday taken as Feb 28 in common years.", "Nacido un 29 de febrero: cumpleaños el 28 de febrero en años no bisiestos."),
    "feb29_convention_changes_verdict": ("The Feb 29 convention changes the verdict.", "La convención del 29 de febrero cambia el resultado."),
    "one_day_changes_verdict": ("A one-day difference in counting would change the verdict.", "Un día de diferencia al contar cambiaría el resultado."),
    "one_day_changes_sought_to_acquire": ("A one-day difference would change the sought-to-acquire result.", "Un día de diferencia cambiaría el requisito de buscar adquirir."),
    "frozen_on_21st_birthday": ("The freeze date is the 21st birthday itself: sources are silent.", "La fecha de congelamiento es el mismo cumpleaños 21: las fuentes no lo tratan."),
    "jurisdiction_dependent": ("The verdict depends on the jurisdiction (BIA vs 2d/9th Circuit).", "El resultado depende de la jurisdicción (BIA o Circuitos 2 y 9)."),
    "refugee_application_date_is_input": ("Which date counts as the refugee application (I-590) is unclear; the date given was used.", "No está claro qué fecha cuenta como solicitud de refugio (I-590); se usó la fecha dada."),
    "k2_age_at_admission_matter_of_le": ("K-2: age at admission (Matter of Le); current USCIS practice not verified.", "K-2: edad al ser admitido (Matter of Le); práctica actual de USCIS no verificada."),
    "sought_before_availability": ("An application filed before the visa became available was counted as seeking to acquire (convention).", "Una solicitud presentada antes de la disponibilidad se contó como buscar adquirir (convención)."),
    "sought_during_unavailability": ("Sought to acquire while the visa was unavailable; counted at the next availability.", "Buscó adquirir mientras la visa no estaba disponible; se cuenta en la siguiente disponibilidad."),
    "retrogression_new_window": ("Retrogression opened a new one-year window.", "Un retroceso abrió un nuevo plazo de un año."),
    "sources_disagree_retrogression": ("Sources disagree on retrogression before filing (PM vs 2011 Ombudsman).", "Las fuentes no coinciden sobre el retroceso antes de presentar (Manual vs Ombudsman 2011)."),
    "beyond_bulletin_data": ("The answer depends on bulletins after the bundled data.", "La respuesta depende de boletines posteriores a los datos incluidos."),
    "dv_status_ends_sept_30": ("DV status ends Sept 30 of the program year.", "La visa de diversidad vence el 30 de septiembre del año del programa."),
    "adjustment_filing_counted_as_sought": ("No sought-to-acquire date given: the I-485 filing date was used.", "No se dio fecha de buscar adquirir: se usó la fecha de presentación del I-485."),
    "sought_to_acquire_not_given": ("No sought-to-acquire date given: the verdict assumes the child seeks in time.", "No se dio fecha de buscar adquirir: el resultado supone que lo hace a tiempo."),
    "no_automatic_conversion": ("No automatic conversion for this derivative (Matter of Wang).", "Sin conversión automática para este derivado (Matter of Wang)."),
    "extraordinary_circumstances_could_help": ("Extraordinary circumstances, if accepted, could protect.", "Las circunstancias extraordinarias, si se aceptan, podrían proteger."),
    "protected_if_extraordinary_circumstances_accepted": ("Protected only if USCIS accepts extraordinary circumstances.", "Protegido solo si USCIS acepta circunstancias extraordinarias."),
    "not_current_in_bulletin_data": ("The priority date is not current after approval in the bundled bulletins.", "La fecha de prioridad no está vigente después de la aprobación en los boletines incluidos."),
    "adjustment_filing_date_assumed": ("No adjustment filing date: assumed filed under the policy in force since Aug 15, 2025.", "Sin fecha de ajuste: se supone presentado bajo la política vigente desde el 15 de agosto de 2025."),
    "chart_designation_unknown": ("USCIS's chart designation is unknown for a month used; Final Action was assumed.", "Se desconoce la tabla designada por USCIS para un mes usado; se supuso Acción Final."),
    "dv_program_year_inferred": ("DV program year inferred from the registration date.", "Año del programa DV deducido de la fecha de registro."),
    "bulletin_month_missing": ("A bulletin month the case depends on has no cut-off in the data: review by hand.", "Un mes del boletín del que depende el caso no tiene fecha límite en los datos: revisar a mano."),
    "dv_month_missing": ("Some DV months are missing from the bulletin data.", "Faltan algunos meses de DV en los datos del boletín."),
    "dv_program_year_ended": ("The DV program year ended before the rank became current.", "El año del programa DV terminó antes de que el número quedara vigente."),
    "reduction_exceeds_age": ("The pending time is longer than the age: CSPA age shown as 0.", "El tiempo pendiente supera la edad: la edad CSPA se muestra como 0."),
    "refugee_marriage_check_admission": ("Refugee derivative married: check the admission date.", "Refugiado derivado casado: revise la fecha de admisión."),
    "pre_cspa_age_out": ("Aged out before CSPA took effect (Aug 6, 2002).", "Superó la edad antes de que la CSPA entrara en vigor (6 de agosto de 2002)."),
    "sources_disagree_pre_cspa": ("Sources disagree on pre-CSPA approvals (Avila-Perez vs DOS 2003).", "Las fuentes no coinciden sobre aprobaciones anteriores a la CSPA (Avila-Perez vs DOS 2003)."),
}

# What another reading of the law would give (CspaResult.alternatives, keyed by Alternative.key).
ALTERNATIVES: dict[str, tuple[str, str]] = {
    "jurisdiction_CA2_CA9": ("In the 2d or 9th Circuit (CSPA age counts at naturalization)", "En el Segundo o Noveno Circuito (cuenta la edad CSPA al naturalizarse)"),
    "jurisdiction_BIA": ("Under the BIA reading (biological age at naturalization)", "Según la interpretación de la BIA (edad biológica al naturalizarse)"),
    "extraordinary_circumstances": ("If extraordinary circumstances are accepted", "Si se aceptan circunstancias extraordinarias"),
    "without_extraordinary_circumstances": ("Without extraordinary circumstances", "Sin circunstancias extraordinarias"),
    "feb29_feb28": ("With the birthday on February 28 in common years", "Con el cumpleaños el 28 de febrero en años no bisiestos"),
    "feb29_mar1": ("With the birthday on March 1 in common years", "Con el cumpleaños el 1 de marzo en años no bisiestos"),
}

OUTCOMES: dict[str, tuple[str, str]] = {
    "protected": ("Protected: still a child under CSPA", "Protegido: sigue siendo menor según la CSPA"),
    "aged_out": ("Aged out", "Superó la edad (aged out)"),
    "sought_to_acquire_failed": ("Did not seek to acquire residence within one year", "No buscó adquirir la residencia dentro de un año"),
    "not_eligible": ("Not eligible as a child", "No califica como menor"),
    "awaiting_visa": ("Waiting for a visa to become available", "En espera de que haya visa disponible"),
    "needs_review": ("Needs review by hand", "Requiere revisión manual"),
    "error": ("Input error", "Error en los datos"),
}

# Widget and dashboard labels: keys are the batch column names where there is one.
UI: dict[str, tuple[str, str]] = {
    "title": ("CSPA age explorer", "Explorador de la edad CSPA"),
    "category": ("Category", "Categoría"),
    "birth_date": ("Birth date", "Fecha de nacimiento"),
    "petition_filed": ("Petition filed", "Petición presentada"),
    "petition_approved": ("Petition approved", "Petición aprobada"),
    "bulletin_current": ("Bulletin current", "Vigente en el boletín"),
    "sought_to_acquire": ("Sought to acquire", "Buscó adquirir"),
    "approval_shift": ("Approval ± months", "Aprobación ± meses"),
    "bulletin_shift": ("Bulletin ± months", "Boletín ± meses"),
    "preset": ("Example", "Ejemplo"),
    "language": ("Language", "Idioma"),
    "steps": ("Step by step", "Paso a paso"),
    "verdict": ("Verdict", "Resultado"),
    "flags": ("Notes", "Notas"),
    "cspa_age": ("CSPA age", "Edad CSPA"),
    "biological_age": ("Biological age", "Edad biológica"),
    "age_years": ("Age (years)", "Edad (años)"),
    "date": ("Date", "Fecha"),
    "line_21": ("21-year line", "Línea de 21 años"),
    "birth": ("Birth", "Nacimiento"),
    "filed": ("Filed", "Presentada"),
    "approved": ("Approved", "Aprobada"),
    "current": ("Bulletin current", "Vigente en boletín"),
    "available": ("Visa available", "Visa disponible"),
    "deadline": ("Sought-to-acquire deadline", "Fecha límite para buscar adquirir"),
    "age_out": ("Age-out date", "Fecha en que supera la edad"),
    "freeze": ("Age frozen", "Edad congelada"),
    "margin": ("Margin to 21", "Margen hasta 21"),
    "margin_days": ("Margin to 21 (days)", "Margen hasta 21 (días)"),
    "error": ("Please check the input", "Revise los datos"),
    "empty_date": ("is empty: pick a date", "no tiene fecha: elija una"),
    "priority_date": ("Priority date", "Fecha de prioridad"),
    "cutoff": ("Cut-off date", "Fecha límite"),
    "months_current": ("Months current", "Meses vigente"),
    # Plots, the explorer and its examples (cspa_lib/plots.py, widgets.py, presets.py).
    "subtitle": ("Change a date and watch the CSPA age move against the 21-year line.", "Cambie una fecha y vea cómo se mueve la edad CSPA frente a la línea de 21 años."),
    "case_heading": ("The case", "El caso"),
    "result_heading": ("Result", "Resultado"),
    "fixed_fields": ("Also part of this example", "También forma parte de este ejemplo"),
    "bulletin_current_tip": ("First day of the bulletin month in which the priority date became current. Leave it empty to look it up in the bundled Visa Bulletin history.", "Primer día del mes del boletín en que la fecha de prioridad quedó vigente. Déjelo vacío para buscarlo en el historial del Boletín de Visas incluido."),
    "shift_tip": ("Moves the date by whole months, to see what an earlier or later date would change.", "Mueve la fecha por meses enteros, para ver qué cambiaría con una fecha anterior o posterior."),
    "shifted": ("{field} moved {months:+d} months: {date}", "{field} movida {months:+d} meses: {date}"),
    "looked_up": ("Bulletin month looked up in the bundled Visa Bulletin history", "Mes del boletín buscado en el historial del Boletín de Visas incluido"),
    "parent_naturalized": ("Parent naturalized", "Naturalización del padre o la madre"),
    "admitted": ("Admitted (K-2)", "Admisión (K-2)"),
    "marriage_ended": ("Marriage ended", "Fin del matrimonio"),
    "adjustment_filed": ("I-485 filed", "I-485 presentado"),
    "adjustment_decided": ("I-485 decided", "I-485 decidido"),
    "chargeability": ("Chargeability", "País de cargo"),
    "processing": ("Processing", "Trámite"),
    "processing_adjustment": ("Adjustment of status (USCIS)", "Ajuste de estatus (USCIS)"),
    "processing_consular": ("Consular processing (DOS)", "Trámite consular (DOS)"),
    "jurisdiction": ("Jurisdiction", "Jurisdicción"),
    "opt_out": ("Opted out of F2B → F1", "Renunció a pasar de F2B a F1"),
    "extraordinary_circumstances": ("Extraordinary circumstances asserted", "Se alegan circunstancias extraordinarias"),
    "pending_time": ("Pending time", "Tiempo pendiente"),
    "age_on": ("Age on {date}", "Edad el {date}"),
    "birthday_21": ("21st birthday", "Cumpleaños 21"),
    "age_at_availability": ("Age at visa availability", "Edad al quedar disponible la visa"),
    "quoted": ("“{label}” ({code})", "«{label}» ({code})"),
    "error_order": ("{field} must be on or after {other}: {got} is before {other_value}.", "{field} debe ser igual o posterior a {other}: el {got} es anterior al {other_value}."),
    "error_required": ("{field} is required for category {category}.", "{field} es obligatorio para la categoría {category}."),
    "error_first_of_month": ("{field} must be the first day of a bulletin month (got {got}; did you mean {suggest}?).", "{field} debe ser el primer día de un mes del boletín (se indicó el {got}; ¿quiso decir el {suggest}?)."),
    "error_field": ("{field}: {problem}", "{field}: {problem}"),
    "error_bulletin": ("The bundled Visa Bulletin data cannot answer this case: {problem}", "Los datos del Boletín de Visas incluidos no permiten resolver este caso: {problem}"),
    "error_unexpected": ("Unexpected error ({kind}): {problem}. Please report it with the inputs above.", "Error inesperado ({kind}): {problem}. Por favor, infórmelo junto con los datos de arriba."),
    "cspa_line": ("CSPA age (biological age shifted {days} later)", "Edad CSPA (edad biológica desplazada {days})"),
    "frozen_line": ("CSPA age (frozen)", "Edad CSPA (congelada)"),
    "window": ("One-year window to seek to acquire", "Plazo de un año para buscar adquirir"),
    "margin_under_text": ("{days} under the 21 line ({ymd})", "{days} antes de la línea de 21 ({ymd})"),
    "margin_over_text": ("{days} past the 21 line ({ymd})", "{days} más allá de la línea de 21 ({ymd})"),
    "must_be_available_by": ("The visa must be available by {date}", "La visa debe estar disponible a más tardar el {date}"),
    "protected_zone": ("Visa available here: protected", "Visa disponible aquí: protegido"),
    "aged_out_zone": ("Visa available here: aged out", "Visa disponible aquí: supera la edad"),
    "frozen_note": ("The age is frozen on one date: the visa date does not change it.", "La edad se congela en una fecha: la fecha de la visa no la cambia."),
    "visa_available_on": ("Date the visa becomes available", "Fecha en que la visa queda disponible"),
    "cspa_age_years": ("CSPA age (years)", "Edad CSPA (años)"),
    "chart_FAD": ("Final Action Dates", "Fechas de Acción Final"),
    "chart_DFF": ("Dates for Filing", "Fechas de Presentación"),
    "case": ("Case", "Caso"),
    "chart": ("Chart", "Tabla"),
    "policy": ("Chart policy", "Política de tabla"),
    "policy_consular": ("Consular: Final Action Dates", "Consular: Fechas de Acción Final"),
    "policy_uscis_2018": ("USCIS, decided before Feb 14, 2023: Final Action Dates", "USCIS, resuelto antes del 14 de febrero de 2023: Fechas de Acción Final"),
    "policy_uscis_2023": ("USCIS, Feb 14, 2023 rule: the chart USCIS designated", "USCIS, regla del 14 de febrero de 2023: la tabla que designó USCIS"),
    "policy_uscis_2025": ("USCIS, filed on/after Aug 15, 2025: Final Action Dates", "USCIS, presentado desde el 15 de agosto de 2025: Fechas de Acción Final"),
    "months_current_chart": ("Months current ({chart})", "Meses vigente ({chart})"),
    "unavailable_u": ("U = unavailable", "U = no disponible"),
    "bulletin_month": ("Visa Bulletin month", "Mes del Boletín de Visas"),
    "bulletin_title": ("{category} {chargeability}: cut-off date by bulletin month", "{category} {chargeability}: fecha límite por mes del boletín"),
    "current_c_note": ("C (current) is drawn on the diagonal", "C (vigente) se dibuja en la diagonal"),
    "heatmap_title": ("Margin to the 21 line", "Margen hasta la línea de 21"),
    "cat_IR": ("IR — immediate relative", "IR — familiar inmediato"),
    "cat_F1": ("F1 — family 1st preference", "F1 — familia, 1.ª preferencia"),
    "cat_F2A": ("F2A — child of a permanent resident", "F2A — hijo de residente permanente"),
    "cat_F2B": ("F2B — family 2nd preference B", "F2B — familia, 2.ª preferencia B"),
    "cat_F3": ("F3 — family 3rd preference", "F3 — familia, 3.ª preferencia"),
    "cat_F4": ("F4 — brothers and sisters of citizens", "F4 — hermanos de ciudadanos"),
    "cat_EB1": ("EB1 — employment 1st preference", "EB1 — empleo, 1.ª preferencia"),
    "cat_EB2": ("EB2 — employment 2nd preference", "EB2 — empleo, 2.ª preferencia"),
    "cat_EB3": ("EB3 — employment 3rd preference", "EB3 — empleo, 3.ª preferencia"),
    "cat_EW": ("EW — employment, other workers", "EW — empleo, otros trabajadores"),
    "cat_EB4": ("EB4 — special immigrants", "EB4 — inmigrantes especiales"),
    "cat_EB5": ("EB5 — investors", "EB5 — inversionistas"),
    "cat_DV": ("DV — diversity visa (lottery)", "DV — visa de diversidad (lotería)"),
    "cat_ASYLEE": ("ASYLEE — derivative asylee", "ASYLEE — asilado derivado"),
    "cat_REFUGEE": ("REFUGEE — derivative refugee", "REFUGEE — refugiado derivado"),
    "cat_K2": ("K2 — child of a fiancé(e)", "K2 — hijo de prometido(a)"),
    "preset_uscis_formula": ("USCIS page: 21 years 4 months at availability, 6 months pending → 20 years 10 months", "Página de USCIS: 21 años y 4 meses al haber visa, 6 meses pendiente → 20 años y 10 meses"),
    "preset_uscis_dv": ("USCIS page: DV registration Oct 1, 2012 → selection letter May 1, 2013", "Página de USCIS: registro DV el 1 de octubre de 2012 → carta de selección el 1 de mayo de 2013"),
    "preset_protected": ("Protected: over 21 at availability, 560 days pending (F2A)", "Protegido: más de 21 al haber visa, 560 días pendiente (F2A)"),
    "preset_aged_out": ("Aged out: only 184 days pending (F2A → F2B)", "Supera la edad: solo 184 días pendiente (F2A → F2B)"),
    "preset_sought_failed": ("Did not seek to acquire within a year (Matter of O. Vazquez)", "No buscó adquirir dentro de un año (Matter of O. Vazquez)"),
    "preset_premium": ("Premium processing: 13 days pending, aged out (EB-2)", "Trámite prioritario: 13 días pendiente, supera la edad (EB-2)"),
    "preset_regular": ("Regular processing: 476 days pending, protected (EB-2)", "Trámite normal: 476 días pendiente, protegido (EB-2)"),
    "preset_feb29": ("Born February 29: I-130 filed on February 28 (IR)", "Nacido un 29 de febrero: I-130 presentado el 28 de febrero (IR)"),
    "preset_retro_locked": ("Retrogression after filing: age locked at availability (USCIS PM)", "Retroceso después de presentar: la edad queda fijada (Manual de USCIS)"),
    "preset_retro_denied": ("Retrogression after filing, already 21 that day: aged out (USCIS PM)", "Retroceso después de presentar, ya con 21 ese día: supera la edad (Manual de USCIS)"),
    "preset_retro_f2a_2023": ("F2A 2023 retrogression, real bulletins: a new window, a new date", "Retroceso de F2A en 2023, boletines reales: nuevo plazo, nueva fecha"),
    "preset_retro_f2a_2023_ec": ("Same case, extraordinary circumstances: the first date", "Mismo caso, circunstancias extraordinarias: la primera fecha"),
    "preset_ir": ("Immediate relative: age frozen when the I-130 is filed", "Familiar inmediato: edad congelada al presentar el I-130"),
    "preset_natz_bia": ("F2A parent naturalizes after the 21st birthday (BIA)", "F2A: el padre se naturaliza después de los 21 (BIA)"),
    "preset_natz_ca9": ("Same facts in the 9th Circuit: the CSPA age counts", "Mismos hechos en el Noveno Circuito: cuenta la edad CSPA"),
    "preset_f2b_converts": ("F2B derivative, parent naturalizes: F1 is slower (Philippines)", "Derivado F2B, el padre se naturaliza: F1 va más lento (Filipinas)"),
    "preset_f2b_opt_out": ("Same case with an opt-out: stays F2B (INA 204(k))", "Mismo caso con renuncia: sigue en F2B (INA 204(k))"),
    "preset_f4_derivative": ("F4 derivative aged out: no conversion (Matter of Wang)", "Derivado F4 que supera la edad: sin conversión (Matter of Wang)"),
    "preset_dv_aged_out": ("DV derivative, 214 days pending, aged out", "Derivado DV, 214 días pendiente, supera la edad"),
    "preset_asylee": ("Derivative asylee: age frozen at the parent's I-589", "Asilado derivado: edad congelada con el I-589 del padre"),
    "preset_refugee": ("Derivative refugee: age frozen at the parent's I-590", "Refugiado derivado: edad congelada con el I-590 del padre"),
    "preset_k2": ("K-2 child: age at admission (Matter of Le)", "Hijo K-2: edad al ser admitido (Matter of Le)"),
    # The PDF case report (cspa_lib/report.py).
    "report_title": ("CSPA age — case report", "Edad CSPA — informe del caso"),
    "report_evaluated": ("Evaluated on {date}", "Evaluado el {date}"),
    "report_data": ("Visa Bulletin data through {month}", "Datos del Boletín de Visas hasta {month}"),
    "report_alternatives": ("Other readings", "Otras interpretaciones"),
    "report_disclaimer": ("An educational calculation, not legal advice: it applies published rules to the dates given and cannot replace a review of the case by an immigration attorney or accredited representative.", "Es un cálculo educativo, no asesoría legal: aplica las normas publicadas a las fechas indicadas y no sustituye la revisión del caso por un abogado de inmigración o un representante acreditado."),
    "category_after": ("Category after conversion", "Categoría después de la conversión"),
    "cspa_age_on": ("CSPA age measured on", "Edad CSPA medida el"),
    # The workshop server (cspa_lib/workshop): the page shown when every place is taken, the trainer's page.
    "room_full_title": ("The room is full", "La sala está llena"),
    "room_full_body": ("All {max} places of this workshop are taken. Wait a minute and reload this page: a place frees up when someone closes the dashboard or leaves it untouched for {minutes} minutes.", "Los {max} lugares de este taller están ocupados. Espere un minuto y vuelva a cargar esta página: se libera un lugar cuando alguien cierra el panel o lo deja sin usar durante {minutes} minutos."),
    "room_join": ("Join the workshop", "Únase al taller"),
    "room_scan": ("Scan the code or type the address", "Escanee el código o escriba la dirección"),
    "room_seats": ("{used} of {max} places in use", "{used} de {max} lugares en uso"),
}


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"'lang' must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


def text(table: dict[str, tuple[str, str]], key: str, lang: str = "en") -> str:
    return table[key][LANGS.index(_lang(lang))]


def ui(key: str, lang: str = "en") -> str:
    return text(UI, key, lang)


def outcome_label(outcome: str, lang: str = "en") -> str:
    return text(OUTCOMES, str(outcome), lang)


def flag_label(flag: str, lang: str = "en") -> str:
    return text(FLAGS, flag, lang) if flag in FLAGS else flag


def _format_param(name: str, value: object, lang: str) -> str:
    if name == "month" and isinstance(value, date):
        return format_month(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if name in {"margin", "pending", "days", "margin_abs"} and isinstance(value, int):
        return format_days(value, lang)
    if name == "age":
        return format_ymd(value, lang)
    if name == "outcome":
        return outcome_label(str(value), lang)
    if name == "convention":
        return {"mar1": ("March 1", "el 1 de marzo"), "feb28": ("February 28", "el 28 de febrero")}.get(
            str(value), (str(value), str(value))
        )[LANGS.index(lang)]
    if value is None:
        return "—"
    return str(value)


def render_step(key: str, params: dict[str, object], lang: str = "en") -> str:
    values = {k: _format_param(k, v, lang) for k, v in params.items()}
    if key == "margin_over":
        values["margin_abs"] = format_days(abs(int(params["margin"])), lang)  # type: ignore[arg-type]
    return text(STEPS, key, lang).format(**values)


def render_steps(result: CspaResult, lang: str = "en") -> list[str]:
    """Numbered steps, each followed by its citation in brackets."""
    lines = []
    for number, step in enumerate(result.steps, start=1):
        body = render_step(step.key, dict(step.params), lang)
        lines.append(f"{number}. {body}" + (f" [{step.rule}]" if step.rule else ""))
    return lines


def key_numbers(result: CspaResult, lang: str = "en") -> list[tuple[str, str]]:
    """(label, value) pairs a reader checks first: age at availability, pending time, CSPA age."""
    numbers = []
    if result.age_at_availability is not None and result.visa_available is not None:
        label = ui("age_on", lang).format(date=format_date(result.visa_available, lang))
        numbers.append((label, format_ymd(result.age_at_availability, lang)))
    if result.pending_days is not None and result.pathway == "preference":
        numbers.append((ui("pending_time", lang), format_days(result.pending_days, lang)))
    if result.cspa_age is not None:
        numbers.append((ui("cspa_age", lang), format_ymd(result.cspa_age, lang)))
    return numbers


def alternative_line(alternative: Alternative, lang: str = "en") -> str:
    """One alternative outcome in words: what differs, then the outcome and the dates it rests on."""
    what = text(ALTERNATIVES, alternative.key, lang) if alternative.key in ALTERNATIVES else alternative.key
    parts = [outcome_label(alternative.outcome.value, lang)]
    if alternative.visa_available is not None:
        parts.append(f"{ui('available', lang)}: {format_date(alternative.visa_available, lang)}")
    if alternative.reference_date is not None:
        parts.append(f"{ui('cspa_age_on', lang)}: {format_date(alternative.reference_date, lang)}")
    return f"{what}: " + "; ".join(parts) + "."


def render_verdict(result: CspaResult, lang: str = "en") -> str:
    return verdict_text(result.outcome.value, result.days_under_21, lang)


def verdict_text(outcome: str, days_under_21: int | None, lang: str = "en") -> str:
    """The verdict sentence from the two values it rests on (a result, or a batch row's columns)."""
    label = outcome_label(outcome, lang)
    if days_under_21 is None:
        return label
    margin = days_under_21
    if _lang(lang) == "en":
        side = f"{format_days(margin, lang)} under the 21 line" if margin > 0 else f"{format_days(-margin, lang)} past the 21 line"
    else:
        side = f"{format_days(margin, lang)} antes de la línea de 21" if margin > 0 else f"{format_days(-margin, lang)} más allá de la línea de 21"
    return f"{label} — {side}"
