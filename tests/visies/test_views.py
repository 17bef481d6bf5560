"""The visie pages through the client, as the beleidsadviseur of Gemeente A uses them.

Who may open which page is tested in test_permissions.py; here: what the pages show and do.
Gemeente A has an analyse with one bevinding, a wijk and a buurt; Gemeente B has its own
(a wijk and a bevinding) which no form of A may offer or accept.
"""

import datetime
import re
import types

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory, woonvorm
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.visies.factories import (
    AfwegingscriteriumFactory,
    AmbitieFactory,
    BeoordelingFactory,
    DoelstellingFactory,
    InitiatiefFactory,
    WoonzorgvisieFactory,
)
from tests.woonzorg.factories import GebiedFactory
from visies import services
from visies.models import (
    STANDAARD_THEMAS,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)
from woonzorg.models import Gebied

STANDAARD_NAMEN = [naam for naam, _omschrijving in STANDAARD_THEMAS]


def html(response):
    return response.content.decode()


def url(naam, gemeente, **kwargs):
    return reverse(f"visies:{naam}", kwargs={"gemeente": gemeente.cbs_code, **kwargs})


def aantallen():
    """How many rows each visie table holds, to show that a refused POST saved nothing."""
    return {
        model.__name__: model.objects.count()
        for model in (Woonzorgvisie, Thema, Ambitie, Doelstelling, Initiatief, Beoordeling)
    }


def formset(prefix, rijen, *, initial):
    """The POST of an inline formset: `initial` existing rows first, then new ones."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rijen)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, rij in enumerate(rijen):
        data.update({f"{prefix}-{index}-{naam}": waarde for naam, waarde in rij.items()})
    return data


def document(inhoud):
    """[(thema, [(ambitie, [doelstelling, …]), …]), …] in the order the document shows them."""
    themas = []
    for sectie in re.findall(r'<section id="thema-\d+".*?</section>', inhoud, re.S):
        naam = re.search(r'<h2 class="h3" id="thema-\d+-kop">([^<]*)</h2>', sectie).group(1)
        ambities = []
        for artikel in re.findall(r'<article id="ambitie-\d+".*?</article>', sectie, re.S):
            titel = re.search(r"<h3[^>]*>(?:<a [^>]*>)?([^<]+?)(?:</a>)?\s*<span", artikel)
            doelen = re.findall(r'<li>\s*<span class="fw-semibold">([^<]*)</span>', artikel)
            ambities.append((titel.group(1), doelen))
        themas.append((naam, ambities))
    return themas


# --- The world ------------------------------------------------------------------------------------


@pytest.fixture
def a(wereld):
    """Gemeente A's analyse, bevinding and gebieden, and Gemeente B's, for the forms."""
    analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente, titel="Woonzorganalyse 2024")
    bevinding = BevindingFactory(analyse=analyse, titel="23% van de 65-plussers wil verhuizen")
    centrum = GebiedFactory(gemeente=wereld.gemeente, naam="Centrum", cbs_code="WK990101")
    buurt = GebiedFactory(
        gemeente=wereld.gemeente,
        naam="Centrum-Noord",
        soort=Gebied.Soort.BUURT,
        cbs_code="BU99010101",
        parent=centrum,
    )
    analyse_b = WoonzorganalyseFactory(gemeente=wereld.andere_gemeente, titel="Analyse van B")
    return types.SimpleNamespace(
        analyse=analyse,
        bevinding=bevinding,
        centrum=centrum,
        buurt=buurt,
        analyse_b=analyse_b,
        bevinding_b=BevindingFactory(analyse=analyse_b, titel="Bevinding van B"),
        wijk_b=GebiedFactory(gemeente=wereld.andere_gemeente, naam="Wijk van B"),
    )


@pytest.fixture
def client_ba(wereld, login):
    return login(wereld.beleidsadviseur)


@pytest.fixture
def visie(wereld, a):
    """A concept with the three standard themes, on Gemeente A's analyse."""
    visie = WoonzorgvisieFactory(
        gemeente=wereld.gemeente, titel="Woonzorgvisie Gemeente A 2025–2030", analyse=a.analyse
    )
    services.voeg_standaardthemas_toe(visie)
    return visie


def thema(visie, naam):
    return visie.themas.get(naam=naam)


