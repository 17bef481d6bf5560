"""Metingen for many indicatoren at once: upload a CSV or Excel file (all or nothing, every
error with its row and column), and the template to fill in."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, View

from woonzorg import permissions
from woonzorg.mixins import GemeenteMixin
from woonzorg.spreadsheets import veilig

from .. import importeren
from ..forms import MetingenUploadForm
from ..models import Indicator
from .base import kan_meten_in


class MetingenMixin(GemeenteMixin):
    def check_permission(self):
        permissions.require(kan_meten_in(self.request.user, self.gemeente))

    def eigen_indicatoren(self):
        """The indicatoren this user may enter metingen for."""
        indicatoren = Indicator.objects.for_user(self.request.user).in_gemeente(self.gemeente)
        user = self.request.user
        if not permissions.is_editor(user, self.gemeente):
            indicatoren = indicatoren.filter(eigenaar=user.organisatie_id)
        return indicatoren.select_related("eigenaar").order_by("naam", "pk")


class MetingenUploadView(MetingenMixin, FormView):
    form_class = MetingenUploadForm
    template_name = "borging/metingen_upload.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            indicatoren=list(self.eigen_indicatoren()), kolommen=importeren.KOLOMMEN, **kwargs
        )

    def form_valid(self, form):
        bestand = form.cleaned_data["bestand"]
        uitkomst = importeren.importeer_metingen(
            bestand, bestand.name, gemeente=self.gemeente, user=self.request.user
        )
        if not uitkomst.geldig:
            return self.render_to_response(self.get_context_data(form=form, uitkomst=uitkomst))
        messages.success(
            self.request,
            ngettext(
                "%(n)s meting ingelezen",
                "%(n)s metingen ingelezen",
                uitkomst.nieuw + uitkomst.gecorrigeerd,
            )
            % {"n": uitkomst.nieuw + uitkomst.gecorrigeerd}
            + _(": %(nieuw)s nieuw, %(gecorrigeerd)s gecorrigeerd.")
            % {"nieuw": uitkomst.nieuw, "gecorrigeerd": uitkomst.gecorrigeerd},
        )
        return redirect("borging:index", gemeente=self.gemeente.cbs_code)


class MetingenSjabloonView(MetingenMixin, View):
    """A CSV with the header and one row per indicator the user may measure, for last year."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="metingen-{self.gemeente.cbs_code}.csv"'
        )
        response.write("\ufeff")  # Excel reads UTF-8 only with a byte order mark
        schrijver = csv.writer(response, delimiter=";")
        jaar = timezone.localdate().year - 1
        for rij in importeren.sjabloon_rijen(self.eigen_indicatoren(), jaar):
            schrijver.writerow([veilig(cel) for cel in rij])
        return response
