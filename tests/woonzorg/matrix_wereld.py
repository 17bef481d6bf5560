"""The world the permission matrix (test_permission_matrix.py) asks its questions in.

Gemeente A with one user per role, and one object of every kind a URL names by its pk. The
partner user works for Woningcorporatie X, which is involved in every partner-scoped object:
party to the overeenkomsten, trekker of the afspraak and the activiteit, eigenaar of the
indicator, indiener of the initiatief. Zorgaanbieder Y works in Gemeente A too, but has nothing
to do with any of it. Gemeente B has its own beleidsadviseur.

Built once per test module (in a transaction rolled back at the end), so it is plain data:
nothing here asks a question of the application.
"""

import types
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django_otp.plugins.otp_totp.models import TOTPDevice

from analyses.models import Huishoudens
from borging.models import Jaarschijfrapport
from prestatieafspraken.models import Overeenkomst
from tests.analyses.factories import (
    BehoeftenormFactory,
    BevindingFactory,
    BevolkingscijferFactory,
    VoorraadFactory,
    WoonzorganalyseFactory,
)
from tests.borging.factories import (
    EvaluatieFactory,
    IndicatorFactory,
    JaarschijfrapportFactory,
    MetingFactory,
    StreefwaardeFactory,
)
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
    VoortgangFactory,
)
from tests.visies.factories import (
    AfwegingscriteriumFactory,
    AmbitieFactory,
    BeoordelingFactory,
    DoelstellingFactory,
    InitiatiefFactory,
    WoonzorgvisieFactory,
)
from tests.woonzorg.factories import (
    GebiedFactory,
    GemeenteFactory,
    OrganisatieFactory,
    RegioFactory,
    SuperuserFactory,
    gebruiker_met_rol,
)
from woonzorg.models import Organisatie, Rol


