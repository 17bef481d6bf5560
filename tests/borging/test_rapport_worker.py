"""The jaarschijfrapport through a real Celery worker on Redis (runs in CI; skipped without Redis).

The worker is another process: it reads the test database (so the rows must be committed:
transactional_db, and PostgreSQL, since SQLite's test database is not shared) and writes the PDF
to the test run's MEDIA_ROOT. Each test starts its own worker on its own queue, so no other worker
can take its messages — which also shows that a retry comes back on the queue it came from.

Two workers are started from a small bootstrap that replaces render_pdf before the worker starts:
one whose renders fail (a retry that then succeeds, and one that gives up after three tries), and a
prefork one that shows a soft time limit and a worker process dying mid-report.
"""

import subprocess
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings

from borging.models import Jaarschijfrapport
from borging.tasks import foutreden, maak_jaarschijfrapport
from tests.borging import worker as worker_proces
from tests.borging.factories import JaarschijfrapportFactory
from tests.borging.worker import bevat_pdf, wacht_op
from tests.woonzorg.factories import GemeenteFactory
from woonzorg.celery import app

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback"),
]

Status = Jaarschijfrapport.Status


@contextmanager
def worker(redis_url, tmp_path, *, code=None, pool="solo", env=None):
    """A worker process on a queue of its own; yields (queue, log file)."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / f"worker-{queue}.log"
    command = worker_proces.command(queue, pool, code)
    omgeving = worker_proces.omgeving(redis_url, **(env or {}))
    with log.open("wb") as uitvoer:
        proces = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=omgeving, stdout=uitvoer, stderr=subprocess.STDOUT
        )
    try:
        assert not app.conf.task_always_eager
        yield queue, log
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait(timeout=10)


def test_a_real_worker_makes_the_report(redis_url, tmp_path):
    rapport = JaarschijfrapportFactory(gemeente=GemeenteFactory(naam="Gemeente W"), jaar=2024)

    with worker(redis_url, tmp_path) as (queue, log):
        maak_jaarschijfrapport.apply_async((rapport.pk,), queue=queue)
        wacht_op(rapport, Status.KLAAR, Status.MISLUKT, log=log)

    assert rapport.status == Status.KLAAR, rapport.fout
    assert (rapport.pogingen, rapport.fout) == (1, "")
    assert bevat_pdf(rapport)


FAALT = """
from borging import rapport, tasks

tasks.PAUZE = 1  # seconds; the real pause is 30, then 60
echte_render_pdf = rapport.render_pdf
gezien = set()


def render_pdf(template_name, context, request=None):
    # 2023 never renders; any other year fails on its first attempt only.
    verslag = context["rapport"]
    if verslag.jaar == 2023 or verslag.pk not in gezien:
        gezien.add(verslag.pk)
        raise ConnectionError(f"even niet bereikbaar ({verslag.jaar})")
    return echte_render_pdf(template_name, context, request)


rapport.render_pdf = render_pdf
"""


def test_a_worker_retries_on_its_own_queue_and_gives_up_after_three_tries(redis_url, tmp_path):
    gemeente = GemeenteFactory(naam="Gemeente R")
    herstelt = JaarschijfrapportFactory(gemeente=gemeente, jaar=2024)
    blijft_kapot = JaarschijfrapportFactory(gemeente=gemeente, jaar=2023)

    with worker(redis_url, tmp_path, code=FAALT) as (queue, log):
        maak_jaarschijfrapport.apply_async((herstelt.pk,), queue=queue)
        maak_jaarschijfrapport.apply_async((blijft_kapot.pk,), queue=queue)
        wacht_op(herstelt, Status.KLAAR, Status.MISLUKT, log=log)
        wacht_op(blijft_kapot, Status.KLAAR, Status.MISLUKT, log=log)

    assert herstelt.status == Status.KLAAR, herstelt.fout
    assert (herstelt.pogingen, herstelt.fout) == (2, "")
    assert bevat_pdf(herstelt)
    assert blijft_kapot.status == Status.MISLUKT
    assert blijft_kapot.pogingen == 3
    assert blijft_kapot.fout == foutreden(ConnectionError())
    assert not blijft_kapot.bestand


TE_TRAAG_OF_STERFT = """
import os
import time

import weasyprint  # noqa: F401 - loaded once here, not in each forked process

from borging import rapport

echte_render_pdf = rapport.render_pdf


def render_pdf(template_name, context, request=None):
    verslag = context["rapport"]
    if verslag.jaar == 2022:
        time.sleep(120)  # interrupted by the soft time limit
    if verslag.jaar == 2021 and not os.path.exists(os.environ["STERF_EENMAAL"]):
        open(os.environ["STERF_EENMAAL"], "w").close()
        os._exit(1)  # the process dies mid-report, as when it runs out of memory
    return echte_render_pdf(template_name, context, request)


rapport.render_pdf = render_pdf
"""


def test_a_time_limit_and_a_lost_worker_process_are_handled(redis_url, tmp_path):
    gemeente = GemeenteFactory(naam="Gemeente T")
    te_traag = JaarschijfrapportFactory(gemeente=gemeente, jaar=2022)
    sterft = JaarschijfrapportFactory(gemeente=gemeente, jaar=2021)
    env = {"STERF_EENMAAL": str(tmp_path / "gestorven")}

    # Time limits need the prefork pool (the solo pool has none). The message carries them: the
    # sender's settings, or as here the call's (the worker's own settings do not count).
    with worker(redis_url, tmp_path, code=TE_TRAAG_OF_STERFT, pool="prefork", env=env) as (
        queue,
        log,
    ):
        maak_jaarschijfrapport.apply_async(
            (te_traag.pk,), queue=queue, soft_time_limit=8, time_limit=60
        )
        maak_jaarschijfrapport.apply_async((sterft.pk,), queue=queue)
        wacht_op(te_traag, Status.KLAAR, Status.MISLUKT, log=log)
        wacht_op(sterft, Status.KLAAR, Status.MISLUKT, log=log)

    assert te_traag.status == Status.MISLUKT
    assert te_traag.fout.startswith(
        "Het rapport kon niet binnen de tijdslimiet van 8 seconden worden gemaakt."
    )
    assert te_traag.pogingen == 1  # not retried
    # The message of the process that died went back to the queue; the next process made it.
    assert (tmp_path / "gestorven").exists()
    assert sterft.status == Status.KLAAR, sterft.fout
    assert sterft.pogingen == 2
    assert bevat_pdf(sterft)
