"""The programmaleider builds the uitvoeringsprogramma of the handreiking's Gemeente A and sees
what a total hides: 110 of 110 geclusterde wooneenheden planned, yet nieuwbouw has 50 of 80 and
bestaande bouw 60 for 30. And on the programme he runs: the activiteiten list filters, and
deleting an activiteit asks first."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from prestatieafspraken import demo as afspraken_demo
from prestatieafspraken.models import Afspraak
from uitvoering import demo as uitvoering_demo
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang
from woonzorg.management.commands.load_demo import DEMO_PASSWORD
from woonzorg.models import Organisatie

from .helpers import PROGRAMMALEIDER, phase_link, row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GECLUSTERD = "1.1 Ontwikkeling van geclusterde woonvormen"

# The activiteiten of the worked example as uitvoering.demo has them: their texts, trekkers,
# aantallen, bouwsoorten and planning; the test types them into the form.
ACTIVITEITEN = {a["titel"]: a for a in uitvoering_demo.ACTIVITEITEN}
WIJKEN = {"WK900101": "Centrum", "WK900102": "Wijk Y", "WK900103": "Noord", "WK900104": "Zuid"}
BOUWSOORTEN = {"nieuwbouw": "nieuwbouw", "bestaande_bouw": "bestaande bouw"}
NOORD = "Cluster van 20 woningen in een bestaande flat in Noord"


def add_activiteit(tab, data: dict) -> None:
    """From the programma's page: one activiteit of the demo, through its form."""
    page = tab.page
    tab.click(page.get_by_role("link", name="Activiteit toevoegen", exact=True).first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activiteit toevoegen")
    afspraak = Afspraak.objects.get(nummer=data["afspraak"])
    page.get_by_label("Afspraak").select_option(label=f"{afspraak.nummer} {afspraak.titel}")
    page.get_by_label("Titel").fill(data["titel"])
    page.get_by_label("Omschrijving").fill(data["omschrijving"])
    page.get_by_label("Trekker").select_option(label=data["trekker"])
    betrokkenen = page.get_by_role("group", name="Betrokken partijen")
    for naam in data["betrokkenen"]:
        betrokkenen.get_by_label(naam, exact=True).check()
    if data.get("gebied"):
        page.get_by_label("Gebied").select_option(label=f"{WIJKEN[data['gebied']]} (wijk)")
    page.get_by_label("Locatie").fill(data["locatie"])
    page.get_by_label("Start").fill(data["start"].isoformat())
    page.get_by_label("Eind").fill(data["eind"].isoformat())
    # The status of the trekker's last report in the demo: what the programmaleider knows.
    page.get_by_label("Status").select_option(value=data["voortgang"][-1][2])
    page.get_by_label("Aantal").fill(str(data["aantal"]))
    if data.get("bouwsoort"):
        page.get_by_label("Bouwsoort").select_option(label=BOUWSOORTEN[data["bouwsoort"]])
    tab.submit("Opslaan")
    expect(page.get_by_role("heading", level=1)).to_have_text(data["titel"])
    expect(
        page.get_by_text(f"De activiteit “{data['titel']}” is toegevoegd. Leg de begroting vast.")
    ).to_be_visible()


def expect_dekking(region) -> None:
    """The dekking of afspraak 1.1 in `region`: the total covered, the split not, in words."""
    table = region.get_by_role("table", name=re.compile(r"^Dekking van afspraak 1\.1"))
    expect(row(table, "Totaal")).to_contain_text("110 van 110")
    expect(row(table, "Totaal")).to_contain_text("gedekt")
    expect(row(table, "Nieuwbouw")).to_contain_text(
        "50 van 80 te weinig gepland: er ontbreken er 30"
    )
    expect(row(table, "Bestaande bouw")).to_contain_text(
        "60 van 30 meer gepland dan afgesproken: 30 te veel"
    )
    warning = region.locator(".dekking-signalen")
    expect(warning).to_be_visible()
    expect(warning.locator("p")).to_have_text(
        "Het totaal is gedekt (110 van 110), maar de verdeling klopt niet:"
    )
    expect(warning.get_by_role("listitem")).to_have_text(
        [
            "Nieuwbouw: 50 van 80 gepland, er ontbreken er 30.",
            "Bestaande bouw: 60 van 30 gepland, 30 meer dan afgesproken.",
        ]
    )


def test_programmaleider_builds_the_uitvoeringsprogramma_and_sees_the_dekking(browser, demo_phases):
    demo_phases("analyses", "visies", "prestatieafspraken")
    tab = browser()
    page = tab.page
    tab.log_in(PROGRAMMALEIDER, DEMO_PASSWORD)

    # From the dashboard through the cycle to the uitvoering phase, still empty.
    tab.click(phase_link(page, "Uitvoering"))
    expect(
        page.get_by_text("Voor Gemeente A is nog geen uitvoeringsprogramma vastgelegd.")
    ).to_be_visible()

    # A programma for the period of the agreements, with himself as programmaleider.
    tab.click(page.get_by_role("link", name="Nieuw uitvoeringsprogramma"))
    page.get_by_label("Titel").fill(uitvoering_demo.TITEL)
    page.get_by_label("Van (jaar)").fill("2022")
    page.get_by_label("Tot en met (jaar)").fill("2025")
    page.get_by_label("Programmaleider").select_option(label=f"Martijn Bakker ({PROGRAMMALEIDER})")
    page.get_by_label("Status").select_option(label="vastgesteld")
    page.get_by_label("Toelichting").fill(uitvoering_demo.TOELICHTING)
    tab.submit("Opslaan")
    expect(page.get_by_role("heading", level=1)).to_have_text(uitvoering_demo.TITEL)
    expect(page.get_by_text("Het uitvoeringsprogramma is aangemaakt.")).to_be_visible()
    # Before any activiteit, the programma names the afspraken that wait for one.
    expect(page.get_by_role("article", name=re.compile(r"^1\.1 "))).to_contain_text(
        "nog geen activiteit"
    )

    # The activiteiten of the example: the welzijnsorganisatie's subsidy, X's 20 in bestaande
    # bouw, Y's two clusters of 20, the marktpartij's 50 in nieuwbouw.
    for data in uitvoering_demo.ACTIVITEITEN:
        add_activiteit(tab, data)
        if data["trekker"] == "Marktpartij Ontwikkeling":
            nieuwbouw_url = page.url
        tab.click(page.get_by_role("link", name="Terug naar het uitvoeringsprogramma"))
    programma_url = page.url

    # A begrotingspost for the marktpartij's nieuwbouw.
    tab.open(nieuwbouw_url)
    expect(page.get_by_text("Nog geen begroting voor deze activiteit.")).to_be_visible()
    tab.click(page.get_by_role("link", name="Begroting bewerken"))
    post = page.get_by_role("group", name="Nieuwe post").first
    post.get_by_label("Jaar").select_option(label="2024")
    post.get_by_label("Bedrag (€)").fill("2.500.000")
    post.get_by_label("Financier").select_option(label="Marktpartij Ontwikkeling")
    post.get_by_label("Zekerheid").select_option(label="toegezegd")
    post.get_by_label("Omschrijving").fill("Bouw, eerste fase")
    tab.submit("Begroting opslaan")
    expect(page.get_by_text("De begroting van de activiteit is opgeslagen.")).to_be_visible()
    begroting = page.get_by_role("table", name=re.compile(r"^Totaal € 2\.500\.000,00"))
    expect(row(begroting, "2024")).to_contain_text(
        re.compile(
            r"€\s2\.500\.000,00.*Marktpartij Ontwikkeling.*toegezegd.*Bouw, eerste fase", re.S
        )
    )
    expect(page.get_by_role("region", name="Wie, waar en wanneer")).to_contain_text(
        "1 september 2023 – 31 december 2025"
    )
    tab.screenshot("activiteit")

    # The programma page: the four activiteiten under afspraak 1.1, and its dekking.
    tab.open(programma_url)
    afspraak = page.get_by_role("article", name=GECLUSTERD)
    activiteiten = afspraak.get_by_role("table", name="Activiteiten voor afspraak 1.1")
    expect(activiteiten.get_by_role("row")).to_have_count(5)  # the header and four
    for titel, trekker in (
        ("20 geclusterde woningen met ontmoetingsruimte in Wijk Y", "Woningcorporatie X"),
        ("Cluster van 20 woningen op locatie x, geschikt voor VPT", "Woningcorporatie Y"),
        (NOORD, "Woningcorporatie Y"),
        ("50 nieuwe geclusterde woningen op locatie y", "Marktpartij Ontwikkeling"),
    ):
        expect(activiteiten.get_by_role("row").filter(has_text=titel)).to_contain_text(trekker)
    expect_dekking(afspraak)
    summary = page.get_by_role("region", name="Samenvatting")
    expect(summary).to_contain_text(re.compile(r"Afspraken met afwijkende dekking\s*1\b"))
    expect(summary).to_contain_text("€ 2.500.000")
    tab.screenshot("uitvoeringsprogramma")

    # The afspraak's own page shows the same dekking in its Uitvoering section.
    tab.click(afspraak.get_by_role("link", name=GECLUSTERD))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ontwikkeling van geclusterde woonvormen"
    )
    uitvoering = page.get_by_role("region", name="Uitvoering")
    expect_dekking(uitvoering)
    expect(
        uitvoering.get_by_role(
            "table", name="Activiteiten die deze afspraak uitvoeren"
        ).get_by_role("row")
    ).to_have_count(5)
    tab.screenshot("dekking")

    # What the browser built is the example's programma.
    programma = Uitvoeringsprogramma.objects.get()
    assert programma.titel == uitvoering_demo.TITEL
    assert programma.programmaleider.email == PROGRAMMALEIDER
    assert (programma.periode_start, programma.periode_eind) == (2022, 2025)
    assert programma.status == Uitvoeringsprogramma.Status.VASTGESTELD
    saved = {
        a.titel: a
        for a in Activiteit.objects.filter(programma=programma).select_related(
            "afspraak", "trekker", "gebied"
        )
    }
    assert set(saved) == set(ACTIVITEITEN)
    for titel, activiteit in saved.items():
        expected = ACTIVITEITEN[titel]
        assert activiteit.afspraak.nummer == expected["afspraak"]
        assert activiteit.trekker.naam == expected["trekker"]
        assert {o.naam for o in activiteit.betrokkenen.all()} == set(expected["betrokkenen"])
        assert (activiteit.gebied.cbs_code if activiteit.gebied else None) == expected.get("gebied")
        assert (activiteit.start, activiteit.eind) == (expected["start"], expected["eind"])
        assert activiteit.aantal == expected["aantal"]
        assert activiteit.bouwsoort == expected.get("bouwsoort", "")
    geclusterd = [a for a in saved.values() if a.afspraak.nummer == afspraken_demo.GECLUSTERD]
    assert sum(a.aantal for a in geclusterd) == 110
    post = Begrotingspost.objects.get()
    assert post.activiteit.trekker.naam == "Marktpartij Ontwikkeling"
    assert (post.jaar, post.bedrag, post.financier.naam, post.zekerheid) == (
        2024,
        Decimal("2500000.00"),
        "Marktpartij Ontwikkeling",
        Begrotingspost.Zekerheid.TOEGEZEGD,
    )


