"""The woonzorgvisie of the handreiking's worked example "Gemeente A", for `manage.py load_demo`.

It builds on the demo analyse (analyses.demo): the finding that 23% of the 65-plussers wants to
move to a suitable home where they can meet others becomes the ambitie of the handreiking —
more geclusterde woonvormen for seniors, within 500 metres of (care) facilities — and the
analysis' tekort of about 140 geclusterde woningen in 2030 its doelstelling. Next to it: a
concrete ambitie for Wijk Y, one whose doelstelling still lacks a number and one without a
doelstelling, so the concreetheid check has something to say. The afwegingskader scores three
initiatieven, one of them only partly.

The finding on verpleegzorgplekken is deliberately left without an ambitie: the ketencheck
shows that broken link.

Idempotent: every row is keyed on its natural key, so loading it again changes no counts.
"""

import datetime

from analyses import demo as analyse_demo
from analyses.models import Bevinding, Woonzorganalyse
from woonzorg.models import Doelgroep, Woonvorm

from . import services
from .models import (
    STANDAARD_THEMAS,
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)

TITEL = "Woonzorgvisie Gemeente A 2025–2030"
VASTGESTELD_OP = datetime.date(2025, 3, 13)
BESLUIT = "Raadsbesluit 2025-017 (fictief)"
PARTNERS = (
    "Woningcorporatie X",
    "Woningcorporatie Y",
    "Welzijnsorganisatie A",
    "Zorgaanbieder A",
    "Zorgkantoor Regio A",
    "Huurdersorganisatie A",
)
SAMENVATTING = (
    "Gemeente A vergrijst: in 2030 wonen er ruim 3.900 75-plussers, een vijfde meer dan nu. "
    "De meeste ouderen willen zo lang mogelijk zelfstandig thuis wonen, in hun eigen buurt. "
    "Daarvoor zijn meer geschikte woningen nodig, vooral geclusterde woonvormen dichtbij "
    "(zorg)voorzieningen, waar ontmoeting mogelijk is en op termijn zorg kan worden geboden. "
    "De gemeente, de woningcorporaties, de zorg- en welzijnspartijen, het zorgkantoor en de "
    "huurders werken samen aan drie thema's: langer zelfstandig thuis, doorstromen en "
    "innovatie en vernieuwing. Nieuwe initiatieven wegen we met een afwegingskader."
)

LANGER_THUIS, DOORSTROMEN, INNOVATIE = (naam for naam, _ in STANDAARD_THEMAS)
BEVINDING_23 = analyse_demo.BEVINDINGEN[0]["titel"]
BEVINDING_WIJK_Y = analyse_demo.BEVINDINGEN[1]["titel"]

GECLUSTERD_TITEL = (
    "Er moeten meer geclusterde woonvormen komen voor senioren, binnen 500 meter van "
    "(zorg)voorzieningen"
)
DOORSTROMEN_TITEL = "Senioren verhuizen eerder naar een passende woning"

