"""The jaarschijfrapport tasks in process (eager, as in the embedded default).

One test renders for real; the others replace render_pdf, since what is tested is the task's
bookkeeping: klaar once, idempotent, mislukt with the reason, retried with a growing pause when a
worker runs it, and the yearly run that starts one report per gemeente, once.
"""

import datetime

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded
from kombu.exceptions import OperationalError

from borging import rapport as rapport_module
from borging import tasks
from borging.models import Jaarschijfrapport
from borging.tasks import foutreden, jaarschijfrapporten_vorig_jaar, maak_jaarschijfrapport
from tests.borging.factories import JaarschijfrapportFactory, jaarschijfgegevens
from woonzorg.celery import app

Status = Jaarschijfrapport.Status


@pytest.fixture
def rapport(wereld):
    return JaarschijfrapportFactory(gemeente=wereld.gemeente, jaar=2024)


@pytest.fixture
def gerenderd(monkeypatch):
    """Replace WeasyPrint: record which reports were rendered."""
    gemaakt = []

    def render_pdf(template_name, context, request=None):
        gemaakt.append(context["rapport"].pk)
        return b"%PDF-1.7 stub"

    monkeypatch.setattr(rapport_module, "render_pdf", render_pdf)
    return gemaakt


@pytest.fixture
def kapot(monkeypatch):
    def render_pdf(template_name, context, request=None):
        raise RuntimeError("Pango kon het lettertype niet laden")

    monkeypatch.setattr(rapport_module, "render_pdf", render_pdf)


def test_the_task_makes_a_klaar_report_with_a_pdf(wereld, rapport):
    jaarschijfgegevens(wereld.gemeente, afspraken=2, jaar=2024)
    assert app.conf.task_always_eager

    resultaat = maak_jaarschijfrapport.delay(rapport.pk)

    assert resultaat.get() == Status.KLAAR
    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR
    assert rapport.pogingen == 1 and rapport.fout == "" and rapport.klaar_op
    with rapport.bestand.open("rb") as bestand:
        assert bestand.read(5) == b"%PDF-"


def test_running_it_again_is_a_no_op(rapport, gerenderd):
    maak_jaarschijfrapport.delay(rapport.pk)
    rapport.refresh_from_db()
    bestand, klaar_op = rapport.bestand.name, rapport.klaar_op

    assert maak_jaarschijfrapport.delay(rapport.pk).get() == Status.KLAAR

    rapport.refresh_from_db()
    assert gerenderd == [rapport.pk]  # rendered once
    assert (rapport.bestand.name, rapport.klaar_op, rapport.pogingen) == (bestand, klaar_op, 1)


def test_a_half_made_report_is_made_again(rapport, gerenderd):
    # A worker died while rendering: the message came back, the row still says bezig.
    Jaarschijfrapport.objects.filter(pk=rapport.pk).update(status=Status.BEZIG, pogingen=1)

    assert maak_jaarschijfrapport.delay(rapport.pk).get() == Status.KLAAR

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Status.KLAAR, 2)


def test_a_report_whose_every_attempt_died_is_given_up(rapport, gerenderd):
    Jaarschijfrapport.objects.filter(pk=rapport.pk).update(
        status=Status.BEZIG, pogingen=tasks.MAX_POGINGEN
    )

    assert maak_jaarschijfrapport.delay(rapport.pk).get() == Status.MISLUKT

    rapport.refresh_from_db()
    assert gerenderd == []
    assert rapport.status == Status.MISLUKT
    assert "3 keer afgebroken" in rapport.fout


def test_a_removed_report_is_no_error(db, gerenderd):
    assert maak_jaarschijfrapport.delay(999_999).get() == "verdwenen"
    assert gerenderd == []


def test_a_failure_in_process_is_mislukt_at_once_with_the_reason(rapport, kapot, caplog):
    assert maak_jaarschijfrapport.delay(rapport.pk).get() == Status.MISLUKT

    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT
    assert rapport.fout == foutreden(RuntimeError())
    assert rapport.pogingen == 1 and not rapport.bestand
    assert "poging 1 mislukt" in caplog.text  # logged with the traceback


def test_running_out_of_time_is_mislukt_and_not_retried(rapport, monkeypatch):
    def render_pdf(template_name, context, request=None):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(rapport_module, "render_pdf", render_pdf)

    assert maak_jaarschijfrapport.delay(rapport.pk).get() == Status.MISLUKT

    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT
    assert rapport.fout.startswith(
        "Het rapport kon niet binnen de tijdslimiet van 300 seconden worden gemaakt."
    )