@pytest.fixture
def drie_ambities(visie, a):
    """One ambitie per theme: concreet, a doelstelling without year, and none at all."""
    geclusterd = AmbitieFactory(
        visie=visie,
        thema=thema(visie, "Langer zelfstandig thuis"),
        titel="Meer geclusterde woonvormen voor senioren",
    )
    geclusterd.bevindingen.set([a.bevinding])
    DoelstellingFactory(ambitie=geclusterd, omschrijving="140 geclusterde woningen erbij")
    doorstroming = AmbitieFactory(
        visie=visie, thema=thema(visie, "Doorstromen"), titel="Doorstroming van senioren"
    )
    DoelstellingFactory(
        ambitie=doorstroming,
        omschrijving="Een verhuisadviseur aanstellen",
        aantal=1,
        eenheid="adviseur",
        streefjaar=None,
    )
    domotica = AmbitieFactory(
        visie=visie, thema=thema(visie, "Innovatie en vernieuwing"), titel="Domotica in huis"
    )
    return types.SimpleNamespace(
        geclusterd=geclusterd, doorstroming=doorstroming, domotica=domotica
    )


# --- Creating a visie -----------------------------------------------------------------------------


def test_creating_a_visie_makes_the_three_themes_and_opens_the_document(wereld, a, client_ba):
    response = client_ba.post(
        url("create", wereld.gemeente),
        {
            "titel": "Woonzorgvisie 2026–2030",
            "periode_start": "2026",
            "periode_eind": "2030",
            "analyse": a.analyse.pk,
            "partners": [wereld.corporatie.pk],
        },
    )

    visie = Woonzorgvisie.objects.get()
    assert response.status_code == 302
    assert response["Location"] == visie.get_absolute_url()
    assert (visie.gemeente, visie.status, visie.versie) == (
        wereld.gemeente,
        Woonzorgvisie.Status.CONCEPT,
        1,
    )
    assert visie.analyse == a.analyse
    assert list(visie.partners.all()) == [wereld.corporatie]
    assert list(visie.themas.values_list("naam", flat=True)) == STANDAARD_NAMEN
    # The document shows them, still empty.
    pagina = client_ba.get(response["Location"])
    assert [naam for naam, _ in document(html(pagina))] == STANDAARD_NAMEN
    assert "De woonzorgvisie is aangemaakt" in html(pagina)


def test_a_period_that_ends_before_it_starts_is_refused(wereld, client_ba):
    response = client_ba.post(
        url("create", wereld.gemeente),
        {"titel": "Achterstevoren", "periode_start": "2030", "periode_eind": "2025"},
    )

    assert response.status_code == 200
    assert "Het eindjaar ligt voor het beginjaar." in html(response)
    assert "periode_eind" in response.context["form"].errors
    assert aantallen()["Woonzorgvisie"] == 0
    assert aantallen()["Thema"] == 0


def test_an_analyse_of_another_gemeente_is_refused(wereld, a, client_ba):
    response = client_ba.post(
        url("create", wereld.gemeente),
        {
            "titel": "Met een vreemde analyse",
            "periode_start": "2025",
            "periode_eind": "2030",
            "analyse": a.analyse_b.pk,
        },
    )

    assert response.status_code == 200
    fouten = response.context["form"].errors["analyse"]
    assert fouten == ["Selecteer een geldige keuze. Deze keuze is niet beschikbaar."]
    assert fouten[0] in html(response)
    assert "Analyse van B" not in html(response)
    assert aantallen()["Woonzorgvisie"] == 0


# --- The document ---------------------------------------------------------------------------------


def test_the_document_shows_themes_ambities_and_doelstellingen_in_order(
    wereld, visie, drie_ambities, client_ba
):
    inhoud = html(client_ba.get(visie.get_absolute_url()))

    assert document(inhoud) == [
        (
            "Langer zelfstandig thuis",
            [("Meer geclusterde woonvormen voor senioren", ["140 geclusterde woningen erbij"])],
        ),
        ("Doorstromen", [("Doorstroming van senioren", ["Een verhuisadviseur aanstellen"])]),
        ("Innovatie en vernieuwing", [("Domotica in huis", [])]),
    ]


