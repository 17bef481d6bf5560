"""The beleidsadviseur of Gemeente A walks the first three phases of the handreiking's worked
example "Gemeente A" in the browser: the analyse with the CBS figures and the finding that 23% of
the 65-plussers wants to move, the visie that answers it with more geclusterde woonvormen, and
the prestatieafspraken that make it concrete (110 wooneenheden by 2025), put out for signature.

Only the people and places of the demo exist at the start (`demo`); everything of the cycle is
made through the pages.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from analyses.models import Bevinding, Bevolkingscijfer, Woonzorganalyse
from prestatieafspraken.models import Afspraak, Overeenkomst
from visies import demo as visie_demo
from visies.models import Ambitie, Doelstelling, Woonzorgvisie
from woonzorg.management.commands.load_demo import DEMO_PASSWORD, GM_B

from .helpers import BELEIDSADVISEUR, PARTNER_X, PROGRAMMALEIDER, phase_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KWB = Path(__file__).parent / "bestanden" / "kwb_2024_gemeente_a.csv"

BEVINDING = (
    "23% van de 65-plussers wil verhuizen naar een geschikte woning waar ontmoeting mogelijk is"
)
AMBITIE = "Meer geclusterde woonvormen voor senioren"
OVEREENKOMST = "Prestatieafspraken wonen, welzijn en zorg Gemeente A 2022–2025"
AFSPRAAK = "Ontwikkeling van geclusterde woonvormen"


def field(page, label: str):
    """The field labelled `label`; a required field's label ends in crispy's asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def choose(page, label: str, option: str) -> None:
    field(page, label).select_option(label=option)


