"""The jaarschijf pages through the client: create (a copy of the year before), detail, update,
delete; per role, and never a new versie of the overeenkomst.

Gemeente A's overeenkomst runs 2022–2025 with afspraak 1.1 (110 wooneenheden, 80 nieuwbouw) and
2.1 (no number); jaarschijf 2022 holds a jaardoel for 1.1 only.
"""

import re
import types

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import Domein, Jaardoel, Jaarschijf, Ondertekening, Overeenkomst
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from woonzorg.models import Rol

JAARDOEL_TEKST = "Woningcorporatie X levert 20 woningen op aan de Kerkstraat."
BEEINDIGD_MELDING = "Deze overeenkomst is beëindigd en kan niet meer worden gewijzigd."


def html(response):
    return response.content.decode()


def meldingen(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(naam, obj):
    gemeente = obj.gemeente.cbs_code
    return reverse(f"prestatieafspraken:{naam}", kwargs={"gemeente": gemeente, "pk": obj.pk})


@pytest.fixture
def w(wereld):
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente, periode_start=2022)
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    wonen = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="1.1",
        titel="Geclusterd wonen",
        aantal=110,
        eenheid="wooneenheden",
        aantal_nieuwbouw=80,
    )
    zorg = AfspraakFactory(
        overeenkomst=overeenkomst, nummer="2.1", domein=Domein.ZORG_WELZIJN, titel="Ontmoeting"
    )
    jaarschijf = JaarschijfFactory(
        overeenkomst=overeenkomst, jaar=2022, toelichting="Het eerste jaar."
    )
    JaardoelFactory(jaarschijf=jaarschijf, afspraak=wonen, aantal=20, tekst=JAARDOEL_TEKST)
    return types.SimpleNamespace(
        wereld=wereld, overeenkomst=overeenkomst, wonen=wonen, zorg=zorg, jaarschijf=jaarschijf
    )


def update_post(w, **waarden):
    data = {
        "toelichting": "Een nieuwe regeling maakt dit jaar meer mogelijk.",
        f"aantal_{w.wonen.pk}": "25",
        f"tekst_{w.wonen.pk}": "Dit jaar 25, waarvan 5 in bestaande bouw.",
        f"aantal_{w.zorg.pk}": "",
        f"tekst_{w.zorg.pk}": "De eerste ontmoetingsruimte gaat open.",
    }
    return {**data, **waarden}


# --- Create ---------------------------------------------------------------------------------------


def test_the_form_offers_the_years_without_jaarschijf_and_says_it_copies(login, w):
    response = login(w.wereld.beleidsadviseur).get(url("jaarschijf_create", w.overeenkomst))

    assert response.status_code == 200
    keuzes = re.findall(r'<option value="(\d+)"', html(response))
    assert keuzes == ["2023", "2024", "2025"]
    assert "begint met de jaardoelen van de jaarschijf ervoor" in html(response)


def test_a_new_jaarschijf_copies_the_previous_years_jaardoelen(login, w):
    response = login(w.wereld.beleidsadviseur).post(
        url("jaarschijf_create", w.overeenkomst), {"jaar": "2023"}
    )

    nieuw = Jaarschijf.objects.get(overeenkomst=w.overeenkomst, jaar=2023)
    assert response.status_code == 302
    assert response.url == url("jaarschijf_update", nieuw)
    assert [(d.afspraak, d.aantal, d.tekst) for d in nieuw.jaardoelen.all()] == [
        (w.wonen, 20, JAARDOEL_TEKST)
    ]
    assert meldingen(response) == [
        "Jaarschijf 2023 is aangemaakt met de jaardoelen van 2022. Pas aan wat dit jaar anders is."
    ]
    assert LogEntry.objects.filter(change_message="Jaarschijf 2023 aangemaakt.").exists()


def test_a_year_that_has_a_jaarschijf_is_refused_by_name(login, w):
    response = login(w.wereld.beleidsadviseur).post(
        url("jaarschijf_create", w.overeenkomst), {"jaar": "2022"}
    )

    assert response.status_code == 200
    assert "Kies bij Jaar een jaar van de periode dat nog geen jaarschijf heeft." in html(response)
    assert Jaarschijf.objects.count() == 1


def test_when_every_year_has_one_the_page_says_so(login, w):
    for jaar in (2023, 2024, 2025):
        JaarschijfFactory(overeenkomst=w.overeenkomst, jaar=jaar)

    response = login(w.wereld.beleidsadviseur).get(url("jaarschijf_create", w.overeenkomst))

    assert response.status_code == 200
    assert "Elk jaar van de periode 2022–2025 heeft al een jaarschijf." in html(response)
    assert 'name="jaar"' not in html(response)


