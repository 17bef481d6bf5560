"""The jaarschijfrapport: what its PDF says, that it renders cleanly, and what it costs in queries.

Gemeente A's year 2024: the signed Prestatieafspraken Wonen & Zorg 2022–2025 (the gemeente
signed, Woningcorporatie X not yet) with afspraak 1.1 "Geclusterd wonen voor ouderen", 110
wooneenheden, jaardoel 2024: 20. Two activiteiten carry it out: Kerkstraat (20, gereed) and De
Linde (40 planned, 12 realised, past its end in June: te laat), so 32 of 110 are realised. Its
indicator runs from 0 in 2022 to 110 in 2025, so 2024 asks 73,3; 75 was measured: op koers. A
gemeente-wide indicator (80% in 2020 to 90% in 2024, 83% measured) is achter. Real rendering costs
about a second, so one test renders; the rest read the HTML.
"""

import base64
import datetime
import io
import logging
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from borging import rapport as rapport_module
from borging.models import Jaarschijfrapport
from borging.rapport import PDF_TEMPLATE, euro, maak_pdf, rapport_inhoud, waarde_nl, zoals_op
from prestatieafspraken.models import Overeenkomst
from tests.borging.factories import (
    EvaluatieFactory,
    IndicatorFactory,
    JaarschijfrapportFactory,
    MetingFactory,
    StreefwaardeFactory,
    jaarschijfgegevens,
)
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
    VoortgangFactory,
)
from tests.visies.factories import AmbitieFactory
from tests.woonzorg.factories import GemeenteFactory, UserFactory
from uitvoering.models import Activiteit
from woonzorg.pdf import render_html

JAAR = 2024


@pytest.fixture
def jaar_a(wereld):
    """Gemeente A's 2024, as the module docstring tells it."""
    gemeente = wereld.gemeente
    overeenkomst = OvereenkomstFactory(
        gemeente=gemeente,
        titel="Prestatieafspraken Wonen & Zorg 2022–2025",
        status=Overeenkomst.Status.ONDERTEKEND,
    )
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.gemeente_organisatie)
    OndertekeningFactory(
        overeenkomst=overeenkomst,
        organisatie=wereld.gemeente_organisatie,
        ondertekend_door=wereld.beleidsadviseur,
        naam="Joost de Vries",
        functie="wethouder wonen",
    )
    ambitie = AmbitieFactory(
        visie__gemeente=gemeente,
        titel="Ouderen wonen langer zelfstandig",
        thema__naam="Langer zelfstandig thuis",
    )
    afspraak = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="1.1",
        titel="Geclusterd wonen voor ouderen",
        aantal=110,
        eenheid="wooneenheden",
        trekker=wereld.corporatie,
        ambitie=ambitie,
        deadline=datetime.date(2025, 12, 31),
    )
    JaardoelFactory(
        jaarschijf=JaarschijfFactory(overeenkomst=overeenkomst, jaar=JAAR),
        afspraak=afspraak,
        aantal=20,
        tekst="Start van de bouw aan de Kerkstraat.",
    )
    JaardoelFactory(
        jaarschijf=JaarschijfFactory(overeenkomst=overeenkomst, jaar=JAAR + 1),
        afspraak=afspraak,
        aantal=40,
        tekst="Oplevering van zorgcluster De Linde.",
    )
    programma = UitvoeringsprogrammaFactory(gemeente=gemeente)
    kerkstraat = ActiviteitFactory(
        programma=programma,
        afspraak=afspraak,
        titel="Kerkstraat: 20 geclusterde woningen",
        trekker=wereld.corporatie,
        aantal=20,
        gerealiseerd_aantal=20,
        status=Activiteit.Status.GEREED,
    )
    linde = ActiviteitFactory(
        programma=programma,
        afspraak=afspraak,
        titel="Zorgcluster De Linde",
        trekker=wereld.corporatie,
        aantal=40,
        gerealiseerd_aantal=12,
        status=Activiteit.Status.IN_UITVOERING,
        start=datetime.date(2023, 1, 1),
        eind=datetime.date(2024, 6, 30),
    )
    BegrotingspostFactory(
        activiteit=kerkstraat,
        jaar=JAAR,
        bedrag=Decimal("1250000.00"),
        besteed=Decimal("1100000.50"),
    )
    BegrotingspostFactory(activiteit=linde, jaar=JAAR, bedrag=Decimal("300000.00"))
    BegrotingspostFactory(activiteit=linde, jaar=JAAR + 1, bedrag=Decimal("999.00"))  # not 2024
    indicator = IndicatorFactory(
        gemeente=gemeente,
        naam="Opgeleverde geclusterde woningen",
        eenheid="woningen",
        afspraak=afspraak,
        eigenaar=wereld.corporatie,
        nulmeting=Decimal(0),
        nulmeting_jaar=2022,
    )
    StreefwaardeFactory(indicator=indicator, jaar=2025, waarde=Decimal(110))
    MetingFactory(indicator=indicator, jaar=2023, waarde=Decimal(20))
    MetingFactory(indicator=indicator, jaar=JAAR, waarde=Decimal(75))
    gemeentebreed = IndicatorFactory(
        gemeente=gemeente,
        naam="Ouderen die zelfstandig wonen",
        eenheid="procent",
        eigenaar=wereld.gemeente_organisatie,
        nulmeting=Decimal(80),
        nulmeting_jaar=2020,
    )
    StreefwaardeFactory(indicator=gemeentebreed, jaar=JAAR, waarde=Decimal(90))
    MetingFactory(indicator=gemeentebreed, jaar=JAAR, waarde=Decimal("83.5"))
    evaluatie = EvaluatieFactory(
        gemeente=gemeente,
        jaar=JAAR,
        wat_gaat_goed="De bouw aan de Kerkstraat liep volgens plan.",
        obstakels="Netcongestie vertraagt zorgcluster De Linde.",
        bijsturing="De corporatie zoekt een tijdelijke aansluiting.",
    )
    evaluatie.afspraken.add(afspraak)
    # Not in the report: a concept agreement, and another gemeente's work.
    concept = OvereenkomstFactory(gemeente=gemeente, titel="Conceptpact")
    AfspraakFactory(overeenkomst=concept, titel="Nog niet aangeboden")
    AfspraakFactory(overeenkomst__gemeente=wereld.andere_gemeente, titel="Elders afgesproken")
    return afspraak


