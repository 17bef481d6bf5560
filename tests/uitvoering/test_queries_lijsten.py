"""The uitvoering pages of this module make a fixed number of queries, however much they show.

Each page is measured with one of everything, then again after nine more were added:
programma's, activiteiten with every link (afspraak, trekker, betrokkenen, gebied, woonvorm),
begrotingsposten with a financier, voortgang reports by different people, and the choices the
forms offer (afspraken, organisaties, gebieden). The counts must be equal, and stay under a
bound that a page of this size has no reason to pass. (The overview, planning and begroting of
a programma are measured in test_queries_overzicht.py.)
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.analyses.factories import woonvorm
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
    VoortgangFactory,
)
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory, UserFactory
from uitvoering.models import Activiteit, Begrotingspost

MAXIMUM = 16  # queries per page, session and user included
PAGINAS = {
    # page: who opens it
    "index": ("beleidsadviseur", "partner"),
    "activiteiten": ("beleidsadviseur", "partner"),
    "activiteit": ("beleidsadviseur", "partner"),
    "voortgang": ("beleidsadviseur", "partner"),
    "activiteit_create": ("beleidsadviseur",),
    "activiteit_update": ("beleidsadviseur",),
    "begrotingsposten": ("beleidsadviseur",),
}


@pytest.fixture
def basis(wereld):
    """A programma with one activiteit the partner's corporatie draws: the one the activiteit
    pages look at."""
    programma = UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente, periode_start=2022, periode_eind=2031
    )
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    activiteit = ActiviteitFactory(
        programma=programma,
        afspraak=AfspraakFactory(overeenkomst=overeenkomst, aantal=100, eenheid="woningen"),
        trekker=wereld.corporatie,
        aantal=20,
        bouwsoort="nieuwbouw",
    )
    return types.SimpleNamespace(
        wereld=wereld,
        programma=programma,
        overeenkomst=overeenkomst,
        activiteit=activiteit,
        jaar=2022,
    )


def vul(b, aantal):
    """Add `aantal` of everything the pages show."""
    gemeente = b.wereld.gemeente
    for _ in range(aantal):
        organisatie = OrganisatieFactory(werkgebied=[gemeente])
        afspraak = AfspraakFactory(overeenkomst=b.overeenkomst, eenheid="woningen")
        # An activiteit the partner draws, late, with everything filled in.
        ActiviteitFactory(
            programma=b.programma,
            afspraak=afspraak,
            trekker=b.wereld.corporatie,
            betrokkenen=[organisatie],
            gebied=GebiedFactory(gemeente=gemeente),
            woonvorm=woonvorm(),
            aantal=10,
            bouwsoort="bestaande_bouw",
            gerealiseerd_aantal=3,
            status=Activiteit.Status.VERTRAAGD,
        )
        # One of another organisatie the partner involved in, in a programma of its own.
        ActiviteitFactory(
            programma=UitvoeringsprogrammaFactory(
                gemeente=gemeente, programmaleider=b.wereld.programmaleider
            ),
            afspraak=afspraak,
            trekker=organisatie,
            betrokkenen=[b.wereld.corporatie],
            start=None,
            eind=None,
        )
        # A post and a report on the activiteit the detail pages look at.
        BegrotingspostFactory(
            activiteit=b.activiteit,
            jaar=b.jaar,
            bedrag=Decimal("1000.00"),
            financier=organisatie,
            zekerheid=Begrotingspost.Zekerheid.TOEGEZEGD,
        )
        b.jaar += 1
        VoortgangFactory(
            activiteit=b.activiteit,
            door=UserFactory(organisatie=organisatie),
            gerealiseerd_aantal=5,
        )


def adres(b, pagina):
    gemeente = b.wereld.gemeente.cbs_code
    if pagina in ("index", "activiteiten"):
        return reverse(f"uitvoering:{pagina}", kwargs={"gemeente": gemeente})
    pk = b.programma.pk if pagina == "activiteit_create" else b.activiteit.pk
    return reverse(f"uitvoering:{pagina}", kwargs={"gemeente": gemeente, "pk": pk})


def tel(client, url):
    client.get(url)  # once first: the session learns the gemeente, which is a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def controleer_inhoud(pagina, inhoud, wie):
    """The page did show the ten, so the count is about real content."""
    if pagina == "index":
        assert inhoud.count('<th scope="row">') == 1 + 10
    elif pagina == "activiteiten":
        assert inhoud.count('id="activiteit-') == 1 + 10 + 10
        assert inhoud.count(">te laat</span>") == 1 + 10  # the first one ended in 2023 too
    elif pagina == "activiteit":
        assert inhoud.count('<tr class="melding">') == 1 + 10 - 1
        assert inhoud.count("€&nbsp;1.000,00") == 10 + 10  # a post and its year's total
    elif pagina == "voortgang":
        assert "De laatste melding is van" in inhoud
    elif pagina in ("activiteit_create", "activiteit_update"):
        assert inhoud.count('name="betrokkenen"') >= 10
        assert inhoud.count("woningen</option>") == 0  # labels are "nummer titel"
    else:
        assert inhoud.count("begrotingspost") >= 10 + 2


@pytest.mark.parametrize(
    "pagina, wie", [(pagina, wie) for pagina, wie_allen in PAGINAS.items() for wie in wie_allen]
)
def test_a_page_makes_as_many_queries_for_ten_as_for_one(basis, login, pagina, wie):
    client = login(basis.wereld.user(wie))
    vul(basis, 1)
    url = adres(basis, pagina)
    bij_een, _ = tel(client, url)

    vul(basis, 9)
    bij_tien, response = tel(client, url)

    controleer_inhoud(pagina, response.content.decode(), wie)
    assert bij_tien == bij_een, f"{pagina}: {bij_een} queries with 1 of each, {bij_tien} with 10"
    assert bij_een <= MAXIMUM, bij_een


def test_the_filtered_list_makes_as_many_queries(basis, login):
    """Filtering adds no query per row either (the te-laat and year filters are SQL)."""
    client = login(basis.wereld.beleidsadviseur)
    url = adres(basis, "activiteiten") + "?te_laat=1&jaar=2023&status=vertraagd"
    vul(basis, 1)
    bij_een, _ = tel(client, url)

    vul(basis, 9)
    bij_tien, response = tel(client, url)

    assert response.content.decode().count('id="activiteit-') == 10
    assert bij_tien == bij_een
    assert datetime.date(2023, 6, 30) < datetime.date.today()  # the factory's eind is past
