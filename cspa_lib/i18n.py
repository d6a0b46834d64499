"""Every user-visible string, in English and Spanish, in one place.

Spanish is a translation, not a fork: steps, flags, verdicts and widget labels are looked up here
by key, so a notebook or the dashboard switches language by passing `lang="es"`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .horizon import DataHorizon
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
    """'1,522 days' / '1522 días': in Spanish no separator up to four digits and a thin space from
    five (RAE), since '1.522' reads as a decimal in Mexico and the United States."""
    if _lang(lang) == "en":
        return f"{n:,} {'day' if abs(n) == 1 else 'days'}"
    number = f"{n:,}".replace(",", "\u202f") if abs(n) >= 10_000 else str(n)
    return f"{number} {'día' if abs(n) == 1 else 'días'}"


def format_ymd(age: object, lang: str = "en") -> str:
    if age is None:
        return "—"
    y, m, d = age.years, age.months, age.days  # type: ignore[attr-defined]
    if _lang(lang) == "en":
        words = (("year", "years"), ("month", "months"), ("day", "days"))
        return ", ".join(f"{n} {w[0] if n == 1 else w[1]}" for n, w in zip((y, m, d), words, strict=True))
    # As USCIS writes it in Spanish: «21 años y 4 meses» (no zero units, the last one joined with «y»).
    words = (("año", "años"), ("mes", "meses"), ("día", "días"))
    parts = [f"{n} {w[0] if n == 1 else w[1]}" for n, w in zip((y, m, d), words, strict=True) if n]
    if not parts:
        return "0 días"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]


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
    return f"{month} {d.year}" if _lang(lang) == "en" else f"{month} de {d.year}"


def format_months(months: list, lang: str = "en") -> str:
    """Bulletin months as words: 'April 2023, May 2023' / 'abril de 2023, mayo de 2023'."""
    return ", ".join(format_month(m, lang) for m in months) or "—"


def format_runs(runs: list, lang: str = "en") -> str:
    """Runs of availability (`result.MonthRange`) in words: 'July 2019 to March 2023; from May 2024
    on' / 'de julio de 2019 a marzo de 2023; desde mayo de 2024'."""
    en = _lang(lang) == "en"
    parts = []
    for run in runs:
        first = format_month(run.start, lang)
        if run.end is None:
            parts.append(f"from {first} on" if en else f"desde {first}")
        elif run.end == run.start:
            parts.append(first)
        else:
            last = format_month(run.end, lang)
            parts.append(f"{first} to {last}" if en else f"de {first} a {last}")
    return "; ".join(parts)


# --- explanation steps ---------------------------------------------------------------------
# Placeholders: dates are formatted with format_date, *_days/margin/pending/days with
# format_days, age with format_ymd. Everything else is inserted as is.

