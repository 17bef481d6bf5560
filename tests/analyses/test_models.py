"""The analyse's models: their invariants (clean, constraints) and where they link to."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, resolve

from analyses.models import (
    Behoeftenorm,
    Bevinding,
    Bevolkingscijfer,
    Huishoudens,
    Voorraad,
    Woonzorganalyse,
)
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory
from woonzorg.models import Woonvorm

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyse():
    gemeente = GemeenteFactory(cbs_code="GM0001")
    return Woonzorganalyse.objects.create(
        gemeente=gemeente, titel="Woonzorganalyse 2024", peiljaar=2024
    )


def messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}


# --- Woonzorganalyse -----------------------------------------------------------------------


def test_an_aandeel_75plus_needs_its_bron(analyse):
    analyse.aandeel_75plus = Decimal("0.250")
    with pytest.raises(ValidationError) as error:
        analyse.full_clean()
    assert messages(error.value) == {
        "aandeel_75plus_bron": ["Vermeld de bron van het aandeel 75-plussers."]
    }

    analyse.aandeel_75plus_bron = "CBS StatLine"
    analyse.full_clean()


def test_an_analyse_without_aandeel_needs_no_bron(analyse):
    analyse.full_clean()
    assert analyse.status == Woonzorganalyse.Status.CONCEPT
    assert str(analyse) == "Woonzorganalyse 2024"


@pytest.mark.parametrize("aandeel", ["-0.001", "100.001"])
def test_the_aandeel_is_a_percentage(analyse, aandeel):
    analyse.aandeel_75plus = Decimal(aandeel)
    analyse.aandeel_75plus_bron = "CBS"
    with pytest.raises(ValidationError) as error:
        analyse.full_clean()
    assert set(error.value.message_dict) == {"aandeel_75plus"}


# --- Bevinding -----------------------------------------------------------------------------


def test_a_waarde_needs_its_eenheid(analyse):
    bevinding = Bevinding(analyse=analyse, titel="23% wil verhuizen", waarde=23, bron="Onderzoek")
    with pytest.raises(ValidationError) as error:
        bevinding.full_clean()
    assert messages(error.value) == {"eenheid": ["Geef de eenheid bij de waarde, bijvoorbeeld %."]}

    bevinding.eenheid = "%"
    bevinding.full_clean()


def test_a_bevinding_without_waarde_needs_no_eenheid(analyse):
    Bevinding(analyse=analyse, titel="Veel eenzaamheid", bron="Gesprekken").full_clean()


def test_the_gebied_of_a_bevinding_lies_in_the_gemeente_of_its_analyse(analyse):
    elders = GebiedFactory(gemeente=GemeenteFactory())
    bevinding = Bevinding(analyse=analyse, titel="Oude wijk", gebied=elders, bron="CBS")
    with pytest.raises(ValidationError) as error:
        bevinding.full_clean()
    assert messages(error.value) == {
        "gebied": ["Kies een gebied van de gemeente van deze analyse."]
    }

    bevinding.gebied = GebiedFactory(gemeente=analyse.gemeente)
    bevinding.full_clean()


def test_both_bevinding_errors_are_reported_at_once(analyse):
    elders = GebiedFactory(gemeente=GemeenteFactory())
    bevinding = Bevinding(analyse=analyse, titel="x", gebied=elders, waarde=3, bron="CBS")
    with pytest.raises(ValidationError) as error:
        bevinding.full_clean()
    assert set(error.value.message_dict) == {"gebied", "eenheid"}


# --- uniqueness ----------------------------------------------------------------------------


@pytest.fixture
def wijk(analyse):
    return GebiedFactory(gemeente=analyse.gemeente)


@pytest.fixture
def woonvorm():
    return Woonvorm.objects.get(code="geclusterde-woonvorm")


def assert_duplicate_refused(first, second, message):
    first.full_clean()
    first.save()
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert [str(m) for m in error.value.messages] == [message]


def test_one_bevolkingscijfer_per_gebied_jaar_and_leeftijdsklasse(wijk):
    def cijfer(aantal, prognose=False):
        return Bevolkingscijfer(
            gebied=wijk, jaar=2024, leeftijdsklasse="75+", aantal=aantal, prognose=prognose
        )

    assert_duplicate_refused(
        cijfer(900),
        cijfer(950, prognose=True),
        "Voor dit gebied, jaar en deze leeftijdsklasse is al een cijfer vastgelegd.",
    )
    # another band or year is another figure
    Bevolkingscijfer(gebied=wijk, jaar=2024, leeftijdsklasse="85+", aantal=200).full_clean()
    Bevolkingscijfer(gebied=wijk, jaar=2025, leeftijdsklasse="75+", aantal=930).full_clean()


def test_one_voorraad_per_gebied_woonvorm_and_jaar(wijk, woonvorm):
    assert_duplicate_refused(
        Voorraad(gebied=wijk, woonvorm=woonvorm, jaar=2024, aantal=20),
        Voorraad(gebied=wijk, woonvorm=woonvorm, jaar=2024, aantal=24),
        "Voor dit gebied, deze woonvorm en dit jaar is al een voorraad vastgelegd.",
    )


def test_one_behoeftenorm_per_analyse_woonvorm_and_leeftijdsklasse(analyse, woonvorm):
    def norm(per_1000):
        return Behoeftenorm(
            analyse=analyse,
            woonvorm=woonvorm,
            leeftijdsklasse="75+",
            per_1000=per_1000,
            bron="Eigen norm",
        )

    assert_duplicate_refused(
        norm(50), norm(60), "Deze analyse heeft al een norm voor deze woonvorm en leeftijdsklasse."
    )


def test_one_huishoudens_figure_per_gebied_and_jaar(wijk):
    Huishoudens.objects.create(gebied=wijk, jaar=2024, totaal=3000)
    with pytest.raises(ValidationError) as error:
        Huishoudens(gebied=wijk, jaar=2024, totaal=3100).full_clean()
    # no message of its own: Django's Dutch default names the fields
    assert "bestaat al" in error.value.messages[0]


def test_a_norm_is_at_most_1000_per_1000(analyse, woonvorm):
    norm = Behoeftenorm(
        analyse=analyse, woonvorm=woonvorm, leeftijdsklasse="75+", per_1000=1001, bron="x"
    )
    with pytest.raises(ValidationError) as error:
        norm.full_clean()
    assert set(error.value.message_dict) == {"per_1000"}


def test_figures_know_their_gemeente(analyse, wijk, woonvorm):
    cijfer = Bevolkingscijfer(gebied=wijk, jaar=2024, leeftijdsklasse="75+", aantal=1)
    norm = Behoeftenorm(analyse=analyse, woonvorm=woonvorm, leeftijdsklasse="75+", per_1000=1)
    assert cijfer.gemeente == norm.gemeente == analyse.gemeente
    assert str(norm) == "Geclusterde woonvorm: 1 per 1.000 inwoners van 75 jaar en ouder"


# --- get_absolute_url ----------------------------------------------------------------------


def test_an_analyse_and_its_bevinding_link_to_the_analyse_page(analyse):
    bevinding = Bevinding.objects.create(analyse=analyse, titel="Bevinding", bron="Bron")
    try:
        url = analyse.get_absolute_url()
    except NoReverseMatch:
        pytest.skip("The url analyses:detail is not routed yet.")
    match = resolve(url)
    assert match.view_name == "analyses:detail"
    assert match.kwargs == {"gemeente": "GM0001", "pk": analyse.pk}
    assert bevinding.get_absolute_url() == f"{url}#bevinding-{bevinding.pk}"
