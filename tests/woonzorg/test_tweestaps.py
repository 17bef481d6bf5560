"""Two-step login: a code from an authenticator app after the password, required for a beheerder.

These tests log in the real way (the login form, or client.login for the password step alone),
not with force_login, which stands for both steps (tests/conftest.py).
"""

import base64
import re
from datetime import timedelta

import django_otp
import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.woonzorg.factories import PASSWORD, UserFactory
from tests.woonzorg.tweestaps_hulp import code_van, code_voor, fout, met_app
from woonzorg import tweestaps

LOGIN = "/account/login/"
TWEEDE_STAP = "/account/tweede-stap/"
INSTELLEN = "/account/tweestapsverificatie/"
HERSTELCODES = "/account/tweestapsverificatie/herstelcodes/"
UITZETTEN = "/account/tweestapsverificatie/uitzetten/"
DASHBOARD = "/g/GM0001/"
CODE_ONJUIST = "Deze code klopt niet."


pytestmark = pytest.mark.usefixtures("geen_blokkades", "stille_klok")


def aan(user) -> bool:
    user.refresh_from_db()
    return user.tweestaps_aan


def wachtwoord(client, user, next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def alleen_wachtwoord(client, user):
    """The password step alone, as an invitation link or OpenID Connect takes it."""
    assert client.login(
        request=RequestFactory().post(LOGIN), username=user.email, password=PASSWORD
    )


def request_met_sessie(user):
    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    return request


def sleutel_op_pagina(response) -> bytes:
    return base64.b32decode(response.context["koppeling"].sleutel.replace(" ", ""))


# --- The rules, as functions ----------------------------------------------------------------------


def test_required_for_a_beheerder_only(wereld):
    assert tweestaps.verplicht(wereld.beheerder)
    assert tweestaps.verplicht(UserFactory(is_staff=True))
    assert not tweestaps.verplicht(wereld.beleidsadviseur)
    assert not tweestaps.verplicht(wereld.partner)


def test_the_key_to_type_over_is_the_apps_secret_in_groups_of_four(wereld):
    request = request_met_sessie(wereld.lezer)
    sleutel = tweestaps.nieuwe_sleutel(request)
    koppeling = tweestaps.koppeling(wereld.lezer, sleutel)
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", koppeling.sleutel)
    assert base64.b32decode(koppeling.sleutel.replace(" ", "")) == bytes.fromhex(sleutel)
    assert koppeling.qr_code.startswith("data:image/svg+xml")
    # Reloading the page shows the same key, so what was scanned still fits; and nothing is
    # stored but in this session.
    assert tweestaps.nieuwe_sleutel(request) == sleutel
    assert not TOTPDevice.objects.exists()
    assert tweestaps.nieuwe_sleutel(request_met_sessie(wereld.lezer)) != sleutel


def test_confirming_with_a_wrong_code_turns_nothing_on(wereld):
    request = request_met_sessie(wereld.lezer)
    sleutel = bytes.fromhex(tweestaps.nieuwe_sleutel(request))
    for code in (fout(code_voor(sleutel)), "", "12345a", "9" * 40):
        assert tweestaps.bevestig(request, code) is None
    assert not TOTPDevice.objects.exists()
    assert not aan(wereld.lezer)
    assert django_otp.DEVICE_ID_SESSION_KEY not in request.session
    # No wait at setting up: whoever sets it up holds the key already.
    assert tweestaps.bevestig(request, code_voor(sleutel)) is not None


def test_confirming_turns_it_on_with_ten_herstelcodes_and_replaces_an_older_app(wereld):
    oud, _ = met_app(wereld.lezer)
    request = request_met_sessie(wereld.lezer)
    sleutel = bytes.fromhex(tweestaps.nieuwe_sleutel(request))
    codes = tweestaps.bevestig(request, code_voor(sleutel, stap=-1))  # a slow phone clock
    assert len(codes) == len(set(codes)) == tweestaps.AANTAL_HERSTELCODES
    (app,) = TOTPDevice.objects.filter(user=wereld.lezer)
    assert app != oud and app.bin_key == sleutel and app.confirmed
    assert aan(wereld.lezer)
    assert request.session[django_otp.DEVICE_ID_SESSION_KEY] == app.persistent_id
    assert tweestaps.SESSIE_NIEUWE_SLEUTEL not in request.session
    # The code that confirmed it cannot log in as well.
    assert tweestaps.controleer(wereld.lezer, code_voor(sleutel, stap=-1)).device is None


def test_a_code_works_once(wereld):
    app, _ = met_app(wereld.lezer)
    code = code_van(app)
    assert tweestaps.controleer(wereld.lezer, code).device == app
    # Someone who saw it over the shoulder is too late.
    assert tweestaps.controleer(wereld.lezer, code).device is None


def test_the_previous_and_the_next_period_are_accepted(wereld):
    """A phone's clock may be a little off."""
    app, _ = met_app(wereld.lezer)
    assert tweestaps.controleer(wereld.lezer, code_van(app, stap=1)).device == app
    app2, _ = met_app(wereld.programmaleider)
    assert tweestaps.controleer(wereld.programmaleider, code_van(app2, stap=-1)).device == app2
    app3, _ = met_app(wereld.beleidsadviseur)
    assert tweestaps.controleer(wereld.beleidsadviseur, code_van(app3, stap=3)).device is None


def test_the_flag_follows_the_apps_however_they_change(wereld):
    app, _ = met_app(wereld.lezer)
    assert aan(wereld.lezer)
    app.delete()
    assert not aan(wereld.lezer)


def test_a_herstelcode_works_once_and_spaces_and_case_do_not_matter(wereld):
    _, codes = met_app(wereld.lezer)
    controle = tweestaps.controleer(wereld.lezer, f" {codes[0][:4].upper()} {codes[0][4:]} ")
    assert controle.herstelcode
    assert tweestaps.herstelcodes_over(wereld.lezer) == 9
    assert tweestaps.controleer(wereld.lezer, codes[0]).device is None


def test_a_herstelcode_of_digits_only_is_still_a_herstelcode(wereld):
    met_app(wereld.lezer)
    StaticToken.objects.create(device=StaticDevice.objects.get(user=wereld.lezer), token="23456723")
    assert tweestaps.controleer(wereld.lezer, "23456723").herstelcode


def test_after_a_wrong_code_the_next_must_wait(wereld):
    app, _ = met_app(wereld.lezer)
    assert tweestaps.controleer(wereld.lezer, fout(code_van(app))).device is None
    controle = tweestaps.controleer(wereld.lezer, code_van(app))
    assert controle.device is None
    assert controle.wacht_tot > timezone.now()
    # Once the wait is over, the right code works.
    TOTPDevice.objects.filter(pk=app.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=2)
    )
    assert tweestaps.controleer(wereld.lezer, code_van(app)).device == app


