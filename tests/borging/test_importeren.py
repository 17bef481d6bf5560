"""Importing metingen from a CSV or Excel file (borging.importeren): all or nothing, every error
named by row and column in Dutch, and a partner imports only for what its organisatie owns."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from borging import importeren
from borging.importeren import importeer_metingen, lees_metingen, waarde_uit
from borging.models import Frequentie, Meting
from tests.borging.factories import IndicatorFactory, MetingFactory
from tests.prestatieafspraken.factories import AfspraakFactory, PartijFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory
from woonzorg import audit
from woonzorg.models import Organisatie

D = Decimal
KOP = "indicator;jaar;kwartaal;gebied;waarde;bron;toelichting"


@pytest.fixture
def opzet(wereld):
    """Indicatoren of Gemeente A: two owned by Woningcorporatie X (the partner's), one of a
    zorgaanbieder on an afspraak Woningcorporatie X is party to (visible, not its own), one of
    the zorgaanbieder it cannot see; and one of Gemeente B."""
    zorgaanbieder = OrganisatieFactory(
        naam="Zorgaanbieder Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[wereld.gemeente]
    )
    afspraak = AfspraakFactory(overeenkomst__gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=afspraak.overeenkomst, organisatie=wereld.corporatie)

    class Opzet:
        woningen = IndicatorFactory(
            gemeente=wereld.gemeente,
            naam="Geclusterde woningen opgeleverd",
            eigenaar=wereld.corporatie,
            bron="Jaarverslag",
        )
        wachtenden = IndicatorFactory(
            gemeente=wereld.gemeente,
            naam="Wachtenden op een zorgwoning",
            eigenaar=wereld.corporatie,
            frequentie=Frequentie.PER_KWARTAAL,
        )
        zorgplekken = IndicatorFactory(
            gemeente=wereld.gemeente,
            naam="Verpleegzorgplekken",
            eigenaar=zorgaanbieder,
            afspraak=afspraak,
        )
        onzichtbaar = IndicatorFactory(
            gemeente=wereld.gemeente, naam="Dagbesteding", eigenaar=zorgaanbieder
        )
        elders = IndicatorFactory(
            gemeente=wereld.andere_gemeente, naam="Elders", eigenaar=wereld.corporatie
        )
        centrum = GebiedFactory(gemeente=wereld.gemeente, naam="Centrum", cbs_code="WK000101")
        noord_elders = GebiedFactory(
            gemeente=wereld.andere_gemeente, naam="Noord", cbs_code="WK000201"
        )

    return Opzet


def csv(*regels, kop=KOP, encoding="utf-8") -> io.BytesIO:
    return io.BytesIO("\r\n".join([kop, *regels]).encode(encoding))


def xlsx(*rijen) -> io.BytesIO:
    werkmap = Workbook()
    blad = werkmap.active
    for rij in rijen:
        blad.append(list(rij))
    bestand = io.BytesIO()
    werkmap.save(bestand)
    bestand.seek(0)
    return bestand


def lees(wereld, bestand, naam="metingen.csv", user=None):
    return lees_metingen(bestand, naam, gemeente=wereld.gemeente, user=user or wereld.partner)


def importeer(wereld, bestand, naam="metingen.csv", user=None):
    return importeer_metingen(bestand, naam, gemeente=wereld.gemeente, user=user or wereld.partner)


def foutteksten(uitkomst) -> list[str]:
    return [str(fout) for fout in uitkomst.fouten]


def waarden():
    return {
        (m.indicator.naam, m.jaar, m.kwartaal, m.gebied and m.gebied.naam): m.waarde
        for m in Meting.objects.select_related("indicator", "gebied")
    }


# --- A valid file ---------------------------------------------------------------------------------


def test_a_valid_csv_writes_every_meting(wereld, opzet):
    uitkomst = importeer(
        wereld,
        csv(
            f"{opzet.woningen.pk};2023;;;1.234,5;;",  # by number, the indicator's bron
            "geclusterde woningen opgeleverd;2024;;Centrum;12,5;Telling;Eerste helft",  # by name
            f"{opzet.wachtenden.pk};2024;K2;WK000101;7;;",  # K2, gebied by CBS code
            f"{opzet.wachtenden.pk};2024;4;;8;;",
        ),
    )

    assert foutteksten(uitkomst) == []
    assert (uitkomst.nieuw, uitkomst.gecorrigeerd) == (4, 0)
    assert waarden() == {
        ("Geclusterde woningen opgeleverd", 2023, None, None): D("1234.5"),
        ("Geclusterde woningen opgeleverd", 2024, None, "Centrum"): D("12.5"),
        ("Wachtenden op een zorgwoning", 2024, 2, "Centrum"): D(7),
        ("Wachtenden op een zorgwoning", 2024, 4, None): D(8),
    }
    telling = Meting.objects.get(gebied=opzet.centrum, indicator=opzet.woningen)
    assert (telling.bron, telling.toelichting, telling.ingevoerd_door) == (
        "Telling",
        "Eerste helft",
        wereld.partner,
    )
    assert Meting.objects.get(jaar=2023).bron == "Jaarverslag"
    # Through voer_meting_in: the audit log has each one.
    assert [e.change_message for e in audit.entries_for(opzet.woningen)] == [
        "Meting 2024 (Centrum) ingevoerd: 12,5.",
        "Meting 2023 ingevoerd: 1.234,5.",
    ]


def test_reading_a_file_writes_nothing(wereld, opzet):
    uitkomst = lees(wereld, csv(f"{opzet.woningen.pk};2024;;;12;;"))
    assert uitkomst.geldig
    assert [(r.rij, r.indicator, r.jaar, r.waarde) for r in uitkomst.regels] == [
        (2, opzet.woningen, 2024, D(12))
    ]
    assert not Meting.objects.exists()


def test_a_valid_xlsx_writes_every_meting(wereld, opzet):
    bestand = xlsx(
        ["Indicator", "Jaar", "Kwartaal", "Gebied", "Waarde", "Bron"],  # case is ignored
        [opzet.woningen.pk, 2024, None, None, 12.5, "Excel"],  # numbers as numbers
        ["Geclusterde woningen opgeleverd", "2023", None, "Centrum", "1.234,5"],  # as text
        [],  # an empty row in between is skipped
        [opzet.wachtenden.pk, 2024, 3, "WK000101", 40],
    )
    uitkomst = importeer(wereld, bestand, "metingen.xlsx")

    assert foutteksten(uitkomst) == []
    assert uitkomst.nieuw == 3
    assert waarden() == {
        ("Geclusterde woningen opgeleverd", 2024, None, None): D("12.5"),
        ("Geclusterde woningen opgeleverd", 2023, None, "Centrum"): D("1234.5"),
        ("Wachtenden op een zorgwoning", 2024, 3, "Centrum"): D(40),
    }
    assert Meting.objects.get(jaar=2024, indicator=opzet.woningen).bron == "Excel"


def test_the_columns_may_come_in_any_order_and_extra_columns_are_ignored(wereld, opzet):
    uitkomst = importeer(
        wereld,
        csv(f"12;{opzet.woningen.pk};2024;iets", kop="Waarde;INDICATOR;jaar;naam"),
    )
    assert foutteksten(uitkomst) == []
    assert Meting.objects.get().waarde == D(12)


def test_a_gemeente_editor_imports_for_every_indicator_of_the_gemeente(wereld, opzet):
    uitkomst = importeer(
        wereld,
        csv(f"{opzet.zorgplekken.pk};2024;;;3;;", f"{opzet.onzichtbaar.pk};2024;;;4;;"),
        user=wereld.beleidsadviseur,
    )
    assert foutteksten(uitkomst) == []
    assert uitkomst.nieuw == 2


# --- All or nothing -------------------------------------------------------------------------------


def test_one_bad_row_writes_nothing(wereld, opzet):
    MetingFactory(indicator=opzet.woningen, jaar=2022, waarde=D(5))
    uitkomst = importeer(
        wereld,
        csv(
            f"{opzet.woningen.pk};2022;;;6;;",  # would correct the 5
            f"{opzet.woningen.pk};2023;;;twaalf;;",
            f"{opzet.woningen.pk};2024;;;14;;",
        ),
    )
    assert foutteksten(uitkomst) == ["Rij 3, kolom waarde: 'twaalf' is geen getal."]
    assert not uitkomst.geldig
    assert (uitkomst.nieuw, uitkomst.gecorrigeerd) == (0, 0)
    assert Meting.objects.get().waarde == D(5)
    assert list(audit.entries_for(opzet.woningen)) == []


def test_every_error_is_named_by_row_and_column(wereld, opzet):
    uitkomst = lees(
        wereld,
        csv(
            f"{opzet.woningen.pk};;;;12;;",
            f"{opzet.woningen.pk};twintig;;Zuid;-3;;",
            "onbekend;2024;;;;;",
            f"{opzet.wachtenden.pk};2024;5;;1;;",
        ),
    )
    assert foutteksten(uitkomst) == [
        "Rij 2, kolom jaar: Dit veld is verplicht.",
        "Rij 3, kolom jaar: 'twintig' is geen jaar tussen 2000 en 2100.",
        "Rij 3, kolom gebied: Het gebied 'Zuid' is onbekend in deze gemeente.",
        "Rij 3, kolom waarde: '-3' is negatief; een meting is 0 of meer.",
        "Rij 4, kolom indicator: De indicator 'onbekend' is onbekend.",
        "Rij 4, kolom waarde: Dit veld is verplicht.",
        "Rij 5, kolom kwartaal: '5' is geen kwartaal; kies 1, 2, 3 of 4, of laat het leeg.",
    ]
    assert uitkomst.regels == []


def test_the_row_numbers_are_those_of_the_file_with_blank_lines(wereld, opzet):
    uitkomst = lees(wereld, csv("", f"{opzet.woningen.pk};2024;;;x;;"))
    assert foutteksten(uitkomst) == ["Rij 3, kolom waarde: 'x' is geen getal."]


def test_errors_stop_being_listed_after_a_hundred(wereld, opzet):
    regels = [f"{opzet.woningen.pk};{2000 + i % 100};;;x;;" for i in range(150)]
    uitkomst = lees(wereld, csv(*regels))
    assert len(uitkomst.fouten) == importeren.MAX_FOUTEN + 1
    assert foutteksten(uitkomst)[-1] == "En meer fouten; verbeter eerst de fouten hierboven."


def test_too_many_rows_are_refused_as_a_whole(wereld, opzet):
    regels = [f"{opzet.woningen.pk};2024;;;1;;"] * (importeren.MAX_RIJEN + 1)
    uitkomst = lees(wereld, csv(*regels))
    assert foutteksten(uitkomst) == [
        "Het bestand heeft meer dan 5000 metingen; verdeel het over meer bestanden."
    ]


# --- Who imports what -----------------------------------------------------------------------------


def test_a_partner_cannot_import_for_an_indicator_another_organisatie_owns(wereld, opzet):
    uitkomst = importeer(
        wereld,
        csv(f"{opzet.woningen.pk};2024;;;1;;", f"{opzet.zorgplekken.pk};2024;;;2;;"),
    )
    assert foutteksten(uitkomst) == [
        "Rij 3, kolom indicator: U kunt voor de indicator 'Verpleegzorgplekken' geen metingen "
        "invoeren; dat doet de eigenaar (Zorgaanbieder Y)."
    ]
    assert not Meting.objects.exists()


def test_an_indicator_the_partner_cannot_see_is_unknown(wereld, opzet):
    uitkomst = lees(wereld, csv(f"{opzet.onzichtbaar.pk};2024;;;2;;", "Dagbesteding;2024;;;2;;"))
    assert foutteksten(uitkomst) == [
        f"Rij 2, kolom indicator: De indicator '{opzet.onzichtbaar.pk}' is onbekend.",
        "Rij 3, kolom indicator: De indicator 'Dagbesteding' is onbekend.",
    ]


@pytest.mark.parametrize("wie", ["partner", "beleidsadviseur"])
def test_an_indicator_of_another_gemeente_is_unknown(wereld, opzet, wie):
    uitkomst = lees(wereld, csv(f"{opzet.elders.pk};2024;;;2;;"), user=wereld.user(wie))
    assert foutteksten(uitkomst) == [
        f"Rij 2, kolom indicator: De indicator '{opzet.elders.pk}' is onbekend."
    ]


def test_a_gebied_of_another_gemeente_is_unknown(wereld, opzet):
    uitkomst = lees(wereld, csv(f"{opzet.woningen.pk};2024;;WK000201;2;;"))
    assert foutteksten(uitkomst) == [
        "Rij 2, kolom gebied: Het gebied 'WK000201' is onbekend in deze gemeente."
    ]


def test_a_lezer_imports_nothing(wereld, opzet):
    uitkomst = importeer(wereld, csv(f"{opzet.woningen.pk};2024;;;2;;"), user=wereld.lezer)
    assert [f.kolom for f in uitkomst.fouten] == ["indicator"]
    assert "geen metingen invoeren" in foutteksten(uitkomst)[0]
    assert not Meting.objects.exists()


def test_two_indicators_of_the_same_name_need_the_number(wereld, opzet):
    tweede = IndicatorFactory(
        gemeente=wereld.gemeente, naam="Geclusterde woningen opgeleverd", eigenaar=wereld.corporatie
    )
    uitkomst = lees(
        wereld, csv("Geclusterde woningen opgeleverd;2024;;;1;;", f"{tweede.pk};2024;;;1;;")
    )
    assert foutteksten(uitkomst) == [
        "Rij 2, kolom indicator: Er zijn meer indicatoren met de naam "
        "'Geclusterde woningen opgeleverd'; gebruik het nummer."
    ]


# --- Corrections and duplicates -------------------------------------------------------------------


def test_a_second_import_of_the_same_period_corrects_the_value(wereld, opzet):
    eerste = importeer(
        wereld,
        csv(f"{opzet.woningen.pk};2024;;;10;;", f"{opzet.wachtenden.pk};2024;1;;3;;"),
    )
    assert (eerste.nieuw, eerste.gecorrigeerd) == (2, 0)

    tweede = importeer(
        wereld,
        csv(
            f"{opzet.woningen.pk};2024;;;12,5;;",  # a correction
            f"{opzet.wachtenden.pk};2024;2;;4;;",  # a new quarter
        ),
    )
    assert (tweede.nieuw, tweede.gecorrigeerd) == (1, 1)
    assert Meting.objects.count() == 3
    assert Meting.objects.get(indicator=opzet.woningen).waarde == D("12.5")
    assert audit.entries_for(opzet.woningen).first().change_message == (
        "Meting 2024 gecorrigeerd: 10 → 12,5."
    )


def test_the_same_meting_twice_in_one_file_is_an_error(wereld, opzet):
    uitkomst = importeer(
        wereld,
        csv(
            f"{opzet.woningen.pk};2024;;;10;;",
            f"{opzet.woningen.pk};2024;;Centrum;11;;",  # another gebied: fine
            "Geclusterde woningen opgeleverd;2024;;;12;;",  # by name: the same as row 2
            f"{opzet.woningen.pk};2024;;WK000101;13;;",  # by CBS code: the same as row 3
        ),
    )
    assert foutteksten(uitkomst) == [
        "Rij 4: Deze meting staat ook al in rij 2.",
        "Rij 5: Deze meting staat ook al in rij 3.",
    ]
    assert not Meting.objects.exists()


def test_a_kwartaal_for_a_yearly_indicator_is_an_error(wereld, opzet):
    uitkomst = importeer(wereld, csv(f"{opzet.woningen.pk};2024;K4;;10;;"))
    assert foutteksten(uitkomst) == [
        "Rij 2, kolom kwartaal: De indicator 'Geclusterde woningen opgeleverd' wordt jaarlijks "
        "gemeten; laat het kwartaal leeg."
    ]
    assert not Meting.objects.exists()


@pytest.mark.parametrize(("tekst", "kwartaal"), [("1", 1), ("K2", 2), ("q3", 3), ("Q4", 4)])
def test_a_kwartaal_may_be_written_with_k_or_q(wereld, opzet, tekst, kwartaal):
    uitkomst = lees(wereld, csv(f"{opzet.wachtenden.pk};2024;{tekst};;10;;"))
    assert [r.kwartaal for r in uitkomst.regels] == [kwartaal]


# --- Numbers as users write them ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tekst", "waarde"),
    [
        ("1.234,5", "1234.5"),  # Dutch: dot thousands, decimal comma
        ("1.234.567,89", "1234567.89"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),  # one dot with one or two digits after it: a decimal point
        ("12.50", "12.5"),
        ("1.234", "1234"),  # three digits after one dot: thousands, as Dutch users write it
        ("1234", "1234"),
        ("0", "0"),
        ("0,5", "0.5"),
        ("12,500", "12.5"),  # trailing zeros are not decimals
        ("1 234,5", "1234.5"),
        ("1\xa0234", "1234"),
    ],
)
def test_dutch_numbers_are_read(tekst, waarde):
    assert waarde_uit(tekst) == D(waarde)


@pytest.mark.parametrize(
    ("tekst", "reden"),
    [
        ("-5", "'-5' is negatief; een meting is 0 of meer."),
        ("-1,5", "'-1,5' is negatief; een meting is 0 of meer."),
        ("twaalf", "'twaalf' is geen getal."),
        ("=CMD()", "'=CMD()' is geen getal."),
        ("=1+1", "'=1+1' is geen getal."),
        ("+5", "'+5' is geen getal."),
        ("@SUM(A1)", "'@SUM(A1)' is geen getal."),
        ("12,345", "'12,345' heeft meer dan twee decimalen."),
        ("1,2,3", "'1,2,3' is geen getal."),
        ("1,234.5", "'1,234.5' is geen getal."),
        ("12.3.4", "'12.3.4' is geen getal."),
        ("0.125", "'0.125' is geen getal."),  # not 125: a thousands group never starts with 0
        ("12%", "'12%' is geen getal."),
        ("99999999999", "'99999999999' is te groot."),
    ],
)
def test_what_is_no_meting_value_is_refused_with_the_reason(tekst, reden):
    with pytest.raises(ValueError) as info:
        waarde_uit(tekst)
    assert str(info.value) == reden


@pytest.mark.parametrize("tekst", ["=CMD()", '=HYPERLINK("http://x")', "-5", "12,345"])
def test_a_bad_value_in_a_file_names_row_and_column(wereld, opzet, tekst):
    uitkomst = importeer(wereld, csv(f'{opzet.woningen.pk};2024;;;"{tekst}";;'))
    assert [(f.rij, f.kolom) for f in uitkomst.fouten] == [(2, "waarde")]
    assert not Meting.objects.exists()


@pytest.mark.parametrize("jaar", ["1999", "2101", "24", "2024.5", "2024²", "²⁰²⁴"])
def test_a_year_outside_2000_2100_or_not_a_number_is_an_error(wereld, opzet, jaar):
    uitkomst = lees(wereld, csv(f"{opzet.woningen.pk};{jaar};;;1;;"))
    assert foutteksten(uitkomst) == [
        f"Rij 2, kolom jaar: '{jaar}' is geen jaar tussen 2000 en 2100."
    ]


def test_excel_numbers_are_read_as_numbers_not_as_dutch_text(wereld, opzet):
    # 12.5 and 1234.5 typed in Excel are floats; 0.125 and 1.234 have three decimals and must
    # not become 125 and 1234.
    bestand = xlsx(
        ["indicator", "jaar", "waarde"],
        [opzet.woningen.pk, 2021, 12.5],
        [opzet.woningen.pk, 2022, 1234.5],
        [opzet.woningen.pk, 2023, 0.125],
        [opzet.woningen.pk, 2024, 1.234],
        [opzet.woningen.pk, 2025.0, 7.0],
    )
    uitkomst = lees(wereld, bestand, "metingen.xlsx")
    assert [(f.rij, f.kolom) for f in uitkomst.fouten] == [(4, "waarde"), (5, "waarde")]
    assert [(r.jaar, r.waarde) for r in uitkomst.regels] == [
        (2021, D("12.5")),
        (2022, D("1234.5")),
        (2025, D(7)),
    ]


def test_an_excel_sum_with_binary_noise_is_read_as_the_user_sees_it(wereld, opzet):
    bestand = xlsx(["indicator", "jaar", "waarde"], [opzet.woningen.pk, 2024, 0.1 + 0.2])
    uitkomst = lees(wereld, bestand, "metingen.xlsx")
    assert uitkomst.geldig, foutteksten(uitkomst)
    assert [r.waarde for r in uitkomst.regels] == [D("0.3")]


def test_a_formula_in_an_excel_number_column_is_refused(wereld, opzet):
    bestand = xlsx(
        ["indicator", "jaar", "waarde"],
        [opzet.woningen.pk, 2023, 10],
        [opzet.woningen.pk, 2024, "=CMD()"],  # openpyxl stores it as a formula without value
    )
    uitkomst = importeer(wereld, bestand, "metingen.xlsx")
    assert [(f.rij, f.kolom) for f in uitkomst.fouten] == [(3, "waarde")]
    assert not Meting.objects.exists()


# --- The file itself ------------------------------------------------------------------------------


def test_missing_header_columns_are_named(wereld, opzet):
    uitkomst = importeer(wereld, csv(f"{opzet.woningen.pk};12", kop="indicator;aantal"))
    assert foutteksten(uitkomst) == [
        "Rij 1: De kolommen jaar, waarde ontbreken in de kopregel. Verwacht: indicator, jaar, "
        "kwartaal, gebied, waarde, bron, toelichting."
    ]
    assert not Meting.objects.exists()


@pytest.mark.parametrize("inhoud", [b"", b"\r\n\r\n;;\r\n"], ids=["no-bytes", "blank-lines"])
def test_an_empty_file_is_refused(wereld, opzet, inhoud):
    uitkomst = importeer(wereld, io.BytesIO(inhoud))
    assert foutteksten(uitkomst) == ["Het bestand is leeg."]


def test_a_header_without_metingen_is_refused(wereld, opzet):
    uitkomst = importeer(wereld, csv())
    assert foutteksten(uitkomst) == ["Het bestand heeft een kopregel maar geen metingen."]


def test_an_empty_xlsx_is_refused(wereld, opzet):
    uitkomst = importeer(wereld, xlsx(), "metingen.xlsx")
    assert foutteksten(uitkomst) == ["Het bestand is leeg."]


@pytest.mark.parametrize(
    ("naam", "inhoud", "reden"),
    [
        ("metingen.xlsx", b"geen zip", "Het bestand is geen geldig Excel-bestand (.xlsx)."),
        ("metingen.pdf", b"%PDF-1.7", "Bestanden van het type .pdf kunnen niet worden ingelezen."),
        ("metingen.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Dit is een oud Excel-bestand"),
    ],
)
def test_a_file_that_is_no_csv_or_xlsx_is_refused(wereld, opzet, naam, inhoud, reden):
    uitkomst = importeer(wereld, io.BytesIO(inhoud), naam)
    assert len(uitkomst.fouten) == 1
    assert foutteksten(uitkomst)[0].startswith(reden)
    assert uitkomst.fouten[0].rij is None


def test_a_cp1252_file_with_accents_is_read(wereld, opzet):
    belvedere = GebiedFactory(gemeente=wereld.gemeente, naam="Belvédère", cbs_code="WK000102")
    bestand = csv(
        f"{opzet.woningen.pk};2024;;Belvédère;12,5;Café-telling;Gemeld door de coöperatie",
        encoding="cp1252",
    )
    assert bestand.getvalue().count(b"\xe9") == 2  # é in cp1252, not UTF-8

    uitkomst = importeer(wereld, bestand)

    assert foutteksten(uitkomst) == []
    meting = Meting.objects.get()
    assert (meting.gebied, meting.waarde, meting.bron, meting.toelichting) == (
        belvedere,
        D("12.5"),
        "Café-telling",
        "Gemeld door de coöperatie",
    )


def test_a_utf8_file_with_a_byte_order_mark_is_read(wereld, opzet):
    bestand = io.BytesIO(
        ("\ufeff" + KOP + "\r\n" + f"{opzet.woningen.pk};2024;;;5;;Ré").encode("utf-8")
    )
    uitkomst = importeer(wereld, bestand)
    assert foutteksten(uitkomst) == []
    assert Meting.objects.get().toelichting == "Ré"


def test_a_comma_separated_file_is_read_too(wereld, opzet):
    bestand = csv(
        f'{opzet.woningen.pk},2023,,,"1.234,5",,',
        f"{opzet.woningen.pk},2024,,,12.5,,",
        kop=KOP.replace(";", ","),
    )
    uitkomst = importeer(wereld, bestand)
    assert foutteksten(uitkomst) == []
    assert sorted(Meting.objects.values_list("jaar", "waarde")) == [
        (2023, D("1234.5")),
        (2024, D("12.5")),
    ]


def test_a_semicolon_separated_file_with_decimal_commas_is_not_split_on_them(wereld, opzet):
    bestand = csv(
        f"{opzet.woningen.pk};2023;;;1.234,5;;",
        f"{opzet.woningen.pk};2024;;;12,5;;",
        kop="indicator;jaar;kwartaal;gebied;waarde;bron;toelichting",
    )
    uitkomst = lees(wereld, bestand)
    assert foutteksten(uitkomst) == []
    assert [r.waarde for r in uitkomst.regels] == [D("1234.5"), D("12.5")]


def test_a_bron_longer_than_the_field_is_an_error(wereld, opzet):
    uitkomst = lees(wereld, csv(f"{opzet.woningen.pk};2024;;;5;{'x' * 301};"))
    assert foutteksten(uitkomst) == ["Rij 2, kolom bron: Ten hoogste 300 tekens."]


def test_the_template_lists_the_indicators_with_their_period(opzet):
    rijen = importeren.sjabloon_rijen([opzet.woningen, opzet.wachtenden], 2024)
    assert rijen[0] == [*importeren.KOLOMMEN, "naam"]
    assert rijen[1] == [
        str(opzet.woningen.pk),
        "2024",
        "",
        "",
        "",
        "Jaarverslag",
        "",
        opzet.woningen.naam,
    ]
    assert rijen[2][2] == "4"  # a quarterly indicator's example is Q4
