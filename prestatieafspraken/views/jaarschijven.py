"""Jaarschijven: what each afspraak of an overeenkomst commits to in one year of its period.

They fill in the years and are not part of the signed text, so changing them never makes a new
versie of the overeenkomst (no registreer_wijziging here, on purpose).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DeleteView, FormView, TemplateView

from woonzorg import permissions

from .. import services
from ..forms import JaardoelenForm, JaarschijfForm, JaarschijfToelichtingForm
from ..models import Afspraak, Domein, Jaardoel, Jaarschijf
from .base import JaarschijfMixin, OvereenkomstMixin


def afspraken_van(user, overeenkomst) -> list[Afspraak]:
    """The overeenkomst's afspraken in document order (domein, ambitie, nummer); two queries."""
    afspraken = (
        Afspraak.objects.for_user(user)
        .filter(overeenkomst=overeenkomst)
        .select_related("overeenkomst__gemeente", "ambitie")
    )
    return [a for groep in services.groepeer(list(afspraken)) for a in groep.afspraken]


class JaarschijfCreateView(OvereenkomstMixin, FormView):
    """A new jaarschijf for a year of the period; it starts as a copy of the year before."""

    form_class = JaarschijfForm
    template_name = "prestatieafspraken/jaarschijf_form.html"
    bewerken = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "overeenkomst": self.overeenkomst}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bestaande"] = list(
            Jaarschijf.objects.for_user(self.request.user)
            .filter(overeenkomst=self.overeenkomst)
            .select_related("overeenkomst__gemeente")
        )
        context["vrije_jaren"] = [jaar for jaar, _label in context["form"].fields["jaar"].choices]
        return context

    def form_valid(self, form):
        jaar = form.cleaned_data["jaar"]
        try:
            jaarschijf = services.nieuwe_jaarschijf(self.overeenkomst, jaar, door=self.request.user)
        except ValidationError as fout:
            form.add_error(None, fout)
            return self.form_invalid(form)
        vorige = (
            Jaarschijf.objects.filter(overeenkomst=self.overeenkomst, jaar__lt=jaar)
            .order_by("-jaar")
            .values_list("jaar", flat=True)
            .first()
        )
        if vorige:
            melding = _(
                "Jaarschijf %(jaar)s is aangemaakt met de jaardoelen van %(vorige)s. "
                "Pas aan wat dit jaar anders is."
            ) % {"jaar": jaar, "vorige": vorige}
        else:
            melding = _("Jaarschijf %(jaar)s is aangemaakt. Vul per afspraak het jaardoel in.") % {
                "jaar": jaar
            }
        messages.success(self.request, melding)
        return redirect(
            "prestatieafspraken:jaarschijf_update",
            gemeente=self.gemeente.cbs_code,
            pk=jaarschijf.pk,
        )


class JaarschijfDetailView(JaarschijfMixin, TemplateView):
    """One year: per afspraak its jaardoel beside the afspraak's overall target."""

    template_name = "prestatieafspraken/jaarschijf_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, jaarschijf = self.request.user, self.jaarschijf
        overeenkomst = jaarschijf.overeenkomst
        doelen = {d.afspraak_id: d for d in Jaardoel.objects.filter(jaarschijf=jaarschijf)}
        afspraken = afspraken_van(user, overeenkomst)
        for afspraak in afspraken:
            afspraak.jaardoel = doelen.get(afspraak.pk)
        # The neighbouring years, in one query; they share this overeenkomst (no query per link).
        jaren = list(
            Jaarschijf.objects.for_user(user).filter(overeenkomst=overeenkomst).only("pk", "jaar")
        )
        for andere in jaren:
            andere.overeenkomst = overeenkomst
        context.update(
            afspraken=afspraken,
            per_domein=[
                (domein, [a for a in afspraken if a.domein == domein])
                for domein in Domein
                if any(a.domein == domein for a in afspraken)
            ],
            aantal_jaardoelen=len(doelen),
            vorige=next((j for j in reversed(jaren) if j.jaar < jaarschijf.jaar), None),
            volgende=next((j for j in jaren if j.jaar > jaarschijf.jaar), None),
            mag_bewerken=permissions.can_edit(user, jaarschijf),
        )
        return context


class JaarschijfUpdateView(JaarschijfMixin, TemplateView):
    """The year's toelichting and every afspraak's jaardoel on one page, saved together."""

    template_name = "prestatieafspraken/jaarschijf_update.html"
    bewerken = True

    def get_forms(self, data=None):
        jaarschijf = self.jaarschijf
        afspraken = afspraken_van(self.request.user, jaarschijf.overeenkomst)
        return (
            JaarschijfToelichtingForm(data, instance=jaarschijf),
            JaardoelenForm(
                data,
                afspraken=afspraken,
                jaardoelen=Jaardoel.objects.filter(jaarschijf=jaarschijf),
            ),
        )

    def get(self, request, *args, **kwargs):
        toelichting, jaardoelen = self.get_forms()
        return self.render_to_response(
            self.get_context_data(toelichting_form=toelichting, form=jaardoelen)
        )

    def post(self, request, *args, **kwargs):
        toelichting, jaardoelen = self.get_forms(request.POST)
        if toelichting.is_valid() and jaardoelen.is_valid():
            try:
                services.bewaar_jaarschijf(
                    self.jaarschijf,
                    toelichting=toelichting.cleaned_data["toelichting"],
                    jaardoelen=jaardoelen.waarden(),
                    door=request.user,
                )
            except ValidationError as fout:
                jaardoelen.add_error(None, fout)
            else:
                messages.success(
                    request,
                    _("Jaarschijf %(jaar)s is opgeslagen.") % {"jaar": self.jaarschijf.jaar},
                )
                return redirect(self.jaarschijf)
        return self.render_to_response(
            self.get_context_data(toelichting_form=toelichting, form=jaardoelen)
        )


class JaarschijfDeleteView(JaarschijfMixin, DeleteView):
    template_name = "prestatieafspraken/jaarschijf_confirm_delete.html"
    bewerken = True

    def get_success_url(self):
        return f"{self.object.overeenkomst.get_absolute_url()}#jaarschijven"

    def form_valid(self, form):
        jaarschijf = self.object
        services.verwijder_jaarschijf(jaarschijf, door=self.request.user)
        messages.success(
            self.request, _("%(jaarschijf)s is verwijderd.") % {"jaarschijf": jaarschijf}
        )
        return redirect(self.get_success_url())
