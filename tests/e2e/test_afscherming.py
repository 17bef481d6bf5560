"""A partner sees what its organisatie is part of, nothing else, also when it types the address.

Each address a partner is refused is opened by someone who may see it too, so the refusal is
the partner's and not a page that no longer exists under that name.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.woonzorg import factories
from uitvoering.models import Activiteit
from woonzorg.management.commands.load_demo import DEMO_PASSWORD
from woonzorg.models import Rol

from .helpers import PARTNER_Y, PROGRAMMALEIDER

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOT_FOUND = "Deze pagina bestaat niet"

# An activiteit's own page and the pages under it.
ACTIVITEIT_PAGES = (
    "uitvoering:activiteit",
    "uitvoering:activiteit_update",
    "uitvoering:activiteit_delete",
    "uitvoering:voortgang",
    "uitvoering:begrotingsposten",
)
# A gemeente's main pages.
GEMEENTE_PAGES = (
    "dashboard",
    "prestatieafspraken:index",
    "uitvoering:activiteiten",
    "borging:index",
)


@pytest.fixture
def gemeente_c(whole_cycle):
    """A gemeente in which Woningcorporatie Y does not work at all."""
    return factories.GemeenteFactory(naam="Gemeente C", cbs_code="GM9003")


def test_partner_y_does_not_see_the_activiteiten_of_x(browser, whole_cycle):
    gemeente = whole_cycle.gemeente_a.cbs_code
    van_x = Activiteit.objects.get(trekker__naam="Woningcorporatie X", aantal=20)
    van_y = Activiteit.objects.filter(trekker__naam="Woningcorporatie Y").first()
    paths = [
        reverse(name, kwargs={"gemeente": gemeente, "pk": van_x.pk}) for name in ACTIVITEIT_PAGES
    ]

    # The programmaleider opens X's activiteit and every page under it: the addresses are right.
    programmaleider = browser()
    programmaleider.log_in(PROGRAMMALEIDER, DEMO_PASSWORD)
    for path in paths:
        assert programmaleider.open(path) == 200, path
        expect(programmaleider.page.get_by_role("main")).to_contain_text(van_x.titel)

    partner = browser()
    partner.log_in(PARTNER_Y, DEMO_PASSWORD)
    assert partner.open(reverse("uitvoering:activiteiten", kwargs={"gemeente": gemeente})) == 200
    activiteiten = partner.page.get_by_role("main")
    expect(activiteiten.get_by_role("link", name=van_y.titel)).to_be_visible()
    expect(activiteiten.get_by_text(van_x.titel)).to_have_count(0)
    partner.screenshot("activiteiten-partner")

    # Typing the address of X's activiteit, or of what hangs under it, finds nothing: a 404,
    # not a 403, so the page does not even reveal that it exists.
    for path in paths:
        assert partner.open(path) == 404, path
        expect(partner.page.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)


def test_partner_y_cannot_enter_another_gemeente(browser, whole_cycle, gemeente_c):
    paths = [reverse(name, kwargs={"gemeente": gemeente_c.cbs_code}) for name in GEMEENTE_PAGES]

    # Someone of Gemeente C opens its pages.
    beleidsadviseur_c = factories.RolFactory(
        gemeente=gemeente_c, soort=Rol.Soort.BELEIDSADVISEUR
    ).user
    insider = browser()
    insider.log_in(beleidsadviseur_c.email, factories.PASSWORD)
    for path in paths:
        assert insider.open(path) == 200, path

    partner = browser()
    partner.log_in(PARTNER_Y, DEMO_PASSWORD)
    for path in paths:
        assert partner.open(path) == 404, path
        expect(partner.page.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)

    # Within its own gemeente, the ketencheck is for the gemeente's staff: every link a partner
    # cannot see would look broken to it.
    gemeente_a = whole_cycle.gemeente_a.cbs_code
    assert partner.open(reverse("ketencheck", kwargs={"gemeente": gemeente_a})) == 403
    expect(partner.page.get_by_role("heading", level=1)).to_have_text("Geen toegang")

    # The gemeente menu offers the two gemeenten Y works in, not the third.
    partner.open(reverse("dashboard", kwargs={"gemeente": gemeente_a}))
    partner.page.get_by_role("button", name="Gemeente A").click()
    choices = partner.page.locator(".dropdown-menu.show").get_by_role("link")
    expect(choices).to_have_text(["Gemeente A", "Gemeente B"])
    partner.check()  # with the menu open
