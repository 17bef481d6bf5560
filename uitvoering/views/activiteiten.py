"""Work in progress: placeholders until the pages are built."""

from django.http import Http404
from django.views import View


class ActiviteitCreateView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class ActiviteitDeleteView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class ActiviteitDetailView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class ActiviteitListView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class ActiviteitUpdateView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class BegrotingspostenView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class VoortgangView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404
