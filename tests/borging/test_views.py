"""The borging pages through the client: what a user relies on when creating an indicator and
its streefwaarden, entering and uploading metingen, reading the monitoring page and an
indicator's page, writing the evaluatie and asking for the jaarschijfrapport.

Who may open which page at all is the permission matrix (test_permissions.py). The PDF itself is
tested elsewhere: here `borging.rapport.render_pdf` returns a stand-in where the file's content
is not the point.
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from analyses.models import Huishoudens
from borging import rapport as rapport_module
from borging import services, tasks
from borging.models import Evaluatie, Frequentie, Indicator, Jaarschijfrapport, Meting, Streefwaarde
from tests.analyses.factories import BevolkingscijferFactory
from tests.borging.factories import (
    EvaluatieFactory,
    IndicatorFactory,
    JaarschijfrapportFactory,
    MetingFactory,
    StreefwaardeFactory,
)
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory
from woonzorg import audit
from woonzorg.models import Organisatie

D = Decimal
PDF = b"%PDF-1.7 test"
VORIG = timezone.localdate().year - 1  # the last year whose meting is due


def html(response):
    return response.content.decode()


def url(naam, gemeente, **kwargs):
    return reverse(f"borging:{naam}", kwargs={"gemeente": gemeente.cbs_code, **kwargs})


def meldingen(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def veldfouten(response, veld):
    return response.context["form"].errors.get(veld, [])


@pytest.fixture
def v(wereld):
    """Gemeente A: the pact the corporatie is party to with afspraak 1.1, an activiteit carrying
    it out, a wijk Noord, and the corporatie's indicator of 1.1 with a bron. Welzijn W works in A
    too; Gemeente B has an afspraak and a wijk of its own."""
    gemeente = wereld.gemeente
    pact = OvereenkomstFactory(gemeente=gemeente, titel="Pact wonen en zorg")
    PartijFactory(overeenkomst=pact, organisatie=wereld.corporatie)
    afspraak = AfspraakFactory(
        overeenkomst=pact,
        nummer="1.1",
        titel="110 geclusterde wooneenheden",
        aantal=110,
        eenheid="wooneenheden",
        trekker=wereld.corporatie,
    )
    tweede = AfspraakFactory(overeenkomst=pact, nummer="1.2", titel="Ontmoetingsruimten")
    programma = UitvoeringsprogrammaFactory(gemeente=gemeente)
    activiteit = ActiviteitFactory(
        programma=programma, afspraak=afspraak, trekker=wereld.corporatie, titel="Locatie Noord"
    )
    welzijn = OrganisatieFactory(
        naam="Welzijn W", soort=Organisatie.Soort.WELZIJNSORGANISATIE, werkgebied=[gemeente]
    )
    noord = GebiedFactory(gemeente=gemeente, naam="Noord")
    indicator = IndicatorFactory(
        gemeente=gemeente,
        naam="Geclusterde woningen opgeleverd",
        eenheid="woningen",
        afspraak=afspraak,
        eigenaar=wereld.corporatie,
        bron="Jaarverslag corporatie",
    )
    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=gemeente,
        pact=pact,
        afspraak=afspraak,
        tweede=tweede,
        activiteit=activiteit,
        welzijn=welzijn,
        noord=noord,
        indicator=indicator,
        afspraak_b=AfspraakFactory(
            overeenkomst=OvereenkomstFactory(gemeente=wereld.andere_gemeente), titel="Van B"
        ),
        gebied_b=GebiedFactory(gemeente=wereld.andere_gemeente, naam="Zuid in B"),
    )


# --- Creating and changing an indicator ----------------------------------------------------------


def indicator_data(v, **kwargs):
    return {
        "naam": "Aantal geclusterde woningen",
        "eenheid": "woningen",
        "afspraak": str(v.afspraak.pk),
        "activiteit": "",
        "eigenaar": str(v.wereld.corporatie.pk),
        "frequentie": Frequentie.PER_KWARTAAL,
        "richting": "hoger",
        "nulmeting": "12,5",
        "nulmeting_jaar": "2022",
        "gebied": str(v.noord.pk),
        "bron": "Jaarverslag",
        "toelichting": "",
        **kwargs,
    }


def test_creating_an_indicator_leads_to_its_streefwaarden(v, login):
    response = login(v.wereld.beleidsadviseur).post(
        url("indicator_create", v.gemeente), indicator_data(v)
    )

    nieuw = Indicator.objects.get(naam="Aantal geclusterde woningen")
    assert response.status_code == 302
    assert response["Location"] == url("streefwaarden", v.gemeente, pk=nieuw.pk)
    assert (nieuw.gemeente, nieuw.afspraak, nieuw.eigenaar, nieuw.gebied) == (
        v.gemeente,
        v.afspraak,
        v.wereld.corporatie,
        v.noord,
    )
    assert (nieuw.nulmeting, nieuw.nulmeting_jaar, nieuw.frequentie) == (
        D("12.5"),
        2022,
        Frequentie.PER_KWARTAAL,
    )
    assert meldingen(response) == [
        "De indicator “Aantal geclusterde woningen” is aangemaakt. Leg nu de streefwaarden vast."
    ]
    assert [e.change_message for e in audit.entries_for(nieuw)] == ["Indicator aangemaakt."]


def test_an_indicator_of_an_activiteit_measures_its_afspraak(v, login):
    data = indicator_data(v, afspraak="", activiteit=str(v.activiteit.pk))
    response = login(v.wereld.programmaleider).post(url("indicator_create", v.gemeente), data)
    assert response.status_code == 302
    nieuw = Indicator.objects.get(naam="Aantal geclusterde woningen")
    assert (nieuw.activiteit, nieuw.afspraak) == (v.activiteit, v.afspraak)


@pytest.mark.parametrize(
    "wijziging, veld, melding",
    [
        ({"naam": ""}, "naam", "Geef de indicator een naam."),
        ({"eenheid": ""}, "eenheid", "Vul de eenheid in, bijvoorbeeld woningen."),
        ({"eigenaar": ""}, "eigenaar", "Kies de organisatie die de metingen levert."),
        (
            {"nulmeting_jaar": ""},
            "nulmeting_jaar",
            "Geef de nulmeting en het jaar waarin zij is gemeten samen op.",
        ),
        ({"nulmeting": "-3"}, "nulmeting", "Nulmeting is 0 of meer."),
        (
            {"nulmeting": "twaalf"},
            "nulmeting",
            "Vul bij Nulmeting een getal in, bijvoorbeeld 12 of 12,5.",
        ),
        (
            {"nulmeting_jaar": "1999"},
            "nulmeting_jaar",
            "Vul bij Jaar van de nulmeting een jaartal tussen 2000 en 2100 in.",
        ),
        (
            {"frequentie": "maandelijks"},
            "frequentie",
            "Selecteer een geldige keuze. maandelijks is geen beschikbare keuze.",
        ),
    ],
    ids=[
        "naam",
        "eenheid",
        "eigenaar",
        "nulmeting-zonder-jaar",
        "negatief",
        "geen-getal",
        "jaar",
        "frequentie",
    ],
)
def test_an_invalid_indicator_says_what_is_wrong_at_the_field(v, login, wijziging, veld, melding):
    response = login(v.wereld.beleidsadviseur).post(
        url("indicator_create", v.gemeente), indicator_data(v, **wijziging)
    )
    assert response.status_code == 200
    assert veldfouten(response, veld)[0] == melding
    assert melding in html(response)
    assert "Het formulier is nog niet in orde; zie de meldingen bij de velden." in html(response)
    assert not Indicator.objects.filter(naam="Aantal geclusterde woningen").exists()


@pytest.mark.parametrize(
    "wijziging, veld",
    [({"nulmeting": "twaalf"}, "nulmeting"), ({"nulmeting_jaar": "1999"}, "nulmeting_jaar")],
    ids=["geen-getal", "jaar"],
)
def test_an_invalid_nulmeting_gets_one_message_not_a_misleading_second(v, login, wijziging, veld):
    response = login(v.wereld.beleidsadviseur).post(
        url("indicator_create", v.gemeente), indicator_data(v, **wijziging)
    )
    fouten = response.context["form"].errors
    assert len(fouten[veld]) == 1, fouten
    assert "samen op" not in html(response)


@pytest.mark.parametrize(
    "veld, ander, melding",
    [
        ("afspraak", "afspraak_b", "Kies bij Afspraak een afspraak van deze gemeente."),
        ("gebied", "gebied_b", "Kies bij Gebied een gebied van deze gemeente."),
        ("eigenaar", None, "Kies bij Eigenaar een organisatie die in deze gemeente werkt."),
    ],
)
def test_what_belongs_to_another_gemeente_is_refused(v, login, veld, ander, melding):
    pk = getattr(v, ander).pk if ander else v.wereld.andere_corporatie.pk
    response = login(v.wereld.beleidsadviseur).post(
        url("indicator_create", v.gemeente), indicator_data(v, **{veld: str(pk)})
    )
    assert response.status_code == 200
    assert veldfouten(response, veld) == [melding]
    assert melding in html(response)
    assert Indicator.objects.count() == 1


def test_an_activiteit_of_another_afspraak_is_refused(v, login):
    data = indicator_data(v, afspraak=str(v.tweede.pk), activiteit=str(v.activiteit.pk))
    response = login(v.wereld.beleidsadviseur).post(url("indicator_create", v.gemeente), data)
    assert response.status_code == 200
    assert veldfouten(response, "activiteit") == ["Kies een activiteit die deze afspraak uitvoert."]
    assert Indicator.objects.count() == 1


def test_the_afspraak_in_the_address_starts_the_indicator_under_it(v, login):
    client = login(v.wereld.beleidsadviseur)
    response = client.get(url("indicator_create", v.gemeente) + f"?afspraak={v.afspraak.pk}")
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial == {
        "afspraak": v.afspraak.pk,
        "eenheid": "wooneenheden",
        "eigenaar": v.wereld.corporatie.pk,
    }
    inhoud = html(response)
    assert f'<option value="{v.afspraak.pk}" selected>1.1 110 geclusterde wooneenheden' in inhoud
    assert 'value="wooneenheden"' in inhoud
    assert f'<option value="{v.wereld.corporatie.pk}" selected>' in inhoud


@pytest.mark.parametrize(
    "waarde", ["b", "12abc", "١٢", ""], ids=["letter", "mixed", "arabic", "empty"]
)
def test_a_useless_or_foreign_afspraak_in_the_address_prefills_nothing(v, login, waarde):
    client = login(v.wereld.beleidsadviseur)
    response = client.get(url("indicator_create", v.gemeente) + f"?afspraak={waarde}")
    assert response.status_code == 200
    assert response.context["form"].initial == {}
    assert 'value="wooneenheden"' not in html(response)
    response = client.get(url("indicator_create", v.gemeente) + f"?afspraak={v.afspraak_b.pk}")
    assert response.status_code == 200
    assert "eenheid" not in response.context["form"].initial
    assert "Van B" not in html(response)
    assert " selected>" not in html(response).split('name="afspraak"')[1].split("</select>")[0]


def test_changing_an_indicator_is_logged_by_field(v, login):
    data = indicator_data(v, naam="Opgeleverde geclusterde woningen", frequentie="jaarlijks")
    response = login(v.wereld.beleidsadviseur).post(
        url("indicator_update", v.gemeente, pk=v.indicator.pk), data
    )
    assert response.status_code == 302
    assert response["Location"] == v.indicator.get_absolute_url()
    v.indicator.refresh_from_db()
    assert v.indicator.naam == "Opgeleverde geclusterde woningen"
    assert meldingen(response) == ["De indicator is opgeslagen."]
    assert [e.change_message for e in audit.entries_for(v.indicator)][0].startswith(
        "Indicator gewijzigd: naam, "
    )


def test_deleting_an_indicator_asks_first_and_takes_its_figures_along(v, login):
    StreefwaardeFactory(indicator=v.indicator, jaar=2025)
    MetingFactory(indicator=v.indicator, jaar=2023)
    MetingFactory(indicator=v.indicator, jaar=2024)
    client = login(v.wereld.beleidsadviseur)
    adres = url("indicator_delete", v.gemeente, pk=v.indicator.pk)

    vraag = client.get(adres)
    assert vraag.status_code == 200
    assert "Haar streefwaarden en 2 metingen worden ook verwijderd." in html(vraag)
    assert Indicator.objects.filter(pk=v.indicator.pk).exists()

    response = client.post(adres)
    assert response.status_code == 302
    assert response["Location"] == url("index", v.gemeente)
    assert not Indicator.objects.filter(pk=v.indicator.pk).exists()
    assert not Streefwaarde.objects.exists() and not Meting.objects.exists()
    assert meldingen(response) == ["De indicator “Geclusterde woningen opgeleverd” is verwijderd."]


# --- Streefwaarden --------------------------------------------------------------------------------


def formset(rijen, bestaande=()):
    """The streefwaarden formset's POST: existing rows (pk, jaar, waarde, delete) then new ones."""
    data = {
        "streefwaarden-TOTAL_FORMS": str(len(bestaande) + len(rijen)),
        "streefwaarden-INITIAL_FORMS": str(len(bestaande)),
        "streefwaarden-MIN_NUM_FORMS": "0",
        "streefwaarden-MAX_NUM_FORMS": "1000",
    }
    for index, (pk, jaar, waarde, weg) in enumerate(bestaande):
        data.update(
            {
                f"streefwaarden-{index}-id": str(pk),
                f"streefwaarden-{index}-jaar": jaar,
                f"streefwaarden-{index}-waarde": waarde,
            }
        )
        if weg:
            data[f"streefwaarden-{index}-DELETE"] = "on"
    for index, (jaar, waarde) in enumerate(rijen, start=len(bestaande)):
        data.update({f"streefwaarden-{index}-jaar": jaar, f"streefwaarden-{index}-waarde": waarde})
    return data


