"""Who reaches which borging page, through the client, for every role.

The pages come from borging.urls itself: every URL name needs a row in TABEL with the status a
GET and a valid POST get for each role. A URL added without a row fails
`test_every_url_has_a_row` (and the matrix, with a KeyError naming it).

The roles: anonymous; the lezer; the partner of Woningcorporatie X, which owns the indicator
the pages look at (`eigenaar`); the partner of Zorgaanbieder Y in the same gemeente, which has
nothing to do with it (`ander_partner`); the beleidsadviseur and the programmaleider; the
beleidsadviseur of Gemeente B (`andere_gemeente`); and the beheerder.

The world in Gemeente A: the corporatie's own indicator (`eigen`, with a streefwaarde and a
meting), three indicators of Welzijn W that the corporatie sees through an afspraak it is party
to, an activiteit it draws and one it is involved in, and one it has nothing to do with
(`vreemd`); an evaluatie and a finished jaarschijfrapport. Gemeente B has one of each.
"""

import datetime
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from borging.models import Evaluatie, Indicator, Jaarschijfrapport, Meting, Streefwaarde
from borging.urls import urlpatterns
from tests.borging.factories import (
    EvaluatieFactory,
    IndicatorFactory,
    JaarschijfrapportFactory,
    MetingFactory,
    StreefwaardeFactory,
)
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.visies.factories import AmbitieFactory
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from woonzorg.models import Organisatie, Rol

ROLLEN = (
    "anoniem",
    "lezer",
    "eigenaar",
    "ander_partner",
    "beleidsadviseur",
    "programmaleider",
    "andere_gemeente",
    "beheerder",
)
PARTNERS = ("eigenaar", "ander_partner")
BEWERKERS = ("beleidsadviseur", "programmaleider", "beheerder")

# "GET/POST" per role, in the columns of ROLLEN. 302 for anonymous is the login page; 302 for
# a POST by a user is a change made (the test checks that something changed, and that nothing
# did for every other status).
_TABEL = """
#                  anoniem lezer   eigenaar ander  beleids progr.  andere  beheerder
index              302/302 200/405 200/405 200/405 200/405 200/405 404/404 200/405
indicator_create   302/302 403/403 403/403 403/403 200/302 200/302 404/404 200/302
metingen_upload    302/302 403/403 200/302 403/403 200/302 200/302 404/404 200/302
metingen_sjabloon  302/302 403/403 200/405 403/403 200/405 200/405 404/404 200/405
indicator          302/302 200/405 200/405 404/405 200/405 200/405 404/404 200/405
indicator_update   302/302 403/403 403/403 404/404 200/302 200/302 404/404 200/302
indicator_delete   302/302 403/403 403/403 404/404 200/302 200/302 404/404 200/302
streefwaarden      302/302 403/403 403/403 404/404 200/302 200/302 404/404 200/302
meting             302/302 403/403 200/302 404/404 200/302 200/302 404/404 200/302
indicator_geschiedenis 302/302 403/405 403/405 404/405 200/405 200/405 404/404 200/405
evaluaties         302/302 200/405 200/405 200/405 200/405 200/405 404/404 200/405
evaluatie_create   302/302 403/403 403/403 403/403 200/302 200/302 404/404 200/302
evaluatie          302/302 200/405 200/405 200/405 200/405 200/405 404/404 200/405
evaluatie_update   302/302 403/403 403/403 403/403 200/302 200/302 404/404 200/302
evaluatie_delete   302/302 403/403 403/403 403/403 200/302 200/302 404/404 200/302
rapporten          302/302 200/405 403/403 403/403 200/405 200/405 404/404 200/405
rapport_aanvragen  302/302 403/403 403/403 403/403 405/302 405/302 404/404 405/302
rapport_status     302/302 200/405 403/403 403/403 200/405 200/405 404/404 200/405
rapport_download   302/302 200/405 403/403 403/403 200/405 200/405 404/404 200/405
keten              302/302 200/405 200/405 200/405 200/405 200/405 404/404 200/405
keten_afdrukken    302/302 200/405 200/405 200/405 200/405 200/405 404/404 200/405
"""
TABEL = {
    naam: tuple(cellen)
    for naam, *cellen in (
        regel.split() for regel in _TABEL.splitlines() if regel and not regel.startswith("#")
    )
}

URL_NAMEN = [pattern.name for pattern in urlpatterns]


def verwacht(naam, wie) -> tuple[int, int]:
    get, post = TABEL[naam][ROLLEN.index(wie)].split("/")
    return int(get), int(post)


