"""The programme as a whole: the overview per afspraak with its dekking, the planning as a
timeline and the begroting.

What a partner sees is what `for_user` lets it see: its own activiteiten, their begrotingsposten
and totals over those. The dekking is the exception on purpose: it counts every activiteit of an
afspraak in the programme, since a partner reading an afspraak must know whether it is covered.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.views.generic import DetailView

from prestatieafspraken.models import Afspraak, Overeenkomst
from prestatieafspraken.services import natuurlijk
from woonzorg import permissions

from .. import services
from ..models import Activiteit, Begrotingspost
from .base import ProgrammaMixin, activiteiten_met_details


@dataclass
class AfspraakRegel:
    """One afspraak in the overview: its dekking over the whole programme and the activiteiten
    of it the user may see."""

    afspraak: Afspraak
    zichtbaar: bool  # False: only seen through an activiteit of the user's own organisatie
    dekking: services.Dekking | None
    activiteiten: list = field(default_factory=list)
    aantal_in_programma: int = 0

    @property
    def nog_geen_activiteit(self) -> bool:
        return self.aantal_in_programma == 0


def overzicht_per_overeenkomst(programma, user, zichtbare_activiteiten):
    """[(overeenkomst, [AfspraakRegel])]: every afspraak with activiteiten in the programme and
    every afspraak with a target of a running agreement that has none yet. Two queries."""
    alle = list(
        Activiteit.objects.filter(programma=programma).select_related("woonvorm")
    )  # for the dekking only: never shown
    per_afspraak: dict[int, list] = {}
    for activiteit in alle:
        per_afspraak.setdefault(activiteit.afspraak_id, []).append(activiteit)

    nog_te_plannen = Q(
        aantal__isnull=False,
        overeenkomst__periode_start__lte=programma.periode_eind,
        overeenkomst__periode_eind__gte=programma.periode_start,
    ) & ~Q(overeenkomst__status=Overeenkomst.Status.BEEINDIGD)
    afspraken = {
        a.pk: a
        for a in Afspraak.objects.for_user(user)
        .in_gemeente(programma.gemeente)
        .filter(Q(pk__in=list(per_afspraak)) | nog_te_plannen)
        .select_related("overeenkomst__gemeente", "woonvorm")
    }
    regels = {
        pk: AfspraakRegel(
            afspraak,
            zichtbaar=True,
            dekking=services.bereken_dekking(afspraak, per_afspraak.get(pk, [])),
            aantal_in_programma=len(per_afspraak.get(pk, [])),
        )
        for pk, afspraak in afspraken.items()
    }
    for activiteit in zichtbare_activiteiten:
        regel = regels.get(activiteit.afspraak_id)
        if regel is None:
            # A trekker that is no party to the agreement sees its own work, not the dekking.
            regel = regels[activiteit.afspraak_id] = AfspraakRegel(
                activiteit.afspraak,
                zichtbaar=False,
                dekking=None,
                aantal_in_programma=len(per_afspraak.get(activiteit.afspraak_id, [])),
            )
        regel.activiteiten.append(activiteit)

    groepen: dict[int, tuple] = {}
    for regel in regels.values():
        overeenkomst = regel.afspraak.overeenkomst
        groepen.setdefault(overeenkomst.pk, (overeenkomst, []))[1].append(regel)
    volgorde = sorted(
        groepen.values(),
        key=lambda g: (-g[0].periode_start, g[0].titel, g[0].pk),  # Overeenkomst.Meta.ordering
    )
    return [
        (overeenkomst, sorted(rij, key=lambda r: natuurlijk(r.afspraak.nummer)))
        for overeenkomst, rij in volgorde
    ]


class ProgrammaDetailView(ProgrammaMixin, DetailView):
    """The programme: per afspraak its dekking and its activiteiten, with a short summary.
    A fixed number of queries, however many activiteiten it holds."""

    template_name = "uitvoering/programma_detail.html"
    context_object_name = "programma"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programma, user = self.object, self.request.user
        vandaag = timezone.localdate()
        activiteiten = services.markeer_te_laat(
            activiteiten_met_details(user, programma=programma), vandaag
        )
        groepen = overzicht_per_overeenkomst(programma, user, activiteiten)
        regels = [regel for _o, rij in groepen for regel in rij]
        # The posts came with the activiteiten (prefetched): totals over what the user sees.
        begroting = services.bereken_begroting(
            post for activiteit in activiteiten for post in activiteit.begrotingsposten.all()
        )
        context.update(
            groepen=groepen,
            aantal_activiteiten=len(activiteiten),
            aantal_te_laat=sum(a.te_laat for a in activiteiten),
            aantal_afwijkend=sum(1 for r in regels if r.dekking and r.dekking.afwijkingen),
            aantal_zonder_activiteit=sum(1 for r in regels if r.nog_geen_activiteit),
            begroting=begroting,
            vandaag=vandaag,
            mag_bewerken=permissions.can_edit(user, programma),
            is_editor=permissions.is_editor(user, programma.gemeente),
        )
        return context


class PlanningView(ProgrammaMixin, DetailView):
    """The planning as a timeline over the programme's years, per afspraak or per trekker."""

    template_name = "uitvoering/planning.html"
    context_object_name = "programma"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programma = self.object
        per = "trekker" if self.request.GET.get("per") == "trekker" else "afspraak"
        activiteiten = activiteiten_met_details(self.request.user, programma=programma)
        vandaag = timezone.localdate()
        context.update(
            per=per,
            vandaag=vandaag,
            tijdlijn=services.tijdlijn(
                activiteiten,
                van_jaar=programma.periode_start,
                tot_jaar=programma.periode_eind,
                vandaag=vandaag,
                per=per,
            ),
            aantal_activiteiten=len(activiteiten),
            aantal_ongepland=sum(1 for a in activiteiten if not (a.start and a.eind)),
        )
        return context


class BegrotingView(ProgrammaMixin, DetailView):
    """The money: totals per year, per financier and per afspraak, what is not covered yet,
    and the activiteiten that have no budget at all; over what the user may see."""

    template_name = "uitvoering/begroting.html"
    context_object_name = "programma"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programma, user = self.object, self.request.user
        posten = (
            Begrotingspost.objects.for_user(user)
            .filter(activiteit__programma=programma)
            .select_related(
                "activiteit__programma__gemeente",
                "activiteit__afspraak__overeenkomst__gemeente",
                "financier",
            )
        )
        begroting = services.bereken_begroting(posten)
        # Every year of the programme, also those nobody budgeted yet.
        per_jaar = dict(begroting.per_jaar)
        jaren = sorted(set(programma.jaren) | set(per_jaar))
        # A trekker need not be party to the agreement it works for: it may not open that.
        zichtbare_afspraken = set(
            Afspraak.objects.for_user(user)
            .filter(pk__in=[afspraak.pk for afspraak, _b in begroting.per_afspraak])
            .values_list("pk", flat=True)
        )
        context.update(
            begroting=begroting,
            zichtbare_afspraken=zichtbare_afspraken,
            per_jaar=[(jaar, per_jaar.get(jaar, services.Bedragen())) for jaar in jaren],
            zonder_begroting=list(
                Activiteit.objects.for_user(user)
                .filter(programma=programma, begrotingsposten__isnull=True)
                .select_related("programma__gemeente", "afspraak", "trekker")
            ),
            mag_bewerken=permissions.can_edit(user, programma),
        )
        return context
