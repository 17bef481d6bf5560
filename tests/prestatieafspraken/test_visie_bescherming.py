"""An afspraak keeps the ambitie it makes concrete, and so its visie: deleting either is refused
in words on the delete page instead of a server error."""

import pytest
from django.urls import reverse

from tests.prestatieafspraken.factories import AfspraakFactory
from visies.models import Ambitie, Woonzorgvisie


@pytest.mark.parametrize("wat", ["visies:delete", "visies:ambitie_delete"])
def test_an_ambitie_with_afspraken_and_its_visie_are_not_deleted(wereld, login, wat):
    afspraak = AfspraakFactory(overeenkomst__gemeente=wereld.gemeente, smart=True)
    ambitie = afspraak.ambitie
    obj = ambitie.visie if wat == "visies:delete" else ambitie
    adres = reverse(wat, kwargs={"gemeente": wereld.gemeente.cbs_code, "pk": obj.pk})
    client = login(wereld.beleidsadviseur)

    inhoud = client.get(adres).content.decode()
    assert str(afspraak) in inhoud
    assert "Ja, verwijderen" not in inhoud

    response = client.post(adres)
    assert response.status_code == 302 and response["Location"] == adres
    assert Ambitie.objects.filter(pk=ambitie.pk).exists()
    assert Woonzorgvisie.objects.filter(pk=ambitie.visie_id).exists()