def streefwaarden(indicator):
    return list(Streefwaarde.objects.filter(indicator=indicator).values_list("jaar", "waarde"))


def test_the_streefwaarden_are_saved_in_dutch_notation(v, login):
    client = login(v.wereld.programmaleider)
    adres = url("streefwaarden", v.gemeente, pk=v.indicator.pk)
    assert client.get(adres).status_code == 200

    response = client.post(adres, formset([("2025", "30"), ("2026", "1.234,5"), ("", "")]))

    assert response.status_code == 302
    assert response["Location"] == v.indicator.get_absolute_url()
    assert streefwaarden(v.indicator) == [(2025, D("30")), (2026, D("1234.5"))]
    assert meldingen(response) == ["De streefwaarden zijn opgeslagen."]
    assert [e.change_message for e in audit.entries_for(v.indicator)] == [
        "Streefwaarden gewijzigd."
    ]


def test_streefwaarden_are_changed_and_removed(v, login):
    a = StreefwaardeFactory(indicator=v.indicator, jaar=2025, waarde=D(30))
    b = StreefwaardeFactory(indicator=v.indicator, jaar=2026, waarde=D(40))
    data = formset([], bestaande=[(a.pk, "2025", "35", False), (b.pk, "2026", "40", True)])
    response = login(v.wereld.beleidsadviseur).post(
        url("streefwaarden", v.gemeente, pk=v.indicator.pk), data
    )
    assert response.status_code == 302
    assert streefwaarden(v.indicator) == [(2025, D("35"))]


