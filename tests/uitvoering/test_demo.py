"""The uitvoeringsprogramma of the demo "Gemeente A": loaded by load_demo after the afspraken,
idempotent, and telling the worked example — 110 of 110 planned, yet nieuwbouw 50 of 80 and
bestaande bouw 60 of 30 — with budgets, reports and one activiteit te laat."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from analyses.models import Woonzorganalyse
from analyses.services import behoefteraming
from prestatieafspraken.models import Afspraak
from uitvoering import demo, services
from uitvoering.dashboard import kengetallen
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang
from woonzorg import audit
from woonzorg.models import User, Woonvorm

pytestmark = pytest.mark.django_db

S = Activiteit.Status
MODELS = (
    Uitvoeringsprogramma,
    Activiteit,
    Activiteit.betrokkenen.through,
    Begrotingspost,
    Voortgang,
    LogEntry,
)
# The date the demo was written for: the marktpartij's 31 December 2025 has passed.
DEMO_VANDAAG = datetime.date(2026, 12, 1)


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def user(email):
    return User.objects.get(email=email)


@pytest.fixture
def programma():
    load_demo()
    return Uitvoeringsprogramma.objects.select_related("gemeente", "programmaleider").get()


def activiteit(titel_begin) -> Activiteit:
    return Activiteit.objects.select_related("trekker", "gebied", "afspraak").get(
        titel__startswith=titel_begin
    )


def afspraak(nummer) -> Afspraak:
    return Afspraak.objects.select_related("woonvorm").get(nummer=nummer)


def test_load_demo_loads_the_programme_once(db):
    output = load_demo()
    geladen = counts()
    assert {k: v for k, v in geladen.items() if k != "LogEntry"} == {
        "Uitvoeringsprogramma": 1,
        "Activiteit": 5,
        "Activiteit_betrokkenen": 3 + 2 + 3 + 1 + 3,
        "Begrotingspost": 3 + 2 + 2 + 1 + 3,
        "Voortgang": 2 + 1 + 1 + 2 + 1,
    }
    te_laat = sum(a.is_te_laat(timezone.localdate()) for a in Activiteit.objects.all())
    assert f"Uitvoering: 1 uitvoeringsprogramma, 5 activiteiten, {te_laat} te laat" in output

    assert load_demo() == output
    assert counts() == geladen


def test_the_line_says_one_te_laat_on_the_demos_date(db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DEMO_VANDAAG)
    assert "Uitvoering: 1 uitvoeringsprogramma, 5 activiteiten, 1 te laat" in load_demo()


def test_the_demo_programme(programma):
    assert programma.titel == "Uitvoeringsprogramma wonen en zorg Gemeente A 2022–2025"
    assert programma.gemeente.cbs_code == "GM9001"
    assert (programma.periode, programma.status) == ("2022–2025", "vastgesteld")
    assert programma.programmaleider.email == "programmaleider@gemeente-a.demo"
    programma.full_clean()
    for a in Activiteit.objects.all():
        a.full_clean()
    for post in Begrotingspost.objects.all():
        post.full_clean()


def test_afspraak_1_1_is_covered_in_total_but_not_in_its_split(programma):
    geclusterd = afspraak("1.1")
    dekking = services.bereken_dekking(
        geclusterd, geclusterd.activiteiten.select_related("woonvorm")
    )
    assert (dekking.totaal.tekst, dekking.totaal.oordeel) == ("110 van 110", services.GEDEKT)
    assert [(r.label, r.tekst, r.oordeel) for r in dekking.per_bouwsoort] == [
        ("nieuwbouw", "50 van 80", services.ONDER),
        ("bestaande bouw", "60 van 30", services.OVER),
    ]
    assert (
        dekking.signalen[0] == "Het totaal is gedekt (110 van 110), maar de verdeling klopt niet:"
    )
    assert dekking.per_woonvorm == []  # all geclusterde woonvormen, the afspraak's own
    # realised: X 20 and Y's Noord 20 delivered, 12 at locatie x so far
    assert dekking.totaal.gerealiseerd == 20 + 20 + 12


def test_the_ontmoetingsruimten_afspraak_is_carried_out_by_the_welzijn_subsidy(programma):
    ontmoeting = afspraak("2.1")
    [welzijn] = ontmoeting.activiteiten.select_related("trekker")
    assert welzijn.trekker.naam == "Welzijnsorganisatie A"
    assert (welzijn.aantal, welzijn.bouwsoort) == (4, "")  # 4 ontmoetingsruimten, no homes
    assert "subsidieert Welzijnsorganisatie A" in welzijn.omschrijving
    dekking = services.bereken_dekking(ontmoeting, [welzijn])
    assert (dekking.totaal.tekst, dekking.totaal.oordeel) == ("4 van 4", services.GEDEKT)
    posten = list(welzijn.begrotingsposten.select_related("financier"))
    assert [(p.jaar, p.bedrag, p.financier.naam, p.gedekt) for p in posten] == [
        (jaar, Decimal("45000.00"), "Gemeente A", True) for jaar in (2023, 2024, 2025)
    ]
    assert welzijn.status == S.GEREED


def test_woningcorporatie_x_delivered_20_in_wijk_y_in_2022(programma):
    x = activiteit("20 geclusterde woningen")
    assert (x.trekker.naam, x.gebied.cbs_code, x.gebied.naam) == (
        "Woningcorporatie X",
        "WK900102",
        "Wijk Y",
    )
    assert (x.start.year, x.eind.year) == (2022, 2022)
    assert (x.aantal, x.bouwsoort, x.status, x.gerealiseerd_aantal) == (
        20,
        "bestaande_bouw",
        S.GEREED,
        20,
    )
    melding = x.voortgang.select_related("door").get()
    assert melding.door.email == "partner@woningcorporatie-x.demo"
    assert (melding.status, melding.gerealiseerd_aantal) == (S.GEREED, 20)
    assert [e.change_message for e in audit.entries_for(x)] == [
        "Voortgang gemeld: gereed, gerealiseerd 20."
    ]


def test_woningcorporatie_y_makes_two_clusters_of_20_one_suited_for_vpt(programma):
    clusters = list(Activiteit.objects.filter(trekker__naam="Woningcorporatie Y").order_by("start"))
    assert [(a.aantal, a.bouwsoort) for a in clusters] == [(20, "bestaande_bouw")] * 2
    assert [a.start.year for a in clusters] == [2023, 2024]
    noord, vpt = clusters
    assert "locatie x" in vpt.locatie.lower()
    assert "VPT" in vpt.titel and "volledig pakket thuis" in vpt.omschrijving
    # one delivered, one under way with a report by the demo partner of Y
    assert (noord.status, noord.gerealiseerd_aantal) == (S.GEREED, 20)
    assert noord.voortgang.count() == 2
    assert (vpt.status, vpt.gerealiseerd_aantal) == (S.IN_UITVOERING, 12)
    assert vpt.voortgang.get().door.email == "partner@woningcorporatie-y.demo"
    assert not vpt.is_te_laat(DEMO_VANDAAG)


def test_the_marktpartij_builds_50_new_and_is_late(programma):
    markt = activiteit("50 nieuwe geclusterde woningen")
    assert (markt.trekker.naam, markt.aantal, markt.bouwsoort) == (
        "Marktpartij Ontwikkeling",
        50,
        "nieuwbouw",
    )
    assert "locatie y" in markt.locatie.lower()
    assert "sociale huur" in markt.omschrijving and "middenhuur" in markt.omschrijving
    assert (markt.status, markt.eind) == (S.IN_UITVOERING, datetime.date(2025, 12, 31))
    assert markt.is_te_laat(DEMO_VANDAAG)


def test_one_activiteit_is_te_laat_on_the_timeline(programma):
    t = services.tijdlijn(
        Activiteit.objects.select_related("afspraak", "trekker"),
        van_jaar=programma.periode_start,
        tot_jaar=programma.periode_eind,
        vandaag=DEMO_VANDAAG,
    )
    assert t.aantal_te_laat == 1
    [laat] = [b.activiteit.titel for _g, rij in t.groepen for b in rij if b.te_laat]
    assert laat.startswith("50 nieuwe geclusterde woningen")
    assert t.vandaag is None  # the programme ran until 2025
    assert all(b.gepland for _g, rij in t.groepen for b in rij)


def test_the_begroting_has_an_uncovered_part(programma):
    begroting = services.bereken_begroting(
        Begrotingspost.objects.select_related("activiteit__afspraak", "financier")
    )
    # 135,000 welzijn + 1,260,000 X + 975,000 locatie x + 850,000 Noord + 5,650,000 markt
    assert begroting.totaal.totaal == Decimal("8870000.00")
    assert begroting.totaal.ongedekt == Decimal("225000.00")
    assert sorted(
        (p.bedrag, p.financier.naam if p.financier else None, p.zekerheid)
        for p in begroting.ongedekte_posten
    ) == [
        (Decimal("75000.00"), "Zorgkantoor Regio A", "verwacht"),
        (Decimal("150000.00"), None, "verwacht"),
    ]
    assert begroting.per_financier[-1][0] is None


def test_who_sees_which_activiteiten(programma):
    def ziet(email):
        return sorted(
            a.titel.split(" ")[0] + " " + a.trekker.naam
            for a in Activiteit.objects.for_user(user(email)).select_related("trekker")
        )

    assert len(ziet("lezer@gemeente-a.demo")) == 5
    assert ziet("partner@woningcorporatie-x.demo") == [
        "20 Woningcorporatie X",
        "Activiteiten Welzijnsorganisatie A",
    ]
    assert ziet("partner@woningcorporatie-y.demo") == [
        "Activiteiten Welzijnsorganisatie A",
        "Cluster Woningcorporatie Y",
        "Cluster Woningcorporatie Y",
    ]
    assert ziet("partner@zorgkantoor.demo") == ["Cluster Woningcorporatie Y"]
    assert ziet("beleidsadviseur@gemeente-b.demo") == []
    for email in ("partner@zorgkantoor.demo", "lezer@gemeente-a.demo"):
        assert Uitvoeringsprogramma.objects.for_user(user(email)).get() == programma


def test_the_demo_partner_of_x_reports_on_its_own_only(programma):
    partner = user("partner@woningcorporatie-x.demo")
    services.meld_voortgang(
        activiteit("20 geclusterde woningen"), door=partner, status=S.GEREED, datum=DEMO_VANDAAG
    )
    with pytest.raises(PermissionDenied):
        services.meld_voortgang(
            activiteit("Activiteiten in de ontmoetingsruimten"), door=partner, status=S.GEREED
        )
    # a later run of the demo leaves that report alone
    load_demo()
    assert activiteit("20 geclusterde woningen").voortgang.count() == 2


def test_the_dashboard_of_the_demo(programma):
    getallen = kengetallen(programma.gemeente, user("lezer@gemeente-a.demo"))
    te_laat = sum(a.is_te_laat(timezone.localdate()) for a in Activiteit.objects.all())
    # afwijkend: 1.1, whose total hides its split
    assert [(k.label, k.waarde) for k in getallen] == [
        ("activiteiten", 5),
        ("te laat", te_laat),
        ("afspraak met afwijkende dekking", 1),
    ]


def test_the_behoefteraming_counts_the_programmes_homes(programma):
    analyse = Woonzorganalyse.objects.select_related("gemeente").get()
    geclusterd = Woonvorm.objects.get(code="geclusterde-woonvorm")
    totaal = {
        r.jaar: r
        for r in behoefteraming(analyse)
        if r.gebied_id is None and r.woonvorm_id == geclusterd.pk
    }
    # The 56 counted in the peiljaar 2024 already hold X's 20 (2022) and Y's Noord 20 (2024).
    # By 2025 the marktpartij's 50 come on top: 106 against 164.8, a tekort of 58.8 instead of
    # 108.8. From 2026 locatie x's 20 as well: 2030 has 195.5 against 126, 69.5 short.
    assert (totaal[2025].aanbod, totaal[2025].tekort) == (56 + 50, Decimal("58.8"))
    assert (totaal[2030].aanbod, totaal[2030].tekort) == (56 + 70, Decimal("69.5"))


def test_the_demo_module_lists_what_it_loads():
    assert len(demo.ACTIVITEITEN) == 5
    assert sum(a.get("aantal") or 0 for a in demo.ACTIVITEITEN if a.get("bouwsoort")) == 110
