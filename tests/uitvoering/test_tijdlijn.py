"""The planning as a timeline: bars as percentages of an axis of whole years, today marked, late
activiteiten flagged, grouped per afspraak or per trekker. Plain functions over objects in memory.

The axis 2022–2025 has 365 + 365 + 366 + 365 = 1,461 days; a date's position is its day on the
axis × 100 / 1,461, rounded to two decimals: 1 January 2023 is day 365 → 24.98, 1 January 2024
day 730 → 49.97, 1 January 2025 day 1,096 → 75.02, 1 July 2024 day 912 → 62.42.
"""

import datetime

import pytest

from prestatieafspraken.models import Afspraak
from uitvoering.models import Activiteit
from uitvoering.services import tijdlijn
from woonzorg.models import Organisatie

S = Activiteit.Status
D = datetime.date

GECLUSTERD = Afspraak(pk=11, nummer="1.1", titel="Geclusterde woonvormen")
ONTMOETING = Afspraak(pk=21, nummer="2.1", titel="Ontmoetingsruimten")
CORPORATIE = Organisatie(pk=2, naam="Woningcorporatie X")
MARKTPARTIJ = Organisatie(pk=5, naam="Marktpartij Ontwikkeling")
WELZIJN = Organisatie(pk=7, naam="Welzijnsorganisatie A")

VANDAAG = D(2024, 7, 1)


def activiteit(start, eind, *, status=S.IN_UITVOERING, afspraak=GECLUSTERD, trekker=None, titel=""):
    return Activiteit(
        titel=titel or f"{start}–{eind}",
        start=start,
        eind=eind,
        status=status,
        afspraak=afspraak,
        trekker=trekker,
    )


def axis(activiteiten, vandaag=VANDAAG, **kwargs):
    return tijdlijn(activiteiten, van_jaar=2022, tot_jaar=2025, vandaag=vandaag, **kwargs)


def balken(t):
    return {b.activiteit.titel: b for _groep, rij in t.groepen for b in rij}


def test_the_axis_is_four_whole_years():
    t = axis([])
    assert (t.van, t.tot) == (D(2022, 1, 1), D(2025, 12, 31))
    # (year, left, width): widths 24.98, 49.97 − 24.98, 75.02 − 49.97 (a leap year), 100 − 75.02
    assert t.jaren == [
        (2022, 0, 24.98),
        (2023, 24.98, 24.99),
        (2024, 49.97, 25.05),
        (2025, 75.02, 24.98),
    ]
    assert t.groepen == []
    assert t.aantal_te_laat == 0


def test_a_bar_runs_from_its_start_to_the_end_of_its_last_day():
    a = activiteit(D(2023, 1, 1), D(2023, 12, 31))
    [(groep, [balk])] = axis([a]).groepen
    assert groep is GECLUSTERD
    assert balk.activiteit is a
    # from day 365 (24.98) to the start of day 730 (49.97)
    assert (balk.links, balk.breedte, balk.gepland) == (24.98, 24.99, True)


def test_a_bar_to_the_end_of_the_axis():
    # 1 July 2024 is day 912 → 62.42; through 31 December 2025 → 100
    balk = axis([activiteit(D(2024, 7, 1), D(2025, 12, 31))]).groepen[0][1][0]
    assert (balk.links, balk.breedte) == (62.42, 37.58)


def test_a_bar_starting_before_the_axis_is_cut_at_its_start():
    # 1 June 2021 is before the axis → 0; through 30 June 2022: day 181 → 12.39
    balk = axis([activiteit(D(2021, 6, 1), D(2022, 6, 30))]).groepen[0][1][0]
    assert (balk.links, balk.breedte) == (0, 12.39)


def test_a_bar_ending_after_the_axis_is_cut_at_its_end():
    balk = axis([activiteit(D(2025, 1, 1), D(2027, 6, 30))]).groepen[0][1][0]
    assert (balk.links, balk.breedte) == (75.02, 24.98)


def test_a_single_day_still_shows_a_bar():
    # 1 January 2023: 24.98 to 25.05 is 0.07 wide, shown at the minimum of 0.5
    balk = axis([activiteit(D(2023, 1, 1), D(2023, 1, 1))]).groepen[0][1][0]
    assert (balk.links, balk.breedte) == (24.98, 0.5)


@pytest.mark.parametrize(
    "start, eind", [(None, None), (D(2023, 1, 1), None), (None, D(2023, 1, 1))]
)
def test_without_start_and_end_an_activiteit_is_not_gepland(start, eind):
    balk = axis([activiteit(start, eind, status=S.GEPLAND)]).groepen[0][1][0]
    assert not balk.gepland
    assert (balk.links, balk.breedte) == (0, 0)


