"""A partner sees what its organisatie is part of, nothing else, also when it types the address."""

import pytest
from playwright.sync_api import expect

from tests.woonzorg.factories import GemeenteFactory
from uitvoering.models import Activiteit
from woonzorg.management.commands.load_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARTNER_Y = "partner@woningcorporatie-y.demo"


@pytest.fixture
def cyclus(demo, demo_fasen):
    demo_fasen("analyses", "visies", "prestatieafspraken", "uitvoering", "borging")
    # A gemeente in which Woningcorporatie Y does not work at all.
    GemeenteFactory(naam="Gemeente C", cbs_code="GM9003")
    return demo


def test_partner_y_ziet_de_activiteiten_van_x_niet(browser, cyclus):
    van_x = Activiteit.objects.get(trekker__naam="Woningcorporatie X", aantal=20)
    van_y = Activiteit.objects.filter(trekker__naam="Woningcorporatie Y").first()
    adres_x = f"/g/GM9001/uitvoering/activiteit/{van_x.pk}/"

    # The programmaleider opens X's activiteit: the address is right.
    programmaleider = browser()
    programmaleider.inloggen("programmaleider@gemeente-a.demo", DEMO_PASSWORD)
    assert programmaleider.open(adres_x) == 200
    expect(programmaleider.page.get_by_role("heading", level=1)).to_have_text(van_x.titel)

    partner = browser()
    partner.inloggen(PARTNER_Y, DEMO_PASSWORD)
    assert partner.open("/g/GM9001/uitvoering/activiteiten/") == 200
    lijst = partner.page.get_by_role("main")
    expect(lijst.get_by_role("link", name=van_y.titel)).to_be_visible()
    expect(lijst.get_by_text(van_x.titel)).to_have_count(0)
    partner.schermafdruk("activiteiten-partner")

    # Typing the address of X's activiteit, or of what hangs under it, finds nothing.
    for adres in (
        adres_x,
        f"{adres_x}bewerken/",
        f"{adres_x}voortgang/",
        f"{adres_x}begroting/",
    ):
        assert partner.open(adres) == 404, adres
        expect(partner.page.get_by_role("heading", level=1)).to_have_text(
            "Deze pagina bestaat niet"
        )
    assert "20 geclusterde woningen" not in partner.page.content()


def test_partner_y_komt_niet_in_een_andere_gemeente(browser, cyclus):
    partner = browser()
    partner.inloggen(PARTNER_Y, DEMO_PASSWORD)

    for adres in (
        "/g/GM9003/",
        "/g/GM9003/prestatieafspraken/",
        "/g/GM9003/uitvoering/activiteiten/",
        "/g/GM9003/borging/",
    ):
        assert partner.open(adres) == 404, adres

    # Within its own gemeente, the ketencheck is for the gemeente's staff: every link a partner
    # cannot see would look broken to it.
    assert partner.open("/g/GM9001/ketencheck/") == 403
    expect(partner.page.get_by_role("heading", level=1)).to_have_text("Geen toegang")

    # The gemeente menu offers the two gemeenten Y works in, not the third.
    partner.open("/g/GM9001/")
    partner.page.get_by_role("button", name="Gemeente A").click()
    keuzes = partner.page.locator(".dropdown-menu.show").get_by_role("link")
    expect(keuzes).to_have_text(["Gemeente A", "Gemeente B"])
    partner.controleer()  # with the menu open
