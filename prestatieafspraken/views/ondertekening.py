"""Work in progress: placeholders until the pages are built."""

from django.http import Http404
from django.views import View


class OndertekenenView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


class OvereenkomstPdfView(View):
    def dispatch(self, *args, **kwargs):
        raise Http404