def test_activiteiten_filter_and_deleting_one_asks_first(browser, demo_phases):
    demo_phases("analyses", "visies", "prestatieafspraken", "uitvoering")
    tab = browser()
    page = tab.page
    tab.log_in(PROGRAMMALEIDER, DEMO_PASSWORD)
    tab.click(phase_link(page, "Uitvoering"))
    tab.click(page.get_by_role("link", name="Alle activiteiten"))
    table = page.get_by_role("table", name=re.compile(r"activiteit"))
    expect(table).to_have_accessible_name(re.compile(r"^5 activiteiten, de vroegste start eerst"))

    # By trekker: Woningcorporatie Y's two clusters; then only what is gereed: Noord.
    filters = page.get_by_role("form", name="Activiteiten filteren")
    filters.get_by_label("Trekker").select_option(label="Woningcorporatie Y")
    tab.submit("Filteren")  # axe checks the filtered page
    expect(table).to_have_accessible_name(re.compile(r"^2 activiteiten \(gefilterd\)"))
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody")).not_to_contain_text("Woningcorporatie X")
    expect(filters.get_by_label("Trekker")).to_have_value(
        str(Organisatie.objects.get(naam="Woningcorporatie Y").pk)
    )
    filters.get_by_label("Status").select_option(label="gereed")
    tab.submit("Filteren")
    expect(table).to_have_accessible_name(re.compile(r"^1 activiteit \(gefilterd\)"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr")).to_contain_text(NOORD)
    assert "trekker=" in tab.path and "status=gereed" in tab.path

    # Deleting asks first: the confirmation names what goes with it, "Nee" keeps it.
    tab.click(table.get_by_role("link", name=NOORD))
    tab.click(page.get_by_role("link", name="Verwijderen", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activiteit verwijderen")
    expect(
        page.get_by_text(f"Weet u zeker dat u de activiteit “{NOORD}” wilt verwijderen?")
    ).to_be_visible()
    expect(
        page.get_by_text(
            "Haar begroting (1 post) en haar voortgang (2 meldingen) worden ook verwijderd. "
            "Dit kan niet ongedaan worden gemaakt."
        )
    ).to_be_visible()
    assert Activiteit.objects.filter(titel=NOORD).exists()  # opening the page deleted nothing
    tab.click(page.get_by_role("link", name="Nee, terug"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NOORD)
    assert Activiteit.objects.filter(titel=NOORD).exists()

    tab.click(page.get_by_role("link", name="Verwijderen", exact=True))
    tab.submit("Ja, verwijderen")
    expect(page.get_by_role("heading", level=1)).to_have_text(uitvoering_demo.TITEL)
    expect(page.get_by_text(f"De activiteit “{NOORD}” is verwijderd.")).to_be_visible()
    assert not Activiteit.objects.filter(titel=NOORD).exists()
    assert not Voortgang.objects.filter(activiteit__titel=NOORD).exists()
    assert Activiteit.objects.count() == 4

    # Without it, the total is no longer covered either.
    afspraak = page.get_by_role("article", name=GECLUSTERD)
    expect(afspraak.locator(".dekking-signalen")).to_contain_text(
        "Totaal: 90 van 110 gepland, er ontbreken er 20."
    )
