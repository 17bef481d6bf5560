"""The trajectory and the stoplicht: plain functions over plain numbers, worked out by hand.

The running example: a nulmeting of 0 in 2021 and a streefwaarde of 110 geclusterde woningen in
2025. The straight line climbs 110 / 4 = 27.5 a year: 27.5 (2022), 55 (2023), 82.5 (2024). The
whole way is 110, so TOLERANTIE (10%) allows 11 behind before the light turns red.
"""

import datetime
from decimal import Decimal

import pytest

from borging import services
from borging.models import Frequentie, Indicator, Meting, Richting
from borging.services import GRIJS, GROEN, ORANJE, ROOD
from tests.borging.factories import IndicatorFactory, MetingFactory, StreefwaardeFactory
from tests.woonzorg.factories import GebiedFactory

D = Decimal
NUL_2021 = (2021, D(0))
STREEF_2025 = [(2025, D(110))]


def licht(jaar, gemeten, *, richting=Richting.HOGER, nulmeting=NUL_2021, streef=STREEF_2025):
    return services.stoplicht(
        richting=richting,
        nulmeting=nulmeting,
        streefwaarden=streef,
        jaar=jaar,
        gemeten=None if gemeten is None else D(str(gemeten)),
    )


# --- traject and verwachte_waarde ----------------------------------------------------------------


def test_the_trajectory_is_a_straight_line_from_nulmeting_to_streefwaarde():
    # 110 / (2025 - 2021) = 27.5 a year
    assert services.traject(NUL_2021, STREEF_2025) == {
        2021: D(0),
        2022: D("27.5"),
        2023: D(55),
        2024: D("82.5"),
        2025: D(110),
    }


def test_several_streefwaarden_make_a_piecewise_line_whatever_their_order():
    # 100 (2020) → 200 (2022): +50 a year; 200 (2022) → 400 (2026): +50 a year; then flat,
    # 400 (2026) → 400 (2028).
    verwacht = services.traject((2020, D(100)), [(2026, D(400)), (2022, D(200)), (2028, D(400))])
    assert verwacht == {
        2020: D(100),
        2021: D(150),
        2022: D(200),
        2023: D(250),
        2024: D(300),
        2025: D(350),
        2026: D(400),
        2027: D(400),
        2028: D(400),
    }


def test_a_piecewise_line_changes_slope_at_each_streefwaarde():
    # 0 (2020) → 10 (2022): +5 a year; 10 (2022) → 70 (2024): +30 a year
    verwacht = services.traject((2020, D(0)), [(2022, D(10)), (2024, D(70))])
    assert [verwacht[j] for j in range(2020, 2025)] == [D(0), D(5), D(10), D(40), D(70)]


def test_a_lower_is_better_trajectory_descends():
    # 40 (2020) → 20 (2024): −5 a year
    verwacht = services.traject((2020, D(40)), [(2024, D(20))])
    assert [verwacht[j] for j in range(2020, 2025)] == [D(40), D(35), D(30), D(25), D(20)]


def test_without_a_nulmeting_the_trajectory_starts_at_the_first_streefwaarde():
    # 50 (2023) → 150 (2025): +50 a year; nothing before 2023
    verwacht = services.traject(None, [(2023, D(50)), (2025, D(150))])
    assert verwacht == {2023: D(50), 2024: D(100), 2025: D(150)}
    assert services.traject(None, [(2025, D(110))]) == {2025: D(110)}


def test_a_nulmeting_in_or_after_the_first_streefwaarde_year_is_not_a_starting_point():
    assert services.traject((2025, D(0)), [(2025, D(110))]) == {2025: D(110)}
    assert services.traject((2026, D(0)), [(2025, D(110))]) == {2025: D(110)}


def test_a_nulmeting_alone_is_no_trajectory_to_a_target():
    assert services.traject((2021, D(5)), []) == {2021: D(5)}
    assert services.traject(None, []) == {}


def test_uneven_steps_are_exact_fractions():
    # 100 / 3 a year: 33.33…, 66.66…
    verwacht = services.traject((2022, D(0)), [(2025, D(100))])
    assert verwacht[2023] == D(100) / 3
    assert verwacht[2024] == D(200) / 3


