"""Who sees the analyse and its figures (for_user), and who may change them (can_edit).

The analyse is common ground: every role of the gemeente, partners included, sees all of it.
Only the beleidsadviseur (and the beheerder) changes it.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from analyses.models import (
    Behoeftenorm,
    Bevinding,
    Bevolkingscijfer,
    Huishoudens,
    Voorraad,
    Woonzorganalyse,
)
from tests.woonzorg import conftest as core_fixtures
from tests.woonzorg.factories import GebiedFactory
from woonzorg import permissions
from woonzorg.models import Woonvorm

# The core's fixtures: one user per role in a gemeente, a second gemeente, a beheerder.
wereld = core_fixtures.wereld
rol = core_fixtures.rol


def analyse_in(gemeente):
    return Woonzorganalyse.objects.create(gemeente=gemeente, titel="Analyse", peiljaar=2024)


def wijk_in(gemeente):
    return GebiedFactory(gemeente=gemeente)


def geclusterd():
    return Woonvorm.objects.get(code="geclusterde-woonvorm")


# One way to make each model's object in a gemeente.
MAKERS = {
    Woonzorganalyse: analyse_in,
    Bevolkingscijfer: lambda g: Bevolkingscijfer.objects.create(
        gebied=wijk_in(g), jaar=2024, leeftijdsklasse="75+", aantal=900
    ),
    Huishoudens: lambda g: Huishoudens.objects.create(gebied=wijk_in(g), jaar=2024, totaal=3000),
    Voorraad: lambda g: Voorraad.objects.create(
        gebied=wijk_in(g), woonvorm=geclusterd(), jaar=2024, aantal=20
    ),
    Behoeftenorm: lambda g: Behoeftenorm.objects.create(
        analyse=analyse_in(g), woonvorm=geclusterd(), leeftijdsklasse="75+", per_1000=50
    ),
    Bevinding: lambda g: Bevinding.objects.create(analyse=analyse_in(g), titel="23%", bron="x"),
}


@pytest.fixture(params=list(MAKERS), ids=lambda model: model.__name__)
def objecten(request, wereld):
    """(model, object in wereld.gemeente, object in wereld.andere_gemeente)"""
    model = request.param
    return model, MAKERS[model](wereld.gemeente), MAKERS[model](wereld.andere_gemeente)


def test_every_role_of_the_gemeente_sees_it_and_not_another_gemeentes(wereld, rol, objecten):
    model, eigen, ander = objecten
    assert list(model.objects.for_user(wereld.user(rol))) == [eigen]


def test_another_gemeentes_users_do_not_see_it(wereld, objecten):
    model, eigen, ander = objecten
    assert list(model.objects.for_user(wereld.andere_beleidsadviseur)) == [ander]


def test_anonymous_users_see_nothing(wereld, objecten):
    model, _, _ = objecten
    assert not model.objects.for_user(AnonymousUser()).exists()


def test_the_superuser_sees_everything(wereld, objecten):
    model, eigen, ander = objecten
    assert set(model.objects.for_user(wereld.beheerder)) == {eigen, ander}


def test_for_user_is_one_query(wereld, objecten, django_assert_num_queries):
    model, _, _ = objecten
    with django_assert_num_queries(1):
        list(model.objects.for_user(wereld.partner))


@pytest.mark.parametrize(
    "wie, mag",
    [
        ("beleidsadviseur", True),
        ("beheerder", True),
        ("programmaleider", False),
        ("lezer", False),
        ("partner", False),
        ("andere_beleidsadviseur", False),
    ],
)
def test_only_the_beleidsadviseur_and_the_beheerder_edit(wereld, objecten, wie, mag):
    _, eigen, _ = objecten
    assert permissions.can_edit(getattr(wereld, wie), eigen) is mag


def test_nobody_edits_while_logged_out(wereld, objecten):
    _, eigen, _ = objecten
    assert permissions.can_edit(AnonymousUser(), eigen) is False
