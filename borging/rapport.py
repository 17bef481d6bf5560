"""The jaarschijfrapport: what one gemeente agreed, did and achieved in one year, as a PDF.

`rapport_inhoud` gathers it (a fixed number of queries, however many afspraken): a summary; per
ambitie → afspraak → activiteit → indicator the target, realisation and stoplicht; the begroting
against spending; the signatures; the evaluatie (lessons and bijsturing); and the next year's
jaarschijf. `maak_pdf` renders it through woonzorg.pdf.render_pdf, the helper the agreement PDF
uses too, and stores the file on the Jaarschijfrapport. The Celery task in tasks.py calls it.

Numbers and amounts are formatted here, in Dutch notation (€ 1.234.567,00), so the PDF reads the
same whatever locale the worker runs in.
"""

import base64
import datetime
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone, translation

from prestatieafspraken.models import (
    Afspraak,
    Jaardoel,
    Jaarschijf,
    Ondertekening,
    Overeenkomst,
    Partij,
)
from prestatieafspraken.services import Ondertekenstand, natuurlijk, ondertekenstand
from uitvoering.models import Activiteit, Begrotingspost, Voortgang
from uitvoering.services import bereken_dekking
from woonzorg.charts import getal_nl
from woonzorg.pdf import render_pdf

from . import services
from .models import Evaluatie, Indicator, Jaarschijfrapport

PDF_TEMPLATE = "borging/jaarschijfrapport_pdf.html"
# The order the summary lists the stoplicht colours in: best first, "no judgement" last.
KLEUREN = (services.GROEN, services.ORANJE, services.ROOD, services.GRIJS)


def euro(bedrag: Decimal | int | None) -> str:
    """An amount in Dutch notation: € 1.234.567,00 (with a non-breaking space)."""
    return "€\u00a0" + getal_nl(Decimal(bedrag or 0), 2)


def waarde_nl(waarde: Decimal | None) -> str:
    """A measured or expected value: 12,5 or 110; a value on the trajectory to one decimal."""
    if waarde is None:
        return "—"
    waarde = Decimal(waarde)
    if waarde % 1:
        waarde = waarde.quantize(Decimal("0.1"))
    return getal_nl(waarde.normalize() if waarde % 1 else waarde.to_integral_value())


_SVG_TEKST = re.compile(r"<(title|desc)\b[^>]*>(.*?)</\1>", re.DOTALL)


class BegrootBesteed:
    """The amounts of a row with `begroot` and `besteed`, as the PDF prints them."""

    @property
    def begroot_euro(self) -> str:
        return euro(self.begroot)

    @property
    def besteed_euro(self) -> str:
        return euro(self.besteed)

    @property
    def verschil_euro(self) -> str:
        return euro(self.begroot - self.besteed)


@dataclass
class IndicatorRegel:
    indicator: Indicator
    streefwaarde: Decimal | None  # the trajectory's value for the year
    licht: services.Stoplicht
    grafiek: str  # inline SVG (woonzorg.charts)

    @property
    def streefwaarde_tekst(self) -> str:
        return waarde_nl(self.streefwaarde)

    @property
    def gemeten_tekst(self) -> str:
        return waarde_nl(self.licht.gemeten)

    # The PDF shows the chart as an <img> of the same SVG: its alt text (the chart's title and
    # description, the figures in words) becomes the PDF's alternative text for screen readers,
    # and WeasyPrint need not style every line and label of sixty charts as HTML elements.
    @property
    def grafiek_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.grafiek.encode()).decode()

    @property
    def grafiek_tekst(self) -> str:
        delen = [html.unescape(tekst).strip() for _tag, tekst in _SVG_TEKST.findall(self.grafiek)]
        return ". ".join(deel.rstrip(".") for deel in delen if deel) + "."


@dataclass
class ActiviteitRegel:
    activiteit: Activiteit
    te_laat: bool
    indicatoren: list[IndicatorRegel] = field(default_factory=list)