# --- Valid POSTs: what each changing page would save for an editor --------------------------------


def leeg(w):
    return {}


def indicator_post(w):
    return {
        "naam": "Aantal nultredenwoningen",
        "eenheid": "woningen",
        "eigenaar": str(w.wereld.corporatie.pk),
        "frequentie": "jaarlijks",
        "richting": "hoger",
    }


def upload_post(w):
    inhoud = f"indicator;jaar;waarde\n{w.eigen.pk};2025;12,5\n".encode()
    return {"bestand": SimpleUploadedFile("metingen.csv", inhoud, content_type="text/csv")}


def streefwaarden_post(w):
    posten = list(w.eigen.streefwaarden.order_by("pk"))
    data = {
        "streefwaarden-TOTAL_FORMS": str(len(posten) + 1),
        "streefwaarden-INITIAL_FORMS": str(len(posten)),
        "streefwaarden-MIN_NUM_FORMS": "0",
        "streefwaarden-MAX_NUM_FORMS": "1000",
    }
    for index, post in enumerate(posten):
        data.update(
            {
                f"streefwaarden-{index}-id": str(post.pk),
                f"streefwaarden-{index}-jaar": str(post.jaar),
                f"streefwaarden-{index}-waarde": "120",
            }
        )
    data.update(
        {f"streefwaarden-{len(posten)}-jaar": "2027", f"streefwaarden-{len(posten)}-waarde": "150"}
    )
    return data


def meting_post(w):
    return {"jaar": "2025", "waarde": "12,5"}


def evaluatie_nieuw_post(w):
    return {"jaar": "2023", "wat_gaat_goed": "De wijkteams vinden elkaar.", "afspraken": []}


def evaluatie_post(w):
    return {"jaar": "2024", "wat_gaat_goed": "Gewijzigd: de samenwerking loopt.", "afspraken": []}


def rapport_post(w):
    return {"jaar": "2024"}


@dataclass(frozen=True)
class Pagina:
    object: str | None = None  # the object of the world named by pk in the URL
    post: Callable = field(default=leeg)  # a POST that changes something, for an editor
    lezen: bool = False  # a reading page: takes no POST at all


PAGINAS = {
    "index": Pagina(lezen=True),
    "indicator_create": Pagina(post=indicator_post),
    "metingen_upload": Pagina(post=upload_post),
    "metingen_sjabloon": Pagina(lezen=True),
    "indicator": Pagina("eigen", lezen=True),
    "indicator_update": Pagina("eigen", post=indicator_post),
    "indicator_delete": Pagina("eigen"),
    "streefwaarden": Pagina("eigen", post=streefwaarden_post),
    "meting": Pagina("eigen", post=meting_post),
    "indicator_geschiedenis": Pagina("eigen", lezen=True),  # editors only: test_audittrail.py
    "evaluaties": Pagina(lezen=True),
    "evaluatie_create": Pagina(post=evaluatie_nieuw_post),
    "evaluatie": Pagina("evaluatie", lezen=True),
    "evaluatie_update": Pagina("evaluatie", post=evaluatie_post),
    "evaluatie_delete": Pagina("evaluatie"),
    "rapporten": Pagina(lezen=True),
    "rapport_aanvragen": Pagina(post=rapport_post),
    "rapport_status": Pagina("rapport", lezen=True),
    "rapport_download": Pagina("rapport", lezen=True),
    "keten": Pagina("ambitie", lezen=True),
    "keten_afdrukken": Pagina("ambitie", lezen=True),
}


def url(naam, gemeente, w=None, *, object=None):
    pagina = PAGINAS[naam]
    kwargs = {"gemeente": gemeente.cbs_code}
    if pagina.object:
        kwargs["pk"] = (object or getattr(w, pagina.object)).pk
    return reverse(f"borging:{naam}", kwargs=kwargs)


def stand():
    """Every row of borging's tables (M2M included), to prove a request changed nothing."""
    modellen = [
        Indicator,
        Streefwaarde,
        Meting,
        Evaluatie,
        Evaluatie.afspraken.through,
        Jaarschijfrapport,
    ]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in modellen}


def vraag(client, methode, adres, data):
    if methode == "post":
        return client.post(adres, data)
    return client.get(adres)


# --- The world ------------------------------------------------------------------------------------


