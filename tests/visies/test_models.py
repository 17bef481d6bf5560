"""The visie's models: invariants (clean), what freezes once vastgesteld, where they link to."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve

from tests.analyses.factories import WoonzorganalyseFactory
from tests.visies.factories import (
    AfwegingscriteriumFactory,
    AmbitieFactory,
    BeoordelingFactory,
    DoelstellingFactory,
    InitiatiefFactory,
    ThemaFactory,
    WoonzorgvisieFactory,
)
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory
from visies.models import Doelstelling, Initiatief, Woonzorgvisie
from woonzorg.models import Woonvorm

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    return GemeenteFactory(naam="Gemeente A", cbs_code="GM0001")


@pytest.fixture
def visie(gemeente):
    return WoonzorgvisieFactory(gemeente=gemeente, titel="Samen thuis")


@pytest.fixture
def ambitie(visie):
    return AmbitieFactory(visie=visie, titel="Geclusterd wonen voor ouderen")


@pytest.fixture
def elders():
    """A gebied of another gemeente."""
    return GebiedFactory(gemeente=GemeenteFactory(naam="Gemeente B"))


def messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}


def geclusterd() -> Woonvorm:
    return Woonvorm.objects.get(code="geclusterde-woonvorm")


# --- Woonzorgvisie --------------------------------------------------------------------------


def test_a_visie_ends_no_earlier_than_it_starts(visie):
    visie.periode_start, visie.periode_eind = 2030, 2025
    with pytest.raises(ValidationError) as error:
        visie.full_clean()
    assert messages(error.value) == {"periode_eind": ["Het eindjaar ligt voor het beginjaar."]}

    visie.periode_eind = 2030  # one year is a period too
    visie.full_clean()


def test_a_visie_builds_on_an_analyse_of_its_own_gemeente(visie):
    visie.analyse = WoonzorganalyseFactory()  # another gemeente
    with pytest.raises(ValidationError) as error:
        visie.full_clean()
    assert messages(error.value) == {"analyse": ["Kies een analyse van deze gemeente."]}

    visie.analyse = WoonzorganalyseFactory(gemeente=visie.gemeente)
    visie.full_clean()


def test_both_visie_errors_are_reported_at_once(visie):
    visie.periode_start, visie.periode_eind = 2030, 2025
    visie.analyse = WoonzorganalyseFactory()
    with pytest.raises(ValidationError) as error:
        visie.full_clean()
    assert set(error.value.message_dict) == {"periode_eind", "analyse"}


def test_a_new_visie_is_a_first_concept(visie):
    assert (visie.status, visie.versie, visie.vorige_versie) == (
        Woonzorgvisie.Status.CONCEPT,
        1,
        None,
    )
    assert visie.is_vastgesteld is False
    assert visie.periode == "2025–2030"


# --- Ambitie --------------------------------------------------------------------------------


def test_an_ambitie_hangs_under_a_thema_of_its_own_visie(ambitie):
    ambitie.thema = ThemaFactory()  # a thema of another visie
    with pytest.raises(ValidationError) as error:
        ambitie.full_clean()
    assert messages(error.value) == {"thema": ["Kies een thema van deze visie."]}

    ambitie.thema = ThemaFactory(visie=ambitie.visie)
    ambitie.full_clean()


# --- Doelstelling ---------------------------------------------------------------------------


def test_a_doelstelling_names_a_woonvorm_or_says_what_is_to_come(ambitie):
    doelstelling = Doelstelling(ambitie=ambitie, aantal=10, eenheid="woningen")
    with pytest.raises(ValidationError) as error:
        doelstelling.full_clean()
    assert messages(error.value) == {
        "omschrijving": ["Kies een woonvorm of beschrijf wat er moet komen."]
    }

    doelstelling.woonvorm = geclusterd()
    doelstelling.full_clean()

    doelstelling.woonvorm, doelstelling.omschrijving = None, "Ontmoetingsruimten"
    doelstelling.full_clean()


def test_an_aantal_needs_its_eenheid(ambitie):
    doelstelling = Doelstelling(ambitie=ambitie, omschrijving="Woningen", aantal=40)
    with pytest.raises(ValidationError) as error:
        doelstelling.full_clean()
    assert messages(error.value) == {
        "eenheid": ["Geef de eenheid bij het aantal, bijvoorbeeld woningen."]
    }

    doelstelling.eenheid = "woningen"
    doelstelling.full_clean()


def test_a_doelstelling_without_aantal_needs_no_eenheid(ambitie):
    Doelstelling(ambitie=ambitie, omschrijving="Meer ontmoeting").full_clean()


def test_the_gebied_of_a_doelstelling_lies_in_the_gemeente_of_its_visie(ambitie, elders):
    doelstelling = Doelstelling(ambitie=ambitie, omschrijving="Woningen", gebied=elders)
    with pytest.raises(ValidationError) as error:
        doelstelling.full_clean()
    assert messages(error.value) == {"gebied": ["Kies een gebied van de gemeente van deze visie."]}

    doelstelling.gebied = GebiedFactory(gemeente=ambitie.visie.gemeente)
    doelstelling.full_clean()


def test_all_doelstelling_errors_are_reported_at_once(ambitie, elders):
    doelstelling = Doelstelling(ambitie=ambitie, aantal=3, gebied=elders)
    with pytest.raises(ValidationError) as error:
        doelstelling.full_clean()
    assert set(error.value.message_dict) == {"omschrijving", "eenheid", "gebied"}


def test_doelstellingen_list_by_streefjaar(ambitie):
    # regression: an ordering through "ambitie" made Django raise "Infinite loop caused by ordering"
    later = DoelstellingFactory(ambitie=ambitie, streefjaar=2035)
    eerder = DoelstellingFactory(ambitie=ambitie, streefjaar=2028)

    assert list(ambitie.doelstellingen.all()) == [eerder, later]
    assert list(Doelstelling.objects.filter(ambitie=ambitie)) == [eerder, later]


# --- Initiatief -----------------------------------------------------------------------------


def test_the_gebied_of_an_initiatief_lies_in_the_gemeente_of_its_visie(visie, elders):
    initiatief = InitiatiefFactory.build(visie=visie, gebied=elders)
    with pytest.raises(ValidationError) as error:
        initiatief.full_clean()
    assert messages(error.value) == {"gebied": ["Kies een gebied van de gemeente van deze visie."]}

    initiatief.gebied = GebiedFactory(gemeente=visie.gemeente)
    initiatief.full_clean()


def test_a_new_initiatief_is_in_behandeling(visie):
    assert InitiatiefFactory(visie=visie).besluit == Initiatief.Besluit.IN_BEHANDELING


# --- alleen_lezen ---------------------------------------------------------------------------


@pytest.fixture
def inhoud(ambitie):
    """A visie with one of each: (visie, {name: object})."""
    visie = ambitie.visie
    initiatief = InitiatiefFactory(visie=visie)
    return visie, {
        "thema": ambitie.thema,
        "ambitie": ambitie,
        "doelstelling": DoelstellingFactory(ambitie=ambitie),
        "criterium": AfwegingscriteriumFactory(visie=visie),
        "initiatief": initiatief,
        "beoordeling": BeoordelingFactory(initiatief=initiatief),
    }


INHOUD = ("thema", "ambitie", "doelstelling", "criterium")


def vastgesteld(visie):
    visie.status = Woonzorgvisie.Status.VASTGESTELD
    visie.vastgesteld_op = "2025-03-13"
    visie.besluit = "Raadsbesluit 2025-017"
    visie.save()


def test_a_concept_and_its_content_can_be_changed(inhoud):
    visie, objecten = inhoud
    assert visie.alleen_lezen is False
    assert {naam: objecten[naam].alleen_lezen for naam in INHOUD} == dict.fromkeys(INHOUD, False)


def test_a_vastgestelde_visie_and_its_content_are_read_only(inhoud):
    visie, objecten = inhoud
    vastgesteld(visie)

    assert Woonzorgvisie.objects.get(pk=visie.pk).alleen_lezen is True
    # fetched afresh, each object reaches the visie through its own relation
    opnieuw = {naam: type(obj).objects.get(pk=obj.pk) for naam, obj in objecten.items()}
    assert {naam: opnieuw[naam].alleen_lezen for naam in INHOUD} == dict.fromkeys(INHOUD, True)


def test_initiatieven_and_their_beoordelingen_are_not_frozen_with_the_visie(inhoud):
    visie, objecten = inhoud
    vastgesteld(visie)

    assert not hasattr(objecten["initiatief"], "alleen_lezen")
    assert not hasattr(objecten["beoordeling"], "alleen_lezen")


def test_content_knows_its_gemeente(inhoud):
    visie, objecten = inhoud
    assert {naam: obj.gemeente for naam, obj in objecten.items()} == dict.fromkeys(
        objecten, visie.gemeente
    )
    assert objecten["doelstelling"].visie == visie


# --- __str__ --------------------------------------------------------------------------------


def test_names(ambitie):
    assert str(ambitie.visie) == "Samen thuis"
    assert str(ThemaFactory(naam="Doorstromen")) == "Doorstromen"
    assert str(ambitie) == "Geclusterd wonen voor ouderen"
    assert str(AfwegingscriteriumFactory(naam="Doelgroep")) == "Doelgroep"
    initiatief = InitiatiefFactory(titel="Knarrenhof")
    assert str(initiatief) == "Knarrenhof"
    beoordeling = BeoordelingFactory(
        initiatief=initiatief,
        criterium=AfwegingscriteriumFactory(visie=initiatief.visie, naam="Locatie"),
        score=4,
    )
    assert str(beoordeling) == "Knarrenhof: Locatie 4/5"


@pytest.mark.parametrize(
    ("velden", "naam"),
    [
        ({"omschrijving": "Ontmoetingsruimten"}, "Ontmoetingsruimten"),
        ({"omschrijving": "", "woonvorm": "geclusterde-woonvorm"}, "Geclusterde woonvorm"),
        (
            {"omschrijving": "Hofjes", "woonvorm": "geclusterde-woonvorm"},
            "Hofjes",
        ),
        ({"omschrijving": ""}, "doelstelling"),
    ],
)
def test_a_doelstelling_is_named_by_its_omschrijving_or_its_woonvorm(ambitie, velden, naam):
    if "woonvorm" in velden:
        velden = {**velden, "woonvorm": Woonvorm.objects.get(code=velden["woonvorm"])}
    assert str(Doelstelling(ambitie=ambitie, **velden)) == naam


# --- get_absolute_url -----------------------------------------------------------------------


def test_a_visie_links_to_its_page(visie):
    url = visie.get_absolute_url()
    assert url == f"/g/GM0001/visie/{visie.pk}/"
    match = resolve(url)
    assert (match.view_name, match.kwargs) == (
        "visies:detail",
        {"gemeente": "GM0001", "pk": visie.pk},
    )


def test_an_ambitie_links_to_its_page(ambitie):
    url = ambitie.get_absolute_url()
    assert url == f"/g/GM0001/visie/ambities/{ambitie.pk}/"
    match = resolve(url)
    assert (match.view_name, match.kwargs) == (
        "visies:ambitie",
        {"gemeente": "GM0001", "pk": ambitie.pk},
    )


def test_a_doelstelling_links_to_its_anchor_on_the_ambitie_page(ambitie):
    doelstelling = DoelstellingFactory(ambitie=ambitie)
    assert doelstelling.get_absolute_url() == (
        f"/g/GM0001/visie/ambities/{ambitie.pk}/#doelstelling-{doelstelling.pk}"
    )


def test_an_initiatief_links_to_its_page(visie):
    initiatief = InitiatiefFactory(visie=visie)
    url = initiatief.get_absolute_url()
    assert url == f"/g/GM0001/visie/initiatieven/{initiatief.pk}/"
    match = resolve(url)
    assert (match.view_name, match.kwargs) == (
        "visies:initiatief",
        {"gemeente": "GM0001", "pk": initiatief.pk},
    )