def test_the_document_links_the_onderbouwing_to_the_analyse(
    wereld, visie, a, drie_ambities, client_ba
):
    inhoud = html(client_ba.get(visie.get_absolute_url()))

    link = f'<a href="{a.bevinding.get_absolute_url()}">23% van de 65-plussers wil verhuizen</a>'
    assert link in inhoud
    assert a.bevinding.get_absolute_url().startswith(a.analyse.get_absolute_url())
    # The ambitie without bevinding says so.
    assert "nog niet onderbouwd met een bevinding uit de analyse" in inhoud


def test_the_document_names_exactly_the_ambities_that_are_not_concreet(
    wereld, visie, drie_ambities, client_ba
):
    inhoud = html(client_ba.get(visie.get_absolute_url()))

    lijst = re.search(r'<section id="nog-niet-concreet".*?</section>', inhoud, re.S).group(0)
    genoemd = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', lijst)
    assert sorted(genoemd) == sorted(
        [
            (drie_ambities.doorstroming.get_absolute_url(), "Doorstroming van senioren"),
            (drie_ambities.domotica.get_absolute_url(), "Domotica in huis"),
        ]
    )
    assert "2 ambities zijn nog niet concreet" in lijst
    assert "mist nog een streefjaar" in lijst


def test_when_every_ambitie_is_concreet_the_document_says_so(wereld, visie, client_ba):
    ambitie = AmbitieFactory(visie=visie, thema=thema(visie, "Doorstromen"))
    DoelstellingFactory(ambitie=ambitie)

    inhoud = html(client_ba.get(visie.get_absolute_url()))

    assert '<section id="nog-niet-concreet"' not in inhoud
    assert "Alle ambities zijn concreet gemaakt met een doelstelling." in inhoud


def test_the_print_view_has_the_content_and_no_edit_links(wereld, visie, drie_ambities, client_ba):
    response = client_ba.get(url("afdrukken", wereld.gemeente, pk=visie.pk))
    inhoud = html(response)

    assert response.status_code == 200
    assert "Meer geclusterde woonvormen voor senioren" in inhoud
    assert "140 geclusterde woningen erbij" in inhoud
    assert "Concept: nog niet vastgesteld." in inhoud
    for onderdeel in ("/bewerken/", "/verwijderen/", "/vaststellen/", "/themas/", "/nieuw/"):
        assert onderdeel not in inhoud, onderdeel
    assert "Ambitie toevoegen" not in inhoud
    # The ambities are text, not links to their pages.
    assert drie_ambities.geclusterd.get_absolute_url() not in inhoud
    # The document page itself does have them, for the same user.
    pagina = html(client_ba.get(visie.get_absolute_url()))
    assert url("update", wereld.gemeente, pk=visie.pk) in pagina
    assert drie_ambities.geclusterd.get_absolute_url() in pagina


# --- Vaststellen and new versions -----------------------------------------------------------------


def test_vaststellen_freezes_the_visie(wereld, visie, drie_ambities, client_ba):
    response = client_ba.post(
        url("vaststellen", wereld.gemeente, pk=visie.pk),
        {"vastgesteld_op": "2025-03-13", "besluit": "Raadsbesluit 2025-017"},
    )

    visie.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == visie.get_absolute_url()
    assert visie.status == Woonzorgvisie.Status.VASTGESTELD
    assert visie.vastgesteld_op == datetime.date(2025, 3, 13)
    assert visie.besluit == "Raadsbesluit 2025-017"

    pagina = html(client_ba.get(visie.get_absolute_url()))
    assert url("update", wereld.gemeente, pk=visie.pk) not in pagina
    assert url("vaststellen", wereld.gemeente, pk=visie.pk) not in pagina
    assert "Ambitie toevoegen" not in pagina
    assert url("nieuwe_versie", wereld.gemeente, pk=visie.pk) in pagina

    geweigerd = client_ba.get(url("update", wereld.gemeente, pk=visie.pk))
    assert geweigerd.status_code == 403
    assert "vastgesteld" in html(geweigerd)


def test_a_decision_in_the_future_is_refused(wereld, visie, client_ba):
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    response = client_ba.post(
        url("vaststellen", wereld.gemeente, pk=visie.pk),
        {"vastgesteld_op": morgen.isoformat(), "besluit": "Raadsbesluit 2099-001"},
    )

    assert response.status_code == 200
    assert "De datum van het besluit ligt in de toekomst." in html(response)
    visie.refresh_from_db()
    assert (visie.status, visie.vastgesteld_op, visie.besluit) == ("concept", None, "")


