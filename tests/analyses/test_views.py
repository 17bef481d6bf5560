"""The analyse pages through the client, for every role.

Gemeente A holds one analyse with hand-made figures (numbers below); Gemeente B holds another,
which no user of A may reach, not even with the right pk under A's code.

Geclusterde woonvorm, 50 per 1.000 75-plussers; verpleegzorgplek, 130 per 1.000 85-plussers:

    gebied          75+ 2024  75+ 2030 (prognose)  voorraad geclusterd 2024
    Centrum (wijk)  1000      1200                 56   -> 2024: vraag 50,0, overschot 6,0
    Centrum-Noord    400      —                    —    -> 2024: vraag 20,0, aanbod onbekend
    Zuid (wijk)      600       800                 10   -> 2024: vraag 30,0, tekort 20,0
    gemeente        1600      2000                 66   -> 2024: 80,0 / tekort 14,0
                                                            2030: 100,0 / tekort 34,0
"""

import io
import re
import types
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from analyses import forms as analyse_forms
from analyses import importers, sjabloon
from analyses.filters import gebieden_boom
from analyses.importers import ImportFout, ImportPlan
from analyses.models import Behoeftenorm, Bevinding, Woonzorganalyse
from analyses.services import kies_jaren
from analyses.views import SESSIE_IMPORTS
from tests.analyses.factories import (
    BehoeftenormFactory,
    BevindingFactory,
    BevolkingscijferFactory,
    VoorraadFactory,
    WoonzorganalyseFactory,
    woonvorm,
)
from tests.woonzorg.factories import GebiedFactory, RolFactory, UserFactory
from woonzorg.models import Doelgroep, Gebied, Rol

LEZERS = ("beleidsadviseur", "programmaleider", "lezer", "partner", "beheerder")
NIET_BEWERKERS = ("programmaleider", "lezer", "partner")
ROLLEN = ("beleidsadviseur", "programmaleider", "lezer", "partner")


def html(response):
    return response.content.decode()


def url(naam, gemeente, **kwargs):
    return reverse(f"analyses:{naam}", kwargs={"gemeente": gemeente.cbs_code, **kwargs})


# --- The world ----------------------------------------------------------------------------------


def vul_gemeente(gemeente, *, codes=("000101", "000102")):
    """Two wijken (the first with a buurt) with the figures of the module docstring."""
    centrum = GebiedFactory(gemeente=gemeente, naam="Centrum", cbs_code=f"WK{codes[0]}")
    buurt = GebiedFactory(
        gemeente=gemeente,
        naam="Centrum-Noord",
        soort=Gebied.Soort.BUURT,
        cbs_code=f"BU{codes[0]}01",
        parent=centrum,
    )
    zuid = GebiedFactory(gemeente=gemeente, naam="Zuid", cbs_code=f"WK{codes[1]}")
    for gebied, (k65, k75, k85, k75_2030) in {
        centrum: (2000, 1000, 250, 1200),
        zuid: (1300, 600, 150, 800),
    }.items():
        for klasse, aantal in (("65+", k65), ("75+", k75), ("85+", k85)):
            BevolkingscijferFactory(gebied=gebied, jaar=2024, leeftijdsklasse=klasse, aantal=aantal)
        BevolkingscijferFactory(gebied=gebied, jaar=2030, aantal=k75_2030, prognose=True)
    BevolkingscijferFactory(gebied=buurt, jaar=2024, aantal=400)
    VoorraadFactory(gebied=centrum, aantal=56)
    VoorraadFactory(gebied=zuid, aantal=10)
    return centrum, buurt, zuid


def maak_analyse(gemeente, **kwargs):
    analyse = WoonzorganalyseFactory(
        gemeente=gemeente,
        titel=kwargs.pop("titel", "Woonzorganalyse 2024"),
        peiljaar=2024,
        aandeel_75plus=Decimal("0.25"),
        aandeel_75plus_bron="CBS StatLine 2024",
        **kwargs,
    )
    BehoeftenormFactory(analyse=analyse, per_1000=Decimal("50"))
    BehoeftenormFactory(
        analyse=analyse,
        woonvorm=woonvorm("verpleegzorgplek"),
        leeftijdsklasse="85+",
        per_1000=Decimal("130"),
    )
    return analyse


@pytest.fixture
def gemeente_a(wereld):
    centrum, buurt, zuid = vul_gemeente(wereld.gemeente)
    analyse = maak_analyse(wereld.gemeente)
    bevinding = BevindingFactory(
        analyse=analyse,
        titel="23% van de 65-plussers wil verhuizen",
        waarde=Decimal("23"),
        eenheid="%",
        bron="Woonwensenonderzoek 2023",
        doelgroep=Doelgroep.objects.get(code="ouderen"),
        gebied=zuid,
        woonvorm=woonvorm(),
    )
    return types.SimpleNamespace(
        analyse=analyse, bevinding=bevinding, centrum=centrum, buurt=buurt, zuid=zuid
    )


@pytest.fixture
def gemeente_b(wereld):
    centrum, _buurt, _zuid = vul_gemeente(wereld.andere_gemeente, codes=("000201", "000202"))
    analyse = maak_analyse(wereld.andere_gemeente, titel="Geheime analyse B")
    bevinding = BevindingFactory(analyse=analyse, titel="Bevinding B")
    return types.SimpleNamespace(analyse=analyse, bevinding=bevinding, centrum=centrum)


# --- Who reaches which page ---------------------------------------------------------------------


def lees_paginas(a):
    return [
        ("index", {}),
        ("detail", {"pk": a.analyse.pk}),
        ("export", {"pk": a.analyse.pk, "formaat": "csv"}),
        ("export", {"pk": a.analyse.pk, "formaat": "xlsx"}),
    ]


def bewerk_paginas(a):
    return [
        ("create", {}),
        ("update", {"pk": a.analyse.pk}),
        ("normen", {"pk": a.analyse.pk}),
        ("bevinding_create", {"pk": a.analyse.pk}),
        ("bevinding_update", {"pk": a.bevinding.pk}),
        ("bevinding_delete", {"pk": a.bevinding.pk}),
        ("import", {}),
    ]


def object_paginas(a):
    """The pages of one object: these must not exist under another gemeente's code."""
    return [
        (naam, kwargs) for naam, kwargs in lees_paginas(a) + bewerk_paginas(a) if "pk" in kwargs
    ]


def test_anonymous_is_sent_to_the_login_page(wereld, gemeente_a, client):
    paginas = lees_paginas(gemeente_a) + bewerk_paginas(gemeente_a)
    paginas += [("import_bevestigen", {}), ("sjabloon", {"formaat": "csv"})]
    for naam, kwargs in paginas:
        adres = url(naam, wereld.gemeente, **kwargs)
        response = client.get(adres)
        assert response.status_code == 302, adres
        assert response["Location"] == f"/account/login/?next={adres}"
    assert client.post(url("import_bevestigen", wereld.gemeente)).status_code == 302