def test_the_expected_value_is_held_after_the_last_streefwaarde_and_absent_before_the_start():
    verwacht = services.traject(NUL_2021, STREEF_2025)
    assert services.verwachte_waarde(verwacht, 2024) == D("82.5")
    assert services.verwachte_waarde(verwacht, 2026) == D(110)
    assert services.verwachte_waarde(verwacht, 2040) == D(110)
    assert services.verwachte_waarde(verwacht, 2020) is None
    assert services.verwachte_waarde({}, 2024) is None


# --- stoplicht: higher is better -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("gemeten", "kleur"),
    [
        (85, GROEN),  # 2.5 ahead of 82.5
        ("82.5", GROEN),  # exactly on the line
        (75, ORANJE),  # 7.5 behind, within 11
        ("71.5", ORANJE),  # exactly 11 behind: the edge of the tolerance is still oranje
        ("71.4", ROOD),  # 11.1 behind
        (60, ROOD),  # 22.5 behind
    ],
)
def test_the_stoplicht_compares_the_meting_with_the_trajectory(gemeten, kleur):
    uitkomst = licht(2024, gemeten)
    assert uitkomst.kleur == kleur
    assert (uitkomst.jaar, uitkomst.gemeten, uitkomst.verwacht) == (
        2024,
        D(str(gemeten)),
        D("82.5"),
    )


def test_the_reason_names_the_meting_and_the_expected_value_in_dutch_notation():
    assert licht(2024, 85).reden == "85 gemeten in 2024; het traject vraagt 82,5."
    assert licht(2024, 75).reden == "75 gemeten in 2024; het traject vraagt 82,5: iets achter."
    assert licht(2024, 60).reden == "60 gemeten in 2024; het traject vraagt 82,5: achter."
    assert (licht(2024, 85).label, licht(2024, 75).label, licht(2024, 60).label) == (
        "op koers",
        "iets achter",
        "achter",
    )


def test_an_uneven_expected_value_is_rounded_to_one_decimal_in_the_reason():
    # 0 (2022) → 100 (2025): 2024 expects 66.66…; 60 is 6.67 behind, within 10 (10% of 100)
    uitkomst = licht(2024, 60, nulmeting=(2022, D(0)), streef=[(2025, D(100))])
    assert uitkomst.kleur == ORANJE
    assert uitkomst.reden == "60 gemeten in 2024; het traject vraagt 66,7: iets achter."


def test_after_the_last_streefwaarde_the_target_is_held():
    # 2026 still expects 110; 100 is 10 behind (oranje), 98 is 12 behind (rood)
    assert licht(2026, 110).kleur == GROEN
    assert licht(2026, 100).kleur == ORANJE
    assert licht(2026, 98).kleur == ROOD
    assert licht(2026, 98).verwacht == D(110)


def test_in_the_nulmeting_year_the_nulmeting_is_expected():
    assert licht(2021, 0).kleur == GROEN
    assert licht(2021, 0).verwacht == D(0)


def test_piecewise_tolerance_is_a_tenth_of_the_whole_way():
    # 100 (2020) → 200 (2022) → 400 (2026): 2024 expects 300; the whole way 400 − 100 = 300,
    # so 30 behind is still oranje
    streef = [(2022, D(200)), (2026, D(400))]
    nulmeting = (2020, D(100))
    assert licht(2024, 300, nulmeting=nulmeting, streef=streef).kleur == GROEN
    assert licht(2024, 275, nulmeting=nulmeting, streef=streef).kleur == ORANJE  # 25 behind
    assert licht(2024, 270, nulmeting=nulmeting, streef=streef).kleur == ORANJE  # 30 behind
    assert licht(2024, 265, nulmeting=nulmeting, streef=streef).kleur == ROOD  # 35 behind
    # In 2021 (expects 150) a small early step does not turn red at once: 125 is 25 behind.
    assert licht(2021, 125, nulmeting=nulmeting, streef=streef).kleur == ORANJE


