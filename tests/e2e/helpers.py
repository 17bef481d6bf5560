"""What several stories share: the demo's accounts and the ways to find things on a page."""

import re

from playwright.sync_api import Page

from .browser_tab import path_of

# The demo's accounts (woonzorg.management.commands.load_demo), all with DEMO_PASSWORD.
BELEIDSADVISEUR = "beleidsadviseur@gemeente-a.demo"
PROGRAMMALEIDER = "programmaleider@gemeente-a.demo"
PARTNER_X = "partner@woningcorporatie-x.demo"
PARTNER_Y = "partner@woningcorporatie-y.demo"


def phase_link(page: Page, name: str):
    """The link to a phase in the cycle navigation ("Analyse: Woonzorganalyse")."""
    cycle = page.get_by_role("navigation", name="De woonzorgcyclus")
    return cycle.get_by_role("link", name=re.compile(rf"^{name}\b"))


def row(scope, header: str, *, exact: bool = True):
    """The table row in `scope` (a page or a locator) whose row header reads `header` (or, with
    exact=False, contains it)."""
    page = scope if isinstance(scope, Page) else scope.page
    return scope.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=header, exact=exact)
    )


def link_in(mail) -> str:
    """The path of the one link in an e-mail's plain text."""
    (url,) = re.findall(r"https?://\S+", mail.body)
    return path_of(url)