@pytest.mark.parametrize("wie", LEZERS)
def test_every_role_reads_the_analyse(wereld, gemeente_a, login, wie):
    client = login(wereld.user(wie))
    for naam, kwargs in lees_paginas(gemeente_a):
        response = client.get(url(naam, wereld.gemeente, **kwargs))
        assert response.status_code == 200, (wie, naam, kwargs)


@pytest.mark.parametrize("wie", ["beleidsadviseur", "beheerder"])
def test_the_beleidsadviseur_and_the_beheerder_open_every_edit_page(wereld, gemeente_a, login, wie):
    client = login(wereld.user(wie))
    for naam, kwargs in bewerk_paginas(gemeente_a):
        assert client.get(url(naam, wereld.gemeente, **kwargs)).status_code == 200, naam


@pytest.mark.parametrize("wie", NIET_BEWERKERS)
def test_other_roles_may_not_edit_anything(wereld, gemeente_a, login, wie):
    client = login(wereld.user(wie))
    for naam, kwargs in bewerk_paginas(gemeente_a):
        adres = url(naam, wereld.gemeente, **kwargs)
        assert client.get(adres).status_code == 403, (wie, naam)
        assert client.post(adres, {}).status_code == 403, (wie, naam)
    assert client.post(url("import_bevestigen", wereld.gemeente), {}).status_code == 403
    # Nothing changed.
    assert Bevinding.objects.filter(pk=gemeente_a.bevinding.pk).exists()
    assert Woonzorganalyse.objects.count() == 1


@pytest.mark.parametrize("wie", [*ROLLEN, "beheerder"])
def test_another_gemeentes_analyse_does_not_exist_for_any_role(
    wereld, gemeente_a, gemeente_b, login, wie
):
    """B's objects under A's code (the right pk, the wrong gemeente) and under B's own code."""
    client = login(wereld.user(wie))
    for naam, kwargs in object_paginas(gemeente_b):
        onder_a = url(naam, wereld.gemeente, **kwargs)
        assert client.get(onder_a).status_code == 404, (wie, onder_a)
        if naam not in ("detail", "export"):  # the pages that change something
            assert client.post(onder_a, {}).status_code == 404, (wie, onder_a)
        if wie != "beheerder":  # the beheerder may open gemeente B itself
            assert client.get(url(naam, wereld.andere_gemeente, **kwargs)).status_code == 404
    assert Bevinding.objects.filter(pk=gemeente_b.bevinding.pk).exists()


def test_a_beleidsadviseur_of_b_cannot_reach_a_through_bs_code(wereld, gemeente_a, login):
    client = login(wereld.andere_beleidsadviseur)
    for naam, kwargs in object_paginas(gemeente_a):
        assert client.get(url(naam, wereld.andere_gemeente, **kwargs)).status_code == 404, naam
        assert client.get(url(naam, wereld.gemeente, **kwargs)).status_code == 404, naam


def test_an_unknown_export_format_is_404(wereld, gemeente_a, login):
    client = login(wereld.lezer)
    pk = gemeente_a.analyse.pk
    assert client.get(url("export", wereld.gemeente, pk=pk, formaat="pdf")).status_code == 404


# --- The index ----------------------------------------------------------------------------------


def test_the_index_lists_the_analyses_newest_first(wereld, gemeente_a, login):
    WoonzorganalyseFactory(gemeente=wereld.gemeente, titel="Oude analyse", peiljaar=2019)
    WoonzorganalyseFactory(gemeente=wereld.andere_gemeente, titel="Analyse van B", peiljaar=2030)
    response = login(wereld.partner).get(url("index", wereld.gemeente))
    content = html(response)
    titels = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', content)
    assert titels == ["Woonzorganalyse 2024", "Oude analyse"]
    assert "2 woonzorganalyses van Gemeente A, de nieuwste eerst" in content
    assert "Analyse van B" not in content
    assert "Fase 1 van 5" in content
    # A partner reads; it does not create or import.
    assert "Nieuwe woonzorganalyse" not in content
    assert "Cijfers importeren" not in content


def test_the_index_summarises_the_figures_present(wereld, gemeente_a, login):
    response = login(wereld.lezer).get(url("index", wereld.gemeente))
    assert response.context["cijfers"] == {
        "gebieden": 3,
        "gemeten": [2024],
        "prognose": [2030],
        "voorraad": [2024],
    }
    assert "Gebieden met bevolkingscijfers" in html(response)


def test_an_empty_index_says_what_to_do_and_offers_the_beleidsadviseur_to_start(wereld, login):
    content = html(login(wereld.beleidsadviseur).get(url("index", wereld.gemeente)))
    assert "Voor Gemeente A is nog geen woonzorganalyse vastgelegd." in content
    assert "Er zijn nog geen cijfers geïmporteerd." in content
    assert f'href="{url("create", wereld.gemeente)}">Nieuwe woonzorganalyse</a>' in content
    assert f'href="{url("import", wereld.gemeente)}">Cijfers importeren</a>' in content


def test_the_programmaleider_does_not_get_the_create_buttons(wereld, login):
    content = html(login(wereld.programmaleider).get(url("index", wereld.gemeente)))
    assert "Nieuwe woonzorganalyse" not in content
    assert "Zodra een beleidsadviseur een analyse vastlegt, staat die hier." in content


# --- Creating and changing an analyse -----------------------------------------------------------


def analyse_data(**kwargs):
    return {
        "titel": "Woonzorganalyse 2025",
        "peiljaar": "2025",
        "status": "concept",
        "samenvatting": "",
        "aandeel_75plus": "",
        "aandeel_75plus_bron": "",
        **kwargs,
    }


def test_the_beleidsadviseur_creates_an_analyse_in_the_gemeente(wereld, login):
    client = login(wereld.beleidsadviseur)
    response = client.post(
        url("create", wereld.gemeente),
        analyse_data(aandeel_75plus="0,31", aandeel_75plus_bron="CBS 2025"),
    )
    analyse = Woonzorganalyse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == analyse.get_absolute_url()
    assert analyse.gemeente == wereld.gemeente
    assert analyse.aandeel_75plus == Decimal("0.31")  # a decimal comma, as users type it


def test_an_aandeel_without_its_bron_is_refused_in_dutch(wereld, login):
    response = login(wereld.beleidsadviseur).post(
        url("create", wereld.gemeente), analyse_data(aandeel_75plus="0,3")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "aandeel_75plus_bron": ["Vermeld de bron van het aandeel 75-plussers."]
    }
    assert "Vermeld de bron van het aandeel 75-plussers." in html(response)
    assert not Woonzorganalyse.objects.exists()


