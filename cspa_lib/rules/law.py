"""The law's dates, numbers and citations, each written once, as data.

Every legal constant the rules use sits in `LAW` (a frozen dataclass, so a test can shift any one of
them by a day and check that the boundary tests notice); every citation a step or a result shows sits
in `CITATIONS`, with its public source and a short description in English and Spanish. The rule
book's section is named in the comment beside each entry (cspa_rules.md), never shown to users.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Law:
    """Legal dates and numbers (cspa_rules.md section in each comment)."""

    cspa_effective: date = date(2002, 8, 6)  # CSPA §8, Pub. L. 107-208 (§4)
    dff_introduced: date = date(2015, 10, 1)  # first bulletin with a Dates for Filing chart (§7)
    uscis_2023_change: date = date(2023, 2, 14)  # USCIS policy alert, Feb 14 2023: designated chart (§7)
    uscis_2025_change: date = date(2025, 8, 15)  # USCIS update effective Aug 15 2025: FAD only (§7)
    dv_registration_rule_from: date = date(2001, 10, 1)  # program year from registration, DV-2003 on (§12.4)
    dv_year_end_month: int = 9  # the DV program (fiscal) year ends on September 30 (§12.4)
    dv_year_end_day: int = 30
    in_utero_days: int = 300  # born after the principal's status date: in utero exception (§12.3)
    stale_after_days: int = 60  # bulletin data older than this is flagged (§12.9)
    child_age_years: int = 21  # INA 101(b)(1): a child is under twenty-one
    sought_window_years: int = 1  # INA 203(h)(1)(A): within one year of availability


LAW = Law()


def is_stale(days_past):  # type: ignore[no-untyped-def]
    """§12.9: data are stale when `as_of` is more than `stale_after_days` after the end of the last
    bulletin month (`days_past` counts from that day; a number or a numpy column)."""
    return days_past > LAW.stale_after_days


@dataclass(frozen=True)
class Citation:
    """A public source, as shown beside a step, with what it says in English and Spanish. Statute,
    regulation and case names stay as printed; a source named in English words has `source_es`."""

    source: str
    en: str
    es: str
    source_es: str = ""


# id -> citation. Descriptions are short; the source is what a reader looks up.
CITATIONS: dict[str, Citation] = {
    # §5
    "ir": Citation("INA 201(f)(1), 8 U.S.C. 1151(f)(1)",
                   "age on the date the petition is filed", "edad en la fecha de presentación de la petición"),
    "natz": Citation("INA 201(f)(2), 8 U.S.C. 1151(f)(2)",
                     "age on the parent's naturalization", "edad en la naturalización del padre o la madre"),
    "marriage_ended": Citation("INA 201(f)(3), 8 U.S.C. 1151(f)(3)",
                               "age on the day the marriage ended", "edad el día en que terminó el matrimonio"),
    "zamora": Citation("Matter of Zamora-Molina, 25 I&N Dec. 606 (BIA 2011)",
                       "the real age at naturalization", "la edad real en la naturalización"),
    "circuit": Citation("Rodriguez Tovar v. Sessions, 882 F.3d 895 (9th Cir. 2018); Cuthill v. Blinken, 990 F.3d 272 "
                        "(2d Cir. 2021)", "the CSPA age at naturalization", "la edad CSPA en la naturalización"),
    # §9
    "asylee": Citation("INA 208(b)(3)(B), 8 U.S.C. 1158(b)(3)(B)",
                       "age on the parent's asylum application", "edad en la solicitud de asilo del padre o la madre"),
    "refugee": Citation("INA 207(c)(2)(B), 8 U.S.C. 1157(c)(2)(B)",
                        "age on the parent's refugee application",
                        "edad en la solicitud de refugio del padre o la madre"),
    "k2": Citation("Matter of Le, 25 I&N Dec. 541 (BIA 2011)",
                   "a K-2 child's age at admission", "la edad del hijo K-2 al ser admitido"),
    # §2, §6
    "formula": Citation("INA 203(h)(1), 8 U.S.C. 1153(h)(1); USCIS Policy Manual, Vol. 7, Part A, Ch. 7",
                        "age when a visa is available minus the time pending",
                        "edad cuando hay visa disponible menos el tiempo pendiente",
                        "INA 203(h)(1), 8 U.S.C. 1153(h)(1); Manual de Políticas de USCIS, Vol. 7, Parte A, Cap. 7"),
    "pending": Citation("INA 203(h)(1)(B); 9 FAM 502.1-1(D)(4)",
                        "pending time runs from receipt to approval",
                        "el tiempo pendiente va del recibo a la aprobación"),
    "pending_dv": Citation("USCIS Policy Manual, Vol. 7, Part A, Ch. 7",
                           "diversity visa pending time: registration start to selection letter",
                           "tiempo pendiente en la lotería de visas: del inicio del registro a la carta de "
                           "selección", "Manual de Políticas de USCIS, Vol. 7, Parte A, Cap. 7"),
    "available": Citation("USCIS Policy Manual, Vol. 7, Part A, Ch. 7",
                          "a visa is available on the later of approval and the first day of the bulletin month",
                          "la visa está disponible en la fecha posterior entre la aprobación y el primer día "
                          "del mes del boletín", "Manual de Políticas de USCIS, Vol. 7, Parte A, Cap. 7"),
    "current": Citation("Visa Bulletin", "current means earlier than the cut-off date",
                        "vigente significa anterior a la fecha de corte", "Boletín de Visas"),
    "under_21": Citation("INA 101(b)(1), 8 U.S.C. 1101(b)(1)",
                         "a child is unmarried and under twenty-one", "un menor es soltero y tiene menos de "
                         "veintiún años"),
    "unmarried": Citation("INA 101(a)(39), 101(b)(1); USCIS Policy Manual, Vol. 7, Part A, Ch. 7",
                          "a child must be unmarried, whether or not previously married",
                          "un menor debe ser soltero, haya estado casado o no", "INA 101(a)(39), 101(b)(1); Manual de Políticas de USCIS, Vol. 7, Parte A, Cap. 7"),
    "revoked": Citation("8 CFR 205.1(a)(3)(i)(I)",
                        "the marriage of a permanent resident's son or daughter revokes the petition",
                        "el matrimonio del hijo o la hija de un residente permanente revoca la petición"),
    "converted_f3": Citation("8 CFR 205.1(a)(3)(i)", "a citizen's married son or daughter is F3",
                             "el hijo o la hija casado de un ciudadano pasa a F3"),
    # §8
    "sought": Citation("INA 203(h)(1)(A); Matter of O. Vazquez, 25 I&N Dec. 817 (BIA 2012)",
                       "seek to acquire residence within one year", "buscar adquirir la residencia dentro de un año"),
    "retrogression": Citation("USCIS Policy Manual, Vol. 7, Part A, Ch. 7",
                              "a visa that retrogresses before the child seeks opens a new window",
                              "si la visa retrocede antes de que el menor busque adquirir, se abre un nuevo plazo", "Manual de Políticas de USCIS, Vol. 7, Parte A, Cap. 7"),
    "ombudsman_2011": Citation("CIS Ombudsman teleconference recap, Jan. 31, 2011 (practitioner's view)",
                               "the age stays locked at the first availability",
                               "la edad queda fijada en la primera disponibilidad", "Resumen de la teleconferencia de la Oficina del Ombudsman de CIS, 31 de enero de 2011 (opinión de un abogado)"),
    "ec": Citation("USCIS stakeholder message, Sept. 25, 2024",
                   "extraordinary circumstances: discretionary use of the first availability",
                   "circunstancias extraordinarias: uso discrecional de la primera disponibilidad", "Mensaje de USCIS a las partes interesadas, 25 de septiembre de 2024"),
    "deemed_2023": Citation("USCIS update, Aug. 24, 2023",
                            "adjustment pending on Feb. 14, 2023 and filed within a year of Final Action "
                            "availability is deemed to have sought",
                            "un ajuste pendiente el 14 de febrero de 2023 y presentado dentro de un año de la "
                            "disponibilidad en Fechas de Acción Final se considera que buscó adquirir", "Actualización de USCIS, 24 de agosto de 2023"),
    "seek_by": Citation("USCIS stakeholder message, Sept. 25, 2024",
                        "the window ends when the visa stops being available",
                        "el plazo termina cuando la visa deja de estar disponible", "Mensaje de USCIS a las partes interesadas, 25 de septiembre de 2024"),
    # §6
    "convert": Citation("INA 203(h)(3); Matter of Wang, 25 I&N Dec. 28 (BIA 2009); Scialabba v. Cuellar de "
                        "Osorio, 573 U.S. 41 (2014)", "automatic conversion only with the same petitioner",
                        "conversión automática solo con el mismo peticionario"),
    "opt_out": Citation("INA 204(k), 8 U.S.C. 1154(k)", "F2B converts to F1 on naturalization unless opted out",
                        "F2B pasa a F1 con la naturalización salvo renuncia"),
    "dv_year": Citation("INA 204(a)(1)(I)(ii)(II); USCIS Policy Manual, Vol. 7, Part G, Ch. 4",
                        "diversity visa eligibility ends on September 30 of the program year",
                        "la elegibilidad de la lotería de visas termina el 30 de septiembre del año del programa", "INA 204(a)(1)(I)(ii)(II); Manual de Políticas de USCIS, Vol. 7, Parte G, Cap. 4"),
    "principal_status": Citation("Form I-730 instructions; 8 CFR 207.7(c)",
                                 "a derivative must be born or in utero by the principal's status date",
                                 "el derivado debe haber nacido o estar en gestación en la fecha de estatus del "
                                 "titular", "Instrucciones del Formulario I-730; 8 CFR 207.7(c)"),
    # §4
    "effective": Citation("CSPA §8, Pub. L. 107-208; Matter of Avila-Perez, 24 I&N Dec. 78 (BIA 2007)",
                          "petitions pending or not finally decided on Aug. 6, 2002",
                          "peticiones pendientes o no decididas en forma definitiva el 6 de agosto de 2002", "CSPA, sección 8, Ley Pública 107-208; Matter of Avila-Perez, 24 I&N Dec. 78 (BIA 2007)"),
    # §2
    "feb29": Citation("No federal rule", "a Feb. 29 birthday in a common year (default March 1)",
                      "cumpleaños del 29 de febrero en año no bisiesto (por defecto, 1 de marzo)", "Ninguna norma federal"),
    # §7: the chart policies
    "consular": Citation("9 FAM 502.1-1(D)(4)", "consular cases use the Final Action Dates chart",
                         "los casos consulares usan la tabla de Fechas de Acción Final"),
    "uscis_2018": Citation("USCIS Policy Manual, Vol. 7, Part A, Ch. 7 (May 23, 2018)",
                           "adjustment decided before Feb. 14, 2023 uses Final Action Dates",
                           "el ajuste decidido antes del 14 de febrero de 2023 usa Fechas de Acción Final", "Manual de Políticas de USCIS, Vol. 7, Parte A, Cap. 7 (23 de mayo de 2018)"),
    "uscis_2023": Citation("USCIS policy alert, Feb. 14, 2023",
                           "adjustment pending on or after Feb. 14, 2023 and filed before Aug. 15, 2025 uses the "
                           "chart USCIS designated each month",
                           "el ajuste pendiente desde el 14 de febrero de 2023 y presentado antes del 15 de agosto "
                           "de 2025 usa la tabla que USCIS designó cada mes", "Alerta de política de USCIS, 14 de febrero de 2023"),
    "uscis_2025": Citation("USCIS update effective Aug. 15, 2025",
                           "adjustment filed on or after Aug. 15, 2025 uses Final Action Dates",
                           "el ajuste presentado desde el 15 de agosto de 2025 usa Fechas de Acción Final", "Actualización de USCIS vigente desde el 15 de agosto de 2025"),
    "event_order": Citation("INA 201(f)(2), (f)(3)", "a conversion needs a petition already filed",
                            "una conversión necesita una petición ya presentada"),
}  # fmt: skip
