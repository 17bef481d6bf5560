"""The programmaleider builds the uitvoeringsprogramma of the handreiking's Gemeente A and sees
what a total hides: 110 of 110 geclusterde wooneenheden planned, yet nieuwbouw has 50 of 80 and
bestaande bouw 60 for 30."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from prestatieafspraken import demo as afspraken_demo
from prestatieafspraken.models import Afspraak
from uitvoering import demo as uitvoering_demo
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma
from woonzorg.management.commands.load_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROGRAMMALEIDER = "programmaleider@gemeente-a.demo"
GECLUSTERD = "1.1 Ontwikkeling van geclusterde woonvormen"

# The activiteiten of the worked example, as uitvoering.demo has them (its texts, trekkers,
# aantallen, bouwsoorten and planning), with what the form asks for them.
ACTIVITEITEN = {a["titel"]: a for a in uitvoering_demo.ACTIVITEITEN}
GEBIEDEN = {"WK900101": "Centrum", "WK900102": "Wijk Y", "WK900103": "Noord", "WK900104": "Zuid"}
BOUWSOORTEN = {"nieuwbouw": "nieuwbouw", "bestaande_bouw": "bestaande bouw"}


def afspraak_titel(nummer: str) -> str:
    return f"{nummer} {Afspraak.objects.get(nummer=nummer).titel}"


def rij(tabel, kop: str):
    """The row of a table whose row header reads `kop`."""
    return tabel.get_by_role("row").filter(has=tabel.page.get_by_role("rowheader", name=kop, exact=True))


def activiteit_toevoegen(tab, gegevens: dict) -> None:
    """From the programma's page: the form of one activiteit, filled as the demo has it."""
    page = tab.page
    tab.klik(page.get_by_role("link", name="Activiteit toevoegen", exact=True).first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activiteit toevoegen")
    page.get_by_label("Afspraak").select_option(label=afspraak_titel(gegevens["afspraak"]))
    page.get_by_label("Titel").fill(gegevens["titel"])
    page.get_by_label("Omschrijving").fill(gegevens["omschrijving"])
    page.get_by_label("Trekker").select_option(label=gegevens["trekker"])
    betrokkenen = page.get_by_role("group", name="Betrokken partijen")
    for naam in gegevens["betrokkenen"]:
        betrokkenen.get_by_label(naam, exact=True).check()
    if gegevens.get("gebied"):
        page.get_by_label("Gebied").select_option(label=f"{GEBIEDEN[gegevens['gebied']]} (wijk)")
    page.get_by_label("Locatie").fill(gegevens["locatie"])
    page.get_by_label("Start").fill(gegevens["start"].isoformat())
    page.get_by_label("Eind").fill(gegevens["eind"].isoformat())
    page.get_by_label("Aantal").fill(str(gegevens["aantal"]))
    if gegevens.get("bouwsoort"):
        page.get_by_label("Bouwsoort").select_option(label=BOUWSOORTEN[gegevens["bouwsoort"]])
    tab.verstuur("Opslaan")
    expect(page.get_by_role("heading", level=1)).to_have_text(gegevens["titel"])
    expect(page.get_by_text("is toegevoegd. Leg de begroting vast.")).to_be_visible()


def test_programmaleider_bouwt_het_uitvoeringsprogramma_en_ziet_de_dekking(browser, demo_fasen):
    demo_fasen("analyses", "visies", "prestatieafspraken")
    tab = browser()
    page = tab.page
    tab.inloggen(PROGRAMMALEIDER, DEMO_PASSWORD)

    # From the dashboard through the cycle to the (still empty) uitvoering phase.
    cyclus = page.get_by_role("navigation", name="De woonzorgcyclus")
    tab.klik(cyclus.get_by_role("link", name=re.compile(r"^Uitvoering")))
    expect(
        page.get_by_text("Voor Gemeente A is nog geen uitvoeringsprogramma vastgelegd.")
    ).to_be_visible()

    # A new programma for the period of the agreements, with herself as programmaleider.
    tab.klik(page.get_by_role("link", name="Nieuw uitvoeringsprogramma"))
    page.get_by_label("Titel").fill(uitvoering_demo.TITEL)
    page.get_by_label("Van (jaar)").fill("2022")
    page.get_by_label("Tot en met (jaar)").fill("2025")
    page.get_by_label("Programmaleider").select_option(
        label="Martijn Bakker (programmaleider@gemeente-a.demo)"
    )
    page.get_by_label("Status").select_option(label="vastgesteld")
    page.get_by_label("Toelichting").fill(uitvoering_demo.TOELICHTING)
    tab.verstuur("Opslaan")
    expect(page.get_by_role("heading", level=1)).to_have_text(uitvoering_demo.TITEL)
    expect(page.get_by_text("Het uitvoeringsprogramma is aangemaakt.")).to_be_visible()
    programma_url = page.url

    # The activiteiten of the example, each carrying out its afspraak.
    for gegevens in uitvoering_demo.ACTIVITEITEN:
        activiteit_toevoegen(tab, gegevens)
        if gegevens["trekker"] == "Marktpartij Ontwikkeling":
            nieuwbouw_url = page.url
        tab.klik(page.get_by_role("link", name="Terug naar het uitvoeringsprogramma"))

    # A begrotingspost for the nieuwbouw of the marktpartij.
    tab.open(nieuwbouw_url)
    tab.klik(page.get_by_role("link", name="Begroting bewerken"))
    post = page.get_by_role("group", name="Nieuwe post").first
    post.get_by_label("Jaar").select_option(label="2024")
    post.get_by_label("Bedrag (€)").fill("2.500.000")
    post.get_by_label("Financier").select_option(label="Marktpartij Ontwikkeling")
    post.get_by_label("Zekerheid").select_option(label="toegezegd")
    post.get_by_label("Omschrijving").fill("Bouw, eerste fase")
    tab.verstuur("Begroting opslaan")
    expect(page.get_by_text("De begroting van de activiteit is opgeslagen.")).to_be_visible()
    begroting = page.get_by_role("table", name=re.compile(r"^Totaal € 2\.500\.000,00"))
    expect(begroting.get_by_role("row").filter(has_text="Bouw, eerste fase")).to_contain_text(
        re.compile(r"2024.*€\s2\.500\.000,00.*Marktpartij Ontwikkeling.*toegezegd", re.S)
    )
    tab.schermafdruk("activiteit")

    # The programma page: every activiteit under its afspraak, and the dekking of 1.1.
    tab.open(programma_url)
    afspraak = page.get_by_role("article", name=GECLUSTERD)
    activiteiten = afspraak.get_by_role("table", name="Activiteiten voor afspraak 1.1")
    expect(activiteiten.get_by_role("row")).to_have_count(5)  # the header and four
    expect(
        activiteiten.get_by_role("row", name=re.compile("50 nieuwe geclusterde"))
    ).to_contain_text("Marktpartij Ontwikkeling")
    dekking = afspraak.locator(".dekking-signalen")
    expect(dekking).to_contain_text(
        "Het totaal is gedekt (110 van 110), maar de verdeling klopt niet:"
    )
    tab.schermafdruk("uitvoeringsprogramma")

    # The afspraak's own page shows the same dekking in its Uitvoering section.
    tab.klik(afspraak.get_by_role("link", name=GECLUSTERD))
    uitvoering = page.get_by_role("region", name="Uitvoering")
    tabel = uitvoering.get_by_role("table", name=re.compile(r"^Dekking van afspraak 1\.1"))
    expect(rij(tabel, "Totaal")).to_contain_text("110 van 110")
    expect(rij(tabel, "Nieuwbouw")).to_contain_text("50 van 80")
    expect(rij(tabel, "Nieuwbouw")).to_contain_text("te weinig gepland: er ontbreken er 30")
    expect(rij(tabel, "Bestaande bouw")).to_contain_text("60 van 30")
    expect(rij(tabel, "Bestaande bouw")).to_contain_text("meer gepland dan afgesproken: 30 te veel")
    signalen = uitvoering.locator(".dekking-signalen")
    expect(signalen).to_contain_text(
        "Het totaal is gedekt (110 van 110), maar de verdeling klopt niet:"
    )
    expect(signalen).to_contain_text("50 van 80 gepland, er ontbreken er 30.")
    expect(signalen).to_contain_text("60 van 30 gepland, 30 meer dan afgesproken.")
    tab.schermafdruk("dekking")

    # What the browser built is the example's programma.
    programma = Uitvoeringsprogramma.objects.get(titel=uitvoering_demo.TITEL)
    assert programma.programmaleider.email == PROGRAMMALEIDER
    assert (programma.periode_start, programma.periode_eind) == (2022, 2025)
    opgeslagen = {
        a.titel: a
        for a in Activiteit.objects.filter(programma=programma).select_related(
            "afspraak", "trekker"
        )
    }
    assert set(opgeslagen) == set(ACTIVITEITEN)
    for titel, activiteit in opgeslagen.items():
        verwacht = ACTIVITEITEN[titel]
        assert activiteit.afspraak.nummer == verwacht["afspraak"]
        assert activiteit.trekker.naam == verwacht["trekker"]
        assert (activiteit.start, activiteit.eind) == (verwacht["start"], verwacht["eind"])
        assert activiteit.aantal == verwacht["aantal"]
        assert activiteit.bouwsoort == verwacht.get("bouwsoort", "")
    geclusterd = [a for a in opgeslagen.values() if a.afspraak.nummer == afspraken_demo.GECLUSTERD]
    assert sum(a.aantal for a in geclusterd) == 110
    post = Begrotingspost.objects.get()
    assert post.activiteit.trekker.naam == "Marktpartij Ontwikkeling"
    assert (post.jaar, post.bedrag, post.financier.naam) == (
        2024,
        Decimal("2500000.00"),
        "Marktpartij Ontwikkeling",
    )
