"""Work in progress: placeholders until the pages are built."""

from django.http import Http404
from django.views import View


class BegrotingView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class PlanningView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class ProgrammaDetailView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404
