"""A gemeente with one user per role, a second gemeente, and a beheerder."""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from axes.utils import reset as axes_reset

from tests.woonzorg.factories import (
    GemeenteFactory,
    OrganisatieFactory,
    SuperuserFactory,
    gebruiker_met_rol,
)
from tests.woonzorg.tweestaps_hulp import NU
from woonzorg.models import Gemeente, Organisatie, Rol, User

ROLLEN = ("beleidsadviseur", "programmaleider", "lezer", "partner")


@dataclass
class Wereld:
    gemeente: Gemeente
    andere_gemeente: Gemeente
    gemeente_organisatie: Organisatie  # the gemeente itself, as the employer of its staff
    corporatie: Organisatie  # a woningcorporatie working in `gemeente`
    andere_corporatie: Organisatie  # works only in `andere_gemeente`
    beleidsadviseur: User
    programmaleider: User
    lezer: User
    partner: User  # on behalf of `corporatie`
    andere_beleidsadviseur: User  # beleidsadviseur of `andere_gemeente`
    beheerder: User  # superuser without roles

    def user(self, rol: str) -> User:
        return getattr(self, rol)


@pytest.fixture
def wereld(db) -> Wereld:
    gemeente = GemeenteFactory(naam="Gemeente A", cbs_code="GM0001")
    andere = GemeenteFactory(naam="Gemeente B", cbs_code="GM0002")
    gemeente_organisatie = OrganisatieFactory(
        naam="Gemeente A (organisatie)", soort=Organisatie.Soort.GEMEENTE, werkgebied=[gemeente]
    )
    andere_organisatie = OrganisatieFactory(
        naam="Gemeente B (organisatie)", soort=Organisatie.Soort.GEMEENTE, werkgebied=[andere]
    )
    corporatie = OrganisatieFactory(naam="Woningcorporatie X", werkgebied=[gemeente])
    andere_corporatie = OrganisatieFactory(naam="Woningcorporatie Z", werkgebied=[andere])

    return Wereld(
        gemeente=gemeente,
        andere_gemeente=andere,
        gemeente_organisatie=gemeente_organisatie,
        corporatie=corporatie,
        andere_corporatie=andere_corporatie,
        beleidsadviseur=gebruiker_met_rol(
            Rol.Soort.BELEIDSADVISEUR, gemeente, gemeente_organisatie, "ba@gemeente-a.test"
        ),
        programmaleider=gebruiker_met_rol(
            Rol.Soort.PROGRAMMALEIDER, gemeente, gemeente_organisatie, "pl@gemeente-a.test"
        ),
        lezer=gebruiker_met_rol(
            Rol.Soort.LEZER, gemeente, gemeente_organisatie, "lezer@gemeente-a.test"
        ),
        partner=gebruiker_met_rol(
            Rol.Soort.PARTNER, gemeente, corporatie, "partner@corporatie-x.test"
        ),
        andere_beleidsadviseur=gebruiker_met_rol(
            Rol.Soort.BELEIDSADVISEUR, andere, andere_organisatie, "ba@gemeente-b.test"
        ),
        beheerder=SuperuserFactory(email="beheerder@woonzorg.test"),
    )


@pytest.fixture(params=ROLLEN)
def rol(request):
    """Each of the four roles in `wereld.gemeente`, one test run per role."""
    return request.param


@pytest.fixture
def login(client):
    """Log a user in through the session (client.login needs a request for django-axes)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def geen_blokkades(db):
    """No django-axes lockout left by another test, and none left for the next."""
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def stille_klok(monkeypatch):
    """The clock django-otp reads stands still at NU, where tweestaps_hulp's phone reads it."""
    monkeypatch.setattr("django_otp.oath.time", lambda: NU)
    monkeypatch.setattr("django_otp.plugins.otp_totp.models.time", SimpleNamespace(time=lambda: NU))
    return NU
