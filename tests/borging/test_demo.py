"""The monitoring of the demo "Gemeente A": loaded by load_demo after the uitvoering, idempotent,
with the handreiking's three indicatoren (geclusterde woningen, ontmoetingsruimten, nieuw gebouwde
geschikte woningen) of which one is rood and one oranje, metingen entered by the eigenaar's
people, the evaluatie 2024 and a finished jaarschijfrapport 2024."""

import io
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from pypdf import PdfReader

from borging import demo, services
from borging.models import Evaluatie, Frequentie, Indicator, Jaarschijfrapport, Meting, Streefwaarde
from borging.rapport import rapport_inhoud
from borging.tasks import foutreden
from uitvoering.models import Begrotingspost
from woonzorg import audit
from woonzorg.models import User

pytestmark = pytest.mark.django_db

D = Decimal
MODELS = (
    Indicator,
    Streefwaarde,
    Meting,
    Evaluatie,
    Evaluatie.afspraken.through,
    Jaarschijfrapport,
    LogEntry,
)
PROGRAMMALEIDER = "programmaleider@gemeente-a.demo"
PARTNER_X = "partner@woningcorporatie-x.demo"
PARTNER_Y = "partner@woningcorporatie-y.demo"
REGEL = (
    "Borging: 5 indicatoren (3 groen, 1 oranje, 1 rood), 12 metingen, evaluatie 2024, "
    "jaarschijfrapport 2024 klaar"
)


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def user(email):
    return User.objects.get(email=email)


def indicator(naam) -> Indicator:
    return services.met_metingen(Indicator.objects.filter(naam=naam)).get()


@pytest.fixture
def geladen():
    return load_demo()


def test_load_demo_loads_the_monitoring_once(db):
    output = load_demo()
    geladen = counts()
    assert {k: v for k, v in geladen.items() if k != "LogEntry"} == {
        "Indicator": 5,
        "Streefwaarde": 4 + 3 + 3 + 1 + 1,
        "Meting": 3 + 2 + 2 + 1 + 4,
        "Evaluatie": 1,
        "Evaluatie_afspraken": 2,
        "Jaarschijfrapport": 1,
    }
    assert REGEL in output
    # after the uitvoering whose activiteiten it measures
    assert output.index("Uitvoering: ") < output.index("Borging: ")
    rapport = Jaarschijfrapport.objects.get()

    assert load_demo() == output
    assert counts() == geladen
    opnieuw = Jaarschijfrapport.objects.get()
    assert (opnieuw.pk, opnieuw.bestand.name, opnieuw.pogingen) == (
        rapport.pk,
        rapport.bestand.name,
        1,
    )


def test_each_demo_indicator_has_its_intended_stoplicht(geladen):
    verwacht = {
        # 40 where the trajectory asks 80: 40 behind, more than a tenth of the way to 110
        demo.GECLUSTERD: (services.ROOD, 2024, D(40), D(80)),
        demo.ONTMOETINGSRUIMTEN: (services.GROEN, 2024, D(3), D(3)),
        # 36 where 40 were planned: 4 behind, within a tenth of the way to 50
        demo.NIEUWBOUW: (services.ORANJE, 2024, D(36), D(40)),
        demo.WIJK_Y: (services.GROEN, 2022, D(20), D(20)),
        # the year's value is its last quarter's
        demo.NOORD: (services.GROEN, 2024, D(20), D(20)),
    }
    for naam, (kleur, jaar, gemeten, doel) in verwacht.items():
        licht = services.stoplicht_van(indicator(naam))
        assert (licht.kleur, licht.jaar, licht.gemeten, licht.verwacht) == (
            kleur,
            jaar,
            gemeten,
            doel,
        ), naam
    # 28 in 2023 where the trajectory asks 40: 12 behind, just over a tenth of the way to 110
    assert services.stoplicht_van(indicator(demo.GECLUSTERD), 2023).kleur == services.ROOD
    assert services.stoplicht_van(indicator(demo.GECLUSTERD), 2022).kleur == services.GROEN


