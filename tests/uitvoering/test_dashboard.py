"""The uitvoering numbers on the gemeente dashboard: activiteiten, how many are late, and how many
afspraken have a dekking that deviates, counted over what the user may see and agreeing with the
pages they link to."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from prestatieafspraken.models import AfspraakType, Overeenkomst
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import OrganisatieFactory
from uitvoering.dashboard import kengetallen
from uitvoering.filters import ActiviteitFilter
from uitvoering.models import Activiteit, Uitvoeringsprogramma
from woonzorg.fasen import Kengetal
from woonzorg.models import Woonvorm

S = Activiteit.Status
D = datetime.date
INDEX = "/g/GM0001/uitvoering/"
LIJST = "/g/GM0001/uitvoering/activiteiten/"
TE_LAAT = f"{LIJST}?te_laat=1"
VER_WEG = D(2099, 12, 31)  # never late in these tests


def overeenkomst(wereld, **kwargs):
    """An agreement of 2022–2025 with the partner's corporatie as party."""
    o = OvereenkomstFactory(gemeente=wereld.gemeente, **kwargs)
    PartijFactory(overeenkomst=o, organisatie=wereld.corporatie)
    return o


@pytest.fixture
def stand(wereld):
    """The handreiking's afspraak 1.1 (110: 80 nieuwbouw, 30 bestaande bouw) planned 20 + 40
    bestaande bouw and 50 nieuwbouw; 2.1 (4 ontmoetingsruimten) not planned at all; a
    procesafspraak without target; and an afspraak of 20 that is covered. Late: corporatie Y's
    40 (past its end) and the vertraagde 20.

    activiteit      afspraak  trekker      status          eind        te laat  partner sees
    X 20            1.1       corporatie   gereed          2022        no       yes (trekker)
    Y 40            1.1       Y            in uitvoering   2024        yes      yes (betrokken)
    markt 50        1.1       marktpartij  in uitvoering   2099        no       no
    welzijn         1.2       welzijn      in uitvoering   2099        no       no
    twintig         1.3       corporatie   vertraagd       2099        yes      yes (trekker)
    """
    o = overeenkomst(wereld)
    geclusterd = Woonvorm.objects.get(code="geclusterde-woonvorm")
    gemeente = wereld.gemeente

    def org(naam):
        return OrganisatieFactory(naam=naam, werkgebied=[gemeente])

    y, markt, welzijn = org("Woningcorporatie Y"), org("Marktpartij"), org("Welzijn")
    geclusterd_afspraak = AfspraakFactory(
        overeenkomst=o,
        nummer="1.1",
        aantal=110,
        eenheid="wooneenheden",
        aantal_nieuwbouw=80,
        aantal_bestaande_bouw=30,
        woonvorm=geclusterd,
    )
    AfspraakFactory(overeenkomst=o, nummer="2.1", aantal=4, eenheid="ontmoetingsruimten")
    proces = AfspraakFactory(overeenkomst=o, nummer="1.2", type=AfspraakType.PROCES)
    gedekt = AfspraakFactory(overeenkomst=o, nummer="1.3", aantal=20, eenheid="woningen")

    p = UitvoeringsprogrammaFactory(
        gemeente=gemeente, status=Uitvoeringsprogramma.Status.VASTGESTELD
    )

    def activiteit(afspraak, trekker, status, eind, **kwargs):
        return ActiviteitFactory(
            programma=p, afspraak=afspraak, trekker=trekker, status=status, eind=eind, **kwargs
        )

    activiteit(
        geclusterd_afspraak, wereld.corporatie, S.GEREED, D(2022, 12, 31), aantal=20,
        bouwsoort="bestaande_bouw", gerealiseerd_aantal=20,
    )  # fmt: skip
    activiteit(
        geclusterd_afspraak, y, S.IN_UITVOERING, D(2024, 12, 31), aantal=40,
        bouwsoort="bestaande_bouw", betrokkenen=[wereld.corporatie],
    )  # fmt: skip
    activiteit(
        geclusterd_afspraak, markt, S.IN_UITVOERING, VER_WEG, aantal=50, bouwsoort="nieuwbouw"
    )
    activiteit(proces, welzijn, S.IN_UITVOERING, VER_WEG)
    activiteit(gedekt, wereld.corporatie, S.VERTRAAGD, VER_WEG, aantal=20)

    # Gemeente B's programme counts nowhere here.
    elders = UitvoeringsprogrammaFactory(gemeente=wereld.andere_gemeente)
    ActiviteitFactory.create_batch(3, programma=elders, eind=D(2023, 1, 1))
    return p


