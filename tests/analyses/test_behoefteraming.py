"""The behoefteraming: demand from population × norm against supply, per gebied, woonvorm and year.

The arithmetic is checked as plain functions with numbers worked out by hand in the comments;
behoefteraming() is then checked against the database for what it fetches and how often.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from analyses import services
from analyses.models import Behoeftenorm, Bevolkingscijfer, Voorraad, Woonzorganalyse
from analyses.services import (
    Norm,
    Raming,
    behoefteraming,
    bereken_ramingen,
    fair_share,
    kerncijfers,
    register_aanbod_bron,
    totaliseer,
)
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory
from woonzorg.models import Gebied, Woonvorm

GECLUSTERD, NULTREDEN = 10, 20  # woonvorm ids in the plain-function tests
WIJK, ANDERE_WIJK, BUURT = 1, 2, 3  # gebied ids


def by_key(ramingen):
    return {(r.gebied_id, r.woonvorm_id, r.jaar): r for r in ramingen}


# --- bereken_ramingen -----------------------------------------------------------------------


def test_vraag_is_the_population_of_each_band_times_its_norm():
    # 1,000 75-plussers × 50 per 1.000 + 200 85-plussers × 100 per 1.000 = 50 + 20 = 70
    normen = [Norm(GECLUSTERD, "75+", Decimal(50)), Norm(GECLUSTERD, "85+", Decimal(100))]
    bevolking = {(WIJK, 2025, "75+"): (1000, False), (WIJK, 2025, "85+"): (200, False)}

    [raming] = bereken_ramingen(normen=normen, bevolking=bevolking, voorraad={})

    assert (raming.gebied_id, raming.woonvorm_id, raming.jaar) == (WIJK, GECLUSTERD, 2025)
    assert raming.vraag == Decimal("70.0")


def test_vraag_is_rounded_half_up_to_one_decimal():
    # 333 × 50 / 1.000 = 16.65 → 16.7 (half up, not to even)
    [raming] = bereken_ramingen(
        normen=[Norm(GECLUSTERD, "75+", Decimal(50))],
        bevolking={(WIJK, 2025, "75+"): (333, False)},
        voorraad={},
    )
    assert raming.vraag == Decimal("16.7")


def test_without_any_count_the_supply_and_the_tekort_are_unknown():
    [raming] = bereken_ramingen(
        normen=[Norm(GECLUSTERD, "75+", Decimal(50))],
        bevolking={(WIJK, 2025, "75+"): (1000, False)},
        voorraad={},
    )
    assert raming.aanbod is None
    assert raming.tekort is None


def test_the_latest_count_in_or_before_a_year_is_that_years_supply():
    # vraag is 1,000 × 50 / 1.000 = 50 every year; counted: 30 in 2020 and 40 in 2025.
    # 2019: nothing counted yet; 2023 carries 2020's 30 forward; 2030 carries 2025's 40.
    jaren = (2019, 2020, 2023, 2025, 2030)
    ramingen = bereken_ramingen(
        normen=[Norm(GECLUSTERD, "75+", Decimal(50))],
        bevolking={(WIJK, jaar, "75+"): (1000, False) for jaar in jaren},
        voorraad={(WIJK, GECLUSTERD, 2020): 30, (WIJK, GECLUSTERD, 2025): 40},
    )
    assert [(r.jaar, r.vraag, r.aanbod, r.tekort) for r in ramingen] == [
        (2019, Decimal("50.0"), None, None),
        (2020, Decimal("50.0"), 30, Decimal("20.0")),
        (2023, Decimal("50.0"), 30, Decimal("20.0")),
        (2025, Decimal("50.0"), 40, Decimal("10.0")),
        (2030, Decimal("50.0"), 40, Decimal("10.0")),
    ]


def test_supply_of_another_woonvorm_or_gebied_does_not_count():
    [raming] = bereken_ramingen(
        normen=[Norm(GECLUSTERD, "75+", Decimal(50))],
        bevolking={(WIJK, 2025, "75+"): (1000, False)},
        voorraad={(WIJK, NULTREDEN, 2025): 300, (ANDERE_WIJK, GECLUSTERD, 2025): 20},
    )
    assert raming.aanbod is None


def test_a_gebied_missing_one_age_band_gets_no_demand_for_a_woonvorm_that_needs_it():
    # Geclusterd uses 75+ and 85+; the andere wijk has no 85+ figure, so no geclusterd demand
    # there (half a sum would understate it). Nultreden only uses 75+: computed for both.
    normen = [
        Norm(GECLUSTERD, "75+", Decimal(50)),
        Norm(GECLUSTERD, "85+", Decimal(100)),
        Norm(NULTREDEN, "75+", Decimal(330)),
    ]
    bevolking = {
        (WIJK, 2025, "75+"): (1000, False),
        (WIJK, 2025, "85+"): (200, False),
        (ANDERE_WIJK, 2025, "75+"): (500, False),
    }
    ramingen = by_key(bereken_ramingen(normen=normen, bevolking=bevolking, voorraad={}))

    assert set(ramingen) == {
        (WIJK, GECLUSTERD, 2025),
        (WIJK, NULTREDEN, 2025),
        (ANDERE_WIJK, NULTREDEN, 2025),
    }
    # 500 × 330 / 1.000 = 165
    assert ramingen[ANDERE_WIJK, NULTREDEN, 2025].vraag == Decimal("165.0")


def test_extra_aanbod_is_added_to_the_counted_supply():
    # wijk: counted 30 in 2020, plus 20 delivered by 2025 → 50; vraag 50 → tekort 0.
    # andere wijk: nothing counted, 15 delivered → 15; vraag 25 → tekort 10.
    # An extra of 0 where nothing is counted leaves the supply unknown.
    normen = [Norm(GECLUSTERD, "75+", Decimal(50))]
    bevolking = {
        (WIJK, 2025, "75+"): (1000, False),
        (ANDERE_WIJK, 2025, "75+"): (500, False),
        (BUURT, 2025, "75+"): (100, False),
    }
    ramingen = by_key(
        bereken_ramingen(
            normen=normen,
            bevolking=bevolking,
            voorraad={(WIJK, GECLUSTERD, 2020): 30},
            extra_aanbod={
                (WIJK, GECLUSTERD, 2025): 20,
                (ANDERE_WIJK, GECLUSTERD, 2025): 15,
                (BUURT, GECLUSTERD, 2025): 0,
            },
        )
    )
    assert (ramingen[WIJK, GECLUSTERD, 2025].aanbod, ramingen[WIJK, GECLUSTERD, 2025].tekort) == (
        50,
        Decimal("0.0"),
    )
    assert ramingen[ANDERE_WIJK, GECLUSTERD, 2025].aanbod == 15
    assert ramingen[ANDERE_WIJK, GECLUSTERD, 2025].tekort == Decimal("10.0")
    assert ramingen[BUURT, GECLUSTERD, 2025].aanbod is None


def test_more_supply_than_demand_is_a_negative_tekort_an_overschot():
    # vraag 1,000 × 50 / 1.000 = 50, aanbod 80 → tekort −30
    [raming] = bereken_ramingen(
        normen=[Norm(GECLUSTERD, "75+", Decimal(50))],
        bevolking={(WIJK, 2025, "75+"): (1000, False)},
        voorraad={(WIJK, GECLUSTERD, 2025): 80},
    )
    assert raming.tekort == Decimal("-30.0")


def test_a_forecast_figure_makes_the_raming_a_forecast():
    normen = [Norm(GECLUSTERD, "75+", Decimal(50)), Norm(GECLUSTERD, "85+", Decimal(100))]
    bevolking = {
        (WIJK, 2024, "75+"): (1000, False),
        (WIJK, 2024, "85+"): (200, False),
        (WIJK, 2030, "75+"): (1200, True),
        (WIJK, 2030, "85+"): (300, False),  # one forecast band is enough
    }
    ramingen = bereken_ramingen(normen=normen, bevolking=bevolking, voorraad={})
    assert [(r.jaar, r.prognose) for r in ramingen] == [(2024, False), (2030, True)]


def test_no_norms_no_ramingen():
    assert (
        bereken_ramingen(normen=[], bevolking={(WIJK, 2025, "75+"): (1, False)}, voorraad={}) == []
    )


# --- totaliseer ----------------------------------------------------------------------------


def raming(gebied_id, jaar, vraag, aanbod, prognose=False, woonvorm_id=GECLUSTERD):
    return Raming(gebied_id, woonvorm_id, jaar, Decimal(vraag), aanbod, prognose)


def test_the_total_sums_the_given_gebieden_only():
    # The buurt lies in the wijk: its figures are already in the wijk's, so it is left out.
    # 2025: vraag 50 + 25 = 75, aanbod 30 + 10 = 40, tekort 35.
    ramingen = [
        raming(WIJK, 2025, 50, 30),
        raming(ANDERE_WIJK, 2025, 25, 10),
        raming(BUURT, 2025, 20, 5),
    ]
    [totaal] = totaliseer(ramingen, {WIJK, ANDERE_WIJK})
    assert (totaal.gebied_id, totaal.woonvorm_id, totaal.jaar) == (None, GECLUSTERD, 2025)
    assert (totaal.vraag, totaal.aanbod, totaal.tekort) == (Decimal(75), 40, Decimal(35))


def test_the_total_supply_is_unknown_when_one_gebieds_supply_is():
    # 2030: the andere wijk's supply is unknown, so the total's is too (a sum of 30 would
    # understate the supply and overstate the tekort); the demand still adds up to 90.
    ramingen = [raming(WIJK, 2030, 60, 30), raming(ANDERE_WIJK, 2030, 30, None)]
    [totaal] = totaliseer(ramingen, {WIJK, ANDERE_WIJK})
    assert totaal.vraag == Decimal(90)
    assert totaal.aanbod is None
    assert totaal.tekort is None


def test_totals_per_woonvorm_and_year_keep_the_forecast_flag():
    ramingen = [
        raming(WIJK, 2024, 50, 30),
        raming(ANDERE_WIJK, 2024, 25, 10),
        raming(WIJK, 2030, 60, 30, prognose=True),
        raming(ANDERE_WIJK, 2030, 30, 10, prognose=False),
        raming(WIJK, 2024, 300, 250, woonvorm_id=NULTREDEN),
    ]
    totalen = totaliseer(ramingen, {WIJK, ANDERE_WIJK})
    assert [(t.woonvorm_id, t.jaar, t.vraag, t.aanbod, t.prognose) for t in totalen] == [
        (GECLUSTERD, 2024, Decimal(75), 40, False),
        (GECLUSTERD, 2030, Decimal(90), 40, True),
        (NULTREDEN, 2024, Decimal(300), 250, False),
    ]


# --- fair_share ----------------------------------------------------------------------------


def test_fair_share_scales_the_national_targets_by_the_share_of_75_plussers():
    # 0.25% of 170,000 nultredenwoningen = 425; of 80,000 geclusterde = 200; of 40,000 = 100
    assert [(f.woonvorm_code, f.landelijk, f.gemeente) for f in fair_share(Decimal("0.25"))] == [
        ("nultredenwoning", 170_000, 425),
        ("geclusterde-woonvorm", 80_000, 200),
        ("verpleegzorgplek", 40_000, 100),
    ]


def test_fair_share_rounds_half_up():
    # 0.005% of 170,000 = 8.5 → 9; of 80,000 = 4; of 40,000 = 2
    assert [f.gemeente for f in fair_share(Decimal("0.005"))] == [9, 4, 2]


# --- behoefteraming() against the database ---------------------------------------------------


@pytest.fixture
def aanbod_bronnen(monkeypatch):
    """An empty registry for the test; the phases that registered themselves come back after."""
    bronnen = []
    monkeypatch.setattr(services, "_aanbod_bronnen", bronnen)
    return bronnen


@pytest.fixture
def gemeente_a(db, aanbod_bronnen):
    """Two wijken, a buurt of the first, norms for two woonvormen, figures for 2024 and 2030.

    geclusterd: 50 per 1.000 75+        verpleeg: 100 per 1.000 85+
                  75+ 2024/2030  85+ 2024/2030   geclusterd 2024   verpleeg 2024
    wijk 1        1000 / 1200    200 / 300       20                30
    wijk 2         600 /  800    100 / 150       10                 0
    buurt in 1     400 /  500     80 / 100       20 (all of wijk 1) 0
    """
    gemeente = GemeenteFactory()
    wijk1 = GebiedFactory(gemeente=gemeente, naam="Wijk 1", cbs_code="WK000101")
    wijk2 = GebiedFactory(gemeente=gemeente, naam="Wijk 2", cbs_code="WK000102")
    buurt = GebiedFactory(
        gemeente=gemeente,
        naam="Buurt 1",
        soort=Gebied.Soort.BUURT,
        cbs_code="BU00010101",
        parent=wijk1,
    )
    geclusterd = Woonvorm.objects.get(code="geclusterde-woonvorm")
    verpleeg = Woonvorm.objects.get(code="verpleegzorgplek")
    analyse = Woonzorganalyse.objects.create(gemeente=gemeente, titel="Analyse", peiljaar=2024)
    Behoeftenorm.objects.create(
        analyse=analyse, woonvorm=geclusterd, leeftijdsklasse="75+", per_1000=50, bron="norm"
    )
    Behoeftenorm.objects.create(
        analyse=analyse, woonvorm=verpleeg, leeftijdsklasse="85+", per_1000=100, bron="norm"
    )
    for gebied, (k75, k75p, k85, k85p) in {
        wijk1: (1000, 1200, 200, 300),
        wijk2: (600, 800, 100, 150),
        buurt: (400, 500, 80, 100),
    }.items():
        for jaar, klasse, aantal in (
            (2024, "75+", k75),
            (2030, "75+", k75p),
            (2024, "85+", k85),
            (2030, "85+", k85p),
        ):
            Bevolkingscijfer.objects.create(
                gebied=gebied,
                jaar=jaar,
                leeftijdsklasse=klasse,
                aantal=aantal,
                prognose=jaar > 2024,
            )
    for gebied, woonvorm, aantal in (
        (wijk1, geclusterd, 20),
        (wijk1, verpleeg, 30),
        (wijk2, geclusterd, 10),
        (wijk2, verpleeg, 0),
        (buurt, geclusterd, 20),
        (buurt, verpleeg, 0),
    ):
        Voorraad.objects.create(gebied=gebied, woonvorm=woonvorm, jaar=2024, aantal=aantal)

    # Another gemeente's figures never enter this analyse.
    elders = GebiedFactory(naam="Elders", cbs_code="WK000201")
    Bevolkingscijfer.objects.create(gebied=elders, jaar=2024, leeftijdsklasse="75+", aantal=9999)
    Voorraad.objects.create(gebied=elders, woonvorm=geclusterd, jaar=2024, aantal=999)

    return SimpleNamespace(
        gemeente=gemeente,
        wijk1=wijk1,
        wijk2=wijk2,
        buurt=buurt,
        geclusterd=geclusterd,
        verpleeg=verpleeg,
        # fetched as a view would, with its gemeente
        analyse=Woonzorganalyse.objects.select_related("gemeente").get(pk=analyse.pk),
    )


def cijfers(ramingen, gebied, woonvorm):
    """(jaar, vraag, aanbod, tekort) per year for one gebied (None: the total) and woonvorm."""
    gebied_id = gebied.pk if gebied else None
    return [
        (r.jaar, r.vraag, r.aanbod, r.tekort)
        for r in ramingen
        if r.gebied_id == gebied_id and r.woonvorm_id == woonvorm.pk
    ]


def test_behoefteraming_per_gebied_and_for_the_gemeente(gemeente_a):
    a = gemeente_a
    ramingen = behoefteraming(a.analyse)

    # wijk 1, geclusterd: 1,000 × 50 / 1.000 = 50 against 20; 1,200 × 50 / 1.000 = 60
    assert cijfers(ramingen, a.wijk1, a.geclusterd) == [
        (2024, Decimal("50.0"), 20, Decimal("30.0")),
        (2030, Decimal("60.0"), 20, Decimal("40.0")),
    ]
    # the buurt on its own: 400 × 50 / 1.000 = 20 against 20
    assert cijfers(ramingen, a.buurt, a.geclusterd)[0] == (2024, Decimal("20.0"), 20, Decimal(0))
    # gemeente = wijk 1 + wijk 2, the buurt not again:
    # geclusterd 2024: 50 + 30 = 80 against 20 + 10 = 30; 2030: 60 + 40 = 100 against 30
    assert cijfers(ramingen, None, a.geclusterd) == [
        (2024, Decimal("80.0"), 30, Decimal("50.0")),
        (2030, Decimal("100.0"), 30, Decimal("70.0")),
    ]
    # verpleeg 2024: 200 × 100 / 1.000 + 100 × 100 / 1.000 = 30 against 30 + 0;
    # 2030: 30 + 15 = 45 against 30
    assert cijfers(ramingen, None, a.verpleeg) == [
        (2024, Decimal("30.0"), 30, Decimal("0.0")),
        (2030, Decimal("45.0"), 30, Decimal("15.0")),
    ]
    totalen = [r for r in ramingen if r.gebied_id is None]
    assert [(r.jaar, r.prognose) for r in totalen] == [
        (2024, False),
        (2030, True),
        (2024, False),
        (2030, True),
    ]
    assert {r.gebied_id for r in ramingen} == {a.wijk1.pk, a.wijk2.pk, a.buurt.pk, None}


def test_behoefteraming_filtered_by_gebieden(gemeente_a):
    a = gemeente_a
    ramingen = behoefteraming(a.analyse, gebieden=[a.wijk2])
    assert {r.gebied_id for r in ramingen} == {a.wijk2.pk, None}
    # the total is wijk 2 alone: 600 × 50 / 1.000 = 30 against 10
    assert cijfers(ramingen, None, a.geclusterd)[0] == (2024, Decimal("30.0"), 10, Decimal(20))


def test_a_buurt_counts_in_the_total_when_its_wijk_has_no_figures(gemeente_a):
    a = gemeente_a
    ramingen = behoefteraming(a.analyse, gebieden=[a.buurt, a.wijk2])
    # buurt 400 × 50 / 1.000 = 20 plus wijk 2 600 × 50 / 1.000 = 30 = 50, against 20 + 10
    assert cijfers(ramingen, None, a.geclusterd)[0] == (2024, Decimal("50.0"), 30, Decimal(20))


def test_only_the_top_gives_the_same_totals_without_the_buurten(gemeente_a):
    a = gemeente_a
    alles = behoefteraming(a.analyse)

    bovenste = behoefteraming(a.analyse, alleen_bovenste=True)

    assert {r.gebied_id for r in bovenste} == {a.wijk1.pk, a.wijk2.pk, None}
    assert [r for r in bovenste if r.gebied_id is None] == [r for r in alles if r.gebied_id is None]


def test_only_the_top_counts_a_buurt_whose_wijk_has_no_figures(gemeente_a):
    a = gemeente_a
    Bevolkingscijfer.objects.filter(gebied=a.wijk1).delete()

    bovenste = behoefteraming(a.analyse, alleen_bovenste=True)

    assert {r.gebied_id for r in bovenste} == {a.buurt.pk, a.wijk2.pk, None}
    # buurt 400 × 50 / 1.000 = 20 plus wijk 2 600 × 50 / 1.000 = 30 = 50
    assert cijfers(bovenste, None, a.geclusterd)[0][1] == Decimal("50.0")


def test_behoefteraming_filtered_by_woonvormen(gemeente_a):
    a = gemeente_a
    ramingen = behoefteraming(a.analyse, woonvormen=[a.verpleeg])
    assert {r.woonvorm_id for r in ramingen} == {a.verpleeg.pk}
    assert len(ramingen) == 4 * 2  # (3 gebieden + the total) × 2 years


def test_behoefteraming_without_norms_is_empty(gemeente_a, django_assert_num_queries):
    opvangplek = Woonvorm.objects.get(code="opvangplek")  # no norm for it
    with django_assert_num_queries(1):
        assert behoefteraming(gemeente_a.analyse, woonvormen=[opvangplek]) == []


# normen, bevolking (with each gebied's parent, for the totals) and voorraad.
QUERIES = 3


def test_behoefteraming_takes_a_fixed_number_of_queries(gemeente_a, django_assert_num_queries):
    a = gemeente_a
    with django_assert_num_queries(QUERIES):
        small = behoefteraming(a.analyse)
    for n in range(3, 9):
        wijk = GebiedFactory(gemeente=a.gemeente, naam=f"Wijk {n}", cbs_code=f"WK0001{n:02d}")
        Bevolkingscijfer.objects.create(gebied=wijk, jaar=2024, leeftijdsklasse="75+", aantal=100)
        Voorraad.objects.create(gebied=wijk, woonvorm=a.geclusterd, jaar=2024, aantal=1)
    with django_assert_num_queries(QUERIES):
        large = behoefteraming(a.analyse)
    assert len(large) > len(small)


def test_a_registered_aanbod_bron_adds_supply(
    gemeente_a, aanbod_bronnen, django_assert_num_queries
):
    a = gemeente_a
    calls = []

    def opgeleverd(analyse, gebied_ids, woonvorm_ids):
        # like a later phase: one query for what it delivers, keyed (gebied, woonvorm, jaar)
        calls.append((analyse, sorted(gebied_ids), sorted(woonvorm_ids)))
        list(Gebied.objects.filter(pk__in=gebied_ids).values_list("pk"))
        return {(a.wijk1.pk, a.geclusterd.pk, 2030): 20}

    assert register_aanbod_bron(opgeleverd) is opgeleverd  # usable as a decorator
    with django_assert_num_queries(QUERIES + 1):
        ramingen = behoefteraming(a.analyse)

    assert calls == [
        (
            a.analyse,
            sorted([a.wijk1.pk, a.wijk2.pk, a.buurt.pk]),
            sorted([a.geclusterd.pk, a.verpleeg.pk]),
        )
    ]
    # wijk 1 in 2030: 20 counted + 20 delivered = 40 against 60 → 20
    assert cijfers(ramingen, a.wijk1, a.geclusterd)[1] == (2030, Decimal("60.0"), 40, Decimal(20))
    # gemeente in 2030: 100 against 40 + 10 = 50 → 50 (was 70)
    assert cijfers(ramingen, None, a.geclusterd)[1] == (2030, Decimal("100.0"), 50, Decimal(50))


def test_registering_a_bron_twice_counts_it_once(gemeente_a, aanbod_bronnen):
    a = gemeente_a

    def opgeleverd(analyse, gebied_ids, woonvorm_ids):
        return {(a.wijk1.pk, a.geclusterd.pk, 2030): 20}

    register_aanbod_bron(opgeleverd)
    register_aanbod_bron(opgeleverd)

    assert aanbod_bronnen == [opgeleverd]
    assert cijfers(behoefteraming(a.analyse), None, a.geclusterd)[1][2] == 50  # not 70


def test_two_bronnen_add_up(gemeente_a, aanbod_bronnen):
    a = gemeente_a
    register_aanbod_bron(lambda *args: {(a.wijk1.pk, a.geclusterd.pk, 2030): 20})
    register_aanbod_bron(lambda *args: {(a.wijk1.pk, a.geclusterd.pk, 2030): 5})
    # wijk 1 in 2030: 20 counted + 20 + 5 = 45
    assert cijfers(behoefteraming(a.analyse), a.wijk1, a.geclusterd)[1][2] == 45


# --- kerncijfers ---------------------------------------------------------------------------


def test_kerncijfers_per_gebied_and_year(gemeente_a, django_assert_num_queries):
    a = gemeente_a
    Bevolkingscijfer.objects.create(gebied=a.wijk1, jaar=2024, leeftijdsklasse="65+", aantal=2100)
    Bevolkingscijfer.objects.create(
        gebied=a.wijk1, jaar=2024, leeftijdsklasse="totaal", aantal=8000
    )

    with django_assert_num_queries(2):  # the gebieden, then their figures
        rijen = kerncijfers(a.gemeente, [2024, 2030])
        per_gebied = {rij.gebied: rij for rij in rijen}  # the gebied came with the figures

    assert set(per_gebied) == {a.wijk1, a.wijk2, a.buurt}
    wijk1 = per_gebied[a.wijk1]
    assert wijk1.get("65+", 2024) == 2100
    assert wijk1.get("75+", 2030) == 1200
    assert wijk1.get("85+", 2024) == 200
    assert wijk1.get("65+", 2030) is None  # no forecast of 65+ in this fixture
    assert ("totaal", 2024) not in wijk1.waarden  # the key figures are the older bands


def test_kerncijfers_for_some_years_and_gebieden(gemeente_a):
    a = gemeente_a
    [rij] = kerncijfers(a.gemeente, [2030], gebieden=[a.wijk2])
    assert rij.gebied == a.wijk2
    assert rij.waarden == {("75+", 2030): 800, ("85+", 2030): 150}