def test_another_users_code_does_not_count(wereld):
    app, codes = met_app(wereld.lezer)
    met_app(wereld.partner)
    assert tweestaps.controleer(wereld.partner, code_van(app)).device is None
    assert tweestaps.controleer(wereld.partner, codes[0]).device is None


def test_new_herstelcodes_replace_the_old_ones(wereld):
    _, oude = met_app(wereld.lezer)
    nieuwe = tweestaps.nieuwe_herstelcodes(wereld.lezer)
    assert not set(oude) & set(nieuwe)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(nieuwe)


# --- Logging in -----------------------------------------------------------------------------------


def test_without_two_step_login_the_password_is_enough(wereld, client):
    response = wachtwoord(client, wereld.beleidsadviseur, DASHBOARD)
    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_users_without_it_pay_no_query_for_it(wereld, client):
    client.force_login(wereld.beleidsadviseur)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    assert not [q for q in queries.captured_queries if "otp_" in q["sql"]]


def test_with_it_the_password_leads_to_the_second_step_and_nowhere_else(wereld, client):
    app, _ = met_app(wereld.beleidsadviseur)
    response = wachtwoord(client, wereld.beleidsadviseur, DASHBOARD)
    # Sent on by the middleware, wherever the password step was going.
    assert client.get(response["Location"])["Location"] == f"{TWEEDE_STAP}?next=/g/GM0001/"
    for pagina in (DASHBOARD, "/taken/", "/g/GM0001/visie/", "/account/password_change/"):
        assert client.get(pagina)["Location"].startswith(TWEEDE_STAP), pagina
    pagina = client.get(f"{TWEEDE_STAP}?next={DASHBOARD}")
    inhoud = pagina.content.decode()
    assert "Tweede stap: uw code" in inhoud
    # Nothing in the top bar to go to yet, but logging out.
    assert "Mijn taken" not in inhoud and "Uitloggen" in inhoud
    assert client.post("/account/logout/").status_code == 302


