"""The borging pages make a fixed number of queries, however much they show.

Each page is measured with 3 of everything, then again after 9 more were added: indicatoren with
streefwaarden and metingen (gemeente-wide and per gebied), reaching the partner through each of
its paths (eigenaar, afspraak, activiteit as trekker or betrokkene), each with its own eigenaar;
afspraken past their deadline; evaluaties with afspraken; jaarschijfrapporten requested by
different people; and for the one indicator the pages look at, streefwaarden, metingen, audit
entries and the analysis' figures of its gebied. The counts must be equal, and stay under a
bound that a page of this size has no reason to pass.
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analyses.models import Huishoudens
from borging.models import Frequentie, Jaarschijfrapport
from tests.analyses.factories import BevolkingscijferFactory
from tests.borging.factories import (
    EvaluatieFactory,
    IndicatorFactory,
    JaarschijfrapportFactory,
    MetingFactory,
    StreefwaardeFactory,
)
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory, UserFactory
from woonzorg import audit

MAXIMUM = 16  # queries per page, session and user included
VORIG = timezone.localdate().year - 1
PAGINAS = {
    # page: who opens it
    "index": ("beleidsadviseur", "partner"),
    "indicator": ("beleidsadviseur", "partner"),
    "evaluaties": ("beleidsadviseur", "partner"),
    "evaluatie": ("beleidsadviseur", "partner"),
    "rapporten": ("beleidsadviseur", "lezer"),
}


@pytest.fixture
def basis(wereld):
    """The pact the partner's corporatie is party to, a programma, a wijk with figures, the
    indicator the indicator page looks at, and the evaluatie the evaluatie page looks at."""
    gemeente = wereld.gemeente
    pact = OvereenkomstFactory(gemeente=gemeente, periode_start=VORIG - 3, periode_eind=VORIG + 2)
    PartijFactory(overeenkomst=pact, organisatie=wereld.corporatie)
    gebied = GebiedFactory(gemeente=gemeente, naam="Noord")
    indicator = IndicatorFactory(
        gemeente=gemeente,
        naam="Het indicator van de pagina",
        eigenaar=wereld.corporatie,
        gebied=gebied,
        frequentie=Frequentie.PER_KWARTAAL,
        nulmeting=Decimal(0),
        nulmeting_jaar=2000,
        afspraak=AfspraakFactory(overeenkomst=pact),
    )
    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=gemeente,
        pact=pact,
        programma=UitvoeringsprogrammaFactory(gemeente=gemeente),
        gebied=gebied,
        indicator=indicator,
        evaluatie=EvaluatieFactory(gemeente=gemeente, jaar=2000),
        jaar=2001,  # the next year to fill in for the page's own indicator and the evaluaties
    )


def vul(b, aantal):
    """Add `aantal` of everything the pages show."""
    w = b.wereld
    for n in range(aantal):
        eigenaar = OrganisatieFactory(werkgebied=[b.gemeente])
        afspraak = AfspraakFactory(
            overeenkomst=b.pact,
            trekker=eigenaar,
            deadline=datetime.date(VORIG - 1, 6, 30),  # late: nothing carries it out
        )
        activiteit = ActiviteitFactory(
            programma=b.programma,
            afspraak=AfspraakFactory(overeenkomst=b.pact),
            trekker=w.corporatie if n % 2 else eigenaar,
            betrokkenen=[] if n % 2 else [w.corporatie],
        )
        gebied = GebiedFactory(gemeente=b.gemeente)
        # Alternately the partner's through the afspraak and through the activiteit.
        indicator = IndicatorFactory(
            gemeente=b.gemeente,
            eigenaar=eigenaar if n % 3 else w.corporatie,
            afspraak=afspraak if n % 2 == 0 else None,
            activiteit=activiteit if n % 2 else None,
            gebied=gebied,
            nulmeting=Decimal(0),
            nulmeting_jaar=VORIG - 4,
        )
        StreefwaardeFactory(indicator=indicator, jaar=VORIG, waarde=Decimal(100))
        StreefwaardeFactory(indicator=indicator, jaar=VORIG + 2, waarde=Decimal(150))
        for jaar, waarde in ((VORIG - 2, 20), (VORIG - 1, 30 + n)):
            MetingFactory(indicator=indicator, jaar=jaar, waarde=Decimal(waarde))
        MetingFactory(indicator=indicator, jaar=VORIG - 1, gebied=gebied, waarde=Decimal(4))

        # The page's own indicator: a year more of everything.
        i = b.indicator
        StreefwaardeFactory(indicator=i, jaar=b.jaar, waarde=Decimal(b.jaar - 1990))
        MetingFactory(indicator=i, jaar=b.jaar, waarde=Decimal(n), ingevoerd_door=UserFactory())
        MetingFactory(indicator=i, jaar=b.jaar, kwartaal=2, gebied=b.gebied)
        BevolkingscijferFactory(gebied=b.gebied, jaar=b.jaar, leeftijdsklasse="75+", aantal=n)
        Huishoudens.objects.create(gebied=b.gebied, jaar=b.jaar, totaal=100 + n)
        audit.log(UserFactory(), i, f"Meting {b.jaar} ingevoerd.")

        b.evaluatie.afspraken.add(afspraak)
        evaluatie = EvaluatieFactory(gemeente=b.gemeente, jaar=b.jaar, bijsturing="Bijsturen.")
        evaluatie.afspraken.add(afspraak)
        JaarschijfrapportFactory(
            gemeente=b.gemeente,
            jaar=b.jaar,
            aangevraagd_door=UserFactory(),
            status=Jaarschijfrapport.Status.KLAAR if n % 2 else Jaarschijfrapport.Status.WACHTRIJ,
        )
        b.jaar += 1


def adres(b, pagina):
    kwargs = {"gemeente": b.gemeente.cbs_code}
    if pagina == "indicator":
        kwargs["pk"] = b.indicator.pk
    elif pagina == "evaluatie":
        kwargs["pk"] = b.evaluatie.pk
    return reverse(f"borging:{pagina}", kwargs=kwargs)


def tel(client, url):
    client.get(url)  # once first: the session learns the gemeente, which is a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def controleer_inhoud(pagina, response, aantal):
    """The page did show them all, so the count is about real content."""
    inhoud = response.content.decode()
    context = response.context
    if pagina == "index":
        assert context["aantal"] == 1 + aantal
        assert inhoud.count('<article class="card mb-3 indicator"') == 1 + aantal
        assert len(context["waarschuwingen"].over_deadline) == aantal
        assert len(context["waarschuwingen"].zonder_meting) == aantal
    elif pagina == "indicator":
        assert len(context["metingen"]) == 2 * aantal
        assert len(context["streefwaarden"]) == aantal
        assert len(context["context_rijen"]) == aantal
    elif pagina == "evaluaties":
        assert inhoud.count('<li class="card mb-3">') == 1 + aantal
    elif pagina == "evaluatie":
        assert len(context["afspraken"]) == aantal
    else:
        assert sum(len(r) for _jaar, r in context["per_jaar"]) == aantal
        lopend = [r for _jaar, rapporten in context["per_jaar"] for r in rapporten if r.loopt]
        assert len(lopend) in (2, 7)  # every even one of each batch
        assert inhoud.count('hx-trigger="every 2s"') == len(lopend)


@pytest.mark.parametrize(
    "pagina, wie", [(pagina, wie) for pagina, wie_allen in PAGINAS.items() for wie in wie_allen]
)
def test_a_page_makes_as_many_queries_for_twelve_as_for_three(basis, login, pagina, wie):
    client = login(basis.wereld.user(wie))
    url = adres(basis, pagina)
    vul(basis, 3)
    bij_drie, response = tel(client, url)
    controleer_inhoud(pagina, response, 3)

    vul(basis, 9)
    bij_twaalf, response = tel(client, url)

    controleer_inhoud(pagina, response, 12)
    assert bij_twaalf == bij_drie, f"{pagina}: {bij_drie} queries with 3, {bij_twaalf} with 12"
    assert bij_drie <= MAXIMUM, bij_drie


@pytest.mark.parametrize("filter", ["?stoplicht=rood", "?eigenaar=EIGENAAR", "?page=2"])
def test_the_filtered_monitoring_page_makes_as_many_queries(basis, login, filter):
    client = login(basis.wereld.beleidsadviseur)
    url = adres(basis, "index") + filter.replace("EIGENAAR", str(basis.wereld.corporatie.pk))
    vul(basis, 3)
    bij_drie, _ = tel(client, url)
    vul(basis, 30)
    bij_meer, response = tel(client, url)
    assert response.context["indicatoren"]
    assert bij_meer == bij_drie
