"""The prestatieafspraken numbers on the gemeente dashboard: overeenkomsten, afspraken, how many are
not SMART yet, and how many signatures are missing, counted over what the user may see."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from prestatieafspraken import services
from prestatieafspraken.dashboard import kengetallen
from prestatieafspraken.filters import AfspraakFilter
from prestatieafspraken.models import Afspraak, AfspraakType
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.woonzorg.factories import OrganisatieFactory
from woonzorg.fasen import Kengetal

INDEX = "/g/GM0001/prestatieafspraken/"
LIJST = "/g/GM0001/prestatieafspraken/afspraken/"


def partij(o, organisatie=None):
    organisatie = organisatie or OrganisatieFactory(werkgebied=[o.gemeente])
    return PartijFactory(overeenkomst=o, organisatie=organisatie)


def aanbieden(wereld, o):
    services.ter_ondertekening(o, door=wereld.beleidsadviseur, mail=False)
    o.refresh_from_db()


def teken(o, user):
    o.refresh_from_db()
    services.onderteken(o, door=user, gelezen_hash=o.inhoud_hash)


@pytest.fixture
def stand(wereld):
    """A concept the partner is not party to, with a SMART, a not-SMART and a procesafspraak;
    one out for signature in its second versie, with the partner's corporatie among its three
    parties; and an agreement of Gemeente B."""
    concept = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Concept")
    partij(concept, wereld.gemeente_organisatie)
    partij(concept)
    AfspraakFactory(overeenkomst=concept, smart=True)
    AfspraakFactory(overeenkomst=concept)  # a handelingsafspraak with nothing filled in
    AfspraakFactory(overeenkomst=concept, type=AfspraakType.PROCES)  # not held to SMART

    uit = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Ter ondertekening")
    for organisatie in (wereld.gemeente_organisatie, wereld.corporatie, None):
        partij(uit, organisatie)
    AfspraakFactory(overeenkomst=uit)
    aanbieden(wereld, uit)
    # The gemeente signed versie 1; the text changed since, so that signature is vervallen.
    teken(uit, wereld.beleidsadviseur)
    Afspraak.objects.filter(overeenkomst=uit).update(tekst="Een nieuwe tekst.")
    services.registreer_wijziging(uit, door=wereld.beleidsadviseur, mail=False)
    teken(uit, wereld.partner)  # versie 2, for the corporatie

    in_b = OvereenkomstFactory(gemeente=wereld.andere_gemeente)
    partij(in_b, wereld.andere_corporatie)
    AfspraakFactory.create_batch(3, overeenkomst=in_b)
    services.ter_ondertekening(in_b, door=wereld.andere_beleidsadviseur, mail=False)
    return uit


def verwacht(uit):
    return [
        Kengetal(label="overeenkomsten", waarde=2, url=INDEX),
        Kengetal(label="afspraken", waarde=4, url=LIJST),
        Kengetal(label="afspraken nog niet SMART", waarde=2, url=f"{LIJST}?smart=nog_niet"),
        Kengetal(label="handtekeningen ontbreken", waarde=2, url=f"{INDEX}{uit.pk}/"),
    ]


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer", "beheerder"])
def test_the_numbers_of_the_gemeente(wereld, stand, wie):
    # the gemeente (versie 1 only) and the third party have not signed versie 2
    assert kengetallen(wereld.gemeente, wereld.user(wie)) == verwacht(stand)


def test_a_partner_counts_only_what_it_is_party_to(wereld, stand):
    assert kengetallen(wereld.gemeente, wereld.partner) == [
        Kengetal(label="overeenkomst", waarde=1, url=INDEX),
        Kengetal(label="afspraak", waarde=1, url=LIJST),
        Kengetal(label="afspraak nog niet SMART", waarde=1, url=f"{LIJST}?smart=nog_niet"),
        Kengetal(label="handtekeningen ontbreken", waarde=2, url=f"{INDEX}{stand.pk}/"),
    ]


def test_without_overeenkomsten_there_are_no_numbers(wereld):
    OvereenkomstFactory(gemeente=wereld.andere_gemeente)
    assert kengetallen(wereld.gemeente, wereld.beleidsadviseur) == []
    assert kengetallen(wereld.gemeente, wereld.beheerder) == []


def test_another_gemeentes_user_counts_nothing_here(wereld, stand):
    assert kengetallen(wereld.gemeente, wereld.andere_beleidsadviseur) == []


def test_the_not_smart_link_lists_exactly_those_afspraken(wereld, stand):
    # The number and the list it links to must agree: the list's own SMART filter.
    niet_smart = kengetallen(wereld.gemeente, wereld.beleidsadviseur)[2]
    query = QueryDict(niet_smart.url.split("?", 1)[1])
    gefilterd = AfspraakFilter(
        query,
        queryset=services.met_indicator(Afspraak.objects.for_user(wereld.beleidsadviseur)),
        user=wereld.beleidsadviseur,
        gemeente=wereld.gemeente,
    )
    assert gefilterd.is_valid(), gefilterd.errors
    assert gefilterd.qs.filter(overeenkomst__gemeente=wereld.gemeente).count() == 2


def test_with_two_out_for_signature_the_link_goes_to_the_index(wereld, stand):
    tweede = OvereenkomstFactory(gemeente=wereld.gemeente)
    partij(tweede)
    AfspraakFactory(overeenkomst=tweede, smart=True)
    aanbieden(wereld, tweede)
    getal = kengetallen(wereld.gemeente, wereld.lezer)[3]
    assert (getal.waarde, getal.url) == (3, INDEX)


def test_nothing_missing_when_nothing_is_out_for_signature(wereld):
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    partij(o)
    AfspraakFactory(overeenkomst=o, type=AfspraakType.INTENTIE)
    assert [(k.label, k.waarde) for k in kengetallen(wereld.gemeente, wereld.lezer)] == [
        ("overeenkomst", 1),
        ("afspraak", 1),
        ("afspraken nog niet SMART", 0),
        ("handtekeningen ontbreken", 0),
    ]
    assert kengetallen(wereld.gemeente, wereld.lezer)[3].url == INDEX


def test_singular_labels(wereld):
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    partij(o, wereld.gemeente_organisatie)
    partij(o, wereld.corporatie)
    AfspraakFactory(overeenkomst=o)
    aanbieden(wereld, o)
    teken(o, wereld.partner)
    assert [(k.label, k.waarde) for k in kengetallen(wereld.gemeente, wereld.lezer)] == [
        ("overeenkomst", 1),
        ("afspraak", 1),
        ("afspraak nog niet SMART", 1),
        ("handtekening ontbreekt", 1),
    ]


def test_all_signed_nothing_missing(wereld):
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    partij(o, wereld.corporatie)
    AfspraakFactory(overeenkomst=o)
    aanbieden(wereld, o)
    teken(o, wereld.partner)
    o.refresh_from_db()
    assert o.status == o.Status.ONDERTEKEND
    assert kengetallen(wereld.gemeente, wereld.lezer)[3].waarde == 0


def vul(wereld, aantal):
    """`aantal` agreements out for signature, the partner's corporatie among three parties,
    each with two afspraken, one signature and a vervallen one."""
    for _ in range(aantal):
        o = OvereenkomstFactory(gemeente=wereld.gemeente)
        for organisatie in (wereld.gemeente_organisatie, wereld.corporatie, None):
            partij(o, organisatie)
        AfspraakFactory(overeenkomst=o, smart=True)
        AfspraakFactory(overeenkomst=o)
        aanbieden(wereld, o)
        teken(o, wereld.beleidsadviseur)
        Afspraak.objects.filter(overeenkomst=o).update(tekst="Gewijzigd.")
        services.registreer_wijziging(o, door=wereld.beleidsadviseur, mail=False)
        teken(o, wereld.partner)


def count_queries(gemeente, user):
    user = type(user).objects.get(pk=user.pk)  # no cached roles
    with CaptureQueriesContext(connection) as queries:
        getallen = kengetallen(gemeente, user)
    return len(queries), getallen


@pytest.mark.parametrize("wie", ["partner", "lezer", "beheerder"])
def test_the_numbers_cost_four_queries_for_one_or_ten(wereld, wie):
    """The agreements with their parties and signatures (read once with the ketencheck's on
    the dashboard), and the afspraken."""
    vul(wereld, 1)
    bij_een, getallen = count_queries(wereld.gemeente, wereld.user(wie))
    assert [k.waarde for k in getallen] == [1, 2, 1, 2]

    vul(wereld, 9)
    bij_tien, getallen = count_queries(wereld.gemeente, wereld.user(wie))
    assert [k.waarde for k in getallen] == [10, 20, 10, 20]
    assert bij_een == bij_tien == 4


def test_the_numbers_on_the_dashboard_page(wereld, stand, login):
    content = login(wereld.lezer).get("/g/GM0001/").content.decode()
    assert f'<a href="{INDEX}"><span class="kengetal">2</span> overeenkomsten</a>' in content
    assert (
        f'<a href="{LIJST}?smart=nog_niet"><span class="kengetal">2</span> '
        "afspraken nog niet SMART</a>"
    ) in content
    assert (
        f'<a href="{INDEX}{stand.pk}/"><span class="kengetal">2</span> handtekeningen ontbreken</a>'
    ) in content
