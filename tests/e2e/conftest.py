"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

Every test starts from an empty database plus the reference data of the migrations (doelgroepen,
woonvormen, the catalogue of Overzicht 1) and, through the `demo` fixture, the people and places
of the demo's Gemeente A. What an earlier phase would have built comes from that phase's demo
(`demo_fasen`), so each test walks its own part of the cycle and can fail on its own.

Each page a test lands on is checked with axe-core for WCAG 2.1 A and AA; a page left unchecked
fails the test too (see `Tabblad`). With WOONZORG_SCREENSHOTS set (`make screenshots`),
`Tabblad.schermafdruk` writes full-page screenshots there.

Without Chromium these tests are skipped with a message; with CI=true they fail instead, so CI
can never pass by testing less.
"""

import os
from importlib import import_module
from pathlib import Path

import pytest

from woonzorg.management.commands.load_demo import DemoCore, load_core
from woonzorg.settings.environ import env_bool

from .tabblad import Tabblad

CHROMIUM = Path(os.environ.get("WOONZORG_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = (
            f"Chromium niet gevonden op {CHROMIUM}: de browsertests worden overgeslagen. "
            "Installeer het met `apt-get install chromium` (of zet WOONZORG_CHROMIUM)."
        )
        if env_bool("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the tests' own
    # set-up then look "async" to Django although nothing runs concurrently with them. Only
    # while a browser runs: `check --deploy` (a test of the other run) rejects the variable.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def browser(chromium, live_server):
    """Opens tabs: `browser()` gives a fresh tab with its own cookies (one person's browser)."""
    tabs = []

    def open_tab() -> Tabblad:
        context = chromium.new_context(
            base_url=live_server.url,
            locale="nl-NL",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        tab = Tabblad(context.new_page())
        tabs.append(tab)
        return tab

    yield open_tab
    problems = [problem for tab in tabs for problem in tab.unchecked()]
    for tab in tabs:
        tab.page.context.close()
    if problems:
        pytest.fail("Pagina's zonder toegankelijkheidscontrole:\n" + "\n".join(problems))


@pytest.fixture
def demo(transactional_db) -> DemoCore:
    """The people and places of the demo (Gemeente A and B, their wijken, partners and users, all
    with the demo password), and nothing of the cycle yet."""
    return load_core()


@pytest.fixture
def demo_fasen(demo):
    """Loads the demo of the named phases, in the order given: a test starts where the browser
    work of an earlier phase would have left it. `demo_fasen("analyses", "visies")`."""

    def load(*apps: str) -> None:
        for app in apps:
            import_module(f"{app}.demo").load(demo)

    return load
