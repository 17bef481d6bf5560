"""Reporting voortgang through the client: the trekker's partner reports on its own activiteit,
a betrokkene or a partner of another organisatie cannot, and every report is kept.

The rules themselves (who may report, which report wins) are services.meld_voortgang's and are
tested without HTTP in test_voortgang.py; here: the page, its form and its answers.
"""

import datetime
import types

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from uitvoering.models import Activiteit, Voortgang
from woonzorg import audit
from woonzorg.models import Rol


def html(response):
    return response.content.decode()


def melden(activiteit):
    return reverse(
        "uitvoering:voortgang",
        kwargs={"gemeente": activiteit.programma.gemeente.cbs_code, "pk": activiteit.pk},
    )


def melding(**anders):
    return {
        "datum": timezone.localdate().isoformat(),
        "status": Activiteit.Status.IN_UITVOERING,
        "gerealiseerd_aantal": "8",
        "toelichting": "Acht woningen zijn opgeleverd.",
        **anders,
    }


@pytest.fixture
def w(wereld):
    """The partner's corporatie draws `eigen` (20 woningen); a zorgaanbieder, with a partner
    user of its own, draws `gedeeld` (the corporatie involved) and `vreemd`."""
    zorgaanbieder = OrganisatieFactory(naam="Zorgaanbieder Y", werkgebied=[wereld.gemeente])
    zorgpartner = UserFactory(email="zorg@zorgaanbieder-y.test", organisatie=zorgaanbieder)
    RolFactory(user=zorgpartner, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    programma = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    eigen = ActiviteitFactory(
        programma=programma,
        trekker=wereld.corporatie,
        titel="Cluster Wijk Y",
        aantal=20,
        bouwsoort="bestaande_bouw",
        afspraak__eenheid="wooneenheden",
    )
    gedeeld = ActiviteitFactory(
        programma=programma, trekker=zorgaanbieder, betrokkenen=[wereld.corporatie]
    )
    vreemd = ActiviteitFactory(programma=programma, trekker=zorgaanbieder)
    return types.SimpleNamespace(
        wereld=wereld,
        programma=programma,
        zorgpartner=zorgpartner,
        eigen=eigen,
        gedeeld=gedeeld,
        vreemd=vreemd,
    )


def test_the_form_starts_from_today_and_the_current_state(w, login):
    w.eigen.status, w.eigen.gerealiseerd_aantal = Activiteit.Status.IN_UITVOERING, 4
    w.eigen.save()
    response = login(w.wereld.partner).get(melden(w.eigen))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {
        "datum": timezone.localdate(),
        "status": "in_uitvoering",
        "gerealiseerd_aantal": 4,
    }
    inhoud = html(response)
    assert f'max="{timezone.localdate().isoformat()}"' in inhoud
    assert "van de 20 geplande wooneenheden" in inhoud
    assert "Dit is de eerste melding voor deze activiteit." in inhoud


def test_the_trekkers_partner_reports_and_the_activiteit_follows(w, login):
    client = login(w.wereld.partner)

    response = client.post(melden(w.eigen), melding())

    assert response.status_code == 302
    assert response["Location"] == w.eigen.get_absolute_url()
    gemeld = Voortgang.objects.get()
    assert (gemeld.activiteit, gemeld.door, gemeld.gerealiseerd_aantal) == (
        w.eigen,
        w.wereld.partner,
        8,
    )
    assert gemeld.toelichting == "Acht woningen zijn opgeleverd."
    w.eigen.refresh_from_db()
    assert (w.eigen.status, w.eigen.gerealiseerd_aantal) == ("in_uitvoering", 8)
    pagina = html(client.get(response["Location"]))
    assert "De voortgang is gemeld." in pagina
    assert "8 van 20" in pagina
    assert "Voortgang gemeld: in uitvoering, gerealiseerd 8." in [
        entry.change_message for entry in audit.entries_for(w.eigen)
    ]


def test_every_report_is_kept_and_the_newest_by_date_counts(w, login):
    client = login(w.wereld.partner)
    vandaag = timezone.localdate()
    client.post(melden(w.eigen), melding(gerealiseerd_aantal="8"))
    # A report about last month, filed afterwards: kept, but the state stays today's.
    eerder = (vandaag - datetime.timedelta(days=30)).isoformat()
    client.post(
        melden(w.eigen),
        melding(datum=eerder, status="vertraagd", gerealiseerd_aantal="3", toelichting="Oud."),
    )
    client.post(melden(w.eigen), melding(status="gereed", gerealiseerd_aantal="20"))

    assert w.eigen.voortgang.count() == 3
    w.eigen.refresh_from_db()
    assert (w.eigen.status, w.eigen.gerealiseerd_aantal) == ("gereed", 20)
    pagina = html(client.get(w.eigen.get_absolute_url()))
    assert "3 meldingen, de nieuwste eerst" in pagina
    assert pagina.index(">20<") < pagina.index("Oud.")


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "beheerder"])
def test_gemeente_staff_report_too(w, login, wie):
    response = login(w.wereld.user(wie)).post(melden(w.vreemd), melding(status="vertraagd"))

    assert response.status_code == 302
    w.vreemd.refresh_from_db()
    assert w.vreemd.status == "vertraagd"


