"""Reporting progress (services.meld_voortgang): the trekker's people and gemeente staff report,
nobody else; the history is kept, and the activiteit takes the newest report by date."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.uitvoering.factories import ActiviteitFactory
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from uitvoering import services
from uitvoering.models import Activiteit, Uitvoeringsprogramma, Voortgang
from woonzorg import audit
from woonzorg.models import Organisatie, Rol

S = Activiteit.Status
D = datetime.date


@pytest.fixture
def welzijn(wereld):
    """A betrokkene of the activiteit, with a partner user in the gemeente."""
    organisatie = OrganisatieFactory(
        naam="Welzijnsorganisatie A",
        soort=Organisatie.Soort.WELZIJNSORGANISATIE,
        werkgebied=[wereld.gemeente],
    )
    user = UserFactory(organisatie=organisatie)
    RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    return user


@pytest.fixture
def activiteit(wereld, welzijn):
    """Woningcorporatie X (the partner's organisatie) is trekker, the welzijnsorganisatie is
    involved."""
    return ActiviteitFactory(
        programma__gemeente=wereld.gemeente,
        programma__status=Uitvoeringsprogramma.Status.VASTGESTELD,
        trekker=wereld.corporatie,
        betrokkenen=[welzijn.organisatie],
        aantal=20,
        bouwsoort="bestaande_bouw",
    )


def meld(activiteit, door, status=S.IN_UITVOERING, **kwargs):
    return services.meld_voortgang(activiteit, door=door, status=status, **kwargs)


def vers(activiteit):
    return Activiteit.objects.get(pk=activiteit.pk)


@pytest.mark.parametrize("wie", ["partner", "beleidsadviseur", "programmaleider", "beheerder"])
def test_the_trekkers_partner_and_editors_report(wereld, activiteit, wie):
    melding = meld(
        activiteit, wereld.user(wie), gerealiseerd_aantal=12, datum=D(2023, 5, 1),
        toelichting="  De eerste 12 woningen zijn klaar.  ",
    )  # fmt: skip

    assert Voortgang.objects.get() == melding
    assert (melding.activiteit, melding.door, melding.datum) == (
        activiteit,
        wereld.user(wie),
        D(2023, 5, 1),
    )
    assert (melding.status, melding.gerealiseerd_aantal) == (S.IN_UITVOERING, 12)
    assert melding.toelichting == "De eerste 12 woningen zijn klaar."
    assert (vers(activiteit).status, vers(activiteit).gerealiseerd_aantal) == (S.IN_UITVOERING, 12)


def test_a_betrokkene_partner_cannot_report(activiteit, welzijn):
    with pytest.raises(PermissionDenied):
        meld(activiteit, welzijn, gerealiseerd_aantal=12)
    assert not Voortgang.objects.exists()
    assert (vers(activiteit).status, vers(activiteit).gerealiseerd_aantal) == (S.GEPLAND, None)


@pytest.mark.parametrize("wie", ["lezer", "andere_beleidsadviseur"])
def test_a_lezer_and_another_gemeentes_staff_cannot_report(wereld, activiteit, wie):
    with pytest.raises(PermissionDenied):
        meld(activiteit, wereld.user(wie))
    assert not Voortgang.objects.exists()


def test_the_trekkers_people_report_only_where_they_are_partner(wereld, activiteit):
    # a colleague of the partner, at the corporatie, but with a role elsewhere or as lezer
    elders = UserFactory(organisatie=wereld.corporatie)
    RolFactory(user=elders, gemeente=wereld.andere_gemeente, soort=Rol.Soort.PARTNER)
    lezer = UserFactory(organisatie=wereld.corporatie)
    RolFactory(user=lezer, gemeente=wereld.gemeente, soort=Rol.Soort.LEZER)
    for user in (elders, lezer, UserFactory(organisatie=wereld.corporatie)):
        with pytest.raises(PermissionDenied):
            meld(activiteit, user)
    assert not Voortgang.objects.exists()


def test_a_partner_reports_only_on_what_its_organisatie_pulls(wereld):
    van_een_ander = ActiviteitFactory(
        programma__gemeente=wereld.gemeente,
        trekker=OrganisatieFactory(werkgebied=[wereld.gemeente]),
    )
    zonder_trekker = ActiviteitFactory(programma__gemeente=wereld.gemeente)
    for a in (van_een_ander, zonder_trekker):
        with pytest.raises(PermissionDenied):
            meld(a, wereld.partner)
    meld(zonder_trekker, wereld.programmaleider)  # gemeente staff report for anyone
    assert Voortgang.objects.count() == 1


@pytest.mark.parametrize("wie", ["partner", "programmaleider", "beheerder"])
def test_an_afgerond_programma_refuses_every_report(wereld, activiteit, wie):
    Uitvoeringsprogramma.objects.filter(pk=activiteit.programma_id).update(
        status=Uitvoeringsprogramma.Status.AFGEROND
    )
    with pytest.raises(PermissionDenied):
        meld(activiteit, wereld.user(wie), status=S.GEREED, gerealiseerd_aantal=20)
    assert not Voortgang.objects.exists()
    assert vers(activiteit).status == S.GEPLAND


def test_the_history_is_kept_and_the_newest_report_is_the_state(wereld, activiteit):
    eerste = meld(activiteit, wereld.partner, gerealiseerd_aantal=8, datum=D(2023, 6, 30))
    tweede = meld(
        activiteit, wereld.partner, S.GEREED, gerealiseerd_aantal=20, datum=D(2024, 1, 15)
    )

    assert list(activiteit.voortgang.all()) == [tweede, eerste]  # newest first
    eerste.refresh_from_db()
    assert (eerste.status, eerste.gerealiseerd_aantal) == (S.IN_UITVOERING, 8)
    assert (vers(activiteit).status, vers(activiteit).gerealiseerd_aantal) == (S.GEREED, 20)


def test_an_older_report_filed_later_does_not_overwrite_the_state(wereld, activiteit):
    meld(activiteit, wereld.partner, S.VERTRAAGD, gerealiseerd_aantal=15, datum=D(2024, 3, 1))
    # filed afterwards, about January: history, not the state
    te_laat_gemeld = meld(
        activiteit, wereld.programmaleider, gerealiseerd_aantal=10, datum=D(2024, 1, 1)
    )

    assert activiteit.voortgang.count() == 2
    assert list(activiteit.voortgang.all())[-1] == te_laat_gemeld
    assert (vers(activiteit).status, vers(activiteit).gerealiseerd_aantal) == (S.VERTRAAGD, 15)


def test_two_reports_on_one_day_the_last_filed_wins(wereld, activiteit):
    meld(activiteit, wereld.partner, gerealiseerd_aantal=10, datum=D(2024, 3, 1))
    meld(activiteit, wereld.partner, S.GEREED, gerealiseerd_aantal=20, datum=D(2024, 3, 1))
    assert (vers(activiteit).status, vers(activiteit).gerealiseerd_aantal) == (S.GEREED, 20)


def test_a_report_without_a_number_keeps_the_realised_number(wereld, activiteit):
    meld(activiteit, wereld.partner, gerealiseerd_aantal=12, datum=D(2024, 1, 1))
    melding = meld(activiteit, wereld.partner, S.VERTRAAGD, datum=D(2024, 6, 1))
    assert melding.gerealiseerd_aantal is None
    assert (vers(activiteit).status, vers(activiteit).gerealiseerd_aantal) == (S.VERTRAAGD, 12)


def test_zero_realised_is_a_number(wereld, activiteit):
    meld(activiteit, wereld.partner, gerealiseerd_aantal=12, datum=D(2024, 1, 1))
    meld(activiteit, wereld.partner, gerealiseerd_aantal=0, datum=D(2024, 6, 1))
    assert vers(activiteit).gerealiseerd_aantal == 0


def test_the_date_is_today_by_default(wereld, activiteit):
    assert meld(activiteit, wereld.partner).datum == timezone.localdate()


@pytest.mark.parametrize(
    "kwargs, veld, bericht",
    [
        (
            {"gerealiseerd_aantal": -1},
            "gerealiseerd_aantal",
            "Een gerealiseerd aantal is 0 of meer.",
        ),
        (
            {"datum": timezone.localdate() + datetime.timedelta(days=1)},
            "datum",
            "De datum van een melding ligt niet in de toekomst.",
        ),
        ({"status": "klaar"}, "status", "Kies een status uit de lijst."),
    ],
    ids=["negatief-aantal", "datum-in-de-toekomst", "onbekende-status"],
)
def test_invalid_reports_name_the_field(wereld, activiteit, kwargs, veld, bericht):
    kwargs = {"status": S.IN_UITVOERING} | kwargs
    with pytest.raises(ValidationError) as fout:
        services.meld_voortgang(activiteit, door=wereld.partner, **kwargs)
    assert fout.value.message_dict == {veld: [bericht]}
    assert not Voortgang.objects.exists()
    assert vers(activiteit).status == S.GEPLAND
    assert not audit.entries_for(activiteit).exists()


def test_a_report_is_written_in_the_audit_log(wereld, activiteit):
    meld(activiteit, wereld.partner, S.IN_UITVOERING, gerealiseerd_aantal=12)
    meld(activiteit, wereld.programmaleider, S.VERTRAAGD)

    [tweede, eerste] = audit.entries_for(activiteit)
    assert (eerste.user, eerste.change_message) == (
        wereld.partner,
        "Voortgang gemeld: in uitvoering, gerealiseerd 12.",
    )
    assert (tweede.user, tweede.change_message) == (
        wereld.programmaleider,
        "Voortgang gemeld: vertraagd, gerealiseerd —.",
    )


def test_the_activiteit_passed_in_may_be_stale(wereld, activiteit):
    # the service reads the activiteit afresh: an old copy does not undo a report
    oud = Activiteit.objects.get(pk=activiteit.pk)
    meld(activiteit, wereld.partner, gerealiseerd_aantal=12, datum=D(2024, 1, 1))
    meld(oud, wereld.partner, S.VERTRAAGD, datum=D(2024, 6, 1))
    assert (vers(activiteit).status, vers(activiteit).gerealiseerd_aantal) == (S.VERTRAAGD, 12)
