from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from woonzorg.fasen import Fase


class BorgingConfig(AppConfig):
    name = "borging"
    verbose_name = _("Borging: monitoring en evaluatie")
    fase = Fase(
        volgorde=5,
        naam=_("Borging"),
        product=_("Monitoring en jaarschijf"),
        vraag=_("Werkt het? Waar moeten we tijdig bijsturen?"),
        url_name="borging:index",
    )
