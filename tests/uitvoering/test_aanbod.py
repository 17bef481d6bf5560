"""What the activiteiten add to the analysis' behoefteraming: their homes count as supply from the
year they are delivered, through the registration in uitvoering's AppConfig.ready (analyses imports
nothing of uitvoering). The registry is the real one here, never emptied."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from analyses import services as analyses_services
from analyses.models import Woonzorganalyse
from analyses.services import behoefteraming
from tests.analyses.factories import (
    BehoeftenormFactory,
    BevolkingscijferFactory,
    VoorraadFactory,
    WoonzorganalyseFactory,
)
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory
from uitvoering import services
from uitvoering.models import Activiteit
from woonzorg.models import Gebied, Woonvorm

S = Activiteit.Status
D = datetime.date


@pytest.fixture
def stad(db):
    """A gemeente with two wijken, a buurt in the first, an analyse with peiljaar 2021 (its
    voorraad counted then) and a programme whose afspraak is about geclusterde woonvormen."""
    gemeente = GemeenteFactory()
    wijk1 = GebiedFactory(gemeente=gemeente, naam="Wijk 1")
    wijk2 = GebiedFactory(gemeente=gemeente, naam="Wijk 2")
    buurt = GebiedFactory(gemeente=gemeente, naam="Buurt 1", soort=Gebied.Soort.BUURT, parent=wijk1)
    geclusterd = Woonvorm.objects.get(code="geclusterde-woonvorm")
    nultreden = Woonvorm.objects.get(code="nultredenwoning")
    programma = UitvoeringsprogrammaFactory(gemeente=gemeente)
    afspraak = AfspraakFactory(
        overeenkomst=OvereenkomstFactory(gemeente=gemeente),
        woonvorm=geclusterd,
        aantal=110,
        eenheid="wooneenheden",
    )
    analyse = WoonzorganalyseFactory(gemeente=gemeente, peiljaar=2021)
    return SimpleNamespace(
        gemeente=gemeente,
        wijk1=wijk1,
        wijk2=wijk2,
        buurt=buurt,
        geclusterd=geclusterd,
        nultreden=nultreden,
        programma=programma,
        afspraak=afspraak,
        analyse=analyse,
    )


def bouw(stad, aantal, gebied, eind, **kwargs):
    kwargs.setdefault("start", None)
    kwargs.setdefault("bouwsoort", "nieuwbouw")
    return ActiviteitFactory(
        programma=stad.programma,
        afspraak=stad.afspraak,
        aantal=aantal,
        gebied=gebied,
        eind=eind,
        **kwargs,
    )


def aanbod(stad, gebieden=None, woonvormen=None):
    gebieden = gebieden or [stad.wijk1, stad.wijk2]
    woonvormen = woonvormen or [stad.geclusterd]
    return services.aanbod_uit_activiteiten(
        stad.analyse, [g.pk for g in gebieden], [w.pk for w in woonvormen]
    )


def reeks(extra, gebied, woonvorm, jaren=range(2022, 2028)):
    return [extra.get((gebied.pk, woonvorm.pk, jaar), 0) for jaar in jaren]


def test_the_real_registration_is_in_place():
    assert services.aanbod_uit_activiteiten in analyses_services._aanbod_bronnen


def test_homes_count_from_the_year_they_are_delivered_cumulative(stad):
    bouw(stad, 20, stad.wijk1, D(2023, 6, 30))
    bouw(stad, 30, stad.wijk1, D(2025, 12, 31))
    extra = aanbod(stad)
    # 2022: nothing; 20 from 2023; 20 + 30 = 50 from 2025, and still in the analysis' horizon
    assert reeks(extra, stad.wijk1, stad.geclusterd) == [0, 20, 20, 50, 50, 50]
    assert extra[stad.wijk1.pk, stad.geclusterd.pk, 2021 + services.JAREN_VOORUIT] == 50
    assert (stad.wijk1.pk, stad.geclusterd.pk, 2021 + services.JAREN_VOORUIT + 1) not in extra
    assert reeks(extra, stad.wijk2, stad.geclusterd) == [0] * 6


def test_only_building_work_not_yet_in_the_counted_voorraad_counts(stad):
    bouw(stad, 4, stad.wijk1, D(2023, 6, 30), bouwsoort="")  # a welzijn programme, no homes
    # delivered in the peiljaar 2021: in the voorraad counted then already
    bouw(stad, 7, stad.wijk1, D(2021, 6, 30), status=S.GEREED, gerealiseerd_aantal=7)
    bouw(stad, 5, stad.wijk1, D(2022, 1, 31), bouwsoort="transformatie")
    assert reeks(aanbod(stad), stad.wijk1, stad.geclusterd) == [5, 5, 5, 5, 5, 5]


def test_a_late_activiteit_still_comes_after_the_peiljaar(stad):
    # planned to end in 2020, not delivered: it is not in the voorraad of 2021, it is to come
    bouw(stad, 9, stad.wijk1, D(2020, 12, 31), status=S.VERTRAAGD)
    assert reeks(aanbod(stad), stad.wijk1, stad.geclusterd) == [9, 9, 9, 9, 9, 9]
    assert (stad.wijk1.pk, stad.geclusterd.pk, 2021) not in aanbod(stad)


def test_without_an_end_date_the_start_year_counts_without_dates_nothing(stad):
    bouw(stad, 20, stad.wijk1, None, start=D(2024, 3, 1))
    bouw(stad, 99, stad.wijk1, None)
    assert reeks(aanbod(stad), stad.wijk1, stad.geclusterd) == [0, 0, 20, 20, 20, 20]


def test_a_buurt_without_figures_counts_for_its_wijk(stad):
    bouw(stad, 10, stad.buurt, D(2024, 12, 31))
    extra = aanbod(stad)  # the buurt has no figures of its own
    assert reeks(extra, stad.wijk1, stad.geclusterd) == [0, 0, 10, 10, 10, 10]
    assert not any(gebied_id == stad.buurt.pk for gebied_id, _w, _j in extra)


def test_a_buurt_with_figures_counts_for_itself_and_for_its_wijk(stad):
    # the wijk's figures include its buurten, so its supply does too
    bouw(stad, 10, stad.buurt, D(2024, 12, 31))
    extra = aanbod(stad, gebieden=[stad.wijk1, stad.wijk2, stad.buurt])
    assert reeks(extra, stad.buurt, stad.geclusterd) == [0, 0, 10, 10, 10, 10]
    assert reeks(extra, stad.wijk1, stad.geclusterd) == [0, 0, 10, 10, 10, 10]


def test_a_gebied_outside_the_figures_counts_nowhere(stad):
    elders = GebiedFactory(gemeente=stad.gemeente, naam="Wijk zonder cijfers")
    bouw(stad, 10, elders, D(2024, 12, 31))
    assert aanbod(stad) == {}


def test_geannuleerd_and_without_gebied_or_aantal_do_not_count(stad):
    bouw(stad, 15, stad.wijk1, D(2023, 6, 30), status=S.GEANNULEERD)
    bouw(stad, 40, None, D(2023, 6, 30))
    bouw(stad, None, stad.wijk1, D(2023, 6, 30))
    assert aanbod(stad) == {}


def test_gereed_counts_what_was_realised(stad):
    bouw(stad, 20, stad.wijk2, D(2023, 6, 30), status=S.GEREED, gerealiseerd_aantal=18)
    # gereed without a reported number: the planned number
    bouw(stad, 5, stad.wijk2, D(2024, 6, 30), status=S.GEREED)
    # still under way: what is planned, not the 3 realised so far
    bouw(stad, 10, stad.wijk2, D(2026, 6, 30), status=S.IN_UITVOERING, gerealiseerd_aantal=3)
    assert reeks(aanbod(stad), stad.wijk2, stad.geclusterd) == [0, 18, 23, 23, 33, 33]


def test_the_woonvorm_is_the_activiteits_or_else_the_afspraaks(stad):
    bouw(stad, 20, stad.wijk1, D(2023, 6, 30))  # the afspraak's: geclusterd
    bouw(stad, 7, stad.wijk1, D(2023, 6, 30), woonvorm=stad.nultreden)
    extra = aanbod(stad, woonvormen=[stad.geclusterd, stad.nultreden])
    assert extra[stad.wijk1.pk, stad.geclusterd.pk, 2023] == 20
    assert extra[stad.wijk1.pk, stad.nultreden.pk, 2023] == 7
    # a woonvorm the analyse has no norm for is not asked for
    assert stad.nultreden.pk not in {w for _g, w, _j in aanbod(stad)}


def test_an_afspraak_and_activiteit_without_woonvorm_count_nowhere(stad):
    afspraak = AfspraakFactory(overeenkomst=stad.afspraak.overeenkomst)
    ActiviteitFactory(programma=stad.programma, afspraak=afspraak, aantal=20, gebied=stad.wijk1)
    assert aanbod(stad) == {}


def test_another_gemeentes_activiteiten_do_not_count(stad):
    ActiviteitFactory(
        afspraak__woonvorm=stad.geclusterd,
        aantal=20,
        gebied=GebiedFactory(),
        eind=D(2023, 6, 30),
    )
    assert aanbod(stad) == {}


def test_one_query(stad, django_assert_num_queries):
    for n in range(5):
        bouw(stad, 10 + n, stad.buurt if n % 2 else stad.wijk2, D(2023 + n, 6, 30))
    with django_assert_num_queries(1):
        extra = aanbod(stad)
    assert extra[stad.wijk1.pk, stad.geclusterd.pk, 2027] == 11 + 13


# --- Through the analysis' behoefteraming ---------------------------------------------------


@pytest.fixture
def geanalyseerd(stad):
    """geclusterd: 50 per 1.000 75-plussers; voorraad counted in 2024.

                75+ 2024 / 2030   vraag 2024 / 2030   voorraad 2024
    wijk 1      1000 / 1200       50 / 60             20
    wijk 2       600 /  800       30 / 40             10
    gemeente                      80 / 100            30 → tekort 50 / 70
    """
    BehoeftenormFactory(analyse=stad.analyse, woonvorm=stad.geclusterd, per_1000=50)
    for gebied, nu, straks, voorraad in ((stad.wijk1, 1000, 1200, 20), (stad.wijk2, 600, 800, 10)):
        BevolkingscijferFactory(gebied=gebied, jaar=2024, aantal=nu)
        BevolkingscijferFactory(gebied=gebied, jaar=2030, aantal=straks, prognose=True)
        VoorraadFactory(gebied=gebied, woonvorm=stad.geclusterd, jaar=2024, aantal=voorraad)
    stad.analyse = Woonzorganalyse.objects.select_related("gemeente").get(pk=stad.analyse.pk)
    return stad


def gemeente_cijfers(stad):
    """(jaar, vraag, aanbod, tekort) for the gemeente as a whole."""
    return [
        (r.jaar, r.vraag, r.aanbod, r.tekort)
        for r in behoefteraming(stad.analyse)
        if r.gebied_id is None and r.woonvorm_id == stad.geclusterd.pk
    ]


def test_without_activiteiten_the_analysis_own_figures(geanalyseerd):
    assert gemeente_cijfers(geanalyseerd) == [
        (2024, Decimal("80.0"), 30, Decimal("50.0")),
        (2030, Decimal("100.0"), 30, Decimal("70.0")),
    ]


def test_the_tekort_drops_by_the_planned_homes(geanalyseerd):
    stad = geanalyseerd
    bouw(stad, 25, stad.wijk1, D(2026, 6, 30))  # from 2026: not yet in 2024
    bouw(stad, 10, stad.buurt, D(2024, 12, 31))  # in wijk 1, from 2024
    bouw(stad, 40, stad.wijk2, D(2025, 6, 30), status=S.GEANNULEERD)  # nothing
    # 2024: 30 + 10 = 40 against 80 → 40; 2030: 30 + 10 + 25 = 65 against 100 → 35
    assert gemeente_cijfers(stad) == [
        (2024, Decimal("80.0"), 40, Decimal("40.0")),
        (2030, Decimal("100.0"), 65, Decimal("35.0")),
    ]
    wijk1 = {
        r.jaar: r.aanbod
        for r in behoefteraming(stad.analyse)
        if r.gebied_id == stad.wijk1.pk and r.woonvorm_id == stad.geclusterd.pk
    }
    assert wijk1 == {2024: 30, 2030: 55}  # 20 counted + 10, then + 25


def test_a_buurt_with_figures_is_counted_once_in_the_gemeente(geanalyseerd):
    stad = geanalyseerd
    BevolkingscijferFactory(gebied=stad.buurt, jaar=2024, aantal=400)
    BevolkingscijferFactory(gebied=stad.buurt, jaar=2030, aantal=500, prognose=True)
    VoorraadFactory(gebied=stad.buurt, woonvorm=stad.geclusterd, jaar=2024, aantal=5)
    bouw(stad, 10, stad.buurt, D(2024, 12, 31))
    ramingen = behoefteraming(stad.analyse)
    buurt = [r.aanbod for r in ramingen if r.gebied_id == stad.buurt.pk]
    assert buurt == [15, 15]  # 5 counted + 10
    # the gemeente adds up the wijken: 20 + 10 + 10, not the buurt again
    assert gemeente_cijfers(stad)[0] == (2024, Decimal("80.0"), 40, Decimal("40.0"))


def test_the_activiteiten_cost_the_behoefteraming_one_query(
    geanalyseerd, django_assert_num_queries
):
    stad = geanalyseerd
    bouw(stad, 25, stad.wijk1, D(2026, 6, 30))
    with django_assert_num_queries(3 + 1):  # normen, bevolking, voorraad + the activiteiten
        behoefteraming(stad.analyse)
    for n in range(9):
        bouw(stad, 1, stad.buurt if n % 2 else stad.wijk2, D(2025, 1, 1))
    with django_assert_num_queries(3 + 1):
        behoefteraming(stad.analyse)