@pytest.mark.parametrize("bestaand", [False, True], ids=["both-new", "one-existing"])
def test_a_year_twice_is_refused_and_nothing_is_saved(v, login, bestaand):
    if bestaand:
        oud = StreefwaardeFactory(indicator=v.indicator, jaar=2025, waarde=D(30))
        data = formset([("2025", "50")], bestaande=[(oud.pk, "2025", "30", False)])
    else:
        data = formset([("2025", "30"), ("2025", "50")])
    voor = streefwaarden(v.indicator)

    response = login(v.wereld.beleidsadviseur).post(
        url("streefwaarden", v.gemeente, pk=v.indicator.pk), data
    )

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Corrigeer de dubbele gegevens voor jaar."
    ]
    assert "Corrigeer de dubbele gegevens voor jaar." in html(response)
    assert streefwaarden(v.indicator) == voor


def test_an_invalid_streefwaarde_names_the_field(v, login):
    response = login(v.wereld.beleidsadviseur).post(
        url("streefwaarden", v.gemeente, pk=v.indicator.pk),
        formset([("2025", "veel"), ("1999", "10")]),
    )
    assert response.status_code == 200
    fouten = [form.errors for form in response.context["formset"]]
    assert fouten[0] == {"waarde": ["Vul bij Streefwaarde een getal in, bijvoorbeeld 12 of 12,5."]}
    assert fouten[1] == {"jaar": ["Vul bij Jaar een jaartal tussen 2000 en 2100 in."]}
    assert "Niet alle streefwaarden zijn in orde; zie de meldingen hieronder." in html(response)
    assert streefwaarden(v.indicator) == []


def test_a_streefwaarde_in_or_before_the_nulmeting_year_is_refused(v, login):
    Indicator.objects.filter(pk=v.indicator.pk).update(nulmeting=D(5), nulmeting_jaar=2023)
    response = login(v.wereld.beleidsadviseur).post(
        url("streefwaarden", v.gemeente, pk=v.indicator.pk),
        formset([("2023", "10"), ("2025", "30")]),
    )
    assert response.status_code == 200
    fouten = [form.errors for form in response.context["formset"]]
    assert fouten[0] == {"jaar": ["Een streefwaarde ligt na het jaar van de nulmeting (2023)."]}
    assert streefwaarden(v.indicator) == []


# --- Entering a meting ----------------------------------------------------------------------------


def test_a_meting_is_entered_through_voer_meting_in_and_corrected_the_second_time(
    v, login, monkeypatch
):
    aanroepen = []
    echt = services.voer_meting_in

    def spion(indicator, **kwargs):
        aanroepen.append((indicator.pk, kwargs["door"], kwargs["jaar"], kwargs["waarde"]))
        return echt(indicator, **kwargs)

    monkeypatch.setattr(services, "voer_meting_in", spion)
    partner = v.wereld.partner
    client = login(partner)
    adres = url("meting", v.gemeente, pk=v.indicator.pk)
    pagina = client.get(adres)
    assert pagina.context["form"].initial == {"jaar": VORIG}
    assert "kwartaal" not in pagina.context["form"].fields  # a yearly indicator

    response = client.post(adres, {"jaar": "2025", "waarde": "12,5", "toelichting": "Eerste"})

    assert response.status_code == 302
    assert response["Location"] == v.indicator.get_absolute_url()
    assert meldingen(response) == ["De meting is ingevoerd. Dank u wel."]
    meting = Meting.objects.get(indicator=v.indicator)
    assert (meting.jaar, meting.waarde, meting.bron, meting.ingevoerd_door) == (
        2025,
        D("12.5"),
        "Jaarverslag corporatie",
        partner,
    )

    response = client.post(adres, {"jaar": "2025", "waarde": "14"})

    assert response.status_code == 302
    melding = meldingen(response)[-1]  # the first one was never shown: no page in between
    assert "gecorrigeerd" in melding
    assert melding == (
        "De meting voor deze periode is gecorrigeerd; de oude waarde staat in de geschiedenis."
    )
    assert Meting.objects.get(indicator=v.indicator).waarde == D(14)
    assert aanroepen == [
        (v.indicator.pk, partner, 2025, D("12.5")),
        (v.indicator.pk, partner, 2025, D(14)),
    ]
    assert [e.change_message for e in audit.entries_for(v.indicator)] == [
        "Meting 2025 gecorrigeerd: 12,5 → 14.",
        "Meting 2025 ingevoerd: 12,5.",
    ]
    pagina = client.get(v.indicator.get_absolute_url())
    assert "Meting 2025 gecorrigeerd" not in html(pagina)  # the history is for gemeente staff


def test_a_quarterly_meting_for_a_gebied(v, login):
    Indicator.objects.filter(pk=v.indicator.pk).update(frequentie=Frequentie.PER_KWARTAAL)
    response = login(v.wereld.beleidsadviseur).post(
        url("meting", v.gemeente, pk=v.indicator.pk),
        {
            "jaar": "2025",
            "kwartaal": "2",
            "gebied": str(v.noord.pk),
            "waarde": "3",
            "bron": "Telling",
        },
    )
    assert response.status_code == 302
    meting = Meting.objects.get()
    assert (meting.periode, meting.gebied, meting.bron) == ("2025 K2", v.noord, "Telling")


@pytest.mark.parametrize(
    "data, veld, melding",
    [
        (
            {"jaar": "2025", "waarde": "veel"},
            "waarde",
            "Vul bij Waarde een getal in, bijvoorbeeld 12 of 12,5.",
        ),
        ({"jaar": "2025", "waarde": "-1"}, "waarde", "Waarde is 0 of meer."),
        ({"jaar": "", "waarde": "3"}, "jaar", "Vul het jaar van de meting in."),
        (
            {"jaar": "2025", "waarde": "3", "gebied": "GEBIED_B"},
            "gebied",
            "Kies bij Gebied een gebied van deze gemeente.",
        ),
    ],
    ids=["geen-getal", "negatief", "geen-jaar", "gebied-van-b"],
)
def test_an_invalid_meting_names_the_field_and_saves_nothing(v, login, data, veld, melding):
    if data.get("gebied") == "GEBIED_B":
        data = {**data, "gebied": str(v.gebied_b.pk)}
    response = login(v.wereld.partner).post(url("meting", v.gemeente, pk=v.indicator.pk), data)
    assert response.status_code == 200
    assert veldfouten(response, veld) == [melding]
    assert melding in html(response)
    assert not Meting.objects.exists()


