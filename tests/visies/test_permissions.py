"""Who reaches which visies page, through the client, for every role.

The pages come from visies.urls itself: each URL name needs an entry in PAGINAS saying what kind
of page it is and with which valid POST it would change something. A URL added without one fails
`test_every_url_has_an_expectation` (and every other test here, with a KeyError naming it).

Kinds of page:
- LEZEN: reading; every role of the gemeente opens it (a partner only its own initiatief);
- INHOUD: changes the visie or its content; frozen once the visie is vastgesteld, for everyone;
- INITIATIEF: changes an initiatief; initiatieven keep arriving after vaststelling;
- AANMAKEN: a new visie; VERSIE: the new version of a vastgestelde visie.
"""

import types
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory
from tests.visies.factories import (
    AfwegingscriteriumFactory,
    AmbitieFactory,
    BeoordelingFactory,
    DoelstellingFactory,
    InitiatiefFactory,
    WoonzorgvisieFactory,
)
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory
from visies.models import (
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)
from visies.urls import urlpatterns
from woonzorg.models import Doelgroep, Organisatie, Woonvorm

LEZEN, INHOUD, INITIATIEF, AANMAKEN, VERSIE = (
    "lezen",
    "inhoud",
    "initiatief",
    "aanmaken",
    "versie",
)
WIJZIGEND = (INHOUD, INITIATIEF, AANMAKEN, VERSIE)
NIET_BEWERKERS = ("programmaleider", "lezer", "partner")
BEWERKERS = ("beleidsadviseur", "beheerder")
ROLLEN = ("beleidsadviseur", "programmaleider", "lezer", "partner")
VASTGESTELD_MELDING = "Dit is vastgesteld en kan niet meer worden gewijzigd"


# --- Valid POSTs: what each changing page would save for an editor -------------------------------


