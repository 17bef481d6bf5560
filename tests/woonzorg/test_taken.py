"""What a user's organisatie must do: each phase's takenlijst on hand-built data, and the core
that composes them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from borging import taken as borging_taken
from prestatieafspraken import taken as prestatieafspraken_taken
from prestatieafspraken.models import Overeenkomst
from tests.borging.factories import IndicatorFactory, MetingFactory, StreefwaardeFactory
from tests.prestatieafspraken.factories import (
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from tests.woonzorg.factories import RolFactory, UserFactory
from uitvoering import taken as uitvoering_taken
from uitvoering.models import Activiteit, Uitvoeringsprogramma
from woonzorg.models import Rol, User
from woonzorg.taken import aantal_dringend, takenlijsten

VANDAAG = datetime.date(2026, 3, 1)
Status = Overeenkomst.Status


def vers(user):
    """The user as a new request would load it: no roles cached yet."""
    return User.objects.get(pk=user.pk)


def de_lijst(lijsten):
    (lijst,) = lijsten
    return lijst


def titels(lijst):
    return [taak.titel for taak in lijst.taken]


# --- Building blocks, also used by the page and reminder tests -------------------------------


def overeenkomst(gemeente, organisatie, *, status=Status.TER_ONDERTEKENING, **kwargs):
    o = OvereenkomstFactory(gemeente=gemeente, status=status, **kwargs)
    PartijFactory(overeenkomst=o, organisatie=organisatie)
    return o


def activiteit(gemeente, trekker, *, eind, status=Activiteit.Status.GEPLAND, programma=None, **kw):
    programma = programma or UitvoeringsprogrammaFactory(gemeente=gemeente)
    return ActiviteitFactory(
        programma=programma,
        trekker=trekker,
        start=eind - datetime.timedelta(days=300),
        eind=eind,
        status=status,
        **kw,
    )


def indicator(gemeente, eigenaar, vandaag, **kwargs):
    """An indicator whose trajectory runs over last year, so last year's meting is due."""
    i = IndicatorFactory(
        gemeente=gemeente,
        eigenaar=eigenaar,
        nulmeting=Decimal(0),
        nulmeting_jaar=vandaag.year - 2,
        **kwargs,
    )
    StreefwaardeFactory(indicator=i, jaar=vandaag.year + 2, waarde=Decimal(100))
    return i


def maak_taken(wereld, vandaag):
    """One dringende task per phase for the corporatie's partner, and one that is not."""
    g, org = wereld.gemeente, wereld.corporatie
    te_tekenen = overeenkomst(g, org, titel="Pact Wonen en Zorg")
    getekend = overeenkomst(g, org, titel="Convenant Ontmoeten", status=Status.ONDERTEKEND)
    te_laat = activiteit(
        g, org, eind=vandaag - datetime.timedelta(days=10), titel="Geclusterd wonen Oost"
    )
    op_tijd = activiteit(
        g, org, eind=vandaag + datetime.timedelta(days=60), titel="Ontmoetingsruimte West"
    )
    ontbreekt = indicator(g, org, vandaag, naam="Geclusterde woningen")
    return te_tekenen, getekend, te_laat, op_tijd, ontbreekt


# --- Prestatieafspraken: signatures ----------------------------------------------------------


def test_an_agreement_waiting_for_the_partners_signature_is_dringend(wereld):
    o = overeenkomst(wereld.gemeente, wereld.corporatie, titel="Prestatieafspraken 2026")
    lijst = de_lijst(prestatieafspraken_taken.takenlijsten(wereld.partner, VANDAAG))
    assert (lijst.soort, lijst.titel, lijst.volgorde) == ("overeenkomsten", "Overeenkomsten", 3)
    (taak,) = lijst.taken
    assert taak.gemeente == wereld.gemeente
    assert taak.titel == "Prestatieafspraken 2026"
    assert taak.url == f"/g/GM0001/prestatieafspraken/{o.pk}/"
    assert taak.wat == "Ter ondertekening; de handtekening van uw organisatie ontbreekt (versie 1)"
    assert taak.dringend is True
    assert taak.actie == "Ondertekenen"
    assert taak.actie_url == f"/g/GM0001/prestatieafspraken/{o.pk}/ondertekenen/"


def test_a_signed_agreement_is_listed_but_not_dringend(wereld):
    o = overeenkomst(wereld.gemeente, wereld.corporatie)
    OndertekeningFactory(overeenkomst=o, organisatie=wereld.corporatie)
    (taak,) = de_lijst(prestatieafspraken_taken.takenlijsten(wereld.partner, VANDAAG)).taken
    assert taak.wat == "Ter ondertekening; uw organisatie heeft versie 1 getekend"
    assert (taak.dringend, taak.actie, taak.actie_url) == (False, "", "")


