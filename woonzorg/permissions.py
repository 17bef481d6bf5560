"""The one permission layer. Every view asks here; no view decides access on its own.

Two questions, two mechanisms:
- "which objects may this user see?" is answered in SQL by each model's `for_user(user)`
  (woonzorg.querysets.ScopedQuerySet), using the gemeente sets defined below;
- "may this user do X with this object?" is answered by the named permissions below:
  can_edit, can_sign, can_report, can_manage_users, can_see_history.

Phase apps plug their objects in through small hooks on the model instead of adding rules here:
- `obj.gemeente`: the gemeente the object belongs to (required);
- `obj.edit_roles`: the roles that may change it, when fewer than EDITORS (optional);
- `obj.alleen_lezen`: True once it is frozen (a vastgestelde visie): nobody changes it (optional);
- `obj.alleen_lezen_reden`: what an editor is told when it is frozen (optional);
- `obj.ondertekenaar_ids()`: ids of organisaties that may sign it now (for can_sign);
- `obj.rapporteur_ids()`: ids of organisaties that report on it, e.g. its trekker (can_report).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Gemeente, Rol, User

EDITORS = frozenset({Rol.Soort.BELEIDSADVISEUR, Rol.Soort.PROGRAMMALEIDER})
FULL_VIEW = EDITORS | {Rol.Soort.LEZER}


def _rollen(user) -> dict[int, str]:
    """The user's role per gemeente id, read once per request (cached on the user object)."""
    if not hasattr(user, "_woonzorg_rollen"):
        user._woonzorg_rollen = dict(Rol.objects.filter(user=user).values_list("gemeente", "soort"))
    return user._woonzorg_rollen


def gemeenten_van(user) -> list[Gemeente]:
    """The gemeenten the user may open (a beheerder: all), by name, read once per request
    (cached on the user object): the gemeente of a page and the gemeente switcher both come
    from it."""
    if not hasattr(user, "_woonzorg_gemeenten"):
        user._woonzorg_gemeenten = list(
            Gemeente.objects.for_user(user).select_related("regio").order_by("naam")
        )
    return user._woonzorg_gemeenten


def rol_in(user, gemeente) -> str | None:
    if not getattr(user, "is_authenticated", False) or gemeente is None:
        return None
    return _rollen(user).get(gemeente.pk)


# Gemeente sets as subqueries, so for_user() stays one SQL statement.
def gemeenten_for(user):
    return Rol.objects.filter(user=user).values("gemeente")


def gemeenten_with_full_view(user):
    return Rol.objects.filter(user=user, soort__in=FULL_VIEW).values("gemeente")


def gemeenten_as_partner(user):
    return Rol.objects.filter(user=user, soort=Rol.Soort.PARTNER).values("gemeente")


def is_editor(user, gemeente, roles=EDITORS) -> bool:
    return bool(getattr(user, "is_superuser", False)) or rol_in(user, gemeente) in roles


def has_full_view(user, gemeente) -> bool:
    """Gemeente staff, lezers and the beheerder: who reads what covers every partner's work,
    such as the jaarschijfrapport."""
    return bool(getattr(user, "is_superuser", False)) or rol_in(user, gemeente) in FULL_VIEW


def can_edit(user, obj) -> bool:
    """Gemeente staff edit their gemeente's objects; partners and lezers do not.

    What is frozen (`alleen_lezen`) nobody edits, not even a beheerder: a decision of the
    council is changed by a new version, not by overwriting it.
    """
    if getattr(obj, "alleen_lezen", False):
        return False
    return is_editor(user, obj.gemeente, getattr(obj, "edit_roles", EDITORS))


def can_see_history(user, obj) -> bool:
    """Who changed what, when (the audit trail) is staff information: the editors of the
    object's gemeente and the beheerder; not lezers, never partners. Frozen objects included."""
    return is_editor(user, obj.gemeente)


def can_manage_users(user, gemeente) -> bool:
    """Inviting partner contacts and colleagues is a task of gemeente staff."""
    return is_editor(user, gemeente)


def can_sign(user, obj) -> bool:
    """A user signs on behalf of an organisatie that is asked to sign, in a gemeente of theirs."""
    return signs_for(user, obj.gemeente) and user.organisatie_id in set(obj.ondertekenaar_ids())


def signs_for(user, gemeente) -> bool:
    """Whether the user may sign on behalf of their organisatie in the gemeente at all; can_sign
    adds whether the organisatie is asked to (callers that know it already ask only this)."""
    if not getattr(user, "is_authenticated", False) or not user.organisatie_id:
        return False
    return rol_in(user, gemeente) not in (None, Rol.Soort.LEZER)


def ondertekenaars(gemeente_id, organisatie_ids) -> dict[int, list]:
    """The people who may sign for each organisatie in a gemeente, as can_sign allows them: its
    active users with a role there other than lezer. One query: {organisatie id: [User]}."""
    rollen = Rol.objects.filter(gemeente=gemeente_id).exclude(soort=Rol.Soort.LEZER)
    per_organisatie: dict[int, list] = {pk: [] for pk in organisatie_ids}
    mensen = (
        User.objects.filter(organisatie__in=organisatie_ids, is_active=True, rollen__in=rollen)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
    for user in mensen:
        per_organisatie[user.organisatie_id].append(user)
    return per_organisatie


def can_report(user, obj) -> bool:
    """Progress and measurements come from gemeente staff or from the organisatie that owns it."""
    if is_editor(user, obj.gemeente):
        return True
    rol = rol_in(user, obj.gemeente)
    if rol != Rol.Soort.PARTNER or not user.organisatie_id:
        return False
    return user.organisatie_id in set(obj.rapporteur_ids())


def require(allowed: bool) -> None:
    """Raise 403 for an object the user may see but not change."""
    if not allowed:
        raise PermissionDenied


def require_edit(user, obj) -> None:
    """403 unless the user may change obj; an editor who meets a frozen object is told why."""
    if getattr(obj, "alleen_lezen", False) and is_editor(
        user, obj.gemeente, getattr(obj, "edit_roles", EDITORS)
    ):
        raise PermissionDenied(
            getattr(obj, "alleen_lezen_reden", None)
            or _("Dit is vastgesteld en kan niet meer worden gewijzigd. Maak een nieuwe versie.")
        )
    require(can_edit(user, obj))
