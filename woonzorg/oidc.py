"""Logging in with the gemeente's own account: OpenID Connect (mozilla-django-oidc).

Off unless configured (settings: OIDC_RP_CLIENT_ID and the provider's endpoints); then the
login page offers it beside the password. The provider vouches for the e-mail address; Woonzorg
lets in only an existing, active user with that address, and gives no rights of its own: roles
stay what the beleidsadviseur gave in Woonzorg. A beheerder still takes the second step
(woonzorg/tweestaps.py) after it.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

GEWEIGERD = _(
    "Inloggen met uw gemeente-account is niet gelukt. Alleen wie al een account in Woonzorg "
    "heeft, met hetzelfde e-mailadres, kan zo inloggen. Vraag anders de beleidsadviseur van uw "
    "gemeente om een uitnodiging, of log in met uw wachtwoord."
)
ONBEREIKBAAR = _(
    "De inlogdienst van uw gemeente gaf geen bruikbaar antwoord. Probeer het later opnieuw, of "
    "log in met uw wachtwoord."
)


def domein_toegestaan(email: str) -> bool:
    """OIDC_DOMEINEN, when set, limits who may log in this way to the gemeente's own addresses."""
    domein = email.rpartition("@")[2].lower()
    return not settings.OIDC_DOMEINEN or domein in settings.OIDC_DOMEINEN


def niet_bevestigd(claims) -> bool:
    """The provider says the address is not verified (some send the claim as a string)."""
    return str(claims.get("email_verified", "")).lower() == "false"


class GemeenteAccountBackend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        # mozilla-django-oidc checks signature and nonce, not the audience or the issuer: a
        # token the provider made for another application must not open this one.
        payload = super().verify_token(token, **kwargs)
        aud = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in (aud if isinstance(aud, list) else [aud]):
            raise SuspiciousOperation("ID-token is niet voor Woonzorg uitgegeven (aud).")
        if settings.OIDC_OP_ISSUER and payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID-token komt van een andere uitgever (iss).")
        return payload

    def verify_claims(self, claims):
        email = claims.get("email") or ""
        if niet_bevestigd(claims):
            logger.warning("OIDC: e-mailadres bij de provider niet bevestigd")
            return False
        if not domein_toegestaan(email):
            logger.warning("OIDC: e-mailadres buiten OIDC_DOMEINEN")
            return False
        return bool(email)

    def filter_users_by_claims(self, claims):
        return super().filter_users_by_claims(claims).filter(is_active=True)


def axes_negeert(request, credentials) -> bool:
    """AXES_WHITELIST_CALLABLE: a refused return from the provider is no guessed password. Counted
    per IP address, a few colleagues without a Woonzorg account behind the gemeente's one address
    would otherwise lock everyone there out of the password login too."""
    return request is not None and request.path == reverse("oidc_authentication_callback")


class AlleenAlsIngesteld:
    """Not found while OpenID Connect is off."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404(_("Inloggen met een gemeente-account is hier niet ingesteld."))
        return super().dispatch(request, *args, **kwargs)


class AanvraagView(AlleenAlsIngesteld, OIDCAuthenticationRequestView):
    """To the provider's login page, with the page to return to."""


class TerugkeerView(AlleenAlsIngesteld, OIDCAuthenticationCallbackView):
    """Back from the provider: logged in, or on the login page with the reason."""

    def get(self, request):
        # A provider that is down or answers nonsense, a forged or stale return address: the
        # login page says it did not work, instead of an error page.
        try:
            return super().get(request)
        except (requests.RequestException, jwt.PyJWTError) as fout:
            logger.warning("OIDC: onbruikbaar antwoord van de provider: %s", fout)
            return self.mislukt(ONBEREIKBAAR)
        except SuspiciousOperation as fout:
            logger.warning("OIDC: geweigerd: %s", fout)
            return self.login_failure()

    def login_failure(self):
        return self.mislukt(GEWEIGERD)

    def mislukt(self, reden):
        messages.error(self.request, reden)
        return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)
