"""Phase 4 pages for the activiteiten: one activiteit (its form, its page, its begroting and
its voortgang) and the list of all activiteiten the user may see.

A partner opens the activiteiten its organisatie is trekker of or involved in; the trekker's
people report progress (permissions.can_report), through services.meld_voortgang, which keeps
the history.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, F, When
from django.shortcuts import redirect
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

from prestatieafspraken.models import Afspraak
from woonzorg import permissions
from woonzorg.mixins import BeschermdVerwijderenMixin, FormSetPagina, GemeenteMixin

from .. import services
from ..filters import ActiviteitFilter
from ..forms import ActiviteitForm, BegrotingspostFormSet, VoortgangForm
from ..models import Activiteit, Begrotingspost, Voortgang
from .base import ActiviteitMixin, ProgrammaMixin

# --- Creating, changing and deleting --------------------------------------------------------------


class ActiviteitCreateView(ProgrammaMixin, CreateView):
    """A new activiteit in a programma; ?afspraak=<pk> starts it under that afspraak (the
    afspraak's page and the programme's overview link here)."""

    form_class = ActiviteitForm
    template_name = "uitvoering/activiteit_form.html"
    bewerken = True

    def get_initial(self):
        pk = self.request.GET.get("afspraak", "")
        return {"afspraak": int(pk)} if pk.isascii() and pk.isdigit() else {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Activiteit(programma=self.programma)
        kwargs["programma"] = self.programma
        return kwargs

    def form_valid(self, form):
        self.object = form.save()
        messages.success(
            self.request,
            _("De activiteit “%(titel)s” is toegevoegd. Leg de begroting vast.")
            % {"titel": self.object.titel},
        )
        return redirect(self.object)


class ActiviteitUpdateView(ActiviteitMixin, UpdateView):
    form_class = ActiviteitForm
    template_name = "uitvoering/activiteit_form.html"
    bewerken = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programma": self.object.programma}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("De activiteit is opgeslagen."))
        return redirect(self.object)


class ActiviteitDeleteView(BeschermdVerwijderenMixin, ActiviteitMixin, DeleteView):
    template_name = "uitvoering/activiteit_confirm_delete.html"
    bewerken = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            aantal_posten=self.object.begrotingsposten.count(),
            aantal_meldingen=self.object.voortgang.count(),
        )
        return context

    def form_valid(self, form):
        activiteit = self.object
        programma = activiteit.programma
        activiteit.delete()
        messages.success(
            self.request,
            _("De activiteit “%(titel)s” is verwijderd.") % {"titel": activiteit.titel},
        )
        return redirect(programma)


# --- One activiteit -------------------------------------------------------------------------------


class ActiviteitDetailView(ActiviteitMixin, DetailView):
    """Everything of one activiteit: the afspraak it carries out, who and where, the planning
    (late or not), its begroting with totals, and the voortgang history, newest first."""

    template_name = "uitvoering/activiteit_detail.html"
    context_object_name = "activiteit"
    select_related = (*ActiviteitMixin.select_related, "afspraak__woonvorm")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activiteit, user = self.object, self.request.user
        vandaag = timezone.localdate()
        posten = list(
            Begrotingspost.objects.for_user(user)
            .filter(activiteit=activiteit)
            .select_related("financier")
        )
        for post in posten:
            post.activiteit = activiteit  # bereken_begroting reads its afspraak
        context.update(
            vandaag=vandaag,
            te_laat=activiteit.is_te_laat(vandaag),
            betrokkenen=list(activiteit.betrokkenen.order_by("naam")),
            # A partner may carry out an afspraak of an agreement it is not party to.
            afspraak_zichtbaar=Afspraak.objects.for_user(user)
            .filter(pk=activiteit.afspraak_id)
            .exists(),
            posten=posten,
            begroting=services.bereken_begroting(posten) if posten else None,
            meldingen=list(
                Voortgang.objects.for_user(user)
                .filter(activiteit=activiteit)
                .select_related("door__organisatie")
            ),
            mag_bewerken=permissions.can_edit(user, activiteit),
            mag_geschiedenis=permissions.can_see_history(user, activiteit),
            mag_melden=mag_melden(user, activiteit),
            secties=services.activiteit_secties(activiteit, user),
        )
        return context


def mag_melden(user, activiteit) -> bool:
    return not activiteit.alleen_lezen and permissions.can_report(user, activiteit)


class BegrotingspostenView(FormSetPagina, ActiviteitMixin, TemplateView):
    """The activiteit's begrotingsposten as one form: change, add, remove."""

    template_name = "uitvoering/begrotingspost_formset.html"
    bewerken = True
    formset_class = BegrotingspostFormSet

    def formset_kwargs(self):
        return {"instance": self.activiteit, "queryset": self.activiteit.begrotingsposten.all()}

    def formset_valid(self, formset):
        formset.save()
        messages.success(self.request, _("De begroting van de activiteit is opgeslagen."))
        return redirect(f"{self.activiteit.get_absolute_url()}#begroting")


