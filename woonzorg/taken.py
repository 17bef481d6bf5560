"""What a user's organisatie must do ("Mijn taken"), and the daily reminder about it.

The core does not know the phases' models: each phase names a function on its Fase
(`taken`, f(user, vandaag) -> list[Takenlijst]) and this module composes them, as the dashboard
composes their numbers. The tasks of a user are those of their organisatie, within what the user
may see (for_user); a user without organisatie has none.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from .fasen import fasen
from .models import Gemeente, User

logger = logging.getLogger(__name__)


@dataclass
class Taak:
    """One thing to do, or to keep an eye on, with the page it is about."""

    gemeente: Gemeente
    titel: str
    url: str
    wat: str  # its state, in words
    datum: datetime.date | None = None  # deadline or due date
    dringend: bool = False  # overdue or waiting for this user: goes into the reminder
    actie: str = ""  # "Ondertekenen"
    actie_url: str = ""


@dataclass
class Takenlijst:
    """A phase's tasks of one kind (its agreements, its activiteiten, its indicatoren)."""

    soort: str  # slug, the section's anchor
    titel: str
    leeg: str  # what the page says when there is nothing
    taken: list[Taak] = field(default_factory=list)
    volgorde: int = 0

    @property
    def dringend(self) -> list[Taak]:
        return [taak for taak in self.taken if taak.dringend]


def takenlijsten(user, vandaag: datetime.date) -> list[Takenlijst]:
    if not getattr(user, "is_authenticated", False) or not user.organisatie_id:
        return []
    lijsten = []
    for fase in fasen():
        if fase.taken:
            lijsten.extend(import_string(fase.taken)(user, vandaag))
    return sorted(lijsten, key=lambda lijst: lijst.volgorde)


def aantal_dringend(lijsten: list[Takenlijst]) -> int:
    return sum(len(lijst.dringend) for lijst in lijsten)


# --- The daily reminder ---------------------------------------------------------------------------

UIT_SALT = "woonzorg.herinneringen.uit"
# Long enough that last month's e-mail still works; after that the settings page does it.
UIT_GELDIG = datetime.timedelta(days=90)


def uit_token(user) -> str:
    """A signed user id for the opt-out link, usable without logging in."""
    return signing.dumps(user.pk, salt=UIT_SALT)


def user_van_uit_token(token: str):
    """The user the opt-out token was made for, or None when it is forged or expired."""
    try:
        pk = signing.loads(token, salt=UIT_SALT, max_age=UIT_GELDIG)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return User.objects.filter(pk=pk).first()


def absolute_url(pad: str) -> str:
    return settings.WOONZORG_URL.rstrip("/") + pad


def stuur_herinnering(user, vandaag: datetime.date) -> bool:
    """Send the user's digest of dringende taken; at most one a day, none when nothing waits.

    The user row is locked while sending, so two runs on the same day (a retried beat task, a
    second worker) cannot both send. A failing mail server raises: nothing is recorded, so the
    next run tries again.
    """
    if not user.herinneringen or not user.email or user.laatste_herinnering == vandaag:
        return False
    if not user.has_usable_password():  # invited and never logged in: not a user yet
        return False
    with translation.override(settings.LANGUAGE_CODE):  # a worker has no request to say so
        lijsten = [lijst for lijst in takenlijsten(user, vandaag) if lijst.dringend]
        if not lijsten:
            return False
    with transaction.atomic():
        vergrendeld = User.objects.select_for_update().get(pk=user.pk)
        if not vergrendeld.herinneringen or vergrendeld.laatste_herinnering == vandaag:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            onderwerp, tekst = herinnering_email(vergrendeld, lijsten)
        send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [vergrendeld.email])
        vergrendeld.laatste_herinnering = vandaag
        vergrendeld.save(update_fields=["laatste_herinnering"])
    user.laatste_herinnering = vandaag
    return True


def herinnering_email(user, lijsten: list[Takenlijst]) -> tuple[str, str]:
    """Subject and plain-text body: the dringende taken per list, every link absolute."""
    context = {
        "user": user,
        "lijsten": [
            (lijst, [(taak, absolute_url(taak.url), _actie_url(taak)) for taak in lijst.dringend])
            for lijst in lijsten
        ],
        "aantal": aantal_dringend(lijsten),
        "taken_url": absolute_url(reverse("taken")),
        "instellingen_url": absolute_url(reverse("herinneringen")),
        "uit_url": absolute_url(reverse("herinneringen_uit", kwargs={"token": uit_token(user)})),
    }
    onderwerp = render_to_string("woonzorg/herinnering_onderwerp.txt", context)
    # A header is one line, whatever the template's whitespace.
    onderwerp = " ".join(onderwerp.split())
    return onderwerp, render_to_string("woonzorg/herinnering_email.txt", context)


def _actie_url(taak: Taak) -> str:
    return absolute_url(taak.actie_url) if taak.actie_url else ""
