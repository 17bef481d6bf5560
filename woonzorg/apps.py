from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WoonzorgConfig(AppConfig):
    name = "woonzorg"
    verbose_name = _("Woonzorg: basis")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import tweestaps
        from .models import AuthenticatorApp, User

        for model in (TOTPDevice, AuthenticatorApp):  # the admin deletes through the proxy
            post_save.connect(tweestaps.app_gewijzigd, sender=model)
            post_delete.connect(tweestaps.app_gewijzigd, sender=model)

        # Who changed a user's organisatie, name or rights; not the password hash, the login
        # time or the bookkeeping of the daily reminder.
        auditlog.register(User, exclude_fields=["password", "last_login", "laatste_herinnering"])
        # When two-step login was turned on, off, or reset by a beheerder; never the secret key.
        auditlog.register(TOTPDevice, include_fields=["name", "confirmed"])
