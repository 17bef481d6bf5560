"""Phase 1 pages: the woonzorganalyse with its behoefteraming, norms and findings, and the import.

Every object comes through `for_user()` and the gemeente in the URL, so another gemeente's
analyse is a 404; changing anything asks woonzorg.permissions (beleidsadviseurs only: the
models' `edit_roles`).
"""

import time
import uuid
from collections import defaultdict
from pathlib import Path, PurePath

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, TemplateView, UpdateView

from woonzorg import charts, permissions
from woonzorg.mixins import GemeenteEditorMixin, GemeenteMixin

from . import exports, importers, services, sjabloon
from .filters import bereken_behoefteraming
from .forms import (
    TOKEN_PATROON,
    BevindingForm,
    ImportBevestigenForm,
    ImportForm,
    NormFormSet,
    WoonzorganalyseForm,
)
from .models import Behoeftenorm, Bevinding, Bevolkingscijfer, Voorraad, Woonzorganalyse

# --- Mixins ---------------------------------------------------------------------------------------


class AnalyseQuerysetMixin:
    def get_queryset(self):
        return (
            Woonzorganalyse.objects.for_user(self.request.user)
            .filter(gemeente=self.gemeente)
            .select_related("gemeente")
        )


class BewerkenMixin(GemeenteMixin):
    """Changing one object: another gemeente's is a 404, one the user may only read a 403."""

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object

    def check_permission(self):
        permissions.require(permissions.can_edit(self.request.user, self.get_object()))


class AnalyseAanmakenMixin(GemeenteEditorMixin):
    """Creating in this gemeente: the roles that may edit an analyse (beleidsadviseur)."""

    edit_roles = Woonzorganalyse.edit_roles


class AnalyseOnderdeelMixin(GemeenteMixin):
    """Pages below one analyse (`pk` in the URL) that change it."""

    def check_permission(self):
        analyses = Woonzorganalyse.objects.for_user(self.request.user).filter(
            gemeente=self.gemeente
        )
        self.analyse = analyses.filter(pk=self.kwargs["pk"]).select_related("gemeente").first()
        if self.analyse is None:
            raise Http404
        permissions.require(permissions.can_edit(self.request.user, self.analyse))

    def get_context_data(self, **kwargs):
        return super().get_context_data(analyse=self.analyse, **kwargs)


# --- The analyses of a gemeente -------------------------------------------------------------------


class AnalyseIndexView(GemeenteMixin, TemplateView):
    template_name = "analyses/woonzorganalyse_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["fase"] = apps.get_app_config("analyses").fase
        context["analyses"] = (
            Woonzorganalyse.objects.for_user(user)
            .filter(gemeente=self.gemeente)
            .select_related("gemeente")
            .annotate(
                aantal_bevindingen=Count("bevindingen", distinct=True),
                aantal_normen=Count("normen", distinct=True),
            )
            .order_by("-peiljaar", "-aangemaakt")
        )
        context["mag_aanmaken"] = permissions.is_editor(
            user, self.gemeente, roles=Woonzorganalyse.edit_roles
        )
        bevolking = Bevolkingscijfer.objects.for_user(user).filter(gebied__gemeente=self.gemeente)
        jaren = set(bevolking.values_list("jaar", "prognose").distinct().order_by())
        gemeten = sorted({jaar for jaar, prognose in jaren if not prognose})
        context["cijfers"] = {
            "gebieden": bevolking.values("gebied").distinct().count() if jaren else 0,
            "gemeten": gemeten,
            "prognose": sorted({jaar for jaar, prognose in jaren if prognose} - set(gemeten)),
            "voorraad": sorted(
                Voorraad.objects.for_user(user)
                .filter(gebied__gemeente=self.gemeente)
                .values_list("jaar", flat=True)
                .distinct()
                .order_by()
            ),
        }
        return context


