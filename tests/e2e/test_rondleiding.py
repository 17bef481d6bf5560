"""The overview pages with the whole demo cycle in them: the dashboard, the ketencheck and the
chain of one ambitie. They are what a bestuurder is shown first, and the README's screenshots."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from visies.demo import GECLUSTERD_TITEL
from visies.models import Ambitie
from woonzorg.management.commands.load_demo import DEMO_PASSWORD

from .helpers import BELEIDSADVISEUR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_from_the_dashboard_via_the_ketencheck_to_the_keten_of_an_ambitie(browser, whole_cycle):
    tab = browser()
    tab.log_in(BELEIDSADVISEUR, DEMO_PASSWORD)
    page = tab.page

    # The dashboard: one card per phase, with how complete the chain is.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeente A")
    for phase in ("Analyse", "Visie", "Prestatieafspraken", "Uitvoering", "Borging"):
        expect(page.get_by_role("main").get_by_role("heading", name=phase)).to_be_visible()
    tab.screenshot("dashboard")

    # From the banner to the ketencheck, which names every broken link.
    tab.click(page.get_by_role("main").get_by_role("link", name="ketencheck").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ketencheck")
    expect(page.get_by_role("heading", name="Ambities zonder afspraak")).to_have_text(
        re.compile(r"^\s*Ambities zonder afspraak\s+3\b")
    )
    tab.screenshot("ketencheck")

    # The chain of the ambitie of the worked example, from bevinding to indicator.
    ambitie = Ambitie.objects.get(titel=GECLUSTERD_TITEL)
    gemeente = whole_cycle.gemeente_a.cbs_code
    tab.open(ambitie.get_absolute_url())
    tab.click(page.get_by_role("link", name="Volg de keten van deze ambitie", exact=True))
    assert tab.path == reverse("borging:keten", kwargs={"gemeente": gemeente, "pk": ambitie.pk})
    expect(page.get_by_role("heading", level=1)).to_have_text(GECLUSTERD_TITEL)
    keten = page.get_by_role("main")
    expect(keten).to_contain_text("Keten van een ambitie")
    expect(keten).to_contain_text("23%")
    expect(keten).to_contain_text("110")
    expect(keten).to_contain_text("geclusterde woningen")
    tab.screenshot("keten")