# --- Uploading metingen ---------------------------------------------------------------------------


def csv_bestand(regels, naam="metingen.csv"):
    return SimpleUploadedFile(naam, "\n".join(regels).encode(), content_type="text/csv")


def test_an_upload_with_a_bad_row_shows_row_and_column_and_stores_nothing(v, login):
    i = v.indicator.pk
    bestand = csv_bestand(
        [
            "indicator;jaar;waarde",
            f"{i};2024;10",  # fine on its own
            f"{i};2025;abc",
            f"{i};1999;4",
            "999999;2025;4",
        ]
    )
    response = login(v.wereld.partner).post(
        url("metingen_upload", v.gemeente), {"bestand": bestand}
    )

    assert response.status_code == 200
    inhoud = html(response)
    assert "metingen.csv is niet ingelezen" in inhoud
    assert "Er is niets opgeslagen." in inhoud
    assert "Rij 3, kolom waarde: &#x27;abc&#x27; is geen getal." in inhoud
    assert "Rij 4, kolom jaar: &#x27;1999&#x27; is geen jaar tussen 2000 en 2100." in inhoud
    assert "Rij 5, kolom indicator: De indicator &#x27;999999&#x27; is onbekend." in inhoud
    assert not Meting.objects.exists()


def test_a_good_upload_stores_every_row_and_says_so(v, login):
    MetingFactory(indicator=v.indicator, jaar=2024, waarde=D(8))
    kwartaal = IndicatorFactory(
        gemeente=v.gemeente,
        naam="Ontmoetingsruimten open",
        eigenaar=v.wereld.corporatie,
        frequentie=Frequentie.PER_KWARTAAL,
    )
    bestand = csv_bestand(
        [
            "Indicator;Jaar;Kwartaal;Gebied;Waarde;Bron",
            f"{v.indicator.pk};2024;;;9;Herteld",  # a correction of 8
            f"{v.indicator.pk};2025;;Noord;1.234,5;",
            "Ontmoetingsruimten open;2025;K2;;3;",
        ]
    )
    client = login(v.wereld.partner)
    response = client.post(url("metingen_upload", v.gemeente), {"bestand": bestand})

    assert response.status_code == 302
    assert response["Location"] == url("index", v.gemeente)
    assert meldingen(response) == ["3 metingen ingelezen: 2 nieuw, 1 gecorrigeerd."]
    assert sorted(
        Meting.objects.values_list("indicator", "jaar", "kwartaal", "gebied", "waarde")
    ) == [
        (v.indicator.pk, 2024, None, None, D(9)),
        (v.indicator.pk, 2025, None, v.noord.pk, D("1234.5")),
        (kwartaal.pk, 2025, 2, None, D(3)),
    ]
    assert set(Meting.objects.values_list("ingevoerd_door", flat=True)) == {v.wereld.partner.pk}


@pytest.mark.parametrize(
    "data, melding",
    [
        ({}, "Kies een bestand."),
        ({"bestand": SimpleUploadedFile("leeg.csv", b"")}, "Het bestand is leeg."),
        ({"bestand": "KOP"}, "De kolommen waarde ontbreken in de kopregel."),
    ],
    ids=["geen", "leeg", "kop"],
)
def test_an_unusable_file_is_explained(v, login, data, melding):
    if data.get("bestand") == "KOP":
        data = {"bestand": csv_bestand(["indicator;jaar", f"{v.indicator.pk};2025"])}
    response = login(v.wereld.beleidsadviseur).post(url("metingen_upload", v.gemeente), data)
    assert response.status_code == 200
    assert melding in html(response)
    assert not Meting.objects.exists()


def sjabloon(client, v):
    response = client.get(url("metingen_sjabloon", v.gemeente))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="metingen-GM0001.csv"'
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    return [regel.split(";") for regel in tekst.removeprefix("\ufeff").splitlines()]


def test_the_sjabloon_lists_the_users_own_indicators_only(v, login):
    """The partner reads the welzijn indicator of its afspraak, but does not measure it."""
    van_welzijn = IndicatorFactory(
        gemeente=v.gemeente, naam="Bezoekers", eigenaar=v.welzijn, afspraak=v.afspraak
    )
    IndicatorFactory(gemeente=v.wereld.andere_gemeente, eigenaar=v.wereld.corporatie)
    rijen = sjabloon(login(v.wereld.partner), v)
    assert rijen == [
        ["indicator", "jaar", "kwartaal", "gebied", "waarde", "bron", "toelichting", "naam"],
        [
            str(v.indicator.pk),
            str(VORIG),
            "",
            "",
            "",
            "Jaarverslag corporatie",
            "",
            "Geclusterde woningen opgeleverd",
        ],
    ]
    rijen = sjabloon(login(v.wereld.beleidsadviseur), v)
    assert [r[0] for r in rijen[1:]] == [str(van_welzijn.pk), str(v.indicator.pk)]  # by name


def test_the_sjabloon_does_not_let_a_spreadsheet_run_a_name_as_formula(v, login):
    Indicator.objects.filter(pk=v.indicator.pk).update(naam="=HYPERLINK(1)", bron="+31 bron")
    [_kop, rij] = sjabloon(login(v.wereld.partner), v)
    assert rij[-1] == "'=HYPERLINK(1)"
    assert rij[5] == "'+31 bron"


# --- The monitoring page --------------------------------------------------------------------------


def met_traject(gemeente, naam, eigenaar, gemeten=None, jaar=VORIG, **kwargs):
    """An indicator from 0 in VORIG-4 to 100 in VORIG: VORIG asks 100 and VORIG-1 asks 75. With
    `gemeten` a meting in `jaar`; a meting in VORIG is due."""
    indicator = IndicatorFactory(
        gemeente=gemeente,
        naam=naam,
        eigenaar=eigenaar,
        nulmeting=D(0),
        nulmeting_jaar=VORIG - 4,
        **kwargs,
    )
    StreefwaardeFactory(indicator=indicator, jaar=VORIG, waarde=D(100))
    if gemeten is not None:
        MetingFactory(indicator=indicator, jaar=jaar, waarde=D(gemeten))
    return indicator


@pytest.fixture
def lichten(v):
    """One of each colour: groen and oranje (Welzijn W) measured this year, rood (corporatie)
    measured the year before and so missing this year's meting; grijs (no streefwaarde)."""
    Indicator.objects.filter(pk=v.indicator.pk).delete()
    c, welzijn = v.wereld.corporatie, v.welzijn
    return types.SimpleNamespace(
        groen=met_traject(v.gemeente, "Groene indicator", welzijn, gemeten=100),
        oranje=met_traject(v.gemeente, "Oranje indicator", welzijn, gemeten=95),
        rood=met_traject(v.gemeente, "Rode indicator", c, gemeten=20, jaar=VORIG - 1),
        grijs=IndicatorFactory(gemeente=v.gemeente, naam="Grijze indicator", eigenaar=c),
    )


