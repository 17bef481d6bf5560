"""The activiteit pages through the client: the form, the page of one activiteit, its begroting
(the formset of begrotingsposten) and the list of all activiteiten with its filters.

Who may open which page at all is the permission matrix (test_permissions.py); voortgang has
its own module (test_views_voortgang.py).
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.analyses.factories import woonvorm
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
    VoortgangFactory,
)
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory
from uitvoering.models import Activiteit, Begrotingspost, Voortgang
from woonzorg.models import Organisatie


def html(response):
    return response.content.decode()


def url(naam, gemeente, **kwargs):
    return reverse(f"uitvoering:{naam}", kwargs={"gemeente": gemeente.cbs_code, **kwargs})


@pytest.fixture
def w(wereld):
    """Gemeente A's programma 2022–2025 and two overeenkomsten with afspraken; the partner's
    corporatie is party to the first; a zorgaanbieder works in A too."""
    programma = UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente,
        titel="Uitvoering 2022–2025",
        periode_start=2022,
        periode_eind=2025,
    )
    pact = OvereenkomstFactory(
        gemeente=wereld.gemeente, titel="Pact wonen en zorg", periode_start=2022
    )
    PartijFactory(overeenkomst=pact, organisatie=wereld.corporatie)
    geclusterd = AfspraakFactory(
        overeenkomst=pact,
        nummer="1.1",
        titel="110 geclusterde wooneenheden",
        aantal=110,
        eenheid="wooneenheden",
    )
    tweede = AfspraakFactory(overeenkomst=pact, nummer="1.10", titel="Tiende afspraak")
    negende = AfspraakFactory(overeenkomst=pact, nummer="1.9", titel="Negende afspraak")
    convenant = OvereenkomstFactory(
        gemeente=wereld.gemeente, titel="Convenant welzijn", periode_start=2020
    )
    welzijn = AfspraakFactory(overeenkomst=convenant, nummer="2.1", titel="Ontmoetingsruimten")
    zorgaanbieder = OrganisatieFactory(
        naam="Zorgaanbieder Y", soort=Organisatie.Soort.ZORGAANBIEDER, werkgebied=[wereld.gemeente]
    )
    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=wereld.gemeente,
        programma=programma,
        pact=pact,
        geclusterd=geclusterd,
        tweede=tweede,
        negende=negende,
        convenant=convenant,
        welzijn=welzijn,
        zorgaanbieder=zorgaanbieder,
    )


def activiteit_data(w, **anders):
    return {
        "afspraak": str(w.geclusterd.pk),
        "titel": "20 geclusterde woningen Wijk Y",
        "omschrijving": "Met een ontmoetingsruimte.",
        "trekker": str(w.wereld.corporatie.pk),
        "betrokkenen": [str(w.zorgaanbieder.pk)],
        "locatie": "Complex De Linde",
        "start": "2022-01-01",
        "eind": "2022-12-31",
        "status": Activiteit.Status.GEPLAND,
        "aantal": "20",
        "bouwsoort": "bestaande_bouw",
        **anders,
    }


# --- The form -------------------------------------------------------------------------------------


def test_the_afspraken_are_grouped_per_overeenkomst_in_number_order(w, login):
    AfspraakFactory(
        overeenkomst=OvereenkomstFactory(gemeente=w.wereld.andere_gemeente), titel="Afspraak van B"
    )
    response = login(w.wereld.beleidsadviseur).get(
        url("activiteit_create", w.gemeente, pk=w.programma.pk)
    )

    assert response.status_code == 200
    veld = str(response.context["form"]["afspraak"])
    assert '<optgroup label="Pact wonen en zorg">' in veld
    assert '<optgroup label="Convenant welzijn">' in veld
    # The newest overeenkomst first; 1.9 before 1.10 within it.
    volgorde = ["1.1 110 geclusterde", "1.9 Negende", "1.10 Tiende", "2.1 Ontmoetingsruimten"]
    posities = [veld.index(label) for label in volgorde]
    assert posities == sorted(posities)
    assert "Afspraak van B" not in veld
    inhoud = html(response)
    assert 'type="date"' in inhoud
    assert "in de eenheid van de afspraak" in inhoud


def test_the_afspraak_in_the_address_is_preselected_with_its_unit(w, login):
    response = login(w.wereld.beleidsadviseur).get(
        url("activiteit_create", w.gemeente, pk=w.programma.pk) + f"?afspraak={w.geclusterd.pk}"
    )

    form = response.context["form"]
    assert form.initial["afspraak"] == w.geclusterd.pk
    assert f'<option value="{w.geclusterd.pk}" selected>' in str(form["afspraak"])
    assert "in de eenheid van de afspraak: wooneenheden" in form.fields["aantal"].help_text


def test_trekkers_and_gebieden_are_those_of_the_gemeente(w, login):
    GebiedFactory(gemeente=w.gemeente, naam="Wijk Y")
    GebiedFactory(gemeente=w.wereld.andere_gemeente, naam="Wijk van B")
    form = (
        login(w.wereld.beleidsadviseur)
        .get(url("activiteit_create", w.gemeente, pk=w.programma.pk))
        .context["form"]
    )

    assert "Woningcorporatie X" in str(form["trekker"])
    assert "Zorgaanbieder Y" in str(form["betrokkenen"])
    assert "Woningcorporatie Z" not in str(form["trekker"]) + str(form["betrokkenen"])
    assert "Wijk Y (wijk)" in str(form["gebied"])
    assert "Wijk van B" not in str(form["gebied"])


def test_the_beleidsadviseur_adds_an_activiteit(w, login):
    gebied = GebiedFactory(gemeente=w.gemeente, naam="Wijk Y")
    client = login(w.wereld.beleidsadviseur)

    response = client.post(
        url("activiteit_create", w.gemeente, pk=w.programma.pk),
        activiteit_data(w, gebied=str(gebied.pk), woonvorm=str(woonvorm().pk)),
    )

    activiteit = Activiteit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == activiteit.get_absolute_url()
    assert (activiteit.programma, activiteit.afspraak, activiteit.trekker) == (
        w.programma,
        w.geclusterd,
        w.wereld.corporatie,
    )
    assert list(activiteit.betrokkenen.all()) == [w.zorgaanbieder]
    assert (activiteit.aantal, activiteit.bouwsoort, activiteit.gebied) == (
        20,
        "bestaande_bouw",
        gebied,
    )
    assert activiteit.start == datetime.date(2022, 1, 1)
    assert "is toegevoegd" in html(client.get(response["Location"]))


@pytest.mark.parametrize(
    "veld, anders, melding",
    [
        (
            "eind",
            {"start": "2023-01-01", "eind": "2022-12-31"},
            "De einddatum ligt voor de startdatum.",
        ),
        ("aantal", {"aantal": ""}, "Geef het aantal woningen bij de bouwsoort."),
        ("aantal", {"aantal": "0"}, "Het aantal is 1 of meer"),
        ("afspraak", {"afspraak": ""}, "Kies de afspraak die deze activiteit uitvoert."),
        ("titel", {"titel": ""}, "Geef de activiteit een titel."),
        ("start", {"start": "morgen"}, "Vul bij Start een datum in"),
    ],
)
def test_the_form_says_in_dutch_what_is_wrong(w, login, veld, anders, melding):
    response = login(w.wereld.beleidsadviseur).post(
        url("activiteit_create", w.gemeente, pk=w.programma.pk), activiteit_data(w, **anders)
    )

    assert response.status_code == 200
    fouten = response.context["form"].errors
    assert any(melding in fout for fout in fouten.get(veld, [])), fouten
    assert melding in html(response)
    assert not Activiteit.objects.exists()


def test_an_afspraak_or_trekker_of_another_gemeente_is_refused(w, login):
    van_b = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=w.wereld.andere_gemeente))
    response = login(w.wereld.beleidsadviseur).post(
        url("activiteit_create", w.gemeente, pk=w.programma.pk),
        activiteit_data(
            w, afspraak=str(van_b.pk), trekker=str(w.wereld.andere_corporatie.pk), betrokkenen=[]
        ),
    )

    fouten = response.context["form"].errors
    assert fouten["afspraak"] == ["Kies bij Afspraak een afspraak van deze gemeente."]
    assert fouten["trekker"] == ["Kies bij Trekker een organisatie die in deze gemeente werkt."]
    assert not Activiteit.objects.exists()


def test_an_activiteit_is_changed(w, login):
    activiteit = ActiviteitFactory(programma=w.programma, afspraak=w.geclusterd, titel="Oud")
    client = login(w.wereld.programmaleider)
    form = client.get(url("activiteit_update", w.gemeente, pk=activiteit.pk)).context["form"]
    assert form.initial["titel"] == "Oud"
    assert 'value="2022-03-01"' in str(form["start"])

    response = client.post(
        url("activiteit_update", w.gemeente, pk=activiteit.pk),
        activiteit_data(w, titel="Nieuw", afspraak=str(w.welzijn.pk), aantal="", bouwsoort=""),
    )

    assert response.status_code == 302
    activiteit.refresh_from_db()
    assert (activiteit.titel, activiteit.afspraak, activiteit.aantal) == ("Nieuw", w.welzijn, None)


def test_deleting_an_activiteit_says_what_goes_with_it(w, login):
    activiteit = ActiviteitFactory(programma=w.programma, titel="Weg ermee")
    BegrotingspostFactory(activiteit=activiteit)
    BegrotingspostFactory(activiteit=activiteit, jaar=2024)
    VoortgangFactory(activiteit=activiteit)
    client = login(w.wereld.beleidsadviseur)
    adres = url("activiteit_delete", w.gemeente, pk=activiteit.pk)

    inhoud = html(client.get(adres))
    assert "Weet u zeker dat u de activiteit “Weg ermee” wilt verwijderen?" in inhoud
    assert "Haar begroting (2 posten) en haar voortgang (1 melding)" in inhoud

    response = client.post(adres)

    assert response.status_code == 302
    assert response["Location"] == w.programma.get_absolute_url()
    assert not Activiteit.objects.exists()
    assert not Begrotingspost.objects.exists() and not Voortgang.objects.exists()


# --- The page of one activiteit -------------------------------------------------------------------


@pytest.fixture
def volledig(w):
    """An activiteit with everything filled in, two posts and two reports."""
    activiteit = ActiviteitFactory(
        programma=w.programma,
        afspraak=w.geclusterd,
        titel="Cluster Wijk Y",
        omschrijving="Twintig woningen rond een ontmoetingsruimte.",
        trekker=w.wereld.corporatie,
        betrokkenen=[w.zorgaanbieder],
        gebied=GebiedFactory(gemeente=w.gemeente, naam="Wijk Y"),
        locatie="Complex De Linde",
        start=datetime.date(2022, 3, 1),
        eind=datetime.date(2023, 6, 30),
        status=Activiteit.Status.IN_UITVOERING,
        aantal=20,
        bouwsoort="bestaande_bouw",
        gerealiseerd_aantal=12,
    )
    BegrotingspostFactory(
        activiteit=activiteit,
        jaar=2022,
        bedrag=Decimal("1250000.00"),
        financier=w.wereld.corporatie,
        zekerheid=Begrotingspost.Zekerheid.TOEGEZEGD,
        omschrijving="Verbouwing",
    )
    BegrotingspostFactory(
        activiteit=activiteit, jaar=2023, bedrag=Decimal("12500.50"), financier=None
    )
    VoortgangFactory(
        activiteit=activiteit,
        datum=datetime.date(2022, 9, 1),
        status=Activiteit.Status.IN_UITVOERING,
        gerealiseerd_aantal=4,
        toelichting="Eerste woningen staan.",
        door=w.wereld.partner,
    )
    VoortgangFactory(
        activiteit=activiteit,
        datum=datetime.date(2023, 2, 1),
        status=Activiteit.Status.IN_UITVOERING,
        gerealiseerd_aantal=12,
        toelichting="Twaalf opgeleverd.",
        door=w.wereld.programmaleider,
    )
    return activiteit


def test_the_page_shows_everything_of_the_activiteit(w, volledig, login):
    response = login(w.wereld.lezer).get(volledig.get_absolute_url())

    assert response.status_code == 200
    inhoud = html(response)
    assert "Cluster Wijk Y" in inhoud and "Twintig woningen rond" in inhoud
    assert f'href="{w.geclusterd.get_absolute_url()}"' in inhoud
    assert "1.1 110 geclusterde wooneenheden" in inhoud
    assert f'href="{w.programma.get_absolute_url()}"' in inhoud
    for tekst in ("Woningcorporatie X", "Zorgaanbieder Y", "Wijk Y", "Complex De Linde"):
        assert tekst in inhoud, tekst
    assert "1 maart 2022" in inhoud and "30 juni 2023" in inhoud
    assert "20 wooneenheden · bestaande bouw" in inhoud
    assert "12 van 20" in inhoud
    assert "in uitvoering" in inhoud


def test_a_late_activiteit_is_flagged_and_a_finished_one_is_not(w, volledig, login):
    client = login(w.wereld.lezer)
    inhoud = html(client.get(volledig.get_absolute_url()))
    assert "te laat" in inhoud
    assert "De einddatum (30 juni 2023) is voorbij en de activiteit is nog niet gereed." in inhoud

    volledig.status = Activiteit.Status.GEREED
    volledig.save()
    assert "te laat" not in html(client.get(volledig.get_absolute_url()))

    volledig.status = Activiteit.Status.VERTRAAGD
    volledig.eind = datetime.date.today() + datetime.timedelta(days=365)
    volledig.save()
    inhoud = html(client.get(volledig.get_absolute_url()))
    assert "te laat" in inhoud and "De trekker meldt vertraging." in inhoud


def test_the_begroting_shows_its_posts_and_totals_in_euro(w, volledig, login):
    inhoud = html(login(w.wereld.lezer).get(volledig.get_absolute_url()))
    begroting = inhoud[inhoud.index('id="begroting"') : inhoud.index('id="voortgang"')]

    assert "€&nbsp;1.250.000,00" in begroting and "€&nbsp;12.500,50" in begroting
    assert "Verbouwing" in begroting and "nog onbekend" in begroting
    assert begroting.count("niet gedekt</span>") == 1  # the post without a financier
    assert (
        "Totaal € 1.262.500,50, waarvan gedekt € 1.250.000,00 en nog niet gedekt € 12.500,50"
        in (begroting)
    )
    assert "Totaal 2022" in begroting and "Totaal 2023" in begroting


def test_the_voortgang_history_is_newest_first_with_who_reported(w, volledig, login):
    inhoud = html(login(w.wereld.lezer).get(volledig.get_absolute_url()))
    voortgang = inhoud[inhoud.index('id="voortgang"') :]

    assert "2 meldingen, de nieuwste eerst" in voortgang
    assert voortgang.index("1 februari 2023") < voortgang.index("1 september 2022")
    assert voortgang.index("Twaalf opgeleverd.") < voortgang.index("Eerste woningen staan.")
    assert w.wereld.partner.get_full_name() in voortgang
    assert "(Woningcorporatie X)" in voortgang


@pytest.mark.parametrize(
    "wie, melden, bewerken",
    [
        ("beleidsadviseur", True, True),
        ("programmaleider", True, True),
        ("beheerder", True, True),
        ("lezer", False, False),
        ("partner", True, False),  # the trekker's partner reports, but does not edit
    ],
)
def test_the_buttons_follow_what_the_user_may_do(w, volledig, login, wie, melden, bewerken):
    inhoud = html(login(w.wereld.user(wie)).get(volledig.get_absolute_url()))

    assert (url("voortgang", w.gemeente, pk=volledig.pk) in inhoud) is melden
    assert (url("activiteit_update", w.gemeente, pk=volledig.pk) in inhoud) is bewerken
    assert (url("begrotingsposten", w.gemeente, pk=volledig.pk) in inhoud) is bewerken


def test_a_betrokkene_reads_but_is_not_offered_to_report(w, login):
    activiteit = ActiviteitFactory(
        programma=w.programma, trekker=w.zorgaanbieder, betrokkenen=[w.wereld.corporatie]
    )
    response = login(w.wereld.partner).get(activiteit.get_absolute_url())

    assert response.status_code == 200
    inhoud = html(response)
    assert url("voortgang", w.gemeente, pk=activiteit.pk) not in inhoud
    assert "Zorgaanbieder Y meldt als trekker de voortgang." in inhoud


def test_an_afspraak_the_partner_may_not_open_is_named_without_a_link(w, login):
    activiteit = ActiviteitFactory(
        programma=w.programma, afspraak=w.welzijn, trekker=w.wereld.corporatie
    )
    inhoud = html(login(w.wereld.partner).get(activiteit.get_absolute_url()))

    assert "2.1 Ontmoetingsruimten" in inhoud
    assert w.welzijn.get_absolute_url() not in inhoud  # not party to the convenant


# --- The begroting of one activiteit --------------------------------------------------------------


def posten_data(posten, nieuw=()):
    """Formset data: the existing posts as (post, velden) and new ones as velden."""
    data = {
        "begrotingsposten-TOTAL_FORMS": str(len(posten) + len(nieuw)),
        "begrotingsposten-INITIAL_FORMS": str(len(posten)),
        "begrotingsposten-MIN_NUM_FORMS": "0",
        "begrotingsposten-MAX_NUM_FORMS": "1000",
    }
    rijen = [(post.pk, velden) for post, velden in posten] + [(None, v) for v in nieuw]
    for index, (pk, velden) in enumerate(rijen):
        if pk:
            data[f"begrotingsposten-{index}-id"] = str(pk)
        for naam, waarde in velden.items():
            data[f"begrotingsposten-{index}-{naam}"] = waarde
    return data


# What a browser sends for an extra form nobody filled in.
ONGEWIJZIGD = {
    "jaar": "",
    "bedrag": "",
    "financier": "",
    "zekerheid": "verwacht",
    "omschrijving": "",
}


def een_post(**anders):
    return {"jaar": "2023", "bedrag": "12.500,50", "zekerheid": "toegezegd", **anders}


def test_the_formset_offers_the_years_of_the_programma(w, login):
    activiteit = ActiviteitFactory(programma=w.programma)
    BegrotingspostFactory(activiteit=activiteit, jaar=2023, bedrag=Decimal("12500.50"))
    response = login(w.wereld.beleidsadviseur).get(
        url("begrotingsposten", w.gemeente, pk=activiteit.pk)
    )

    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) == 1 + 2
    jaren = [waarde for waarde, _label in formset.forms[0].fields["jaar"].choices if waarde]
    assert jaren == [2022, 2023, 2024, 2025]
    assert 'value="12500,50"' in html(response)
    assert "(nog onbekend)" in str(formset.forms[0]["financier"])


def test_posts_are_added_changed_and_removed(w, login):
    activiteit = ActiviteitFactory(programma=w.programma)
    blijft = BegrotingspostFactory(activiteit=activiteit, jaar=2023)
    weg = BegrotingspostFactory(activiteit=activiteit, jaar=2024)
    client = login(w.wereld.beleidsadviseur)

    response = client.post(
        url("begrotingsposten", w.gemeente, pk=activiteit.pk),
        posten_data(
            [
                (blijft, een_post(bedrag="€ 1.250.000", financier=str(w.wereld.corporatie.pk))),
                (weg, een_post(DELETE="on")),
            ],
            nieuw=[een_post(jaar="2025", bedrag="800,25", zekerheid="verwacht"), ONGEWIJZIGD],
        ),
    )

    assert response.status_code == 302, response.context["formset"].errors
    assert response["Location"] == activiteit.get_absolute_url() + "#begroting"
    posten = list(activiteit.begrotingsposten.order_by("jaar"))
    assert [(p.jaar, p.bedrag, p.financier, p.zekerheid) for p in posten] == [
        (2023, Decimal("1250000.00"), w.wereld.corporatie, "toegezegd"),
        (2025, Decimal("800.25"), None, "verwacht"),
    ]
    assert "De begroting van de activiteit is opgeslagen." in html(client.get(response["Location"]))


@pytest.mark.parametrize(
    "velden, veld, melding",
    [
        (een_post(jaar="2030"), "jaar", "Kies bij Jaar een jaar van het programma (2022–2025)."),
        (een_post(bedrag="twaalf"), "bedrag", "Vul bij Bedrag een bedrag in euro in"),
        (een_post(bedrag="0"), "bedrag", "Een bedrag is groter dan € 0."),
        (een_post(bedrag="-5"), "bedrag", "Een bedrag is groter dan € 0."),
        (een_post(bedrag="12,345"), "bedrag", "ten hoogste twee cijfers na de komma"),
        (een_post(bedrag=""), "bedrag", "Vul het bedrag in euro in."),
        (een_post(bedrag="99999999999"), "bedrag", "onder de tien miljard euro"),
    ],
)
def test_the_formset_says_in_dutch_what_is_wrong(w, login, velden, veld, melding):
    activiteit = ActiviteitFactory(programma=w.programma)
    response = login(w.wereld.beleidsadviseur).post(
        url("begrotingsposten", w.gemeente, pk=activiteit.pk), posten_data([], nieuw=[velden])
    )

    assert response.status_code == 200
    fouten = response.context["formset"].forms[0].errors
    assert any(melding in fout for fout in fouten.get(veld, [])), fouten
    inhoud = html(response)
    assert melding in inhoud
    assert "Niet alle posten zijn in orde" in inhoud
    assert not Begrotingspost.objects.exists()


def test_a_financier_of_another_gemeente_is_refused(w, login):
    activiteit = ActiviteitFactory(programma=w.programma)
    response = login(w.wereld.beleidsadviseur).post(
        url("begrotingsposten", w.gemeente, pk=activiteit.pk),
        posten_data([], nieuw=[een_post(financier=str(w.wereld.andere_corporatie.pk))]),
    )

    assert response.context["formset"].forms[0].errors["financier"] == [
        "Kies bij Financier een organisatie die in deze gemeente werkt, of laat het leeg."
    ]
    assert not Begrotingspost.objects.exists()


# --- All activiteiten -----------------------------------------------------------------------------


@pytest.fixture
def lijst(w):
    """Four activiteiten in two programma's: late, finished, planned later, without planning."""
    later = UitvoeringsprogrammaFactory(
        gemeente=w.gemeente, titel="Uitvoering 2026–2029", periode_start=2026, periode_eind=2029
    )
    return types.SimpleNamespace(
        laat=ActiviteitFactory(
            programma=w.programma,
            afspraak=w.geclusterd,
            titel="Laat cluster",
            trekker=w.wereld.corporatie,
            start=datetime.date(2022, 3, 1),
            eind=datetime.date(2023, 6, 30),
            status=Activiteit.Status.IN_UITVOERING,
            aantal=20,
            bouwsoort="bestaande_bouw",
            gerealiseerd_aantal=7,
        ),
        gereed=ActiviteitFactory(
            programma=w.programma,
            afspraak=w.welzijn,
            titel="Gereed ontmoeten",
            trekker=w.zorgaanbieder,
            start=datetime.date(2022, 1, 1),
            eind=datetime.date(2022, 12, 31),
            status=Activiteit.Status.GEREED,
        ),
        later=ActiviteitFactory(
            programma=later,
            afspraak=w.geclusterd,
            titel="Later nieuwbouw",
            trekker=w.zorgaanbieder,
            betrokkenen=[w.wereld.corporatie],
            start=datetime.date(2026, 5, 1),
            eind=datetime.date(2027, 4, 30),
        ),
        ongepland=ActiviteitFactory(
            programma=later, afspraak=w.welzijn, titel="Ongepland idee", start=None, eind=None
        ),
        programma_later=later,
    )


