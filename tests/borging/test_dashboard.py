"""Borging's numbers on the gemeente dashboard (borging.dashboard.kengetallen): how many
indicatoren, how many are rood and how many miss a meting that is due, counted over what the
user may see and agreeing with the monitoring page they link to."""

import types
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from borging.dashboard import kengetallen
from borging.models import Frequentie
from tests.borging.factories import IndicatorFactory, MetingFactory, StreefwaardeFactory
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory
from woonzorg.fasen import Kengetal

D = Decimal
VORIG = timezone.localdate().year - 1  # the last year whose meting is due
MONITORING = "/g/GM0001/borging/"


def indicator(gemeente, eigenaar, *, gemeten=None, jaar=VORIG, **kwargs):
    """From 0 in VORIG-4 to 100 in VORIG+1: VORIG asks 80, VORIG-1 asks 60. With `gemeten` a
    meting in `jaar`; without one in VORIG that meting is missing."""
    i = IndicatorFactory(
        gemeente=gemeente, eigenaar=eigenaar, nulmeting=D(0), nulmeting_jaar=VORIG - 4, **kwargs
    )
    StreefwaardeFactory(indicator=i, jaar=VORIG + 1, waarde=D(100))
    if gemeten is not None:
        MetingFactory(indicator=i, jaar=jaar, waarde=D(gemeten))
    return i


@pytest.fixture
def stand(wereld):
    """Six indicatoren in Gemeente A, two of them rood, three missing last year's meting.

    indicator       eigenaar     meting          stoplicht  meting ontbreekt  partner sees
    eigen groen     corporatie   VORIG: 80       groen      no                yes (eigenaar)
    eigen oranje    corporatie   VORIG: 75       oranje     no                yes (eigenaar)
    eigen rood      corporatie   VORIG-1: 10     rood       yes               yes (eigenaar)
    afspraak        welzijn      none            grijs      yes               yes (party)
    welzijn rood    welzijn      VORIG: 20       rood       no                no
    welzijn oud     welzijn      VORIG-1: 60     groen      yes               no

    Gemeente B has a red one that is missing its meting too, counted nowhere here.
    """
    gemeente = wereld.gemeente
    welzijn = OrganisatieFactory(naam="Welzijn W", werkgebied=[gemeente])
    pact = OvereenkomstFactory(gemeente=gemeente)
    PartijFactory(overeenkomst=pact, organisatie=wereld.corporatie)
    c = wereld.corporatie
    indicator(gemeente, c, gemeten=80)
    indicator(gemeente, c, gemeten=75)
    indicator(gemeente, c, gemeten=10, jaar=VORIG - 1)
    indicator(gemeente, welzijn, afspraak=AfspraakFactory(overeenkomst=pact))
    indicator(gemeente, welzijn, gemeten=20)
    indicator(gemeente, welzijn, gemeten=60, jaar=VORIG - 1)
    indicator(wereld.andere_gemeente, wereld.andere_corporatie, gemeten=1, jaar=VORIG - 1)
    return types.SimpleNamespace(welzijn=welzijn, pact=pact)


def verwacht(aantal, rood, zonder):
    return [
        Kengetal(
            label="indicatoren" if aantal != 1 else "indicator", waarde=aantal, url=MONITORING
        ),
        Kengetal(
            label="indicatoren rood" if rood != 1 else "indicator rood",
            waarde=rood,
            url=f"{MONITORING}?stoplicht=rood",
        ),
        Kengetal(
            label="metingen ontbreken" if zonder != 1 else "meting ontbreekt",
            waarde=zonder,
            url=f"{MONITORING}#waarschuwingen",
        ),
    ]


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer", "beheerder"])
def test_the_numbers_of_the_gemeente(wereld, stand, wie):
    assert kengetallen(wereld.gemeente, wereld.user(wie)) == verwacht(6, 2, 3)


def test_a_partner_counts_only_what_it_sees(wereld, stand):
    # its own three and the one of the afspraak it is party to
    assert kengetallen(wereld.gemeente, wereld.partner) == verwacht(4, 1, 2)


def test_a_partner_without_anything_to_see_gets_no_numbers(wereld, stand):
    stand.pact.partijen.all().delete()
    for i in wereld.corporatie.indicatoren.all():
        i.delete()
    assert kengetallen(wereld.gemeente, wereld.partner) == []


def test_without_indicatoren_there_are_no_numbers(wereld):
    indicator(wereld.andere_gemeente, wereld.andere_corporatie, gemeten=1, jaar=VORIG - 1)
    for wie in ("beleidsadviseur", "lezer", "partner", "beheerder"):
        assert kengetallen(wereld.gemeente, wereld.user(wie)) == []


