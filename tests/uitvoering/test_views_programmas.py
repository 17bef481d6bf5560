"""The programma pages through the client: the phase page with the gemeente's programma's, and
creating, changing and deleting one.

Who may open which page at all is the permission matrix (test_permissions.py); here: what the
pages show and do.
"""

import datetime
import re

import pytest
from django.urls import reverse

from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import RolFactory, UserFactory
from uitvoering.models import Activiteit, Uitvoeringsprogramma
from woonzorg.models import Rol


def html(response):
    return response.content.decode()


def url(naam, gemeente, **kwargs):
    return reverse(f"uitvoering:{naam}", kwargs={"gemeente": gemeente.cbs_code, **kwargs})


def programma_data(**anders):
    return {
        "titel": "Uitvoeringsprogramma wonen en zorg 2025–2028",
        "periode_start": "2025",
        "periode_eind": "2028",
        "status": Uitvoeringsprogramma.Status.CONCEPT,
        "toelichting": "",
        **anders,
    }


def rij(inhoud, titel):
    """The table row of the programma with this title."""
    gevonden = re.search(
        rf"<tr>\s*<th scope=\"row\"><a [^>]*>{re.escape(titel)}</a>.*?</tr>", inhoud, re.S
    )
    assert gevonden, titel
    return gevonden.group(0)


# --- The phase page -------------------------------------------------------------------------------


@pytest.fixture
def programmas(wereld):
    """Two programma's in A: one with three activiteiten (the partner's corporatie draws one,
    which is late; one is late but not the partner's), one empty; one programma in B."""
    eerder = UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente,
        titel="Programma 2022–2025",
        periode_start=2022,
        periode_eind=2025,
        programmaleider=wereld.programmaleider,
        status=Uitvoeringsprogramma.Status.VASTGESTELD,
    )
    ActiviteitFactory(
        programma=eerder,
        trekker=wereld.corporatie,
        eind=datetime.date(2023, 6, 30),
        status=Activiteit.Status.IN_UITVOERING,
    )
    ActiviteitFactory(programma=eerder, status=Activiteit.Status.VERTRAAGD)
    ActiviteitFactory(
        programma=eerder, eind=datetime.date(2023, 6, 30), status=Activiteit.Status.GEREED
    )
    later = UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente, titel="Programma 2026–2029", periode_start=2026, periode_eind=2029
    )
    UitvoeringsprogrammaFactory(gemeente=wereld.andere_gemeente, titel="Programma van B")
    return eerder, later


def test_the_phase_page_lists_the_programmas_newest_first(wereld, programmas, login):
    response = login(wereld.lezer).get(url("index", wereld.gemeente))

    assert response.status_code == 200
    inhoud = html(response)
    assert "Fase 4 van 5" in inhoud
    assert "Wat gaan de partners concreet doen, wanneer en met welk budget?" in inhoud
    assert inhoud.index("Programma 2026–2029") < inhoud.index("Programma 2022–2025")
    assert "Programma van B" not in inhoud
    eerder = rij(inhoud, "Programma 2022–2025")
    assert "2022–2025" in eerder and "vastgesteld" in eerder
    assert wereld.programmaleider.get_full_name() in eerder
    # Three activiteiten, two of them late: past their end, and reported vertraagd.
    assert re.search(r'<td class="text-end">3</td>', eerder)
    assert "2 te laat" in eerder
    later = rij(inhoud, "Programma 2026–2029")
    assert "nog niet gekozen" in later and "concept" in later
    assert re.search(r'<td class="text-end">0</td>', later)
    assert f'href="{url("activiteiten", wereld.gemeente)}"' in inhoud
    assert "Nieuw uitvoeringsprogramma" not in inhoud


def test_a_partner_counts_only_the_activiteiten_it_sees(wereld, programmas, login):
    inhoud = html(login(wereld.partner).get(url("index", wereld.gemeente)))

    eerder = rij(inhoud, "Programma 2022–2025")
    assert re.search(r'<td class="text-end">1</td>', eerder)
    assert "1 te laat" in eerder


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "beheerder"])
def test_editors_may_start_a_programma(wereld, login, wie):
    inhoud = html(login(wereld.user(wie)).get(url("index", wereld.gemeente)))

    assert f'href="{url("create", wereld.gemeente)}"' in inhoud
    assert "Voor Gemeente A is nog geen uitvoeringsprogramma vastgelegd." in inhoud
    assert "drie tot vijf jaar" in inhoud


def test_the_empty_phase_page_tells_a_partner_what_comes(wereld, login):
    inhoud = html(login(wereld.partner).get(url("index", wereld.gemeente)))

    assert "Voor Gemeente A is nog geen uitvoeringsprogramma vastgelegd." in inhoud
    assert "Zodra de gemeente een uitvoeringsprogramma vastlegt" in inhoud
    assert url("create", wereld.gemeente) not in inhoud


# --- Creating and changing ------------------------------------------------------------------------


def test_the_beleidsadviseur_creates_a_programma(wereld, login):
    client = login(wereld.beleidsadviseur)

    response = client.post(
        url("create", wereld.gemeente),
        programma_data(programmaleider=str(wereld.programmaleider.pk)),
    )

    programma = Uitvoeringsprogramma.objects.get()
    assert response.status_code == 302
    assert response["Location"] == programma.get_absolute_url()
    assert (programma.gemeente, programma.programmaleider) == (
        wereld.gemeente,
        wereld.programmaleider,
    )
    assert programma.jaren == range(2025, 2029)
    volgende = client.get(url("index", wereld.gemeente))
    assert "Het uitvoeringsprogramma is aangemaakt." in html(volgende)


