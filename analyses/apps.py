from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from woonzorg.fasen import Fase


class AnalysesConfig(AppConfig):
    name = "analyses"
    verbose_name = _("Analyse: woonzorganalyse")
    fase = Fase(
        volgorde=1,
        naam=_("Analyse"),
        product=_("Woonzorganalyse"),
        vraag=_("Hoeveel mensen hebben nu en straks welke woonvorm nodig, en waar?"),
        url_name="analyses:index",
        summary="analyses.dashboard.kengetallen",
    )