def test_a_signature_on_an_earlier_versie_does_not_count(wereld):
    o = overeenkomst(wereld.gemeente, wereld.corporatie, versie=2)
    OndertekeningFactory(overeenkomst=o, organisatie=wereld.corporatie, versie=1, vervallen=True)
    (taak,) = de_lijst(prestatieafspraken_taken.takenlijsten(wereld.partner, VANDAAG)).taken
    assert taak.dringend is True
    assert "(versie 2)" in taak.wat


def test_concept_and_signed_agreements_are_listed_beeindigde_are_not(wereld):
    g, org = wereld.gemeente, wereld.corporatie
    overeenkomst(
        g, org, titel="B concept", status=Status.CONCEPT, periode_start=2026, periode_eind=2029
    )
    overeenkomst(g, org, titel="C ondertekend", status=Status.ONDERTEKEND)
    overeenkomst(g, org, titel="D beëindigd", status=Status.BEEINDIGD)
    overeenkomst(g, org, titel="E te tekenen")
    lijst = de_lijst(prestatieafspraken_taken.takenlijsten(wereld.partner, VANDAAG))
    # What waits first, then the others by gemeente and titel.
    assert titels(lijst) == ["E te tekenen", "B concept", "C ondertekend"]
    assert [t.wat for t in lijst.taken[1:]] == ["Concept (2026–2029)", "Ondertekend (2022–2025)"]
    assert [t.dringend for t in lijst.taken] == [True, False, False]


def test_another_organisations_or_gemeentes_agreements_are_never_shown(wereld):
    # The gemeente's own agreement, without the corporatie as party.
    overeenkomst(wereld.gemeente, wereld.gemeente_organisatie, titel="Alleen de gemeente")
    # The corporatie is party in a gemeente where this partner has no role.
    wereld.corporatie.werkgebied.add(wereld.andere_gemeente)
    overeenkomst(wereld.andere_gemeente, wereld.corporatie, titel="Gemeente B")
    # Another corporatie's agreement in the partner's own gemeente.
    overeenkomst(wereld.gemeente, wereld.andere_corporatie, titel="Andere corporatie")
    lijst = de_lijst(prestatieafspraken_taken.takenlijsten(wereld.partner, VANDAAG))
    assert lijst.taken == []
    assert lijst.leeg == "Uw organisatie is geen partij bij een lopende overeenkomst."


def test_a_lezer_sees_the_missing_signature_but_cannot_sign_it(wereld):
    overeenkomst(wereld.gemeente, wereld.gemeente_organisatie)
    (taak,) = de_lijst(prestatieafspraken_taken.takenlijsten(wereld.lezer, VANDAAG)).taken
    assert "ontbreekt" in taak.wat
    assert (taak.dringend, taak.actie) == (False, "")
    # A beleidsadviseur of the same organisatie signs it.
    (taak,) = de_lijst(prestatieafspraken_taken.takenlijsten(wereld.beleidsadviseur, VANDAAG)).taken
    assert (taak.dringend, taak.actie) == (True, "Ondertekenen")


# --- Uitvoering: activiteiten ----------------------------------------------------------------


def test_an_activiteit_past_its_end_date_is_dringend(wereld):
    a = activiteit(wereld.gemeente, wereld.corporatie, eind=datetime.date(2026, 2, 1))
    lijst = de_lijst(uitvoering_taken.takenlijsten(wereld.partner, VANDAAG))
    assert (lijst.soort, lijst.volgorde) == ("activiteiten", 4)
    (taak,) = lijst.taken
    assert taak.titel == a.titel
    assert taak.url == f"/g/GM0001/uitvoering/activiteit/{a.pk}/"
    assert taak.wat == "Gepland, te laat"
    assert taak.datum == datetime.date(2026, 2, 1)
    assert taak.dringend is True
    assert taak.actie == "Voortgang melden"
    assert taak.actie_url == f"/g/GM0001/uitvoering/activiteit/{a.pk}/voortgang/"