STEPS: dict[str, tuple[str, str]] = {
    "birthday": (
        "Born {birth}: turns 21 on {b21}. A child is under 21, so from that day on the person is "
        "not a child unless CSPA says otherwise.",
        "Nació el {birth}: cumple 21 años el {b21}. Para fines de inmigración, un «menor» es una "
        "persona soltera y menor de 21 años; desde ese día deja de serlo, salvo que la CSPA disponga "
        "lo contrario.",
    ),
    "feb29": (
        "Born on February 29: in a common year the birthday is taken as {convention} (no federal "
        "immigration rule says which), so the 21st birthday is {b21}.",
        "Nació un 29 de febrero: en los años no bisiestos se toma como cumpleaños {convention} "
        "(ninguna norma federal de inmigración lo establece), así que cumple 21 años el {b21}.",
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
        "Refugiado derivado: la edad se congela el día en que el padre o la madre presentó el "
        "Formulario I-590 (registro como refugiado), el {date}. Edad ese día: {age}.",
    ),
    "freeze_k2": (
        "K-2 child: CSPA does not apply, but the age that counts is the age at admission to the "
        "United States, {date}. Age that day: {age}.",
        "Hijo o hija K-2: la CSPA no se aplica, pero la edad que cuenta es la que tenía al ser "
        "admitido en los Estados Unidos, el {date}. Edad ese día: {age}.",
    ),
    "freeze_marriage_ended": (
        "The marriage ended on {date}: the age is taken on that day. Age that day: {age}.",
        "El matrimonio terminó el {date}: la edad se determina en esa fecha. Edad ese día: {age}.",
    ),
    "freeze_verdict_under": (
        "That is {margin} before the 21st birthday: a child, category {category_after}.",
        "Eso es {margin} antes de cumplir 21 años: sigue siendo «menor» (categoría: {category_after}).",
    ),
    "freeze_verdict_over": (
        "That is not before the 21st birthday ({margin_abs} late): not a child any more. "
        "Category afterwards: {category_after}.",
        "Esa fecha no es anterior al día en que cumple 21 años (diferencia: {margin_abs}): ya no es "
        "«menor». Categoría resultante: {category_after}.",
    ),
    "natz_date": (
        "The parent naturalized on {date}: an F2A petition converts to immediate relative, and "
        "the age is taken that day. Age that day: {age}.",
        "El padre o la madre se naturalizó el {date}: la petición F2A pasa a ser una petición de "
        "familiar inmediato y la edad se determina en esa fecha. Edad ese día: {age}.",
    ),
    "natz_under": (
        "Under 21 that day ({margin} to spare): immediate relative, age frozen.",
        "Menor de 21 ese día (margen de {margin}): familiar inmediato, edad congelada.",
    ),
    "natz_bia": (
        "21 or older that day: the Board of Immigration Appeals uses the real age, so the "
        "petition becomes F1 (son or daughter of a citizen), not immediate relative.",
        "Tenía 21 años o más ese día: la Junta de Apelaciones de Inmigración (BIA) usa la edad "
        "biológica, así que la petición pasa a F1 (hijo o hija soltero(a) de ciudadano "
        "estadounidense), no a familiar inmediato.",
    ),
    "opt_out_not_f2a": (
        "An opt-out (INA 204(k)) is only for F2B petitions converting to F1: it cannot keep an "
        "F2A beneficiary in F2A.",
        "La opción de quedar fuera de la conversión automática (INA 204(k)) solo existe para "
        "peticiones F2B que pasan a F1: no permite que un beneficiario F2A permanezca en F2A.",
    ),
    "natz_circuit_alt": (
        "In the 2d and 9th Circuits the CSPA age counts instead: naturalization date minus "
        "{pending} pending gives {ref}, before the 21st birthday, so there the child is an "
        "immediate relative.",
        "En la jurisdicción del Segundo y del Noveno Circuito cuenta la edad CSPA: la fecha de "
        "naturalización menos {pending} de tiempo pendiente da el {ref}, antes de cumplir 21 años; "
        "allí sería familiar inmediato.",
    ),
    "natz_circuit_under": (
        "This circuit uses the CSPA age: naturalization date minus {pending} pending gives {ref}, "
        "{margin} before the 21st birthday: immediate relative.",
        "Este tribunal de circuito aplica la edad CSPA: la fecha de naturalización menos {pending} de"
        " tiempo pendiente da el {ref}, {margin} antes de cumplir 21 años: familiar inmediato.",
    ),
    "natz_circuit_over": (
        "This circuit uses the CSPA age: naturalization date minus {pending} pending gives {ref}, "
        "not before the 21st birthday: F1.",
        "Este tribunal de circuito aplica la edad CSPA: la fecha de naturalización menos {pending} de"
        " tiempo pendiente da el {ref}, que no es anterior a los 21 años: pasa a F1 (hijo o hija "
        "soltero(a) de ciudadano estadounidense).",
    ),
    "pending": (
        "The petition was pending from {filed} to {approved}: {days}.",
        "La petición estuvo pendiente del {filed} al {approved}: {days}.",
    ),
    "pending_dv": (
        "DV pending time runs from the start of registration, {filed}, to the selection letter, "
        "{approved}: {days}.",
        "Programa de Visas de Diversidad (DV): el tiempo pendiente va del inicio del período de "
        "registro, el {filed}, a la fecha de la carta de selección, el {approved}: {days}.",
    ),
    "policy": (
        "For {policy}, the Visa Bulletin chart that decides when a visa is available is the {chart} chart.",
        "Caso de {policy}: la tabla del Boletín de Visas que determina cuándo hay visa disponible es "
        "la de {chart}.",
    ),
    "policy_designated": (
        "For {policy}, each month counts the chart USCIS designated that month for filing "
        "adjustment applications (Dates for Filing or Final Action Dates).",
        "Caso de {policy}: cada mes cuenta la tabla que USCIS indicó ese mes para presentar "
        "solicitudes de ajuste de estatus (Fechas de Presentación o Fechas de Acción Final).",
    ),
    "bulletin_gap": (
        "The bulletin data has no cut-off date for this category and country in {months}; whether the priority date "
        "was current then is unknown, so the result needs review against the printed bulletin.",
        "Los datos del Boletín de Visas no tienen fecha de corte para esta categoría y este país en "
        "{months}; no se sabe si la fecha de prioridad estaba vigente, por lo que el resultado debe "
        "cotejarse con el boletín publicado.",
    ),
    "designation_unknown": (
        "Which chart USCIS designated is not known for {months}; Final Action Dates were used "
        "there. Check the USCIS filing-charts page.",
        "No se sabe qué tabla indicó USCIS para {months}; se usó la tabla de Fechas de Acción Final. "
        "Consulte la página de USCIS «Tablas del Boletín de Visas sobre Presentación de Ajuste de "
        "Estatus».",
    ),
    "bulletin_lookup": (
        "Visa Bulletin, category {category}, {chargeability}: priority date {pd} is current "
        "(earlier than the cut-off date) in these months: {runs}.",
        "Boletín de Visas, categoría {category}, {chargeability}: la fecha de prioridad del {pd} está"
        " vigente (es anterior a la fecha de corte) en estos meses: {runs}.",
    ),
    "dv_lookup": (
        "DV-{year} bulletins, region {region}: rank {rank} is below the cut-off in these months: "
        "{runs}.",
        "Boletines de Visas del programa DV-{year}, región {region}: el número de turno {rank} es "
        "inferior al número de corte en estos meses: {runs}.",
    ),
    "bulletin_lookup_none": (
        "Visa Bulletin, category {category}, {chargeability}: priority date {pd} is not current "
        "(earlier than the cut-off date) in any month of the data after approval.",
        "Boletín de Visas, categoría {category}, {chargeability}: la fecha de prioridad del {pd} no "
        "está vigente (no es anterior a la fecha de corte) en ningún mes de los datos posterior a la "
        "aprobación.",
    ),
    "dv_lookup_none": (
        "DV-{year} bulletins, region {region}: rank {rank} is not below the cut-off in any month of "
        "the data after the selection letter.",
        "Boletines de Visas del programa DV-{year}, región {region}: el número de turno {rank} no es "
        "inferior al número de corte en ningún mes de los datos posterior a la carta de selección.",
    ),
    "freeze_verdict_over_no_category": (
        "That is not before the 21st birthday ({margin_abs} late): not a child any more.",
        "Esa fecha no es anterior al día en que cumple 21 años (diferencia: {margin_abs}): ya no es "
        "«menor».",
    ),
    "bulletin_given": (
        "Given: the priority date became current in the bulletin for {month}.",
        "Dato ingresado: la fecha de prioridad quedó vigente en el Boletín de Visas de {month}.",
    ),
    "f2b_to_f1": (
        "The parent naturalized on {date}: the F2B petition converts to F1 from then on.",
        "El padre o la madre se naturalizó el {date}: desde esa fecha, la petición F2B pasa "
        "automáticamente a F1.",
    ),
    "f2b_opt_out": (
        "The parent naturalized on {date}, but the beneficiary opted out in writing: the petition "
        "stays F2B.",
        "El padre o la madre se naturalizó el {date}, pero el beneficiario optó por escrito por "
        "quedar fuera de la conversión automática: la petición sigue en F2B.",
    ),
    "available": (
        "A visa became available on {available}, the later of the approval ({approved}) and the "
        "first day of the bulletin month. Age that day: {age}.",
        "La visa quedó disponible el {available}: la más tardía entre la fecha de aprobación "
        "({approved}) y el primer día del mes del boletín correspondiente. Edad ese día: {age}.",
    ),
    "retrogression_new_window": (
        "Retrogression: the visa was available from {first} but became unavailable before the "
        "one-year window ended and before the child sought to acquire, so the new date {available} "
        "counts.",
        "Retrogresión: la visa estuvo disponible desde el {first}, pero dejó de estarlo antes de que "
        "venciera el plazo de un año y antes de que el menor buscara adquirir la residencia "
        "permanente; por eso cuenta la nueva fecha de disponibilidad, el {available}.",
    ),
    "formula": (
        "CSPA age = age on {available} minus {pending} = age on {ref}: {age}.",
        "Edad CSPA = edad al {available} menos {pending} de tiempo pendiente = edad al {ref}: {age}.",
    ),
    "margin_under": (
        "Under 21, with {margin} to spare. The visa had to be available by {age_out} "
        "(21st birthday plus the days pending, minus one).",
        "Edad CSPA menor de 21 años, con un margen de {margin}. La visa tenía que quedar disponible a"
        " más tardar el {age_out} (fecha en que cumple 21 años, más los días de tiempo pendiente, "
        "menos un día).",
    ),
    "margin_over": (
        "Not under 21: the CSPA age reached 21, {margin_abs} past the 21st birthday. The last "
        "visa-available date that would have protected was {age_out}.",
        "La edad CSPA no es menor de 21 años: los supera por {margin_abs}. La última fecha de "
        "disponibilidad de la visa que lo habría protegido era el {age_out}.",
    ),
    "sought_met": (
        "Sought to acquire residence on {sought}, on or before the deadline {deadline} (one year "
        "after availability).",
        "Buscó adquirir la residencia permanente el {sought}, dentro del plazo, que vencía el "
        "{deadline} (un año después de que la visa quedó disponible).",
    ),
    "sought_failed": (
        "Sought to acquire residence only on {sought}, after the deadline {deadline}: the "
        "one-year requirement is not met.",
        "Buscó adquirir la residencia permanente el {sought}, ya vencido el plazo (que terminaba el "
        "{deadline}): no cumple el requisito de hacerlo dentro de un año.",
    ),
    "sought_open": (
        "No date of seeking to acquire was given: the verdict holds if the child seeks to acquire "
        "residence (files the I-485, the DS-260 or pays the fee) by {seek_by}.",
        "No se indicó cuándo buscó adquirir la residencia permanente: el resultado vale si el menor lo "
        "hace a más tardar el {seek_by} (por ejemplo, presenta el Formulario I-485, presenta la Parte 1 "
        "del DS-260 o paga la tarifa de visa de inmigrante).",
    ),
    "seek_by_short": (
        "The one-year window runs to {deadline}, but the visa stopped being available after {run_end}: "
        "only seeking by {seek_by} locks this date.",
        "El plazo de un año llega al {deadline}, pero la visa dejó de estar disponible después del "
        "{run_end}: solo buscar adquirir a más tardar el {seek_by} fija esta fecha.",
    ),
    "seek_by_short_dv": (
        "The one-year window runs to {deadline}, but the diversity program year ends on {seek_by}: "
        "the child must seek, and immigrate, by then.",
        "El plazo de un año llega al {deadline}, pero el año del programa de diversidad termina el "
        "{seek_by}: el menor debe buscar adquirir, e inmigrar, antes de esa fecha.",
    ),
    "not_sought_alt": (
        "If the child does not seek by {seek_by}, the outcome would be: {alt_not_sought}.",
        "Si el menor no busca adquirir a más tardar el {seek_by}, el resultado sería: {alt_not_sought}.",
    ),
    "seek_by_passed": (
        "As of {as_of}, the date to seek by ({seek_by}) has passed: check whether the child sought in time.",
        "Al {as_of}, ya pasó la fecha para buscar adquirir ({seek_by}): verifique si el menor lo hizo a tiempo.",
    ),
    "sought_beyond_data": (
        "Sought to acquire on {sought}, after the last bulletin in the data: whether the visa was still "
        "available that day cannot be confirmed. Review against the later bulletins.",
        "Buscó adquirir el {sought}, después del último boletín de los datos: no se puede confirmar que la "
        "visa siguiera disponible ese día. Revise los boletines posteriores.",
    ),
    "counted_as_sought": (
        "The I-485 was filed on {sought}: filing it is how an applicant seeks to acquire residence.",
        "El I-485 se presentó el {sought}: presentarlo es la forma de buscar adquirir la residencia.",
    ),
    "deemed_sought": (
        "The I-485 filed on {sought} was pending on February 14, 2023 and was filed within a year of "
        "availability on the Final Action Dates chart: USCIS deems the child to have sought to acquire.",
        "El I-485 presentado el {sought} estaba pendiente el 14 de febrero de 2023 y se presentó dentro "
        "de un año de la disponibilidad en la tabla de Fechas de Acción Final: USCIS considera que el "
        "menor buscó adquirir.",
    ),
    "ec_policy_change": (
        "The change of February 14, 2023 may itself be an extraordinary circumstance for a child who did "
        "not file because under the earlier policy the CSPA age was 21 or more. That is discretionary.",
        "El cambio del 14 de febrero de 2023 puede ser en sí una circunstancia extraordinaria para un menor "
        "que no presentó porque con la política anterior su edad CSPA era de 21 o más. Es discrecional.",
    ),
    "days_left": (
        "As of {as_of}, {days_left} remain until {age_out}.",
        "Al {as_of}, quedan {days_left} hasta el {age_out}.",
    ),
    "born_after_reference": (
        "Born on {birth}, after the date the age is measured on: the child is under 21 on every date "
        "that matters.",
        "Nació el {birth}, después de la fecha en que se mide la edad: el menor tiene menos de 21 años en "
        "todas las fechas que importan.",
    ),
    "born_after_principal": (
        "Born after the principal's status date ({status_date}), within 300 days: a derivative born in "
        "utero may qualify. Review by hand.",
        "Nació después de la fecha de estatus del titular ({status_date}), dentro de 300 días: un derivado "
        "en gestación puede calificar. Revisar a mano.",
    ),
    "born_after_principal_far": (
        "Born more than 300 days after the principal's status date ({status_date}): not a derivative; "
        "the child needs a petition of its own.",
        "Nació más de 300 días después de la fecha de estatus del titular ({status_date}): no es derivado; "
        "el menor necesita una petición propia.",
    ),
    "principal_status_not_given": (
        "The principal's status date (asylum grant, refugee admission or adjustment) was not given: the "
        "child must have been born, or in utero, by then.",
        "No se indicó la fecha de estatus del titular (concesión de asilo, admisión como refugiado o "
        "ajuste): el menor debe haber nacido, o estar en gestación, para entonces.",
    ),
    "ir_f3_unsettled": (
        "The law is unsettled for a citizen's child who married and then divorced: read from the original "
        "petition ({reading_b}) the outcome would be: {alt_ir_f3_reading_B}. Review by hand.",
        "La ley no es clara para el hijo de un ciudadano que se casó y luego se divorció: tomando la "
        "petición original ({reading_b}) el resultado sería: {alt_ir_f3_reading_B}. Revisar a mano.",
    ),
    "same_day_event": (
        "The marriage ended on the day the petition was filed ({filed}): in either order the age is taken "
        "that day.",
        "El matrimonio terminó el mismo día en que se presentó la petición ({filed}): en cualquier orden la "
        "edad se toma ese día.",
    ),
    "same_day_natz": (
        "The parent naturalized on the day the petition was filed ({filed}): read as a citizen's petition "
        "from the start, the outcome would be: {alt_same_day_event_before_filing}.",
        "El padre o la madre se naturalizó el mismo día en que se presentó la petición ({filed}): leída "
        "como petición de ciudadano desde el inicio, el resultado sería: {alt_same_day_event_before_filing}.",
    ),
    "married_f3": (
        "Married on {married}: the petition continues as F3 (married son or daughter of a citizen), and a "
        "married person is not a child.",
        "Se casó el {married}: la petición continúa como F3 (hijo o hija casado de ciudadano), y una persona "
        "casada no es menor.",
    ),
    "married_revoked": (
        "Married on {married} while the parent was a permanent resident: the petition was revoked "
        "automatically, and a later divorce does not revive it. A new petition gets a new priority date.",
        "Se casó el {married} cuando el padre o la madre era residente permanente: la petición quedó "
        "revocada automáticamente y un divorcio posterior no la revive. Una nueva petición recibe una nueva "
        "fecha de prioridad.",
    ),
    "previously_married": (
        "Married on {married}, and the marriage ended on {ended}: unmarried again, so a child again if under 21.",
        "Se casó el {married} y el matrimonio terminó el {ended}: vuelve a ser soltero, así que vuelve a ser "
        "menor si tiene menos de 21 años.",
    ),
    "married_at_availability": (
        "Married when the visa became available ({available}): not in itself a bar, but the child must be "
        "unmarried when the I-485 is filed and approved, or when the visa is issued and at admission.",
        "Estaba casado cuando la visa quedó disponible ({available}): no es un impedimento por sí solo, pero "
        "el menor debe ser soltero al presentar y al aprobarse el I-485, o al emitirse la visa y al ser admitido.",
    ),
    "sought_while_married": (
        "Sought to acquire on {sought}, while married: review whether that act counts.",
        "Buscó adquirir el {sought}, estando casado: revise si ese acto cuenta.",
    ),
    "dv_year_ended": (
        "The diversity program year ended on {fy_end}: after that date no diversity visa can be issued "
        "and no adjustment approved, whatever the CSPA age.",
        "El año del programa de diversidad terminó el {fy_end}: después de esa fecha no puede emitirse la visa "
        "ni aprobarse el ajuste, sea cual sea la edad CSPA.",
    ),
    "dv_complete": (
        "The visa must be issued, or the adjustment approved, by {fy_end}, the end of the program year; "
        "filing by then is not enough.",
        "La visa debe emitirse, o el ajuste aprobarse, a más tardar el {fy_end}, fin del año del programa; "
        "no basta con presentar antes de esa fecha.",
    ),
    "petition_pending": (
        "The petition, filed on {filed}, was still pending on {as_of} ({days} so far). Each further day "
        "pending adds a day to the reduction, so the last visa-available date that still protects is "
        "{age_out} or later: at least {days_left} from {as_of}.",
        "La petición, presentada el {filed}, seguía pendiente al {as_of} ({days} hasta ese día). Cada día "
        "más de trámite suma un día a la reducción, así que la última fecha de disponibilidad que todavía "
        "protege es el {age_out} o posterior: al menos {days_left} desde el {as_of}.",
    ),
    "printed_value_suspect": (
        "The May 2015 Final Action cut-off for F4 Philippines was printed 2OCT91, probably a dropped digit "
        "(22OCT91): read the other way, the outcome would be: {alt_printed_value_suspect}. Review by hand.",
        "La fecha de corte de mayo de 2015 para F4 Filipinas (Fechas de Acción Final) se imprimió 2OCT91, "
        "probablemente con un dígito de menos (22OCT91): con la otra lectura, el resultado sería: "
        "{alt_printed_value_suspect}. Requiere revisión manual.",
    ),
    "bulletin_revised_jul_2007": (
        "This result depends on July 2-16, 2007, when the July 2007 bulletin was revised (employment "
        "unavailable) before the revision was withdrawn; the original values were used.",
        "Este resultado depende del 2 al 16 de julio de 2007, cuando el boletín de julio de 2007 estuvo "
        "revisado (empleo no disponible) hasta que se retiró la revisión; se usaron los valores originales.",
    ),
    "ombudsman_alt": (
        "A practitioner's view reported by the CIS Ombudsman in 2011 (not USCIS policy) would lock the "
        "age at the first availability, {first}: the outcome would be {alt_ombudsman_2011}.",
        "Una opinión de un abogado citada por la Oficina del Ombudsman de CIS en 2011 (no es política de "
        "USCIS) fijaría la edad en la primera disponibilidad, el {first}: el resultado sería "
        "{alt_ombudsman_2011}.",
    ),
    "convert_f2b": (
        "Aged out: the F2A petition converts automatically to F2B and keeps the priority date "
        "{pd}.",
        "Superó la edad límite: la petición F2A se convierte automáticamente en F2B y conserva la "
        "fecha de prioridad del {pd}.",
    ),
    "no_conversion": (
        "Aged out: a derivative of this category has no category to convert to with the same "
        "petitioner; a new petition gets a new priority date.",
        "Superó la edad límite: para un beneficiario derivado de esta categoría, la petición no puede"
        " convertirse a otra categoría con el mismo peticionario; una petición nueva tendría una "
        "nueva fecha de prioridad.",
    ),
    "ec_could_help": (
        "If USCIS accepts extraordinary circumstances, the first availability {first} could be "
        "used, and the CSPA age would then be under 21. That is discretionary.",
        "Si USCIS acepta circunstancias extraordinarias, podría usarse la primera fecha de "
        "disponibilidad, el {first}, y la edad CSPA sería menor de 21 años. USCIS lo decide a su "
        "discreción.",
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
        "La fecha de prioridad todavía no ha quedado vigente después de la aprobación en ninguno de "
        "los boletines disponibles (hasta el {last}). Para estar protegido, la visa debe quedar "
        "disponible a más tardar el {age_out}.",
    ),
    "awaiting_too_late": (
        "Not current after approval in the bulletins up to {last}, and the last date that would "
        "protect, {age_out}, has already passed: aged out.",
        "La fecha de prioridad no ha quedado vigente después de la aprobación en los boletines "
        "disponibles (hasta el {last}), y ya pasó la última fecha que lo habría protegido, el "
        "{age_out}: superó la edad límite.",
    ),
    "beyond_data": (
        "Whether the one-year window (to {deadline}) was interrupted depends on bulletins after "
        "the data ends: review by hand.",
        "Si el plazo de un año (hasta el {deadline}) se interrumpió depende de boletines posteriores "
        "a los datos incluidos: requiere revisión manual.",
    ),
    "married": (
        "Married on {date}: CSPA does not change the rule that a child must be unmarried.",
        "Se casó el {date}: la CSPA no cambia el requisito de que el menor debe estar soltero.",
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
        "La solicitud se resolvió en forma definitiva el {date}, antes de que la CSPA entrara en "
        "vigor (6 de agosto de 2002): la CSPA no se aplica.",
    ),
    "pre_cspa_ir": (
        "The petition was approved on {approved}, before CSPA, and the child turned 21 before "
        "August 6, 2002. Matter of Avila-Perez still covers the case when no final decision was "
        "made before that date; an early State Department cable read it more narrowly.",
        "La petición se aprobó el {approved}, antes de la CSPA, y cumplió 21 años antes del 6 de "
        "agosto de 2002. Según el precedente Matter of Avila-Perez (BIA), la CSPA aun así cubre el "
        "caso si no hubo una decisión definitiva antes de esa fecha; un cable temprano del "
        "Departamento de Estado lo interpretó de manera más restrictiva.",
    ),
    "pre_cspa_review": (
        "The petition was approved on {approved}, before CSPA, and the child turned 21 before "
        "August 6, 2002: sources disagree on coverage, review by hand.",
        "La petición se aprobó el {approved}, antes de la CSPA, y cumplió 21 años antes del 6 de "
        "agosto de 2002: las fuentes no coinciden sobre la cobertura; requiere revisión manual.",
    ),
    "feb29_alt": (
        "With the other February 29 convention ({convention}) the outcome would be: {outcome}.",
        "Con el otro criterio para el 29 de febrero ({convention}), el resultado sería: {outcome}.",
    ),
}

