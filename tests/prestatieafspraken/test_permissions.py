"""Who reaches which prestatieafspraken page, through the client, for every role.

The pages come from prestatieafspraken.urls itself: each URL name needs an entry in PAGINAS saying
what kind of page it is and with which valid POST it would change something. A URL added without
one fails `test_every_url_has_an_expectation` (and the other tests, with a KeyError naming it).

Kinds of page:
- LEZEN: reading; every role of the gemeente opens it (a partner only what its organisatie is
  party to); ONDERTEKENEN reads like LEZEN, but only a signer of a party may POST;
- INHOUD: changes an overeenkomst or its content; refused for everyone once it is beëindigd;
- STATUS: moves an overeenkomst to its next status (editors only; frozen once beëindigd too);
- AANMAKEN: a new overeenkomst.

The world: in Gemeente A one overeenkomst in each status, the partner's corporatie and a
zorgaanbieder as parties; a "vreemde" overeenkomst the partner is not party to; one in Gemeente B.
"""

import types
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import (
    Afspraak,
    Jaardoel,
    Jaarschijf,
    Ondertekening,
    Overeenkomst,
    Partij,
)
from prestatieafspraken.urls import urlpatterns
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from woonzorg.models import Organisatie, Rol

LEZEN, ONDERTEKENEN, INHOUD, STATUS, AANMAKEN = (
    "lezen",
    "ondertekenen",
    "inhoud",
    "status",
    "aanmaken",
)
WIJZIGEND = (INHOUD, STATUS, AANMAKEN)
# The history of who changed what: editors only; tested in tests/woonzorg/test_audittrail.py.
GESCHIEDENIS = "geschiedenis"
ROLLEN = ("beleidsadviseur", "programmaleider", "lezer", "partner")
BEWERKERS = ("beleidsadviseur", "programmaleider", "beheerder")
NIET_BEWERKERS = ("lezer", "partner")
BEEINDIGD_MELDING = "Deze overeenkomst is beëindigd en kan niet meer worden gewijzigd."


# --- Valid POSTs: what each changing page would save for an editor -------------------------------


def overeenkomst_post(w):
    return {
        "titel": "Gewijzigde prestatieafspraken",
        "soort": Overeenkomst.Soort.CONVENANT,
        "periode_start": "2022",
        "periode_eind": "2026",
        "toelichting": "Gewijzigd.",
    }


def partijen_post(w):
    partijen = list(w.overeenkomst.partijen.order_by("pk"))
    data = {
        "partijen-TOTAL_FORMS": str(len(partijen)),
        "partijen-INITIAL_FORMS": str(len(partijen)),
        "partijen-MIN_NUM_FORMS": "0",
        "partijen-MAX_NUM_FORMS": "1000",
    }
    for index, partij in enumerate(partijen):
        data.update(
            {
                f"partijen-{index}-id": str(partij.pk),
                f"partijen-{index}-organisatie": str(partij.organisatie_id),
                f"partijen-{index}-rol": Partij.Rol.MEDEONDERTEKENAAR,
            }
        )
    return data


def afspraak_post(w):
    return {
        "nummer": "9.1",
        "domein": "wonen",
        "type": Afspraak.Type.HANDELING,
        "titel": "Een andere afspraak",
        "tekst": "We doen iets anders.",
    }


def jaarschijf_create_post(w):
    return {"jaar": "2023"}


def jaarschijf_update_post(w):
    afspraak = w.afspraak
    return {
        "toelichting": "Een nieuwe regeling maakt dit jaar meer mogelijk.",
        f"aantal_{afspraak.pk}": "33",
        f"tekst_{afspraak.pk}": "Dit jaar 33.",
    }


def ondertekenen_post(w):
    return {"inhoud_hash": services.bereken_hash(w.overeenkomst), "akkoord": "on"}


def leeg(w):
    return {}


@dataclass(frozen=True)
class Pagina:
    soort: str
    object: str | None = None  # the object of the world named by pk in the URL
    post: Callable = field(default=leeg)  # a POST that changes something, for an editor
    status: str = "concept"  # the world in which that POST works