def titels(response):
    return [a.titel for a in response.context["activiteiten"]]


def test_the_list_shows_every_activiteit_the_user_sees_in_planning_order(w, lijst, login):
    response = login(w.wereld.lezer).get(url("activiteiten", w.gemeente))

    assert response.status_code == 200
    assert titels(response) == [
        "Gereed ontmoeten",
        "Laat cluster",
        "Later nieuwbouw",
        "Ongepland idee",
    ]
    inhoud = html(response)
    assert "4 activiteiten" in inhoud
    rij = inhoud[inhoud.index(f'id="activiteit-{lijst.laat.pk}"') :]
    rij = rij[: rij.index("</tr>")]
    for tekst in (
        "Laat cluster",
        "1.1 110 geclusterde",
        "Woningcorporatie X",
        "1 mrt 2022",
        "30 jun 2023",
        "in uitvoering",
        "te laat",
        "bestaande bouw",
        ">7<",
    ):
        assert tekst in rij, tekst
    assert f'href="{lijst.laat.get_absolute_url()}"' in rij
    gereed = inhoud[inhoud.index(f'id="activiteit-{lijst.gereed.pk}"') :]
    assert "te laat" not in gereed[: gereed.index("</tr>")]
    assert "nog niet gepland" in inhoud


def test_a_partner_lists_what_it_draws_or_is_involved_in(w, lijst, login):
    response = login(w.wereld.partner).get(url("activiteiten", w.gemeente))

    assert titels(response) == ["Laat cluster", "Later nieuwbouw"]
    trekkers = [naam for _pk, naam in response.context["filter"].form.fields["trekker"].choices][1:]
    assert trekkers == ["Woningcorporatie X", "Zorgaanbieder Y"]