def test_another_gemeentes_user_counts_nothing_here(wereld, stand):
    assert kengetallen(wereld.gemeente, wereld.andere_beleidsadviseur) == []


def test_singular_labels(wereld):
    indicator(wereld.gemeente, wereld.corporatie, gemeten=10, jaar=VORIG - 1)
    assert kengetallen(wereld.gemeente, wereld.lezer) == verwacht(1, 1, 1)
    assert [k.label for k in kengetallen(wereld.gemeente, wereld.lezer)] == [
        "indicator",
        "indicator rood",
        "meting ontbreekt",
    ]


def test_a_quarterly_indicator_misses_the_last_quarter(wereld):
    """Per kwartaal the meting of the quarter before this one is due; a gebied's meting does not
    stand for the gemeente."""
    vandaag = timezone.localdate()
    kwartaal = (vandaag.month - 1) // 3
    jaar, kwartaal = (vandaag.year - 1, 4) if kwartaal == 0 else (vandaag.year, kwartaal)
    i = IndicatorFactory(
        gemeente=wereld.gemeente,
        eigenaar=wereld.corporatie,
        frequentie=Frequentie.PER_KWARTAAL,
        nulmeting=D(0),
        nulmeting_jaar=jaar - 2,
    )
    StreefwaardeFactory(indicator=i, jaar=jaar + 1)
    MetingFactory(
        indicator=i,
        jaar=jaar,
        kwartaal=kwartaal,
        gebied=GebiedFactory(gemeente=wereld.gemeente),
        waarde=D(1),
    )
    assert kengetallen(wereld.gemeente, wereld.lezer)[2].waarde == 1
    MetingFactory(indicator=i, jaar=jaar, kwartaal=kwartaal, waarde=D(50))
    assert kengetallen(wereld.gemeente, wereld.lezer)[2].waarde == 0


def test_the_numbers_are_the_monitoring_pages(wereld, stand, login):
    for wie in ("lezer", "partner"):
        user = wereld.user(wie)
        getallen = kengetallen(wereld.gemeente, user)
        client = login(user)
        pagina = client.get(getallen[0].url)
        assert pagina.context["aantal"] == getallen[0].waarde
        assert len(pagina.context["waarschuwingen"].zonder_meting) == getallen[2].waarde
        rood = client.get(getallen[1].url)
        assert (
            len(rood.context["indicatoren"])
            == getallen[1].waarde
            == len(rood.context["waarschuwingen"].rood)
        )


def tel(gemeente, user):
    user = type(user).objects.get(pk=user.pk)  # no cached roles
    with CaptureQueriesContext(connection) as queries:
        getallen = kengetallen(gemeente, user)
    return len(queries), getallen


@pytest.mark.parametrize("wie", ["partner", "lezer", "beheerder"])
def test_the_numbers_cost_three_queries_for_one_or_twenty(wereld, wie):
    indicator(wereld.gemeente, wereld.corporatie, gemeten=10, jaar=VORIG - 1)
    bij_een, getallen = tel(wereld.gemeente, wereld.user(wie))
    assert [k.waarde for k in getallen] == [1, 1, 1]

    for _ in range(19):
        i = indicator(wereld.gemeente, wereld.corporatie, gemeten=10, jaar=VORIG - 1)
        MetingFactory(indicator=i, jaar=VORIG - 2, waarde=D(5))
    bij_twintig, getallen = tel(wereld.gemeente, wereld.user(wie))
    assert [k.waarde for k in getallen] == [20, 20, 20]
    assert bij_een == bij_twintig == 3


def test_the_numbers_on_the_dashboard_page(wereld, stand, login):
    inhoud = login(wereld.lezer).get("/g/GM0001/").content.decode()
    assert f'<a href="{MONITORING}"><span class="kengetal">6</span> indicatoren</a>' in inhoud
    assert (
        f'<a href="{MONITORING}?stoplicht=rood"><span class="kengetal">2</span> '
        "indicatoren rood</a>"
    ) in inhoud
    assert (
        f'<a href="{MONITORING}#waarschuwingen"><span class="kengetal">3</span> '
        "metingen ontbreken</a>"
    ) in inhoud
    inhoud = login(wereld.partner).get("/g/GM0001/").content.decode()
    assert f'<a href="{MONITORING}"><span class="kengetal">4</span> indicatoren</a>' in inhoud
