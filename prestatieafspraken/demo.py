"""The prestatieafspraken of the handreiking's worked example "Gemeente A", for `manage.py
load_demo`.

They make the demo visie (visies.demo) concrete: afspraak 1.1 is the handreiking's example — 110
geclusterde wooneenheden on 4 locaties by 2025, 80 in nieuwbouw and 30 in bestaande bouw — next to
a procesafspraak on the overleg cycle, the subsidy for activities in the ontmoetingsruimten, a
beschrijvende afspraak that is not SMART yet (no deadline, no number) and an intentieafspraak. The
jaarschijven 2022, 2024 and 2025 split the 110 over the years as the example plans them: 20, 40,
then 50.

The agreement is out for signature: Gemeente A and Woningcorporatie Y have signed, so the demo
partner of Woningcorporatie X has something to sign, and the other parties are still missing.

Idempotent: every row is keyed on its natural key, and the status and signatures are set only
while the agreement is still a concept, so loading it again changes no counts and no hash.
"""

import datetime

from visies import demo as visie_demo
from visies.models import Ambitie, Woonzorgvisie
from woonzorg.models import Woonvorm

from . import services
from .models import (
    Afspraak,
    AfspraakType,
    Domein,
    Jaardoel,
    Jaarschijf,
    Maatregel,
    Opgave,
    Overeenkomst,
    Partij,
)

TITEL = "Prestatieafspraken wonen, welzijn en zorg Gemeente A 2022–2025"
TOELICHTING = (
    "Gemeente A, de woningcorporaties en de huurdersorganisatie maken samen met het zorgkantoor, "
    "de welzijnsorganisatie en de zorgaanbieder afspraken over wonen, welzijn en zorg voor "
    "ouderen. De afspraken maken de ambities van de woonzorgvisie concreet: wie doet wat, hoeveel "
    "en wanneer."
)

ONDERTEKENAAR, MEDEONDERTEKENAAR = Partij.Rol.ONDERTEKENAAR, Partij.Rol.MEDEONDERTEKENAAR
PARTIJEN = (
    ("Gemeente A", ONDERTEKENAAR),
    ("Woningcorporatie X", ONDERTEKENAAR),
    ("Woningcorporatie Y", ONDERTEKENAAR),
    ("Huurdersorganisatie A", ONDERTEKENAAR),
    ("Zorgkantoor Regio A", MEDEONDERTEKENAAR),
    ("Welzijnsorganisatie A", MEDEONDERTEKENAAR),
    ("Zorgaanbieder A", MEDEONDERTEKENAAR),
)

# (demo user, functie): who has signed already.
HANDTEKENINGEN = (
    ("beleidsadviseur@gemeente-a.demo", "wethouder Wonen en Zorg"),
    ("partner@woningcorporatie-y.demo", "directeur-bestuurder"),
)
AANBIEDER = "beleidsadviseur@gemeente-a.demo"

OPGAVE_WOONVORMEN = "Woonvormen / geclusterde woningen (met ontmoetingsruimte)"
OPGAVE_SPREIDING = "Spreiding van het aanbod van diensten en faciliteiten over dorpen en wijken"

GECLUSTERD = "1.1"
ONTMOETING = "2.1"
EIND_2025 = datetime.date(2025, 12, 31)

