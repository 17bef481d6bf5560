"""The reading pages of prestatieafspraken make a fixed number of queries, however much they show.

Each page is measured with one of everything, then again after nine more were added: afspraken
with every link (trekker, betrokkenen, ambitie, doelstelling, woonvorm, gebied, verwijzingen both
ways, jaardoelen), partijen with and without a signature or an account, earlier signatures,
jaarschijven and other overeenkomsten. The counts must be equal, and stay under a bound that a
page of this size has no reason to pass.
"""

import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import Overeenkomst
from tests.analyses.factories import woonvorm
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.visies.factories import AmbitieFactory, DoelstellingFactory, WoonzorgvisieFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory

MAXIMUM = 22  # queries per page, session and user included (the agreement needs 20)
PAGINAS = ("index", "detail", "afspraken", "afspraak")


@pytest.fixture
def basis(wereld):
    """An overeenkomst out for signature with the partner's corporatie as a party, and one
    afspraak that the pages look at."""
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)
    overeenkomst = OvereenkomstFactory(
        gemeente=wereld.gemeente, visie=visie, periode_start=2000, periode_eind=2030
    )
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    afspraak = AfspraakFactory(overeenkomst=overeenkomst, nummer="1.1")
    services.ter_ondertekening(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    overeenkomst.refresh_from_db()
    return types.SimpleNamespace(
        wereld=wereld, visie=visie, overeenkomst=overeenkomst, afspraak=afspraak, jaar=2000
    )


def vul(b, aantal):
    """Add `aantal` of everything the four pages show."""
    gemeente = b.wereld.gemeente
    for _ in range(aantal):
        ambitie = AmbitieFactory(visie=b.visie)
        organisatie = OrganisatieFactory(werkgebied=[gemeente])
        afspraak = AfspraakFactory(
            overeenkomst=b.overeenkomst,
            nummer=f"1.{b.overeenkomst.afspraken.count() + 1}",
            trekker=organisatie,
            ambitie=ambitie,
            doelstelling=DoelstellingFactory(ambitie=ambitie),
            woonvorm=woonvorm(),
            gebied=GebiedFactory(gemeente=gemeente),
            aantal=10,
            eenheid="woningen",
        )
        afspraak.betrokkenen.set([organisatie, b.wereld.corporatie])
        afspraak.verwijzingen.set([b.afspraak])
        b.afspraak.verwijzingen.add(afspraak)
        jaarschijf = JaarschijfFactory(overeenkomst=b.overeenkomst, jaar=b.jaar)
        b.jaar += 1
        JaardoelFactory(jaarschijf=jaarschijf, afspraak=b.afspraak)
        JaardoelFactory(jaarschijf=jaarschijf, afspraak=afspraak)
        # A party that signed this versie and an earlier one; one with nobody to sign.
        getekend = OrganisatieFactory(werkgebied=[gemeente])
        PartijFactory(overeenkomst=b.overeenkomst, organisatie=getekend)
        OndertekeningFactory(overeenkomst=b.overeenkomst, organisatie=getekend, versie=1)
        OndertekeningFactory(
            overeenkomst=b.overeenkomst, organisatie=getekend, versie=0, vervallen=True
        )
        PartijFactory(
            overeenkomst=b.overeenkomst, organisatie=OrganisatieFactory(werkgebied=[gemeente])
        )
        # Another agreement on the phase page, the partner party to it, with an afspraak.
        andere = OvereenkomstFactory(gemeente=gemeente)
        PartijFactory(overeenkomst=andere, organisatie=b.wereld.corporatie)
        OndertekeningFactory(overeenkomst=andere, organisatie=b.wereld.corporatie)
        AfspraakFactory(overeenkomst=andere, smart=True)


def adres(b, pagina):
    gemeente = b.wereld.gemeente.cbs_code
    if pagina in ("index", "afspraken"):
        return reverse(f"prestatieafspraken:{pagina}", kwargs={"gemeente": gemeente})
    if pagina == "afspraak":
        return b.afspraak.get_absolute_url()
    return b.overeenkomst.get_absolute_url()


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
    if pagina == "index":
        assert inhoud.count('<th scope="row">') == 1 + 10
    elif pagina == "detail":
        assert inhoud.count('id="afspraak-') == 1 + 10
        assert inhoud.count(">getekend</span>") == 10
        assert "Teken namens" in inhoud if wie == "partner" else "Iemand van" in inhoud
    elif pagina == "afspraken":
        assert inhoud.count('id="afspraak-') == 1 + 10 + 10
    else:
        assert inhoud.count(">Jaardoel<") == 1 and inhoud.count("jaarschijf/") >= 10
        genoemd = inhoud[inhoud.index("Wordt genoemd in") :]
        assert genoemd.count("<li>") >= 10

    assert bij_tien == bij_een, f"{pagina}: {bij_een} queries with 1 of each, {bij_tien} with 10"
    assert bij_een <= MAXIMUM
    assert Overeenkomst.objects.get(pk=basis.overeenkomst.pk).status == "ter_ondertekening"


@pytest.mark.parametrize("wie", ["beleidsadviseur", "partner"])
def test_an_ambitie_lists_its_afspraken_at_a_fixed_cost(wereld, login, wie):
    """The visie's ambitie page links each afspraak that makes it concrete (ADR 0006: through the
    reverse relation), without a query per link for its overeenkomst and gemeente."""
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente)
    client = login(wereld.user(wie))

    def afspraken(aantal):
        for _i in range(aantal):
            overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente)
            PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
            AfspraakFactory(overeenkomst=overeenkomst, ambitie=ambitie)

    afspraken(1)
    bij_een, _ = tel(client, ambitie.get_absolute_url())
    afspraken(9)
    bij_tien, response = tel(client, ambitie.get_absolute_url())

    assert response.content.decode().count("/prestatieafspraken/afspraak/") >= 10
    assert bij_tien == bij_een