def pdf_tekst(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(pagina.extract_text() for pagina in reader.pages).replace("\xa0", " ")


def test_the_pdf_shows_target_realisation_and_stoplicht_and_renders_cleanly(wereld, jaar_a, caplog):
    caplog.set_level(logging.WARNING)
    rapport = JaarschijfrapportFactory(gemeente=wereld.gemeente, jaar=JAAR)

    uitkomst = maak_pdf(rapport)

    assert uitkomst.status == Jaarschijfrapport.Status.KLAAR
    assert uitkomst.pogingen == 1 and uitkomst.fout == "" and uitkomst.klaar_op
    # (Storage adds a suffix when an earlier test left a file of the same name.)
    assert uitkomst.bestand.name.startswith(
        f"jaarschijfrapporten/GM0001/jaarschijfrapport-GM0001-2024-{rapport.pk}"
    )
    with uitkomst.bestand.open("rb") as bestand:
        pdf = bestand.read()
    assert pdf.startswith(b"%PDF-")
    tekst = pdf_tekst(pdf)
    for verwacht in (
        "Jaarschijfrapport 2024",
        "Gemeente A",
        "Geclusterd wonen voor ouderen",
        "110 wooneenheden",  # the target
        "20 wooneenheden",  # the jaardoel 2024
        "32 van 110 wooneenheden (29%)",  # the realisation: 20 + 12
        "60 van 110 gepland in activiteiten",  # the dekking
        "Zorgcluster De Linde",
        "te laat",
        "op koers",  # the afspraak's indicator: 75 against 73,3
        "75 gemeten in 2024; het traject vraagt 73,3.",
        "achter",  # the gemeente-wide one: 83,5 against 90
        "Ouderen die zelfstandig wonen",
        "€ 1.550.000,00",  # begroot in 2024, Dutch notation
        "€ 1.100.000,50",  # besteed
        "Joost de Vries",
        "Nog niet ondertekend (versie 1): Woningcorporatie X.",
        "Netcongestie vertraagt zorgcluster De Linde.",
        "Oplevering van zorgcluster De Linde.",  # next year's jaardoel
    ):
        assert verwacht in tekst, verwacht
    for niet in ("Nog niet aangeboden", "Elders afgesproken", "999,00"):
        assert niet not in tekst, niet
    reader = PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, as PDF/UA asks
    assert reader.metadata.title == "Jaarschijfrapport 2024 — Gemeente A"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.getMessage().startswith("Ignored")]  # valid CSS


def html_van(gemeente, jaar=JAAR):
    rapport = JaarschijfrapportFactory(gemeente=gemeente, jaar=jaar)
    return render_html(PDF_TEMPLATE, {"inhoud": rapport_inhoud(gemeente, jaar), "rapport": rapport})


