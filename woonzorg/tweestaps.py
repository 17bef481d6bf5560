"""Two-step login: after the password, a code from an authenticator app (TOTP, django-otp).

Every user may turn it on; for a beheerder (staff) it is required. Herstelcodes, each good for
one login, stand in for the app when the phone is lost; a beheerder who loses both asks another
beheerder to delete the app in the admin, after which the next login sets it up anew.

The middleware makes it hold for every way in (the login form, an invitation link, OpenID
Connect): a session that has not passed the second step reaches nothing but that step.
"""

import base64
import time
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

import django_otp
import segno
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

AANTAL_HERSTELCODES = 10
APP_NAAM = "Authenticator-app"
HERSTEL_NAAM = "Herstelcodes"

# The key of the app being set up lives in the session until the first code confirms it: no
# other session (someone else with the password) ever sees it.
SESSIE_NIEUWE_SLEUTEL = "woonzorg_nieuwe_sleutel"
# When this session last gave a code. Changing what guards the account (new herstelcodes,
# another phone) asks for a fresh one, so a session left open is not enough.
SESSIE_CODE_OM = "woonzorg_code_om"
CODE_GELDT = 10 * 60  # seconds


def verplicht(user) -> bool:
    """A beheerder reaches every gemeente's data and the admin: a password alone is not enough."""
    return user.is_staff or user.is_superuser


def app_van(user) -> TOTPDevice | None:
    """The user's authenticator app, if two-step login is on."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def normaliseer(code: str) -> str:
    """As apps and print show them: "123 456", "ABCD EFGH"."""
    return "".join(code.split()).lower()


# --- Setting it up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Koppeling:
    """What the user needs to add Woonzorg to an authenticator app."""

    qr_code: str  # an SVG data URI
    sleutel: str  # the secret in base32, in groups of four, for typing it over


def nieuwe_sleutel(request) -> str:
    """The secret of the app being set up (hex), the same on every reload of the page."""
    return request.session.setdefault(SESSIE_NIEUWE_SLEUTEL, default_key())


def koppeling(user, sleutel: str) -> Koppeling:
    app = TOTPDevice(user=user, key=sleutel)  # not saved: only for its otpauth:// address
    geheim = base64.b32encode(app.bin_key).decode()
    return Koppeling(
        qr_code=segno.make(app.config_url, error="m").svg_data_uri(scale=5, border=2),
        sleutel=" ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4)),
    )


@transaction.atomic
def bevestig(request, code: str) -> list[str] | None:
    """Turn it on (or move it to another phone) with the first code the app shows. Returns the
    new herstelcodes, or None when the code does not fit the key shown."""
    sleutel = request.session.get(SESSIE_NIEUWE_SLEUTEL)
    if not sleutel or not code.isdigit():
        return None
    totp = TOTP(unhexlify(sleutel))
    if not totp.verify(int(code), tolerance=1):
        return None
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()  # a previous phone stops working
    app = TOTPDevice.objects.create(
        user=user,
        name=APP_NAAM,
        key=sleutel,
        last_t=totp.t(),  # this code is used: it cannot log in as well
        drift=totp.drift,
        last_used_at=timezone.now(),
    )
    del request.session[SESSIE_NIEUWE_SLEUTEL]
    user.tweestaps_aan = True
    tweede_stap_gedaan(request, app)
    return nieuwe_herstelcodes(user)


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
def zet_uit(request):
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.tweestaps_aan = False
    for sleutel in (django_otp.DEVICE_ID_SESSION_KEY, SESSIE_CODE_OM):
        request.session.pop(sleutel, None)


def app_gewijzigd(sender, instance, created=True, **kwargs):
    """Keeps User.tweestaps_aan true to the apps, however they come and go (here, in the admin,
    or by deleting the user). An app is made confirmed and stays so: the saves of every code
    check (throttling, last use) change nothing here."""
    if not created:
        return
    from .models import User

    aan = TOTPDevice.objects.filter(user_id=instance.user_id, confirmed=True).exists()
    User.objects.filter(pk=instance.user_id).update(tweestaps_aan=aan)


# --- The second step ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Controle:
    device: TOTPDevice | StaticDevice | None = None  # the one that took the code
    wacht_tot: datetime | None = None  # wrong codes before: the device takes none until then

    @property
    def herstelcode(self) -> bool:
        return isinstance(self.device, StaticDevice)


def controleer(user, code: str) -> Controle:
    """A code as long as the app's is tried on the app, anything else as a herstelcode. After a
    wrong code the device refuses for a while, longer each time (django-otp: 1, 2, 4, ...
    seconds)."""
    code = normaliseer(code)
    app = app_van(user)
    if app is not None and len(code) == app.digits and code.isdigit():
        device = app
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return Controle()
    toegestaan, details = device.verify_is_allowed()
    if not toegestaan and details["reason"] == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return Controle(wacht_tot=details["locked_until"])
    # django_otp.verify_token locks the device's row: a code is taken once, also when sent twice.
    return Controle(device=django_otp.verify_token(user, device.persistent_id, code))


def tweede_stap_gedaan(request, device):
    request.session.cycle_key()  # the session that passed is not the one that was half in
    django_otp.login(request, device)
    request.session[SESSIE_CODE_OM] = time.time()


def code_is_vers(request) -> bool:
    om = request.session.get(SESSIE_CODE_OM)
    return om is not None and time.time() - om < CODE_GELDT


def naar_stap(stap: str, terug: str):
    """To the code page (or setting up an app), and from there back to `terug`."""
    return redirect_to_login(terug, reverse(stap))


def seconden_tot(moment) -> int:
    return max(1, round((moment - timezone.now()).total_seconds()))


def openstaande_stap(request) -> str | None:
    """The URL name of what this session owes: "tweede_stap" (the code), "tweestaps" (a
    beheerder without an app: set one up), or None."""
    user = request.user
    if not user.is_authenticated or not (user.tweestaps_aan or verplicht(user)):
        return None  # no query for the many users without it
    if user.is_verified():
        return None
    return "tweede_stap" if user.tweestaps_aan else "tweestaps"


class TweestapsMiddleware:
    """Holds a session that owes a step to that step, whatever way it came in (the login form,
    an invitation link, OpenID Connect); logging out stays possible."""

    VRIJ = {"logout", "admin:logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Also read by the top bar and the context processor: on an error page too, such a
        # session sees no menu.
        request.openstaande_stap = openstaande_stap(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        stap = request.openstaande_stap
        if stap is None or request.resolver_match.view_name in self.VRIJ | {stap}:
            return None
        doel = naar_stap(stap, request.get_full_path())
        if request.headers.get("HX-Request"):
            # htmx would swap the whole page into a fragment; it loads it as a page instead.
            return HttpResponse(status=204, headers={"HX-Redirect": doel.url})
        return doel
