"""One person's browser tab, with an accessibility check on every page it lands on."""

import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Page, expect

# WCAG 2.1 level A and AA, as the DESIGN asks; axe's best practices are advice, not a failure.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


class AccessibilityError(AssertionError):
    pass


def axe_report(url: str, violations: list[dict]) -> str:
    lines = [f"axe vond {len(violations)} WCAG-overtreding(en) op {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(node['target'])}: {node['failureSummary']!r}")
    return "\n".join(lines)


def path_of(url: str) -> str:
    """The path and query of `url`, as `Tab.open` takes it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Tab:
    """A Playwright page whose documents are accounted for.

    Use `open`, `click` and `submit` to move around: each waits for the new page and runs axe on
    it. A test that navigates any other way calls `check()` itself; a page that was left
    without a check is reported when the test ends (see the `browser` fixture).

    Every document counts, also one at the same address as the page before it (a form that comes
    back with its errors); only a jump to a fragment of the page already open (#inhoud) does not.
    """

    def __init__(self, page: Page):
        self.page = page
        page.set_default_timeout(15_000)
        self._unchecked: list[str] = []
        self._skipped: list[str] = []
        self._document = ""
        self._jumped = False
        page.on("framenavigated", self._navigated)
        page.on("domcontentloaded", self._loaded)
        # A script error, or something the Content-Security-Policy blocked, fails the check too.
        self._errors: list[str] = []
        page.on("pageerror", lambda error: self._errors.append(f"JavaScript: {error}"))
        page.on("console", self._console)

    def _navigated(self, frame) -> None:
        if frame is not self.page.main_frame:
            return
        document, hash_sign, _fragment = frame.url.partition("#")
        # Looks like a jump within the page; `_loaded` corrects it if a new document follows.
        self._jumped = bool(hash_sign) and document == self._document
        if not self._jumped:
            self._new_document(frame.url)

    def _loaded(self, page) -> None:
        # Only a new document fires this: a redirect to this very page with a fragment
        # (`/x/` → `/x/#y`) is a new page too.
        if self._jumped:
            self._jumped = False
            self._new_document(page.url)

    def _new_document(self, url: str) -> None:
        self._document = url.partition("#")[0]
        # The page before this one was never checked.
        self._skipped.extend(self._unchecked)
        self._unchecked = [url]

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self._errors.append(f"CSP: {message.text}")

    def unchecked(self) -> list[str]:
        return self._skipped + self._unchecked

    @property
    def path(self) -> str:
        return path_of(self.page.url)

    def check(self) -> None:
        """Run axe on the page as it is now; raise with a readable report on violations."""
        self.page.wait_for_load_state()
        violations = _axe.run(self.page, options=AXE_OPTIONS).response["violations"]
        self._unchecked = []
        errors, self._errors = self._errors, []
        if violations:
            raise AccessibilityError(axe_report(self.page.url, violations))
        assert not errors, f"Fouten in de browser op {self.page.url}:\n" + "\n".join(errors)

    def open(self, path: str) -> int:
        """Go to `path` (relative to the live server); returns the HTTP status."""
        response = self.page.goto(path)
        self.check()
        return response.status if response else 0

    def click(self, locator) -> None:
        """Click something that loads a new page (a link, a submit button), then check it."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def submit(self, button: str) -> None:
        """Press the form button named `button` and check the page that comes back."""
        self.click(self.page.get_by_role("button", name=button, exact=True))

    def log_in(self, email: str, password: str) -> None:
        self.open("/account/login/")
        self.page.get_by_label("E-mailadres").fill(email)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.submit("Inloggen")
        expect(self.page).not_to_have_url(re.compile(r"/account/login/"))

    def log_out(self) -> None:
        self.page.context.clear_cookies()

    def screenshot(self, name: str) -> None:
        """With WOONZORG_SCREENSHOTS set (make screenshots): a full-page PNG of this page."""
        folder = os.environ.get("WOONZORG_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            png = self.page.screenshot(full_page=True)
            # 128 colours look the same on these flat pages at a third of the size: the
            # screenshots are committed, so the repository keeps every version of them.
            image = Image.open(io.BytesIO(png)).quantize(128, method=Image.Quantize.FASTOCTREE)
            image.save(Path(folder) / f"{name}.png", optimize=True)
