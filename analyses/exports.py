"""The behoefteraming as a file: CSV for Excel NL and XLSX. Plain functions over Raming lists."""

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from woonzorg.spreadsheets import veilig

from .services import Raming

KOLOMMEN = ("gebied", "CBS-code", "woonvorm", "jaar", "prognose", "vraag", "aanbod", "tekort")


def kolomkoppen() -> list[str]:
    return [
        _("gebied"),
        _("CBS-code"),
        _("woonvorm"),
        _("jaar"),
        _("prognose"),
        _("vraag"),
        _("aanbod"),
        _("tekort"),
    ]


def exportrijen(
    ramingen: Iterable[Raming], *, gebieden: Mapping[int | None, object], woonvormen: Mapping
) -> list[tuple]:
    """One tuple per Raming in KOLOMMEN order, numbers left as numbers.

    `gebieden` maps gebied ids to objects with `naam` and `cbs_code`; the key None stands for
    the gemeente total (pass the Gemeente). `woonvormen` maps woonvorm ids to their names.
    """
    uitkomst = []
    for raming in ramingen:
        gebied = gebieden[raming.gebied_id]
        naam = gebied.naam
        if raming.gebied_id is None:
            naam = _("%(gemeente)s (totaal)") % {"gemeente": naam}
        uitkomst.append(
            (
                naam,
                gebied.cbs_code,
                str(woonvormen[raming.woonvorm_id]),
                raming.jaar,
                raming.prognose,
                raming.vraag,
                raming.aanbod,
                raming.tekort,
            )
        )
    return uitkomst


def _decimaal(waarde: Decimal | int | None) -> str:
    return "" if waarde is None else str(waarde).replace(".", ",")


def behoefteraming_csv(rijen: Iterable[tuple]) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark and decimal commas, as Excel NL reads it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(kolomkoppen())
    for gebied, code, woonvorm, jaar, prognose, vraag, aanbod, tekort in rijen:
        writer.writerow(
            [
                veilig(gebied),
                veilig(code),
                veilig(woonvorm),
                jaar,
                _("ja") if prognose else _("nee"),
                _decimaal(vraag),
                _decimaal(aanbod),
                _decimaal(tekort),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def behoefteraming_xlsx(rijen: Iterable[tuple], *, titel: str = "") -> bytes:
    """One sheet with a header row; numbers are numbers, so the user can compute with them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    werkboek = Workbook()
    blad = werkboek.active
    blad.title = _("Behoefteraming")
    blad.append(kolomkoppen())
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for gebied, code, woonvorm, jaar, prognose, vraag, aanbod, tekort in rijen:
        blad.append(
            [
                veilig(gebied),
                code,
                veilig(woonvorm),
                jaar,
                _("ja") if prognose else _("nee"),
                vraag,
                aanbod,
                tekort,
            ]
        )
    for vraag_cel, aanbod_cel, tekort_cel in blad.iter_rows(min_row=2, min_col=6, max_col=8):
        vraag_cel.number_format = tekort_cel.number_format = "#,##0.0"
        aanbod_cel.number_format = "#,##0"
    blad.freeze_panes = "A2"
    for letter, breedte in zip("ABCDEFGH", (30, 12, 28, 8, 10, 10, 10, 10), strict=True):
        blad.column_dimensions[letter].width = breedte
    if titel:
        werkboek.properties.title = titel
    buffer = io.BytesIO()
    werkboek.save(buffer)
    return buffer.getvalue()