def bouw_wereld():
    """Everything, as a namespace: `users` by role (the matrix's ROLLEN but anoniem), and each
    object under the name the matrix uses for it (OBJECT_PER_PAD, Pagina.object)."""
    regio = RegioFactory(naam="Regio Matrix")
    gemeente = GemeenteFactory(naam="Gemeente A", cbs_code="GM0001", regio=regio)
    andere = GemeenteFactory(naam="Gemeente B", cbs_code="GM0002", regio=regio)
    gemeente_organisatie = OrganisatieFactory(
        naam="Gemeente A (organisatie)", soort=Organisatie.Soort.GEMEENTE, werkgebied=[gemeente]
    )
    andere_organisatie = OrganisatieFactory(
        naam="Gemeente B (organisatie)", soort=Organisatie.Soort.GEMEENTE, werkgebied=[andere]
    )
    corporatie = OrganisatieFactory(naam="Woningcorporatie X", werkgebied=[gemeente])
    zorgaanbieder = OrganisatieFactory(
        naam="Zorgaanbieder Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[gemeente]
    )

    users = {
        "lezer": gebruiker_met_rol(Rol.Soort.LEZER, gemeente, gemeente_organisatie, "lezer@a.test"),
        "partner": gebruiker_met_rol(Rol.Soort.PARTNER, gemeente, corporatie, "partner@x.test"),
        "vreemde_partner": gebruiker_met_rol(
            Rol.Soort.PARTNER, gemeente, zorgaanbieder, "partner@y.test"
        ),
        "andere_gemeente": gebruiker_met_rol(
            Rol.Soort.BELEIDSADVISEUR, andere, andere_organisatie, "ba@b.test"
        ),
        "beleidsadviseur": gebruiker_met_rol(
            Rol.Soort.BELEIDSADVISEUR, gemeente, gemeente_organisatie, "ba@a.test"
        ),
        "programmaleider": gebruiker_met_rol(
            Rol.Soort.PROGRAMMALEIDER, gemeente, gemeente_organisatie, "pl@a.test"
        ),
        "beheerder": SuperuserFactory(email="beheerder@woonzorg.test"),
    }

    # Phase 1: the analyse is common ground for every partner.
    gebied = GebiedFactory(gemeente=gemeente, naam="Wijk Noord")
    analyse = WoonzorganalyseFactory(gemeente=gemeente, titel="Analyse 2024")
    bevinding = BevindingFactory(analyse=analyse, titel="23% van de 65-plussers wil verhuizen")
    BehoeftenormFactory(analyse=analyse)
    BevolkingscijferFactory(gebied=gebied)
    VoorraadFactory(gebied=gebied)

    # Phase 2: a concept visie (content still editable), with the corporatie's initiatief.
    visie = WoonzorgvisieFactory(gemeente=gemeente, analyse=analyse)
    visie.partners.set([corporatie])
    ambitie = AmbitieFactory(visie=visie, titel="Langer thuis")
    ambitie.bevindingen.set([bevinding])
    doelstelling = DoelstellingFactory(ambitie=ambitie)
    criterium = AfwegingscriteriumFactory(visie=visie, weging=3)
    initiatief = InitiatiefFactory(visie=visie, organisatie=corporatie, titel="Eigen initiatief")
    BeoordelingFactory(initiatief=initiatief, criterium=criterium)
    # Nothing refers to this one, so deleting it (or its ambitie) is a question of rights only.
    losse_visie = WoonzorgvisieFactory(gemeente=gemeente, titel="Een tweede concept")
    losse_ambitie = AmbitieFactory(visie=losse_visie, titel="Innovatie")

    # Phase 3: a concept overeenkomst the corporatie is party to, and one out for signature.
    overeenkomst = OvereenkomstFactory(gemeente=gemeente, titel="Prestatieafspraken", visie=visie)
    PartijFactory(overeenkomst=overeenkomst, organisatie=corporatie)
    afspraak = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="1.1",
        titel="Geclusterde woningen",
        trekker=corporatie,
        ambitie=ambitie,
        aantal=110,
        eenheid="woningen",
    )
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    JaardoelFactory(jaarschijf=jaarschijf, afspraak=afspraak)
    ter_ondertekening = OvereenkomstFactory(
        gemeente=gemeente,
        titel="Pact wonen en zorg",
        status=Overeenkomst.Status.TER_ONDERTEKENING,
    )
    PartijFactory(overeenkomst=ter_ondertekening, organisatie=corporatie)
    AfspraakFactory(overeenkomst=ter_ondertekening, nummer="1.1", trekker=corporatie)
    huurders = OrganisatieFactory(
        naam="Huurdersvereniging",
        soort=Organisatie.Soort.HUURDERSORGANISATIE,
        werkgebied=[gemeente],
    )
    PartijFactory(overeenkomst=ter_ondertekening, organisatie=huurders)
    OndertekeningFactory(overeenkomst=ter_ondertekening, organisatie=huurders)

    # Phase 4: a programma with the corporatie's activiteit, and an empty one to delete.
    programma = UitvoeringsprogrammaFactory(gemeente=gemeente, titel="Programma 2022-2025")
    activiteit = ActiviteitFactory(
        programma=programma, afspraak=afspraak, trekker=corporatie, titel="Locatie Noord"
    )
    BegrotingspostFactory(activiteit=activiteit)
    VoortgangFactory(activiteit=activiteit, door=users["partner"])
    leeg_programma = UitvoeringsprogrammaFactory(gemeente=gemeente, titel="Leeg programma")

    # Phase 5: the corporatie's indicator, an evaluatie and a finished jaarschijfrapport.
    indicator = IndicatorFactory(
        gemeente=gemeente,
        naam="Geclusterde woningen opgeleverd",
        eigenaar=corporatie,
        afspraak=afspraak,
        activiteit=activiteit,
    )
    StreefwaardeFactory(indicator=indicator, jaar=2025, waarde=Decimal(110))
    MetingFactory(
        indicator=indicator, jaar=2024, waarde=Decimal(40), ingevoerd_door=users["partner"]
    )
    evaluatie = EvaluatieFactory(gemeente=gemeente, jaar=2024)
    evaluatie.afspraken.add(afspraak)
    rapport = JaarschijfrapportFactory(
        gemeente=gemeente, jaar=2024, aangevraagd_door=users["programmaleider"]
    )
    rapport.bestand.save("rapport.pdf", ContentFile(b"%PDF-1.7 matrix"), save=False)
    rapport.status = Jaarschijfrapport.Status.KLAAR
    rapport.save()

    # So that every model in the admin has a row to open.
    Group.objects.create(name="Redactie")
    Huishoudens.objects.create(gebied=gebied, jaar=2024, totaal=3000)
    poging = {
        "username": "iemand@elders.test",
        "ip_address": "192.0.2.1",
        "user_agent": "matrix",
        "http_accept": "text/html",
        "path_info": "/account/login/",
    }
    AccessAttempt.objects.create(**poging, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**poging)
    AccessFailureLog.objects.create(**poging)
    # The lezer turned on two-step login (and comes in verified, see tests/conftest.py).
    TOTPDevice.objects.create(user=users["lezer"], name="Authenticator-app")

    return types.SimpleNamespace(
        gemeente=gemeente,
        andere_gemeente=andere,
        corporatie=corporatie,
        zorgaanbieder=zorgaanbieder,
        users=users,
        analyse=analyse,
        bevinding=bevinding,
        visie=visie,
        ambitie=ambitie,
        losse_visie=losse_visie,
        losse_ambitie=losse_ambitie,
        doelstelling=doelstelling,
        initiatief=initiatief,
        overeenkomst=overeenkomst,
        ter_ondertekening=ter_ondertekening,
        afspraak=afspraak,
        jaarschijf=jaarschijf,
        programma=programma,
        leeg_programma=leeg_programma,
        activiteit=activiteit,
        indicator=indicator,
        evaluatie=evaluatie,
        rapport=rapport,
    )
