"""Phase 3 pages for the agreements: the phase page with the overeenkomsten, one overeenkomst as a
page, its form and partijen, and its status (ter ondertekening, terug naar concept, beëindigen).

Every change of the signed text calls services.registreer_wijziging in the transaction that
saved it: an agreement out for signature (or signed) then gets a new versie, its earlier
signatures vervallen and the parties are asked again.
"""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, TemplateView, UpdateView

from visies.services import opsomming
from woonzorg import permissions
from woonzorg.mixins import (
    BeschermdVerwijderenMixin,
    FormSetPagina,
    GemeenteEditorMixin,
    GemeenteMixin,
)

from .. import services
from ..filters import OvereenkomstFilter
from ..forms import OvereenkomstForm, PartijFormSet
from ..models import Afspraak, Jaarschijf, Ondertekening, Overeenkomst, Partij
from .base import OvereenkomstMixin, afspraken_met_details, base_url, ondertekenstand

Status = Overeenkomst.Status

# --- Helpers shared with the afspraak pages -------------------------------------------------------


def registreer_wijzigingen(request, overeenkomsten) -> list[Overeenkomst]:
    """services.registreer_wijzigingen by the requesting user, with links to this site."""
    return services.registreer_wijzigingen(
        overeenkomsten, door=request.user, base_url=base_url(request)
    )


def meld_nieuwe_versies(request, overeenkomsten) -> None:
    for o in overeenkomsten:
        messages.warning(
            request,
            _(
                "De tekst van “%(titel)s” is gewijzigd: dit is nu versie %(versie)s. Eerdere "
                "handtekeningen zijn vervallen en de partijen is gevraagd opnieuw te tekenen."
            )
            % {"titel": o.titel, "versie": o.versie},
        )


def namen(users) -> str:
    return opsomming([user.get_full_name() or user.email for user in users])


def met_tellingen(overeenkomsten):
    """Annotate how many afspraken and partijen each has, and how many partijen signed its
    current versie; subqueries, so the rows do not multiply."""

    def aantal(queryset):
        return Coalesce(
            Subquery(
                queryset.order_by().values("overeenkomst").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )

    getekend = Ondertekening.objects.filter(
        overeenkomst=OuterRef("overeenkomst"),
        organisatie=OuterRef("organisatie"),
        versie=OuterRef("overeenkomst__versie"),
        vervallen=False,
    )
    return overeenkomsten.annotate(
        aantal_afspraken=aantal(Afspraak.objects.filter(overeenkomst=OuterRef("pk"))),
        aantal_partijen=aantal(Partij.objects.filter(overeenkomst=OuterRef("pk"))),
        aantal_getekend=aantal(
            Partij.objects.filter(Exists(getekend), overeenkomst=OuterRef("pk"))
        ),
    )


# --- The phase page -------------------------------------------------------------------------------


class OvereenkomstIndexView(GemeenteMixin, TemplateView):
    """The overeenkomsten of the gemeente the user may see, newest period first."""

    template_name = "prestatieafspraken/overeenkomst_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        alle = Overeenkomst.objects.for_user(user).in_gemeente(self.gemeente)
        filterset = OvereenkomstFilter(
            self.request.GET or None, queryset=met_tellingen(alle.select_related("gemeente"))
        )
        overeenkomsten = list(filterset.qs)
        context.update(
            fase=apps.get_app_config("prestatieafspraken").fase,
            filter=filterset,
            gefilterd=filterset.is_bound and any(filterset.form.cleaned_data.values()),
            overeenkomsten=overeenkomsten,
            heeft_overeenkomsten=bool(overeenkomsten) or alle.exists(),
            mag_aanmaken=permissions.is_editor(user, self.gemeente),
        )
        return context


# --- Creating, changing and deleting --------------------------------------------------------------


class OvereenkomstCreateView(GemeenteEditorMixin, CreateView):
    model = Overeenkomst
    form_class = OvereenkomstForm
    template_name = "prestatieafspraken/overeenkomst_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("De overeenkomst is aangemaakt als concept. Voeg de partijen en de afspraken toe."),
        )
        return response


class OvereenkomstUpdateView(OvereenkomstMixin, UpdateView):
    form_class = OvereenkomstForm
    template_name = "prestatieafspraken/overeenkomst_form.html"
    bewerken = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "gemeente": self.gemeente}

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            andere = services.verwijzende_overeenkomsten(self.object.afspraken.all())
            nieuw = registreer_wijzigingen(self.request, [self.object, *andere])
        messages.success(self.request, _("De overeenkomst is opgeslagen."))
        meld_nieuwe_versies(self.request, nieuw)
        return redirect(self.object)


