"""The history of an activiteit and its begroting, for the editors of the gemeente
(woonzorg.permissions.can_see_history)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from woonzorg.mixins import GeschiedenisPagina

from ..models import Begrotingspost
from .base import ActiviteitMixin


class ActiviteitGeschiedenisView(GeschiedenisPagina, ActiviteitMixin, TemplateView):
    def geschiedenis_onderdelen(self):
        return [(Begrotingspost, {"activiteit": self.activiteit.pk})]

    def get_context_data(self, **kwargs):
        return super().get_context_data(onderdelen_uitleg=_("en aan haar begroting"), **kwargs)
