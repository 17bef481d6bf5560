"""The catalogue page: every role of the gemeente reads Overzicht 1 and 2; others do not get in.
Opened from an overeenkomst an editor may change, each maatregel starts an afspraak in it."""

import re

from django.test import Client
from django.urls import reverse

from prestatieafspraken.models import Maatregel, Opgave, Overeenkomst
from tests.prestatieafspraken.factories import OvereenkomstFactory, PartijFactory


def url(gemeente):
    return reverse("prestatieafspraken:catalogus", kwargs={"gemeente": gemeente.cbs_code})


def test_every_role_reads_the_catalogue(wereld, login, rol):
    response = login(wereld.user(rol)).get(url(wereld.gemeente))

    assert response.status_code == 200
    html = response.content.decode()
    for opgave in Opgave.objects.all():
        assert opgave.naam in html
    assert "Opstellen afwegingskader woonzorginitiatieven" in html
    assert "Zorgaanbieder x draagt vastgoed over aan woningcorporatie y" in html
    assert html.count("SMART niet vereist") == 2  # proces- and intentieafspraken


def test_the_phase_page_links_to_the_catalogue(wereld, login):
    response = login(wereld.lezer).get(
        reverse("prestatieafspraken:index", kwargs={"gemeente": wereld.gemeente.cbs_code})
    )
    assert url(wereld.gemeente) in response.content.decode()


def test_another_gemeente_is_not_found_and_anonymous_must_log_in(wereld, login):
    assert login(wereld.andere_beleidsadviseur).get(url(wereld.gemeente)).status_code == 404
    anoniem = Client().get(url(wereld.gemeente))
    assert anoniem.status_code == 302 and "/account/login/" in anoniem["Location"]


def test_the_page_costs_the_same_however_many_maatregelen(
    wereld, login, django_assert_max_num_queries
):
    client = login(wereld.beleidsadviseur)
    client.get(url(wereld.gemeente))
    opgave = Opgave.objects.first()
    Maatregel.objects.bulk_create(Maatregel(opgave=opgave, tekst=f"Extra {n}") for n in range(20))

    with django_assert_max_num_queries(8):
        response = client.get(url(wereld.gemeente))
    assert "Extra 19" in response.content.decode()


# --- From an overeenkomst: each maatregel starts an afspraak ------------------------------------


def gebruik_links(html, overeenkomst):
    begin = reverse(
        "prestatieafspraken:afspraak_create",
        kwargs={"gemeente": overeenkomst.gemeente.cbs_code, "pk": overeenkomst.pk},
    )
    return re.findall(rf'href="{re.escape(begin)}\?maatregel=(\d+)"', html)


def test_opened_from_an_overeenkomst_every_maatregel_can_become_an_afspraak(wereld, login):
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Prestatieafspraken A")

    response = login(wereld.beleidsadviseur).get(
        url(wereld.gemeente), {"overeenkomst": overeenkomst.pk}
    )

    html = response.content.decode()
    assert sorted(map(int, gebruik_links(html, overeenkomst))) == sorted(
        Maatregel.objects.values_list("pk", flat=True)
    )
    assert html.count("Gebruik als afspraak") == Maatregel.objects.count()
    assert "Prestatieafspraken A" in html  # named, and in the breadcrumb
    assert html.count("SMART niet vereist") == 2


def test_without_an_overeenkomst_an_editor_gets_a_hint_and_no_links(wereld, login):
    html = login(wereld.programmaleider).get(url(wereld.gemeente)).content.decode()
    assert 'id="catalogus-hint"' in html
    assert "Gebruik als afspraak" not in html


def test_who_may_not_add_to_the_overeenkomst_gets_no_links(wereld, login):
    eigen = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=eigen, organisatie=wereld.corporatie)
    beeindigd = OvereenkomstFactory(gemeente=wereld.gemeente, status=Overeenkomst.Status.BEEINDIGD)
    van_b = OvereenkomstFactory(gemeente=wereld.andere_gemeente)

    gevallen = [
        (wereld.lezer, eigen),
        (wereld.partner, eigen),
        (wereld.beleidsadviseur, beeindigd),
        (wereld.beleidsadviseur, van_b),
    ]
    for user, overeenkomst in gevallen:
        response = login(user).get(url(wereld.gemeente), {"overeenkomst": overeenkomst.pk})
        assert response.status_code == 200
        assert "Gebruik als afspraak" not in response.content.decode(), (user, overeenkomst)
    lezer = login(wereld.lezer).get(url(wereld.gemeente)).content.decode()
    assert 'id="catalogus-hint"' not in lezer


def test_the_page_from_an_overeenkomst_costs_the_same_however_many_maatregelen(
    wereld, login, django_assert_max_num_queries
):
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente)
    client = login(wereld.beleidsadviseur)
    client.get(url(wereld.gemeente), {"overeenkomst": overeenkomst.pk})
    opgave = Opgave.objects.first()
    Maatregel.objects.bulk_create(Maatregel(opgave=opgave, tekst=f"Extra {n}") for n in range(20))

    with django_assert_max_num_queries(9):
        response = client.get(url(wereld.gemeente), {"overeenkomst": overeenkomst.pk})
    assert response.content.decode().count("Gebruik als afspraak") == Maatregel.objects.count()
