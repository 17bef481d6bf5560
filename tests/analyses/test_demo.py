"""The analyse of the demo "Gemeente A": loaded by load_demo, idempotent, and telling its story."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from analyses import demo, services
from analyses.models import (
    Behoeftenorm,
    Bevinding,
    Bevolkingscijfer,
    Huishoudens,
    Voorraad,
    Woonzorganalyse,
)
from analyses.services import behoefteraming
from woonzorg.models import Gebied, Woonvorm

pytestmark = pytest.mark.django_db

MODELS = (Woonzorganalyse, Bevolkingscijfer, Huishoudens, Voorraad, Behoeftenorm, Bevinding)


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def analyse():
    load_demo()
    return Woonzorganalyse.objects.select_related("gemeente").get()


@pytest.fixture
def eigen_cijfers(monkeypatch):
    """The analyse's own figures only: later phases register planned homes as extra supply."""
    monkeypatch.setattr(services, "_aanbod_bronnen", [])


def totaal(ramingen, code):
    woonvorm = Woonvorm.objects.get(code=code)
    return {r.jaar: r for r in ramingen if r.gebied_id is None and r.woonvorm_id == woonvorm.pk}


def test_load_demo_loads_the_analyse_once(db):
    output = load_demo()
    loaded = counts()
    # 4 wijken × (4 bands measured in 2024 + 3 bands forecast for 2025–2035)
    assert loaded == {
        "Woonzorganalyse": 1,
        "Bevolkingscijfer": 4 * (4 + 3 * 11),
        "Huishoudens": 4,
        "Voorraad": 4 * 3,
        "Behoeftenorm": 3,
        "Bevinding": 3,
    }
    assert (
        "Analyse: Woonzorganalyse Gemeente A 2024: 148 bevolkingscijfers, 4 huishoudcijfers, "
        "12 voorraadcijfers, 3 behoeftenormen, 3 bevindingen"
    ) in output

    assert load_demo() == output
    assert counts() == loaded


def test_the_demo_analyse(analyse):
    assert analyse.titel == "Woonzorganalyse Gemeente A 2024"
    assert analyse.gemeente.cbs_code == "GM9001"
    assert (analyse.peiljaar, analyse.status) == (2024, Woonzorganalyse.Status.VASTGESTELD)
    assert analyse.aandeel_75plus == Decimal("0.250")
    assert analyse.aandeel_75plus_bron.startswith("CBS StatLine")
    analyse.full_clean()
    for bevinding in analyse.bevindingen.all():
        bevinding.full_clean()


def test_the_23_percent_finding_of_the_worked_example(analyse):
    bevinding = analyse.bevindingen.get(titel__startswith="23%")
    assert bevinding.titel == (
        "23% van de 65-plussers wil verhuizen naar een geschikte woning waar ontmoeting mogelijk is"
    )
    assert (bevinding.waarde, bevinding.eenheid) == (Decimal(23), "%")
    assert bevinding.doelgroep.code == "ouderen"
    assert bevinding.woonvorm.code == "geclusterde-woonvorm"
    assert bevinding.bron == "Woonwensenonderzoek gemeente A 2023"


def test_the_geclusterde_woningen_fall_about_110_short_in_2025(analyse, eigen_cijfers):
    geclusterd = totaal(behoefteraming(analyse), "geclusterde-woonvorm")
    # 75-plussers in 2025: 807 + 973 + 787 + 725 = 3,292; × 50 / 1.000 per wijk
    # = 40.4 + 48.7 + 39.4 + 36.3 = 164.8, against 24 + 20 + 0 + 12 = 56 in the voorraad
    assert geclusterd[2025].vraag == Decimal("164.8")
    assert geclusterd[2025].aanbod == 56
    assert geclusterd[2025].tekort == Decimal("108.8")
    assert geclusterd[2025].prognose
    assert geclusterd[2030].tekort == Decimal("139.5")


def test_verpleegzorgplekken_fall_short_from_2030(analyse, eigen_cijfers):
    verpleeg = totaal(behoefteraming(analyse), "verpleegzorgplek")
    tekort_vanaf = min(jaar for jaar, raming in verpleeg.items() if raming.tekort > 0)
    assert tekort_vanaf == 2030
    assert verpleeg[2029].tekort == Decimal("-2.3")
    # the finding's number is the 2035 tekort, rounded
    bevinding = analyse.bevindingen.get(woonvorm__code="verpleegzorgplek")
    assert verpleeg[2035].tekort == Decimal("44.7")
    assert bevinding.waarde == Decimal(45)


def test_wijk_y_is_the_oldest_wijk_as_its_finding_says(analyse):
    aandelen = {}
    for gebied in Gebied.objects.filter(cbs_code__in=demo.BEVOLKING):
        cijfers = dict(
            gebied.bevolkingscijfers.filter(jaar=2024).values_list("leeftijdsklasse", "aantal")
        )
        aandelen[gebied.naam] = (
            round(Decimal(100 * cijfers["65+"]) / cijfers["totaal"], 1),
            round(Decimal(100 * cijfers["75+"]) / cijfers["totaal"], 1),
        )
    assert max(aandelen, key=lambda naam: aandelen[naam][1]) == "Wijk Y"
    assert aandelen["Wijk Y"] == (Decimal("28.0"), Decimal("14.6"))
    bevinding = analyse.bevindingen.get(gebied__naam="Wijk Y")
    assert bevinding.waarde == aandelen["Wijk Y"][1]


def test_the_forecast_grows_plausibly(analyse):
    wijk_y = Gebied.objects.get(cbs_code="WK900102")
    reeks = dict(
        wijk_y.bevolkingscijfers.filter(leeftijdsklasse="75+").values_list("jaar", "aantal")
    )
    assert sorted(reeks) == list(range(2024, 2036))
    assert reeks[2024] == 940
    assert reeks[2025] == 973  # +3.5%
    assert all(reeks[jaar + 1] > reeks[jaar] for jaar in range(2024, 2035))
    assert not wijk_y.bevolkingscijfers.get(jaar=2024, leeftijdsklasse="75+").prognose
    assert wijk_y.bevolkingscijfers.get(jaar=2025, leeftijdsklasse="75+").prognose
