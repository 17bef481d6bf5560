"""Borging in the browser: a partner enters the meting its organisatie owes, the stoplicht shows
where it stands, and the programmaleider's jaarschijfrapport carries it into the PDF.

The demo of all five phases runs to 2025 and holds every meting it asks for; one indicator of
Woningcorporatie X's own is added here (the letting of its homes in Wijk Y, measured since 2022),
whose meting over 2025 is due and missing, as the partner finds it under "Mijn taken".
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from borging import demo as borging_demo
from borging import services
from borging.models import Indicator, Jaarschijfrapport, Meting, Streefwaarde
from prestatieafspraken import demo as afspraken_demo
from uitvoering.models import Activiteit
from woonzorg.management.commands.load_demo import DEMO_PASSWORD

from .helpers import PARTNER_X, PARTNER_Y, PROGRAMMALEIDER

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VERHUURD = "Aan senioren verhuurde geclusterde woningen in Wijk Y"
JAAR = 2025  # today is pinned in 2026 (conftest.TODAY): the meting over 2025 is due


@pytest.fixture
def verhuurd(whole_cycle) -> Indicator:
    """The whole demo plus Woningcorporatie X's letting indicator: from 10 in 2022 to 20 in
    2025, with 2024 measured (18) and 2025 missing."""
    demo = whole_cycle
    activiteit = Activiteit.objects.get(
        programma__gemeente=demo.gemeente_a, titel=borging_demo.ACTIVITEIT_WIJK_Y
    )
    indicator = Indicator.objects.create(
        gemeente=demo.gemeente_a,
        naam=VERHUURD,
        eenheid="woningen",
        activiteit=activiteit,
        eigenaar=demo.organisaties["Woningcorporatie X"],
        nulmeting=Decimal(10),
        nulmeting_jaar=2022,
        bron="Verhuuradministratie Woningcorporatie X",
    )
    for jaar, waarde in ((2024, 18), (JAAR, 20)):
        Streefwaarde.objects.create(indicator=indicator, jaar=jaar, waarde=Decimal(waarde))
    services.voer_meting_in(indicator, door=demo.users[PARTNER_X], jaar=2024, waarde=Decimal(18))
    return indicator


def test_partner_enters_the_meting_due_and_it_shows_in_the_jaarschijfrapport(browser, verhuurd):
    # Woningcorporatie X's partner finds among the early signals that the meting over 2025 is
    # missing, and under "Mijn taken" that it is due.
    partner = browser()
    page = partner.page
    partner.log_in(PARTNER_X, DEMO_PASSWORD)
    partner.open(reverse("borging:index", kwargs={"gemeente": verhuurd.gemeente.cbs_code}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring en bijsturing")
    signals = page.get_by_role("region", name="Vroege signalen")
    expect(signals.get_by_role("listitem").filter(has_text=VERHUURD)).to_have_text(
        f"{VERHUURD}: geen meting over {JAAR} (Woningcorporatie X)"
    )
    partner.click(page.get_by_role("link", name="Mijn taken"))
    taak = page.get_by_role("row").filter(has=page.get_by_role("link", name=VERHUURD))
    expect(taak).to_contain_text("Dringend")
    expect(taak).to_contain_text(f"Meting over {JAAR} ontbreekt")
    partner.click(taak.get_by_role("link", name="Meting invoeren"))

    # The form starts at last year; 19 of the 20 the trajectory asks.
    expect(page.get_by_role("heading", level=1)).to_have_text("Meting invoeren")
    expect(page.get_by_label("Jaar")).to_have_value(str(JAAR))
    page.get_by_label("Waarde (woningen)").fill("19")
    page.get_by_label("Toelichting").fill("Eén woning wordt na een verhuizing opnieuw verhuurd.")
    partner.submit("Meting opslaan")

    # Back on the indicator: the meting in the table, the stoplicht "iets achter".
    expect(page.get_by_role("heading", level=1)).to_have_text(VERHUURD)
    expect(page.get_by_text("De meting is ingevoerd. Dank u wel.")).to_be_visible()
    expect(page.locator(".stoplicht").first).to_contain_text("iets achter")
    expect(
        page.get_by_text(f"19 gemeten in {JAAR}; het traject vraagt 20: iets achter.").first
    ).to_be_visible()
    metingen = page.get_by_role("table", name="Metingen, de nieuwste eerst")
    expect(metingen.get_by_role("row").nth(1)).to_contain_text(str(JAAR))
    expect(metingen.get_by_role("row").nth(1)).to_contain_text("19")
    expect(page.get_by_text(f"De meting over {JAAR} ontbreekt nog")).to_have_count(0)
    partner.screenshot("indicator")

    meting = Meting.objects.get(indicator=verhuurd, jaar=JAAR)
    assert meting.waarde == Decimal(19)
    assert meting.ingevoerd_door.email == PARTNER_X
    assert meting.bron == "Verhuuradministratie Woningcorporatie X"

    # The monitoring page shows it too, no longer among the missing metingen.
    partner.click(
        page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Borging")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring en bijsturing")
    card = page.get_by_role("article", name=VERHUURD)
    expect(card.locator(".stoplicht")).to_contain_text("iets achter")
    expect(signals).to_be_visible()
    expect(signals).not_to_contain_text(VERHUURD)
    partner.screenshot("monitoring")

    # The programmaleider makes the jaarschijfrapport 2025 and downloads it.
    leider = browser()
    page = leider.page
    leider.log_in(PROGRAMMALEIDER, DEMO_PASSWORD)
    leider.open(reverse("borging:index", kwargs={"gemeente": verhuurd.gemeente.cbs_code}))
    leider.click(page.get_by_role("link", name="Jaarschijfrapporten"))
    expect(page.get_by_label("Jaar")).to_have_value(str(JAAR))
    leider.submit("Rapport maken")
    # Celery runs in the request here: the report is ready on the page it returns to.
    expect(page.get_by_text(f"Het jaarschijfrapport {JAAR} is klaar.")).to_be_visible()
    rapport = Jaarschijfrapport.objects.get(gemeente=verhuurd.gemeente, jaar=JAAR)
    assert rapport.status == Jaarschijfrapport.Status.KLAAR, rapport.fout
    jaarschijf = page.get_by_role("region", name=str(JAAR))
    expect(jaarschijf.get_by_role("status")).to_have_text("klaar")
    leider.screenshot("rapporten")
    with page.expect_download() as download_info:
        jaarschijf.get_by_role("link", name=f"Jaarschijfrapport {JAAR} downloaden (PDF)").click()
    download = download_info.value
    gemeente = verhuurd.gemeente.cbs_code
    assert download.suggested_filename == f"jaarschijfrapport-{gemeente}-{JAAR}.pdf"
    text = pdf_text(download.path())

    # The afspraak with its target, and under it the indicator with the year's streefwaarde,
    # the meting just entered and its stoplicht.
    afspraak = f"{afspraken_demo.GECLUSTERD} Ontwikkeling van geclusterde woonvormen"
    assert f"{afspraak} Handelingsafspraak" in text
    assert "110 wooneenheden uiterlijk 31 december 2025" in text
    block = text[text.index(f"Indicator: {VERHUURD}") :]
    block = block[: block.index("Indicator:", 1)]
    assert text.index(afspraak) < text.index(f"Indicator: {VERHUURD}")
    assert f"Streefwaarde {JAAR}: 20 woningen · Gemeten {JAAR}: 19 woningen" in block
    assert f"iets achter 19 gemeten in {JAAR}; het traject vraagt 20: iets achter." in block


def pdf_text(path) -> str:
    """The PDF's text with its whitespace (line breaks, no-break spaces) as single spaces."""
    reader = PdfReader(path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_wrong_meting_is_not_saved_and_another_partner_may_not_measure(browser, verhuurd):
    metingen = Meting.objects.filter(indicator=verhuurd)
    count = metingen.count()
    partner = browser()
    page = partner.page
    partner.log_in(PARTNER_X, DEMO_PASSWORD)
    partner.open(verhuurd.get_absolute_url())
    partner.click(page.get_by_role("link", name="Meting invoeren", exact=True))

    # A year before 2000 and a negative value: each field says what is wrong, nothing is saved.
    jaar, waarde = page.get_by_label("Jaar"), page.get_by_label("Waarde (woningen)")
    jaar.fill("1999")
    waarde.fill("-3")
    partner.submit("Meting opslaan")
    expect(page.get_by_role("alert")).to_have_text(
        "Het formulier is nog niet in orde; zie de meldingen bij de velden."
    )
    expect(jaar).to_have_attribute("aria-invalid", "true")
    expect(jaar).to_have_accessible_description("Vul bij Jaar een jaartal tussen 2000 en 2100 in.")
    expect(waarde).to_have_accessible_description("Waarde is 0 of meer.")

    # A word where a number belongs.
    jaar.fill(str(JAAR))
    waarde.fill("negentien")
    partner.submit("Meting opslaan")
    expect(jaar).not_to_have_attribute("aria-invalid", "true")
    expect(waarde).to_have_accessible_description(
        "Vul bij Waarde een getal in, bijvoorbeeld 12 of 12,5."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Meting invoeren")
    assert metingen.count() == count
    assert not metingen.filter(jaar=JAAR).exists()

    # Woningcorporatie Y is party to the afspraak and reads the indicator, but X measures it:
    # no button, and the form itself is refused.
    other = browser()
    other.log_in(PARTNER_Y, DEMO_PASSWORD)
    assert other.open(verhuurd.get_absolute_url()) == 200
    expect(other.page.get_by_role("heading", level=1)).to_have_text(VERHUURD)
    expect(other.page.get_by_role("link", name="Meting invoeren")).to_have_count(0)
    meting_path = reverse(
        "borging:meting", kwargs={"gemeente": verhuurd.gemeente.cbs_code, "pk": verhuurd.pk}
    )
    assert other.open(meting_path) == 403
    expect(other.page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    expect(other.page.get_by_role("main")).to_contain_text(
        "Alleen de eigenaar van deze indicator en de gemeente voeren metingen in."
    )
    expect(other.page.get_by_label("Waarde (woningen)")).to_have_count(0)
    assert metingen.count() == count
