"""Later phases add a section to an afspraak's page through a registry, not an import."""

import pytest
from django.urls import reverse

from prestatieafspraken import services
from tests.prestatieafspraken.factories import AfspraakFactory, PartijFactory


@pytest.fixture
def secties(monkeypatch):
    """An empty registry for the test; the phases that registered themselves come back after."""
    registry = []
    monkeypatch.setattr(services, "_afspraak_secties", registry)
    return registry


def test_a_registered_section_is_asked_with_the_afspraak_and_the_user(wereld, secties):
    afspraak = AfspraakFactory(overeenkomst__gemeente=wereld.gemeente)
    gevraagd = []

    def sectie(a, user):
        gevraagd.append((a, user))
        return "prestatieafspraken/_status.html", {"iets": 1}

    assert services.register_afspraak_sectie(sectie) is sectie  # usable as a decorator
    services.register_afspraak_sectie(sectie)  # twice counts once

    assert services.afspraak_secties(afspraak, wereld.lezer) == [
        ("prestatieafspraken/_status.html", {"iets": 1})
    ]
    assert gevraagd == [(afspraak, wereld.lezer)]


def test_a_section_that_has_nothing_to_say_is_left_out(wereld, secties):
    afspraak = AfspraakFactory(overeenkomst__gemeente=wereld.gemeente)
    services.register_afspraak_sectie(lambda a, user: None)
    assert services.afspraak_secties(afspraak, wereld.lezer) == []


def test_the_uitvoering_registers_its_section_and_the_page_shows_it(wereld, login):
    """Without the monkeypatch: apps.ready() of uitvoering registered itself."""
    afspraak = AfspraakFactory(overeenkomst__gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=afspraak.overeenkomst, organisatie=wereld.corporatie)
    adres = reverse(
        "prestatieafspraken:afspraak",
        kwargs={"gemeente": wereld.gemeente.cbs_code, "pk": afspraak.pk},
    )
    inhoud = login(wereld.partner).get(adres).content.decode()
    assert 'id="uitvoering"' in inhoud
