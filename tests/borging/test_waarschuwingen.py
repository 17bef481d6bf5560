"""The early warnings: red indicators, metingen that are due and missing, and afspraken past
their deadline that are not done (services.waarschuwingen, services.afspraken_over_deadline).

Today is 1 March 2025 throughout: the yearly meting of 2024 is due, and so is a quarterly
indicator's 2024 K4. The afspraken's deadline is 31 December 2024.
"""

import datetime
from decimal import Decimal

import pytest

from borging import services
from borging.models import Frequentie, Indicator
from prestatieafspraken.models import Afspraak, Overeenkomst
from tests.borging.factories import IndicatorFactory, MetingFactory, StreefwaardeFactory
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from uitvoering.models import Activiteit

VANDAAG = datetime.date(2025, 3, 1)
DEADLINE = datetime.date(2024, 12, 31)
S = Activiteit.Status
D = Decimal


# --- afspraken_over_deadline ----------------------------------------------------------------------


@pytest.fixture
def overeenkomst(wereld):
    return OvereenkomstFactory(gemeente=wereld.gemeente)


@pytest.fixture
def programma(wereld):
    return UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)


@pytest.fixture
def afspraak(overeenkomst):
    """110 geclusterde woningen by the end of 2024."""

    def maak(**velden):
        velden.setdefault("deadline", DEADLINE)
        velden.setdefault("aantal", 110)
        velden.setdefault("eenheid", "woningen" if velden["aantal"] else "")
        velden.setdefault("overeenkomst", overeenkomst)
        return AfspraakFactory(**velden)

    return maak


@pytest.fixture
def activiteit(programma):
    def maak(afspraak, status, gerealiseerd=None, aantal=None):
        return ActiviteitFactory(
            programma=programma,
            afspraak=afspraak,
            status=status,
            aantal=aantal,
            gerealiseerd_aantal=gerealiseerd,
        )

    return maak


def over_deadline(vandaag=VANDAAG):
    return list(services.afspraken_over_deadline(Afspraak.objects.all(), vandaag))


def test_an_afspraak_with_an_open_activiteit_past_its_deadline_is_reported(afspraak, activiteit):
    open_werk = afspraak()
    activiteit(open_werk, S.GEREED, gerealiseerd=80)
    activiteit(open_werk, S.IN_UITVOERING, gerealiseerd=30)  # 80 + 30 = 110, yet not done
    assert over_deadline() == [open_werk]


@pytest.mark.parametrize("status", [S.GEPLAND, S.IN_UITVOERING, S.VERTRAAGD])
def test_every_open_status_counts_as_open_work(afspraak, activiteit, status):
    gepland = afspraak(aantal=None)
    activiteit(gepland, status)
    assert over_deadline() == [gepland]


def test_an_afspraak_whose_activiteiten_are_done_and_realise_the_target_is_not_reported(
    afspraak, activiteit
):
    klaar = afspraak()
    activiteit(klaar, S.GEREED, gerealiseerd=60)
    activiteit(klaar, S.GEREED, gerealiseerd=50)  # 60 + 50 = 110
    assert over_deadline() == []


def test_more_than_the_target_is_done_too(afspraak, activiteit):
    activiteit(afspraak(), S.GEREED, gerealiseerd=120)
    assert over_deadline() == []


def test_done_activiteiten_that_realise_less_than_agreed_are_reported(afspraak, activiteit):
    te_weinig = afspraak()
    activiteit(te_weinig, S.GEREED, gerealiseerd=60)
    activiteit(te_weinig, S.GEREED, gerealiseerd=49)  # 109 of 110
    assert over_deadline() == [te_weinig]


def test_a_done_activiteit_without_reported_realisation_realised_nothing(afspraak, activiteit):
    onbekend = afspraak()
    activiteit(onbekend, S.GEREED, gerealiseerd=None)
    assert over_deadline() == [onbekend]


def test_without_a_target_done_activiteiten_are_enough(afspraak, activiteit):
    activiteit(afspraak(aantal=None), S.GEREED)
    assert over_deadline() == []


def test_a_cancelled_activiteit_realises_nothing_for_the_target(afspraak, activiteit):
    # 60 done, and the 50 of the cancelled one do not count: 60 of 110
    geannuleerd = afspraak()
    activiteit(geannuleerd, S.GEREED, gerealiseerd=60)
    activiteit(geannuleerd, S.GEANNULEERD, gerealiseerd=50)
    assert over_deadline() == [geannuleerd]


def test_a_cancelled_activiteit_is_not_open_work(afspraak, activiteit):
    klaar = afspraak()
    activiteit(klaar, S.GEREED, gerealiseerd=110)
    activiteit(klaar, S.GEANNULEERD)
    assert over_deadline() == []


def test_an_afspraak_nothing_carries_out_is_reported(afspraak):
    niets = afspraak(nummer="2.1")
    zonder_doel = afspraak(nummer="2.2", aantal=None)
    assert over_deadline() == [niets, zonder_doel]


def test_an_afspraak_whose_only_activiteit_was_cancelled_is_carried_out_by_nothing(
    afspraak, activiteit
):
    zonder_doel = afspraak(aantal=None)
    activiteit(zonder_doel, S.GEANNULEERD)
    assert over_deadline() == [zonder_doel]


