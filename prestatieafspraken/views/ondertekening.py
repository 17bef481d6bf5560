"""Signing an overeenkomst, and the overeenkomst as a PDF.

The signing page shows the text from services.inhoud(), the very data the hash is computed from,
so what a signer reads is what the signature's sha256 covers. The form carries that hash; the
service refuses it when the text changed in the meantime.
"""

import datetime
import re
import types

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from woonzorg import permissions
from woonzorg.models import Rol
from woonzorg.pdf import render_pdf

from .. import services
from ..forms import OndertekenForm
from ..models import AfspraakType, Domein, Jaardoel, Jaarschijf, Overeenkomst, Partij
from .base import OvereenkomstMixin, base_url, ondertekenstand

PDF_TEMPLATE = "prestatieafspraken/overeenkomst_pdf.html"


def getekende_tekst(overeenkomst) -> types.SimpleNamespace:
    """The text a party signs, ready to show, with the sha256 of exactly this data.

    The hash is computed from the same dict that is shown (not read again), so the page and the
    hash cannot differ; tests check it equals services.bereken_hash.
    """
    data = services.inhoud(overeenkomst)
    sha256 = services.hash_inhoud(data)
    kop = data["overeenkomst"]
    soorten = dict(Overeenkomst.Soort.choices)
    rollen = dict(Partij.Rol.choices)
    domeinen = dict(Domein.choices)
    typen = dict(AfspraakType.choices)
    afspraken = [
        types.SimpleNamespace(
            **a,
            domein_label=domeinen.get(a["domein"], a["domein"]),
            type_label=typen.get(a["type"], a["type"]),
            deadline_datum=datetime.date.fromisoformat(a["deadline"]) if a["deadline"] else None,
        )
        for a in data["afspraken"]
    ]
    return types.SimpleNamespace(
        data=data,
        sha256=sha256,
        titel=kop["titel"],
        gemeente_code=kop["gemeente"],
        soort=soorten.get(kop["soort"], kop["soort"]),
        periode=f"{kop['periode'][0]}–{kop['periode'][1]}",
        toelichting=kop["toelichting"],
        visie=kop["visie"],
        partijen=[{**p, "rol_label": rollen.get(p["rol"], p["rol"])} for p in data["partijen"]],
        # groepeer only reads domein, nummer and ambitie (here the ambitie's title).
        groepen=services.groepeer(afspraken),
        aantal_afspraken=len(afspraken),
    )


def waarom_niet(user, overeenkomst, eigen) -> str:
    """Why this user cannot sign now, as a key the template explains."""
    if eigen is not None:
        return "getekend"
    if overeenkomst.status != Overeenkomst.Status.TER_ONDERTEKENING:
        return "status"
    rol = permissions.rol_in(user, overeenkomst.gemeente)
    if rol == Rol.Soort.LEZER:
        return "lezer"
    if rol is None:
        return "geen_rol"
    if not user.organisatie_id:
        return "geen_organisatie"
    return "geen_partij"


