"""Logging in with the gemeente's own account (OpenID Connect), against a provider played here.

The provider's two answers (the token and the userinfo) are what requests would get back; the
ID token is signed for real (HS256 with the client secret), so Woonzorg checks its signature,
nonce and audience as it would in production.
"""

import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.contrib.messages import get_messages
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.woonzorg.factories import PASSWORD
from tests.woonzorg.tweestaps_hulp import code_van
from woonzorg.models import User
from woonzorg.oidc import domein_toegestaan

PROVIDER = "https://login.gemeente-a.test"
CLIENT_ID = "woonzorg"
SECRET = "het-geheim-dat-de-gemeente-en-woonzorg-delen"
AANVRAAG = "/account/oidc/"
TERUG = "/account/oidc/terug/"
MISLUKT = "Inloggen met uw gemeente-account is niet gelukt."
ONBEREIKBAAR = "De inlogdienst van uw gemeente gaf geen bruikbaar antwoord."


@pytest.fixture
def oidc(settings, geen_blokkades):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_DOMEINEN = []
    settings.OIDC_OP_ISSUER = ""
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "woonzorg.oidc.GemeenteAccountBackend",
    ]
    return settings


class Antwoord:
    """What requests returns, as far as mozilla-django-oidc reads it."""

    def __init__(self, data, status_code=200):
        self.data = data
        self.status_code = status_code
        self.headers = {"content-type": "application/json"}
        self.text = str(data)
        self.url = "provider"

    def json(self):
        return self.data

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}", response=self)


class Provider:
    """The gemeente's identity provider: vouches for `claims` once the user logged in there."""

    def __init__(self, monkeypatch, claims, aud=CLIENT_ID, geheim=SECRET, token_status=200):
        self.claims = claims
        self.aud = aud
        self.geheim = geheim
        self.token_status = token_status
        self.nonce = None
        monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", self.token)
        monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", self.userinfo)

    def token(self, url, data, **kwargs):
        assert url == f"{PROVIDER}/token"
        assert data["client_secret"] == SECRET and data["code"] == "code-van-de-provider"
        id_token = jwt.encode(
            {
                "iss": PROVIDER,
                "aud": self.aud,
                "sub": "medewerker-17",
                "nonce": self.nonce,
                "exp": int(time.time()) + 300,
            },
            self.geheim,
            algorithm="HS256",
        )
        return Antwoord({"id_token": id_token, "access_token": "toegang"}, self.token_status)

    def userinfo(self, url, headers, **kwargs):
        assert headers["Authorization"] == "Bearer toegang"
        return Antwoord({"sub": "medewerker-17", **self.claims})

    def log_in(self, client, next_url="/"):
        """Click the button, log in at the provider, come back."""
        response = client.get(f"{AANVRAAG}?next={next_url}")
        doel = urlsplit(response["Location"])
        assert f"{doel.scheme}://{doel.netloc}{doel.path}" == f"{PROVIDER}/authorize"
        params = parse_qs(doel.query)
        assert params["client_id"] == [CLIENT_ID]
        assert params["redirect_uri"] == [f"http://testserver{TERUG}"]
        self.nonce = params["nonce"][0]
        return client.get(TERUG, {"code": "code-van-de-provider", "state": params["state"][0]})


def ingelogd_als(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def meldingen(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_off_unless_configured(db, client):
    assert client.get(AANVRAAG).status_code == 404
    assert client.get(TERUG, {"code": "x", "state": "y"}).status_code == 404
    assert "gemeente-account" not in client.get("/account/login/").content.decode()


def test_the_login_page_offers_the_gemeente_account(oidc, client):
    inhoud = client.get("/account/login/?next=/g/GM0001/").content.decode()
    assert f'href="{AANVRAAG}?next=/g/GM0001/"' in inhoud
    assert "Inloggen met uw gemeente-account" in inhoud


def test_an_existing_user_logs_in_with_the_gemeente_account(oidc, wereld, client, monkeypatch):
    email = wereld.beleidsadviseur.email.upper()  # the provider may write it otherwise
    response = Provider(monkeypatch, {"email": email, "email_verified": True}).log_in(
        client, next_url="/g/GM0001/visie/"
    )
    assert response["Location"] == "/g/GM0001/visie/"
    assert ingelogd_als(client) == wereld.beleidsadviseur
    assert client.get("/g/GM0001/visie/").status_code == 200


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "nieuw@gemeente-a.test"},  # no account in Woonzorg: none is made
        {"email": "ba@gemeente-a.test", "email_verified": False},
        {},
    ],
    ids=["unknown", "unverified", "no-email"],
)
def test_who_is_not_let_in(oidc, wereld, client, monkeypatch, claims):
    aantal = User.objects.count()
    response = Provider(monkeypatch, claims).log_in(client)
    assert response["Location"] == "/account/login/"
    assert ingelogd_als(client) is None
    assert User.objects.count() == aantal
    assert any(MISLUKT in m for m in meldingen(response))