# --- stoplicht: lower is better ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gemeten", "kleur"),
    [
        (25, GROEN),  # 5 below the 30 expected in 2022: ahead
        (30, GROEN),  # on the line
        ("31.5", ORANJE),  # 1.5 above, within 2 (10% of 40 − 20)
        (32, ORANJE),  # exactly 2 above
        (33, ROOD),  # 3 above
    ],
)
def test_lower_is_better_turns_the_comparison_around(gemeten, kleur):
    # 40 (2020) → 20 (2024): 2022 expects 30
    uitkomst = licht(
        2022,
        gemeten,
        richting=Richting.LAGER,
        nulmeting=(2020, D(40)),
        streef=[(2024, D(20))],
    )
    assert (uitkomst.kleur, uitkomst.verwacht) == (kleur, D(30))


def test_the_same_meting_is_green_or_red_depending_on_the_direction():
    # 0 (2021) → 110 (2025) with a meting of 100 in 2024 (expected 82.5): ahead when higher is
    # better; 17.5 too high, more than 11, when lower is better.
    assert licht(2024, 100, richting=Richting.HOGER).kleur == GROEN
    assert licht(2024, 100, richting=Richting.LAGER).kleur == ROOD


# --- stoplicht: no judgement ---------------------------------------------------------------------


def test_without_streefwaarde_the_light_is_grey():
    uitkomst = licht(2024, 85, streef=[])
    assert uitkomst.kleur == GRIJS
    assert uitkomst.reden == "Er is nog geen streefwaarde."
    assert uitkomst.label == "geen oordeel"


@pytest.mark.parametrize(("jaar", "gemeten"), [(2024, None), (None, None), (None, 85)])
def test_without_a_meting_the_light_is_grey(jaar, gemeten):
    uitkomst = licht(jaar, gemeten)
    assert uitkomst.kleur == GRIJS
    assert uitkomst.reden == "Er is nog geen meting."


def test_a_meting_before_the_trajectory_starts_is_grey():
    uitkomst = licht(2020, 50)
    assert uitkomst.kleur == GRIJS
    assert uitkomst.verwacht is None
    assert uitkomst.reden == "Het traject begint pas na 2020."


def test_without_a_nulmeting_the_first_streefwaarde_starts_the_trajectory():
    # 50 (2023) → 150 (2025): 2024 expects 100, the whole way is 100 so 10 behind is oranje
    streef = [(2023, D(50)), (2025, D(150))]
    assert licht(2022, 40, nulmeting=None, streef=streef).kleur == GRIJS
    assert licht(2024, 100, nulmeting=None, streef=streef).kleur == GROEN
    assert licht(2024, 92, nulmeting=None, streef=streef).kleur == ORANJE
    assert licht(2024, 89, nulmeting=None, streef=streef).kleur == ROOD


def test_a_single_streefwaarde_without_nulmeting_measures_the_tolerance_against_the_target():
    # Only 110 in 2025: there is no way to measure, so the target itself is the yardstick:
    # 10% of 110 = 11. 2024 is before the trajectory.
    assert licht(2024, 100, nulmeting=None).kleur == GRIJS
    assert licht(2025, 100, nulmeting=None).kleur == ORANJE  # 10 behind
    assert licht(2025, 98, nulmeting=None).kleur == ROOD  # 12 behind
    assert licht(2027, 98, nulmeting=None).kleur == ROOD  # held after 2025


# --- jaarwaarden ----------------------------------------------------------------------------------


def meting(jaar, waarde, kwartaal=None, gebied_id=None):
    return Meting(jaar=jaar, kwartaal=kwartaal, gebied_id=gebied_id, waarde=D(waarde))


def test_the_year_value_is_the_years_own_meting_else_its_latest_quarter():
    waarden = services.jaarwaarden(
        [
            meting(2024, 30, kwartaal=4),
            meting(2023, 10, kwartaal=1),
            meting(2023, 25, kwartaal=3),  # the latest quarter of 2023
            meting(2023, 20, kwartaal=2),
            meting(2024, 28),  # the year's own meting beats K4
            meting(2022, 5),
        ]
    )
    assert waarden == {2022: D(5), 2023: D(25), 2024: D(28)}
    assert list(waarden) == [2022, 2023, 2024]


