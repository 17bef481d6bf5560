"""The phone in the tests of two-step login: the codes its app shows, under a still clock
(the `stille_klok` fixture of tests/woonzorg/conftest.py)."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonzorg import tweestaps

# The phone's clock and Woonzorg's agree on one moment, so no test meets a 30-second boundary.
NU = 1_796_400_015.0  # 2026-12-04, 15 s into a period


def code_voor(sleutel: bytes, stap: int = 0) -> str:
    """What the app on the phone shows now (or `stap` periods of 30 s later)."""
    totp = TOTP(sleutel)
    totp.time = NU + stap * 30
    return f"{totp.token():06d}"


def code_van(app: TOTPDevice, stap: int = 0) -> str:
    return code_voor(app.bin_key, stap)


def fout(code: str) -> str:
    """A code that is certainly not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def met_app(user) -> tuple[TOTPDevice, list[str]]:
    """Two-step login turned on, as if through the setup page."""
    app = TOTPDevice.objects.create(user=user, name=tweestaps.APP_NAAM)
    return app, tweestaps.nieuwe_herstelcodes(user)
