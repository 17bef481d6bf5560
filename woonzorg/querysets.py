"""The querysets behind the permission layer: visibility decided in SQL.

Every model a user can open has a queryset with `for_user(user)`. Most models only need to say
where their gemeente is (`gemeente_path`) and, if partners may see some of them, through which
organisations (`partner_paths`); the rules themselves live in woonzorg.permissions.
"""

from django.db import models
from django.db.models import Q


class ScopedQuerySet(models.QuerySet):
    """Objects that belong to a gemeente.

    - gemeente staff (beleidsadviseur, programmaleider) and lezers see all of their gemeenten;
    - a partner sees the objects of its gemeenten that its organisatie is party to or owns,
      reached through one of `partner_paths` (lookups that end at an Organisatie);
    - a superuser (beheerder) sees everything.
    """

    gemeente_path = "gemeente"
    partner_paths: tuple[str, ...] = ()

    def for_user(self, user):
        from . import permissions

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
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
