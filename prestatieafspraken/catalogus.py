"""Overzicht 1 of the handreiking as plain data: per domein the opgaven, per opgave example
maatregelen ("niet uitputtend"). Loaded by a data migration, so it takes the models as arguments."""

CATALOGUS = (
    (
        "wonen",
        "Behoefte aan nultreden/levensloopbestendige woningen, zowel in de koop- als huursector",
        (
            "Realisatie x-aantal (betaalbare) nultreden/levensloopbestendige woningen in vijf jaar",
            "Realisatie x-aantal (betaalbare) woningen voor specifieke groepen in vijf jaar",
            "Budget en proces woningaanpassingen",
            "Afspraken over doorstromingsbeleid: inzet x-tal wooncoaches, "
            "bewustwordingscampagne, budget voor groot naar klein regeling, etc.",
        ),
    ),
    (
        "wonen",
        "Woonvormen / geclusterde woningen (met ontmoetingsruimte)",
        (
            "Realisatie x-aantal geclusterde woningen in de komende vijf jaar "
            "(x in nieuwbouw en x in bestaande bouw) en criteria waaraan de geclusterde "
            "woonvormen moeten voldoen (bijv. binnen 500 meter van een voorziening)",
            "Wijze waarop toewijzing geclusterde woningen plaatsvindt",
            "Afspraken over financiering ontmoetingsruimte",
            "Opstellen afwegingskader woonzorginitiatieven",
        ),
    ),
    (
        "wonen",
        "Vraag naar mantelzorgwoningen/-units",
        (
            "Aanpassing beleid mantelzorgwoningen zodat mensen met een progressieve ziekte "
            "hier ook gebruik van kunnen maken (pré-mantelzorgwoning)",
        ),
    ),
    (
        "wonen",
        "Een woonruimteverdeling die goed inspeelt op de specifieke huisvestingsvraag",
        ("Afspraken over voorrangsregelingen en gereserveerd woningcontingent",),
    ),
    (
        "wonen",
        "Faciliteren van burgerinitiatieven",
        (
            "Budget van x euro voor burgerinitiatieven",
            "Vaste wijze waarop burgerinitiatieven worden gefaciliteerd",
        ),
    ),
    (
        "zorg_welzijn",
        "Toenemende vraag naar zorg en ondersteuning bij het zo zelfstandig mogelijk blijven wonen",
        (
            "Bij de transformatie van complex x dient een minimum van 10 "
            "verpleegzorgplaatsen te worden gerealiseerd",
            "In wijk x en dorp y ontwikkelen we een woonzorgzone",
        ),
    ),
    (
        "zorg_welzijn",
        "Beschermd wonen / beschermd thuis, maatschappelijke opvang / veilige opvang",
        (
            "Aantal (nieuwe) locaties en plaatsen",
            "Toegang tot opvang",
            "Ontwikkelen integraal arrangement bij uitstroom",
        ),
    ),
    (
        "zorg_welzijn",
        "Vraag naar verpleegzorgplekken",
        (
            "Realisatie van x-aantal verpleegzorgplaatsen, waarvan x-aantal in de vorm van "
            "uitbreiding van verpleeghuizen X, Y en Z, en x-aantal via geclusterde woonvormen",
        ),
    ),
    (
        "zorg_welzijn",
        "Spreiding van het aanbod van diensten en faciliteiten over dorpen en wijken",
        (
            "Accommodatiebeleid of voorliggende voorzieningen in de wijk",
            "Rol van sociale wijkteams voor bewoners",
            "Afspraken over bewaken leefbaarheid en tegengaan eenzaamheid",
        ),
    ),
    (
        "zorg_welzijn",
        "Vroegsignalering en preventie",
        (
            "Integrale arrangementen om instroom in verblijf/opvang te voorkomen",
            "Samenwerkingsafspraken vroegsignalering",
            "Investeringen van x euro in (de aanleg van) domotica en stimuleren gebruik",
        ),
    ),
    (
        "fysieke_omgeving",
        "Toegankelijkheid",
        (
            "Toegankelijke looproutes (stoepen, oversteekplekken e.d.)",
            "Bankjes langs looproutes",
        ),
    ),
    (
        "fysieke_omgeving",
        "Bereikbaarheid",
        (
            "Aanwezigheid openbaar vervoer",
            "Rollator en scootmobielproof",
        ),
    ),
    (
        "fysieke_omgeving",
        "Nabijheid van voorzieningen",
        (
            "Haalbaarheidsonderzoek doen voor voorzieningen in wijk x",
            "Haltes openbaar vervoer binnen 250 tot 500 meter van woonzorgvoorzieningen "
            "realiseren (i.v.m. actieradius van iemand met een rollator)",
        ),
    ),
    (
        "fysieke_omgeving",
        "Kwaliteit leefomgeving: (sociale) veiligheid, hittestress, geluid, luchtkwaliteit",
        (
            "Samenwerkingsafspraken in geval van overlast",
            "Inrichting van (koele) rustplekken",
            "Inrichting impulsarme plekken",
            "Aanbrengen verlichting op specifieke locaties",
        ),
    ),
    (
        "fysieke_omgeving",
        "Beweegvriendelijke leefomgeving en ontmoeting (binnen ruimtelijke ordening)",
        (
            "Brede stoepen die uitnodigen tot wandelen",
            "Inrichten x beweegtuinen",
            "Inrichten x ontmoetingsplekken (formeel en informeel)",
        ),
    ),
)


def laad(Opgave, Maatregel) -> None:
    """Create or update the catalogue; running it again changes nothing.

    Takes the model classes so the data migration can pass its historical models.
    """
    for volgorde, (domein, naam, maatregelen) in enumerate(CATALOGUS, start=1):
        opgave, _ = Opgave.objects.update_or_create(
            naam=naam, defaults={"domein": domein, "volgorde": volgorde}
        )
        for positie, tekst in enumerate(maatregelen, start=1):
            Maatregel.objects.update_or_create(
                opgave=opgave, tekst=tekst, defaults={"volgorde": positie}
            )