class OndertekenenView(OvereenkomstMixin, TemplateView):
    """Read the exact text of this versie and sign it for one's own organisatie."""

    template_name = "prestatieafspraken/ondertekenen.html"

    def eigen_ondertekening(self, stand):
        """The signature of the user's organisatie on the current versie, if any."""
        organisatie_id = self.request.user.organisatie_id
        for regel in stand:
            if organisatie_id and regel.partij.organisatie_id == organisatie_id:
                return regel.huidige
        return None

    def get_context_data(self, *, form=None, fouten=(), gelezen_hash=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user, overeenkomst = self.request.user, self.overeenkomst
        tekst = getekende_tekst(overeenkomst)
        fouten = list(fouten)
        if gelezen_hash and gelezen_hash != tekst.sha256:
            fouten.append(_("Let op: de tekst is gewijzigd sinds u hem opende."))
        stand = ondertekenstand(overeenkomst)
        mag_tekenen = permissions.can_sign(user, overeenkomst)
        eigen = self.eigen_ondertekening(stand)
        # The hidden hash is always that of the text shown now, also when re-shown after an error.
        if form is None:
            form = OndertekenForm()
        if form.is_bound:
            form.data = form.data.copy()
            form.data["inhoud_hash"] = tekst.sha256
        else:
            form.initial["inhoud_hash"] = tekst.sha256
        context.update(
            tekst=tekst,
            stand=stand,
            mag_tekenen=mag_tekenen,
            form=form if mag_tekenen else None,
            reden=None if mag_tekenen else waarom_niet(user, overeenkomst, eigen),
            eigen=eigen,
            organisatie=user.organisatie if user.organisatie_id else None,
            fouten=fouten,
            # Changed without a new versie yet (an ambitie renamed): signing makes the next one.
            tekst_gewijzigd=overeenkomst.wordt_ondertekend
            and tekst.sha256 != overeenkomst.inhoud_hash,
        )
        return context

    def post(self, request, *args, **kwargs):
        overeenkomst, user = self.overeenkomst, request.user
        # Signing twice is answered by the service, on the page; anyone else is refused.
        if (
            not permissions.can_sign(user, overeenkomst)
            and self.eigen_ondertekening(ondertekenstand(overeenkomst)) is None
        ):
            raise PermissionDenied
        form = OndertekenForm(request.POST)
        if not form.is_valid():
            gelezen = form.cleaned_data.get("inhoud_hash")
            return self.render_to_response(self.get_context_data(form=form, gelezen_hash=gelezen))
        try:
            ondertekening = services.onderteken(
                overeenkomst,
                door=user,
                gelezen_hash=form.cleaned_data["inhoud_hash"],
                functie=form.cleaned_data["functie"],
                base_url=base_url(request),
            )
        except ValidationError as fout:
            # Show the text as it is now, with a fresh form for it.
            self._object = Overeenkomst.objects.select_related(*self.select_related).get(
                pk=overeenkomst.pk
            )
            nieuw = OndertekenForm(initial={"functie": form.cleaned_data["functie"]})
            return self.render_to_response(self.get_context_data(form=nieuw, fouten=fout.messages))
        melding = _("U heeft versie %(versie)s ondertekend namens %(organisatie)s.") % {
            "versie": ondertekening.versie,
            "organisatie": ondertekening.organisatie,
        }
        if overeenkomst.status == Overeenkomst.Status.ONDERTEKEND:
            melding = f"{melding} {_('Alle partijen hebben getekend.')}"
        messages.success(request, melding)
        return redirect(overeenkomst)


# --- The PDF --------------------------------------------------------------------------------------


def pdf_context(overeenkomst, user) -> dict:
    """Everything the PDF shows: the signed text, the jaarschijven and the signatures."""
    stand = ondertekenstand(overeenkomst)
    jaarschijven = (
        Jaarschijf.objects.for_user(user)
        .filter(overeenkomst=overeenkomst)
        .prefetch_related(
            Prefetch("jaardoelen", queryset=Jaardoel.objects.select_related("afspraak"))
        )
    )
    jaarschijven = list(jaarschijven)
    for jaarschijf in jaarschijven:
        jaarschijf.doelen = sorted(
            jaarschijf.jaardoelen.all(), key=lambda d: services.natuurlijk(d.afspraak.nummer)
        )
    tekst = getekende_tekst(overeenkomst)
    return {
        "overeenkomst": overeenkomst,
        "gemeente": overeenkomst.gemeente,
        "tekst": tekst,
        # Changed without a new versie (a name in another app): the signatures are of before.
        "tekst_gewijzigd": overeenkomst.wordt_ondertekend
        and tekst.sha256 != overeenkomst.inhoud_hash,
        "stand": stand,
        "niet_getekend": [regel for regel in stand if not regel.getekend],
        "jaarschijven": jaarschijven,
        "afgedrukt_op": timezone.now(),
    }


def pdf_bestandsnaam(overeenkomst) -> str:
    """ASCII only, from the title and versie: safe in every browser and file system."""
    titel = slugify(re.sub(r"[–—/]", "-", overeenkomst.titel))[:80].strip("-") or "overeenkomst"
    return f"{titel}-versie-{overeenkomst.versie}.pdf"


class OvereenkomstPdfView(OvereenkomstMixin, View):
    """The agreement as an accessible PDF (PDF/UA-1), for every role that can see it."""

    def get(self, request, *args, **kwargs):
        overeenkomst = self.overeenkomst
        pdf = render_pdf(PDF_TEMPLATE, pdf_context(overeenkomst, request.user))
        return HttpResponse(
            pdf,
            content_type="application/pdf",
            headers={
                "Content-Disposition": content_disposition_header(
                    True, pdf_bestandsnaam(overeenkomst)
                )
            },
        )