def test_an_inactive_user_is_not_let_in(oidc, wereld, client, monkeypatch):
    wereld.lezer.is_active = False
    wereld.lezer.save()
    Provider(monkeypatch, {"email": wereld.lezer.email}).log_in(client)
    assert ingelogd_als(client) is None


def test_a_token_for_another_application_or_with_a_wrong_signature_is_refused(
    oidc, wereld, client, monkeypatch
):
    claims = {"email": wereld.lezer.email}
    Provider(monkeypatch, claims, aud="een-andere-applicatie").log_in(client)
    assert ingelogd_als(client) is None
    Provider(monkeypatch, claims, geheim="nagemaakt-geheim-van-iemand-anders!!").log_in(client)
    assert ingelogd_als(client) is None


def test_a_provider_that_fails_gives_the_login_page_with_the_reason(
    oidc, wereld, client, monkeypatch
):
    response = Provider(monkeypatch, {"email": wereld.lezer.email}, token_status=500).log_in(client)
    assert response["Location"] == "/account/login/"
    assert any(ONBEREIKBAAR in m for m in meldingen(response))


@pytest.mark.parametrize("id_token", [None, "geen.echt.token", ""])
def test_an_id_token_that_is_no_token_gives_the_login_page(
    oidc, wereld, client, monkeypatch, id_token
):
    provider = Provider(monkeypatch, {"email": wereld.lezer.email})
    monkeypatch.setattr(
        "mozilla_django_oidc.auth.requests.post",
        lambda url, data, **kwargs: Antwoord({"id_token": id_token, "access_token": "toegang"}),
    )
    response = provider.log_in(client)
    assert response["Location"] == "/account/login/"
    assert ingelogd_als(client) is None


def test_email_verified_false_as_a_string_counts_as_false(oidc, wereld, client, monkeypatch):
    Provider(monkeypatch, {"email": wereld.lezer.email, "email_verified": "false"}).log_in(client)
    assert ingelogd_als(client) is None


def test_the_issuer_is_checked_when_configured(oidc, wereld, client, monkeypatch):
    oidc.OIDC_OP_ISSUER = "https://login.andere-gemeente.test"
    Provider(monkeypatch, {"email": wereld.lezer.email}).log_in(client)
    assert ingelogd_als(client) is None
    oidc.OIDC_OP_ISSUER = PROVIDER
    Provider(monkeypatch, {"email": wereld.lezer.email}).log_in(client)
    assert ingelogd_als(client) == wereld.lezer


def test_refusals_do_not_lock_the_gemeentes_address_out_of_the_password_login(
    oidc, wereld, client, monkeypatch
):
    for _ in range(6):
        Provider(monkeypatch, {"email": "onbekend@gemeente-a.test"}).log_in(client)
    response = client.post(
        "/account/login/", {"username": wereld.lezer.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_forged_return_is_refused(oidc, wereld, client, monkeypatch):
    Provider(monkeypatch, {"email": wereld.lezer.email})
    client.get(AANVRAAG)
    response = client.get(TERUG, {"code": "code-van-de-provider", "state": "verzonnen"})
    assert response["Location"] == "/account/login/"
    assert ingelogd_als(client) is None


def test_the_domain_list_limits_it_to_the_gemeentes_own_addresses(
    oidc, wereld, client, monkeypatch
):
    oidc.OIDC_DOMEINEN = ["gemeente-a.test"]
    assert domein_toegestaan("iemand@Gemeente-A.test")
    assert not domein_toegestaan("partner@woningcorporatie-x.test")
    Provider(monkeypatch, {"email": wereld.partner.email}).log_in(client)
    assert ingelogd_als(client) is None
    Provider(monkeypatch, {"email": wereld.beleidsadviseur.email}).log_in(client)
    assert ingelogd_als(client) == wereld.beleidsadviseur


@pytest.mark.usefixtures("stille_klok")
def test_a_beheerder_still_takes_the_second_step(oidc, wereld, client, monkeypatch):
    app = TOTPDevice.objects.create(user=wereld.beheerder, name="Authenticator-app")
    Provider(monkeypatch, {"email": wereld.beheerder.email}).log_in(client, next_url="/beheer/")
    assert ingelogd_als(client) == wereld.beheerder
    assert client.get("/beheer/")["Location"] == "/account/tweede-stap/?next=/beheer/"
    client.post("/account/tweede-stap/", {"code": code_van(app)})
    assert client.get("/beheer/").status_code == 200
