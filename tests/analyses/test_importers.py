"""Import of CBS files (KWB as CSV and XLSX, StatLine export): plans, writes and errors."""

import csv
import dataclasses
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from openpyxl import Workbook

from analyses.importers import ImportFout, importeer, lees_cijfers
from analyses.models import Bevolkingscijfer, Huishoudens, Leeftijdsklasse
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory
from woonzorg.models import Gebied

BESTANDEN = Path(__file__).parent / "bestanden"
KWB_NIEUWE_GEBIEDEN = [
    "WK900101 Centrum (wijk)",
    "WK900102 Noord (wijk)",
    "BU90010101 Binnenstad (buurt)",
    "BU90010102 Stationsbuurt (buurt)",
    "BU90010201 Belvédère (buurt)",
]
# kwb_2023.csv: 5 gebieden of GM9001 × (6 age bands + households) = 35, minus 2 unknown age
# figures; skipped: 3 unknown cells, the GM9001 total, Nederland and 3 rows of Utrecht.
KWB_NIEUW, KWB_OVERGESLAGEN = 33, 8


@pytest.fixture
def gemeente(db):
    return GemeenteFactory(naam="Gemeente A", cbs_code="GM9001")


def inhoud(naam: str) -> bytes:
    return (BESTANDEN / naam).read_bytes()


def lees(gemeente, naam, data=None, *, jaar=2023, bron="", actie=lees_cijfers):
    data = inhoud(naam) if data is None else data
    return actie(io.BytesIO(data), naam, gemeente=gemeente, jaar=jaar, bron=bron)


def importeer_bestand(gemeente, naam, data=None, **opties):
    return lees(gemeente, naam, data, actie=importeer, **opties)


def aantal(code, klasse, jaar=2023):
    return Bevolkingscijfer.objects.get(
        gebied__cbs_code=code, jaar=jaar, leeftijdsklasse=klasse
    ).aantal


def kwb(*rijen: str, kop="gwb_code_10;regio;recs;a_inw;a_65_oo;a_hh;a_1p_hh") -> bytes:
    """A small KWB file for GM9001: one wijk, plus the given rows."""
    regels = [kop, "WK900101;Centrum;Wijk;3.456;729;1.802;801", *rijen]
    return "\r\n".join(regels).encode("utf-8")


def fouten(plan) -> list[str]:
    return [str(fout) for fout in plan.fouten]


# --- KWB ---------------------------------------------------------------------------------------


def test_kwb_csv_plan_writes_nothing(gemeente):
    plan = lees(gemeente, "kwb_2023.csv")

    assert plan.geldig, fouten(plan)
    assert plan.indeling == "CBS Kerncijfers wijken en buurten"
    assert plan.bestandsnaam == "kwb_2023.csv"
    assert plan.nieuwe_gebieden == KWB_NIEUWE_GEBIEDEN
    assert (plan.nieuw, plan.gewijzigd, plan.ongewijzigd) == (KWB_NIEUW, 0, 0)
    assert plan.overgeslagen == KWB_OVERGESLAGEN
    assert not Gebied.objects.exists()
    assert not Bevolkingscijfer.objects.exists()