def test_a_new_version_is_a_concept_copy_and_asking_twice_gives_the_same(
    wereld, visie, a, drie_ambities, client_ba
):
    services.vaststellen(visie, vastgesteld_op=datetime.date(2025, 3, 13), besluit="Besluit 1")
    adres = url("nieuwe_versie", wereld.gemeente, pk=visie.pk)

    response = client_ba.post(adres)

    kopie = Woonzorgvisie.objects.get(vorige_versie=visie)
    assert response.status_code == 302
    assert response["Location"] == kopie.get_absolute_url()
    assert (kopie.versie, kopie.status) == (2, Woonzorgvisie.Status.CONCEPT)
    origineel = set(visie.ambities.values_list("pk", "titel"))
    gekopieerd = set(kopie.ambities.values_list("pk", "titel"))
    assert {t for _, t in gekopieerd} == {t for _, t in origineel}
    assert not {pk for pk, _ in gekopieerd} & {pk for pk, _ in origineel}
    assert list(kopie.ambities.get(titel=drie_ambities.geclusterd.titel).bevindingen.all()) == [
        a.bevinding
    ]
    # The copy opens as a concept with the edit buttons back.
    pagina = html(client_ba.get(response["Location"]))
    assert url("update", wereld.gemeente, pk=kopie.pk) in pagina

    voor = aantallen()
    nogmaals = client_ba.post(adres)
    assert nogmaals.status_code == 302
    assert nogmaals["Location"] == kopie.get_absolute_url()
    assert aantallen() == voor


# --- Themes ---------------------------------------------------------------------------------------


def themas_post(visie, **wijzigingen):
    """The formset as shown (the themes and one empty new form), with changes per theme name."""
    rijen = []
    for thema_ in visie.themas.all():
        rij = {"id": thema_.pk, "naam": thema_.naam, "volgorde": thema_.volgorde}
        rij.update(wijzigingen.get(thema_.naam, {}))
        rijen.append(rij)
    bestaand = len(rijen)
    rijen.append(wijzigingen.get("nieuw", {"naam": "", "volgorde": "0"}))
    return formset("themas", rijen, initial=bestaand)


def test_a_theme_is_renamed(wereld, visie, client_ba):
    response = client_ba.post(
        url("themas", wereld.gemeente, pk=visie.pk),
        themas_post(visie, Doorstromen={"naam": "Doorstromen en verhuizen"}),
    )

    assert response.status_code == 302
    assert response["Location"] == visie.get_absolute_url()
    assert list(visie.themas.values_list("naam", flat=True)) == [
        "Langer zelfstandig thuis",
        "Doorstromen en verhuizen",
        "Innovatie en vernieuwing",
    ]


def test_a_theme_with_ambities_is_not_deleted(wereld, visie, drie_ambities, client_ba):
    response = client_ba.post(
        url("themas", wereld.gemeente, pk=visie.pk),
        themas_post(visie, Doorstromen={"DELETE": "on"}),
    )

    assert response.status_code == 200
    assert "Het thema “Doorstromen” heeft nog ambities. Verplaats of verwijder die eerst." in html(
        response
    )
    assert list(visie.themas.values_list("naam", flat=True)) == STANDAARD_NAMEN


def test_a_theme_without_ambities_is_deleted(wereld, visie, client_ba):
    response = client_ba.post(
        url("themas", wereld.gemeente, pk=visie.pk),
        themas_post(visie, Doorstromen={"DELETE": "on"}),
    )

    assert response.status_code == 302
    assert "Doorstromen" not in visie.themas.values_list("naam", flat=True)


@pytest.mark.parametrize(
    "wijzigingen",
    [
        {"Innovatie en vernieuwing": {"naam": "Doorstromen"}},
        {"nieuw": {"naam": "Doorstromen", "volgorde": "4"}},
    ],
    ids=["hernoemd", "nieuw"],
)
def test_two_themes_with_one_name_are_refused(wereld, visie, client_ba, wijzigingen):
    response = client_ba.post(
        url("themas", wereld.gemeente, pk=visie.pk), themas_post(visie, **wijzigingen)
    )

    assert response.status_code == 200
    assert "Elk thema heeft een eigen naam; u heeft een naam dubbel ingevuld." in html(response)
    assert list(visie.themas.values_list("naam", flat=True)) == STANDAARD_NAMEN


# --- Ambities -------------------------------------------------------------------------------------


