"""The one permission layer: who sees which rows (for_user) and who may do what (can_*)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.woonzorg.factories import (
    GebiedFactory,
    GemeenteFactory,
    OrganisatieFactory,
    RegioFactory,
    RolFactory,
    UserFactory,
)
from woonzorg import permissions
from woonzorg.models import Gebied, Gemeente, Organisatie, Regio, Rol, User
from woonzorg.querysets import ScopedQuerySet

STAFF = ("beleidsadviseur", "programmaleider")
FULL_VIEW = (*STAFF, "lezer")


def pks(queryset):
    return sorted(obj.pk for obj in queryset)


# --- Gemeente -------------------------------------------------------------------------------


def test_every_role_sees_only_its_own_gemeente(wereld, rol):
    assert list(Gemeente.objects.for_user(wereld.user(rol))) == [wereld.gemeente]


def test_a_beleidsadviseur_of_another_gemeente_sees_only_that_gemeente(wereld):
    assert list(Gemeente.objects.for_user(wereld.andere_beleidsadviseur)) == [
        wereld.andere_gemeente
    ]


def test_a_user_with_roles_in_two_gemeenten_sees_both(wereld):
    RolFactory(user=wereld.partner, gemeente=wereld.andere_gemeente, soort=Rol.Soort.PARTNER)
    assert pks(Gemeente.objects.for_user(wereld.partner)) == pks(
        [wereld.gemeente, wereld.andere_gemeente]
    )


def test_the_superuser_sees_every_gemeente(wereld):
    assert pks(Gemeente.objects.for_user(wereld.beheerder)) == pks(Gemeente.objects.all())
    assert Gemeente.objects.count() == 2


def test_anonymous_and_roleless_users_see_no_gemeente(wereld):
    assert not Gemeente.objects.for_user(AnonymousUser()).exists()
    assert not Gemeente.objects.for_user(UserFactory()).exists()


# --- Gebied, Organisatie, User, Rol, Regio ---------------------------------------------------


def test_every_role_sees_the_gebieden_of_its_gemeente_only(wereld, rol):
    # Geography is shared: a partner needs the wijken to report per gebied.
    eigen = GebiedFactory(gemeente=wereld.gemeente)
    GebiedFactory(gemeente=wereld.andere_gemeente)
    assert list(Gebied.objects.for_user(wereld.user(rol))) == [eigen]


def test_gebieden_for_superuser_and_anonymous(wereld):
    GebiedFactory(gemeente=wereld.gemeente)
    GebiedFactory(gemeente=wereld.andere_gemeente)
    assert Gebied.objects.for_user(wereld.beheerder).count() == 2
    assert not Gebied.objects.for_user(AnonymousUser()).exists()


@pytest.mark.parametrize("rol", [*FULL_VIEW, "partner"])
def test_organisaties_of_the_own_gemeente_are_visible_and_others_not(wereld, rol):
    visible = pks(Organisatie.objects.for_user(wereld.user(rol)))
    assert visible == pks([wereld.gemeente_organisatie, wereld.corporatie])


def test_a_user_always_sees_its_own_organisatie(wereld):
    zonder_werkgebied = OrganisatieFactory(naam="Zorgaanbieder zonder werkgebied")
    user = UserFactory(organisatie=zonder_werkgebied)
    RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    assert zonder_werkgebied in Organisatie.objects.for_user(user)
    assert zonder_werkgebied not in Organisatie.objects.for_user(wereld.beleidsadviseur)


def test_organisaties_for_superuser_and_anonymous(wereld):
    assert Organisatie.objects.for_user(wereld.beheerder).count() == Organisatie.objects.count()
    assert not Organisatie.objects.for_user(AnonymousUser()).exists()


@pytest.mark.parametrize("rol", FULL_VIEW)
def test_staff_and_lezers_see_the_users_of_their_gemeente(wereld, rol):
    visible = pks(User.objects.for_user(wereld.user(rol)))
    expected = [wereld.beleidsadviseur, wereld.programmaleider, wereld.lezer, wereld.partner]
    assert visible == pks(expected)


def test_a_partner_sees_itself_and_its_colleagues_only(wereld):
    collega_elders = UserFactory(organisatie=wereld.corporatie)  # no role in gemeente A
    visible = pks(User.objects.for_user(wereld.partner))
    assert visible == pks([wereld.partner, collega_elders])


def test_users_for_superuser_anonymous_and_roleless(wereld):
    assert User.objects.for_user(wereld.beheerder).count() == User.objects.count()
    assert not User.objects.for_user(AnonymousUser()).exists()
    zonder_rol = UserFactory()
    assert list(User.objects.for_user(zonder_rol)) == [zonder_rol]


@pytest.mark.parametrize("rol", FULL_VIEW)
def test_staff_and_lezers_see_every_role_in_their_gemeente(wereld, rol):
    visible = Rol.objects.for_user(wereld.user(rol))
    assert {r.gemeente for r in visible} == {wereld.gemeente}
    assert visible.count() == 4


def test_a_partner_sees_only_its_own_roles(wereld):
    assert list(Rol.objects.for_user(wereld.partner)) == list(wereld.partner.rollen.all())
    assert Rol.objects.for_user(wereld.beheerder).count() == Rol.objects.count()
    assert not Rol.objects.for_user(AnonymousUser()).exists()


def test_regios_of_the_own_gemeenten_once_each(wereld):
    regio = RegioFactory(naam="Regio Noord")
    andere_regio = RegioFactory(naam="Regio Zuid")
    wereld.gemeente.regio = regio
    wereld.gemeente.save()
    wereld.andere_gemeente.regio = andere_regio
    wereld.andere_gemeente.save()
    derde = GemeenteFactory(regio=regio)
    RolFactory(user=wereld.partner, gemeente=derde, soort=Rol.Soort.PARTNER)

    # Two gemeenten in the same regio: the regio once, not twice.
    assert list(Regio.objects.for_user(wereld.partner)) == [regio]
    assert list(Regio.objects.for_user(wereld.andere_beleidsadviseur)) == [andere_regio]
    assert Regio.objects.for_user(wereld.beheerder).count() == 2
    assert not Regio.objects.for_user(AnonymousUser()).exists()


def test_reference_data_is_for_logged_in_users(wereld):
    from woonzorg.models import Woonvorm

    assert Woonvorm.objects.for_user(wereld.partner).count() == Woonvorm.objects.count() > 0
    assert not Woonvorm.objects.for_user(AnonymousUser()).exists()


# --- ScopedQuerySet with partner_paths -------------------------------------------------------


class GebiedViaWerkgebied(ScopedQuerySet):
    """A stand-in phase model: partners see what their organisatie reaches via the werkgebied."""

    partner_paths = ("gemeente__organisaties",)


def scoped_gebieden(user):
    return GebiedViaWerkgebied(model=Gebied).for_user(user)


def test_partner_sees_only_rows_reached_through_its_own_organisatie(wereld):
    a = GebiedFactory(gemeente=wereld.gemeente)
    b = GebiedFactory(gemeente=wereld.andere_gemeente)
    # A third gemeente where the partner has a role, but its organisatie does not work there.
    derde = GemeenteFactory()
    RolFactory(user=wereld.partner, gemeente=derde, soort=Rol.Soort.PARTNER)
    GebiedFactory(gemeente=derde)
    # Its organisatie works in gemeente B too, but the partner has no role there.
    wereld.corporatie.werkgebied.add(wereld.andere_gemeente)

    assert list(scoped_gebieden(wereld.partner)) == [a]
    assert list(scoped_gebieden(wereld.andere_beleidsadviseur)) == [b]


def test_many_valued_partner_paths_give_no_duplicate_rows(wereld):
    gebied = GebiedFactory(gemeente=wereld.gemeente)
    # More organisaties in the werkgebied multiply the joined rows; the result must not.
    for _ in range(3):
        OrganisatieFactory(werkgebied=[wereld.gemeente])
    assert list(scoped_gebieden(wereld.partner)) == [gebied]
    assert list(scoped_gebieden(wereld.beleidsadviseur)) == [gebied]


def test_partner_paths_ignore_a_partner_without_organisatie(wereld):
    GebiedFactory(gemeente=wereld.gemeente)
    zonder_organisatie = UserFactory()
    RolFactory(user=zonder_organisatie, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    assert not scoped_gebieden(zonder_organisatie).exists()


def test_a_lezer_in_one_gemeente_and_partner_in_another_sees_both_scopes(wereld):
    a = GebiedFactory(gemeente=wereld.gemeente)
    b = GebiedFactory(gemeente=wereld.andere_gemeente)
    c = GebiedFactory(gemeente=GemeenteFactory())  # nothing to do with the user
    RolFactory(user=wereld.partner, gemeente=wereld.andere_gemeente, soort=Rol.Soort.LEZER)
    assert pks(scoped_gebieden(wereld.partner)) == pks([a, b])
    assert c not in scoped_gebieden(wereld.partner)


# --- Named permissions -----------------------------------------------------------------------


@pytest.fixture
def andere_partner(wereld):
    """A partner in the same gemeente, on behalf of a different organisatie."""
    zorgaanbieder = OrganisatieFactory(
        naam="Zorgaanbieder Q", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[wereld.gemeente]
    )
    user = UserFactory(organisatie=zorgaanbieder)
    RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    return user


def stand_in(gemeente, *, tekenaars=(), rapporteurs=()):
    return SimpleNamespace(
        gemeente=gemeente,
        ondertekenaar_ids=lambda: [o.pk for o in tekenaars],
        rapporteur_ids=lambda: [o.pk for o in rapporteurs],
    )


def test_rol_in_names_the_role_per_gemeente(wereld, rol):
    user = wereld.user(rol)
    assert permissions.rol_in(user, wereld.gemeente) == rol
    assert permissions.rol_in(user, wereld.andere_gemeente) is None
    assert permissions.rol_in(user, None) is None
    assert permissions.rol_in(AnonymousUser(), wereld.gemeente) is None


EDIT_RIGHTS = {
    "beleidsadviseur": True,
    "programmaleider": True,
    "lezer": False,
    "partner": False,
    "andere_beleidsadviseur": False,
    "beheerder": True,
}


@pytest.mark.parametrize(("wie", "mag"), EDIT_RIGHTS.items())
def test_editing_and_managing_users_is_for_gemeente_staff(wereld, wie, mag):
    user = wereld.user(wie)
    obj = stand_in(wereld.gemeente)
    assert permissions.is_editor(user, wereld.gemeente) is mag
    assert permissions.can_edit(user, obj) is mag
    assert permissions.can_manage_users(user, wereld.gemeente) is mag


def test_anonymous_may_not_edit(wereld):
    assert not permissions.is_editor(AnonymousUser(), wereld.gemeente)
    assert not permissions.can_edit(AnonymousUser(), stand_in(wereld.gemeente))


def test_a_gemeente_object_belongs_to_itself(wereld):
    assert permissions.can_edit(wereld.beleidsadviseur, wereld.gemeente)
    assert not permissions.can_edit(wereld.andere_beleidsadviseur, wereld.gemeente)


def test_can_sign_only_for_an_organisatie_asked_to_sign(wereld, andere_partner):
    obj = stand_in(wereld.gemeente, tekenaars=[wereld.corporatie, wereld.gemeente_organisatie])
    assert permissions.can_sign(wereld.partner, obj)
    assert not permissions.can_sign(andere_partner, obj)  # wrong organisatie
    # Staff sign for the gemeente's own organisatie; a lezer of that organisatie does not.
    assert permissions.can_sign(wereld.beleidsadviseur, obj)
    assert permissions.can_sign(wereld.programmaleider, obj)
    assert not permissions.can_sign(wereld.lezer, obj)
    # No organisatie, no signature: not even the beheerder signs.
    assert not permissions.can_sign(wereld.beheerder, obj)
    assert not permissions.can_sign(AnonymousUser(), obj)


def test_can_sign_only_in_a_gemeente_of_ones_own(wereld):
    obj = stand_in(wereld.andere_gemeente, tekenaars=[wereld.corporatie])
    assert not permissions.can_sign(wereld.partner, obj)


def test_can_report_for_staff_and_the_owning_partner(wereld, andere_partner):
    obj = stand_in(wereld.gemeente, rapporteurs=[wereld.corporatie, wereld.gemeente_organisatie])
    assert permissions.can_report(wereld.beleidsadviseur, obj)
    assert permissions.can_report(wereld.programmaleider, obj)
    assert permissions.can_report(wereld.beheerder, obj)
    assert permissions.can_report(wereld.partner, obj)
    assert not permissions.can_report(andere_partner, obj)
    # The lezer's organisatie is a rapporteur, yet a lezer reports nothing.
    assert not permissions.can_report(wereld.lezer, obj)
    assert not permissions.can_report(wereld.andere_beleidsadviseur, obj)
    assert not permissions.can_report(AnonymousUser(), obj)


def test_a_partner_reports_only_in_a_gemeente_where_it_is_partner(wereld):
    obj = stand_in(wereld.andere_gemeente, rapporteurs=[wereld.corporatie])
    assert not permissions.can_report(wereld.partner, obj)


def test_require_raises_permission_denied():
    permissions.require(True)
    with pytest.raises(PermissionDenied):
        permissions.require(False)


# --- The roles' cache ------------------------------------------------------------------------


def test_roles_are_read_once_per_user_object(wereld, django_assert_num_queries):
    user = User.objects.get(pk=wereld.lezer.pk)
    with django_assert_num_queries(1):
        for _ in range(3):
            permissions.rol_in(user, wereld.gemeente)
            permissions.is_editor(user, wereld.gemeente)


def test_the_roles_cache_does_not_leak_between_users(wereld):
    ba = User.objects.get(pk=wereld.beleidsadviseur.pk)
    partner = User.objects.get(pk=wereld.partner.pk)
    assert permissions.rol_in(ba, wereld.gemeente) == "beleidsadviseur"
    assert permissions.rol_in(partner, wereld.gemeente) == "partner"
    assert permissions.is_editor(ba, wereld.gemeente)
    assert not permissions.is_editor(partner, wereld.gemeente)


def test_a_changed_role_counts_from_the_next_request(wereld, login):
    client = login(wereld.lezer)
    url = reverse("gebruikers", kwargs={"gemeente": wereld.gemeente.cbs_code})
    assert client.get(url).status_code == 403
    Rol.objects.filter(user=wereld.lezer).update(soort=Rol.Soort.BELEIDSADVISEUR)
    assert client.get(url).status_code == 200


# --- The same rules through the pages --------------------------------------------------------


@pytest.mark.parametrize(("wie", "mag"), EDIT_RIGHTS.items())
def test_pages_follow_can_manage_users(wereld, login, wie, mag):
    client = login(wereld.user(wie))
    code = wereld.gemeente.cbs_code
    dashboard = client.get(reverse("dashboard", kwargs={"gemeente": code}))
    gebruikers = client.get(reverse("gebruikers", kwargs={"gemeente": code}))

    if wie == "andere_beleidsadviseur":
        assert dashboard.status_code == gebruikers.status_code == 404
        return
    assert dashboard.status_code == 200
    assert ("Gebruikers en uitnodigingen beheren" in dashboard.content.decode()) is mag
    assert dashboard.context["mag_bewerken"] is mag
    assert gebruikers.status_code == (200 if mag else 403)


def test_the_topbar_names_the_role(wereld, login, rol):
    client = login(wereld.user(rol))
    response = client.get(wereld.gemeente.get_absolute_url())
    assert f"Rol: {rol}" in response.content.decode()
    assert response.context["mijn_rol"] == rol
