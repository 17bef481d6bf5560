"""The prestatieafspraken phase's tasks for "Mijn taken" (Fase.taken): the agreements the user's
organisatie is party to, and the signatures it still owes."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from woonzorg import permissions
from woonzorg.taken import Taak, Takenlijst

from .models import Ondertekening, Overeenkomst, Partij


def takenlijsten(user, vandaag) -> list[Takenlijst]:
    """The overeenkomsten, beëindigde left out; one that waits for the organisatie's signature
    is dringend when this user may sign it. Two queries, however many agreements."""
    lijst = Takenlijst(
        soort="overeenkomsten",
        titel=_("Overeenkomsten"),
        leeg=_("Uw organisatie is geen partij bij een lopende overeenkomst."),
        volgorde=3,
    )
    if not user.organisatie_id:
        return [lijst]
    getekend = Ondertekening.objects.filter(
        overeenkomst=OuterRef("overeenkomst"),
        organisatie=OuterRef("organisatie"),
        versie=OuterRef("overeenkomst__versie"),
        vervallen=False,
    )
    partijen = (
        Partij.objects.for_user(user)
        .filter(organisatie=user.organisatie_id)
        .exclude(overeenkomst__status=Overeenkomst.Status.BEEINDIGD)
        .annotate(getekend=Exists(getekend))
        .select_related("overeenkomst__gemeente")
        .order_by("overeenkomst__gemeente__naam", "overeenkomst__titel", "pk")
    )
    for partij in partijen:
        lijst.taken.append(_taak(user, partij))
    lijst.taken.sort(key=lambda taak: not taak.dringend)  # stable: the order above stays
    return [lijst]


def _taak(user, partij) -> Taak:
    o = partij.overeenkomst
    taak = Taak(gemeente=o.gemeente, titel=o.titel, url=o.get_absolute_url(), wat="")
    if o.status != Overeenkomst.Status.TER_ONDERTEKENING:
        taak.wat = f"{o.get_status_display().capitalize()} ({o.periode})"
        return taak
    if partij.getekend:
        taak.wat = _("Ter ondertekening; uw organisatie heeft versie %(versie)s getekend") % {
            "versie": o.versie
        }
        return taak
    taak.wat = _(
        "Ter ondertekening; de handtekening van uw organisatie ontbreekt (versie %(versie)s)"
    ) % {"versie": o.versie}
    # can_sign would ask the agreement which parties may still sign, a query per agreement; the
    # query above already knows this organisatie is a party that has not signed.
    if permissions.signs_for(user, o.gemeente):
        taak.dringend = True
        taak.actie = _("Ondertekenen")
        taak.actie_url = reverse(
            "prestatieafspraken:ondertekenen", kwargs={"gemeente": o.gemeente.cbs_code, "pk": o.pk}
        )
    return taak