@pytest.fixture
def w(wereld):
    gemeente = wereld.gemeente
    zorgaanbieder = OrganisatieFactory(
        naam="Zorgaanbieder Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[gemeente]
    )
    ander_partner = UserFactory(email="zorg@zorgaanbieder-y.test", organisatie=zorgaanbieder)
    RolFactory(user=ander_partner, gemeente=gemeente, soort=Rol.Soort.PARTNER)
    welzijn = OrganisatieFactory(
        naam="Welzijn W", soort=Organisatie.Soort.WELZIJNSORGANISATIE, werkgebied=[gemeente]
    )

    pact = OvereenkomstFactory(gemeente=gemeente, titel="Pact wonen en zorg")
    PartijFactory(overeenkomst=pact, organisatie=wereld.corporatie)
    afspraak = AfspraakFactory(
        overeenkomst=pact, nummer="1.1", titel="Geclusterde woningen", trekker=wereld.corporatie
    )
    convenant = OvereenkomstFactory(gemeente=gemeente, titel="Convenant welzijn")
    PartijFactory(overeenkomst=convenant, organisatie=welzijn)
    welzijn_afspraak = AfspraakFactory(overeenkomst=convenant, nummer="2.1", titel="Ontmoeting")
    programma = UitvoeringsprogrammaFactory(gemeente=gemeente)
    getrokken = ActiviteitFactory(
        programma=programma, afspraak=welzijn_afspraak, trekker=wereld.corporatie
    )
    betrokken = ActiviteitFactory(
        programma=programma,
        afspraak=welzijn_afspraak,
        trekker=welzijn,
        betrokkenen=[wereld.corporatie],
    )

    eigen = IndicatorFactory(
        gemeente=gemeente, naam="Geclusterde woningen opgeleverd", eigenaar=wereld.corporatie
    )
    StreefwaardeFactory(indicator=eigen, jaar=2025, waarde=Decimal(100))
    MetingFactory(indicator=eigen, jaar=2024, waarde=Decimal(40), ingevoerd_door=wereld.partner)

    def van_welzijn(naam, **kwargs):
        return IndicatorFactory(gemeente=gemeente, naam=naam, eigenaar=welzijn, **kwargs)

    evaluatie = EvaluatieFactory(gemeente=gemeente, jaar=2024)
    evaluatie.afspraken.add(afspraak)
    rapport = JaarschijfrapportFactory(gemeente=gemeente, jaar=2024, aangevraagd_door=wereld.lezer)
    rapport.bestand.save("rapport.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    rapport.status = Jaarschijfrapport.Status.KLAAR
    rapport.save()

    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=gemeente,
        zorgaanbieder=zorgaanbieder,
        ander_partner=ander_partner,
        welzijn=welzijn,
        afspraak=afspraak,
        welzijn_afspraak=welzijn_afspraak,
        eigen=eigen,
        via_afspraak=van_welzijn("Ontmoetingsruimten in gebruik", afspraak=afspraak),
        via_trekker=van_welzijn("Woningen locatie Noord", activiteit=getrokken),
        via_betrokken=van_welzijn("Bezoekers ontmoetingsruimte", activiteit=betrokken),
        vreemd=van_welzijn("Wachtlijst zorgwoningen", afspraak=welzijn_afspraak),
        evaluatie=evaluatie,
        rapport=rapport,
        ambitie=AmbitieFactory(visie__gemeente=gemeente),
    )


@pytest.fixture
def in_b(wereld):
    """Gemeente B's indicator, evaluatie and finished report."""
    rapport = JaarschijfrapportFactory(
        gemeente=wereld.andere_gemeente, jaar=2024, status=Jaarschijfrapport.Status.KLAAR
    )
    rapport.bestand.save("rapport-b.pdf", ContentFile(b"%PDF-1.7 B"))
    eigen = IndicatorFactory(
        gemeente=wereld.andere_gemeente,
        naam="Indicator van Gemeente B",
        eigenaar=wereld.andere_corporatie,
    )
    StreefwaardeFactory(indicator=eigen, jaar=2025)
    return types.SimpleNamespace(
        wereld=wereld,
        eigen=eigen,
        evaluatie=EvaluatieFactory(gemeente=wereld.andere_gemeente, jaar=2024),
        rapport=rapport,
        ambitie=AmbitieFactory(visie__gemeente=wereld.andere_gemeente),
    )


def gebruiker(w, wie):
    if wie == "eigenaar":
        return w.wereld.partner
    if wie == "ander_partner":
        return w.ander_partner
    if wie == "andere_gemeente":
        return w.wereld.andere_beleidsadviseur
    return w.wereld.user(wie)


