"""Who reaches which uitvoering page, through the client, for every role.

The pages come from uitvoering.urls itself: each URL name needs an entry in PAGINAS saying what
kind of page it is and with which valid POST it would change something. A URL added without one
fails `test_every_url_has_an_expectation` (and the other tests, with a KeyError naming it).

Kinds of page:
- LEZEN: reading; every role of the gemeente opens it (a partner: the programma, and only the
  activiteiten its organisatie is trekker of or involved in);
- INHOUD: changes a programma or an activiteit; refused for everyone once it is afgerond;
- AANMAKEN: a new programma;
- RAPPORTEREN: progress on an activiteit: gemeente staff and the trekker's partner users, not
  a betrokkene; refused once the programma is afgerond.

The world: in Gemeente A a programma in each status, each with an activiteit the partner's
corporatie draws (`activiteit`), one it is only involved in (`betrokken`), one of another
organisatie (`vreemd`), and an empty programma (`leeg`, for deleting); one programma in
Gemeente B.
"""

import types
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
    VoortgangFactory,
)
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang
from uitvoering.urls import urlpatterns
from woonzorg.models import Organisatie, Rol

LEZEN, INHOUD, AANMAKEN, RAPPORTEREN = "lezen", "inhoud", "aanmaken", "rapporteren"
WIJZIGEND = (INHOUD, AANMAKEN, RAPPORTEREN)
# The history of who changed what: editors only; tested in tests/woonzorg/test_audittrail.py.
GESCHIEDENIS = "geschiedenis"
ALLE_SOORTEN = (LEZEN, *WIJZIGEND)
ROLLEN = ("beleidsadviseur", "programmaleider", "lezer", "partner")
BEWERKERS = ("beleidsadviseur", "programmaleider", "beheerder")
STATUSSEN = ("concept", "vastgesteld", "afgerond")
AFGEROND_MELDING = "Dit uitvoeringsprogramma is afgerond en kan niet meer worden gewijzigd."


# --- Valid POSTs: what each changing page would save for an editor -------------------------------


def programma_post(w):
    return {
        "titel": "Gewijzigd uitvoeringsprogramma",
        "periode_start": "2022",
        "periode_eind": "2026",
        "status": Uitvoeringsprogramma.Status.CONCEPT,
        "toelichting": "Gewijzigd.",
    }


def activiteit_post(w):
    return {
        "afspraak": str(w.activiteit.afspraak_id),
        "titel": "Een andere activiteit",
        "status": Activiteit.Status.GEPLAND,
        "start": "2023-01-01",
        "eind": "2023-12-31",
        "aantal": "12",
        "bouwsoort": "nieuwbouw",
    }


def begroting_post(w):
    posten = list(w.activiteit.begrotingsposten.order_by("pk"))
    data = {
        "begrotingsposten-TOTAL_FORMS": str(len(posten)),
        "begrotingsposten-INITIAL_FORMS": str(len(posten)),
        "begrotingsposten-MIN_NUM_FORMS": "0",
        "begrotingsposten-MAX_NUM_FORMS": "1000",
    }
    for index, post in enumerate(posten):
        data.update(
            {
                f"begrotingsposten-{index}-id": str(post.pk),
                f"begrotingsposten-{index}-jaar": "2024",
                f"begrotingsposten-{index}-bedrag": "12.345,67",
                f"begrotingsposten-{index}-zekerheid": "toegezegd",
            }
        )
    return data


def voortgang_post(w):
    return {
        "datum": timezone.localdate().isoformat(),
        "status": Activiteit.Status.IN_UITVOERING,
        "gerealiseerd_aantal": "5",
        "toelichting": "De helft staat.",
    }


def leeg(w):
    return {}


@dataclass(frozen=True)
class Pagina:
    soort: str
    object: str | None = None  # the object of the world named by pk in the URL
    post: Callable = field(default=leeg)  # a POST that changes something, for an editor


