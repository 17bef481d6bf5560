"""The monitoring of the handreiking's worked example "Gemeente A", for `manage.py load_demo`.

"Neem in prestatieafspraken dus ook monitoringsafspraken op: welke indicatoren gaan we registreren
om de voortgang van de prestatieafspraken te kunnen meten? Denk aan het aantal geclusterde
woningen, het aantal ontmoetingsruimten en het aantal nieuw gebouwde geschikte woningen per jaar."
Those three indicatoren measure the demo afspraken 1.1 and 2.1 (prestatieafspraken.demo), with
metingen for 2022–2024, and two more measure activiteiten of the corporations (uitvoering.demo):
- the geclusterde wooneenheden are behind: 40 in 2024 where the trajectory asks 80 (rood), as
  the voortgang of the activiteiten reports (28 by the end of 2023, 40 by the end of 2024);
- the ontmoetingsruimten with weekly activities are on track: 3 of 3 in 2024 (groen);
- the new suitable homes are a little behind: 36 where 40 were planned (oranje);
- Woningcorporatie X's 20 homes in Wijk Y were delivered in 2022 (groen);
- Woningcorporatie Y reports the letting of its flat in Noord every quarter (groen).
The evaluatie 2024 names what goes well, the obstacle (the marktpartij's nieuwbouw on locatie y is
late, and nieuwbouw has 50 of 80) and the bijsturing; the uitvoering's 2024 begrotingsposten get
what was spent; and the jaarschijfrapport 2024 is made, in process, as the task would.

Metingen go through services.voer_meting_in, by the eigenaar's demo partner where there is one and
by the programmaleider otherwise, so the audit log holds real entries.

Idempotent: every row is keyed on its natural key, a meting is entered only for a period that has
none yet, and the report is made only while no finished one for 2024 exists, so loading it again
changes no counts.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from prestatieafspraken import demo as afspraken_demo
from prestatieafspraken.models import Afspraak
from uitvoering import demo as uitvoering_demo
from uitvoering.models import Activiteit, Begrotingspost
from woonzorg import permissions
from woonzorg.models import Rol

from . import services
from .models import Evaluatie, Frequentie, Indicator, Jaarschijfrapport, Meting, Streefwaarde
from .rapport import maak_pdf
from .tasks import foutreden

logger = logging.getLogger(__name__)

RAPPORT_JAAR = 2024
PROGRAMMALEIDER = uitvoering_demo.PROGRAMMALEIDER

GECLUSTERD = "Aantal geclusterde wooneenheden"
ONTMOETINGSRUIMTEN = "Aantal ontmoetingsruimten met wekelijkse activiteiten"
NIEUWBOUW = "Aantal nieuw gebouwde geschikte woningen per jaar"
WIJK_Y = "Geschikt gemaakte woningen in Wijk Y"
NOORD = "Aan senioren verhuurde geclusterde woningen in de flat Noorderpark"

# The activiteiten of uitvoering.demo that two indicatoren measure.
ACTIVITEIT_WIJK_Y = "20 geclusterde woningen met ontmoetingsruimte in Wijk Y"
ACTIVITEIT_NOORD = "Cluster van 20 woningen in een bestaande flat in Noord"

# Each indicator: its fields, nulmeting (jaar, waarde) or None, streefwaarden {jaar: waarde} and
# metingen ((jaar, kwartaal), waarde, toelichting).
INDICATOREN = (
    {
        "naam": GECLUSTERD,
        "eenheid": "wooneenheden",
        "afspraak": afspraken_demo.GECLUSTERD,
        "eigenaar": "Gemeente A",
        "bron": "Monitor wonen en zorg Gemeente A (opleveringen van de partners)",
        "toelichting": (
            "Het aantal nieuwe geclusterde wooneenheden met een ontmoetingsruimte dat sinds 2022 "
            "is opgeleverd, in nieuwbouw en bestaande bouw samen: de stand aan het eind van het "
            "jaar."
        ),
        "nulmeting": (2021, 0),
        "streefwaarden": {2022: 20, 2023: 40, 2024: 80, 2025: 110},
        "metingen": (
            ((2022, None), 20, "Woningcorporatie X heeft in Wijk Y 20 woningen opgeleverd."),
            ((2023, None), 28, ""),
            (
                (2024, None),
                40,
                "De nieuwbouw van Marktpartij Ontwikkeling op locatie y is nog niet opgeleverd.",
            ),
        ),
    },
    {
        "naam": ONTMOETINGSRUIMTEN,
        "eenheid": "ontmoetingsruimten",
        "afspraak": afspraken_demo.ONTMOETING,
        "eigenaar": "Welzijnsorganisatie A",
        "bron": "Jaarverslag Welzijnsorganisatie A",
        "toelichting": (
            "Ontmoetingsruimten in de geclusterde woonvormen waar Welzijnsorganisatie A elke "
            "week activiteiten organiseert, gericht op ontmoeting, ook voor senioren uit de buurt."
        ),
        "nulmeting": (2022, 0),
        "streefwaarden": {2023: 1, 2024: 3, 2025: 4},
        "metingen": (
            ((2023, None), 1, "De ontmoetingsruimte in Wijk Y is elke week open."),
            ((2024, None), 3, "In drie ontmoetingsruimten zijn er wekelijks activiteiten."),
        ),
    },
    {
        "naam": NIEUWBOUW,
        "eenheid": "woningen",
        "afspraak": afspraken_demo.GECLUSTERD,
        "eigenaar": "Gemeente A",
        "bron": "Woningbouwmonitor Gemeente A",
        "toelichting": (
            "Nieuw gebouwde woningen die geschikt zijn voor ouderen (nultredenwoningen en "
            "geclusterde woningen), opgeteld sinds 2022: de stand aan het eind van het jaar."
        ),
        "nulmeting": (2021, 0),
        "streefwaarden": {2023: 20, 2024: 40, 2025: 50},
        "metingen": (
            ((2023, None), 20, ""),
            ((2024, None), 36, "Vier nultredenwoningen in Dorp Oost schuiven door naar 2025."),
        ),
    },
    {
        "naam": WIJK_Y,
        "eenheid": "woningen",
        "activiteit": ACTIVITEIT_WIJK_Y,
        "eigenaar": "Woningcorporatie X",
        "gebied": "WK900102",
        "bron": "Opleverdossier Woningcorporatie X",
        "toelichting": (
            "Woningen in de seniorenflat in Wijk Y die geschikt zijn gemaakt als geclusterde "
            "woning met een ontmoetingsruimte."
        ),
        "nulmeting": None,
        "streefwaarden": {2022: 20},
        "metingen": (((2022, None), 20, "Opgeleverd: 20 woningen en de ontmoetingsruimte."),),
    },
    {
        "naam": NOORD,
        "eenheid": "woningen",
        "activiteit": ACTIVITEIT_NOORD,
        "eigenaar": "Woningcorporatie Y",
        "frequentie": Frequentie.PER_KWARTAAL,
        "bron": "Verhuuradministratie Woningcorporatie Y",
        "toelichting": (
            "De geclusterde woningen in de flat Noorderpark die aan senioren zijn verhuurd: de "
            "stand aan het eind van elk kwartaal."
        ),
        "nulmeting": (2023, 8),
        "streefwaarden": {2024: 20},
        "metingen": (
            ((2024, 1), 10, ""),
            ((2024, 2), 16, "De laatste woningen zijn in juni opgeleverd."),
            ((2024, 3), 19, ""),
            ((2024, 4), 20, "Alle 20 woningen zijn verhuurd."),
        ),
    },
)

EVALUATIE = {
    "wat_gaat_goed": (
        "Woningcorporatie X en Woningcorporatie Y hebben samen 40 geclusterde woningen met een "
        "ontmoetingsruimte in de bestaande bouw gerealiseerd, meer dan de 30 uit de afspraak. "
        "In drie ontmoetingsruimten organiseert Welzijnsorganisatie A elke week activiteiten "
        "gericht op ontmoeting, ook voor senioren uit de buurt. Door de voortgang samen te duiden "
        "in het bestuurlijk overleg blijven alle partners betrokken."
    ),
    "obstakels": (
        "De nieuwbouw van Marktpartij Ontwikkeling op locatie y loopt achter: de oplevering "
        "schuift naar 2026. Daarmee komt de nieuwbouw op 50 van de 80 geclusterde woningen uit de "
        "afspraak; voor de andere 30 is nog geen locatie. Het aantal geclusterde wooneenheden "
        "staat op 60 waar het traject 80 vraagt. De langjarige exploitatie van de "
        "ontmoetingsruimten is nog niet geborgd en de financiering van de ontmoetingsruimte op "
        "locatie y is nog niet rond."
    ),
    "bijsturing": (
        "De partners zoeken samen naar een extra nieuwbouwlocatie voor de ontbrekende 30 "
        "geclusterde woningen; de gemeente brengt daarvoor haar eigen grondposities in. Met "
        "Marktpartij Ontwikkeling spreekt de gemeente een nieuwe opleverdatum af en de voortgang "
        "op locatie y komt elk kwartaal op de agenda. De partners werken aan een structurele "
        "financieringsconstructie voor de ontmoetingsruimten, onder meer met de "
        "stimuleringsregeling ontmoetingsruimten in ouderenhuisvesting."
    ),
}
EVALUATIE_AFSPRAKEN = (afspraken_demo.GECLUSTERD, afspraken_demo.ONTMOETING)

# What was spent in 2024 on the uitvoering's begrotingsposten: (activiteit, omschrijving, besteed).
BESTEED = (
    ("Activiteiten in de ontmoetingsruimten", "Subsidie welzijnsactiviteiten 2024", "45000.00"),
    (
        "Cluster van 20 woningen op locatie x, geschikt voor VPT",
        "Renovatie en ontmoetingsruimte",
        "640000.00",
    ),
    ("50 nieuwe geclusterde woningen op locatie y", "Bouw, eerste fase", "1850000.00"),
)


def _invoerder(core, eigenaar):
    """The eigenaar's demo partner, or the programmaleider for an organisatie without one."""
    gemeente, partner = core.gemeente_a, Rol.Soort.PARTNER
    for user in core.users.values():
        if user.organisatie_id == eigenaar.pk and permissions.rol_in(user, gemeente) == partner:
            return user
    return core.users[PROGRAMMALEIDER]


