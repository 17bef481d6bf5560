"""Every page of the core app, through the client, for every role."""

import dataclasses
import re
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.woonzorg.factories import (
    GebiedFactory,
    GemeenteFactory,
    OrganisatieFactory,
    RolFactory,
    UserFactory,
)
from woonzorg.fasen import Kengetal
from woonzorg.models import Gebied, Organisatie, Rol

FASE_PADEN = ("analyse", "visie", "prestatieafspraken", "uitvoering", "borging")
PAGINA_PADEN = ("", *(f"{fase}/" for fase in FASE_PADEN), "gebruikers/", "gebruikers/uitnodigen/")
ALLE_GEBRUIKERS = ("beleidsadviseur", "programmaleider", "lezer", "partner", "beheerder")


def pagina(gemeente, pad=""):
    return f"/g/{gemeente.cbs_code}/{pad}"


def html(response):
    return response.content.decode()


# --- Not logged in ---------------------------------------------------------------------------


@pytest.mark.parametrize("pad", PAGINA_PADEN)
def test_anonymous_is_sent_to_the_login_page(wereld, client, pad):
    url = pagina(wereld.gemeente, pad)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={url}"


def test_anonymous_home_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/"


# --- Another gemeente: 404, never 403 --------------------------------------------------------


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer", "partner"])
@pytest.mark.parametrize("pad", PAGINA_PADEN)
def test_another_gemeentes_pages_do_not_exist_for_any_role(wereld, login, wie, pad):
    client = login(wereld.user(wie))
    response = client.get(pagina(wereld.andere_gemeente, pad))
    assert response.status_code == 404


def test_an_unknown_gemeente_code_is_404(wereld, login):
    assert login(wereld.beheerder).get("/g/GM9999/").status_code == 404


def test_the_404_page_is_dutch(wereld, login):
    response = login(wereld.partner).get(pagina(wereld.andere_gemeente))
    assert response.status_code == 404
    content = html(response)
    assert '<h1 class="h2">Deze pagina bestaat niet</h1>' in content
    assert "De pagina is niet gevonden, of u heeft er geen toegang toe." in content
    # Nothing of the other gemeente leaks into the page.
    assert wereld.andere_gemeente.naam not in content


# --- Pages within the own gemeente -----------------------------------------------------------


@pytest.mark.parametrize("wie", ALLE_GEBRUIKERS)
@pytest.mark.parametrize("pad", ("", *(f"{fase}/" for fase in FASE_PADEN)))
def test_dashboard_and_phase_pages_open_for_every_role(wereld, login, wie, pad):
    response = login(wereld.user(wie)).get(pagina(wereld.gemeente, pad))
    assert response.status_code == 200
    assert response.context["gemeente"] == wereld.gemeente


@pytest.mark.parametrize("wie", ["lezer", "partner"])
@pytest.mark.parametrize("pad", ["gebruikers/", "gebruikers/uitnodigen/"])
def test_lezer_and_partner_may_not_manage_users(wereld, login, wie, pad):
    client = login(wereld.user(wie))
    response = client.get(pagina(wereld.gemeente, pad))
    assert response.status_code == 403
    assert "Geen toegang" in html(response)
    assert client.post(pagina(wereld.gemeente, pad), {}).status_code == 403


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "beheerder"])
@pytest.mark.parametrize("pad", ["gebruikers/", "gebruikers/uitnodigen/"])
def test_staff_and_beheerder_manage_users(wereld, login, wie, pad):
    assert login(wereld.user(wie)).get(pagina(wereld.gemeente, pad)).status_code == 200


def test_a_phase_page_names_its_phase_and_marks_it_in_the_navigation(wereld, login):
    response = login(wereld.lezer).get(pagina(wereld.gemeente, "uitvoering/"))
    content = html(response)
    assert "Fase 4 van 5" in content
    assert "Voor Gemeente A is nog geen uitvoeringsprogramma vastgelegd." in content
    current = re.findall(r'<a href="([^"]+)"\s+class="cyclus-link actief"', content)
    assert current == ["/g/GM0001/uitvoering/"]


# --- Home and the gemeente switcher ----------------------------------------------------------


def test_home_goes_to_the_users_gemeente_a_partner_to_its_tasks(wereld, login, rol):
    response = login(wereld.user(rol)).get("/")
    assert response.status_code == 302
    # A partner may work in several gemeenten: it starts at its organisatie's tasks.
    assert response["Location"] == ("/taken/" if rol == "partner" else "/g/GM0001/")


