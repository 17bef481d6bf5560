"""The dekking of an afspraak: planned and realised output against its target, in total and per
bouwsoort and woonvorm. Plain functions over objects in memory, numbers worked out by hand.

The handreiking's Gemeente A agrees on 110 geclusterde wooneenheden, 80 in nieuwbouw and 30 in
bestaande bouw; Woningcorporatie X plans 20 and Woningcorporatie Y 40 (two units) in bestaande
bouw, the marktpartij 50 in nieuwbouw. The total is covered, yet nieuwbouw has 50 of 80 and
bestaande bouw 60 of 30: a total alone hides that.
"""

import pytest

from prestatieafspraken.models import Afspraak, Bouwsoort
from uitvoering.models import Activiteit
from uitvoering.services import GEDEKT, GEEN_DOEL, ONDER, OVER, Dekkingsregel, bereken_dekking
from woonzorg.models import Woonvorm

GECLUSTERD = Woonvorm(pk=3, code="geclusterde-woonvorm", naam="Geclusterde woonvorm")
NULTREDEN = Woonvorm(pk=1, code="nultredenwoning", naam="Nultredenwoning")

NIEUW, BESTAAND, TRANSFORMATIE = (
    Bouwsoort.NIEUWBOUW,
    Bouwsoort.BESTAANDE_BOUW,
    Bouwsoort.TRANSFORMATIE,
)
S = Activiteit.Status


def afspraak(aantal=110, nieuwbouw=80, bestaand=30, woonvorm=GECLUSTERD):
    return Afspraak(
        nummer="1.1",
        titel="Ontwikkeling van geclusterde woonvormen",
        aantal=aantal,
        eenheid="wooneenheden" if aantal else "",
        aantal_nieuwbouw=nieuwbouw,
        aantal_bestaande_bouw=bestaand,
        woonvorm=woonvorm,
    )


def activiteit(aantal, bouwsoort="", *, status=S.GEPLAND, gerealiseerd=None, woonvorm=None):
    a = Activiteit(titel=f"{aantal} {bouwsoort}", aantal=aantal, bouwsoort=bouwsoort, status=status)
    a.gerealiseerd_aantal = gerealiseerd
    a.woonvorm = woonvorm
    return a


def regels(dekking):
    """(label, tekst, oordeel) per bouwsoort row."""
    return [(r.label, r.tekst, r.oordeel) for r in dekking.per_bouwsoort]


GEMEENTE_A_TWEE_EENHEDEN = [
    activiteit(20, BESTAAND),  # Woningcorporatie X
    activiteit(20, BESTAAND),  # Woningcorporatie Y, cluster 1
    activiteit(20, BESTAAND),  # Woningcorporatie Y, cluster 2
    activiteit(50, NIEUW),  # Marktpartij Ontwikkeling
]
GEMEENTE_A_EEN_EENHEID = [activiteit(20, BESTAAND), activiteit(40, BESTAAND), activiteit(50, NIEUW)]


@pytest.mark.parametrize(
    "activiteiten",
    [GEMEENTE_A_TWEE_EENHEDEN, GEMEENTE_A_EEN_EENHEID],
    ids=["y-in-two-units", "y-as-one-activiteit"],
)
def test_gemeente_a_the_total_is_covered_but_the_split_is_not(activiteiten):
    dekking = bereken_dekking(afspraak(), activiteiten)

    # 20 + 40 + 50 = 110 against 110
    assert (dekking.totaal.tekst, dekking.totaal.oordeel) == ("110 van 110", GEDEKT)
    assert dekking.totaal.verschil == 0
    # nieuwbouw: 50 against 80 (30 to plan); bestaande bouw: 20 + 40 = 60 against 30 (30 over)
    assert regels(dekking) == [
        ("nieuwbouw", "50 van 80", ONDER),
        ("bestaande bouw", "60 van 30", OVER),
    ]
    nieuwbouw, bestaand = dekking.per_bouwsoort
    assert (nieuwbouw.verschil, bestaand.verschil) == (-30, 30)
    assert (nieuwbouw.percentage_gepland, bestaand.percentage_gepland) == (62, 100)  # 50/80
    assert dekking.afwijkingen == [nieuwbouw, bestaand]
    # one woonvorm, the afspraak's own: no rows per woonvorm
    assert dekking.per_woonvorm == []


def test_gemeente_a_the_signalen_say_the_total_hides_the_split():
    assert bereken_dekking(afspraak(), GEMEENTE_A_EEN_EENHEID).signalen == [
        "Het totaal is gedekt (110 van 110), maar de verdeling klopt niet:",
        "Nieuwbouw: 50 van 80 gepland, er ontbreken er 30.",
        "Bestaande bouw: 60 van 30 gepland, 30 meer dan afgesproken.",
    ]