PAGINAS = {
    "index": Pagina(LEZEN),
    "create": Pagina(AANMAKEN, post=overeenkomst_post),
    "catalogus": Pagina(LEZEN),
    "afspraken": Pagina(LEZEN),
    "detail": Pagina(LEZEN, "overeenkomst"),
    "update": Pagina(INHOUD, "overeenkomst", post=overeenkomst_post),
    "delete": Pagina(INHOUD, "overeenkomst"),
    "partijen": Pagina(INHOUD, "overeenkomst", post=partijen_post),
    "afspraak_create": Pagina(INHOUD, "overeenkomst", post=afspraak_post),
    "ter_ondertekening": Pagina(STATUS, "overeenkomst"),
    "terug_naar_concept": Pagina(STATUS, "overeenkomst", status="ter_ondertekening"),
    "beeindigen": Pagina(STATUS, "overeenkomst", status="ondertekend"),
    "ondertekenen": Pagina(
        ONDERTEKENEN, "overeenkomst", post=ondertekenen_post, status="ter_ondertekening"
    ),
    "pdf": Pagina(LEZEN, "overeenkomst"),
    "geschiedenis": Pagina(GESCHIEDENIS, "overeenkomst"),
    "afspraak_geschiedenis": Pagina(GESCHIEDENIS, "afspraak"),
    "jaarschijf_create": Pagina(INHOUD, "overeenkomst", post=jaarschijf_create_post),
    "afspraak": Pagina(LEZEN, "afspraak"),
    "afspraak_update": Pagina(INHOUD, "afspraak", post=afspraak_post),
    "afspraak_delete": Pagina(INHOUD, "afspraak"),
    "jaarschijf": Pagina(LEZEN, "jaarschijf"),
    "jaarschijf_update": Pagina(INHOUD, "jaarschijf", post=jaarschijf_update_post),
    "jaarschijf_delete": Pagina(INHOUD, "jaarschijf"),
}

URL_NAMEN = [pattern.name for pattern in urlpatterns]
ALLE_SOORTEN = (LEZEN, ONDERTEKENEN, *WIJZIGEND)


def paginas(*soorten):
    """(name, Pagina) of every URL of these kinds; a URL without an entry raises KeyError."""
    gevonden = [(naam, PAGINAS[naam]) for naam in URL_NAMEN]
    return [(naam, pagina) for naam, pagina in gevonden if pagina.soort in soorten]


def url(naam, gemeente, w=None, *, object=None):
    pagina = PAGINAS[naam]
    kwargs = {"gemeente": gemeente.cbs_code}
    if pagina.object:
        kwargs["pk"] = (object or getattr(w, pagina.object)).pk
    return reverse(f"prestatieafspraken:{naam}", kwargs=kwargs)


def post_status(pagina):
    """What a POST about an object the user may not see gets: 404, or 405 on a reading page
    (which takes no POST for any pk, so that reveals nothing either)."""
    return 405 if pagina.soort == LEZEN else 404


def vraag(client, methode, adres, data):
    if methode == "post":
        return client.post(adres, data)
    return client.get(adres)


def stand():
    """Every row of the app's tables (M2M included), to prove a request changed nothing."""
    modellen = [
        Overeenkomst,
        Partij,
        Afspraak,
        Afspraak.betrokkenen.through,
        Afspraak.verwijzingen.through,
        Jaarschijf,
        Jaardoel,
        Ondertekening,
    ]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in modellen}


# --- The world ------------------------------------------------------------------------------------


@pytest.fixture
def zorgaanbieder(wereld):
    """A second party in Gemeente A, with a signer of its own."""
    organisatie = OrganisatieFactory(
        naam="Zorgaanbieder Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[wereld.gemeente]
    )
    user = UserFactory(email="zorg@zorgaanbieder-y.test", organisatie=organisatie)
    RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    return types.SimpleNamespace(organisatie=organisatie, user=user)


def maak(gemeente, partijen, *, status="concept", tekenaars=()):
    """An overeenkomst with one afspraak and a jaarschijf 2024, brought to `status`."""
    overeenkomst = OvereenkomstFactory(gemeente=gemeente)
    for organisatie in partijen:
        PartijFactory(overeenkomst=overeenkomst, organisatie=organisatie)
    afspraak = AfspraakFactory(overeenkomst=overeenkomst, nummer="1.1")
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    JaardoelFactory(jaarschijf=jaarschijf, afspraak=afspraak)
    if status != "concept":
        services.ter_ondertekening(overeenkomst, door=_editor(gemeente), mail=False)
    if status in ("ondertekend", "beeindigd"):
        for door in tekenaars:
            overeenkomst.refresh_from_db()
            services.onderteken(overeenkomst, door=door, gelezen_hash=overeenkomst.inhoud_hash)
    if status == "beeindigd":
        services.beeindigen(overeenkomst, door=_editor(gemeente))
    overeenkomst.refresh_from_db()
    assert overeenkomst.status == status
    return types.SimpleNamespace(
        overeenkomst=overeenkomst, afspraak=afspraak, jaarschijf=jaarschijf
    )


