"""The handreiking's reference data: Overzicht 1 loaded by migration, Overzicht 2 as constants."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from prestatieafspraken.catalogus import CATALOGUS, laad
from prestatieafspraken.models import (
    SMART_VRIJGESTELD,
    TYPE_UITLEG,
    AfspraakType,
    Domein,
    Maatregel,
    Opgave,
)

pytestmark = pytest.mark.django_db


def test_every_domein_has_opgaven_with_maatregelen():
    for domein in Domein:
        opgaven = Opgave.objects.filter(domein=domein)
        assert opgaven.exists(), domein
        assert not opgaven.filter(maatregelen__isnull=True).exists(), domein
    assert Opgave.objects.count() == len(CATALOGUS)
    assert Maatregel.objects.count() == sum(len(maatregelen) for _, _, maatregelen in CATALOGUS)


def test_named_opgaven_and_maatregelen_from_the_handreiking():
    woonvormen = Opgave.objects.get(
        naam="Woonvormen / geclusterde woningen (met ontmoetingsruimte)"
    )
    assert woonvormen.domein == Domein.WONEN
    geclusterd = woonvormen.maatregelen.get(tekst__startswith="Realisatie x-aantal geclusterde")
    assert "(x in nieuwbouw en x in bestaande bouw)" in geclusterd.tekst
    assert woonvormen.maatregelen.filter(
        tekst="Opstellen afwegingskader woonzorginitiatieven"
    ).exists()
    assert Opgave.objects.get(naam="Vroegsignalering en preventie").domein == Domein.ZORG_WELZIJN
    assert Opgave.objects.get(naam="Toegankelijkheid").domein == Domein.FYSIEKE_OMGEVING


def test_order_follows_the_handreiking():
    wonen = list(Opgave.objects.filter(domein=Domein.WONEN).values_list("naam", flat=True))
    assert wonen[0].startswith("Behoefte aan nultreden")
    assert wonen[-1] == "Faciliteren van burgerinitiatieven"
    toegankelijkheid = Opgave.objects.get(naam="Toegankelijkheid")
    assert [m.tekst for m in toegankelijkheid.maatregelen.all()] == [
        "Toegankelijke looproutes (stoepen, oversteekplekken e.d.)",
        "Bankjes langs looproutes",
    ]


def test_laad_is_idempotent():
    before = (Opgave.objects.count(), Maatregel.objects.count())
    laad(Opgave, Maatregel)
    laad(Opgave, Maatregel)
    assert (Opgave.objects.count(), Maatregel.objects.count()) == before


def test_every_type_has_uitleg_and_voorbeeld():
    assert set(TYPE_UITLEG) == set(AfspraakType)
    for uitleg, voorbeeld in TYPE_UITLEG.values():
        assert str(uitleg).strip()
        assert str(voorbeeld).strip()


def test_only_proces_and_intentie_may_be_non_smart():
    assert frozenset({AfspraakType.PROCES, AfspraakType.INTENTIE}) == SMART_VRIJGESTELD


def test_reference_data_is_for_every_logged_in_user(wereld, rol):
    assert not Opgave.objects.for_user(AnonymousUser()).exists()
    assert not Maatregel.objects.for_user(AnonymousUser()).exists()
    user = wereld.user(rol)
    assert Opgave.objects.for_user(user).count() == Opgave.objects.count()
    assert Maatregel.objects.for_user(user).count() == Maatregel.objects.count()


@pytest.mark.parametrize("model", [Opgave, Maatregel], ids=lambda m: m._meta.model_name)
def test_admin_changelist_opens_for_the_beheerder(client, wereld, model):
    client.force_login(wereld.beheerder)
    url = reverse(f"admin:prestatieafspraken_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "rollator"}).status_code == 200