@pytest.fixture
def als_worker(monkeypatch):
    """Run the task body as a worker would (not eager), recording retries instead of
    publishing them: the real round trip is in test_rapport_worker.py."""
    herhaald = []

    def retry(exc=None, countdown=None, **kwargs):
        herhaald.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(maak_jaarschijfrapport, "retry", retry)

    def draai(rapport_id, retries):
        maak_jaarschijfrapport.push_request(id="test", retries=retries, is_eager=False)
        try:
            return maak_jaarschijfrapport.run(rapport_id)
        finally:
            maak_jaarschijfrapport.pop_request()

    draai.herhaald = herhaald
    return draai


def test_a_worker_retries_with_a_growing_pause_then_gives_up(rapport, kapot, als_worker):
    for retries, pauze in ((0, 30), (1, 60)):
        with pytest.raises(Retry):
            als_worker(rapport.pk, retries)
        rapport.refresh_from_db()
        assert rapport.status == Status.WACHTRIJ
        assert rapport.fout == (
            f"Poging {retries + 1} mislukt (RuntimeError); "
            f"over {pauze} seconden wordt het opnieuw geprobeerd."
        )

    assert als_worker(rapport.pk, 2) == Status.MISLUKT  # the third and last attempt

    rapport.refresh_from_db()
    assert als_worker.herhaald == [30, 60]
    assert (rapport.status, rapport.pogingen) == (Status.MISLUKT, 3)
    assert rapport.fout == foutreden(RuntimeError())


def test_the_task_is_acknowledged_late_and_survives_a_lost_worker():
    assert maak_jaarschijfrapport.acks_late is True
    assert maak_jaarschijfrapport.reject_on_worker_lost is True
    assert maak_jaarschijfrapport.max_retries == tasks.MAX_POGINGEN - 1 == 2


def test_the_yearly_run_makes_one_report_per_gemeente_once(wereld, gerenderd):
    # A report a user asked for is not the scheduled one.
    JaarschijfrapportFactory(gemeente=wereld.gemeente, jaar=2024, aangevraagd_door=wereld.lezer)

    assert jaarschijfrapporten_vorig_jaar.delay(2024).get() == 2

    gepland = Jaarschijfrapport.objects.filter(jaar=2024, aangevraagd_door__isnull=True)
    assert sorted(r.gemeente.naam for r in gepland) == ["Gemeente A", "Gemeente B"]
    assert {r.status for r in gepland} == {Status.KLAAR}
    assert sorted(gerenderd) == sorted(r.pk for r in gepland)

    assert jaarschijfrapporten_vorig_jaar.delay(2024).get() == 0
    assert Jaarschijfrapport.objects.filter(jaar=2024).count() == 3


def test_the_yearly_run_reports_on_last_year_by_default(wereld, gerenderd, monkeypatch):
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2026, 1, 15))

    assert jaarschijfrapporten_vorig_jaar() == 2

    assert set(Jaarschijfrapport.objects.values_list("jaar", flat=True)) == {2025}


def test_a_failure_tells_its_kind_not_its_text():
    reden = foutreden(OSError("/srv/woonzorg/geheim.pdf: geen toegang"))
    assert reden == (
        "Het PDF-bestand kon niet worden gemaakt (OSError). De details staan in het logboek van "
        "de server."
    )


def test_a_yearly_run_with_the_broker_down_fails_visibly_and_the_next_run_retries(
    wereld, gerenderd, monkeypatch
):
    def onbereikbaar(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379.")

    with monkeypatch.context() as m:
        m.setattr(maak_jaarschijfrapport, "delay", onbereikbaar)
        assert jaarschijfrapporten_vorig_jaar(2024) == 2
    mislukt = Jaarschijfrapport.objects.filter(jaar=2024)
    assert {r.status for r in mislukt} == {Status.MISLUKT}
    assert all(r.fout.startswith("De achtergrondverwerking is niet bereikbaar.") for r in mislukt)

    assert jaarschijfrapporten_vorig_jaar(2024) == 2  # Redis is back: both are made now
    assert Jaarschijfrapport.objects.filter(jaar=2024, status=Status.KLAAR).count() == 2
