"""The Woonzorg-sjabloon: a blank file for figures CBS does not give per wijk.

Forecasts per year and age band (75+, 85+) and supply counts per woonvorm are filled in by the
gemeente itself. `SJABLOON_KOLOMMEN` is the one description of the columns: the importer reads
the header names from it, the downloadable files and docs/import-cijfers.md explain them.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from woonzorg.models import Woonvorm

from .models import Leeftijdsklasse


@dataclass(frozen=True)
class SjabloonKolom:
    naam: str  # the header as it appears in the file
    verplicht: str  # when a row must fill it
    uitleg: str


SJABLOON_KOLOMMEN = (
    SjabloonKolom(
        "gebied",
        gettext_lazy("ja"),
        gettext_lazy(
            "CBS-code van een wijk (WK en zes cijfers) of buurt (BU en acht cijfers) van de "
            "gemeente, of de precieze naam van een gebied dat al in Woonzorg staat (ook een kern)."
        ),
    ),
    SjabloonKolom(
        "soort",
        gettext_lazy("ja"),
        gettext_lazy(
            "bevolking (inwoners, geteld of verwacht) of voorraad (aantal woningen of plekken)."
        ),
    ),
    SjabloonKolom(
        "jaar",
        gettext_lazy("ja"),
        gettext_lazy(
            "Het jaar waarop het cijfer betrekking heeft, bijvoorbeeld 2030 voor een prognose."
        ),
    ),
    SjabloonKolom(
        "leeftijdsklasse",
        gettext_lazy("bij bevolking"),
        gettext_lazy("Een van de leeftijdsklassen hieronder, bijvoorbeeld 75+ of 85+."),
    ),
    SjabloonKolom(
        "woonvorm",
        gettext_lazy("bij voorraad"),
        gettext_lazy(
            "De code of de naam van een woonvorm (hoofdletters maken niet uit); "
            "zie de lijst hieronder."
        ),
    ),
    SjabloonKolom(
        "aantal",
        gettext_lazy("ja"),
        gettext_lazy(
            "Een geheel getal van 0 of meer. Punten voor duizendtallen mogen (1.234). Een leeg "
            "vakje, een punt of een streepje betekent onbekend: die rij wordt overgeslagen."
        ),
    ),
    SjabloonKolom(
        "prognose",
        gettext_lazy("nee"),
        gettext_lazy(
            "ja voor een verwachting, nee (of leeg) voor een telling. Een voorraad is altijd een "
            "telling."
        ),
    ),
    SjabloonKolom(
        "bron",
        gettext_lazy("nee"),
        gettext_lazy(
            "Waar het cijfer vandaan komt. Leeg: de bron die u bij het importeren opgeeft."
        ),
    ),
)

KOLOMNAMEN = tuple(kolom.naam for kolom in SJABLOON_KOLOMMEN)

# Realistic examples for the demo gemeente GM9001 (wijk Centrum, WK900101).
VOORBEELDEN = (
    ("WK900101", "bevolking", 2030, "75+", "", 612, "ja", "Bevolkingsprognose provincie 2023"),
    ("WK900101", "bevolking", 2030, "85+", "", 174, "ja", "Bevolkingsprognose provincie 2023"),
    ("WK900101", "voorraad", 2024, "", "geclusterde-woonvorm", 48, "nee", "Telling corporaties"),
)


def sjabloon_csv() -> bytes:
    """Semicolon separated UTF-8 with a BOM, so Excel opens it with the right columns and é."""
    tekst = io.StringIO()
    schrijver = csv.writer(tekst, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(KOLOMNAMEN)
    schrijver.writerows(VOORBEELDEN)
    return tekst.getvalue().encode("utf-8-sig")


def sjabloon_xlsx() -> bytes:
    """Sheet "Cijfers" to fill in, sheet "Toelichting" with every column and allowed value."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    werkmap = Workbook()
    cijfers = werkmap.active
    cijfers.title = "Cijfers"
    cijfers.append(KOLOMNAMEN)
    for voorbeeld in VOORBEELDEN:
        cijfers.append(voorbeeld)
    for cel in cijfers[1]:
        cel.font = Font(bold=True)
    cijfers.freeze_panes = "A2"
    for letter, breedte in zip("ABCDEFGH", (14, 12, 8, 16, 26, 10, 10, 36), strict=True):
        cijfers.column_dimensions[letter].width = breedte

    toelichting = werkmap.create_sheet("Toelichting")
    for regel in _toelichting_regels():
        toelichting.append(regel)
        if len(regel) == 1:
            toelichting.cell(toelichting.max_row, 1).font = Font(bold=True)
    toelichting.column_dimensions["A"].width = 28
    toelichting.column_dimensions["B"].width = 16
    toelichting.column_dimensions["C"].width = 100

    uitvoer = io.BytesIO()
    werkmap.save(uitvoer)
    return uitvoer.getvalue()


def _toelichting_regels() -> list[tuple[str, ...]]:
    regels: list[tuple[str, ...]] = [
        (_("Woonzorg-sjabloon: prognoses en voorraad per gebied"),),
        (
            _(
                "Vul op het blad Cijfers één cijfer per rij in. De eerste rij (de kolomnamen) "
                "blijft staan; de voorbeeldrijen vervangt u door uw eigen cijfers."
            ),
        ),
        (),
        (_("Kolommen"),),
        (_("kolom"), _("verplicht"), _("uitleg")),
    ]
    regels += [(kolom.naam, str(kolom.verplicht), str(kolom.uitleg)) for kolom in SJABLOON_KOLOMMEN]
    regels += [(), (_("Leeftijdsklassen"),), (_("waarde"), "", _("betekenis"))]
    regels += [(klasse.value, "", str(klasse.label)) for klasse in Leeftijdsklasse]
    regels += [(), (_("Woonvormen"),), (_("code"), "", _("naam"))]
    regels += [
        (code, "", naam)
        for code, naam in Woonvorm.objects.order_by("volgorde", "naam").values_list("code", "naam")
    ]
    return regels
