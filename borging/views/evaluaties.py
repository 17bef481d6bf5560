"""The yearly evaluatie: what goes well, the obstacles met, the bijsturing decided, and the
afspraken it is about. Gemeente staff write it; every partner of the gemeente reads it."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, DetailView, TemplateView, UpdateView

from prestatieafspraken.models import Afspraak
from woonzorg import audit, permissions
from woonzorg.mixins import GemeenteEditorMixin, GemeenteMixin

from ..forms import EvaluatieForm
from ..models import Evaluatie
from .base import EvaluatieMixin


class EvaluatieListView(GemeenteMixin, TemplateView):
    template_name = "borging/evaluatie_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            evaluaties=list(
                Evaluatie.objects.for_user(self.request.user)
                .in_gemeente(self.gemeente)
                .select_related("gemeente")
            ),
            mag_aanmaken=permissions.is_editor(self.request.user, self.gemeente),
            mag_rapporten=permissions.has_full_view(self.request.user, self.gemeente),
        )
        return context


class EvaluatieCreateView(GemeenteEditorMixin, CreateView):
    model = Evaluatie
    form_class = EvaluatieForm
    template_name = "borging/evaluatie_form.html"

    def get_initial(self):
        return {"jaar": timezone.localdate().year - 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def form_valid(self, form):
        self.object = form.save()
        audit.log(self.request.user, self.object, _("Evaluatie vastgelegd."), actie=audit.ADDITION)
        messages.success(self.request, _("De evaluatie is vastgelegd."))
        return redirect(self.object)


class EvaluatieUpdateView(EvaluatieMixin, UpdateView):
    form_class = EvaluatieForm
    template_name = "borging/evaluatie_form.html"
    bewerken = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def form_valid(self, form):
        self.object = form.save()
        audit.log(self.request.user, self.object, _("Evaluatie gewijzigd."))
        messages.success(self.request, _("De evaluatie is opgeslagen."))
        return redirect(self.object)


class EvaluatieDetailView(EvaluatieMixin, DetailView):
    template_name = "borging/evaluatie_detail.html"
    context_object_name = "evaluatie"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        zichtbaar = Afspraak.objects.for_user(user).values_list("pk", flat=True)
        afspraken = list(
            self.object.afspraken.select_related("overeenkomst__gemeente").order_by(
                "overeenkomst_id", "nummer"
            )
        )
        zichtbare = set(zichtbaar.filter(pk__in=[a.pk for a in afspraken]))
        context.update(
            afspraken=[(a, a.pk in zichtbare) for a in afspraken],
            mag_bewerken=permissions.can_edit(user, self.object),
        )
        return context


class EvaluatieDeleteView(EvaluatieMixin, DeleteView):
    template_name = "borging/evaluatie_confirm_delete.html"
    bewerken = True

    def form_valid(self, form):
        evaluatie = self.object
        evaluatie.delete()
        messages.success(self.request, _("%(evaluatie)s is verwijderd.") % {"evaluatie": evaluatie})
        return redirect("borging:evaluaties", gemeente=self.gemeente.cbs_code)