PAGINAS = {
    "index": Pagina(LEZEN),
    "create": Pagina(AANMAKEN, post=programma_post),
    "activiteiten": Pagina(LEZEN),
    "detail": Pagina(LEZEN, "programma"),
    "update": Pagina(INHOUD, "programma", post=programma_post),
    "delete": Pagina(INHOUD, "leeg"),
    "planning": Pagina(LEZEN, "programma"),
    "begroting": Pagina(LEZEN, "programma"),
    "activiteit_create": Pagina(INHOUD, "programma", post=activiteit_post),
    "activiteit": Pagina(LEZEN, "activiteit"),
    "activiteit_update": Pagina(INHOUD, "activiteit", post=activiteit_post),
    "activiteit_delete": Pagina(INHOUD, "activiteit"),
    "begrotingsposten": Pagina(INHOUD, "activiteit", post=begroting_post),
    "voortgang": Pagina(RAPPORTEREN, "activiteit", post=voortgang_post),
    "activiteit_geschiedenis": Pagina(GESCHIEDENIS, "activiteit"),
}

URL_NAMEN = [pattern.name for pattern in urlpatterns]


def paginas(*soorten):
    """(name, Pagina) of every URL of these kinds; a URL without an entry raises KeyError."""
    gevonden = [(naam, PAGINAS[naam]) for naam in URL_NAMEN]
    return [(naam, pagina) for naam, pagina in gevonden if pagina.soort in soorten]


def url(naam, gemeente, w=None, *, object=None):
    pagina = PAGINAS[naam]
    kwargs = {"gemeente": gemeente.cbs_code}
    if pagina.object:
        kwargs["pk"] = (object or getattr(w, pagina.object)).pk
    return reverse(f"uitvoering:{naam}", kwargs=kwargs)


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
        Uitvoeringsprogramma,
        Activiteit,
        Activiteit.betrokkenen.through,
        Begrotingspost,
        Voortgang,
    ]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in modellen}


# --- The world ------------------------------------------------------------------------------------


@pytest.fixture
def zorgaanbieder(wereld):
    """A second organisatie in Gemeente A, with a partner user of its own."""
    organisatie = OrganisatieFactory(
        naam="Zorgaanbieder Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[wereld.gemeente]
    )
    user = UserFactory(email="zorg@zorgaanbieder-y.test", organisatie=organisatie)
    RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    return types.SimpleNamespace(organisatie=organisatie, user=user)


def maak(gemeente, *, status, trekker, ander, door):
    """A programma in `status` with three activiteiten (drawn by `trekker`, involving it, and
    neither), a begrotingspost and a report on the first, and an empty programma."""
    programma = UitvoeringsprogrammaFactory(gemeente=gemeente, titel=f"Programma {status}")
    activiteit = ActiviteitFactory(programma=programma, trekker=trekker, titel="Eigen cluster")
    BegrotingspostFactory(activiteit=activiteit, jaar=2023, financier=trekker)
    VoortgangFactory(activiteit=activiteit, door=door)
    betrokken = ActiviteitFactory(
        programma=programma, trekker=ander, betrokkenen=[trekker], titel="Gedeelde ruimte"
    )
    vreemd = ActiviteitFactory(programma=programma, trekker=ander, titel="Andermans woningen")
    leeg_programma = UitvoeringsprogrammaFactory(gemeente=gemeente, titel=f"Leeg {status}")
    for p in (programma, leeg_programma):
        p.status = status
        p.save()
    return types.SimpleNamespace(
        programma=programma,
        activiteit=activiteit,
        betrokken=betrokken,
        vreemd=vreemd,
        leeg=leeg_programma,
    )


@pytest.fixture
def werelden(wereld, zorgaanbieder):
    return {
        status: maak(
            wereld.gemeente,
            status=status,
            trekker=wereld.corporatie,
            ander=zorgaanbieder.organisatie,
            door=wereld.partner,
        )
        for status in STATUSSEN
    }


@pytest.fixture
def in_b(wereld):
    andere = OrganisatieFactory(naam="Zorgaanbieder B", werkgebied=[wereld.andere_gemeente])
    return maak(
        wereld.andere_gemeente,
        status="concept",
        trekker=wereld.andere_corporatie,
        ander=andere,
        door=wereld.andere_beleidsadviseur,
    )


def als(w, activiteit):
    """The world with another of its activiteiten as the page's activiteit."""
    return types.SimpleNamespace(**{**vars(w), "activiteit": activiteit})


# --- Every URL is covered -------------------------------------------------------------------------


