"""The signing page through the client, per role.

Gemeente A's overeenkomst is ter ondertekening with two parties: Woningcorporatie X (its partner
signs) and the gemeente itself (its beleidsadviseur signs; its lezer may not). Zorgaanbieder Y
works in Gemeente A, is betrokken at an afspraak, but is no party: its partner sees nothing.
"""

import datetime
import re
import types

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import Domein, Ondertekening, Overeenkomst, Partij
from prestatieafspraken.views.ondertekening import getekende_tekst
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from woonzorg.models import Rol

Status = Overeenkomst.Status
AFSPRAAK_TEKST = "Woningcorporatie X realiseert 110 geclusterde wooneenheden voor ouderen."


def html(response):
    return response.content.decode()


def url(overeenkomst):
    return reverse(
        "prestatieafspraken:ondertekenen",
        kwargs={"gemeente": overeenkomst.gemeente.cbs_code, "pk": overeenkomst.pk},
    )


def getoonde_hash(response):
    """The hash the form carries: the one of the text on the page."""
    return re.search(r'name="inhoud_hash" value="([0-9a-f]{64})"', html(response)).group(1)


def meldingen(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def post(client, overeenkomst, inhoud_hash, **extra):
    data = {"inhoud_hash": inhoud_hash, "functie": "directeur-bestuurder", "akkoord": "on"}
    return client.post(url(overeenkomst), {**data, **extra})


@pytest.fixture
def zorgaanbieder(wereld):
    return OrganisatieFactory(naam="Zorgaanbieder Y", werkgebied=[wereld.gemeente])


@pytest.fixture
def o(wereld, zorgaanbieder):
    """Ter ondertekening, two parties, an afspraak per domein (one with ambitie, one without)."""
    overeenkomst = OvereenkomstFactory(
        gemeente=wereld.gemeente, titel="Prestatieafspraken wonen en zorg"
    )
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    PartijFactory(
        overeenkomst=overeenkomst,
        organisatie=wereld.gemeente_organisatie,
        rol=Partij.Rol.MEDEONDERTEKENAAR,
    )
    wonen = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="1.1",
        titel="Geclusterd wonen",
        tekst=AFSPRAAK_TEKST,
        smart=True,
        trekker=wereld.corporatie,
        aantal=110,
        eenheid="wooneenheden",
        aantal_nieuwbouw=80,
        aantal_bestaande_bouw=30,
        deadline=datetime.date(2025, 12, 31),
        ambitie__titel="Langer thuis in een geschikte woning",
    )
    wonen.betrokkenen.set([zorgaanbieder])
    zorg = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="2.1",
        domein=Domein.ZORG_WELZIJN,
        titel="Ontmoeting",
        tekst="Zorgaanbieder Y opent twee ontmoetingsruimten.",
    )
    zorg.verwijzingen.set([wonen])
    services.ter_ondertekening(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    overeenkomst.refresh_from_db()
    return overeenkomst


def test_anonymous_logs_in_first_and_comes_back(client, o):
    response = client.get(url(o))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url(o)}"


def test_the_page_shows_the_exact_text_and_its_full_hash(login, wereld, o):
    response = login(wereld.partner).get(url(o))

    assert response.status_code == 200
    inhoud = html(response)
    for tekst in (
        AFSPRAAK_TEKST,
        "1.1 Geclusterd wonen",
        "Ambitie: Langer thuis in een geschikte woning",
        "Zonder ambitie uit de visie",
        "110 wooneenheden (waarvan 80 nieuwbouw en 30 in bestaande bouw)",
        "Zorgaanbieder Y",  # betrokken
        "31 december 2025",
        "medeondertekenaar",
        "handelingsafspraak",
        "Gemeente A (GM0001)",
        "Ondertekenen namens Woningcorporatie X",
    ):
        assert tekst in inhoud, tekst
    # Grouped by domein, in the catalogue's order.
    assert inhoud.index(">Wonen</h3>") < inhoud.index(">Zorg en welzijn</h3>")
    # What is shown is what the hash covers, and the signer can note it in full.
    assert getekende_tekst(o).sha256 == services.bereken_hash(o) == o.inhoud_hash
    assert getoonde_hash(response) == o.inhoud_hash
    assert f'<code class="sha256 text-break">{o.inhoud_hash}</code>' in inhoud
    assert "versie 1" in inhoud


