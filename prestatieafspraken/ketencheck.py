"""The links of the chain the agreements own (Fase.ketencheck): each ambitie made concrete in an
afspraak, and each agreement signed by all its parties."""

from django.urls import reverse
from django.utils.translation import gettext as _

from visies.services import huidige_visie, opsomming, visiestand
from woonzorg.ketencheck import Breuk, Controle

from . import services
from .models import Overeenkomst
from .services import LOPEND


def controles(gemeente, user) -> list[Controle]:
    return [ambities_zonder_afspraak(gemeente, user), niet_ondertekend(gemeente, user)]


def ambities_zonder_afspraak(gemeente, user) -> Controle:
    """The ambities of the visie in force that no afspraak of a running agreement makes concrete.
    No query of its own: the visie, its ambities, the afspraken and the agreements are read
    once per page."""
    visie = huidige_visie(gemeente, user)
    ambities = visiestand(gemeente, user).ambities[visie.pk] if visie else []
    met_afspraak = {
        a.ambitie_id
        for a in services.afspraken_van(gemeente, user)
        if a.overeenkomst.status in LOPEND
    }
    # A new afspraak goes into the newest concept agreement, the ambitie chosen in advance.
    concepten = [
        o
        for o in services.overeenkomsten_van(gemeente, user)
        if o.status == Overeenkomst.Status.CONCEPT
    ]
    concept = max(concepten, key=lambda o: (o.periode_start, o.pk), default=None)
    return Controle(
        soort="ambitie-zonder-afspraak",
        volgorde=20,
        titel=_("Ambities zonder afspraak"),
        uitleg=_(
            "Dé opgave van de handreiking: een ambitie wordt pas werkelijkheid als partners er "
            "een prestatieafspraak over maken, met een trekker, een aantal en een deadline."
        ),
        gecontroleerd=len(ambities),
        compleet=_("ambities met een afspraak"),
        herstel=_("Afspraak toevoegen") if concept else _("Naar de ambitie"),
        breuken=[
            Breuk(
                object=ambitie,
                url=ambitie.get_absolute_url(),
                ontbreekt=_("Geen afspraak in een lopende overeenkomst verwijst ernaar."),
                herstel_url=_afspraak_toevoegen(concept, ambitie) or ambitie.get_absolute_url(),
                onderdeel_van=str(ambitie.thema),
            )
            for ambitie in ambities
            if ambitie.pk not in met_afspraak
        ],
    )


def _afspraak_toevoegen(overeenkomst, ambitie) -> str:
    if overeenkomst is None:
        return ""
    url = reverse(
        "prestatieafspraken:afspraak_create",
        kwargs={"gemeente": overeenkomst.gemeente.cbs_code, "pk": overeenkomst.pk},
    )
    return f"{url}?ambitie={ambitie.pk}"


def niet_ondertekend(gemeente, user) -> Controle:
    """The running agreements that do not bind every party yet: concepts not yet offered for
    signing, and agreements out for signing that parties have not signed. The three queries of
    overeenkomsten_van."""
    overeenkomsten = [o for o in services.overeenkomsten_van(gemeente, user) if o.status in LOPEND]
    breuken = []
    for overeenkomst in overeenkomsten:
        if overeenkomst.status == Overeenkomst.Status.CONCEPT:
            ontbreekt = _("Nog een concept: niet ter ondertekening aangeboden.")
        elif overeenkomst.status == Overeenkomst.Status.TER_ONDERTEKENING:
            stand = services.ondertekenstand(
                overeenkomst,
                overeenkomst.partijen.all(),
                overeenkomst.ondertekeningen.all(),
            )
            namen = [str(regel.partij.organisatie) for regel in stand if not regel.getekend]
            if not namen:
                continue  # the last signature is in; the status follows it
            ontbreekt = _("Wacht op de handtekening van %(partijen)s.") % {
                "partijen": opsomming(namen)
            }
        else:
            continue
        breuken.append(
            Breuk(
                object=overeenkomst,
                url=overeenkomst.get_absolute_url(),
                ontbreekt=ontbreekt,
                herstel_url=overeenkomst.get_absolute_url(),
                onderdeel_van=overeenkomst.get_status_display(),
            )
        )
    return Controle(
        soort="overeenkomst-niet-ondertekend",
        volgorde=30,
        titel=_("Overeenkomsten niet door alle partijen ondertekend"),
        uitleg=_("Een afspraak bindt de partners pas als zij de overeenkomst hebben ondertekend."),
        gecontroleerd=len(overeenkomsten),
        compleet=_("overeenkomsten door alle partijen ondertekend"),
        herstel=_("Naar de ondertekening"),
        breuken=breuken,
    )