def formset(prefix, rijen):
    """The POST of an inline formset over existing rows (no extra forms)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rijen)),
        f"{prefix}-INITIAL_FORMS": str(len(rijen)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, rij in enumerate(rijen):
        data.update({f"{prefix}-{index}-{naam}": waarde for naam, waarde in rij.items()})
    return data


def visie_post(w):
    return {"titel": "Gewijzigde titel", "periode_start": "2026", "periode_eind": "2031"}


def themas_post(w):
    return formset(
        "themas",
        [
            {"id": thema.pk, "naam": f"{thema.naam} (hernoemd)", "volgorde": "1"}
            for thema in w.visie.themas.all()
        ],
    )


def criteria_post(w):
    return formset(
        "criteria",
        [
            {"id": criterium.pk, "naam": f"{criterium.naam} (hernoemd)", "weging": "7"}
            for criterium in w.visie.criteria.all()
        ],
    )


def ambitie_post(w):
    return {"thema": w.thema.pk, "titel": "Een andere ambitie", "volgorde": "0"}


def doelstelling_post(w):
    return {
        "omschrijving": "Andere doelstelling",
        "aantal": "12",
        "eenheid": "woningen",
        "locatie": "bij het centrum",
        "streefjaar": "2029",
    }


def initiatief_post(w):
    return {
        "titel": "Ander initiatief",
        "soort": Initiatief.Soort.ONTWIKKELAAR,
        "indiener": "Ontwikkelaar B.V.",
        "ingediend_op": "2025-01-02",
        "besluit": Initiatief.Besluit.POSITIEF,
    }


def beoordelen_post(w):
    return {f"score_{w.criterium.pk}": "1", f"motivering_{w.criterium.pk}": "Draagt weinig bij."}


def leeg(w):
    return {}


@dataclass(frozen=True)
class Pagina:
    soort: str
    object: str | None = None  # the object of the visie named by pk in the URL
    post: Callable = field(default=leeg)  # a POST that changes something, for an editor
    methode: str = "get"  # how an editor opens the page


PAGINAS = {
    "index": Pagina(LEZEN),
    "create": Pagina(AANMAKEN, post=visie_post),
    "detail": Pagina(LEZEN, "visie"),
    "afdrukken": Pagina(LEZEN, "visie"),
    "update": Pagina(INHOUD, "visie", post=visie_post),
    "delete": Pagina(INHOUD, "visie"),
    "vaststellen": Pagina(
        INHOUD,
        "visie",
        post=lambda w: {"vastgesteld_op": "2025-03-13", "besluit": "Raadsbesluit 2025-099"},
    ),
    "nieuwe_versie": Pagina(VERSIE, "visie"),
    "themas": Pagina(INHOUD, "visie", post=themas_post),
    "ambitie_create": Pagina(INHOUD, "visie", post=ambitie_post),
    "afwegingskader": Pagina(LEZEN, "visie"),
    "criteria": Pagina(INHOUD, "visie", post=criteria_post),
    "initiatief_create": Pagina(INITIATIEF, "visie", post=initiatief_post),
    "ambitie": Pagina(LEZEN, "ambitie"),
    "ambitie_update": Pagina(INHOUD, "ambitie", post=ambitie_post),
    "ambitie_delete": Pagina(INHOUD, "ambitie"),
    "doelstelling_create": Pagina(INHOUD, "ambitie", post=doelstelling_post),
    "concreetheid": Pagina(INHOUD, "ambitie", post=doelstelling_post, methode="post"),
    "doelstelling_update": Pagina(INHOUD, "doelstelling", post=doelstelling_post),
    "doelstelling_delete": Pagina(INHOUD, "doelstelling"),
    "initiatief": Pagina(LEZEN, "initiatief"),
    "initiatief_update": Pagina(INITIATIEF, "initiatief", post=initiatief_post),
    "beoordelen": Pagina(INITIATIEF, "initiatief", post=beoordelen_post),
    "initiatief_delete": Pagina(INITIATIEF, "initiatief"),
}

URL_NAMEN = [pattern.name for pattern in urlpatterns]


def paginas(*soorten):
    """(name, Pagina) of every visies URL of these kinds; a URL without entry raises KeyError."""
    gevonden = [(naam, PAGINAS[naam]) for naam in URL_NAMEN]
    return [(naam, pagina) for naam, pagina in gevonden if pagina.soort in soorten]


ALLE_SOORTEN = (LEZEN, *WIJZIGEND)


def url(naam, gemeente, w=None, *, object=None):
    """The URL of page `naam` under `gemeente`'s code, for the object of `w` that it names."""
    pagina = PAGINAS[naam]
    kwargs = {"gemeente": gemeente.cbs_code}
    if pagina.object:
        kwargs["pk"] = (object or getattr(w, pagina.object)).pk
    return reverse(f"visies:{naam}", kwargs=kwargs)


def post_status(pagina):
    """What a POST about an object the user may not see gets, in a gemeente the user may see.

    404 where the page takes a POST. A reading page takes no POST at all: 405 for whatever pk,
    so that reveals nothing either. (In a gemeente the user has no role in, everything is 404.)
    """
    return 405 if pagina.soort == LEZEN else 404


def vraag(client, methode, adres, data):
    """GET the page, or POST `data` to it."""
    if methode == "post":
        return client.post(adres, data)
    return client.get(adres)


def stand():
    """Every row of the visie's tables (M2M included), to prove a request changed nothing."""
    modellen = [
        Woonzorgvisie,
        Woonzorgvisie.partners.through,
        Thema,
        Ambitie,
        Ambitie.doelgroepen.through,
        Ambitie.woonvormen.through,
        Ambitie.gebieden.through,
        Ambitie.bevindingen.through,
        Doelstelling,
        Afwegingscriterium,
        Initiatief,
        Beoordeling,
    ]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in modellen}


# --- The world ------------------------------------------------------------------------------------


