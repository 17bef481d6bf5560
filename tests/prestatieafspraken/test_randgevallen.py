"""Edge cases found in review: who may set off a new versie, admin paths into the signed text,
odd input, mail that fails, a period that would strand jaarschijven."""

import logging

import pytest
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import Opgave, Overeenkomst
from prestatieafspraken.views.ondertekening import PDF_TEMPLATE, pdf_context
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaarschijfFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.woonzorg.factories import RolFactory, UserFactory
from woonzorg.models import Rol
from woonzorg.pdf import render_html


@pytest.fixture
def getekend(wereld):
    """Out for signature, signed by the gemeente; the corporatie has not signed yet."""
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=o, organisatie=wereld.gemeente_organisatie)
    PartijFactory(overeenkomst=o, organisatie=wereld.corporatie)
    opgave = Opgave.objects.filter(domein="wonen").first()
    AfspraakFactory(overeenkomst=o, nummer="1.1", opgave=opgave)
    services.ter_ondertekening(o, door=wereld.beleidsadviseur, mail=False)
    o.refresh_from_db()
    services.onderteken(o, door=wereld.beleidsadviseur, gelezen_hash=o.inhoud_hash)
    o.refresh_from_db()
    return o


def ondertekenen(gemeente, o):
    return reverse(
        "prestatieafspraken:ondertekenen", kwargs={"gemeente": gemeente.cbs_code, "pk": o.pk}
    )


def test_a_lezer_of_a_signed_organisatie_sets_off_no_new_versie(wereld, getekend, login):
    """A changed text found on signing makes a new versie, but only a signer sets that off."""
    collega = UserFactory(organisatie=wereld.gemeente_organisatie)
    RolFactory(user=collega, gemeente=wereld.gemeente, soort=Rol.Soort.LEZER)
    Opgave.objects.filter(afspraken__overeenkomst=getekend).update(naam="Hernoemde opgave")

    response = login(collega).post(
        ondertekenen(wereld.gemeente, getekend), {"inhoud_hash": "x" * 64, "akkoord": "on"}
    )

    getekend.refresh_from_db()
    assert response.status_code == 200  # told the organisatie has signed; nothing written
    assert (getekend.versie, getekend.ondertekeningen.filter(vervallen=True).count()) == (1, 0)


def test_a_signer_who_finds_a_changed_text_makes_the_new_versie_and_the_parties_are_told(
    wereld, getekend, django_capture_on_commit_callbacks, mailoutbox
):
    Opgave.objects.filter(afspraken__overeenkomst=getekend).update(naam="Hernoemde opgave")
    with django_capture_on_commit_callbacks(execute=True):
        services.onderteken(
            getekend,
            door=wereld.partner,
            gelezen_hash=services.bereken_hash(getekend),
            base_url="https://woonzorg.example.org/",
        )
    getekend.refresh_from_db()
    assert getekend.versie == 2
    assert getekend.ondertekeningen.get(vervallen=True).organisatie == wereld.gemeente_organisatie
    # every party is asked for versie 2 (the gemeente again), with a link to this site
    assert {bericht.to[0] for bericht in mailoutbox} == {
        wereld.beleidsadviseur.email,
        wereld.programmaleider.email,
        wereld.partner.email,
    }
    assert "https://woonzorg.example.org/g/" in mailoutbox[0].body


def test_renaming_an_opgave_in_the_admin_makes_a_new_versie(wereld, getekend, client):
    opgave = Opgave.objects.get(afspraken__overeenkomst=getekend)
    client.force_login(wereld.beheerder)
    response = client.post(
        reverse("admin:prestatieafspraken_opgave_change", args=[opgave.pk]),
        {
            "domein": opgave.domein,
            "naam": "Een andere naam",
            "volgorde": opgave.volgorde,
            "maatregelen-TOTAL_FORMS": "0",
            "maatregelen-INITIAL_FORMS": "0",
            "maatregelen-MIN_NUM_FORMS": "0",
            "maatregelen-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    getekend.refresh_from_db()
    assert getekend.versie == 2
    assert getekend.inhoud_hash == services.bereken_hash(getekend)


def test_a_mail_server_that_fails_is_logged_and_the_offer_stands(
    wereld, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=o, organisatie=wereld.corporatie)
    AfspraakFactory(overeenkomst=o)

    def kapot(*args, **kwargs):
        raise ConnectionRefusedError("smtp")

    monkeypatch.setattr(services, "send_mass_mail", kapot)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        services.ter_ondertekening(o, door=wereld.beleidsadviseur, base_url="http://x/")
    o.refresh_from_db()
    assert o.status == Overeenkomst.Status.TER_ONDERTEKENING
    assert "niet verstuurd" in caplog.text


@pytest.mark.parametrize("parameter", ["maatregel", "overeenkomst"])
def test_a_non_ascii_digit_in_the_address_is_ignored(wereld, login, parameter):
    o = OvereenkomstFactory(gemeente=wereld.gemeente)
    naam, kwargs = (
        ("afspraak_create", {"pk": o.pk}) if parameter == "maatregel" else ("catalogus", {})
    )
    adres = reverse(
        f"prestatieafspraken:{naam}", kwargs={"gemeente": wereld.gemeente.cbs_code, **kwargs}
    )
    assert login(wereld.beleidsadviseur).get(f"{adres}?{parameter}=²").status_code == 200


def test_a_huge_jaardoel_is_a_dutch_error(wereld, login):
    jaarschijf = JaarschijfFactory(overeenkomst__gemeente=wereld.gemeente)
    afspraak = AfspraakFactory(overeenkomst=jaarschijf.overeenkomst)
    adres = reverse(
        "prestatieafspraken:jaarschijf_update",
        kwargs={"gemeente": wereld.gemeente.cbs_code, "pk": jaarschijf.pk},
    )
    response = login(wereld.beleidsadviseur).post(
        adres, {"toelichting": "", f"aantal_{afspraak.pk}": "99999999999999999999"}
    )
    assert response.status_code == 200
    assert "Dit jaardoel is te groot." in response.content.decode()


def test_a_period_that_would_leave_a_jaarschijf_outside_is_refused(wereld, login):
    o = OvereenkomstFactory(gemeente=wereld.gemeente, periode_start=2022, periode_eind=2025)
    JaarschijfFactory(overeenkomst=o, jaar=2022)
    adres = reverse(
        "prestatieafspraken:update", kwargs={"gemeente": wereld.gemeente.cbs_code, "pk": o.pk}
    )
    response = login(wereld.beleidsadviseur).post(
        adres,
        {"titel": o.titel, "soort": o.soort, "periode_start": "2023", "periode_eind": "2026"},
    )
    assert response.status_code == 200
    assert "Er zijn jaarschijven voor 2022, buiten deze periode." in response.content.decode()
    o.refresh_from_db()
    assert (o.periode_start, o.periode_eind) == (2022, 2025)


def test_a_text_changed_elsewhere_is_flagged_on_the_page_and_in_the_pdf(wereld, getekend, login):
    adres = getekend.get_absolute_url()
    client = login(wereld.lezer)
    assert "Let op: de tekst is gewijzigd" not in client.get(adres).content.decode()

    Opgave.objects.filter(afspraken__overeenkomst=getekend).update(naam="Hernoemde opgave")

    assert "Let op: de tekst is gewijzigd" in client.get(adres).content.decode()
    html = render_html(PDF_TEMPLATE, pdf_context(getekend, wereld.lezer))
    assert "Let op: de tekst is gewijzigd" in html