@pytest.fixture
def als(client, w):
    """A client logged in as one of ROLLEN (anonymous: not logged in)."""

    def _als(wie):
        client.logout()
        if wie != "anoniem":
            client.force_login(gebruiker(w, wie))
        return client

    return _als


# --- Every URL is covered -------------------------------------------------------------------------


def test_every_url_has_a_row():
    zonder = sorted(set(URL_NAMEN) - set(TABEL))
    assert not zonder, f"borging URLs without a row in TABEL: {zonder}"
    verouderd = sorted(set(TABEL) - set(URL_NAMEN))
    assert not verouderd, f"rows for URLs that no longer exist: {verouderd}"
    assert set(PAGINAS) == set(TABEL)
    assert len(URL_NAMEN) == len(set(URL_NAMEN)), "every URL has its own name"
    assert all(len(rij) == len(ROLLEN) for rij in TABEL.values())


def test_the_table_follows_the_rules():
    """The access rules, read off the table, so a wrong row is caught as well as a wrong page."""
    for naam in TABEL:
        assert verwacht(naam, "anoniem") == (302, 302), naam
        assert verwacht(naam, "andere_gemeente") == (404, 404), naam  # everywhere
        if PAGINAS[naam].lezen:
            for wie in ROLLEN[1:]:
                assert verwacht(naam, wie)[1] in (403, 404, 405), (naam, wie)
    # only editors change indicatoren, streefwaarden and evaluaties
    for naam in ("indicator_create", "indicator_update", "indicator_delete", "streefwaarden",
                 "evaluatie_create", "evaluatie_update", "evaluatie_delete"):  # fmt: skip
        for wie in ("lezer", *PARTNERS):
            assert verwacht(naam, wie)[0] in (403, 404), (naam, wie)
        for wie in BEWERKERS:
            assert verwacht(naam, wie) == (200, 302), (naam, wie)
    # metingen: gemeente staff and the eigenaar's partner; never the lezer or another partner
    for naam in ("meting", "metingen_upload"):
        assert verwacht(naam, "lezer") == (403, 403)
        assert verwacht(naam, "ander_partner")[1] in (403, 404)
        for wie in (*BEWERKERS, "eigenaar"):
            assert verwacht(naam, wie) == (200, 302), (naam, wie)
    # the jaarschijfrapport is for gemeente staff and lezers; partners are refused
    for naam in ("rapporten", "rapport_status", "rapport_download"):
        for wie in ("lezer", *BEWERKERS):
            assert verwacht(naam, wie)[0] == 200, (naam, wie)
        for wie in PARTNERS:
            assert verwacht(naam, wie) == (403, 403), (naam, wie)
    assert [verwacht("rapport_aanvragen", wie)[1] for wie in ROLLEN[1:]] == [
        403, 403, 403, 302, 302, 404, 302
    ]  # fmt: skip
    # the indicator page: every role of the gemeente but the partner it does not concern
    assert [verwacht("indicator", wie)[0] for wie in ROLLEN[1:]] == [
        200, 200, 404, 200, 200, 404, 200
    ]  # fmt: skip


# --- The matrix -----------------------------------------------------------------------------------


@pytest.mark.parametrize("wie", ROLLEN)
@pytest.mark.parametrize("naam", URL_NAMEN)
def test_status_per_role(w, als, naam, wie):
    pagina = PAGINAS[naam]
    get, post = verwacht(naam, wie)
    client = als(wie)
    adres = url(naam, w.gemeente, w)
    voor = stand()

    response = client.get(adres)
    assert response.status_code == get, (naam, wie, "GET")
    if get == 302:
        assert response["Location"] == f"/account/login/?next={adres}"
    assert stand() == voor, "a GET changes nothing"

    response = client.post(adres, pagina.post(w))
    assert response.status_code == post, (naam, wie, "POST", response.content.decode()[:2000])
    if wie == "anoniem":
        assert response["Location"] == f"/account/login/?next={adres}"
    if post == 302 and wie != "anoniem":
        assert stand() != voor, f"{naam}: the POST of {wie} saved nothing"
    else:
        assert stand() == voor, f"{naam}: {wie} changed something with status {post}"


def test_the_download_is_the_file_and_the_sjabloon_a_csv(w, als):
    response = als("lezer").get(url("rapport_download", w.gemeente, w))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    response = als("eigenaar").get(url("metingen_sjabloon", w.gemeente, w))
    assert response["Content-Type"].startswith("text/csv")


