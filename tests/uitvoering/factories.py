"""Factories for uitvoering: programma's, activiteiten, begrotingsposten and voortgang."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory
from tests.woonzorg.factories import GemeenteFactory, UserFactory
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang


class UitvoeringsprogrammaFactory(DjangoModelFactory):
    class Meta:
        model = Uitvoeringsprogramma

    gemeente = factory.SubFactory(GemeenteFactory)
    titel = factory.Sequence(lambda n: f"Uitvoeringsprogramma {n}")
    periode_start = 2022
    periode_eind = 2025


class ActiviteitFactory(DjangoModelFactory):
    """An activiteit without trekker, aantal or bouwsoort, planned in 2022–2023."""

    class Meta:
        model = Activiteit
        skip_postgeneration_save = True

    programma = factory.SubFactory(UitvoeringsprogrammaFactory)
    afspraak = factory.SubFactory(
        AfspraakFactory,
        overeenkomst=factory.SubFactory(
            OvereenkomstFactory, gemeente=factory.SelfAttribute("...programma.gemeente")
        ),
    )
    titel = factory.Sequence(lambda n: f"Activiteit {n}")
    start = datetime.date(2022, 3, 1)
    eind = datetime.date(2023, 6, 30)

    @factory.post_generation
    def betrokkenen(self, create, extracted, **kwargs):
        if create and extracted:
            self.betrokkenen.add(*extracted)


class BegrotingspostFactory(DjangoModelFactory):
    class Meta:
        model = Begrotingspost

    activiteit = factory.SubFactory(ActiviteitFactory)
    jaar = 2023
    bedrag = Decimal("10000.00")
    zekerheid = Begrotingspost.Zekerheid.VERWACHT


class VoortgangFactory(DjangoModelFactory):
    """A report row as the database holds it; real reports go through services.meld_voortgang."""

    class Meta:
        model = Voortgang

    activiteit = factory.SubFactory(ActiviteitFactory)
    datum = datetime.date(2023, 1, 15)
    status = Activiteit.Status.IN_UITVOERING
    door = factory.SubFactory(UserFactory)
