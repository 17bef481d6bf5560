"""The "Mijn taken" page, home for partners, and the reminder settings, through the client."""

import re
import time
from io import StringIO

import pytest
from django.core import signing
from django.core.management import call_command
from django.utils import timezone

from tests.woonzorg.factories import RolFactory, UserFactory
from tests.woonzorg.test_taken import maak_taken
from woonzorg.models import Rol, User
from woonzorg.taken import UIT_GELDIG, UIT_SALT, uit_token


def html(response):
    return response.content.decode()


def rijen(content):
    """(onderwerp, status cell) per table row."""
    return [
        (titel, re.sub(r"<[^>]+>", "", status).strip())
        for titel, status in re.findall(
            r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td>(.*?)</td>', content, re.S
        )
    ]


# --- The page --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get("/taken/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/taken/"


def test_the_partner_sees_what_its_organisatie_must_do(wereld, login):
    te_tekenen, getekend, te_laat, op_tijd, ontbreekt = maak_taken(wereld, timezone.localdate())
    response = login(wereld.partner).get("/taken/")
    assert response.status_code == 200
    content = html(response)
    assert '<h1 class="h2">Mijn taken</h1>' in content
    assert "Wat Woningcorporatie X moet doen, in alle gemeenten waar u werkt" in content
    assert "<strong>3 taken wachten op u.</strong>" in content
    # Counts in the headings; what waits is marked in words, not by colour alone.
    assert re.search(
        r'id="taken-overeenkomsten">Overeenkomsten <span[^>]*>\(2, waarvan 1 dringend\)', content
    )
    assert re.search(
        r'id="taken-activiteiten">Activiteiten <span[^>]*>\(2, waarvan 1 dringend\)', content
    )
    assert re.search(
        r'id="taken-indicatoren">Indicatoren <span[^>]*>\(1, waarvan 1 dringend\)', content
    )
    assert rijen(content) == [
        (
            "Pact Wonen en Zorg",
            "Dringend Ter ondertekening; de handtekening van uw organisatie ontbreekt (versie 1)",
        ),
        ("Convenant Ontmoeten", "Ondertekend (2022–2025)"),
        ("Geclusterd wonen Oost", "Dringend Gepland, te laat"),
        ("Ontmoetingsruimte West", "Gepland"),
        ("Geclusterde woningen", f"Dringend Meting over {timezone.localdate().year - 1} ontbreekt"),
    ]
    assert content.count('class="table-warning taak-dringend"') == 3
    ondertekenen = f"/g/GM0001/prestatieafspraken/{te_tekenen.pk}/ondertekenen/"
    verborgen = '<span class="visually-hidden">: Pact Wonen en Zorg</span>'
    assert f'href="{ondertekenen}">Ondertekenen{verborgen}</a>' in content
    assert f'href="/g/GM0001/uitvoering/activiteit/{te_laat.pk}/voortgang/"' in content
    assert f'href="/g/GM0001/borging/indicator/{ontbreekt.pk}/meting/"' in content
    assert "<td>Gemeente A</td>" in content
    # The navigation marks the page.
    assert 'class="nav-link active" href="/taken/" aria-current="page">Mijn taken</a>' in content


def test_the_partner_of_another_corporatie_sees_none_of_it(wereld, login):
    maak_taken(wereld, timezone.localdate())
    ander = UserFactory(organisatie=wereld.andere_corporatie)
    RolFactory(user=ander, gemeente=wereld.andere_gemeente, soort=Rol.Soort.PARTNER)
    content = html(login(ander).get("/taken/"))
    assert rijen(content) == []
    for titel in ("Pact Wonen en Zorg", "Geclusterd wonen Oost", "Geclusterde woningen"):
        assert titel not in content
    assert "Er wacht nu niets dringends op u." in content
    assert "Uw organisatie is geen partij bij een lopende overeenkomst." in content
    assert "Uw organisatie is geen trekker van een lopende activiteit." in content
    assert "Uw organisatie is geen eigenaar van een indicator." in content


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer", "partner"])
def test_the_page_opens_for_every_role(wereld, login, wie):
    maak_taken(wereld, timezone.localdate())
    response = login(wereld.user(wie)).get("/taken/")
    assert response.status_code == 200
    assert [lijst.soort for lijst in response.context["lijsten"]] == [
        "overeenkomsten",
        "activiteiten",
        "indicatoren",
    ]
    # Gemeente staff work for the gemeente, which is party to nothing here.
    if wie != "partner":
        assert rijen(html(response)) == []


def test_a_user_without_organisatie_is_told_why_there_is_nothing(wereld, login):
    content = html(login(wereld.beheerder).get("/taken/"))
    assert "Uw account hoort nog niet bij een organisatie" in content
    assert "<table" not in content


def test_the_navigation_links_to_the_tasks_for_users_with_an_organisatie(wereld, login):
    content = html(login(wereld.lezer).get("/g/GM0001/"))
    assert '<a class="nav-link" href="/taken/">Mijn taken</a>' in content
    assert 'href="/account/herinneringen/">Herinneringen per e-mail</a>' in content
    content = html(login(wereld.beheerder).get("/g/GM0001/"))
    assert "Mijn taken" not in content