# --- Detail ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer", "partner"])
def test_every_role_reads_the_jaarschijf_beside_the_afspraak_targets(login, w, wie):
    volgende = JaarschijfFactory(overeenkomst=w.overeenkomst, jaar=2024)

    response = login(w.wereld.user(wie)).get(url("jaarschijf", w.jaarschijf))

    assert response.status_code == 200
    inhoud = html(response)
    rijen = re.findall(r'<tr class="jaardoel-rij">.*?</tr>', inhoud, re.S)
    assert len(rijen) == 2
    assert "1.1 Geclusterd wonen" in rijen[0] and "2.1 Ontmoeting" in rijen[1]
    assert "110 wooneenheden" in rijen[0] and "waarvan 80 nieuwbouw" in rijen[0]
    assert "20 wooneenheden" in rijen[0] and JAARDOEL_TEKST in rijen[0]
    assert "geen jaardoel" in rijen[1]
    assert "Het eerste jaar." in inhoud
    assert f'href="{volgende.get_absolute_url()}" rel="next"' in inhoud
    assert 'rel="prev"' not in inhoud
    bewerken = f'href="{url("jaarschijf_update", w.jaarschijf)}"'
    assert (bewerken in inhoud) == (wie in ("beleidsadviseur", "programmaleider"))


def test_others_do_not_see_the_jaarschijf(login, w):
    zorgaanbieder = OrganisatieFactory(werkgebied=[w.wereld.gemeente])
    partner = UserFactory(organisatie=zorgaanbieder)
    RolFactory(user=partner, gemeente=w.wereld.gemeente, soort=Rol.Soort.PARTNER)

    for user in (partner, w.wereld.andere_beleidsadviseur):
        client = login(user)
        for naam in ("jaarschijf", "jaarschijf_update", "jaarschijf_delete"):
            assert client.get(url(naam, w.jaarschijf)).status_code == 404, naam
        assert client.get(url("jaarschijf_create", w.overeenkomst)).status_code == 404


# --- Update ---------------------------------------------------------------------------------------


def test_the_update_saves_toelichting_and_jaardoelen_together(login, w):
    response = login(w.wereld.programmaleider).post(
        url("jaarschijf_update", w.jaarschijf), update_post(w)
    )

    assert response.status_code == 302
    assert response.url == w.jaarschijf.get_absolute_url()
    w.jaarschijf.refresh_from_db()
    assert w.jaarschijf.toelichting == "Een nieuwe regeling maakt dit jaar meer mogelijk."
    doelen = {d.afspraak_id: (d.aantal, d.tekst) for d in w.jaarschijf.jaardoelen.all()}
    assert doelen == {
        w.wonen.pk: (25, "Dit jaar 25, waarvan 5 in bestaande bouw."),
        w.zorg.pk: (None, "De eerste ontmoetingsruimte gaat open."),
    }


def test_emptying_both_fields_removes_the_jaardoel(login, w):
    login(w.wereld.beleidsadviseur).post(
        url("jaarschijf_update", w.jaarschijf),
        update_post(w, **{f"aantal_{w.wonen.pk}": "", f"tekst_{w.wonen.pk}": "  "}),
    )

    assert not Jaardoel.objects.filter(afspraak=w.wonen).exists()


def test_invalid_input_saves_nothing_keeps_what_was_typed_and_names_the_afspraak(login, w):
    response = login(w.wereld.beleidsadviseur).post(
        url("jaarschijf_update", w.jaarschijf),
        update_post(w, **{f"aantal_{w.wonen.pk}": "-5", f"aantal_{w.zorg.pk}": "veel"}),
    )

    assert response.status_code == 200
    inhoud = html(response)
    assert "Jaardoel 1.1</a>: Een jaardoel is 0 of meer." in inhoud
    assert "Jaardoel 2.1</a>: Vul een geheel getal in." in inhoud
    assert f'name="aantal_{w.wonen.pk}" value="-5"' in inhoud
    assert f'name="aantal_{w.zorg.pk}" value="veel"' in inhoud
    assert "Een nieuwe regeling maakt dit jaar meer mogelijk." in inhoud
    w.jaarschijf.refresh_from_db()
    assert w.jaarschijf.toelichting == "Het eerste jaar."
    assert [(d.aantal, d.tekst) for d in w.jaarschijf.jaardoelen.all()] == [(20, JAARDOEL_TEKST)]


