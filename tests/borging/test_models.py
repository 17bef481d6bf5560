"""The invariants of borging's models: Indicator.clean and save, Meting.clean, the one value per
period and gebied, one streefwaarde per year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from borging.models import Frequentie, Indicator, Meting, Streefwaarde
from prestatieafspraken.models import Overeenkomst
from tests.borging.factories import IndicatorFactory, MetingFactory, StreefwaardeFactory
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import GebiedFactory, UserFactory
from uitvoering.models import Uitvoeringsprogramma


def fouten(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


# --- Indicator ------------------------------------------------------------------------------------


def test_a_complete_indicator_of_one_gemeente_is_valid(wereld):
    activiteit = ActiviteitFactory(programma__gemeente=wereld.gemeente)
    indicator = Indicator(
        gemeente=wereld.gemeente,
        naam="Geclusterde woningen opgeleverd",
        eenheid="woningen",
        afspraak=activiteit.afspraak,
        activiteit=activiteit,
        eigenaar=wereld.corporatie,
        nulmeting=Decimal(0),
        nulmeting_jaar=2021,
        gebied=GebiedFactory(gemeente=wereld.gemeente),
    )
    indicator.full_clean()


def test_is_lopend_says_what_the_lopend_queryset_says(wereld):
    """The ketencheck filters the indicatoren it already holds (met_looptijd); lists in SQL."""
    gemeente = wereld.gemeente
    beeindigd = OvereenkomstFactory(gemeente=gemeente, status=Overeenkomst.Status.BEEINDIGD)
    afgerond = UitvoeringsprogrammaFactory(
        gemeente=gemeente, status=Uitvoeringsprogramma.Status.AFGEROND
    )
    lopende_afspraak = AfspraakFactory(overeenkomst__gemeente=gemeente)
    IndicatorFactory(gemeente=gemeente, naam="Gemeentebreed")
    IndicatorFactory(gemeente=gemeente, naam="Lopend", afspraak=lopende_afspraak)
    IndicatorFactory(
        gemeente=gemeente, naam="Beëindigd", afspraak=AfspraakFactory(overeenkomst=beeindigd)
    )
    IndicatorFactory(
        gemeente=gemeente,
        naam="Afgerond",
        activiteit=ActiviteitFactory(programma=afgerond, afspraak=lopende_afspraak),
    )

    assert (
        {i.naam for i in Indicator.objects.met_looptijd() if i.is_lopend}
        == set(Indicator.objects.lopend().values_list("naam", flat=True))
        == {"Gemeentebreed", "Lopend"}
    )


def test_a_nulmeting_needs_its_year(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente, eigenaar=wereld.corporatie, nulmeting=Decimal(12)
    )
    assert fouten(indicator) == {
        "nulmeting_jaar": ["Geef de nulmeting en het jaar waarin zij is gemeten samen op."]
    }


def test_a_nulmeting_year_needs_its_value(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente, eigenaar=wereld.corporatie, nulmeting_jaar=2021
    )
    assert list(fouten(indicator)) == ["nulmeting"]


def test_a_nulmeting_of_zero_counts_as_given(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        nulmeting=Decimal(0),
        nulmeting_jaar=2021,
    )
    indicator.full_clean()


def test_an_afspraak_of_another_gemeente_is_refused(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        afspraak=AfspraakFactory(overeenkomst__gemeente=wereld.andere_gemeente),
    )
    assert fouten(indicator) == {"afspraak": ["Kies een afspraak van deze gemeente."]}


def test_an_activiteit_of_another_gemeente_is_refused(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        activiteit=ActiviteitFactory(programma__gemeente=wereld.andere_gemeente),
    )
    assert fouten(indicator) == {"activiteit": ["Kies een activiteit van deze gemeente."]}


def test_an_activiteit_must_carry_out_the_indicators_afspraak(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        afspraak=AfspraakFactory(overeenkomst__gemeente=wereld.gemeente),
        activiteit=ActiviteitFactory(programma__gemeente=wereld.gemeente),  # another afspraak
    )
    assert fouten(indicator) == {"activiteit": ["Kies een activiteit die deze afspraak uitvoert."]}


def test_a_gebied_of_another_gemeente_is_refused(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        gebied=GebiedFactory(gemeente=wereld.andere_gemeente),
    )
    assert fouten(indicator) == {"gebied": ["Kies een gebied van deze gemeente."]}


def test_every_foreign_link_is_reported_at_once(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        nulmeting=Decimal(1),
        afspraak=AfspraakFactory(overeenkomst__gemeente=wereld.andere_gemeente),
        gebied=GebiedFactory(gemeente=wereld.andere_gemeente),
    )
    assert set(fouten(indicator)) == {"nulmeting_jaar", "afspraak", "gebied"}


def test_a_negative_nulmeting_is_refused(wereld):
    indicator = IndicatorFactory.build(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        nulmeting=Decimal(-1),
        nulmeting_jaar=2021,
    )
    assert list(fouten(indicator)) == ["nulmeting"]


def test_saving_an_indicator_of_an_activiteit_links_the_afspraak_it_carries_out(wereld):
    activiteit = ActiviteitFactory(programma__gemeente=wereld.gemeente)
    indicator = IndicatorFactory(
        gemeente=wereld.gemeente, eigenaar=wereld.corporatie, activiteit=activiteit
    )
    indicator.refresh_from_db()
    assert indicator.afspraak == activiteit.afspraak


def test_saving_keeps_an_afspraak_that_was_chosen(wereld):
    activiteit = ActiviteitFactory(programma__gemeente=wereld.gemeente)
    gekozen = AfspraakFactory(overeenkomst__gemeente=wereld.gemeente)
    indicator = IndicatorFactory(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        activiteit=activiteit,
        afspraak=gekozen,
    )
    indicator.refresh_from_db()
    assert indicator.afspraak == gekozen


def test_an_indicator_without_activiteit_keeps_no_afspraak(wereld):
    indicator = IndicatorFactory(gemeente=wereld.gemeente, eigenaar=wereld.corporatie)
    indicator.refresh_from_db()
    assert indicator.afspraak is None


# --- Meting.clean ---------------------------------------------------------------------------------


def test_a_yearly_indicator_takes_no_kwartaal(wereld):
    indicator = IndicatorFactory(gemeente=wereld.gemeente, frequentie=Frequentie.JAARLIJKS)
    meting = MetingFactory.build(indicator=indicator, kwartaal=2, ingevoerd_door=wereld.partner)
    assert fouten(meting) == {
        "kwartaal": ["Deze indicator wordt jaarlijks gemeten; laat het kwartaal leeg."]
    }


def test_a_quarterly_indicator_takes_a_kwartaal_or_a_whole_year(wereld):
    indicator = IndicatorFactory(gemeente=wereld.gemeente, frequentie=Frequentie.PER_KWARTAAL)
    MetingFactory.build(indicator=indicator, kwartaal=2, ingevoerd_door=wereld.partner).full_clean()
    MetingFactory.build(indicator=indicator, ingevoerd_door=wereld.partner).full_clean()


@pytest.mark.parametrize("kwartaal", [0, 5])
def test_a_kwartaal_is_one_to_four(wereld, kwartaal):
    indicator = IndicatorFactory(gemeente=wereld.gemeente, frequentie=Frequentie.PER_KWARTAAL)
    meting = MetingFactory.build(
        indicator=indicator, kwartaal=kwartaal, ingevoerd_door=wereld.partner
    )
    assert list(fouten(meting)) == ["kwartaal"]


def test_a_meting_for_a_gebied_of_another_gemeente_is_refused(wereld):
    indicator = IndicatorFactory(gemeente=wereld.gemeente)
    meting = MetingFactory.build(
        indicator=indicator,
        gebied=GebiedFactory(gemeente=wereld.andere_gemeente),
        ingevoerd_door=wereld.partner,
    )
    assert fouten(meting) == {"gebied": ["Kies een gebied van deze gemeente."]}


def test_a_negative_meting_is_refused(wereld):
    indicator = IndicatorFactory(gemeente=wereld.gemeente)
    meting = MetingFactory.build(
        indicator=indicator, waarde=Decimal("-0.01"), ingevoerd_door=wereld.partner
    )
    assert list(fouten(meting)) == ["waarde"]


def test_the_period_of_a_meting_reads_as_year_or_quarter():
    assert Meting(jaar=2024).periode == "2024"
    assert Meting(jaar=2024, kwartaal=3).periode == "2024 K3"


# --- One value per period and gebied --------------------------------------------------------------


@pytest.fixture
def indicator(wereld):
    return IndicatorFactory(gemeente=wereld.gemeente, frequentie=Frequentie.PER_KWARTAAL)


@pytest.fixture
def gebied(wereld):
    return GebiedFactory(gemeente=wereld.gemeente, naam="Centrum")


def dubbel(**velden):
    with pytest.raises(IntegrityError), transaction.atomic():
        MetingFactory(**velden)


@pytest.mark.parametrize(
    "periode",
    [
        {"kwartaal": None, "gebied": None},  # the whole year, the whole gemeente: NULL, NULL
        {"kwartaal": 2, "gebied": None},
        {"kwartaal": None, "gebied": "gebied"},
        {"kwartaal": 2, "gebied": "gebied"},
    ],
    ids=["year-gemeente", "quarter-gemeente", "year-gebied", "quarter-gebied"],
)
def test_the_same_period_and_gebied_twice_is_refused_by_the_database(indicator, gebied, periode):
    velden = {
        "indicator": indicator,
        "jaar": 2024,
        "kwartaal": periode["kwartaal"],
        "gebied": gebied if periode["gebied"] else None,
    }
    MetingFactory(**velden, waarde=Decimal(10))
    dubbel(**velden, waarde=Decimal(11))
    assert Meting.objects.filter(indicator=indicator).count() == 1


def test_other_periods_and_gebieden_sit_side_by_side(indicator, gebied, wereld):
    andere_indicator = IndicatorFactory(gemeente=wereld.gemeente)
    for velden in [
        {"jaar": 2024},
        {"jaar": 2024, "kwartaal": 4},  # a year and its Q4 are different periods
        {"jaar": 2024, "kwartaal": 3},
        {"jaar": 2024, "gebied": gebied},
        {"jaar": 2024, "kwartaal": 4, "gebied": gebied},
        {"jaar": 2023},
    ]:
        MetingFactory(indicator=indicator, **velden)
    MetingFactory(indicator=andere_indicator, jaar=2024)
    assert Meting.objects.filter(indicator=indicator).count() == 6


def test_validating_a_second_meting_for_a_period_names_the_rule(indicator, wereld):
    MetingFactory(indicator=indicator, jaar=2024, kwartaal=None, gebied=None)
    tweede = MetingFactory.build(indicator=indicator, jaar=2024, ingevoerd_door=wereld.partner)
    with pytest.raises(ValidationError) as info:
        tweede.full_clean()
    assert "Voor deze indicator, periode en dit gebied is al een meting ingevoerd." in (
        info.value.messages
    )


def test_one_streefwaarde_per_year(indicator):
    StreefwaardeFactory(indicator=indicator, jaar=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        StreefwaardeFactory(indicator=indicator, jaar=2025, waarde=Decimal(120))
    StreefwaardeFactory(indicator=indicator, jaar=2026)
    assert Streefwaarde.objects.filter(indicator=indicator).count() == 2


def test_metingen_are_listed_newest_first(indicator):
    door = UserFactory()
    MetingFactory(indicator=indicator, jaar=2023, kwartaal=4, ingevoerd_door=door)
    MetingFactory(indicator=indicator, jaar=2024, kwartaal=1, ingevoerd_door=door)
    MetingFactory(indicator=indicator, jaar=2024, kwartaal=2, ingevoerd_door=door)
    assert [m.periode for m in indicator.metingen.all()] == ["2024 K2", "2024 K1", "2023 K4"]