@dataclass
class AfspraakRegel(BegrootBesteed):
    afspraak: Afspraak
    jaardoel: Jaardoel | None
    dekking: object  # uitvoering.services.Dekking
    activiteiten: list[ActiviteitRegel] = field(default_factory=list)
    indicatoren: list[IndicatorRegel] = field(default_factory=list)
    begroot: Decimal = Decimal(0)
    besteed: Decimal = Decimal(0)
    posten: int = 0
    besteed_onbekend: int = 0  # posten whose spending is not known yet

    @property
    def gerealiseerd(self) -> int:
        return self.dekking.totaal.gerealiseerd

    @property
    def alle_indicatoren(self) -> list[IndicatorRegel]:
        return self.indicatoren + [i for a in self.activiteiten for i in a.indicatoren]


@dataclass
class Lichtentelling:
    kleur: str
    label: str
    aantal: int


@dataclass
class Samenvatting(BegrootBesteed):
    afspraken: int = 0
    activiteiten: int = 0
    gereed: int = 0
    te_laat: int = 0
    lichten: dict = field(default_factory=dict)  # kleur -> count
    begroot: Decimal = Decimal(0)
    besteed: Decimal = Decimal(0)
    overeenkomsten: int = 0
    volledig_getekend: int = 0

    @property
    def indicatoren(self) -> int:
        return sum(self.lichten.values())

    @property
    def per_kleur(self) -> list[Lichtentelling]:
        return [
            Lichtentelling(kleur, str(services.KLEUR_LABEL[kleur]), self.lichten.get(kleur, 0))
            for kleur in KLEUREN
        ]


@dataclass
class RapportInhoud:
    gemeente: object
    jaar: int
    samenvatting: Samenvatting
    per_ambitie: list[tuple[object, list[AfspraakRegel]]]  # (Ambitie | None, regels)
    losse_indicatoren: list[IndicatorRegel]
    overeenkomsten: list[Ondertekenstand]
    evaluatie: Evaluatie | None
    volgend_jaar: list[Jaarschijf]  # each with .doelen: its jaardoelen in number order
    afgedrukt_op: datetime.datetime

    @property
    def afspraken(self) -> list[AfspraakRegel]:
        return [regel for _ambitie, regels in self.per_ambitie for regel in regels]

    @property
    def begroting(self) -> list[AfspraakRegel]:
        """The afspraken with a begrotingspost in the year, for the begroting table."""
        return [regel for regel in self.afspraken if regel.posten]

    @property
    def volgend(self) -> int:
        return self.jaar + 1


def _indicator_regel(indicator: Indicator, jaar: int) -> IndicatorRegel:
    verwacht = services.traject(
        services.nulmeting_van(indicator), services.streefwaarden_van(indicator)
    )
    return IndicatorRegel(
        indicator,
        streefwaarde=services.verwachte_waarde(verwacht, jaar),
        licht=services.stoplicht_van(indicator, jaar),
        grafiek=services.grafiek(indicator, tot_jaar=jaar),
    )


def zoals_op(activiteiten: list[Activiteit], datum: datetime.date) -> None:
    """Set each activiteit's status and realisation as they stood on `datum`, from its voortgang
    up to that day, so a report on a past year does not show today's progress. An activiteit
    nobody reported on keeps what it has. In memory only, never saved; one query."""
    gemeld: set[int] = set()
    laatste: dict[int, str] = {}
    gerealiseerd: dict[int, int] = {}
    meldingen = (
        Voortgang.objects.filter(activiteit__in=activiteiten)
        .order_by("activiteit", "-datum", "-gemeld_op", "-pk")
        .values_list("activiteit", "datum", "status", "gerealiseerd_aantal")
    )
    for activiteit_id, op, status, aantal in meldingen:
        gemeld.add(activiteit_id)
        if op > datum:
            continue
        laatste.setdefault(activiteit_id, status)
        if aantal is not None:
            gerealiseerd.setdefault(activiteit_id, aantal)
    for activiteit in activiteiten:
        if activiteit.pk in gemeld:
            activiteit.status = laatste.get(activiteit.pk, Activiteit.Status.GEPLAND)
            activiteit.gerealiseerd_aantal = gerealiseerd.get(activiteit.pk)


def lopende_overeenkomsten(gemeente, jaar: int):
    """The agreements that ran in the year and were offered for signature (no concepts)."""
    return Overeenkomst.objects.filter(
        gemeente=gemeente, periode_start__lte=jaar, periode_eind__gte=jaar
    ).exclude(status=Overeenkomst.Status.CONCEPT)


