"""The woonzorgvisie of the demo "Gemeente A": loaded by load_demo, idempotent, grounded in the
demo analyse, and telling the handreiking's story from finding to doelstelling."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from analyses import services as analyse_services
from analyses.models import Woonzorganalyse
from visies import demo, services
from visies.dashboard import kengetallen
from visies.models import (
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)
from woonzorg.models import User

pytestmark = pytest.mark.django_db

MODELS = (
    Woonzorgvisie,
    Thema,
    Ambitie,
    Ambitie.bevindingen.through,
    Doelstelling,
    Afwegingscriterium,
    Initiatief,
    Beoordeling,
)


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def visie():
    load_demo()
    return Woonzorgvisie.objects.select_related("gemeente", "analyse").get()


@pytest.fixture
def geclusterd(visie):
    return visie.ambities.get(titel=demo.GECLUSTERD_TITEL)


def user(email):
    return User.objects.get(email=email)


def test_load_demo_loads_the_visie_once(db):
    output = load_demo()
    loaded = counts()
    assert loaded == {
        "Woonzorgvisie": 1,
        "Thema": 3,
        "Ambitie": 4,
        Ambitie.bevindingen.through.__name__: 3,
        "Doelstelling": 3,
        "Afwegingscriterium": 5,
        "Initiatief": 3,
        "Beoordeling": 5 + 5 + 3,
    }
    assert (
        "Visie: Woonzorgvisie Gemeente A 2025–2030 (vastgesteld): 3 thema's, 4 ambities, "
        "3 doelstellingen, 5 afwegingscriteria, 3 initiatieven met 13 beoordelingen"
    ) in output
    # The analyse is loaded first: the visie builds on it.
    assert output.index("Analyse: ") < output.index("Visie: ")

    assert load_demo() == output
    assert counts() == loaded


def test_the_demo_visie_is_vastgesteld_and_builds_on_the_analyse(visie):
    assert visie.titel == "Woonzorgvisie Gemeente A 2025–2030"
    assert visie.gemeente.cbs_code == "GM9001"
    assert (visie.periode_start, visie.periode_eind, visie.versie) == (2025, 2030, 1)
    assert visie.is_vastgesteld and visie.alleen_lezen
    assert visie.vastgesteld_op == datetime.date(2025, 3, 13)
    assert visie.besluit == "Raadsbesluit 2025-017 (fictief)"
    assert visie.analyse.titel == "Woonzorganalyse Gemeente A 2024"
    assert visie.samenvatting.startswith("Gemeente A vergrijst")
    assert sorted(visie.partners.values_list("naam", flat=True)) == [
        "Huurdersorganisatie A",
        "Welzijnsorganisatie A",
        "Woningcorporatie X",
        "Woningcorporatie Y",
        "Zorgaanbieder A",
        "Zorgkantoor Regio A",
    ]
    assert list(visie.themas.values_list("naam", flat=True)) == [
        "Langer zelfstandig thuis",
        "Doorstromen",
        "Innovatie en vernieuwing",
    ]


def test_every_demo_object_passes_its_own_validation(visie):
    visie.full_clean()
    for model in (Thema, Ambitie, Doelstelling, Afwegingscriterium, Initiatief, Beoordeling):
        for obj in model.objects.all():
            obj.full_clean()


def test_the_ambitie_of_the_worked_example_rests_on_the_23_percent_finding(geclusterd):
    assert geclusterd.titel == (
        "Er moeten meer geclusterde woonvormen komen voor senioren, binnen 500 meter van "
        "(zorg)voorzieningen"
    )
    assert geclusterd.thema.naam == "Langer zelfstandig thuis"
    assert (
        "“Deze woningen zijn geschikt voor ouderen en liggen binnen een straal van 500 meter "
        "rondom (zorg)voorzieningen.”"
    ) in geclusterd.toelichting
    assert [d.code for d in geclusterd.doelgroepen.all()] == ["ouderen"]
    assert [w.code for w in geclusterd.woonvormen.all()] == ["geclusterde-woonvorm"]
    assert not geclusterd.gebieden.exists()
    bevinding = geclusterd.bevindingen.get()
    assert bevinding.titel.startswith("23% van de 65-plussers wil verhuizen")
    assert bevinding.analyse == geclusterd.visie.analyse


def test_its_doelstelling_is_the_tekort_of_2030(geclusterd, monkeypatch):
    doelstelling = geclusterd.doelstellingen.get()
    assert doelstelling.omschrijving == (
        "140 geclusterde woningen erbij, binnen 500 meter van (zorg)voorzieningen"
    )
    assert doelstelling.woonvorm.code == "geclusterde-woonvorm"
    assert (doelstelling.aantal, doelstelling.eenheid, doelstelling.streefjaar) == (
        140,
        "woningen",
        2030,
    )
    assert doelstelling.locatie == "hele gemeente, binnen 500 meter van (zorg)voorzieningen"
    assert doelstelling.gebied is None

    # The analyse's own figures (no planned homes from later phases): 139.5 short in 2030.
    monkeypatch.setattr(analyse_services, "_aanbod_bronnen", [])
    analyse = Woonzorganalyse.objects.get()
    tekort = next(
        r.tekort
        for r in analyse_services.behoefteraming(analyse)
        if r.gebied_id is None and r.woonvorm_id == doelstelling.woonvorm_id and r.jaar == 2030
    )
    assert tekort == Decimal("139.5")
    assert doelstelling.aantal == round(tekort)


def test_the_wijk_y_doelstelling_matches_the_analyse_for_wijk_y(visie, monkeypatch):
    ambitie = visie.ambities.get(gebieden__naam="Wijk Y")
    assert ambitie.thema.naam == "Langer zelfstandig thuis"
    assert ambitie.bevindingen.get().gebied.naam == "Wijk Y"
    doelstelling = ambitie.doelstellingen.get()
    assert (doelstelling.woonvorm.code, doelstelling.gebied.naam) == ("nultredenwoning", "Wijk Y")

    monkeypatch.setattr(analyse_services, "_aanbod_bronnen", [])
    tekort = next(
        r.tekort
        for r in analyse_services.behoefteraming(visie.analyse)
        if r.gebied_id == doelstelling.gebied_id
        and r.woonvorm_id == doelstelling.woonvorm_id
        and r.jaar == doelstelling.streefjaar
    )
    assert abs(tekort - doelstelling.aantal) < 2


def test_which_ambities_are_concreet(visie):
    ambities = list(visie.ambities.prefetch_related("doelstellingen").select_related("thema"))
    assert [
        (a.thema.naam, services.concreetheid(a.doelstellingen.all()).concreet) for a in ambities
    ] == [
        ("Langer zelfstandig thuis", True),
        ("Langer zelfstandig thuis", True),
        ("Doorstromen", False),
        ("Innovatie en vernieuwing", False),
    ]
    open_ambities = services.nog_niet_concreet(ambities)
    assert [a.titel for a in open_ambities] == [
        "Senioren verhuizen eerder naar een passende woning",
        demo.AMBITIES[3]["titel"],
    ]
    doorstromen = services.concreetheid(open_ambities[0].doelstellingen.all())
    assert doorstromen.dichtstbij.ontbreekt == ["een aantal"]
    assert not open_ambities[1].doelstellingen.all()


def test_the_verpleegzorg_finding_is_left_without_ambitie(visie):
    # A broken link on purpose: the ketencheck has something to show.
    zonder_ambitie = visie.analyse.bevindingen.filter(ambities__isnull=True)
    assert [b.woonvorm.code for b in zonder_ambitie] == ["verpleegzorgplek"]


def test_the_afwegingskader_ranks_the_initiatieven(visie):
    criteria = visie.criteria.all()
    assert [(c.naam, c.weging) for c in criteria] == [
        ("Draagt bij aan het tekort aan geclusterde woonvormen", 3),
        ("Ligging binnen 500 meter van (zorg)voorzieningen", 3),
        ("Betaalbaar: sociale huur of middenhuur", 2),
        ("Ontmoetingsruimte voor de buurt", 2),
        ("Zorg geregeld met een zorgaanbieder", 1),
    ]
    uitslagen = services.rangschik(visie.initiatieven.prefetch_related("beoordelingen"), criteria)
    assert [
        (u.initiatief.titel, u.plaats, u.punten, u.maximum, u.percentage, u.volledig)
        for u in uitslagen
    ] == [
        # 3×5 + 3×4 + 2×5 + 2×5 + 1×3
        ("Ontmoetingsruimte in de seniorenflat in Wijk Y", 1, 50, 55, Decimal("90.9"), True),
        # 3×4 + 3×5 + 2×5 + 2×2 + 1×2
        ("Knarrenhof Dorp Oost", 2, 43, 55, Decimal("78.2"), True),
        # 3×5 + 3×5 + 2×3, betaalbaarheid and zorg not scored yet: ranked last, without a place
        ("50 geclusterde woningen op locatie Y", None, 36, 55, Decimal("65.5"), False),
    ]
    assert [c.naam for c in uitslagen[2].ontbreekt] == [
        "Betaalbaar: sociale huur of middenhuur",
        "Zorg geregeld met een zorgaanbieder",
    ]
    assert all(b.motivering for b in Beoordeling.objects.all())


def test_the_initiatieven_and_who_sees_them(visie):
    plan = visie.initiatieven.get(titel="50 geclusterde woningen op locatie Y")
    assert plan.organisatie.naam == "Marktpartij Ontwikkeling"
    assert plan.soort == Initiatief.Soort.ONTWIKKELAAR
    knarrenhof = visie.initiatieven.get(titel="Knarrenhof Dorp Oost")
    assert knarrenhof.soort == Initiatief.Soort.BURGERINITIATIEF
    assert knarrenhof.organisatie is None
    assert knarrenhof.gebied.naam == "Dorp Oost"

    def titels(email):
        return set(Initiatief.objects.for_user(user(email)).values_list("titel", flat=True))

    assert len(titels("beleidsadviseur@gemeente-a.demo")) == 3
    # A partner sees only its own initiatief; the others' plans are not for its eyes.
    assert titels("partner@woningcorporatie-x.demo") == {
        "Ontmoetingsruimte in de seniorenflat in Wijk Y"
    }
    assert titels("partner@zorgkantoor.demo") == set()
    assert titels("beleidsadviseur@gemeente-b.demo") == set()


def test_the_dashboard_numbers_of_the_demo(visie):
    getallen = kengetallen(visie.gemeente, user("partner@zorgkantoor.demo"))
    assert [k.waarde for k in getallen] == [1, 4, 2]