def test_missing_fields_are_named_in_dutch(wereld, login):
    response = login(wereld.beleidsadviseur).post(
        url("create", wereld.gemeente), analyse_data(titel="", peiljaar="twintig")
    )
    errors = response.context["form"].errors
    assert errors["titel"] == ["Dit veld is verplicht."]
    assert errors["peiljaar"] == ["Voer een geheel getal in."]


def test_the_beleidsadviseur_updates_an_analyse(wereld, gemeente_a, login):
    analyse = gemeente_a.analyse
    response = login(wereld.beleidsadviseur).post(
        url("update", wereld.gemeente, pk=analyse.pk),
        analyse_data(titel="Herzien", peiljaar="2024", status="vastgesteld"),
    )
    assert response.status_code == 302
    analyse.refresh_from_db()
    assert (analyse.titel, analyse.status, analyse.aandeel_75plus) == (
        "Herzien",
        "vastgesteld",
        None,
    )


# --- The detail page ----------------------------------------------------------------------------


def detail(client, a, query=""):
    return client.get(url("detail", a.analyse.gemeente, pk=a.analyse.pk) + query)


def test_the_detail_page_has_its_sections_and_a_table_of_contents(wereld, gemeente_a, login):
    content = html(detail(login(wereld.partner), gemeente_a))
    secties = [
        "samenvatting",
        "kerncijfers",
        "behoefteraming",
        "normen",
        "fair-share",
        "bevindingen",
    ]
    for sectie in secties:
        assert f'<section id="{sectie}" aria-labelledby="{sectie}-kop"' in content
        assert f'<li><a href="#{sectie}">' in content
    assert '<nav class="inhoudsopgave" aria-labelledby="inhoudsopgave-kop">' in content
    # A partner reads only: no edit links.
    assert "Analyse bewerken" not in content
    assert "Normen bewerken" not in content
    assert "Bevinding toevoegen" not in content


def test_the_beleidsadviseur_sees_the_edit_links(wereld, gemeente_a, login):
    content = html(detail(login(wereld.beleidsadviseur), gemeente_a))
    for naam, kwargs in bewerk_paginas(gemeente_a):
        if naam not in ("create", "import"):
            assert url(naam, wereld.gemeente, **kwargs) in content, naam


def test_kerncijfers_per_gebied_with_the_total_of_the_top_level(wereld, gemeente_a, login):
    response = detail(login(wereld.lezer), gemeente_a)
    kerncijfers = response.context["kerncijfers"]
    assert kerncijfers["jaren"] == [(2024, False), (2030, True)]
    rijen = [(gebied.naam, diepte, waarden) for gebied, diepte, waarden in kerncijfers["rijen"]]
    # The wijken; a buurt shows when its wijk is chosen (a gemeente has hundreds of them).
    assert rijen == [
        ("Centrum", 0, [2000, 1000, 250, None, 1200, None]),
        ("Zuid", 0, [1300, 600, 150, None, 800, None]),
    ]
    # The buurt is part of its wijk: not counted twice.
    assert kerncijfers["totaal"] == [3300, 1600, 400, None, 2000, None]
    content = html(response)
    assert '<td class="text-end fw-semibold">3.300</td>' in content
    assert "prognose" in content
    assert kerncijfers["met_buurten"] == {gemeente_a.centrum.pk}  # Zuid has no buurt
    assert f'?gebied={gemeente_a.centrum.pk}#kerncijfers">buurten<span' in content

    gekozen = login(wereld.lezer).get(
        url("detail", wereld.gemeente, pk=gemeente_a.analyse.pk),
        {"gebied": gemeente_a.centrum.pk},
    )
    rijen = [
        (gebied.naam, diepte) for gebied, diepte, _w in gekozen.context["kerncijfers"]["rijen"]
    ]
    assert rijen == [("Centrum", 0), ("Centrum-Noord", 1), ("Zuid", 0)]
    assert gekozen.context["kerncijfers"]["totaal"] == kerncijfers["totaal"]


def test_the_behoefteraming_marks_tekort_overschot_and_onbekend(wereld, gemeente_a, login):
    response = detail(login(wereld.lezer), gemeente_a)
    raming = response.context["raming"]
    assert [gebied.naam for gebied, _diepte, _groepen in raming.per_gebied] == ["Centrum", "Zuid"]
    geclusterd = dict(raming.totaal)[woonvorm()]
    assert [(r.jaar, r.vraag, r.aanbod, r.tekort, r.prognose) for r in geclusterd] == [
        (2024, Decimal("80.0"), 66, Decimal("14.0"), False),
        (2030, Decimal("100.0"), 66, Decimal("34.0"), True),
    ]
    content = html(response)
    tekort = '<span class="raming-tekort">14,0 <span class="badge text-bg-danger">tekort</span>'
    overschot = (
        '<span class="raming-overschot">6,0 <span class="badge text-bg-success">overschot</span>'
    )
    assert tekort in content
    assert overschot in content  # Centrum 2024: 50,0 against 56
    assert '<tr class="prognose-rij">' in content
    assert '<th scope="rowgroup" rowspan="2" class="align-top">Geclusterde woonvorm</th>' in content
    buurten = f"?gebied={gemeente_a.centrum.pk}#behoefteraming"
    assert f'{buurten}">De buurten van Centrum tonen</a>' in content
    assert "De buurten van Zuid" not in content  # Zuid has none

    content = html(
        login(wereld.lezer).get(
            url("detail", wereld.gemeente, pk=gemeente_a.analyse.pk),
            {"gebied": gemeente_a.centrum.pk},
        )
    )
    assert '<span class="raming-onbekend">onbekend</span>' in content  # the buurt's supply


def test_one_chart_per_woonvorm_for_the_whole_gemeente(wereld, gemeente_a, login):
    response = detail(login(wereld.lezer), gemeente_a)
    grafieken = response.context["grafieken"]
    assert [w.code for w, _svg in grafieken] == ["geclusterde-woonvorm", "verpleegzorgplek"]
    content = html(response)
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg" class="lijngrafiek"') == 2
    assert "Geclusterde woonvorm: vraag en aanbod in Gemeente A</title>" in content
    assert "Vraag: 2024: 80, 2030: 100. Aanbod: 2024: 66, 2030: 66.</desc>" in content


def test_the_norms_are_listed_with_their_source(wereld, gemeente_a, login):
    content = html(detail(login(wereld.lezer), gemeente_a))
    assert "Er bestaat geen landelijke norm" in content
    assert content.count("<td>Woonwensenonderzoek 2023</td>") == 2