def test_kwb_csv_import_stores_gebieden_and_figures(gemeente):
    plan = importeer_bestand(gemeente, "kwb_2023.csv")

    assert plan.geldig, fouten(plan)
    gebieden = {g.cbs_code: g for g in Gebied.objects.filter(gemeente=gemeente)}
    assert sorted(gebieden) == sorted(code.split()[0] for code in KWB_NIEUWE_GEBIEDEN)
    assert gebieden["WK900101"].soort == Gebied.Soort.WIJK
    assert gebieden["WK900101"].parent is None
    assert gebieden["BU90010102"].soort == Gebied.Soort.BUURT
    assert gebieden["BU90010102"].parent == gebieden["WK900101"]
    assert gebieden["BU90010201"].naam == "Belvédère"  # cp1252 é
    assert gebieden["BU90010201"].parent == gebieden["WK900102"]
    assert not Gebied.objects.filter(cbs_code__startswith="WK0344").exists()

    assert Bevolkingscijfer.objects.count() == 28
    assert Huishoudens.objects.count() == 5
    assert aantal("WK900101", Leeftijdsklasse.TOTAAL) == 3456  # "3.456"
    assert aantal("BU90010102", Leeftijdsklasse.K25_44) == 620  # "620,0"
    assert aantal("BU90010201", Leeftijdsklasse.K65_PLUS) == 480
    assert not Bevolkingscijfer.objects.filter(  # "." is unknown
        gebied__cbs_code="BU90010102", leeftijdsklasse=Leeftijdsklasse.K65_PLUS
    ).exists()
    assert not Bevolkingscijfer.objects.filter(  # an empty cell too
        gebied__cbs_code="WK900102", leeftijdsklasse=Leeftijdsklasse.K15_24
    ).exists()
    cijfer = Bevolkingscijfer.objects.get(gebied__cbs_code="WK900101", leeftijdsklasse="65+")
    assert (cijfer.jaar, cijfer.prognose) == (2023, False)
    assert cijfer.bron == "CBS Kerncijfers wijken en buurten 2023"

    stationsbuurt = Huishoudens.objects.get(gebied__cbs_code="BU90010102")
    assert (stationsbuurt.totaal, stationsbuurt.eenpersoons) == (1101, None)
    centrum = Huishoudens.objects.get(gebied__cbs_code="WK900101")
    assert (centrum.jaar, centrum.totaal, centrum.eenpersoons) == (2023, 1802, 801)


def kwb_als_xlsx(naam_blad="kwb-2023", zonder=("gwb_code_10",)) -> bytes:
    """kwb_2023.csv as CBS's Excel file: numbers as numbers, codes without prefix (gwb_code_8)."""
    rijen = list(csv.reader(io.StringIO(inhoud("kwb_2023.csv").decode("cp1252")), delimiter=";"))
    weg = [rijen[0].index(kolom) for kolom in zonder]

    def cel(waarde: str):
        if re.fullmatch(r"\d{1,3}(\.\d{3})*", waarde):
            return int(waarde.replace(".", ""))
        if re.fullmatch(r"[\d.]+,\d+", waarde):
            return float(waarde.replace(".", "").replace(",", "."))
        return waarde or None

    werkmap = Workbook()
    blad = werkmap.active
    blad.title = naam_blad
    for nummer, rij in enumerate(rijen):
        rij = [w for i, w in enumerate(rij) if i not in weg]
        blad.append(rij if nummer == 0 else [cel(w) for w in rij])
    uitvoer = io.BytesIO()
    werkmap.save(uitvoer)
    return uitvoer.getvalue()


def test_kwb_xlsx_with_unprefixed_numeric_codes(gemeente):
    plan = importeer_bestand(gemeente, "kwb_2023.xlsx", kwb_als_xlsx())

    assert plan.geldig, fouten(plan)
    assert plan.nieuwe_gebieden == KWB_NIEUWE_GEBIEDEN
    assert (plan.nieuw, plan.overgeslagen) == (KWB_NIEUW, KWB_OVERGESLAGEN)
    assert aantal("BU90010102", Leeftijdsklasse.K25_44) == 620  # 620.0 in Excel
    assert Gebied.objects.get(cbs_code="BU90010201").naam == "Belvédère"


def test_kwb_xlsx_with_a_fraction(gemeente):
    werkmap = Workbook()
    werkmap.active.append(["gwb_code", "regio", "recs", "a_inw"])
    werkmap.active.append(["WK900101", "Centrum", "Wijk", 3456.5])
    data = io.BytesIO()
    werkmap.save(data)

    plan = lees(gemeente, "kwb.xlsx", data.getvalue())

    assert fouten(plan) == ["Rij 2, kolom a_inw: '3456,5' is geen geheel getal."]


def test_kwb_csv_and_xlsx_agree(gemeente):
    uit_csv = lees(gemeente, "kwb_2023.csv")
    uit_xlsx = lees(gemeente, "kwb_2023.xlsx", kwb_als_xlsx(zonder=()))

    assert uit_xlsx == dataclasses.replace(uit_csv, bestandsnaam="kwb_2023.xlsx")