def test_the_partner_of_a_party_signs_for_its_organisatie(login, wereld, o):
    client = login(wereld.partner)
    gelezen = getoonde_hash(client.get(url(o)))

    response = post(client, o, gelezen)

    assert response.status_code == 302
    assert response.url == o.get_absolute_url()
    ondertekening = Ondertekening.objects.get()
    assert (ondertekening.organisatie, ondertekening.ondertekend_door) == (
        wereld.corporatie,
        wereld.partner,
    )
    assert (ondertekening.versie, ondertekening.inhoud_hash) == (1, o.inhoud_hash)
    assert ondertekening.functie == "directeur-bestuurder"
    assert LogEntry.objects.filter(
        object_id=str(o.pk), change_message__startswith="Ondertekend namens Woningcorporatie X"
    ).exists()
    assert meldingen(response) == ["U heeft versie 1 ondertekend namens Woningcorporatie X."]
    o.refresh_from_db()
    assert o.status == Status.TER_ONDERTEKENING  # the gemeente has not signed yet


def test_the_last_signature_makes_the_overeenkomst_ondertekend(login, wereld, o):
    post(login(wereld.partner), o, o.inhoud_hash)

    response = post(login(wereld.beleidsadviseur), o, o.inhoud_hash)

    assert response.status_code == 302
    o.refresh_from_db()
    assert o.status == Status.ONDERTEKEND
    assert meldingen(response)[-1] == (
        "U heeft versie 1 ondertekend namens Gemeente A (organisatie). "
        "Alle partijen hebben getekend."
    )
    assert Ondertekening.objects.count() == 2


def test_signing_twice_says_so_and_stores_nothing_new(login, wereld, o):
    client = login(wereld.partner)
    post(client, o, o.inhoud_hash)

    pagina = client.get(url(o))
    response = post(client, o, o.inhoud_hash)

    assert 'name="akkoord"' not in html(pagina)
    assert "Woningcorporatie X heeft versie 1 al ondertekend: door" in html(pagina)
    assert response.status_code == 200
    assert "heeft versie 1 al ondertekend" in html(response)
    assert Ondertekening.objects.count() == 1


def test_a_stale_hash_signs_nothing_and_shows_the_new_versie(login, wereld, o):
    client = login(wereld.partner)
    gelezen = getoonde_hash(client.get(url(o)))
    afspraak = o.afspraken.get(nummer="1.1")
    afspraak.tekst = "Woningcorporatie X realiseert 90 geclusterde wooneenheden."
    afspraak.save()
    services.registreer_wijziging(o, door=wereld.beleidsadviseur, mail=False)

    response = post(client, o, gelezen)

    assert response.status_code == 200
    inhoud = html(response)
    assert "De tekst is gewijzigd sinds u hem opende. Lees versie 2" in inhoud
    assert "90 geclusterde wooneenheden" in inhoud
    assert AFSPRAAK_TEKST not in inhoud
    o.refresh_from_db()
    assert getoonde_hash(response) == o.inhoud_hash != gelezen
    assert 'name="akkoord"' in inhoud and "checked" not in inhoud  # read again, tick again
    assert not Ondertekening.objects.exists()


def test_without_akkoord_nothing_is_signed_and_the_field_is_named(login, wereld, o):
    response = post(login(wereld.partner), o, o.inhoud_hash, akkoord="")

    assert response.status_code == 200
    assert "Vink aan dat u deze versie namens uw organisatie tekent." in html(response)
    assert 'value="directeur-bestuurder"' in html(response)
    assert not Ondertekening.objects.exists()