def maak_visie(gemeente, partner, andere_organisatie, **visie_kwargs):
    """A visie with one of everything; `initiatief` is `partner`'s, `ander_initiatief` not."""
    visie = WoonzorgvisieFactory(gemeente=gemeente, **visie_kwargs)
    visie.partners.set([partner])
    gebied = GebiedFactory(gemeente=gemeente)
    bevinding = BevindingFactory(analyse=WoonzorganalyseFactory(gemeente=gemeente))
    ambitie = AmbitieFactory(visie=visie)
    ambitie.doelgroepen.set([Doelgroep.objects.first()])
    ambitie.woonvormen.set([Woonvorm.objects.first()])
    ambitie.gebieden.set([gebied])
    ambitie.bevindingen.set([bevinding])
    criterium = AfwegingscriteriumFactory(visie=visie, weging=3)
    initiatief = InitiatiefFactory(visie=visie, organisatie=partner, titel="Eigen initiatief")
    BeoordelingFactory(initiatief=initiatief, criterium=criterium)
    ander = InitiatiefFactory(
        visie=visie, organisatie=andere_organisatie, titel="Initiatief van een ander"
    )
    return types.SimpleNamespace(
        visie=visie,
        thema=ambitie.thema,
        ambitie=ambitie,
        doelstelling=DoelstellingFactory(ambitie=ambitie),
        criterium=criterium,
        initiatief=initiatief,
        ander_initiatief=ander,
    )


@pytest.fixture
def zorgaanbieder(wereld):
    """A second partner organisatie of Gemeente A, not the partner user's."""
    return OrganisatieFactory(
        naam="Zorgaanbieder Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[wereld.gemeente]
    )


@pytest.fixture
def concept(wereld, zorgaanbieder):
    return maak_visie(wereld.gemeente, wereld.corporatie, zorgaanbieder)


@pytest.fixture
def vastgesteld(wereld, zorgaanbieder):
    return maak_visie(wereld.gemeente, wereld.corporatie, zorgaanbieder, vastgesteld=True)


@pytest.fixture
def in_b(wereld):
    return maak_visie(wereld.andere_gemeente, wereld.andere_corporatie, wereld.andere_corporatie)


@pytest.fixture(params=["concept", "vastgesteld"])
def visiewereld(request):
    """The concept and the vastgestelde visie of Gemeente A, one test run each."""
    return request.getfixturevalue(request.param)


# --- Every URL is covered -------------------------------------------------------------------------


def test_every_url_has_an_expectation():
    zonder = sorted(set(URL_NAMEN) - set(PAGINAS))
    assert not zonder, f"visies URLs without an expectation in PAGINAS: {zonder}"
    verouderd = sorted(set(PAGINAS) - set(URL_NAMEN))
    assert not verouderd, f"expectations for URLs that no longer exist: {verouderd}"
    assert len(URL_NAMEN) == len(set(URL_NAMEN)), "every visies URL has its own name"


# --- Anonymous ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(wereld, concept, client):
    voor = stand()
    for naam, pagina in paginas(*ALLE_SOORTEN):
        adres = url(naam, wereld.gemeente, concept)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(concept))
            assert response.status_code == 302, (methode, adres)
            assert response["Location"] == f"/account/login/?next={adres}", (methode, adres)
    assert stand() == voor


# --- Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_every_role_reads_every_reading_page(wereld, visiewereld, login, wie):
    client = login(wereld.user(wie))
    for naam, _pagina in paginas(LEZEN):
        adres = url(naam, wereld.gemeente, visiewereld)
        assert client.get(adres).status_code == 200, (wie, adres)


def test_a_partner_does_not_see_another_organisations_initiatief(wereld, concept, login):
    client = login(wereld.partner)
    voor = stand()
    for naam, pagina in paginas(*ALLE_SOORTEN):
        if pagina.object != "initiatief":
            continue
        adres = url(naam, wereld.gemeente, object=concept.ander_initiatief)
        assert client.get(adres).status_code == 404, adres
        assert client.post(adres, pagina.post(concept)).status_code == post_status(pagina), adres
    assert stand() == voor
    # The afwegingskader lists the partner's own initiatief only.
    inhoud = client.get(url("afwegingskader", wereld.gemeente, concept)).content.decode()
    assert "Eigen initiatief" in inhoud
    assert "Initiatief van een ander" not in inhoud


