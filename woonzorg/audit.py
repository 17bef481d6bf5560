"""The audit log of what matters (signing, status changes), for now in Django's admin history.

Every entry names the user, the object and what happened, and shows in the admin on the object's
"Geschiedenis" page. Field changes (who changed which field from what to what) are recorded
separately by django-auditlog for the models each app registers in its AppConfig.ready();
woonzorg.geschiedenis merges both into an object's history page.
"""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry

__all__ = ["ADDITION", "CHANGE", "DELETION", "log", "entries_for"]


def log(user, obj, bericht: str, *, actie: int = CHANGE) -> LogEntry:
    """Record that `user` did `bericht` (a Dutch sentence) to `obj`."""
    return LogEntry.objects.log_actions(
        user.pk, [obj], actie, change_message=str(bericht), single_object=True
    )


def entries_for(obj):
    """The audit entries of one object, newest first."""
    from django.contrib.contenttypes.models import ContentType

    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )
