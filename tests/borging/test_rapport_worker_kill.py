"""A worker killed (SIGKILL) in the middle of a jaarschijfrapport: the report is still made.

Runs in CI; skipped without Redis and PostgreSQL (see tests/borging/worker.py for why).

The worker comes from a small bootstrap whose render_pdf, on the first attempt only, notes its
process id in a file and then sleeps, so the test knows when and whom to kill. Two ways to die:

- the whole worker (solo pool): nobody is left to hand the message back. The message is still
  unacknowledged in Redis (the task is acknowledged late), and the next worker restores it once
  the transport's visibility timeout has passed (an hour by default; seconds here).
- only the pool process (prefork): the worker's main process sees it go and, as the task rejects
  on a lost worker, puts the message back at once; a new pool process makes the report.
"""

import contextlib
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from borging.models import Jaarschijfrapport
from borging.tasks import maak_jaarschijfrapport
from tests.borging import worker as worker_proces
from tests.borging.factories import JaarschijfrapportFactory
from tests.borging.worker import bevat_pdf, database_url, wacht_op
from tests.woonzorg.factories import GemeenteFactory
from woonzorg.celery import app

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback"),
]

Status = Jaarschijfrapport.Status

# The first render notes its pid in BEZIG_PID and sleeps; later renders (that file exists) are real.
# The transport options apply to this worker only: a short visibility timeout, checked every
# second, on bookkeeping keys of its own, so it restores no other worker's unacknowledged messages
# (with the shared keys it would restore a slow task of a test running beside it).
TRAAG_EENMAAL = """
import os
import time

import weasyprint  # noqa: F401 - loaded once here, not in each forked process

from borging import rapport
from woonzorg.celery import app

sleutel = os.environ["UNACKED_SLEUTEL"]
app.conf.broker_transport_options = {
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "unacked_key": f"{sleutel}",
    "unacked_index_key": f"{sleutel}_index",
    "unacked_mutex_key": f"{sleutel}_mutex",
}
echte_render_pdf = rapport.render_pdf


def render_pdf(template_name, context, request=None):
    pad = os.environ["BEZIG_PID"]
    if not os.path.exists(pad):
        with open(pad + ".tmp", "w") as bestand:
            bestand.write(str(os.getpid()))
        os.rename(pad + ".tmp", pad)  # complete when it appears
        time.sleep(120)  # killed before it wakes
    return echte_render_pdf(template_name, context, request)


rapport.render_pdf = render_pdf
"""


class Workers:
    """Workers on one queue, started from TRAAG_EENMAAL; all of them are ended afterwards."""

    def __init__(self, redis_url, tmp_path):
        self.queue = f"test-{uuid.uuid4().hex[:8]}"
        self.bezig_pid = tmp_path / "bezig.pid"
        self.log = tmp_path / f"worker-{self.queue}.log"
        self.processen: list[subprocess.Popen] = []
        self.omgeving = worker_proces.omgeving(
            redis_url, BEZIG_PID=str(self.bezig_pid), UNACKED_SLEUTEL=f"unacked-{self.queue}"
        )

    def start(self, pool: str) -> subprocess.Popen:
        with self.log.open("ab") as uitvoer:
            proces = subprocess.Popen(
                worker_proces.command(self.queue, pool, TRAAG_EENMAAL),
                cwd=settings.BASE_DIR,
                env=self.omgeving,
                stdout=uitvoer,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own, ended as a whole
            )
        self.processen.append(proces)
        return proces

    def wacht_op_render(self, timeout=60) -> int:
        """The pid of the process that is rendering (and sleeping), once it is."""
        einde = time.monotonic() + timeout
        while time.monotonic() < einde:
            if self.bezig_pid.exists():
                return int(self.bezig_pid.read_text())
            time.sleep(0.2)
        pytest.fail(f"No render started.\nWorker log:\n{self.log_tekst()}")

    def log_tekst(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self):
        for proces in self.processen:
            if proces.poll() is None:
                os.killpg(proces.pid, signal.SIGTERM)
        for proces in self.processen:
            try:
                proces.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proces.pid, signal.SIGKILL)
                proces.wait(timeout=10)
            # Whatever is left of its group (a pool process whose parent was killed).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proces.pid, signal.SIGKILL)


@pytest.fixture
def workers(redis_url, tmp_path):
    database_url()  # skip before starting anything when the database cannot be shared
    assert not app.conf.task_always_eager
    groep = Workers(redis_url, tmp_path)
    yield groep
    groep.stop()


def bestanden_van(rapport) -> list[str]:
    """The report's file and any copy a second run saved beside it (name_<suffix>.pdf)."""
    naam = Path(rapport.bestand.name)
    map_ = Path(settings.MEDIA_ROOT) / naam.parent
    return sorted(
        p.name for p in map_.iterdir() if p.name == naam.name or p.name.startswith(f"{naam.stem}_")
    )


def test_a_worker_killed_mid_report_leaves_it_to_the_next_worker(workers):
    rapport = JaarschijfrapportFactory(gemeente=GemeenteFactory(naam="Gemeente K"), jaar=2024)
    eerste = workers.start("solo")

    maak_jaarschijfrapport.apply_async((rapport.pk,), queue=workers.queue)
    assert workers.wacht_op_render() == eerste.pid  # the solo pool renders in the worker itself
    os.kill(eerste.pid, signal.SIGKILL)
    assert eerste.wait(timeout=10) == -signal.SIGKILL
    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Status.BEZIG, 1)

    workers.start("solo")
    wacht_op(rapport, Status.KLAAR, Status.MISLUKT, log=workers.log)

    assert rapport.status == Status.KLAAR, rapport.fout
    assert (rapport.pogingen, rapport.fout) == (2, "")
    assert bevat_pdf(rapport)
    assert bestanden_van(rapport) == [Path(rapport.bestand.name).name]


def test_a_pool_process_killed_mid_report_is_replaced_and_the_report_made(workers):
    rapport = JaarschijfrapportFactory(gemeente=GemeenteFactory(naam="Gemeente P"), jaar=2024)
    hoofd = workers.start("prefork")

    maak_jaarschijfrapport.apply_async((rapport.pk,), queue=workers.queue)
    kind = workers.wacht_op_render()
    assert kind != hoofd.pid
    os.kill(kind, signal.SIGKILL)
    wacht_op(rapport, Status.KLAAR, Status.MISLUKT, log=workers.log)

    assert hoofd.poll() is None  # the worker itself lived on
    assert rapport.status == Status.KLAAR, rapport.fout
    assert (rapport.pogingen, rapport.fout) == (2, "")
    assert bevat_pdf(rapport)
    assert bestanden_van(rapport) == [Path(rapport.bestand.name).name]