def test_fair_share_scales_the_national_targets_and_names_the_source(wereld, gemeente_a, login):
    response = detail(login(wereld.lezer), gemeente_a)
    regels = [(w.code, r.landelijk, r.gemeente) for w, r in response.context["fair_share"]]
    assert regels == [
        ("nultredenwoning", 170_000, 425),
        ("geclusterde-woonvorm", 80_000, 200),
        ("verpleegzorgplek", 40_000, 100),
    ]
    content = html(response)
    assert "Naar rato van 0,25% van de landelijke 75-plussers (bron: CBS StatLine 2024)" in content
    assert '<td class="text-end">170.000</td>' in content


def test_without_an_aandeel_the_fair_share_section_says_how_to_get_one(wereld, gemeente_a, login):
    Woonzorganalyse.objects.update(aandeel_75plus=None, aandeel_75plus_bron="")
    response = detail(login(wereld.lezer), gemeente_a)
    assert "fair_share" not in response.context
    assert "Vul bij de analyse het aandeel van de gemeente" in html(response)


def test_a_finding_shows_its_figure_source_and_labels(wereld, gemeente_a, login):
    content = html(detail(login(wereld.lezer), gemeente_a))
    pk = gemeente_a.bevinding.pk
    assert f'<article class="card bevinding mb-3" id="bevinding-{pk}"' in content
    assert '<span class="kengetal">23%</span>' in content
    assert "Bron: Woonwensenonderzoek 2023" in content
    for label in ("Doelgroep:", "Gebied:", "Woonvorm:"):
        assert f'<span class="visually-hidden">{label} </span>' in content


def test_an_analyse_without_norms_says_why_there_is_no_raming(wereld, login):
    analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente)
    response = login(wereld.beleidsadviseur).get(url("detail", wereld.gemeente, pk=analyse.pk))
    content = html(response)
    assert "Zonder normen is er geen behoefteraming." in content
    assert "Er zijn nog geen bevolkingscijfers voor 65-, 75- en 85-plussers." in content
    assert "Nog geen bevindingen." in content
    assert response.context["kerncijfers"] is None


# --- Filters ------------------------------------------------------------------------------------


def test_filter_by_gebied_shows_that_gebied_and_its_buurten(wereld, gemeente_a, login):
    response = detail(login(wereld.lezer), gemeente_a, f"?gebied={gemeente_a.centrum.pk}")
    raming = response.context["raming"]
    assert raming.gekozen_gebied == gemeente_a.centrum
    assert [g.naam for g, _d, _groepen in raming.per_gebied] == ["Centrum", "Centrum-Noord"]
    assert raming.totaal == []
    assert {r.gebied_id for r in raming.ramingen} == {gemeente_a.centrum.pk, gemeente_a.buurt.pk}
    content = html(response)
    assert "Vraag en aanbod in Centrum door de jaren" in content
    assert f'<option value="{gemeente_a.centrum.pk}" selected>Centrum (wijk)</option>' in content
    assert f'<option value="{gemeente_a.buurt.pk}">— Centrum-Noord (buurt)</option>' in content


def test_filter_by_woonvorm(wereld, gemeente_a, login):
    verpleeg = woonvorm("verpleegzorgplek")
    response = detail(login(wereld.lezer), gemeente_a, f"?woonvorm={verpleeg.pk}")
    ramingen = response.context["raming"].ramingen
    assert ramingen
    assert {r.woonvorm_id for r in ramingen} == {verpleeg.pk}
    # Only woonvormen with a norm in this analyse are offered.
    keuzes = response.context["raming"].filterset.form.fields["woonvorm"].queryset
    assert {w.code for w in keuzes} == {"geclusterde-woonvorm", "verpleegzorgplek"}


def test_a_gebied_of_another_gemeente_is_ignored_not_shown(wereld, gemeente_a, gemeente_b, login):
    response = detail(login(wereld.lezer), gemeente_a, f"?gebied={gemeente_b.centrum.pk}")
    raming = response.context["raming"]
    assert raming.gekozen_gebied is None
    assert raming.totaal  # unfiltered
    content = html(response)
    assert "Een gekozen gebied of woonvorm bestaat niet in deze analyse" in content
    assert "Geheime analyse B" not in content


# --- Export -------------------------------------------------------------------------------------