def test_home_remembers_the_last_gemeente_visited(wereld, login):
    RolFactory(user=wereld.lezer, gemeente=wereld.andere_gemeente, soort=Rol.Soort.LEZER)
    client = login(wereld.lezer)
    assert client.get("/")["Location"] == "/g/GM0001/"  # the first, by name

    assert client.get(pagina(wereld.andere_gemeente)).status_code == 200
    assert client.get("/")["Location"] == "/g/GM0002/"

    assert client.get(pagina(wereld.gemeente, "visie/")).status_code == 200
    assert client.get("/")["Location"] == "/g/GM0001/"


def test_a_remembered_gemeente_the_user_lost_is_not_used(wereld, login):
    RolFactory(user=wereld.lezer, gemeente=wereld.andere_gemeente, soort=Rol.Soort.LEZER)
    client = login(wereld.lezer)
    client.get(pagina(wereld.andere_gemeente))
    Rol.objects.filter(user=wereld.lezer, gemeente=wereld.andere_gemeente).delete()
    assert client.get("/")["Location"] == "/g/GM0001/"


def test_home_without_any_role_shows_the_geen_gemeente_page(db, login):
    response = login(UserFactory()).get("/")
    assert response.status_code == 200
    content = html(response)
    assert "Nog geen toegang tot een gemeente" in content
    assert "Naar beheer" not in content


def test_a_superuser_goes_to_the_first_gemeente(wereld, login):
    assert login(wereld.beheerder).get("/")["Location"] == "/g/GM0001/"


def switcher_links(content):
    menu = re.search(
        r'<ul class="dropdown-menu" aria-label="Gemeente wisselen">(.*?)</ul>', content, re.S
    )
    assert menu, "no gemeente switcher on the page"
    return re.findall(r'href="([^"]+)"', menu.group(1))


def test_the_switcher_lists_exactly_the_users_gemeenten(wereld, login):
    derde = GemeenteFactory(naam="Gemeente C", cbs_code="GM0003")
    GemeenteFactory(naam="Gemeente D", cbs_code="GM0004")
    RolFactory(user=wereld.partner, gemeente=derde, soort=Rol.Soort.PARTNER)
    response = login(wereld.partner).get(pagina(derde))
    assert switcher_links(html(response)) == ["/g/GM0001/", "/g/GM0003/"]
    assert 'aria-current="true">Gemeente C</a>' in html(response)


@pytest.mark.parametrize("adres", ["/g/GM0001/", "/taken/"])
def test_one_gemeente_needs_no_switcher(wereld, login, adres):
    # Also on pages outside any gemeente, such as Mijn taken.
    content = html(login(wereld.partner).get(adres))
    assert 'aria-label="Gemeente wisselen"' not in content
    assert '<a class="nav-link" href="/g/GM0001/">Gemeente A</a>' in content


def test_no_gemeente_says_so_in_the_menu(db, login):
    content = html(login(UserFactory()).get("/"))
    assert switcher_links(content) == []
    assert "Geen gemeenten" in content


# --- The dashboard ---------------------------------------------------------------------------


def test_the_dashboard_lists_the_five_phases_in_order(wereld, login):
    response = login(wereld.programmaleider).get(pagina(wereld.gemeente))
    content = html(response)
    namen = re.findall(r'<h3 class="h5 mb-0" id="fase-(\d)">([^<]+)<', content)
    assert namen == [
        ("1", "Analyse"),
        ("2", "Visie"),
        ("3", "Prestatieafspraken"),
        ("4", "Uitvoering"),
        ("5", "Borging"),
    ]
    links = re.findall(r'<a href="(/g/GM0001/[^"]+)">Naar ', content)
    assert links == [pagina(wereld.gemeente, f"{fase}/") for fase in FASE_PADEN]


def test_the_dashboard_lists_the_partners_of_that_gemeente_only(wereld, login):
    OrganisatieFactory(
        naam="Zorgkantoor Regio A",
        soort=Organisatie.Soort.ZORGKANTOOR,
        werkgebied=[wereld.gemeente],
    )
    response = login(wereld.beleidsadviseur).get(pagina(wereld.gemeente))
    partners = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", html(response))
    # Ordered by soort, then naam; the gemeente's own organisatie is not a partner.
    assert partners == [
        ("Woningcorporatie X", "woningcorporatie"),
        ("Zorgkantoor Regio A", "zorgkantoor"),
    ]


