"""The links of the chain the visie owns (Fase.ketencheck): each finding answered by an ambitie."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from analyses.models import Bevinding
from analyses.services import huidige_analyse
from woonzorg.ketencheck import Breuk, Controle

from .models import Onderbouwing
from .services import huidige_visie


def controles(gemeente, user) -> list[Controle]:
    """The bevindingen of the current analyse that no ambitie of the visie in force answers.
    One query (the bevindingen), besides the analyse and the visie read once per page."""
    analyse = huidige_analyse(gemeente, user)
    visie = huidige_visie(gemeente, user)
    bevindingen = []
    if analyse:
        beantwoord = Onderbouwing.objects.filter(bevinding=OuterRef("pk"), ambitie__visie=visie)
        bevindingen = list(
            Bevinding.objects.for_user(user)
            .filter(analyse=analyse)
            .annotate(beantwoord=Exists(beantwoord))
            .select_related("analyse__gemeente")
            .order_by("titel", "pk")
        )

    herstel, herstel_url = _herstel(gemeente, visie)
    ontbreekt = (
        _("Geen ambitie in de visie „%(visie)s” verwijst ernaar.") % {"visie": visie}
        if visie
        else _("Er is nog geen woonzorgvisie.")
    )
    return [
        Controle(
            soort="bevinding-zonder-ambitie",
            volgorde=10,
            titel=_("Bevindingen zonder ambitie"),
            uitleg=_(
                "Een bevinding uit de woonzorganalyse die de visie niet beantwoordt, blijft een "
                "constatering: geen ambitie, dus geen afspraak en geen uitvoering."
            ),
            gecontroleerd=len(bevindingen),
            compleet=_("bevindingen beantwoord door een ambitie"),
            herstel=herstel,
            breuken=[
                Breuk(
                    object=bevinding,
                    url=bevinding.get_absolute_url(),
                    ontbreekt=ontbreekt,
                    herstel_url=herstel_url.format(bevinding=bevinding.pk),
                    onderdeel_van=str(analyse),
                )
                for bevinding in bevindingen
                if not bevinding.beantwoord
            ],
        )
    ]


def _herstel(gemeente, visie) -> tuple[str, str]:
    """Where a finding gets its ambitie: a new ambitie in a concept visie (the finding ticked
    in advance); a vastgestelde visie first needs a new version, a gemeente without one a visie.
    """
    if visie is None:
        url = reverse("visies:create", kwargs={"gemeente": gemeente.cbs_code})
        return _("Visie opstellen"), url
    if visie.is_vastgesteld:
        return _("Nieuwe versie van de visie"), visie.get_absolute_url()
    url = reverse("visies:ambitie_create", kwargs={"gemeente": gemeente.cbs_code, "pk": visie.pk})
    return _("Ambitie toevoegen"), url + "?bevinding={bevinding}"