def test_the_csv_export_is_for_excel_nl(wereld, gemeente_a, login):
    response = login(wereld.partner).get(
        url("export", wereld.gemeente, pk=gemeente_a.analyse.pk, formaat="csv")
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="behoefteraming-GM0001-2024.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    regels = response.content.decode("utf-8-sig").split("\r\n")
    assert regels[0] == "gebied;CBS-code;woonvorm;jaar;prognose;vraag;aanbod;tekort"
    assert "Gemeente A (totaal);GM0001;Geclusterde woonvorm;2024;nee;80,0;66;14,0" in regels
    assert "Centrum-Noord;BU00010101;Geclusterde woonvorm;2024;nee;20,0;;" in regels


def test_the_export_applies_the_filters(wereld, gemeente_a, login):
    adres = url("export", wereld.gemeente, pk=gemeente_a.analyse.pk, formaat="csv")
    response = login(wereld.lezer).get(f"{adres}?gebied={gemeente_a.zuid.pk}")
    regels = [r for r in response.content.decode("utf-8-sig").split("\r\n")[1:] if r]
    assert regels == [
        "Zuid;WK000102;Geclusterde woonvorm;2024;nee;30,0;10;20,0",
        "Zuid;WK000102;Geclusterde woonvorm;2030;ja;40,0;10;30,0",
        "Zuid;WK000102;Verpleegzorgplek;2024;nee;19,5;;",
    ]


def test_the_xlsx_export_loads_and_holds_the_rows(wereld, gemeente_a, login):
    response = login(wereld.lezer).get(
        url("export", wereld.gemeente, pk=gemeente_a.analyse.pk, formaat="xlsx")
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rijen = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rijen[0][0] == "gebied"
    # Totals: 2 years geclusterd + 1 year verpleegzorg; Centrum 3, Centrum-Noord 1, Zuid 3.
    assert len(rijen) == 1 + 3 + 3 + 1 + 3
    assert ("Gemeente A (totaal)", "GM0001", "Geclusterde woonvorm", 2030, "ja", 100, 66, 34) in [
        tuple(r) for r in rijen
    ]


# --- Norms --------------------------------------------------------------------------------------


def formset_data(response, rijen):
    """POST data for the norm formset: the existing forms as shown, then `rijen` as extra."""
    formset = response.context["formset"]
    prefix = formset.prefix
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        if form.instance.pk:
            data[f"{prefix}-{i}-id"] = str(form.instance.pk)
            data[f"{prefix}-{i}-woonvorm"] = str(form.instance.woonvorm_id)
            data[f"{prefix}-{i}-leeftijdsklasse"] = form.instance.leeftijdsklasse
            data[f"{prefix}-{i}-per_1000"] = str(form.instance.per_1000).replace(".", ",")
            data[f"{prefix}-{i}-bron"] = form.instance.bron
    extra = iter(range(formset.initial_form_count(), len(formset.forms)))
    for rij in rijen:
        i = rij.pop("index") if "index" in rij else next(extra)
        data.update({f"{prefix}-{i}-{veld}": waarde for veld, waarde in rij.items()})
    return data


def test_the_beleidsadviseur_adds_and_deletes_norms(wereld, gemeente_a, login):
    client = login(wereld.beleidsadviseur)
    adres = url("normen", wereld.gemeente, pk=gemeente_a.analyse.pk)
    pagina = client.get(adres)
    assert "Er bestaat geen landelijke norm" in html(pagina)
    nultreden = woonvorm("nultredenwoning")
    verpleeg_norm = Behoeftenorm.objects.get(woonvorm__code="verpleegzorgplek")
    data = formset_data(
        pagina,
        [
            {
                "woonvorm": str(nultreden.pk),
                "leeftijdsklasse": "75+",
                "per_1000": "330,5",
                "bron": "Eigen onderzoek 2023",
            },
            {"index": 1, "DELETE": "on"},
        ],
    )
    assert pagina.context["formset"].forms[1].instance == verpleeg_norm
    response = client.post(adres, data)
    assert response.status_code == 302
    assert response["Location"] == f"{gemeente_a.analyse.get_absolute_url()}#normen"
    normen = {
        (n.woonvorm.code, n.leeftijdsklasse, n.per_1000, n.bron)
        for n in gemeente_a.analyse.normen.all()
    }
    assert normen == {
        ("geclusterde-woonvorm", "75+", Decimal("50.00"), "Woonwensenonderzoek 2023"),
        ("nultredenwoning", "75+", Decimal("330.50"), "Eigen onderzoek 2023"),
    }


def test_a_norm_without_its_source_is_refused(wereld, gemeente_a, login):
    client = login(wereld.beleidsadviseur)
    adres = url("normen", wereld.gemeente, pk=gemeente_a.analyse.pk)
    data = formset_data(
        client.get(adres),
        [
            {
                "woonvorm": str(woonvorm("nultredenwoning").pk),
                "leeftijdsklasse": "75+",
                "per_1000": "10",
            }
        ],
    )
    response = client.post(adres, data)
    assert response.status_code == 200
    fouten = [form.errors for form in response.context["formset"].forms if form.errors]
    assert fouten == [{"bron": ["Dit veld is verplicht."]}]
    assert "Niet alle normen zijn in orde" in html(response)
    assert gemeente_a.analyse.normen.count() == 2


def test_two_norms_for_the_same_woonvorm_and_band_are_refused(wereld, gemeente_a, login):
    client = login(wereld.beleidsadviseur)
    adres = url("normen", wereld.gemeente, pk=gemeente_a.analyse.pk)
    data = formset_data(
        client.get(adres),
        [{"woonvorm": str(woonvorm().pk), "leeftijdsklasse": "75+", "per_1000": "60", "bron": "x"}],
    )
    response = client.post(adres, data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Per woonvorm en leeftijdsklasse geldt één norm; u heeft er een dubbel ingevuld."
    ]
    assert gemeente_a.analyse.normen.count() == 2


def test_the_norm_page_needs_one_query_for_the_woonvorm_choices(
    wereld, gemeente_a, login, django_assert_max_num_queries
):
    client = login(wereld.beleidsadviseur)
    adres = url("normen", wereld.gemeente, pk=gemeente_a.analyse.pk)
    client.get(adres)
    with CaptureQueriesContext(connection) as queries:
        client.get(adres)
    woonvorm_queries = [q for q in queries if 'FROM "woonzorg_woonvorm"' in q["sql"]]
    assert len(woonvorm_queries) == 1


# --- Findings -----------------------------------------------------------------------------------


def bevinding_data(**kwargs):
    return {
        "titel": "Wijk Zuid vergrijst het snelst",
        "tekst": "",
        "waarde": "14,6",
        "eenheid": "%",
        "bron": "CBS 2024",
        "doelgroep": "",
        "gebied": "",
        "woonvorm": "",
        **kwargs,
    }


def test_the_beleidsadviseur_adds_a_finding(wereld, gemeente_a, login):
    client = login(wereld.beleidsadviseur)
    adres = url("bevinding_create", wereld.gemeente, pk=gemeente_a.analyse.pk)
    response = client.post(adres, bevinding_data(gebied=str(gemeente_a.zuid.pk)))
    bevinding = Bevinding.objects.get(titel="Wijk Zuid vergrijst het snelst")
    assert response.status_code == 302
    assert (
        response["Location"] == f"{gemeente_a.analyse.get_absolute_url()}#bevinding-{bevinding.pk}"
    )
    assert (bevinding.analyse, bevinding.gebied, bevinding.waarde) == (
        gemeente_a.analyse,
        gemeente_a.zuid,
        Decimal("14.6"),
    )


def test_the_finding_form_offers_only_the_gemeentes_gebieden(wereld, gemeente_a, gemeente_b, login):
    client = login(wereld.beleidsadviseur)
    adres = url("bevinding_create", wereld.gemeente, pk=gemeente_a.analyse.pk)
    keuzes = client.get(adres).context["form"].fields["gebied"].queryset
    assert set(keuzes) == {gemeente_a.centrum, gemeente_a.buurt, gemeente_a.zuid}
    response = client.post(adres, bevinding_data(gebied=str(gemeente_b.centrum.pk)))
    assert response.context["form"].errors == {
        "gebied": ["Selecteer een geldige keuze. Deze keuze is niet beschikbaar."]
    }


def test_a_value_without_a_unit_or_a_finding_without_source_is_refused(wereld, gemeente_a, login):
    response = login(wereld.beleidsadviseur).post(
        url("bevinding_create", wereld.gemeente, pk=gemeente_a.analyse.pk),
        bevinding_data(eenheid="", bron=""),
    )
    assert response.context["form"].errors == {
        "bron": ["Dit veld is verplicht."],
        "eenheid": ["Geef de eenheid bij de waarde, bijvoorbeeld %."],
    }


def test_the_beleidsadviseur_edits_a_finding(wereld, gemeente_a, login):
    bevinding = gemeente_a.bevinding
    response = login(wereld.beleidsadviseur).post(
        url("bevinding_update", wereld.gemeente, pk=bevinding.pk),
        bevinding_data(titel="Aangepast"),
    )
    assert response.status_code == 302
    bevinding.refresh_from_db()
    assert bevinding.titel == "Aangepast"


def test_deleting_a_finding_asks_for_confirmation_first(wereld, gemeente_a, login):
    client = login(wereld.beleidsadviseur)
    bevinding = gemeente_a.bevinding
    adres = url("bevinding_delete", wereld.gemeente, pk=bevinding.pk)

    pagina = client.get(adres)
    assert pagina.status_code == 200
    assert "Weet u zeker dat u de bevinding “23% van de 65-plussers wil verhuizen”" in html(pagina)
    assert Bevinding.objects.filter(pk=bevinding.pk).exists()

    response = client.post(adres)
    assert response.status_code == 302
    assert response["Location"] == f"{gemeente_a.analyse.get_absolute_url()}#bevindingen"
    assert not Bevinding.objects.filter(pk=bevinding.pk).exists()


# --- Import -------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "imports"


@pytest.fixture
def nep_importer(monkeypatch):
    """lees_cijfers and importeer replaced: the views are tested, not the importer."""
    aanroepen = []
    plan = ImportPlan(
        indeling="CBS Kerncijfers wijken en buurten",
        nieuwe_gebieden=["WK000103 Noord (wijk)", "BU00010302 Noord-Oost (buurt)"],
        nieuw=120,
        gewijzigd=3,
        ongewijzigd=7,
        overgeslagen=4000,
    )

    def nep(soort):
        def functie(bestand, bestandsnaam, *, gemeente, jaar, bron):
            aanroepen.append((soort, bestand.read(), bestandsnaam, gemeente, jaar, bron))
            return ImportPlan(**{**plan.__dict__, "bestandsnaam": bestandsnaam})

        return functie

    monkeypatch.setattr(importers, "lees_cijfers", nep("lees"))
    monkeypatch.setattr(importers, "importeer", nep("importeer"))
    return types.SimpleNamespace(aanroepen=aanroepen, plan=plan)


def upload(client, gemeente, naam="kwb-2023.csv", inhoud=b"gwb_code;a_inw\n", **data):
    return client.post(
        url("import", gemeente),
        {"bestand": SimpleUploadedFile(naam, inhoud), "jaar": "", "bron": "CBS 2023", **data},
    )


def token_van(response):
    return response.context["bevestigen"].initial["token"]


def test_the_import_page_explains_and_offers_the_sjabloon(wereld, login):
    response = login(wereld.beleidsadviseur).get(url("import", wereld.gemeente))
    content = html(response)
    assert 'enctype="multipart/form-data"' in content
    assert url("sjabloon", wereld.gemeente, formaat="xlsx") in content
    assert "er wordt pas iets opgeslagen als u dat bevestigt" in content


def test_a_file_of_another_type_is_refused(wereld, login, media, nep_importer):
    response = upload(login(wereld.beleidsadviseur), wereld.gemeente, naam="cijfers.txt")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "bestand": ["Kies een CSV- of Excel-bestand (.csv of .xlsx)."]
    }
    assert nep_importer.aanroepen == []


def test_a_file_over_the_limit_is_refused(wereld, login, media, nep_importer, monkeypatch):
    monkeypatch.setattr(analyse_forms, "MAX_UPLOAD", 10)
    response = upload(login(wereld.beleidsadviseur), wereld.gemeente, inhoud=b"x" * 11)
    assert response.context["form"].errors == {"bestand": ["Het bestand is groter dan 20 MB."]}
    assert nep_importer.aanroepen == []


def test_a_jaar_outside_the_range_is_refused(wereld, login, media, nep_importer):
    response = upload(login(wereld.beleidsadviseur), wereld.gemeente, jaar="1850")
    assert response.context["form"].errors["jaar"] == [
        "Zorg ervoor dat deze waarde minstens 1990 is."
    ]


def test_the_preview_stores_the_upload_and_shows_what_would_happen(
    wereld, login, media, nep_importer
):
    client = login(wereld.beleidsadviseur)
    response = upload(client, wereld.gemeente, naam="85618NED.csv", inhoud=b"gwb_code\n")
    assert response.status_code == 200
    token = token_van(response)
    assert re.fullmatch(r"[0-9a-f]{32}\.csv", token)
    assert (media / token).read_bytes() == b"gwb_code\n"
    # The year comes from the CBS table id in the name.
    assert nep_importer.aanroepen == [
        ("lees", b"gwb_code\n", "85618NED.csv", wereld.gemeente, 2023, "CBS 2023")
    ]
    content = html(response)
    assert "CBS Kerncijfers wijken en buurten" in content
    assert "(afgeleid uit de bestandsnaam)" in content
    assert "WK000103 Noord (wijk)" in content
    assert '<tr><th scope="row">Nieuwe cijfers</th><td class="text-end">120</td></tr>' in content
    assert "4.000" in content  # overgeslagen
    assert ">Importeren</button>" in content
    assert f'value="{token}"' in content
    assert client.session[SESSIE_IMPORTS][token]["user"] == wereld.beleidsadviseur.pk


def test_a_file_with_errors_shows_every_error_and_keeps_nothing(wereld, login, media, monkeypatch):
    def lees_cijfers(bestand, bestandsnaam, *, gemeente, jaar, bron):
        return ImportPlan(
            indeling="CBS Kerncijfers wijken en buurten",
            bestandsnaam=bestandsnaam,
            fouten=[
                ImportFout(rij=3, kolom="a_inw", reden="'12a' is geen getal"),
                ImportFout(rij=None, kolom="", reden="Het jaar ontbreekt"),
            ],
        )

    monkeypatch.setattr(importers, "lees_cijfers", lees_cijfers)
    client = login(wereld.beleidsadviseur)
    response = upload(client, wereld.gemeente, naam="kwb.xlsx")
    content = html(response)
    assert "Het bestand bevat 2 fouten. Er is niets opgeslagen." in content
    assert (
        "<td>3</td>\n      <td>a_inw</td>\n      <td>&#x27;12a&#x27; is geen getal</td>" in content
    )
    assert "<td>heel bestand</td>" in content
    assert ">Importeren</button>" not in content
    assert list(media.iterdir()) == []
    assert not client.session.get(SESSIE_IMPORTS)
    # The upload form is there again.
    assert 'enctype="multipart/form-data"' in content


def test_confirming_imports_the_stored_file_and_removes_it(wereld, login, media, nep_importer):
    client = login(wereld.beleidsadviseur)
    token = token_van(upload(client, wereld.gemeente, jaar="2022"))
    response = client.post(
        url("import_bevestigen", wereld.gemeente),
        {"token": token, "jaar": "2022", "bron": "CBS 2023"},
        follow=True,
    )
    assert response.redirect_chain == [(url("index", wereld.gemeente), 302)]
    assert nep_importer.aanroepen[-1] == (
        "importeer",
        b"gwb_code;a_inw\n",
        "kwb-2023.csv",
        wereld.gemeente,
        2022,
        "CBS 2023",
    )
    assert "120 cijfers ingelezen, 3 gewijzigd, 2 gebieden aangemaakt." in html(response)
    assert list(media.iterdir()) == []
    # A token is used once.
    again = client.post(
        url("import_bevestigen", wereld.gemeente),
        {"token": token, "jaar": "2022", "bron": "CBS 2023"},
    )
    assert again.status_code == 404


def test_an_import_started_from_an_analyse_returns_to_it(wereld, login, media, nep_importer):
    analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente)
    andere = WoonzorganalyseFactory(gemeente=wereld.andere_gemeente)
    client = login(wereld.beleidsadviseur)
    pagina = html(client.get(url("import", wereld.gemeente) + f"?analyse={analyse.pk}"))
    assert f'action="{url("import", wereld.gemeente)}?analyse={analyse.pk}"' in pagina
    assert f'href="{analyse.get_absolute_url()}">Annuleren' in pagina

    response = client.post(
        url("import", wereld.gemeente) + f"?analyse={analyse.pk}",
        {"bestand": SimpleUploadedFile("kwb-2023.csv", b"gwb_code;a_inw\n"), "bron": "CBS"},
    )
    bevestigd = client.post(
        url("import_bevestigen", wereld.gemeente),
        {"token": token_van(response), "jaar": "2023", "bron": "CBS"},
    )
    assert bevestigd.url == analyse.get_absolute_url()

    # An analyse of another gemeente is no way back: the list of analyses is.
    response = client.post(
        url("import", wereld.gemeente) + f"?analyse={andere.pk}",
        {"bestand": SimpleUploadedFile("kwb-2023.csv", b"gwb_code;a_inw\n"), "bron": "CBS"},
    )
    bevestigd = client.post(
        url("import_bevestigen", wereld.gemeente),
        {"token": token_van(response), "jaar": "2023", "bron": "CBS"},
    )
    assert bevestigd.url == url("index", wereld.gemeente)

    # Nonsense is no way back either, and no error.
    for onzin in ("²", "-1", "abc", "1e3"):
        response = client.get(url("import", wereld.gemeente) + f"?analyse={onzin}")
        assert response.status_code == 200
        assert response.context["herkomst"] is None