class OvereenkomstDeleteView(BeschermdVerwijderenMixin, OvereenkomstMixin, DeleteView):
    """Only a concept that nobody ever signed: signatures are the record of what was agreed."""

    template_name = "prestatieafspraken/overeenkomst_confirm_delete.html"
    bewerken = True

    def check_permission(self):
        super().check_permission()
        o = self.get_object()
        if o.status != Status.CONCEPT:
            raise PermissionDenied(
                _(
                    "Alleen een concept kan worden verwijderd. Een overeenkomst die ter "
                    "ondertekening ligt, zet u eerst terug naar concept; een ondertekende "
                    "overeenkomst beëindigt u."
                )
            )
        if o.ondertekeningen.exists():
            raise PermissionDenied(
                _(
                    "Deze overeenkomst is al eens ondertekend en kan daarom niet worden "
                    "verwijderd; de ondertekeningen blijven bewaard."
                )
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["aantal_afspraken"] = self.object.afspraken.count()
        return context

    def form_valid(self, form):
        o = self.object
        with transaction.atomic():
            andere = services.verwijzende_overeenkomsten(o.afspraken.all())
            o.delete()
            nieuw = registreer_wijzigingen(self.request, andere)
        messages.success(
            self.request, _("De overeenkomst “%(titel)s” is verwijderd.") % {"titel": o.titel}
        )
        meld_nieuwe_versies(self.request, nieuw)
        return redirect("prestatieafspraken:index", gemeente=self.gemeente.cbs_code)


class PartijenView(FormSetPagina, OvereenkomstMixin, TemplateView):
    template_name = "prestatieafspraken/partij_formset.html"
    bewerken = True
    formset_class = PartijFormSet

    def formset_kwargs(self):
        return {
            "instance": self.overeenkomst,
            "queryset": self.overeenkomst.partijen.select_related("organisatie"),
        }

    def formset_valid(self, formset):
        with transaction.atomic():
            formset.save()
            nieuw = registreer_wijzigingen(self.request, [self.overeenkomst])
        messages.success(self.request, _("De partijen zijn opgeslagen."))
        meld_nieuwe_versies(self.request, nieuw)
        return redirect(self.overeenkomst)


# --- The agreement as a page ----------------------------------------------------------------------


def eerdere_per_versie(stand) -> list[tuple[int, list]]:
    """The signatures that no longer count, newest versie first: [(versie, [ondertekening])]."""
    per_versie: dict[int, list] = {}
    for regel in stand:
        for ondertekening in regel.eerdere:
            per_versie.setdefault(ondertekening.versie, []).append(ondertekening)
    return [
        (versie, sorted(rij, key=lambda o: o.ondertekend_op))
        for versie, rij in sorted(per_versie.items(), reverse=True)
    ]


class OvereenkomstDetailView(OvereenkomstMixin, DetailView):
    """The agreement: its partijen, its afspraken by domein and ambitie, who signed which
    versie, and its jaarschijven. A fixed number of queries, however much it holds."""

    template_name = "prestatieafspraken/overeenkomst_detail.html"
    context_object_name = "overeenkomst"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        o, user = self.object, self.request.user
        afspraken = afspraken_met_details(user, overeenkomst=o)
        stand = ondertekenstand(o)
        mag_bewerken = permissions.can_edit(user, o)
        if mag_bewerken and o.status in (Status.CONCEPT, Status.TER_ONDERTEKENING):
            # Who cannot sign yet because nobody of theirs has an account: invite them.
            open_ = [regel.partij.organisatie_id for regel in stand if not regel.getekend]
            per_organisatie = services.ondertekenaars_per_organisatie(o, open_)
            for regel in stand:
                regel.zonder_account = per_organisatie.get(regel.partij.organisatie_id) == []
        mag_tekenen = permissions.can_sign(user, o)
        context.update(
            groepen=services.groepeer(afspraken),
            aantal_afspraken=len(afspraken),
            nog_niet_smart=[a for a in afspraken if not a.smart.in_orde],
            stand=stand,
            aantal_getekend=sum(1 for regel in stand if regel.getekend),
            eerdere=eerdere_per_versie(stand),
            jaarschijven=list(Jaarschijf.objects.for_user(user).filter(overeenkomst=o)),
            mag_bewerken=mag_bewerken,
            mag_tekenen=mag_tekenen,
            mag_geschiedenis=permissions.can_see_history(user, o),
            tekent_namens=user.organisatie if mag_tekenen else None,
            # Changed without a new versie (a name renamed in the visie or the catalogue).
            tekst_gewijzigd=o.wordt_ondertekend and services.bereken_hash(o) != o.inhoud_hash,
        )
        return context


# --- Status -------------------------------------------------------------------------------------


class StatusView(OvereenkomstMixin, TemplateView):
    """A confirmation page (GET) and the transition (POST). The service decides whether it is
    allowed; its refusal is shown on the page."""

    template_name = "prestatieafspraken/overeenkomst_status.html"
    bewerken = True
    actie = ""  # which text the template shows
    van = ""  # the status the transition starts from
    kop = ""
    knop = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(actie=self.actie, kop=self.kop, knop=self.knop, mogelijk=self.status_klopt())
        return context

    def status_klopt(self) -> bool:
        return self.overeenkomst.status == self.van

    def post(self, request, *args, **kwargs):
        try:
            self.uitvoeren()
        except ValidationError as fout:
            return self.render_to_response(self.get_context_data(fouten=fout.messages))
        return redirect(self.overeenkomst)

    def uitvoeren(self):
        raise NotImplementedError


class TerOndertekeningView(StatusView):
    actie = "ter_ondertekening"
    van = Status.CONCEPT
    kop = gettext_lazy("Ter ondertekening aanbieden")
    knop = gettext_lazy("Ter ondertekening aanbieden")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        o = self.overeenkomst
        partijen = list(o.partijen.select_related("organisatie"))
        per_organisatie = services.ondertekenaars_per_organisatie(
            o, [p.organisatie_id for p in partijen]
        )
        context["ontvangers"] = [(p, per_organisatie[p.organisatie_id]) for p in partijen]
        context["aantal_afspraken"] = o.afspraken.count()
        return context

    def uitvoeren(self):
        o = self.overeenkomst
        aanbieding = services.ter_ondertekening(
            o, door=self.request.user, base_url=base_url(self.request)
        )
        if aanbieding.ontvangers:
            tekst = _(
                "Versie %(versie)s ligt ter ondertekening. Een e-mail met het verzoek te tekenen "
                "is gestuurd naar %(namen)s."
            ) % {"versie": o.versie, "namen": namen(aanbieding.ontvangers)}
        else:
            tekst = _(
                "Versie %(versie)s ligt ter ondertekening. Niemand kreeg een e-mail: geen van de "
                "partijen heeft iemand met een account die mag tekenen."
            ) % {"versie": o.versie}
        messages.success(self.request, tekst)
        if aanbieding.zonder_account:
            messages.warning(
                self.request,
                _(
                    "Nog niemand met een account bij %(organisaties)s. Nodig iemand uit die "
                    "namens hen mag tekenen; daarna kan hij of zij tekenen via de overeenkomst."
                )
                % {"organisaties": opsomming([o.naam for o in aanbieding.zonder_account])},
            )


class TerugNaarConceptView(StatusView):
    actie = "terug_naar_concept"
    van = Status.TER_ONDERTEKENING
    kop = gettext_lazy("Terug naar concept")
    knop = gettext_lazy("Terugzetten naar concept")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["getekend"] = list(
            self.overeenkomst.ondertekeningen.filter(vervallen=False).select_related("organisatie")
        )
        return context

    def uitvoeren(self):
        o = services.terug_naar_concept(self.overeenkomst, door=self.request.user)
        messages.success(
            self.request,
            _(
                "De overeenkomst is weer een concept. Biedt u haar opnieuw aan, dan tekenen alle "
                "partijen versie %(versie)s."
            )
            % {"versie": o.versie},
        )


class BeeindigenView(StatusView):
    actie = "beeindigen"
    van = Status.ONDERTEKEND
    kop = gettext_lazy("Overeenkomst beëindigen")
    knop = gettext_lazy("Beëindigen")

    def uitvoeren(self):
        services.beeindigen(self.overeenkomst, door=self.request.user)
        messages.success(
            self.request,
            _(
                "De overeenkomst is beëindigd. Zij blijft leesbaar, maar kan niet meer worden "
                "gewijzigd."
            ),
        )
