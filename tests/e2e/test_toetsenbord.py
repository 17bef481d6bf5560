"""Woonzorg works with the keyboard alone: a skip link first, a logical tab order, visible focus.

Visible focus means an outline (WCAG 2.4.7): a box-shadow alone disappears in Windows' high
contrast mode, so it does not count.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from woonzorg.management.commands.load_demo import DEMO_PASSWORD

from .helpers import BELEIDSADVISEUR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
        name: (el.innerText || el.getAttribute('aria-label') || el.name || el.id || el.tagName)
            .trim().slice(0, 60),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
        visible: r.width > 0 && r.height > 0,
        in_main: !!el.closest('main'),
        dom_index: Array.prototype.indexOf.call(document.querySelectorAll('*'), el),
    };
}"""


def focus_state(page) -> dict | None:
    """What has the keyboard focus now, and whether it shows an outline."""
    return page.evaluate(FOCUS_STATE)


def test_logging_in_and_skipping_to_the_content_with_the_keyboard_alone(browser, demo):
    tab = browser()
    page = tab.page
    tab.open("/account/login/")

    # The login form puts the cursor in the e-mail field, with a visible outline; Shift+Tab
    # reaches the skip link before it, which is visible once it has focus.
    email = page.get_by_label("E-mailadres")
    expect(email).to_be_focused()
    assert focus_state(page)["outline"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(email).to_be_focused()

    # E-mail, password, Enter submits.
    page.keyboard.type(BELEIDSADVISEUR)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeente A")

    # On the dashboard the skip link jumps past the menu and the cycle navigation.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    state = focus_state(page)
    assert state["in_main"]
    assert state["outline"]


def tab_through(page, limit=150) -> list[dict]:
    """Press Tab until focus leaves the page or comes round again; what got focus, in order."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state is None or (stops and state["dom_index"] == stops[0]["dom_index"]):
            break
        stops.append(state)
    return stops


@pytest.mark.parametrize(
    "url_name",
    ["dashboard", "prestatieafspraken:afspraken", "uitvoering:activiteiten", "borging:index"],
)
def test_every_tab_stop_shows_an_outline_and_follows_the_page(browser, whole_cycle, url_name):
    tab = browser()
    tab.log_in(BELEIDSADVISEUR, DEMO_PASSWORD)
    tab.open(reverse(url_name, kwargs={"gemeente": whole_cycle.gemeente_a.cbs_code}))
    assert tab.page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count() == 0

    stops = tab_through(tab.page)

    assert len(stops) > 10, "de pagina heeft te weinig bereikbare elementen"
    assert stops[0]["name"] == "Naar de inhoud"
    unseen = [s["name"] for s in stops if not (s["outline"] and s["visible"])]
    assert unseen == [], f"focus niet zichtbaar (geen outline) op: {unseen}"
    order = [s["dom_index"] for s in stops]
    assert order == sorted(order), "de tabvolgorde springt door de pagina"