def test_gemeente_staff_see_every_initiatief(wereld, concept, login):
    for wie in ("lezer", "programmaleider"):
        adres = url("initiatief", wereld.gemeente, object=concept.ander_initiatief)
        assert login(wereld.user(wie)).get(adres).status_code == 200, wie


@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_the_reading_pages_link_no_page_that_would_be_refused(wereld, visiewereld, login, wie):
    """No button leads to a 403: what the user may not change is not offered."""
    client = login(wereld.user(wie))
    geweigerd = []
    for naam, _pagina in paginas(*WIJZIGEND):
        adres = url(naam, wereld.gemeente, visiewereld)
        if client.get(adres).status_code == 403:
            geweigerd.append(adres)
    for naam, _pagina in paginas(LEZEN):
        inhoud = client.get(url(naam, wereld.gemeente, visiewereld)).content.decode()
        for adres in geweigerd:
            assert f'href="{adres}"' not in inhoud, (wie, naam, adres)
            assert f'href="{adres}?' not in inhoud, (wie, naam, adres)
    if wie in BEWERKERS and visiewereld.visie.is_vastgesteld:
        assert len(geweigerd) == len(paginas(INHOUD))
    elif wie in BEWERKERS:
        assert geweigerd == []
    else:
        assert len(geweigerd) == len(paginas(*WIJZIGEND))


# --- Changing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("wie", NIET_BEWERKERS)
def test_other_roles_may_not_change_anything(wereld, visiewereld, login, wie):
    """403 on every changing page, GET and a POST that would work for an editor; no change."""
    client = login(wereld.user(wie))
    voor = stand()
    for naam, pagina in paginas(*WIJZIGEND):
        adres = url(naam, wereld.gemeente, visiewereld)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(visiewereld))
            assert response.status_code == 403, (wie, methode, adres)
            # Not an editor: not told about vaststelling, just refused.
            assert VASTGESTELD_MELDING not in response.content.decode(), (wie, methode, adres)
    assert stand() == voor


@pytest.mark.parametrize("wie", BEWERKERS)
def test_editors_open_every_changing_page_of_a_concept(wereld, concept, login, wie):
    client = login(wereld.user(wie))
    voor = stand()
    for naam, pagina in paginas(INHOUD, INITIATIEF, AANMAKEN):
        adres = url(naam, wereld.gemeente, concept)
        if pagina.methode == "post":
            response = client.post(adres, pagina.post(concept))
        else:
            response = client.get(adres)
        assert response.status_code == 200, (wie, adres)
    # A concept needs no new version: the page sends the editor back to it.
    response = client.get(url("nieuwe_versie", wereld.gemeente, concept))
    assert response.status_code == 302
    assert response["Location"] == concept.visie.get_absolute_url()
    assert stand() == voor


@pytest.mark.parametrize("naam", [n for n in URL_NAMEN if PAGINAS[n].soort != LEZEN])
def test_the_beleidsadviseur_changes_a_concept_with_these_posts(wereld, concept, login, naam):
    """The POSTs the other tests send are real changes: refused there, saved here."""
    pagina = PAGINAS[naam]
    voor = stand()
    response = login(wereld.beleidsadviseur).post(
        url(naam, wereld.gemeente, concept), pagina.post(concept)
    )
    if naam == "concreetheid":  # a check while typing: answers, saves nothing
        assert response.status_code == 200
        assert stand() == voor
    elif naam == "nieuwe_versie":  # a concept is changed directly
        assert response.status_code == 302
        assert stand() == voor
    else:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert stand() != voor