@pytest.mark.parametrize(
    ("scheiding", "encoding"),
    [(";", "utf-8"), (",", "utf-8-sig"), ("\t", "cp1252"), (";", "cp1252"), (",", "utf-8")],
)
def test_separators_and_encodings(gemeente, scheiding, encoding):
    tekst = io.StringIO()
    schrijver = csv.writer(tekst, delimiter=scheiding, lineterminator="\r\n")
    schrijver.writerows(
        [
            ["gwb_code", "regio", "recs", "a_inw", "a_65_oo"],
            ["WK900101", "Centrum; oud, nieuw", "Wijk", "3.456", "729"],
            ["BU90010101", "Belvédère", "Buurt", "1.234", "247,0"],
        ]
    )
    importeer_bestand(gemeente, "kwb.csv", tekst.getvalue().encode(encoding))

    assert Gebied.objects.get(cbs_code="WK900101").naam == "Centrum; oud, nieuw"
    assert Gebied.objects.get(cbs_code="BU90010101").naam == "Belvédère"
    assert aantal("WK900101", Leeftijdsklasse.TOTAAL) == 3456
    assert aantal("BU90010101", Leeftijdsklasse.K65_PLUS) == 247


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [("1.234", 1234), ("12,0", 12), ("1.234,00", 1234), (" 12 ", 12), ("1.234.567", 1234567)],
)
def test_counts_as_users_write_them(gemeente, waarde, verwacht):
    importeer_bestand(gemeente, "kwb.csv", kwb(f"BU90010101;Binnenstad;Buurt;{waarde};1;1;1"))

    assert aantal("BU90010101", Leeftijdsklasse.TOTAAL) == verwacht


@pytest.mark.parametrize(
    ("waarde", "reden"),
    [
        ("12,5", "'12,5' is geen geheel getal."),
        ("1.23", "'1.23' is geen geheel getal."),
        ("12a", "'12a' is geen geheel getal."),
        ("-3", "'-3' is negatief; een aantal is 0 of meer."),
    ],
)
def test_counts_that_are_errors(gemeente, waarde, reden):
    plan = lees(gemeente, "kwb.csv", kwb(f"BU90010101;Binnenstad;Buurt;{waarde};1;1;1"))

    assert plan.fouten == [ImportFout(3, "a_inw", reden)]


@pytest.mark.parametrize("onbekend", ["", ".", "-", " . "])
def test_unknown_values_are_skipped(gemeente, onbekend):
    plan = lees(gemeente, "kwb.csv", kwb(f"BU90010101;Binnenstad;Buurt;{onbekend};1;1;1"))

    assert plan.geldig
    assert (plan.nieuw, plan.overgeslagen) == (3 + 2, 1)


def test_missing_code(gemeente):
    plan = lees(gemeente, "kwb.csv", kwb(";Zonder code;Buurt;1;1;1;1"))

    assert fouten(plan) == ["Rij 3, kolom gwb_code_10: De CBS-code ontbreekt."]


def test_too_long_bron(gemeente):
    plan = lees(gemeente, "kwb.csv", kwb(), bron="x" * 301)

    assert fouten(plan) == ["De bron is langer dan 300 tekens."]


def test_error_without_column():
    assert str(ImportFout(4, "", "Deze rij is onleesbaar.")) == "Rij 4: Deze rij is onleesbaar."


def test_households_without_total_are_skipped(gemeente):
    plan = importeer_bestand(gemeente, "kwb.csv", kwb("BU90010101;Binnenstad;Buurt;1;1;.;300"))

    assert (plan.nieuw, plan.overgeslagen) == (3 + 2, 2)
    assert not Huishoudens.objects.filter(gebied__cbs_code="BU90010101").exists()


def test_rows_of_other_gemeenten_only(gemeente):
    data = kwb(kop="gwb_code;regio;recs;a_inw").replace(b"WK900101", b"WK034401")
    plan = lees(gemeente, "kwb.csv", data.replace(b";729;1.802;801", b""))

    assert fouten(plan) == ["Het bestand bevat geen cijfers voor Gemeente A (GM9001)."]
    assert plan.overgeslagen == 1


