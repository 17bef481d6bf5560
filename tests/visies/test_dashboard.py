"""The visie's numbers on the gemeente dashboard: how many visies, and the newest one's ambities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.visies.factories import AmbitieFactory, DoelstellingFactory, WoonzorgvisieFactory
from visies.dashboard import kengetallen
from woonzorg.fasen import Kengetal

DETAIL = "/g/GM0001/visie/{pk}/"


@pytest.fixture
def visies(wereld):
    """An old visie, the newest (a second version of 2025) and the ambities of both."""
    oud = WoonzorgvisieFactory(gemeente=wereld.gemeente, periode_start=2020, periode_eind=2024)
    AmbitieFactory.create_batch(5, visie=oud)
    eerste = WoonzorgvisieFactory(gemeente=wereld.gemeente, vastgesteld=True)
    nieuwste = WoonzorgvisieFactory(gemeente=wereld.gemeente, versie=2, vorige_versie=eerste)
    concreet = AmbitieFactory(visie=nieuwste)
    DoelstellingFactory(ambitie=concreet)
    DoelstellingFactory(ambitie=concreet, aantal=None)  # one concrete doelstelling is enough
    zonder_aantal = AmbitieFactory(visie=nieuwste)
    DoelstellingFactory(ambitie=zonder_aantal, aantal=None, eenheid="")
    AmbitieFactory(visie=nieuwste)  # no doelstelling at all
    return nieuwste


def verwacht(nieuwste, aantal_visies=3):
    detail = DETAIL.format(pk=nieuwste.pk)
    return [
        Kengetal(label="woonzorgvisies", waarde=aantal_visies, url="/g/GM0001/visie/"),
        Kengetal(label="ambities in de nieuwste visie", waarde=3, url=detail),
        Kengetal(label="ambities nog niet concreet", waarde=2, url=f"{detail}#nog-niet-concreet"),
    ]


def test_the_visies_and_the_newest_ones_ambities(wereld, visies):
    assert kengetallen(wereld.gemeente, wereld.beleidsadviseur) == verwacht(visies)


def test_every_role_sees_the_same_visie_numbers(wereld, visies, rol):
    # The visie is the common ground of the agreements: partners read it as lezers do.
    assert kengetallen(wereld.gemeente, wereld.user(rol)) == verwacht(visies)


def test_the_beheerder_sees_them_too(wereld, visies):
    assert kengetallen(wereld.gemeente, wereld.beheerder) == verwacht(visies)


def test_another_gemeentes_visies_are_never_counted(wereld, visies):
    later = WoonzorgvisieFactory(
        gemeente=wereld.andere_gemeente, periode_start=2030, periode_eind=2040
    )
    AmbitieFactory.create_batch(4, visie=later)
    assert kengetallen(wereld.gemeente, wereld.beheerder) == verwacht(visies)
    assert kengetallen(wereld.gemeente, wereld.lezer) == verwacht(visies)
    # and a user without a role in the gemeente counts nothing there
    assert kengetallen(wereld.gemeente, wereld.andere_beleidsadviseur) == []


def test_singular_labels(wereld):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)
    DoelstellingFactory(ambitie=AmbitieFactory(visie=visie), streefjaar=None)
    assert [(k.label, k.waarde) for k in kengetallen(wereld.gemeente, wereld.lezer)] == [
        ("woonzorgvisie", 1),
        ("ambitie in de nieuwste visie", 1),
        ("ambitie nog niet concreet", 1),
    ]


def test_a_visie_without_ambities(wereld):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)
    assert [k.waarde for k in kengetallen(wereld.gemeente, wereld.lezer)] == [1, 0, 0]
    assert kengetallen(wereld.gemeente, wereld.lezer)[1].url == DETAIL.format(pk=visie.pk)


def test_without_visies_there_are_no_numbers(wereld):
    WoonzorgvisieFactory(gemeente=wereld.andere_gemeente)
    assert kengetallen(wereld.gemeente, wereld.beleidsadviseur) == []
    assert kengetallen(wereld.gemeente, wereld.beheerder) == []


def count_queries(gemeente, user):
    user = type(user).objects.get(pk=user.pk)  # no cached roles
    with CaptureQueriesContext(connection) as queries:
        kengetallen(gemeente, user)
    return len(queries)


def test_the_numbers_cost_three_queries_however_many_ambities(wereld, visies):
    assert count_queries(wereld.gemeente, wereld.partner) == 3
    for _ in range(5):
        DoelstellingFactory.create_batch(3, ambitie=AmbitieFactory(visie=visies))
    assert count_queries(wereld.gemeente, wereld.partner) == 3
    assert count_queries(wereld.gemeente, wereld.beheerder) == 3


def test_the_numbers_on_the_dashboard_page(wereld, visies, login):
    content = login(wereld.partner).get("/g/GM0001/").content.decode()
    detail = DETAIL.format(pk=visies.pk)
    assert (
        '<a href="/g/GM0001/visie/"><span class="kengetal">3</span> woonzorgvisies</a>' in content
    )
    assert (
        f'<a href="{detail}#nog-niet-concreet"><span class="kengetal">2</span> '
        "ambities nog niet concreet</a>"
    ) in content
    assert "Nog geen woonzorgvisie vastgelegd." not in content
