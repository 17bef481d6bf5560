"""Phase 5 pages for one indicator: creating and changing it, its streefwaarden, its page with
stoplicht, chart, metingen and the analysis' figures of its gebied, and entering a meting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    FormView,
    TemplateView,
    UpdateView,
)

from analyses.models import Huishoudens
from analyses.services import KERN_KLASSEN, kerncijfers
from prestatieafspraken.models import Afspraak
from uitvoering.models import Activiteit
from woonzorg import audit, permissions
from woonzorg.mixins import FormSetPagina, GemeenteEditorMixin

from .. import services
from ..forms import VOORBEELDEN, IndicatorForm, MetingForm, StreefwaardeFormSet
from ..models import Indicator, Meting
from .base import IndicatorMixin


class IndicatorCreateView(GemeenteEditorMixin, CreateView):
    """A new indicator; ?afspraak=<pk> or ?activiteit=<pk> starts it under that one (their
    pages link here)."""

    model = Indicator
    form_class = IndicatorForm
    template_name = "borging/indicator_form.html"

    def get_initial(self):
        initial = {}
        for naam in ("afspraak", "activiteit"):
            pk = self.request.GET.get(naam, "")
            if pk.isascii() and pk.isdigit():
                initial[naam] = int(pk)
        # The unit and the eigenaar start as those of what it measures: the activiteit's trekker
        # measures its own work.
        activiteit = (
            Activiteit.objects.filter(
                pk=initial.get("activiteit"), programma__gemeente=self.gemeente
            )
            .select_related("afspraak")
            .first()
        )
        afspraak = Afspraak.objects.filter(
            pk=initial.get("afspraak"), overeenkomst__gemeente=self.gemeente
        ).first() or (activiteit.afspraak if activiteit else None)
        if afspraak:
            initial.update(eenheid=afspraak.eenheid, eigenaar=afspraak.trekker_id)
        if activiteit and activiteit.trekker_id:
            initial["eigenaar"] = activiteit.trekker_id
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def get_context_data(self, **kwargs):
        return super().get_context_data(voorbeelden=VOORBEELDEN, **kwargs)

    def form_valid(self, form):
        self.object = form.save()
        audit.log(self.request.user, self.object, _("Indicator aangemaakt."), actie=audit.ADDITION)
        messages.success(
            self.request,
            _("De indicator “%(naam)s” is aangemaakt. Leg nu de streefwaarden vast.")
            % {"naam": self.object.naam},
        )
        return redirect("borging:streefwaarden", gemeente=self.gemeente.cbs_code, pk=self.object.pk)


class IndicatorUpdateView(IndicatorMixin, UpdateView):
    form_class = IndicatorForm
    template_name = "borging/indicator_form.html"
    bewerken = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def get_context_data(self, **kwargs):
        return super().get_context_data(voorbeelden=VOORBEELDEN, **kwargs)

    def form_valid(self, form):
        self.object = form.save()
        if form.changed_data:
            audit.log(
                self.request.user,
                self.object,
                _("Indicator gewijzigd: %(velden)s.") % {"velden": ", ".join(form.changed_data)},
            )
        messages.success(self.request, _("De indicator is opgeslagen."))
        return redirect(self.object)


class IndicatorDeleteView(IndicatorMixin, DeleteView):
    template_name = "borging/indicator_confirm_delete.html"
    bewerken = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(aantal_metingen=self.object.metingen.count(), **kwargs)

    def form_valid(self, form):
        indicator = self.object
        indicator.delete()
        messages.success(
            self.request, _("De indicator “%(naam)s” is verwijderd.") % {"naam": indicator.naam}
        )
        return redirect("borging:index", gemeente=self.gemeente.cbs_code)


class IndicatorDetailView(IndicatorMixin, DetailView):
    """Everything of one indicator: what it measures for which afspraak, its stoplicht and
    chart, the streefwaarden, the metingen (newest first, per gebied too), and beside it the
    analysis' figures of its gebied: the age development and the households."""

    template_name = "borging/indicator_detail.html"
    context_object_name = "indicator"

    def get_object(self, queryset=None):
        # With its streefwaarden and metingen, which the stoplicht, chart and tables read.
        if not hasattr(self, "_object"):
            indicatoren = Indicator.objects.for_user(self.request.user).in_gemeente(self.gemeente)
            self._object = get_object_or_404(
                services.met_metingen(indicatoren), pk=self.kwargs["pk"]
            )
        return self._object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator, user = self.object, self.request.user
        verwacht = services.traject(
            services.nulmeting_van(indicator), services.streefwaarden_van(indicator)
        )
        metingen = sorted(
            indicator.alle_metingen,
            key=lambda m: (-m.jaar, -(m.kwartaal or 5), m.gebied.naam if m.gebied else ""),
        )
        ontbreekt = services.meting_ontbreekt(indicator, timezone.localdate())
        context.update(
            licht=services.stoplicht_van(indicator),
            grafiek=services.grafiek(indicator),
            streefwaarden=[(s, verwacht.get(s.jaar)) for s in indicator.alle_streefwaarden],
            metingen=metingen,
            ontbreekt=services.periode_tekst(ontbreekt) if ontbreekt else "",
            mag_bewerken=permissions.can_edit(user, indicator),
            mag_geschiedenis=permissions.can_see_history(user, indicator),
            mag_meten=permissions.can_report(user, indicator),
            afspraak_zichtbaar=indicator.afspraak_id
            and Afspraak.objects.for_user(user).filter(pk=indicator.afspraak_id).exists(),
            activiteit_zichtbaar=indicator.activiteit_id
            and Activiteit.objects.for_user(user).filter(pk=indicator.activiteit_id).exists(),
            geschiedenis=list(audit.entries_for(indicator)[:10])
            if permissions.is_editor(user, indicator.gemeente)
            else [],
            **context_van_gebied(indicator),
        )
        return context


