"""Work in progress: placeholders until the pages are built."""

from django.http import Http404
from django.views import View


class JaarschijfCreateView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class JaarschijfDeleteView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class JaarschijfDetailView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class JaarschijfUpdateView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404
