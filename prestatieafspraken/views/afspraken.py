"""Phase 3 pages for the afspraken: one afspraak (its form, its page), the list of all afspraken
of the gemeente, and the catalogue of the handreiking (topics of Overzicht 1, types of
Overzicht 2) that an advisor drafts afspraken from.

An afspraak is part of the signed text of its overeenkomst: every change calls
services.registreer_wijziging in the same transaction (see overeenkomsten.py).
"""

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, DetailView, TemplateView, UpdateView

from woonzorg import permissions
from woonzorg.mixins import BeschermdVerwijderenMixin, GemeenteMixin

from .. import services
from ..filters import AfspraakFilter
from ..forms import AfspraakForm
from ..models import (
    SMART_VRIJGESTELD,
    TYPE_UITLEG,
    Afspraak,
    AfspraakType,
    Domein,
    Jaardoel,
    Maatregel,
    Opgave,
    Overeenkomst,
)
from .base import AfspraakMixin, OvereenkomstMixin, afspraken_met_details
from .overeenkomsten import meld_nieuwe_versies, registreer_wijzigingen

# --- The catalogue --------------------------------------------------------------------------------


class CatalogusView(GemeenteMixin, TemplateView):
    """The catalogue; opened from an overeenkomst (?overeenkomst=<pk>) an editor may change,
    each maatregel starts an afspraak in it."""

    template_name = "prestatieafspraken/catalogus.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        opgaven = list(
            Opgave.objects.for_user(user).prefetch_related(
                Prefetch("maatregelen", queryset=Maatregel.objects.order_by("volgorde", "pk"))
            )
        )
        context["fase"] = apps.get_app_config("prestatieafspraken").fase
        context["domeinen"] = [
            (domein, [opgave for opgave in opgaven if opgave.domein == domein]) for domein in Domein
        ]
        context["typen"] = [
            (soort, *TYPE_UITLEG[soort], soort in SMART_VRIJGESTELD) for soort in AfspraakType
        ]
        context["doel"] = self.doel_overeenkomst()
        context["mag_aanmaken"] = permissions.is_editor(user, self.gemeente)
        return context

    def doel_overeenkomst(self):
        """The overeenkomst named in the address, when the user may add afspraken to it."""
        pk = self.request.GET.get("overeenkomst", "")
        if not (pk.isascii() and pk.isdigit()):
            return None
        overeenkomst = (
            Overeenkomst.objects.for_user(self.request.user)
            .in_gemeente(self.gemeente)
            .select_related("gemeente")
            .filter(pk=pk)
            .first()
        )
        if overeenkomst and permissions.can_edit(self.request.user, overeenkomst):
            return overeenkomst
        return None


# --- One afspraak ---------------------------------------------------------------------------------


