"""The SMART-check of an afspraak: specifiek (trekker), meetbaar (aantal + eenheid or an
indicator), tijdgebonden (deadline), relevant (ambitie). Proces- and intentieafspraken are not
held to it. Plain functions on unsaved afspraken without database access: a check that made a
query would fail here."""

import datetime
import itertools

import pytest

from prestatieafspraken.models import SMART_VRIJGESTELD, Afspraak, AfspraakType
from prestatieafspraken.services import SMART_ONDERDELEN, smart_check

GEHOUDEN = [t for t in AfspraakType if t not in SMART_VRIJGESTELD]
ONDERDELEN = ("specifiek", "meetbaar", "tijdgebonden", "relevant")

# What fills in each part of SMART on an afspraak.
VELDEN = {
    "specifiek": {"trekker_id": 7},
    "meetbaar": {"aantal": 110, "eenheid": "wooneenheden"},
    "tijdgebonden": {"deadline": datetime.date(2025, 12, 31)},
    "relevant": {"ambitie_id": 3},
}


def afspraak(type_, *onderdelen, **velden) -> Afspraak:
    """An unsaved afspraak with the given SMART parts filled in; `velden` override them."""
    gevuld = {}
    for onderdeel in onderdelen:
        gevuld |= VELDEN[onderdeel]
    return Afspraak(type=type_, nummer="1.1", titel="t", tekst="t", **(gevuld | velden))


def label(onderdeel) -> str:
    return str(SMART_ONDERDELEN[onderdeel])


def test_the_four_types_held_to_smart_are_the_other_four():
    assert set(GEHOUDEN) == {
        AfspraakType.BESCHRIJVEND,
        AfspraakType.HANDELING,
        AfspraakType.GARANTIE,
        AfspraakType.TRANSACTIE,
    }
    assert {AfspraakType.PROCES, AfspraakType.INTENTIE} == SMART_VRIJGESTELD


@pytest.mark.parametrize("type_", GEHOUDEN)
def test_with_all_four_parts_it_is_smart(type_):
    check = smart_check(afspraak(type_, *ONDERDELEN))
    assert check.smart and check.in_orde
    assert not check.vrijgesteld
    assert check.ontbreekt == []
    assert check.advies == "SMART: met trekker, meetbaar doel, deadline en ambitie."


@pytest.mark.parametrize("type_", GEHOUDEN)
@pytest.mark.parametrize(
    "aanwezig",
    [c for n in range(len(ONDERDELEN)) for c in itertools.combinations(ONDERDELEN, n)],
    ids=lambda c: "+".join(c) or "niets",
)
def test_ontbreekt_names_exactly_the_missing_parts(type_, aanwezig):
    check = smart_check(afspraak(type_, *aanwezig))
    missend = [o for o in ONDERDELEN if o not in aanwezig]
    assert not check.smart
    assert not check.in_orde
    assert check.ontbreekt == [label(o) for o in missend]
    for onderdeel in ONDERDELEN:
        assert getattr(check, onderdeel) is (onderdeel in aanwezig)
    assert check.advies.startswith("Nog niet SMART: er ontbreekt ")


def test_the_advice_lists_the_missing_parts_in_dutch():
    check = smart_check(afspraak(AfspraakType.HANDELING, "specifiek", "relevant"))
    assert check.advies == (
        "Nog niet SMART: er ontbreekt een aantal met eenheid of een indicator (meetbaar) en "
        "een deadline (tijdgebonden)."
    )
    alleen_deadline = smart_check(afspraak(AfspraakType.GARANTIE, *ONDERDELEN, deadline=None))
    assert alleen_deadline.advies == "Nog niet SMART: er ontbreekt een deadline (tijdgebonden)."


@pytest.mark.parametrize("type_", sorted(SMART_VRIJGESTELD))
def test_proces_and_intentie_are_vrijgesteld_even_when_empty(type_):
    check = smart_check(afspraak(type_))
    assert check.vrijgesteld
    assert check.in_orde
    assert not check.smart
    assert check.ontbreekt == [label(o) for o in ONDERDELEN]
    assert check.advies.startswith("Een proces- of intentieafspraak hoeft niet SMART te zijn")


@pytest.mark.parametrize("type_", sorted(SMART_VRIJGESTELD))
def test_a_vrijgestelde_afspraak_may_still_be_smart(type_):
    check = smart_check(afspraak(type_, *ONDERDELEN))
    assert check.smart and check.vrijgesteld and check.in_orde


@pytest.mark.parametrize(
    "velden",
    [
        {"aantal": 110},
        {"aantal": 110, "eenheid": "   "},
        {"eenheid": "wooneenheden"},
        {"aantal": 0, "eenheid": "wooneenheden"},
    ],
    ids=["zonder-eenheid", "lege-eenheid", "zonder-aantal", "aantal-nul"],
)
def test_an_aantal_needs_an_eenheid_to_be_meetbaar(velden):
    check = smart_check(afspraak(AfspraakType.HANDELING, "specifiek", "tijdgebonden", **velden))
    assert not check.meetbaar
    assert label("meetbaar") in check.ontbreekt


def test_an_indicator_makes_it_meetbaar_without_aantal():
    zonder = afspraak(AfspraakType.HANDELING, "specifiek", "tijdgebonden", "relevant")
    assert not smart_check(zonder).meetbaar
    check = smart_check(zonder, heeft_indicator=True)
    assert check.meetbaar and check.smart
    # as annotated by met_indicator() once borging declares the relation
    zonder.heeft_indicator = True
    assert smart_check(zonder).smart
    # an explicit answer wins over the annotation
    assert not smart_check(zonder, heeft_indicator=False).meetbaar
