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
        summary="borging.dashboard.kengetallen",
    )

    def ready(self):
        # An afspraak's page shows its indicatoren and their stoplicht, without
        # prestatieafspraken importing this app.
        from prestatieafspraken.services import register_afspraak_sectie

        from . import services

        register_afspraak_sectie(services.afspraak_sectie)
