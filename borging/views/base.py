"""What every borging page shares: the object of the URL through the permission layer.

Everything comes through `for_user()` and the gemeente in the URL: another gemeente's indicator
is a 404, and so is an indicator a partner has nothing to do with. Changing asks
woonzorg.permissions; metingen come from whoever `can_report` allows (the eigenaar's people and
gemeente staff).
"""

from woonzorg import permissions
from woonzorg.mixins import ObjectMixin
from woonzorg.models import Rol

from ..models import Evaluatie, Indicator


class IndicatorMixin(ObjectMixin):
    model = Indicator
    select_related = (
        "gemeente",
        "eigenaar",
        "gebied",
        "afspraak__overeenkomst__gemeente",
        "activiteit__programma__gemeente",
    )

    @property
    def indicator(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicator=self.indicator, **kwargs)


class EvaluatieMixin(ObjectMixin):
    model = Evaluatie
    select_related = ("gemeente",)


def kan_meten_in(user, gemeente) -> bool:
    """May enter metingen for some indicator here: gemeente staff, or a partner whose
    organisatie owns one (the rest is decided per indicator)."""
    if permissions.is_editor(user, gemeente):
        return True
    return (
        permissions.rol_in(user, gemeente) == Rol.Soort.PARTNER
        and bool(user.organisatie_id)
        and Indicator.objects.filter(gemeente=gemeente, eigenaar=user.organisatie_id).exists()
    )
