"""Later phases add a section to an ambitie's page through a registry, not an import."""

import pytest
from django.template import engines

from tests.visies.factories import AmbitieFactory
from visies import services


@pytest.fixture
def secties(monkeypatch):
    """An empty registry for the test; the phases that registered themselves come back after."""
    registry = []
    monkeypatch.setattr(services, "_ambitie_secties", registry)
    return registry


def test_a_registered_section_is_asked_with_the_ambitie_and_the_user(wereld, secties):
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente)
    gevraagd = []

    def sectie(a, user):
        gevraagd.append((a, user))
        return "visies/_status.html", {"iets": 1}

    assert services.register_ambitie_sectie(sectie) is sectie  # usable as a decorator
    services.register_ambitie_sectie(sectie)  # twice counts once

    assert services.ambitie_secties(ambitie, wereld.lezer) == [("visies/_status.html", {"iets": 1})]
    assert gevraagd == [(ambitie, wereld.lezer)]


def test_a_section_that_has_nothing_to_say_is_left_out(wereld, secties):
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente)
    services.register_ambitie_sectie(lambda a, user: None)
    assert services.ambitie_secties(ambitie, wereld.lezer) == []


def test_the_ambitie_page_shows_a_registered_section(wereld, login, secties):
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente, titel="Langer thuis")
    template = engines["django"].from_string(
        '<section id="proef">{{ sectie.tekst }} · {{ ambitie.titel }}</section>'
    )

    @services.register_ambitie_sectie
    def sectie(a, user):
        return template, {"tekst": f"Voor {user.email}"}

    inhoud = login(wereld.partner).get(ambitie.get_absolute_url()).content.decode()
    assert '<section id="proef">Voor partner@corporatie-x.test · Langer thuis</section>' in inhoud


def test_without_sections_the_page_shows_none(wereld, login, secties):
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente)
    response = login(wereld.lezer).get(ambitie.get_absolute_url())
    assert response.status_code == 200
    assert response.context["secties"] == []
