"""An activiteit keeps the afspraak it carries out: deleting that afspraak is refused in words."""

from django.urls import reverse

from tests.uitvoering.factories import ActiviteitFactory


def test_an_afspraak_that_activiteiten_carry_out_is_not_deleted(wereld, login):
    """The activiteit protects its afspraak: phase 3's delete page names it, no 500."""
    activiteit = ActiviteitFactory(programma__gemeente=wereld.gemeente, titel="Cluster Wijk Y")
    afspraak = activiteit.afspraak
    adres = reverse(
        "prestatieafspraken:afspraak_delete",
        kwargs={"gemeente": wereld.gemeente.cbs_code, "pk": afspraak.pk},
    )
    client = login(wereld.beleidsadviseur)

    inhoud = client.get(adres).content.decode()
    assert "Cluster Wijk Y" in inhoud
    assert "Ja, verwijderen" not in inhoud

    response = client.post(adres)
    assert response.status_code == 302 and response["Location"] == adres
    assert type(afspraak).objects.filter(pk=afspraak.pk).exists()