# --- Another gemeente -----------------------------------------------------------------------------


def post_status(pagina):
    """What a POST about an object the user may not see gets: 404, or 405 on a reading page
    (which takes no POST for any pk, so that reveals nothing either)."""
    return 405 if pagina.lezen else 404


def test_a_beleidsadviseur_of_b_finds_nothing_of_a_under_bs_code(w, in_b, als):
    """A's objects under B's own code do not exist; B's own pages work."""
    client = als("andere_gemeente")
    voor = stand()
    for naam, pagina in PAGINAS.items():
        if not pagina.object:
            continue
        adres = url(naam, w.wereld.andere_gemeente, w)
        assert client.get(adres).status_code == 404, adres
        assert client.post(adres, pagina.post(w)).status_code == post_status(pagina), adres
        eigen = url(naam, w.wereld.andere_gemeente, in_b)
        assert client.get(eigen).status_code == 200, eigen
    assert stand() == voor
    inhoud = client.get(url("index", w.wereld.andere_gemeente)).content.decode()
    assert "Indicator van Gemeente B" in inhoud
    assert w.eigen.naam not in inhoud


@pytest.mark.parametrize("wie", [r for r in ROLLEN if r not in ("anoniem", "andere_gemeente")])
def test_another_gemeentes_objects_do_not_exist_under_this_gemeentes_code(w, in_b, als, wie):
    """404, or the 403 of a page the role may not open at all (a partner and the reports)."""
    client = als(wie)
    voor = stand()
    for naam, pagina in PAGINAS.items():
        if not pagina.object:
            continue
        geweigerd = naam.startswith("rapport") and wie in PARTNERS
        adres = url(naam, w.gemeente, in_b)
        assert client.get(adres).status_code == (403 if geweigerd else 404), (wie, adres)
        status = 403 if geweigerd else post_status(pagina)
        assert client.post(adres, pagina.post(w)).status_code == status, (wie, adres)
    assert stand() == voor
    for naam in ("index", "evaluaties"):
        inhoud = client.get(url(naam, w.gemeente)).content.decode()
        assert "Indicator van Gemeente B" not in inhoud


# --- What a partner sees --------------------------------------------------------------------------


@pytest.mark.parametrize("via", ["via_afspraak", "via_trekker", "via_betrokken"])
def test_a_partner_reads_an_indicator_of_its_afspraak_or_activiteit_but_does_not_measure_it(
    w, als, via
):
    indicator = getattr(w, via)
    voor = stand()
    client = als("eigenaar")
    response = client.get(url("indicator", w.gemeente, object=indicator))
    assert response.status_code == 200
    assert indicator.naam in response.content.decode()
    assert 'href="' + url("meting", w.gemeente, object=indicator) not in response.content.decode()

    adres = url("meting", w.gemeente, object=indicator)
    assert client.get(adres).status_code == 403
    assert client.post(adres, meting_post(w)).status_code == 403
    # the other partner has nothing to do with it
    client = als("ander_partner")
    assert client.get(url("indicator", w.gemeente, object=indicator)).status_code == 404
    assert client.get(adres).status_code == 404
    assert stand() == voor


def test_a_partner_does_not_find_an_indicator_it_has_nothing_to_do_with(w, als):
    client = als("eigenaar")
    voor = stand()
    for naam, pagina in PAGINAS.items():
        if pagina.object != "eigen":
            continue
        adres = url(naam, w.gemeente, object=w.vreemd)
        assert client.get(adres).status_code == 404, adres
        status = 405 if pagina.lezen else 404
        assert client.post(adres, pagina.post(w)).status_code == status, adres
    assert stand() == voor


