"""The prestatieafspraken of the demo "Gemeente A": loaded by load_demo after the visie,
idempotent, with the handreiking's worked example and an agreement half signed."""

import io
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from prestatieafspraken import services
from prestatieafspraken.models import (
    Afspraak,
    AfspraakType,
    Jaardoel,
    Jaarschijf,
    Ondertekening,
    Overeenkomst,
    Partij,
)
from visies import demo as visie_demo
from woonzorg import audit, permissions
from woonzorg.models import User

pytestmark = pytest.mark.django_db

MODELS = (
    Overeenkomst,
    Partij,
    Afspraak,
    Afspraak.betrokkenen.through,
    Afspraak.verwijzingen.through,
    Jaarschijf,
    Jaardoel,
    Ondertekening,
)


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def user(email):
    return User.objects.get(email=email)


@pytest.fixture
def overeenkomst():
    load_demo()
    return Overeenkomst.objects.select_related("gemeente", "visie").get()


def test_load_demo_loads_the_agreement_once(db):
    output = load_demo()
    loaded = counts()
    assert loaded == {
        "Overeenkomst": 1,
        "Partij": 7,
        "Afspraak": 5,
        Afspraak.betrokkenen.through.__name__: 4 + 6 + 2 + 1 + 3,
        Afspraak.verwijzingen.through.__name__: 1,
        "Jaarschijf": 3,
        "Jaardoel": 5,
        "Ondertekening": 2,
    }
    assert "Prestatieafspraken: 1 overeenkomst, 5 afspraken, 2 van 7 partijen getekend" in output
    # after the visie it builds on
    assert output.index("Visie: ") < output.index("Prestatieafspraken: ")

    o = Overeenkomst.objects.get()
    versie, hash_ = o.versie, o.inhoud_hash
    assert load_demo() == output
    assert counts() == loaded
    o.refresh_from_db()
    assert (o.versie, o.inhoud_hash, o.status) == (versie, hash_, o.Status.TER_ONDERTEKENING)
    assert services.bereken_hash(o) == hash_


def test_the_overeenkomst_builds_on_the_demo_visie(overeenkomst):
    assert overeenkomst.titel == "Prestatieafspraken wonen, welzijn en zorg Gemeente A 2022–2025"
    assert overeenkomst.gemeente.cbs_code == "GM9001"
    assert overeenkomst.soort == Overeenkomst.Soort.PRESTATIEAFSPRAKEN
    assert (overeenkomst.periode_start, overeenkomst.periode_eind) == (2022, 2025)
    assert overeenkomst.visie.titel == visie_demo.TITEL
    assert sorted(
        overeenkomst.partijen.values_list("organisatie__naam", "rol"), key=lambda p: p[0]
    ) == [
        ("Gemeente A", "ondertekenaar"),
        ("Huurdersorganisatie A", "ondertekenaar"),
        ("Welzijnsorganisatie A", "medeondertekenaar"),
        ("Woningcorporatie X", "ondertekenaar"),
        ("Woningcorporatie Y", "ondertekenaar"),
        ("Zorgaanbieder A", "medeondertekenaar"),
        ("Zorgkantoor Regio A", "medeondertekenaar"),
    ]


def test_every_demo_object_passes_its_own_validation(overeenkomst):
    overeenkomst.full_clean()
    for model in (Partij, Afspraak, Jaarschijf, Jaardoel, Ondertekening):
        for obj in model.objects.all():
            obj.full_clean()


def test_afspraak_1_1_is_the_worked_example(overeenkomst):
    a = overeenkomst.afspraken.select_related(
        "opgave", "maatregel", "ambitie", "doelstelling", "woonvorm", "trekker"
    ).get(nummer="1.1")
    assert a.titel == "Ontwikkeling van geclusterde woonvormen"
    assert a.tekst.startswith(
        "We zetten in op de ontwikkeling van geclusterde woonvormen. In 2025 zijn er op 4 "
        "locaties in totaal 110 nieuwe geclusterde wooneenheden ontwikkeld, waarvan 80 in "
        "nieuwbouw en 30 in bestaande bouw"
    )
    assert (a.domein, a.type) == ("wonen", AfspraakType.HANDELING)
    assert a.opgave.naam == "Woonvormen / geclusterde woningen (met ontmoetingsruimte)"
    assert a.maatregel.opgave == a.opgave
    assert a.woonvorm.code == "geclusterde-woonvorm"
    assert (a.aantal, a.eenheid, a.aantal_nieuwbouw, a.aantal_bestaande_bouw) == (
        110,
        "wooneenheden",
        80,
        30,
    )
    assert a.deadline.isoformat() == "2025-12-31"
    assert a.ambitie.titel == visie_demo.GECLUSTERD_TITEL
    assert a.doelstelling.ambitie == a.ambitie
    assert a.trekker.naam == "Gemeente A"
    assert sorted(a.betrokkenen.values_list("naam", flat=True)) == [
        "Marktpartij Ontwikkeling",
        "Welzijnsorganisatie A",
        "Woningcorporatie X",
        "Woningcorporatie Y",
    ]
    assert services.smart_check(a).smart