def test_gebied_metingen_are_not_the_gemeentes_value():
    waarden = services.jaarwaarden(
        [
            meting(2024, 99, gebied_id=7),
            meting(2024, 12, kwartaal=2),
            meting(2024, 98, kwartaal=4, gebied_id=7),
            meting(2023, 50, gebied_id=7),
        ]
    )
    assert waarden == {2024: D(12)}


def test_no_metingen_no_year_values():
    assert services.jaarwaarden([]) == {}


# --- laatste_periode and meting_ontbreekt --------------------------------------------------------

J, K = Frequentie.JAARLIJKS, Frequentie.PER_KWARTAAL


@pytest.mark.parametrize(
    ("frequentie", "vandaag", "periode"),
    [
        (J, datetime.date(2025, 1, 1), (2024, None)),
        (J, datetime.date(2025, 1, 31), (2024, None)),
        (J, datetime.date(2025, 12, 31), (2024, None)),
        (K, datetime.date(2025, 1, 15), (2024, 4)),  # January: last year's Q4
        (K, datetime.date(2025, 3, 31), (2024, 4)),  # still Q1
        (K, datetime.date(2025, 4, 1), (2025, 1)),
        (K, datetime.date(2025, 6, 30), (2025, 1)),
        (K, datetime.date(2025, 7, 1), (2025, 2)),
        (K, datetime.date(2025, 10, 1), (2025, 3)),
        (K, datetime.date(2025, 12, 31), (2025, 3)),
    ],
)
def test_the_last_period_that_has_ended(frequentie, vandaag, periode):
    assert services.laatste_periode(frequentie, vandaag) == periode


@pytest.fixture
def jaarlijks(db):
    """Yearly, from a nulmeting in 2021 to 110 in 2025."""
    indicator = IndicatorFactory(nulmeting=D(0), nulmeting_jaar=2021)
    StreefwaardeFactory(indicator=indicator, jaar=2025, waarde=D(110))
    return indicator


@pytest.fixture
def per_kwartaal(db):
    indicator = IndicatorFactory(
        frequentie=Frequentie.PER_KWARTAAL, nulmeting=D(0), nulmeting_jaar=2021
    )
    StreefwaardeFactory(indicator=indicator, jaar=2025, waarde=D(110))
    return indicator


def ontbreekt(indicator, vandaag):
    indicator = services.met_metingen(Indicator.objects.filter(pk=indicator.pk)).get()
    return services.meting_ontbreekt(indicator, vandaag)


def test_a_yearly_meting_of_last_year_is_due_in_january(jaarlijks):
    assert ontbreekt(jaarlijks, datetime.date(2024, 1, 15)) == (2023, None)


def test_last_years_meting_ends_the_warning(jaarlijks):
    MetingFactory(indicator=jaarlijks, jaar=2023)
    assert ontbreekt(jaarlijks, datetime.date(2024, 1, 15)) is None


def test_an_older_meting_or_a_gebied_meting_does_not_end_the_warning(jaarlijks):
    MetingFactory(indicator=jaarlijks, jaar=2022)
    MetingFactory(indicator=jaarlijks, jaar=2023, gebied=GebiedFactory(gemeente=jaarlijks.gemeente))
    assert ontbreekt(jaarlijks, datetime.date(2024, 1, 15)) == (2023, None)


@pytest.mark.parametrize(
    ("vandaag", "periode"),
    [
        (datetime.date(2021, 6, 1), None),  # 2020 is before the nulmeting
        (datetime.date(2022, 1, 10), None),  # 2021 is the nulmeting's own year
        (datetime.date(2023, 1, 1), (2022, None)),  # the first year after it
        (datetime.date(2026, 1, 5), (2025, None)),  # the last streefwaarde's year
        (datetime.date(2027, 3, 1), None),  # 2026: the trajectory has ended
    ],
)
def test_a_meting_is_due_while_the_trajectory_runs(jaarlijks, vandaag, periode):
    assert ontbreekt(jaarlijks, vandaag) == periode


