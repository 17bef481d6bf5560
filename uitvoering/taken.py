"""The uitvoering phase's tasks for "Mijn taken" (Fase.taken): the open activiteiten the user's
organisatie is trekker of, with their end dates."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from woonzorg import permissions
from woonzorg.taken import Taak, Takenlijst

from . import services
from .models import Activiteit, Uitvoeringsprogramma


def takenlijsten(user, vandaag) -> list[Takenlijst]:
    """Not gereed or geannuleerd, the earliest end first; a late one (past its end date, or
    reported vertraagd) is dringend when this user reports on it. An afgerond programme is
    history: nobody reports on it any more. One query, however many activiteiten."""
    lijst = Takenlijst(
        soort="activiteiten",
        titel=_("Activiteiten"),
        leeg=_("Uw organisatie is geen trekker van een lopende activiteit."),
        volgorde=4,
    )
    if not user.organisatie_id:
        return [lijst]
    activiteiten = services.markeer_te_laat(
        list(
            Activiteit.objects.for_user(user)
            .filter(trekker=user.organisatie_id)
            .exclude(status__in=Activiteit.AFGESLOTEN)
            .exclude(programma__status=Uitvoeringsprogramma.Status.AFGEROND)
            .select_related("programma__gemeente")
            .order_by(F("eind").asc(nulls_last=True), "titel", "pk")
        ),
        vandaag,
    )
    for activiteit in activiteiten:
        gemeente = activiteit.programma.gemeente
        mag_melden = permissions.can_report(user, activiteit)
        wat = activiteit.get_status_display().capitalize()
        if activiteit.te_laat:
            wat = _("%(status)s, te laat") % {"status": wat}
        taak = Taak(
            gemeente=gemeente,
            titel=activiteit.titel,
            url=activiteit.get_absolute_url(),
            wat=wat,
            datum=activiteit.eind,
            dringend=activiteit.te_laat and mag_melden,
        )
        if mag_melden:
            taak.actie = _("Voortgang melden")
            taak.actie_url = reverse(
                "uitvoering:voortgang", kwargs={"gemeente": gemeente.cbs_code, "pk": activiteit.pk}
            )
        lijst.taken.append(taak)
    return [lijst]
