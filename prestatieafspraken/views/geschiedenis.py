"""The history of an overeenkomst and of an afspraak: field changes and audit messages, for the
editors of the gemeente (woonzorg.permissions.can_see_history)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from woonzorg.mixins import GeschiedenisPagina

from ..models import Ondertekening
from .base import AfspraakMixin, OvereenkomstMixin


class OvereenkomstGeschiedenisView(GeschiedenisPagina, OvereenkomstMixin, TemplateView):
    """The overeenkomst's own fields and status changes, and the signatures made under it."""

    def geschiedenis_onderdelen(self):
        return [(Ondertekening, {"overeenkomst": self.overeenkomst.pk})]

    def get_context_data(self, **kwargs):
        return super().get_context_data(onderdelen_uitleg=_("en wie wanneer tekende"), **kwargs)


class AfspraakGeschiedenisView(GeschiedenisPagina, AfspraakMixin, TemplateView):
    pass