def test_without_nulmeting_metingen_are_due_from_the_first_streefwaarde(db):
    indicator = IndicatorFactory()
    StreefwaardeFactory(indicator=indicator, jaar=2023, waarde=D(50))
    StreefwaardeFactory(indicator=indicator, jaar=2025, waarde=D(150))
    assert ontbreekt(indicator, datetime.date(2023, 6, 1)) is None  # 2022 comes before 2023
    assert ontbreekt(indicator, datetime.date(2024, 2, 1)) == (2023, None)


def test_without_nulmeting_and_streefwaarde_nothing_is_due(db):
    assert ontbreekt(IndicatorFactory(), datetime.date(2024, 2, 1)) is None


def test_a_quarterly_meting_of_q4_is_due_in_january(per_kwartaal):
    MetingFactory(indicator=per_kwartaal, jaar=2023, kwartaal=3)
    assert ontbreekt(per_kwartaal, datetime.date(2024, 1, 15)) == (2023, 4)
    assert ontbreekt(per_kwartaal, datetime.date(2024, 3, 31)) == (2023, 4)
    MetingFactory(indicator=per_kwartaal, jaar=2023, kwartaal=4)
    assert ontbreekt(per_kwartaal, datetime.date(2024, 1, 15)) is None


def test_a_quarterly_meting_of_q1_is_due_from_april(per_kwartaal):
    MetingFactory(indicator=per_kwartaal, jaar=2023, kwartaal=4)
    assert ontbreekt(per_kwartaal, datetime.date(2024, 4, 1)) == (2024, 1)
    MetingFactory(indicator=per_kwartaal, jaar=2024, kwartaal=1)
    assert ontbreekt(per_kwartaal, datetime.date(2024, 4, 1)) is None
    assert ontbreekt(per_kwartaal, datetime.date(2024, 7, 1)) == (2024, 2)


def test_a_year_meting_covers_a_quarterly_indicators_q4(per_kwartaal):
    MetingFactory(indicator=per_kwartaal, jaar=2023, kwartaal=None)
    assert ontbreekt(per_kwartaal, datetime.date(2024, 2, 1)) is None


def test_a_gebied_meting_does_not_cover_a_quarter(per_kwartaal):
    gebied = GebiedFactory(gemeente=per_kwartaal.gemeente)
    MetingFactory(indicator=per_kwartaal, jaar=2023, kwartaal=4, gebied=gebied)
    assert ontbreekt(per_kwartaal, datetime.date(2024, 2, 1)) == (2023, 4)


def test_periode_tekst():
    assert services.periode_tekst((2023, None)) == "2023"
    assert services.periode_tekst((2023, 4)) == "2023 K4"


# --- stoplicht_van on an indicator in the database -----------------------------------------------


def geladen(indicator):
    return services.met_metingen(Indicator.objects.filter(pk=indicator.pk)).get()


def test_stoplicht_van_judges_the_latest_year_from_its_latest_quarter(
    per_kwartaal, django_assert_num_queries
):
    gebied = GebiedFactory(gemeente=per_kwartaal.gemeente)
    MetingFactory(indicator=per_kwartaal, jaar=2023, kwartaal=4, waarde=D(50))
    MetingFactory(indicator=per_kwartaal, jaar=2024, kwartaal=2, waarde=D(60))
    MetingFactory(indicator=per_kwartaal, jaar=2024, kwartaal=4, waarde=D(85))
    MetingFactory(indicator=per_kwartaal, jaar=2025, kwartaal=1, waarde=D(1), gebied=gebied)
    indicator = geladen(per_kwartaal)

    with django_assert_num_queries(0):  # everything comes from the prefetch
        laatste = services.stoplicht_van(indicator)
        vorig = services.stoplicht_van(indicator, 2023)
        zonder = services.stoplicht_van(indicator, 2022)

    # 2024 (the gebied's 2025 meting does not count): K4 85 against 82.5
    assert (laatste.kleur, laatste.jaar, laatste.gemeten, laatste.verwacht) == (
        GROEN,
        2024,
        D(85),
        D("82.5"),
    )
    # 2023: 50 against 55, 5 behind
    assert (vorig.kleur, vorig.gemeten, vorig.verwacht) == (ORANJE, D(50), D(55))
    assert (zonder.kleur, zonder.reden) == (GRIJS, "Er is nog geen meting.")


