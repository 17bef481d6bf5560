"""The overeenkomst as a PDF: what its HTML holds, that the real PDF renders cleanly, who gets it.

The agreement of Gemeente A went through two versies: Woningcorporatie X signed versie 1, then an
afspraak changed (its signature vervallen); the gemeente signed versie 2, X has not yet. It has a
jaarschijf 2024. Real rendering costs about a second, so one test renders; the rest use the HTML
or a stub.
"""

import io
import logging

import pytest
from django.urls import reverse
from pypdf import PdfReader

from prestatieafspraken import services
from prestatieafspraken.views import ondertekening as views
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from woonzorg.models import Rol
from woonzorg.pdf import render_html

AFSPRAAK_TEKST = "Woningcorporatie X realiseert 110 geclusterde wooneenheden voor ouderen."
JAARDOEL_TEKST = "In 2024 start de bouw van de eerste 20 wooneenheden aan de Kerkstraat."


@pytest.fixture
def o(wereld):
    overeenkomst = OvereenkomstFactory(
        gemeente=wereld.gemeente, titel="Prestatieafspraken Wonen & Zorg 2022–2025"
    )
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.gemeente_organisatie)
    afspraak = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="1.1",
        titel="Geclusterd wonen",
        tekst="Woningcorporatie X realiseert 100 geclusterde wooneenheden.",
        aantal=110,
        eenheid="wooneenheden",
    )
    JaardoelFactory(
        jaarschijf=JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024, toelichting=""),
        afspraak=afspraak,
        aantal=20,
        tekst=JAARDOEL_TEKST,
    )
    namen = {wereld.partner: ("Fatima", "El Amrani"), wereld.beleidsadviseur: ("Joost", "de Vries")}
    for user, (voornaam, achternaam) in namen.items():
        user.first_name, user.last_name = voornaam, achternaam
        user.save()
    services.ter_ondertekening(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    services.onderteken(
        overeenkomst,
        door=wereld.partner,
        gelezen_hash=services.bereken_hash(overeenkomst),
        functie="directeur-bestuurder",
    )
    afspraak.tekst = AFSPRAAK_TEKST
    afspraak.save()
    services.registreer_wijziging(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    services.onderteken(
        overeenkomst,
        door=wereld.beleidsadviseur,
        gelezen_hash=services.bereken_hash(overeenkomst),
        functie="wethouder wonen",
    )
    overeenkomst.refresh_from_db()
    return overeenkomst


def pdf_url(overeenkomst):
    return reverse(
        "prestatieafspraken:pdf",
        kwargs={"gemeente": overeenkomst.gemeente.cbs_code, "pk": overeenkomst.pk},
    )


def test_the_html_holds_the_parties_the_text_the_jaarschijven_and_the_signatures(wereld, o):
    eerste, tweede = o.ondertekeningen.order_by("versie")

    html = render_html(views.PDF_TEMPLATE, views.pdf_context(o, wereld.lezer))

    assert '<html lang="nl">' in html
    assert "<title>Prestatieafspraken Wonen &amp; Zorg 2022–2025 (versie 2)</title>" in html
    for tekst in (
        "Woningcorporatie X (ondertekenaar)",
        "Gemeente A (organisatie) (ondertekenaar)",
        AFSPRAAK_TEKST,
        JAARDOEL_TEKST,
        "20 wooneenheden",
        "Ze horen niet bij de ondertekende tekst",
        "Joost de Vries",
        "wethouder wonen",
        "Fatima El Amrani",
        "directeur-bestuurder",
        "vervallen: de tekst is na ondertekening gewijzigd",
        "Nog niet ondertekend (versie 2): Woningcorporatie X.",
        f'<code class="sha256">{tweede.inhoud_hash}</code>',
        f'<code class="sha256">{eerste.inhoud_hash}</code>',
    ):
        assert tekst in html, tekst
    assert "Woningcorporatie X realiseert 100" not in html  # the old text is not the text
    assert tweede.inhoud_hash == o.inhoud_hash != eerste.inhoud_hash
    # Self-contained: nothing to fetch, so nothing that can go missing.
    assert "<link" not in html and "src=" not in html and "url(" not in html


def test_a_lezer_downloads_a_real_pdf_that_renders_without_errors(login, wereld, o, caplog):
    caplog.set_level(logging.WARNING)

    response = login(wereld.lezer).get(pdf_url(o))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="prestatieafspraken-wonen-zorg-2022-2025-versie-2.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    tekst = " ".join(pagina.extract_text() for pagina in reader.pages)
    assert "Woningcorporatie X" in tekst
    assert "110 geclusterde wooneenheden voor ouderen" in tekst
    assert "Joost de Vries" in tekst
    assert o.inhoud_hash[:16] in tekst
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, as PDF/UA asks
    assert reader.metadata.title.startswith("Prestatieafspraken Wonen & Zorg")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.getMessage().startswith("Ignored")]  # valid CSS


@pytest.fixture
def stub(monkeypatch):
    """Skip WeasyPrint where only access is tested; record what would have been rendered."""
    gemaakt = []

    def render_pdf(template_name, context, request=None):
        gemaakt.append(context["overeenkomst"])
        return b"%PDF-1.7 stub"

    monkeypatch.setattr(views, "render_pdf", render_pdf)
    return gemaakt


@pytest.mark.parametrize(
    "wie", ["beleidsadviseur", "programmaleider", "lezer", "partner", "beheerder"]
)
def test_every_role_that_sees_the_overeenkomst_gets_the_pdf(login, wereld, o, stub, wie):
    response = login(wereld.user(wie)).get(pdf_url(o))

    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 stub"
    assert stub == [o]


def test_others_get_a_404(login, wereld, o, stub):
    zorgaanbieder = OrganisatieFactory(werkgebied=[wereld.gemeente])
    partner = UserFactory(organisatie=zorgaanbieder)
    RolFactory(user=partner, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)

    assert login(wereld.andere_beleidsadviseur).get(pdf_url(o)).status_code == 404
    assert login(partner).get(pdf_url(o)).status_code == 404  # not a party
    assert stub == []


def test_the_file_name_is_safe_whatever_the_title():
    overeenkomst = OvereenkomstFactory.build(titel='Pact "Wonen" / Zorg: ../../etc', versie=3)

    assert views.pdf_bestandsnaam(overeenkomst) == "pact-wonen-zorg-etc-versie-3.pdf"
    assert views.pdf_bestandsnaam(OvereenkomstFactory.build(titel="¿?", versie=1)) == (
        "overeenkomst-versie-1.pdf"
    )
