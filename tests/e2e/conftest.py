"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

Every test starts from an empty database plus the reference data of the migrations (doelgroepen,
woonvormen, the catalogue of Overzicht 1) and, through the `demo` fixture, the people and places
of the demo's Gemeente A. What an earlier phase would have built comes from that phase's demo
(`demo_phases`, or `whole_cycle` for all five), so each test walks its own part of the cycle and
can fail on its own. Today is pinned (`TODAY`): the demo and the app agree on which year is due.

Each page a test lands on is checked with axe-core for WCAG 2.1 A and AA; a page left unchecked
fails the test too (see `Tab`). With WOONZORG_SCREENSHOTS set (`make screenshots`),
`Tab.screenshot` writes full-page screenshots there.

Without Chromium these tests are skipped with a message; with CI=true they fail instead, so CI
can never pass by testing less.
"""

import datetime
import os
from importlib import import_module
from pathlib import Path

import pytest
from django.utils import timezone

from woonzorg.management.commands.load_demo import DemoCore, load_core
from woonzorg.settings.environ import env_bool

from .browser_tab import Tab

CHROMIUM = Path(os.environ.get("WOONZORG_CHROMIUM", "/usr/bin/chromium"))

# The day the stories are written for: the demo runs to 2025, so the metingen over 2025 are due.
TODAY = datetime.date(2026, 12, 4)
PHASES = ("analyses", "visies", "prestatieafspraken", "uitvoering", "borging")


@pytest.fixture(autouse=True)
def today(monkeypatch) -> datetime.date:
    """Pins the app's "today" (`timezone.localdate()`), also for the live server's thread.

    Only the date: the clock stays real, because the browser's clock is real too and would
    otherwise see the session cookie as expired. The app calls `timezone.localdate` through the
    module, so patching the module attribute reaches every caller.
    """
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        if value is None:
            return TODAY
        return real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


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

    def open_tab() -> Tab:
        context = chromium.new_context(
            base_url=live_server.url,
            locale="nl-NL",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        tab = Tab(context.new_page())
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
def demo_phases(demo):
    """Loads the demo of the named phases, in the order given: a test starts where the browser
    work of an earlier phase would have left it. `demo_phases("analyses", "visies")`."""

    def load(*apps: str) -> None:
        for app in apps:
            import_module(f"{app}.demo").load(demo)

    return load


@pytest.fixture
def whole_cycle(demo, demo_phases) -> DemoCore:
    """The demo of all five phases, as `make run` shows it."""
    demo_phases(*PHASES)
    return demo