FLAGS: dict[str, tuple[str, str]] = {
    "feb29_birth_mar1": ("Born Feb 29: birthday taken as March 1 in common years (default).", "Nacido un 29 de febrero: cumpleaños el 1 de marzo en años no bisiestos (por defecto)."),
    "feb29_birth_feb28": ("Born Feb 29: birthday taken as Feb 28 in common years.", "Nacido un 29 de febrero: cumpleaños el 28 de febrero en años no bisiestos."),
    "feb29_convention_changes_verdict": ("The Feb 29 convention changes the verdict.", "El criterio que se use para el 29 de febrero cambia el resultado."),
    "one_day_changes_verdict": ("A one-day difference in counting would change the verdict.", "Un día de diferencia al contar cambiaría el resultado."),
    "one_day_changes_sought_to_acquire": ("A one-day difference would change the sought-to-acquire result.", "Un día de diferencia cambiaría si se cumple el requisito de buscar adquirir la residencia permanente."),
    "frozen_on_21st_birthday": ("The freeze date is the 21st birthday itself: sources are silent.", "La edad se congela justo el día en que cumple 21 años: las fuentes no contemplan este caso."),
    "jurisdiction_dependent": ("The verdict depends on the jurisdiction (BIA vs 2d/9th Circuit).", "El resultado depende de la jurisdicción (criterio de la BIA o del Segundo y el Noveno Circuito)."),
    "refugee_application_date_is_input": ("Which date counts as the refugee application (I-590) is unclear; the date given was used.", "No está claro qué fecha cuenta como presentación del Formulario I-590 (registro como refugiado); se usó la fecha indicada."),
    "k2_age_at_admission_matter_of_le": ("K-2: age at admission (Matter of Le); current USCIS practice not verified.", "K-2: edad al ser admitido (Matter of Le); práctica actual de USCIS no verificada."),
    "sought_before_availability": ("An application filed before the visa became available was counted as seeking to acquire (convention).", "Una solicitud presentada antes de que la visa quedara disponible se contó como una acción para buscar adquirir la residencia (criterio adoptado)."),
    "sought_during_unavailability": ("Sought to acquire while the visa was unavailable; counted at the next availability.", "Buscó adquirir la residencia permanente mientras la visa no estaba disponible; se computa a partir de la siguiente fecha de disponibilidad."),
    "retrogression_new_window": ("Retrogression opened a new one-year window.", "Una retrogresión abrió un nuevo plazo de un año."),
    "sources_disagree_retrogression": ("Sources disagree on retrogression before filing (PM vs 2011 Ombudsman).", "Las fuentes no coinciden sobre la retrogresión antes de presentar la solicitud (Manual de Políticas de USCIS frente al CIS Ombudsman, 2011)."),
    "beyond_bulletin_data": ("The answer depends on bulletins after the bundled data.", "La respuesta depende de boletines posteriores a los datos incluidos."),
    "same_day_event": ("A conversion event fell on the petition's filing date: both orders were evaluated.", "Un hecho de conversión cayó el mismo día de la presentación: se evaluaron ambos órdenes."),
    "previously_married": ("Previously married: unmarried again.", "Estuvo casado: vuelve a ser soltero."),
    "ir_f3_ir_unsettled": ("Unsettled law: a citizen's child who married and divorced (two readings differ).", "Ley no resuelta: hijo de ciudadano que se casó y se divorció (las dos lecturas difieren)."),
    "converted_to_f3": ("The marriage converted the petition to F3.", "El matrimonio convirtió la petición en F3."),
    "petition_revoked_by_marriage": ("The marriage revoked the petition; a divorce does not revive it.", "El matrimonio revocó la petición; un divorcio no la revive."),
    "born_after_reference_date": ("Born after the date the age is measured on: under 21 on every date that matters.", "Nació después de la fecha en que se mide la edad: menor de 21 en todas las fechas que importan."),
    "born_after_principal_status": ("Born after the principal's status date.", "Nació después de la fecha de estatus del titular."),
    "principal_status_date_not_given": ("The principal's status date was not given.", "No se indicó la fecha de estatus del titular."),
    "seek_by_convention_consular": ("Consular case: the date to seek by is a convention.", "Caso consular: la fecha para buscar adquirir es una convención."),
    "seek_by_passed": ("The date to seek by has passed.", "Ya pasó la fecha para buscar adquirir."),
    "deemed_sought_aug_2023": ("Deemed to have sought to acquire (USCIS, Aug 24, 2023).", "Se considera que buscó adquirir (USCIS, 24 de agosto de 2023)."),
    "boundary_feb_14_2023": ("The I-485 was decided on Feb 14, 2023 itself.", "El I-485 se decidió el mismo 14 de febrero de 2023."),
    "protected_if_ec_accepted": ("Protected if USCIS accepts extraordinary circumstances for the first date.", "Protegido si USCIS acepta circunstancias extraordinarias para la primera fecha."),
    "ec_feb_2023_policy_change": ("The Feb 14, 2023 policy change may be an extraordinary circumstance (discretionary).", "El cambio de política del 14 de febrero de 2023 puede ser una circunstancia extraordinaria (discrecional)."),
    "married_at_availability": ("Married on the visa-available date (not in itself a bar).", "Casado en la fecha de disponibilidad de la visa (no es un impedimento por sí solo)."),
    "sought_while_married": ("Sought to acquire while married: review.", "Buscó adquirir estando casado: revisar."),
    "dv_must_complete_by_sept_30": ("The DV case must be completed by Sept 30 of the program year.", "El caso DV debe completarse a más tardar el 30 de septiembre del año del programa."),
    "adjustment_filing_counted_as_sought": ("No sought-to-acquire date given: the I-485 filing date was used.", "No se indicó cuándo buscó adquirir la residencia: se usó la fecha de presentación del Formulario I-485."),
    "sought_to_acquire_not_given": ("No sought-to-acquire date given: the verdict assumes the child seeks in time.", "No se indicó cuándo buscó adquirir la residencia: el resultado supone que lo hará a tiempo."),
    "no_automatic_conversion": ("No automatic conversion for this derivative (Matter of Wang).", "Sin conversión automática para este beneficiario derivado (Matter of Wang)."),
    "extraordinary_circumstances_could_help": ("Extraordinary circumstances, if accepted, could protect.", "Las circunstancias extraordinarias, si se aceptan, podrían proteger."),
    "protected_if_extraordinary_circumstances_accepted": ("Protected only if USCIS accepts extraordinary circumstances.", "Protegido solo si USCIS acepta circunstancias extraordinarias."),
    "not_current_in_bulletin_data": ("The priority date is not current after approval in the bundled bulletins.", "La fecha de prioridad no está vigente después de la aprobación en los boletines incluidos."),
    "adjustment_filing_date_assumed": ("No adjustment filing date: assumed filed under the policy in force since Aug 15, 2025.", "Sin fecha de presentación del I-485: se supone que la solicitud de ajuste de estatus se presenta conforme a la política vigente desde el 15 de agosto de 2025."),
    "chart_designation_unknown": ("USCIS's chart designation is unknown for a month used; Final Action was assumed.", "Se desconoce qué tabla indicó USCIS para un mes usado; se usó la tabla de Fechas de Acción Final."),
    "dv_program_year_inferred": ("DV program year inferred from the registration date.", "Año del programa DV deducido de la fecha de registro."),
    "bulletin_month_missing": ("A bulletin month the case depends on has no cut-off in the data: review by hand.", "Un mes del boletín del que depende el caso no tiene fecha de corte en los datos: requiere revisión manual."),
    "dv_month_missing": ("Some DV months are missing from the bulletin data.", "Faltan algunos meses de DV en los datos del boletín."),
    "dv_program_year_ended": ("The DV program year ended (September 30) before the case could be completed.", "El año del programa DV terminó (30 de septiembre) antes de que el caso pudiera completarse."),
    "reduction_exceeds_age": ("The pending time is longer than the age: CSPA age shown as 0.", "El tiempo pendiente supera la edad: la edad CSPA se muestra como 0."),
    "refugee_marriage_check_admission": ("Refugee derivative married: check the admission date.", "Refugiado derivado casado: revise la fecha de admisión."),
    "pre_cspa_age_out": ("Aged out before CSPA took effect (Aug 6, 2002).", "Superó la edad límite antes de que la CSPA entrara en vigor (6 de agosto de 2002)."),
    "sources_disagree_pre_cspa": ("Sources disagree on pre-CSPA approvals (Avila-Perez vs DOS 2003).", "Las fuentes no coinciden sobre aprobaciones anteriores a la CSPA (Matter of Avila-Perez frente a un cable del Departamento de Estado de 2003)."),
    "petition_pending": ("The petition is still pending: the days left are a lower bound.", "La petición sigue pendiente: los días que quedan son un mínimo."),
    "bulletin_data_stale": ("The bulletin data end more than 60 days before the as-of date: update them with `cspa bulletin update`.", "Los datos del Boletín de Visas terminan más de 60 días antes de la fecha de referencia: actualícelos (vea el aviso sobre los datos del boletín)."),
    "printed_value_suspect": ("A bulletin cut-off date used here is probably a misprint (May 2015, F4 Philippines, printed 2OCT91); its other reading changes the verdict.", "Una fecha de corte del boletín usada aquí probablemente es una errata (mayo de 2015, F4 Filipinas, impresa 2OCT91); la otra lectura cambia el resultado."),
    "bulletin_revised_jul_2007": ("The result depends on July 2-16, 2007, when the July 2007 bulletin was revised (employment unavailable); the original values were used.", "El resultado depende del 2 al 16 de julio de 2007, cuando el boletín de julio de 2007 estuvo revisado (empleo no disponible); se usaron los valores originales."),
}