def test_the_indicators_measure_the_afspraken_and_activiteiten(geladen):
    def beschrijf(naam):
        i = Indicator.objects.select_related(
            "gemeente", "afspraak", "activiteit__trekker", "eigenaar", "gebied"
        ).get(naam=naam)
        i.full_clean()
        return (
            i.gemeente.cbs_code,
            i.afspraak.nummer,
            i.activiteit.trekker.naam if i.activiteit else None,
            i.eigenaar.naam,
            i.gebied.naam if i.gebied else None,
            i.frequentie,
            (i.nulmeting_jaar, i.nulmeting),
            list(i.streefwaarden.values_list("jaar", "waarde")),
        )

    J, K = Frequentie.JAARLIJKS, Frequentie.PER_KWARTAAL
    assert beschrijf(demo.GECLUSTERD) == (
        "GM9001", "1.1", None, "Gemeente A", None, J, (2021, D(0)),
        [(2022, D(20)), (2023, D(40)), (2024, D(80)), (2025, D(110))],
    )  # fmt: skip
    assert beschrijf(demo.ONTMOETINGSRUIMTEN) == (
        "GM9001", "2.1", None, "Welzijnsorganisatie A", None, J, (2022, D(0)),
        [(2023, D(1)), (2024, D(3)), (2025, D(4))],
    )  # fmt: skip
    assert beschrijf(demo.NIEUWBOUW) == (
        "GM9001", "1.1", None, "Gemeente A", None, J, (2021, D(0)),
        [(2023, D(20)), (2024, D(40)), (2025, D(50))],
    )  # fmt: skip
    # An activiteit's indicator measures the afspraak that activiteit carries out.
    assert beschrijf(demo.WIJK_Y) == (
        "GM9001", "1.1", "Woningcorporatie X", "Woningcorporatie X", "Wijk Y", J, (None, None),
        [(2022, D(20))],
    )  # fmt: skip
    assert beschrijf(demo.NOORD) == (
        "GM9001", "1.1", "Woningcorporatie Y", "Woningcorporatie Y", None, K, (2023, D(8)),
        [(2024, D(20))],
    )  # fmt: skip
    assert Indicator.objects.get(naam=demo.WIJK_Y).gebied.cbs_code == "WK900102"


def test_metingen_are_entered_by_the_eigenaars_partner_or_the_programmaleider(geladen):
    def invoer(naam):
        return sorted(
            (m.jaar, m.kwartaal, m.waarde, m.ingevoerd_door.email)
            for m in Meting.objects.filter(indicator__naam=naam).select_related("ingevoerd_door")
        )

    pl = PROGRAMMALEIDER
    assert invoer(demo.GECLUSTERD) == [
        (2022, None, D(20), pl),
        (2023, None, D(28), pl),
        (2024, None, D(40), pl),
    ]
    assert invoer(demo.ONTMOETINGSRUIMTEN) == [(2023, None, D(1), pl), (2024, None, D(3), pl)]
    assert invoer(demo.NIEUWBOUW) == [(2023, None, D(20), pl), (2024, None, D(36), pl)]
    assert invoer(demo.WIJK_Y) == [(2022, None, D(20), PARTNER_X)]
    assert invoer(demo.NOORD) == [
        (2024, kwartaal, D(waarde), PARTNER_Y)
        for kwartaal, waarde in ((1, 10), (2, 16), (3, 19), (4, 20))
    ]
    assert not Meting.objects.exclude(gebied=None).exists()

    # Each is in the audit log, by whom entered it, as through the pages.
    wijk_y = Indicator.objects.get(naam=demo.WIJK_Y)
    [entry] = audit.entries_for(wijk_y)
    assert (entry.user.email, entry.change_message) == (PARTNER_X, "Meting 2022 ingevoerd: 20.")

    # The demo partner of X measures its own indicator only.
    with pytest.raises(PermissionDenied):
        services.voer_meting_in(
            Indicator.objects.get(naam=demo.GECLUSTERD),
            door=user(PARTNER_X),
            jaar=2025,
            waarde=D(110),
        )


def test_a_later_load_keeps_a_correction(geladen):
    nieuwbouw = Indicator.objects.get(naam=demo.NIEUWBOUW)
    services.voer_meting_in(nieuwbouw, door=user(PROGRAMMALEIDER), jaar=2024, waarde=D(38))
    load_demo()
    assert Meting.objects.get(indicator=nieuwbouw, jaar=2024).waarde == D(38)
    assert audit.entries_for(nieuwbouw).count() == 3


