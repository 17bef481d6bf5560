from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from woonzorg.fasen import Fase


class UitvoeringConfig(AppConfig):
    name = "uitvoering"
    verbose_name = _("Uitvoering: uitvoeringsprogramma")
    fase = Fase(
        volgorde=4,
        naam=_("Uitvoering"),
        product=_("Uitvoeringsprogramma"),
        vraag=_("Wat gaan de partners concreet doen, wanneer en met welk budget?"),
        url_name="uitvoering:index",
        summary="uitvoering.dashboard.kengetallen",
        ketencheck="uitvoering.ketencheck.controles",
        taken="uitvoering.taken.takenlijsten",
    )

    def ready(self):
        # Earlier phases show what this one adds without importing it: the homes the
        # activiteiten deliver count as supply in the behoefteraming, and an afspraak's page
        # shows its activiteiten and dekking.
        from auditlog.registry import auditlog

        from analyses.services import register_aanbod_bron
        from prestatieafspraken.services import register_afspraak_sectie

        from . import services
        from .models import Activiteit, Begrotingspost

        register_aanbod_bron(services.aanbod_uit_activiteiten)
        register_afspraak_sectie(services.afspraak_sectie)
        # The field history (django-auditlog); the bookkeeping timestamps are left out.
        auditlog.register(
            Activiteit, exclude_fields=["aangemaakt", "gewijzigd"], m2m_fields={"betrokkenen"}
        )
        auditlog.register(Begrotingspost)
