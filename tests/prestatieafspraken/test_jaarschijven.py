"""Jaarschijven: a new year starts from the nearest earlier year's jaardoelen; the year's
commitments per afspraak are saved, emptied ones removed, another agreement's afspraak refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prestatieafspraken import services
from prestatieafspraken.models import Jaardoel, Jaarschijf
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OvereenkomstFactory,
)
from woonzorg import audit


@pytest.fixture
def overeenkomst(wereld):
    return OvereenkomstFactory(gemeente=wereld.gemeente, periode_start=2022, periode_eind=2025)


@pytest.fixture
def afspraken(overeenkomst):
    return [AfspraakFactory(overeenkomst=overeenkomst, nummer=nummer) for nummer in ("1.1", "2.1")]


def doelen(jaarschijf):
    return sorted(
        (d.afspraak.nummer, d.aantal, d.tekst)
        for d in Jaardoel.objects.filter(jaarschijf=jaarschijf).select_related("afspraak")
    )


def test_a_new_jaarschijf_copies_the_previous_years_jaardoelen(wereld, overeenkomst, afspraken):
    geclusterd, ontmoeting = afspraken
    vorig = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    JaardoelFactory(jaarschijf=vorig, afspraak=geclusterd, aantal=60, tekst="X 20, Y 40")
    JaardoelFactory(jaarschijf=vorig, afspraak=ontmoeting, aantal=None, tekst="Activiteiten")

    nieuw = services.nieuwe_jaarschijf(overeenkomst, 2025, door=wereld.beleidsadviseur)

    assert (nieuw.overeenkomst, nieuw.jaar) == (overeenkomst, 2025)
    assert doelen(nieuw) == [("1.1", 60, "X 20, Y 40"), ("2.1", None, "Activiteiten")]
    # copies, not the same rows
    assert doelen(vorig) == doelen(nieuw)
    assert Jaardoel.objects.count() == 4
    assert audit.entries_for(nieuw).first().change_message == "Jaarschijf 2025 aangemaakt."


def test_the_nearest_earlier_year_is_copied_not_a_later_one(wereld, overeenkomst, afspraken):
    geclusterd = afspraken[0]
    for jaar, aantal in ((2022, 10), (2023, 30), (2025, 50)):
        JaardoelFactory(
            jaarschijf=JaarschijfFactory(overeenkomst=overeenkomst, jaar=jaar),
            afspraak=geclusterd,
            aantal=aantal,
        )
    nieuw = services.nieuwe_jaarschijf(overeenkomst, 2024, door=wereld.programmaleider)
    assert [d.aantal for d in nieuw.jaardoelen.all()] == [30]


def test_the_first_year_starts_empty_even_with_later_years(wereld, overeenkomst, afspraken):
    JaardoelFactory(
        jaarschijf=JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024), afspraak=afspraken[0]
    )
    nieuw = services.nieuwe_jaarschijf(overeenkomst, 2022, door=wereld.beleidsadviseur)
    assert not nieuw.jaardoelen.exists()


def test_another_agreements_jaarschijf_is_not_copied(wereld, overeenkomst, afspraken):
    ander = OvereenkomstFactory(gemeente=wereld.gemeente)
    JaardoelFactory(jaarschijf=JaarschijfFactory(overeenkomst=ander, jaar=2023))
    nieuw = services.nieuwe_jaarschijf(overeenkomst, 2024, door=wereld.beleidsadviseur)
    assert not nieuw.jaardoelen.exists()


@pytest.mark.parametrize("jaar", [2021, 2026])
def test_a_year_outside_the_period_is_refused(wereld, overeenkomst, jaar):
    with pytest.raises(ValidationError) as fout:
        services.nieuwe_jaarschijf(overeenkomst, jaar, door=wereld.beleidsadviseur)
    assert fout.value.message_dict == {"jaar": ["Kies een jaar van 2022–2025."]}
    assert not Jaarschijf.objects.exists()


def test_an_existing_year_is_refused(wereld, overeenkomst):
    JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    with pytest.raises(ValidationError) as fout:
        services.nieuwe_jaarschijf(overeenkomst, 2024, door=wereld.beleidsadviseur)
    assert fout.value.message_dict == {"jaar": ["Er is al een jaarschijf 2024."]}
    assert Jaarschijf.objects.count() == 1


@pytest.mark.parametrize("wie", ["lezer", "partner", "andere_beleidsadviseur"])
def test_only_editors_make_a_jaarschijf(wereld, overeenkomst, wie):
    with pytest.raises(PermissionDenied):
        services.nieuwe_jaarschijf(overeenkomst, 2024, door=wereld.user(wie))
    assert not Jaarschijf.objects.exists()


def test_bewaar_jaarschijf_adds_updates_and_deletes_jaardoelen(wereld, overeenkomst, afspraken):
    geclusterd, ontmoeting = afspraken
    derde = AfspraakFactory(overeenkomst=overeenkomst, nummer="3.1")
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    JaardoelFactory(jaarschijf=jaarschijf, afspraak=geclusterd, aantal=20, tekst="X")
    JaardoelFactory(jaarschijf=jaarschijf, afspraak=ontmoeting, aantal=5, tekst="Oud")

    services.bewaar_jaarschijf(
        jaarschijf,
        toelichting="",
        jaardoelen={
            geclusterd.pk: (60, " Woningcorporatie X 20 in Wijk Y, Y 40 in bestaande bouw "),
            ontmoeting.pk: (None, "   "),  # emptied: no jaardoel this year
            derde.pk: (None, "Een verkenning"),
        },
        door=wereld.beleidsadviseur,
    )

    assert doelen(jaarschijf) == [
        ("1.1", 60, "Woningcorporatie X 20 in Wijk Y, Y 40 in bestaande bouw"),
        ("3.1", None, "Een verkenning"),
    ]
    # an afspraak not mentioned keeps its jaardoel
    services.bewaar_jaarschijf(
        jaarschijf, toelichting="", jaardoelen={derde.pk: (1, "")}, door=wereld.programmaleider
    )
    assert doelen(jaarschijf) == [
        ("1.1", 60, "Woningcorporatie X 20 in Wijk Y, Y 40 in bestaande bouw"),
        ("3.1", 1, ""),
    ]


def test_bewaar_jaarschijf_refuses_another_agreements_afspraak(wereld, overeenkomst, afspraken):
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    vreemd = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=wereld.gemeente))
    with pytest.raises(ValidationError) as fout:
        services.bewaar_jaarschijf(
            jaarschijf,
            toelichting="",
            jaardoelen={afspraken[0].pk: (10, ""), vreemd.pk: (20, "")},
            door=wereld.beleidsadviseur,
        )
    assert fout.value.messages == ["Deze afspraak hoort niet bij de overeenkomst."]
    # nothing of the refused save is kept
    assert not Jaardoel.objects.exists()


@pytest.mark.parametrize("wie", ["lezer", "partner", "andere_beleidsadviseur"])
def test_only_editors_save_jaardoelen(wereld, overeenkomst, afspraken, wie):
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    with pytest.raises(PermissionDenied):
        services.bewaar_jaarschijf(
            jaarschijf,
            toelichting="",
            jaardoelen={afspraken[0].pk: (10, "")},
            door=wereld.user(wie),
        )
    assert not Jaardoel.objects.exists()


def test_a_beeindigde_overeenkomst_gets_no_jaarschijf_or_jaardoel(wereld, overeenkomst, afspraken):
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    type(overeenkomst).objects.filter(pk=overeenkomst.pk).update(status="beeindigd")
    overeenkomst.refresh_from_db()
    jaarschijf.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.nieuwe_jaarschijf(overeenkomst, 2025, door=wereld.beheerder)
    with pytest.raises(PermissionDenied):
        services.bewaar_jaarschijf(
            jaarschijf,
            toelichting="",
            jaardoelen={afspraken[0].pk: (10, "")},
            door=wereld.beleidsadviseur,
        )
    assert Jaarschijf.objects.count() == 1
    assert not Jaardoel.objects.exists()


def test_bewaar_jaarschijf_saves_the_toelichting_and_logs_it(wereld, overeenkomst, afspraken):
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    services.bewaar_jaarschijf(
        jaarschijf,
        toelichting=" De stimuleringsregeling maakt ontmoetingsruimten haalbaar. ",
        jaardoelen={},
        door=wereld.beleidsadviseur,
    )
    jaarschijf.refresh_from_db()
    assert jaarschijf.toelichting == "De stimuleringsregeling maakt ontmoetingsruimten haalbaar."
    assert [e.change_message for e in audit.entries_for(jaarschijf)] == [
        "Jaarschijf 2024 gewijzigd."
    ]


def test_verwijder_jaarschijf_is_for_editors_and_is_logged_on_the_overeenkomst(
    wereld, overeenkomst, afspraken
):
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024)
    with pytest.raises(PermissionDenied):
        services.verwijder_jaarschijf(jaarschijf, door=wereld.lezer)
    assert Jaarschijf.objects.count() == 1

    services.verwijder_jaarschijf(jaarschijf, door=wereld.programmaleider)

    assert not Jaarschijf.objects.exists()
    assert "Jaarschijf 2024 verwijderd." in [
        e.change_message for e in audit.entries_for(overeenkomst)
    ]
