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
        ketencheck="borging.ketencheck.controles",
        taken="borging.taken.takenlijsten",
    )

    def ready(self):
        # The pages of an afspraak and of an activiteit show their indicatoren and stoplicht,
        # and an ambitie's page its chain, without the earlier phases importing this app
        # (ADR 0006).
        from auditlog.registry import auditlog

        from prestatieafspraken.services import register_afspraak_sectie
        from uitvoering.services import register_activiteit_sectie
        from visies.services import register_ambitie_sectie

        from . import keten, services
        from .models import Meting

        register_afspraak_sectie(services.afspraak_sectie)
        register_activiteit_sectie(services.activiteit_sectie)
        register_ambitie_sectie(keten.keten_sectie)
        # The field history of metingen (django-auditlog): a correction keeps the old value.
        auditlog.register(Meting, exclude_fields=["ingevoerd_op"])