def test_a_covered_split_gives_no_signalen():
    # 50 + 30 nieuwbouw = 80; 30 bestaande bouw
    activiteiten = [activiteit(50, NIEUW), activiteit(30, NIEUW), activiteit(30, BESTAAND)]
    dekking = bereken_dekking(afspraak(), activiteiten)
    assert regels(dekking) == [
        ("nieuwbouw", "80 van 80", GEDEKT),
        ("bestaande bouw", "30 van 30", GEDEKT),
    ]
    assert dekking.afwijkingen == []
    assert dekking.signalen == []


def test_an_undercovered_total_is_said_without_the_hidden_split_sentence():
    # 50 nieuwbouw of 110 in total: 60 to plan; bestaande bouw nothing of 30
    dekking = bereken_dekking(afspraak(), [activiteit(50, NIEUW)])
    assert (dekking.totaal.tekst, dekking.totaal.oordeel) == ("50 van 110", ONDER)
    assert regels(dekking) == [
        ("nieuwbouw", "50 van 80", ONDER),
        ("bestaande bouw", "0 van 30", ONDER),
    ]
    assert dekking.signalen == [
        "Totaal: 50 van 110 gepland, er ontbreken er 60.",
        "Nieuwbouw: 50 van 80 gepland, er ontbreken er 30.",
        "Bestaande bouw: 0 van 30 gepland, er ontbreken er 30.",
    ]


def test_transformatie_counts_as_bestaande_bouw():
    # "bijvoorbeeld door transformatie van leegstaande kantoorgebouwen": 20 + 10 = 30
    activiteiten = [activiteit(20, BESTAAND), activiteit(10, TRANSFORMATIE), activiteit(80, NIEUW)]
    dekking = bereken_dekking(afspraak(), activiteiten)
    assert regels(dekking) == [
        ("nieuwbouw", "80 van 80", GEDEKT),
        ("bestaande bouw", "30 van 30", GEDEKT),
    ]
    assert [r.label for r in dekking.per_bouwsoort] == ["nieuwbouw", "bestaande bouw"]


def test_geannuleerd_and_activiteiten_without_aantal_count_for_nothing():
    activiteiten = [
        activiteit(50, NIEUW),
        activiteit(30, NIEUW, status=S.GEANNULEERD, gerealiseerd=5),
        activiteit(None),  # e.g. the welzijnsorganisatie's activities, no homes
        activiteit(20, BESTAAND, status=S.VERTRAAGD),  # late still counts
    ]
    dekking = bereken_dekking(afspraak(), activiteiten)
    # 50 + 20 = 70; the cancelled 30 (and its 5 realised) are not counted
    assert dekking.totaal.tekst == "70 van 110"
    assert dekking.totaal.gerealiseerd == 0
    assert regels(dekking) == [
        ("nieuwbouw", "50 van 80", ONDER),
        ("bestaande bouw", "20 van 30", ONDER),
    ]


def test_gerealiseerd_sums_per_total_and_bouwsoort():
    activiteiten = [
        activiteit(20, BESTAAND, status=S.GEREED, gerealiseerd=20),
        activiteit(20, BESTAAND, status=S.IN_UITVOERING, gerealiseerd=12),
        activiteit(20, BESTAAND),
        activiteit(50, NIEUW, status=S.IN_UITVOERING, gerealiseerd=0),
    ]
    dekking = bereken_dekking(afspraak(), activiteiten)
    # 20 + 12 + 0 + 0 = 32 of 110 realised
    assert dekking.totaal.gerealiseerd == 32
    assert dekking.totaal.percentage_gerealiseerd == 29  # 32 / 110 = 29.1%
    nieuwbouw, bestaand = dekking.per_bouwsoort
    assert (nieuwbouw.gerealiseerd, bestaand.gerealiseerd) == (0, 32)
    assert bestaand.percentage_gerealiseerd == 100  # 32 of 30, capped


def test_an_afspraak_without_aantal_has_no_target():
    dekking = bereken_dekking(afspraak(None, None, None), [activiteit(20, BESTAAND)])
    assert not dekking.heeft_doel
    assert (dekking.totaal.oordeel, dekking.totaal.tekst) == (GEEN_DOEL, "20 gepland, zonder doel")
    assert dekking.totaal.verschil is None
    assert dekking.totaal.percentage_gepland == 100
    # the bouwsoort is shown, without a target, and never a deviation
    assert regels(dekking) == [("bestaande bouw", "20 gepland, zonder doel", GEEN_DOEL)]
    assert dekking.afwijkingen == []
    assert dekking.signalen == []


