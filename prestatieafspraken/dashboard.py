"""The prestatieafspraken phase's numbers on the gemeente dashboard (Fase.summary)."""

from django.urls import reverse
from django.utils.translation import ngettext

from woonzorg.fasen import Kengetal

from . import services
from .filters import Smart
from .models import Overeenkomst


def kengetallen(gemeente, user) -> list[Kengetal]:
    """How many overeenkomsten and afspraken the user sees, how many afspraken are not SMART
    yet, and how many signatures are missing; nothing without overeenkomsten.

    Four queries, however many agreements, afspraken and parties there are (the agreements
    with their parties and signatures are read once with the ketencheck's).
    """
    overeenkomsten = services.overeenkomsten_van(gemeente, user)
    if not overeenkomsten:
        return []
    code = gemeente.cbs_code
    index = reverse("prestatieafspraken:index", kwargs={"gemeente": code})
    lijst = reverse("prestatieafspraken:afspraken", kwargs={"gemeente": code})

    # Proces- and intentieafspraken are in order without the SMART-check.
    afspraken = services.afspraken_van(gemeente, user)
    niet_smart = sum(not services.smart_check(a).in_orde for a in afspraken)

    # A party of an agreement out for signature without a valid signature on its current versie.
    ter_ondertekening = [
        o for o in overeenkomsten if o.status == Overeenkomst.Status.TER_ONDERTEKENING
    ]
    ontbrekend = sum(
        not regel.getekend
        for o in ter_ondertekening
        for regel in services.ondertekenstand(o, o.partijen.all(), o.ondertekeningen.all())
    )
    # One agreement out for signing: straight to it.
    enige = ter_ondertekening[0] if len(ter_ondertekening) == 1 else None
    ondertekenen = enige.get_absolute_url() if enige else index

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
