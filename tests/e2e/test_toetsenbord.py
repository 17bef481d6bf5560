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
