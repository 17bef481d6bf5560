"""A finding that grounds an ambitie stays: neither the analyse page nor the admin deletes it."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from analyses.models import Bevinding
from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory
from tests.visies.factories import AmbitieFactory, WoonzorgvisieFactory


@pytest.fixture
def bevinding(wereld):
    analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente)
    return BevindingFactory(analyse=analyse, titel="23% van de 65-plussers wil verhuizen")


def verwijder_url(bevinding):
    return reverse(
        "analyses:bevinding_delete",
        kwargs={"gemeente": bevinding.analyse.gemeente.cbs_code, "pk": bevinding.pk},
    )


def test_the_delete_page_names_the_ambities_and_offers_no_delete(wereld, login, bevinding):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, vastgesteld=True)
    ambitie = AmbitieFactory(visie=visie, titel="Meer geclusterde woonvormen")
    ambitie.bevindingen.add(bevinding)

    pagina = login(wereld.beleidsadviseur).get(verwijder_url(bevinding)).content.decode()

    assert "onderbouwt een ambitie van de woonzorgvisie" in pagina
    assert ambitie.get_absolute_url() in pagina
    assert "Ja, verwijderen" not in pagina


@pytest.mark.parametrize("vastgesteld", [False, True])
def test_a_post_does_not_delete_a_finding_that_grounds_an_ambitie(
    wereld, login, bevinding, vastgesteld
):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, vastgesteld=vastgesteld)
    AmbitieFactory(visie=visie).bevindingen.add(bevinding)

    response = login(wereld.beleidsadviseur).post(verwijder_url(bevinding), follow=True)

    assert Bevinding.objects.filter(pk=bevinding.pk).exists()
    assert "blijft daarom bestaan" in response.content.decode()


def test_once_no_ambitie_rests_on_it_the_finding_can_go(wereld, login, bevinding):
    ambitie = AmbitieFactory(visie=WoonzorgvisieFactory(gemeente=wereld.gemeente))
    ambitie.bevindingen.add(bevinding)
    ambitie.bevindingen.remove(bevinding)

    response = login(wereld.beleidsadviseur).post(verwijder_url(bevinding))

    assert response.status_code == 302
    assert not Bevinding.objects.filter(pk=bevinding.pk).exists()


def test_the_database_protects_a_grounding_finding(wereld, bevinding):
    AmbitieFactory(visie=WoonzorgvisieFactory(gemeente=wereld.gemeente)).bevindingen.add(bevinding)

    with pytest.raises(ProtectedError):
        bevinding.delete()


def test_deleting_an_ambitie_keeps_the_finding(wereld, bevinding):
    ambitie = AmbitieFactory(visie=WoonzorgvisieFactory(gemeente=wereld.gemeente))
    ambitie.bevindingen.add(bevinding)

    ambitie.delete()

    assert Bevinding.objects.filter(pk=bevinding.pk).exists()