def test_the_html_is_semantic_and_self_contained(wereld, jaar_a):
    html = html_van(wereld.gemeente)

    assert '<html lang="nl">' in html
    assert "<title>Jaarschijfrapport 2024 — Gemeente A</title>" in html
    assert '<h1 id="titel">Jaarschijfrapport 2024</h1>' in html
    assert "Ambitie: Ouderen wonen langer zelfstandig" in html
    assert '<span class="stoplicht stoplicht-groen">' in html
    assert '<span class="stoplicht stoplicht-rood">' in html
    assert '"DejaVu Sans"' in html
    # A chart per indicator, as an image of its SVG whose alt text gives the figures in words.
    grafieken = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)">', html)
    assert len(grafieken) == 2
    svg = base64.b64decode(grafieken[0][0]).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert grafieken[0][1].startswith("Opgeleverde geclusterde woningen. ")
    assert "Gemeten (woningen): 2022: 0, 2023: 20, 2024: 75" in grafieken[0][1]
    # Self-contained: nothing to fetch, so nothing that can go missing.
    assert "<link" not in html and "url(" not in html
    assert html.count("src=") == html.count('src="data:') == 2


def test_every_empty_part_says_so(db):
    gemeente = GemeenteFactory(naam="Gemeente Leeg")

    html = html_van(gemeente)

    for zin in (
        "In 2024 liep geen ondertekende of ter ondertekening aangeboden overeenkomst",
        "Er zijn geen afspraken uit overeenkomsten die in 2024 liepen.",
        "er zijn geen overige indicatoren.",
        "Voor 2024 zijn geen begrotingsposten vastgelegd",
        "In 2024 liep geen overeenkomst die ter ondertekening is aangeboden.",
        "Voor 2024 is geen evaluatie vastgelegd.",
        "Voor 2025 is nog geen jaarschijf vastgelegd.",
    ):
        assert zin in html, zin


def test_an_afspraak_without_activiteit_or_indicator_says_so(wereld):
    overeenkomst = OvereenkomstFactory(
        gemeente=wereld.gemeente, status=Overeenkomst.Status.TER_ONDERTEKENING
    )
    AfspraakFactory(overeenkomst=overeenkomst, titel="Een procesafspraak")

    html = html_van(wereld.gemeente)

    assert "Een procesafspraak" in html
    assert "Afspraken zonder ambitie uit de visie" in html
    assert "Er is nog geen activiteit die deze afspraak uitvoert." in html
    assert "Er is geen indicator die deze afspraak monitort." in html
    assert "geen jaardoel voor 2024" in html
    assert "Bij deze overeenkomst zijn nog geen partijen vastgelegd." in html


def test_a_year_without_meting_shows_the_latest_one_with_its_year(wereld):
    indicator = IndicatorFactory(gemeente=wereld.gemeente, naam="Ontmoetingsruimten")
    StreefwaardeFactory(indicator=indicator, jaar=JAAR, waarde=Decimal(4))
    MetingFactory(indicator=indicator, jaar=JAAR - 1, waarde=Decimal(3))

    html = html_van(wereld.gemeente)

    assert "Streefwaarde 2024:</strong> 4 woningen" in html
    assert "Laatst gemeten (2023):</strong> 3 woningen" in html
    assert "Gemeten 2024:" not in html


def test_the_content_adds_up(wereld, jaar_a):
    inhoud = rapport_inhoud(wereld.gemeente, JAAR)

    s = inhoud.samenvatting
    assert (s.afspraken, s.activiteiten, s.gereed, s.te_laat) == (1, 2, 1, 1)
    assert s.lichten == {"groen": 1, "rood": 1}
    assert [(t.label, t.aantal) for t in s.per_kleur] == [
        ("op koers", 1),
        ("iets achter", 0),
        ("achter", 1),
        ("geen oordeel", 0),
    ]
    assert (s.begroot, s.besteed) == (Decimal("1550000.00"), Decimal("1100000.50"))
    assert (s.overeenkomsten, s.volledig_getekend) == (1, 0)
    [(ambitie, [regel])] = inhoud.per_ambitie
    assert ambitie.titel == "Ouderen wonen langer zelfstandig"
    assert regel.afspraak == jaar_a and regel.jaardoel.aantal == 20
    assert regel.gerealiseerd == 32 and regel.besteed_onbekend == 1
    assert regel.verschil_euro == "€\u00a0449.999,50"
    [indicator] = regel.indicatoren
    assert indicator.streefwaarde_tekst == "73,3" and indicator.gemeten_tekst == "75"
    assert [r.indicator.naam for r in inhoud.losse_indicatoren] == ["Ouderen die zelfstandig wonen"]
    [stand] = inhoud.overeenkomsten
    assert [p.partij.organisatie for p in stand.ontbrekend] == [wereld.corporatie]
    assert inhoud.evaluatie.jaar == JAAR
    assert [j.jaar for j in inhoud.volgend_jaar] == [JAAR + 1]