def test_open_activiteiten_by_end_date_closed_ones_left_out(wereld):
    g, org = wereld.gemeente, wereld.corporatie
    programma = UitvoeringsprogrammaFactory(gemeente=g)

    def maak(titel, eind, status=Activiteit.Status.GEPLAND):
        return activiteit(g, org, eind=eind, status=status, programma=programma, titel=titel)

    maak("later", datetime.date(2026, 9, 1), Activiteit.Status.IN_UITVOERING)
    maak("vertraagd", datetime.date(2026, 12, 1), Activiteit.Status.VERTRAAGD)
    maak("eerst", datetime.date(2026, 4, 1))
    maak("gereed", datetime.date(2025, 1, 1), Activiteit.Status.GEREED)
    maak("geannuleerd", datetime.date(2025, 1, 1), Activiteit.Status.GEANNULEERD)
    ongepland = maak("ongepland", datetime.date(2026, 5, 1))
    Activiteit.objects.filter(pk=ongepland.pk).update(start=None, eind=None)

    lijst = de_lijst(uitvoering_taken.takenlijsten(wereld.partner, VANDAAG))
    assert titels(lijst) == ["eerst", "later", "vertraagd", "ongepland"]
    assert [t.dringend for t in lijst.taken] == [False, False, True, False]
    assert lijst.taken[2].wat == "Vertraagd, te laat"
    assert lijst.taken[3].datum is None


def test_only_activiteiten_the_organisatie_trekt_in_its_gemeenten_and_running_programmes(wereld):
    g, org = wereld.gemeente, wereld.corporatie
    eind = datetime.date(2026, 1, 1)
    activiteit(g, wereld.andere_corporatie, eind=eind, betrokkenen=[org])  # only involved
    activiteit(g, None, eind=eind)
    wereld.corporatie.werkgebied.add(wereld.andere_gemeente)
    activiteit(wereld.andere_gemeente, org, eind=eind)  # no role there
    afgerond = UitvoeringsprogrammaFactory(gemeente=g, status=Uitvoeringsprogramma.Status.AFGEROND)
    activiteit(g, org, eind=eind, programma=afgerond)
    lijst = de_lijst(uitvoering_taken.takenlijsten(wereld.partner, VANDAAG))
    assert lijst.taken == []
    assert lijst.leeg == "Uw organisatie is geen trekker van een lopende activiteit."


def test_a_late_activiteit_is_not_dringend_for_a_lezer(wereld):
    activiteit(wereld.gemeente, wereld.gemeente_organisatie, eind=datetime.date(2026, 1, 1))
    (taak,) = de_lijst(uitvoering_taken.takenlijsten(wereld.lezer, VANDAAG)).taken
    assert taak.wat == "Gepland, te laat"
    assert (taak.dringend, taak.actie) == (False, "")
    (taak,) = de_lijst(uitvoering_taken.takenlijsten(wereld.programmaleider, VANDAAG)).taken
    assert (taak.dringend, taak.actie) == (True, "Voortgang melden")


# --- Borging: indicatoren and their metingen -------------------------------------------------


def test_an_indicator_whose_meting_is_due_is_dringend(wereld):
    i = indicator(wereld.gemeente, wereld.corporatie, VANDAAG, naam="Geclusterde woningen")
    lijst = de_lijst(borging_taken.takenlijsten(wereld.partner, VANDAAG))
    assert (lijst.soort, lijst.volgorde) == ("indicatoren", 5)
    (taak,) = lijst.taken
    assert taak.titel == "Geclusterde woningen"
    assert taak.url == f"/g/GM0001/borging/indicator/{i.pk}/"
    assert taak.wat == "Meting over 2025 ontbreekt"
    assert taak.datum == datetime.date(2025, 12, 31)
    assert taak.dringend is True
    assert taak.actie == "Meting invoeren"
    assert taak.actie_url == f"/g/GM0001/borging/indicator/{i.pk}/meting/"


def test_a_quarterly_meting_is_due_after_its_quarter(wereld):
    indicator(wereld.gemeente, wereld.corporatie, VANDAAG, frequentie="per_kwartaal")
    (taak,) = de_lijst(borging_taken.takenlijsten(wereld.partner, VANDAAG)).taken
    assert taak.wat == "Meting over 2025 K4 ontbreekt"
    assert taak.datum == datetime.date(2025, 12, 31)
    (taak,) = de_lijst(borging_taken.takenlijsten(wereld.partner, datetime.date(2026, 8, 15))).taken
    assert (taak.wat, taak.datum) == ("Meting over 2026 K2 ontbreekt", datetime.date(2026, 6, 30))


