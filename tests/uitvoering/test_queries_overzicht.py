"""The programme's overview, planning and begroting make a fixed number of queries.

Each page is measured with one activiteit of every kind, then again after nine more: activiteiten
with a trekker, betrokkenen, gebied, woonvorm and a realised aantal, under their own afspraak with
a target (one of the partner's organisatie, so the partner's pages grow too), begrotingsposten
with and without a financier, an afspraak still without activiteit, and an activiteit of an
agreement the partner is no party to. The counts must be equal and stay under a bound.
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prestatieafspraken.models import Bouwsoort
from tests.analyses.factories import woonvorm
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
)
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory
from uitvoering.models import Begrotingspost

MAXIMUM = 12  # queries per page, session and user included (the overview needs 12)
PAGINAS = ("detail", "planning", "begroting")


@pytest.fixture
def basis(wereld):
    programma = UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente, periode_start=2022, periode_eind=2026
    )
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    vreemde = OvereenkomstFactory(gemeente=wereld.gemeente)  # the partner is no party to it
    return types.SimpleNamespace(
        wereld=wereld, programma=programma, overeenkomst=overeenkomst, vreemde=vreemde, n=0
    )


def vul(b, aantal):
    gemeente = b.wereld.gemeente
    for _ in range(aantal):
        b.n += 1
        trekker = OrganisatieFactory(werkgebied=[gemeente])
        afspraak = AfspraakFactory(
            overeenkomst=b.overeenkomst,
            nummer=f"1.{b.n}",
            aantal=30,
            eenheid="woningen",
            aantal_nieuwbouw=20,
            aantal_bestaande_bouw=10,
            woonvorm=woonvorm(),
        )
        ander = OrganisatieFactory(werkgebied=[gemeente])
        for organisatie, bouwsoort, betrokkenen in (
            (b.wereld.corporatie, Bouwsoort.BESTAANDE_BOUW, [trekker, ander]),
            (trekker, Bouwsoort.NIEUWBOUW, [ander]),  # not the partner's
        ):
            activiteit = ActiviteitFactory(
                programma=b.programma,
                afspraak=afspraak,
                trekker=organisatie,
                betrokkenen=betrokkenen,
                gebied=GebiedFactory(gemeente=gemeente),
                woonvorm=woonvorm("nultredenwoning") if b.n % 2 else None,
                aantal=15,
                bouwsoort=bouwsoort,
                gerealiseerd_aantal=5,
                start=datetime.date(2022, 1, 1) if b.n % 3 else None,
                eind=datetime.date(2023, 1, 1) if b.n % 3 else None,
            )
            BegrotingspostFactory(
                activiteit=activiteit,
                jaar=2022 + b.n % 5,
                bedrag=Decimal("1234.50"),
                financier=organisatie,
                zekerheid=Begrotingspost.Zekerheid.TOEGEZEGD,
            )
            BegrotingspostFactory(activiteit=activiteit, jaar=2023, financier=None)
        # Without activiteit or money.
        AfspraakFactory(
            overeenkomst=b.overeenkomst, nummer=f"2.{b.n}", aantal=5, eenheid="woningen"
        )
        ActiviteitFactory(programma=b.programma, afspraak=afspraak, trekker=trekker)
        # The corporatie's own work on an afspraak it may not open.
        ActiviteitFactory(
            programma=b.programma,
            afspraak=AfspraakFactory(overeenkomst=b.vreemde, nummer=f"3.{b.n}", aantal=4),
            trekker=b.wereld.corporatie,
            aantal=4,
        )


def tel(client, url):
    client.get(url)  # once first: the session learns the gemeente, which is a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


@pytest.mark.parametrize("wie", ["beleidsadviseur", "partner"])
@pytest.mark.parametrize("pagina", PAGINAS)
def test_a_page_makes_as_many_queries_for_ten_as_for_one(basis, login, pagina, wie):
    client = login(basis.wereld.user(wie))
    url = reverse(
        f"uitvoering:{pagina}",
        kwargs={"gemeente": basis.wereld.gemeente.cbs_code, "pk": basis.programma.pk},
    )
    vul(basis, 1)
    bij_een, _ = tel(client, url)
    vul(basis, 9)
    bij_tien, inhoud = tel(client, url)

    # The page did show the ten, so the count is about real content: per ten the partner
    # sees the corporatie's activiteit of 1.x and its own of 3.x, staff all four.
    zichtbaar = 2 * 10 if wie == "partner" else 4 * 10
    if pagina == "detail":
        # 1.x, 2.x (no activiteit yet) and 3.x (the partner only through its activiteit).
        assert inhoud.count('class="afspraak-uitvoering"') == 3 * 10
        assert inhoud.count('<th scope="row" class="fw-normal"><a href="/g/') == zichtbaar
    elif pagina == "planning":
        assert inhoud.count('<li class="tijdlijn-rij') == zichtbaar
    else:
        # Two posts per activiteit with money (1.x), one of them not covered.
        ongedekt = 10 if wie == "partner" else 2 * 10
        assert inhoud.count('<td class="text-end bedrag">€&nbsp;10.000,00</td>') == ongedekt
        per_afspraak = inhoud[inhoud.index('id="per-afspraak"') : inhoud.index('id="ongedekt"')]
        assert per_afspraak.count("/prestatieafspraken/afspraak/") == 10

    assert bij_tien == bij_een, f"{pagina}: {bij_een} queries with 1, {bij_tien} with 10"
    assert bij_een <= MAXIMUM
