"""The monitoring dashboard of a gemeente: the early warnings, and every indicator the user may
see with its stoplicht and its chart, filtered and 20 a page."""

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from prestatieafspraken.models import Afspraak
from woonzorg import permissions
from woonzorg.mixins import GemeenteMixin

from .. import services
from ..models import Indicator
from .base import kan_meten_in

STOPLICHT_KEUZES = (
    ("", _("Alle kleuren")),
    (services.ROOD, services.KLEUR_LABEL[services.ROOD]),
    (services.ORANJE, services.KLEUR_LABEL[services.ORANJE]),
    (services.GROEN, services.KLEUR_LABEL[services.GROEN]),
    (services.GRIJS, services.KLEUR_LABEL[services.GRIJS]),
)


VOLGORDE = {services.ROOD: 0, services.ORANJE: 1, services.GRIJS: 2, services.GROEN: 3}


class MonitoringView(GemeenteMixin, TemplateView):
    """A fixed number of queries, however many indicatoren and metingen there are: the
    stoplicht is computed from prefetched rows, the charts and the right to measure only for
    the page shown."""

    template_name = "borging/monitoring.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, vandaag = self.request.user, timezone.localdate()
        indicatoren = list(
            services.met_standen(Indicator.objects.for_user(user).in_gemeente(self.gemeente))
        )
        for indicator in indicatoren:
            indicator.licht = services.stoplicht_van(indicator)
        # What needs attention first: rood, oranje, without judgement, then on track.
        indicatoren.sort(key=lambda i: (VOLGORDE[i.licht.kleur], i.naam.lower(), i.pk))
        afspraken = services.afspraken_over_deadline(
            Afspraak.objects.for_user(user).in_gemeente(self.gemeente), vandaag
        )
        waarschuwingen = services.waarschuwingen(
            indicatoren, afspraken, vandaag, lichten={i.pk: i.licht for i in indicatoren}
        )

        kleur = self.request.GET.get("stoplicht", "")
        eigenaar = self.request.GET.get("eigenaar", "")
        eigenaren = sorted({i.eigenaar for i in indicatoren}, key=lambda o: o.naam)
        gekozen = [
            i
            for i in indicatoren
            if (not kleur or i.licht.kleur == kleur)
            and (not eigenaar or str(i.eigenaar_id) == eigenaar)
        ]
        page = Paginator(gekozen, self.paginate_by).get_page(self.request.GET.get("page"))
        prefetch_related_objects(page.object_list, "afspraak")  # for the page only
        for indicator in page.object_list:
            indicator.grafiek = services.grafiek(indicator)
            indicator.mag_meten = permissions.can_report(user, indicator)
        per_kleur = dict.fromkeys(
            (services.GROEN, services.ORANJE, services.ROOD, services.GRIJS), 0
        )
        for indicator in indicatoren:
            per_kleur[indicator.licht.kleur] += 1
        context.update(
            fase=apps.get_app_config("borging").fase,
            aantal=len(indicatoren),
            per_kleur=per_kleur,
            waarschuwingen=waarschuwingen,
            page_obj=page,
            indicatoren=page.object_list,
            gefilterd=bool(kleur or eigenaar),
            stoplicht_keuzes=STOPLICHT_KEUZES,
            gekozen_kleur=kleur,
            eigenaren=eigenaren,
            gekozen_eigenaar=eigenaar,
            mag_aanmaken=permissions.is_editor(user, self.gemeente),
            mag_meten=kan_meten_in(user, self.gemeente),
            mag_rapporten=permissions.has_full_view(user, self.gemeente),
        )
        return context