AMBITIES = (
    {
        "thema": LANGER_THUIS,
        "titel": GECLUSTERD_TITEL,
        "toelichting": (
            "Veel ouderen willen verhuizen naar een woning waar ze elkaar kunnen ontmoeten en "
            "waar op termijn zorg kan worden geboden. Daarom komen er meer geclusterde "
            "woonvormen voor senioren. Zoals de handreiking het zegt: “Deze woningen zijn "
            "geschikt voor ouderen en liggen binnen een straal van 500 meter rondom "
            "(zorg)voorzieningen.” Het gaat om nieuwbouw en om bestaande complexen die een "
            "ontmoetingsruimte krijgen."
        ),
        "doelgroepen": ("ouderen",),
        "woonvormen": ("geclusterde-woonvorm",),
        "gebieden": (),
        "bevindingen": (BEVINDING_23,),
        "doelstellingen": (
            {
                "omschrijving": "140 geclusterde woningen erbij, binnen 500 meter van "
                "(zorg)voorzieningen",
                "woonvorm": "geclusterde-woonvorm",
                "aantal": 140,
                "eenheid": "woningen",
                "locatie": "hele gemeente, binnen 500 meter van (zorg)voorzieningen",
                "streefjaar": 2030,
            },
        ),
    },
    {
        "thema": LANGER_THUIS,
        "titel": "Meer nultredenwoningen in Wijk Y, de wijk met de meeste 75-plussers",
        "toelichting": (
            "In Wijk Y wonen naar verhouding de meeste 75-plussers, en de vraag naar woningen "
            "zonder trap groeit daar het eerst: volgens de analyse zijn er in 2030 ongeveer 130 "
            "nultredenwoningen te weinig. Woningcorporatie X past een deel van haar "
            "bestaande woningen aan (traplift, drempels weg, slaapkamer en badkamer beneden) "
            "en bouwt nultredenwoningen bij in de herstructurering van de wijk."
        ),
        "doelgroepen": ("ouderen",),
        "woonvormen": ("nultredenwoning",),
        "gebieden": ("WK900102",),
        "bevindingen": (BEVINDING_WIJK_Y,),
        "doelstellingen": (
            {
                "omschrijving": "Nultredenwoningen erbij in Wijk Y, nieuw gebouwd of aangepast",
                "woonvorm": "nultredenwoning",
                "aantal": 130,
                "eenheid": "woningen",
                "gebied": "WK900102",
                "streefjaar": 2030,
            },
        ),
    },
    {
        "thema": DOORSTROMEN,
        "titel": DOORSTROMEN_TITEL,
        "toelichting": (
            "Senioren die in een te grote of ongeschikte eengezinswoning wonen, verhuizen eerder "
            "naar een woning die bij hen past, met hulp van een wooncoach en voorrang bij "
            "passende woningen. Zo komen eengezinswoningen vrij voor gezinnen."
        ),
        "doelgroepen": ("ouderen",),
        "woonvormen": (),
        "gebieden": (),
        "bevindingen": (BEVINDING_23,),
        # The number is agreed in the prestatieafspraken: not concreet yet.
        "doelstellingen": (
            {
                "omschrijving": "Meer senioren verhuizen met hulp van een wooncoach naar een "
                "passende woning",
                "eenheid": "verhuizingen",
                "locatie": "hele gemeente",
                "streefjaar": 2030,
            },
        ),
    },
    {
        "thema": INNOVATIE,
        "titel": "Ruimte voor woonvormen die inwoners zelf opzetten, zoals een knarrenhof",
        "toelichting": (
            "Inwoners die samen een woonvorm willen opzetten, krijgen hulp van de gemeente bij "
            "het vinden van een locatie en het regelen van de financiering. Zulke "
            "initiatieven worden gewogen met het afwegingskader."
        ),
        "doelgroepen": ("ouderen",),
        "woonvormen": ("geclusterde-woonvorm",),
        "gebieden": (),
        "bevindingen": (),
        "doelstellingen": (),
    },
)

# (naam, weging, toelichting)
LIGGING = "Ligging binnen 500 meter van (zorg)voorzieningen"
TEKORT = "Draagt bij aan het tekort aan geclusterde woonvormen"
ONTMOETING = "Ontmoetingsruimte voor de buurt"
BETAALBAAR = "Betaalbaar: sociale huur of middenhuur"
ZORG = "Zorg geregeld met een zorgaanbieder"
CRITERIA = (
    (LIGGING, 3, "Huisarts, apotheek, supermarkt of wijkcentrum op loopafstand."),
    (TEKORT, 3, "Uit de woonzorganalyse: ongeveer 140 geclusterde woningen te weinig in 2030."),
    (ONTMOETING, 2, "Een ruimte waar bewoners en buurtgenoten elkaar kunnen ontmoeten."),
    (BETAALBAAR, 2, "Het aandeel woningen in de sociale huur of de middenhuur."),
    (ZORG, 1, "Afspraken met een zorgaanbieder over zorg in of vanuit de woonvorm."),
)