class VoortgangView(ActiviteitMixin, FormView):
    """A progress report by the trekker's people or gemeente staff (permissions.can_report);
    a betrokkene reads the activiteit but does not report on it."""

    form_class = VoortgangForm
    template_name = "uitvoering/voortgang_form.html"

    def check_permission(self):
        activiteit = self.get_object()  # 404 for who may not see it
        if not permissions.can_report(self.request.user, activiteit):
            raise PermissionDenied(
                _("Alleen de trekker van deze activiteit en de gemeente melden de voortgang.")
            )
        if activiteit.alleen_lezen:
            raise PermissionDenied(activiteit.alleen_lezen_reden)

    def get_initial(self):
        return {
            "datum": timezone.localdate(),
            "status": self.activiteit.status,
            "gerealiseerd_aantal": self.activiteit.gerealiseerd_aantal,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activiteit": self.activiteit}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["laatste"] = (
            Voortgang.objects.filter(activiteit=self.activiteit).select_related("door").first()
        )
        return context

    def form_valid(self, form):
        try:
            services.meld_voortgang(self.activiteit, door=self.request.user, **form.cleaned_data)
        except ValidationError as fout:
            form.add_error(None, fout)
            return self.form_invalid(form)
        messages.success(self.request, _("De voortgang is gemeld. Dank u wel."))
        return redirect(self.activiteit)


# --- All activiteiten -----------------------------------------------------------------------------


class ActiviteitListView(GemeenteMixin, TemplateView):
    """The activiteiten the user may see across the gemeente's programma's, filtered, 50 a
    page. A fixed number of queries, however many there are."""

    template_name = "uitvoering/activiteit_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, vandaag = self.request.user, timezone.localdate()
        basis = Activiteit.objects.for_user(user).in_gemeente(self.gemeente)
        data = self.request.GET.copy()
        data.pop("page", None)
        filterset = ActiviteitFilter(
            data or None, queryset=basis, user=user, gemeente=self.gemeente, vandaag=vandaag
        )
        activiteiten = (
            filterset.qs.select_related(
                "programma__gemeente", "afspraak__overeenkomst__gemeente", "trekker"
            )
            .annotate(
                te_laat=Case(
                    When(services.te_laat_q(vandaag), then=True),
                    default=False,
                    output_field=BooleanField(),
                )
            )
            .order_by(
                F("start").asc(nulls_last=True), F("eind").asc(nulls_last=True), "titel", "pk"
            )
        )
        page = Paginator(activiteiten, self.paginate_by).get_page(self.request.GET.get("page"))
        rijen = list(page.object_list)
        zichtbaar = set(
            Afspraak.objects.for_user(user)
            .filter(pk__in={a.afspraak_id for a in rijen})
            .values_list("pk", flat=True)
        )
        for activiteit in rijen:
            activiteit.afspraak_zichtbaar = activiteit.afspraak_id in zichtbaar
        aantal = page.paginator.count
        context.update(
            filter=filterset,
            gefilterd=bool(data) and any(filterset.form.cleaned_data.values()),
            activiteiten=rijen,
            page_obj=page,
            aantal=aantal,
            heeft_activiteiten=bool(aantal) or basis.exists(),
            vandaag=vandaag,
        )
        return context