@pytest.mark.parametrize(
    "filter, verwacht",
    [
        ({"status": "gereed"}, ["Gereed ontmoeten"]),
        ({"te_laat": "1"}, ["Laat cluster"]),
        ({"jaar": "2023"}, ["Laat cluster"]),
        ({"jaar": "2022"}, ["Gereed ontmoeten", "Laat cluster"]),
        ({"jaar": "2027"}, ["Later nieuwbouw"]),
        ({"jaar": "2028"}, []),
    ],
)
def test_the_list_filters(w, lijst, login, filter, verwacht):
    response = login(w.wereld.beleidsadviseur).get(url("activiteiten", w.gemeente), filter)

    assert titels(response) == verwacht
    inhoud = html(response)
    assert "Alles tonen" in inhoud
    if not verwacht:
        assert "Geen activiteiten die aan deze filters voldoen." in inhoud


def test_the_list_filters_by_programma_afspraak_and_trekker(w, lijst, login):
    client = login(w.wereld.beleidsadviseur)
    adres = url("activiteiten", w.gemeente)

    assert titels(client.get(adres, {"programma": lijst.programma_later.pk})) == [
        "Later nieuwbouw",
        "Ongepland idee",
    ]
    assert titels(client.get(adres, {"afspraak": w.geclusterd.pk})) == [
        "Laat cluster",
        "Later nieuwbouw",
    ]
    assert titels(client.get(adres, {"trekker": w.zorgaanbieder.pk})) == [
        "Gereed ontmoeten",
        "Later nieuwbouw",
    ]
    form = client.get(adres).context["filter"].form
    afspraken = str(form["afspraak"])
    assert '<optgroup label="Pact wonen en zorg">' in afspraken
    assert "1.9 Negende" not in afspraken  # no activiteit carries it out
    jaren = [waarde for waarde, _label in form.fields["jaar"].choices if waarde]
    assert jaren == list(range(2022, 2030))


