"""Background work of borging: the jaarschijfrapport, on request and every January.

The report task is idempotent (a finished report is left alone; a half-made one is made again)
and acknowledged late, so a worker that dies mid-report leaves the message for the next one. A
failure is retried with a growing pause; after the last try the report is mislukt and the page
shows the reason. In the embedded default the task runs in process and is not retried.

Two failures are not retried: running out of time (the soft time limit; another try would take
as long), and a report whose every attempt killed its worker (redelivered MAX_POGINGEN times).
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone
from django.utils.translation import gettext as _

from woonzorg.models import Gemeente

from .models import Jaarschijfrapport

logger = logging.getLogger(__name__)

MAX_POGINGEN = 3
PAUZE = 30  # seconds before the first retry; doubled for each next one


def foutreden(fout: Exception) -> str:
    """What the page tells readers of a failure: its kind, not its text (which may name paths or
    queries); the log has the details."""
    return _(
        "Het PDF-bestand kon niet worden gemaakt (%(soort)s). De details staan in het logboek "
        "van de server."
    ) % {"soort": type(fout).__name__}


def _mislukt(rapport_id: int, reden: str) -> str:
    Jaarschijfrapport.objects.filter(pk=rapport_id).update(
        status=Jaarschijfrapport.Status.MISLUKT, fout=reden
    )
    return Jaarschijfrapport.Status.MISLUKT


# reject_on_worker_lost: when the process running the report dies (out of memory, killed), the
# message goes back to the queue instead of being acknowledged as failed; pogingen bounds that.
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_POGINGEN - 1)
def maak_jaarschijfrapport(self, rapport_id: int) -> str:
    from .rapport import maak_pdf

    rapport = Jaarschijfrapport.objects.select_related("gemeente").filter(pk=rapport_id).first()
    if rapport is None:
        return "verdwenen"
    if rapport.status == Jaarschijfrapport.Status.KLAAR:
        return rapport.status
    if rapport.status == Jaarschijfrapport.Status.BEZIG and rapport.pogingen >= MAX_POGINGEN:
        logger.error("Jaarschijfrapport %s: %s pogingen afgebroken", rapport_id, rapport.pogingen)
        return _mislukt(
            rapport_id,
            _(
                "Het maken van het rapport is %(n)s keer afgebroken; het wordt niet opnieuw "
                "geprobeerd. Neem contact op met de beheerder."
            )
            % {"n": rapport.pogingen},
        )
    try:
        maak_pdf(rapport)
    except SoftTimeLimitExceeded:
        logger.error("Jaarschijfrapport %s: tijdslimiet overschreden", rapport_id)
        # The limit the message carries (the sender's settings or apply_async), else the task's.
        _hard, zacht = self.request.timelimit or (None, None)
        limiet = zacht or self.soft_time_limit or self.app.conf.task_soft_time_limit
        return _mislukt(
            rapport_id,
            _(
                "Het rapport kon niet binnen de tijdslimiet van %(limiet)s seconden worden "
                "gemaakt. Neem contact op met de beheerder."
            )
            % {"limiet": limiet},
        )
    except Exception as fout:
        poging = self.request.retries + 1
        logger.exception("Jaarschijfrapport %s: poging %s mislukt", rapport_id, poging)
        reden = type(fout).__name__
        if self.request.is_eager or self.request.retries >= self.max_retries:
            return _mislukt(rapport_id, foutreden(fout))
        pauze = PAUZE * 2**self.request.retries
        Jaarschijfrapport.objects.filter(pk=rapport_id).update(
            status=Jaarschijfrapport.Status.WACHTRIJ,
            fout=_(
                "Poging %(n)s mislukt (%(reden)s); over %(pauze)s seconden wordt het opnieuw "
                "geprobeerd."
            )
            % {"n": poging, "reden": reden, "pauze": pauze},
        )
        # Retry publishes a new message to the same queue and then acknowledges this one.
        raise self.retry(exc=fout, countdown=pauze) from fout
    return Jaarschijfrapport.Status.KLAAR


@shared_task
def jaarschijfrapporten_vorig_jaar(jaar: int | None = None) -> int:
    """Every January (Celery beat): last year's report for every gemeente. Run twice, it starts
    no second report for a gemeente whose scheduled one is there already."""
    from .services import start_rapport

    jaar = jaar or timezone.localdate().year - 1
    # A scheduled report that failed (the broker was down) does not count: the next run retries.
    al_gepland = Jaarschijfrapport.objects.filter(jaar=jaar, aangevraagd_door__isnull=True).exclude(
        status=Jaarschijfrapport.Status.MISLUKT
    )
    gestart = 0
    for gemeente in Gemeente.objects.exclude(jaarschijfrapporten__in=al_gepland).order_by("pk"):
        start_rapport(Jaarschijfrapport.objects.create(gemeente=gemeente, jaar=jaar))
        gestart += 1
    return gestart