AFSPRAKEN = (
    {
        "nummer": GECLUSTERD,
        "domein": Domein.WONEN,
        "type": AfspraakType.HANDELING,
        "opgave": OPGAVE_WOONVORMEN,
        "maatregel": "Realisatie x-aantal geclusterde woningen",
        "titel": "Ontwikkeling van geclusterde woonvormen",
        "tekst": (
            "We zetten in op de ontwikkeling van geclusterde woonvormen. In 2025 zijn er op 4 "
            "locaties in totaal 110 nieuwe geclusterde wooneenheden ontwikkeld, waarvan 80 in "
            "nieuwbouw en 30 in bestaande bouw, bijvoorbeeld door transformatie van leegstaande "
            "kantoorgebouwen en/of het toevoegen van ontmoetingsruimten aan bestaande "
            "appartementenflats met veel senioren."
        ),
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 110,
        "eenheid": "wooneenheden",
        "aantal_nieuwbouw": 80,
        "aantal_bestaande_bouw": 30,
        "deadline": EIND_2025,
        "ambitie": visie_demo.GECLUSTERD_TITEL,
        "doelstelling": True,
        "trekker": "Gemeente A",
        "betrokkenen": (
            "Woningcorporatie X",
            "Woningcorporatie Y",
            "Marktpartij Ontwikkeling",
            "Welzijnsorganisatie A",
        ),
    },
    {
        "nummer": "1.2",
        "domein": Domein.WONEN,
        "type": AfspraakType.PROCES,
        "titel": "Cyclus van overleg en afspraken",
        "tekst": (
            "De cyclus van overleg en afspraken is: 2x per jaar bestuurlijk overleg, 1x in de 2 "
            "jaar vernieuwen van de afspraken in een monitoringsgesprek, na 4 jaar evaluatie."
        ),
        "trekker": "Gemeente A",
        "betrokkenen": (
            "Woningcorporatie X",
            "Woningcorporatie Y",
            "Huurdersorganisatie A",
            "Zorgkantoor Regio A",
            "Welzijnsorganisatie A",
            "Zorgaanbieder A",
        ),
    },
    {
        "nummer": "1.3",
        "domein": Domein.WONEN,
        "type": AfspraakType.BESCHRIJVEND,
        "opgave": OPGAVE_WOONVORMEN,
        "titel": "Verzorgd wonen als richtinggevend concept",
        "tekst": (
            "Het concept verzorgd wonen hanteren we als richtinggevend concept voor wonen en zorg "
            "voor senioren."
        ),
        "ambitie": visie_demo.GECLUSTERD_TITEL,
        "trekker": "Gemeente A",
        "betrokkenen": ("Zorgaanbieder A", "Zorgkantoor Regio A"),
        # Neither a number nor a deadline yet: the list shows it as "nog niet SMART".
    },
    {
        "nummer": "1.4",
        "domein": Domein.WONEN,
        "type": AfspraakType.INTENTIE,
        "titel": "Transformatie van locatie x tot gemengd wonen",
        "tekst": (
            "Als locatie x vrijkomt, dan wordt het vastgoed getransformeerd tot een gemengd wonen "
            "locatie."
        ),
        "trekker": "Woningcorporatie X",
        "betrokkenen": ("Gemeente A",),
    },
    {
        "nummer": ONTMOETING,
        "domein": Domein.ZORG_WELZIJN,
        "type": AfspraakType.HANDELING,
        "opgave": OPGAVE_SPREIDING,
        "maatregel": "Afspraken over bewaken leefbaarheid en tegengaan eenzaamheid",
        "titel": "Activiteiten in de ontmoetingsruimten van de geclusterde woonvormen",
        "tekst": (
            "De gemeente subsidieert Welzijnsorganisatie A voor activiteiten in de "
            "ontmoetingsruimten van de geclusterde woonvormen uit afspraak 1.1. Vanaf de "
            "oplevering organiseert Welzijnsorganisatie A in elk van de 4 ontmoetingsruimten "
            "wekelijks activiteiten gericht op ontmoeting, ook voor senioren uit de buurt."
        ),
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 4,
        "eenheid": "ontmoetingsruimten",
        "deadline": EIND_2025,
        "ambitie": visie_demo.GECLUSTERD_TITEL,
        "trekker": "Welzijnsorganisatie A",
        "betrokkenen": ("Gemeente A", "Woningcorporatie X", "Woningcorporatie Y"),
        "verwijzingen": (GECLUSTERD,),
    },
)

# jaar: (toelichting, {afspraak nummer: (aantal, tekst)})
JAARSCHIJVEN = {
    2022: (
        "Het eerste cluster: Woningcorporatie X maakt in Wijk Y een bestaand complex geschikt.",
        {
            GECLUSTERD: (
                20,
                "Woningcorporatie X levert in Wijk Y 20 geclusterde woningen met een "
                "ontmoetingsruimte op in de bestaande bouw.",
            ),
        },
    ),
    2024: (
        "Twee bestaande flats van Woningcorporatie Y krijgen een ontmoetingsruimte.",
        {
            GECLUSTERD: (
                40,
                "Woningcorporatie Y maakt van 40 woningen in twee bestaande flats geclusterde "
                "woningen met een ontmoetingsruimte; locatie x is geschikt voor intensieve zorg "
                "via VPT.",
            ),
            ONTMOETING: (
                3,
                "Welzijnsorganisatie A start de activiteiten in de ontmoetingsruimten van de "
                "eerste drie locaties.",
            ),
        },
    ),
    2025: (
        "De nieuwbouw van de marktpartij op locatie y maakt de 110 vol.",
        {
            GECLUSTERD: (
                50,
                "Marktpartij Ontwikkeling levert 50 geclusterde woningen op in nieuwbouw op "
                "locatie y: de helft sociale huur, de helft middenhuur.",
            ),
            ONTMOETING: (
                4,
                "Welzijnsorganisatie A breidt de activiteiten uit naar de vierde locatie.",
            ),
        },
    ),
}