def test_an_activiteit_with_one_date_is_in_that_year(w, lijst, login):
    ActiviteitFactory(
        programma=w.programma, titel="Alleen eind", start=None, eind=datetime.date(2024, 5, 1)
    )
    ActiviteitFactory(
        programma=w.programma, titel="Alleen start", start=datetime.date(2024, 2, 1), eind=None
    )
    response = login(w.wereld.beleidsadviseur).get(url("activiteiten", w.gemeente), {"jaar": 2024})

    assert titels(response) == ["Alleen start", "Alleen eind"]


def test_an_unknown_filter_value_is_ignored_and_said(w, lijst, login):
    ander = UitvoeringsprogrammaFactory(gemeente=w.wereld.andere_gemeente)
    response = login(w.wereld.beleidsadviseur).get(
        url("activiteiten", w.gemeente), {"programma": ander.pk}
    )

    assert len(titels(response)) == 4
    assert "Een gekozen filter bestaat niet (meer); die keuze is genegeerd." in html(response)


def test_the_pages_keep_the_filters(w, login):
    for nummer in range(51):
        ActiviteitFactory(
            programma=w.programma,
            afspraak=w.geclusterd,
            titel=f"Woning {nummer:02d}",
            status=Activiteit.Status.VERTRAAGD,
        )
    ActiviteitFactory(
        programma=w.programma,
        afspraak=w.geclusterd,
        titel="Op schema",
        eind=datetime.date.today() + datetime.timedelta(days=30),
    )
    client = login(w.wereld.beleidsadviseur)

    response = client.get(url("activiteiten", w.gemeente), {"te_laat": "1"})

    assert len(titels(response)) == 50
    inhoud = html(response)
    assert "51 activiteiten" in inhoud
    assert "?te_laat=1&amp;page=2" in inhoud
    tweede = client.get(url("activiteiten", w.gemeente), {"te_laat": "1", "page": "2"})
    assert titels(tweede) == ["Woning 50"]