def namen(response):
    return [i.naam for i in response.context["indicatoren"]]


def test_the_monitoring_page_shows_every_indicator_what_needs_attention_first(v, lichten, login):
    response = login(v.wereld.lezer).get(url("index", v.gemeente))
    assert namen(response) == [
        "Rode indicator",
        "Oranje indicator",
        "Grijze indicator",
        "Groene indicator",
    ]
    assert response.context["per_kleur"] == {"groen": 1, "oranje": 1, "rood": 1, "grijs": 1}
    inhoud = html(response)
    assert "4 indicatoren:" in inhoud
    assert '<a href="?stoplicht=rood" class="me-2">1 achter</a>' in inhoud
    assert "stoplicht-rood" in inhoud and "stoplicht-groen" in inhoud
    assert inhoud.count("<svg") >= 4  # a chart per indicator


@pytest.mark.parametrize(
    "filter, verwacht",
    [
        ("stoplicht=rood", ["Rode indicator"]),
        ("stoplicht=groen", ["Groene indicator"]),
        ("stoplicht=grijs", ["Grijze indicator"]),
        ("eigenaar=WELZIJN", ["Oranje indicator", "Groene indicator"]),
        ("eigenaar=WELZIJN&stoplicht=oranje", ["Oranje indicator"]),
        ("eigenaar=WELZIJN&stoplicht=rood", []),
        ("stoplicht=paars", []),
    ],
)
def test_the_monitoring_page_filters_by_stoplicht_and_eigenaar(v, lichten, login, filter, verwacht):
    adres = url("index", v.gemeente) + "?" + filter.replace("WELZIJN", str(v.welzijn.pk))
    response = login(v.wereld.beleidsadviseur).get(adres)
    assert response.status_code == 200
    assert namen(response) == verwacht
    inhoud = html(response)
    assert "Alles tonen" in inhoud
    if not verwacht:
        assert "Geen indicatoren die aan deze filters voldoen." in inhoud
    # the counts and the warnings stay about everything
    assert response.context["aantal"] == 4
    assert "Rode indicator" in inhoud


def test_the_eigenaar_filter_offers_the_eigenaren_of_the_indicators(v, lichten, login):
    response = login(v.wereld.beleidsadviseur).get(url("index", v.gemeente) + "?stoplicht=rood")
    assert response.context["eigenaren"] == [v.welzijn, v.wereld.corporatie]
    assert '<option value="rood" selected>' in html(response)


def test_the_monitoring_page_warns_early(v, lichten, login):
    """Red, a meting missing, and an afspraak past its deadline with nothing carrying it out."""
    AfspraakFactory(
        overeenkomst=v.pact,
        nummer="3.1",
        titel="Zorgsteunpunt in Noord",
        deadline=datetime.date(VORIG - 1, 12, 31),
    )
    response = login(v.wereld.beleidsadviseur).get(url("index", v.gemeente))
    inhoud = html(response)
    w = response.context["waarschuwingen"]
    assert [i.naam for i, _licht in w.rood] == ["Rode indicator"]
    assert [(i.naam, periode) for i, periode in w.zonder_meting] == [("Rode indicator", str(VORIG))]
    assert [a.titel for a in w.over_deadline] == ["Zorgsteunpunt in Noord"]
    assert "1 indicator achter op het traject" in inhoud
    assert "20 gemeten in %s; het traject vraagt 75: achter." % (VORIG - 1) in inhoud
    assert "1 meting ontbreekt" in inhoud
    assert f"geen meting over {VORIG} (Woningcorporatie X)" in inhoud
    assert "1 afspraak over de deadline" in inhoud
    assert "3.1 Zorgsteunpunt in Noord" in inhoud


def test_without_warnings_the_page_says_so(v, login):
    response = login(v.wereld.lezer).get(url("index", v.gemeente))
    assert "Geen signalen: geen indicator staat op rood" in html(response)


def test_the_monitoring_page_shows_twenty_a_page_and_keeps_the_filter(v, login):
    Indicator.objects.all().delete()
    for n in range(25):
        met_traject(v.gemeente, f"Indicator {n:02d}", v.welzijn, gemeten=10)  # all rood
    client = login(v.wereld.beleidsadviseur)
    response = client.get(url("index", v.gemeente) + "?stoplicht=rood")
    assert namen(response) == [f"Indicator {n:02d}" for n in range(20)]
    inhoud = html(response)
    assert "Pagina 1 van 2" in inhoud
    assert 'href="?stoplicht=rood&amp;page=2"' in inhoud

    response = client.get(url("index", v.gemeente) + "?stoplicht=rood&page=2")
    assert namen(response) == [f"Indicator {n:02d}" for n in range(20, 25)]
    assert "Pagina 2 van 2" in html(response)
    assert client.get(url("index", v.gemeente) + "?page=99").status_code == 200


def test_without_indicators_the_page_explains_monitoring(wereld, login):
    inhoud = html(login(wereld.beleidsadviseur).get(url("index", wereld.gemeente)))
    assert "Er zijn nog geen indicatoren die u kunt zien." in inhoud
    assert "De eerste indicator toevoegen" in inhoud
    inhoud = html(login(wereld.lezer).get(url("index", wereld.gemeente)))
    assert "De eerste indicator toevoegen" not in inhoud


# --- One indicator's page -------------------------------------------------------------------------


def test_the_indicator_page_shows_its_figures(v, login):
    indicator = met_traject(
        v.gemeente, "Nultredenwoningen", v.wereld.corporatie, gemeten=20, jaar=VORIG - 1
    )
    MetingFactory(indicator=indicator, jaar=VORIG - 2, waarde=D(7), bron="Telling 1")
    client = login(v.wereld.beleidsadviseur)
    response = client.get(indicator.get_absolute_url())
    inhoud = html(response)
    assert response.context["licht"].kleur == "rood"
    assert f"De meting over {VORIG} ontbreekt nog; Woningcorporatie X levert haar." in inhoud
    assert [(m.jaar, m.waarde) for m in response.context["metingen"]] == [
        (VORIG - 1, D(20)),
        (VORIG - 2, D(7)),
    ]
    assert [(s.jaar, verwacht) for s, verwacht in response.context["streefwaarden"]] == [
        (VORIG, D(100))
    ]
    assert "Telling 1" in inhoud
    assert "<svg" in inhoud
    assert 'id="context"' not in inhoud  # no gebied: no figures of one


