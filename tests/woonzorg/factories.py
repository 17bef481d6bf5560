"""Factories for the core vocabulary: geography, organisations, users and their roles."""

import factory
from factory.django import DjangoModelFactory

from woonzorg.models import Gebied, Gemeente, Organisatie, Regio, Rol, User

PASSWORD = "een-lang-testwachtwoord"


class RegioFactory(DjangoModelFactory):
    class Meta:
        model = Regio
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Regio {n}")


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente

    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    # Numbered from 1000 up, clear of the fixed codes tests use (GM0001, GM0002, GM9001).
    cbs_code = factory.Sequence(lambda n: f"GM{1000 + n:04d}")
    regio = None


class GebiedFactory(DjangoModelFactory):
    class Meta:
        model = Gebied

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.Sequence(lambda n: f"Wijk {n}")
    soort = Gebied.Soort.WIJK
    cbs_code = factory.Sequence(lambda n: f"WK{n:06d}")
    parent = None


class OrganisatieFactory(DjangoModelFactory):
    class Meta:
        model = Organisatie
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = Organisatie.Soort.WONINGCORPORATIE

    @factory.post_generation
    def werkgebied(self, create, extracted, **kwargs):
        if create and extracted:
            self.werkgebied.add(*extracted)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    organisatie = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class RolFactory(DjangoModelFactory):
    class Meta:
        model = Rol

    user = factory.SubFactory(UserFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    soort = Rol.Soort.BELEIDSADVISEUR


def gebruiker_met_rol(soort, gemeente, organisatie, email):
    """A user of `organisatie` with the role `soort` in `gemeente`."""
    user = UserFactory(email=email, organisatie=organisatie)
    RolFactory(user=user, gemeente=gemeente, soort=soort)
    return user
