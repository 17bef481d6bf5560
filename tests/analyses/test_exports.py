"""The behoefteraming as CSV (Excel NL) and XLSX, written from plain Raming lists."""

import io
from decimal import Decimal
from types import SimpleNamespace

from openpyxl import load_workbook

from analyses.exports import behoefteraming_csv, behoefteraming_xlsx, exportrijen
from analyses.services import Raming

GEMEENTE = SimpleNamespace(naam="Gemeente A", cbs_code="GM0001")
CENTRUM = SimpleNamespace(naam="Centrum", cbs_code="WK000101")
KWAAD = SimpleNamespace(naam="=HYPERLINK(1)", cbs_code="WK000102")
GEBIEDEN = {None: GEMEENTE, 1: CENTRUM, 2: KWAAD}
WOONVORMEN = {7: "Geclusterde woonvorm"}


def ramingen():
    return [
        Raming(None, 7, 2024, Decimal("164.8"), 56, prognose=False),
        Raming(1, 7, 2030, Decimal("20.5"), None, prognose=True),
        Raming(2, 7, 2030, Decimal("10.0"), 12, prognose=True),
    ]


def rijen():
    return exportrijen(ramingen(), gebieden=GEBIEDEN, woonvormen=WOONVORMEN)


def test_rows_name_the_gebied_and_keep_numbers_as_numbers():
    assert rijen()[:2] == [
        (
            "Gemeente A (totaal)",
            "GM0001",
            "Geclusterde woonvorm",
            2024,
            False,
            Decimal("164.8"),
            56,
            Decimal("108.8"),
        ),
        ("Centrum", "WK000101", "Geclusterde woonvorm", 2030, True, Decimal("20.5"), None, None),
    ]


def test_csv_is_utf8_with_bom_semicolons_and_decimal_commas():
    inhoud = behoefteraming_csv(rijen())
    assert inhoud.startswith(b"\xef\xbb\xbf")
    regels = inhoud.decode("utf-8-sig").split("\r\n")
    assert regels[0] == "gebied;CBS-code;woonvorm;jaar;prognose;vraag;aanbod;tekort"
    assert regels[1] == "Gemeente A (totaal);GM0001;Geclusterde woonvorm;2024;nee;164,8;56;108,8"
    # Unknown supply: empty cells, not zero.
    assert regels[2] == "Centrum;WK000101;Geclusterde woonvorm;2030;ja;20,5;;"
    assert regels[3].endswith(";ja;10,0;12;-2,0")


def test_csv_never_starts_a_text_cell_with_a_formula():
    regels = behoefteraming_csv(rijen()).decode("utf-8-sig").split("\r\n")
    assert regels[3].startswith("'=HYPERLINK(1);")


def test_csv_of_nothing_is_just_the_header():
    assert behoefteraming_csv([]).decode("utf-8-sig") == (
        "gebied;CBS-code;woonvorm;jaar;prognose;vraag;aanbod;tekort\r\n"
    )


def test_xlsx_has_a_header_and_a_row_per_raming_with_numeric_cells():
    werkboek = load_workbook(io.BytesIO(behoefteraming_xlsx(rijen(), titel="Analyse 2024")))
    blad = werkboek.active
    waarden = list(blad.values)
    assert waarden[0] == (
        "gebied",
        "CBS-code",
        "woonvorm",
        "jaar",
        "prognose",
        "vraag",
        "aanbod",
        "tekort",
    )
    assert waarden[1] == (
        "Gemeente A (totaal)",
        "GM0001",
        "Geclusterde woonvorm",
        2024,
        "nee",
        164.8,
        56,
        108.8,
    )
    assert waarden[2][5:] == (20.5, None, None)
    assert waarden[3][0] == "'=HYPERLINK(1)"
    assert len(waarden) == 4
    assert blad["F2"].number_format == "#,##0.0"
    assert werkboek.properties.title == "Analyse 2024"