def test_money_and_values_are_in_dutch_notation():
    assert euro(Decimal("1234567.5")) == "€\u00a01.234.567,50"
    assert euro(None) == "€\u00a00,00"
    assert waarde_nl(Decimal("110.00")) == "110"
    assert waarde_nl(Decimal("73.3333")) == "73,3"
    assert waarde_nl(Decimal("1250.50")) == "1.250,5"
    assert waarde_nl(None) == "—"


def test_the_report_renders_in_dutch_whatever_language_is_active(wereld, monkeypatch):
    gevangen = {}

    def render_pdf(template_name, context, request=None):
        gevangen["taal"] = translation.get_language()
        return b"%PDF-1.7 stub"

    monkeypatch.setattr(rapport_module, "render_pdf", render_pdf)
    rapport = JaarschijfrapportFactory(gemeente=wereld.gemeente, jaar=JAAR)

    with translation.override("en"):
        maak_pdf(rapport)

    assert gevangen["taal"] == "nl"


def test_a_report_finished_meanwhile_keeps_its_file(wereld, monkeypatch):
    rapport = JaarschijfrapportFactory(gemeente=wereld.gemeente, jaar=JAAR)

    def render_pdf(template_name, context, request=None):
        # Another worker finished the same report while this one rendered.
        Jaarschijfrapport.objects.filter(pk=rapport.pk).update(
            status=Jaarschijfrapport.Status.KLAAR, bestand="jaarschijfrapporten/eerder.pdf"
        )
        return b"%PDF-1.7 stub"

    monkeypatch.setattr(rapport_module, "render_pdf", render_pdf)

    maak_pdf(rapport)

    assert rapport.status == Jaarschijfrapport.Status.KLAAR
    assert rapport.bestand.name == "jaarschijfrapporten/eerder.pdf"


def test_the_number_of_queries_does_not_grow_with_the_data(db):
    klein, groot = GemeenteFactory(), GemeenteFactory()
    door = UserFactory()
    for gemeente, aantal in ((klein, 3), (groot, 6)):
        jaarschijfgegevens(gemeente, afspraken=aantal, jaar=JAAR, door=door)
        indicator = IndicatorFactory(gemeente=gemeente)  # one without afspraak
        StreefwaardeFactory(indicator=indicator, jaar=JAAR)
        evaluatie = EvaluatieFactory(gemeente=gemeente, jaar=JAAR)
        evaluatie.afspraken.set(
            [regel.afspraak for regel in rapport_inhoud(gemeente, JAAR).afspraken]
        )

    def tel(gemeente):
        with CaptureQueriesContext(connection) as queries:
            inhoud = rapport_inhoud(gemeente, JAAR)
            render_html(PDF_TEMPLATE, {"inhoud": inhoud, "rapport": Jaarschijfrapport()})
        return len(queries.captured_queries), inhoud

    aantal_klein, inhoud_klein = tel(klein)
    aantal_groot, inhoud_groot = tel(groot)

    assert len(inhoud_klein.afspraken) == 3 and len(inhoud_groot.afspraken) == 6
    assert aantal_klein == aantal_groot
    assert aantal_groot <= 15


def test_a_report_on_a_past_year_shows_the_activiteiten_as_they_stood_then(db):
    gemeld = ActiviteitFactory(status="gereed", gerealiseerd_aantal=50, aantal=50)
    for datum, status, aantal in (
        (datetime.date(2023, 6, 30), "in_uitvoering", 10),
        (datetime.date(2024, 12, 15), "in_uitvoering", None),
        (datetime.date(2024, 9, 1), "in_uitvoering", 30),
        (datetime.date(2025, 3, 1), "gereed", 50),
    ):
        VoortgangFactory(activiteit=gemeld, datum=datum, status=status, gerealiseerd_aantal=aantal)
    nooit_gemeld = ActiviteitFactory(status="gereed", gerealiseerd_aantal=7, aantal=7)

    eind_2024 = [Activiteit.objects.get(pk=gemeld.pk), Activiteit.objects.get(pk=nooit_gemeld.pk)]
    zoals_op(eind_2024, datetime.date(2024, 12, 31))
    # the newest report by the end of 2024 gives the status; the newest with a number, 30
    assert [(a.status, a.gerealiseerd_aantal) for a in eind_2024] == [
        ("in_uitvoering", 30),
        ("gereed", 7),  # nobody reported: it keeps what it has
    ]

    eind_2022 = [Activiteit.objects.get(pk=gemeld.pk)]
    zoals_op(eind_2022, datetime.date(2022, 12, 31))
    assert [(a.status, a.gerealiseerd_aantal) for a in eind_2022] == [("gepland", None)]
    assert Activiteit.objects.get(pk=gemeld.pk).gerealiseerd_aantal == 50  # nothing saved
