"""The jaarschijfrapporten: start one for a year, follow it without reloading (htmx polls the
status while it is being made), and download the finished PDF. Earlier versions are kept.

The report covers every partner's work, so gemeente staff and lezers read it; partners do not.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView, View

from woonzorg import permissions
from woonzorg.mixins import GemeenteEditorMixin, GemeenteMixin, ObjectMixin

from .. import services
from ..forms import RapportForm
from ..models import Jaarschijfrapport


class RapportLezerMixin:
    def check_permission(self):
        user = self.request.user
        if not (
            user.is_superuser or permissions.rol_in(user, self.gemeente) in permissions.FULL_VIEW
        ):
            raise PermissionDenied(
                _("Het jaarschijfrapport is er voor de gemeente en het bestuur.")
            )
        super().check_permission()


class RapportenView(RapportLezerMixin, GemeenteMixin, TemplateView):
    template_name = "borging/rapporten.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rapporten = list(
            Jaarschijfrapport.objects.for_user(self.request.user)
            .in_gemeente(self.gemeente)
            .select_related("gemeente", "aangevraagd_door")
        )
        per_jaar: dict[int, list] = {}
        for rapport in rapporten:
            per_jaar.setdefault(rapport.jaar, []).append(rapport)
        context.update(
            per_jaar=sorted(per_jaar.items(), reverse=True),
            form=kwargs.get("form") or RapportForm(initial={"jaar": timezone.localdate().year - 1}),
            mag_aanvragen=permissions.is_editor(self.request.user, self.gemeente),
        )
        return context


class RapportAanvragenView(GemeenteEditorMixin, FormView):
    form_class = RapportForm
    http_method_names = ["post"]

    def form_valid(self, form):
        rapport = services.vraag_rapport_aan(
            self.gemeente, form.cleaned_data["jaar"], door=self.request.user
        )
        # Without a worker (make run: tasks in process) the report is made before we answer.
        rapport.refresh_from_db(fields=["status"])
        if rapport.status == Jaarschijfrapport.Status.KLAAR:
            messages.success(
                self.request, _("Het jaarschijfrapport %(jaar)s is klaar.") % {"jaar": rapport.jaar}
            )
        elif rapport.status != Jaarschijfrapport.Status.MISLUKT:  # a failure shows its reason
            messages.success(
                self.request,
                _(
                    "Het jaarschijfrapport %(jaar)s wordt gemaakt; deze pagina toont wanneer het "
                    "klaar is."
                )
                % {"jaar": rapport.jaar},
            )
        return redirect("borging:rapporten", gemeente=self.gemeente.cbs_code)

    def form_invalid(self, form):
        view = RapportenView(request=self.request, kwargs=self.kwargs, args=())
        view.gemeente = self.gemeente
        return view.render_to_response(view.get_context_data(form=form))


class RapportMixin(RapportLezerMixin, ObjectMixin):
    model = Jaarschijfrapport
    select_related = ("gemeente", "aangevraagd_door")


class RapportStatusView(RapportMixin, DetailView):
    """One report's row; htmx asks for it again every few seconds while the report is made."""

    template_name = "borging/_rapport.html"
    context_object_name = "rapport"


class RapportDownloadView(RapportMixin, View):
    def get(self, request, *args, **kwargs):
        rapport = self.get_object()
        if rapport.status != Jaarschijfrapport.Status.KLAAR or not rapport.bestand:
            raise Http404(_("Dit rapport is nog niet klaar."))
        naam = f"jaarschijfrapport-{self.gemeente.cbs_code}-{rapport.jaar}.pdf"
        # An attachment, as the link ("downloaden") and the agreement's PDF promise.
        return FileResponse(
            rapport.bestand.open("rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=naam,
        )