def gekozen(inhoud, naam):
    """The values of the checkboxes of field `naam` offered in the form."""
    return {
        int(waarde) for waarde in re.findall(rf'<input[^>]*name="{naam}"[^>]*value="(\d+)"', inhoud)
    }


def test_adding_an_ambitie_from_a_theme_preselects_it(wereld, visie, client_ba):
    doorstromen = thema(visie, "Doorstromen")
    adres = url("ambitie_create", wereld.gemeente, pk=visie.pk)

    inhoud = html(client_ba.get(f"{adres}?thema={doorstromen.pk}"))

    geselecteerd = re.findall(r'<option value="(\d+)" selected>', inhoud)
    assert geselecteerd == [str(doorstromen.pk)]
    assert re.findall(r'<option value="(\d+)" selected>', html(client_ba.get(adres))) == []


def test_the_ambitie_form_offers_only_this_gemeentes_gebieden_and_bevindingen(
    wereld, visie, a, client_ba
):
    inhoud = html(client_ba.get(url("ambitie_create", wereld.gemeente, pk=visie.pk)))

    assert gekozen(inhoud, "gebieden") == {a.centrum.pk}  # wijken and kernen, no buurten
    assert gekozen(inhoud, "bevindingen") == {a.bevinding.pk}
    assert "Wijk van B" not in inhoud
    assert "Bevinding van B" not in inhoud


@pytest.mark.parametrize("veld", ["bevindingen", "gebieden"])
def test_another_gemeentes_bevinding_or_gebied_is_refused(wereld, visie, a, client_ba, veld):
    vreemd = {"bevindingen": a.bevinding_b, "gebieden": a.wijk_b}[veld]
    response = client_ba.post(
        url("ambitie_create", wereld.gemeente, pk=visie.pk),
        {
            "thema": thema(visie, "Doorstromen").pk,
            "titel": "Een ambitie met vreemde onderbouwing",
            "volgorde": "0",
            veld: [vreemd.pk],
        },
    )

    assert response.status_code == 200
    fout = response.context["form"].errors[veld][0]
    assert fout.startswith("Selecteer een geldige keuze.")
    assert str(vreemd.pk) in fout
    assert aantallen()["Ambitie"] == 0


def test_an_ambitie_is_added_with_its_onderbouwing(wereld, visie, a, client_ba):
    response = client_ba.post(
        url("ambitie_create", wereld.gemeente, pk=visie.pk),
        {
            "thema": thema(visie, "Doorstromen").pk,
            "titel": "Senioren verhuizen naar een passende woning",
            "volgorde": "0",
            "bevindingen": [a.bevinding.pk],
            "gebieden": [a.centrum.pk],
        },
    )

    ambitie = Ambitie.objects.get()
    assert response.status_code == 302
    assert response["Location"] == ambitie.get_absolute_url()
    assert (ambitie.visie, ambitie.thema.naam) == (visie, "Doorstromen")
    assert list(ambitie.bevindingen.all()) == [a.bevinding]
    assert list(ambitie.gebieden.all()) == [a.centrum]


def test_the_ambitie_page_shows_its_bevindingen_and_doelstellingen(
    wereld, visie, a, drie_ambities, client_ba
):
    ambitie = drie_ambities.geclusterd
    inhoud = html(client_ba.get(ambitie.get_absolute_url()))

    assert "Meer geclusterde woonvormen voor senioren" in inhoud
    link = f'<a href="{a.bevinding.get_absolute_url()}">23% van de 65-plussers wil verhuizen</a>'
    assert link in inhoud
    doelstelling = ambitie.doelstellingen.get()
    assert f'id="doelstelling-{doelstelling.pk}"' in inhoud
    assert "140 geclusterde woningen erbij" in inhoud


