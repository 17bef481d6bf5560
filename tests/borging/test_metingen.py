"""Entering a meting (services.voer_meting_in): the eigenaar's people and gemeente staff measure,
nobody else; the same period again is a correction the audit log remembers."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from borging import services
from borging.models import Frequentie, Meting
from tests.borging.factories import IndicatorFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory, RolFactory, UserFactory
from woonzorg import audit
from woonzorg.models import Organisatie, Rol

D = Decimal


@pytest.fixture
def indicator(wereld):
    """Owned by Woningcorporatie X, the organisatie of wereld.partner."""
    return IndicatorFactory(
        gemeente=wereld.gemeente,
        naam="Geclusterde woningen opgeleverd",
        eigenaar=wereld.corporatie,
        frequentie=Frequentie.PER_KWARTAAL,
        bron="Jaarverslag corporatie",
    )


@pytest.fixture
def zorgaanbieder(wereld):
    """A partner of the same gemeente that does not own the indicator."""
    organisatie = OrganisatieFactory(
        naam="Zorgaanbieder Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[wereld.gemeente]
    )
    user = UserFactory(organisatie=organisatie)
    RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    return user


def meet(indicator, door, waarde="12.5", **kwargs):
    return services.voer_meting_in(
        indicator, door=door, jaar=kwargs.pop("jaar", 2024), waarde=D(waarde), **kwargs
    )


def berichten(indicator):
    return [entry.change_message for entry in audit.entries_for(indicator)]


@pytest.mark.parametrize("wie", ["partner", "beleidsadviseur", "programmaleider", "beheerder"])
def test_the_eigenaars_partner_and_gemeente_staff_enter_a_meting(wereld, indicator, wie):
    door = wereld.user(wie)
    meting, nieuw = meet(indicator, door, toelichting="  Twaalf en een half.  ")

    assert nieuw is True
    meting = Meting.objects.get(pk=meting.pk)
    assert (meting.jaar, meting.kwartaal, meting.gebied, meting.waarde) == (
        2024,
        None,
        None,
        D("12.5"),
    )
    assert meting.ingevoerd_door == door
    assert meting.bron == "Jaarverslag corporatie"  # the indicator's bron when none is given
    assert meting.toelichting == "Twaalf en een half."
    assert berichten(indicator) == ["Meting 2024 ingevoerd: 12,5."]
    assert audit.entries_for(indicator).get().user == door


def test_a_bron_of_the_meting_itself_is_kept(wereld, indicator):
    meting, _nieuw = meet(indicator, wereld.partner, bron=" Telling K2 ")
    assert meting.bron == "Telling K2"


@pytest.mark.parametrize("wie", ["lezer", "andere_beleidsadviseur"])
def test_a_lezer_or_staff_of_another_gemeente_may_not(wereld, indicator, wie):
    with pytest.raises(PermissionDenied):
        meet(indicator, wereld.user(wie))
    assert not Meting.objects.exists()
    assert berichten(indicator) == []


def test_a_partner_that_does_not_own_the_indicator_may_not(indicator, zorgaanbieder):
    with pytest.raises(PermissionDenied):
        meet(indicator, zorgaanbieder)
    assert not Meting.objects.exists()


def test_a_user_of_the_eigenaar_without_a_role_in_the_gemeente_may_not(wereld, indicator):
    zonder_rol = UserFactory(organisatie=wereld.corporatie)
    with pytest.raises(PermissionDenied):
        meet(indicator, zonder_rol)


def test_a_user_of_the_eigenaar_with_only_a_lezer_role_may_not(wereld, indicator):
    lezer = UserFactory(organisatie=wereld.corporatie)
    RolFactory(user=lezer, gemeente=wereld.gemeente, soort=Rol.Soort.LEZER)
    with pytest.raises(PermissionDenied):
        meet(indicator, lezer)


def test_the_partner_of_a_new_eigenaar_takes_over(wereld, indicator, zorgaanbieder):
    indicator.eigenaar = zorgaanbieder.organisatie
    indicator.save()
    meet(indicator, zorgaanbieder)
    with pytest.raises(PermissionDenied):
        meet(indicator, wereld.partner, jaar=2025)
    assert Meting.objects.count() == 1


def test_the_same_period_again_corrects_the_value_and_the_log_keeps_the_old_one(wereld, indicator):
    eerste, nieuw = meet(indicator, wereld.partner, waarde="10")
    assert nieuw is True
    tweede, nieuw = meet(indicator, wereld.beleidsadviseur, waarde="1234.5")

    assert nieuw is False
    assert tweede.pk == eerste.pk
    meting = Meting.objects.get()
    assert (meting.waarde, meting.ingevoerd_door) == (D("1234.5"), wereld.beleidsadviseur)
    assert berichten(indicator) == [  # newest first
        "Meting 2024 gecorrigeerd: 10 → 1.234,5.",
        "Meting 2024 ingevoerd: 10.",
    ]


def test_a_correction_names_the_quarter_and_the_gebied(wereld, indicator):
    centrum = GebiedFactory(gemeente=wereld.gemeente, naam="Centrum")
    meet(indicator, wereld.partner, waarde="7", kwartaal=2, gebied=centrum)
    meet(indicator, wereld.partner, waarde="8", kwartaal=2, gebied=centrum)
    assert berichten(indicator)[0] == "Meting 2024 K2 (Centrum) gecorrigeerd: 7 → 8."
    assert Meting.objects.get().waarde == D(8)


def test_another_quarter_gebied_or_year_is_a_new_meting(wereld, indicator):
    centrum = GebiedFactory(gemeente=wereld.gemeente, naam="Centrum")
    uitkomsten = [
        meet(indicator, wereld.partner, waarde="1")[1],
        meet(indicator, wereld.partner, waarde="2", kwartaal=4)[1],
        meet(indicator, wereld.partner, waarde="3", kwartaal=3)[1],
        meet(indicator, wereld.partner, waarde="4", gebied=centrum)[1],
        meet(indicator, wereld.partner, waarde="5", kwartaal=4, gebied=centrum)[1],
        meet(indicator, wereld.partner, waarde="6", jaar=2023)[1],
    ]
    assert uitkomsten == [True] * 6
    assert Meting.objects.count() == 6
    assert Meting.objects.get(jaar=2024, kwartaal=None, gebied=None).waarde == D(1)


def test_without_audit_log_nothing_is_logged(wereld, indicator):
    meet(indicator, wereld.partner, audit_log=False)
    assert berichten(indicator) == []
    assert Meting.objects.count() == 1


def test_a_meting_for_a_gebied_of_another_gemeente_is_refused(wereld, indicator):
    elders = GebiedFactory(gemeente=wereld.andere_gemeente)
    with pytest.raises(ValidationError) as info:
        meet(indicator, wereld.partner, gebied=elders)
    assert info.value.message_dict == {"gebied": ["Kies een gebied van deze gemeente."]}
    assert not Meting.objects.exists()
    assert berichten(indicator) == []


def test_a_kwartaal_for_a_yearly_indicator_is_refused(wereld):
    jaarlijks = IndicatorFactory(gemeente=wereld.gemeente, eigenaar=wereld.corporatie)
    with pytest.raises(ValidationError) as info:
        meet(jaarlijks, wereld.partner, kwartaal=1)
    assert list(info.value.message_dict) == ["kwartaal"]
    assert not Meting.objects.exists()


def test_a_refused_correction_keeps_the_old_value(wereld, indicator):
    meet(indicator, wereld.partner, waarde="10")
    with pytest.raises(ValidationError):
        meet(indicator, wereld.partner, waarde="-1")
    assert Meting.objects.get().waarde == D(10)
    assert berichten(indicator) == ["Meting 2024 ingevoerd: 10."]


@pytest.mark.parametrize("jaar", [1999, 2101])
def test_a_year_outside_the_range_is_refused(wereld, indicator, jaar):
    with pytest.raises(ValidationError) as info:
        meet(indicator, wereld.partner, jaar=jaar)
    assert list(info.value.message_dict) == ["jaar"]