def test_the_demo_partner_follows_home_to_the_agreement_it_must_sign(db, client):
    call_command("load_demo", stdout=StringIO())
    client.force_login(User.objects.get(email="partner@woningcorporatie-x.demo"))
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/taken/", 302)]
    content = html(response)
    assert (
        "Prestatieafspraken wonen, welzijn en zorg Gemeente A 2022–2025",
        "Dringend Ter ondertekening; de handtekening van uw organisatie ontbreekt (versie 1)",
    ) in rijen(content)
    (link,) = re.findall(r'href="([^"]+)">Ondertekenen<', content)
    assert client.get(link).status_code == 200


# --- Home ------------------------------------------------------------------------------------


def test_home_sends_a_partner_to_the_tasks(wereld, login):
    response = login(wereld.partner).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/taken/"


def test_a_partner_in_several_gemeenten_also_starts_at_the_tasks(wereld, login):
    RolFactory(user=wereld.partner, gemeente=wereld.andere_gemeente, soort=Rol.Soort.PARTNER)
    assert login(wereld.partner).get("/")["Location"] == "/taken/"


def test_a_partner_who_is_also_lezer_somewhere_keeps_the_dashboard(wereld, login):
    RolFactory(user=wereld.partner, gemeente=wereld.andere_gemeente, soort=Rol.Soort.LEZER)
    assert login(wereld.partner).get("/")["Location"] == "/g/GM0001/"


# --- The reminder setting --------------------------------------------------------------------


def test_the_settings_page_turns_the_reminder_off_and_on(wereld, login):
    client = login(wereld.partner)
    response = client.get("/account/herinneringen/")
    assert response.status_code == 200
    assert re.search(r'<input type="checkbox" name="herinneringen"[^>]*checked', html(response))

    response = client.post("/account/herinneringen/", {}, follow=True)
    assert response.redirect_chain == [("/account/herinneringen/", 302)]
    assert "U krijgt geen dagelijkse herinneringen meer." in html(response)
    assert User.objects.get(pk=wereld.partner.pk).herinneringen is False

    response = client.post("/account/herinneringen/", {"herinneringen": "on"}, follow=True)
    assert "U krijgt een dagelijkse herinnering als er iets op u wacht." in html(response)
    assert User.objects.get(pk=wereld.partner.pk).herinneringen is True


def test_the_settings_page_changes_only_the_own_account(wereld, login):
    login(wereld.partner).post("/account/herinneringen/", {"email": "x@example.org"})
    partner = User.objects.get(pk=wereld.partner.pk)
    assert (partner.email, partner.herinneringen) == ("partner@corporatie-x.test", False)
    assert User.objects.get(pk=wereld.lezer.pk).herinneringen is True


def test_the_settings_page_needs_a_login(client):
    response = client.get("/account/herinneringen/")
    assert response["Location"] == "/account/login/?next=/account/herinneringen/"


# --- The opt-out link in the e-mail ----------------------------------------------------------


def uit_url(token):
    return f"/account/herinneringen/uit/{token}/"


def test_the_opt_out_link_asks_first_and_changes_nothing_on_get(wereld, client):
    response = client.get(uit_url(uit_token(wereld.partner)))
    assert response.status_code == 200
    content = html(response)
    assert (
        "Wilt u geen dagelijkse herinneringen meer ontvangen op partner@corporatie-x.test?"
        in content
    )
    assert (
        '<button type="submit" class="btn btn-primary">Herinneringen uitzetten</button>' in content
    )
    assert User.objects.get(pk=wereld.partner.pk).herinneringen is True


def test_the_opt_out_link_turns_it_off_on_post_without_logging_in(wereld, client):
    response = client.post(uit_url(uit_token(wereld.partner)))
    assert response.status_code == 200
    assert "De dagelijkse herinneringen aan partner@corporatie-x.test staan uit." in html(response)
    assert User.objects.get(pk=wereld.partner.pk).herinneringen is False
    assert User.objects.get(pk=wereld.lezer.pk).herinneringen is True
    # Again: still off, no error.
    assert client.post(uit_url(uit_token(wereld.partner))).status_code == 200


def forged_tokens(user):
    echt = uit_token(user)
    return [
        "onzin",
        echt[:-2] + ("aa" if not echt.endswith("aa") else "bb"),
        signing.dumps(user.pk, salt="iets anders"),
    ]


@pytest.mark.parametrize("methode", ["get", "post"])
def test_a_bad_opt_out_link_says_so(wereld, client, methode):
    for token in forged_tokens(wereld.partner):
        response = getattr(client, methode)(uit_url(token))
        assert response.status_code == 400
        assert "Deze link werkt niet (meer)." in html(response)
    assert User.objects.get(pk=wereld.partner.pk).herinneringen is True


def test_an_expired_opt_out_link_says_so(wereld, client, monkeypatch):
    oud = int(time.time() - UIT_GELDIG.total_seconds() - 60)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(oud))
    token = signing.dumps(wereld.partner.pk, salt=UIT_SALT)
    monkeypatch.undo()
    response = client.post(uit_url(token))
    assert response.status_code == 400
    assert "Deze link werkt niet (meer)." in html(response)
    assert User.objects.get(pk=wereld.partner.pk).herinneringen is True


def test_the_opt_out_link_of_a_deleted_user_says_so(wereld, client):
    user = UserFactory()
    token = uit_token(user)
    user.delete()
    assert client.get(uit_url(token)).status_code == 400
