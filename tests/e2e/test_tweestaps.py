"""Two-step login in the browser: the demo's beheerder logs in for the first time and must set up
an authenticator app before anything else; the next time, the password is followed by a code.

The "phone" is django-otp's TOTP, fed the key the page shows for typing over.
"""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from woonzorg.management.commands.load_demo import BEHEERDER, DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = BEHEERDER[0]


def code_op_telefoon(sleutel: str) -> str:
    return f"{TOTP(base64.b32decode(sleutel.replace(' ', ''))).token():06d}"


def test_the_beheerder_sets_up_two_step_login_and_then_needs_it(browser, demo):
    tab = browser()
    page = tab.page

    # First login: the password leads to setting up the app, and nowhere else.
    tab.log_in(EMAIL, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    expect(page.get_by_text("Als beheerder logt u in met twee stappen")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    expect(page.get_by_role("link", name="Beheer")).to_have_count(0)
    tab.open("/beheer/")
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/\?next=/beheer/"))

    # Scanning does not work in a test; typing the key over does.
    page.get_by_text("Scannen lukt niet? Typ de sleutel over").click()
    sleutel = page.locator("#sleutel").inner_text()
    tab.screenshot("tweestapsverificatie")
    page.get_by_label("Code").fill(code_op_telefoon(sleutel))
    tab.submit("Tweestapsverificatie aanzetten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    codes = page.get_by_role("list", name="Herstelcodes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    tab.click(page.get_by_role("link", name="Ik heb ze bewaard, verder"))
    expect(page).to_have_url(re.compile(r"/beheer/$"))
    tab.log_out()

    # Next time: the code, or a herstelcode. A wrong code is said on the field.
    tab.log_in(EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap: uw code")
    tab.screenshot("tweede-stap")
    page.get_by_label("Code").fill("000000")
    tab.submit("Verder")
    expect(page.locator(".invalid-feedback")).to_contain_text("Deze code klopt niet.")
    page.get_by_label("Code").fill(codes[0])
    tab.submit("Verder")
    expect(page.get_by_role("status")).to_contain_text("U hebt er nog 9.")
    expect(page.get_by_role("link", name="Beheer")).to_be_visible()
