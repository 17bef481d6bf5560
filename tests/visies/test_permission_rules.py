"""Who sees the visie (for_user) and who may change it (can_edit, require_edit).

The visie and its content are common ground: every role of the gemeente, partners included, reads
them. Only the beleidsadviseur (and the beheerder) changes them, and nobody once the visie is
vastgesteld. Initiatieven are not content: they stay editable, and a partner sees only its own.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch

from analyses.models import Woonzorganalyse
from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory
from tests.visies.factories import (
    AfwegingscriteriumFactory,
    AmbitieFactory,
    BeoordelingFactory,
    DoelstellingFactory,
    InitiatiefFactory,
    WoonzorgvisieFactory,
)
from tests.woonzorg.factories import OrganisatieFactory, UserFactory
from visies.models import (
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)
from woonzorg import permissions
from woonzorg.querysets import prefetch_for_user


def zichtbaar(model, user) -> set[int]:
    return set(model.objects.for_user(user).values_list("pk", flat=True))


def inhoud_in(gemeente, **visie) -> dict[type, object]:
    """One of each kind of content of a visie in `gemeente`, by model."""
    ambitie = AmbitieFactory(visie=WoonzorgvisieFactory(gemeente=gemeente, **visie))
    return {
        Woonzorgvisie: ambitie.visie,
        Thema: ambitie.thema,
        Ambitie: ambitie,
        Doelstelling: DoelstellingFactory(ambitie=ambitie),
        Afwegingscriterium: AfwegingscriteriumFactory(visie=ambitie.visie),
    }


INHOUD = (Woonzorgvisie, Thema, Ambitie, Doelstelling, Afwegingscriterium)
inhoud_ids = [model.__name__ for model in INHOUD]


# --- can_edit -------------------------------------------------------------------------------

MAG_BEWERKEN = {
    "beleidsadviseur": True,
    "programmaleider": False,  # edits the uitvoering, not the visie
    "lezer": False,
    "partner": False,
    "andere_beleidsadviseur": False,
    "beheerder": True,
}


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
@pytest.mark.parametrize(("wie", "mag"), MAG_BEWERKEN.items())
def test_only_the_beleidsadviseur_edits_a_concept(wereld, model, wie, mag):
    obj = inhoud_in(wereld.gemeente)[model]

    assert permissions.can_edit(wereld.user(wie), obj) is mag


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
@pytest.mark.parametrize("wie", MAG_BEWERKEN)
def test_nobody_edits_a_vastgestelde_visie_or_its_content(wereld, model, wie):
    obj = inhoud_in(wereld.gemeente, vastgesteld=True)[model]

    assert permissions.can_edit(wereld.user(wie), obj) is False


def test_anonymous_users_edit_nothing(wereld):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)
    assert permissions.can_edit(AnonymousUser(), visie) is False


@pytest.mark.parametrize("vastgesteld", [False, True], ids=["concept", "vastgesteld"])
@pytest.mark.parametrize(("wie", "mag"), MAG_BEWERKEN.items())
def test_initiatieven_stay_editable_after_vaststelling(wereld, vastgesteld, wie, mag):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, vastgesteld=vastgesteld)
    initiatief = InitiatiefFactory(visie=visie, organisatie=wereld.corporatie)
    beoordeling = BeoordelingFactory(initiatief=initiatief)

    assert permissions.can_edit(wereld.user(wie), initiatief) is mag
    assert permissions.can_edit(wereld.user(wie), beoordeling) is mag


# --- require_edit ---------------------------------------------------------------------------


@pytest.mark.parametrize("wie", ["beleidsadviseur", "beheerder"])
@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
def test_an_editor_is_told_the_visie_is_vastgesteld(wereld, model, wie):
    obj = inhoud_in(wereld.gemeente, vastgesteld=True)[model]

    with pytest.raises(PermissionDenied) as error:
        permissions.require_edit(wereld.user(wie), obj)

    assert "vastgesteld" in str(error.value)
    assert "nieuwe versie" in str(error.value)


@pytest.mark.parametrize("wie", ["programmaleider", "lezer", "partner", "andere_beleidsadviseur"])
@pytest.mark.parametrize("vastgesteld", [False, True], ids=["concept", "vastgesteld"])
def test_require_edit_refuses_others(wereld, wie, vastgesteld):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, vastgesteld=vastgesteld)

    with pytest.raises(PermissionDenied):
        permissions.require_edit(wereld.user(wie), visie)


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
def test_require_edit_lets_the_beleidsadviseur_change_a_concept(wereld, model):
    obj = inhoud_in(wereld.gemeente)[model]

    permissions.require_edit(wereld.beleidsadviseur, obj)  # no exception


# --- for_user: the visie and its content ----------------------------------------------------


@pytest.fixture
def twee_visies(wereld):
    """Content of a visie in Gemeente A and in Gemeente B."""
    return inhoud_in(wereld.gemeente), inhoud_in(wereld.andere_gemeente, vastgesteld=True)


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
def test_every_role_of_the_gemeente_sees_the_visie_and_its_content(wereld, rol, twee_visies, model):
    eigen, _ander = twee_visies
    assert zichtbaar(model, wereld.user(rol)) == {eigen[model].pk}


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
def test_another_gemeentes_beleidsadviseur_sees_none_of_it(wereld, twee_visies, model):
    eigen, ander = twee_visies
    assert zichtbaar(model, wereld.andere_beleidsadviseur) == {ander[model].pk}


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
def test_anonymous_users_see_no_visie(wereld, twee_visies, model):
    assert zichtbaar(model, AnonymousUser()) == set()


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
def test_the_beheerder_sees_every_visie(wereld, twee_visies, model):
    eigen, ander = twee_visies
    assert zichtbaar(model, wereld.beheerder) == {eigen[model].pk, ander[model].pk}


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
def test_a_user_without_any_role_sees_no_visie(wereld, twee_visies, model):
    # an organisation working in Gemeente A, but no role there
    zonder_rol = UserFactory(organisatie=wereld.corporatie)
    assert zichtbaar(model, zonder_rol) == set()


# --- for_user: initiatieven and beoordelingen -----------------------------------------------


@pytest.fixture
def initiatieven(wereld):
    """Initiatieven in Gemeente A of the partner's corporatie, of nobody, and of another
    organisatie; and one of the same corporatie in Gemeente B, where the partner has no role."""
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)
    in_a = {
        "eigen": InitiatiefFactory(visie=visie, organisatie=wereld.corporatie),
        "burgers": InitiatiefFactory(visie=visie, organisatie=None),
        "ontwikkelaar": InitiatiefFactory(visie=visie, organisatie=OrganisatieFactory()),
    }
    in_b = InitiatiefFactory(
        visie=WoonzorgvisieFactory(gemeente=wereld.andere_gemeente),
        organisatie=wereld.corporatie,
    )
    for initiatief in [*in_a.values(), in_b]:
        BeoordelingFactory(initiatief=initiatief)
    return in_a, in_b


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer"])
def test_gemeente_staff_and_lezers_see_every_initiatief_of_their_gemeente(
    wereld, initiatieven, wie
):
    in_a, _in_b = initiatieven
    user = wereld.user(wie)

    assert zichtbaar(Initiatief, user) == {i.pk for i in in_a.values()}
    assert zichtbaar(Beoordeling, user) == {
        b.pk for i in in_a.values() for b in i.beoordelingen.all()
    }


def test_a_partner_sees_only_its_own_initiatieven_and_their_beoordelingen(wereld, initiatieven):
    in_a, _in_b = initiatieven
    eigen = in_a["eigen"]

    assert zichtbaar(Initiatief, wereld.partner) == {eigen.pk}
    assert zichtbaar(Beoordeling, wereld.partner) == {eigen.beoordelingen.get().pk}


def test_a_partner_without_organisatie_sees_no_initiatief(wereld, initiatieven):
    wereld.partner.organisatie = None

    assert zichtbaar(Initiatief, wereld.partner) == set()
    assert zichtbaar(Beoordeling, wereld.partner) == set()


def test_another_gemeentes_beleidsadviseur_sees_only_its_own_initiatieven(wereld, initiatieven):
    _in_a, in_b = initiatieven

    assert zichtbaar(Initiatief, wereld.andere_beleidsadviseur) == {in_b.pk}
    assert zichtbaar(Beoordeling, wereld.andere_beleidsadviseur) == {in_b.beoordelingen.get().pk}


def test_anonymous_users_see_no_initiatief(wereld, initiatieven):
    assert zichtbaar(Initiatief, AnonymousUser()) == set()
    assert zichtbaar(Beoordeling, AnonymousUser()) == set()


# --- prefetch_for_user ----------------------------------------------------------------------


def test_a_relation_no_app_declares_is_not_prefetched(db):
    naam = "nog_niet_gebouwde_relatie"
    assert naam not in {f.name for f in Ambitie._meta.get_fields()}

    assert prefetch_for_user(Ambitie, naam, AnonymousUser()) is None
    assert prefetch_for_user(Ambitie, naam, AnonymousUser(), to_attr="x") is None


def test_a_declared_relation_is_prefetched_for_the_user(wereld, django_assert_num_queries):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)
    ambities = [AmbitieFactory(visie=visie), AmbitieFactory(visie=visie)]

    prefetch = prefetch_for_user(Woonzorgvisie, "ambities", wereld.lezer)

    assert isinstance(prefetch, Prefetch)
    assert prefetch.queryset.model is Ambitie
    [gevonden] = Woonzorgvisie.objects.for_user(wereld.lezer).prefetch_related(prefetch)
    with django_assert_num_queries(0):
        assert set(gevonden.ambities.all()) == set(ambities)


def test_the_prefetch_is_narrowed_to_what_the_user_may_see(wereld, initiatieven):
    in_a, _in_b = initiatieven
    visie = in_a["eigen"].visie

    def geprefetcht(user):
        prefetch = prefetch_for_user(
            Woonzorgvisie, "initiatieven", user, to_attr="zichtbare_initiatieven"
        )
        [gevonden] = Woonzorgvisie.objects.filter(pk=visie.pk).prefetch_related(prefetch)
        return {i.pk for i in gevonden.zichtbare_initiatieven}

    assert geprefetcht(wereld.beleidsadviseur) == {i.pk for i in in_a.values()}
    assert geprefetcht(wereld.partner) == {in_a["eigen"].pk}
    assert geprefetcht(AnonymousUser()) == set()


def test_a_reverse_relation_of_an_earlier_phase_is_prefetched_too(wereld):
    analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente)
    bevindingen = {BevindingFactory(analyse=analyse).pk, BevindingFactory(analyse=analyse).pk}

    prefetch = prefetch_for_user(Woonzorganalyse, "bevindingen", wereld.partner, to_attr="lijst")
    [gevonden] = Woonzorganalyse.objects.filter(pk=analyse.pk).prefetch_related(prefetch)

    assert {b.pk for b in gevonden.lijst} == bevindingen


# --- in_gemeente ----------------------------------------------------------------------------


@pytest.mark.parametrize("model", INHOUD, ids=inhoud_ids)
def test_in_gemeente_follows_the_gemeente_path(wereld, twee_visies, model):
    eigen, ander = twee_visies

    def pks(gemeente):
        return set(model.objects.in_gemeente(gemeente).values_list("pk", flat=True))

    assert pks(wereld.gemeente) == {eigen[model].pk}
    assert pks(wereld.andere_gemeente) == {ander[model].pk}


def test_in_gemeente_for_initiatieven_and_beoordelingen(wereld, initiatieven):
    in_a, in_b = initiatieven

    assert set(Initiatief.objects.in_gemeente(wereld.andere_gemeente)) == {in_b}
    assert set(Beoordeling.objects.in_gemeente(wereld.gemeente)) == {
        b for i in in_a.values() for b in i.beoordelingen.all()
    }
