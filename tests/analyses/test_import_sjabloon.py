"""The Woonzorg-sjabloon: the downloadable files, filling them in and importing them."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analyses.importers import ImportFout, importeer, lees_cijfers
from analyses.models import Bevolkingscijfer, Leeftijdsklasse, Voorraad
from analyses.sjabloon import SJABLOON_KOLOMMEN, sjabloon_csv, sjabloon_xlsx
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory
from woonzorg.models import Gebied, Woonvorm

BESTANDEN = Path(__file__).parent / "bestanden"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "import-cijfers.md"
KOP = "gebied;soort;jaar;leeftijdsklasse;woonvorm;aantal;prognose;bron"


@pytest.fixture
def gemeente(db):
    return GemeenteFactory(naam="Gemeente A", cbs_code="GM9001")


@pytest.fixture
def centrum(gemeente):
    return GebiedFactory(gemeente=gemeente, naam="Centrum", cbs_code="WK900101")


@pytest.fixture
def dorp_oost(gemeente):
    return GebiedFactory(gemeente=gemeente, naam="Dorp Oost", cbs_code="", soort=Gebied.Soort.KERN)


def lees(gemeente, naam, data, *, jaar=None, bron="", actie=lees_cijfers):
    return actie(io.BytesIO(data), naam, gemeente=gemeente, jaar=jaar, bron=bron)


def sjabloon(*rijen: str) -> bytes:
    return "\r\n".join([KOP, *rijen]).encode("utf-8")


def test_filled_in_sjabloon_imports(gemeente, centrum, dorp_oost):
    data = (BESTANDEN / "sjabloon_voorbeeld.csv").read_bytes()

    plan = lees(gemeente, "sjabloon_voorbeeld.csv", data, actie=importeer)

    assert plan.geldig, [str(f) for f in plan.fouten]
    assert plan.indeling == "Woonzorg-sjabloon"
    assert plan.nieuwe_gebieden == ["BU90010101 BU90010101 (buurt)"]
    assert (plan.nieuw, plan.gewijzigd, plan.ongewijzigd, plan.overgeslagen) == (5, 0, 0, 1)

    prognose = Bevolkingscijfer.objects.get(gebied=dorp_oost, jaar=2030)
    assert (prognose.leeftijdsklasse, prognose.aantal, prognose.prognose) == ("75+", 1210, True)
    assert prognose.bron == "Bevolkingsprognose provincie 2023"
    zonder_bron = Bevolkingscijfer.objects.get(gebied=centrum, leeftijdsklasse="85+")
    assert zonder_bron.bron == "Woonzorg-sjabloon sjabloon_voorbeeld.csv"

    buurt = Gebied.objects.get(cbs_code="BU90010101")
    assert (buurt.soort, buurt.parent) == (Gebied.Soort.BUURT, centrum)
    geclusterd = Voorraad.objects.get(gebied=buurt)
    assert (geclusterd.woonvorm.code, geclusterd.jaar, geclusterd.aantal) == (
        "geclusterde-woonvorm",
        2024,
        48,
    )
    nultreden = Voorraad.objects.get(gebied=centrum)
    assert (nultreden.woonvorm.code, nultreden.aantal) == ("nultredenwoning", 1350)


def test_callers_bron_and_jaar_fill_empty_cells(gemeente, centrum):
    data = sjabloon("Centrum;bevolking;;85+;;174;;")

    lees(gemeente, "prognose.csv", data, jaar=2035, bron="Eigen prognose", actie=importeer)

    cijfer = Bevolkingscijfer.objects.get(gebied=centrum)
    assert (cijfer.jaar, cijfer.bron, cijfer.prognose) == (2035, "Eigen prognose", False)


def test_sjabloon_errors(gemeente, centrum, dorp_oost):
    GebiedFactory(gemeente=gemeente, naam="Centrum", cbs_code="BU90010101", soort="buurt")
    data = sjabloon(
        "Nergenshuizen;bevolking;2030;75+;;10;ja;",  # 2
        "WK034401;bevolking;2030;75+;;10;ja;",  # 3
        "Centrum;bevolking;2030;75+;;10;ja;",  # 4: a wijk and a buurt are called Centrum
        "Dorp Oost;inwoners;2030;75+;;10;ja;",  # 5
        "Dorp Oost;bevolking;tweeduizend;75+;;10;ja;",  # 6
        "Dorp Oost;bevolking;2030;80+;;10;misschien;",  # 7
        "Dorp Oost;voorraad;2024;;serviceflat;10;;",  # 8
        "Dorp Oost;voorraad;2024;;nultredenwoning;10;ja;",  # 9
        "Dorp Oost;bevolking;2030;75+;;-4;ja;",  # 10
        "WK900101;bevolking;2030;75+;;10;ja;",  # 11
        "WK900101;bevolking;2030;75+;;11;ja;",  # 12
        ";bevolking;2030;75+;;11;ja;",  # 13
    )

    plan = lees(gemeente, "sjabloon.csv", data, actie=importeer)

    assert [str(fout) for fout in plan.fouten] == [
        "Rij 2, kolom gebied: Onbekend gebied 'Nergenshuizen'. Gebruik een CBS-code (WK of BU) "
        "of de precieze naam van een gebied van Gemeente A.",
        "Rij 3, kolom gebied: WK034401 is geen wijk of buurt van Gemeente A.",
        "Rij 4, kolom gebied: Er zijn meer gebieden met de naam 'Centrum'; gebruik de CBS-code.",
        "Rij 5, kolom soort: 'inwoners' is geen soort; kies bevolking of voorraad.",
        "Rij 6, kolom jaar: 'tweeduizend' is geen jaar tussen 1990 en 2100.",
        "Rij 7, kolom leeftijdsklasse: '80+' is geen leeftijdsklasse; kies uit totaal, 0-14, "
        "15-24, 25-44, 45-64, 65+, 75+, 85+.",
        "Rij 7, kolom prognose: 'misschien' is geen ja of nee.",
        "Rij 8, kolom woonvorm: 'serviceflat' is geen woonvorm; gebruik de code of de naam uit "
        "de toelichting.",
        "Rij 9, kolom prognose: Een voorraad is een telling; laat prognose leeg of vul nee in.",
        "Rij 10, kolom aantal: '-4' is negatief; een aantal is 0 of meer.",
        "Rij 12, kolom gebied: Hetzelfde cijfer staat al in rij 11.",
        "Rij 13, kolom gebied: Vul een gebied in: een CBS-code (WK of BU) of de naam van een "
        "gebied.",
    ]
    assert plan.fouten[0] == ImportFout(
        2,
        "gebied",
        "Onbekend gebied 'Nergenshuizen'. Gebruik een CBS-code (WK of BU) of de precieze naam "
        "van een gebied van Gemeente A.",
    )
    assert not Bevolkingscijfer.objects.exists()
    assert not Voorraad.objects.exists()


def test_sjabloon_without_year(gemeente, centrum):
    data = b"gebied;soort;aantal;leeftijdsklasse\r\nCentrum;bevolking;10;75+\r\n"

    plan = lees(gemeente, "sjabloon.csv", data)

    assert [str(f) for f in plan.fouten] == [
        "Het bestand heeft geen kolom jaar; voeg die toe of geef het jaar op."
    ]


# --- The downloadable files ----------------------------------------------------------------------


def test_sjabloon_csv_round_trip(gemeente):
    data = sjabloon_csv()

    assert data.startswith("\ufeffgebied;soort;jaar;".encode())
    plan = lees(gemeente, "sjabloon.csv", data, actie=importeer)

    assert plan.geldig, [str(f) for f in plan.fouten]
    assert plan.nieuwe_gebieden == ["WK900101 WK900101 (wijk)"]
    assert plan.nieuw == 3
    assert Bevolkingscijfer.objects.get(leeftijdsklasse="75+", jaar=2030).aantal == 612
    assert Voorraad.objects.get().woonvorm.code == "geclusterde-woonvorm"


def test_sjabloon_xlsx_filled_in_and_imported(gemeente, dorp_oost):
    werkmap = load_workbook(io.BytesIO(sjabloon_xlsx()))
    assert werkmap.sheetnames == ["Cijfers", "Toelichting"]
    werkmap["Cijfers"].append(["Dorp Oost", "bevolking", 2035, "85+", None, 95, "ja", None])
    gevuld = io.BytesIO()
    werkmap.save(gevuld)

    plan = lees(gemeente, "sjabloon.xlsx", gevuld.getvalue(), bron="Prognose 2024", actie=importeer)

    assert plan.geldig, [str(f) for f in plan.fouten]
    assert (plan.nieuw, plan.overgeslagen) == (4, 0)
    cijfer = Bevolkingscijfer.objects.get(gebied=dorp_oost)
    assert (cijfer.jaar, cijfer.aantal, cijfer.prognose, cijfer.bron) == (
        2035,
        95,
        True,
        "Prognose 2024",
    )


def test_sjabloon_xlsx_reads_counts_as_excel_stores_them(gemeente, dorp_oost):
    werkmap = load_workbook(io.BytesIO(sjabloon_xlsx()))
    blad = werkmap["Cijfers"]
    blad.delete_rows(2, 3)
    blad.append(["Dorp Oost", "bevolking", 2030.0, "75+", None, 1210.0, "ja", None])
    blad.append(["Dorp Oost", "bevolking", 2030, "85+", None, 1.234, "ja", None])
    gevuld = io.BytesIO()
    werkmap.save(gevuld)

    plan = lees(gemeente, "sjabloon.xlsx", gevuld.getvalue())

    assert plan.fouten == [ImportFout(3, "aantal", "'1,234' is geen geheel getal.")]


def test_toelichting_names_every_column_and_allowed_value(db):
    werkmap = load_workbook(io.BytesIO(sjabloon_xlsx()))
    teksten = {
        str(cel)
        for rij in werkmap["Toelichting"].iter_rows(values_only=True)
        for cel in rij
        if cel is not None
    }

    assert {kolom.naam for kolom in SJABLOON_KOLOMMEN} <= teksten
    assert set(Woonvorm.objects.values_list("code", flat=True)) <= teksten
    assert set(Leeftijdsklasse.values) <= teksten
    assert [c.value for c in werkmap["Cijfers"][1]] == [k.naam for k in SJABLOON_KOLOMMEN]


def test_docs_describe_every_sjabloon_column():
    tekst = DOCS.read_text(encoding="utf-8")

    for kolom in SJABLOON_KOLOMMEN:
        assert f"| `{kolom.naam}` |" in tekst