def test_the_form_starts_with_four_years_from_now(wereld, login):
    form = login(wereld.beleidsadviseur).get(url("create", wereld.gemeente)).context["form"]
    jaar = datetime.date.today().year
    assert (form.initial["periode_start"], form.initial["periode_eind"]) == (jaar, jaar + 3)


def test_the_programmaleider_is_someone_of_the_gemeente(wereld, login):
    elders = UserFactory(first_name="Bea", last_name="Elders")
    RolFactory(user=elders, gemeente=wereld.andere_gemeente, soort=Rol.Soort.PROGRAMMALEIDER)
    form = login(wereld.beleidsadviseur).get(url("create", wereld.gemeente)).context["form"]

    keuzes = set(form.fields["programmaleider"].queryset)
    assert keuzes == {wereld.beleidsadviseur, wereld.programmaleider, wereld.lezer}
    assert wereld.programmaleider.email in str(form["programmaleider"])


@pytest.mark.parametrize(
    "veld, anders, melding",
    [
        ("periode_eind", {"periode_eind": "2024"}, "Het eindjaar ligt voor het beginjaar."),
        ("periode_eind", {"periode_eind": "2040"}, "kies ten hoogste tien jaar"),
        ("periode_start", {"periode_start": "1999"}, "Vul bij Van (jaar) een jaartal tussen"),
        ("periode_eind", {"periode_eind": ""}, "Vul het eindjaar in."),
        ("titel", {"titel": ""}, "Geef het programma een titel."),
    ],
)
def test_the_form_says_in_dutch_what_is_wrong(wereld, login, veld, anders, melding):
    response = login(wereld.beleidsadviseur).post(
        url("create", wereld.gemeente), programma_data(**anders)
    )

    assert response.status_code == 200
    assert any(melding in fout for fout in response.context["form"].errors[veld]), response.context[
        "form"
    ].errors
    assert melding in html(response)
    assert not Uitvoeringsprogramma.objects.exists()


def test_a_partner_is_no_programmaleider(wereld, login):
    response = login(wereld.beleidsadviseur).post(
        url("create", wereld.gemeente), programma_data(programmaleider=str(wereld.partner.pk))
    )

    assert response.context["form"].errors["programmaleider"] == [
        "Kies bij Programmaleider iemand van de gemeente met een rol in deze gemeente."
    ]
    assert not Uitvoeringsprogramma.objects.exists()


def test_the_programmaleider_changes_a_programma(wereld, login):
    programma = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente, titel="Oud")
    client = login(wereld.programmaleider)
    form = client.get(url("update", wereld.gemeente, pk=programma.pk)).context["form"]
    assert form.initial["titel"] == "Oud"

    response = client.post(
        url("update", wereld.gemeente, pk=programma.pk),
        programma_data(titel="Nieuw", status=Uitvoeringsprogramma.Status.VASTGESTELD),
    )

    assert response.status_code == 302
    programma.refresh_from_db()
    assert (programma.titel, programma.status) == ("Nieuw", "vastgesteld")


def test_an_afgerond_programma_can_no_longer_be_changed(wereld, login):
    programma = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    client = login(wereld.beleidsadviseur)
    client.post(
        url("update", wereld.gemeente, pk=programma.pk),
        programma_data(status=Uitvoeringsprogramma.Status.AFGEROND),
    )

    response = client.get(url("update", wereld.gemeente, pk=programma.pk))

    assert response.status_code == 403
    assert "is afgerond en kan niet meer worden gewijzigd" in html(response)


# --- Deleting -------------------------------------------------------------------------------------


def test_an_empty_programma_is_deleted_after_confirmation(wereld, login):
    programma = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente, titel="Te veel")
    client = login(wereld.beleidsadviseur)
    adres = url("delete", wereld.gemeente, pk=programma.pk)

    inhoud = html(client.get(adres))
    assert "Weet u zeker dat u het uitvoeringsprogramma “Te veel” wilt verwijderen?" in inhoud
    assert "Ja, verwijderen" in inhoud

    response = client.post(adres)

    assert response.status_code == 302
    assert response["Location"] == url("index", wereld.gemeente)
    assert not Uitvoeringsprogramma.objects.exists()
    assert "Het uitvoeringsprogramma “Te veel” is verwijderd." in html(
        client.get(response["Location"])
    )


def test_a_programma_with_activiteiten_stays_and_names_them(wereld, login):
    activiteit = ActiviteitFactory(programma__gemeente=wereld.gemeente, titel="Cluster Wijk Y")
    client = login(wereld.beleidsadviseur)
    adres = url("delete", wereld.gemeente, pk=activiteit.programma.pk)

    inhoud = html(client.get(adres))
    assert "Cluster Wijk Y" in inhoud
    assert f'href="{activiteit.get_absolute_url()}"' in inhoud
    assert "Ja, verwijderen" not in inhoud

    response = client.post(adres)

    assert response.status_code == 403
    assert "heeft nog activiteiten. Verwijder die eerst" in html(response)
    assert Activiteit.objects.filter(pk=activiteit.pk).exists()
