"""Woonzorg works with the keyboard alone: a skip link first, a logical tab order, visible focus."""

import pytest
from playwright.sync_api import expect

from woonzorg.management.commands.load_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def focus_outline(page) -> str:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle === 'none' ? '' : s.outlineWidth; }"
    )


def test_inloggen_en_naar_de_inhoud_met_alleen_het_toetsenbord(browser, demo):
    tab = browser()
    page = tab.page
    tab.open("/account/login/")

    # The login form puts the cursor in the e-mail field, with a visible outline; Shift+Tab
    # reaches the skip link before it, which is visible once it has focus.
    email = page.get_by_label("E-mailadres")
    expect(email).to_be_focused()
    assert focus_outline(page) not in ("", "0px")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(email).to_be_focused()

    # E-mail, password, Enter submits.
    page.keyboard.type("beleidsadviseur@gemeente-a.demo")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab.controleer()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeente A")

    # On the dashboard the skip link jumps past the menu and the cycle navigation.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate("() => !!document.activeElement.closest('main')")
    assert focused_in_main
    assert focus_outline(page) not in ("", "0px")


FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
        name: (el.innerText || el.getAttribute('aria-label') || el.name || el.id || el.tagName)
            .trim().slice(0, 60),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
        shadow: s.boxShadow !== 'none',
        visible: r.width > 0 && r.height > 0,
        dom_index: Array.prototype.indexOf.call(document.querySelectorAll('*'), el),
    };
}"""


def tab_through(page, limit=150) -> list[dict]:
    """Press Tab until focus leaves the page or comes round again; what got focus, in order."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or (stops and state["dom_index"] == stops[0]["dom_index"]):
            break
        stops.append(state)
    return stops


@pytest.mark.parametrize(
    "adres",
    [
        "/g/GM9001/",
        "/g/GM9001/prestatieafspraken/afspraken/",
        "/g/GM9001/uitvoering/activiteiten/",
        "/g/GM9001/borging/",
    ],
)
def test_elke_stop_van_de_tabvolgorde_is_zichtbaar_en_volgt_de_pagina(
    browser, demo, demo_fasen, adres
):
    demo_fasen("analyses", "visies", "prestatieafspraken", "uitvoering", "borging")
    tab = browser()
    tab.inloggen("beleidsadviseur@gemeente-a.demo", DEMO_PASSWORD)
    tab.open(adres)
    assert tab.page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count() == 0

    stops = tab_through(tab.page)

    assert len(stops) > 10, "de pagina heeft te weinig bereikbare elementen"
    assert stops[0]["name"] == "Naar de inhoud"
    onzichtbaar = [
        s["name"] for s in stops if not (s["outline"] or s["shadow"]) or not s["visible"]
    ]
    assert onzichtbaar == [], f"focus niet zichtbaar op: {onzichtbaar}"
    volgorde = [s["dom_index"] for s in stops]
    assert volgorde == sorted(volgorde), "de tabvolgorde springt door de pagina"