def test_the_empty_list_says_where_activiteiten_come_from(w, login):
    inhoud = html(login(w.wereld.partner).get(url("activiteiten", w.gemeente)))

    assert "Er zijn nog geen activiteiten die u kunt zien." in inhoud
    assert "Filteren" not in inhoud
    assert f'href="{url("index", w.gemeente)}"' in inhoud


def test_the_begroting_shows_what_was_spent_per_post(w, volledig, login):
    post = volledig.begrotingsposten.order_by("pk").first()
    post.besteed = Decimal("1000000.00")
    post.save()

    inhoud = html(login(w.wereld.lezer).get(volledig.get_absolute_url()))
    begroting = inhoud[inhoud.index('id="begroting"') : inhoud.index('id="voortgang"')]
    assert "Besteed" in begroting
    assert "€&nbsp;1.000.000,00" in begroting
    assert begroting.count('<td class="text-end text-nowrap">—</td>') == 1  # not known yet


@pytest.mark.parametrize(
    ("besteed", "opgeslagen", "fout"),
    [
        ("9.750,25", Decimal("9750.25"), None),
        ("", None, None),
        ("veel", None, "Vul bij Besteed een bedrag in euro in, bijvoorbeeld 12.500,00."),
        ("-5", None, "Vul bij Besteed een bedrag van € 0 of meer in."),
    ],
    ids=["dutch", "unknown", "text", "negative"],
)
def test_what_was_spent_is_recorded_per_post(w, login, besteed, opgeslagen, fout):
    activiteit = ActiviteitFactory(programma=w.programma)
    post = BegrotingspostFactory(activiteit=activiteit, jaar=2023)
    response = login(w.wereld.beleidsadviseur).post(
        url("begrotingsposten", w.gemeente, pk=activiteit.pk),
        posten_data([(post, een_post(besteed=besteed))]),
    )
    post.refresh_from_db()
    if fout:
        assert response.status_code == 200
        assert response.context["formset"].forms[0].errors == {"besteed": [fout]}
        assert post.besteed is None
    else:
        assert response.status_code == 302
        assert post.besteed == opgeslagen
