"""The analyse of the handreiking's worked example "Gemeente A", for `manage.py load_demo`.

The figures are fictitious but shaped like the real ones: four wijken of 6,000–9,000 inhabitants,
Wijk Y the oldest, 75-plussers growing about 3.5% a year and 85-plussers about 5%. The norms are
chosen so that the 110 geclusterde woningen the example agrees on show up as the gap of 2025
(vraag 164.8 against 56 in the voorraad: a tekort of 108.8) and verpleegzorgplekken fall short
from 2030.

Idempotent: every row is keyed on its natural key, so loading it again changes no counts.
"""

from decimal import ROUND_HALF_UP, Decimal

from woonzorg.models import Doelgroep, Woonvorm

from .models import (
    Behoeftenorm,
    Bevinding,
    Bevolkingscijfer,
    Huishoudens,
    Leeftijdsklasse,
    Voorraad,
    Woonzorganalyse,
)

TITEL = "Woonzorganalyse Gemeente A 2024"
PEILJAAR = 2024
PROGNOSE_JAREN = range(2025, 2036)

SAMENVATTING = (
    "Gemeente A vergrijst snel: het aantal 75-plussers groeit van bijna 3.200 in 2024 naar ruim "
    "3.900 in 2030, het aantal 85-plussers groeit nog sneller. 23% van de 65-plussers wil "
    "verhuizen naar een geschikte woning waar ontmoeting mogelijk is en op termijn zorg kan "
    "worden geboden, maar er zijn nu maar 56 geclusterde woningen: het tekort is in 2025 "
    "ongeveer 110 en loopt op tot 140 in 2030. Wijk Y is de oudste wijk, en vanaf 2030 zijn er "
    "in de gemeente ook te weinig verpleegzorgplekken."
)
AANDEEL_75PLUS = Decimal("0.250")
AANDEEL_75PLUS_BRON = "CBS StatLine, bevolking 1 januari 2024 (fictief voorbeeld)"

BRON_CBS = "CBS Kerncijfers wijken en buurten 2024 (fictief voorbeeld)"
BRON_PROGNOSE = "Prognose gemeente A (fictief)"
BRON_VOORRAAD = "Woningregistratie gemeente A en zorgkantoor, 1 januari 2024 (fictief)"
BRON_NORM = "Eigen norm gemeente A op basis van woonwensenonderzoek 2023 (fictief)"

K = Leeftijdsklasse
# Inhabitants on 1 January 2024 per age band. Wijk Y: 28% 65+, 14.6% 75+.
KLASSEN = (K.TOTAAL, K.K65_PLUS, K.K75_PLUS, K.K85_PLUS)
BEVOLKING = {
    "WK900101": (7_850, 1_650, 780, 210),  # Centrum
    "WK900102": (6_420, 1_800, 940, 260),  # Wijk Y
    "WK900103": (8_900, 1_690, 760, 190),  # Noord
    "WK900104": (7_230, 1_450, 700, 170),  # Zuid
}
# Yearly growth of the forecast bands; one rate per band keeps the example easy to follow.
GROEI = {K.K65_PLUS: Decimal("0.018"), K.K75_PLUS: Decimal("0.035"), K.K85_PLUS: Decimal("0.05")}

# Households in 2024: (totaal, eenpersoons).
HUISHOUDENS = {
    "WK900101": (4_010, 2_010),
    "WK900102": (3_150, 1_290),
    "WK900103": (3_870, 1_120),
    "WK900104": (3_290, 1_080),
}

# Supply in 2024 per woonvorm code and wijk. Every wijk has a row (0 included): a missing
# count would make the gemeente's total supply unknown.
VOORRAAD = {
    "nultredenwoning": {"WK900101": 320, "WK900102": 250, "WK900103": 230, "WK900104": 180},
    "geclusterde-woonvorm": {"WK900101": 24, "WK900102": 20, "WK900103": 0, "WK900104": 12},
    "verpleegzorgplek": {"WK900101": 80, "WK900102": 60, "WK900103": 0, "WK900104": 0},
}

# (woonvorm code, leeftijdsklasse, per 1.000 inwoners of that band)
NORMEN = (
    ("nultredenwoning", K.K75_PLUS, Decimal(330)),
    ("geclusterde-woonvorm", K.K75_PLUS, Decimal(50)),
    ("verpleegzorgplek", K.K85_PLUS, Decimal(130)),
)

