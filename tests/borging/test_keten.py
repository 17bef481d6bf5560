"""The chain of one ambitie: the service on a hand-built chain, the page for every role, the
link from the ambitie's own page, the print version, and a fixed number of queries.

The chain (Gemeente A): a bevinding grounds the ambitie "Geclusterd wonen voor ouderen", which
has a concrete doelstelling. Afspraak 1.1 of the pact (out for signature; Woningcorporatie X
signed, Welzijn W not yet) asks 80 woningen; the corporatie's activiteit "Locatie Noord" plans
50 nieuwbouw (20 realised), Welzijn W's "Locatie Zuid" was cancelled. The indicator of Locatie
Noord goes from 0 in 2022 to 80 in 2024 and measured 50 in 2024: rood. Afspraak 1.2 has nothing
below it. Afspraak 2.1 of Welzijn W's convenant (a concept) has its own activiteit.
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from borging.keten import GEEN_ACTIVITEIT, GEEN_INDICATOR, Breuk, keten_sectie, keten_van
from borging.services import GRIJS, ROOD
from prestatieafspraken.models import Bouwsoort, Overeenkomst
from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory
from tests.borging.factories import IndicatorFactory, MetingFactory, StreefwaardeFactory
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.uitvoering.factories import (
    ActiviteitFactory,
    UitvoeringsprogrammaFactory,
    VoortgangFactory,
)
from tests.visies.factories import AmbitieFactory, DoelstellingFactory, WoonzorgvisieFactory
from tests.woonzorg.factories import OrganisatieFactory
from uitvoering.models import Activiteit
from visies.models import Ambitie
from woonzorg.models import Organisatie, User

D = Decimal


@pytest.fixture
def k(wereld):
    gemeente = wereld.gemeente
    welzijn = OrganisatieFactory(
        naam="Welzijn W", soort=Organisatie.Soort.WELZIJNSORGANISATIE, werkgebied=[gemeente]
    )
    analyse = WoonzorganalyseFactory(gemeente=gemeente)
    bevinding = BevindingFactory(
        analyse=analyse,
        titel="65-plussers willen verhuizen",
        waarde=D("23"),
        eenheid="%",
    )
    visie = WoonzorgvisieFactory(gemeente=gemeente)
    ambitie = AmbitieFactory(visie=visie, titel="Geclusterd wonen voor ouderen")
    ambitie.bevindingen.add(bevinding)
    doelstelling = DoelstellingFactory(ambitie=ambitie)

    pact = OvereenkomstFactory(
        gemeente=gemeente,
        titel="Pact wonen en zorg",
        status=Overeenkomst.Status.TER_ONDERTEKENING,
    )
    PartijFactory(overeenkomst=pact, organisatie=wereld.corporatie)
    PartijFactory(overeenkomst=pact, organisatie=welzijn)
    OndertekeningFactory(overeenkomst=pact, organisatie=wereld.corporatie)
    woningen = AfspraakFactory(
        overeenkomst=pact,
        nummer="1.1",
        titel="Geclusterde woningen",
        ambitie=ambitie,
        doelstelling=doelstelling,
        trekker=wereld.corporatie,
        aantal=80,
        eenheid="woningen",
        aantal_nieuwbouw=80,
        deadline=datetime.date(2026, 12, 31),
    )
    leeg = AfspraakFactory(overeenkomst=pact, nummer="1.2", titel="Ontmoeten", ambitie=ambitie)

    convenant = OvereenkomstFactory(gemeente=gemeente, titel="Convenant welzijn")
    PartijFactory(overeenkomst=convenant, organisatie=welzijn)
    welzijn_afspraak = AfspraakFactory(
        overeenkomst=convenant, nummer="2.1", titel="Huiskamer in de wijk", ambitie=ambitie
    )

    programma = UitvoeringsprogrammaFactory(gemeente=gemeente)
    noord = ActiviteitFactory(
        programma=programma,
        afspraak=woningen,
        titel="Locatie Noord",
        trekker=wereld.corporatie,
        aantal=50,
        bouwsoort=Bouwsoort.NIEUWBOUW,
        gerealiseerd_aantal=20,
        status=Activiteit.Status.IN_UITVOERING,
    )
    zuid = ActiviteitFactory(
        programma=programma,
        afspraak=woningen,
        titel="Locatie Zuid",
        trekker=welzijn,
        aantal=30,
        status=Activiteit.Status.GEANNULEERD,
    )
    huiskamer = ActiviteitFactory(
        programma=programma, afspraak=welzijn_afspraak, titel="Huiskamer Oost", trekker=welzijn
    )
    VoortgangFactory(activiteit=noord, datum=datetime.date(2023, 1, 15), toelichting="Vergunning")
    VoortgangFactory(
        activiteit=noord, datum=datetime.date(2024, 3, 1), toelichting="De bouw is gestart"
    )

    indicator = IndicatorFactory(
        gemeente=gemeente,
        naam="Opgeleverde woningen Noord",
        activiteit=noord,
        eigenaar=wereld.corporatie,
        nulmeting=D(0),
        nulmeting_jaar=2022,
    )
    StreefwaardeFactory(indicator=indicator, jaar=2024, waarde=D(80))
    MetingFactory(indicator=indicator, jaar=2023, waarde=D(30), ingevoerd_door=wereld.partner)
    MetingFactory(indicator=indicator, jaar=2024, waarde=D(50), ingevoerd_door=wereld.partner)
    IndicatorFactory(
        gemeente=gemeente, naam="Bezoekers huiskamer", activiteit=huiskamer, eigenaar=welzijn
    )
    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=gemeente,
        welzijn=welzijn,
        bevinding=bevinding,
        ambitie=ambitie,
        doelstelling=doelstelling,
        pact=pact,
        woningen=woningen,
        leeg=leeg,
        welzijn_afspraak=welzijn_afspraak,
        programma=programma,
        noord=noord,
        zuid=zuid,
        huiskamer=huiskamer,
        indicator=indicator,
    )


def keten_url(ambitie, gemeente=None, naam="keten"):
    gemeente = gemeente or ambitie.visie.gemeente
    return reverse(f"borging:{naam}", kwargs={"gemeente": gemeente.cbs_code, "pk": ambitie.pk})


# --- The service ----------------------------------------------------------------------------------


def test_the_chain_of_an_ambitie_with_its_numbers(k):
    keten = keten_van(k.ambitie, k.wereld.beleidsadviseur)

    assert keten.volledig
    assert keten.bevindingen == [k.bevinding]
    assert keten.bevindingen[0].waarde_nl == "23"
    assert keten.concreetheid.concreet
    assert [c.doelstelling for c in keten.concreetheid.checks] == [k.doelstelling]

    # The newest agreement first, then by title; within one, the afspraken by number.
    assert [o.overeenkomst for o in keten.overeenkomsten] == [
        k.welzijn_afspraak.overeenkomst,
        k.pact,
    ]
    pact = next(o for o in keten.overeenkomsten if o.overeenkomst == k.pact)
    assert [a.afspraak for a in pact.afspraken] == [k.woningen, k.leeg]
    assert [p.partij.organisatie for p in pact.getekend] == [k.wereld.corporatie]
    assert [p.partij.organisatie for p in pact.ontbrekend] == [k.welzijn]
    assert not pact.volledig

    woningen = pact.afspraken[0]
    assert woningen.smart.smart
    # 50 of 80 planned (the cancelled 30 count for nothing), 20 realised; nieuwbouw 50 of 80.
    assert woningen.dekking.totaal.tekst == "50 van 80"
    assert (woningen.dekking.totaal.gepland, woningen.dekking.totaal.gerealiseerd) == (50, 20)
    assert woningen.dekking.totaal.oordeel == "onder"
    assert [(r.label, r.gepland, r.doel) for r in woningen.dekking.per_bouwsoort] == [
        ("nieuwbouw", 50, 80)
    ]
    assert woningen.uitgevoerd == 1
    assert [a.activiteit for a in woningen.activiteiten] == [k.noord, k.zuid]
    noord = woningen.activiteiten[0]
    assert noord.voortgang.toelichting == "De bouw is gestart"  # the latest report
    assert noord.te_laat  # still in uitvoering, yet it was to end on 30 June 2023
    assert woningen.activiteiten[1].voortgang is None

    [(indicator, activiteit)] = woningen.alle_indicatoren
    assert (indicator.indicator, activiteit) == (k.indicator, k.noord)
    assert indicator.licht.kleur == ROOD
    assert (indicator.licht.jaar, indicator.licht.gemeten, indicator.licht.verwacht) == (
        2024,
        D(50),
        D(80),
    )
    assert woningen.breuken == []

    leeg = pact.afspraken[1]
    assert leeg.breuken == [str(GEEN_ACTIVITEIT), str(GEEN_INDICATOR)]
    assert not leeg.smart.meetbaar
    assert leeg.dekking.totaal.doel is None

    assert keten.breuken == [
        Breuk("1.2 Ontmoeten", f"afspraak-{k.leeg.pk}", ("geen activiteit", "geen indicator"))
    ]
    assert len(keten.indicatoren) == 2
    assert {kleur: n for kleur, _label, n in keten.per_kleur} == {ROOD: 1, GRIJS: 1}


def test_a_finished_activiteit_is_not_late(k):
    Activiteit.objects.filter(pk=k.noord.pk).update(status=Activiteit.Status.GEREED)
    keten = keten_van(k.ambitie, k.wereld.beleidsadviseur)
    noord = next(a for a in keten.activiteiten if a.activiteit == k.noord)
    assert not noord.te_laat


def test_an_indicator_makes_an_afspraak_meetbaar(k):
    IndicatorFactory(gemeente=k.gemeente, afspraak=k.leeg, eigenaar=k.welzijn)
    keten = keten_van(k.ambitie, k.wereld.beleidsadviseur)
    leeg = next(a for a in keten.afspraken if a.afspraak == k.leeg)
    assert leeg.smart.meetbaar
    assert leeg.breuken == ["geen activiteit"]


@pytest.mark.parametrize(
    "wijziging",
    [{"type": "proces"}, {"type": "intentie"}, {"overeenkomst_status": "beeindigd"}],
)
def test_the_chain_stops_where_the_ketencheck_says_it_does(k, wijziging):
    """A proces- or intentieafspraak promises nothing to carry out or measure, and an ended
    agreement is history: the ketencheck leaves them alone, and so does the chain."""
    if "type" in wijziging:
        k.leeg.type = wijziging["type"]
        k.leeg.save()
    else:
        Overeenkomst.objects.filter(pk=k.leeg.overeenkomst_id).update(
            status=Overeenkomst.Status.BEEINDIGD
        )
    keten = keten_van(k.ambitie, k.wereld.beleidsadviseur)
    leeg = next(a for a in keten.afspraken if a.afspraak == k.leeg)
    assert leeg.breuken == []


def test_a_chain_without_findings_or_afspraken_says_where_it_stops(wereld):
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente)
    keten = keten_van(ambitie, wereld.lezer)
    assert keten.overeenkomsten == []
    assert [b.ontbreekt for b in keten.breuken] == [("geen bevinding",), ("geen afspraak",)]
    assert [b.anker for b in keten.breuken] == ["bevindingen", "afspraken"]


def test_a_partner_sees_its_own_part_and_is_not_told_an_afspraak_is_missing(k):
    keten = keten_van(k.ambitie, k.wereld.partner)

    assert not keten.volledig
    assert keten.bevindingen == [k.bevinding]  # the analysis and the visie are shared
    assert [o.overeenkomst for o in keten.overeenkomsten] == [k.pact]
    woningen = keten.afspraken[0]
    assert [a.activiteit for a in woningen.activiteiten] == [k.noord]
    # The dekking still counts every activiteit, as the afspraak's page does.
    assert woningen.dekking.totaal.tekst == "50 van 80"

    zonder = keten_van(AmbitieFactory(visie=k.ambitie.visie), k.wereld.partner)
    assert [b.ontbreekt for b in zonder.breuken] == [("geen bevinding",)]


# --- The page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer", "beheerder"])
def test_gemeente_staff_and_lezers_see_the_whole_chain(k, login, wie):
    response = login(k.wereld.user(wie)).get(keten_url(k.ambitie))

    assert response.status_code == 200
    inhoud = response.content.decode()
    for tekst in (
        "Geclusterd wonen voor ouderen",
        "65-plussers willen verhuizen",
        k.bevinding.get_absolute_url(),
        k.doelstelling.get_absolute_url(),
        "Pact wonen en zorg",
        "Convenant welzijn",
        k.woningen.get_absolute_url(),
        k.leeg.get_absolute_url(),
        k.welzijn_afspraak.get_absolute_url(),
        k.noord.get_absolute_url(),
        k.zuid.get_absolute_url(),
        k.huiskamer.get_absolute_url(),
        k.indicator.get_absolute_url(),
        "50 van 80",
        "De bouw is gestart",
        "stoplicht-rood",
        "1 van 2 partijen hebben versie 1 getekend.",
        "Nog niet getekend:",
        "Nog niet ter ondertekening aangeboden.",  # the convenant is a concept
        "Welzijn W",
    ):
        assert tekst in inhoud, tekst
    assert f'id="afspraak-{k.leeg.pk}"' in inhoud
    # Where the chain stops, in words, linked to the place on the page.
    assert f'href="#afspraak-{k.leeg.pk}"' in inhoud
    assert inhoud.count("geen activiteit") >= 2
    assert "U ziet de afspraken" not in inhoud


def test_the_partner_sees_only_its_own_afspraken_and_activiteiten(k, login):
    response = login(k.wereld.partner).get(keten_url(k.ambitie))

    assert response.status_code == 200
    inhoud = response.content.decode()
    assert "Geclusterd wonen voor ouderen" in inhoud
    assert k.woningen.get_absolute_url() in inhoud
    assert k.noord.get_absolute_url() in inhoud
    assert "50 van 80" in inhoud
    assert "U ziet de afspraken, activiteiten en indicatoren" in inhoud
    for niet in (
        "Convenant welzijn",
        "Huiskamer in de wijk",
        k.welzijn_afspraak.get_absolute_url(),
        k.zuid.get_absolute_url(),
        "Locatie Zuid",
        "Huiskamer Oost",
        "Bezoekers huiskamer",
    ):
        assert niet not in inhoud, niet


def test_a_partner_without_afspraken_is_told_so(k, login):
    ander = AmbitieFactory(visie=k.ambitie.visie, titel="Doorstromen")
    inhoud = login(k.wereld.partner).get(keten_url(ander)).content.decode()
    assert "Uw organisatie is geen partij bij een afspraak" in inhoud
    assert "Nog geen afspraken die deze ambitie concreet maken." not in inhoud

    inhoud = login(k.wereld.beleidsadviseur).get(keten_url(ander)).content.decode()
    assert "Nog geen afspraken die deze ambitie concreet maken." in inhoud


def test_another_gemeentes_ambitie_is_a_404(k, login):
    # Gemeente B's adviser has no access to Gemeente A at all.
    response = login(k.wereld.andere_beleidsadviseur).get(keten_url(k.ambitie))
    assert response.status_code == 404
    # Gemeente A's adviser asking for Gemeente B's ambitie, under either gemeente.
    van_b = AmbitieFactory(visie__gemeente=k.wereld.andere_gemeente)
    client = login(k.wereld.beleidsadviseur)
    assert client.get(keten_url(van_b, gemeente=k.gemeente)).status_code == 404
    assert client.get(keten_url(van_b)).status_code == 404


@pytest.mark.parametrize("naam", ["keten", "keten_afdrukken"])
def test_anonymous_goes_to_the_login_page(k, client, naam):
    adres = keten_url(k.ambitie, naam=naam)
    response = client.get(adres)
    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={adres}"


def test_the_page_takes_no_post(k, login):
    assert login(k.wereld.beleidsadviseur).post(keten_url(k.ambitie)).status_code == 405


def test_the_ambitie_page_links_to_the_chain(k, login):
    inhoud = login(k.wereld.lezer).get(k.ambitie.get_absolute_url()).content.decode()
    assert 'id="keten"' in inhoud
    assert "Volg de keten van deze ambitie" in inhoud
    assert f'href="{keten_url(k.ambitie)}"' in inhoud
    # The summary: three afspraken, of which 1.2 has neither an activiteit nor an indicator.
    assert "3 afspraken" in inhoud
    assert "1 afspraak wordt door geen activiteit uitgevoerd." in inhoud
    assert "1 afspraak heeft geen indicator." in inhoud


def test_the_ambitie_page_tells_the_partner_what_it_sees(k, login):
    inhoud = login(k.wereld.partner).get(k.ambitie.get_absolute_url()).content.decode()
    assert "Volg de keten van deze ambitie" in inhoud
    assert "2 afspraken" in inhoud  # the pact's two; not the convenant's
    assert "1 activiteit " in inhoud  # Locatie Noord only


def test_the_print_version_renders_without_navigation_or_inline_script(k, login):
    response = login(k.wereld.beleidsadviseur).get(keten_url(k.ambitie, naam="keten_afdrukken"))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "borging/keten_afdrukken.html"
    inhoud = response.content.decode()
    assert 'class="afdrukversie"' in inhoud
    assert "data-afdrukken" in inhoud
    assert f'href="{keten_url(k.ambitie)}"' in inhoud  # back to the page
    assert "50 van 80" in inhoud and "Opgeleverde woningen Noord" in inhoud
    assert "<script>" not in inhoud  # scripts come from files only (CSP)
    assert "Afgedrukt uit Woonzorg op" in inhoud

    pagina = login(k.wereld.beleidsadviseur).get(keten_url(k.ambitie)).content.decode()
    assert f'href="{keten_url(k.ambitie, naam="keten_afdrukken")}"' in pagina


# --- Queries --------------------------------------------------------------------------------------


def vul(k, aantal):
    """Add `aantal` afspraken to the pact, each with a doelstelling, two activiteiten (one with
    voortgang), an indicator of its own and one of an activiteit, with streefwaarden and
    metingen; and a party that signed."""
    for _ in range(aantal):
        partij = PartijFactory(overeenkomst=k.pact)
        OndertekeningFactory(overeenkomst=k.pact, organisatie=partij.organisatie)
        afspraak = AfspraakFactory(
            overeenkomst=k.pact,
            nummer=f"3.{k.pact.afspraken.count()}",
            ambitie=k.ambitie,
            doelstelling=DoelstellingFactory(ambitie=k.ambitie),
            trekker=k.wereld.corporatie,
            aantal=40,
            eenheid="woningen",
        )
        for bouwsoort in (Bouwsoort.NIEUWBOUW, Bouwsoort.BESTAANDE_BOUW):
            activiteit = ActiviteitFactory(
                programma=k.programma,
                afspraak=afspraak,
                trekker=k.wereld.corporatie,
                aantal=20,
                bouwsoort=bouwsoort,
                betrokkenen=[k.welzijn],
            )
        VoortgangFactory(activiteit=activiteit)
        VoortgangFactory(activiteit=activiteit, datum=datetime.date(2024, 1, 1))
        for koppeling in ({"afspraak": afspraak}, {"activiteit": activiteit}):
            indicator = IndicatorFactory(
                gemeente=k.gemeente, eigenaar=OrganisatieFactory(), **koppeling
            )
            StreefwaardeFactory(indicator=indicator, jaar=2025)
            MetingFactory(indicator=indicator, jaar=2024)
            MetingFactory(indicator=indicator, jaar=2023)


def tel(client, adres):
    client.get(adres)  # once first: the session learns the gemeente, which is a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(adres)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("wie", ["beleidsadviseur", "partner"])
@pytest.mark.parametrize("naam", ["keten", "keten_afdrukken"])
def test_the_page_makes_as_many_queries_for_ten_as_for_one(k, login, wie, naam):
    client = login(k.wereld.user(wie))
    adres = keten_url(k.ambitie, naam=naam)
    vul(k, 1)
    bij_een, _inhoud = tel(client, adres)

    vul(k, 9)
    bij_tien, inhoud = tel(client, adres)

    assert inhoud.count('class="border-start border-3 ps-3 mb-4 keten-afspraak"') >= 11
    assert bij_tien == bij_een, f"{bij_een} queries with 1 afspraak more, {bij_tien} with 10"
    assert bij_een <= 20


@pytest.mark.parametrize("wie", ["beleidsadviseur", "partner"])
def test_the_section_on_the_ambitie_page_makes_three_queries_however_long_the_chain(k, wie):
    tellingen = []
    for aantal in (1, 9):
        vul(k, aantal)
        ambitie = Ambitie.objects.select_related("visie__gemeente").get(pk=k.ambitie.pk)
        user = User.objects.get(pk=k.wereld.user(wie).pk)  # its roles not read yet
        with CaptureQueriesContext(connection) as queries:
            _template, sectie = keten_sectie(ambitie, user)
        tellingen.append(len(queries))
    assert sectie["afspraken"] == (13 if wie == "beleidsadviseur" else 12)
    assert tellingen == [4, 4]  # three counts, and the user's roles once per request


def test_the_ambitie_page_counts_gaps_as_the_chain_does(k):
    """A procesafspraak without activiteit or indicator is no gap on the ambitie page either."""
    voor = keten_sectie(k.ambitie, k.wereld.beleidsadviseur)[1]
    AfspraakFactory(overeenkomst=k.leeg.overeenkomst, ambitie=k.ambitie, type="proces")

    na = keten_sectie(k.ambitie, k.wereld.beleidsadviseur)[1]

    assert na["afspraken"] == voor["afspraken"] + 1
    assert (na["zonder_activiteit"], na["zonder_indicator"]) == (
        voor["zonder_activiteit"],
        voor["zonder_indicator"],
    )


def test_an_afspraak_of_an_ended_agreement_does_not_make_an_ambitie_concrete(wereld):
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente)
    beeindigd = OvereenkomstFactory(gemeente=wereld.gemeente, status=Overeenkomst.Status.BEEINDIGD)
    AfspraakFactory(overeenkomst=beeindigd, ambitie=ambitie)

    keten = keten_van(ambitie, wereld.lezer)

    assert ("geen afspraak",) in [b.ontbreekt for b in keten.breuken]
