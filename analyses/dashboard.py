"""The analyse phase's numbers on the gemeente dashboard (Fase.summary)."""

from django.urls import reverse
from django.utils.translation import ngettext

from woonzorg.fasen import Kengetal

from .models import Bevinding, Woonzorganalyse


def kengetallen(gemeente, user) -> list[Kengetal]:
    """How many analyses there are, and the findings of the newest; nothing without analyses."""
    analyses = list(
        Woonzorganalyse.objects.for_user(user)
        .filter(gemeente=gemeente)
        .order_by("-peiljaar", "-aangemaakt")
        .values_list("pk", flat=True)
    )
    if not analyses:
        return []
    nieuwste = analyses[0]
    bevindingen = Bevinding.objects.for_user(user).filter(analyse=nieuwste).count()
    detail = reverse("analyses:detail", kwargs={"gemeente": gemeente.cbs_code, "pk": nieuwste})
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