# --- StatLine ----------------------------------------------------------------------------------


def test_statline_export(gemeente):
    plan = importeer_bestand(gemeente, "statline_2024.csv", jaar=2024, bron="CBS 85984NED")

    assert plan.geldig, fouten(plan)
    assert plan.indeling == "CBS StatLine-export Kerncijfers wijken en buurten"
    assert plan.nieuwe_gebieden == [
        "WK900101 Centrum (wijk)",
        "WK900104 Zuid (wijk)",
        "BU90010101 Binnenstad (buurt)",
        "BU90010401 Vogelbuurt (buurt)",
    ]
    assert (plan.nieuw, plan.overgeslagen) == (28, 3)  # Nederland, GM9001, Utrecht's wijk
    assert aantal("WK900104", Leeftijdsklasse.TOTAAL, 2024) == 2800  # "  2800"
    assert aantal("BU90010401", Leeftijdsklasse.K65_PLUS, 2024) == 630
    assert Gebied.objects.get(cbs_code="BU90010401").parent.cbs_code == "WK900104"
    huishoudens = Huishoudens.objects.get(gebied__cbs_code="WK900101", jaar=2024)
    assert (huishoudens.totaal, huishoudens.eenpersoons) == (1830, 820)
    assert huishoudens.bron == "CBS 85984NED"


def test_statline_with_codes_in_wijken_en_buurten(gemeente):
    tekst = (
        '"ID","WijkenEnBuurten","SoortRegio_3","AantalInwoners_6","k_65JaarOfOuder_14"\r\n'
        '"1","GM9001    ","Gemeente  ","11012","2612"\r\n'
        '"2","WK900101  ","Wijk      ","  3501","765"\r\n'
    )
    plan = importeer_bestand(gemeente, "statline.csv", tekst.encode("utf-8-sig"), jaar=2024)

    assert plan.nieuwe_gebieden == ["WK900101 WK900101 (wijk)"]
    assert aantal("WK900101", Leeftijdsklasse.TOTAAL, 2024) == 3501


# --- Existing data: idempotency, changes, names ------------------------------------------------


def test_importing_twice_changes_nothing(gemeente):
    importeer_bestand(gemeente, "kwb_2023.csv")
    plan = importeer_bestand(gemeente, "kwb_2023.csv")

    assert plan.geldig
    assert plan.nieuwe_gebieden == []
    assert (plan.nieuw, plan.gewijzigd, plan.ongewijzigd) == (0, 0, KWB_NIEUW)
    assert Bevolkingscijfer.objects.count() == 28
    assert Gebied.objects.count() == 5


def test_changed_values_are_reported_and_updated(gemeente):
    importeer_bestand(gemeente, "kwb_2023.csv")
    centrum = b"WK900101;900101;Centrum;Gemeente A;Wijk;1;"
    gewijzigd = (
        inhoud("kwb_2023.csv")
        .replace(centrum + b"3.456", centrum + b"3.500")  # a_inw
        .replace(b";897;729;", b";897;740;")  # a_65_oo
        .replace(b";1.802;801;", b";1.810;801;")  # a_hh
    )

    plan = lees(gemeente, "kwb_2023.csv", gewijzigd, bron="CBS 85618NED (herzien)")
    assert (plan.nieuw, plan.gewijzigd, plan.ongewijzigd) == (0, 3, KWB_NIEUW - 3)
    assert aantal("WK900101", Leeftijdsklasse.TOTAAL) == 3456  # the preview writes nothing

    importeer_bestand(gemeente, "kwb_2023.csv", gewijzigd, bron="CBS 85618NED (herzien)")
    assert aantal("WK900101", Leeftijdsklasse.TOTAAL) == 3500
    assert aantal("WK900101", Leeftijdsklasse.K65_PLUS) == 740
    assert Huishoudens.objects.get(gebied__cbs_code="WK900101").totaal == 1810
    herzien = Bevolkingscijfer.objects.get(gebied__cbs_code="WK900101", leeftijdsklasse="totaal")
    assert herzien.bron == "CBS 85618NED (herzien)"
    ongemoeid = Bevolkingscijfer.objects.get(gebied__cbs_code="WK900101", leeftijdsklasse="0-14")
    assert ongemoeid.bron == "CBS Kerncijfers wijken en buurten 2023"


