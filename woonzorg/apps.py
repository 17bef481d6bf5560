from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WoonzorgConfig(AppConfig):
    name = "woonzorg"
    verbose_name = _("Woonzorg: basis")

    def ready(self):
        from auditlog.registry import auditlog
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import tweestaps  # noqa: F401  (connects the user_logged_in receiver)
        from .models import User

        # Who changed a user's organisatie, name or rights; not the password hash, the login
        # time or the bookkeeping of the daily reminder.
        auditlog.register(User, exclude_fields=["password", "last_login", "laatste_herinnering"])
        # When two-step login was turned on, off, or reset by a beheerder; never the secret key.
        auditlog.register(TOTPDevice, include_fields=["name", "confirmed"])