def test_the_ambitie_page_and_the_document_list_the_afspraken_the_user_may_see(
    wereld, visie, drie_ambities, login
):
    geclusterd = drie_ambities.geclusterd
    eigen = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Prestatieafspraken A")
    PartijFactory(overeenkomst=eigen, organisatie=wereld.corporatie)
    AfspraakFactory(
        overeenkomst=eigen, nummer="1.1", titel="110 geclusterde wooneenheden", ambitie=geclusterd
    )
    vreemde = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Convenant zorg")
    AfspraakFactory(
        overeenkomst=vreemde,
        nummer="1.2",
        titel="Zorgwoningen zonder corporatie",
        ambitie=geclusterd,
    )

    def afspraken(inhoud, ambitie):
        """The afspraken listed for `ambitie`: on its page, or in its article of the document."""
        artikel = re.search(rf'<article id="ambitie-{ambitie.pk}".*?</article>', inhoud, re.S)
        deel = artikel.group(0) if artikel else inhoud[inhoud.index('id="afspraken"') :]
        return re.findall(
            r'<li><a href="/g/GM0001/prestatieafspraken/afspraak/\d+/">([^<]*)</a>', deel
        )

    for user, verwacht in (
        (
            wereld.beleidsadviseur,
            ["1.1 110 geclusterde wooneenheden", "1.2 Zorgwoningen zonder corporatie"],
        ),
        (wereld.partner, ["1.1 110 geclusterde wooneenheden"]),
    ):
        client = login(user)
        pagina = html(client.get(geclusterd.get_absolute_url()))
        document_ = html(client.get(visie.get_absolute_url()))
        assert "Prestatieafspraken die deze ambitie concreet maken" in pagina
        assert afspraken(pagina, geclusterd) == verwacht
        assert afspraken(document_, geclusterd) == verwacht

    # Without afspraken the section says so, on the page and in the document.
    client_ba = login(wereld.beleidsadviseur)
    leeg = html(client_ba.get(drie_ambities.domotica.get_absolute_url()))
    assert 'id="afspraken"' in leeg
    assert "Nog geen prestatieafspraken die deze ambitie concreet maken." in leeg
    artikel = re.search(
        rf'<article id="ambitie-{drie_ambities.domotica.pk}".*?</article>',
        html(client_ba.get(visie.get_absolute_url())),
        re.S,
    ).group(0)
    assert '<h4 class="h6 mt-3">Prestatieafspraken</h4>' in artikel
    assert "Nog geen prestatieafspraken die deze ambitie concreet maken." in artikel


# --- Doelstellingen -------------------------------------------------------------------------------


def test_a_doelstelling_needs_a_woonvorm_or_an_omschrijving(wereld, drie_ambities, client_ba):
    ambitie = drie_ambities.domotica
    response = client_ba.post(
        url("doelstelling_create", wereld.gemeente, pk=ambitie.pk),
        {"aantal": "50", "eenheid": "woningen", "locatie": "hele gemeente", "streefjaar": "2028"},
    )

    assert response.status_code == 200
    assert "Kies een woonvorm of beschrijf wat er moet komen." in html(response)
    assert not ambitie.doelstellingen.exists()


def test_a_doelstelling_with_a_woonvorm_is_saved(wereld, drie_ambities, client_ba):
    ambitie = drie_ambities.domotica
    response = client_ba.post(
        url("doelstelling_create", wereld.gemeente, pk=ambitie.pk),
        {"woonvorm": woonvorm().pk, "aantal": "50", "eenheid": "woningen", "streefjaar": "2028"},
    )

    doelstelling = ambitie.doelstellingen.get()
    assert response.status_code == 302
    assert response["Location"] == doelstelling.get_absolute_url()
    assert (doelstelling.woonvorm, doelstelling.aantal) == (woonvorm(), 50)


def checklist(fragment):
    """{label: present?} from the concreetheid fragment."""
    regels = re.findall(r"<li>(.*?)</li>", fragment, re.S)
    uitslag = {}
    for regel in regels:
        label = re.sub(r"<[^>]+>|✔|○|—|ontbreekt( nog)?", "", regel).strip()
        uitslag[label] = "✔" in regel
    return uitslag


def test_the_concreetheid_check_says_what_is_missing_and_saves_nothing(
    wereld, drie_ambities, client_ba
):
    ambitie = drie_ambities.domotica
    voor = aantallen()

    response = client_ba.post(
        url("concreetheid", wereld.gemeente, pk=ambitie.pk),
        {"omschrijving": "Slimme sensoren", "aantal": "200", "eenheid": "woningen"},
        HTTP_HX_REQUEST="true",
    )

    fragment = html(response)
    assert response.status_code == 200
    assert "<html" not in fragment  # a fragment for htmx, not a page
    assert "Is deze doelstelling concreet?" in fragment
    assert checklist(fragment) == {
        "Een aantal": True,
        "Een plaats (gebied of waar)": False,
        "Een streefjaar": False,
    }
    assert aantallen() == voor


