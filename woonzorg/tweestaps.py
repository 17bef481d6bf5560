"""Two-step login: after the password, a code from an authenticator app (TOTP, django-otp).

Every user may turn it on; for a beheerder (staff) it is required. Herstelcodes, each good for
one login, stand in for the app when the phone is lost; a beheerder who loses both asks another
beheerder to delete the app in the admin, after which the next login sets it up anew.

The middleware makes it hold for every way in (the login form, an invitation link, OpenID
Connect): a session that has not passed the second step reaches nothing but that step.
"""

import base64
from dataclasses import dataclass
from datetime import datetime

import django_otp
import segno
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AANTAL_HERSTELCODES = 10
APP_NAAM = "Authenticator-app"
HERSTEL_NAAM = "Herstelcodes"

# Set at login when the user has two-step login: then, and only then, each request asks the
# database whether this session passed it. Users without it cost no query.
SESSIE_TWEEDE_STAP = "woonzorg_tweede_stap"


def verplicht(user) -> bool:
    """A beheerder reaches every gemeente's data and the admin: a password alone is not enough."""
    return user.is_staff or user.is_superuser


def app_van(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if two-step login is on."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def staat_aan(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


# --- Setting it up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Koppeling:
    """What the user needs to add Woonzorg to an authenticator app."""

    qr_code: str  # an SVG data URI
    sleutel: str  # the secret in base32, in groups of four, for typing it over


def nieuwe_app(user) -> TOTPDevice:
    """The app being set up: kept until confirmed, so scanning and reloading the page agree."""
    app = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return app or TOTPDevice.objects.create(user=user, name=APP_NAAM, confirmed=False)


def koppeling(app: TOTPDevice) -> Koppeling:
    geheim = base64.b32encode(app.bin_key).decode()
    qr = segno.make(app.config_url, error="m")
    return Koppeling(
        qr_code=qr.svg_data_uri(scale=5, border=2),
        sleutel=" ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4)),
    )


@transaction.atomic
def bevestig(request, app: TOTPDevice, code: str) -> list[str] | None:
    """Turn it on with the first code the app shows. Returns the herstelcodes, or None when the
    code is wrong. The session counts as verified: the user just proved to hold the app."""
    if not app.verify_token(code):
        return None
    app.confirmed = True
    app.save(update_fields=["confirmed"])
    # Any other app, confirmed before, is replaced by this one.
    TOTPDevice.objects.filter(user=app.user).exclude(pk=app.pk).delete()
    django_otp.login(request, app)
    request.session[SESSIE_TWEEDE_STAP] = True
    return nieuwe_herstelcodes(app.user)


@transaction.atomic
def nieuwe_herstelcodes(user) -> list[str]:
    """Ten new single-use codes; the ones before stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=HERSTEL_NAAM)
    codes = [StaticToken.random_token() for _ in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def herstelcodes_over(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def zet_uit(request, user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session.pop(SESSIE_TWEEDE_STAP, None)


# --- The second step ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Controle:
    device: TOTPDevice | StaticDevice | None = None  # the one that took the code
    wacht_tot: datetime | None = None  # wrong codes before: the device takes none until then

    @property
    def herstelcode(self) -> bool:
        return isinstance(self.device, StaticDevice)


def controleer(user, code: str) -> Controle:
    """A code of digits is tried on the app, anything else as a herstelcode. After a wrong code
    the device refuses for a while, longer each time (django-otp: 1, 2, 4, ... seconds)."""
    code = "".join(code.split()).lower()
    if code.isdigit():
        device = app_van(user)
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return Controle()
    toegestaan, details = device.verify_is_allowed()
    if not toegestaan and details["reason"] == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return Controle(wacht_tot=details["locked_until"])
    return Controle(device=django_otp.verify_token(user, device.persistent_id, code))


def tweede_stap_gezet(request, device):
    django_otp.login(request, device)
    request.session[SESSIE_TWEEDE_STAP] = True


def seconden_tot(moment) -> int:
    return max(1, round((moment - timezone.now()).total_seconds()))


@receiver(user_logged_in)
def _onthoud_tweede_stap(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and staat_aan(user):
        request.session[SESSIE_TWEEDE_STAP] = True


class TweestapsMiddleware:
    """Sends a session that still owes the second step to it, and a beheerder without an app to
    setting one up; logging out stays possible."""

    VRIJ = {"tweede_stap", "logout", "admin:logout"}
    VRIJ_BIJ_INSTELLEN = VRIJ | {"tweestaps"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        if not request.session.get(SESSIE_TWEEDE_STAP) and not verplicht(user):
            return None
        if user.is_verified():
            return None
        view = request.resolver_match.view_name
        if staat_aan(user):
            vrij, stap = self.VRIJ, "tweede_stap"
        elif verplicht(user):
            vrij, stap = self.VRIJ_BIJ_INSTELLEN, "tweestaps"
        else:
            return None  # turned off, or reset by a beheerder, since logging in
        if view in vrij:
            request.tweede_stap_open = True  # the top bar offers nothing but logging out
            return None
        return redirect_to_login(request.get_full_path(), reverse(stap))