def _editor(gemeente):
    return Rol.objects.filter(gemeente=gemeente, soort=Rol.Soort.BELEIDSADVISEUR).first().user


@pytest.fixture
def werelden(wereld, zorgaanbieder):
    partijen = (wereld.corporatie, zorgaanbieder.organisatie)
    tekenaars = (wereld.partner, zorgaanbieder.user)
    return {
        status: maak(wereld.gemeente, partijen, status=status, tekenaars=tekenaars)
        for status in ("concept", "ter_ondertekening", "ondertekend", "beeindigd")
    }


@pytest.fixture
def vreemd(wereld, zorgaanbieder):
    """Gemeente A's agreement that the partner's corporatie is not party to."""
    return maak(wereld.gemeente, (zorgaanbieder.organisatie,))


@pytest.fixture
def in_b(wereld):
    return maak(wereld.andere_gemeente, (wereld.andere_corporatie,))


# --- Every URL is covered -------------------------------------------------------------------------


def test_every_url_has_an_expectation():
    zonder = sorted(set(URL_NAMEN) - set(PAGINAS))
    assert not zonder, f"prestatieafspraken URLs without an expectation in PAGINAS: {zonder}"
    verouderd = sorted(set(PAGINAS) - set(URL_NAMEN))
    assert not verouderd, f"expectations for URLs that no longer exist: {verouderd}"
    assert len(URL_NAMEN) == len(set(URL_NAMEN)), "every URL has its own name"


# --- Anonymous ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(wereld, werelden, client):
    voor = stand()
    w = werelden["ter_ondertekening"]
    for naam, pagina in paginas(*ALLE_SOORTEN):
        adres = url(naam, wereld.gemeente, w)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(w))
            assert response.status_code == 302, (methode, adres)
            assert response["Location"] == f"/account/login/?next={adres}", (methode, adres)
    assert stand() == voor


# --- Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["concept", "ondertekend", "beeindigd"])
@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_every_role_reads_every_reading_page(wereld, werelden, login, wie, status):
    client = login(wereld.user(wie))
    for naam, _pagina in paginas(LEZEN, ONDERTEKENEN):
        if naam == "pdf" and status != "ondertekend":
            continue  # rendering a PDF costs a second; one status is enough here
        adres = url(naam, wereld.gemeente, werelden[status])
        assert client.get(adres).status_code == 200, (wie, adres)


def test_a_partner_does_not_see_an_agreement_it_is_not_party_to(wereld, vreemd, login):
    client = login(wereld.partner)
    voor = stand()
    for naam, pagina in paginas(*ALLE_SOORTEN):
        if not pagina.object:
            continue
        adres = url(naam, wereld.gemeente, vreemd)
        assert client.get(adres).status_code == 404, adres
        assert client.post(adres, pagina.post(vreemd)).status_code == post_status(pagina), adres
    assert stand() == voor
    for naam in ("index", "afspraken"):
        inhoud = client.get(url(naam, wereld.gemeente)).content.decode()
        assert vreemd.overeenkomst.titel not in inhoud, naam


def test_gemeente_staff_see_every_agreement(wereld, vreemd, login):
    for wie in ("lezer", "programmaleider"):
        adres = url("detail", wereld.gemeente, vreemd)
        assert login(wereld.user(wie)).get(adres).status_code == 200, wie


@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_the_reading_pages_link_no_page_that_would_be_refused(wereld, werelden, login, wie):
    """No button leads to a 403: what the user may not change is not offered."""
    client = login(wereld.user(wie))
    for w in werelden.values():
        geweigerd = []
        for naam, _pagina in paginas(*WIJZIGEND):
            adres = url(naam, wereld.gemeente, w)
            if client.get(adres).status_code == 403:
                geweigerd.append(adres)
        for naam, _pagina in paginas(LEZEN, ONDERTEKENEN):
            if naam == "pdf":
                continue
            inhoud = client.get(url(naam, wereld.gemeente, w)).content.decode()
            for adres in geweigerd:
                assert f'href="{adres}"' not in inhoud, (wie, naam, adres)
                assert f'href="{adres}?' not in inhoud, (wie, naam, adres)
                assert f'action="{adres}"' not in inhoud, (wie, naam, adres)
        if wie in NIET_BEWERKERS:
            assert len(geweigerd) == len(paginas(*WIJZIGEND)), (wie, w.overeenkomst.status)


