"""The afwegingskader: initiatieven scored against weighted criteria, ranked, and saved in one go.

uitslag() is a plain function over criteria and beoordelingen, so it is tested on unsaved
instances with numbers worked out by hand; rangschik() and beoordeel() run against the database.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.visies.factories import (
    AfwegingscriteriumFactory,
    BeoordelingFactory,
    InitiatiefFactory,
    WoonzorgvisieFactory,
)
from visies import services
from visies.models import Afwegingscriterium, Beoordeling, Initiatief


def criteria(*wegingen) -> list[Afwegingscriterium]:
    return [
        Afwegingscriterium(pk=nummer, naam=f"Criterium {nummer}", weging=weging)
        for nummer, weging in enumerate(wegingen, start=1)
    ]


def scores(*punten) -> list[Beoordeling]:
    """Beoordelingen of criteria 1, 2, … in that order; None leaves a criterion unscored."""
    return [
        Beoordeling(criterium_id=nummer, score=score)
        for nummer, score in enumerate(punten, start=1)
        if score is not None
    ]


INITIATIEF = Initiatief(titel="Knarrenhof")


# --- uitslag --------------------------------------------------------------------------------


def test_the_uitslag_weighs_each_score_against_the_maximum():
    # 3×5 + 2×3 + 1×0 = 21 of (3+2+1)×5 = 30 → 70.0%
    uitslag = services.uitslag(INITIATIEF, criteria(3, 2, 1), scores(5, 3, 0))

    assert uitslag.initiatief is INITIATIEF
    assert uitslag.punten == 21
    assert uitslag.maximum == 30
    assert uitslag.percentage == Decimal("70.0")
    assert uitslag.ontbreekt == ()
    assert uitslag.volledig is True
    assert uitslag.plaats is None  # only rangschik gives places


def test_a_score_of_zero_is_a_score():
    # 2×0 + 1×0 = 0 of 15: complete, 0.0%
    uitslag = services.uitslag(INITIATIEF, criteria(2, 1), scores(0, 0))

    assert (uitslag.punten, uitslag.maximum) == (0, 15)
    assert uitslag.percentage == Decimal("0.0")
    assert uitslag.volledig is True


def test_an_unscored_criterion_counts_as_zero_and_makes_the_uitslag_incomplete():
    # criterion 2 (weging 2) not scored: 3×5 + 1×4 = 19 of 30 → 63.3%, a lower bound
    alle = criteria(3, 2, 1)
    uitslag = services.uitslag(INITIATIEF, alle, scores(5, None, 4))

    assert uitslag.punten == 19
    assert uitslag.maximum == 30
    assert uitslag.percentage == Decimal("63.3")
    assert uitslag.ontbreekt == (alle[1],)
    assert uitslag.volledig is False


def test_without_any_score_every_criterion_is_missing():
    alle = criteria(3, 2)
    uitslag = services.uitslag(INITIATIEF, alle, [])

    assert (uitslag.punten, uitslag.maximum) == (0, 25)
    assert uitslag.percentage == Decimal("0.0")
    assert uitslag.ontbreekt == tuple(alle)
    assert uitslag.volledig is False


def test_without_criteria_there_is_no_percentage():
    uitslag = services.uitslag(INITIATIEF, [], [])

    assert (uitslag.punten, uitslag.maximum) == (0, 0)
    assert uitslag.percentage is None
    assert uitslag.volledig is False


def test_a_score_on_a_criterion_outside_the_kader_is_ignored():
    # criterion 3 is not passed in: only 2×4 = 8 of 10 counts → 80.0%
    uitslag = services.uitslag(INITIATIEF, criteria(2), scores(4, None, 5))

    assert (uitslag.punten, uitslag.maximum) == (8, 10)
    assert uitslag.percentage == Decimal("80.0")


@pytest.mark.parametrize(
    ("wegingen", "punten", "percentage"),
    [
        # 1 of (10+5+1)×5 = 80 → 1.25 → 1.3 (half up, not to even)
        ((10, 5, 1), (0, 0, 1), Decimal("1.3")),
        # 1×4 + 2×3 = 10 of 15 → 66.666… → 66.7
        ((1, 2), (4, 3), Decimal("66.7")),
        # 1×1 = 1 of 15 → 6.666… → 6.7
        ((1, 2), (1, 0), Decimal("6.7")),
        # 3×5 + 2×5 + 1×5 = 30 of 30
        ((3, 2, 1), (5, 5, 5), Decimal("100.0")),
    ],
)
def test_the_percentage_is_rounded_half_up_to_one_decimal(wegingen, punten, percentage):
    assert services.uitslag(INITIATIEF, criteria(*wegingen), scores(*punten)).percentage == (
        percentage
    )


# --- rangschik ------------------------------------------------------------------------------


@pytest.fixture
def kader(db):
    """A visie with criteria weighing 3, 2 and 1 (maximum 30 points)."""
    visie = WoonzorgvisieFactory()
    return visie, [
        AfwegingscriteriumFactory(visie=visie, naam=naam, weging=weging)
        for naam, weging in (("Doelgroep", 3), ("Locatie", 2), ("Ontmoeting", 1))
    ]


def initiatief(visie, alle, titel, *punten):
    """An initiatief scored per criterion in the order of `alle`; None leaves one unscored."""
    nieuw = InitiatiefFactory(visie=visie, titel=titel)
    for criterium, score in zip(alle, punten, strict=True):
        if score is not None:
            BeoordelingFactory(initiatief=nieuw, criterium=criterium, score=score)
    return nieuw


def gerangschikt(visie, alle):
    initiatieven = Initiatief.objects.filter(visie=visie).prefetch_related("beoordelingen")
    return [
        (u.initiatief.titel, u.punten, u.percentage, u.plaats)
        for u in services.rangschik(initiatieven, alle)
    ]


def test_complete_assessments_rank_by_points_and_equal_points_share_a_place(kader):
    visie, alle = kader
    initiatief(visie, alle, "Mantelzorgwoning", 1, 1, 1)  # 3+2+1 = 6
    initiatief(visie, alle, "Knarrenhof", 5, 3, 0)  # 15+6+0 = 21
    initiatief(visie, alle, "Hofje", 4, 4, 1)  # 12+8+1 = 21

    assert gerangschikt(visie, alle) == [
        ("Hofje", 21, Decimal("70.0"), 1),  # ties ordered by title
        ("Knarrenhof", 21, Decimal("70.0"), 1),
        ("Mantelzorgwoning", 6, Decimal("20.0"), 3),
    ]


def test_incomplete_assessments_come_last_without_a_place(kader):
    visie, alle = kader
    initiatief(visie, alle, "Nog niets", None, None, None)  # 0, incomplete
    initiatief(visie, alle, "Half", 5, 5, None)  # 15+10 = 25, incomplete
    initiatief(visie, alle, "Volledig", 5, 5, 5)  # 30
    initiatief(visie, alle, "Matig", 2, 2, 2)  # 6+4+2 = 12
    initiatief(visie, alle, "Ook volledig", 5, 5, 5)  # 30

    assert gerangschikt(visie, alle) == [
        ("Ook volledig", 30, Decimal("100.0"), 1),
        ("Volledig", 30, Decimal("100.0"), 1),
        ("Matig", 12, Decimal("40.0"), 3),
        # more points than Matig, but incomplete: after every complete one, by points
        ("Half", 25, Decimal("83.3"), None),
        ("Nog niets", 0, Decimal("0.0"), None),
    ]


def test_ties_are_ordered_by_title_ignoring_case(kader):
    visie, alle = kader
    initiatief(visie, alle, "beschermd wonen", 1, 1, 1)
    initiatief(visie, alle, "Aanleunwoningen", 1, 1, 1)
    initiatief(visie, alle, "Zorgboerderij", 1, 1, 1)

    assert [titel for titel, *_ in gerangschikt(visie, alle)] == [
        "Aanleunwoningen",
        "beschermd wonen",
        "Zorgboerderij",
    ]


def test_without_criteria_nobody_gets_a_place(db):
    visie = WoonzorgvisieFactory()
    InitiatiefFactory(visie=visie, titel="A")
    InitiatiefFactory(visie=visie, titel="B")

    assert gerangschikt(visie, []) == [("A", 0, None, None), ("B", 0, None, None)]


def test_rangschik_makes_no_query_when_beoordelingen_are_prefetched(
    kader, django_assert_num_queries
):
    visie, alle = kader
    initiatief(visie, alle, "Knarrenhof", 5, 3, 0)
    initiatieven = list(Initiatief.objects.filter(visie=visie).prefetch_related("beoordelingen"))

    with django_assert_num_queries(0):
        [uitslag] = services.rangschik(initiatieven, alle)
    assert (uitslag.punten, uitslag.plaats) == (21, 1)


# --- beoordeel ------------------------------------------------------------------------------


def beoordelingen(initiatief):
    return {
        (b.criterium.naam, b.score, b.motivering)
        for b in Beoordeling.objects.filter(initiatief=initiatief).select_related("criterium")
    }


def test_beoordeel_saves_updates_and_deletes_in_one_go(kader):
    visie, (doelgroep, locatie, ontmoeting) = kader
    knarrenhof = InitiatiefFactory(visie=visie)
    BeoordelingFactory(initiatief=knarrenhof, criterium=doelgroep, score=2, motivering="oud")
    BeoordelingFactory(initiatief=knarrenhof, criterium=locatie, score=4, motivering="oud")

    services.beoordeel(
        knarrenhof,
        [
            (doelgroep, 5, "Voor 75-plussers"),  # updated
            (locatie, None, ""),  # deleted
            (ontmoeting, 0, "Geen ontmoetingsruimte"),  # new, and 0 is a score
        ],
    )

    assert beoordelingen(knarrenhof) == {
        ("Doelgroep", 5, "Voor 75-plussers"),
        ("Ontmoeting", 0, "Geen ontmoetingsruimte"),
    }
    assert Beoordeling.objects.count() == 2


def test_beoordeel_without_a_score_for_an_unscored_criterion_changes_nothing(kader):
    visie, (doelgroep, locatie, _ontmoeting) = kader
    knarrenhof = InitiatiefFactory(visie=visie)
    BeoordelingFactory(initiatief=knarrenhof, criterium=doelgroep, score=3, motivering="m")

    services.beoordeel(knarrenhof, [(locatie, None, "")])

    assert beoordelingen(knarrenhof) == {("Doelgroep", 3, "m")}


def test_beoordeel_leaves_other_initiatieven_alone(kader):
    visie, (doelgroep, *_rest) = kader
    knarrenhof, hofje = InitiatiefFactory(visie=visie), InitiatiefFactory(visie=visie)
    BeoordelingFactory(initiatief=hofje, criterium=doelgroep, score=4, motivering="hofje")

    services.beoordeel(knarrenhof, [(doelgroep, 1, "knarrenhof")])
    services.beoordeel(knarrenhof, [(doelgroep, None, "")])

    assert beoordelingen(knarrenhof) == set()
    assert beoordelingen(hofje) == {("Doelgroep", 4, "hofje")}


def test_beoordeel_saves_nothing_when_one_score_fails(kader):
    visie, (doelgroep, locatie, _ontmoeting) = kader
    knarrenhof = InitiatiefFactory(visie=visie)
    BeoordelingFactory(initiatief=knarrenhof, criterium=locatie, score=4, motivering="oud")
    niet_opgeslagen = Afwegingscriterium(visie=visie, naam="Nieuw", weging=1)

    with pytest.raises(ValueError):
        services.beoordeel(
            knarrenhof,
            [(doelgroep, 5, "nieuw"), (locatie, None, ""), (niet_opgeslagen, 3, "")],
        )

    # the first two changes were rolled back with the failing third
    assert beoordelingen(knarrenhof) == {("Locatie", 4, "oud")}


def test_beoordeel_refuses_a_criterion_of_another_visie(kader):
    visie, (doelgroep, *_rest) = kader
    knarrenhof = InitiatiefFactory(visie=visie)
    vreemd = AfwegingscriteriumFactory(naam="Van een andere visie")

    with pytest.raises(ValidationError, match="hoort niet bij de visie"):
        services.beoordeel(knarrenhof, [(doelgroep, 5, "goed"), (vreemd, 5, "goed")])

    assert beoordelingen(knarrenhof) == set()


@pytest.mark.parametrize("score", [-1, 6])
def test_beoordeel_refuses_a_score_outside_0_to_5(kader, score):
    visie, (doelgroep, *_rest) = kader
    knarrenhof = InitiatiefFactory(visie=visie)

    with pytest.raises(ValidationError, match="tussen 0 en 5"):
        services.beoordeel(knarrenhof, [(doelgroep, score, "te veel")])

    assert beoordelingen(knarrenhof) == set()