def load(core) -> str:
    gemeente = core.gemeente_a
    organisaties = core.organisaties
    visie = Woonzorgvisie.objects.get(gemeente=gemeente, titel=visie_demo.TITEL, versie=1)
    ambities = {a.titel: a for a in Ambitie.objects.filter(visie=visie)}
    woonvormen = {w.code: w for w in Woonvorm.objects.all()}
    opgaven = {o.naam: o for o in Opgave.objects.all()}

    overeenkomst, _ = Overeenkomst.objects.update_or_create(
        gemeente=gemeente,
        titel=TITEL,
        defaults={
            "soort": Overeenkomst.Soort.PRESTATIEAFSPRAKEN,
            "periode_start": 2022,
            "periode_eind": 2025,
            "visie": visie,
            "toelichting": TOELICHTING,
        },
    )
    for naam, rol in PARTIJEN:
        Partij.objects.update_or_create(
            overeenkomst=overeenkomst, organisatie=organisaties[naam], defaults={"rol": rol}
        )

    afspraken = {}
    for gegevens in AFSPRAKEN:
        velden = dict(gegevens)
        nummer = velden.pop("nummer")
        betrokkenen = velden.pop("betrokkenen", ())
        verwijzingen = velden.pop("verwijzingen", ())
        opgave = opgaven.get(velden.pop("opgave", None))
        maatregel = velden.pop("maatregel", None)
        ambitie = ambities.get(velden.pop("ambitie", None))
        met_doelstelling = velden.pop("doelstelling", False)
        velden["opgave"] = opgave
        velden["maatregel"] = (
            Maatregel.objects.get(opgave=opgave, tekst__startswith=maatregel) if maatregel else None
        )
        velden["ambitie"] = ambitie
        velden["doelstelling"] = ambitie.doelstellingen.first() if met_doelstelling else None
        velden["woonvorm"] = woonvormen.get(velden.pop("woonvorm", None))
        velden["trekker"] = organisaties[velden.pop("trekker")]
        afspraak, _ = Afspraak.objects.update_or_create(
            overeenkomst=overeenkomst, nummer=nummer, defaults=velden
        )
        afspraak.betrokkenen.set([organisaties[naam] for naam in betrokkenen])
        afspraken[nummer] = (afspraak, verwijzingen)
    for afspraak, verwijzingen in afspraken.values():
        afspraak.verwijzingen.set([afspraken[nummer][0] for nummer in verwijzingen])

    for jaar, (toelichting, doelen) in JAARSCHIJVEN.items():
        jaarschijf, _ = Jaarschijf.objects.update_or_create(
            overeenkomst=overeenkomst, jaar=jaar, defaults={"toelichting": toelichting}
        )
        for nummer, (aantal, tekst) in doelen.items():
            Jaardoel.objects.update_or_create(
                jaarschijf=jaarschijf,
                afspraak=afspraken[nummer][0],
                defaults={"aantal": aantal, "tekst": tekst},
            )

    aanbieder = core.users[AANBIEDER]
    if overeenkomst.status == Overeenkomst.Status.CONCEPT:
        services.ter_ondertekening(overeenkomst, door=aanbieder, mail=False)
        overeenkomst.refresh_from_db()
        for email, functie in HANDTEKENINGEN:
            services.onderteken(
                overeenkomst,
                door=core.users[email],
                gelezen_hash=overeenkomst.inhoud_hash,
                functie=functie,
            )
    else:
        # Loaded before: a changed demo text becomes a new versie, an unchanged one nothing.
        services.registreer_wijziging(overeenkomst, door=aanbieder, mail=False)
    overeenkomst.refresh_from_db()

    getekend = overeenkomst.ondertekeningen.filter(
        versie=overeenkomst.versie, vervallen=False
    ).count()
    return (
        f"1 overeenkomst, {len(afspraken)} afspraken, "
        f"{getekend} van {len(PARTIJEN)} partijen getekend"
    )
