"""The links of the chain the borging owns (Fase.ketencheck): each afspraak monitored by an
indicator, and each indicator with a streefwaarde and its due metingen."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prestatieafspraken.services import afspraken_van, met_resultaat, op_volgorde
from woonzorg.ketencheck import Breuk, Controle

from . import services


def controles(gemeente, user) -> list[Controle]:
    return [afspraken_zonder_indicator(gemeente, user), indicatoren_zonder_meting(gemeente, user)]


def afspraken_zonder_indicator(gemeente, user) -> Controle:
    """The afspraken of running agreements that no indicator measures, of their own or of one
    of their activiteiten. No query of its own: the afspraken and the indicatoren are read
    once per page (afspraken_van, indicatoren_van)."""
    afspraken = op_volgorde(a for a in afspraken_van(gemeente, user) if met_resultaat(a))
    # Measured by an indicator of its own or of one of its activiteiten; an indicator belongs to
    # the gemeente of its afspraak and activiteit (Indicator.clean), so these are all of them.
    indicatoren = services.indicatoren_van(gemeente, user)
    gemeten = {i.afspraak_id for i in indicatoren} | {i.activiteit_afspraak_id for i in indicatoren}
    toevoegen = reverse("borging:indicator_create", kwargs={"gemeente": gemeente.cbs_code})
    return Controle(
        soort="afspraak-zonder-indicator",
        volgorde=60,
        titel=_("Afspraken zonder indicator"),
        uitleg=_(
            "Monitoring hoort bij de afspraak: zonder indicator ziet niemand of de afspraak "
            "werkt, en is er geen vroegtijdige waarschuwing om bij te sturen."
        ),
        gecontroleerd=len(afspraken),
        compleet=_("afspraken met een indicator"),
        herstel=_("Indicator toevoegen"),
        breuken=[
            Breuk(
                object=afspraak,
                url=afspraak.get_absolute_url(),
                ontbreekt=_("Geen indicator meet deze afspraak of een van haar activiteiten."),
                herstel_url=f"{toevoegen}?afspraak={afspraak.pk}",
                onderdeel_van=str(afspraak.overeenkomst),
            )
            for afspraak in afspraken
            if afspraak.pk not in gemeten
        ],
    )


def indicatoren_zonder_meting(gemeente, user) -> Controle:
    """The indicatoren without a streefwaarde (nothing to steer by) or whose meting of the last
    ended period is missing (services.meting_ontbreekt). The three queries of indicatoren_van."""
    vandaag = timezone.localdate()
    indicatoren = [i for i in services.indicatoren_van(gemeente, user) if i.is_lopend]
    breuken = []
    for indicator in indicatoren:
        code = {"gemeente": gemeente.cbs_code, "pk": indicator.pk}
        if not indicator.alle_streefwaarden:
            ontbreekt = _("Er is geen streefwaarde: het stoplicht kan niets zeggen.")
            herstel, herstel_url = (
                _("Streefwaarden vastleggen"),
                reverse("borging:streefwaarden", kwargs=code),
            )
        elif periode := services.meting_ontbreekt(indicator, vandaag):
            ontbreekt = _("De meting over %(periode)s ontbreekt.") % {
                "periode": services.periode_tekst(periode)
            }
            herstel, herstel_url = _("Meting invoeren"), reverse("borging:meting", kwargs=code)
        else:
            continue
        breuken.append(
            Breuk(
                object=indicator,
                url=indicator.get_absolute_url(),
                ontbreekt=ontbreekt,
                herstel_url=herstel_url,
                herstel=herstel,
                onderdeel_van=str(indicator.eigenaar or ""),
            )
        )
    return Controle(
        soort="indicator-zonder-streefwaarde-of-meting",
        volgorde=70,
        titel=_("Indicatoren zonder streefwaarde of recente meting"),
        uitleg=_(
            "Een indicator zonder streefwaarde of zonder actuele meting geeft geen stoplicht: "
            "een achterstand wordt pas zichtbaar als het te laat is."
        ),
        gecontroleerd=len(indicatoren),
        compleet=_("indicatoren met streefwaarde en actuele meting"),
        herstel=_("Aanvullen"),  # each Breuk names its own
        breuken=breuken,
    )
