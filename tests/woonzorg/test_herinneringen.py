"""The daily reminder: its content, when it is (not) sent, and the Celery task around it."""

import datetime
import logging
import re
import smtplib

import pytest
from django.urls import resolve
from django.utils import timezone

from tests.woonzorg.factories import RolFactory, UserFactory
from tests.woonzorg.test_taken import maak_taken, overeenkomst
from woonzorg import taken
from woonzorg.models import Rol, User
from woonzorg.tasks import stuur_herinneringen

VANDAAG = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.WOONZORG_URL = "https://woonzorg.example.nl/"


@pytest.fixture
def op_dag(monkeypatch):
    """Let the task run on a given day."""

    def _op(dag):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dag)

    return _op


def vers(user):
    return User.objects.get(pk=user.pk)


# --- The e-mail ------------------------------------------------------------------------------


def test_the_digest_lists_the_dringende_taken_per_list_with_absolute_links(wereld, mailoutbox):
    te_tekenen, getekend, te_laat, op_tijd, ontbreekt = maak_taken(wereld, VANDAAG)
    assert taken.stuur_herinnering(vers(wereld.partner), VANDAAG) is True

    (mail,) = mailoutbox
    assert mail.to == ["partner@corporatie-x.test"]
    assert mail.subject == "Woonzorg: 3 taken wachten op u"
    body = mail.body
    naam = wereld.partner.get_full_name()
    assert body.startswith(
        f"Beste {naam},\n\nVoor Woningcorporatie X wachten er in Woonzorg 3 taken op u."
    )
    base = "https://woonzorg.example.nl"
    assert (
        "OVEREENKOMSTEN (1)\n\n"
        "- Gemeente A: Pact Wonen en Zorg\n"
        "  Ter ondertekening; de handtekening van uw organisatie ontbreekt (versie 1)\n"
        f"  {base}/g/GM0001/prestatieafspraken/{te_tekenen.pk}/\n"
        f"  Ondertekenen: {base}/g/GM0001/prestatieafspraken/{te_tekenen.pk}/ondertekenen/\n"
    ) in body
    assert (
        "ACTIVITEITEN (1)\n\n"
        "- Gemeente A: Geclusterd wonen Oost\n"
        "  Gepland, te laat (20 februari 2026)\n"
        f"  {base}/g/GM0001/uitvoering/activiteit/{te_laat.pk}/\n"
        f"  Voortgang melden: {base}/g/GM0001/uitvoering/activiteit/{te_laat.pk}/voortgang/\n"
    ) in body
    assert (
        "INDICATOREN (1)\n\n"
        "- Gemeente A: Geclusterde woningen\n"
        "  Meting over 2025 ontbreekt (31 december 2025)\n"
        f"  {base}/g/GM0001/borging/indicator/{ontbreekt.pk}/\n"
        f"  Meting invoeren: {base}/g/GM0001/borging/indicator/{ontbreekt.pk}/meting/\n"
    ) in body
    # What does not wait is on the page, not in the e-mail.
    assert "Convenant Ontmoeten" not in body
    assert "Ontmoetingsruimte West" not in body
    assert f"{base}/taken/\n" in body
    assert f"Instellingen: {base}/account/herinneringen/\n" in body
    # No HTML escaping in a plain-text mail.
    assert "&" not in body


def test_the_opt_out_link_in_the_digest_is_the_users_own(wereld, mailoutbox):
    maak_taken(wereld, VANDAAG)
    taken.stuur_herinnering(vers(wereld.partner), VANDAAG)
    (link,) = re.findall(
        r"Geen herinneringen meer ontvangen: https://woonzorg.example.nl(\S+)", mailoutbox[0].body
    )
    match = resolve(link)
    assert match.url_name == "herinneringen_uit"
    assert taken.user_van_uit_token(match.kwargs["token"]) == wereld.partner


def test_one_dringende_taak_reads_as_one(wereld, mailoutbox):
    overeenkomst(wereld.gemeente, wereld.corporatie)
    taken.stuur_herinnering(vers(wereld.partner), VANDAAG)
    assert mailoutbox[0].subject == "Woonzorg: 1 taak wacht op u"
    assert "wacht er in Woonzorg 1 taak op u." in mailoutbox[0].body


# --- When nothing is sent --------------------------------------------------------------------


def test_nothing_is_sent_without_dringende_taken(wereld, mailoutbox):
    overeenkomst(wereld.gemeente, wereld.corporatie, status="ondertekend")
    assert taken.stuur_herinnering(vers(wereld.partner), VANDAAG) is False
    assert mailoutbox == []
    assert vers(wereld.partner).laatste_herinnering is None


def test_a_user_who_opted_out_gets_nothing(wereld, mailoutbox):
    maak_taken(wereld, VANDAAG)
    User.objects.filter(pk=wereld.partner.pk).update(herinneringen=False)
    assert taken.stuur_herinnering(vers(wereld.partner), VANDAAG) is False
    assert stuur_herinneringen() == 0
    assert mailoutbox == []


def test_a_lezer_is_not_reminded_of_what_it_cannot_do(wereld, mailoutbox):
    overeenkomst(wereld.gemeente, wereld.gemeente_organisatie)
    assert taken.stuur_herinnering(vers(wereld.lezer), VANDAAG) is False
    assert taken.stuur_herinnering(vers(wereld.beleidsadviseur), VANDAAG) is True
    assert [m.to for m in mailoutbox] == [["ba@gemeente-a.test"]]