def _indicator(core, gegevens, afspraken, activiteiten) -> Indicator:
    velden = dict(gegevens)
    naam = velden.pop("naam")
    nulmeting = velden.pop("nulmeting")
    streefwaarden = velden.pop("streefwaarden")
    metingen = velden.pop("metingen")
    velden["afspraak"] = afspraken.get(velden.pop("afspraak", None))
    velden["activiteit"] = activiteiten.get(velden.pop("activiteit", None))
    velden["eigenaar"] = core.organisaties[velden["eigenaar"]]
    velden["gebied"] = core.gebieden.get(velden.pop("gebied", None))
    velden.setdefault("frequentie", Frequentie.JAARLIJKS)
    velden["nulmeting_jaar"], velden["nulmeting"] = nulmeting or (None, None)
    indicator, _ = Indicator.objects.update_or_create(
        gemeente=core.gemeente_a, naam=naam, defaults=velden
    )
    indicator.full_clean()
    for jaar, waarde in streefwaarden.items():
        Streefwaarde.objects.update_or_create(
            indicator=indicator, jaar=jaar, defaults={"waarde": Decimal(waarde)}
        )

    # A period that has a meting keeps it: entering it again would be a correction.
    gemeten = set(
        Meting.objects.filter(indicator=indicator, gebied=None).values_list("jaar", "kwartaal")
    )
    door = _invoerder(core, indicator.eigenaar)
    for (jaar, kwartaal), waarde, toelichting in metingen:
        if (jaar, kwartaal) not in gemeten:
            services.voer_meting_in(
                indicator,
                door=door,
                jaar=jaar,
                kwartaal=kwartaal,
                waarde=Decimal(waarde),
                toelichting=toelichting,
            )
    return indicator