@pytest.mark.parametrize("wie", ["lezer", "partner"])
def test_readers_may_not_change_jaarschijven(login, w, wie):
    client = login(w.wereld.user(wie))
    voor = list(Jaardoel.objects.values_list("aantal", "tekst"))

    assert client.get(url("jaarschijf_create", w.overeenkomst)).status_code == 403
    assert (
        client.post(url("jaarschijf_create", w.overeenkomst), {"jaar": "2023"}).status_code == 403
    )
    assert client.get(url("jaarschijf_update", w.jaarschijf)).status_code == 403
    assert client.post(url("jaarschijf_update", w.jaarschijf), update_post(w)).status_code == 403
    assert client.post(url("jaarschijf_delete", w.jaarschijf)).status_code == 403
    assert Jaarschijf.objects.count() == 1
    assert list(Jaardoel.objects.values_list("aantal", "tekst")) == voor


def test_a_beeindigde_overeenkomst_has_frozen_jaarschijven(login, w):
    Overeenkomst.objects.filter(pk=w.overeenkomst.pk).update(status=Overeenkomst.Status.BEEINDIGD)
    client = login(w.wereld.beleidsadviseur)

    antwoorden = [
        client.get(url("jaarschijf_create", w.overeenkomst)),
        client.post(url("jaarschijf_update", w.jaarschijf), update_post(w)),
        client.post(url("jaarschijf_delete", w.jaarschijf)),
    ]

    for response in antwoorden:
        assert response.status_code == 403
        assert BEEINDIGD_MELDING in html(response)
    assert Jaarschijf.objects.count() == 1
    assert client.get(url("jaarschijf", w.jaarschijf)).status_code == 200  # still readable


def test_jaarschijven_are_not_signed_text_so_no_new_versie(login, w):
    services.ter_ondertekening(w.overeenkomst, door=w.wereld.beleidsadviseur, mail=False)
    w.overeenkomst.refresh_from_db()
    services.onderteken(
        w.overeenkomst, door=w.wereld.partner, gelezen_hash=w.overeenkomst.inhoud_hash
    )
    voor = Overeenkomst.objects.values("versie", "status", "inhoud_hash").get()
    client = login(w.wereld.beleidsadviseur)

    client.post(url("jaarschijf_update", w.jaarschijf), update_post(w))
    client.post(url("jaarschijf_create", w.overeenkomst), {"jaar": "2023"})
    client.post(url("jaarschijf_delete", w.jaarschijf))

    assert Jaarschijf.objects.get().jaar == 2023  # all three did change something
    assert Overeenkomst.objects.values("versie", "status", "inhoud_hash").get() == voor
    assert voor["status"] == Overeenkomst.Status.ONDERTEKEND
    assert not Ondertekening.objects.filter(vervallen=True).exists()


# --- Delete ---------------------------------------------------------------------------------------


def test_delete_asks_first_then_removes_the_jaarschijf_and_its_jaardoelen(login, w):
    client = login(w.wereld.beleidsadviseur)

    vraag = client.get(url("jaarschijf_delete", w.jaarschijf))
    assert "Weet u zeker dat u jaarschijf 2022 van" in html(vraag)
    assert Jaarschijf.objects.count() == 1  # the question deleted nothing

    response = client.post(url("jaarschijf_delete", w.jaarschijf))

    assert response.status_code == 302
    assert response.url == f"{w.overeenkomst.get_absolute_url()}#jaarschijven"
    assert not Jaarschijf.objects.exists() and not Jaardoel.objects.exists()
    assert LogEntry.objects.filter(change_message="Jaarschijf 2022 verwijderd.").exists()


# --- Queries --------------------------------------------------------------------------------------


def vul(w, aantal):
    """`aantal` more afspraken, each with a trekker, an ambitie and a jaardoel in 2022."""
    for _ in range(aantal):
        afspraak = AfspraakFactory(overeenkomst=w.overeenkomst, smart=True)
        JaardoelFactory(jaarschijf=w.jaarschijf, afspraak=afspraak)


def tel(client, adres):
    client.get(adres)  # once first: the session learns the gemeente, which is a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(adres)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(
    "pagina,wie",
    [("jaarschijf", "partner"), ("jaarschijf", "lezer"), ("jaarschijf_update", "beleidsadviseur")],
)
def test_jaarschijf_pages_make_as_many_queries_for_ten_as_for_one(login, w, pagina, wie):
    client = login(w.wereld.user(wie))
    vul(w, 1)
    bij_een, _ = tel(client, url(pagina, w.jaarschijf))

    vul(w, 9)
    bij_tien, response = tel(client, url(pagina, w.jaarschijf))

    inhoud = html(response)
    if pagina == "jaarschijf":
        assert inhoud.count('<tr class="jaardoel-rij">') == 2 + 10
    else:
        assert inhoud.count('<fieldset class="border rounded p-3 mb-3 jaardoel"') == 2 + 10
    assert bij_tien == bij_een, f"{pagina}: {bij_een} queries with 1, {bij_tien} with 10"
    assert bij_een <= 16
