import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from .models import User
from .taken import stuur_herinnering

logger = logging.getLogger(__name__)


@shared_task
def ping() -> str:
    """Answers "pong": proves a worker consumes from the broker (health check and CI)."""
    return "pong"


@shared_task
def stuur_herinneringen() -> int:
    """The daily reminders (Celery beat, every morning): how many were sent.

    Idempotent: a user gets at most one a day, so a second run sends only what the first could
    not. One user's failure (a refused address, the mail server) is logged and the others still
    get theirs.
    """
    vandaag = timezone.localdate()
    ontvangers = (
        User.objects.filter(is_active=True, herinneringen=True, organisatie__isnull=False)
        .exclude(email="")
        .exclude(laatste_herinnering=vandaag)
        .order_by("pk")
    )
    verstuurd = 0
    # Read first, then send: each send writes to the user table the query reads from.
    for user in list(ontvangers):
        try:
            verstuurd += stuur_herinnering(user, vandaag)
        except SoftTimeLimitExceeded:
            raise  # out of time: whom this run did not reach gets theirs on the next
        except Exception:
            logger.exception("Herinnering aan gebruiker %s niet verstuurd", user.pk)
    return verstuurd