def test_an_afspraak_of_a_terminated_overeenkomst_is_not_reported(wereld, afspraak):
    beeindigd = OvereenkomstFactory(gemeente=wereld.gemeente, status=Overeenkomst.Status.BEEINDIGD)
    afspraak(overeenkomst=beeindigd)
    ondertekend = OvereenkomstFactory(
        gemeente=wereld.gemeente, status=Overeenkomst.Status.ONDERTEKEND
    )
    lopend = afspraak(overeenkomst=ondertekend)
    assert over_deadline() == [lopend]


def test_an_afspraak_is_late_only_after_its_deadline(afspraak):
    afspraak(deadline=VANDAAG)  # due today: not late yet
    afspraak(deadline=datetime.date(2025, 12, 31))
    afspraak(deadline=None)
    gisteren = afspraak(deadline=VANDAAG - datetime.timedelta(days=1))
    assert over_deadline() == [gisteren]


def test_late_afspraken_come_in_order_of_deadline_once_each(afspraak, activiteit):
    later = afspraak(deadline=datetime.date(2024, 12, 31))
    eerder = afspraak(deadline=datetime.date(2024, 6, 30))
    for _i in range(3):
        activiteit(later, S.IN_UITVOERING, gerealiseerd=10)
    assert over_deadline() == [eerder, later]


def test_only_the_afspraken_given_are_considered(wereld, afspraak):
    eigen = afspraak()
    afspraak(overeenkomst=OvereenkomstFactory(gemeente=wereld.andere_gemeente))
    gevonden = services.afspraken_over_deadline(
        Afspraak.objects.filter(overeenkomst__gemeente=wereld.gemeente), VANDAAG
    )
    assert list(gevonden) == [eigen]


# --- waarschuwingen -------------------------------------------------------------------------------


def indicator_met_traject(wereld, naam, **velden):
    """From 0 in 2021 to 110 in 2025: 2024 expects 82.5."""
    indicator = IndicatorFactory(
        gemeente=wereld.gemeente,
        naam=naam,
        eigenaar=wereld.corporatie,
        nulmeting=D(0),
        nulmeting_jaar=2021,
        **velden,
    )
    StreefwaardeFactory(indicator=indicator, jaar=2025, waarde=D(110))
    return indicator


@pytest.fixture
def indicatoren(wereld):
    rood = indicator_met_traject(wereld, "Rood")
    MetingFactory(indicator=rood, jaar=2024, waarde=D(60))  # 22.5 behind
    groen = indicator_met_traject(wereld, "Groen")
    MetingFactory(indicator=groen, jaar=2024, waarde=D(90))
    oud_rood = indicator_met_traject(wereld, "Oud rood")
    MetingFactory(indicator=oud_rood, jaar=2023, waarde=D(10))  # 45 behind 55, and 2024 missing
    kwartaal = indicator_met_traject(wereld, "Kwartaal", frequentie=Frequentie.PER_KWARTAAL)
    MetingFactory(indicator=kwartaal, jaar=2024, kwartaal=3, waarde=D(80))  # K4 missing
    zonder = IndicatorFactory(gemeente=wereld.gemeente, naam="Zonder traject")  # nothing due
    return {
        "rood": rood,
        "groen": groen,
        "oud_rood": oud_rood,
        "kwartaal": kwartaal,
        "zonder": zonder,
    }


def test_the_warnings_name_red_indicators_and_missing_metingen(
    wereld, indicatoren, afspraak, django_assert_num_queries
):
    late = afspraak()
    indicatoren_qs = services.met_metingen(Indicator.objects.filter(gemeente=wereld.gemeente))
    afspraken_qs = services.afspraken_over_deadline(Afspraak.objects.all(), VANDAAG)

    # indicatoren, their streefwaarden, their metingen; the late afspraken: nothing per row
    with django_assert_num_queries(4):
        uitkomst = services.waarschuwingen(indicatoren_qs, afspraken_qs, VANDAAG)

    assert [(i.naam, licht.kleur) for i, licht in uitkomst.rood] == [
        ("Oud rood", services.ROOD),
        ("Rood", services.ROOD),
    ]
    rood = {i.naam: licht for i, licht in uitkomst.rood}
    assert (rood["Rood"].jaar, rood["Rood"].verwacht) == (2024, D("82.5"))
    assert (rood["Oud rood"].jaar, rood["Oud rood"].verwacht) == (2023, D(55))
    assert [(i.naam, periode) for i, periode in uitkomst.zonder_meting] == [
        ("Kwartaal", "2024 K4"),
        ("Oud rood", "2024"),
    ]
    assert uitkomst.over_deadline == [late]
    assert uitkomst.aantal == 2 + 2 + 1


def test_no_warnings_when_all_is_well(wereld):
    goed = indicator_met_traject(wereld, "Goed")
    MetingFactory(indicator=goed, jaar=2024, waarde=D(82.5))
    uitkomst = services.waarschuwingen(
        services.met_metingen(Indicator.objects.all()), Afspraak.objects.none(), VANDAAG
    )
    assert (uitkomst.rood, uitkomst.zonder_meting, uitkomst.over_deadline) == ([], [], [])
    assert uitkomst.aantal == 0


def test_an_oranje_indicator_is_not_a_red_warning(wereld):
    oranje = indicator_met_traject(wereld, "Oranje")
    MetingFactory(indicator=oranje, jaar=2024, waarde=D(75))  # 7.5 behind, within 11
    uitkomst = services.waarschuwingen(services.met_metingen(Indicator.objects.all()), [], VANDAAG)
    assert uitkomst.rood == []
