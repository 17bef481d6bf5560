"""The borging phase's numbers on the gemeente dashboard (Fase.summary)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from woonzorg.fasen import Kengetal

from . import services


def kengetallen(gemeente, user) -> list[Kengetal]:
    """How many indicatoren the user sees, how many are rood and how many miss a meting that is
    due; nothing without indicatoren. Three queries, however many metingen there are."""
    indicatoren = services.indicatoren_van(gemeente, user)
    if not indicatoren:
        return []
    vandaag = timezone.localdate()
    monitoring = reverse("borging:index", kwargs={"gemeente": gemeente.cbs_code})
    rood = sum(services.stoplicht_van(i).kleur == services.ROOD for i in indicatoren)
    zonder = sum(services.meting_ontbreekt(i, vandaag) is not None for i in indicatoren)
    return [
        Kengetal(
            label=ngettext("indicator", "indicatoren", len(indicatoren)),
            waarde=len(indicatoren),
            url=monitoring,
        ),
        Kengetal(
            label=ngettext("indicator rood", "indicatoren rood", rood),
            waarde=rood,
            url=f"{monitoring}?stoplicht=rood",
        ),
        Kengetal(
            label=ngettext("meting ontbreekt", "metingen ontbreken", zonder),
            waarde=zonder,
            url=f"{monitoring}#waarschuwingen",
        ),
    ]
