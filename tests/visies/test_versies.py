"""A visie's life: default themes, vaststellen by council decision, and new concept versions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory
from tests.visies.factories import (
    AfwegingscriteriumFactory,
    AmbitieFactory,
    BeoordelingFactory,
    DoelstellingFactory,
    InitiatiefFactory,
    ThemaFactory,
    WoonzorgvisieFactory,
)
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory, OrganisatieFactory
from visies import services
from visies.models import Ambitie, Doelstelling, Woonzorgvisie
from woonzorg.models import Doelgroep, Woonvorm

pytestmark = pytest.mark.django_db

RAADSBESLUIT = "Raadsbesluit 2025-017"
VASTGESTELD_OP = datetime.date(2025, 3, 13)


def messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- voeg_standaardthemas_toe ---------------------------------------------------------------


def test_a_visie_gets_the_three_default_themes_in_order():
    visie = WoonzorgvisieFactory()

    toegevoegd = services.voeg_standaardthemas_toe(visie)

    verwacht = [
        ("Langer zelfstandig thuis", 1),
        ("Doorstromen", 2),
        ("Innovatie en vernieuwing", 3),
    ]
    assert [(t.naam, t.volgorde) for t in toegevoegd] == verwacht
    assert [(t.naam, t.volgorde) for t in visie.themas.all()] == verwacht
    assert all(t.omschrijving for t in visie.themas.all())
    assert visie.themas.get(naam="Doorstromen").omschrijving == (
        "Verhuizen naar een passende woning, zodat woningen vrijkomen voor anderen."
    )


def test_default_themes_belong_to_that_visie_only():
    visie, andere = WoonzorgvisieFactory(), WoonzorgvisieFactory()

    services.voeg_standaardthemas_toe(visie)

    assert visie.themas.count() == 3
    assert andere.themas.count() == 0


# --- vaststellen ----------------------------------------------------------------------------


def test_vaststellen_fixes_a_concept_with_date_and_besluit():
    visie = WoonzorgvisieFactory()
    assert visie.status == Woonzorgvisie.Status.CONCEPT

    vastgesteld = services.vaststellen(
        visie, vastgesteld_op=VASTGESTELD_OP, besluit=f"  {RAADSBESLUIT} "
    )

    assert vastgesteld.pk == visie.pk
    visie.refresh_from_db()
    assert visie.status == Woonzorgvisie.Status.VASTGESTELD
    assert visie.is_vastgesteld is True
    assert visie.vastgesteld_op == VASTGESTELD_OP
    assert visie.besluit == RAADSBESLUIT  # stripped
    assert visie.alleen_lezen is True


def test_a_visie_is_fixed_only_once():
    visie = WoonzorgvisieFactory()
    services.vaststellen(visie, vastgesteld_op=VASTGESTELD_OP, besluit=RAADSBESLUIT)

    with pytest.raises(ValidationError) as error:
        services.vaststellen(
            visie, vastgesteld_op=datetime.date(2026, 1, 1), besluit="Ander besluit"
        )

    assert messages(error.value) == ["Deze visie is al vastgesteld."]
    visie.refresh_from_db()
    assert (visie.vastgesteld_op, visie.besluit) == (VASTGESTELD_OP, RAADSBESLUIT)


@pytest.mark.parametrize("besluit", ["", "   "])
def test_vaststellen_needs_a_besluit(besluit):
    visie = WoonzorgvisieFactory()

    with pytest.raises(ValidationError) as error:
        services.vaststellen(visie, vastgesteld_op=VASTGESTELD_OP, besluit=besluit)

    assert {f: [str(m) for m in ms] for f, ms in error.value.message_dict.items()} == {
        "besluit": ["Vermeld het besluit waarmee de visie is vastgesteld."]
    }
    visie.refresh_from_db()
    assert visie.status == Woonzorgvisie.Status.CONCEPT
    assert visie.vastgesteld_op is None


@pytest.mark.parametrize(
    ("vastgesteld_op", "besluit"),
    [(VASTGESTELD_OP, ""), (None, RAADSBESLUIT), (None, "")],
    ids=["zonder-besluit", "zonder-datum", "zonder-beide"],
)
def test_the_database_refuses_a_vastgestelde_visie_without_date_and_besluit(
    vastgesteld_op, besluit
):
    visie = WoonzorgvisieFactory.build(
        gemeente=GemeenteFactory(),
        status=Woonzorgvisie.Status.VASTGESTELD,
        vastgesteld_op=vastgesteld_op,
        besluit=besluit,
    )

    with pytest.raises(ValidationError) as error:
        visie.full_clean()
    assert "Een vastgestelde visie heeft een datum en een besluit." in messages(error.value)

    with (
        pytest.raises(IntegrityError, match="visie_vastgesteld_met_besluit"),
        transaction.atomic(),
    ):
        visie.save()


def test_a_concept_needs_no_besluit():
    WoonzorgvisieFactory(besluit="", vastgesteld_op=None).full_clean()


# --- nieuwe_versie --------------------------------------------------------------------------


def test_a_concept_gets_no_new_version():
    visie = WoonzorgvisieFactory()

    with pytest.raises(ValidationError) as error:
        services.nieuwe_versie(visie)

    assert messages(error.value) == [
        "Een concept wijzigt u zelf; een nieuwe versie kan pas na vaststelling."
    ]
    assert Woonzorgvisie.objects.count() == 1


@pytest.fixture
def vastgesteld():
    """A vastgestelde visie with partners, an analyse, two themes, two criteria and an initiatief
    (no ambities: see `met_ambities` for those)."""
    visie = WoonzorgvisieFactory(
        titel="Samen thuis",
        periode_start=2025,
        periode_eind=2035,
        samenvatting="Langer thuis, samen met de partners.",
    )
    visie.analyse = WoonzorganalyseFactory(gemeente=visie.gemeente)
    visie.save()
    visie.partners.set([OrganisatieFactory(naam="Corporatie"), OrganisatieFactory(naam="Zorg")])
    ThemaFactory(visie=visie, naam="Doorstromen", omschrijving="Verhuizen", volgorde=2)
    ThemaFactory(visie=visie, naam="Langer thuis", omschrijving="Thuis", volgorde=1)
    doelgroep = AfwegingscriteriumFactory(
        visie=visie, naam="Doelgroep", toelichting="Voor wie", weging=3
    )
    AfwegingscriteriumFactory(visie=visie, naam="Locatie", toelichting="", weging=2)
    BeoordelingFactory(
        initiatief=InitiatiefFactory(visie=visie, titel="Knarrenhof"), criterium=doelgroep
    )
    return services.vaststellen(visie, vastgesteld_op=VASTGESTELD_OP, besluit=RAADSBESLUIT)


def test_a_new_version_is_a_concept_copy_of_the_visie(vastgesteld):
    kopie = services.nieuwe_versie(vastgesteld)

    assert kopie.pk != vastgesteld.pk
    kopie.refresh_from_db()
    assert kopie.versie == 2
    assert kopie.vorige_versie == vastgesteld
    assert kopie.status == Woonzorgvisie.Status.CONCEPT
    assert (kopie.vastgesteld_op, kopie.besluit) == (None, "")
    assert kopie.alleen_lezen is False
    assert (kopie.gemeente, kopie.titel, kopie.periode_start, kopie.periode_eind) == (
        vastgesteld.gemeente,
        "Samen thuis",
        2025,
        2035,
    )
    assert kopie.samenvatting == "Langer thuis, samen met de partners."
    assert kopie.analyse == vastgesteld.analyse
    assert set(kopie.partners.values_list("naam", flat=True)) == {"Corporatie", "Zorg"}


def test_a_new_version_copies_themes_and_criteria(vastgesteld):
    kopie = services.nieuwe_versie(vastgesteld)

    assert [(t.naam, t.omschrijving, t.volgorde) for t in kopie.themas.all()] == [
        ("Langer thuis", "Thuis", 1),
        ("Doorstromen", "Verhuizen", 2),
    ]
    assert not set(kopie.themas.values_list("pk", flat=True)) & set(
        vastgesteld.themas.values_list("pk", flat=True)
    )
    assert [(c.naam, c.toelichting, c.weging) for c in kopie.criteria.all()] == [
        ("Doelgroep", "Voor wie", 3),
        ("Locatie", "", 2),
    ]


def test_initiatieven_stay_with_the_visie_they_were_scored_against(vastgesteld):
    kopie = services.nieuwe_versie(vastgesteld)

    assert kopie.initiatieven.count() == 0
    [knarrenhof] = vastgesteld.initiatieven.all()
    assert knarrenhof.titel == "Knarrenhof"
    assert knarrenhof.beoordelingen.count() == 1


def test_asking_twice_returns_the_same_copy(vastgesteld):
    eerste = services.nieuwe_versie(vastgesteld)
    tweede = services.nieuwe_versie(vastgesteld)

    assert tweede.pk == eerste.pk
    assert Woonzorgvisie.objects.count() == 2
    assert tweede.themas.count() == 2


def test_the_original_is_left_as_it_was(vastgesteld):
    themas = list(vastgesteld.themas.values_list("pk", "naam"))
    criteria = list(vastgesteld.criteria.values_list("pk", "naam", "weging"))

    services.nieuwe_versie(vastgesteld)

    vastgesteld.refresh_from_db()
    assert vastgesteld.status == Woonzorgvisie.Status.VASTGESTELD
    assert (vastgesteld.versie, vastgesteld.vorige_versie) == (1, None)
    assert (vastgesteld.vastgesteld_op, vastgesteld.besluit) == (VASTGESTELD_OP, RAADSBESLUIT)
    assert list(vastgesteld.themas.values_list("pk", "naam")) == themas
    assert list(vastgesteld.criteria.values_list("pk", "naam", "weging")) == criteria


def test_a_new_version_of_a_new_version_counts_on(vastgesteld):
    tweede = services.nieuwe_versie(vastgesteld)
    tweede = services.vaststellen(tweede, vastgesteld_op=VASTGESTELD_OP, besluit="Besluit 2")

    derde = services.nieuwe_versie(tweede)

    assert (derde.versie, derde.vorige_versie) == (3, tweede)
    assert derde.themas.count() == 2


@pytest.fixture
def met_ambities(vastgesteld):
    """The vastgestelde visie with two ambities, each fully linked, and their doelstellingen."""
    visie = vastgesteld
    gemeente = visie.gemeente
    langer_thuis, doorstromen = visie.themas.get(volgorde=1), visie.themas.get(volgorde=2)
    wijk = GebiedFactory(gemeente=gemeente, naam="Centrum")
    bevinding = BevindingFactory(analyse=visie.analyse, titel="23% wil verhuizen")

    ambitie = AmbitieFactory(
        visie=visie, thema=langer_thuis, titel="Geclusterd wonen", toelichting="Voor 75+"
    )
    ambitie.doelgroepen.set(Doelgroep.objects.filter(code__in=["ouderen", "dementie"]))
    ambitie.woonvormen.set(Woonvorm.objects.filter(code="geclusterde-woonvorm"))
    ambitie.gebieden.set([wijk])
    ambitie.bevindingen.set([bevinding])
    DoelstellingFactory(
        ambitie=ambitie,
        omschrijving="",
        woonvorm=Woonvorm.objects.get(code="geclusterde-woonvorm"),
        aantal=110,
        eenheid="woningen",
        gebied=wijk,
        locatie="",
        streefjaar=2030,
    )
    DoelstellingFactory(ambitie=ambitie, omschrijving="Ontmoetingsruimte", aantal=None, eenheid="")
    AmbitieFactory(visie=visie, thema=doorstromen, titel="Doorstromen", volgorde=1)
    return visie


def ambities_van(visie):
    return [
        {
            "thema": (a.thema.naam, a.thema.visie_id),
            "titel": a.titel,
            "toelichting": a.toelichting,
            "volgorde": a.volgorde,
            "doelgroepen": set(a.doelgroepen.values_list("code", flat=True)),
            "woonvormen": set(a.woonvormen.values_list("code", flat=True)),
            "gebieden": set(a.gebieden.values_list("pk", flat=True)),
            "bevindingen": set(a.bevindingen.values_list("pk", flat=True)),
            "doelstellingen": list(
                a.doelstellingen.values_list(
                    "omschrijving",
                    "woonvorm__code",
                    "aantal",
                    "eenheid",
                    "gebied",
                    "locatie",
                    "streefjaar",
                )
            ),
        }
        for a in Ambitie.objects.filter(visie=visie).order_by("thema__volgorde", "pk")
    ]


def test_a_new_version_copies_ambities_with_their_links_and_doelstellingen(met_ambities):
    origineel = ambities_van(met_ambities)

    kopie = services.nieuwe_versie(met_ambities)

    gekopieerd = ambities_van(kopie)
    # the same content, but hung on the copy's own themes
    assert [a["thema"] for a in gekopieerd] == [
        ("Langer thuis", kopie.pk),
        ("Doorstromen", kopie.pk),
    ]
    for a in origineel + gekopieerd:
        del a["thema"]
    assert gekopieerd == origineel
    assert gekopieerd[0]["doelgroepen"] == {"ouderen", "dementie"}
    assert gekopieerd[0]["doelstellingen"][0][1:4] == ("geclusterde-woonvorm", 110, "woningen")
    assert len(gekopieerd[0]["doelstellingen"]) == 2
    # copies, not moved: the original keeps its own rows
    assert ambities_van(met_ambities)[0]["doelstellingen"] == origineel[0]["doelstellingen"]
    assert Ambitie.objects.filter(visie=met_ambities).count() == 2
    assert Doelstelling.objects.filter(ambitie__visie=met_ambities).count() == 2
    assert Doelstelling.objects.filter(ambitie__visie=kopie).count() == 2
