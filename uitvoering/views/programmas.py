"""Work in progress: placeholders until the pages are built."""

from django.http import Http404
from django.views import View


class ProgrammaCreateView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class ProgrammaDeleteView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class ProgrammaIndexView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class ProgrammaUpdateView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404
