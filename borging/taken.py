"""The borging phase's tasks for "Mijn taken" (Fase.taken): the indicatoren the user's
organisatie owns, and which of their metingen are due."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from woonzorg import permissions
from woonzorg.taken import Taak, Takenlijst

from . import services
from .models import Indicator


def takenlijsten(user, vandaag) -> list[Takenlijst]:
    """Every indicator the organisatie is eigenaar of; one whose meting over the last ended
    period is missing is dringend when this user may enter it. Three queries, however many
    indicatoren and metingen."""
    lijst = Takenlijst(
        soort="indicatoren",
        titel=_("Indicatoren"),
        leeg=_("Uw organisatie is geen eigenaar van een indicator."),
        volgorde=5,
    )
    if not user.organisatie_id:
        return [lijst]
    indicatoren = services.met_metingen(
        Indicator.objects.for_user(user)
        .filter(eigenaar=user.organisatie_id)
        .lopend()
        .order_by("gemeente__naam", "naam", "pk")
    )
    for indicator in indicatoren:
        ontbreekt = services.meting_ontbreekt(indicator, vandaag)
        mag_invoeren = permissions.can_report(user, indicator)
        taak = Taak(
            gemeente=indicator.gemeente,
            titel=indicator.naam,
            url=indicator.get_absolute_url(),
            wat=_stand(indicator, ontbreekt),
            datum=_einde(ontbreekt) if ontbreekt else None,
            dringend=ontbreekt is not None and mag_invoeren,
        )
        if mag_invoeren:
            taak.actie = _("Meting invoeren")
            taak.actie_url = reverse(
                "borging:meting",
                kwargs={"gemeente": indicator.gemeente.cbs_code, "pk": indicator.pk},
            )
        lijst.taken.append(taak)
    lijst.taken.sort(key=lambda taak: not taak.dringend)  # stable: the order above stays
    return [lijst]


def _stand(indicator, ontbreekt) -> str:
    if ontbreekt:
        return _("Meting over %(periode)s ontbreekt") % {
            "periode": services.periode_tekst(ontbreekt)
        }
    # Prefetched; as meting_ontbreekt, only those of the indicator's own area count.
    metingen = [m for m in indicator.alle_metingen if m.gebied_id in (None, indicator.gebied_id)]
    if not metingen:
        return _("Nog geen meting")
    laatste = max(metingen, key=lambda m: (m.jaar, m.kwartaal or 4))
    return _("Laatste meting over %(periode)s") % {"periode": laatste.periode}


def _einde(periode) -> datetime.date:
    """The last day of the period (year, kwartaal): since then its meting is due."""
    jaar, kwartaal = periode
    if kwartaal in (None, 4):
        return datetime.date(jaar, 12, 31)
    return datetime.date(jaar, 3 * kwartaal + 1, 1) - datetime.timedelta(days=1)
