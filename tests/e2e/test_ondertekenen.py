"""Signing an agreement: the gemeente invites a new contact person of a woningcorporatie, who
chooses a password from the e-mail, finds the agreement under "Mijn taken", reads it and signs it
on behalf of the corporatie; the gemeente then sees who signed, when, and who is still missing.

The demo's prestatieafspraken are out for signature (prestatieafspraken/demo.py): Gemeente A and
Woningcorporatie Y have signed, Woningcorporatie X and the other parties not yet.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from playwright.sync_api import expect

from prestatieafspraken import demo as afspraken_demo
from prestatieafspraken.models import Ondertekening, Overeenkomst
from woonzorg import audit
from woonzorg.management.commands.load_demo import DEMO_PASSWORD
from woonzorg.models import Rol, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BELEIDSADVISEUR = "beleidsadviseur@gemeente-a.demo"
PARTNER_Y = "partner@woningcorporatie-y.demo"
DIRECTEUR_X = "directeur@woningcorporatie-x.test"
WACHTWOORD_X = "Geclusterd-wonen-110"
X, Y = "Woningcorporatie X", "Woningcorporatie Y"
TITEL = afspraken_demo.TITEL


def wacht_op_handtekening_van_x(demo) -> Overeenkomst:
    """The demo agreement, out for signature and still missing X's signature (checked, so a
    changed demo fails here rather than halfway through the story)."""
    overeenkomst = Overeenkomst.objects.get(gemeente=demo.gemeente_a, titel=TITEL)
    assert overeenkomst.status == Overeenkomst.Status.TER_ONDERTEKENING
    assert demo.organisaties[X].pk in overeenkomst.ondertekenaar_ids()
    return overeenkomst


def link_uit(mail) -> str:
    """The path of the one link in an e-mail's plain text."""
    (url,) = re.findall(r"https?://\S+", mail.body)
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def rij(page, naam: str):
    """The row of the partijen table for one party (its name is the row header)."""
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=naam, exact=True))