def test_unknown_value_keeps_a_stored_one(gemeente):
    importeer_bestand(gemeente, "kwb_2023.csv")
    Huishoudens.objects.filter(gebied__cbs_code="BU90010102").update(eenpersoons=480)

    plan = importeer_bestand(gemeente, "kwb_2023.csv")

    assert plan.gewijzigd == 0
    assert Huishoudens.objects.get(gebied__cbs_code="BU90010102").eenpersoons == 480


def test_existing_gebieden_keep_their_names(gemeente):
    centrum = GebiedFactory(gemeente=gemeente, naam="Centrum-Oost", cbs_code="WK900101")
    GebiedFactory(gemeente=gemeente, naam="Noord", cbs_code="", soort=Gebied.Soort.WIJK)

    plan = importeer_bestand(gemeente, "kwb_2023.csv")

    assert "WK900101 Centrum (wijk)" not in plan.nieuwe_gebieden
    assert "WK900102 Noord (WK900102) (wijk)" in plan.nieuwe_gebieden
    centrum.refresh_from_db()
    assert centrum.naam == "Centrum-Oost"
    assert Gebied.objects.get(cbs_code="BU90010101").parent == centrum
    assert aantal("WK900101", Leeftijdsklasse.TOTAAL) == 3456


def test_buurt_of_a_wijk_already_stored(gemeente):
    GebiedFactory(gemeente=gemeente, naam="Centrum", cbs_code="WK900101")
    data = b"gwb_code_10;regio;recs;a_inw\r\nBU90010101;Binnenstad;Buurt;1.234\r\n"

    plan = importeer_bestand(gemeente, "kwb.csv", data)

    assert plan.nieuwe_gebieden == ["BU90010101 Binnenstad (buurt)"]
    assert Gebied.objects.get(cbs_code="BU90010101").parent.naam == "Centrum"


# --- Broken files --------------------------------------------------------------------------------


def test_broken_file_reports_every_error_and_imports_nothing(gemeente):
    plan = importeer_bestand(gemeente, "kapot.csv")

    assert fouten(plan) == [
        "Rij 5, kolom a_65_oo: '-12' is negatief; een aantal is 0 of meer.",
        "Rij 6, kolom a_00_14: '12,5' is geen geheel getal.",
        "Rij 7, kolom a_65_oo: '12a' is geen geheel getal.",
        "Rij 8, kolom gwb_code_10: Gebied BU90010101 staat al in rij 4.",
        "Rij 9, kolom gwb_code_10: Buurt BU90019901 ligt in wijk WK900199, maar die wijk staat "
        "niet in het bestand en ook nog niet in Woonzorg.",
        "Rij 10, kolom gwb_code_10: 'WK9001AB' is geen CBS-code van een gemeente, wijk of buurt.",
    ]
    assert plan.fouten[2] == ImportFout(7, "a_65_oo", "'12a' is geen geheel getal.")
    assert not plan.geldig
    assert not Gebied.objects.exists()
    assert not Bevolkingscijfer.objects.exists()


def test_cbs_file_needs_a_year(gemeente):
    plan = lees(gemeente, "kwb_2023.csv", jaar=None)

    assert fouten(plan) == [
        "Geef het jaar op waarover de cijfers gaan: een CBS-bestand vermeldt het jaar niet per rij."
    ]
    assert plan.indeling == "CBS Kerncijfers wijken en buurten"


def test_year_out_of_range(gemeente):
    plan = lees(gemeente, "kwb_2023.csv", jaar=23)

    assert fouten(plan) == ["Het jaar 23 ligt niet tussen 1990 en 2100."]