INITIATIEVEN = (
    {
        "titel": "Ontmoetingsruimte in de seniorenflat in Wijk Y",
        "soort": Initiatief.Soort.CORPORATIE,
        "indiener": "Woningcorporatie X",
        "organisatie": "Woningcorporatie X",
        "omschrijving": (
            "Woningcorporatie X maakt van de lege bedrijfsruimte op de begane grond van haar "
            "seniorenflat een ontmoetingsruimte. Daarmee worden de 30 woningen van de flat een "
            "geclusterde woonvorm. Welzijnsorganisatie A organiseert er activiteiten, ook voor "
            "ouderen uit de buurt."
        ),
        "gebied": "WK900102",
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 30,
        "ingediend_op": datetime.date(2025, 4, 15),
        "besluit": Initiatief.Besluit.POSITIEF,
        "conclusie": (
            "Snel te realiseren en betaalbaar, op de plek waar de meeste ouderen wonen. De "
            "gemeente draagt bij aan de inrichting."
        ),
        "beoordelingen": (
            (LIGGING, 5, "Gezondheidscentrum en supermarkt op 200 meter."),
            (TEKORT, 4, "30 bestaande woningen worden geclusterd; er komen geen woningen bij."),
            (ONTMOETING, 5, "De ruimte is ook open voor de buurt."),
            (BETAALBAAR, 5, "Alle woningen zijn sociale huur."),
            (ZORG, 3, "Zorgaanbieder A levert zorg aan huis; geen vaste zorgpost in de flat."),
        ),
    },
    {
        "titel": "Knarrenhof Dorp Oost",
        "soort": Initiatief.Soort.BURGERINITIATIEF,
        "indiener": "Bewonersgroep Knarrenhof Dorp Oost",
        "organisatie": None,
        "omschrijving": (
            "Een groep 60-plussers wil 24 woningen rond een gezamenlijke hof bouwen, met een "
            "gemeenschappelijke tuin en een ontmoetingsruimte. Bewoners zorgen naar elkaar om."
        ),
        "gebied": "Dorp Oost",
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 24,
        "ingediend_op": datetime.date(2025, 5, 20),
        "besluit": Initiatief.Besluit.POSITIEF,
        "conclusie": (
            "Past bij de visie en draagt bij aan het tekort. De gemeente helpt bij het zoeken "
            "naar een locatie en vraagt de groep om een deel van de woningen als middenhuur "
            "aan te bieden."
        ),
        "beoordelingen": (
            (LIGGING, 4, "De huisarts en de supermarkt van Dorp Oost liggen op 400 meter."),
            (TEKORT, 5, "24 geclusterde woningen erbij."),
            (ONTMOETING, 5, "Gemeenschappelijke tuin en ontmoetingsruimte, open voor het dorp."),
            (BETAALBAAR, 2, "Vooral koopwoningen; zes woningen middenhuur."),
            (ZORG, 2, "Nog geen afspraken met een zorgaanbieder; wel onderlinge hulp."),
        ),
    },
    {
        "titel": "50 geclusterde woningen op locatie Y",
        "soort": Initiatief.Soort.ONTWIKKELAAR,
        "indiener": "Marktpartij Ontwikkeling",
        "organisatie": "Marktpartij Ontwikkeling",
        "omschrijving": (
            "Nieuwbouw van 50 geclusterde woningen voor senioren met een ontmoetingsruimte, op "
            "de vrijgekomen schoollocatie in Wijk Y."
        ),
        "gebied": "WK900102",
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 50,
        "ingediend_op": datetime.date(2025, 9, 1),
        "besluit": Initiatief.Besluit.IN_BEHANDELING,
        "conclusie": "",
        # Betaalbaarheid and zorg wait for the price breakdown and the talks with the zorgaanbieder.
        "beoordelingen": (
            (LIGGING, 5, "Naast het gezondheidscentrum van Wijk Y."),
            (TEKORT, 5, "50 geclusterde woningen erbij: een derde van het tekort in 2030."),
            (ONTMOETING, 3, "Ontmoetingsruimte voor de bewoners; nog niet open voor de buurt."),
        ),
    },
)