def test_an_afspraak_without_aantal_and_nothing_planned():
    dekking = bereken_dekking(afspraak(None, None, None), [activiteit(None)])
    assert dekking.totaal == Dekkingsregel("totaal", None, 0, 0)
    assert dekking.totaal.percentage_gepland == 0
    assert dekking.per_bouwsoort == []
    assert dekking.per_woonvorm == []


def test_without_a_split_in_the_afspraak_the_bouwsoorten_have_no_target():
    dekking = bereken_dekking(
        afspraak(110, None, None), [activiteit(60, BESTAAND), activiteit(50, NIEUW)]
    )
    assert dekking.totaal.oordeel == GEDEKT
    assert regels(dekking) == [
        ("nieuwbouw", "50 gepland, zonder doel", GEEN_DOEL),
        ("bestaande bouw", "60 gepland, zonder doel", GEEN_DOEL),
    ]
    assert dekking.signalen == []


def test_activiteiten_without_bouwsoort_are_shown_apart():
    dekking = bereken_dekking(afspraak(), [activiteit(80, NIEUW), activiteit(30)])
    assert regels(dekking) == [
        ("nieuwbouw", "80 van 80", GEDEKT),
        ("bestaande bouw", "0 van 30", ONDER),
        ("bouwsoort niet opgegeven", "30 gepland, zonder doel", GEEN_DOEL),
    ]


def test_no_bouwsoort_rows_when_neither_the_afspraak_nor_the_activiteiten_name_one():
    dekking = bereken_dekking(afspraak(110, None, None), [activiteit(110)])
    assert dekking.totaal.tekst == "110 van 110"
    assert dekking.per_bouwsoort == []


def test_an_activiteit_without_woonvorm_builds_the_afspraaks_woonvorm():
    dekking = bereken_dekking(
        afspraak(), [activiteit(50, NIEUW), activiteit(60, BESTAAND, woonvorm=GECLUSTERD)]
    )
    assert dekking.per_woonvorm == []


def test_per_woonvorm_rows_only_when_another_woonvorm_is_built():
    activiteiten = [
        activiteit(50, NIEUW),  # the afspraak's woonvorm
        activiteit(40, BESTAAND, woonvorm=GECLUSTERD),
        activiteit(20, BESTAAND, woonvorm=NULTREDEN),
    ]
    dekking = bereken_dekking(afspraak(), activiteiten)
    # geclusterd 50 + 40 = 90 against the afspraak's 110; nultreden 20 without a target
    assert [(r.label, r.tekst, r.oordeel) for r in dekking.per_woonvorm] == [
        ("Geclusterde woonvorm", "90 van 110", ONDER),
        ("Nultredenwoning", "20 gepland, zonder doel", GEEN_DOEL),
    ]
    assert dekking.totaal.tekst == "110 van 110"
    assert "Geclusterde woonvorm: 90 van 110 gepland, er ontbreken er 20." in dekking.signalen


def test_the_afspraaks_woonvorm_shows_when_only_another_is_built():
    dekking = bereken_dekking(afspraak(), [activiteit(20, NIEUW, woonvorm=NULTREDEN)])
    assert [(r.label, r.tekst) for r in dekking.per_woonvorm] == [
        ("Nultredenwoning", "20 gepland, zonder doel"),
        ("Geclusterde woonvorm", "0 van 110"),
    ]


def test_an_afspraak_without_woonvorm_shows_the_woonvormen_built():
    activiteiten = [activiteit(20, NIEUW, woonvorm=NULTREDEN), activiteit(10, NIEUW)]
    dekking = bereken_dekking(afspraak(30, None, None, woonvorm=None), activiteiten)
    assert [(r.label, r.doel, r.gepland) for r in dekking.per_woonvorm] == [
        ("Nultredenwoning", None, 20),
        ("woonvorm niet opgegeven", None, 10),
    ]


def test_nothing_planned_is_nothing_covered():
    dekking = bereken_dekking(afspraak(), [])
    assert (dekking.totaal.tekst, dekking.totaal.oordeel) == ("0 van 110", ONDER)
    assert dekking.totaal.percentage_gepland == 0
    assert regels(dekking) == [
        ("nieuwbouw", "0 van 80", ONDER),
        ("bestaande bouw", "0 van 30", ONDER),
    ]


def test_a_target_of_zero_covered_by_nothing_and_exceeded_by_anything():
    assert Dekkingsregel("x", 0, 0, 0).oordeel == GEDEKT
    assert Dekkingsregel("x", 0, 0, 0).percentage_gepland == 0
    assert Dekkingsregel("x", 0, 5, 0).oordeel == OVER
    assert Dekkingsregel("x", 0, 5, 0).percentage_gepland == 100


def test_bereken_dekking_makes_no_queries(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        bereken_dekking(afspraak(), GEMEENTE_A_TWEE_EENHEDEN)