def test_today_is_marked_inside_the_axis():
    assert axis([], vandaag=D(2024, 7, 1)).vandaag == 62.42
    assert axis([], vandaag=D(2022, 1, 1)).vandaag == 0
    assert axis([], vandaag=D(2025, 12, 31)).vandaag == 99.93  # day 1,460


@pytest.mark.parametrize("vandaag", [D(2021, 12, 31), D(2026, 1, 1), D(2026, 12, 1)])
def test_today_outside_the_axis_is_not_marked(vandaag):
    assert axis([], vandaag=vandaag).vandaag is None


def test_late_is_past_its_end_and_not_finished_or_reported_vertraagd():
    activiteiten = [
        activiteit(D(2023, 1, 1), D(2024, 6, 30), titel="voorbij, in uitvoering"),
        activiteit(D(2023, 1, 1), D(2024, 6, 30), status=S.GEPLAND, titel="voorbij, gepland"),
        activiteit(D(2023, 1, 1), D(2024, 7, 1), titel="eindigt vandaag"),
        activiteit(D(2024, 1, 1), D(2025, 6, 30), titel="loopt nog"),
        activiteit(D(2024, 1, 1), D(2025, 6, 30), status=S.VERTRAAGD, titel="vertraagd"),
        activiteit(None, None, status=S.VERTRAAGD, titel="vertraagd, ongepland"),
        activiteit(None, None, status=S.GEPLAND, titel="ongepland"),
        activiteit(D(2022, 1, 1), D(2022, 12, 31), status=S.GEREED, titel="gereed"),
        activiteit(D(2022, 1, 1), D(2022, 12, 31), status=S.GEANNULEERD, titel="geannuleerd"),
    ]
    t = axis(activiteiten)
    assert {titel for titel, balk in balken(t).items() if balk.te_laat} == {
        "voorbij, in uitvoering",
        "voorbij, gepland",
        "vertraagd",
        "vertraagd, ongepland",
    }
    assert t.aantal_te_laat == 4


def test_gereed_is_never_late_not_even_reported_long_after_its_end():
    a = activiteit(D(2022, 1, 1), D(2022, 3, 31), status=S.GEREED)
    assert not axis([a], vandaag=D(2026, 12, 1)).groepen[0][1][0].te_laat
    assert not a.is_te_laat(D(2030, 1, 1))


def test_late_depends_on_today():
    a = activiteit(D(2025, 1, 1), D(2025, 12, 31))
    assert not axis([a], vandaag=D(2025, 12, 31)).aantal_te_laat
    assert axis([a], vandaag=D(2026, 1, 1)).aantal_te_laat == 1


def test_grouped_per_afspraak_in_order_of_the_afspraak():
    a = activiteit(D(2023, 1, 1), D(2023, 6, 30), afspraak=ONTMOETING, titel="a")
    b = activiteit(D(2022, 1, 1), D(2022, 6, 30), afspraak=GECLUSTERD, titel="b")
    c = activiteit(D(2024, 1, 1), D(2024, 6, 30), afspraak=GECLUSTERD, titel="c")
    t = axis([a, b, c])
    # "1.1 …" before "2.1 …"; within a group the order given
    assert [(groep, [x.activiteit for x in rij]) for groep, rij in t.groepen] == [
        (GECLUSTERD, [b, c]),
        (ONTMOETING, [a]),
    ]


def test_grouped_per_trekker_by_name_without_trekker_last():
    zonder = activiteit(D(2023, 1, 1), D(2023, 6, 30), titel="zonder")
    welzijn = activiteit(D(2023, 1, 1), D(2023, 6, 30), trekker=WELZIJN, titel="welzijn")
    markt = activiteit(D(2023, 1, 1), D(2023, 6, 30), trekker=MARKTPARTIJ, titel="markt")
    x1 = activiteit(D(2022, 1, 1), D(2022, 6, 30), trekker=CORPORATIE, titel="x1")
    x2 = activiteit(D(2024, 1, 1), D(2024, 6, 30), trekker=CORPORATIE, afspraak=ONTMOETING)
    t = axis([zonder, welzijn, markt, x1, x2], per="trekker")
    assert [(groep, [x.activiteit for x in rij]) for groep, rij in t.groepen] == [
        (MARKTPARTIJ, [markt]),
        (WELZIJN, [welzijn]),
        (CORPORATIE, [x1, x2]),
        (None, [zonder]),
    ]


def test_tijdlijn_makes_no_queries(db, django_assert_num_queries):
    activiteiten = [
        activiteit(D(2023, 1, 1), D(2023, 6, 30), trekker=CORPORATIE),
        activiteit(None, None),
    ]
    with django_assert_num_queries(0):
        axis(activiteiten, per="afspraak")
        axis(activiteiten, per="trekker")
