"""The history of an indicator's metingen (a correction keeps the old value here), for the
editors of the gemeente (woonzorg.permissions.can_see_history)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from woonzorg.mixins import GeschiedenisPagina

from ..models import Meting
from .base import IndicatorMixin


class IndicatorGeschiedenisView(GeschiedenisPagina, IndicatorMixin, TemplateView):
    def geschiedenis_onderdelen(self):
        return [(Meting, {"indicator": self.indicator.pk})]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            onderdelen_uitleg=_("en aan haar metingen, ook verwijderde"), **kwargs
        )