def test_every_url_has_an_expectation():
    zonder = sorted(set(URL_NAMEN) - set(PAGINAS))
    assert not zonder, f"uitvoering URLs without an expectation in PAGINAS: {zonder}"
    verouderd = sorted(set(PAGINAS) - set(URL_NAMEN))
    assert not verouderd, f"expectations for URLs that no longer exist: {verouderd}"
    assert len(URL_NAMEN) == len(set(URL_NAMEN)), "every URL has its own name"
    assert {p.soort for p in PAGINAS.values()} == {*ALLE_SOORTEN, GESCHIEDENIS}


# --- Anonymous ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(wereld, werelden, client):
    voor = stand()
    w = werelden["concept"]
    for naam, pagina in paginas(*ALLE_SOORTEN):
        adres = url(naam, wereld.gemeente, w)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(w))
            assert response.status_code == 302, (methode, adres)
            assert response["Location"] == f"/account/login/?next={adres}", (methode, adres)
    assert stand() == voor


# --- Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", STATUSSEN)
@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_every_role_reads_every_reading_page(wereld, werelden, login, wie, status):
    client = login(wereld.user(wie))
    for naam, _pagina in paginas(LEZEN):
        adres = url(naam, wereld.gemeente, werelden[status])
        assert client.get(adres).status_code == 200, (wie, adres)


def test_a_partner_reads_an_activiteit_it_is_involved_in(wereld, werelden, login):
    w = als(werelden["concept"], werelden["concept"].betrokken)
    response = login(wereld.partner).get(url("activiteit", wereld.gemeente, w))
    assert response.status_code == 200
    assert "Gedeelde ruimte" in response.content.decode()


def test_a_partner_does_not_see_another_organisations_activiteit(wereld, werelden, login):
    client = login(wereld.partner)
    w = als(werelden["concept"], werelden["concept"].vreemd)
    voor = stand()
    for naam, pagina in paginas(*ALLE_SOORTEN):
        if PAGINAS[naam].object != "activiteit":
            continue
        adres = url(naam, wereld.gemeente, w)
        assert client.get(adres).status_code == 404, adres
        assert client.post(adres, pagina.post(w)).status_code == post_status(pagina), adres
    assert stand() == voor
    for naam in ("activiteiten", "detail", "planning", "begroting"):
        inhoud = client.get(url(naam, wereld.gemeente, w)).content.decode()
        assert "Andermans woningen" not in inhoud, naam
        assert "Eigen cluster" in inhoud, naam


def test_gemeente_staff_see_every_activiteit(wereld, werelden, login):
    w = als(werelden["concept"], werelden["concept"].vreemd)
    for wie in ("lezer", "programmaleider", "beheerder"):
        adres = url("activiteit", wereld.gemeente, w)
        assert login(wereld.user(wie)).get(adres).status_code == 200, wie


@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_the_reading_pages_link_no_page_that_would_be_refused(wereld, werelden, login, wie):
    """No button leads to a 403: what the user may not change is not offered."""
    client = login(wereld.user(wie))
    for basis in werelden.values():
        for w in (basis, als(basis, basis.betrokken)):
            geweigerd = []
            for naam, _pagina in paginas(*WIJZIGEND):
                adres = url(naam, wereld.gemeente, w)
                if client.get(adres).status_code == 403:
                    geweigerd.append(adres)
            for naam, _pagina in paginas(LEZEN):
                inhoud = client.get(url(naam, wereld.gemeente, w)).content.decode()
                for adres in geweigerd:
                    assert f'href="{adres}"' not in inhoud, (wie, naam, adres)
                    assert f'href="{adres}?' not in inhoud, (wie, naam, adres)
                    assert f'action="{adres}"' not in inhoud, (wie, naam, adres)
            assert set(geweigerd) == {
                url(naam, wereld.gemeente, w) for naam, _p in paginas(*geweigerde_soorten(wie, w))
            }, (wie, w.programma.status, w.activiteit.titel)


def geweigerde_soorten(wie, w):
    """The kinds of changing page that `wie` is refused in world `w`."""
    if wie == "lezer":
        return WIJZIGEND
    afgerond = w.programma.alleen_lezen
    if wie == "partner":
        eigen = w.activiteit.titel == "Eigen cluster"
        return (INHOUD, AANMAKEN) if eigen and not afgerond else WIJZIGEND
    return (INHOUD, RAPPORTEREN) if afgerond else ()


