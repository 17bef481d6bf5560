"""Phase 3 pages. For now the catalogue of the handreiking: topics (Overzicht 1) and types
(Overzicht 2), the reference an advisor drafts agreements from."""

from django.apps import apps
from django.db.models import Prefetch
from django.http import Http404
from django.views import View
from django.views.generic import TemplateView

from woonzorg.mixins import GemeenteMixin

from ..models import SMART_VRIJGESTELD, TYPE_UITLEG, AfspraakType, Domein, Maatregel, Opgave


class CatalogusView(GemeenteMixin, TemplateView):
    template_name = "prestatieafspraken/catalogus.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opgaven = list(
            Opgave.objects.for_user(self.request.user).prefetch_related(
                Prefetch("maatregelen", queryset=Maatregel.objects.order_by("volgorde", "pk"))
            )
        )
        context["fase"] = apps.get_app_config("prestatieafspraken").fase
        context["domeinen"] = [
            (domein, [opgave for opgave in opgaven if opgave.domein == domein]) for domein in Domein
        ]
        context["typen"] = [
            (soort, *TYPE_UITLEG[soort], soort in SMART_VRIJGESTELD) for soort in AfspraakType
        ]
        return context


class AfspraakCreateView(View):  # placeholder
    def dispatch(self, *args, **kwargs):
        raise Http404


class AfspraakDeleteView(View):  # placeholder
    def dispatch(self, *args, **kwargs):
        raise Http404


class AfspraakDetailView(View):  # placeholder
    def dispatch(self, *args, **kwargs):
        raise Http404


class AfspraakListView(View):  # placeholder
    def dispatch(self, *args, **kwargs):
        raise Http404


class AfspraakUpdateView(View):  # placeholder
    def dispatch(self, *args, **kwargs):
        raise Http404