def test_a_dashboard_without_partners_says_so(wereld, login):
    nieuwe = GemeenteFactory()
    RolFactory(user=wereld.beleidsadviseur, gemeente=nieuwe)
    content = html(login(wereld.beleidsadviseur).get(pagina(nieuwe)))
    assert "Er zijn nog geen partnerorganisaties aan deze gemeente gekoppeld." in content


def test_the_dashboard_counts_the_gebieden_per_soort(wereld, login):
    GebiedFactory.create_batch(2, gemeente=wereld.gemeente)
    GebiedFactory(gemeente=wereld.gemeente, soort=Gebied.Soort.KERN, cbs_code="", naam="Dorp")
    GebiedFactory(gemeente=wereld.andere_gemeente)
    content = html(login(wereld.partner).get(pagina(wereld.gemeente)))
    assert "<li>Kern: 1</li>" in content
    assert "<li>Wijk: 2</li>" in content


# --- Logging out -----------------------------------------------------------------------------


def test_logout_is_a_post(wereld, login):
    client = login(wereld.lezer)
    assert client.get("/account/logout/").status_code == 405
    assert client.get(pagina(wereld.gemeente)).status_code == 200

    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(pagina(wereld.gemeente)).status_code == 302


# --- The list of users -----------------------------------------------------------------------


def test_the_user_list_shows_who_works_in_the_gemeente(wereld, login):
    wereld.partner.uitgenodigd_op = datetime(2026, 3, 5, 12, tzinfo=UTC)
    wereld.partner.save()
    wereld.lezer.is_active = False
    wereld.lezer.save()
    response = login(wereld.beleidsadviseur).get(pagina(wereld.gemeente, "gebruikers/"))
    content = html(response)
    assert "<caption>4 gebruikers</caption>" in content
    for user in (wereld.beleidsadviseur, wereld.programmaleider, wereld.lezer, wereld.partner):
        assert f"<td>{user.email}</td>" in content
    assert wereld.andere_beleidsadviseur.email not in content
    # The beleidsadviseur has just logged in; the others have a status of their own.
    assert content.count("laatst ingelogd ") == 1
    assert "uitgenodigd op 5 maart 2026, nog niet ingelogd" in content
    assert ">nog niet ingelogd</span>" in content  # the programmaleider, never invited
    assert ">uitgeschakeld</span>" in content  # the lezer


def test_the_user_list_is_paginated(wereld, login):
    for user in UserFactory.create_batch(47):
        RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.LEZER)
    client = login(wereld.beleidsadviseur)
    assert "Pagina 1 van 2" in html(client.get(pagina(wereld.gemeente, "gebruikers/")))
    tweede = client.get(pagina(wereld.gemeente, "gebruikers/") + "?page=2")
    assert len(tweede.context["rollen"]) == 1


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_user_list_needs_the_same_number_of_queries_for_3_and_30_users(
    wereld, login, django_assert_max_num_queries
):
    client = login(wereld.beleidsadviseur)
    url = pagina(wereld.gemeente, "gebruikers/")
    organisatie = OrganisatieFactory(werkgebied=[wereld.gemeente])

    def add_users(n):
        for user in UserFactory.create_batch(n, organisatie=organisatie):
            RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)

    add_users(3)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    with_few = count_queries(client, url)
    add_users(27)
    with django_assert_max_num_queries(with_few):
        response = client.get(url)
    assert response.context["paginator"].count == 34
    assert count_queries(client, url) == with_few


# --- A phase's numbers on the dashboard ------------------------------------------------------


def fake_summary(gemeente, user):
    return [
        Kengetal(label="woonzorganalyses", waarde=2, url=f"/g/{gemeente.cbs_code}/analyse/"),
        Kengetal(label="bevindingen zonder ambitie", waarde=7),
    ]


def test_a_phase_with_a_summary_shows_its_numbers_on_the_dashboard(wereld, login, monkeypatch):
    config = apps.get_app_config("analyses")
    summary = f"{__name__}.fake_summary"
    monkeypatch.setattr(config, "fase", dataclasses.replace(config.fase, summary=summary))
    content = html(login(wereld.lezer).get(pagina(wereld.gemeente)))
    assert (
        '<li><a href="/g/GM0001/analyse/"><span class="kengetal">2</span> woonzorganalyses</a></li>'
        in content
    )
    assert '<li><span class="kengetal">7</span> bevindingen zonder ambitie</li>' in content
    # The other phases have nothing yet.
    assert "Nog geen woonzorgvisie vastgelegd." in content
    assert "Nog geen woonzorganalyse vastgelegd." not in content


def test_every_page_names_a_favicon_that_exists(client):
    html = client.get("/account/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in html
    assert finders.find("favicon.svg")