def test_an_empty_bron_leaves_the_default_to_the_importer(wereld, login, media, nep_importer):
    client = login(wereld.beleidsadviseur)
    token = token_van(upload(client, wereld.gemeente, jaar="2023", bron=""))
    response = client.post(
        url("import_bevestigen", wereld.gemeente), {"token": token, "jaar": "2023", "bron": ""}
    )
    assert response.status_code == 302
    assert [aanroep[-1] for aanroep in nep_importer.aanroepen] == ["", ""]


def test_another_user_cannot_confirm_someone_elses_upload(wereld, login, media, nep_importer):
    token = token_van(upload(login(wereld.beleidsadviseur), wereld.gemeente))
    collega = UserFactory(organisatie=wereld.gemeente_organisatie)
    RolFactory(user=collega, gemeente=wereld.gemeente, soort=Rol.Soort.BELEIDSADVISEUR)
    for gebruiker in (collega, wereld.beleidsadviseur):  # the same user in a new session too
        ander = Client()
        ander.force_login(gebruiker)
        response = ander.post(
            url("import_bevestigen", wereld.gemeente),
            {"token": token, "jaar": "2023", "bron": "CBS 2023"},
        )
        assert response.status_code == 404
    assert [a[0] for a in nep_importer.aanroepen] == ["lees"]
    assert (media / token).exists()


