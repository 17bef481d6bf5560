from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WoonzorgConfig(AppConfig):
    name = "woonzorg"
    verbose_name = _("Woonzorg: basis")
