"""The uitvoering's section on the afspraak's own page (phase 3), through the client.

The handreiking's Gemeente A: an afspraak of 110 geclusterde woningen, 80 nieuwbouw and 30 in
bestaande bouw, carried out by woningcorporatie X (20 in bestaande bouw), woningcorporatie Y
(two clusters of 20 in bestaande bouw) and a marktpartij (50 new). The total is covered, the
split is not, and the page must say so.
"""

import datetime
import html as htmllib
import re
import types

import pytest
from django.urls import reverse
from django.utils import timezone

from prestatieafspraken.models import Bouwsoort
from tests.analyses.factories import woonvorm
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import OrganisatieFactory
from uitvoering.models import Activiteit

Status = Activiteit.Status


def tekst(fragment):
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def pagina(client, afspraak):
    response = client.get(
        reverse(
            "prestatieafspraken:afspraak",
            kwargs={"gemeente": afspraak.overeenkomst.gemeente.cbs_code, "pk": afspraak.pk},
        )
    )
    assert response.status_code == 200
    return response.content.decode()


def uitvoering(inhoud):
    """The section this app adds to the page."""
    begin = inhoud.index('id="uitvoering"')
    return inhoud[begin : inhoud.index("</section>", begin)]


@pytest.fixture
def gemeente_a(wereld):
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Prestatieafspraken A")
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    afspraak = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="2.1",
        titel="Geclusterde woonvormen voor ouderen",
        woonvorm=woonvorm(),
        aantal=110,
        eenheid="geclusterde woningen",
        aantal_nieuwbouw=80,
        aantal_bestaande_bouw=30,
    )
    programma = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    corporatie_y = OrganisatieFactory(naam="Woningcorporatie Y", werkgebied=[wereld.gemeente])
    marktpartij = OrganisatieFactory(naam="Marktpartij", werkgebied=[wereld.gemeente])
    bestaand = Bouwsoort.BESTAANDE_BOUW

    def activiteit(titel, trekker, aantal, bouwsoort):
        return ActiviteitFactory(
            programma=programma,
            afspraak=afspraak,
            titel=titel,
            trekker=trekker,
            aantal=aantal,
            bouwsoort=bouwsoort,
        )

    return types.SimpleNamespace(
        wereld=wereld,
        afspraak=afspraak,
        programma=programma,
        x=activiteit("Twintig woningen in bestaande bouw", wereld.corporatie, 20, bestaand),
        y1=activiteit("Cluster 1 (geschikt voor VPT)", corporatie_y, 20, bestaand),
        y2=activiteit("Cluster 2", corporatie_y, 20, bestaand),
        nieuw=activiteit(
            "Vijftig nieuwe geclusterde woningen", marktpartij, 50, Bouwsoort.NIEUWBOUW
        ),
    )


def test_gemeente_a_shows_that_the_total_hides_the_split(gemeente_a, login):
    sectie = uitvoering(pagina(login(gemeente_a.wereld.beleidsadviseur), gemeente_a.afspraak))
    woorden = tekst(sectie)
    assert "Uitvoering" in woorden
    assert "110 van 110" in woorden
    assert "50 van 80" in woorden and "60 van 30" in woorden
    assert "Het totaal is gedekt (110 van 110), maar de verdeling klopt niet:" in woorden
    assert "te weinig gepland: er ontbreken er 30" in woorden
    assert "meer gepland dan afgesproken: 30 te veel" in woorden
    # The colour repeats the words: one part under, one over, the total covered.
    assert sectie.count("dekking dekking-onder") == 1
    assert sectie.count("dekking dekking-over") == 1
    assert sectie.count("dekking dekking-gedekt") == 1
    for activiteit in (gemeente_a.x, gemeente_a.y1, gemeente_a.y2, gemeente_a.nieuw):
        assert f'href="{activiteit.get_absolute_url()}"' in sectie


