"""The programme's overview, planning and begroting pages through the client, per role.

A partner sees the activiteiten its organisatie is trekker of or involved in, and totals over
those; the dekking of an afspraak counts every activiteit of the programme. Another gemeente's
programme is a 404.
"""

import datetime
import html as htmllib
import re
import types
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from prestatieafspraken.models import Bouwsoort, Overeenkomst
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
)
from tests.woonzorg.factories import OrganisatieFactory
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma

TOEGEZEGD = Begrotingspost.Zekerheid.TOEGEZEGD
VERWACHT = Begrotingspost.Zekerheid.VERWACHT


def html(response):
    return response.content.decode()


def tekst(fragment):
    """The words of an HTML fragment, whitespace collapsed, entities resolved."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def sectie(inhoud, id_):
    """The element with this id up to the end of its section (or article)."""
    begin = inhoud.index(f'id="{id_}"')
    einde = min(
        i for i in (inhoud.find("</section>", begin), inhoud.find("</article>", begin)) if i > 0
    )
    return inhoud[begin:einde]


def rijen(fragment):
    """Every table row of a fragment as a list of cell texts."""
    return [
        [tekst(cel) for cel in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij, re.S)]
        for rij in re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, re.S)
    ]


def rij_van(inhoud, titel):
    """The <li> or <tr> of the timeline or a table that names `titel`."""
    for rij in re.findall(r"<(?:li|tr) class=\"tijdlijn-rij[^\"]*\">.*?</li>", inhoud, re.S):
        if f">{titel}<" in rij:
            return rij
    raise AssertionError(f"no row for {titel}")


def url(naam, programma):
    return reverse(
        f"uitvoering:{naam}", kwargs={"gemeente": programma.gemeente.cbs_code, "pk": programma.pk}
    )


@pytest.fixture
def w(wereld):
    """A programme over last year to next year (so today is on the axis), with:
    - afspraak 1.1 (110 woningen, 80 nieuwbouw, 30 bestaande bouw) of an agreement the
      partner's corporatie is party to, carried out by the corporatie (20 bestaande bouw, late)
      and by a marktpartij (50 nieuwbouw, on time);
    - afspraak 1.2 with a target and no activiteit yet; 1.3 without target or activiteit;
    - an afspraak with a target of a beëindigde agreement (not waiting for execution).
    """
    vandaag = timezone.localdate()
    jaar = vandaag.year
    programma = UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente,
        titel="Uitvoeringsprogramma wonen en zorg",
        periode_start=jaar - 1,
        periode_eind=jaar + 1,
        programmaleider=wereld.programmaleider,
        toelichting="Wat de partners samen doen.",
    )
    overeenkomst = OvereenkomstFactory(
        gemeente=wereld.gemeente,
        titel="Prestatieafspraken A",
        periode_start=jaar - 1,
        periode_eind=jaar + 2,
    )
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    afspraak = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="1.1",
        titel="Geclusterde woonvormen",
        aantal=110,
        eenheid="woningen",
        aantal_nieuwbouw=80,
        aantal_bestaande_bouw=30,
    )
    open_afspraak = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="1.2",
        titel="Mantelzorgwoningen",
        aantal=10,
        eenheid="woningen",
    )
    AfspraakFactory(overeenkomst=overeenkomst, nummer="1.3", titel="Overleg zonder aantal")
    beeindigd = OvereenkomstFactory(
        gemeente=wereld.gemeente, titel="Oude afspraken", periode_start=jaar - 1
    )
    Overeenkomst.objects.filter(pk=beeindigd.pk).update(status=Overeenkomst.Status.BEEINDIGD)
    AfspraakFactory(overeenkomst=beeindigd, titel="Oud doel", aantal=5, eenheid="woningen")

    marktpartij = OrganisatieFactory(naam="Marktpartij M", werkgebied=[wereld.gemeente])
    eigen = ActiviteitFactory(
        programma=programma,
        afspraak=afspraak,
        titel="Twintig woningen in bestaande bouw",
        trekker=wereld.corporatie,
        aantal=20,
        bouwsoort=Bouwsoort.BESTAANDE_BOUW,
        start=datetime.date(jaar - 1, 2, 1),
        eind=vandaag - datetime.timedelta(days=10),
    )
    andere = ActiviteitFactory(
        programma=programma,
        afspraak=afspraak,
        titel="Vijftig nieuwe woningen",
        trekker=marktpartij,
        aantal=50,
        bouwsoort=Bouwsoort.NIEUWBOUW,
        start=datetime.date(jaar, 1, 1),
        eind=datetime.date(jaar + 1, 6, 30),
    )
    return types.SimpleNamespace(
        wereld=wereld,
        vandaag=vandaag,
        programma=programma,
        overeenkomst=overeenkomst,
        afspraak=afspraak,
        open_afspraak=open_afspraak,
        marktpartij=marktpartij,
        eigen=eigen,
        andere=andere,
    )


# --- Who may open the pages -----------------------------------------------------------------------


@pytest.mark.parametrize("naam", ["detail", "planning", "begroting"])
def test_every_role_of_the_gemeente_reads_the_pages(w, login, rol, naam):
    response = login(w.wereld.user(rol)).get(url(naam, w.programma))
    assert response.status_code == 200
    assert w.programma.titel in html(response)


@pytest.mark.parametrize("naam", ["detail", "planning", "begroting"])
def test_another_gemeentes_programme_is_not_found(w, login, naam):
    client = login(w.wereld.andere_beleidsadviseur)
    assert client.get(url(naam, w.programma)).status_code == 404
    # Nor through the other gemeente's own URL.
    vreemd = reverse(
        f"uitvoering:{naam}",
        kwargs={"gemeente": w.wereld.andere_gemeente.cbs_code, "pk": w.programma.pk},
    )
    assert client.get(vreemd).status_code == 404


@pytest.mark.parametrize("naam", ["detail", "planning", "begroting"])
def test_anonymous_is_sent_to_log_in(w, client, naam):
    response = client.get(url(naam, w.programma))
    assert response.status_code == 302 and "login" in response["Location"]


# --- The overview ---------------------------------------------------------------------------------


def test_the_overview_shows_each_afspraak_with_its_dekking_and_activiteiten(w, login):
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("detail", w.programma)))
    kop = tekst(inhoud[inhoud.index("<h1") : inhoud.index('id="samenvatting"')])
    assert str(w.programma.periode) in kop and "concept" in kop
    assert w.wereld.programmaleider.email in kop or w.wereld.programmaleider.get_full_name() in kop
    assert "Wat de partners samen doen." in inhoud

    blok = sectie(inhoud, f"afspraak-{w.afspraak.pk}")
    woorden = tekst(blok)
    assert "70 van 110" in woorden
    assert "50 van 80" in woorden and "20 van 30" in woorden
    assert "er ontbreken er 40" in woorden
    for activiteit in (w.eigen, w.andere):
        assert f'href="{activiteit.get_absolute_url()}"' in blok
    assert "Woningcorporatie X" in woorden and "Marktpartij M" in woorden
    assert f'href="{w.afspraak.get_absolute_url()}"' in blok
    # Grouped under its agreement.
    groep = sectie(inhoud, f"overeenkomst-{w.overeenkomst.pk}")
    assert "Prestatieafspraken A" in tekst(groep)


def test_the_overview_flags_late_activiteiten_and_shows_aantal_and_gerealiseerd(w, login):
    Activiteit.objects.filter(pk=w.andere.pk).update(gerealiseerd_aantal=12)
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("detail", w.programma)))
    tabel = rijen(sectie(inhoud, f"afspraak-{w.afspraak.pk}").split("<caption>")[-1])
    per_titel = {rij[0]: rij for rij in tabel if rij and rij[0] in (w.eigen.titel, w.andere.titel)}
    assert "te laat" in per_titel[w.eigen.titel][3]
    assert "te laat" not in per_titel[w.andere.titel][3]
    assert (
        per_titel[w.andere.titel][4].startswith("50")
        and "nieuwbouw" in per_titel[w.andere.titel][4]
    )
    assert per_titel[w.andere.titel][5] == "12"
    assert per_titel[w.eigen.titel][5] == "—"
    samenvatting = tekst(sectie(inhoud, "samenvatting"))
    assert samenvatting.startswith('id="samenvatting"> Samenvatting Activiteiten 2 1 te laat ')


def test_an_afspraak_with_a_target_and_no_activiteit_is_flagged(w, login):
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("detail", w.programma)))
    blok = sectie(inhoud, f"afspraak-{w.open_afspraak.pk}")
    assert "nog geen activiteit" in blok
    assert "0 van 10" in tekst(blok)
    toevoegen = url("activiteit_create", w.programma) + f"?afspraak={w.open_afspraak.pk}"
    assert f'href="{toevoegen}"' in blok
    # Without a target, or of an ended agreement: not waiting for this programme.
    assert "Overleg zonder aantal" not in inhoud and "Oud doel" not in inhoud
    assert "1 afspraak heeft nog geen activiteit" in tekst(sectie(inhoud, "samenvatting"))


def test_the_overview_counts_afspraken_with_a_deviating_dekking(w, login):
    # 1.1 is under-planned (70 van 110), 1.2 has nothing (0 van 10): two.
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("detail", w.programma)))
    samenvatting = sectie(inhoud, "samenvatting")
    getal = re.search(
        r"Afspraken met afwijkende dekking</dt>\s*<dd[^>]*><span class=\"kengetal\">(\d+)",
        samenvatting,
    )
    assert getal and getal.group(1) == "2"

    ActiviteitFactory(programma=w.programma, afspraak=w.open_afspraak, aantal=10, titel="Tien")
    ActiviteitFactory(
        programma=w.programma,
        afspraak=w.afspraak,
        aantal=40,
        bouwsoort=Bouwsoort.BESTAANDE_BOUW,
        titel="Veertig",
    )
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("detail", w.programma)))
    samenvatting = sectie(inhoud, "samenvatting")
    getal = re.search(
        r"Afspraken met afwijkende dekking</dt>\s*<dd[^>]*><span class=\"kengetal\">(\d+)",
        samenvatting,
    )
    # 1.1 now has 110 of 110 but 60 of 30 in bestaande bouw: still deviating; 1.2 is covered.
    assert getal.group(1) == "1"
    blok = tekst(sectie(inhoud, f"afspraak-{w.afspraak.pk}"))
    assert "110 van 110" in blok and "60 van 30" in blok
    assert "Het totaal is gedekt (110 van 110), maar de verdeling klopt niet:" in blok


def test_a_partner_sees_its_own_activiteiten_but_the_dekking_of_all(w, login):
    BegrotingspostFactory(activiteit=w.eigen, bedrag=Decimal("1000"), jaar=w.vandaag.year)
    BegrotingspostFactory(activiteit=w.andere, bedrag=Decimal("5000"), jaar=w.vandaag.year)
    inhoud = html(login(w.wereld.partner).get(url("detail", w.programma)))
    blok = sectie(inhoud, f"afspraak-{w.afspraak.pk}")
    assert w.eigen.titel in blok
    assert w.andere.titel not in inhoud and "Marktpartij M" not in inhoud
    assert "70 van 110" in tekst(blok)  # counts the marktpartij's 50 too
    samenvatting = tekst(sectie(inhoud, "samenvatting"))
    assert "€ 1.000" in samenvatting and "6.000" not in samenvatting
    # No buttons that change the programme.
    assert url("update", w.programma) not in inhoud
    assert url("activiteit_create", w.programma) not in inhoud


def test_a_partner_that_sees_no_activiteit_of_an_afspraak_is_told_others_carry_it_out(w, login):
    Activiteit.objects.filter(pk=w.eigen.pk).update(trekker=w.marktpartij)
    inhoud = html(login(w.wereld.partner).get(url("detail", w.programma)))
    blok = tekst(sectie(inhoud, f"afspraak-{w.afspraak.pk}"))
    assert "Andere partijen voeren deze afspraak uit" in blok
    assert "70 van 110" in blok


def test_a_trekker_outside_the_agreement_sees_its_activiteit_without_the_dekking(w, login):
    # The corporatie carries out an afspraak of an agreement it is no party to.
    vreemde = OvereenkomstFactory(gemeente=w.wereld.gemeente, titel="Convenant zorg")
    afspraak = AfspraakFactory(overeenkomst=vreemde, nummer="2.1", aantal=8, eenheid="plekken")
    eigen = ActiviteitFactory(
        programma=w.programma,
        afspraak=afspraak,
        trekker=w.wereld.corporatie,
        aantal=8,
        titel="Acht plekken",
    )
    inhoud = html(login(w.wereld.partner).get(url("detail", w.programma)))
    blok = sectie(inhoud, f"afspraak-{afspraak.pk}")
    assert f'href="{eigen.get_absolute_url()}"' in blok
    assert f'href="{afspraak.get_absolute_url()}"' not in blok  # it may not open the afspraak
    assert "8 van 8" not in tekst(blok)


def test_editors_get_the_buttons_and_readers_do_not(w, login):
    inhoud = html(login(w.wereld.programmaleider).get(url("detail", w.programma)))
    for naam in ("update", "delete", "activiteit_create"):
        assert f'href="{url(naam, w.programma)}"' in inhoud
    assert f'href="{url("planning", w.programma)}"' in inhoud
    assert f'href="{url("begroting", w.programma)}"' in inhoud

    inhoud = html(login(w.wereld.lezer).get(url("detail", w.programma)))
    for naam in ("update", "delete", "activiteit_create"):
        assert url(naam, w.programma) not in inhoud
    assert f'href="{url("planning", w.programma)}"' in inhoud


def test_an_afgerond_programme_offers_no_changes_and_says_why(w, login):
    Uitvoeringsprogramma.objects.filter(pk=w.programma.pk).update(
        status=Uitvoeringsprogramma.Status.AFGEROND
    )
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("detail", w.programma)))
    assert "is afgerond en kan niet meer worden gewijzigd" in inhoud
    for naam in ("update", "delete", "activiteit_create"):
        assert url(naam, w.programma) not in inhoud


def test_an_empty_programme_says_so(wereld, login):
    programma = UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente, periode_start=2000, periode_eind=2002
    )
    inhoud = html(login(wereld.beleidsadviseur).get(url("detail", programma)))
    assert "Er staan nog geen activiteiten in dit programma" in inhoud
    assert f'href="{url("activiteit_create", programma)}"' in inhoud


# --- The planning ---------------------------------------------------------------------------------


def test_the_planning_flags_a_late_activiteit_in_words(w, login):
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("planning", w.programma)))
    te_laat = rij_van(inhoud, w.eigen.titel)
    op_tijd = rij_van(inhoud, w.andere.titel)
    assert ">te laat<" in te_laat and "balk-te-laat" in te_laat
    assert "te laat" not in op_tijd and "balk-te-laat" not in op_tijd
    assert "waarvan 1 te laat" in tekst(inhoud)
    # The table says it too.
    tabel = {rij[0]: rij for rij in rijen(inhoud[inhoud.index("<details") :])}
    assert tabel[w.eigen.titel][1] == "Woningcorporatie X"
    assert tabel[w.eigen.titel][-1] == "ja" and tabel[w.andere.titel][-1] == "nee"


def test_the_planning_marks_today_when_it_is_on_the_axis(w, login):
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("planning", w.programma)))
    assert 'class="tijdlijn-vandaag"' in inhoud and ">vandaag<" in inhoud
    assert "De verticale lijn is vandaag" in inhoud
    for jaar in w.programma.jaren:
        assert f">{jaar}</span>" in inhoud

    Uitvoeringsprogramma.objects.filter(pk=w.programma.pk).update(
        periode_start=2000, periode_eind=2003
    )
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("planning", w.programma)))
    assert 'class="tijdlijn-vandaag"' not in inhoud
    assert "Vandaag valt buiten de looptijd van dit programma." in inhoud


def test_the_bars_are_positioned_in_css_notation_without_script(w, login):
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("planning", w.programma)))
    stijlen = re.findall(r'style="([^"]*)"', inhoud[inhoud.index('class="tijdlijn"') :])
    assert any(s.startswith("left:") and "width:" in s for s in stijlen)
    for stijl in stijlen:
        assert not re.search(r"\d,\d", stijl), stijl  # 12,5% would be ignored by the browser
    # The activiteit of this year starts at 1/3 of a three-year axis.
    balk = re.search(r'balk-[a-z_]+" style="left: ([\d.]+)%', rij_van(inhoud, w.andere.titel))
    assert 33 <= float(balk.group(1)) <= 33.5
    hoofd = inhoud[inhoud.index("<main") :]
    assert "<script" not in hoofd and "onclick" not in hoofd


def test_the_planning_groups_per_trekker_on_request(w, login):
    client = login(w.wereld.beleidsadviseur)
    inhoud = html(client.get(url("planning", w.programma)))
    koppen = [tekst(k) for k in re.findall(r'<h3 class="h6 tijdlijn-groep-kop">(.*?)</h3>', inhoud)]
    assert koppen == ["Afspraak 1.1 Geclusterde woonvormen"]
    assert re.search(r'href="\?per=afspraak"\s+aria-current="page"', inhoud)

    inhoud = html(client.get(url("planning", w.programma) + "?per=trekker"))
    koppen = [tekst(k) for k in re.findall(r'<h3 class="h6 tijdlijn-groep-kop">(.*?)</h3>', inhoud)]
    assert koppen == ["Marktpartij M", "Woningcorporatie X"]
    assert re.search(r'href="\?per=trekker"\s+aria-current="page"', inhoud)
    assert not re.search(r'href="\?per=afspraak"\s+aria-current', inhoud)


def test_activiteiten_without_planning_are_listed_as_not_planned(w, login):
    zonder = ActiviteitFactory(
        programma=w.programma, afspraak=w.afspraak, titel="Nog te plannen", start=None, eind=None
    )
    zonder_trekker_te_laat = ActiviteitFactory(
        programma=w.programma,
        afspraak=w.afspraak,
        titel="Vertraagd zonder trekker",
        status=Activiteit.Status.VERTRAAGD,
    )
    inhoud = html(
        login(w.wereld.beleidsadviseur).get(url("planning", w.programma) + "?per=trekker")
    )
    rij = rij_van(inhoud, zonder.titel)
    assert "nog niet gepland" in rij and "tijdlijn-balk" not in rij
    assert "1 nog niet gepland" in tekst(inhoud)
    assert "Nog zonder trekker" in inhoud
    assert ">te laat<" in rij_van(inhoud, zonder_trekker_te_laat.titel)


def test_a_partner_plans_only_what_it_sees(w, login):
    inhoud = html(login(w.wereld.partner).get(url("planning", w.programma)))
    assert w.eigen.titel in inhoud and w.andere.titel not in inhoud
    assert "1 activiteit" in tekst(inhoud)


def test_a_programme_without_activiteiten_has_nothing_to_plan(wereld, login):
    programma = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    inhoud = html(login(wereld.lezer).get(url("planning", programma)))
    assert "Er zijn nog geen activiteiten om te plannen." in inhoud


# --- The begroting --------------------------------------------------------------------------------


@pytest.fixture
def geld(w):
    """Posts by hand: the corporatie's activiteit 1.000.000,00 committed by the gemeente in the
    current year and 234.567,00 expected from the corporatie next year; the marktpartij's
    activiteit 500,00 committed by nobody known; a third activiteit without any post."""
    jaar = w.vandaag.year
    gemeente = w.wereld.gemeente_organisatie
    BegrotingspostFactory(
        activiteit=w.eigen,
        jaar=jaar,
        bedrag=Decimal("1000000.00"),
        financier=gemeente,
        zekerheid=TOEGEZEGD,
    )
    BegrotingspostFactory(
        activiteit=w.eigen,
        jaar=jaar + 1,
        bedrag=Decimal("234567.00"),
        financier=w.wereld.corporatie,
        zekerheid=VERWACHT,
        omschrijving="Bijdrage corporatie",
    )
    BegrotingspostFactory(
        activiteit=w.andere,
        jaar=jaar,
        bedrag=Decimal("500.00"),
        financier=None,
        zekerheid=TOEGEZEGD,
    )
    w.zonder = ActiviteitFactory(
        programma=w.programma,
        afspraak=w.open_afspraak,
        titel="Nog zonder geld",
        trekker=w.marktpartij,
    )
    return w


def test_the_begroting_totals_per_jaar_financier_and_afspraak(geld, login):
    w = geld
    jaar = w.vandaag.year
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("begroting", w.programma)))
    assert (
        "Begroot: € 1.235.067,00, waarvan € 1.000.000,00 toegezegd en € 235.067,00 nog niet "
        "gedekt." in tekst(inhoud)
    )
    assert rijen(sectie(inhoud, "per-jaar")) == [
        ["Jaar", "Totaal", "Toegezegd", "Ongedekt"],
        [str(jaar - 1), "€ 0,00", "€ 0,00", "€ 0,00"],
        [str(jaar), "€ 1.000.500,00", "€ 1.000.000,00", "€ 500,00"],
        [str(jaar + 1), "€ 234.567,00", "€ 0,00", "€ 234.567,00"],
        ["Totaal", "€ 1.235.067,00", "€ 1.000.000,00", "€ 235.067,00"],
    ]
    assert rijen(sectie(inhoud, "per-financier")) == [
        ["Financier", "Totaal", "Toegezegd", "Ongedekt"],
        ["Gemeente A (organisatie)", "€ 1.000.000,00", "€ 1.000.000,00", "€ 0,00"],
        ["Woningcorporatie X", "€ 234.567,00", "€ 0,00", "€ 234.567,00"],
        ["onbekend", "€ 500,00", "€ 0,00", "€ 500,00"],
        ["Totaal", "€ 1.235.067,00", "€ 1.000.000,00", "€ 235.067,00"],
    ]
    per_afspraak = rijen(sectie(inhoud, "per-afspraak"))
    assert per_afspraak[1] == [
        "1.1 Geclusterde woonvormen Prestatieafspraken A",
        "€ 1.235.067,00",
        "€ 1.000.000,00",
        "€ 235.067,00",
    ]
    assert len(per_afspraak) == 3  # header, one afspraak, total


def test_the_begroting_lists_what_is_not_covered_and_activiteiten_without_money(geld, login):
    w = geld
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("begroting", w.programma)))
    ongedekt = rijen(sectie(inhoud, "ongedekt"))
    jaar = w.vandaag.year
    assert ongedekt[1:] == [
        [w.andere.titel, str(jaar), "€ 500,00", "onbekend", "toegezegd"],
        [
            f"{w.eigen.titel} Bijdrage corporatie",
            str(jaar + 1),
            "€ 234.567,00",
            "Woningcorporatie X",
            "verwacht",
        ],
    ]
    assert f'href="{w.andere.get_absolute_url()}"' in sectie(inhoud, "ongedekt")
    zonder = sectie(inhoud, "zonder-begroting")
    assert f'href="{w.zonder.get_absolute_url()}"' in zonder
    assert w.eigen.titel not in zonder and w.andere.titel not in zonder
    invullen = reverse(
        "uitvoering:begrotingsposten",
        kwargs={"gemeente": w.wereld.gemeente.cbs_code, "pk": w.zonder.pk},
    )
    assert f'href="{invullen}"' in zonder


def test_a_partner_sees_the_totals_over_its_own_activiteiten(geld, login):
    w = geld
    inhoud = html(login(w.wereld.partner).get(url("begroting", w.programma)))
    assert (
        "Begroot: € 1.234.567,00, waarvan € 1.000.000,00 toegezegd en € 234.567,00 nog niet "
        "gedekt." in tekst(inhoud)
    )
    assert [rij[0] for rij in rijen(sectie(inhoud, "per-financier"))] == [
        "Financier",
        "Gemeente A (organisatie)",
        "Woningcorporatie X",
        "Totaal",
    ]
    assert w.andere.titel not in inhoud and w.zonder.titel not in inhoud
    assert "Begroting invullen" not in inhoud


def test_a_begroting_without_posts_says_everything_is_still_open(w, login):
    inhoud = html(login(w.wereld.lezer).get(url("begroting", w.programma)))
    assert "Begroot: € 0,00" in tekst(inhoud)
    assert 'id="per-financier"' not in inhoud
    assert "Er is nog niets begroot." in inhoud and "Alle begrote bedragen" not in inhoud
    zonder = sectie(inhoud, "zonder-begroting")
    assert w.eigen.titel in zonder and w.andere.titel in zonder
    assert "Begroting invullen" not in zonder  # a lezer fills in nothing


def test_afspraken_are_in_number_order_on_every_page(w, login):
    """2.10 comes after 2.9, as in the agreement itself."""
    for nummer in ("2.10", "2.9"):
        afspraak = AfspraakFactory(
            overeenkomst=w.overeenkomst, nummer=nummer, titel=f"Afspraak {nummer}"
        )
        BegrotingspostFactory(
            activiteit=ActiviteitFactory(
                programma=w.programma, afspraak=afspraak, titel=f"Voor {nummer}"
            ),
            jaar=w.vandaag.year,
        )
    client = login(w.wereld.beleidsadviseur)
    for naam in ("detail", "planning", "begroting"):
        inhoud = html(client.get(url(naam, w.programma)))
        assert inhoud.index("2.9 Afspraak 2.9") < inhoud.index("2.10 Afspraak 2.10"), naam


def test_a_trekker_outside_the_agreement_sees_its_money_without_a_link_to_the_afspraak(w, login):
    vreemde = OvereenkomstFactory(gemeente=w.wereld.gemeente, titel="Convenant zorg")
    afspraak = AfspraakFactory(overeenkomst=vreemde, nummer="4.1", titel="Zorgplekken")
    BegrotingspostFactory(
        activiteit=ActiviteitFactory(
            programma=w.programma, afspraak=afspraak, trekker=w.wereld.corporatie
        ),
        jaar=w.vandaag.year,
        bedrag=Decimal("750.00"),
    )
    inhoud = html(login(w.wereld.partner).get(url("begroting", w.programma)))
    per_afspraak = sectie(inhoud, "per-afspraak")
    assert "4.1 Zorgplekken" in per_afspraak
    assert afspraak.get_absolute_url() not in per_afspraak
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("begroting", w.programma)))
    assert f'href="{afspraak.get_absolute_url()}"' in sectie(inhoud, "per-afspraak")


def test_a_fully_covered_begroting_says_so(w, login):
    BegrotingspostFactory(
        activiteit=w.eigen,
        jaar=w.vandaag.year,
        financier=w.wereld.corporatie,
        zekerheid=TOEGEZEGD,
    )
    inhoud = html(login(w.wereld.beleidsadviseur).get(url("begroting", w.programma)))
    assert "Alle begrote bedragen zijn toegezegd door een bekende financier." in inhoud
    assert "waarvan € 10.000,00 toegezegd en € 0,00 nog niet gedekt" in tekst(inhoud)
