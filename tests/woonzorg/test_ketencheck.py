"""The ketencheck: every broken link of a gemeente's chain, from bevinding to meting.

A complete chain reports nothing; each kind of gap, built on its own, is reported once, with the
page where it is mended; what is history (a beëindigde overeenkomst, a finished activiteit) or not
held to it (a proces- or intentieafspraak) is left alone.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prestatieafspraken.models import AfspraakType, Overeenkomst
from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory
from tests.borging.factories import IndicatorFactory, MetingFactory, StreefwaardeFactory
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.visies.factories import AmbitieFactory, WoonzorgvisieFactory
from tests.woonzorg.factories import OrganisatieFactory
from uitvoering.models import Activiteit, Uitvoeringsprogramma
from visies.models import Onderbouwing
from woonzorg.ketencheck import aantal_breuken, ketencheck
from woonzorg.models import Gemeente, User

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date(2025, 6, 1)  # the meting over 2024 is due

SOORTEN = [
    "bevinding-zonder-ambitie",
    "ambitie-zonder-afspraak",
    "overeenkomst-niet-ondertekend",
    "afspraak-zonder-activiteit",
    "activiteit-zonder-trekker-of-planning",
    "afspraak-zonder-indicator",
    "indicator-zonder-streefwaarde-of-meting",
]


@pytest.fixture(autouse=True)
def vandaag(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: VANDAAG)


class Keten:
    """A gemeente's complete chain: `n` findings, each answered by an ambitie made concrete in an
    afspraak of a signed agreement, carried out by a planned activiteit with a trekker and
    measured by an indicator with a streefwaarde and its due meting."""

    def __init__(self, gemeente, n=1):
        self.gemeente = gemeente
        self.analyse = WoonzorganalyseFactory(gemeente=gemeente, peiljaar=2024)
        self.visie = WoonzorgvisieFactory(gemeente=gemeente, vastgesteld=True)
        self.overeenkomst = OvereenkomstFactory(
            gemeente=gemeente, status=Overeenkomst.Status.ONDERTEKEND
        )
        self.programma = UitvoeringsprogrammaFactory(gemeente=gemeente)
        self.trekker = OrganisatieFactory(werkgebied=[gemeente])
        for _i in range(n):
            self.schakel()

    def schakel(self):
        bevinding = BevindingFactory(analyse=self.analyse)
        ambitie = AmbitieFactory(visie=self.visie)
        Onderbouwing.objects.create(ambitie=ambitie, bevinding=bevinding)
        afspraak = AfspraakFactory(overeenkomst=self.overeenkomst, ambitie=ambitie)
        activiteit = ActiviteitFactory(
            programma=self.programma, afspraak=afspraak, trekker=self.trekker
        )
        indicator = IndicatorFactory(
            gemeente=self.gemeente, afspraak=afspraak, eigenaar=self.trekker
        )
        StreefwaardeFactory(indicator=indicator, jaar=2026)
        MetingFactory(indicator=indicator, jaar=2024)
        self.bevinding, self.ambitie, self.afspraak = bevinding, ambitie, afspraak
        self.activiteit, self.indicator = activiteit, indicator


@pytest.fixture
def keten(wereld):
    return Keten(wereld.gemeente)


def gerapporteerd(wereld, user=None) -> dict[str, list[str]]:
    """What the check reports, per kind: the names of the objects where the chain breaks."""
    controles = ketencheck(wereld.gemeente, user or wereld.beleidsadviseur)
    assert [c.soort for c in controles] == SOORTEN
    return {c.soort: [str(b.object) for b in c.breuken] for c in controles}


def alleen(soort: str, *namen) -> dict[str, list[str]]:
    return {s: list(namen) if s == soort else [] for s in SOORTEN}


# --- A complete chain ----------------------------------------------------------------------------


def test_a_complete_chain_reports_nothing_and_counts_what_it_checked(wereld, keten):
    controles = ketencheck(wereld.gemeente, wereld.beleidsadviseur)

    assert aantal_breuken(controles) == 0
    assert {c.soort: (c.in_orde, c.gecontroleerd) for c in controles} == dict.fromkeys(
        SOORTEN, (1, 1)
    )


def test_an_empty_gemeente_has_nothing_to_check(wereld):
    controles = ketencheck(wereld.gemeente, wereld.beleidsadviseur)

    assert [(c.gecontroleerd, c.breuken) for c in controles] == [(0, [])] * len(SOORTEN)


# --- Each kind of gap ----------------------------------------------------------------------------


def test_a_finding_of_the_newest_analyse_without_ambitie(wereld, keten):
    BevindingFactory(analyse=keten.analyse, titel="23% van de 65-plussers wil verhuizen")
    oud = WoonzorganalyseFactory(gemeente=wereld.gemeente, peiljaar=2019)
    BevindingFactory(analyse=oud, titel="Een oude bevinding")

    assert gerapporteerd(wereld) == alleen(
        "bevinding-zonder-ambitie", "23% van de 65-plussers wil verhuizen"
    )


def test_a_finding_is_answered_by_the_visie_in_force_not_by_a_draft(wereld, keten):
    """A vastgestelde visie stays in force while its next version is a concept."""
    bevinding = BevindingFactory(analyse=keten.analyse, titel="Alleen in het concept")
    concept = WoonzorgvisieFactory(gemeente=wereld.gemeente, periode_start=2026)
    Onderbouwing.objects.create(ambitie=AmbitieFactory(visie=concept), bevinding=bevinding)

    assert gerapporteerd(wereld) == alleen("bevinding-zonder-ambitie", "Alleen in het concept")


def test_the_fix_for_a_finding_is_a_new_ambitie_in_a_concept_visie(wereld):
    analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente)
    bevinding = BevindingFactory(analyse=analyse)
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)

    (breuk,) = ketencheck(wereld.gemeente, wereld.beleidsadviseur)[0].breuken

    nieuw = reverse("visies:ambitie_create", kwargs={"gemeente": "GM0001", "pk": visie.pk})
    assert breuk.herstel_url == f"{nieuw}?bevinding={bevinding.pk}"
    assert breuk.url == bevinding.get_absolute_url()


def test_the_new_ambitie_form_ticks_the_finding_from_the_ketencheck(wereld, login):
    analyse = WoonzorganalyseFactory(gemeente=wereld.gemeente)
    bevinding = BevindingFactory(analyse=analyse)
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, analyse=analyse)
    url = reverse("visies:ambitie_create", kwargs={"gemeente": "GM0001", "pk": visie.pk})

    response = login(wereld.beleidsadviseur).get(f"{url}?bevinding={bevinding.pk}")

    assert response.context["form"].initial["bevindingen"] == [bevinding.pk]


def test_an_ambitie_without_afspraak_in_a_running_agreement(wereld, keten):
    AmbitieFactory(visie=keten.visie, titel="Meer nultredenwoningen")
    oud = AmbitieFactory(visie=keten.visie, titel="Alleen in een beëindigde overeenkomst")
    beeindigd = OvereenkomstFactory(gemeente=wereld.gemeente, status=Overeenkomst.Status.BEEINDIGD)
    AfspraakFactory(overeenkomst=beeindigd, ambitie=oud)

    assert gerapporteerd(wereld) == alleen(
        "ambitie-zonder-afspraak",
        "Meer nultredenwoningen",
        "Alleen in een beëindigde overeenkomst",
    )


def test_the_fix_for_an_ambitie_is_an_afspraak_in_the_concept_agreement(wereld, keten, login):
    ambitie = AmbitieFactory(visie=keten.visie)
    concept = OvereenkomstFactory(gemeente=wereld.gemeente)

    controle = ketencheck(wereld.gemeente, wereld.beleidsadviseur)[1]
    (breuk,) = controle.breuken

    url = reverse(
        "prestatieafspraken:afspraak_create", kwargs={"gemeente": "GM0001", "pk": concept.pk}
    )
    assert breuk.herstel_url == f"{url}?ambitie={ambitie.pk}"
    form = login(wereld.beleidsadviseur).get(breuk.herstel_url).context["form"]
    assert form.initial["ambitie"] == ambitie.pk


def test_an_agreement_not_signed_by_every_party(wereld, keten):
    overeenkomst = OvereenkomstFactory(
        gemeente=wereld.gemeente,
        titel="Prestatieafspraken 2025",
        status=Overeenkomst.Status.TER_ONDERTEKENING,
    )
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.gemeente_organisatie)
    OndertekeningFactory(overeenkomst=overeenkomst, organisatie=wereld.gemeente_organisatie)
    OvereenkomstFactory(gemeente=wereld.gemeente, titel="Nog een concept")
    OvereenkomstFactory(
        gemeente=wereld.gemeente, titel="Afgelopen", status=Overeenkomst.Status.BEEINDIGD
    )

    controle = ketencheck(wereld.gemeente, wereld.beleidsadviseur)[2]

    assert [(str(b.object), b.ontbreekt) for b in controle.breuken] == [
        ("Nog een concept", "Nog een concept: niet ter ondertekening aangeboden."),
        ("Prestatieafspraken 2025", "Wacht op de handtekening van Woningcorporatie X."),
    ]
    assert controle.gecontroleerd == 3  # the signed one of the chain, and these two


def test_an_afspraak_without_activiteit(wereld, keten):
    AfspraakFactory(overeenkomst=keten.overeenkomst, titel="Nog niet uitgevoerd")
    geannuleerd = AfspraakFactory(overeenkomst=keten.overeenkomst, titel="Alleen geannuleerd")
    ActiviteitFactory(
        programma=keten.programma,
        afspraak=geannuleerd,
        trekker=keten.trekker,
        status=Activiteit.Status.GEANNULEERD,
    )
    IndicatorFactory(gemeente=wereld.gemeente, afspraak=geannuleerd)  # measured, not carried out

    gaten = gerapporteerd(wereld)

    assert [naam.split(" ", 1)[1] for naam in gaten["afspraak-zonder-activiteit"]] == [
        "Nog niet uitgevoerd",
        "Alleen geannuleerd",
    ]


def test_proces_and_intentieafspraken_need_no_activiteit_or_indicator(wereld, keten):
    for soort in (AfspraakType.PROCES, AfspraakType.INTENTIE):
        AfspraakFactory(overeenkomst=keten.overeenkomst, type=soort)

    assert gerapporteerd(wereld) == alleen("afspraak-zonder-activiteit")


def test_an_ended_agreement_is_history(wereld, keten):
    beeindigd = OvereenkomstFactory(gemeente=wereld.gemeente, status=Overeenkomst.Status.BEEINDIGD)
    AfspraakFactory(overeenkomst=beeindigd, ambitie=keten.ambitie)

    assert gerapporteerd(wereld) == alleen("afspraak-zonder-activiteit")


def test_the_fix_for_an_afspraak_is_an_activiteit_in_the_open_programme(wereld, keten):
    afspraak = AfspraakFactory(overeenkomst=keten.overeenkomst)
    keten.programma.status = Uitvoeringsprogramma.Status.AFGEROND
    keten.programma.save()
    open_programma = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)

    controle = ketencheck(wereld.gemeente, wereld.beleidsadviseur)[3]

    url = reverse(
        "uitvoering:activiteit_create", kwargs={"gemeente": "GM0001", "pk": open_programma.pk}
    )
    assert [b.herstel_url for b in controle.breuken] == [f"{url}?afspraak={afspraak.pk}"]


def test_an_activiteit_without_trekker_or_planning(wereld, keten):
    maak = ActiviteitFactory
    maak(programma=keten.programma, afspraak=keten.afspraak, titel="Zonder trekker")
    maak(
        programma=keten.programma,
        afspraak=keten.afspraak,
        trekker=keten.trekker,
        titel="Zonder planning",
        start=None,
        eind=None,
    )
    maak(
        programma=keten.programma,
        afspraak=keten.afspraak,
        titel="Gereed, dus geschiedenis",
        status=Activiteit.Status.GEREED,
    )

    controle = ketencheck(wereld.gemeente, wereld.beleidsadviseur)[4]

    assert [(str(b.object), b.ontbreekt) for b in controle.breuken] == [
        ("Zonder trekker", "Er ontbreekt een trekker."),
        ("Zonder planning", "Er ontbreekt een startdatum en een einddatum."),
    ]
    assert controle.breuken[0].herstel_url == reverse(
        "uitvoering:activiteit_update",
        kwargs={"gemeente": "GM0001", "pk": controle.breuken[0].object.pk},
    )


def test_an_afspraak_without_indicator(wereld, keten):
    AfspraakFactory(overeenkomst=keten.overeenkomst, titel="Niet gemeten")
    via_activiteit = AfspraakFactory(overeenkomst=keten.overeenkomst, titel="Via activiteit")
    activiteit = ActiviteitFactory(programma=keten.programma, afspraak=via_activiteit)
    IndicatorFactory(gemeente=wereld.gemeente, activiteit=activiteit)

    gaten = gerapporteerd(wereld)

    assert [naam.split(" ", 1)[1] for naam in gaten["afspraak-zonder-indicator"]] == [
        "Niet gemeten"
    ]


def test_an_indicator_without_streefwaarde_or_due_meting(wereld, keten):
    IndicatorFactory(gemeente=wereld.gemeente, naam="Zonder streefwaarde")
    achter = IndicatorFactory(gemeente=wereld.gemeente, naam="Meting achter", nulmeting_jaar=2022)
    StreefwaardeFactory(indicator=achter, jaar=2026)
    MetingFactory(indicator=achter, jaar=2023)

    controle = ketencheck(wereld.gemeente, wereld.beleidsadviseur)[6]

    assert [(str(b.object), b.ontbreekt) for b in controle.breuken] == [
        ("Meting achter", "De meting over 2024 ontbreekt."),
        ("Zonder streefwaarde", "Er is geen streefwaarde: het stoplicht kan niets zeggen."),
    ]
    code = {"gemeente": "GM0001", "pk": achter.pk}
    assert controle.breuken[0].herstel_url == reverse("borging:meting", kwargs=code)


def test_another_gemeentes_gaps_are_not_reported(wereld, keten):
    Keten(wereld.andere_gemeente)
    OvereenkomstFactory(gemeente=wereld.andere_gemeente)
    IndicatorFactory(gemeente=wereld.andere_gemeente)

    assert gerapporteerd(wereld) == alleen("bevinding-zonder-ambitie")  # nothing at all
    assert gerapporteerd(wereld, wereld.andere_beleidsadviseur) == alleen(
        "bevinding-zonder-ambitie"
    )


# --- The demo -------------------------------------------------------------------------------------


def test_the_demo_reports_the_gaps_it_contains_and_nothing_else(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 12, 1))
    call_command("load_demo", stdout=StringIO())
    gemeente = Gemeente.objects.get(naam="Gemeente A")
    programmaleider = User.objects.get(email="programmaleider@gemeente-a.demo")

    controles = ketencheck(gemeente, programmaleider)

    assert {c.soort: [str(b.object) for b in c.breuken] for c in controles} == {
        "bevinding-zonder-ambitie": [
            "Vanaf 2030 te weinig verpleegzorgplekken: in 2035 een tekort van 45"
        ],
        "ambitie-zonder-afspraak": [
            "Meer nultredenwoningen in Wijk Y, de wijk met de meeste 75-plussers",
            "Senioren verhuizen eerder naar een passende woning",
            "Ruimte voor woonvormen die inwoners zelf opzetten, zoals een knarrenhof",
        ],
        "overeenkomst-niet-ondertekend": [
            "Prestatieafspraken wonen, welzijn en zorg Gemeente A 2022–2025"
        ],
        # A beschrijvende afspraak: 1.2 (proces) and 1.4 (intentie) are not held to it.
        "afspraak-zonder-activiteit": ["1.3 Verzorgd wonen als richtinggevend concept"],
        "activiteit-zonder-trekker-of-planning": [],
        "afspraak-zonder-indicator": ["1.3 Verzorgd wonen als richtinggevend concept"],
        "indicator-zonder-streefwaarde-of-meting": [
            "Aantal geclusterde wooneenheden",
            "Aantal nieuw gebouwde geschikte woningen per jaar",
            "Aantal ontmoetingsruimten met wekelijkse activiteiten",
        ],
    }


# --- The page and the dashboard ------------------------------------------------------------------


def ketencheck_url(gemeente="GM0001"):
    return reverse("ketencheck", kwargs={"gemeente": gemeente})


@pytest.mark.parametrize("rol", ["beleidsadviseur", "programmaleider", "lezer"])
def test_gemeente_staff_and_lezers_see_every_gap(wereld, keten, login, rol):
    AmbitieFactory(visie=keten.visie, titel="Meer nultredenwoningen")

    response = login(wereld.user(rol)).get(ketencheck_url())

    assert response.status_code == 200
    assert "De keten is op 1 plaats onderbroken." in response.content.decode()
    assert "Meer nultredenwoningen" in response.content.decode()


def test_only_editors_get_the_link_that_mends_a_gap(wereld, keten, login):
    AmbitieFactory(visie=keten.visie)
    OvereenkomstFactory(gemeente=wereld.gemeente, titel="Concept")
    herstel = "Afspraak toevoegen"

    assert herstel in login(wereld.beleidsadviseur).get(ketencheck_url()).content.decode()
    assert herstel not in login(wereld.lezer).get(ketencheck_url()).content.decode()


def test_a_partner_does_not_get_the_ketencheck(wereld, keten, login):
    """It would see every link it cannot see as broken."""
    assert login(wereld.partner).get(ketencheck_url()).status_code == 403


def test_another_gemeente_and_anonymous_users(wereld, keten, client, login):
    assert login(wereld.andere_beleidsadviseur).get(ketencheck_url()).status_code == 404
    client.logout()
    response = client.get(ketencheck_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_complete_chain_says_so(wereld, keten, login):
    response = login(wereld.programmaleider).get(ketencheck_url())

    assert "De keten is compleet" in response.content.decode()


def test_the_dashboard_shows_how_complete_each_phase_is(wereld, keten, login):
    AmbitieFactory(visie=keten.visie)

    response = login(wereld.programmaleider).get(wereld.gemeente.get_absolute_url())

    html = response.content.decode()
    assert "Ketencheck: de keten is op 1 plaats onderbroken." in html
    assert (
        f'<a href="{ketencheck_url()}#ambitie-zonder-afspraak"><span class="kengetal">1</span> '
        "van 2 ambities met een afspraak</a>"
    ) in html
    assert f'href="{ketencheck_url()}#afspraak-zonder-indicator"' in html


def test_a_partners_dashboard_has_no_ketencheck(wereld, keten, login):
    response = login(wereld.partner).get(wereld.gemeente.get_absolute_url())

    assert response.status_code == 200
    assert "Ketencheck" not in response.content.decode()
    assert "breuken" not in response.context


# --- Fixed cost -----------------------------------------------------------------------------------


def met_gaten(keten: Keten):
    """One gap of every kind next to each complete link of the chain."""
    BevindingFactory(analyse=keten.analyse)
    AmbitieFactory(visie=keten.visie)
    overeenkomst = OvereenkomstFactory(
        gemeente=keten.gemeente, status=Overeenkomst.Status.TER_ONDERTEKENING
    )
    PartijFactory(overeenkomst=overeenkomst)
    AfspraakFactory(overeenkomst=keten.overeenkomst)
    ActiviteitFactory(programma=keten.programma, afspraak=keten.afspraak)
    IndicatorFactory(gemeente=keten.gemeente)


@pytest.mark.parametrize("pagina", ["dashboard", "ketencheck"])
def test_the_pages_cost_the_same_with_ten_times_the_data(wereld, login, pagina):
    keten = Keten(wereld.gemeente)
    met_gaten(keten)
    client = login(wereld.programmaleider)
    url = reverse(pagina, kwargs={"gemeente": "GM0001"})
    client.get(url)  # session and caches warm

    with CaptureQueriesContext(connection) as klein:
        assert client.get(url).status_code == 200
    for _i in range(9):
        keten.schakel()
        met_gaten(keten)
    with CaptureQueriesContext(connection) as groot:
        response = client.get(url)

    assert response.status_code == 200
    assert len(groot) == len(klein)


def test_indicators_of_ended_work_are_history(wereld, keten):
    beeindigd = OvereenkomstFactory(gemeente=wereld.gemeente, status=Overeenkomst.Status.BEEINDIGD)
    IndicatorFactory(gemeente=wereld.gemeente, afspraak=AfspraakFactory(overeenkomst=beeindigd))
    afgerond = UitvoeringsprogrammaFactory(
        gemeente=wereld.gemeente, status=Uitvoeringsprogramma.Status.AFGEROND
    )
    activiteit = ActiviteitFactory(programma=afgerond, afspraak=keten.afspraak)
    IndicatorFactory(gemeente=wereld.gemeente, activiteit=activiteit)

    assert gerapporteerd(wereld) == alleen("indicator-zonder-streefwaarde-of-meting")


def test_a_current_analyse_is_the_newest_vastgestelde(wereld, keten):
    from analyses.models import Woonzorganalyse

    Woonzorganalyse.objects.filter(pk=keten.analyse.pk).update(
        status=Woonzorganalyse.Status.VASTGESTELD
    )
    concept = WoonzorganalyseFactory(gemeente=wereld.gemeente, peiljaar=2026)
    BevindingFactory(analyse=concept, titel="Nog een concept")

    assert gerapporteerd(wereld) == alleen("bevinding-zonder-ambitie")