def test_unrecognised_header_names_the_expected_columns(gemeente):
    plan = lees(gemeente, "adressen.csv", b"straat;huisnummer;postcode\r\nDorpsstraat;1;1234AB\r\n")

    [fout] = plan.fouten
    assert fout.rij is None
    assert str(fout).startswith("De kolommen van dit bestand zijn niet herkend.")
    for kolom in ("gwb_code", "a_inw", "a_65_oo", "AantalInwoners", "k_65JaarOfOuder", "woonvorm"):
        assert kolom in str(fout)


def test_cbs_file_without_figure_columns(gemeente):
    plan = lees(gemeente, "kwb.csv", b"gwb_code;regio;recs\r\nWK900101;Centrum;Wijk\r\n")

    assert fouten(plan)[0].startswith("Het bestand heeft geen kolommen met cijfers")


@pytest.mark.parametrize(
    ("naam", "data", "reden"),
    [
        ("leeg.csv", b"", "Het bestand is leeg."),
        (
            "rapport.pdf",
            b"%PDF-1.7 ...",
            "Bestanden van het type .pdf kunnen niet worden "
            "ingelezen. Kies een .csv- of .xlsx-bestand.",
        ),
        (
            "oud.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "Dit is een oud Excel-bestand (.xls). "
            "Sla het in Excel op als .xlsx of .csv en probeer het opnieuw.",
        ),
        ("kapot.xlsx", b"PK\x03\x04niet echt", "Het bestand is geen geldig Excel-bestand (.xlsx)."),
        ("nep.xlsx", b"gwb_code;a_inw", "Het bestand is geen geldig Excel-bestand (.xlsx)."),
        (
            "binair.csv",
            b"gwb_code;a_inw\r\n\x81\x8d\x90",
            "Het bestand is geen leesbare tekst; sla het op als CSV in UTF-8 of Windows-1252.",
        ),
    ],
)
def test_unreadable_files(gemeente, naam, data, reden):
    plan = lees(gemeente, naam, data)

    assert plan.fouten == [ImportFout(None, "", reden)]
    assert str(plan.fouten[0]) == reden


def test_errors_are_capped(gemeente):
    rijen = [f"BU9001{n:04d};Buurt {n};Buurt;x{n};1;1;1" for n in range(250)]
    plan = lees(gemeente, "kwb.csv", kwb(*rijen))

    assert len(plan.fouten) == 201
    assert str(plan.fouten[0]) == "Rij 3, kolom a_inw: 'x0' is geen geheel getal."
    # 250 bad counts, and 150 buurten whose wijk (WK900100, WK900102) is nowhere.
    assert str(plan.fouten[-1]) == "… en nog 200 fouten."


def test_code_of_a_gebied_of_another_gemeente_in_the_database(gemeente):
    GebiedFactory(cbs_code="WK900101", naam="Verkeerd gekoppeld")

    plan = lees(gemeente, "kwb_2023.csv")

    assert (
        "Rij 7, kolom gwb_code_10: WK900101 is in Woonzorg al een gebied van " in (fouten(plan)[0])
    )


# --- Uploaded files, as the upload page passes them --------------------------------------------


def test_uploaded_file_is_read_for_the_preview_and_again_for_the_import(gemeente):
    upload = SimpleUploadedFile("kwb_2023.csv", inhoud("kwb_2023.csv"), "text/csv")

    plan = lees_cijfers(upload, upload.name, gemeente=gemeente, jaar=2023, bron="")
    assert plan.nieuw == KWB_NIEUW
    plan = importeer(upload, upload.name, gemeente=gemeente, jaar=2023, bron="")

    assert plan.nieuw == KWB_NIEUW
    assert Bevolkingscijfer.objects.count() == 28
    assert not upload.closed


def test_uploaded_file_on_disk(gemeente):
    upload = TemporaryUploadedFile("kwb.xlsx", "application/octet-stream", 0, None)
    upload.write(kwb_als_xlsx())

    plan = importeer(upload, upload.name, gemeente=gemeente, jaar=2023, bron="")

    assert plan.nieuw == KWB_NIEUW
    upload.close()
