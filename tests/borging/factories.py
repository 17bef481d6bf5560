"""Factories for borging: indicatoren with streefwaarden, metingen, evaluaties and rapporten."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from borging.models import Evaluatie, Indicator, Jaarschijfrapport, Meting, Streefwaarde
from prestatieafspraken.models import Afspraak, AfspraakType, Domein, Jaardoel, Overeenkomst
from tests.prestatieafspraken.factories import (
    JaarschijfFactory,
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.uitvoering.factories import UitvoeringsprogrammaFactory
from tests.visies.factories import AmbitieFactory, WoonzorgvisieFactory
from tests.woonzorg.factories import GemeenteFactory, OrganisatieFactory, UserFactory
from uitvoering.models import Activiteit, Begrotingspost


class IndicatorFactory(DjangoModelFactory):
    """A yearly indicator, higher is better, without afspraak, nulmeting or streefwaarden."""

    class Meta:
        model = Indicator

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.Sequence(lambda n: f"Indicator {n}")
    eenheid = "woningen"
    eigenaar = factory.SubFactory(OrganisatieFactory)


class StreefwaardeFactory(DjangoModelFactory):
    class Meta:
        model = Streefwaarde

    indicator = factory.SubFactory(IndicatorFactory)
    jaar = 2025
    waarde = Decimal("100")


class MetingFactory(DjangoModelFactory):
    """A row as the database holds it; real metingen go through services.voer_meting_in."""

    class Meta:
        model = Meting

    indicator = factory.SubFactory(IndicatorFactory)
    jaar = 2024
    waarde = Decimal("10")
    ingevoerd_door = factory.SubFactory(UserFactory)


class EvaluatieFactory(DjangoModelFactory):
    class Meta:
        model = Evaluatie

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2024
    wat_gaat_goed = "De samenwerking met de corporaties loopt goed."


class JaarschijfrapportFactory(DjangoModelFactory):
    class Meta:
        model = Jaarschijfrapport

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2024


def jaarschijfgegevens(gemeente, *, afspraken: int, jaar: int = 2024, eigenaar=None, door=None):
    """A gemeente's year in bulk, for the report's size tests: one signed overeenkomst with
    `afspraken` afspraken over three ambities, each with a jaardoel this year and next, an
    activiteit with a begrotingspost, and an indicator with two streefwaarden and three
    metingen. bulk_create where the model allows it; returns the overeenkomst."""
    eigenaar = eigenaar or OrganisatieFactory(werkgebied=[gemeente])
    door = door or UserFactory(organisatie=eigenaar)
    overeenkomst = OvereenkomstFactory(
        gemeente=gemeente,
        periode_start=jaar - 2,
        periode_eind=jaar + 1,
        status=Overeenkomst.Status.ONDERTEKEND,
    )
    partij = PartijFactory(overeenkomst=overeenkomst, organisatie=eigenaar)
    OndertekeningFactory(overeenkomst=overeenkomst, organisatie=partij.organisatie)
    PartijFactory(overeenkomst=overeenkomst)  # a second party that has not signed
    visie = WoonzorgvisieFactory(gemeente=gemeente)
    ambities = [AmbitieFactory(visie=visie) for _ in range(3)]
    rijen = Afspraak.objects.bulk_create(
        Afspraak(
            overeenkomst=overeenkomst,
            nummer=f"{n % 3 + 1}.{n + 1}",
            domein=Domein.WONEN,
            type=AfspraakType.HANDELING,
            titel=f"Afspraak {n + 1}: geclusterde woningen",
            tekst="Woningcorporatie X realiseert geclusterde woningen voor ouderen.",
            trekker=eigenaar,
            ambitie=ambities[n % 3],
            aantal=40 + n,
            eenheid="woningen",
            deadline=datetime.date(jaar + 1, 12, 31),
        )
        for n in range(afspraken)
    )
    for jaarschijf in (
        JaarschijfFactory(overeenkomst=overeenkomst, jaar=jaar),
        JaarschijfFactory(overeenkomst=overeenkomst, jaar=jaar + 1),
    ):
        Jaardoel.objects.bulk_create(
            Jaardoel(jaarschijf=jaarschijf, afspraak=a, aantal=10, tekst="Tien woningen.")
            for a in rijen
        )
    programma = UitvoeringsprogrammaFactory(
        gemeente=gemeente, periode_start=jaar - 2, periode_eind=jaar + 1
    )
    activiteiten = Activiteit.objects.bulk_create(
        Activiteit(
            programma=programma,
            afspraak=a,
            titel=f"Locatie {n + 1}",
            trekker=eigenaar,
            start=datetime.date(jaar - 1, 3, 1),
            eind=datetime.date(jaar, 6, 30),
            status=Activiteit.Status.IN_UITVOERING,
            aantal=a.aantal,
            gerealiseerd_aantal=n,
        )
        for n, a in enumerate(rijen)
    )
    Begrotingspost.objects.bulk_create(
        Begrotingspost(
            activiteit=a, jaar=jaar, bedrag=Decimal("250000.00"), besteed=Decimal("199999.99")
        )
        for a in activiteiten
    )
    indicatoren = Indicator.objects.bulk_create(
        Indicator(
            gemeente=gemeente,
            naam=f"Opgeleverde woningen locatie {n + 1}",
            eenheid="woningen",
            afspraak=a.afspraak,
            activiteit=a if n % 2 else None,
            eigenaar=eigenaar,
            nulmeting=Decimal(0),
            nulmeting_jaar=jaar - 3,
        )
        for n, a in enumerate(activiteiten)
    )
    Streefwaarde.objects.bulk_create(
        Streefwaarde(indicator=i, jaar=j, waarde=Decimal(w))
        for i in indicatoren
        for j, w in ((jaar, 30), (jaar + 1, 40))
    )
    Meting.objects.bulk_create(
        Meting(indicator=i, jaar=j, waarde=Decimal(w), ingevoerd_door=door)
        for n, i in enumerate(indicatoren)
        for j, w in ((jaar - 2, 8), (jaar - 1, 17), (jaar, 20 + n % 15))
    )
    return overeenkomst
