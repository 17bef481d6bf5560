"""The begroting: totals per year, per financier and per afspraak, and what is not covered.

A post is covered (gedekt) when a financier is known and has committed (toegezegd). Plain
functions over objects in memory with a case worked out by hand; one check against the database.
"""

from decimal import Decimal

import pytest

from prestatieafspraken.models import Afspraak
from tests.uitvoering.factories import ActiviteitFactory, BegrotingspostFactory
from uitvoering.models import Activiteit, Begrotingspost
from uitvoering.services import Bedragen, bereken_begroting
from woonzorg.models import Organisatie

TOEGEZEGD, VERWACHT = Begrotingspost.Zekerheid.TOEGEZEGD, Begrotingspost.Zekerheid.VERWACHT

GEMEENTE = Organisatie(pk=1, naam="Gemeente A")
CORPORATIE = Organisatie(pk=2, naam="Woningcorporatie X")
ZORGKANTOOR = Organisatie(pk=3, naam="Zorgkantoor Regio A")

GECLUSTERD = Afspraak(pk=11, overeenkomst_id=1, nummer="1.1", titel="Geclusterde woonvormen")
ONTMOETING = Afspraak(pk=21, overeenkomst_id=1, nummer="2.1", titel="Ontmoetingsruimten")


def post(afspraak, jaar, bedrag, financier, zekerheid):
    return Begrotingspost(
        activiteit=Activiteit(afspraak=afspraak, titel=f"Activiteit {afspraak.nummer}"),
        jaar=jaar,
        bedrag=Decimal(bedrag),
        financier=financier,
        zekerheid=zekerheid,
    )


@pytest.fixture
def posten():
    """In no particular order; the afspraak 2.1 first."""
    return {
        "ontmoeting_2023": post(ONTMOETING, 2023, "300.00", GEMEENTE, TOEGEZEGD),
        "bouw_2024_verwacht": post(GECLUSTERD, 2024, "500.00", CORPORATIE, VERWACHT),
        "ontmoeting_2025_onbekend": post(ONTMOETING, 2025, "200.00", None, VERWACHT),
        "bouw_2023": post(GECLUSTERD, 2023, "1000.00", CORPORATIE, TOEGEZEGD),
        "bouw_2024_zonder_financier": post(GECLUSTERD, 2024, "250.00", None, TOEGEZEGD),
        "zorg_2024": post(ONTMOETING, 2024, "100.00", ZORGKANTOOR, TOEGEZEGD),
    }


def bedragen(totaal, toegezegd):
    return Bedragen(Decimal(totaal), Decimal(toegezegd))


def test_gedekt_is_a_financier_that_has_committed(posten):
    assert posten["bouw_2023"].gedekt
    assert not posten["bouw_2024_verwacht"].gedekt  # known, but only expected
    assert not posten["bouw_2024_zonder_financier"].gedekt  # committed, but by nobody known
    assert not posten["ontmoeting_2025_onbekend"].gedekt


def test_the_total(posten):
    begroting = bereken_begroting(posten.values())
    # 300 + 500 + 200 + 1,000 + 250 + 100 = 2,350, of which 300 + 1,000 + 100 = 1,400 gedekt
    assert begroting.totaal == bedragen("2350", "1400")
    assert begroting.totaal.ongedekt == Decimal("950")


def test_totals_per_year_in_order(posten):
    begroting = bereken_begroting(posten.values())
    # 2023: 300 + 1,000, all gedekt; 2024: 500 + 250 + 100, of which 100; 2025: 200, nothing
    assert begroting.per_jaar == [
        (2023, bedragen("1300", "1300")),
        (2024, bedragen("850", "100")),
        (2025, bedragen("200", "0")),
    ]
    assert [b.ongedekt for _jaar, b in begroting.per_jaar] == [0, 750, 200]


def test_totals_per_financier_by_name_the_unknown_last(posten):
    begroting = bereken_begroting(posten.values())
    # corporatie: 500 + 1,000, of which 1,000; unknown: 200 + 250, never gedekt
    assert begroting.per_financier == [
        (GEMEENTE, bedragen("300", "300")),
        (CORPORATIE, bedragen("1500", "1000")),
        (ZORGKANTOOR, bedragen("100", "100")),
        (None, bedragen("450", "0")),
    ]


def test_totals_per_afspraak_by_number(posten):
    begroting = bereken_begroting(posten.values())
    # 1.1: 500 + 1,000 + 250 = 1,750, of which 1,000; 2.1: 300 + 200 + 100 = 600, of which 400
    assert begroting.per_afspraak == [
        (GECLUSTERD, bedragen("1750", "1000")),
        (ONTMOETING, bedragen("600", "400")),
    ]


def test_the_ongedekte_posten_in_their_order(posten):
    begroting = bereken_begroting(posten.values())
    assert begroting.ongedekte_posten == [
        posten["bouw_2024_verwacht"],
        posten["ontmoeting_2025_onbekend"],
        posten["bouw_2024_zonder_financier"],
    ]
    assert sum(p.bedrag for p in begroting.ongedekte_posten) == begroting.totaal.ongedekt


def test_the_parts_add_up_to_the_total(posten):
    begroting = bereken_begroting(posten.values())
    for deel in (begroting.per_jaar, begroting.per_financier, begroting.per_afspraak):
        assert sum((b.totaal for _k, b in deel), Decimal(0)) == begroting.totaal.totaal
        assert sum((b.toegezegd for _k, b in deel), Decimal(0)) == begroting.totaal.toegezegd


def test_no_posten_no_money():
    begroting = bereken_begroting([])
    assert begroting.totaal == Bedragen()
    assert begroting.totaal.ongedekt == 0
    assert begroting.per_jaar == begroting.per_financier == begroting.per_afspraak == []
    assert begroting.ongedekte_posten == []


def test_from_the_database_without_further_queries(wereld, django_assert_num_queries):
    activiteit = ActiviteitFactory(programma__gemeente=wereld.gemeente)
    BegrotingspostFactory(
        activiteit=activiteit, jaar=2022, financier=wereld.corporatie, zekerheid=TOEGEZEGD
    )
    BegrotingspostFactory(activiteit=activiteit, jaar=2023, bedrag=Decimal("2500.50"))
    posten = Begrotingspost.objects.select_related("activiteit__afspraak", "financier")

    with django_assert_num_queries(1):
        begroting = bereken_begroting(posten)

    # 10,000 committed by the corporatie in 2022; 2,500.50 expected from nobody known in 2023
    assert begroting.totaal == bedragen("12500.50", "10000")
    assert begroting.per_financier == [
        (wereld.corporatie, bedragen("10000", "10000")),
        (None, bedragen("2500.50", "0")),
    ]
    assert begroting.per_afspraak == [(activiteit.afspraak, bedragen("12500.50", "10000"))]
    assert [p.jaar for p in begroting.ongedekte_posten] == [2023]
