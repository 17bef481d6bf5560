"""The links of the chain the uitvoering owns (Fase.ketencheck): each afspraak carried out by an
activiteit, and each activiteit with a trekker and a planning."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from prestatieafspraken.services import afspraken_van, met_resultaat, op_volgorde
from visies.services import opsomming
from woonzorg.ketencheck import Breuk, Controle

from . import services
from .models import Activiteit, Uitvoeringsprogramma


def controles(gemeente, user) -> list[Controle]:
    return [
        afspraken_zonder_activiteit(gemeente, user),
        activiteiten_zonder_planning(gemeente, user),
    ]


def afspraken_zonder_activiteit(gemeente, user) -> Controle:
    """The afspraken of running agreements that no activiteit carries out (a cancelled one does
    not count). One query, besides the afspraken and programma's read once per page."""
    afspraken = op_volgorde(a for a in afspraken_van(gemeente, user) if met_resultaat(a))
    uitgevoerd = set(
        Activiteit.objects.filter(afspraak__in=[a.pk for a in afspraken])
        .exclude(status=Activiteit.Status.GEANNULEERD)
        .values_list("afspraak", flat=True)
    )
    # A new activiteit goes into the newest programme still open, the afspraak chosen in advance.
    programma = next(
        (
            p
            for p in services.programmas_van(gemeente, user)
            if p.status != Uitvoeringsprogramma.Status.AFGEROND
        ),
        None,
    )
    if programma:
        herstel = _("Activiteit toevoegen")
        toevoegen = reverse(
            "uitvoering:activiteit_create",
            kwargs={"gemeente": gemeente.cbs_code, "pk": programma.pk},
        )
    else:
        herstel = _("Uitvoeringsprogramma opstellen")
        toevoegen = reverse("uitvoering:create", kwargs={"gemeente": gemeente.cbs_code})
    return Controle(
        soort="afspraak-zonder-activiteit",
        volgorde=40,
        titel=_("Afspraken zonder activiteit"),
        uitleg=_(
            "Een afspraak zonder activiteit in het uitvoeringsprogramma is een belofte die "
            "niemand uitvoert: er is geen trekker, geen planning en geen budget voor."
        ),
        gecontroleerd=len(afspraken),
        compleet=_("afspraken met een activiteit"),
        herstel=herstel,
        breuken=[
            Breuk(
                object=afspraak,
                url=afspraak.get_absolute_url(),
                ontbreekt=_("Geen activiteit voert deze afspraak uit."),
                herstel_url=f"{toevoegen}?afspraak={afspraak.pk}" if programma else toevoegen,
                onderdeel_van=str(afspraak.overeenkomst),
            )
            for afspraak in afspraken
            if afspraak.pk not in uitgevoerd
        ],
    )


def activiteiten_zonder_planning(gemeente, user) -> Controle:
    """The activiteiten still to do that lack a trekker, a start or an end. One query."""
    activiteiten = list(
        Activiteit.objects.for_user(user)
        .in_gemeente(gemeente)
        .exclude(programma__status=Uitvoeringsprogramma.Status.AFGEROND)
        .exclude(status__in=Activiteit.AFGESLOTEN)
        .order_by("programma_id", F("eind").asc(nulls_last=True), "titel", "pk")
    )
    # Their programma's are read once per page already (the ketencheck is for those who see
    # them all): one instance each, not one per activiteit.
    programmas = {p.pk: p for p in services.programmas_van(gemeente, user)}
    for activiteit in activiteiten:
        if activiteit.programma_id in programmas:
            activiteit.programma = programmas[activiteit.programma_id]
    breuken = []
    code = gemeente.cbs_code  # the links are built from it: no gemeente per activiteit
    for activiteit in activiteiten:
        ontbreekt = [
            wat
            for wat, leeg in (
                (_("een trekker"), activiteit.trekker_id is None),
                (_("een startdatum"), activiteit.start is None),
                (_("een einddatum"), activiteit.eind is None),
            )
            if leeg
        ]
        if not ontbreekt:
            continue
        sleutels = {"gemeente": code, "pk": activiteit.pk}
        breuken.append(
            Breuk(
                object=activiteit,
                url=reverse("uitvoering:activiteit", kwargs=sleutels),
                ontbreekt=_("Er ontbreekt %(wat)s.") % {"wat": opsomming(ontbreekt)},
                herstel_url=reverse("uitvoering:activiteit_update", kwargs=sleutels),
                onderdeel_van=str(activiteit.programma),
            )
        )
    return Controle(
        soort="activiteit-zonder-trekker-of-planning",
        volgorde=50,
        titel=_("Activiteiten zonder trekker of planning"),
        uitleg=_(
            "Zonder trekker voelt niemand zich verantwoordelijk; zonder start- en einddatum "
            "ziet niemand dat een activiteit vertraagt."
        ),
        gecontroleerd=len(activiteiten),
        compleet=_("activiteiten met trekker en planning"),
        herstel=_("Activiteit aanvullen"),
        breuken=breuken,
    )