# What another reading of the law would give (CspaResult.alternatives, keyed by Alternative.key).
ALTERNATIVES: dict[str, tuple[str, str]] = {
    "jurisdiction_CA2_CA9": ("In the 2d or 9th Circuit (CSPA age counts at naturalization)", "En el Segundo o Noveno Circuito (cuenta la edad CSPA al naturalizarse)"),
    "jurisdiction_BIA": ("Under the BIA reading (biological age at naturalization)", "Según la interpretación de la BIA (edad biológica al naturalizarse)"),
    "extraordinary_circumstances": ("If extraordinary circumstances are accepted", "Si se aceptan circunstancias extraordinarias"),
    "without_extraordinary_circumstances": ("Without extraordinary circumstances", "Sin circunstancias extraordinarias"),
    "feb29_feb28": ("With the birthday on February 28 in common years", "Con el cumpleaños el 28 de febrero en años no bisiestos"),
    "feb29_mar1": ("With the birthday on March 1 in common years", "Con el cumpleaños el 1 de marzo en años no bisiestos"),
    "not_sought": ("If the child does not seek to acquire in this window", "Si el menor no busca adquirir la residencia en este plazo"),
    "without_deemed_sought_aug_2023": ("Without USCIS's Aug 24, 2023 rule (deemed to have sought)", "Sin la regla de USCIS del 24 de agosto de 2023 (se considera que buscó adquirir)"),
    "ir_f3_reading_B": ("Reading the age on the original petition's filing date", "Tomando la edad en la fecha de presentación de la petición original"),
    "same_day_event_before_filing": ("Reading the same-day event as before the filing", "Considerando que el hecho del mismo día ocurrió antes de la presentación"),
    "ombudsman_2011": ("Under a practitioner's view reported by the CIS Ombudsman in 2011", "Según una opinión de un abogado citada por la Oficina del Ombudsman de CIS en 2011"),
    "printed_value_suspect": ("Reading the May 2015 F4 Philippines cut-off as 22OCT91", "Leyendo la fecha de corte de mayo de 2015 para F4 Filipinas como 22OCT91"),
}

