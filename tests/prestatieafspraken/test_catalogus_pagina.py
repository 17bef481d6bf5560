"""The catalogue page: every role of the gemeente reads Overzicht 1 and 2; others do not get in."""

from django.test import Client
from django.urls import reverse

from prestatieafspraken.models import Maatregel, Opgave


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
    assert html.count("niet SMART vereist") == 2  # proces- and intentieafspraken


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
