"""The uitvoering phase's numbers on the gemeente dashboard (Fase.summary)."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from prestatieafspraken.models import Overeenkomst
from prestatieafspraken.services import afspraken_van
from woonzorg.fasen import Kengetal

from . import services
from .models import Activiteit, Uitvoeringsprogramma


def kengetallen(gemeente, user) -> list[Kengetal]:
    """How many activiteiten the user sees, how many of them are late, and how many afspraken of
    the running programmes are under- or over-planned; nothing without a programme.

    The numbers agree with the pages they link to: the activiteiten list (with its te-laat
    filter) and the programme's overview, whose dekking counts every activiteit of an afspraak
    in the programme (a partner reading an afspraak must know whether it is covered), over the
    afspraken the user may see. Four queries, however many rows.
    """
    programmas = [
        (p.pk, p.periode_start, p.periode_eind, p.status)
        for p in services.programmas_van(gemeente, user)
    ]
    if not programmas:
        return []
    code = gemeente.cbs_code
    lijst = reverse("uitvoering:activiteiten", kwargs={"gemeente": code})
    telling = (
        Activiteit.objects.for_user(user)
        .in_gemeente(gemeente)
        .aggregate(
            aantal=Count("pk"), te_laat=Count("pk", filter=services.te_laat_q(timezone.localdate()))
        )
    )

    # An afgerond programme is history: its dekking is no longer a task.
    lopend = [p for p in programmas if p[3] != Uitvoeringsprogramma.Status.AFGEROND]
    afwijkend = afwijkende_afspraken(lopend, gemeente, user) if lopend else 0
    if len(lopend) == 1:
        overzicht = reverse("uitvoering:detail", kwargs={"gemeente": code, "pk": lopend[0][0]})
    else:
        overzicht = reverse("uitvoering:index", kwargs={"gemeente": code})

    return [
        Kengetal(
            label=ngettext("activiteit", "activiteiten", telling["aantal"]),
            waarde=telling["aantal"],
            url=lijst,
        ),
        Kengetal(
            label=ngettext("te laat", "te laat", telling["te_laat"]),
            waarde=telling["te_laat"],
            url=f"{lijst}?te_laat=1",
        ),
        Kengetal(
            label=ngettext(
                "afspraak met afwijkende dekking", "afspraken met afwijkende dekking", afwijkend
            ),
            waarde=afwijkend,
            url=overzicht,
        ),
    ]


def afwijkende_afspraken(programmas, gemeente, user) -> int:
    """The afspraken whose dekking deviates in a programme, as its overview counts them (those
    with activiteiten in it and those with a target of a running agreement in its period); an
    afspraak counts once, however many programmes it deviates in. One query, besides the
    afspraken read once per page."""
    per_programma: dict[int, dict[int, list]] = {pk: {} for pk, *_rest in programmas}
    for activiteit in Activiteit.objects.filter(programma__in=list(per_programma)).select_related(
        "woonvorm"
    ):
        per_programma[activiteit.programma_id].setdefault(activiteit.afspraak_id, []).append(
            activiteit
        )
    met_activiteit = {pk for afspraken in per_programma.values() for pk in afspraken}
    afspraken = [
        a
        for a in afspraken_van(gemeente, user)
        if a.pk in met_activiteit
        or (a.aantal is not None and a.overeenkomst.status != Overeenkomst.Status.BEEINDIGD)
    ]

    afwijkend: set[int] = set()
    for pk, van, tot, _status in programmas:
        activiteiten = per_programma[pk]
        for afspraak in afspraken:
            o = afspraak.overeenkomst
            in_periode = (
                afspraak.aantal is not None
                and o.status != Overeenkomst.Status.BEEINDIGD
                and o.periode_start <= tot
                and o.periode_eind >= van
            )
            if afspraak.pk not in activiteiten and not in_periode:
                continue
            dekking = services.bereken_dekking(afspraak, activiteiten.get(afspraak.pk, []))
            if dekking.afwijkingen:
                afwijkend.add(afspraak.pk)
    return len(afwijkend)
