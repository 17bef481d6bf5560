"""Signing an agreement: the gemeente invites a new contact person of a woningcorporatie, who
chooses a password from the e-mail, finds the agreement under "Mijn taken", reads it and signs it
on behalf of the corporatie; the gemeente then sees who signed, when, and who is still missing.

The demo's prestatieafspraken are out for signature (prestatieafspraken/demo.py): versie 1, seven
partijen, of which Gemeente A and Woningcorporatie Y have signed; Woningcorporatie X and the others
not yet.
"""

import re

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from prestatieafspraken import demo as afspraken_demo
from prestatieafspraken.models import Ondertekening, Overeenkomst
from woonzorg import audit
from woonzorg.management.commands.load_demo import DEMO_PASSWORD
from woonzorg.models import Rol, User

from .helpers import BELEIDSADVISEUR, PARTNER_Y, link_in, phase_link, row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DIRECTOR_X = "directeur@woningcorporatie-x.test"
PASSWORD_X = "Geclusterd-wonen-110"
X, Y = "Woningcorporatie X", "Woningcorporatie Y"
TITEL = afspraken_demo.TITEL


def awaiting_signature_of_x(demo) -> Overeenkomst:
    """The demo agreement, out for signature and still missing X's signature (checked, so a
    changed demo fails here rather than halfway through the story)."""
    overeenkomst = Overeenkomst.objects.get(gemeente=demo.gemeente_a, titel=TITEL)
    assert overeenkomst.status == Overeenkomst.Status.TER_ONDERTEKENING
    assert demo.organisaties[X].pk in overeenkomst.ondertekenaar_ids()
    return overeenkomst


def expect_signed(party_row) -> None:
    """The row's badge reads "getekend" itself, not "nog niet getekend"."""
    expect(party_row.get_by_text("getekend", exact=True)).to_be_visible()
    expect(party_row).not_to_contain_text("nog niet getekend")