def test_the_rows_are_labelled_and_the_bar_is_hidden_from_screen_readers(gemeente_a, login):
    sectie = uitvoering(pagina(login(gemeente_a.wereld.lezer), gemeente_a.afspraak))
    koppen = [
        tekst(k)
        for k in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', sectie.split("activiteiten")[0])
    ]
    assert koppen[:3] == ["Totaal", "Nieuwbouw", "Bestaande bouw"]
    assert "<caption>" in sectie and 'scope="rowgroup"' in sectie
    assert re.search(r'class="dekking-balk" aria-hidden="true"', sectie)
    # 50 of 80 fills 62.5% of the bar (rounded); 60 of 30 is capped at 100%.
    assert 'style="width: 62%"' in sectie and 'style="width: 100%"' in sectie


def test_a_partner_sees_the_whole_dekking_but_only_its_own_activiteiten(gemeente_a, login):
    sectie = uitvoering(pagina(login(gemeente_a.wereld.partner), gemeente_a.afspraak))
    woorden = tekst(sectie)
    assert "110 van 110" in woorden and "50 van 80" in woorden and "60 van 30" in woorden
    assert gemeente_a.x.titel in woorden
    for andere in (gemeente_a.y1, gemeente_a.y2, gemeente_a.nieuw):
        assert andere.titel not in woorden


def test_a_partner_without_activiteiten_is_told_others_carry_it_out(gemeente_a, login):
    Activiteit.objects.filter(pk=gemeente_a.x.pk).update(trekker=None)
    sectie = uitvoering(pagina(login(gemeente_a.wereld.partner), gemeente_a.afspraak))
    assert "Andere partijen voeren deze afspraak uit" in sectie
    assert '<table class="table table-sm align-middle activiteiten">' not in sectie


def test_a_covered_afspraak_says_every_part_is_covered(gemeente_a, login):
    Activiteit.objects.filter(pk=gemeente_a.y2.pk).update(bouwsoort=Bouwsoort.NIEUWBOUW, aantal=30)
    Activiteit.objects.filter(pk=gemeente_a.y1.pk).update(aantal=10)
    sectie = uitvoering(pagina(login(gemeente_a.wereld.beleidsadviseur), gemeente_a.afspraak))
    woorden = tekst(sectie)
    assert "110 van 110" in woorden and "80 van 80" in woorden and "30 van 30" in woorden
    assert "Elk onderdeel is gedekt zoals afgesproken." in woorden
    assert "klopt niet" not in woorden and "dekking-onder" not in sectie


def test_an_afspraak_without_activiteiten_or_target(wereld, login):
    afspraak = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=wereld.gemeente))
    sectie = uitvoering(pagina(login(wereld.beleidsadviseur), afspraak))
    assert "Nog geen activiteiten die deze afspraak uitvoeren." in sectie
    assert "er is geen dekking te berekenen" in sectie


def test_realised_output_is_shown_with_the_planned(gemeente_a, login):
    Activiteit.objects.filter(pk=gemeente_a.nieuw.pk).update(gerealiseerd_aantal=25)
    woorden = tekst(
        uitvoering(pagina(login(gemeente_a.wereld.beleidsadviseur), gemeente_a.afspraak))
    )
    assert "waarvan 25 gerealiseerd" in woorden


@pytest.mark.parametrize(
    "status, dagen",
    [
        (Status.GEPLAND, -1),  # past its end: late
        (Status.IN_UITVOERING, -30),
        (Status.GEPLAND, 30),  # still time
        (Status.VERTRAAGD, 30),  # reported late
        (Status.GEREED, -30),  # finished, so never late
        (Status.GEANNULEERD, -30),
        (Status.IN_UITVOERING, 0),  # ends today
    ],
)
def test_the_late_flag_follows_activiteit_is_te_laat(gemeente_a, login, status, dagen):
    vandaag = timezone.localdate()
    activiteit = gemeente_a.x
    Activiteit.objects.filter(pk=activiteit.pk).update(
        status=status,
        start=vandaag - datetime.timedelta(days=100),
        eind=vandaag + datetime.timedelta(days=dagen),
    )
    activiteit.refresh_from_db()
    sectie = uitvoering(pagina(login(gemeente_a.wereld.beleidsadviseur), gemeente_a.afspraak))
    rij = next(r for r in re.findall(r"<tr>.*?</tr>", sectie, re.S) if activiteit.titel in r)
    assert ("te laat" in rij) is activiteit.is_te_laat(vandaag)
    assert activiteit.get_status_display() in rij
