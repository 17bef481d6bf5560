"""The querysets behind the permission layer: visibility decided in SQL.

Every model a user can open has a queryset with `for_user(user)`: anonymous users see nothing,
a superuser (beheerder) sees everything, and everyone else what `visible_to(user)` allows.
Phase apps usually only subclass ScopedQuerySet and say where their gemeente is
(`gemeente_path`) and, if partners may see some rows, through which organisations
(`partner_paths`); the gemeente sets themselves come from woonzorg.permissions.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Prefetch, Q


class PermissionQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.visible_to(user)

    def visible_to(self, user):
        """The rows an authenticated user who is not a superuser may see."""
        raise NotImplementedError


class ScopedQuerySet(PermissionQuerySet):
    """Objects that belong to a gemeente.

    - gemeente staff (beleidsadviseur, programmaleider) and lezers see all of their gemeenten;
    - a partner sees the objects of its gemeenten that its organisatie is party to or owns,
      reached through one of `partner_paths` (lookups that end at an Organisatie), or all of
      them where `shared_with_partners` (the analysis is common ground for every partner).
    """

    gemeente_path = "gemeente"
    partner_paths: tuple[str, ...] = ()
    shared_with_partners = False

    def in_gemeente(self, gemeente):
        return self.filter(**{self.gemeente_path: gemeente})

    def visible_to(self, user):
        from . import permissions

        if self.shared_with_partners:
            return self.filter(**{f"{self.gemeente_path}__in": permissions.gemeenten_for(user)})
        query = Q(**{f"{self.gemeente_path}__in": permissions.gemeenten_with_full_view(user)})
        if self.partner_paths and user.organisatie_id:
            partner_scope = Q(
                **{f"{self.gemeente_path}__in": permissions.gemeenten_as_partner(user)}
            )
            via_organisatie = Q()
            for path in self.partner_paths:
                via_organisatie |= Q(**{path: user.organisatie_id})
            # A subquery keeps the outer query free of duplicate rows from many-valued paths.
            query |= Q(pk__in=self.model._base_manager.filter(partner_scope & via_organisatie))
        return self.filter(query)


def prefetch_for_user(model, related_name, user, *, to_attr=None) -> Prefetch | None:
    """A Prefetch of a reverse relation, narrowed to what the user may see.

    None while no installed app declares the relation: an earlier phase shows a later phase's
    rows (an ambitie its afspraken) through the reverse relation, never by importing it.
    """
    try:
        related_model = model._meta.get_field(related_name).related_model
    except FieldDoesNotExist:
        return None
    queryset = related_model.objects.for_user(user)
    if isinstance(queryset, ScopedQuerySet):
        # The rows are shown as links, and get_absolute_url names the gemeente.
        queryset = queryset.select_related(queryset.gemeente_path)
    return Prefetch(related_name, queryset=queryset, to_attr=to_attr)
