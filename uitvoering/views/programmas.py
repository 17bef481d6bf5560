"""Phase 4 pages for the uitvoeringsprogramma itself: the phase page listing the gemeente's
programma's, and creating, changing and deleting one.

The programme's overview, planning and begroting are in overzicht.py.
"""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, TemplateView, UpdateView

from woonzorg import permissions
from woonzorg.mixins import GemeenteEditorMixin, GemeenteMixin

from .. import services
from ..forms import ProgrammaForm
from ..models import Activiteit, Uitvoeringsprogramma
from .base import ProgrammaMixin


class ProgrammaIndexView(GemeenteMixin, TemplateView):
    """The gemeente's programma's, newest period first, with how many activiteiten the user
    sees in each and how many of those are late. Two queries, however many there are."""

    template_name = "uitvoering/programma_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        programmas = list(
            Uitvoeringsprogramma.objects.for_user(user)
            .in_gemeente(self.gemeente)
            .select_related("gemeente", "programmaleider")
        )
        tellingen = {
            rij["programma"]: rij
            for rij in Activiteit.objects.for_user(user)
            .in_gemeente(self.gemeente)
            .order_by()
            .values("programma")
            .annotate(
                aantal=Count("pk"),
                te_laat=Count("pk", filter=services.te_laat_q(timezone.localdate())),
            )
        }
        for programma in programmas:
            telling = tellingen.get(programma.pk, {})
            programma.aantal_activiteiten = telling.get("aantal", 0)
            programma.aantal_te_laat = telling.get("te_laat", 0)
        context.update(
            fase=apps.get_app_config("uitvoering").fase,
            programmas=programmas,
            mag_aanmaken=permissions.is_editor(user, self.gemeente),
        )
        return context


class ProgrammaCreateView(GemeenteEditorMixin, CreateView):
    model = Uitvoeringsprogramma
    form_class = ProgrammaForm
    template_name = "uitvoering/programma_form.html"

    def get_initial(self):
        jaar = timezone.localdate().year
        return {"periode_start": jaar, "periode_eind": jaar + 3}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _(
                "Het uitvoeringsprogramma is aangemaakt. Voeg de activiteiten toe die de afspraken "
                "uitvoeren."
            ),
        )
        return response


class ProgrammaUpdateView(ProgrammaMixin, UpdateView):
    form_class = ProgrammaForm
    template_name = "uitvoering/programma_form.html"
    bewerken = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Het uitvoeringsprogramma is opgeslagen."))
        return response


class ProgrammaDeleteView(ProgrammaMixin, DeleteView):
    """Only an empty programma: its activiteiten carry the voortgang and begroting, which
    should not disappear with one click. The page names them; a POST is refused."""

    template_name = "uitvoering/programma_confirm_delete.html"
    bewerken = True

    def activiteiten(self):
        if not hasattr(self, "_activiteiten"):
            self._activiteiten = list(
                Activiteit.objects.filter(programma=self.programma).select_related(
                    "programma__gemeente"
                )
            )
        return self._activiteiten

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # What keeps it, in the confirmation component's words (its `beschermd`).
        context["beschermd"] = [(a, _("activiteit")) for a in self.activiteiten()]
        return context

    def form_valid(self, form):
        programma = self.object
        if self.activiteiten():
            raise PermissionDenied(
                _(
                    "Dit uitvoeringsprogramma heeft nog activiteiten. Verwijder die eerst; "
                    "daarna kunt u het programma verwijderen."
                )
            )
        programma.delete()
        messages.success(
            self.request,
            _("Het uitvoeringsprogramma “%(titel)s” is verwijderd.") % {"titel": programma.titel},
        )
        return redirect("uitvoering:index", gemeente=self.gemeente.cbs_code)