class AnalyseCreateView(AnalyseAanmakenMixin, CreateView):
    model = Woonzorganalyse
    form_class = WoonzorganalyseForm
    template_name = "analyses/woonzorganalyse_form.html"

    def get_form_kwargs(self):
        # The gemeente is known before validation, so the model's checks can use it.
        return {**super().get_form_kwargs(), "instance": Woonzorganalyse(gemeente=self.gemeente)}

    def form_valid(self, form):
        messages.success(self.request, _("De woonzorganalyse is aangemaakt."))
        return super().form_valid(form)


class AnalyseUpdateView(AnalyseQuerysetMixin, BewerkenMixin, UpdateView):
    form_class = WoonzorganalyseForm
    template_name = "analyses/woonzorganalyse_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("De woonzorganalyse is opgeslagen."))
        return super().form_valid(form)


class AnalyseDetailView(AnalyseQuerysetMixin, GemeenteMixin, DetailView):
    """One analyse; a fixed number of queries however many gebieden and figures there are."""

    template_name = "analyses/woonzorganalyse_detail.html"
    context_object_name = "analyse"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        analyse, user = self.object, self.request.user
        raming = bereken_behoefteraming(analyse, self.request.GET, user=user, per_buurt=False)
        gebieden = [gebied for gebied, _diepte in raming.boom]
        woonvormen = raming.woonvormen
        context["raming"] = raming
        context["grafieken"] = [
            (
                woonvorm,
                charts.lijngrafiek(
                    titel=_("%(woonvorm)s: vraag en aanbod in %(waar)s")
                    % {
                        "woonvorm": woonvorm.naam,
                        "waar": raming.gekozen_gebied or self.gemeente,
                    },
                    jaren=jaren,
                    reeksen=[(_("Vraag"), vraag), (_("Aanbod"), aanbod)],
                ),
            )
            for woonvorm, jaren, vraag, aanbod in raming.grafiekreeksen()
        ]
        context["kerncijfers"] = self.kerncijfers(analyse, gebieden, raming)
        context["normen"] = list(
            Behoeftenorm.objects.for_user(user).filter(analyse=analyse).select_related("woonvorm")
        )
        context["bevindingen"] = list(
            Bevinding.objects.for_user(user)
            .filter(analyse=analyse)
            .select_related("doelgroep", "gebied", "woonvorm")
        )
        for bevinding in context["bevindingen"]:
            if bevinding.waarde is not None:
                bevinding.waarde_nl = charts.getal_nl(bevinding.waarde)
        if analyse.aandeel_75plus is not None:
            per_code = {w.code: w for w in woonvormen.values()}
            context["aandeel_nl"] = charts.getal_nl(analyse.aandeel_75plus)
            context["fair_share"] = [
                (per_code.get(regel.woonvorm_code, regel.woonvorm_code), regel)
                for regel in services.fair_share(analyse.aandeel_75plus)
            ]
        context["mag_bewerken_analyse"] = permissions.can_edit(user, analyse)
        context["inhoudsopgave"] = [
            ("samenvatting", _("Samenvatting")),
            ("kerncijfers", _("Kerncijfers")),
            ("behoefteraming", _("Behoefteraming")),
            ("normen", _("Normen")),
            ("fair-share", _("Fair share")),
            ("bevindingen", _("Bevindingen")),
        ]
        context["filter_querystring"] = self.request.GET.urlencode()
        return context

    def kerncijfers(self, analyse, gebieden, raming):
        """65+, 75+ and 85+ per gebied in up to three years, and the total of the top level;
        the rows are those of the top level and of the gebied chosen for the raming."""
        jaren_prognose = defaultdict(set)
        for jaar, prognose in (
            # By the gebieden' ids, not through a join on the gemeente: PostgreSQL then reads
            # this gemeente's figures by index instead of scanning every gemeente's.
            Bevolkingscijfer.objects.for_user(self.request.user)
            .filter(gebied__in=gebieden, leeftijdsklasse__in=services.KERN_KLASSEN)
            .values_list("jaar", "prognose")
            .distinct()
            .order_by()
        ):
            jaren_prognose[jaar].add(prognose)
        jaren = services.kies_jaren(analyse.peiljaar, list(jaren_prognose))
        if not jaren:
            return None
        kolommen = [(jaar, klasse) for jaar in jaren for klasse in services.KERN_KLASSEN]
        per_gebied = {
            rij.gebied.pk: rij
            for rij in services.kerncijfers(self.gemeente, jaren, gebieden=gebieden)
        }
        rijen, totaal = [], {}
        # The top of what has figures: a buurt counts when its wijk has none, never twice.
        bovenste = [rij for rij in per_gebied.values() if rij.gebied.parent_id not in per_gebied]
        for jaar, klasse in kolommen:
            waarden = [rij.get(klasse, jaar) for rij in bovenste]
            totaal[jaar, klasse] = None if None in waarden else sum(waarden)
        for gebied, diepte in raming.boom:
            if gebied.pk in per_gebied and raming.toont(gebied, per_gebied):
                rij = per_gebied[gebied.pk]
                rijen.append((gebied, diepte, [rij.get(klasse, jaar) for jaar, klasse in kolommen]))
        return {
            "jaren": [(jaar, False not in jaren_prognose[jaar]) for jaar in jaren],
            "klassen": [klasse.label for klasse in services.KERN_KLASSEN],
            "kolommen": kolommen,
            "rijen": rijen,
            "totaal": [totaal[kolom] for kolom in kolommen],
            # The wijken whose buurten have figures but no row: each gets a link to them.
            "met_buurten": set()
            if raming.gekozen_gebied
            else {g.parent_id for g, _d in raming.boom if g.pk in per_gebied} & set(per_gebied),
        }