def verwacht(p, activiteiten, te_laat, afwijkend=2):
    return [
        Kengetal(label="activiteiten", waarde=activiteiten, url=LIJST),
        Kengetal(label="te laat", waarde=te_laat, url=TE_LAAT),
        Kengetal(label="afspraken met afwijkende dekking", waarde=afwijkend, url=f"{INDEX}{p.pk}/"),
    ]


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer"])
def test_the_numbers_of_the_gemeente(wereld, stand, wie):
    # 1.1 hides its split (50 of 80, 60 of 30) and 2.1 has 0 of 4; 1.2 has no target, 1.3 is
    # covered (20 of 20, late or not)
    assert kengetallen(wereld.gemeente, wereld.user(wie)) == verwacht(stand, 5, 2)


def test_the_beheerder_counts_the_gemeente_of_the_dashboard(wereld, stand):
    assert kengetallen(wereld.gemeente, wereld.beheerder) == verwacht(stand, 5, 2)


def test_a_partner_counts_its_own_activiteiten_and_the_dekking_of_its_afspraken(wereld, stand):
    # it sees X, Y's 40 and the twintig; the dekking of the afspraken it is party to counts
    # every activiteit, as the programme's overview does
    assert kengetallen(wereld.gemeente, wereld.partner) == verwacht(stand, 3, 2)


def test_a_partner_counts_no_dekking_of_agreements_it_is_not_party_to(wereld, stand):
    Overeenkomst.objects.get(gemeente=wereld.gemeente).partijen.all().delete()
    assert kengetallen(wereld.gemeente, wereld.partner) == verwacht(stand, 3, 2, afwijkend=0)


def test_without_a_programma_there_are_no_numbers(wereld):
    o = overeenkomst(wereld)
    AfspraakFactory(overeenkomst=o, aantal=10, eenheid="woningen")
    UitvoeringsprogrammaFactory(gemeente=wereld.andere_gemeente)
    for wie in ("beleidsadviseur", "partner", "beheerder"):
        assert kengetallen(wereld.gemeente, wereld.user(wie)) == []


def test_another_gemeentes_user_counts_nothing_here(wereld, stand):
    assert kengetallen(wereld.gemeente, wereld.andere_beleidsadviseur) == []


def test_an_empty_programma_shows_its_targets_unplanned(wereld):
    p = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    o = overeenkomst(wereld)
    AfspraakFactory(overeenkomst=o, aantal=10, eenheid="woningen")  # 0 of 10
    AfspraakFactory(overeenkomst=o, type=AfspraakType.PROCES)
    assert [(k.label, k.waarde, k.url) for k in kengetallen(wereld.gemeente, wereld.lezer)] == [
        ("activiteiten", 0, LIJST),
        ("te laat", 0, TE_LAAT),
        ("afspraak met afwijkende dekking", 1, f"{INDEX}{p.pk}/"),
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"periode_start": 2018, "periode_eind": 2021},
        {"periode_start": 2026, "periode_eind": 2029},
        {"status": Overeenkomst.Status.BEEINDIGD},
    ],
    ids=["before", "after", "beeindigd"],
)
def test_a_target_outside_the_programme_is_not_its_task(wereld, kwargs):
    UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)  # 2022–2025
    AfspraakFactory(overeenkomst=overeenkomst(wereld, **kwargs), aantal=10, eenheid="woningen")
    assert kengetallen(wereld.gemeente, wereld.lezer)[2].waarde == 0


def test_an_afgerond_programma_has_no_dekking_to_chase(wereld, stand):
    Uitvoeringsprogramma.objects.filter(pk=stand.pk).update(
        status=Uitvoeringsprogramma.Status.AFGEROND
    )
    # its activiteiten are still in the list (and the late ones under its filter)
    assert kengetallen(wereld.gemeente, wereld.lezer) == [
        Kengetal(label="activiteiten", waarde=5, url=LIJST),
        Kengetal(label="te laat", waarde=2, url=TE_LAAT),
        Kengetal(label="afspraken met afwijkende dekking", waarde=0, url=INDEX),
    ]