def context_van_gebied(indicator) -> dict:
    """The analysis' figures of the indicator's gebied: 65+, 75+, 85+ and households per year
    ("contextinformatie op wijk-/buurtniveau over de leeftijdsontwikkeling en de omvang van
    huishoudens"). Nothing without a gebied."""
    if not indicator.gebied_id:
        return {}
    gebied = indicator.gebied
    huishoudens = {h.jaar: h for h in Huishoudens.objects.filter(gebied=gebied).order_by("jaar")}
    kern = kerncijfers(indicator.gemeente, range(2000, 2101), gebieden=[gebied])
    waarden = kern[0].waarden if kern else {}
    jaren = sorted({jaar for _klasse, jaar in waarden} | set(huishoudens))
    rijen = [
        (jaar, [waarden.get((klasse, jaar)) for klasse in KERN_KLASSEN], huishoudens.get(jaar))
        for jaar in jaren
    ]
    return {
        "context_gebied": gebied,
        "context_klassen": [klasse.label for klasse in KERN_KLASSEN],
        "context_rijen": rijen,
    }


class StreefwaardenView(FormSetPagina, IndicatorMixin, TemplateView):
    """The indicator's streefwaarden as one form: change, add, remove."""

    template_name = "borging/streefwaarde_formset.html"
    bewerken = True
    formset_class = StreefwaardeFormSet

    def formset_kwargs(self):
        return {"instance": self.indicator}

    def formset_valid(self, formset):
        with transaction.atomic():
            formset.save()
            if formset.has_changed():
                audit.log(self.request.user, self.indicator, _("Streefwaarden gewijzigd."))
        messages.success(self.request, _("De streefwaarden zijn opgeslagen."))
        return redirect(self.indicator)


class MetingView(IndicatorMixin, FormView):
    """A meting by the eigenaar's people or gemeente staff (permissions.can_report); the same
    period again corrects the value."""

    form_class = MetingForm
    template_name = "borging/meting_form.html"

    def check_permission(self):
        indicator = self.get_object()  # 404 for who may not see it
        if not permissions.can_report(self.request.user, indicator):
            raise PermissionDenied(
                _("Alleen de eigenaar van deze indicator en de gemeente voeren metingen in.")
            )

    def get_initial(self):
        return {"jaar": timezone.localdate().year - 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator": self.indicator}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["laatste"] = (
            Meting.objects.filter(indicator=self.indicator)
            .select_related("ingevoerd_door", "gebied")
            .order_by("-ingevoerd_op")
            .first()
        )
        return context

    def form_valid(self, form):
        try:
            _meting, nieuw = services.voer_meting_in(
                self.indicator, door=self.request.user, **form.cleaned_data
            )
        except ValidationError as fout:
            form.add_error(None, fout)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("De meting is ingevoerd. Dank u wel.")
            if nieuw
            else _(
                "De meting voor deze periode is gecorrigeerd; de oude waarde staat in de "
                "geschiedenis."
            ),
        )
        return redirect(self.indicator)
