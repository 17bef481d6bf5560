"""The visie phase's numbers on the gemeente dashboard (Fase.summary)."""

from django.urls import reverse
from django.utils.translation import ngettext

from woonzorg.fasen import Kengetal

from . import services


def kengetallen(gemeente, user) -> list[Kengetal]:
    """How many visies there are, and the ambities of the newest; nothing without visies.

    Three queries, however many ambities and doelstellingen there are, shared with the
    ketencheck on the dashboard.
    """
    stand = services.visiestand(gemeente, user)
    if not stand.visies:
        return []
    visies, nieuwste = stand.visies, stand.visies[0]
    ambities = stand.ambities[nieuwste.pk]
    open_ambities = len(services.nog_niet_concreet(ambities))
    detail = nieuwste.get_absolute_url()
    return [
        Kengetal(
            label=ngettext("woonzorgvisie", "woonzorgvisies", len(visies)),
            waarde=len(visies),
            url=reverse("visies:index", kwargs={"gemeente": gemeente.cbs_code}),
        ),
        Kengetal(
            label=ngettext(
                "ambitie in de nieuwste visie", "ambities in de nieuwste visie", len(ambities)
            ),
            waarde=len(ambities),
            url=detail,
        ),
        Kengetal(
            label=ngettext(
                "ambitie nog niet concreet", "ambities nog niet concreet", open_ambities
            ),
            waarde=open_ambities,
            url=f"{detail}#nog-niet-concreet",
        ),
    ]