def test_two_running_programmas_count_an_afspraak_once_and_link_to_the_index(wereld, stand):
    # the next programme has no activiteiten yet: 1.1, 2.1 and 1.3 are all unplanned in it;
    # with 1.1 and 2.1 of the first, that is three afspraken, not five
    UitvoeringsprogrammaFactory(gemeente=wereld.gemeente, periode_start=2024, periode_eind=2027)
    assert kengetallen(wereld.gemeente, wereld.lezer)[2] == Kengetal(
        label="afspraken met afwijkende dekking", waarde=3, url=INDEX
    )


def test_singular_labels(wereld):
    p = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    afspraak = AfspraakFactory(overeenkomst=overeenkomst(wereld), aantal=10, eenheid="woningen")
    ActiviteitFactory(programma=p, afspraak=afspraak, aantal=5, status=S.VERTRAAGD, eind=VER_WEG)
    assert [(k.label, k.waarde) for k in kengetallen(wereld.gemeente, wereld.lezer)] == [
        ("activiteit", 1),
        ("te laat", 1),
        ("afspraak met afwijkende dekking", 1),
    ]


def test_the_te_laat_link_lists_exactly_those_activiteiten(wereld, stand):
    for wie in ("lezer", "partner"):
        user = wereld.user(wie)
        te_laat = kengetallen(wereld.gemeente, user)[1]
        queryset = Activiteit.objects.for_user(user).in_gemeente(wereld.gemeente)
        gefilterd = ActiviteitFilter(
            QueryDict(te_laat.url.split("?", 1)[1]),
            queryset=queryset,
            user=user,
            gemeente=wereld.gemeente,
        )
        assert gefilterd.is_valid(), gefilterd.errors
        assert gefilterd.qs.count() == te_laat.waarde > 0


def test_the_afwijkend_number_is_the_overviews(wereld, stand, login):
    response = login(wereld.lezer).get(f"{INDEX}{stand.pk}/")
    assert response.status_code == 200
    assert (
        response.context["aantal_afwijkend"] == kengetallen(wereld.gemeente, wereld.lezer)[2].waarde
    )


def vul(wereld, p, o, aantal):
    """`aantal` afspraken with a target, each with one activiteit of the corporatie, late."""
    for _ in range(aantal):
        afspraak = AfspraakFactory(overeenkomst=o, aantal=30, eenheid="woningen")
        ActiviteitFactory(
            programma=p,
            afspraak=afspraak,
            trekker=wereld.corporatie,
            betrokkenen=[OrganisatieFactory()],
            aantal=20,
            bouwsoort="nieuwbouw",
            status=S.VERTRAAGD,
        )


def count_queries(gemeente, user):
    user = type(user).objects.get(pk=user.pk)  # no cached roles
    with CaptureQueriesContext(connection) as queries:
        getallen = kengetallen(gemeente, user)
    return len(queries), getallen


@pytest.mark.parametrize("wie", ["partner", "lezer", "beheerder"])
def test_the_numbers_cost_four_queries_for_one_or_ten(wereld, wie):
    p = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    o = overeenkomst(wereld)
    vul(wereld, p, o, 1)
    bij_een, getallen = count_queries(wereld.gemeente, wereld.user(wie))
    assert [k.waarde for k in getallen] == [1, 1, 1]

    vul(wereld, p, o, 9)
    UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente, status=Uitvoeringsprogramma.Status.AFGEROND
    )
    bij_tien, getallen = count_queries(wereld.gemeente, wereld.user(wie))
    assert [k.waarde for k in getallen] == [10, 10, 10]
    assert bij_een == bij_tien == 4


def test_the_numbers_on_the_dashboard_page(wereld, stand, login):
    content = login(wereld.lezer).get("/g/GM0001/").content.decode()
    assert f'<a href="{LIJST}"><span class="kengetal">5</span> activiteiten</a>' in content
    assert f'<a href="{TE_LAAT}"><span class="kengetal">2</span> te laat</a>' in content
    assert (
        f'<a href="{INDEX}{stand.pk}/"><span class="kengetal">2</span> '
        "afspraken met afwijkende dekking</a>"
    ) in content