@pytest.mark.parametrize("wie", BEWERKERS)
def test_the_content_of_a_vastgestelde_visie_is_frozen_for_its_editors_too(
    wereld, vastgesteld, login, wie
):
    client = login(wereld.user(wie))
    voor = stand()
    for naam, pagina in paginas(INHOUD):
        adres = url(naam, wereld.gemeente, vastgesteld)
        for methode in ("get", "post"):
            response = vraag(client, methode, adres, pagina.post(vastgesteld))
            assert response.status_code == 403, (wie, methode, adres)
            # The editor is told why, and what to do instead.
            assert "vastgesteld" in response.content.decode(), (wie, methode, adres)
            assert VASTGESTELD_MELDING in response.content.decode(), (wie, methode, adres)
    assert stand() == voor


@pytest.mark.parametrize("naam", [n for n in URL_NAMEN if PAGINAS[n].soort == INITIATIEF])
@pytest.mark.parametrize("wie", BEWERKERS)
def test_initiatieven_stay_open_on_a_vastgestelde_visie(wereld, vastgesteld, login, wie, naam):
    client = login(wereld.user(wie))
    pagina = PAGINAS[naam]
    adres = url(naam, wereld.gemeente, vastgesteld)
    assert client.get(adres).status_code == 200
    voor = stand()
    response = client.post(adres, pagina.post(vastgesteld))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stand() != voor
    # The visie itself stays as the council fixed it.
    assert Woonzorgvisie.objects.get(pk=vastgesteld.visie.pk).is_vastgesteld


@pytest.mark.parametrize("wie", BEWERKERS)
def test_a_new_version_of_a_vastgestelde_visie_works(wereld, vastgesteld, login, wie):
    client = login(wereld.user(wie))
    adres = url("nieuwe_versie", wereld.gemeente, vastgesteld)
    assert client.get(adres).status_code == 200
    response = client.post(adres)
    kopie = Woonzorgvisie.objects.get(vorige_versie=vastgesteld.visie)
    assert response.status_code == 302
    assert response["Location"] == kopie.get_absolute_url()
    assert (kopie.versie, kopie.status) == (2, Woonzorgvisie.Status.CONCEPT)
    # The copy is a concept: its content can be changed again.
    assert client.get(url("update", wereld.gemeente, object=kopie)).status_code == 200


# --- Another gemeente -----------------------------------------------------------------------------


def test_a_beleidsadviseur_of_b_finds_nothing_of_a(wereld, concept, vastgesteld, in_b, login):
    """404 everywhere: under A's code, and with A's objects under B's own code."""
    client = login(wereld.andere_beleidsadviseur)
    voor = stand()
    for w in (concept, vastgesteld):
        for naam, pagina in paginas(*ALLE_SOORTEN):
            onder_a = url(naam, wereld.gemeente, w)
            assert client.get(onder_a).status_code == 404, onder_a
            assert client.post(onder_a, pagina.post(w)).status_code == 404, onder_a
            if pagina.object:
                onder_b = url(naam, wereld.andere_gemeente, w)
                assert client.get(onder_b).status_code == 404, onder_b
                status = client.post(onder_b, pagina.post(w)).status_code
                assert status == post_status(pagina), onder_b
    assert stand() == voor
    # B's own pages work, so the 404s above are about A, not a broken user.
    assert client.get(url("detail", wereld.andere_gemeente, in_b)).status_code == 200


@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_another_gemeentes_objects_do_not_exist_under_this_gemeentes_code(
    wereld, concept, in_b, login, wie
):
    """B's objects with A's code in the URL: 404 for everyone, the beheerder included."""
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


def test_the_beheerder_does_not_reach_a_through_bs_code(wereld, concept, login):
    client = login(wereld.beheerder)
    for naam, pagina in paginas(*ALLE_SOORTEN):
        if pagina.object:
            adres = url(naam, wereld.andere_gemeente, concept)
            assert client.get(adres).status_code == 404, adres