def test_which_afspraken_are_smart(overeenkomst):
    checks = {
        a.nummer: (a.type, services.smart_check(a))
        for a in overeenkomst.afspraken.order_by("nummer")
    }
    assert {nummer: type_ for nummer, (type_, _) in checks.items()} == {
        "1.1": AfspraakType.HANDELING,
        "1.2": AfspraakType.PROCES,
        "1.3": AfspraakType.BESCHRIJVEND,
        "1.4": AfspraakType.INTENTIE,
        "2.1": AfspraakType.HANDELING,
    }
    proces = checks["1.2"][1]
    assert proces.vrijgesteld and proces.in_orde
    assert checks["1.4"][1].vrijgesteld
    assert checks["2.1"][1].smart
    niet_smart = [nummer for nummer, (_, check) in checks.items() if not check.in_orde]
    assert niet_smart == ["1.3"]
    assert "een deadline (tijdgebonden)" in checks["1.3"][1].ontbreekt


def test_the_texts_of_the_handreiking(overeenkomst):
    teksten = dict(overeenkomst.afspraken.values_list("nummer", "tekst"))
    assert teksten["1.2"] == (
        "De cyclus van overleg en afspraken is: 2x per jaar bestuurlijk overleg, 1x in de 2 jaar "
        "vernieuwen van de afspraken in een monitoringsgesprek, na 4 jaar evaluatie."
    )
    assert teksten["1.3"].startswith(
        "Het concept verzorgd wonen hanteren we als richtinggevend concept voor wonen en zorg "
        "voor senioren"
    )
    assert teksten["1.4"].startswith(
        "Als locatie x vrijkomt, dan wordt het vastgoed getransformeerd tot een gemengd wonen "
        "locatie"
    )
    ontmoeting = overeenkomst.afspraken.get(nummer="2.1")
    assert ontmoeting.domein == "zorg_welzijn"
    assert ontmoeting.trekker.naam == "Welzijnsorganisatie A"
    assert [a.nummer for a in ontmoeting.verwijzingen.all()] == ["1.1"]
    assert "Welzijnsorganisatie A" in ontmoeting.tekst and "subsidieert" in ontmoeting.tekst


def test_the_jaarschijven_split_the_110(overeenkomst):
    doelen = {
        (d.jaarschijf.jaar, d.afspraak.nummer): d
        for d in Jaardoel.objects.select_related("jaarschijf", "afspraak")
    }
    assert sorted(doelen) == [
        (2022, "1.1"),
        (2024, "1.1"),
        (2024, "2.1"),
        (2025, "1.1"),
        (2025, "2.1"),
    ]
    # The worked example: X 20 in Wijk Y (2022), Y 40 in two flats, the marktpartij 50 new.
    assert "Woningcorporatie X levert in Wijk Y 20" in doelen[2022, "1.1"].tekst
    assert "Woningcorporatie Y" in doelen[2024, "1.1"].tekst
    assert "nieuwbouw" in doelen[2025, "1.1"].tekst
    assert [doelen[jaar, "1.1"].aantal for jaar in (2022, 2024, 2025)] == [20, 40, 50]
    assert sum(doelen[jaar, "1.1"].aantal for jaar in (2022, 2024, 2025)) == 110
    assert (doelen[2024, "2.1"].aantal, doelen[2025, "2.1"].aantal) == (3, 4)


