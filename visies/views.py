"""Phase 2 pages: the woonzorgvisie as a document, its ambities and doelstellingen, and the
afwegingskader with its initiatieven.

Everything comes through `for_user()` and the gemeente in the URL, so another gemeente's visie is
a 404; changing asks woonzorg.permissions (`require_edit`), which also refuses the content of a
vastgestelde visie and tells the advisor to make a new version.
"""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    FormView,
    TemplateView,
    UpdateView,
)

from analyses.models import Bevinding
from woonzorg import permissions
from woonzorg.mixins import (
    BeschermdVerwijderenMixin,
    GemeenteEditorMixin,
    GemeenteMixin,
    ObjectMixin,
    Succesmelding,
)
from woonzorg.querysets import prefetch_for_user

from . import services
from .forms import (
    AmbitieForm,
    BeoordelingForm,
    CriteriumFormSet,
    DoelstellingForm,
    InitiatiefForm,
    ThemaFormSet,
    VaststellenForm,
    WoonzorgvisieForm,
)
from .models import (
    EDIT_ROLES,
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)

# --- Mixins ---------------------------------------------------------------------------------------


class VisieMixin(ObjectMixin):
    model = Woonzorgvisie
    select_related = ("gemeente", "analyse")

    @property
    def visie(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(visie=self.visie, **kwargs)


class AmbitieMixin(ObjectMixin):
    model = Ambitie
    select_related = ("visie__gemeente", "thema")

    @property
    def ambitie(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(ambitie=self.ambitie, visie=self.ambitie.visie, **kwargs)


class DoelstellingMixin(ObjectMixin):
    model = Doelstelling
    select_related = ("ambitie__visie__gemeente", "woonvorm", "gebied")

    @property
    def ambitie(self):
        return self.get_object().ambitie

    def get_context_data(self, **kwargs):
        return super().get_context_data(ambitie=self.ambitie, visie=self.ambitie.visie, **kwargs)


class InitiatiefMixin(ObjectMixin):
    model = Initiatief
    select_related = ("visie__gemeente", "organisatie", "gebied", "woonvorm")

    @property
    def initiatief(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            initiatief=self.initiatief, visie=self.initiatief.visie, **kwargs
        )


def ambities_met_details(user, **filters):
    """Ambities with everything the document shows, in a fixed number of queries."""
    prefetches = [
        "doelgroepen",
        "woonvormen",
        "gebieden",
        Prefetch("bevindingen", queryset=Bevinding.objects.select_related("analyse__gemeente")),
        Prefetch(
            "doelstellingen", queryset=Doelstelling.objects.select_related("woonvorm", "gebied")
        ),
    ]
    # The afspraken that make an ambitie concrete, once the prestatieafspraken phase has them.
    afspraken = prefetch_for_user(Ambitie, "afspraken", user, to_attr="zichtbare_afspraken")
    if afspraken:
        prefetches.append(afspraken)
    ambities = list(
        Ambitie.objects.for_user(user)
        .filter(**filters)
        .select_related("thema", "visie__gemeente")
        .prefetch_related(*prefetches)
    )
    for ambitie in ambities:
        ambitie.concreetheid = services.concreetheid(ambitie.doelstellingen.all())
        if not afspraken:
            ambitie.zichtbare_afspraken = None  # no such phase yet: the page shows nothing
    return ambities


# --- The visies of a gemeente ---------------------------------------------------------------------


class VisieIndexView(GemeenteMixin, TemplateView):
    template_name = "visies/woonzorgvisie_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["fase"] = apps.get_app_config("visies").fase
        context["visies"] = (
            Woonzorgvisie.objects.for_user(user)
            .filter(gemeente=self.gemeente)
            .select_related("gemeente", "volgende_versie")
            .annotate(
                aantal_ambities=Count("ambities", distinct=True),
                aantal_initiatieven=Count("initiatieven", distinct=True),
            )
        )
        context["mag_aanmaken"] = permissions.is_editor(user, self.gemeente, EDIT_ROLES)
        return context


class VisieCreateView(Succesmelding, GemeenteEditorMixin, CreateView):
    model = Woonzorgvisie
    form_class = WoonzorgvisieForm
    template_name = "visies/woonzorgvisie_form.html"
    edit_roles = EDIT_ROLES
    succes = gettext_lazy("De woonzorgvisie is aangemaakt, met drie thema’s om mee te beginnen.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        services.voeg_standaardthemas_toe(self.object)
        return response


class VisieDetailView(VisieMixin, DetailView):
    """The visie as a readable document: themes → ambities → doelstellingen with onderbouwing."""

    template_name = "visies/woonzorgvisie_detail.html"
    context_object_name = "visie"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visie, user = self.object, self.request.user
        ambities = ambities_met_details(user, visie=visie)
        themas = list(Thema.objects.for_user(user).filter(visie=visie))
        for thema in themas:
            thema.ambities_lijst = [a for a in ambities if a.thema_id == thema.pk]
        context["themas"] = themas
        context["ambities"] = ambities
        context["nog_niet_concreet"] = [a for a in ambities if not a.concreetheid.concreet]
        context["partners"] = list(visie.partners.order_by("naam"))
        context["criteria"] = list(Afwegingscriterium.objects.for_user(user).filter(visie=visie))
        context["mag_bewerken"] = permissions.can_edit(user, visie)
        context["mag_nieuwe_versie"] = (
            visie.is_vastgesteld
            and permissions.is_editor(user, self.gemeente, EDIT_ROLES)
            and not hasattr(visie, "volgende_versie")
        )
        context["volgende_versie"] = getattr(visie, "volgende_versie", None)
        context["vorige_versie"] = visie.vorige_versie
        context["inhoudsopgave"] = [("inleiding", _("Inleiding"))] + [
            (f"thema-{thema.pk}", thema.naam) for thema in themas
        ]
        context["inhoudsopgave"].append(("afwegingskader", _("Afwegingskader")))
        return context


class VisieAfdrukkenView(VisieDetailView):
    template_name = "visies/woonzorgvisie_print.html"


class VisieUpdateView(Succesmelding, VisieMixin, UpdateView):
    form_class = WoonzorgvisieForm
    template_name = "visies/woonzorgvisie_form.html"
    bewerken = True
    succes = gettext_lazy("De woonzorgvisie is opgeslagen.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}


class VisieDeleteView(BeschermdVerwijderenMixin, VisieMixin, DeleteView):
    template_name = "visies/woonzorgvisie_confirm_delete.html"
    bewerken = True

    def get_success_url(self):
        return reverse("visies:index", kwargs={"gemeente": self.gemeente.cbs_code})

    def form_valid(self, form):
        messages.success(
            self.request,
            _("Het concept “%(titel)s” is verwijderd.") % {"titel": self.object.titel},
        )
        return super().form_valid(form)


class VaststellenView(VisieMixin, FormView):
    """Record the council's decision; the visie is read-only from then on."""

    form_class = VaststellenForm
    template_name = "visies/woonzorgvisie_vaststellen.html"
    bewerken = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ambities = ambities_met_details(self.request.user, visie=self.visie)
        context["aantal_ambities"] = len(ambities)
        context["nog_niet_concreet"] = [a for a in ambities if not a.concreetheid.concreet]
        return context

    def form_valid(self, form):
        try:
            services.vaststellen(self.visie, **form.cleaned_data)
        except ValidationError as fout:
            form.add_error(None, fout)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("De woonzorgvisie is vastgesteld en kan niet meer worden gewijzigd."),
        )
        return redirect(self.visie)


class NieuweVersieView(VisieMixin, TemplateView):
    """A concept copy of a vastgestelde visie, to change what the council fixed."""

    template_name = "visies/woonzorgvisie_nieuwe_versie.html"

    def check_permission(self):
        self.visie  # noqa: B018 - 404 first for a visie the user cannot see
        permissions.require(permissions.is_editor(self.request.user, self.gemeente, EDIT_ROLES))

    def get(self, request, *args, **kwargs):
        if not self.visie.is_vastgesteld:
            messages.info(
                request, _("Een concept wijzigt u rechtstreeks; een nieuwe versie is niet nodig.")
            )
            return redirect(self.visie)
        if hasattr(self.visie, "volgende_versie"):
            return redirect(self.visie.volgende_versie)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.visie.is_vastgesteld:
            return redirect(self.visie)
        kopie = services.nieuwe_versie(self.visie)
        messages.success(
            request,
            _("Versie %(versie)s is aangemaakt als concept. Wijzig wat nodig is en stel haar vast.")
            % {"versie": kopie.versie},
        )
        return redirect(kopie)


class ThemasView(VisieMixin, TemplateView):
    template_name = "visies/thema_formset.html"
    bewerken = True

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return ThemaFormSet(data, instance=self.visie, queryset=self.visie.themas.all())

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        formset.save()
        messages.success(request, _("De thema’s zijn opgeslagen."))
        return redirect(self.visie)


# --- Ambities and doelstellingen ------------------------------------------------------------------


class AmbitieCreateView(Succesmelding, VisieMixin, CreateView):
    form_class = AmbitieForm
    template_name = "visies/ambitie_form.html"
    bewerken = True
    succes = gettext_lazy("De ambitie is toegevoegd. Maak haar concreet met een doelstelling.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "visie": self.visie}

    def get_initial(self):
        # The ketencheck links here with the finding the new ambitie should answer.
        bevinding = self.request.GET.get("bevinding", "")
        return {
            "thema": self.request.GET.get("thema"),
            "bevindingen": [int(bevinding)] if bevinding.isascii() and bevinding.isdigit() else [],
        }

    def get_success_url(self):
        return self.object.get_absolute_url()


class AmbitieDetailView(AmbitieMixin, DetailView):
    """One ambitie: the findings that ground it, its doelstellingen, and the afspraken after it."""

    template_name = "visies/ambitie_detail.html"
    context_object_name = "ambitie"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            gevonden = ambities_met_details(
                self.request.user, visie__gemeente=self.gemeente, pk=self.kwargs["pk"]
            )
            if not gevonden:
                raise Http404
            self._object = gevonden[0]
        return self._object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mag_bewerken"] = permissions.can_edit(self.request.user, self.object)
        context["afspraken"] = getattr(self.object, "zichtbare_afspraken", None)
        # What later phases show here (borging: the chain), without importing them (ADR 0006).
        context["secties"] = services.ambitie_secties(self.object, self.request.user)
        return context


class AmbitieUpdateView(Succesmelding, AmbitieMixin, UpdateView):
    form_class = AmbitieForm
    template_name = "visies/ambitie_form.html"
    bewerken = True
    succes = gettext_lazy("De ambitie is opgeslagen.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "visie": self.object.visie}

    def get_success_url(self):
        return self.object.get_absolute_url()


class AmbitieDeleteView(BeschermdVerwijderenMixin, AmbitieMixin, DeleteView):
    template_name = "visies/ambitie_confirm_delete.html"
    bewerken = True

    def get_success_url(self):
        return f"{self.object.visie.get_absolute_url()}#thema-{self.object.thema_id}"

    def form_valid(self, form):
        messages.success(
            self.request,
            _("De ambitie “%(titel)s” is verwijderd.") % {"titel": self.object.titel},
        )
        return super().form_valid(form)


class DoelstellingFormMixin:
    form_class = DoelstellingForm
    template_name = "visies/doelstelling_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ambitie": self.ambitie}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["concreetheid_url"] = reverse(
            "visies:concreetheid",
            kwargs={"gemeente": self.gemeente.cbs_code, "pk": self.ambitie.pk},
        )
        context["check"] = services.check_doelstelling(context["form"].instance)
        return context

    def get_success_url(self):
        return self.object.get_absolute_url()


class DoelstellingCreateView(Succesmelding, DoelstellingFormMixin, AmbitieMixin, CreateView):
    bewerken = True
    succes = gettext_lazy("De doelstelling is toegevoegd.")


class DoelstellingUpdateView(Succesmelding, DoelstellingFormMixin, DoelstellingMixin, UpdateView):
    bewerken = True
    succes = gettext_lazy("De doelstelling is opgeslagen.")


class DoelstellingDeleteView(DoelstellingMixin, DeleteView):
    template_name = "visies/doelstelling_confirm_delete.html"
    bewerken = True

    def get_success_url(self):
        return f"{self.ambitie.get_absolute_url()}#doelstellingen"

    def form_valid(self, form):
        messages.success(self.request, _("De doelstelling is verwijderd."))
        return super().form_valid(form)


class ConcreetheidView(AmbitieMixin, TemplateView):
    """The concreteness check of a doelstelling being written (htmx posts the form as it changes).

    Nothing is saved; the fragment says what the doelstelling still lacks.
    """

    http_method_names = ["post"]
    template_name = "visies/_concreetheid.html"
    bewerken = True

    def post(self, request, *args, **kwargs):
        # Every field the check reads is on the form, so an unsaved instance suffices.
        form = DoelstellingForm(request.POST, ambitie=self.ambitie)
        form.is_valid()  # fills form.instance with every field that is valid
        return self.render_to_response(
            self.get_context_data(check=services.check_doelstelling(form.instance))
        )


# --- Afwegingskader -------------------------------------------------------------------------------


class AfwegingskaderView(VisieMixin, TemplateView):
    """The criteria and how the initiatieven score against them, best first."""

    template_name = "visies/afwegingskader.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        criteria = list(Afwegingscriterium.objects.for_user(user).filter(visie=self.visie))
        initiatieven = (
            Initiatief.objects.for_user(user)
            .filter(visie=self.visie)
            .select_related("visie__gemeente", "organisatie", "gebied", "woonvorm")
            .prefetch_related("beoordelingen")
        )
        context["criteria"] = criteria
        context["totaal_weging"] = sum(c.weging for c in criteria)
        context["uitslagen"] = services.rangschik(initiatieven, criteria)
        context["mag_criteria_bewerken"] = permissions.can_edit(user, self.visie)
        context["mag_beoordelen"] = permissions.is_editor(user, self.gemeente, EDIT_ROLES)
        return context


class CriteriaView(ThemasView):
    template_name = "visies/criterium_formset.html"

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return CriteriumFormSet(data, instance=self.visie, queryset=self.visie.criteria.all())

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        formset.save()
        messages.success(request, _("Het afwegingskader is opgeslagen."))
        return redirect("visies:afwegingskader", gemeente=self.gemeente.cbs_code, pk=self.visie.pk)


class InitiatiefCreateView(Succesmelding, VisieMixin, CreateView):
    """Initiatieven keep arriving after the visie is vastgesteld: only the role is checked."""

    form_class = InitiatiefForm
    template_name = "visies/initiatief_form.html"
    succes = gettext_lazy(
        "Het initiatief is vastgelegd. Beoordeel het op de criteria van de visie."
    )

    def check_permission(self):
        self.visie  # noqa: B018 - 404 first for a visie the user cannot see
        permissions.require(permissions.is_editor(self.request.user, self.gemeente, EDIT_ROLES))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "visie": self.visie}

    def get_success_url(self):
        return self.object.get_absolute_url()


class InitiatiefDetailView(InitiatiefMixin, DetailView):
    template_name = "visies/initiatief_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criteria = list(self.object.visie.criteria.all())
        beoordelingen = list(Beoordeling.objects.filter(initiatief=self.object))
        per_criterium = {b.criterium_id: b for b in beoordelingen}
        context["rijen"] = [(c, per_criterium.get(c.pk)) for c in criteria]
        context["uitslag"] = services.uitslag(self.object, criteria, beoordelingen)
        context["mag_bewerken"] = permissions.can_edit(self.request.user, self.object)
        return context


class InitiatiefUpdateView(Succesmelding, InitiatiefMixin, UpdateView):
    form_class = InitiatiefForm
    template_name = "visies/initiatief_form.html"
    bewerken = True
    succes = gettext_lazy("Het initiatief is opgeslagen.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "visie": self.object.visie}

    def get_success_url(self):
        return self.object.get_absolute_url()


class InitiatiefDeleteView(InitiatiefMixin, DeleteView):
    template_name = "visies/initiatief_confirm_delete.html"
    bewerken = True

    def get_success_url(self):
        return reverse(
            "visies:afwegingskader",
            kwargs={"gemeente": self.gemeente.cbs_code, "pk": self.object.visie_id},
        )

    def form_valid(self, form):
        messages.success(
            self.request,
            _("Het initiatief “%(titel)s” is verwijderd.") % {"titel": self.object.titel},
        )
        return super().form_valid(form)


class BeoordelenView(InitiatiefMixin, FormView):
    """Score an initiatief on every criterion at once, each score with its motivering."""

    form_class = BeoordelingForm
    template_name = "visies/beoordeling_form.html"
    bewerken = True

    def get_form_kwargs(self):
        initiatief = self.initiatief
        return {
            **super().get_form_kwargs(),
            "initiatief": initiatief,
            "criteria": initiatief.visie.criteria.all(),
        }

    def form_valid(self, form):
        services.beoordeel(self.initiatief, form.scores())
        messages.success(self.request, _("De beoordeling is opgeslagen."))
        return redirect(self.initiatief)
