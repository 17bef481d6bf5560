"""Logging in by e-mail, the lockout after repeated failures, and choosing a new password."""

import re

import pytest
from django.core import mail

from tests.woonzorg.factories import PASSWORD

LOGIN = "/account/login/"
FOUT = "Deze combinatie van e-mailadres en wachtwoord is onbekend. Let op hoofdletters."
GEBLOKKEERD = "Er is te vaak een verkeerd wachtwoord ingevoerd."


pytestmark = pytest.mark.usefixtures("geen_blokkades")


def log_in(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def test_the_login_page_is_dutch(client):
    response = client.get(LOGIN)
    content = response.content.decode()
    assert '<h1 class="h2">Inloggen bij Woonzorg</h1>' in content
    assert response.context["form"].fields["username"].label == "E-mailadres"
    assert "Wachtwoord vergeten?" in content


def test_log_in_with_the_email_address_in_any_case(wereld, client):
    response = log_in(client, "BA@Gemeente-A.TEST", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/g/GM0001/"


def test_log_in_follows_next(wereld, client):
    response = client.post(
        LOGIN, {"username": wereld.lezer.email, "password": PASSWORD, "next": "/g/GM0001/visie/"}
    )
    assert response["Location"] == "/g/GM0001/visie/"


def test_a_wrong_password_shows_the_dutch_error(wereld, client):
    response = log_in(client, wereld.beleidsadviseur.email, "niet-het-wachtwoord")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [FOUT]
    assert FOUT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_shows_the_same_error(db, client):
    response = log_in(client, "niemand@example.org", PASSWORD)
    assert response.context["form"].non_field_errors() == [FOUT]


def test_a_logged_in_user_skips_the_login_page(wereld, login):
    response = login(wereld.lezer).get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/"


def fail(client, email, times, **extra):
    for _ in range(times):
        response = log_in(client, email, "niet-het-wachtwoord", **extra)
        assert response.status_code == 200
        assert FOUT in response.content.decode()


def test_lockout_after_the_failure_limit_even_with_the_right_password(wereld, client, settings):
    email = wereld.beleidsadviseur.email
    fail(client, email, settings.AXES_FAILURE_LIMIT - 1)
    # Below the limit, the right password still works.
    assert log_in(client, email, PASSWORD).status_code == 302
    client.logout()

    # A success resets the count: the limit starts again.
    fail(client, email, settings.AXES_FAILURE_LIMIT - 1)
    response = log_in(client, email, "niet-het-wachtwoord")
    assert response.status_code == 429

    response = log_in(client, email, PASSWORD)
    assert response.status_code == 429
    content = response.content.decode()
    assert '<h1 class="h2">Tijdelijk geblokkeerd</h1>' in content
    assert GEBLOKKEERD in content
    assert "kunt u het over een uur opnieuw proberen" in content
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_for_the_account_from_another_address(wereld, client, settings):
    email = wereld.partner.email
    fail(client, email, settings.AXES_FAILURE_LIMIT - 1, REMOTE_ADDR="10.0.0.1")
    log_in(client, email, "niet-het-wachtwoord", REMOTE_ADDR="10.0.0.1")
    assert log_in(client, email, PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 429


def test_the_lockout_holds_for_the_address(wereld, client, settings):
    fail(client, "niemand@example.org", settings.AXES_FAILURE_LIMIT - 1, REMOTE_ADDR="10.0.0.3")
    log_in(client, "niemand@example.org", "x", REMOTE_ADDR="10.0.0.3")
    response = log_in(client, wereld.lezer.email, PASSWORD, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429
    assert log_in(client, wereld.lezer.email, PASSWORD, REMOTE_ADDR="10.0.0.4").status_code == 302


# --- A new password --------------------------------------------------------------------------


def test_password_reset_sends_a_dutch_email_with_a_working_link(wereld, client):
    response = client.post("/account/password_reset/", {"email": "Lezer@Gemeente-A.test"})
    assert response.status_code == 302
    assert response["Location"] == "/account/password_reset/done/"
    assert "Kijk in uw e-mail" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [wereld.lezer.email]
    assert message.subject == "Nieuw wachtwoord voor Woonzorg"
    assert message.body.startswith("Goedendag,")
    assert "Kies een nieuw wachtwoord via deze link:" in message.body
    link = re.search(r"http://testserver(/account/reset/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)
    assert '<h1 class="h2">Nieuw wachtwoord kiezen</h1>' in response.content.decode()
    nieuw = "Zonnebloem-Kade-2026"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": nieuw, "new_password2": nieuw},
        follow=True,
    )
    assert '<h1 class="h2">Wachtwoord opgeslagen</h1>' in response.content.decode()
    wereld.lezer.refresh_from_db()
    assert wereld.lezer.check_password(nieuw)
    # The link was for one use.
    assert "Deze link werkt niet meer" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_but_says_the_same(db, client):
    response = client.post("/account/password_reset/", {"email": "niemand@example.org"})
    assert response["Location"] == "/account/password_reset/done/"
    assert mail.outbox == []


def change_password(client, new):
    return client.post(
        "/account/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    ("new", "code"),
    [
        ("kort", "password_too_short"),
        ("wachtwoord", "password_too_common"),
        ("8264019375623", "password_entirely_numeric"),
    ],
)
def test_the_password_validators_reject_weak_passwords(wereld, login, new, code):
    client = login(wereld.beleidsadviseur)
    response = change_password(client, new)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["new_password2"]
    assert code in [error.code for error in errors]
    wereld.beleidsadviseur.refresh_from_db()
    assert wereld.beleidsadviseur.check_password(PASSWORD)


def test_the_common_password_error_is_dutch(wereld, login):
    response = change_password(login(wereld.beleidsadviseur), "wachtwoord")
    assert response.context["form"].errors["new_password2"] == ["Dit wachtwoord is te algemeen."]


def test_the_too_short_error_is_dutch(wereld, login):
    response = change_password(login(wereld.beleidsadviseur), "kort")
    assert (
        response.context["form"].errors["new_password2"][0].startswith("Dit wachtwoord is te kort.")
    )


def test_a_good_new_password_is_saved(wereld, login):
    client = login(wereld.beleidsadviseur)
    response = change_password(client, "Zonnebloem-Kade-2026")
    assert response["Location"] == "/account/password_change/done/"
    assert (
        "Uw nieuwe wachtwoord is opgeslagen." in client.get(response["Location"]).content.decode()
    )
    wereld.beleidsadviseur.refresh_from_db()
    assert wereld.beleidsadviseur.check_password("Zonnebloem-Kade-2026")