def test_the_indicator_page_shows_the_figures_of_its_gebied(v, login):
    Indicator.objects.filter(pk=v.indicator.pk).update(gebied=v.noord)
    zuid = GebiedFactory(gemeente=v.gemeente, naam="Zuid", cbs_code="WA000001")  # sorts first
    for klasse, aantal in (("65+", 812), ("75+", 403), ("85+", 97)):
        BevolkingscijferFactory(gebied=v.noord, jaar=2024, leeftijdsklasse=klasse, aantal=aantal)
    BevolkingscijferFactory(
        gebied=v.noord, jaar=2030, leeftijdsklasse="75+", aantal=521, prognose=True
    )
    BevolkingscijferFactory(gebied=zuid, jaar=2024, leeftijdsklasse="75+", aantal=999)
    BevolkingscijferFactory(gebied=v.noord, jaar=2024, leeftijdsklasse="totaal", aantal=5000)
    Huishoudens.objects.create(gebied=v.noord, jaar=2024, totaal=2345, eenpersoons=876)
    Huishoudens.objects.create(gebied=zuid, jaar=2024, totaal=111)

    response = login(v.wereld.partner).get(v.indicator.get_absolute_url())

    assert response.context["context_gebied"] == v.noord
    rijen = [
        (jaar, aantallen, h.totaal if h else None)
        for jaar, aantallen, h in response.context["context_rijen"]
    ]
    assert rijen == [(2024, [812, 403, 97], 2345), (2030, [None, 521, None], None)]
    inhoud = html(response)
    assert "Noord in cijfers" in inhoud
    for getal in ("812", "403", "97", "521", "876"):
        assert f'<td class="text-end">{getal}</td>' in inhoud
    assert "999" not in inhoud and "111</td>" not in inhoud


def test_a_gebied_without_figures_says_so(v, login):
    Indicator.objects.filter(pk=v.indicator.pk).update(gebied=v.noord)
    inhoud = html(login(v.wereld.lezer).get(v.indicator.get_absolute_url()))
    assert "Noord in cijfers" in inhoud
    assert "De analyse heeft voor dit gebied nog geen cijfers." in inhoud


def test_the_indicator_links_its_afspraak_only_for_who_may_read_it(v, login):
    """The partner of Welzijn W's afspraak sees its number and title on the indicator of an
    activiteit it draws, but gets no link to an agreement it is no party to."""
    convenant = OvereenkomstFactory(gemeente=v.gemeente)
    PartijFactory(overeenkomst=convenant, organisatie=v.welzijn)
    welzijn_afspraak = AfspraakFactory(overeenkomst=convenant, nummer="2.1", titel="Ontmoeting")
    activiteit = ActiviteitFactory(
        programma=v.activiteit.programma, afspraak=welzijn_afspraak, trekker=v.wereld.corporatie
    )
    indicator = IndicatorFactory(gemeente=v.gemeente, eigenaar=v.welzijn, activiteit=activiteit)
    adres = welzijn_afspraak.get_absolute_url()
    assert f'href="{adres}"' not in html(login(v.wereld.partner).get(indicator.get_absolute_url()))
    assert f'href="{adres}"' in html(login(v.wereld.lezer).get(indicator.get_absolute_url()))


# --- Evaluaties -----------------------------------------------------------------------------------


def evaluatie_data(v, **kwargs):
    return {
        "jaar": "2024",
        "wat_gaat_goed": "De samenwerking in Noord loopt.",
        "obstakels": "Bouwkosten.",
        "bijsturing": "Locatie Zuid eerder.",
        "afspraken": [str(v.afspraak.pk), str(v.tweede.pk)],
        **kwargs,
    }


def test_an_evaluatie_is_written_with_its_afspraken(v, login):
    client = login(v.wereld.beleidsadviseur)
    assert client.get(url("evaluatie_create", v.gemeente)).context["form"].initial == {
        "jaar": VORIG
    }
    response = client.post(url("evaluatie_create", v.gemeente), evaluatie_data(v))
    evaluatie = Evaluatie.objects.get()
    assert response.status_code == 302
    assert response["Location"] == evaluatie.get_absolute_url()
    assert meldingen(response) == ["De evaluatie is vastgelegd."]
    assert (evaluatie.gemeente, evaluatie.jaar) == (v.gemeente, 2024)
    assert set(evaluatie.afspraken.all()) == {v.afspraak, v.tweede}
    inhoud = html(client.get(evaluatie.get_absolute_url()))
    assert "Evaluatie 2024" in inhoud and "Locatie Zuid eerder." in inhoud
    assert "1.1 110 geclusterde wooneenheden" in inhoud


@pytest.mark.parametrize(
    "wijziging, veld, melding",
    [
        ({"jaar": "2024"}, "jaar", "Voor 2024 is al een evaluatie vastgelegd; vul die aan."),
        ({"wat_gaat_goed": ""}, "wat_gaat_goed", "Beschrijf wat er goed gaat."),
        ({"jaar": ""}, "jaar", "Vul het jaar van de evaluatie in."),
        (
            {"afspraken": ["AFSPRAAK_B"]},
            "afspraken",
            "Kies bij Afspraken alleen afspraken van deze gemeente.",
        ),
    ],
    ids=["jaar-dubbel", "wat-gaat-goed", "geen-jaar", "afspraak-van-b"],
)
def test_an_invalid_evaluatie_is_refused(v, login, wijziging, veld, melding):
    EvaluatieFactory(gemeente=v.gemeente, jaar=2024)
    EvaluatieFactory(gemeente=v.wereld.andere_gemeente, jaar=2023)  # another gemeente's year
    if wijziging.get("afspraken") == ["AFSPRAAK_B"]:
        wijziging = {"afspraken": [str(v.afspraak_b.pk)]}
    data = evaluatie_data(v, **{"jaar": "2023", **wijziging})
    response = login(v.wereld.beleidsadviseur).post(url("evaluatie_create", v.gemeente), data)
    assert response.status_code == 200
    assert veldfouten(response, veld) == [melding]
    assert melding in html(response)
    assert Evaluatie.objects.filter(gemeente=v.gemeente).count() == 1


def test_another_gemeentes_year_is_free(v, login):
    EvaluatieFactory(gemeente=v.wereld.andere_gemeente, jaar=2024)
    response = login(v.wereld.beleidsadviseur).post(
        url("evaluatie_create", v.gemeente), evaluatie_data(v)
    )
    assert response.status_code == 302


def test_an_evaluatie_is_changed_keeping_its_year_but_not_taking_anothers(v, login):
    evaluatie = EvaluatieFactory(gemeente=v.gemeente, jaar=2024)
    EvaluatieFactory(gemeente=v.gemeente, jaar=2023)
    client = login(v.wereld.programmaleider)
    adres = url("evaluatie_update", v.gemeente, pk=evaluatie.pk)

    response = client.post(adres, evaluatie_data(v, wat_gaat_goed="Beter dan gedacht."))
    assert response.status_code == 302
    assert meldingen(response) == ["De evaluatie is opgeslagen."]
    evaluatie.refresh_from_db()
    assert evaluatie.wat_gaat_goed == "Beter dan gedacht."

    response = client.post(adres, evaluatie_data(v, jaar="2023"))
    assert response.status_code == 200
    assert veldfouten(response, "jaar") == [
        "Voor 2023 is al een evaluatie vastgelegd; vul die aan."
    ]
    evaluatie.refresh_from_db()
    assert evaluatie.jaar == 2024


def test_deleting_an_evaluatie_asks_first(v, login):
    evaluatie = EvaluatieFactory(gemeente=v.gemeente, jaar=2024)
    client = login(v.wereld.beleidsadviseur)
    adres = url("evaluatie_delete", v.gemeente, pk=evaluatie.pk)

    vraag = client.get(adres)
    assert vraag.status_code == 200
    assert "Weet u zeker dat u de evaluatie van 2024 wilt verwijderen?" in html(vraag)
    assert Evaluatie.objects.filter(pk=evaluatie.pk).exists()

    response = client.post(adres)
    assert response.status_code == 302
    assert response["Location"] == url("evaluaties", v.gemeente)
    assert not Evaluatie.objects.exists()
    assert meldingen(response) == ["Evaluatie 2024 is verwijderd."]