def test_the_right_code_lets_in_and_goes_where_the_user_was_going(wereld, client):
    app, _ = met_app(wereld.beleidsadviseur)
    wachtwoord(client, wereld.beleidsadviseur)
    response = client.post(TWEEDE_STAP, {"code": code_van(app), "next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    # Done: the second step sends a verified session on.
    assert client.get(TWEEDE_STAP)["Location"] == "/"


def test_a_wrong_code_is_said_on_the_field(wereld, client):
    app, _ = met_app(wereld.beleidsadviseur)
    wachtwoord(client, wereld.beleidsadviseur)
    response = client.post(TWEEDE_STAP, {"code": fout(code_van(app)), "next": DASHBOARD})
    assert response.status_code == 200
    assert CODE_ONJUIST in response.context["form"].errors["code"][0]
    assert 'value="/g/GM0001/"' in response.content.decode()  # the destination is kept
    # Straight away again: the wait is named, in seconds.
    response = client.post(TWEEDE_STAP, {"code": code_van(app)})
    assert re.search(r"Wacht nog \d+ seconden? en", response.context["form"].errors["code"][0])
    assert client.get(DASHBOARD)["Location"].startswith(TWEEDE_STAP)


def test_a_herstelcode_lets_in_and_says_how_many_are_left(wereld, client):
    _, codes = met_app(wereld.beleidsadviseur)
    wachtwoord(client, wereld.beleidsadviseur)
    response = client.post(TWEEDE_STAP, {"code": codes[3]}, follow=True)
    assert response.redirect_chain[0][0] == "/"
    assert "U hebt er nog 9." in response.content.decode()


def test_the_destination_must_be_on_this_site(wereld, client):
    app, _ = met_app(wereld.beleidsadviseur)
    wachtwoord(client, wereld.beleidsadviseur)
    response = client.post(
        TWEEDE_STAP, {"code": code_van(app), "next": "https://elders.example/val"}
    )
    assert response["Location"] == "/"


def test_a_login_by_another_way_in_also_owes_the_second_step(wereld, client):
    met_app(wereld.partner)
    alleen_wachtwoord(client, wereld.partner)
    assert client.get("/taken/")["Location"] == f"{TWEEDE_STAP}?next=/taken/"


def test_the_second_step_asks_a_login_first(db, client):
    assert client.get(TWEEDE_STAP)["Location"].startswith(f"{LOGIN}?next=")


# --- The beheerder --------------------------------------------------------------------------------


def test_a_beheerder_without_an_app_sets_one_up_before_anything_else(wereld, client):
    beheerder = wereld.beheerder
    alleen_wachtwoord(client, beheerder)
    for pagina in ("/beheer/", DASHBOARD, "/taken/"):
        assert client.get(pagina)["Location"] == f"{INSTELLEN}?next={pagina}", pagina
    response = client.get(f"{INSTELLEN}?next=/beheer/")
    inhoud = response.content.decode()
    assert "Als beheerder logt u in met twee stappen" in inhoud
    assert 'src="data:image/svg+xml' in inhoud
    assert response["Cache-Control"].startswith("max-age=0")  # the secret is not kept

    assert response.context["koppeling"].sleutel in inhoud
    sleutel = sleutel_op_pagina(response)
    response = client.post(INSTELLEN, {"code": fout(code_voor(sleutel)), "next": "/beheer/"})
    assert CODE_ONJUIST in response.context["form"].errors["code"][0]
    # As the app shows it, with a space; straight after a wrong one.
    code = code_voor(sleutel)
    response = client.post(INSTELLEN, {"code": f"{code[:3]} {code[3:]}", "next": "/beheer/"})
    assert response["Location"] == f"{HERSTELCODES}?next=%2Fbeheer%2F"
    response = client.get(response["Location"])
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    assert 'href="/beheer/"' in response.content.decode()
    # Shown once.
    assert client.get(HERSTELCODES)["Location"] == INSTELLEN
    assert client.get("/beheer/").status_code == 200


def test_a_beheerder_with_an_app_reaches_the_admin_only_after_the_code(wereld, client):
    app, _ = met_app(wereld.beheerder)
    wachtwoord(client, wereld.beheerder)
    assert client.get("/beheer/")["Location"] == f"{TWEEDE_STAP}?next=/beheer/"
    client.post(TWEEDE_STAP, {"code": code_van(app)})
    assert client.get("/beheer/").status_code == 200


def test_a_beheerder_cannot_turn_it_off(wereld, client):
    client.force_login(wereld.beheerder)
    response = client.get(UITZETTEN)
    assert "Als beheerder kunt u tweestapsverificatie niet uitzetten" in response.content.decode()
    app = TOTPDevice.objects.get(user=wereld.beheerder)
    assert client.post(UITZETTEN, {"code": code_van(app)}).status_code == 403
    assert aan(wereld.beheerder)


def test_the_admin_resets_a_lost_phone_and_the_next_login_needs_only_the_password(wereld, client):
    app, _ = met_app(wereld.partner)
    client.force_login(wereld.beheerder)
    adres = f"/beheer/woonzorg/authenticatorapp/{app.pk}"
    pagina = client.get(f"{adres}/change/").content.decode()
    assert "In gebruik sinds" in pagina
    assert app.key not in pagina  # the secret stays secret, also from the beheerder
    response = client.post(f"{adres}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=wereld.partner).exists()
    assert not StaticDevice.objects.filter(user=wereld.partner).exists()
    assert not aan(wereld.partner)
    ander = type(client)()
    wachtwoord(ander, wereld.partner)
    assert ander.get("/taken/").status_code == 200


# --- The user's own page --------------------------------------------------------------------------


def bevestigd(client, user, app):
    """Logged in, and the code given a moment ago."""
    alleen_wachtwoord(client, user)
    client.post(TWEEDE_STAP, {"code": code_van(app)})


def test_turning_it_on_from_the_account_menu(wereld, client):
    client.force_login(wereld.lezer)
    dashboard = client.get(DASHBOARD).content.decode()
    assert f'href="{INSTELLEN}"' in dashboard
    response = client.get(INSTELLEN)
    assert "Wie uw wachtwoord te weten komt" in response.content.decode()
    response = client.post(INSTELLEN, {"code": code_voor(sleutel_op_pagina(response))}, follow=True)
    assert "Tweestapsverificatie staat aan." in response.content.decode()
    assert len(response.context["codes"]) == 10
    # Who turned it on is in the audit trail, the key is not.
    app = TOTPDevice.objects.get(user=wereld.lezer)
    entries = LogEntry.objects.get_for_object(app)
    assert [entry.actor for entry in entries] == [wereld.lezer]
    assert all(
        "key" not in entry.changes_dict and app.key not in entry.changes for entry in entries
    )
    # The page now says so, and the next login asks for a code.
    status = client.get(INSTELLEN).content.decode()
    assert "Tweestapsverificatie staat sinds" in status
    assert "Herstelcodes over" in status
    client.post("/account/logout/")
    wachtwoord(client, wereld.lezer)
    assert client.get(DASHBOARD)["Location"].startswith(TWEEDE_STAP)


def test_a_session_from_before_it_was_turned_on_must_give_a_code_too(wereld, client):
    """Someone who had the password and logged in earlier is out once the owner turns it on."""
    client.force_login(wereld.lezer)
    met_app(wereld.lezer)
    assert client.get(DASHBOARD)["Location"] == f"{TWEEDE_STAP}?next=/g/GM0001/"


def test_another_phone_needs_a_fresh_code_and_replaces_the_old_one(wereld, client):
    oud, _ = met_app(wereld.lezer)
    client.force_login(wereld.lezer)  # verified, but not a moment ago
    koppelen = f"{INSTELLEN}?koppelen=1"
    assert (
        client.get(koppelen)["Location"]
        == f"{TWEEDE_STAP}?next=/account/tweestapsverificatie/%3Fkoppelen%3D1"
    )
    bevestigd(client, wereld.lezer, oud)
    response = client.get(koppelen)
    assert "Deze telefoon koppelen" in response.content.decode()
    sleutel = sleutel_op_pagina(response)
    assert tweestaps.app_van(wereld.lezer) == oud  # until the new one works
    response = client.post(koppelen, {"code": code_voor(sleutel)}, follow=True)
    assert "De nieuwe telefoon is gekoppeld" in response.content.decode()
    assert tweestaps.app_van(wereld.lezer).bin_key == sleutel
    assert not TOTPDevice.objects.filter(pk=oud.pk).exists()


def test_new_herstelcodes_need_a_fresh_code_and_are_shown_once(wereld, client):
    app, oude = met_app(wereld.lezer)
    client.force_login(wereld.lezer)  # a session left open
    response = client.post(HERSTELCODES)
    assert response["Location"].startswith(TWEEDE_STAP)
    assert (
        tweestaps.herstelcodes_over(wereld.lezer) == 10
        and StaticToken.objects.filter(token=oude[0]).exists()
    )
    bevestigd(client, wereld.lezer, app)
    response = client.post(HERSTELCODES, follow=True)
    nieuwe = response.context["codes"]
    assert not set(nieuwe) & set(oude)
    assert "de vorige werken niet meer" in response.content.decode()
    assert client.get(HERSTELCODES)["Location"] == INSTELLEN


def test_no_herstelcodes_without_an_app(wereld, client):
    client.force_login(wereld.lezer)
    assert client.post(HERSTELCODES)["Location"] == INSTELLEN
    assert not StaticDevice.objects.exists()


def test_turning_it_off_asks_a_code(wereld, client):
    app, _ = met_app(wereld.lezer)
    client.force_login(wereld.lezer)
    response = client.post(UITZETTEN, {"code": fout(code_van(app))})
    assert CODE_ONJUIST in response.context["form"].errors["code"][0]
    assert aan(wereld.lezer)
    TOTPDevice.objects.filter(pk=app.pk).update(throttling_failure_timestamp=None)
    response = client.post(UITZETTEN, {"code": code_van(app)}, follow=True)
    assert "Tweestapsverificatie staat uit." in response.content.decode()
    assert not aan(wereld.lezer)
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.filter(user=wereld.lezer).exists()
    client.post("/account/logout/")
    wachtwoord(client, wereld.lezer)
    assert client.get(DASHBOARD).status_code == 200


def test_the_last_herstelcode_says_so(wereld, client):
    _, codes = met_app(wereld.lezer)
    StaticToken.objects.exclude(token=codes[0]).delete()
    alleen_wachtwoord(client, wereld.lezer)
    response = client.post(TWEEDE_STAP, {"code": codes[0]}, follow=True)
    assert "U bent ingelogd met uw laatste herstelcode." in response.content.decode()


# --- Halfway: what a session that owes the second step sees ---------------------------------------


def test_an_error_page_shows_no_menu_halfway(wereld, client):
    met_app(wereld.lezer)
    alleen_wachtwoord(client, wereld.lezer)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    inhoud = response.content.decode()
    assert "Gemeente A" not in inhoud and "Uitloggen" in inhoud


def test_htmx_is_sent_to_the_whole_page_halfway(wereld, client):
    met_app(wereld.lezer)
    alleen_wachtwoord(client, wereld.lezer)
    response = client.get(DASHBOARD, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{TWEEDE_STAP}?next=/g/GM0001/"


def test_the_session_key_changes_with_the_second_step(wereld, client):
    app, _ = met_app(wereld.lezer)
    alleen_wachtwoord(client, wereld.lezer)
    halverwege = client.session.session_key
    client.post(TWEEDE_STAP, {"code": code_van(app)})
    assert client.session.session_key != halverwege
    assert client.get(DASHBOARD).status_code == 200
