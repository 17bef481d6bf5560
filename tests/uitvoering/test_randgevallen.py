"""Edge cases found in review: dates far out, gereed without a number, a planning past the axis."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.uitvoering.factories import ActiviteitFactory, BegrotingspostFactory
from uitvoering import services
from uitvoering.models import Activiteit

D = datetime.date


@pytest.mark.parametrize("veld", ["start", "eind"])
def test_planning_dates_stay_between_2000_and_2100(wereld, veld):
    activiteit = ActiviteitFactory(programma__gemeente=wereld.gemeente)
    setattr(activiteit, veld, D(9999, 12, 31) if veld == "eind" else D(1999, 1, 1))
    with pytest.raises(ValidationError) as fout:
        activiteit.full_clean()
    assert fout.value.message_dict[veld] == ["Kies een datum tussen 2000 en 2100."]


def test_the_timeline_clamps_a_planning_that_runs_past_the_axis(wereld):
    activiteit = ActiviteitFactory(
        programma__gemeente=wereld.gemeente, start=D(2025, 1, 1), eind=D(9999, 12, 31)
    )
    [(_groep, [balk])] = services.tijdlijn(
        [activiteit], van_jaar=2022, tot_jaar=2025, vandaag=D(2024, 1, 1)
    ).groepen
    assert balk.links + balk.breedte == 100.0


def test_gereed_without_a_number_realised_what_was_planned(wereld):
    activiteit = ActiviteitFactory(programma__gemeente=wereld.gemeente, aantal=20)
    services.meld_voortgang(activiteit, door=wereld.programmaleider, status="gereed")
    activiteit.refresh_from_db()
    assert (activiteit.status, activiteit.gerealiseerd_aantal) == (Activiteit.Status.GEREED, 20)


def test_a_period_that_would_leave_begrotingsposten_outside_is_refused(wereld):
    post = BegrotingspostFactory(activiteit__programma__gemeente=wereld.gemeente, jaar=2022)
    programma = post.activiteit.programma
    programma.periode_start = 2023
    with pytest.raises(ValidationError) as fout:
        programma.full_clean()
    assert fout.value.message_dict["periode_start"] == [
        "Er staan begrotingsposten in 2022, buiten deze periode. Verplaats of verwijder die eerst."
    ]


def test_a_report_dated_before_the_programme_is_refused(wereld):
    activiteit = ActiviteitFactory(
        programma__gemeente=wereld.gemeente, programma__periode_start=2022
    )
    with pytest.raises(ValidationError) as fout:
        services.meld_voortgang(
            activiteit, door=wereld.programmaleider, status="gepland", datum=D(1, 1, 1)
        )
    assert fout.value.message_dict["datum"] == [
        "De datum ligt voor de looptijd van het programma (vanaf 2022)."
    ]
    assert not activiteit.voortgang.exists()