BEVINDINGEN = (
    {
        "titel": (
            "23% van de 65-plussers wil verhuizen naar een geschikte woning waar ontmoeting "
            "mogelijk is"
        ),
        "tekst": (
            "23% van de 65-plussers in gemeente A heeft aangegeven te willen verhuizen naar een "
            "geschikte woning waar ontmoeting mogelijk is en (op termijn) ook zorg kan worden "
            "geboden."
        ),
        "doelgroep": "ouderen",
        "woonvorm": "geclusterde-woonvorm",
        "waarde": Decimal(23),
        "eenheid": "%",
        "bron": "Woonwensenonderzoek gemeente A 2023",
    },
    {
        "titel": "Wijk Y heeft het hoogste aandeel 75-plussers",
        "tekst": (
            "In Wijk Y is 14,6% van de inwoners 75 jaar of ouder, tegen 10,5% gemiddeld in de "
            "gemeente; 28% is 65-plusser. Hier is de vraag naar geschikte en geclusterde "
            "woningen het eerst en het grootst."
        ),
        "doelgroep": "ouderen",
        "gebied": "WK900102",
        "waarde": Decimal("14.6"),
        "eenheid": "%",
        "bron": BRON_CBS,
    },
    {
        "titel": "Vanaf 2030 te weinig verpleegzorgplekken: in 2035 een tekort van 45",
        "tekst": (
            "Het aantal 85-plussers groeit van 830 in 2024 naar ruim 1.400 in 2035. Met 130 "
            "plekken per 1.000 85-plussers zijn de 140 verpleegzorgplekken tot en met 2029 "
            "voldoende; daarna groeit het tekort tot ongeveer 45 plekken in 2035."
        ),
        "doelgroep": "ouderen",
        "woonvorm": "verpleegzorgplek",
        "waarde": Decimal(45),
        "eenheid": "plekken",
        "bron": "Behoefteraming in deze woonzorganalyse",
    },
)


def prognose(aantal: int, groei: Decimal, jaren: int) -> int:
    return int((aantal * (1 + groei) ** jaren).quantize(Decimal(1), ROUND_HALF_UP))


def load(core) -> str:
    gemeente = core.gemeente_a
    analyse, _ = Woonzorganalyse.objects.update_or_create(
        gemeente=gemeente,
        titel=TITEL,
        defaults={
            "peiljaar": PEILJAAR,
            "status": Woonzorganalyse.Status.VASTGESTELD,
            "samenvatting": SAMENVATTING,
            "aandeel_75plus": AANDEEL_75PLUS,
            "aandeel_75plus_bron": AANDEEL_75PLUS_BRON,
        },
    )
    woonvormen = Woonvorm.objects.in_bulk(
        [*VOORRAAD, *(c for c, _, _ in NORMEN)], field_name="code"
    )
    doelgroepen = Doelgroep.objects.in_bulk(
        [b["doelgroep"] for b in BEVINDINGEN if "doelgroep" in b], field_name="code"
    )

    cijfers = 0
    for code, aantallen in BEVOLKING.items():
        gemeten = dict(zip(KLASSEN, aantallen, strict=True))
        rijen = [(PEILJAAR, klasse, aantal, False, BRON_CBS) for klasse, aantal in gemeten.items()]
        rijen += [
            (jaar, klasse, prognose(gemeten[klasse], groei, jaar - PEILJAAR), True, BRON_PROGNOSE)
            for jaar in PROGNOSE_JAREN
            for klasse, groei in GROEI.items()
        ]
        for jaar, klasse, aantal, is_prognose, bron in rijen:
            Bevolkingscijfer.objects.update_or_create(
                gebied=core.gebieden[code],
                jaar=jaar,
                leeftijdsklasse=klasse,
                defaults={"aantal": aantal, "prognose": is_prognose, "bron": bron},
            )
        cijfers += len(rijen)

    for code, (totaal, eenpersoons) in HUISHOUDENS.items():
        Huishoudens.objects.update_or_create(
            gebied=core.gebieden[code],
            jaar=PEILJAAR,
            defaults={"totaal": totaal, "eenpersoons": eenpersoons, "bron": BRON_CBS},
        )

    voorraad = 0
    for woonvorm_code, per_wijk in VOORRAAD.items():
        for code, aantal in per_wijk.items():
            Voorraad.objects.update_or_create(
                gebied=core.gebieden[code],
                woonvorm=woonvormen[woonvorm_code],
                jaar=PEILJAAR,
                defaults={"aantal": aantal, "bron": BRON_VOORRAAD},
            )
            voorraad += 1

    for woonvorm_code, klasse, per_1000 in NORMEN:
        Behoeftenorm.objects.update_or_create(
            analyse=analyse,
            woonvorm=woonvormen[woonvorm_code],
            leeftijdsklasse=klasse,
            defaults={"per_1000": per_1000, "bron": BRON_NORM},
        )

    for bevinding in BEVINDINGEN:
        velden = dict(bevinding)
        titel = velden.pop("titel")
        velden["doelgroep"] = doelgroepen.get(velden.pop("doelgroep", None))
        velden["woonvorm"] = woonvormen.get(velden.pop("woonvorm", None))
        velden["gebied"] = core.gebieden.get(velden.pop("gebied", None))
        Bevinding.objects.update_or_create(analyse=analyse, titel=titel, defaults=velden)

    return (
        f"{analyse.titel}: {cijfers} bevolkingscijfers, {len(HUISHOUDENS)} huishoudcijfers, "
        f"{voorraad} voorraadcijfers, {len(NORMEN)} behoeftenormen, "
        f"{len(BEVINDINGEN)} bevindingen"
    )