def test_nieuwe_contactpersoon_tekent_namens_de_corporatie(browser, demo_fasen, demo, mailoutbox):
    demo_fasen("analyses", "visies", "prestatieafspraken")
    overeenkomst = wacht_op_handtekening_van_x(demo)
    versie = overeenkomst.versie

    # 1. The beleidsadviseur invites the corporatie's director.
    adviseur = browser()
    adviseur.inloggen(BELEIDSADVISEUR, DEMO_PASSWORD)
    page = adviseur.page
    adviseur.klik(page.get_by_role("link", name="Gebruikers", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebruikers van Gemeente A")
    adviseur.klik(page.get_by_role("link", name="Iemand uitnodigen"))
    page.get_by_label("E-mailadres").fill(DIRECTEUR_X)
    page.get_by_label("Voornaam").fill("Dirk")
    page.get_by_label("Achternaam").fill("de Directeur")
    page.get_by_label("Organisatie").select_option(label=X)
    page.get_by_label("Rol").select_option(label="partner")
    adviseur.verstuur("Uitnodiging versturen")
    expect(page.get_by_role("status")).to_contain_text(f"Uitnodiging verstuurd naar {DIRECTEUR_X}.")
    uitgenodigd = page.get_by_role("row").filter(has_text=DIRECTEUR_X)
    expect(uitgenodigd).to_contain_text("Dirk de Directeur")
    expect(uitgenodigd).to_contain_text(X)
    expect(uitgenodigd).to_contain_text("nog niet ingelogd")

    directeur = User.objects.get(email=DIRECTEUR_X)
    assert directeur.organisatie == demo.organisaties[X]
    assert not directeur.has_usable_password()
    assert Rol.objects.get(user=directeur, gemeente=demo.gemeente_a).soort == Rol.Soort.PARTNER
    (uitnodiging,) = mailoutbox
    assert uitnodiging.to == [DIRECTEUR_X]
    assert "Uitnodiging voor Woonzorg Gemeente A" in uitnodiging.subject

    # 2. The director opens the link, chooses a password and is logged in, on "Mijn taken".
    tab = browser()
    page = tab.page
    tab.open(link_uit(uitnodiging))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij Woonzorg")
    expect(page.get_by_role("main")).to_contain_text(DIRECTEUR_X)
    page.get_by_label(re.compile(r"Nieuw wachtwoord\W*$")).fill(WACHTWOORD_X)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(WACHTWOORD_X)
    tab.verstuur("Wachtwoord instellen")
    assert tab.path == "/taken/"
    expect(page.get_by_role("status")).to_contain_text("Uw wachtwoord is ingesteld")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn taken")
    taak = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=TITEL))
    expect(taak).to_contain_text("Dringend")
    expect(taak).to_contain_text("de handtekening van uw organisatie ontbreekt")
    expect(taak.get_by_role("link", name=re.compile(r"^Ondertekenen\s*:"))).to_be_visible()
    tab.schermafdruk("taken")

    # It opens the agreement itself, then goes to sign it for Woningcorporatie X.
    tab.klik(taak.get_by_role("link", name=TITEL, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITEL)
    expect(rij(page, X)).to_contain_text("nog niet getekend")
    tab.klik(page.get_by_role("link", name=f"Teken namens {X}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITEL)
    expect(page.get_by_role("main")).to_contain_text(f"Onderaan de pagina ondertekent u namens {X}")
    tekst = page.get_by_role("region", name="De tekst die u ondertekent")
    expect(tekst).to_contain_text("Ontwikkeling van geclusterde woonvormen")
    expect(tekst).to_contain_text("110 nieuwe geclusterde wooneenheden")
    page.get_by_label("Functie").fill("directeur-bestuurder")
    page.get_by_label("Ik heb deze versie gelezen en onderteken haar namens mijn").check()
    tab.schermafdruk("ondertekenen")
    tab.verstuur(f"Ondertekenen namens {X}")
    expect(page.get_by_role("status")).to_contain_text(
        f"U heeft versie {versie} ondertekend namens {X}."
    )
    expect(rij(page, X)).to_contain_text("getekend")
    expect(rij(page, X)).to_contain_text("Dirk de Directeur, directeur-bestuurder")

    ondertekening = Ondertekening.objects.get(
        overeenkomst=overeenkomst, organisatie=demo.organisaties[X], vervallen=False
    )
    overeenkomst.refresh_from_db()
    assert ondertekening.ondertekend_door == directeur
    assert ondertekening.functie == "directeur-bestuurder"
    assert (ondertekening.versie, ondertekening.inhoud_hash) == (versie, overeenkomst.inhoud_hash)
    assert overeenkomst.status == Overeenkomst.Status.TER_ONDERTEKENING  # others still missing
    assert any(
        entry.user == directeur and f"Ondertekend namens {X}" in entry.change_message
        for entry in audit.entries_for(overeenkomst)
    )

    # 3. The beleidsadviseur sees who signed, when and for whom, and who is still missing.
    page = adviseur.page
    cyclus = page.get_by_role("navigation", name="De woonzorgcyclus")
    adviseur.klik(cyclus.get_by_role("link", name=re.compile("^Prestatieafspraken")))
    adviseur.klik(page.get_by_role("link", name=TITEL, exact=True))
    getekend = Ondertekening.objects.filter(overeenkomst=overeenkomst, versie=versie).count()
    partijen = overeenkomst.partijen.count()
    sectie = page.get_by_role("region", name="Partijen en ondertekening")
    expect(sectie).to_contain_text(
        f"{getekend} van {partijen} partijen hebben versie {versie} getekend."
    )
    with translation.override("nl"):
        wanneer = date_filter(timezone.localtime(ondertekening.ondertekend_op), "j F Y H:i")
    x = rij(page, X)
    expect(x).to_contain_text("getekend")
    expect(x).to_contain_text(f"Dirk de Directeur, directeur-bestuurder, {wanneer}")
    expect(x).not_to_contain_text("nog niet getekend")
    for naam, _rol in afspraken_demo.PARTIJEN:
        if naam in ("Gemeente A", X, Y):
            expect(rij(page, naam)).not_to_contain_text("nog niet getekend")
        else:
            expect(rij(page, naam)).to_contain_text("nog niet getekend")
    adviseur.schermafdruk("ondertekeningen")


def test_partner_van_y_tekent_niet_namens_x(browser, demo_fasen, demo):
    demo_fasen("analyses", "visies", "prestatieafspraken")
    overeenkomst = wacht_op_handtekening_van_x(demo)
    assert overeenkomst.partijen.filter(organisatie=demo.organisaties[Y]).exists()
    voor = set(Ondertekening.objects.values_list("pk", flat=True))

    tab = browser()
    page = tab.page
    tab.inloggen(PARTNER_Y, DEMO_PASSWORD)
    taak = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=TITEL))
    expect(taak).to_contain_text(f"uw organisatie heeft versie {overeenkomst.versie} getekend")
    tab.klik(taak.get_by_role("link", name=TITEL, exact=True))
    expect(rij(page, X)).to_contain_text("nog niet getekend")
    expect(page.get_by_role("link", name=re.compile("^Teken namens"))).to_have_count(0)

    # The signing page says Y has signed, and offers no button at all, for X or anyone.
    tab.open(f"/g/{demo.gemeente_a.cbs_code}/prestatieafspraken/{overeenkomst.pk}/ondertekenen/")
    expect(page.get_by_role("main")).to_contain_text(f"{Y} heeft versie {overeenkomst.versie} al")
    expect(page.get_by_role("button", name=re.compile("^Ondertekenen namens"))).to_have_count(0)

    # A forged POST naming X signs nothing: a signature is always for the signer's own
    # organisatie, and Y's is there already.
    csrf = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    antwoord = page.request.post(
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
    assert antwoord.status == 200
    assert f"{Y} heeft versie {overeenkomst.versie} al ondertekend" in antwoord.text()
    assert set(Ondertekening.objects.values_list("pk", flat=True)) == voor
    assert not Ondertekening.objects.filter(organisatie=demo.organisaties[X]).exists()
