"""The application's URLs and the floor page the key pages are compared with."""

from django.urls import path
from django.views.generic import TemplateView

from woonzorg.mixins import GemeenteMixin
from woonzorg.urls import urlpatterns as woonzorg_urlpatterns


class VloerView(GemeenteMixin, TemplateView):
    """What every page of a gemeente costs before it shows anything: session, user, the
    gemeente, the navigation and the base template."""

    template_name = "base.html"


urlpatterns = [
    path("g/<str:gemeente>/vloer/", VloerView.as_view(), name="vloer"),
    *woonzorg_urlpatterns,
]