def test_the_evaluaties_are_listed_newest_first_for_every_partner(v, login):
    EvaluatieFactory(gemeente=v.gemeente, jaar=2023, wat_gaat_goed="Drieëntwintig.")
    EvaluatieFactory(gemeente=v.gemeente, jaar=2024, wat_gaat_goed="Vierentwintig.")
    EvaluatieFactory(gemeente=v.wereld.andere_gemeente, jaar=2022, wat_gaat_goed="Van B.")
    response = login(v.wereld.partner).get(url("evaluaties", v.gemeente))
    assert [e.jaar for e in response.context["evaluaties"]] == [2024, 2023]
    inhoud = html(response)
    assert inhoud.index("Vierentwintig.") < inhoud.index("Drieëntwintig.")
    assert "Van B." not in inhoud
    assert "Evaluatie vastleggen" not in inhoud
    # the beheerder sees every gemeente, but on A's page only A's
    response = login(v.wereld.beheerder).get(url("evaluaties", v.gemeente))
    assert [e.jaar for e in response.context["evaluaties"]] == [2024, 2023]


def test_an_evaluatie_names_an_afspraak_the_partner_may_not_open_without_a_link(v, login):
    convenant = OvereenkomstFactory(gemeente=v.gemeente)
    welzijn_afspraak = AfspraakFactory(overeenkomst=convenant, nummer="2.1", titel="Ontmoeting")
    evaluatie = EvaluatieFactory(gemeente=v.gemeente, jaar=2024)
    evaluatie.afspraken.add(v.afspraak, welzijn_afspraak)
    inhoud = html(login(v.wereld.partner).get(evaluatie.get_absolute_url()))
    assert (
        f'<a href="{v.afspraak.get_absolute_url()}">1.1 110 geclusterde wooneenheden</a>' in inhoud
    )
    assert "<li>2.1 Ontmoeting</li>" in inhoud
    assert welzijn_afspraak.get_absolute_url() not in inhoud


# --- Jaarschijfrapporten --------------------------------------------------------------------------


@pytest.fixture
def nep_pdf(monkeypatch):
    monkeypatch.setattr(rapport_module, "render_pdf", lambda *args, **kwargs: PDF)


def test_a_report_made_in_process_says_it_is_klaar(v, login, nep_pdf, monkeypatch):
    # make run: no worker, and no test transaction holding the task back until after the answer.
    monkeypatch.setattr(services.transaction, "on_commit", lambda callback: callback())
    response = login(v.wereld.beleidsadviseur).post(
        url("rapport_aanvragen", v.gemeente), {"jaar": "2024"}
    )
    assert meldingen(response) == ["Het jaarschijfrapport 2024 is klaar."]


def test_a_report_that_fails_in_process_gets_no_success_message(v, login, monkeypatch):
    def onbereikbaar(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(services.transaction, "on_commit", lambda callback: callback())
    monkeypatch.setattr(tasks.maak_jaarschijfrapport, "delay", onbereikbaar)
    response = login(v.wereld.beleidsadviseur).post(
        url("rapport_aanvragen", v.gemeente), {"jaar": "2024"}
    )
    assert Jaarschijfrapport.objects.get().status == Jaarschijfrapport.Status.MISLUKT
    assert meldingen(response) == []  # the page shows the reason with the report


def test_requesting_a_report_makes_it_klaar(v, login, nep_pdf, django_capture_on_commit_callbacks):
    client = login(v.wereld.beleidsadviseur)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("rapport_aanvragen", v.gemeente), {"jaar": "2024"})

    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"] == url("rapporten", v.gemeente)
    assert meldingen(response) == [
        "Het jaarschijfrapport 2024 wordt gemaakt; deze pagina toont wanneer het klaar is."
    ]
    rapport = Jaarschijfrapport.objects.get()
    assert (rapport.gemeente, rapport.jaar, rapport.aangevraagd_door) == (
        v.gemeente,
        2024,
        v.wereld.beleidsadviseur,
    )
    assert rapport.status == Jaarschijfrapport.Status.KLAAR
    assert rapport.bestand.read() == PDF
    inhoud = html(client.get(url("rapporten", v.gemeente)))
    assert url("rapport_download", v.gemeente, pk=rapport.pk) in inhoud
    assert "hx-trigger" not in inhoud


def test_a_double_click_makes_one_report_and_a_later_request_keeps_the_earlier(v, login):
    client = login(v.wereld.beleidsadviseur)
    client.post(url("rapport_aanvragen", v.gemeente), {"jaar": "2024"})
    client.post(url("rapport_aanvragen", v.gemeente), {"jaar": "2024"})  # still in the queue
    rapporten = Jaarschijfrapport.objects.filter(gemeente=v.gemeente, jaar=2024)
    assert rapporten.count() == 1

    rapporten.update(status=Jaarschijfrapport.Status.KLAAR)
    client.post(url("rapport_aanvragen", v.gemeente), {"jaar": "2024"})
    assert rapporten.count() == 2


def test_a_report_stuck_for_an_hour_stops_polling_and_may_be_requested_again(v, login):
    client = login(v.wereld.beleidsadviseur)
    client.post(url("rapport_aanvragen", v.gemeente), {"jaar": "2024"})
    vast = Jaarschijfrapport.objects.get()
    Jaarschijfrapport.objects.filter(pk=vast.pk).update(
        aangemaakt=timezone.now() - datetime.timedelta(hours=2)
    )

    inhoud = html(client.get(url("rapport_status", v.gemeente, pk=vast.pk)))
    assert "hx-trigger" not in inhoud
    assert "wordt niet meer gemaakt" in inhoud

    client.post(url("rapport_aanvragen", v.gemeente), {"jaar": "2024"})
    assert Jaarschijfrapport.objects.count() == 2


def test_an_invalid_year_is_refused_on_the_rapporten_page(v, login):
    response = login(v.wereld.beleidsadviseur).post(
        url("rapport_aanvragen", v.gemeente), {"jaar": "1999"}
    )
    assert response.status_code == 200
    assert "Vul bij Jaar een jaartal tussen 2000 en 2100 in." in html(response)
    assert "Jaarschijfrapporten" in html(response)
    assert not Jaarschijfrapport.objects.exists()


def test_a_broker_that_is_down_marks_the_report_mislukt_with_the_reason(
    v, login, monkeypatch, django_capture_on_commit_callbacks
):
    def onbereikbaar(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.maak_jaarschijfrapport, "delay", onbereikbaar)
    client = login(v.wereld.beleidsadviseur)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("rapport_aanvragen", v.gemeente), {"jaar": "2024"})

    assert response.status_code == 302
    rapport = Jaarschijfrapport.objects.get()
    assert rapport.status == Jaarschijfrapport.Status.MISLUKT
    assert rapport.fout.startswith("De achtergrondverwerking is niet bereikbaar.")
    assert "6379" not in rapport.fout  # the broker's address is for the log, not the page
    assert "Probeer het later opnieuw of neem contact op met de beheerder." in rapport.fout
    pagina = client.get(url("rapporten", v.gemeente))
    inhoud = html(pagina)
    assert "Het rapport kon niet worden gemaakt: De achtergrondverwerking is niet bereikbaar" in (
        inhoud
    )
    assert "mislukt" in inhoud
    assert "hx-trigger" not in inhoud  # no polling of a report that will not come