class AfspraakCreateView(OvereenkomstMixin, CreateView):
    """A new afspraak in an overeenkomst; ?maatregel=<pk> starts from the catalogue."""

    form_class = AfspraakForm
    template_name = "prestatieafspraken/afspraak_form.html"
    bewerken = True

    @property
    def maatregel(self):
        if not hasattr(self, "_maatregel"):
            pk = self.request.GET.get("maatregel", "")
            self._maatregel = (
                Maatregel.objects.for_user(self.request.user)
                .select_related("opgave")
                .filter(pk=pk)
                .first()
                if pk.isascii() and pk.isdigit()
                else None
            )
        return self._maatregel

    def get_initial(self):
        initial = {"domein": Domein.WONEN}
        if self.maatregel:
            initial.update(services.uit_maatregel(self.maatregel))
            del initial["maatregel"]  # not a field: the instance carries it
        # The ketencheck links here with the ambitie the afspraak should make concrete.
        ambitie = self.request.GET.get("ambitie", "")
        if ambitie.isascii() and ambitie.isdigit():
            initial["ambitie"] = int(ambitie)
        initial["nummer"] = services.volgend_nummer(self.overeenkomst, initial["domein"])
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Afspraak(overeenkomst=self.overeenkomst, maatregel=self.maatregel)
        kwargs["overeenkomst"] = self.overeenkomst
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(maatregel=self.maatregel, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()  # the M2M links too, before the hash is taken
            nieuw = registreer_wijzigingen(self.request, [self.object.overeenkomst])
        messages.success(
            self.request, _("Afspraak %(nummer)s is toegevoegd.") % {"nummer": self.object.nummer}
        )
        meld_nieuwe_versies(self.request, nieuw)
        return redirect(self.object)


class AfspraakUpdateView(AfspraakMixin, UpdateView):
    form_class = AfspraakForm
    template_name = "prestatieafspraken/afspraak_form.html"
    bewerken = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "overeenkomst": self.object.overeenkomst}

    def get_object(self, queryset=None):
        afspraak = super().get_object(queryset)
        if not hasattr(self, "smart"):
            # As saved, before validating a POST changes the instance.
            self.smart = services.smart_check(afspraak)
        return afspraak

    def get_context_data(self, **kwargs):
        return super().get_context_data(smart=self.smart, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            andere = services.verwijzende_overeenkomsten(Afspraak.objects.filter(pk=self.object.pk))
            nieuw = registreer_wijzigingen(self.request, [self.object.overeenkomst, *andere])
        messages.success(
            self.request, _("Afspraak %(nummer)s is opgeslagen.") % {"nummer": self.object.nummer}
        )
        meld_nieuwe_versies(self.request, nieuw)
        return redirect(self.object)


class AfspraakDeleteView(BeschermdVerwijderenMixin, AfspraakMixin, DeleteView):
    """An afspraak that activiteiten carry out stays until they are moved or removed."""

    template_name = "prestatieafspraken/afspraak_confirm_delete.html"
    bewerken = True

    def form_valid(self, form):
        afspraak = self.object
        overeenkomst = afspraak.overeenkomst
        with transaction.atomic():
            andere = services.verwijzende_overeenkomsten(Afspraak.objects.filter(pk=afspraak.pk))
            afspraak.delete()
            nieuw = registreer_wijzigingen(self.request, [overeenkomst, *andere])
        messages.success(
            self.request,
            _("Afspraak %(nummer)s “%(titel)s” is verwijderd.")
            % {"nummer": afspraak.nummer, "titel": afspraak.titel},
        )
        meld_nieuwe_versies(self.request, nieuw)
        return redirect(f"{overeenkomst.get_absolute_url()}#afspraken")


class AfspraakDetailView(AfspraakMixin, DetailView):
    """Everything of one afspraak: its SMART-check, the ambitie it makes concrete, the afspraken
    it refers to and that refer to it, and its jaardoelen per year."""

    template_name = "prestatieafspraken/afspraak_detail.html"
    context_object_name = "afspraak"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            gevonden = afspraken_met_details(
                self.request.user, overeenkomst__gemeente=self.gemeente, pk=self.kwargs["pk"]
            )
            if not gevonden:
                raise Http404
            self._object = gevonden[0]
        return self._object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        afspraak, user = self.object, self.request.user
        verwijzingen = list(afspraak.verwijzingen.all())
        # The signed text names every afspraak referred to; a partner may open only those of
        # agreements it is party to, the others it sees as the text names them.
        zichtbaar = set(
            Afspraak.objects.for_user(user)
            .filter(pk__in=[v.pk for v in verwijzingen])
            .values_list("pk", flat=True)
        )
        context.update(
            verwijst_naar=[(v, v.pk in zichtbaar) for v in verwijzingen],
            genoemd_in=list(
                Afspraak.objects.for_user(user)
                .filter(verwijzingen=afspraak)
                .select_related("overeenkomst__gemeente")
            ),
            jaardoelen=list(
                Jaardoel.objects.for_user(user)
                .filter(afspraak=afspraak)
                .select_related("jaarschijf__overeenkomst__gemeente")
                .order_by("jaarschijf__jaar")
            ),
            mag_bewerken=permissions.can_edit(user, afspraak),
            mag_geschiedenis=permissions.can_see_history(user, afspraak),
            # What later phases show of this afspraak (the uitvoering: activiteiten, dekking).
            secties=services.afspraak_secties(afspraak, user),
        )
        return context


# --- All afspraken of the gemeente ----------------------------------------------------------------


class AfspraakListView(GemeenteMixin, TemplateView):
    """The afspraken of every overeenkomst the user may see, filtered, 50 a page.

    The filtered ids are sorted in Python (2.10 after 2.9), one page of them is read with its
    details: a fixed number of queries, however many afspraken there are.
    """

    template_name = "prestatieafspraken/afspraak_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        basis = services.met_indicator(Afspraak.objects.for_user(user).in_gemeente(self.gemeente))
        data = self.request.GET.copy()
        data.pop("page", None)
        filterset = AfspraakFilter(data or None, queryset=basis, user=user, gemeente=self.gemeente)
        rijen = filterset.qs.values_list(
            "pk", "overeenkomst__periode_start", "overeenkomst__titel", "overeenkomst", "nummer"
        )
        ids = [
            pk
            for pk, *_rest in sorted(
                rijen,
                key=lambda r: (-r[1], r[2], r[3], services.natuurlijk(r[4]), r[0]),
            )
        ]
        page = Paginator(ids, self.paginate_by).get_page(self.request.GET.get("page"))
        per_pk = {a.pk: a for a in afspraken_met_details(user, pk__in=list(page.object_list))}
        context.update(
            filter=filterset,
            gefilterd=bool(data) and any(filterset.form.cleaned_data.values()),
            afspraken=[per_pk[pk] for pk in page.object_list if pk in per_pk],
            page_obj=page,
            aantal=len(ids),
            heeft_afspraken=bool(ids) or basis.exists(),
        )
        return context
