"""The overview pages with the whole demo cycle in them: the dashboard, the ketencheck and the
chain of one ambitie. They are what a bestuurder is shown first, and the README's screenshots."""

import pytest
from playwright.sync_api import expect

from visies.demo import GECLUSTERD_TITEL
from visies.models import Ambitie
from woonzorg.management.commands.load_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def cyclus(demo, demo_fasen):
    demo_fasen("analyses", "visies", "prestatieafspraken", "uitvoering", "borging")


def test_van_dashboard_via_ketencheck_naar_de_keten_van_een_ambitie(browser, cyclus):
    tab = browser()
    tab.inloggen("beleidsadviseur@gemeente-a.demo", DEMO_PASSWORD)
    page = tab.page

    # The dashboard: one card per phase, with how complete the chain is.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeente A")
    for fase in ("Analyse", "Visie", "Prestatieafspraken", "Uitvoering", "Borging"):
        expect(page.get_by_role("main").get_by_role("heading", name=fase)).to_be_visible()
    tab.schermafdruk("dashboard")

    # From the banner to the ketencheck, which names every broken link.
    tab.klik(page.get_by_role("main").get_by_role("link", name="ketencheck").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ketencheck")
    expect(page.get_by_role("heading", name="Ambities zonder afspraak")).to_contain_text("3")
    tab.schermafdruk("ketencheck")

    # The chain of the ambitie of the worked example, from bevinding to indicator.
    ambitie = Ambitie.objects.get(titel=GECLUSTERD_TITEL)
    tab.open(f"/g/GM9001/visie/ambities/{ambitie.pk}/")
    tab.klik(page.get_by_role("link", name="keten", exact=False).first)
    keten = page.get_by_role("main")
    expect(keten).to_contain_text("23%")
    expect(keten).to_contain_text("110")
    expect(keten).to_contain_text("geclusterde woningen")
    tab.schermafdruk("keten")
