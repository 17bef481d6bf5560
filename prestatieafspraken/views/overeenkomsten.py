"""Work in progress: placeholders until the pages are built."""

from django.http import Http404
from django.views import View


class BeeindigenView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class OvereenkomstCreateView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class OvereenkomstDeleteView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class OvereenkomstDetailView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class OvereenkomstIndexView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class OvereenkomstUpdateView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class PartijenView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class TerOndertekeningView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class TerugNaarConceptView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404
