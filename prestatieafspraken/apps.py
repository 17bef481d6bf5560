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
