"""Factories for the analyse: analyses, figures, norms and findings."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from analyses.models import Behoeftenorm, Bevinding, Bevolkingscijfer, Voorraad, Woonzorganalyse
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory
from woonzorg.models import Woonvorm


def woonvorm(code="geclusterde-woonvorm") -> Woonvorm:
    """Woonvormen are reference data from a migration: fetched, never made."""
    return Woonvorm.objects.get(code=code)


class WoonzorganalyseFactory(DjangoModelFactory):
    class Meta:
        model = Woonzorganalyse

    gemeente = factory.SubFactory(GemeenteFactory)
    titel = factory.Sequence(lambda n: f"Woonzorganalyse {n}")
    peiljaar = 2024


class BevolkingscijferFactory(DjangoModelFactory):
    class Meta:
        model = Bevolkingscijfer

    gebied = factory.SubFactory(GebiedFactory)
    jaar = 2024
    leeftijdsklasse = "75+"
    aantal = 1000
    prognose = False
    bron = "CBS Kerncijfers wijken en buurten 2024"


class VoorraadFactory(DjangoModelFactory):
    class Meta:
        model = Voorraad

    gebied = factory.SubFactory(GebiedFactory)
    woonvorm = factory.LazyFunction(woonvorm)
    jaar = 2024
    aantal = 20
    bron = "Woningregistratie"


class BehoeftenormFactory(DjangoModelFactory):
    class Meta:
        model = Behoeftenorm

    analyse = factory.SubFactory(WoonzorganalyseFactory)
    woonvorm = factory.LazyFunction(woonvorm)
    leeftijdsklasse = "75+"
    per_1000 = Decimal("50")
    bron = "Woonwensenonderzoek 2023"


class BevindingFactory(DjangoModelFactory):
    class Meta:
        model = Bevinding

    analyse = factory.SubFactory(WoonzorganalyseFactory)
    titel = factory.Sequence(lambda n: f"Bevinding {n}")
    bron = "Woonwensenonderzoek 2023"
