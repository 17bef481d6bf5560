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
    )