def load(core) -> str:
    gemeente = core.gemeente_a
    analyse = Woonzorganalyse.objects.get(gemeente=gemeente, titel=analyse_demo.TITEL)
    bevindingen = {b.titel: b for b in Bevinding.objects.filter(analyse=analyse)}
    doelgroepen = {d.code: d for d in Doelgroep.objects.all()}
    woonvormen = {w.code: w for w in Woonvorm.objects.all()}

    # The first version; a later version (services.nieuwe_versie) is a visie of its own.
    visie, _ = Woonzorgvisie.objects.update_or_create(
        gemeente=gemeente,
        titel=TITEL,
        versie=1,
        defaults={
            "periode_start": 2025,
            "periode_eind": 2030,
            "samenvatting": SAMENVATTING,
            "analyse": analyse,
        },
    )
    visie.partners.set([core.organisaties[naam] for naam in PARTNERS])

    themas = {}
    for volgorde, (naam, omschrijving) in enumerate(STANDAARD_THEMAS, start=1):
        themas[naam], _ = Thema.objects.update_or_create(
            visie=visie, naam=naam, defaults={"omschrijving": omschrijving, "volgorde": volgorde}
        )

    doelstellingen = 0
    for volgorde, gegevens in enumerate(AMBITIES, start=1):
        ambitie, _ = Ambitie.objects.update_or_create(
            visie=visie,
            titel=gegevens["titel"],
            defaults={
                "thema": themas[gegevens["thema"]],
                "toelichting": gegevens["toelichting"],
                "volgorde": volgorde,
            },
        )
        ambitie.doelgroepen.set([doelgroepen[code] for code in gegevens["doelgroepen"]])
        ambitie.woonvormen.set([woonvormen[code] for code in gegevens["woonvormen"]])
        ambitie.gebieden.set([core.gebieden[code] for code in gegevens["gebieden"]])
        ambitie.bevindingen.set([bevindingen[titel] for titel in gegevens["bevindingen"]])
        for doel in gegevens["doelstellingen"]:
            velden = dict(doel)
            omschrijving = velden.pop("omschrijving")
            velden["woonvorm"] = woonvormen.get(velden.pop("woonvorm", None))
            velden["gebied"] = core.gebieden.get(velden.pop("gebied", None))
            Doelstelling.objects.update_or_create(
                ambitie=ambitie, omschrijving=omschrijving, defaults=velden
            )
            doelstellingen += 1

    criteria = {}
    for naam, weging, toelichting in CRITERIA:
        criteria[naam], _ = Afwegingscriterium.objects.update_or_create(
            visie=visie, naam=naam, defaults={"weging": weging, "toelichting": toelichting}
        )

    # The council fixed the visie on 13 March 2025; the initiatieven came in after that.
    if not visie.is_vastgesteld:
        visie = services.vaststellen(visie, vastgesteld_op=VASTGESTELD_OP, besluit=BESLUIT)

    beoordelingen = 0
    for gegevens in INITIATIEVEN:
        velden = dict(gegevens)
        titel = velden.pop("titel")
        scores = velden.pop("beoordelingen")
        velden["organisatie"] = core.organisaties.get(velden.pop("organisatie"))
        velden["gebied"] = core.gebieden[velden.pop("gebied")]
        velden["woonvorm"] = woonvormen[velden.pop("woonvorm")]
        initiatief, _ = Initiatief.objects.update_or_create(
            visie=visie, titel=titel, defaults=velden
        )
        for criterium, score, motivering in scores:
            Beoordeling.objects.update_or_create(
                initiatief=initiatief,
                criterium=criteria[criterium],
                defaults={"score": score, "motivering": motivering},
            )
        beoordelingen += len(scores)

    return (
        f"{visie.titel} ({visie.get_status_display()}): {len(themas)} thema's, "
        f"{len(AMBITIES)} ambities, {doelstellingen} doelstellingen, "
        f"{len(CRITERIA)} afwegingscriteria, "
        f"{len(INITIATIEVEN)} initiatieven met {beoordelingen} beoordelingen"
    )
