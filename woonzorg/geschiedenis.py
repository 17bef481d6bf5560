"""The history of an object as its editors read it: the field changes django-auditlog records
(who, when, which field, from what to what) merged with the messages of woonzorg.audit (signing,
status changes), newest first.

Phase apps say which objects make up a page's history; this module knows nothing of them. Rows
that belong to an object (the metingen of an indicator, the signatures of an overeenkomst) are
found through the `additional_data` their model stores with each entry (`get_additional_data`),
so the history of a meting deleted since is still found.
"""

import ast
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from auditlog.models import LogEntry as Wijziging
from django.contrib.admin.models import LogEntry as AuditBericht
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import audit

LEEG = "—"


@dataclass
class Veldwijziging:
    veld: str
    oud: str
    nieuw: str


@dataclass
class Regel:
    """One line of the history: a field change (`wijzigingen`) or an audit message (`bericht`)."""

    wanneer: datetime
    wie: object  # a User, or None when nobody was logged in (a Celery task, a command)
    wat: str  # the object, as it was named then
    actie: str
    bericht: str = ""
    wijziging: Wijziging | None = field(default=None, repr=False)

    @cached_property
    def wijzigingen(self) -> list[Veldwijziging]:
        """The changed fields, in words. Worked out only for the rows a page shows: naming a
        related object costs a query per field."""
        if self.wijziging is None:
            return []
        model = self.wijziging.content_type.model_class()
        return [
            _veld(self.wijziging, model, naam, waarden)
            for naam, waarden in (self.wijziging.changes or {}).items()
            if getoond(model, naam)
        ]


ACTIES = {
    Wijziging.Action.CREATE: lambda: _("aangemaakt"),
    Wijziging.Action.UPDATE: lambda: _("gewijzigd"),
    Wijziging.Action.DELETE: lambda: _("verwijderd"),
}

BERICHT_ACTIES = {
    audit.ADDITION: ACTIES[Wijziging.Action.CREATE],
    audit.CHANGE: ACTIES[Wijziging.Action.UPDATE],
    audit.DELETION: ACTIES[Wijziging.Action.DELETE],
}


def regels(objecten, onderdelen=()) -> list[Regel]:
    """The history of `objecten` and of the rows in `onderdelen`, newest first.

    `onderdelen` are (model, {key: value}) pairs: the auditlog entries of `model` whose
    additional_data has that key and value, e.g. (Meting, {"indicator": indicator.pk}).
    """
    filters = Q(pk__in=[])
    for obj in objecten:
        filters |= Q(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_pk=str(obj.pk),
        )
    for model, data in onderdelen:
        filters |= Q(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            **{f"additional_data__{key}": value for key, value in data.items()},
        )
    wijzigingen = Wijziging.objects.filter(filters).select_related("actor", "content_type")
    lijst = [_regel(w) for w in wijzigingen]
    for obj in objecten:
        lijst.extend(_bericht(b) for b in audit.entries_for(obj))
    return sorted(lijst, key=lambda r: r.wanneer, reverse=True)


def _bericht(entry: AuditBericht) -> Regel:
    return Regel(
        wanneer=entry.action_time,
        wie=entry.user,
        wat=entry.object_repr,
        actie=str(BERICHT_ACTIES.get(entry.action_flag, ACTIES[Wijziging.Action.UPDATE])()),
        bericht=entry.get_change_message(),
    )


def _regel(entry: Wijziging) -> Regel:
    actie = ACTIES.get(entry.action)
    return Regel(
        wanneer=entry.timestamp,
        wie=entry.actor,
        wat=entry.object_repr,
        actie=str(actie()) if actie else "",
        wijziging=entry,
    )


def _model_veld(model, naam: str):
    """The field `naam` of `model`, or None (a model or field removed since)."""
    try:
        return model._meta.get_field(naam) if model else None
    except FieldDoesNotExist:
        return None


def getoond(model, naam: str) -> bool:
    """Fields a reader recognises: not the id, and not the reverse relations auditlog lists
    when an object is made ("Afspraken: prestatieafspraken.Afspraak.None")."""
    veld = _model_veld(model, naam)
    return veld is None or (veld.concrete and not veld.primary_key)


def _veld(entry, model, naam: str, waarden) -> Veldwijziging:
    veld = _model_veld(model, naam)
    label = str(getattr(veld, "verbose_name", naam))
    if isinstance(waarden, dict):  # a many-to-many change: {"operation", "objects"}
        namen = ", ".join(str(o) for o in waarden.get("objects", []))
        if waarden.get("operation") == "add":
            return Veldwijziging(label, LEEG, _("toegevoegd: %(namen)s") % {"namen": namen})
        return Veldwijziging(label, _("verwijderd: %(namen)s") % {"namen": namen}, LEEG)
    oud, nieuw = waarden
    return Veldwijziging(label, _waarde(entry, veld, oud), _waarde(entry, veld, nieuw))


def _waarde(entry, veld, waarde) -> str:
    """A stored value as a reader knows it: the label of a choice, the name of a related
    object, ja/nee, a dash for nothing."""
    if waarde is None or waarde == "None" or waarde == "":
        return LEEG
    if veld is None:
        return str(waarde)
    if getattr(veld, "choices", None):
        keuzes = {str(k): v for k, v in veld.flatchoices}
        return str(keuzes.get(str(waarde), waarde))
    if veld.get_internal_type() == "BooleanField":
        try:
            return _("ja") if ast.literal_eval(str(waarde)) else _("nee")
        except (ValueError, SyntaxError):
            return str(waarde)
    if veld.is_relation and veld.many_to_one:
        return entry._get_changes_display_for_fk_field(veld, str(waarde))
    if veld.get_internal_type() == "DateTimeField":
        # auditlog stores str(datetime) in UTC; the reader wants local time, in words.
        try:
            moment = datetime.fromisoformat(str(waarde))
        except ValueError:
            return str(waarde)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        return date_format(timezone.localtime(moment), "j F Y H:i")
    return str(waarde)