def _maak_rapport(rapport: Jaarschijfrapport) -> Jaarschijfrapport:
    """Make the PDF in process. A failure (no Pango on this machine) does not stop the demo: the
    report is mislukt with its reason, as the task leaves it, and the next load tries again."""
    try:
        with transaction.atomic():
            return maak_pdf(rapport)
    except Exception as fout:
        logger.exception("Demo: jaarschijfrapport %s niet gemaakt", rapport.jaar)
        Jaarschijfrapport.objects.filter(pk=rapport.pk).update(
            status=Jaarschijfrapport.Status.MISLUKT,
            fout=foutreden(fout),
            pogingen=F("pogingen") + 1,
        )
        rapport.refresh_from_db()
        return rapport


def load(core) -> str:
    gemeente = core.gemeente_a
    programmaleider = core.users[PROGRAMMALEIDER]
    afspraken = {
        a.nummer: a
        for a in Afspraak.objects.filter(
            overeenkomst__gemeente=gemeente, overeenkomst__titel=afspraken_demo.TITEL
        )
    }
    activiteiten = {
        a.titel: a
        for a in Activiteit.objects.filter(
            programma__gemeente=gemeente, programma__titel=uitvoering_demo.TITEL
        ).select_related("programma")
    }

    indicatoren = [_indicator(core, gegevens, afspraken, activiteiten) for gegevens in INDICATOREN]

    evaluatie, _ = Evaluatie.objects.update_or_create(
        gemeente=gemeente, jaar=RAPPORT_JAAR, defaults=EVALUATIE
    )
    evaluatie.full_clean()
    evaluatie.afspraken.set([afspraken[nummer] for nummer in EVALUATIE_AFSPRAKEN])

    for titel, omschrijving, besteed in BESTEED:
        post = Begrotingspost.objects.select_related("activiteit__programma").get(
            activiteit=activiteiten[titel], jaar=RAPPORT_JAAR, omschrijving=omschrijving
        )
        post.besteed = Decimal(besteed)
        post.full_clean()
        post.save(update_fields=["besteed"])

    rapporten = Jaarschijfrapport.objects.filter(gemeente=gemeente, jaar=RAPPORT_JAAR)
    rapport = rapporten.filter(status=Jaarschijfrapport.Status.KLAAR).first()
    if rapport is None:
        # A report of an earlier load that failed is made again rather than joined by another.
        rapport = rapporten.filter(
            status=Jaarschijfrapport.Status.MISLUKT, aangevraagd_door=programmaleider
        ).first() or Jaarschijfrapport.objects.create(
            gemeente=gemeente, jaar=RAPPORT_JAAR, aangevraagd_door=programmaleider
        )
        rapport = _maak_rapport(rapport)

    lichten = {}
    for indicator in services.met_metingen(
        Indicator.objects.filter(pk__in=[i.pk for i in indicatoren])
    ):
        kleur = services.stoplicht_van(indicator).kleur
        lichten[kleur] = lichten.get(kleur, 0) + 1
    metingen = Meting.objects.filter(indicator__in=indicatoren).count()
    kleuren = ", ".join(
        f"{lichten[kleur]} {kleur}"
        for kleur in (services.GROEN, services.ORANJE, services.ROOD, services.GRIJS)
        if kleur in lichten
    )
    return (
        f"{len(indicatoren)} indicatoren ({kleuren}), {metingen} metingen, "
        f"evaluatie {RAPPORT_JAAR}, jaarschijfrapport {RAPPORT_JAAR} "
        f"{rapport.get_status_display()}"
    )