def test_the_concreetheid_check_of_an_existing_doelstelling_changes_nothing(
    wereld, drie_ambities, client_ba
):
    ambitie = drie_ambities.geclusterd
    doelstelling = ambitie.doelstellingen.get()

    response = client_ba.post(
        url("concreetheid", wereld.gemeente, pk=ambitie.pk),
        {
            "doelstelling": doelstelling.pk,
            "omschrijving": doelstelling.omschrijving,
            "aantal": "140",
            "eenheid": "woningen",
            "locatie": "hele gemeente",
            "streefjaar": "",
        },
        HTTP_HX_REQUEST="true",
    )

    assert checklist(html(response)) == {
        "Een aantal": True,
        "Een plaats (gebied of waar)": True,
        "Een streefjaar": False,
    }
    doelstelling.refresh_from_db()
    assert doelstelling.streefjaar == 2030


# --- Afwegingskader -------------------------------------------------------------------------------


@pytest.fixture
def criteria(visie):
    return types.SimpleNamespace(
        nabij=AfwegingscriteriumFactory(visie=visie, naam="Nabij voorzieningen", weging=3),
        betaalbaar=AfwegingscriteriumFactory(visie=visie, naam="Betaalbaar", weging=1),
    )


def scoor(initiatief, criteria, nabij, betaalbaar):
    BeoordelingFactory(initiatief=initiatief, criterium=criteria.nabij, score=nabij)
    BeoordelingFactory(initiatief=initiatief, criterium=criteria.betaalbaar, score=betaalbaar)


def test_the_afwegingskader_ranks_the_initiatieven_by_score(wereld, visie, criteria, client_ba):
    # Alfa: 3×2 + 1×2 = 8 of 20 = 40%; Bravo: 3×5 + 1×5 = 20 of 20 = 100%;
    # Charlie: 3×4 = 12 of 20 so far, one criterion not scored: last, without a place.
    scoor(InitiatiefFactory(visie=visie, titel="Alfa hof"), criteria, 2, 2)
    scoor(InitiatiefFactory(visie=visie, titel="Bravo hof"), criteria, 5, 5)
    charlie = InitiatiefFactory(visie=visie, titel="Charlie hof")
    BeoordelingFactory(initiatief=charlie, criterium=criteria.nabij, score=4)

    inhoud = html(client_ba.get(url("afwegingskader", wereld.gemeente, pk=visie.pk)))

    tabel = re.search(r"<tbody>(.*?)</tbody>", inhoud.split('id="initiatieven-kop"')[1], re.S)
    rijen = re.findall(r"<tr>(.*?)</tr>", tabel.group(1), re.S)
    titels = [re.search(r'<th scope="row"><a [^>]*>([^<]+)</a>', rij).group(1) for rij in rijen]
    assert titels == ["Bravo hof", "Alfa hof", "Charlie hof"]
    scores = [re.search(r'<span class="fw-semibold">([^<]+)</span>', rij).group(1) for rij in rijen]
    assert scores == ["100,0%", "40,0%", "60,0%"]
    assert "(20/20)" in rijen[0] and "(8/20)" in rijen[1] and "(12/20)" in rijen[2]
    plaatsen = [re.search(r"<td>(.*?)</td>", rij, re.S).group(1) for rij in rijen]
    assert plaatsen[:2] == ["1", "2"]
    assert "nog geen plaats" in plaatsen[2]
    assert "1 criterium niet beoordeeld" in rijen[2]
    assert "samen 4" in inhoud  # the total weight


def test_a_score_without_motivering_is_refused(wereld, visie, criteria, client_ba):
    initiatief = InitiatiefFactory(visie=visie)
    response = client_ba.post(
        url("beoordelen", wereld.gemeente, pk=initiatief.pk),
        {f"score_{criteria.nabij.pk}": "4", f"motivering_{criteria.nabij.pk}": "  "},
    )

    assert response.status_code == 200
    assert "Licht de score op “Nabij voorzieningen” toe." in html(response)
    assert not Beoordeling.objects.exists()