def test_indicatoren_without_a_due_meting_are_listed_not_dringend(wereld):
    g, org = wereld.gemeente, wereld.corporatie
    gemeten = indicator(g, org, VANDAAG, naam="B gemeten")
    MetingFactory(indicator=gemeten, jaar=2024)
    MetingFactory(indicator=gemeten, jaar=2025)
    IndicatorFactory(gemeente=g, eigenaar=org, naam="C zonder streefwaarde")
    indicator(g, org, VANDAAG, naam="D ontbreekt")
    lijst = de_lijst(borging_taken.takenlijsten(wereld.partner, VANDAAG))
    assert titels(lijst) == ["D ontbreekt", "B gemeten", "C zonder streefwaarde"]
    assert [t.wat for t in lijst.taken[1:]] == ["Laatste meting over 2025", "Nog geen meting"]
    assert [t.dringend for t in lijst.taken] == [True, False, False]
    # The eigenaar may enter a meting at any time.
    assert all(t.actie == "Meting invoeren" for t in lijst.taken)


def test_another_eigenaars_or_gemeentes_indicatoren_are_never_shown(wereld):
    indicator(wereld.gemeente, wereld.andere_corporatie, VANDAAG)
    indicator(wereld.gemeente, wereld.gemeente_organisatie, VANDAAG)
    wereld.corporatie.werkgebied.add(wereld.andere_gemeente)
    indicator(wereld.andere_gemeente, wereld.corporatie, VANDAAG)
    lijst = de_lijst(borging_taken.takenlijsten(wereld.partner, VANDAAG))
    assert lijst.taken == []
    assert lijst.leeg == "Uw organisatie is geen eigenaar van een indicator."


# --- The core --------------------------------------------------------------------------------


def test_the_core_composes_the_phases_in_their_order(wereld):
    maak_taken(wereld, VANDAAG)
    lijsten = takenlijsten(vers(wereld.partner), VANDAAG)
    assert [lijst.soort for lijst in lijsten] == ["overeenkomsten", "activiteiten", "indicatoren"]
    assert [len(lijst.taken) for lijst in lijsten] == [2, 2, 1]
    assert [len(lijst.dringend) for lijst in lijsten] == [1, 1, 1]
    assert aantal_dringend(lijsten) == 3


def test_the_partner_of_another_corporatie_sees_none_of_it(wereld):
    maak_taken(wereld, VANDAAG)
    ander = UserFactory(organisatie=wereld.andere_corporatie)
    RolFactory(user=ander, gemeente=wereld.andere_gemeente, soort=Rol.Soort.PARTNER)
    lijsten = takenlijsten(ander, VANDAAG)
    assert [lijst.taken for lijst in lijsten] == [[], [], []]


def test_a_user_without_organisatie_has_no_tasks(wereld):
    maak_taken(wereld, VANDAAG)
    assert takenlijsten(wereld.beheerder, VANDAAG) == []
    zonder = UserFactory()
    RolFactory(user=zonder, gemeente=wereld.gemeente, soort=Rol.Soort.LEZER)
    assert takenlijsten(zonder, VANDAAG) == []


def test_an_anonymous_user_has_no_tasks():
    from django.contrib.auth.models import AnonymousUser

    assert takenlijsten(AnonymousUser(), VANDAAG) == []


# --- A fixed number of queries, however many rows --------------------------------------------


def rijen(wereld, n):
    g, org = wereld.gemeente, wereld.corporatie
    programma = UitvoeringsprogrammaFactory(gemeente=g)
    for _ in range(n):
        o = overeenkomst(g, org)
        overeenkomst(g, org, status=Status.ONDERTEKEND)
        OndertekeningFactory(overeenkomst=overeenkomst(g, org), organisatie=org)
        PartijFactory(overeenkomst=o)  # a second party
        activiteit(g, org, eind=datetime.date(2026, 1, 1), programma=programma)
        activiteit(g, org, eind=datetime.date(2027, 1, 1), programma=programma)
        i = indicator(g, org, VANDAAG)
        MetingFactory(indicator=i, jaar=2024)
        MetingFactory(indicator=i, jaar=2023)


def queries(functie, user):
    with CaptureQueriesContext(connection) as opgenomen:
        lijsten = functie(vers(user), VANDAAG)
    return len(opgenomen), sum(len(lijst.taken) for lijst in lijsten)


@pytest.mark.parametrize(
    "functie",
    [
        prestatieafspraken_taken.takenlijsten,
        uitvoering_taken.takenlijsten,
        borging_taken.takenlijsten,
        takenlijsten,
    ],
    ids=["prestatieafspraken", "uitvoering", "borging", "core"],
)
def test_the_same_number_of_queries_for_1_and_10_rows(wereld, functie):
    rijen(wereld, 1)
    bij_een, aantal = queries(functie, wereld.partner)
    assert aantal > 0
    rijen(wereld, 9)
    bij_tien, aantal_bij_tien = queries(functie, wereld.partner)
    assert aantal_bij_tien == 10 * aantal
    assert bij_tien == bij_een
    assert bij_een <= 8
