"""The uitvoeringsprogramma of the handreiking's worked example "Gemeente A", for `manage.py
load_demo`.

It carries out the demo afspraken (prestatieafspraken.demo): afspraak 1.1, the 110 geclusterde
wooneenheden (80 nieuwbouw, 30 bestaande bouw), and 2.1, the activities in the
ontmoetingsruimten. As in the example:
- Gemeente A subsidises Welzijnsorganisatie A for the activities in the ontmoetingsruimten;
- Woningcorporatie X delivers 20 geclusterde woningen in bestaande bouw in Wijk Y in 2022;
- Woningcorporatie Y makes two clusters of 20 in existing flats, one at locatie x suited for VPT;
- Marktpartij Ontwikkeling builds 50 new geclusterde woningen at locatie y, half sociale huur and
  half middenhuur.
So 110 of 110 is planned, yet nieuwbouw has 50 of 80 and bestaande bouw 60 of 30: the dekking
must show it. The marktpartij missed its end date (31 December 2025) and is still building, so the
planning shows one activiteit te laat; one post has no financier yet and one is only expected.

Progress is reported through services.meld_voortgang, by the demo partners of X and Y and by the
programmaleider for the others, so the history and the audit log are those of real reports.

Idempotent: every row is keyed on its natural key, and the reports are made only for an
activiteit that has none yet, so loading it again changes no counts.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from prestatieafspraken import demo as afspraken_demo
from prestatieafspraken.models import Afspraak, Bouwsoort, Overeenkomst
from woonzorg.models import Woonvorm

from . import services
from .models import Activiteit, Begrotingspost, Uitvoeringsprogramma

TITEL = "Uitvoeringsprogramma wonen en zorg Gemeente A 2022–2025"
TOELICHTING = (
    "Het uitvoeringsprogramma maakt de prestatieafspraken wonen, welzijn en zorg concreet: wie "
    "doet wat, wanneer en met welk budget. De programmaleider bespreekt de voortgang twee keer "
    "per jaar in het bestuurlijk overleg."
)
PROGRAMMALEIDER = "programmaleider@gemeente-a.demo"
PARTNER_X = "partner@woningcorporatie-x.demo"
PARTNER_Y = "partner@woningcorporatie-y.demo"

S = Activiteit.Status
TOEGEZEGD, VERWACHT = Begrotingspost.Zekerheid.TOEGEZEGD, Begrotingspost.Zekerheid.VERWACHT
D = datetime.date

LOCATIE_X = "Locatie x, flat aan de Schoolstraat"
LOCATIE_Y = "Locatie y, voormalig sportpark"

# Each activiteit: its fields, betrokkenen, begrotingsposten (jaar, bedrag, financier,
# zekerheid, omschrijving) and voortgang reports (door, datum, status, gerealiseerd, toelichting).
ACTIVITEITEN = (
    {
        "titel": "Activiteiten in de ontmoetingsruimten",
        "afspraak": afspraken_demo.ONTMOETING,
        "omschrijving": (
            "Gemeente A subsidieert Welzijnsorganisatie A voor activiteiten in de "
            "ontmoetingsruimten van de geclusterde woonvormen: elke week ontmoeting, ook voor "
            "senioren uit de buurt."
        ),
        "trekker": "Welzijnsorganisatie A",
        "betrokkenen": ("Gemeente A", "Woningcorporatie X", "Woningcorporatie Y"),
        "locatie": "De ontmoetingsruimten van de geclusterde woonvormen",
        "aantal": 4,  # ontmoetingsruimten, the afspraak's eenheid
        "start": D(2023, 1, 1),
        "eind": D(2025, 12, 31),
        "begroting": (
            (2023, "45000.00", "Gemeente A", TOEGEZEGD, "Subsidie welzijnsactiviteiten 2023"),
            (2024, "45000.00", "Gemeente A", TOEGEZEGD, "Subsidie welzijnsactiviteiten 2024"),
            (2025, "45000.00", "Gemeente A", TOEGEZEGD, "Subsidie welzijnsactiviteiten 2025"),
        ),
        "voortgang": (
            (
                PROGRAMMALEIDER,
                D(2024, 6, 28),
                S.IN_UITVOERING,
                None,
                "In drie ontmoetingsruimten zijn er wekelijks activiteiten.",
            ),
            (
                PROGRAMMALEIDER,
                D(2025, 12, 19),
                S.GEREED,
                None,
                "De subsidieperiode is afgerond; de vierde ruimte volgt met de nieuwbouw.",
            ),
        ),
    },
    {
        "titel": "20 geclusterde woningen met ontmoetingsruimte in Wijk Y",
        "afspraak": afspraken_demo.GECLUSTERD,
        "omschrijving": (
            "Woningcorporatie X maakt van een bestaande seniorenflat in Wijk Y 20 geclusterde "
            "woningen en voegt een ontmoetingsruimte toe."
        ),
        "trekker": "Woningcorporatie X",
        "betrokkenen": ("Gemeente A", "Welzijnsorganisatie A"),
        "gebied": "WK900102",
        "locatie": "Seniorenflat Wijk Y",
        "start": D(2022, 2, 1),
        "eind": D(2022, 12, 31),
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 20,
        "bouwsoort": Bouwsoort.BESTAANDE_BOUW,
        "begroting": (
            (2022, "1200000.00", "Woningcorporatie X", TOEGEZEGD, "Aanpassing van het complex"),
            (2022, "60000.00", "Gemeente A", TOEGEZEGD, "Inrichting van de ontmoetingsruimte"),
        ),
        "voortgang": (
            (
                PARTNER_X,
                D(2022, 12, 20),
                S.GEREED,
                20,
                "Opgeleverd: 20 woningen en de ontmoetingsruimte.",
            ),
        ),
    },
    {
        "titel": "Cluster van 20 woningen op locatie x, geschikt voor VPT",
        "afspraak": afspraken_demo.GECLUSTERD,
        "omschrijving": (
            "Woningcorporatie Y voegt een ontmoetingsruimte toe aan een bestaande flat met veel "
            "senioren. De locatie is geschikt voor intensieve zorg thuis via een volledig pakket "
            "thuis (VPT); Zorgaanbieder A levert die zorg met het zorgkantoor."
        ),
        "trekker": "Woningcorporatie Y",
        "betrokkenen": ("Zorgaanbieder A", "Zorgkantoor Regio A", "Welzijnsorganisatie A"),
        "gebied": "WK900101",
        "locatie": LOCATIE_X,
        "start": D(2024, 1, 15),
        # Re-planned: the flat is renovated while its tenants stay, which takes longer.
        "eind": D(2026, 12, 31),
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 20,
        "bouwsoort": Bouwsoort.BESTAANDE_BOUW,
        "begroting": (
            (2024, "900000.00", "Woningcorporatie Y", TOEGEZEGD, "Renovatie en ontmoetingsruimte"),
            (2025, "75000.00", "Zorgkantoor Regio A", VERWACHT, "Zorginfrastructuur voor VPT"),
        ),
        "voortgang": (
            (
                PARTNER_Y,
                D(2025, 11, 14),
                S.IN_UITVOERING,
                12,
                "12 van de 20 woningen zijn klaar; de ontmoetingsruimte volgt eind 2026.",
            ),
        ),
    },
    {
        "titel": "Cluster van 20 woningen in een bestaande flat in Noord",
        "afspraak": afspraken_demo.GECLUSTERD,
        "omschrijving": (
            "Woningcorporatie Y maakt van 20 woningen in een bestaande flat met veel senioren "
            "geclusterde woningen met een ontmoetingsruimte."
        ),
        "trekker": "Woningcorporatie Y",
        "betrokkenen": ("Welzijnsorganisatie A",),
        "gebied": "WK900103",
        "locatie": "Flat Noorderpark",
        "start": D(2023, 3, 1),
        "eind": D(2024, 6, 30),
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 20,
        "bouwsoort": Bouwsoort.BESTAANDE_BOUW,
        "begroting": (
            (2023, "850000.00", "Woningcorporatie Y", TOEGEZEGD, "Aanpassing van de flat"),
        ),
        "voortgang": (
            (PARTNER_Y, D(2023, 10, 2), S.IN_UITVOERING, 8, "De eerste 8 woningen zijn klaar."),
            (PARTNER_Y, D(2024, 6, 28), S.GEREED, 20, "Opgeleverd, met de ontmoetingsruimte."),
        ),
    },
    {
        "titel": "50 nieuwe geclusterde woningen op locatie y",
        "afspraak": afspraken_demo.GECLUSTERD,
        "omschrijving": (
            "Marktpartij Ontwikkeling bouwt 50 nieuwe geclusterde woningen met een "
            "ontmoetingsruimte: de helft sociale huur (25), de helft middenhuur (25)."
        ),
        "trekker": "Marktpartij Ontwikkeling",
        "betrokkenen": ("Gemeente A", "Zorgaanbieder A", "Welzijnsorganisatie A"),
        "gebied": "WK900104",
        "locatie": LOCATIE_Y,
        "start": D(2023, 9, 1),
        "eind": D(2025, 12, 31),
        "woonvorm": "geclusterde-woonvorm",
        "aantal": 50,
        "bouwsoort": Bouwsoort.NIEUWBOUW,
        "begroting": (
            (2024, "2500000.00", "Marktpartij Ontwikkeling", TOEGEZEGD, "Bouw, eerste fase"),
            (2025, "3000000.00", "Marktpartij Ontwikkeling", TOEGEZEGD, "Bouw, tweede fase"),
            (2025, "150000.00", None, VERWACHT, "Ontmoetingsruimte: financiering nog niet rond"),
        ),
        "voortgang": (
            (
                PROGRAMMALEIDER,
                D(2025, 6, 30),
                S.IN_UITVOERING,
                None,
                "De ruwbouw is klaar; de oplevering schuift naar 2026.",
            ),
        ),
    },
)


def load(core) -> str:
    gemeente = core.gemeente_a
    organisaties = core.organisaties
    overeenkomst = Overeenkomst.objects.get(gemeente=gemeente, titel=afspraken_demo.TITEL)
    afspraken = {a.nummer: a for a in Afspraak.objects.filter(overeenkomst=overeenkomst)}
    woonvormen = {w.code: w for w in Woonvorm.objects.all()}

    programma, _ = Uitvoeringsprogramma.objects.update_or_create(
        gemeente=gemeente,
        titel=TITEL,
        defaults={
            "periode_start": 2022,
            "periode_eind": 2025,
            "programmaleider": core.users[PROGRAMMALEIDER],
            "status": Uitvoeringsprogramma.Status.VASTGESTELD,
            "toelichting": TOELICHTING,
        },
    )

    for gegevens in ACTIVITEITEN:
        velden = dict(gegevens)
        titel = velden.pop("titel")
        betrokkenen = velden.pop("betrokkenen")
        begroting = velden.pop("begroting")
        voortgang = velden.pop("voortgang")
        velden["afspraak"] = afspraken[velden["afspraak"]]
        velden["trekker"] = organisaties[velden["trekker"]]
        velden["gebied"] = core.gebieden.get(velden.pop("gebied", None))
        velden["woonvorm"] = woonvormen.get(velden.pop("woonvorm", None))
        # The status is the reports' (meld_voortgang), not reset by a later load.
        activiteit, _ = Activiteit.objects.update_or_create(
            programma=programma, titel=titel, defaults=velden
        )
        activiteit.full_clean()
        activiteit.betrokkenen.set([organisaties[naam] for naam in betrokkenen])

        for jaar, bedrag, financier, zekerheid, omschrijving in begroting:
            Begrotingspost.objects.update_or_create(
                activiteit=activiteit,
                jaar=jaar,
                omschrijving=omschrijving,
                defaults={
                    "bedrag": Decimal(bedrag),
                    "financier": organisaties[financier] if financier else None,
                    "zekerheid": zekerheid,
                },
            )

        if not activiteit.voortgang.exists():
            for email, datum, status, gerealiseerd, toelichting in voortgang:
                services.meld_voortgang(
                    activiteit,
                    door=core.users[email],
                    status=status,
                    gerealiseerd_aantal=gerealiseerd,
                    toelichting=toelichting,
                    datum=datum,
                )

    activiteiten = list(Activiteit.objects.filter(programma=programma))
    vandaag = timezone.localdate()
    te_laat = sum(a.is_te_laat(vandaag) for a in activiteiten)
    return f"1 uitvoeringsprogramma, {len(activiteiten)} activiteiten, {te_laat} te laat"
