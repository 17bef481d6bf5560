"""The chain of one ambitie on one page, and its print version (borging.keten does the work).

The ambitie comes through `for_user()` and the gemeente in the URL: another gemeente's ambitie is
a 404. Every layer below it is fetched for the user too, so a partner sees its own part.
"""

from django.views.generic import TemplateView

from visies.models import Ambitie
from woonzorg.mixins import ObjectMixin

from ..keten import keten_van


class KetenView(ObjectMixin, TemplateView):
    model = Ambitie
    select_related = ("visie__gemeente", "thema")
    template_name = "borging/keten.html"

    def get_context_data(self, **kwargs):
        ambitie = self.get_object()
        return super().get_context_data(
            ambitie=ambitie,
            visie=ambitie.visie,
            keten=keten_van(ambitie, self.request.user),
            **kwargs,
        )


class KetenAfdrukkenView(KetenView):
    template_name = "borging/keten_afdrukken.html"
