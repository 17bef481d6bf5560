"""Logging in with the gemeente's own account: OpenID Connect (mozilla-django-oidc).

Off unless configured (settings: OIDC_RP_CLIENT_ID and the provider's endpoints); then the
login page offers it beside the password. The provider vouches for the e-mail address; Woonzorg
lets in only an existing, active user with that address, and gives no rights of its own: roles
stay what the beleidsadviseur gave in Woonzorg. A beheerder still takes the second step
(woonzorg/tweestaps.py) after it.
"""

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)


def domein_toegestaan(email: str) -> bool:
    """OIDC_DOMEINEN, when set, limits who may log in this way to the gemeente's own addresses."""
    domein = email.rpartition("@")[2].lower()
    return not settings.OIDC_DOMEINEN or domein in settings.OIDC_DOMEINEN


class GemeenteAccountBackend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        # mozilla-django-oidc checks signature and nonce, not the audience: a token the
        # provider made for another application must not open this one.
        payload = super().verify_token(token, **kwargs)
        aud = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in (aud if isinstance(aud, list) else [aud]):
            raise SuspiciousOperation("ID-token is niet voor Woonzorg uitgegeven (aud).")
        return payload

    def verify_claims(self, claims):
        email = claims.get("email") or ""
        if claims.get("email_verified") is False:
            logger.warning("OIDC: e-mailadres %s is bij de provider niet bevestigd", email)
            return False
        if not domein_toegestaan(email):
            logger.warning("OIDC: %s valt buiten OIDC_DOMEINEN", email)
            return False
        return bool(email)

    def filter_users_by_claims(self, claims):
        return super().filter_users_by_claims(claims).filter(is_active=True)


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
        # A provider that is down or answers nonsense, or a stale or forged return address:
        # the login page says it did not work, instead of an error page.
        try:
            return super().get(request)
        except (requests.RequestException, SuspiciousOperation) as fout:
            logger.warning("OIDC: inloggen mislukt: %s", fout)
            return self.login_failure()

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Inloggen met uw gemeente-account is niet gelukt. Alleen wie al een account in "
                "Woonzorg heeft, met hetzelfde e-mailadres, kan zo inloggen. Vraag anders de "
                "beleidsadviseur van uw gemeente om een uitnodiging, of log in met uw wachtwoord."
            ),
        )
        return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)