# --- The daily task --------------------------------------------------------------------------


def test_the_task_sends_one_digest_per_user_and_counts_them(wereld, mailoutbox, op_dag):
    op_dag(VANDAAG)
    maak_taken(wereld, VANDAAG)
    # The gemeente is party too: its staff who may sign are reminded, its lezer not.
    overeenkomst(wereld.gemeente, wereld.gemeente_organisatie, titel="Gemeente tekent")
    assert stuur_herinneringen() == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ba@gemeente-a.test",
        "partner@corporatie-x.test",
        "pl@gemeente-a.test",
    ]
    assert vers(wereld.partner).laatste_herinnering == VANDAAG
    assert vers(wereld.lezer).laatste_herinnering is None


def test_a_second_run_on_the_same_day_sends_nothing_the_next_day_sends_again(
    wereld, mailoutbox, op_dag
):
    op_dag(VANDAAG)
    maak_taken(wereld, VANDAAG)
    assert stuur_herinneringen.delay().get() == 1  # through Celery (eager here)
    assert stuur_herinneringen() == 0
    assert taken.stuur_herinnering(vers(wereld.partner), VANDAAG) is False
    assert len(mailoutbox) == 1

    morgen = VANDAAG + datetime.timedelta(days=1)
    op_dag(morgen)
    assert stuur_herinneringen() == 1
    assert len(mailoutbox) == 2
    assert vers(wereld.partner).laatste_herinnering == morgen


def test_the_lock_stops_a_run_that_read_the_user_before_another_sent(wereld, mailoutbox):
    maak_taken(wereld, VANDAAG)
    eerder_gelezen = vers(wereld.partner)
    assert taken.stuur_herinnering(vers(wereld.partner), VANDAAG) is True
    # The stale copy still says nothing was sent today; the locked row knows better.
    assert eerder_gelezen.laatste_herinnering is None
    assert taken.stuur_herinnering(eerder_gelezen, VANDAAG) is False
    assert len(mailoutbox) == 1


def test_a_failing_send_for_one_user_does_not_stop_the_others(
    wereld, mailoutbox, op_dag, monkeypatch, caplog
):
    op_dag(VANDAAG)
    maak_taken(wereld, VANDAAG)
    collega = UserFactory(email="collega@corporatie-x.test", organisatie=wereld.corporatie)
    RolFactory(user=collega, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    echte_send_mail = taken.send_mail

    def send_mail(onderwerp, tekst, van, aan, **kwargs):
        if aan == ["partner@corporatie-x.test"]:
            raise smtplib.SMTPRecipientsRefused({aan[0]: (550, b"onbekend")})
        return echte_send_mail(onderwerp, tekst, van, aan, **kwargs)

    monkeypatch.setattr(taken, "send_mail", send_mail)
    with caplog.at_level(logging.ERROR, logger="woonzorg.tasks"):
        assert stuur_herinneringen() == 1
    assert [m.to for m in mailoutbox] == [["collega@corporatie-x.test"]]
    assert f"Herinnering aan gebruiker {wereld.partner.pk} niet verstuurd" in caplog.text
    # Not recorded as sent: the next run tries again.
    assert vers(wereld.partner).laatste_herinnering is None
    monkeypatch.setattr(taken, "send_mail", echte_send_mail)
    assert stuur_herinneringen() == 1
    assert [m.to for m in mailoutbox][-1] == ["partner@corporatie-x.test"]


def test_the_task_skips_inactive_users_and_users_without_organisatie_or_email(
    wereld, mailoutbox, op_dag
):
    op_dag(VANDAAG)
    maak_taken(wereld, VANDAAG)
    User.objects.filter(pk=wereld.partner.pk).update(is_active=False)
    zonder_email = UserFactory(email="", organisatie=wereld.corporatie)
    RolFactory(user=zonder_email, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    assert stuur_herinneringen() == 0
    assert mailoutbox == []


def test_an_invited_user_who_never_chose_a_password_gets_no_digest(wereld, mailoutbox, op_dag):
    op_dag(VANDAAG)
    maak_taken(wereld, VANDAAG)
    wereld.partner.set_unusable_password()
    wereld.partner.save()

    assert taken.stuur_herinnering(vers(wereld.partner), VANDAAG) is False
    assert stuur_herinneringen() == 0
    assert mailoutbox == []


def test_who_waited_longest_is_reminded_first(wereld, mailoutbox, op_dag):
    """A run that runs out of time does not leave the same people out every day."""
    op_dag(VANDAAG)
    maak_taken(wereld, VANDAAG)
    overeenkomst(wereld.gemeente, wereld.gemeente_organisatie, titel="Gemeente tekent")
    User.objects.filter(pk=wereld.beleidsadviseur.pk).update(
        laatste_herinnering=VANDAAG - datetime.timedelta(days=1)
    )
    User.objects.filter(pk=wereld.programmaleider.pk).update(
        laatste_herinnering=VANDAAG - datetime.timedelta(days=5)
    )

    stuur_herinneringen()

    assert [m.to[0] for m in mailoutbox] == [
        "partner@corporatie-x.test",  # never reminded
        "pl@gemeente-a.test",
        "ba@gemeente-a.test",
    ]
