from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WoonzorgConfig(AppConfig):
    name = "woonzorg"
    verbose_name = _("Woonzorg: basis")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import User

        # Who changed a user's organisatie, name or rights; not the password hash, the login
        # time or the bookkeeping of the daily reminder.
        auditlog.register(User, exclude_fields=["password", "last_login", "laatste_herinnering"])