def rapport_inhoud(gemeente, jaar: int) -> RapportInhoud:
    """Everything the report shows for `gemeente` in `jaar`; 14 queries, whatever the size."""
    vandaag = min(timezone.localdate(), datetime.date(jaar, 12, 31))
    overeenkomsten = list(
        lopende_overeenkomsten(gemeente, jaar)
        .select_related("gemeente")
        .prefetch_related(
            Prefetch("partijen", queryset=Partij.objects.select_related("organisatie")),
            Prefetch(
                "ondertekeningen", queryset=Ondertekening.objects.select_related("organisatie")
            ),
        )
    )
    afspraken = list(
        Afspraak.objects.filter(overeenkomst__in=overeenkomsten).select_related(
            "overeenkomst__gemeente", "ambitie__thema", "trekker", "woonvorm"
        )
    )
    jaardoelen = {
        doel.afspraak_id: doel
        for doel in Jaardoel.objects.filter(
            jaarschijf__overeenkomst__in=overeenkomsten, jaarschijf__jaar=jaar
        )
    }
    activiteiten = defaultdict(list)
    alle = list(
        Activiteit.objects.filter(afspraak__in=afspraken).select_related(
            "programma__gemeente", "trekker", "woonvorm"
        )
    )
    zoals_op(alle, datetime.date(jaar, 12, 31))
    for activiteit in alle:
        activiteiten[activiteit.afspraak_id].append(activiteit)
    indicatoren = list(services.met_metingen(Indicator.objects.filter(gemeente=gemeente)))
    posten = defaultdict(list)  # afspraak id -> [(begroot, besteed or None)] in the year
    for afspraak_id, bedrag, besteed in Begrotingspost.objects.filter(
        activiteit__afspraak__in=afspraken, jaar=jaar
    ).values_list("activiteit__afspraak", "bedrag", "besteed"):
        posten[afspraak_id].append((bedrag, besteed))

    per_indicator_afspraak = defaultdict(list)
    per_indicator_activiteit = defaultdict(list)
    losse = []
    samenvatting = Samenvatting()
    for indicator in indicatoren:
        regel = _indicator_regel(indicator, jaar)
        kleur = regel.licht.kleur
        samenvatting.lichten[kleur] = samenvatting.lichten.get(kleur, 0) + 1
        if indicator.activiteit_id:
            per_indicator_activiteit[indicator.activiteit_id].append(regel)
        elif indicator.afspraak_id:
            per_indicator_afspraak[indicator.afspraak_id].append(regel)
        else:
            losse.append(regel)

    regels = []
    for afspraak in sorted(afspraken, key=lambda a: (a.overeenkomst_id, natuurlijk(a.nummer))):
        eigen = activiteiten.get(afspraak.pk, [])
        eigen_posten = posten.get(afspraak.pk, [])
        regel = AfspraakRegel(
            afspraak,
            jaardoel=jaardoelen.get(afspraak.pk),
            dekking=bereken_dekking(afspraak, eigen),
            indicatoren=per_indicator_afspraak.pop(afspraak.pk, []),
            begroot=sum((b for b, _s in eigen_posten), Decimal(0)),
            besteed=sum((s or Decimal(0) for _b, s in eigen_posten), Decimal(0)),
            posten=len(eigen_posten),
            besteed_onbekend=sum(s is None for _b, s in eigen_posten),
        )
        for activiteit in eigen:
            regel.activiteiten.append(
                ActiviteitRegel(
                    activiteit,
                    te_laat=activiteit.is_te_laat(vandaag),
                    indicatoren=per_indicator_activiteit.pop(activiteit.pk, []),
                )
            )
        regels.append(regel)
    # Indicators of afspraken or activiteiten outside the year's agreements stand on their own.
    for rest in (*per_indicator_afspraak.values(), *per_indicator_activiteit.values()):
        losse.extend(rest)
    losse.sort(key=lambda r: (r.indicator.naam, r.indicator.pk))

    per_ambitie: dict = {}
    for regel in regels:
        per_ambitie.setdefault(regel.afspraak.ambitie, []).append(regel)
    volgorde = sorted(
        per_ambitie,
        key=lambda a: (a is None, a and (a.thema.volgorde, a.thema_id, a.volgorde, a.pk)),
    )

    alle_activiteiten = [a for r in regels for a in r.activiteiten]
    samenvatting.afspraken = len(regels)
    samenvatting.activiteiten = len(alle_activiteiten)
    samenvatting.gereed = sum(
        a.activiteit.status == Activiteit.Status.GEREED for a in alle_activiteiten
    )
    samenvatting.te_laat = sum(a.te_laat for a in alle_activiteiten)
    samenvatting.begroot = sum((r.begroot for r in regels), Decimal(0))
    samenvatting.besteed = sum((r.besteed for r in regels), Decimal(0))

    standen = [
        Ondertekenstand(
            overeenkomst,
            ondertekenstand(
                overeenkomst, overeenkomst.partijen.all(), overeenkomst.ondertekeningen.all()
            ),
        )
        for overeenkomst in sorted(overeenkomsten, key=lambda o: (o.titel, o.pk))
    ]
    samenvatting.overeenkomsten = len(standen)
    samenvatting.volledig_getekend = sum(stand.volledig for stand in standen)

    # Next year's commitments, of agreements that are no longer concepts (the report is public).
    volgend_jaar = list(
        Jaarschijf.objects.filter(overeenkomst__gemeente=gemeente, jaar=jaar + 1)
        .exclude(overeenkomst__status=Overeenkomst.Status.CONCEPT)
        .select_related("overeenkomst")
        .prefetch_related(
            Prefetch("jaardoelen", queryset=Jaardoel.objects.select_related("afspraak"))
        )
        .order_by("overeenkomst__titel", "pk")
    )
    for jaarschijf in volgend_jaar:
        jaarschijf.doelen = sorted(
            jaarschijf.jaardoelen.all(), key=lambda d: natuurlijk(d.afspraak.nummer)
        )

    return RapportInhoud(
        gemeente=gemeente,
        jaar=jaar,
        samenvatting=samenvatting,
        per_ambitie=[(ambitie, per_ambitie[ambitie]) for ambitie in volgorde],
        losse_indicatoren=losse,
        overeenkomsten=standen,
        evaluatie=Evaluatie.objects.filter(gemeente=gemeente, jaar=jaar)
        .prefetch_related("afspraken")
        .first(),
        volgend_jaar=volgend_jaar,
        afgedrukt_op=timezone.now(),
    )