# --- Changing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("wie", NIET_BEWERKERS)
def test_lezers_and_partners_may_not_change_anything(wereld, werelden, login, wie):
    """403 on every changing page, GET and a POST that would work for an editor; no change."""
    client = login(wereld.user(wie))
    voor = stand()
    for naam, pagina in paginas(*WIJZIGEND):
        w = werelden[pagina.status]
        adres = url(naam, wereld.gemeente, w)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(w))
            assert response.status_code == 403, (wie, methode, adres)
    assert stand() == voor


@pytest.mark.parametrize("wie", BEWERKERS)
def test_editors_open_every_changing_page(wereld, werelden, login, wie):
    client = login(wereld.user(wie))
    voor = stand()
    for naam, pagina in paginas(*WIJZIGEND):
        adres = url(naam, wereld.gemeente, werelden[pagina.status])
        assert client.get(adres).status_code == 200, (wie, adres)
    assert stand() == voor


@pytest.mark.parametrize("naam", [n for n in URL_NAMEN if PAGINAS[n].soort in WIJZIGEND])
def test_the_beleidsadviseur_changes_things_with_these_posts(wereld, werelden, login, naam):
    """The POSTs the other tests send are real changes: refused there, saved here."""
    pagina = PAGINAS[naam]
    w = werelden[pagina.status]
    voor = stand()
    response = login(wereld.beleidsadviseur).post(url(naam, wereld.gemeente, w), pagina.post(w))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stand() != voor


@pytest.mark.parametrize("wie", BEWERKERS)
def test_a_beeindigde_overeenkomst_is_frozen_for_its_editors_too(wereld, werelden, login, wie):
    client = login(wereld.user(wie))
    w = werelden["beeindigd"]
    voor = stand()
    for naam, pagina in paginas(INHOUD, STATUS):
        adres = url(naam, wereld.gemeente, w)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(w))
            assert response.status_code == 403, (wie, methode, adres)
            assert BEEINDIGD_MELDING in response.content.decode(), (wie, methode, adres)
    assert stand() == voor


# --- Signing --------------------------------------------------------------------------------------


def test_the_partner_of_a_party_signs(wereld, werelden, login):
    w = werelden["ter_ondertekening"]
    response = login(wereld.partner).post(
        url("ondertekenen", wereld.gemeente, w), ondertekenen_post(w)
    )
    assert response.status_code == 302
    ondertekening = Ondertekening.objects.get(overeenkomst=w.overeenkomst)
    assert (ondertekening.organisatie, ondertekening.ondertekend_door) == (
        wereld.corporatie,
        wereld.partner,
    )


@pytest.mark.parametrize("wie", [*BEWERKERS, "lezer"])
def test_nobody_else_signs(wereld, werelden, login, wie):
    """Staff of the gemeente are no party here, a lezer never signs, the beheerder has no
    organisatie: 403, and nothing is stored."""
    w = werelden["ter_ondertekening"]
    voor = stand()
    response = login(wereld.user(wie)).post(
        url("ondertekenen", wereld.gemeente, w), ondertekenen_post(w)
    )
    assert response.status_code == 403, wie
    assert stand() == voor


# --- Another gemeente -----------------------------------------------------------------------------


def test_a_beleidsadviseur_of_b_finds_nothing_of_a(wereld, werelden, in_b, login):
    """404 everywhere: under A's code, and with A's objects under B's own code."""
    client = login(wereld.andere_beleidsadviseur)
    voor = stand()
    w = werelden["ter_ondertekening"]
    for naam, pagina in paginas(*ALLE_SOORTEN):
        onder_a = url(naam, wereld.gemeente, w)
        assert client.get(onder_a).status_code == 404, onder_a
        assert client.post(onder_a, pagina.post(w)).status_code == 404, onder_a
        if pagina.object:
            onder_b = url(naam, wereld.andere_gemeente, w)
            assert client.get(onder_b).status_code == 404, onder_b
            assert client.post(onder_b, pagina.post(w)).status_code == post_status(pagina)
    assert stand() == voor
    # B's own pages work, so the 404s above are about A, not a broken user.
    assert client.get(url("detail", wereld.andere_gemeente, in_b)).status_code == 200


@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_another_gemeentes_objects_do_not_exist_under_this_gemeentes_code(wereld, in_b, login, wie):
    client = login(wereld.user(wie))
    voor = stand()
    for naam, pagina in paginas(*ALLE_SOORTEN):
        if not pagina.object:
            continue
        adres = url(naam, wereld.gemeente, in_b)
        assert client.get(adres).status_code == 404, (wie, adres)
        assert client.post(adres, pagina.post(in_b)).status_code == post_status(pagina), (
            wie,
            adres,
        )
    assert stand() == voor
