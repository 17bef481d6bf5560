"""The core nouns' invariants: CBS codes, the gebied tree, roles, reference data and users."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.woonzorg.factories import (
    GebiedFactory,
    GemeenteFactory,
    OrganisatieFactory,
    RolFactory,
    UserFactory,
)
from woonzorg.models import Doelgroep, Gebied, Gemeente, Rol, User, Woonvorm

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# --- Gemeente --------------------------------------------------------------------------------


def test_a_valid_gemeente(db):
    Gemeente(naam="Lochem", cbs_code="GM0262").full_clean()


@pytest.mark.parametrize("code", ["GM262", "0262", "gm0262", "GM02620", "WK026201"])
def test_a_gemeente_code_is_gm_and_four_digits(code):
    assert (
        "Een CBS-gemeentecode bestaat uit GM en vier cijfers, bijvoorbeeld GM0344."
        in errors_of(Gemeente(naam="Lochem", cbs_code=code))["cbs_code"]
    )


def test_a_gemeente_code_is_unique():
    GemeenteFactory(cbs_code="GM0344")
    assert "cbs_code" in errors_of(Gemeente(naam="Tweede", cbs_code="GM0344"))


def test_the_gemeente_url_is_its_dashboard():
    gemeente = GemeenteFactory(cbs_code="GM0344")
    assert gemeente.get_absolute_url() == "/g/GM0344/"
    assert gemeente.gemeente is gemeente
    assert str(gemeente) == gemeente.naam


# --- Gebied ----------------------------------------------------------------------------------


def gebied(**fields):
    gemeente = fields.pop("gemeente", None) or GemeenteFactory()
    return Gebied(gemeente=gemeente, **{"naam": "Centrum", "soort": "wijk", **fields})


def test_valid_wijk_buurt_and_kern():
    wijk = GebiedFactory(soort="wijk", cbs_code="WK034401")
    buurt = Gebied(
        gemeente=wijk.gemeente, naam="Oud", soort="buurt", cbs_code="BU03440101", parent=wijk
    )
    buurt.full_clean()
    Gebied(gemeente=wijk.gemeente, naam="Dorp", soort="kern", cbs_code="").full_clean()


@pytest.mark.parametrize("code", ["WK0344", "BU034401", "GM0344", "wk034401", "WK0344011"])
def test_a_gebied_code_has_the_cbs_form(code):
    assert (
        "Een CBS-code is WK met zes cijfers (wijk) of BU met acht cijfers (buurt)."
        in errors_of(gebied(cbs_code=code))["cbs_code"]
    )


def test_a_wijk_code_starts_with_wk():
    assert errors_of(gebied(soort="wijk", cbs_code="BU03440101"))["cbs_code"] == [
        "De CBS-code van een wijk begint met WK."
    ]


def test_a_buurt_code_starts_with_bu():
    assert errors_of(gebied(soort="buurt", cbs_code="WK034401"))["cbs_code"] == [
        "De CBS-code van een buurt begint met BU."
    ]


def test_a_gebied_lies_in_a_gebied_of_the_same_gemeente():
    elders = GebiedFactory()
    assert errors_of(gebied(parent=elders))["parent"] == [
        "Een gebied ligt in een gebied van dezelfde gemeente."
    ]


def test_a_gebied_does_not_lie_in_itself():
    wijk = GebiedFactory()
    wijk.parent = wijk
    assert errors_of(wijk)["parent"] == ["Een gebied kan niet in zichzelf liggen."]


def test_a_gebied_code_is_unique_across_gemeenten():
    GebiedFactory(cbs_code="WK034401")
    assert errors_of(gebied(cbs_code="WK034401"))["__all__"] == [
        "Er bestaat al een gebied met deze CBS-code."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        GebiedFactory(cbs_code="WK034401")


def test_kernen_without_code_may_share_the_blank_code():
    gemeente = GemeenteFactory()
    GebiedFactory(gemeente=gemeente, naam="Dorp", soort="kern", cbs_code="")
    tweede = Gebied(gemeente=gemeente, naam="Gehucht", soort="kern", cbs_code="")
    tweede.full_clean()
    tweede.save()
    assert gemeente.gebieden.filter(cbs_code="").count() == 2


def test_a_gemeente_names_each_gebied_once_per_soort():
    bestaand = GebiedFactory(naam="Centrum", soort="wijk")
    dubbel = gebied(gemeente=bestaand.gemeente, naam="Centrum", soort="wijk", cbs_code="")
    assert errors_of(dubbel)["__all__"] == ["Deze gemeente heeft al een gebied met deze naam."]
    # The same name as a kern, or in another gemeente, is fine.
    gebied(gemeente=bestaand.gemeente, naam="Centrum", soort="kern", cbs_code="").full_clean()
    gebied(naam="Centrum", soort="wijk", cbs_code="").full_clean()


# --- Rol -------------------------------------------------------------------------------------


def test_a_partner_belongs_to_an_organisatie():
    rol = Rol(user=UserFactory(), gemeente=GemeenteFactory(), soort=Rol.Soort.PARTNER)
    assert errors_of(rol)["soort"] == [
        "Een partner hoort bij een organisatie; kies eerst de organisatie."
    ]
    rol.user.organisatie = OrganisatieFactory()
    rol.full_clean()


def test_a_lezer_needs_no_organisatie():
    Rol(user=UserFactory(), gemeente=GemeenteFactory(), soort=Rol.Soort.LEZER).full_clean()


def test_one_role_per_user_per_gemeente():
    bestaand = RolFactory(soort=Rol.Soort.LEZER)
    tweede = Rol(user=bestaand.user, gemeente=bestaand.gemeente, soort=Rol.Soort.BELEIDSADVISEUR)
    assert errors_of(tweede)["__all__"] == ["Deze gebruiker heeft al een rol in deze gemeente."]
    with pytest.raises(IntegrityError), transaction.atomic():
        tweede.save()
    # A role in another gemeente is fine.
    Rol(user=bestaand.user, gemeente=GemeenteFactory(), soort=Rol.Soort.LEZER).full_clean()


def test_a_rol_reads_as_who_what_where():
    rol = RolFactory(
        user=UserFactory(first_name="Noor", last_name="de Vries"),
        gemeente=GemeenteFactory(naam="Lochem"),
        soort=Rol.Soort.PROGRAMMALEIDER,
    )
    assert str(rol) == "Noor de Vries — programmaleider in Lochem"


# --- Reference data --------------------------------------------------------------------------


def test_the_data_migration_shipped_the_doelgroepen():
    namen = set(Doelgroep.objects.values_list("naam", flat=True))
    assert {"Ouderen", "Statushouders", "Beschermd wonen", "Arbeidsmigranten"} <= namen
    assert Doelgroep.objects.first().naam == "Ouderen"  # in the shipped order


def test_the_data_migration_shipped_the_woonvormen():
    namen = set(Woonvorm.objects.values_list("naam", flat=True))
    assert {
        "Geclusterde woonvorm",
        "Nultredenwoning",
        "Levensloopbestendige woning",
        "Mantelzorgwoning",
        "Verpleegzorgplek",
    } <= namen
    geclusterd = Woonvorm.objects.get(code="geclusterde-woonvorm")
    assert str(geclusterd) == "Geclusterde woonvorm"
    assert geclusterd.omschrijving.startswith("Zelfstandige woningen bij elkaar")


# --- User ------------------------------------------------------------------------------------


def test_create_user_lowercases_the_email_address():
    user = User.objects.create_user("Noor.De.Vries@Gemeente-A.NL", "Zonnebloem-Kade-2026")
    assert user.email == "noor.de.vries@gemeente-a.nl"
    assert user.check_password("Zonnebloem-Kade-2026")
    assert not user.is_staff
    assert not user.is_superuser
    assert User.objects.get_by_natural_key("NOOR.de.vries@gemeente-a.nl") == user


def test_create_user_without_password_has_an_unusable_one():
    assert not User.objects.create_user("iemand@example.org").has_usable_password()


def test_create_user_needs_an_email_address():
    with pytest.raises(ValueError):
        User.objects.create_user("", "Zonnebloem-Kade-2026")


def test_the_email_address_is_unique():
    User.objects.create_user("iemand@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("IEMAND@example.org")


def test_create_superuser():
    user = User.objects.create_superuser("Beheer@Example.org", "Zonnebloem-Kade-2026")
    assert user.email == "beheer@example.org"
    assert user.is_staff
    assert user.is_superuser
    assert user.is_active


def test_a_user_reads_as_its_name_or_email():
    assert str(UserFactory(first_name="Noor", last_name="de Vries")) == "Noor de Vries"
    assert str(UserFactory(email="x@example.org", first_name="", last_name="")) == "x@example.org"
