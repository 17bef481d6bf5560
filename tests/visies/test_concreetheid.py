"""Concreetheid: an ambitie is made measurable by a doelstelling with a number, a place and a year.

The check is a plain function over doelstellingen, so most tests use unsaved instances; only
nog_niet_concreet, which walks ambities and their doelstellingen, needs the database.
"""

import pytest

from tests.visies.factories import AmbitieFactory, DoelstellingFactory
from visies import services
from visies.models import Ambitie, Doelstelling

AANTAL, PLAATS, JAAR = "een aantal", "een plaats", "een streefjaar"


def doelstelling(**velden) -> Doelstelling:
    """An unsaved doelstelling that is concreet unless a part is overridden."""
    waarden = {
        "omschrijving": "Geclusterde woningen erbij",
        "aantal": 140,
        "eenheid": "woningen",
        "locatie": "hele gemeente",
        "streefjaar": 2030,
    }
    waarden.update(velden)
    return Doelstelling(**waarden)


# --- check_doelstelling ---------------------------------------------------------------------


def test_a_number_a_place_and_a_year_make_a_doelstelling_concreet():
    check = services.check_doelstelling(doelstelling())

    assert (check.aantal, check.plaats, check.jaar) == (True, True, True)
    assert check.concreet is True
    assert check.ontbreekt == []


def test_a_gebied_is_a_place_too():
    # gebied_id alone is enough: the check does not fetch the gebied
    check = services.check_doelstelling(doelstelling(locatie="", gebied_id=7))

    assert check.plaats is True
    assert check.concreet is True


@pytest.mark.parametrize("locatie", ["", "   ", "\t\n"])
def test_an_empty_or_whitespace_locatie_without_gebied_is_no_place(locatie):
    check = services.check_doelstelling(doelstelling(locatie=locatie))

    assert check.plaats is False
    assert check.concreet is False
    assert check.ontbreekt == [PLAATS]


@pytest.mark.parametrize(
    ("zonder", "ontbreekt"),
    [
        ({"aantal": None}, [AANTAL]),
        ({"locatie": ""}, [PLAATS]),
        ({"streefjaar": None}, [JAAR]),
        ({"aantal": None, "streefjaar": None}, [AANTAL, JAAR]),
        ({"aantal": None, "locatie": " ", "streefjaar": None}, [AANTAL, PLAATS, JAAR]),
    ],
)
def test_each_missing_part_is_named_in_a_fixed_order(zonder, ontbreekt):
    check = services.check_doelstelling(doelstelling(**zonder))

    assert check.concreet is False
    assert check.ontbreekt == ontbreekt


# --- opsomming ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delen", "tekst"),
    [
        ([], ""),
        (["een aantal"], "een aantal"),
        (["een aantal", "een plaats"], "een aantal en een plaats"),
        (
            ["een aantal", "een plaats", "een streefjaar"],
            "een aantal, een plaats en een streefjaar",
        ),
    ],
)
def test_opsomming_joins_with_commas_and_a_final_en(delen, tekst):
    assert services.opsomming(delen) == tekst


# --- concreetheid ---------------------------------------------------------------------------


def test_an_ambitie_without_doelstellingen_is_not_concreet_and_is_told_to_add_one():
    uitkomst = services.concreetheid([])

    assert uitkomst.concreet is False
    assert uitkomst.dichtstbij is None
    assert uitkomst.advies == (
        "Nog niet concreet: voeg een doelstelling toe met een aantal, een plaats en een streefjaar."
    )


def test_a_concrete_doelstelling_makes_the_ambitie_concreet():
    uitkomst = services.concreetheid([doelstelling()])

    assert uitkomst.concreet is True
    assert uitkomst.advies == (
        "Concreet: er is een doelstelling met een aantal, een plaats en een jaar."
    )


def test_one_concrete_doelstelling_among_vague_ones_is_enough():
    vaag = doelstelling(omschrijving="Meer ontmoeting", aantal=None, locatie="", streefjaar=None)
    zonder_jaar = doelstelling(omschrijving="Nultredenwoningen", streefjaar=None)
    concreet = doelstelling(omschrijving="Geclusterd wonen")

    uitkomst = services.concreetheid([vaag, zonder_jaar, concreet])

    assert [check.concreet for check in uitkomst.checks] == [False, False, True]
    assert uitkomst.concreet is True
    assert uitkomst.advies.startswith("Concreet:")


def test_dichtstbij_is_the_doelstelling_that_lacks_least():
    # lacks 3, 1 and 2 parts: the one lacking only the year is closest
    alles_vaag = doelstelling(omschrijving="Alles vaag", aantal=None, locatie="", streefjaar=None)
    zonder_jaar = doelstelling(omschrijving="Zonder jaar", streefjaar=None)
    zonder_aantal_en_plaats = doelstelling(omschrijving="Alleen een jaar", aantal=None, locatie="")

    uitkomst = services.concreetheid([alles_vaag, zonder_jaar, zonder_aantal_en_plaats])

    assert uitkomst.concreet is False
    assert uitkomst.dichtstbij.doelstelling is zonder_jaar
    assert uitkomst.dichtstbij.ontbreekt == [JAAR]


def test_the_advies_names_the_closest_doelstelling_and_what_it_lacks():
    zonder_aantal_en_jaar = doelstelling(
        omschrijving="Ontmoetingsruimten", aantal=None, streefjaar=None
    )
    alles_vaag = doelstelling(omschrijving="Alles vaag", aantal=None, locatie="", streefjaar=None)

    uitkomst = services.concreetheid([alles_vaag, zonder_aantal_en_jaar])

    assert uitkomst.advies == (
        "Nog niet concreet: de doelstelling “Ontmoetingsruimten” mist nog een aantal en een "
        "streefjaar."
    )


@pytest.mark.parametrize(
    ("zonder", "wat"),
    [
        ({"aantal": None}, "een aantal"),
        ({"locatie": "  "}, "een plaats"),
        ({"streefjaar": None}, "een streefjaar"),
        (
            {"aantal": None, "locatie": "", "streefjaar": None},
            "een aantal, een plaats en een streefjaar",
        ),
    ],
)
def test_each_missing_part_is_named_in_the_advies(zonder, wat):
    uitkomst = services.concreetheid([doelstelling(omschrijving="Woningen", **zonder)])

    assert uitkomst.advies == f"Nog niet concreet: de doelstelling “Woningen” mist nog {wat}."


# --- nog_niet_concreet ----------------------------------------------------------------------


@pytest.mark.django_db
def test_nog_niet_concreet_lists_the_ambities_without_a_concrete_doelstelling(
    django_assert_num_queries,
):
    concreet = AmbitieFactory(titel="Concreet")
    visie = concreet.visie
    DoelstellingFactory(ambitie=concreet, streefjaar=None)
    DoelstellingFactory(ambitie=concreet)
    vaag = AmbitieFactory(visie=visie, thema=concreet.thema, titel="Vaag")
    DoelstellingFactory(ambitie=vaag, aantal=None, eenheid="")
    leeg = AmbitieFactory(visie=visie, thema=concreet.thema, titel="Leeg")

    ambities = list(
        Ambitie.objects.filter(visie=visie).order_by("pk").prefetch_related("doelstellingen")
    )
    with django_assert_num_queries(0):
        assert services.nog_niet_concreet(ambities) == [vaag, leeg]