# --- Export ---------------------------------------------------------------------------------------


class ExportView(AnalyseQuerysetMixin, GemeenteMixin, DetailView):
    """The behoefteraming with the page's filters, as CSV (Excel NL) or XLSX."""

    FORMATEN = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def get(self, request, *args, formaat, **kwargs):
        if formaat not in self.FORMATEN:
            raise Http404
        analyse = self.get_object()
        raming = bereken_behoefteraming(analyse, request.GET, user=request.user)
        rijen = exports.exportrijen(
            raming.ramingen,
            gebieden=raming.gebieden_map(self.gemeente),
            woonvormen=raming.woonvormen,
        )
        if formaat == "csv":
            inhoud = exports.behoefteraming_csv(rijen)
        else:
            inhoud = exports.behoefteraming_xlsx(rijen, titel=str(analyse))
        response = HttpResponse(inhoud, content_type=self.FORMATEN[formaat])
        naam = f"behoefteraming-{self.gemeente.cbs_code}-{analyse.peiljaar}.{formaat}"
        response["Content-Disposition"] = f'attachment; filename="{naam}"'
        return response


# --- Norms ----------------------------------------------------------------------------------------


class NormenView(AnalyseOnderdeelMixin, TemplateView):
    template_name = "analyses/behoeftenorm_formset.html"

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return NormFormSet(
            data,
            instance=self.analyse,
            queryset=Behoeftenorm.objects.filter(analyse=self.analyse).select_related("woonvorm"),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        formset.save()
        messages.success(request, _("De normen zijn opgeslagen."))
        return redirect(f"{self.analyse.get_absolute_url()}#normen")


# --- Findings -------------------------------------------------------------------------------------


class BevindingFormMixin:
    model = Bevinding
    form_class = BevindingForm
    template_name = "analyses/bevinding_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "analyse": self.analyse}

    def get_success_url(self):
        return self.object.get_absolute_url()


class BevindingCreateView(BevindingFormMixin, AnalyseOnderdeelMixin, CreateView):
    def form_valid(self, form):
        messages.success(self.request, _("De bevinding is toegevoegd."))
        return super().form_valid(form)


class BevindingQuerysetMixin:
    def get_queryset(self):
        return (
            Bevinding.objects.for_user(self.request.user)
            .filter(analyse__gemeente=self.gemeente)
            .select_related("analyse__gemeente")
        )

    @property
    def analyse(self):
        return self.get_object().analyse

    def get_context_data(self, **kwargs):
        return super().get_context_data(analyse=self.analyse, **kwargs)


class BevindingUpdateView(BevindingFormMixin, BevindingQuerysetMixin, BewerkenMixin, UpdateView):
    def form_valid(self, form):
        messages.success(self.request, _("De bevinding is opgeslagen."))
        return super().form_valid(form)


class BevindingDeleteView(BevindingQuerysetMixin, BewerkenMixin, DeleteView):
    """A finding that grounds an ambitie of the visie stays: the ambitie must let go first."""

    template_name = "analyses/bevinding_confirm_delete.html"

    def onderbouwt(self):
        # The visie is a later phase: reached through its reverse relation, never imported.
        ambities = getattr(self.object, "ambities", None)
        if ambities is None:
            return []
        return list(ambities.select_related("visie__gemeente"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(ambities=self.onderbouwt(), **kwargs)

    def get_success_url(self):
        return f"{self.analyse.get_absolute_url()}#bevindingen"

    def form_valid(self, form):
        if self.onderbouwt():
            messages.error(
                self.request,
                _("De bevinding onderbouwt nog een ambitie van de visie en blijft daarom bestaan."),
            )
            return redirect(self.request.path)
        messages.success(
            self.request,
            _("De bevinding “%(titel)s” is verwijderd.") % {"titel": self.object.titel},
        )
        return super().form_valid(form)


# --- Import ---------------------------------------------------------------------------------------

SESSIE_IMPORTS = "analyses_imports"
UPLOAD_BEWAARTIJD = 24 * 60 * 60  # an upload not confirmed within a day is removed


def upload_map() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _ruim_oude_uploads(map_: Path) -> None:
    grens = time.time() - UPLOAD_BEWAARTIJD
    for pad in map_.iterdir():
        if TOKEN_PATROON.match(pad.name) and pad.stat().st_mtime < grens:
            pad.unlink(missing_ok=True)


class ImportMixin(AnalyseAanmakenMixin):
    """Figures belong to the gemeente's gebieden: those who edit analyses import them."""

    template_name = "analyses/import_form.html"

    def herkomst(self, pk) -> Woonzorganalyse | None:
        """The analyse an import was started from, to return to afterwards; None for anything
        that is not one of this gemeente's analyses the user may see.

        Figures belong to the gemeente, not to one analyse, so this is only the way back.
        """
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        analyses = Woonzorganalyse.objects.for_user(self.request.user).in_gemeente(self.gemeente)
        return analyses.filter(pk=pk).first()

    def herkomst_uit_adres(self) -> Woonzorganalyse | None:
        return self.herkomst(self.request.GET.get("analyse"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fase"] = apps.get_app_config("analyses").fase
        if context.get("herkomst") is None:
            context["herkomst"] = self.herkomst_uit_adres()
        return context

    def voorbeeld(
        self, plan, *, jaar, bron, token="", jaar_geraden=False, form=None, herkomst=None
    ):
        bevestigen = None
        if token and plan.geldig:
            bevestigen = ImportBevestigenForm(initial={"token": token, "jaar": jaar, "bron": bron})
        return render(
            self.request,
            "analyses/import_voorbeeld.html",
            self.get_context_data(
                plan=plan,
                jaar=jaar,
                bron=bron,
                jaar_geraden=jaar_geraden,
                bevestigen=bevestigen,
                form=form or ImportForm(initial={"jaar": jaar, "bron": bron}),
                herkomst=herkomst,
            ),
        )


class ImportView(ImportMixin, TemplateView):
    """Upload and preview: nothing is written until the user confirms."""

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        bestand = form.cleaned_data["bestand"]
        jaar, bron = form.cleaned_data["jaar"], form.cleaned_data["bron"]
        bestandsnaam = PurePath(bestand.name).name

        map_ = upload_map()
        map_.mkdir(parents=True, exist_ok=True)
        _ruim_oude_uploads(map_)
        token = f"{uuid.uuid4().hex}{PurePath(bestandsnaam).suffix.lower()}"
        pad = map_ / token
        with pad.open("wb") as uit:
            for stuk in bestand.chunks():
                uit.write(stuk)
        try:
            with pad.open("rb") as invoer:
                plan = importers.lees_cijfers(
                    invoer, bestandsnaam, gemeente=self.gemeente, jaar=jaar, bron=bron
                )
        except BaseException:
            pad.unlink(missing_ok=True)
            raise
        if not plan.geldig:
            pad.unlink(missing_ok=True)
            token = ""
        else:
            # Forget uploads whose file is gone (confirmed elsewhere or cleaned up).
            uploads = {
                andere: upload
                for andere, upload in request.session.get(SESSIE_IMPORTS, {}).items()
                if (map_ / andere).is_file()
            }
            uploads[token] = {
                "user": request.user.pk,
                "gemeente": self.gemeente.cbs_code,
                "bestandsnaam": bestandsnaam,
                "jaar": jaar,
                "bron": bron,
                "analyse": herkomst.pk if (herkomst := self.herkomst_uit_adres()) else None,
            }
            request.session[SESSIE_IMPORTS] = uploads
        return self.voorbeeld(
            plan,
            jaar=jaar,
            bron=bron,
            token=token,
            jaar_geraden=not request.POST.get("jaar") and jaar is not None,
        )


class ImportBevestigenView(ImportMixin, TemplateView):
    """Carry out a previewed import: only the user who uploaded it, in the same session."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ImportBevestigenForm(request.POST)
        if not form.is_valid():
            if "token" in form.errors:
                raise Http404  # never a path from the request; only our own uuid names
            return HttpResponseBadRequest()
        token = form.cleaned_data["token"]
        uploads = request.session.get(SESSIE_IMPORTS, {})
        upload = uploads.get(token)
        if (
            upload is None
            or upload["user"] != request.user.pk
            or upload["gemeente"] != self.gemeente.cbs_code
        ):
            raise Http404
        if (form.cleaned_data["jaar"], form.cleaned_data["bron"]) != (
            upload["jaar"],
            upload["bron"],
        ):
            return HttpResponseBadRequest()  # not what the preview showed

        del uploads[token]
        request.session[SESSIE_IMPORTS] = uploads
        pad = upload_map() / token
        if not pad.is_file():
            messages.error(request, _("Het bestand is niet meer beschikbaar. Upload het opnieuw."))
            return redirect("analyses:import", gemeente=self.gemeente.cbs_code)
        try:
            with pad.open("rb") as invoer:
                plan = importers.importeer(
                    invoer,
                    upload["bestandsnaam"],
                    gemeente=self.gemeente,
                    jaar=upload["jaar"],
                    bron=upload["bron"],
                )
        finally:
            pad.unlink(missing_ok=True)
        herkomst = self.herkomst(upload.get("analyse"))
        if not plan.geldig:
            return self.voorbeeld(plan, jaar=upload["jaar"], bron=upload["bron"], herkomst=herkomst)
        messages.success(
            request,
            _(
                "%(nieuw)s cijfers ingelezen, %(gewijzigd)s gewijzigd, "
                "%(gebieden)s gebieden aangemaakt."
            )
            % {
                "nieuw": plan.nieuw,
                "gewijzigd": plan.gewijzigd,
                "gebieden": len(plan.nieuwe_gebieden),
            },
        )
        if herkomst:
            return redirect(herkomst)
        return redirect("analyses:index", gemeente=self.gemeente.cbs_code)


class SjabloonView(GemeenteMixin, View):
    """The Woonzorg-sjabloon for forecasts and supply, for anyone working in the gemeente."""

    FORMATEN = {
        "csv": ("sjabloon_csv", "text/csv; charset=utf-8"),
        "xlsx": (
            "sjabloon_xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    }

    def get(self, request, *args, formaat, **kwargs):
        if formaat not in self.FORMATEN:
            raise Http404
        functie, content_type = self.FORMATEN[formaat]
        response = HttpResponse(getattr(sjabloon, functie)(), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="woonzorg-sjabloon.{formaat}"'
        return response
