"""The prestatieafspraken phase's numbers on the gemeente dashboard (Fase.summary)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import ngettext

from woonzorg.fasen import Kengetal

from . import services
from .filters import Smart
from .models import Afspraak, Ondertekening, Overeenkomst, Partij


def kengetallen(gemeente, user) -> list[Kengetal]:
    """How many overeenkomsten and afspraken the user sees, how many afspraken are not SMART
    yet, and how many signatures are missing; nothing without overeenkomsten.

    Three queries, however many agreements, afspraken and parties there are.
    """
    overeenkomsten = list(
        Overeenkomst.objects.for_user(user)
        .filter(gemeente=gemeente)
        .order_by("-periode_start", "pk")
        .values_list("pk", "status")
    )
    if not overeenkomsten:
        return []
    code = gemeente.cbs_code
    index = reverse("prestatieafspraken:index", kwargs={"gemeente": code})
    lijst = reverse("prestatieafspraken:afspraken", kwargs={"gemeente": code})

    # Only what the SMART-check reads; proces- and intentieafspraken are in order without it.
    afspraken = list(
        services.met_indicator(
            Afspraak.objects.for_user(user).filter(overeenkomst__gemeente=gemeente)
        ).only("type", "trekker", "aantal", "eenheid", "deadline", "ambitie")
    )
    niet_smart = sum(not services.smart_check(a).in_orde for a in afspraken)

    # A party of an agreement out for signature without a valid signature on its current versie.
    ter_ondertekening = [
        pk for pk, status in overeenkomsten if status == Overeenkomst.Status.TER_ONDERTEKENING
    ]
    getekend = Ondertekening.objects.filter(
        overeenkomst=OuterRef("overeenkomst"),
        organisatie=OuterRef("organisatie"),
        versie=OuterRef("overeenkomst__versie"),
        vervallen=False,
    )
    ontbrekend = (
        Partij.objects.for_user(user)
        .filter(overeenkomst__in=ter_ondertekening)
        .exclude(Exists(getekend))
        .count()
    )
    if len(ter_ondertekening) == 1:
        ondertekenen = reverse(
            "prestatieafspraken:detail", kwargs={"gemeente": code, "pk": ter_ondertekening[0]}
        )
    else:
        ondertekenen = index

    return [
        Kengetal(
            label=ngettext("overeenkomst", "overeenkomsten", len(overeenkomsten)),
            waarde=len(overeenkomsten),
            url=index,
        ),
        Kengetal(
            label=ngettext("afspraak", "afspraken", len(afspraken)),
            waarde=len(afspraken),
            url=lijst,
        ),
        Kengetal(
            label=ngettext("afspraak nog niet SMART", "afspraken nog niet SMART", niet_smart),
            waarde=niet_smart,
            url=f"{lijst}?smart={Smart.NOG_NIET}",  # the list's own filter value
        ),
        Kengetal(
            label=ngettext("handtekening ontbreekt", "handtekeningen ontbreken", ontbrekend),
            waarde=ontbrekend,
            url=ondertekenen,
        ),
    ]
