"""The analyse phase's numbers on the gemeente dashboard (Fase.summary)."""

from django.urls import reverse
from django.utils.translation import ngettext

from woonzorg.fasen import Kengetal

from . import services


def kengetallen(gemeente, user) -> list[Kengetal]:
    """How many analyses there are, and the findings of the newest; nothing without analyses."""
    analyses = services.analyses_van(gemeente, user)
    if not analyses:
        return []
    nieuwste = analyses[0]
    bevindingen = nieuwste.aantal_bevindingen
    detail = nieuwste.get_absolute_url()
    return [
        Kengetal(
            label=ngettext("woonzorganalyse", "woonzorganalyses", len(analyses)),
            waarde=len(analyses),
            url=reverse("analyses:index", kwargs={"gemeente": gemeente.cbs_code}),
        ),
        Kengetal(
            label=ngettext(
                "bevinding in de nieuwste analyse",
                "bevindingen in de nieuwste analyse",
                bevindingen,
            ),
            waarde=bevindingen,
            url=f"{detail}#bevindingen",
        ),
    ]