def test_the_evaluatie_2024(geladen):
    evaluatie = Evaluatie.objects.select_related("gemeente").get()
    evaluatie.full_clean()
    assert (evaluatie.gemeente.cbs_code, evaluatie.jaar) == ("GM9001", 2024)
    assert sorted(evaluatie.afspraken.values_list("nummer", flat=True)) == ["1.1", "2.1"]
    assert "ontmoetingsruimte" in evaluatie.wat_gaat_goed
    assert "locatie y" in evaluatie.obstakels and "50 van de 80" in evaluatie.obstakels
    assert "extra nieuwbouwlocatie" in evaluatie.bijsturing
    assert "structurele financieringsconstructie" in evaluatie.bijsturing


def test_the_begroting_2024_has_what_was_spent(geladen):
    posten = Begrotingspost.objects.filter(jaar=2024).select_related("activiteit")
    assert sorted((p.activiteit.titel.split(" ")[0], p.bedrag, p.besteed) for p in posten) == [
        ("50", D("2500000.00"), D("1850000.00")),
        ("Activiteiten", D("45000.00"), D("45000.00")),
        ("Cluster", D("900000.00"), D("640000.00")),
    ]
    assert not Begrotingspost.objects.exclude(jaar=2024).exclude(besteed=None).exists()
    for post in posten:
        post.full_clean()


def test_the_jaarschijfrapport_2024_is_klaar_with_its_pdf(geladen):
    rapport = Jaarschijfrapport.objects.select_related("gemeente", "aangevraagd_door").get()
    assert (rapport.gemeente.cbs_code, rapport.jaar, rapport.status) == ("GM9001", 2024, "klaar")
    assert (rapport.aangevraagd_door.email, rapport.fout, rapport.pogingen) == (
        PROGRAMMALEIDER,
        "",
        1,
    )
    assert rapport.klaar_op is not None
    # the storage adds a suffix when the test run's media folder has the name already
    assert rapport.bestand.name.startswith(
        f"jaarschijfrapporten/GM9001/jaarschijfrapport-GM9001-2024-{rapport.pk}"
    )
    with rapport.bestand.open("rb") as bestand:
        pdf = bestand.read()
    assert pdf.startswith(b"%PDF")
    tekst = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Jaarschijfrapport 2024" in tekst
    assert "Aantal geclusterde wooneenheden" in tekst

    inhoud = rapport_inhoud(rapport.gemeente, 2024)
    s = inhoud.samenvatting
    assert (s.begroot, s.besteed) == (D("3445000.00"), D("2535000.00"))
    assert inhoud.evaluatie.jaar == 2024
    # Wijk Y's indicator has no meting of 2024 (its trajectory ended in 2022): the report judges
    # its latest meting before, of 2022.
    assert s.lichten == {services.ROOD: 1, services.ORANJE: 1, services.GROEN: 3}


def test_a_report_that_failed_is_made_again_by_the_next_load(db, monkeypatch):
    def kapot(rapport):
        raise OSError("Pango ontbreekt")

    monkeypatch.setattr(demo, "maak_pdf", kapot)
    output = load_demo()
    assert "jaarschijfrapport 2024 mislukt" in output
    rapport = Jaarschijfrapport.objects.get()
    assert (rapport.status, rapport.fout, rapport.pogingen) == (
        "mislukt",
        foutreden(OSError()),
        1,
    )
    assert not rapport.bestand
    # the rest of the demo is loaded all the same
    assert Indicator.objects.count() == 5

    monkeypatch.undo()
    assert REGEL in load_demo()
    opnieuw = Jaarschijfrapport.objects.get()
    assert (opnieuw.pk, opnieuw.status, opnieuw.fout, opnieuw.pogingen) == (
        rapport.pk,
        "klaar",
        "",
        2,
    )


def test_the_demo_module_lists_what_it_loads():
    assert len(demo.INDICATOREN) == 5
    assert sum(len(i["metingen"]) for i in demo.INDICATOREN) == 12