def test_the_monitoring_page_shows_a_partner_only_what_it_may_see(w, in_b, als):
    """With the other organisations' indicators red and missing their meting, and an afspraak of
    an agreement the corporatie is no party to past its deadline: none of it shows."""
    vorig = timezone.localdate().year - 1
    for indicator in (w.vreemd, w.eigen, in_b.eigen):
        Indicator.objects.filter(pk=indicator.pk).update(nulmeting=0, nulmeting_jaar=vorig - 3)
        Streefwaarde.objects.filter(indicator=indicator).delete()
        Meting.objects.filter(indicator=indicator).delete()
        StreefwaardeFactory(indicator=indicator, jaar=vorig + 1, waarde=Decimal(100))
        MetingFactory(indicator=indicator, jaar=vorig - 1, waarde=Decimal(1))
    AfspraakFactory(
        overeenkomst=w.welzijn_afspraak.overeenkomst,
        titel="Dagbesteding in de wijk",
        deadline=datetime.date(vorig - 1, 12, 31),
    )

    inhoud = als("eigenaar").get(url("index", w.gemeente)).content.decode()
    for zichtbaar in (w.eigen, w.via_afspraak, w.via_trekker, w.via_betrokken):
        assert zichtbaar.naam in inhoud
    assert "Wachtlijst zorgwoningen" not in inhoud  # w.vreemd, red and without its meting
    assert "Indicator van Gemeente B" not in inhoud
    assert "Dagbesteding in de wijk" not in inhoud
    assert "1 indicator achter op het traject" in inhoud  # its own, not the other one too
    assert "1 meting ontbreekt" in inhoud
    assert "afspraak over de deadline" not in inhoud

    # The other partner sees its own indicator and nothing of the corporatie's.
    IndicatorFactory(gemeente=w.gemeente, naam="Zorgwoningen Y", eigenaar=w.zorgaanbieder)
    inhoud = als("ander_partner").get(url("index", w.gemeente)).content.decode()
    assert "Zorgwoningen Y" in inhoud
    for onzichtbaar in (w.eigen, w.via_afspraak, w.via_trekker, w.via_betrokken, w.vreemd):
        assert onzichtbaar.naam not in inhoud
    assert "Woningcorporatie X" not in inhoud
    assert "Welzijn W" not in inhoud
    assert "Vroege signalen" in inhoud and "achter op het traject" not in inhoud


def test_a_partner_cannot_upload_metingen_for_an_indicator_it_does_not_own(w, als):
    """The upload page is open to the other partner once it owns an indicator, but a row for
    the corporatie's indicator is unknown to it and one it may read is not its to measure."""
    eigen_y = IndicatorFactory(gemeente=w.gemeente, naam="Zorgwoningen Y", eigenaar=w.zorgaanbieder)
    client = als("ander_partner")
    adres = url("metingen_upload", w.gemeente)
    pagina = client.get(adres).content.decode()
    assert "Zorgwoningen Y" in pagina
    assert w.eigen.naam not in pagina
    voor = stand()
    inhoud = f"indicator;jaar;waarde\n{eigen_y.pk};2025;3\n{w.eigen.pk};2025;12\n".encode()
    response = client.post(adres, {"bestand": SimpleUploadedFile("m.csv", inhoud)})
    assert response.status_code == 200
    assert f"Rij 3, kolom indicator: De indicator &#x27;{w.eigen.pk}&#x27; is onbekend." in (
        response.content.decode()
    )
    assert stand() == voor

    client = als("eigenaar")
    inhoud = f"indicator;jaar;waarde\n{w.via_afspraak.pk};2025;12\n".encode()
    response = client.post(adres, {"bestand": SimpleUploadedFile("m.csv", inhoud)})
    assert response.status_code == 200
    assert "dat doet de eigenaar (Welzijn W)" in response.content.decode()
    assert stand() == voor


# --- No button leads to a refusal -----------------------------------------------------------------

LEESPAGINAS = (
    "index",
    "indicator",
    "evaluaties",
    "evaluatie",
    "rapporten",
    "metingen_upload",
    "keten",
    "keten_afdrukken",
)


@pytest.mark.parametrize("wie", [r for r in ROLLEN if r not in ("anoniem", "andere_gemeente")])
def test_pages_link_what_the_user_may_do_and_nothing_else(w, als, wie):
    client = als(wie)
    inhoud = "".join(
        client.get(url(naam, w.gemeente, w)).content.decode()
        for naam in LEESPAGINAS
        if verwacht(naam, wie)[0] == 200
    )

    def gelinkt(adres):
        return any(
            f'{attr}="{adres}{eind}' in inhoud for attr in ("href", "action") for eind in ('"', "?")
        )

    for naam in URL_NAMEN:
        adres = url(naam, w.gemeente, w)
        get, post = verwacht(naam, wie)
        if naam == "rapport_status":
            # fetched by htmx while a report is made, never linked; a finished one is not polled
            assert f'hx-get="{adres}"' not in inhoud
        elif get in (403, 404):
            assert not gelinkt(adres), (wie, naam, "refused but offered")
        else:
            assert get == 200 or post == 302, (wie, naam)
            assert gelinkt(adres), (wie, naam, "allowed but not offered")