def test_a_betrokkene_partner_may_not_report(w, login):
    client = login(w.wereld.partner)

    for response in (client.get(melden(w.gedeeld)), client.post(melden(w.gedeeld), melding())):
        assert response.status_code == 403
        assert "Alleen de trekker van deze activiteit en de gemeente melden de voortgang." in html(
            response
        )
    assert not Voortgang.objects.exists()
    # Its own trekker's partner may.
    assert login(w.zorgpartner).post(melden(w.gedeeld), melding()).status_code == 302


def test_a_partner_of_another_organisatie_does_not_find_the_activiteit(w, login):
    client = login(w.zorgpartner)

    assert client.get(melden(w.eigen)).status_code == 404
    assert client.post(melden(w.eigen), melding()).status_code == 404
    assert not Voortgang.objects.exists()


def test_the_lezer_may_not_report(w, login):
    response = login(w.wereld.lezer).post(melden(w.eigen), melding())

    assert response.status_code == 403
    assert not Voortgang.objects.exists()


@pytest.mark.parametrize(
    "anders, veld, tekst",
    [
        (
            {"datum": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()},
            "datum",
            "De datum van een melding ligt niet in de toekomst.",
        ),
        ({"datum": ""}, "datum", "Vul de datum van de melding in."),
        ({"gerealiseerd_aantal": "-1"}, "gerealiseerd_aantal", "Een gerealiseerd aantal is 0"),
        ({"gerealiseerd_aantal": "veel"}, "gerealiseerd_aantal", "Vul bij Gerealiseerd aantal"),
        ({"status": ""}, "status", "Kies de status van de activiteit."),
        ({"status": "klaar"}, "status", "Kies bij Status een status uit de lijst."),
    ],
)
def test_the_form_says_in_dutch_what_is_wrong(w, login, anders, veld, tekst):
    response = login(w.wereld.partner).post(melden(w.eigen), melding(**anders))

    assert response.status_code == 200
    fouten = response.context["form"].errors
    assert any(tekst in fout for fout in fouten.get(veld, [])), fouten
    assert tekst in html(response)
    assert not Voortgang.objects.exists()


def test_a_report_without_aantal_keeps_the_realised_aantal(w, login):
    client = login(w.wereld.partner)
    client.post(melden(w.eigen), melding(gerealiseerd_aantal="8"))

    client.post(melden(w.eigen), melding(gerealiseerd_aantal="", status="vertraagd"))

    w.eigen.refresh_from_db()
    assert (w.eigen.status, w.eigen.gerealiseerd_aantal) == ("vertraagd", 8)
    assert w.eigen.voortgang.count() == 2
