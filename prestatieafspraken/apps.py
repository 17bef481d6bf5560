from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from woonzorg.fasen import Fase


class PrestatieafsprakenConfig(AppConfig):
    name = "prestatieafspraken"
    verbose_name = _("Prestatieafspraken")
    fase = Fase(
        volgorde=3,
        naam=_("Prestatieafspraken"),
        product=_("Prestatieafspraken"),
        vraag=_("Wie doet wat? Welke afspraken maken de partners en wie ondertekent ze?"),
        url_name="prestatieafspraken:index",
        summary="prestatieafspraken.dashboard.kengetallen",
        ketencheck="prestatieafspraken.ketencheck.controles",
        taken="prestatieafspraken.taken.takenlijsten",
    )

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Afspraak, Ondertekening, Overeenkomst

        # The field history (django-auditlog); the bookkeeping timestamps are left out.
        auditlog.register(Overeenkomst, exclude_fields=["aangemaakt", "gewijzigd"])
        auditlog.register(Afspraak, m2m_fields={"betrokkenen", "verwijzingen"})
        auditlog.register(Ondertekening)