OUTCOMES: dict[str, tuple[str, str]] = {
    "protected": ("Protected: still a child under CSPA", "Protegido: sigue siendo menor según la CSPA"),
    "aged_out": ("Aged out", "Superó la edad límite"),
    "sought_to_acquire_failed": ("Did not seek to acquire residence within one year", "No buscó adquirir la residencia permanente en el plazo de un año"),
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
    "current": ("Bulletin current", "Vigente en el boletín"),
    "available": ("Visa available", "Visa disponible"),
    "deadline": ("Sought-to-acquire deadline", "Fecha límite para buscar adquirir"),
    "age_out": ("Age-out date", "Última fecha con protección"),
    "freeze": ("Age frozen", "Edad congelada"),
    "margin": ("Margin to 21", "Margen hasta los 21 años"),
    "margin_days": ("Margin to 21 (days)", "Margen hasta los 21 años (días)"),
    "error": ("Please check the input", "Revise los datos"),
    "empty_date": ("is empty: enter a date", "no tiene fecha: escriba una"),
    "priority_date": ("Priority date", "Fecha de prioridad"),
    "cutoff": ("Cut-off date", "Fecha de corte"),
    "months_current": ("Months current", "Meses en que está vigente"),
    # Plots, the explorer and its examples (cspa_lib/plots.py, widgets.py, presets.py).
    "subtitle": ("Pick an example (the first two are the USCIS CSPA page's own), change a date and watch the CSPA age move against the 21-year line; each step cites its rule.", "Elija un ejemplo (los dos primeros son los de la página de USCIS sobre la CSPA), cambie una fecha y vea cómo se mueve la edad CSPA frente a la línea de 21 años; cada paso cita su norma."),
    "case_heading": ("The case", "El caso"),
    "result_heading": ("Result", "Resultado"),
    "fixed_fields": ("Also part of this example", "Otros datos de este ejemplo"),
    "bulletin_current_tip": ("First day of the bulletin month in which the priority date became current. Leave it empty to look it up in the bundled Visa Bulletin history.", "Primer día del mes del boletín en que la fecha de prioridad quedó vigente. Déjelo vacío para buscarlo en el historial del Boletín de Visas incluido."),
    "shift_tip": ("Moves the date by whole months, to see what an earlier or later date would change.", "Mueve la fecha por meses enteros, para ver qué cambiaría con una fecha anterior o posterior."),
    "shifted": ("{field} moved {months:+d} months: {date}", "{field}: se movió {months:+d} mes(es), al {date}"),
    "looked_up": ("Bulletin month looked up in the bundled Visa Bulletin history", "Mes del boletín buscado en el historial del Boletín de Visas incluido"),
    "parent_naturalized": ("Parent naturalized", "Naturalización del padre o la madre"),
    "admitted": ("Admitted (K-2)", "Admisión (K-2)"),
    "marriage_ended": ("Marriage ended", "Fin del matrimonio"),
    "as_of": ("Evaluated as of", "Evaluado al"),
    "seek_by": ("Seek to acquire by", "Buscar adquirir a más tardar"),
    "adjustment_filed": ("I-485 filed", "I-485 presentado"),
    "adjustment_decided": ("I-485 decided", "I-485 resuelto"),
    "chargeability": ("Chargeability", "País al que se carga la visa"),
    "processing": ("Processing", "Trámite"),
    "processing_adjustment": ("Adjustment of status (USCIS)", "Ajuste de estatus (USCIS)"),
    "processing_consular": ("Consular processing (DOS)", "Trámite consular (DOS)"),
    "jurisdiction": ("Jurisdiction", "Jurisdicción"),
    "opt_out": ("Opted out of F2B → F1", "Optó por quedar fuera de la conversión F2B → F1"),
    "extraordinary_circumstances": ("Extraordinary circumstances asserted", "Se alegan circunstancias extraordinarias"),
    "pending_time": ("Pending time", "Tiempo pendiente"),
    "age_on": ("Age on {date}", "Edad al {date}"),
    "birthday_21": ("21st birthday", "Cumple 21 años"),
    "age_at_availability": ("Age at visa availability", "Edad al quedar disponible la visa"),
    "quoted": ("“{label}” ({code})", "«{label}»"),
    "error_order": ("{field} must be on or after {other}: {got} is before {other_value}.", "El campo {field} debe contener una fecha igual o posterior a la del campo {other}: el {got} es anterior al {other_value}."),
    "error_required": ("{field} is required for category {category}.", "El campo {field} es obligatorio para la categoría {category}."),
    "error_first_of_month": ("{field} must be the first day of a bulletin month (got {got}; did you mean {suggest}?).", "El campo {field} debe ser el primer día de un mes del boletín (se indicó el {got}; ¿quiso decir el {suggest}?)."),
    "error_date_range": ("{field} must be a date in the years {low}..{high} (got {got}).", "El campo {field} debe ser una fecha entre los años {low} y {high} (se indicó el {got})."),
    "error_field": ("{field}: {problem}", "{field}: {problem}"),
    "error_bulletin": ("The bundled Visa Bulletin data cannot answer this case: {problem}", "Los datos del Boletín de Visas incluidos no permiten resolver este caso: {problem}"),
    "error_unexpected": ("Unexpected error ({kind}): {problem}. Please report it with the inputs above.", "Error inesperado ({kind}): {problem}. Por favor, infórmelo junto con los datos de arriba."),
    "cspa_line": ("CSPA age (biological age shifted {days} later)", "Edad CSPA (edad biológica menos {days} de tiempo pendiente)"),
    "frozen_line": ("CSPA age (frozen)", "Edad CSPA (congelada)"),
    "window": ("One-year window to seek to acquire", "Plazo de un año para buscar adquirir"),
    "margin_under_text": ("{days} under the 21 line ({ymd})", "{days} antes de la línea de 21 ({ymd})"),
    "margin_over_text": ("{days} past the 21 line ({ymd})", "{days} más allá de la línea de 21 ({ymd})"),
    "must_be_available_by": ("The visa must be available by {date}", "La visa debe estar disponible a más tardar el {date}"),
    "protected_zone": ("Visa available here: protected", "Visa disponible aquí: protegido"),
    "aged_out_zone": ("Visa available here: aged out", "Visa disponible aquí: supera la edad límite"),
    "frozen_note": ("The age is frozen on one date: the visa date does not change it.", "La edad se congela en una fecha: la fecha de la visa no la cambia."),
    "visa_available_on": ("Date the visa becomes available", "Fecha en que la visa queda disponible"),
    "cspa_age_years": ("CSPA age (years)", "Edad CSPA (años)"),
    "chart_FAD": ("Final Action Dates", "Fechas de Acción Final"),
    "chart_DFF": ("Dates for Filing", "Fechas de Presentación"),
    "case": ("Case", "Caso"),
    "chart": ("Chart", "Tabla"),
    "policy": ("Chart policy", "Criterio de tabla aplicable"),
    "policy_consular": ("Consular: Final Action Dates", "Trámite consular: Fechas de Acción Final"),
    "policy_uscis_2018": ("USCIS, decided before Feb 14, 2023: Final Action Dates", "USCIS, ajuste de estatus resuelto antes del 14 de febrero de 2023: Fechas de Acción Final"),
    "policy_uscis_2023": ("USCIS, Feb 14, 2023 rule: the chart USCIS designated", "USCIS, política del 14 de febrero de 2023: la tabla que USCIS indicó cada mes"),
    "policy_uscis_2025": ("USCIS, filed on/after Aug 15, 2025: Final Action Dates", "USCIS, ajuste de estatus presentado a partir del 15 de agosto de 2025: Fechas de Acción Final"),
    "months_current_chart": ("Months current ({chart})", "Meses en que está vigente ({chart})"),
    "unavailable_u": ("U = unavailable", "U = no disponible"),
    "bulletin_month": ("Visa Bulletin month", "Mes del Boletín de Visas"),
    "bulletin_title": ("{category} {chargeability}: cut-off date by bulletin month", "{category} {chargeability}: fecha de corte por mes del boletín"),
    "current_c_note": ("C (current) is drawn on the diagonal", "C (vigente) se dibuja en la diagonal"),
    "heatmap_title": ("Margin to the 21 line", "Margen hasta la línea de los 21 años"),
    # Codes as words, for prose and pickers (i18n.label_or_code): categories, countries, regions,
    # chart policies, jurisdictions.
    "catname_IR": ("immediate relative (IR)", "familiar inmediato (IR)"),
    "catname_F1": ("F1", "F1"),
    "catname_F2A": ("F2A", "F2A"),
    "catname_F2B": ("F2B", "F2B"),
    "catname_F3": ("F3", "F3"),
    "catname_F4": ("F4", "F4"),
    "catname_EB1": ("EB-1", "EB-1"),
    "catname_EB2": ("EB-2", "EB-2"),
    "catname_EB3": ("EB-3", "EB-3"),
    "catname_EW": ("EB-3 other workers", "EB-3, otros trabajadores"),
    "catname_EB4": ("EB-4", "EB-4"),
    "catname_EB5": ("EB-5", "EB-5"),
    "catname_DV": ("diversity visa (DV)", "visa de diversidad (DV)"),
    "catname_ASYLEE": ("derivative asylee", "asilado derivado"),
    "catname_REFUGEE": ("derivative refugee", "refugiado derivado"),
    "catname_K2": ("K-2", "K-2"),
    "chargeability_ALL": ("all countries except those listed", "todos los países, salvo los indicados"),
    "chargeability_CHINA": ("mainland China", "China continental"),
    "chargeability_INDIA": ("India", "India"),
    "chargeability_MEXICO": ("Mexico", "México"),
    "chargeability_PHILIPPINES": ("Philippines", "Filipinas"),
    "chargeability_EL_SALVADOR_GUATEMALA_HONDURAS": ("El Salvador, Guatemala and Honduras", "El Salvador, Guatemala y Honduras"),
    "chargeability_VIETNAM": ("Vietnam", "Vietnam"),
    "chargeability_DOMINICAN_REPUBLIC": ("Dominican Republic", "República Dominicana"),
    "region_AFRICA": ("Africa", "África"),
    "region_ASIA": ("Asia", "Asia"),
    "region_EUROPE": ("Europe", "Europa"),
    "region_NORTH_AMERICA": ("North America", "América del Norte"),
    "region_OCEANIA": ("Oceania", "Oceanía"),
    "region_SOUTH_AMERICA_CARIBBEAN": ("South America, Central America and the Caribbean", "Sudamérica, Centroamérica y el Caribe"),
    "policy_name_consular": ("consular processing", "trámite consular"),
    "policy_name_uscis_2018": ("adjustment of status decided before Feb 14, 2023 (USCIS policy of 2018)", "ajuste de estatus resuelto antes del 14 de febrero de 2023"),
    "policy_name_uscis_2023": ("adjustment of status pending on or after Feb 14, 2023 and filed before Aug 15, 2025 (USCIS policy of Feb 14, 2023)", "ajuste de estatus pendiente el 14 de febrero de 2023 o después y presentado antes del 15 de agosto de 2025"),
    "policy_name_uscis_2025": ("adjustment of status filed on or after Aug 15, 2025 (USCIS policy since Aug 15, 2025)", "ajuste de estatus presentado a partir del 15 de agosto de 2025"),
    "jurisdiction_BIA": ("Board of Immigration Appeals (BIA)", "Junta de Apelaciones de Inmigración (BIA)"),
    "jurisdiction_CA2": ("Second Circuit", "Segundo Circuito"),
    "jurisdiction_CA9": ("Ninth Circuit", "Noveno Circuito"),
    # The workshop dashboard (cspa_lib/widgets.py).
    "protected_k2": ("Protected: still a child (age at admission)", "Protegido: sigue siendo menor (edad al ser admitido)"),
    "custom_case": ("Custom case", "Caso personalizado"),
    "reset": ("Reset example", "Restablecer ejemplo"),
    "reset_tip": ("Put the chosen example's dates back", "Vuelve a poner las fechas del ejemplo elegido"),
    "large_text": ("Large text", "Texto grande"),
    "pdf": ("PDF", "PDF"),
    "pdf_tip": ("Download this result as a PDF report", "Descargar este resultado como informe PDF"),
    "date_format": ("mm/dd/yyyy", "dd/mm/aaaa"),
    "error_date_format": ("{field}: “{got}” is not a date; write it as {format} (for example {example}).", "{field}: «{got}» no es una fecha; escríbala como {format} (por ejemplo, {example})."),
    "error_required_input": ("{field} is required for this case.", "El campo {field} es obligatorio para este caso."),
    "error_number_range": ("{field} must be a whole number from {low} to {high}.", "El campo {field} debe ser un número entero entre {low} y {high}."),
    "error_keyed": ("{field} {problem}.", "El campo {field} {problem}."),
    "error_whole_number": ("{field} must be a whole number of at least 1.", "El campo {field} debe ser un número entero igual o mayor que 1."),
    "error_invalid": ("{field} has a value that is not accepted: {problem}", "El campo {field} tiene un valor no válido. Revise el dato indicado."),
    "error_bulletin_range": ("The bundled Visa Bulletin data cannot answer this case: {problem}", "Los datos del Boletín de Visas incluidos no permiten resolver este caso (la fecha cae fuera de los datos). Indique el mes del boletín en «Vigente en el boletín»."),
    "error_data": ("The bundled Visa Bulletin data cannot answer this case: {problem}", "Los datos del Boletín de Visas incluidos no permiten resolver este caso; revíselo con el boletín publicado."),
    "principal_status_date": ("Principal's status date", "Fecha del estatus del solicitante principal"),
    "married": ("Married on", "Fecha de matrimonio"),
    "dv_region": ("DV region", "Región DV"),
    "dv_rank": ("DV rank number", "Número de turno DV"),
    "dv_program_year": ("DV program year", "Año del programa DV"),
    "dv_country": ("Country (DV)", "País (DV)"),
    "petition_filed_IR": ("I-130 / I-360 filed", "I-130 / I-360 presentado"),
    "petition_filed_ASYLEE": ("Parent's I-589 filed", "I-589 del padre o la madre presentado"),
    "petition_filed_REFUGEE": ("Parent's I-590 filed", "I-590 del padre o la madre presentado"),
    "petition_filed_DV": ("DV registration opened", "Inicio del registro DV"),
    "petition_approved_DV": ("Selection letter", "Carta de selección"),
    "cat_IR": ("IR — immediate relative", "IR — familiar inmediato"),
    "cat_F1": ("F1 — family 1st preference", "F1 — hijos e hijas solteros de ciudadanos (1.ª preferencia)"),
    "cat_F2A": ("F2A — child of a permanent resident", "F2A — hijo de residente permanente"),
    "cat_F2B": ("F2B — family 2nd preference B", "F2B — hijos e hijas solteros (21 años o más) de residentes permanentes"),
    "cat_F3": ("F3 — family 3rd preference", "F3 — hijos e hijas casados de ciudadanos"),
    "cat_F4": ("F4 — brothers and sisters of citizens", "F4 — hermanos de ciudadanos"),
    "cat_EB1": ("EB1 — employment 1st preference", "EB1 — empleo, 1.ª preferencia"),
    "cat_EB2": ("EB2 — employment 2nd preference", "EB2 — empleo, 2.ª preferencia"),
    "cat_EB3": ("EB3 — employment 3rd preference", "EB3 — empleo, 3.ª preferencia"),
    "cat_EW": ("EW — employment, other workers", "EW — empleo, otros trabajadores"),
    "cat_EB4": ("EB4 — special immigrants", "EB4 — inmigrantes especiales"),
    "cat_EB5": ("EB5 — investors", "EB5 — inversionistas"),
    "cat_DV": ("DV — diversity visa (lottery)", "DV — visa de diversidad (lotería)"),
    "cat_ASYLEE": ("Derivative asylee (I-589 / I-730)", "Asilado derivado (I-589 / I-730)"),
    "cat_REFUGEE": ("Derivative refugee (I-590 / I-730)", "Refugiado derivado (I-590 / I-730)"),
    "cat_K2": ("K-2 — child of a K-1 fiancé(e)", "K-2 — hijo o hija de prometido(a) K-1"),
    "preset_uscis_formula": ("USCIS page: 21 years 4 months at availability, 6 months pending → 20 years 10 months", "Página de USCIS: 21 años y 4 meses al estar disponible la visa, 6 meses de tiempo pendiente → 20 años y 10 meses"),
    "preset_uscis_dv": ("USCIS page: DV registration Oct 1, 2012 → selection letter May 1, 2013", "Página de USCIS: registro DV el 1 de octubre de 2012 → carta de selección el 1 de mayo de 2013"),
    "preset_protected": ("Protected: over 21 at availability, 560 days pending (F2A)", "Protegido: más de 21 años al estar disponible la visa, 560 días de tiempo pendiente (F2A)"),
    "preset_aged_out": ("Aged out: only 184 days pending (F2A → F2B)", "Supera la edad límite: solo 184 días de tiempo pendiente (F2A → F2B)"),
    "preset_sought_failed": ("Did not seek to acquire within a year (Matter of O. Vazquez)", "No buscó adquirir la residencia dentro del año (Matter of O. Vazquez)"),
    "preset_premium": ("Premium processing: 13 days pending, aged out (EB-2)", "Procesamiento prémium: 13 días de tiempo pendiente, supera la edad límite (EB-2)"),
    "preset_regular": ("Regular processing: 476 days pending, protected (EB-2)", "Procesamiento regular: 476 días de tiempo pendiente, protegido (EB-2)"),
    "preset_feb29": ("Born February 29: I-130 filed on February 28 (IR)", "Nacido un 29 de febrero: I-130 presentado el 28 de febrero (IR)"),
    "preset_retro_locked": ("Retrogression after filing: age locked at availability (USCIS PM)", "Retrogresión después de presentar la solicitud: la edad queda fijada (Manual de Políticas de USCIS)"),
    "preset_retro_denied": ("Retrogression after filing, already 21 that day: aged out (USCIS PM)", "Retrogresión después de presentar la solicitud, ya con 21 años ese día: supera la edad límite (Manual de Políticas de USCIS)"),
    "preset_retro_f2a_2023": ("F2A 2023 retrogression, real bulletins: a new window, a new date", "Retrogresión de F2A en 2023, boletines reales: nuevo plazo, nueva fecha"),
    "preset_retro_f2a_2023_ec": ("Same case, extraordinary circumstances: the first date", "Mismo caso, circunstancias extraordinarias: la primera fecha"),
    "preset_ir": ("Immediate relative: age frozen when the I-130 is filed", "Familiar inmediato: edad congelada al presentar el I-130"),
    "preset_natz_bia": ("F2A parent naturalizes after the 21st birthday (BIA)", "F2A: el padre se naturaliza después de los 21 (BIA)"),
    "preset_natz_ca9": ("Same facts in the 9th Circuit: the CSPA age counts", "Mismos hechos en el Noveno Circuito: cuenta la edad CSPA"),
    "preset_f2b_converts": ("F2B derivative, parent naturalizes: F1 is slower (Philippines)", "Derivado F2B, el padre se naturaliza: la espera en F1 es más larga (Filipinas)"),
    "preset_f2b_opt_out": ("Same case with an opt-out: stays F2B (INA 204(k))", "Mismo caso, optando por quedar fuera de la conversión: sigue en F2B (INA 204(k))"),
    "preset_f4_derivative": ("F4 derivative aged out: no conversion (Matter of Wang)", "Derivado F4 que supera la edad límite: sin conversión (Matter of Wang)"),
    "preset_dv_aged_out": ("DV derivative, 214 days pending, aged out", "Derivado DV, 214 días de tiempo pendiente, supera la edad límite"),
    "preset_asylee": ("Derivative asylee: age frozen at the parent's I-589", "Asilado derivado: edad congelada con el I-589 del padre"),
    "preset_refugee": ("Derivative refugee: age frozen at the parent's I-590", "Refugiado derivado: edad congelada con el I-590 del padre"),
    "preset_marriage_divorce": ("Married, then divorced before the visa came: a child again (F4 derivative)", "Se casó y se divorció antes de que hubiera visa: vuelve a ser menor (derivado F4)"),
    "preset_dv_year_end": ("DV: sought to acquire after September 30 of the program year: eligibility ended", "Lotería de visas: buscó adquirir después del 30 de septiembre del año del programa: terminó la elegibilidad"),
    "preset_k2": ("K-2 child: age at admission (Matter of Le)", "Hijo K-2: edad al ser admitido (Matter of Le)"),
    "data_horizon": ("Bulletin data through {month}", "Datos del Boletín de Visas hasta {month}"),
    "data_stale": (
        "Warning: the Visa Bulletin data end with {month}, {days} ago. A visa that became available after that month is not in them, so results may be out of date. Update the data with `cspa bulletin update` (needs internet access).",
        "Aviso: los datos del Boletín de Visas terminan en {month}, hace {days}. Una visa que quedó disponible después de ese mes no figura en ellos, así que los resultados pueden estar desactualizados. Actualice los datos con `cspa bulletin update` (requiere acceso a internet).",
    ),
    # The PDF case report (cspa_lib/report.py).
    "report_title": ("CSPA age — case report", "Edad CSPA — informe del caso"),
    "report_evaluated": ("Evaluated on {date}", "Evaluado el {date}"),
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


def label_or_code(prefix: str, code: object, lang: str = "en") -> str:
    """The words for a code (`ui(prefix + code)`), or the code itself when there are none (a DV
    country, a category the table does not know yet)."""
    key = f"{prefix}{code}"
    return ui(key, lang) if key in UI else str(code)


def chargeability_label(code: str, lang: str = "en") -> str:
    return label_or_code("chargeability_", code, lang)


def category_name(code: str, lang: str = "en") -> str:
    """A category as prose says it: 'F2A', 'EB-2', 'derivative asylee' (never 'ASYLEE')."""
    return label_or_code("catname_", code, lang)


# Step parameters that hold a code, and the UI prefix that turns it into words.
_CODE_PARAMS = {
    "category": "catname_",
    "category_after": "catname_",
    "chargeability": "chargeability_",
    "region": "region_",
    "policy": "policy_name_",
    "chart": "chart_",
}


def _format_param(name: str, value: object, lang: str) -> str:
    if name == "runs" and isinstance(value, list):
        return format_runs(value, lang)
    if name == "months" and isinstance(value, list):
        return format_months(value, lang)
    if name in _CODE_PARAMS and isinstance(value, str) and value:
        return label_or_code(_CODE_PARAMS[name], value, lang)
    if name.startswith("alt_") and not name.endswith("_date") and isinstance(value, str):
        return outcome_label(value, lang)
    if name == "days_left" and isinstance(value, int):
        return format_days(value, lang)
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


def _variant(key: str, params: dict[str, object]) -> str:
    """The wording that fits the values: no run at all, no category to convert to."""
    if key in ("bulletin_lookup", "dv_lookup") and not params.get("runs"):
        return f"{key}_none"
    if key == "freeze_verdict_over" and not params.get("category_after"):
        return "freeze_verdict_over_no_category"
    return key


def render_step(key: str, params: dict[str, object], lang: str = "en") -> str:
    values = {k: _format_param(k, v, lang) for k, v in params.items()}
    if isinstance(params.get("margin"), int):
        values["margin_abs"] = format_days(abs(int(params["margin"])), lang)  # type: ignore[arg-type]
    return text(STEPS, _variant(key, params), lang).format(**values)


def render_steps(result: CspaResult, lang: str = "en") -> list[str]:
    """Numbered steps, each followed by its citation in brackets."""
    lines = []
    for number, step in enumerate(result.steps, start=1):
        body = render_step(step.key, dict(step.params), lang)
        cite = step.citation(lang)
        lines.append(f"{number}. {body}" + (f" [{cite}]" if cite else ""))
    return lines


def citation_parts(cite: str, lang: str = "en") -> tuple[str, str]:
    """(source, what it says) of a citation in `lang`: the dashboard shows the source and keeps the
    description for a tooltip, so a projected list of steps stays short."""
    if not cite:
        return "", ""
    from .rules.law import CITATIONS

    c = CITATIONS[cite]
    if _lang(lang) == "es":
        return c.source_es or c.source, c.es
    return c.source, c.en


def render_citation(cite: str, lang: str = "en") -> str:
    """A citation as shown: the public source, then what it says, in `lang`."""
    if not cite:
        return ""
    from .rules.law import CITATIONS

    c = CITATIONS[cite]
    if _lang(lang) == "es":
        return f"{c.source_es or c.source}: {c.es}"
    return f"{c.source}: {c.en}"


# --- input errors: a key, the field, and the values of the row ------------------------------

ERRORS: dict[str, tuple[str, str]] = {
    # reading a value (case.py, codes.py, dates.py, frame.py)
    "required_category": ("is required: one of {valid}", "es obligatoria: una de {valid}"),
    "required_birth_date": ("is required (an ISO date YYYY-MM-DD)", "es obligatoria (una fecha)"),
    "bad_code": ("must be one of {valid} (got {got})", "debe ser uno de estos valores: {valid} (se indicó {got})"),
    "bad_bool": ("must be true or false (got {got})", "debe ser sí o no (se indicó {got})"),
    "number_range": ("must be a whole number in {low}..{high} (got {got})", "debe ser un número entero entre {low} y {high} (se indicó {got})"),
    "bad_date": ("must be an ISO date YYYY-MM-DD (got {got})", "debe ser una fecha válida (se indicó {got})"),
    "date_not_on_calendar": ("must be an ISO date YYYY-MM-DD that exists on the calendar (got {got})", "debe ser una fecha que exista en el calendario (se indicó {got})"),
    "date_range": ("must be an ISO date YYYY-MM-DD in the years {low}..{high} (got {got})", "debe ser una fecha entre los años {low} y {high} (se indicó {got})"),
    "missing_column": ("is required: the input has no '{name}' column (its columns: {columns})", "es obligatoria: el archivo no tiene la columna «{name}» (sus columnas: {columns})"),
    "duplicate_column": ("is given in more than one column of the input: keep one", "aparece en más de una columna del archivo: deje una sola"),
    # the rules (rules/kernel.py)
    "required_filed": ("is required for category {category}: the petition's receipt date (for IR, ASYLEE and REFUGEE the date the age freezes on; for DV the first day of registration)", "es obligatorio para la categoría {category}: la fecha de recibo de la petición (para familiar inmediato, asilado y refugiado, la fecha en que se congela la edad; para la lotería, el primer día del registro)"),
    "required_approved": ("is required for category {category}: the petition's approval date (DV: the selection letter date)", "es obligatorio para la categoría {category}: la fecha de aprobación de la petición (lotería: la fecha de la carta de selección)"),
    "required_admitted": ("is required for category K2 (the date the age freezes on)", "es obligatorio para la categoría K-2 (la fecha en que se congela la edad)"),
    "required_marriage_ended": ("is required (the date the marriage ended)", "es obligatorio (la fecha en que terminó el matrimonio)"),
    "born_after_freeze": ("must be on or before the date the age is measured on, {day} (got {birth})", "debe ser igual o anterior a la fecha en que se mide la edad, el {day} (se indicó el {birth})"),
    "born_after_filing": ("must be on or before 'petition_filed' ({filed}): the beneficiary of a petition is born when it is filed (got {birth})", "debe ser igual o anterior a la presentación de la petición ({filed}): el beneficiario debe haber nacido cuando se presenta (se indicó el {birth})"),
    "natz_before_filing": ("({natz}) is before 'petition_filed' ({filed}): the parent was already a citizen when the petition was filed, so the category is {table}, not {category}; a naturalization converts only a petition already filed", "({natz}) es anterior a la presentación de la petición ({filed}): el padre o la madre ya era ciudadano al presentarla, así que la categoría es {table}, no {category}; la naturalización solo convierte una petición ya presentada"),
    "ended_before_filing": ("({ended}) is before 'petition_filed' ({filed}): the beneficiary was unmarried when the petition was filed, so the category is {table}, not F3", "({ended}) es anterior a la presentación de la petición ({filed}): el beneficiario era soltero al presentarla, así que la categoría es {table}, no F3"),
    "married_at_filing": ("({married}) is before 'petition_filed' ({filed}) and the marriage had not ended by then: a citizen's married son or daughter is F3, not IR", "({married}) es anterior a la presentación de la petición ({filed}) y el matrimonio no había terminado: el hijo o la hija casado de un ciudadano es F3, no familiar inmediato"),
    "ended_before_married": ("must be on or after 'married' (got {ended} < {married})", "debe ser igual o posterior a la fecha de matrimonio (se indicó el {ended}, anterior al {married})"),
    "bulletin_not_first_day": ("must be the first day of a bulletin month (got {got}; did you mean {suggest}?)", "debe ser el primer día de un mes del boletín (se indicó el {got}; ¿quiso decir el {suggest}?)"),
    "bulletin_required": ("is required when no bulletin is given (pass a bulletin, or use cspa_lib.evaluate which loads the bundled Visa Bulletin history)", "es obligatorio si no se da un boletín (use el historial del Boletín de Visas incluido)"),
    "required_dv_region": ("is required for category DV when no bulletin_current is given", "es obligatorio para la lotería de visas si no se indica el mes del boletín"),
    "required_dv_rank": ("is required for category DV when no bulletin_current is given", "es obligatorio para la lotería de visas si no se indica el mes del boletín"),
    "required_dv_year": ("is required for a registration before October 2001 (got petition_filed {filed})", "es obligatorio para un registro anterior a octubre de 2001 (se indicó el {filed})"),
    "approved_before_filed": ("must be on or after 'petition_filed' (got {approved} < {filed})", "debe ser igual o posterior a la presentación de la petición (se indicó el {approved}, anterior al {filed})"),
    "decided_before_adjustment_filed": ("must be on or after 'adjustment_filed' (got {decided} < {adj_filed})", "debe ser igual o posterior a la presentación del I-485 (se indicó el {decided}, anterior al {adj_filed})"),
    "married_before_birth": ("must be on or after 'birth_date' (got {married} < {birth})", "debe ser igual o posterior a la fecha de nacimiento (se indicó el {married}, anterior al {birth})"),
    "born_after_as_of": ("must be on or before 'as_of' ({as_of}) (got {birth})", "debe ser igual o anterior a la fecha de evaluación ({as_of}) (se indicó el {birth})"),
    "available_before_data": ("the priority date is already current in the first bulletin month ({first}) and the petition was approved on {approved}: the visa may have become available before the bulletin data ({first}..{last}) begins; pass bulletin_current", "la fecha de prioridad ya está vigente en el primer mes del boletín ({first}) y la petición se aprobó el {approved}: la visa pudo estar disponible antes de que empiecen los datos ({first}..{last}); indique el mes del boletín"),
    "dv_year_outside_data": ("DV-{year} (fiscal year {start}..{end}) is outside the bulletin data ({first}..{last}); pass bulletin_current", "DV-{year} (año fiscal {start}..{end}) está fuera de los datos del boletín ({first}..{last}); indique el mes del boletín"),
}


def field_label(field: str, lang: str = "en") -> str:
    """How an error names a field: the column name in English, its label in Spanish."""
    if _lang(lang) == "en" or field not in UI:
        return f"'{field}'"
    return f"«{ui(field, lang)}»"


def render_error(key: str, field: str, params: dict[str, object], lang: str = "en") -> str:
    """An input error's message (after the field's name) in `lang`: in Spanish, dates as dd/mm/aaaa
    words and categories by name, never as codes."""
    values: dict[str, str] = {}
    for name, value in params.items():
        if lang == "es" and isinstance(value, date):
            values[name] = format_date(value, lang)
        elif lang == "es" and name in ("category", "table") and isinstance(value, str):
            values[name] = category_name(value, lang)
        else:
            values[name] = "—" if value is None else str(value)
    return text(ERRORS, key, lang).format(**values)



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
    return verdict_text(result.outcome.value, result.days_under_21, lang, str(result.category))


def verdict_text(outcome: str, days_under_21: int | None, lang: str = "en", category: str = "") -> str:
    """The verdict sentence from the values it rests on (a result, or a batch row's columns)."""
    label = outcome_label(outcome, lang)
    if outcome == "protected" and category == "K2":
        label = ui("protected_k2", lang)  # CSPA does not apply to K-2: the age at admission counts
    if days_under_21 is None:
        return label
    margin = days_under_21
    if _lang(lang) == "en":
        side = f"{format_days(margin, lang)} under the 21 line" if margin > 0 else f"{format_days(-margin, lang)} past the 21 line"
    else:
        side = f"{format_days(margin, lang)} antes de la línea de 21" if margin > 0 else f"{format_days(-margin, lang)} más allá de la línea de 21"
    return f"{label} — {side}"


def horizon_line(horizon: DataHorizon, lang: str = "en") -> str:
    """'Bulletin data through July 2026' / 'Datos del Boletín de Visas hasta julio de 2026'."""
    return ui("data_horizon", lang).format(month=format_month(horizon.last_month, lang))


def stale_warning(horizon: DataHorizon, lang: str = "en") -> str | None:
    """The §12.9 `bulletin_data_stale` warning (last month, how to update), or None if current."""
    if not horizon.stale:
        return None
    return ui("data_stale", lang).format(
        month=format_month(horizon.last_month, lang), days=format_days(horizon.days_past, lang)
    )
