import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import F
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
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)  # invited, never logged in
        .exclude(laatste_herinnering=vandaag)
        # Who waited longest first: those a run out of time did not reach come first tomorrow.
        .order_by(F("laatste_herinnering").asc(nulls_first=True), "pk")
    )
    verstuurd = 0
    # Read first, then send: each send writes to the user table the query reads from.
    for user in list(ontvangers):
        try:
            verstuurd += stuur_herinnering(user, vandaag)
        except SoftTimeLimitExceeded:
            raise  # out of time: whom this run did not reach is first on the next
        except Exception:
            logger.exception("Herinnering aan gebruiker %s niet verstuurd", user.pk)
    return verstuurd