def bestandsnaam(rapport: Jaarschijfrapport) -> str:
    return f"jaarschijfrapport-{rapport.gemeente.cbs_code}-{rapport.jaar}-{rapport.pk}.pdf"


def render_rapport(rapport: Jaarschijfrapport) -> bytes:
    """The report's PDF, in the site's language whatever is active in the caller."""
    with translation.override(settings.LANGUAGE_CODE):
        inhoud = rapport_inhoud(rapport.gemeente, rapport.jaar)
        return render_pdf(PDF_TEMPLATE, {"inhoud": inhoud, "rapport": rapport})


def maak_pdf(rapport: Jaarschijfrapport) -> Jaarschijfrapport:
    """Render the report and store it; the rapport is klaar afterwards.

    Counts the attempt before rendering, so a worker that dies mid-render leaves a trace. When
    another run finished the same report meanwhile, its file is kept and this one is dropped.
    """
    Jaarschijfrapport.objects.filter(pk=rapport.pk).update(
        status=Jaarschijfrapport.Status.BEZIG, pogingen=F("pogingen") + 1
    )
    pdf = render_rapport(rapport)
    with transaction.atomic():
        huidig = Jaarschijfrapport.objects.select_for_update().get(pk=rapport.pk)
        if huidig.status != Jaarschijfrapport.Status.KLAAR:
            huidig.bestand.save(bestandsnaam(huidig), ContentFile(pdf), save=False)
            huidig.status = Jaarschijfrapport.Status.KLAAR
            huidig.fout = ""
            huidig.klaar_op = timezone.now()
            huidig.save()
    rapport.refresh_from_db()
    return rapport