def test_a_full_beoordeling_is_saved(wereld, visie, criteria, client_ba):
    initiatief = InitiatiefFactory(visie=visie)
    response = client_ba.post(
        url("beoordelen", wereld.gemeente, pk=initiatief.pk),
        {
            f"score_{criteria.nabij.pk}": "4",
            f"motivering_{criteria.nabij.pk}": "Naast het gezondheidscentrum.",
            f"score_{criteria.betaalbaar.pk}": "2",
            f"motivering_{criteria.betaalbaar.pk}": "Vooral vrije sector.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == initiatief.get_absolute_url()
    assert set(initiatief.beoordelingen.values_list("criterium__naam", "score", "motivering")) == {
        ("Nabij voorzieningen", 4, "Naast het gezondheidscentrum."),
        ("Betaalbaar", 2, "Vooral vrije sector."),
    }
    pagina = html(client_ba.get(initiatief.get_absolute_url()))
    assert "70,0%" in pagina  # 3×4 + 1×2 = 14 of 20
    assert "Naast het gezondheidscentrum." in pagina


# --- Deleting -------------------------------------------------------------------------------------


@pytest.fixture
def te_verwijderen(wereld, visie, drie_ambities):
    """Per delete page: (object, its model, where the delete sends the user)."""
    leeg = WoonzorgvisieFactory(gemeente=wereld.gemeente, titel="Leeg concept")
    ambitie = drie_ambities.domotica
    doelstelling = drie_ambities.doorstroming.doelstellingen.get()
    initiatief = InitiatiefFactory(visie=visie, titel="Knarrenhof")
    return {
        "delete": (leeg, url("index", wereld.gemeente)),
        "ambitie_delete": (ambitie, f"{visie.get_absolute_url()}#thema-{ambitie.thema_id}"),
        "doelstelling_delete": (
            doelstelling,
            f"{drie_ambities.doorstroming.get_absolute_url()}#doelstellingen",
        ),
        "initiatief_delete": (initiatief, url("afwegingskader", wereld.gemeente, pk=visie.pk)),
    }


@pytest.mark.parametrize(
    "naam", ["delete", "ambitie_delete", "doelstelling_delete", "initiatief_delete"]
)
def test_deleting_asks_first_and_needs_a_post(wereld, te_verwijderen, client_ba, naam):
    obj, terug = te_verwijderen[naam]
    adres = url(naam, wereld.gemeente, pk=obj.pk)
    voor = aantallen()

    bevestiging = client_ba.get(adres)

    assert bevestiging.status_code == 200
    assert "Weet u zeker dat u" in html(bevestiging)
    assert '<form method="post">' in html(bevestiging)
    assert aantallen() == voor
    assert type(obj).objects.filter(pk=obj.pk).exists()

    response = client_ba.post(adres)

    assert response.status_code == 302
    assert response["Location"] == terug
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_a_concept_with_ambities_can_be_deleted(wereld, visie, drie_ambities, client_ba):
    response = client_ba.post(url("delete", wereld.gemeente, pk=visie.pk))

    assert response.status_code == 302
    assert response["Location"] == url("index", wereld.gemeente)
    assert not Woonzorgvisie.objects.filter(pk=visie.pk).exists()
    assert not Ambitie.objects.exists()


def test_the_index_lists_the_visies_of_this_gemeente(wereld, visie, drie_ambities, client_ba):
    WoonzorgvisieFactory(gemeente=wereld.andere_gemeente, titel="Visie van B")
    InitiatiefFactory(visie=visie)

    inhoud = html(client_ba.get(url("index", wereld.gemeente)))

    assert "Woonzorgvisie Gemeente A 2025–2030" in inhoud
    assert "Visie van B" not in inhoud
    rij = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", inhoud, re.S).group(0)
    getallen = re.findall(r'<td class="text-end">(\d+)</td>', rij)
    assert getallen == ["3", "1"]  # ambities, initiatieven
    assert url("create", wereld.gemeente) in inhoud


def test_a_reader_gets_no_create_button_on_the_index(wereld, visie, login):
    inhoud = html(login(wereld.lezer).get(url("index", wereld.gemeente)))

    assert "Woonzorgvisie Gemeente A 2025–2030" in inhoud
    assert url("create", wereld.gemeente) not in inhoud


def test_initiatief_form_offers_only_partners_of_this_gemeente(wereld, visie, client_ba):
    inhoud = html(client_ba.get(url("initiatief_create", wereld.gemeente, pk=visie.pk)))

    assert wereld.corporatie.naam in inhoud
    assert wereld.andere_corporatie.naam not in inhoud
    assert Initiatief.objects.count() == 0