def test_beleidsadviseur_takes_the_analyse_to_prestatieafspraken_ter_ondertekening(
    browser, demo, mailoutbox
):
    tab = browser()
    page = tab.page
    tab.log_in(BELEIDSADVISEUR, DEMO_PASSWORD)

    # --- 1. The analyse: a new woonzorganalyse, then the CBS figures of the gemeente ---------
    tab.click(phase_link(page, "Analyse"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Woonzorganalyse")
    tab.click(page.get_by_role("link", name="Nieuwe woonzorganalyse"))
    page.get_by_label("Titel").fill("Woonzorganalyse Gemeente A 2024")
    page.get_by_label("Peiljaar").fill("2024")
    page.get_by_label("Samenvatting").fill(
        "Gemeente A vergrijst snel. Er zijn te weinig geschikte en geclusterde woningen voor "
        "ouderen, het meest in Wijk Y."
    )
    tab.submit("Opslaan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Woonzorganalyse Gemeente A 2024")
    expect(page.get_by_text("De woonzorganalyse is aangemaakt.")).to_be_visible()
    analyse_url = tab.path

    # No figures yet: the analyse points to the import.
    kerncijfers = page.get_by_role("region", name="Kerncijfers")
    expect(kerncijfers).to_contain_text("Er zijn nog geen bevolkingscijfers")
    tab.click(kerncijfers.get_by_role("link", name="Cijfers importeren"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cijfers importeren")
    page.get_by_label("Bestand").set_input_files(KWB)
    page.get_by_label("Jaar van de cijfers").fill("2024")
    page.get_by_label("Bron").fill("CBS Kerncijfers wijken en buurten 2024")
    tab.submit("Bestand controleren")

    # The preview: what would happen, nothing saved yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorbeeld van de import")
    expect(page.get_by_text("Er is nog niets opgeslagen.")).to_be_visible()
    summary = page.get_by_role("table", name="Wat de import doet")
    # Six wijken and buurten, each with six age bands and their households; the national,
    # gemeente and Gemeente B rows are skipped.
    for label, count in (
        ("Nieuwe cijfers", "42"),
        ("Overgeslagen", "4"),
        ("Nieuwe gebieden", "0"),
    ):
        expect(summary.get_by_role("row", name=label).get_by_role("cell")).to_have_text(count)
    assert not Bevolkingscijfer.objects.exists()
    tab.submit("Importeren")
    expect(
        page.get_by_text("42 cijfers ingelezen, 0 gewijzigd, 0 gebieden aangemaakt.")
    ).to_be_visible()

    # Back on the analyse the import started from: 65-plussers per wijk, the total, and the
    # buurten of a wijk on asking.
    assert tab.path == analyse_url
    table = page.get_by_role("table", name=re.compile("Inwoners van 65, 75 en 85 jaar"))
    expect(table.get_by_role("row", name=re.compile("^Wijk Y"))).to_contain_text("1.800")
    expect(table.get_by_role("row", name="Totaal Gemeente A")).to_contain_text("6.590")
    expect(table.get_by_role("row", name=re.compile("^Schildersbuurt"))).to_have_count(0)
    tab.click(table.get_by_role("link", name="buurten van Wijk Y tonen"))
    table = page.get_by_role("table", name=re.compile("Inwoners van 65, 75 en 85 jaar"))
    expect(table.get_by_role("row", name=re.compile("^Schildersbuurt"))).to_contain_text("1.020")
    expect(table.get_by_role("row", name="Totaal Gemeente A")).to_contain_text("6.590")
    assert Bevolkingscijfer.objects.filter(gebied__gemeente=demo.gemeente_a, jaar=2024).exists()
    assert not Bevolkingscijfer.objects.filter(gebied__gemeente=demo.gemeenten[GM_B]).exists()

    # --- 2. The finding of the woonwensenonderzoek ------------------------------------------
    tab.click(page.get_by_role("link", name="Bevinding toevoegen"))
    page.get_by_label("Titel").fill(BEVINDING)
    page.get_by_label("Toelichting").fill(
        "23% van de 65-plussers in gemeente A heeft aangegeven te willen verhuizen naar een "
        "geschikte woning waar ontmoeting mogelijk is en (op termijn) ook zorg kan worden "
        "geboden."
    )
    page.get_by_label("Waarde").fill("23")
    page.get_by_label("Eenheid").fill("%")
    page.get_by_label("Bron").fill("Woonwensenonderzoek gemeente A 2023")
    choose(page, "Doelgroep", "Ouderen")
    choose(page, "Woonvorm", "Geclusterde woonvorm")
    tab.submit("Opslaan")
    expect(page.get_by_text("De bevinding is toegevoegd.")).to_be_visible()
    bevinding_card = page.get_by_role("article", name=BEVINDING)
    expect(bevinding_card).to_contain_text("23%")
    expect(bevinding_card).to_contain_text("Bron: Woonwensenonderzoek gemeente A 2023")
    tab.screenshot("analyse")
    analyse = Woonzorganalyse.objects.get(gemeente=demo.gemeente_a)
    bevinding = Bevinding.objects.get(analyse=analyse)
    assert (bevinding.titel, bevinding.waarde, bevinding.eenheid) == (BEVINDING, 23, "%")

    # --- 3. The visie: the ambitie grounded in the finding, made concrete -------------------
    tab.click(phase_link(page, "Visie"))
    tab.click(page.get_by_role("link", name="Nieuwe woonzorgvisie"))
    page.get_by_label("Titel").fill("Woonzorgvisie Gemeente A 2025–2030")
    page.get_by_label("Van (jaar)").fill("2025")
    page.get_by_label("Tot en met (jaar)").fill("2030")
    choose(page, "Woonzorganalyse", "Woonzorganalyse Gemeente A 2024")
    for partner in ("Woningcorporatie X", "Huurdersorganisatie A", "Zorgkantoor Regio A"):
        page.get_by_label(partner).check()
    tab.submit("Opslaan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Woonzorgvisie Gemeente A 2025–2030")

    thema = page.get_by_role("region", name="Langer zelfstandig thuis")
    tab.click(thema.get_by_role("link", name=re.compile("^Ambitie toevoegen")))
    expect(page.get_by_label("Thema")).to_have_value(re.compile(r"\d+"))
    field(page, "Ambitie").fill(AMBITIE)
    page.get_by_label("Toelichting").fill(
        "Er moeten meer geclusterde woonvormen komen voor senioren. Deze woningen zijn geschikt "
        "voor ouderen en liggen binnen een straal van 500 meter rondom (zorg)voorzieningen."
    )
    page.get_by_label("Ouderen").check()
    page.get_by_label("Geclusterde woonvorm").check()
    page.get_by_label(BEVINDING).check()
    tab.submit("Opslaan")
    expect(page.get_by_role("heading", level=1)).to_have_text(AMBITIE)
    expect(page.get_by_role("region", name="Voor wie, waar en waarom")).to_contain_text(BEVINDING)

    # While she types, the panel beside the form says whether the doelstelling is concrete yet:
    # a number, a place and a year.
    tab.click(page.get_by_role("link", name="Doelstelling toevoegen"))
    concreet = page.get_by_text("Concreet: partners kunnen hier prestatieafspraken over maken.")
    expect(page.get_by_text("Hoe concreter de doelstelling, hoe makkelijker")).to_be_visible()
    expect(concreet).to_have_count(0)
    choose(page, "Woonvorm", "Geclusterde woonvorm")
    page.get_by_label("Omschrijving").fill("110 geclusterde woningen erbij")
    page.get_by_label("Aantal").fill("110")
    page.get_by_label("Eenheid").fill("woningen")
    page.get_by_label("Waar").fill("binnen 500 meter van (zorg)voorzieningen")
    page.get_by_label("Streefjaar").fill("2025")
    expect(concreet).to_be_visible()
    expect(page.get_by_text("ontbreekt nog")).to_have_count(0)
    tab.check()  # the form with the updated panel
    tab.submit("Opslaan")
    expect(page.get_by_text("De doelstelling is toegevoegd.")).to_be_visible()
    doelstellingen = page.get_by_role("region", name="Doelstellingen")
    expect(doelstellingen.get_by_role("row", name=re.compile("110 geclusterde"))).to_contain_text(
        "2025"
    )

    tab.click(page.get_by_role("link", name="Terug naar de visie"))
    expect(page.get_by_text("Alle ambities zijn concreet gemaakt")).to_be_visible()
    tab.screenshot("visie")
    visie = Woonzorgvisie.objects.get(gemeente=demo.gemeente_a)
    ambitie = Ambitie.objects.get(visie=visie)
    assert ambitie.titel == AMBITIE
    assert list(ambitie.bevindingen.all()) == [bevinding]
    doelstelling = Doelstelling.objects.get(ambitie=ambitie)
    assert (doelstelling.aantal, doelstelling.streefjaar) == (110, 2025)

    # --- 4. The prestatieafspraken: overeenkomst, afspraak, partijen, ter ondertekening -----
    tab.click(phase_link(page, "Prestatieafspraken"))
    tab.click(page.get_by_role("link", name="Nieuwe overeenkomst"))
    page.get_by_label("Titel").fill(OVEREENKOMST)
    choose(page, "Soort", "prestatieafspraken")
    page.get_by_label("Van (jaar)").fill("2022")
    page.get_by_label("Tot en met (jaar)").fill("2025")
    choose(page, "Woonzorgvisie", "Woonzorgvisie Gemeente A 2025–2030 (versie 1, concept)")
    tab.submit("Opslaan")
    expect(page.get_by_role("heading", level=1)).to_have_text(OVEREENKOMST)
    expect(page.get_by_text("2022–2025 · versie 1 · concept")).to_be_visible()

    tab.click(page.get_by_role("link", name="Afspraak toevoegen"))
    expect(page.get_by_label("Nummer")).to_have_value("1.1")
    choose(page, "Opgave", "Woonvormen / geclusterde woningen (met ontmoetingsruimte)")
    page.get_by_label("Handelingsafspraak").check()
    page.get_by_label("Titel").fill(AFSPRAAK)
    page.get_by_label("Tekst van de afspraak").fill(
        "We zetten in op de ontwikkeling van geclusterde woonvormen. In 2025 zijn er op 4 "
        "locaties in totaal 110 nieuwe geclusterde wooneenheden ontwikkeld, waarvan 80 in "
        "nieuwbouw en 30 in bestaande bouw."
    )
    choose(page, "Trekker", "Gemeente A")
    page.get_by_label("Woningcorporatie X").check()
    choose(page, "Ambitie", AMBITIE)
    choose(page, "Doelstelling", "110 geclusterde woningen erbij")
    choose(page, "Woonvorm", "Geclusterde woonvorm")
    page.get_by_label("Aantal", exact=True).fill("110")
    page.get_by_label("Eenheid").fill("wooneenheden")
    page.get_by_label("Waarvan nieuwbouw").fill("80")
    page.get_by_label("Waarvan in bestaande bouw").fill("30")
    page.get_by_label("Deadline").fill("2025-12-31")
    tab.submit("Opslaan")
    expect(page.get_by_text("Afspraak 1.1 is toegevoegd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(AFSPRAAK)
    afspraak = Afspraak.objects.get(overeenkomst__titel=OVEREENKOMST)
    assert (afspraak.aantal, afspraak.aantal_nieuwbouw, afspraak.aantal_bestaande_bouw) == (
        110,
        80,
        30,
    )
    assert afspraak.ambitie == ambitie and afspraak.doelstelling == doelstelling
    assert afspraak.trekker.naam == "Gemeente A"
    assert afspraak.deadline.year == 2025

    tab.click(page.get_by_role("link", name=re.compile("^Prestatieafspraken wonen")).first)
    tab.click(page.get_by_role("link", name="Partijen", exact=True))
    new_rows = page.get_by_role("group", name="Nieuwe partij")
    partijen = (
        ("Gemeente A (gemeente)", "ondertekenaar"),
        ("Woningcorporatie X (woningcorporatie)", "ondertekenaar"),
        ("Huurdersorganisatie A (huurdersorganisatie)", "ondertekenaar"),
    )
    for new_row, (organisatie, rol) in zip(new_rows.all(), partijen, strict=True):
        new_row.get_by_label("Organisatie").select_option(label=organisatie)
        new_row.get_by_label("Rol").select_option(label=rol)
    tab.submit("Partijen opslaan")
    expect(page.get_by_text("De partijen zijn opgeslagen.")).to_be_visible()

    tab.click(page.get_by_role("link", name="Ter ondertekening aanbieden"))
    recipients = page.get_by_role("table", name="Wie een e-mail krijgt, per partij")
    for partij, address in (
        ("Gemeente A", BELEIDSADVISEUR),
        ("Woningcorporatie X", PARTNER_X),
        ("Huurdersorganisatie A", "nog niemand met een account"),
    ):
        expect(recipients.get_by_role("row", name=re.compile(f"^{partij}"))).to_contain_text(
            address
        )
    tab.submit("Ter ondertekening aanbieden")
    expect(page.get_by_role("heading", level=1)).to_have_text(OVEREENKOMST)
    expect(page.get_by_text("2022–2025 · versie 1 · ter ondertekening")).to_be_visible()
    expect(page.get_by_text(re.compile("Versie 1 ligt ter ondertekening."))).to_be_visible()
    expect(
        page.get_by_text("Nog niemand met een account bij Huurdersorganisatie A.")
    ).to_be_visible()
    expect(page.get_by_text("0 van 3 partijen hebben versie 1 getekend.")).to_be_visible()
    afspraak_row = page.get_by_role("row", name=re.compile(rf"^1\.1 {AFSPRAAK}"))
    expect(afspraak_row).to_contain_text("Handelingsafspraak")
    expect(afspraak_row).to_contain_text("Gemeente A")
    # The badge itself: not "nog niet SMART", not "SMART niet vereist".
    expect(afspraak_row.get_by_text("SMART", exact=True)).to_be_visible()
    tab.screenshot("overeenkomst")

    overeenkomst = Overeenkomst.objects.get(titel=OVEREENKOMST)
    assert overeenkomst.status == Overeenkomst.Status.TER_ONDERTEKENING
    assert overeenkomst.inhoud_hash
    assert sorted(address for mail in mailoutbox for address in mail.to) == [
        BELEIDSADVISEUR,
        PARTNER_X,
        PROGRAMMALEIDER,
    ]
    signing_path = reverse(
        "prestatieafspraken:ondertekenen",
        kwargs={"gemeente": demo.gemeente_a.cbs_code, "pk": overeenkomst.pk},
    )
    for mail in mailoutbox:
        assert mail.subject == f"Ter ondertekening: {OVEREENKOMST} (versie 1)"
        assert signing_path in mail.body


def test_afspraak_with_too_much_nieuwbouw_and_bestaande_bouw_is_refused_at_the_field(
    browser, demo, demo_phases
):
    """80 nieuwbouw and 40 bestaande bouw do not fit in a total of 110: the form says so at the
    field, in Dutch, and keeps everything that was typed."""
    demo_phases("analyses", "visies")
    visie = Woonzorgvisie.objects.get(titel=visie_demo.TITEL)
    overeenkomst = Overeenkomst.objects.create(
        gemeente=visie.gemeente,
        titel=OVEREENKOMST,
        soort=Overeenkomst.Soort.PRESTATIEAFSPRAKEN,
        periode_start=2022,
        periode_eind=2025,
        visie=visie,
    )
    tab = browser()
    page = tab.page
    tab.log_in(BELEIDSADVISEUR, DEMO_PASSWORD)
    tab.open(overeenkomst.get_absolute_url())
    tab.click(page.get_by_role("link", name="Afspraak toevoegen"))

    page.get_by_label("Handelingsafspraak").check()
    page.get_by_label("Titel").fill(AFSPRAAK)
    page.get_by_label("Tekst van de afspraak").fill("110 geclusterde wooneenheden in 2025.")
    choose(page, "Trekker", "Gemeente A")
    choose(page, "Ambitie", visie_demo.GECLUSTERD_TITEL)
    page.get_by_label("Aantal", exact=True).fill("110")
    page.get_by_label("Eenheid").fill("wooneenheden")
    page.get_by_label("Waarvan nieuwbouw").fill("80")
    page.get_by_label("Waarvan in bestaande bouw").fill("40")
    tab.submit("Opslaan")  # the page with the error passes axe too

    expect(page.get_by_role("alert").first).to_contain_text("Het formulier is nog niet in orde")
    bestaande_bouw = page.get_by_label("Waarvan in bestaande bouw")
    message = "Nieuwbouw en bestaande bouw samen (120) zijn meer dan het totaal (110)."
    expect(page.get_by_text(message)).to_be_visible()
    expect(bestaande_bouw).to_have_accessible_description(re.compile(re.escape(message)))
    expect(bestaande_bouw).to_have_attribute("aria-invalid", "true")
    # Everything typed is still there.
    expect(bestaande_bouw).to_have_value("40")
    expect(page.get_by_label("Waarvan nieuwbouw")).to_have_value("80")
    expect(page.get_by_label("Aantal", exact=True)).to_have_value("110")
    expect(page.get_by_label("Titel")).to_have_value(AFSPRAAK)
    expect(page.get_by_label("Handelingsafspraak")).to_be_checked()
    expect(field(page, "Trekker")).to_have_value(str(demo.organisaties["Gemeente A"].pk))
    assert not Afspraak.objects.exists()