def test_a_lezer_reads_but_cannot_sign_even_for_a_party(login, wereld, o):
    client = login(wereld.lezer)  # works for the gemeente, which is a party

    pagina = client.get(url(o))
    response = post(client, o, o.inhoud_hash)

    assert pagina.status_code == 200
    assert AFSPRAAK_TEKST in html(pagina)
    assert 'name="akkoord"' not in html(pagina)
    assert "U leest mee met deze gemeente" in html(pagina)
    assert response.status_code == 403
    assert not Ondertekening.objects.exists()


def test_staff_of_an_organisatie_that_is_no_party_cannot_sign(login, wereld):
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    AfspraakFactory(overeenkomst=overeenkomst)
    services.ter_ondertekening(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    overeenkomst.refresh_from_db()
    client = login(wereld.beleidsadviseur)

    pagina = client.get(url(overeenkomst))
    response = post(client, overeenkomst, overeenkomst.inhoud_hash)

    assert "Gemeente A (organisatie) is geen partij bij deze overeenkomst" in html(pagina)
    assert response.status_code == 403
    assert not Ondertekening.objects.exists()


def test_a_partner_of_another_organisatie_does_not_see_the_overeenkomst(
    login, wereld, zorgaanbieder, o
):
    partner = UserFactory(organisatie=zorgaanbieder)
    RolFactory(user=partner, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    client = login(partner)

    assert client.get(url(o)).status_code == 404
    assert post(client, o, o.inhoud_hash).status_code == 404
    assert login(wereld.andere_beleidsadviseur).get(url(o)).status_code == 404
    assert not Ondertekening.objects.exists()


def test_a_concept_is_read_not_signed(login, wereld):
    concept = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=concept, organisatie=wereld.corporatie)
    client = login(wereld.partner)

    pagina = client.get(url(concept))
    response = post(client, concept, services.bereken_hash(concept))

    assert "Deze overeenkomst ligt niet ter ondertekening (status: concept)" in html(pagina)
    assert response.status_code == 403
    assert not Ondertekening.objects.exists()


def test_a_beheerder_reads_but_signs_for_no_party(login, wereld, o):
    client = login(wereld.beheerder)

    pagina = client.get(url(o))

    assert pagina.status_code == 200
    assert "geen rol in deze gemeente" in html(pagina)
    assert post(client, o, o.inhoud_hash).status_code == 403


# --- Queries --------------------------------------------------------------------------------------


def vul(b, aantal):
    """`aantal` more afspraken with every link, and as many parties; then a new versie."""
    for _ in range(aantal):
        organisatie = OrganisatieFactory(werkgebied=[b.wereld.gemeente])
        PartijFactory(overeenkomst=b.o, organisatie=organisatie)
        afspraak = AfspraakFactory(overeenkomst=b.o, smart=True, trekker=organisatie)
        afspraak.betrokkenen.set([organisatie, b.wereld.corporatie])
        afspraak.verwijzingen.set([b.o.afspraken.first()])
    services.registreer_wijziging(b.o, door=b.wereld.beleidsadviseur, mail=False)


def tel(client, adres):
    client.get(adres)  # once first: the session learns the gemeente, which is a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(adres)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("wie", ["partner", "lezer"])
def test_the_signing_page_makes_as_many_queries_for_ten_as_for_one(login, wereld, o, wie):
    b = types.SimpleNamespace(wereld=wereld, o=o)
    client = login(wereld.user(wie))
    vul(b, 1)
    bij_een, _ = tel(client, url(o))

    vul(b, 9)
    bij_tien, response = tel(client, url(o))

    assert html(response).count('<article class="afspraak') == 2 + 10
    assert bij_tien == bij_een, f"{bij_een} queries with 1, {bij_tien} with 10"
    assert bij_een <= 20