def test_new_contactpersoon_signs_on_behalf_of_the_corporatie(
    browser, demo_phases, demo, mailoutbox
):
    demo_phases("analyses", "visies", "prestatieafspraken")
    overeenkomst = awaiting_signature_of_x(demo)

    # 1. The beleidsadviseur invites the corporatie's director.
    adviseur = browser()
    adviseur.log_in(BELEIDSADVISEUR, DEMO_PASSWORD)
    page = adviseur.page
    adviseur.click(page.get_by_role("link", name="Gebruikers", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebruikers van Gemeente A")
    adviseur.click(page.get_by_role("link", name="Iemand uitnodigen"))
    page.get_by_label("E-mailadres").fill(DIRECTOR_X)
    page.get_by_label("Voornaam").fill("Dirk")
    page.get_by_label("Achternaam").fill("de Directeur")
    page.get_by_label("Organisatie").select_option(label=X)
    page.get_by_label("Rol").select_option(label="partner")
    adviseur.submit("Uitnodiging versturen")
    expect(page.get_by_role("status")).to_contain_text(f"Uitnodiging verstuurd naar {DIRECTOR_X}.")
    invited = page.get_by_role("row").filter(has_text=DIRECTOR_X)
    expect(invited).to_contain_text("Dirk de Directeur")
    expect(invited).to_contain_text(X)
    expect(invited).to_contain_text("nog niet ingelogd")

    director = User.objects.get(email=DIRECTOR_X)
    assert director.organisatie == demo.organisaties[X]
    assert not director.has_usable_password()
    assert Rol.objects.get(user=director, gemeente=demo.gemeente_a).soort == Rol.Soort.PARTNER
    (uitnodiging,) = mailoutbox
    assert uitnodiging.to == [DIRECTOR_X]
    assert "Uitnodiging voor Woonzorg Gemeente A" in uitnodiging.subject

    # 2. The director opens the link, chooses a password and is logged in, on "Mijn taken".
    tab = browser()
    page = tab.page
    tab.open(link_in(uitnodiging))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij Woonzorg")
    expect(page.get_by_role("main")).to_contain_text(DIRECTOR_X)
    page.get_by_label(re.compile(r"Nieuw wachtwoord\W*$")).fill(PASSWORD_X)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(PASSWORD_X)
    tab.submit("Wachtwoord instellen")
    assert tab.path == "/taken/"
    expect(page.get_by_role("status")).to_contain_text("Uw wachtwoord is ingesteld")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn taken")
    taak = row(page, TITEL, exact=False)
    expect(taak).to_contain_text("Dringend")
    expect(taak).to_contain_text("de handtekening van uw organisatie ontbreekt")
    expect(taak.get_by_role("link", name=re.compile(r"^Ondertekenen\s*:"))).to_be_visible()
    tab.screenshot("taken")

    # The director opens the agreement itself, then goes to sign it for Woningcorporatie X.
    tab.click(taak.get_by_role("link", name=TITEL, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITEL)
    expect(row(page, X)).to_contain_text("nog niet getekend")
    tab.click(page.get_by_role("link", name=f"Teken namens {X}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITEL)
    expect(page.get_by_role("main")).to_contain_text(f"Onderaan de pagina ondertekent u namens {X}")
    text = page.get_by_role("region", name="De tekst die u ondertekent")
    expect(text).to_contain_text("Ontwikkeling van geclusterde woonvormen")
    expect(text).to_contain_text("110 nieuwe geclusterde wooneenheden")
    page.get_by_label("Functie").fill("directeur-bestuurder")
    page.get_by_label("Ik heb deze versie gelezen en onderteken haar namens mijn").check()
    tab.screenshot("ondertekenen")
    tab.submit(f"Ondertekenen namens {X}")
    expect(page.get_by_role("status")).to_contain_text(f"U heeft versie 1 ondertekend namens {X}.")
    expect_signed(row(page, X))
    expect(row(page, X)).to_contain_text("Dirk de Directeur, directeur-bestuurder")

    ondertekening = Ondertekening.objects.get(
        overeenkomst=overeenkomst, organisatie=demo.organisaties[X], vervallen=False
    )
    overeenkomst.refresh_from_db()
    assert ondertekening.ondertekend_door == director
    assert ondertekening.functie == "directeur-bestuurder"
    assert (ondertekening.versie, ondertekening.inhoud_hash) == (1, overeenkomst.inhoud_hash)
    assert overeenkomst.status == Overeenkomst.Status.TER_ONDERTEKENING  # others still missing
    assert any(
        entry.user == director and f"Ondertekend namens {X}" in entry.change_message
        for entry in audit.entries_for(overeenkomst)
    )

    # 3. The beleidsadviseur sees who signed, when and for whom, and who is still missing:
    # Gemeente A and Y had signed, X makes three of the seven.
    page = adviseur.page
    adviseur.click(phase_link(page, "Prestatieafspraken"))
    adviseur.click(page.get_by_role("link", name=TITEL, exact=True))
    section = page.get_by_role("region", name="Partijen en ondertekening")
    expect(section).to_contain_text("3 van 7 partijen hebben versie 1 getekend.")
    with translation.override("nl"):
        when = date_filter(timezone.localtime(ondertekening.ondertekend_op), "j F Y H:i")
    expect_signed(row(page, X))
    expect(row(page, X)).to_contain_text(f"Dirk de Directeur, directeur-bestuurder, {when}")
    for naam, _rol in afspraken_demo.PARTIJEN:
        if naam in ("Gemeente A", X, Y):
            expect_signed(row(page, naam))
        else:
            expect(row(page, naam)).to_contain_text("nog niet getekend")
    adviseur.screenshot("ondertekeningen")


def test_partner_of_y_cannot_sign_on_behalf_of_x(browser, demo_phases, demo):
    demo_phases("analyses", "visies", "prestatieafspraken")
    overeenkomst = awaiting_signature_of_x(demo)
    assert overeenkomst.partijen.filter(organisatie=demo.organisaties[Y]).exists()
    before = set(Ondertekening.objects.values_list("pk", flat=True))

    tab = browser()
    page = tab.page
    tab.log_in(PARTNER_Y, DEMO_PASSWORD)
    taak = row(page, TITEL, exact=False)
    expect(taak).to_contain_text("uw organisatie heeft versie 1 getekend")
    tab.click(taak.get_by_role("link", name=TITEL, exact=True))
    expect(row(page, X)).to_contain_text("nog niet getekend")
    expect(page.get_by_role("link", name=re.compile("^Teken namens"))).to_have_count(0)

    # The signing page says Y has signed, and offers no button at all, for X or anyone.
    tab.open(
        reverse(
            "prestatieafspraken:ondertekenen",
            kwargs={"gemeente": demo.gemeente_a.cbs_code, "pk": overeenkomst.pk},
        )
    )
    expect(page.get_by_role("main")).to_contain_text(f"{Y} heeft versie 1 al")
    expect(page.get_by_role("button", name=re.compile("^Ondertekenen namens"))).to_have_count(0)

    # A forged POST naming X signs nothing: a signature is always for the signer's own
    # organisatie, and Y's is there already.
    csrf = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        page.url,
        form={
            "csrfmiddlewaretoken": csrf,
            "inhoud_hash": overeenkomst.inhoud_hash,
            "functie": "directeur-bestuurder",
            "akkoord": "on",
            "organisatie": str(demo.organisaties[X].pk),
        },
        max_redirects=0,
    )
    # Not a 403: the view lets the service answer a party that signed already, on the page.
    assert response.status == 200
    assert f"{Y} heeft versie 1 al ondertekend" in response.text()
    assert set(Ondertekening.objects.values_list("pk", flat=True)) == before
    assert not Ondertekening.objects.filter(organisatie=demo.organisaties[X]).exists()