def test_gemeente_a_and_woningcorporatie_y_signed_the_current_versie(overeenkomst):
    assert overeenkomst.status == Overeenkomst.Status.TER_ONDERTEKENING
    assert overeenkomst.inhoud_hash == services.bereken_hash(overeenkomst)
    ondertekeningen = overeenkomst.ondertekeningen.select_related("organisatie", "ondertekend_door")
    assert sorted(
        (o.organisatie.naam, o.ondertekend_door.email, o.functie) for o in ondertekeningen
    ) == [
        ("Gemeente A", "beleidsadviseur@gemeente-a.demo", "wethouder Wonen en Zorg"),
        ("Woningcorporatie Y", "partner@woningcorporatie-y.demo", "directeur-bestuurder"),
    ]
    for o in ondertekeningen:
        assert (o.versie, o.vervallen) == (overeenkomst.versie, False)
        assert o.inhoud_hash == overeenkomst.inhoud_hash == services.bereken_hash(overeenkomst)
    berichten = [e.change_message for e in audit.entries_for(overeenkomst)]
    assert sum(b.startswith("Ondertekend namens") for b in berichten) == 2

    stand = services.ondertekenstand(
        overeenkomst,
        overeenkomst.partijen.select_related("organisatie"),
        overeenkomst.ondertekeningen.all(),
    )
    assert sorted(r.partij.organisatie.naam for r in stand if not r.getekend) == [
        "Huurdersorganisatie A",
        "Welzijnsorganisatie A",
        "Woningcorporatie X",
        "Zorgaanbieder A",
        "Zorgkantoor Regio A",
    ]


def test_the_demo_partner_of_x_can_sign_and_huurders_have_no_account(overeenkomst):
    assert permissions.can_sign(user("partner@woningcorporatie-x.demo"), overeenkomst)
    assert not permissions.can_sign(user("partner@woningcorporatie-y.demo"), overeenkomst)
    assert not permissions.can_sign(user("lezer@gemeente-a.demo"), overeenkomst)
    huurders = overeenkomst.partijen.get(organisatie__naam="Huurdersorganisatie A").organisatie
    assert services.ondertekenaars(overeenkomst, huurders) == []

    ondertekening = services.onderteken(
        overeenkomst,
        door=user("partner@woningcorporatie-x.demo"),
        gelezen_hash=overeenkomst.inhoud_hash,
    )
    assert ondertekening.organisatie.naam == "Woningcorporatie X"
    # a later run of the demo leaves that signature and the status alone
    load_demo()
    assert overeenkomst.ondertekeningen.count() == 3


def test_who_sees_the_demo_agreement(overeenkomst):
    def ziet(email):
        return Overeenkomst.objects.for_user(user(email)).exists()

    for email in (
        "beleidsadviseur@gemeente-a.demo",
        "lezer@gemeente-a.demo",
        "partner@woningcorporatie-x.demo",
        "partner@zorgkantoor.demo",
        "beheerder@woonzorg.demo",
    ):
        assert ziet(email), email
    assert not ziet("beleidsadviseur@gemeente-b.demo")


def test_the_demo_agreement_renders_as_a_pdf_with_parties_texts_and_signatures(client, caplog):
    """The Done-when of the signed agreement: the real PDF of the demo, read back as text."""
    load_demo()
    overeenkomst = Overeenkomst.objects.get()
    client.force_login(User.objects.get(email="lezer@gemeente-a.demo"))
    caplog.set_level(logging.WARNING)

    response = client.get(
        reverse(
            "prestatieafspraken:pdf",
            kwargs={"gemeente": overeenkomst.gemeente.cbs_code, "pk": overeenkomst.pk},
        )
    )

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    # Lines break where the page does: compare with all white space folded.
    tekst = " ".join(" ".join(pagina.extract_text() for pagina in reader.pages).split())
    for partij in overeenkomst.partijen.select_related("organisatie"):
        assert partij.organisatie.naam in tekst
    assert (
        "In 2025 zijn er op 4 locaties in totaal 110 nieuwe geclusterde wooneenheden "
        "ontwikkeld, waarvan 80 in nieuwbouw en 30 in bestaande bouw" in tekst
    )
    assert "2x per jaar bestuurlijk overleg" in tekst
    for ondertekening in overeenkomst.ondertekeningen.all():
        assert ondertekening.naam in tekst
    assert overeenkomst.inhoud_hash in tekst
    assert "Huurdersorganisatie A" in tekst.split("Nog niet ondertekend")[1]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
