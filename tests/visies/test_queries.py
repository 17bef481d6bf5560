"""The reading pages of the visie make a fixed number of queries, however much there is to show.

Each page is measured with one ambitie, doelstelling and initiatief (and one of every link), then
again after nine more of each were added, every one with its M2M links (doelgroepen, woonvormen,
gebieden, bevindingen), a woonvorm and gebied, an organisatie and beoordelingen. The counts must
be equal, and stay under a bound that a page of this size has no reason to pass.
"""

import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory, woonvorm
from tests.visies.factories import (
    AfwegingscriteriumFactory,
    AmbitieFactory,
    BeoordelingFactory,
    DoelstellingFactory,
    InitiatiefFactory,
    WoonzorgvisieFactory,
)
from tests.woonzorg.factories import GebiedFactory
from visies import services
from woonzorg.models import Doelgroep, Woonvorm

MAXIMUM = 20  # queries per page, session and user included (the document needs 18)
PAGINAS = (
    "detail",
    "afdrukken",
    "index",
    "ambitie",
    "afwegingskader",
)


@pytest.fixture
def basis(wereld):
    """A concept visie with its three themes and two criteria, on an analyse of Gemeente A."""
    analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente)
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, analyse=analyse)
    visie.partners.set([wereld.corporatie])
    services.voeg_standaardthemas_toe(visie)
    return types.SimpleNamespace(
        wereld=wereld,
        analyse=analyse,
        visie=visie,
        themas=list(visie.themas.all()),
        criteria=[
            AfwegingscriteriumFactory(visie=visie, weging=3),
            AfwegingscriteriumFactory(visie=visie, weging=1),
        ],
        eerste_ambitie=None,
    )


def vul(b, aantal):
    """Add `aantal` ambities, doelstellingen, initiatieven and visies, all with their links."""
    gemeente = b.wereld.gemeente
    doelgroepen = list(Doelgroep.objects.all()[:2])
    woonvormen = list(Woonvorm.objects.all()[:2])
    for _ in range(aantal):
        gebied = GebiedFactory(gemeente=gemeente)
        bevinding = BevindingFactory(analyse=b.analyse, gebied=gebied)
        ambitie = AmbitieFactory(visie=b.visie, thema=b.themas[b.visie.ambities.count() % 3])
        ambitie.doelgroepen.set(doelgroepen)
        ambitie.woonvormen.set(woonvormen)
        ambitie.gebieden.set([gebied])
        ambitie.bevindingen.set([bevinding])
        DoelstellingFactory(ambitie=ambitie, woonvorm=woonvorm(), gebied=gebied)
        if b.eerste_ambitie is None:
            b.eerste_ambitie = ambitie
        else:
            # The ambitie page grows too: more doelstellingen, bevindingen and gebieden.
            DoelstellingFactory(ambitie=b.eerste_ambitie, woonvorm=woonvorm(), gebied=gebied)
            b.eerste_ambitie.bevindingen.add(bevinding)
            b.eerste_ambitie.gebieden.add(gebied)
        initiatief = InitiatiefFactory(
            visie=b.visie,
            organisatie=b.wereld.corporatie,  # so the partner sees them all
            gebied=gebied,
            woonvorm=woonvorm(),
            aantal=20,
        )
        for criterium in b.criteria:
            BeoordelingFactory(initiatief=initiatief, criterium=criterium, score=3)
        # The index grows with visies, vastgestelde ones with a next version among them.
        oud = WoonzorgvisieFactory(gemeente=gemeente, vastgesteld=True)
        AmbitieFactory(visie=oud)
        InitiatiefFactory(visie=oud)
        services.nieuwe_versie(oud)


def adres(b, pagina):
    gemeente = b.wereld.gemeente.cbs_code
    if pagina == "index":
        return reverse("visies:index", kwargs={"gemeente": gemeente})
    if pagina == "ambitie":
        return b.eerste_ambitie.get_absolute_url()
    return reverse(f"visies:{pagina}", kwargs={"gemeente": gemeente, "pk": b.visie.pk})


def tel(client, url):
    client.get(url)  # once first: the session learns the gemeente, which is a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


@pytest.mark.parametrize("wie", ["beleidsadviseur", "partner"])
@pytest.mark.parametrize("pagina", PAGINAS)
def test_a_reading_page_makes_as_many_queries_for_ten_as_for_one(basis, login, pagina, wie):
    client = login(basis.wereld.user(wie))
    vul(basis, 1)
    url = adres(basis, pagina)
    bij_een, _ = tel(client, url)

    vul(basis, 9)
    bij_tien, response = tel(client, url)

    # The page did show the ten, so the count is about real content.
    inhoud = response.content.decode()
    if pagina in ("detail", "afdrukken"):
        assert inhoud.count('class="ambitie mb-4"') == 10
    elif pagina == "ambitie":
        assert inhoud.count('id="doelstelling-') == 10
    elif pagina == "afwegingskader":
        assert inhoud.count("(12/20)") == 10  # 3×3 + 1×3 of 20
    else:
        assert inhoud.count("<tr>") == 1 + 21  # the header, the visie, 10 old and 10 new

    assert bij_tien == bij_een, f"{pagina}: {bij_een} queries with 1 of each, {bij_tien} with 10"
    assert bij_een <= MAXIMUM