# --- Changing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("wie", ["lezer", "partner"])
def test_lezers_and_partners_may_not_change_anything(wereld, werelden, login, wie):
    """403 on every page that changes a programma or an activiteit, GET and a POST that would
    work for an editor, also on the partner's own activiteit; no change."""
    client = login(wereld.user(wie))
    w = werelden["concept"]
    voor = stand()
    for naam, pagina in paginas(INHOUD, AANMAKEN):
        adres = url(naam, wereld.gemeente, w)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(w))
            assert response.status_code == 403, (wie, methode, adres)
    assert stand() == voor


@pytest.mark.parametrize("wie", ["lezer", "partner"])
def test_who_is_not_the_trekker_reports_nothing(wereld, werelden, login, wie):
    """The lezer never reports; the partner not on an activiteit it is only involved in."""
    client = login(wereld.user(wie))
    w = als(werelden["concept"], werelden["concept"].betrokken)
    voor = stand()
    adres = url("voortgang", wereld.gemeente, w)
    assert client.get(adres).status_code == 403
    assert client.post(adres, voortgang_post(w)).status_code == 403
    assert stand() == voor


@pytest.mark.parametrize("wie", BEWERKERS)
def test_editors_open_every_changing_page(wereld, werelden, login, wie):
    client = login(wereld.user(wie))
    voor = stand()
    for naam, _pagina in paginas(*WIJZIGEND):
        adres = url(naam, wereld.gemeente, werelden["concept"])
        assert client.get(adres).status_code == 200, (wie, adres)
    assert stand() == voor


@pytest.mark.parametrize("naam", [n for n in URL_NAMEN if PAGINAS[n].soort in WIJZIGEND])
def test_the_beleidsadviseur_changes_things_with_these_posts(wereld, werelden, login, naam):
    """The POSTs the other tests send are real changes: refused there, saved here."""
    pagina = PAGINAS[naam]
    w = werelden["concept"]
    voor = stand()
    response = login(wereld.beleidsadviseur).post(url(naam, wereld.gemeente, w), pagina.post(w))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stand() != voor


def test_the_trekkers_partner_reports_progress(wereld, werelden, login):
    w = werelden["vastgesteld"]
    client = login(wereld.partner)
    adres = url("voortgang", wereld.gemeente, w)
    assert client.get(adres).status_code == 200

    response = client.post(adres, voortgang_post(w))

    assert response.status_code == 302
    assert response["Location"] == w.activiteit.get_absolute_url()
    melding = Voortgang.objects.filter(activiteit=w.activiteit).latest("pk")
    assert (melding.door, melding.gerealiseerd_aantal) == (wereld.partner, 5)
    assert w.activiteit.voortgang.count() == 2  # the earlier report is kept


@pytest.mark.parametrize("wie", [*BEWERKERS, "partner"])
def test_an_afgerond_programma_is_frozen_and_says_why(wereld, werelden, login, wie):
    """Editors cannot change it, and nobody reports on it, not even the trekker."""
    client = login(wereld.user(wie))
    w = werelden["afgerond"]
    voor = stand()
    soorten = (INHOUD, RAPPORTEREN) if wie != "partner" else (RAPPORTEREN,)
    for naam, pagina in paginas(*soorten):
        adres = url(naam, wereld.gemeente, w)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(w))
            assert response.status_code == 403, (wie, methode, adres)
            assert AFGEROND_MELDING in response.content.decode(), (wie, methode, adres)
    assert stand() == voor


# --- Another gemeente -----------------------------------------------------------------------------


def test_a_beleidsadviseur_of_b_finds_nothing_of_a(wereld, werelden, in_b, login):
    """404 everywhere: under A's code, and with A's objects under B's own code."""
    client = login(wereld.andere_beleidsadviseur)
    voor = stand()
    w = werelden["concept"]
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
    assert client.get(url("activiteit", wereld.andere_gemeente, in_b)).status_code == 200
    assert client.get(url("update", wereld.andere_gemeente, in_b)).status_code == 200


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