@pytest.mark.parametrize(
    "token",
    [
        "../../settings.py",
        "../imports/0123456789abcdef0123456789abcdef.csv",
        "/etc/passwd",
        "0123456789abcdef0123456789abcdef.csv/../../x",
        "0123456789ABCDEF0123456789ABCDEF.csv",
        "",
    ],
)
def test_a_token_that_is_not_one_of_our_file_names_is_refused(
    wereld, login, media, nep_importer, token
):
    client = login(wereld.beleidsadviseur)
    response = client.post(
        url("import_bevestigen", wereld.gemeente), {"token": token, "jaar": "", "bron": "x"}
    )
    assert response.status_code == 404
    assert nep_importer.aanroepen == []


def test_the_confirmation_must_match_the_preview(wereld, login, media, nep_importer):
    client = login(wereld.beleidsadviseur)
    token = token_van(upload(client, wereld.gemeente))
    response = client.post(
        url("import_bevestigen", wereld.gemeente),
        {"token": token, "jaar": "2020", "bron": "CBS 2023"},
    )
    assert response.status_code == 400
    assert [a[0] for a in nep_importer.aanroepen] == ["lees"]


def test_an_upload_confirmed_under_another_gemeente_is_404(wereld, login, media, nep_importer):
    RolFactory(
        user=wereld.beleidsadviseur,
        gemeente=wereld.andere_gemeente,
        soort=Rol.Soort.BELEIDSADVISEUR,
    )
    client = login(wereld.beleidsadviseur)
    token = token_van(upload(client, wereld.gemeente))
    response = client.post(
        url("import_bevestigen", wereld.andere_gemeente),
        {"token": token, "jaar": "2023", "bron": "CBS 2023"},
    )
    assert response.status_code == 404


def test_a_vanished_upload_sends_the_user_back_to_upload_again(wereld, login, media, nep_importer):
    client = login(wereld.beleidsadviseur)
    token = token_van(upload(client, wereld.gemeente))
    (media / token).unlink()
    response = client.post(
        url("import_bevestigen", wereld.gemeente),
        {"token": token, "jaar": "2023", "bron": "CBS 2023"},
        follow=True,
    )
    assert response.redirect_chain == [(url("import", wereld.gemeente), 302)]
    assert "Het bestand is niet meer beschikbaar. Upload het opnieuw." in html(response)


def test_an_upload_the_reader_chokes_on_is_not_left_behind(wereld, login, media, monkeypatch):
    def lees_cijfers(bestand, bestandsnaam, **kwargs):
        raise ValueError("kapot")

    monkeypatch.setattr(importers, "lees_cijfers", lees_cijfers)
    with pytest.raises(ValueError):
        upload(login(wereld.beleidsadviseur), wereld.gemeente)
    assert list(media.iterdir()) == []


