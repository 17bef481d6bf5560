from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from woonzorg.fasen import Fase


class VisiesConfig(AppConfig):
    name = "visies"
    verbose_name = _("Visie: woonzorgvisie")
    fase = Fase(
        volgorde=2,
        naam=_("Visie"),
        product=_("Woonzorgvisie"),
        vraag=_("Wat willen we bereiken, voor wie en waar?"),
        url_name="visies:index",
        summary="visies.dashboard.kengetallen",
        ketencheck="visies.ketencheck.controles",
    )
