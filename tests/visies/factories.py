"""Factories for the visie: visies, themes, ambities, doelstellingen and the afwegingskader."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.woonzorg.factories import GemeenteFactory
from visies.models import (
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)


class WoonzorgvisieFactory(DjangoModelFactory):
    class Meta:
        model = Woonzorgvisie

    gemeente = factory.SubFactory(GemeenteFactory)
    titel = factory.Sequence(lambda n: f"Woonzorgvisie {n}")
    periode_start = 2025
    periode_eind = 2030

    class Params:
        vastgesteld = factory.Trait(
            status=Woonzorgvisie.Status.VASTGESTELD,
            vastgesteld_op=datetime.date(2025, 3, 13),
            besluit="Raadsbesluit 2025-017",
        )


class ThemaFactory(DjangoModelFactory):
    class Meta:
        model = Thema

    visie = factory.SubFactory(WoonzorgvisieFactory)
    naam = factory.Sequence(lambda n: f"Thema {n}")


class AmbitieFactory(DjangoModelFactory):
    class Meta:
        model = Ambitie

    visie = factory.SubFactory(WoonzorgvisieFactory)
    thema = factory.SubFactory(ThemaFactory, visie=factory.SelfAttribute("..visie"))
    titel = factory.Sequence(lambda n: f"Ambitie {n}")


class DoelstellingFactory(DjangoModelFactory):
    """A concrete doelstelling by default: a number, a place and a year."""

    class Meta:
        model = Doelstelling

    ambitie = factory.SubFactory(AmbitieFactory)
    omschrijving = "Geclusterde woningen erbij"
    aantal = 140
    eenheid = "woningen"
    locatie = "hele gemeente"
    streefjaar = 2030


class AfwegingscriteriumFactory(DjangoModelFactory):
    class Meta:
        model = Afwegingscriterium

    visie = factory.SubFactory(WoonzorgvisieFactory)
    naam = factory.Sequence(lambda n: f"Criterium {n}")
    weging = 1


class InitiatiefFactory(DjangoModelFactory):
    class Meta:
        model = Initiatief

    visie = factory.SubFactory(WoonzorgvisieFactory)
    titel = factory.Sequence(lambda n: f"Initiatief {n}")
    soort = Initiatief.Soort.BURGERINITIATIEF
    indiener = "Bewonersgroep"
    ingediend_op = datetime.date(2025, 6, 1)


class BeoordelingFactory(DjangoModelFactory):
    class Meta:
        model = Beoordeling

    initiatief = factory.SubFactory(InitiatiefFactory)
    criterium = factory.SubFactory(
        AfwegingscriteriumFactory, visie=factory.SelfAttribute("..initiatief.visie")
    )
    score = 3
    motivering = "Draagt deels bij."