@pytest.mark.parametrize("status", ["wachtrij", "bezig"])
def test_the_status_fragment_polls_while_the_report_is_made(v, login, status):
    rapport = JaarschijfrapportFactory(gemeente=v.gemeente, jaar=2024, status=status)
    adres = url("rapport_status", v.gemeente, pk=rapport.pk)
    response = login(v.wereld.lezer).get(adres)
    inhoud = html(response)
    assert response.status_code == 200
    assert inhoud.lstrip().startswith('<li class="list-group-item rapport"')  # a fragment
    assert f'hx-get="{adres}"' in inhoud
    assert 'hx-trigger="every 2s"' in inhoud
    assert "downloaden" not in inhoud
    assert url("rapport_download", v.gemeente, pk=rapport.pk) not in inhoud


def test_once_klaar_the_fragment_offers_the_download(v, login):
    rapport = JaarschijfrapportFactory(
        gemeente=v.gemeente, jaar=2024, status="klaar", klaar_op=timezone.now()
    )
    rapport.bestand.save("r.pdf", ContentFile(PDF))
    inhoud = html(login(v.wereld.lezer).get(url("rapport_status", v.gemeente, pk=rapport.pk)))
    assert "hx-trigger" not in inhoud
    download = url("rapport_download", v.gemeente, pk=rapport.pk)
    assert f'href="{download}">Jaarschijfrapport 2024 downloaden (PDF)</a>' in inhoud


def test_the_download_is_a_pdf_named_after_gemeente_and_year(v, login):
    rapport = JaarschijfrapportFactory(gemeente=v.gemeente, jaar=2024, status="klaar")
    rapport.bestand.save("r.pdf", ContentFile(PDF))
    response = login(v.wereld.beleidsadviseur).get(
        url("rapport_download", v.gemeente, pk=rapport.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="jaarschijfrapport-GM0001-2024.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("status", ["wachtrij", "bezig", "mislukt"])
def test_a_report_that_is_not_klaar_cannot_be_downloaded(v, login, status):
    rapport = JaarschijfrapportFactory(gemeente=v.gemeente, jaar=2024, status=status)
    response = login(v.wereld.lezer).get(url("rapport_download", v.gemeente, pk=rapport.pk))
    assert response.status_code == 404


def test_the_rapporten_page_groups_by_year_and_only_editors_request(v, login):
    for jaar in (2023, 2024, 2024):
        JaarschijfrapportFactory(gemeente=v.gemeente, jaar=jaar, status="mislukt", fout="Kapot")
    JaarschijfrapportFactory(gemeente=v.wereld.andere_gemeente, jaar=2022)
    response = login(v.wereld.lezer).get(url("rapporten", v.gemeente))
    assert [(jaar, len(r)) for jaar, r in response.context["per_jaar"]] == [(2024, 2), (2023, 1)]
    inhoud = html(response)
    assert 'id="jaar-2022"' not in inhoud
    assert url("rapport_aanvragen", v.gemeente) not in inhoud
    inhoud = html(login(v.wereld.beleidsadviseur).get(url("rapporten", v.gemeente)))
    assert f'action="{url("rapport_aanvragen", v.gemeente)}"' in inhoud


# --- The afspraak's own page ----------------------------------------------------------------------


def test_an_afspraaks_page_shows_its_indicators_with_their_stoplicht(v, login):
    Indicator.objects.filter(pk=v.indicator.pk).update(nulmeting=0, nulmeting_jaar=VORIG - 4)
    StreefwaardeFactory(indicator=v.indicator, jaar=VORIG, waarde=D(100))
    MetingFactory(indicator=v.indicator, jaar=VORIG, waarde=D(100))
    adres = v.afspraak.get_absolute_url()

    inhoud = html(login(v.wereld.partner).get(adres))
    assert 'id="borging"' in inhoud
    assert f'<a href="{v.indicator.get_absolute_url()}">Geclusterde woningen opgeleverd</a>' in (
        inhoud
    )
    assert "stoplicht-groen" in inhoud and "op koers" in inhoud
    toevoegen = url("indicator_create", v.gemeente) + f"?afspraak={v.afspraak.pk}"
    assert toevoegen not in inhoud

    inhoud = html(login(v.wereld.beleidsadviseur).get(adres))
    assert f'href="{toevoegen}"' in inhoud

    inhoud = html(login(v.wereld.lezer).get(v.tweede.get_absolute_url()))
    assert "Er is nog geen indicator die deze afspraak monitort." in inhoud


def test_an_activiteits_page_shows_its_indicators_and_offers_one_under_it(v, login):
    eigen = IndicatorFactory(
        gemeente=v.gemeente,
        naam="Woningen op locatie Noord",
        activiteit=v.activiteit,
        eigenaar=v.wereld.corporatie,
    )
    adres = v.activiteit.get_absolute_url()
    toevoegen = url("indicator_create", v.gemeente) + f"?activiteit={v.activiteit.pk}"

    inhoud = html(login(v.wereld.partner).get(adres))
    assert 'id="borging"' in inhoud
    assert f'<a href="{eigen.get_absolute_url()}">Woningen op locatie Noord</a>' in inhoud
    assert "Geclusterde woningen opgeleverd" not in inhoud  # the afspraak's, not this activiteit's
    assert toevoegen not in inhoud

    inhoud = html(login(v.wereld.beleidsadviseur).get(adres))
    assert f'href="{toevoegen}"' in inhoud


def test_an_indicator_started_under_an_activiteit_is_measured_by_its_trekker(v, login):
    v.afspraak.trekker = v.welzijn  # the afspraak's trekker is another organisatie
    v.afspraak.save()
    response = login(v.wereld.beleidsadviseur).get(
        url("indicator_create", v.gemeente) + f"?activiteit={v.activiteit.pk}"
    )
    assert response.context["form"].initial == {
        "activiteit": v.activiteit.pk,
        "eenheid": "wooneenheden",  # the afspraak's unit
        "eigenaar": v.wereld.corporatie.pk,
    }


def test_the_monitoring_page_offers_a_meting_where_the_user_may_enter_one(v, lichten, login):
    meten = url("meting", v.gemeente, pk=lichten.rood.pk)  # the corporatie's indicator
    van_welzijn = url("meting", v.gemeente, pk=lichten.groen.pk)

    inhoud = html(login(v.wereld.partner).get(url("index", v.gemeente)))
    assert f'href="{meten}"' in inhoud
    assert f'href="{van_welzijn}"' not in inhoud

    inhoud = html(login(v.wereld.lezer).get(url("index", v.gemeente)))
    assert f'href="{meten}"' not in inhoud

    inhoud = html(login(v.wereld.programmaleider).get(url("index", v.gemeente)))
    assert f'href="{meten}"' in inhoud and f'href="{van_welzijn}"' in inhoud
