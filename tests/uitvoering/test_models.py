"""The invariants of the uitvoering models (full_clean, in Dutch, naming the field) and who sees
what (for_user): the programme is shared with every partner of the gemeente, but a partner sees
only the activiteiten its organisatie pulls or is involved in; begrotingsposten and voortgang follow
the activiteit."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.prestatieafspraken.factories import AfspraakFactory
from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
    VoortgangFactory,
)
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory, RolFactory, UserFactory
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang
from woonzorg.models import Rol

D = datetime.date


def fouten(obj) -> dict:
    with pytest.raises(ValidationError) as fout:
        obj.full_clean()
    return fout.value.message_dict


# --- Uitvoeringsprogramma -------------------------------------------------------------------


def programma(wereld, **kwargs):
    velden = {
        "gemeente": wereld.gemeente,
        "titel": "Uitvoeringsprogramma wonen en zorg 2022–2025",
        "periode_start": 2022,
        "periode_eind": 2025,
    }
    return Uitvoeringsprogramma(**(velden | kwargs))


def test_a_valid_programma(wereld):
    p = programma(wereld, programmaleider=wereld.programmaleider)
    p.full_clean()
    assert (p.periode, list(p.jaren), p.status) == (
        "2022–2025",
        [2022, 2023, 2024, 2025],
        "concept",
    )
    assert str(p) == "Uitvoeringsprogramma wonen en zorg 2022–2025"


def test_the_end_year_before_the_start_year(wereld):
    assert fouten(programma(wereld, periode_start=2025, periode_eind=2022)) == {
        "periode_eind": ["Het eindjaar ligt voor het beginjaar."]
    }


def test_the_database_refuses_the_end_year_before_the_start_year(wereld):
    with pytest.raises(IntegrityError):
        UitvoeringsprogrammaFactory(gemeente=wereld.gemeente, periode_start=2025, periode_eind=2022)


def test_at_most_ten_years(wereld):
    programma(wereld, periode_start=2022, periode_eind=2031).full_clean()  # ten years
    assert fouten(programma(wereld, periode_start=2022, periode_eind=2032)) == {
        "periode_eind": [
            "Een uitvoeringsprogramma loopt meestal drie tot vijf jaar; kies ten hoogste tien jaar."
        ]
    }


def test_one_year_is_a_period(wereld):
    programma(wereld, periode_start=2025, periode_eind=2025).full_clean()


@pytest.mark.parametrize("jaar", [1999, 2101])
def test_years_are_plausible(wereld, jaar):
    assert "periode_start" in fouten(programma(wereld, periode_start=jaar, periode_eind=2025))


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer", "partner"])
def test_the_programmaleider_has_a_role_in_the_gemeente(wereld, wie):
    programma(wereld, programmaleider=wereld.user(wie)).full_clean()


@pytest.mark.parametrize("wie", ["andere_beleidsadviseur", "beheerder"])
def test_a_programmaleider_without_a_role_in_the_gemeente_is_refused(wereld, wie):
    assert fouten(programma(wereld, programmaleider=wereld.user(wie))) == {
        "programmaleider": ["Kies iemand met een rol in deze gemeente."]
    }


def test_afgerond_is_read_only(wereld):
    p = programma(wereld, status=Uitvoeringsprogramma.Status.AFGEROND)
    assert p.alleen_lezen
    assert not programma(wereld, status=Uitvoeringsprogramma.Status.VASTGESTELD).alleen_lezen
    a = Activiteit(programma=p)
    assert a.alleen_lezen and Begrotingspost(activiteit=a).alleen_lezen
    assert a.alleen_lezen_reden == p.alleen_lezen_reden


# --- Activiteit -----------------------------------------------------------------------------


@pytest.fixture
def p(wereld):
    return UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)


def activiteit(p, **kwargs):
    velden = {
        "programma": p,
        "afspraak": AfspraakFactory(overeenkomst__gemeente=p.gemeente),
        "titel": "20 geclusterde woningen in Wijk Y",
    }
    return Activiteit(**(velden | kwargs))


def test_a_valid_activiteit(wereld, p):
    a = activiteit(
        p,
        trekker=wereld.corporatie,
        gebied=GebiedFactory(gemeente=wereld.gemeente),
        start=D(2022, 2, 1),
        eind=D(2022, 12, 31),
        aantal=20,
        bouwsoort="bestaande_bouw",
    )
    a.full_clean()
    assert a.gemeente == wereld.gemeente
    assert a.rapporteur_ids() == [wereld.corporatie.pk]
    assert activiteit(p).rapporteur_ids() == []


def test_an_afspraak_is_required(p):
    assert "afspraak" in fouten(Activiteit(programma=p, titel="Zonder afspraak"))


def test_the_end_date_before_the_start_date(p):
    assert fouten(activiteit(p, start=D(2023, 6, 1), eind=D(2023, 5, 31))) == {
        "eind": ["De einddatum ligt voor de startdatum."]
    }
    activiteit(p, start=D(2023, 6, 1), eind=D(2023, 6, 1)).full_clean()  # one day


def test_a_bouwsoort_needs_an_aantal(p):
    assert fouten(activiteit(p, bouwsoort="nieuwbouw")) == {
        "aantal": ["Geef het aantal woningen bij de bouwsoort."]
    }
    activiteit(p, aantal=50).full_clean()  # an aantal without bouwsoort: ontmoetingsruimten


def test_an_aantal_is_at_least_one(p):
    assert "aantal" in fouten(activiteit(p, aantal=0))


def test_an_afspraak_of_another_gemeente(wereld, p):
    andere = AfspraakFactory(overeenkomst__gemeente=wereld.andere_gemeente)
    assert fouten(activiteit(p, afspraak=andere)) == {
        "afspraak": ["Kies een afspraak van deze gemeente."]
    }


def test_a_gebied_of_another_gemeente(wereld, p):
    elders = GebiedFactory(gemeente=wereld.andere_gemeente)
    assert fouten(activiteit(p, gebied=elders)) == {
        "gebied": ["Kies een gebied van deze gemeente."]
    }


def test_every_error_at_once(wereld, p):
    a = activiteit(
        p,
        afspraak=AfspraakFactory(overeenkomst__gemeente=wereld.andere_gemeente),
        gebied=GebiedFactory(gemeente=wereld.andere_gemeente),
        start=D(2023, 6, 1),
        eind=D(2023, 1, 1),
        bouwsoort="transformatie",
    )
    assert set(fouten(a)) == {"afspraak", "gebied", "eind", "aantal"}


@pytest.mark.parametrize(
    "status, eind, te_laat",
    [
        ("in_uitvoering", D(2024, 6, 30), True),
        ("gepland", D(2024, 6, 30), True),
        ("in_uitvoering", D(2024, 7, 1), False),
        ("in_uitvoering", None, False),
        ("vertraagd", D(2030, 1, 1), True),
        ("vertraagd", None, True),
        ("gereed", D(2020, 1, 1), False),
        ("geannuleerd", D(2020, 1, 1), False),
    ],
)
def test_is_te_laat(status, eind, te_laat):
    assert Activiteit(status=status, eind=eind).is_te_laat(D(2024, 7, 1)) is te_laat


# --- Begrotingspost -------------------------------------------------------------------------


@pytest.fixture
def a(p):
    return ActiviteitFactory(programma=p)


@pytest.mark.parametrize("jaar", [2022, 2025])
def test_a_begrotingspost_within_the_programme(a, jaar):
    Begrotingspost(activiteit=a, jaar=jaar, bedrag=Decimal("45000.00")).full_clean()


@pytest.mark.parametrize("jaar", [2021, 2026])
def test_a_begrotingspost_outside_the_programme(a, jaar):
    assert fouten(Begrotingspost(activiteit=a, jaar=jaar, bedrag=Decimal("45000.00"))) == {
        "jaar": ["Kies een jaar binnen de periode van het uitvoeringsprogramma."]
    }


@pytest.mark.parametrize("bedrag", ["0.00", "-10.00"])
def test_a_begrotingspost_has_a_positive_amount(a, bedrag):
    assert "bedrag" in fouten(Begrotingspost(activiteit=a, jaar=2023, bedrag=Decimal(bedrag)))


def test_a_begrotingspost_is_expected_until_committed(a):
    post = Begrotingspost(activiteit=a, jaar=2023, bedrag=Decimal(1))
    assert post.zekerheid == Begrotingspost.Zekerheid.VERWACHT
    assert not post.gedekt


# --- Who sees what ----------------------------------------------------------------------------


@pytest.fixture
def zicht(wereld):
    """In Gemeente A: the corporatie pulls one activiteit and is involved in another, a third is
    someone else's; in Gemeente B one activiteit with the corporatie involved. Each activiteit
    has a begrotingspost and a voortgang report."""
    eigen = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    ander = OrganisatieFactory(naam="Welzijnsorganisatie A", werkgebied=[wereld.gemeente])
    getrokken = ActiviteitFactory(programma=eigen, trekker=wereld.corporatie, titel="getrokken")
    betrokken = ActiviteitFactory(
        programma=eigen, trekker=ander, betrokkenen=[wereld.corporatie, ander], titel="betrokken"
    )
    beide = ActiviteitFactory(
        programma=eigen,
        trekker=wereld.corporatie,
        betrokkenen=[wereld.corporatie, ander],
        titel="beide",
    )
    van_een_ander = ActiviteitFactory(
        programma=eigen, trekker=ander, betrokkenen=[ander], titel="van een ander"
    )
    zonder_trekker = ActiviteitFactory(programma=eigen, titel="zonder trekker")
    elders = UitvoeringsprogrammaFactory(gemeente=wereld.andere_gemeente)
    in_b = ActiviteitFactory(
        programma=elders,
        trekker=wereld.andere_corporatie,
        betrokkenen=[wereld.corporatie],
        titel="in B",
    )
    activiteiten = (getrokken, betrokken, beide, van_een_ander, zonder_trekker, in_b)
    for activiteit in activiteiten:
        BegrotingspostFactory(activiteit=activiteit)
        VoortgangFactory(activiteit=activiteit, door=wereld.programmaleider)
    return {"eigen": eigen, "elders": elders} | {a.titel: a for a in activiteiten}


ALLE_IN_A = {"getrokken", "betrokken", "beide", "van een ander", "zonder trekker"}


def titels(model, user) -> set[str]:
    """The titles of the activiteiten whose rows of `model` the user sees, each once."""
    rijen = model.objects.for_user(user)
    if model is Activiteit:
        titels = list(rijen.values_list("titel", flat=True))
    else:
        titels = list(rijen.values_list("activiteit__titel", flat=True))
    assert len(titels) == len(set(titels)), "a row came twice"
    return set(titels)


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer", "partner"])
def test_every_role_of_the_gemeente_sees_its_programmas(wereld, zicht, wie):
    assert list(Uitvoeringsprogramma.objects.for_user(wereld.user(wie))) == [zicht["eigen"]]


def test_another_gemeente_sees_its_own_and_the_beheerder_all(wereld, zicht):
    assert list(Uitvoeringsprogramma.objects.for_user(wereld.andere_beleidsadviseur)) == [
        zicht["elders"]
    ]
    assert set(Uitvoeringsprogramma.objects.for_user(wereld.beheerder)) == {
        zicht["eigen"],
        zicht["elders"],
    }
    assert not Uitvoeringsprogramma.objects.for_user(AnonymousUser()).exists()


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer"])
def test_gemeente_staff_see_every_activiteit_of_their_gemeente(wereld, zicht, wie):
    user = wereld.user(wie)
    assert titels(Activiteit, user) == ALLE_IN_A
    assert titels(Begrotingspost, user) == ALLE_IN_A
    assert titels(Voortgang, user) == ALLE_IN_A


def test_a_partner_sees_what_its_organisatie_pulls_or_is_involved_in(wereld, zicht):
    # not "in B": the corporatie is involved there, but the partner has no role in Gemeente B
    zichtbaar = {"getrokken", "betrokken", "beide"}
    assert titels(Activiteit, wereld.partner) == zichtbaar
    assert titels(Begrotingspost, wereld.partner) == zichtbaar
    assert titels(Voortgang, wereld.partner) == zichtbaar


def test_a_partner_in_both_gemeenten_sees_its_part_in_each(wereld, zicht):
    RolFactory(user=wereld.partner, gemeente=wereld.andere_gemeente, soort=Rol.Soort.PARTNER)
    partner = type(wereld.partner).objects.get(pk=wereld.partner.pk)
    assert titels(Activiteit, partner) == {"getrokken", "betrokken", "beide", "in B"}


def test_a_lezer_of_the_corporatie_sees_as_a_lezer(wereld, zicht):
    lezer = UserFactory(organisatie=wereld.corporatie)
    RolFactory(user=lezer, gemeente=wereld.gemeente, soort=Rol.Soort.LEZER)
    assert titels(Activiteit, lezer) == ALLE_IN_A


def test_a_partner_without_organisatie_sees_no_activiteiten(wereld, zicht):
    zonder = UserFactory()
    RolFactory(user=zonder, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    assert list(Uitvoeringsprogramma.objects.for_user(zonder)) == [zicht["eigen"]]
    assert not Activiteit.objects.for_user(zonder).exists()
    assert not Begrotingspost.objects.for_user(zonder).exists()


def test_another_gemeentes_staff_see_only_theirs(wereld, zicht):
    user = wereld.andere_beleidsadviseur
    assert titels(Activiteit, user) == {"in B"}
    assert titels(Begrotingspost, user) == {"in B"}
    assert titels(Voortgang, user) == {"in B"}


def test_the_beheerder_sees_everything_and_anonymous_nothing(wereld, zicht):
    assert titels(Activiteit, wereld.beheerder) == ALLE_IN_A | {"in B"}
    assert titels(Voortgang, wereld.beheerder) == ALLE_IN_A | {"in B"}
    for model in (Activiteit, Begrotingspost, Voortgang):
        assert not model.objects.for_user(AnonymousUser()).exists()
