"""The key pages make as many queries for a large gemeente as for a small one, and at most 24.

Issue 11 names eight key pages. Five are measured here; the others already were, at two sizes,
with equal counts and a bound below 24:

- prestatieafspraken:afspraken, beleidsadviseur and partner:
  tests/prestatieafspraken/test_queries_pagina.py (1 and 10 of everything, at most 22);
- uitvoering:activiteiten, beleidsadviseur and partner: tests/uitvoering/test_queries_lijsten.py
  (1 and 10, at most 16); the dekking of a programma's afspraken is on its overview,
  tests/uitvoering/test_queries_overzicht.py (at most 12);
- borging:index (monitoring), beleidsadviseur and partner: tests/borging/test_queries.py (3 and
  12, at most 16).

Measured here, because the existing tests leave something out:

- the dashboard and the ketencheck, beleidsadviseur: test_ketencheck.py measures them for a
  programmaleider, without a bound, and its larger chain grows no partners, gebieden or figures;
- borging:keten, beleidsadviseur and partner: tests/borging/test_keten.py grows the afspraken of
  one agreement, not the agreements, the bevindingen or the indicatoren of another party's
  activiteit;
- analyses:detail (the behoefteraming), beleidsadviseur: tests/analyses/test_views.py grows the
  gebieden but keeps two norms, so the woonvormen the raming loops over stay the same;
- "Mijn taken" (/taken/), partner: tests/woonzorg/test_taken.py measures the phases' functions,
  not the page, for a partner in one gemeente.

The dashboard asks every phase for its numbers and its part of the ketencheck; the reads they
share (the visie, the agreements, the afspraken, the indicatoren …) are made once per page
(woonzorg.lezing), which keeps it within the bound.

Each page is measured with 2 of everything, then again with 6: wijken and buurten with
bevolkingscijfers and voorraad, norms for as many woonvormen, bevindingen, ambities with
doelstellingen, agreements with parties and signatures, afspraken, activiteiten with
begrotingsposten, voortgang and betrokkenen, indicatoren with streefwaarden and metingen, partner
organisaties, a gap of every kind the ketencheck reports, and the partner's agreements,
activiteiten and indicatoren in a second gemeente.
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analyses.models import Woonzorganalyse
from prestatieafspraken.models import Bouwsoort, Overeenkomst
from tests.analyses.factories import (
    BehoeftenormFactory,
    BevindingFactory,
    BevolkingscijferFactory,
    VoorraadFactory,
    WoonzorganalyseFactory,
)
from tests.borging.factories import IndicatorFactory, MetingFactory, StreefwaardeFactory
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
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
from tests.visies.factories import AmbitieFactory, DoelstellingFactory, WoonzorgvisieFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory, RolFactory, UserFactory
from uitvoering.models import Activiteit, Begrotingspost
from visies import services as visie_services
from visies.models import Onderbouwing
from woonzorg.models import Doelgroep, Gebied, Organisatie, Rol, Woonvorm

MAXIMUM = 24  # queries per page, session and user included (issue 11)
KLEIN, GROOT = 2, 6
VORIG = timezone.localdate().year - 1
PAGINAS = [
    # page, who opens it
    ("dashboard", "beleidsadviseur"),
    ("ketencheck", "beleidsadviseur"),
    ("keten", "beleidsadviseur"),
    ("keten", "partner"),
    ("behoefteraming", "beleidsadviseur"),
    ("taken", "partner"),
]


@pytest.fixture
def basis(wereld):
    """A gemeente with an analyse, the visie in force and the ambitie the chain page follows, an
    agreement out for signature and a programma; the partner's corporatie also works in the
    second gemeente, with an agreement and a programma there."""
    gemeente, tweede = wereld.gemeente, wereld.andere_gemeente
    wereld.corporatie.werkgebied.add(tweede)
    RolFactory(user=wereld.partner, gemeente=tweede, soort=Rol.Soort.PARTNER)

    analyse = WoonzorganalyseFactory(
        gemeente=gemeente,
        peiljaar=2024,
        status=Woonzorganalyse.Status.VASTGESTELD,
        aandeel_75plus=Decimal("0.25"),
    )
    visie = WoonzorgvisieFactory(gemeente=gemeente, analyse=analyse, vastgesteld=True)
    periode = {"periode_start": VORIG - 2, "periode_eind": VORIG + 3}
    pact = OvereenkomstFactory(
        gemeente=gemeente, status=Overeenkomst.Status.TER_ONDERTEKENING, **periode
    )
    PartijFactory(overeenkomst=pact, organisatie=wereld.corporatie)
    wacht = OvereenkomstFactory(
        gemeente=tweede, status=Overeenkomst.Status.TER_ONDERTEKENING, **periode
    )
    PartijFactory(overeenkomst=wacht, organisatie=wereld.corporatie)  # its signature is due
    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=gemeente,
        tweede=tweede,
        analyse=analyse,
        visie=visie,
        ambitie=AmbitieFactory(visie=visie, titel="De ambitie van de keten"),
        pact=pact,
        programma=UitvoeringsprogrammaFactory(gemeente=gemeente, **periode),
        programma_elders=UitvoeringsprogrammaFactory(gemeente=tweede, **periode),
        woonvormen=list(Woonvorm.objects.order_by("volgorde")),
        doelgroep=Doelgroep.objects.first(),
        n=0,
    )


def vul(b, aantal):
    """Add `aantal` of everything the pages show."""
    w, gemeente = b.wereld, b.gemeente
    for _ in range(aantal):
        b.n += 1
        woonvorm = b.woonvormen[b.n]

        # The analyse: a wijk with a buurt, their figures, a norm for one more woonvorm.
        wijk = GebiedFactory(gemeente=gemeente)
        buurt = GebiedFactory(gemeente=gemeente, soort=Gebied.Soort.BUURT, parent=wijk)
        for gebied in (wijk, buurt):
            for klasse in ("65+", "75+", "85+"):
                BevolkingscijferFactory(gebied=gebied, jaar=2024, leeftijdsklasse=klasse)
            BevolkingscijferFactory(gebied=gebied, jaar=2030, prognose=True)
            VoorraadFactory(gebied=gebied, woonvorm=woonvorm)
        BehoeftenormFactory(analyse=b.analyse, woonvorm=woonvorm, per_1000=Decimal(40 + b.n))
        bevinding = BevindingFactory(
            analyse=b.analyse,
            gebied=wijk,
            doelgroep=b.doelgroep,
            woonvorm=woonvorm,
            waarde=Decimal("12.5"),
            eenheid="%",
        )
        BevindingFactory(analyse=b.analyse, gebied=buurt)  # no ambitie answers it

        # The visie: the chain's ambitie rests on one more bevinding and gets a doelstelling;
        # another ambitie has an afspraak, a third none.
        Onderbouwing.objects.create(ambitie=b.ambitie, bevinding=bevinding)
        doelstelling = DoelstellingFactory(ambitie=b.ambitie, gebied=wijk, woonvorm=woonvorm)
        ambitie = AmbitieFactory(visie=b.visie)
        Onderbouwing.objects.create(ambitie=ambitie, bevinding=bevinding)
        AmbitieFactory(visie=b.visie)

        # An agreement of the chain, the corporatie party to it, another party that signed.
        organisatie = OrganisatieFactory(
            werkgebied=[gemeente], soort=Organisatie.Soort.ZORGAANBIEDER
        )
        overeenkomst = OvereenkomstFactory(
            gemeente=gemeente,
            status=Overeenkomst.Status.TER_ONDERTEKENING,
            periode_start=VORIG - 1,
            periode_eind=VORIG + 2,
        )
        PartijFactory(overeenkomst=overeenkomst, organisatie=w.corporatie)
        PartijFactory(overeenkomst=overeenkomst, organisatie=organisatie)
        OndertekeningFactory(overeenkomst=overeenkomst, organisatie=organisatie)
        afspraak = AfspraakFactory(
            overeenkomst=overeenkomst,
            ambitie=b.ambitie,
            doelstelling=doelstelling,
            trekker=w.corporatie,
            aantal=40,
            eenheid="woningen",
            deadline=datetime.date(VORIG + 2, 12, 31),
            woonvorm=woonvorm,
            gebied=wijk,
        )
        afspraak.betrokkenen.set([organisatie])
        # In the pact: an afspraak of the other ambitie with nothing below it.
        AfspraakFactory(overeenkomst=b.pact, ambitie=ambitie, trekker=organisatie)

        # Its activiteiten: the corporatie's, with money and reports; another party's; and one
        # without trekker or planning.
        activiteit = ActiviteitFactory(
            programma=b.programma,
            afspraak=afspraak,
            trekker=w.corporatie,
            betrokkenen=[organisatie],
            gebied=wijk,
            woonvorm=woonvorm,
            aantal=20,
            bouwsoort=Bouwsoort.NIEUWBOUW,
            gerealiseerd_aantal=5,
            status=Activiteit.Status.IN_UITVOERING,
        )
        BegrotingspostFactory(activiteit=activiteit, jaar=VORIG)
        BegrotingspostFactory(
            activiteit=activiteit,
            jaar=VORIG + 1,
            financier=organisatie,
            zekerheid=Begrotingspost.Zekerheid.TOEGEZEGD,
        )
        VoortgangFactory(activiteit=activiteit, door=UserFactory(organisatie=w.corporatie))
        VoortgangFactory(
            activiteit=activiteit,
            datum=datetime.date(VORIG, 6, 1),
            door=UserFactory(organisatie=organisatie),
        )
        # Planned 30 of the afspraak's 40: its dekking deviates.
        andere = ActiviteitFactory(
            programma=b.programma, afspraak=afspraak, trekker=organisatie, aantal=10
        )
        ActiviteitFactory(programma=b.programma, afspraak=afspraak, start=None, eind=None)

        # The indicatoren: the afspraak's, the corporatie's activiteit's, and the corporatie's
        # on the other party's activiteit (the partner sees it, not the activiteit); one without
        # streefwaarde.
        for koppeling in (
            {"afspraak": afspraak},
            {"activiteit": activiteit},
            {"activiteit": andere},
        ):
            indicator = IndicatorFactory(
                gemeente=gemeente,
                eigenaar=w.corporatie,
                gebied=wijk,
                nulmeting=Decimal(0),
                nulmeting_jaar=VORIG - 3,
                **koppeling,
            )
            StreefwaardeFactory(indicator=indicator, jaar=VORIG, waarde=Decimal(30))
            StreefwaardeFactory(indicator=indicator, jaar=VORIG + 2, waarde=Decimal(40))
            MetingFactory(indicator=indicator, jaar=VORIG - 2, waarde=Decimal(10))
            # In the indicator's own wijk alternately behind and on track.
            MetingFactory(indicator=indicator, jaar=VORIG - 1, waarde=Decimal(20))
            MetingFactory(
                indicator=indicator, jaar=VORIG - 1, gebied=wijk, waarde=Decimal(5 + b.n % 2 * 20)
            )
        IndicatorFactory(gemeente=gemeente, eigenaar=organisatie)

        # The partner's work in the second gemeente.
        elders = OvereenkomstFactory(gemeente=b.tweede, status=Overeenkomst.Status.ONDERTEKEND)
        PartijFactory(overeenkomst=elders, organisatie=w.corporatie)
        OndertekeningFactory(overeenkomst=elders, organisatie=w.corporatie)
        ActiviteitFactory(programma=b.programma_elders, trekker=w.corporatie)
        indicator = IndicatorFactory(gemeente=b.tweede, eigenaar=w.corporatie)
        StreefwaardeFactory(indicator=indicator, jaar=VORIG + 1)
        MetingFactory(indicator=indicator, jaar=VORIG - 1)


def adres(b, pagina):
    code = {"gemeente": b.gemeente.cbs_code}
    if pagina == "keten":
        return reverse("borging:keten", kwargs={**code, "pk": b.ambitie.pk})
    if pagina == "behoefteraming":
        return reverse("analyses:detail", kwargs={**code, "pk": b.analyse.pk})
    if pagina == "taken":
        return reverse("taken")
    return reverse(pagina, kwargs=code)


def tel(client, url):
    client.get(url)  # once first: the session learns the gemeente, which is a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return queries, response


def opgesomd(queries) -> str:
    """The queries, numbered, for a failure message that says where to look."""
    return "\n".join(f"{n:3} {q['sql'][:150]}" for n, q in enumerate(queries, start=1))


def controleer_inhoud(b, pagina, response, aantal):
    """The page did show them all, so the count is about real content."""
    context = response.context
    if pagina in ("dashboard", "ketencheck"):
        if pagina == "dashboard":
            assert len(context["partners"]) == 1 + aantal  # the corporatie, the zorgaanbieders
            assert context["gebieden_per_soort"] == [("wijk", aantal), ("buurt", aantal)]
            assert all(getallen for _fase, getallen, _lijst in context["cyclus"])
            controles = [c for _fase, _getallen, lijst in context["cyclus"] for c in lijst]
        else:
            controles = context["controles"]
        assert len(controles) == 7
        for controle in controles:  # every kind of gap grows with the gemeente
            assert len(controle.breuken) >= aantal, controle.soort
    elif pagina == "keten":
        inhoud = response.content.decode()
        keten = context["keten"]
        assert inhoud.count('class="mb-4 keten-overeenkomst"') == aantal
        assert inhoud.count('class="border-start border-3 ps-3 mb-4 keten-afspraak"') == aantal
        assert len(keten.bevindingen) == aantal
        # A partner sees its own activiteit of each afspraak, and all three indicatoren.
        assert len(keten.activiteiten) == (3 if keten.volledig else 1) * aantal
        assert len(keten.indicatoren) == 3 * aantal
    elif pagina == "behoefteraming":
        assert len(context["normen"]) == aantal
        assert len(context["grafieken"]) == aantal  # one per woonvorm
        assert len(context["raming"].boom) == 2 * aantal
        assert len(context["raming"].per_gebied) == aantal  # the wijken; buurten on choice
        assert len(context["bevindingen"]) == 2 * aantal
    else:
        lijsten = context["lijsten"]
        assert {lijst.soort: len(lijst.taken) for lijst in lijsten} == {
            "overeenkomsten": 2 + 2 * aantal,
            "activiteiten": 2 * aantal,
            "indicatoren": 4 * aantal,
        }
        for lijst in lijsten:
            assert {t.gemeente for t in lijst.taken} == {b.gemeente, b.tweede}, lijst.soort
            assert lijst.dringend, lijst.soort


@pytest.mark.parametrize("pagina, wie", PAGINAS)
def test_a_key_page_makes_as_many_queries_for_a_large_gemeente_as_for_a_small_one(
    basis, login, pagina, wie
):
    client = login(basis.wereld.user(wie))
    url = adres(basis, pagina)
    vul(basis, KLEIN)
    klein, response = tel(client, url)
    controleer_inhoud(basis, pagina, response, KLEIN)

    vul(basis, GROOT - KLEIN)
    groot, response = tel(client, url)

    controleer_inhoud(basis, pagina, response, GROOT)
    assert len(groot) == len(klein), (
        f"{pagina}: {len(klein)} queries with {KLEIN} of everything, {len(groot)} with "
        f"{GROOT}:\n{opgesomd(groot)}"
    )


@pytest.mark.parametrize("pagina, wie", PAGINAS)
def test_a_key_page_of_a_large_gemeente_stays_under_the_bound(basis, login, pagina, wie):
    client = login(basis.wereld.user(wie))
    vul(basis, GROOT)
    groot, response = tel(client, adres(basis, pagina))

    controleer_inhoud(basis, pagina, response, GROOT)
    assert len(groot) <= MAXIMUM, f"{pagina}: {len(groot)} queries:\n{opgesomd(groot)}"


def test_the_dashboard_stays_within_the_bound_while_a_next_visie_is_a_concept(basis, login):
    """The numbers count the ambities of the newest visie, the ketencheck checks those of the
    visie in force: with a concept next version they are two visies, read together."""
    client = login(basis.wereld.beleidsadviseur)
    vul(basis, KLEIN)
    voor, _response = tel(client, adres(basis, "dashboard"))

    concept = visie_services.nieuwe_versie(basis.visie)
    AmbitieFactory(visie=concept, titel="Alleen in het concept")
    na, response = tel(client, adres(basis, "dashboard"))

    assert len(na) == len(voor) <= MAXIMUM, opgesomd(na)
    visie_getallen = {k.label: k.waarde for k in response.context["cyclus"][1][1]}
    assert visie_getallen["ambities in de nieuwste visie"] == len(concept.ambities.all())