def test_confirming_is_a_post(wereld, login):
    response = login(wereld.beleidsadviseur).get(url("import_bevestigen", wereld.gemeente))
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("naam", "jaar"),
    [
        ("85318NED_TypedDataSet.csv", 2022),
        ("kwb-85618NED.xlsx", 2023),
        ("85984ned.csv", 2024),
        ("kerncijfers_wijken_buurten_2021.csv", 2021),
        ("prognose.csv", None),
        ("data-12024.csv", None),
        ("1999.csv", None),
    ],
)
def test_the_year_is_guessed_from_the_file_name(naam, jaar):
    assert analyse_forms.raad_jaar(naam) == jaar


# --- The sjabloon -------------------------------------------------------------------------------


@pytest.fixture
def nep_sjabloon(monkeypatch):
    monkeypatch.setattr(sjabloon, "sjabloon_csv", lambda: b"\xef\xbb\xbfgebied;jaar\r\n")
    monkeypatch.setattr(sjabloon, "sjabloon_xlsx", lambda: b"PK-xlsx")
    return sjabloon


@pytest.mark.parametrize("wie", LEZERS)
def test_everyone_in_the_gemeente_downloads_the_sjabloon(wereld, login, nep_sjabloon, wie):
    client = login(wereld.user(wie))
    csv = client.get(url("sjabloon", wereld.gemeente, formaat="csv"))
    assert csv.status_code == 200
    assert csv.content == b"\xef\xbb\xbfgebied;jaar\r\n"
    assert csv["Content-Disposition"] == 'attachment; filename="woonzorg-sjabloon.csv"'
    xlsx = client.get(url("sjabloon", wereld.gemeente, formaat="xlsx"))
    assert xlsx.content == b"PK-xlsx"
    assert client.get(url("sjabloon", wereld.gemeente, formaat="doc")).status_code == 404


def test_the_sjabloon_is_not_for_another_gemeente(wereld, login, nep_sjabloon):
    client = login(wereld.partner)
    assert client.get(url("sjabloon", wereld.andere_gemeente, formaat="csv")).status_code == 404


# --- The dashboard ------------------------------------------------------------------------------


def test_the_dashboard_counts_analyses_and_the_newest_ones_findings(wereld, gemeente_a, login):
    WoonzorganalyseFactory(gemeente=wereld.gemeente, titel="Oud", peiljaar=2019)
    content = html(login(wereld.partner).get(f"/g/{wereld.gemeente.cbs_code}/"))
    assert (
        '<li><a href="/g/GM0001/analyse/"><span class="kengetal">2</span> woonzorganalyses</a></li>'
        in content
    )
    detail_url = gemeente_a.analyse.get_absolute_url()
    assert (
        f'<li><a href="{detail_url}#bevindingen"><span class="kengetal">1</span> '
        "bevinding in de nieuwste analyse</a></li>" in content
    )


def test_without_analyses_the_dashboard_says_there_is_none_yet(wereld, gemeente_b, login):
    content = html(login(wereld.lezer).get(f"/g/{wereld.gemeente.cbs_code}/"))
    assert "Nog geen woonzorganalyse vastgelegd." in content


# --- Queries do not grow with the data ----------------------------------------------------------


def count_queries(client, adres):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(adres).status_code == 200
    return len(queries)


def meer_gebieden(gemeente, aantal, start):
    for n in range(start, start + aantal):
        wijk = GebiedFactory(gemeente=gemeente, naam=f"Wijk {n}", cbs_code=f"WK0001{n:02d}")
        buurt = GebiedFactory(
            gemeente=gemeente,
            naam=f"Buurt {n}",
            soort=Gebied.Soort.BUURT,
            cbs_code=f"BU0001{n:02d}01",
            parent=wijk,
        )
        for gebied in (wijk, buurt):
            for jaar in (2024, 2030, 2035):
                for klasse in ("65+", "75+", "85+"):
                    BevolkingscijferFactory(
                        gebied=gebied, jaar=jaar, leeftijdsklasse=klasse, prognose=jaar > 2024
                    )
            VoorraadFactory(gebied=gebied)


def test_the_detail_page_needs_the_same_queries_for_few_and_many_gebieden(
    wereld, gemeente_a, login, django_assert_max_num_queries
):
    client = login(wereld.beleidsadviseur)
    adres = url("detail", wereld.gemeente, pk=gemeente_a.analyse.pk)
    BevindingFactory(analyse=gemeente_a.analyse, gebied=gemeente_a.centrum)
    client.get(adres)  # the session and the user settle
    weinig = count_queries(client, adres)
    assert weinig <= 20

    meer_gebieden(wereld.gemeente, 10, start=10)
    BevindingFactory.create_batch(5, analyse=gemeente_a.analyse, gebied=gemeente_a.zuid)
    with django_assert_max_num_queries(weinig):
        response = client.get(adres)
    assert len(response.context["raming"].per_gebied) == 12  # the wijken; buurten on choice
    # With a filter the count stays the same too.
    assert count_queries(client, f"{adres}?gebied={gemeente_a.centrum.pk}") <= weinig + 1


def test_the_index_needs_the_same_queries_for_one_and_many_analyses(
    wereld, gemeente_a, login, django_assert_max_num_queries
):
    client = login(wereld.lezer)
    adres = url("index", wereld.gemeente)
    client.get(adres)
    weinig = count_queries(client, adres)
    for _n in range(5):
        analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente)
        BevindingFactory.create_batch(2, analyse=analyse)
        BehoeftenormFactory(analyse=analyse)
    meer_gebieden(wereld.gemeente, 5, start=30)
    with django_assert_max_num_queries(weinig):
        response = client.get(adres)
    assert len(response.context["analyses"]) == 6


# --- Small helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("peiljaar", "jaren", "gekozen"),
    [
        (2024, [2024, 2025, 2026, 2030, 2034, 2035], [2024, 2030, 2035]),
        (2024, [2024, 2026, 2027], [2024, 2026, 2027]),
        (2024, [2022, 2023, 2030], [2023, 2030]),  # no figures for the peiljaar itself
        (2020, [2024, 2030], [2024, 2030]),  # only later figures
        (2024, [2024], [2024]),
        (2024, [], []),
    ],
)
def test_the_years_of_the_key_figures(peiljaar, jaren, gekozen):
    assert kies_jaren(peiljaar, jaren) == gekozen


def test_gebieden_as_a_tree():
    wijk = Gebied(pk=1, naam="Wijk", soort="wijk")
    buurt = Gebied(pk=2, naam="Buurt", soort="buurt", parent_id=1)
    kern = Gebied(pk=3, naam="Kern", soort="kern")
    wees = Gebied(pk=4, naam="Buurt zonder wijk", soort="buurt", parent_id=99)
    # Depth first in the given order; a buurt whose wijk is not in the list is at the top.
    assert gebieden_boom([buurt, kern, wijk, wees]) == [(kern, 0), (wijk, 0), (buurt, 1), (wees, 0)]
