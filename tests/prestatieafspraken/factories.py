"""Factories for prestatieafspraken: overeenkomsten, partijen, afspraken, jaarschijven."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from prestatieafspraken.models import (
    Afspraak,
    AfspraakType,
    Domein,
    Jaardoel,
    Jaarschijf,
    Ondertekening,
    Overeenkomst,
    Partij,
)
from tests.woonzorg.factories import GemeenteFactory, OrganisatieFactory, UserFactory


class OvereenkomstFactory(DjangoModelFactory):
    class Meta:
        model = Overeenkomst

    gemeente = factory.SubFactory(GemeenteFactory)
    titel = factory.Sequence(lambda n: f"Prestatieafspraken {n}")
    periode_start = 2022
    periode_eind = 2025


class PartijFactory(DjangoModelFactory):
    """A party working in the overeenkomst's gemeente."""

    class Meta:
        model = Partij

    overeenkomst = factory.SubFactory(OvereenkomstFactory)
    organisatie = factory.SubFactory(
        OrganisatieFactory,
        werkgebied=factory.LazyAttribute(
            lambda o: [o.factory_parent.factory_parent.overeenkomst.gemeente]
        ),
    )
    rol = Partij.Rol.ONDERTEKENAAR


class AfspraakFactory(DjangoModelFactory):
    """A handelingsafspraak without trekker, target, deadline or ambitie: not SMART yet."""

    class Meta:
        model = Afspraak

    overeenkomst = factory.SubFactory(OvereenkomstFactory)
    nummer = factory.Sequence(lambda n: f"1.{n + 1}")
    domein = Domein.WONEN
    type = AfspraakType.HANDELING
    titel = factory.Sequence(lambda n: f"Afspraak {n}")
    tekst = "We zetten in op de ontwikkeling van geclusterde woonvormen."

    class Params:
        smart = factory.Trait(
            trekker=factory.SubFactory(OrganisatieFactory),
            aantal=110,
            eenheid="wooneenheden",
            deadline=datetime.date(2025, 12, 31),
            ambitie=factory.SubFactory(
                "tests.visies.factories.AmbitieFactory",
                visie__gemeente=factory.SelfAttribute("...overeenkomst.gemeente"),
            ),
        )


class JaarschijfFactory(DjangoModelFactory):
    class Meta:
        model = Jaarschijf

    overeenkomst = factory.SubFactory(OvereenkomstFactory)
    jaar = 2024


class JaardoelFactory(DjangoModelFactory):
    class Meta:
        model = Jaardoel

    jaarschijf = factory.SubFactory(JaarschijfFactory)
    afspraak = factory.SubFactory(
        AfspraakFactory, overeenkomst=factory.SelfAttribute("..jaarschijf.overeenkomst")
    )
    aantal = 20
    tekst = "Woningcorporatie X levert 20 woningen op."


class OndertekeningFactory(DjangoModelFactory):
    """A signature row as the database holds it; real signing goes through services.onderteken."""

    class Meta:
        model = Ondertekening

    overeenkomst = factory.SubFactory(OvereenkomstFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    ondertekend_door = factory.SubFactory(
        UserFactory, organisatie=factory.SelfAttribute("..organisatie")
    )
    naam = factory.LazyAttribute(lambda o: o.ondertekend_door.get_full_name())
    ondertekend_op = factory.LazyFunction(timezone.now)
    versie = factory.LazyAttribute(lambda o: o.overeenkomst.versie)
    inhoud_hash = "0" * 64