def test_stoplicht_van_a_lower_is_better_indicator(db):
    # Wachtenden: 40 (2020) → 20 (2024); 2023 expects 25, the whole way is 20
    indicator = IndicatorFactory(richting=Richting.LAGER, nulmeting=D(40), nulmeting_jaar=2020)
    StreefwaardeFactory(indicator=indicator, jaar=2024, waarde=D(20))
    MetingFactory(indicator=indicator, jaar=2022, waarde=D(28))
    MetingFactory(indicator=indicator, jaar=2023, waarde=D(26))
    assert services.stoplicht_van(geladen(indicator)).kleur == ORANJE  # 1 above 25
    assert services.stoplicht_van(geladen(indicator), 2022).kleur == GROEN  # 28 below 30


def test_stoplicht_van_without_metingen_or_streefwaarde_is_grey(jaarlijks, db):
    assert services.stoplicht_van(geladen(jaarlijks)).reden == "Er is nog geen meting."
    zonder_streef = IndicatorFactory()
    MetingFactory(indicator=zonder_streef, jaar=2024)
    assert services.stoplicht_van(geladen(zonder_streef)).reden == "Er is nog geen streefwaarde."


def test_stoplicht_van_a_meting_far_behind_is_red(jaarlijks):
    MetingFactory(indicator=jaarlijks, jaar=2024, waarde=D(60))  # 22.5 behind 82.5
    uitkomst = services.stoplicht_van(geladen(jaarlijks))
    assert uitkomst.kleur == ROOD
    assert uitkomst.reden == "60 gemeten in 2024; het traject vraagt 82,5: achter."


def test_a_quarter_is_judged_against_the_trajectory_at_the_end_of_that_quarter():
    # 0 in 2024 to 100 in 2026: the end of 2024 asks 0, of 2025 asks 50; the end of 2025 K1 is
    # a quarter of the way from 0 to 50: 12.5, K2 25, K3 37.5.
    verwacht = services.traject((2024, D(0)), [(2026, D(100))])
    assert services.verwachte_waarde(verwacht, 2025, 1) == D("12.5")
    assert services.verwachte_waarde(verwacht, 2025, 3) == D("37.5")
    assert services.verwachte_waarde(verwacht, 2025, 4) == D(50)
    assert services.verwachte_waarde(verwacht, 2025) == D(50)

    uitkomst = services.stoplicht(
        richting=Richting.HOGER,
        nulmeting=(2024, D(0)),
        streefwaarden=[(2026, D(100))],
        jaar=2025,
        kwartaal=1,
        gemeten=D(15),
    )
    # 15 at the end of K1 is ahead of 12.5; against the year's 50 it would have been rood
    assert (uitkomst.kleur, uitkomst.verwacht) == (GROEN, D("12.5"))
    assert uitkomst.reden == "15 gemeten in 2025 K1; het traject vraagt 12,5."


def test_an_indicator_of_a_gebied_is_judged_on_that_gebied_before_the_whole_gemeente(db):
    wijk = GebiedFactory()
    indicator = IndicatorFactory(gemeente=wijk.gemeente, gebied=wijk, nulmeting=D(0))
    Indicator.objects.filter(pk=indicator.pk).update(nulmeting_jaar=2020)
    StreefwaardeFactory(indicator=indicator, jaar=2024, waarde=D(40))
    MetingFactory(indicator=indicator, jaar=2024, waarde=D(500))  # the whole gemeente
    MetingFactory(indicator=indicator, jaar=2024, gebied=wijk, waarde=D(20))  # its own wijk

    uitkomst = services.stoplicht_van(geladen(indicator))
    assert (uitkomst.kleur, uitkomst.gemeten) == (ROOD, D(20))
