"""The rules and operations of the uitvoeringsprogramma: the public API of this app for borging.

- bereken_dekking: per afspraak the planned and realised output of its activiteiten against its
  target, in total and split by bouwsoort and woonvorm. A total alone hides what the handreiking's
  Gemeente A shows: 110 of 110 planned, yet nieuwbouw has 50 of 80 and bestaande bouw 60 of 30.
- bereken_begroting: totals per year, per financier and per afspraak, and what is not covered yet.
- tijdlijn: the planning as bars on a time axis (server-rendered, also in a PDF), late ones marked.
- meld_voortgang: a progress report by the trekker's people or gemeente staff; history is kept.
- aanbod_uit_activiteiten: what the activiteiten add to the analysis' behoefteraming (registered
  with analyses.services in AppConfig.ready, so analyses imports nothing of this app).
- register_activiteit_sectie: later phases add a section to an activiteit's page (borging its
  indicatoren) without this app importing them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prestatieafspraken.models import Afspraak, Bouwsoort
from prestatieafspraken.services import natuurlijk
from woonzorg import audit, permissions
from woonzorg.lezing import eenmaal

from .models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang

# --- Dekking --------------------------------------------------------------------------------------

ONDER, GEDEKT, OVER, GEEN_DOEL = "onder", "gedekt", "over", "geen_doel"

# The afspraak splits its target in nieuwbouw and bestaande bouw; transformation of existing
# buildings is bestaande bouw in the handreiking's words ("bijvoorbeeld door transformatie").
BOUWSOORT_DOEL = {
    Bouwsoort.NIEUWBOUW: Bouwsoort.NIEUWBOUW,
    Bouwsoort.BESTAANDE_BOUW: Bouwsoort.BESTAANDE_BOUW,
    Bouwsoort.TRANSFORMATIE: Bouwsoort.BESTAANDE_BOUW,
}
ONBEKEND = "onbekend"
BOUWSOORT_LABEL = {
    Bouwsoort.NIEUWBOUW: gettext_lazy("nieuwbouw"),
    Bouwsoort.BESTAANDE_BOUW: gettext_lazy("bestaande bouw"),
    ONBEKEND: gettext_lazy("bouwsoort niet opgegeven"),
}


@dataclass(frozen=True)
class Dekkingsregel:
    """Planned and realised output against a target (None: no target for this part)."""

    label: str
    doel: int | None
    gepland: int
    gerealiseerd: int

    @property
    def verschil(self) -> int | None:
        """Positive: planned beyond the target; negative: still to plan."""
        return None if self.doel is None else self.gepland - self.doel

    @property
    def oordeel(self) -> str:
        if self.doel is None:
            return GEEN_DOEL
        if self.gepland < self.doel:
            return ONDER
        return OVER if self.gepland > self.doel else GEDEKT

    @property
    def tekst(self) -> str:
        """ "50 van 80": planned of target, as the handreiking's example reads."""
        if self.doel is None:
            return _("%(gepland)s gepland, zonder doel") % {"gepland": self.gepland}
        return _("%(gepland)s van %(doel)s") % {"gepland": self.gepland, "doel": self.doel}

    @property
    def percentage_gepland(self) -> int:
        """For a bar: planned as a share of the target, capped at 100."""
        if not self.doel:
            return 100 if self.gepland else 0
        return min(100, round(100 * self.gepland / self.doel))

    @property
    def percentage_gerealiseerd(self) -> int:
        if not self.doel:
            return 0
        return min(100, round(100 * self.gerealiseerd / self.doel))


@dataclass(frozen=True)
class Dekking:
    afspraak: Afspraak
    totaal: Dekkingsregel
    per_bouwsoort: list[Dekkingsregel] = field(default_factory=list)
    per_woonvorm: list[Dekkingsregel] = field(default_factory=list)

    @property
    def heeft_doel(self) -> bool:
        return self.totaal.doel is not None

    @property
    def afwijkingen(self) -> list[Dekkingsregel]:
        """The parts that are under- or over-planned."""
        return [
            r
            for r in (self.totaal, *self.per_bouwsoort, *self.per_woonvorm)
            if r.oordeel in (ONDER, OVER)
        ]

    @property
    def signalen(self) -> list[str]:
        """What a programmaleider must know, in words; empty when every part is covered."""
        signalen = []
        verborgen = self.totaal.oordeel == GEDEKT and self.afwijkingen
        if verborgen:
            signalen.append(
                _("Het totaal is gedekt (%(tekst)s), maar de verdeling klopt niet:")
                % {"tekst": self.totaal.tekst}
            )
        for regel in self.afwijkingen:
            if regel.oordeel == ONDER:
                signalen.append(
                    _("%(label)s: %(tekst)s gepland, er ontbreken er %(tekort)s.")
                    % {
                        "label": capfirst(regel.label),
                        "tekst": regel.tekst,
                        "tekort": -regel.verschil,
                    }
                )
            else:
                signalen.append(
                    _("%(label)s: %(tekst)s gepland, %(over)s meer dan afgesproken.")
                    % {"label": capfirst(regel.label), "tekst": regel.tekst, "over": regel.verschil}
                )
        return signalen


def _telt(activiteit) -> bool:
    return activiteit.status != Activiteit.Status.GEANNULEERD and bool(activiteit.aantal)


def bereken_dekking(afspraak: Afspraak, activiteiten) -> Dekking:
    """The dekking of one afspraak over its activiteiten (pass them; no query here).

    Cancelled activiteiten and those without an aantal count for nothing. An activiteit without
    a woonvorm builds the afspraak's woonvorm.
    """
    tellend = [a for a in activiteiten if _telt(a)]
    totaal = Dekkingsregel(
        label=str(_("totaal")),
        doel=afspraak.aantal,
        gepland=sum(a.aantal for a in tellend),
        gerealiseerd=sum(a.gerealiseerd_aantal or 0 for a in tellend),
    )

    gepland, gerealiseerd = defaultdict(int), defaultdict(int)
    for a in tellend:
        soort = BOUWSOORT_DOEL.get(a.bouwsoort, ONBEKEND)
        gepland[soort] += a.aantal
        gerealiseerd[soort] += a.gerealiseerd_aantal or 0
    doelen = {
        Bouwsoort.NIEUWBOUW: afspraak.aantal_nieuwbouw,
        Bouwsoort.BESTAANDE_BOUW: afspraak.aantal_bestaande_bouw,
    }
    per_bouwsoort = []
    if any(d is not None for d in doelen.values()) or any(s != ONBEKEND for s in gepland):
        for soort in (Bouwsoort.NIEUWBOUW, Bouwsoort.BESTAANDE_BOUW, ONBEKEND):
            doel = doelen.get(soort)
            if doel is None and not gepland[soort]:
                continue
            per_bouwsoort.append(
                Dekkingsregel(
                    str(BOUWSOORT_LABEL[soort]), doel, gepland[soort], gerealiseerd[soort]
                )
            )

    per_woonvorm = []
    woonvormen: dict = {}
    for a in tellend:
        woonvorm = a.woonvorm if a.woonvorm_id else afspraak.woonvorm
        regel = woonvormen.setdefault(woonvorm.pk if woonvorm else None, [woonvorm, 0, 0])
        regel[1] += a.aantal
        regel[2] += a.gerealiseerd_aantal or 0
    if afspraak.woonvorm_id and afspraak.woonvorm_id not in woonvormen:
        woonvormen[afspraak.woonvorm_id] = [afspraak.woonvorm, 0, 0]
    # Only worth showing when something else than the afspraak's own woonvorm is built.
    if set(woonvormen) - {afspraak.woonvorm_id}:
        for pk, (woonvorm, aantal, klaar) in woonvormen.items():
            doel = afspraak.aantal if pk == afspraak.woonvorm_id and pk is not None else None
            label = woonvorm.naam if woonvorm else str(_("woonvorm niet opgegeven"))
            per_woonvorm.append(Dekkingsregel(label, doel, aantal, klaar))
    return Dekking(afspraak, totaal, per_bouwsoort, per_woonvorm)


# --- Begroting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bedragen:
    """An amount, of which `toegezegd` is committed by a known financier."""

    totaal: Decimal = Decimal(0)
    toegezegd: Decimal = Decimal(0)

    @property
    def ongedekt(self) -> Decimal:
        return self.totaal - self.toegezegd

    def plus(self, post: Begrotingspost) -> "Bedragen":
        return Bedragen(
            self.totaal + post.bedrag, self.toegezegd + (post.bedrag if post.gedekt else 0)
        )


@dataclass(frozen=True)
class Begroting:
    totaal: Bedragen
    per_jaar: list[tuple[int, Bedragen]]
    per_financier: list[tuple[object, Bedragen]]  # (Organisatie | None, Bedragen)
    per_afspraak: list[tuple[Afspraak, Bedragen]]
    ongedekte_posten: list[Begrotingspost]


def bereken_begroting(posten) -> Begroting:
    """Totals over begrotingsposten (pass them with activiteit__afspraak and financier selected).

    A post is covered (gedekt) when a financier is known and has committed (toegezegd); what is
    expected or has no financier yet is not covered.
    """
    posten = list(posten)
    totaal = Bedragen()
    per_jaar: dict[int, Bedragen] = defaultdict(Bedragen)
    per_financier: dict = {}
    per_afspraak: dict = {}
    for post in posten:
        totaal = totaal.plus(post)
        per_jaar[post.jaar] = per_jaar[post.jaar].plus(post)
        sleutel = post.financier_id
        financier, bedragen = per_financier.get(sleutel, (post.financier, Bedragen()))
        per_financier[sleutel] = (financier, bedragen.plus(post))
        afspraak = post.activiteit.afspraak
        _a, bedragen = per_afspraak.get(afspraak.pk, (afspraak, Bedragen()))
        per_afspraak[afspraak.pk] = (afspraak, bedragen.plus(post))
    return Begroting(
        totaal=totaal,
        per_jaar=sorted(per_jaar.items()),
        # Known financiers by name, the unknown last.
        per_financier=sorted(
            per_financier.values(), key=lambda r: (r[0] is None, r[0].naam if r[0] else "")
        ),
        per_afspraak=sorted(
            per_afspraak.values(), key=lambda r: (r[0].overeenkomst_id, natuurlijk(r[0].nummer))
        ),
        ongedekte_posten=[p for p in posten if not p.gedekt],
    )


# --- Planning -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Balk:
    """One activiteit on the time axis, as percentages of the axis' width."""

    activiteit: Activiteit
    links: float
    breedte: float
    te_laat: bool
    gepland: bool  # False: no start and end yet, so no bar


@dataclass(frozen=True)
class Tijdlijn:
    van: datetime.date
    tot: datetime.date
    vandaag: float | None  # where today is, or None when outside the axis
    jaren: list[tuple[int, float, float]]  # (year, left %, width %)
    groepen: list[tuple[object, list[Balk]]]  # (afspraak or trekker, bars)

    @property
    def aantal_te_laat(self) -> int:
        return sum(b.te_laat for _g, balken in self.groepen for b in balken)


def _positie(datum, van, dagen) -> float:
    return round(100 * max(0, min(dagen, (datum - van).days)) / dagen, 2)


def tijdlijn(activiteiten, *, van_jaar: int, tot_jaar: int, vandaag=None, per="afspraak"):
    """The activiteiten as bars from start to end on an axis of whole years, grouped per
    afspraak or per trekker, today marked and late ones flagged (Activiteit.is_te_laat)."""
    vandaag = vandaag or timezone.localdate()
    van, tot = datetime.date(van_jaar, 1, 1), datetime.date(tot_jaar, 12, 31)
    dagen = (tot - van).days + 1
    jaren = []
    for jaar in range(van_jaar, tot_jaar + 1):
        begin = _positie(datetime.date(jaar, 1, 1), van, dagen)
        einde = _positie(datetime.date(jaar + 1, 1, 1), van, dagen)
        jaren.append((jaar, begin, round(einde - begin, 2)))

    groepen: dict = {}
    for a in activiteiten:
        sleutel = a.afspraak if per == "afspraak" else a.trekker
        balken = groepen.setdefault(sleutel.pk if sleutel else None, (sleutel, []))[1]
        gepland = bool(a.start and a.eind)
        links = _positie(a.start, van, dagen) if gepland else 0
        rechts = (
            _positie(min(a.eind, tot) + datetime.timedelta(days=1), van, dagen) if gepland else 0
        )
        balken.append(
            Balk(
                a,
                links,
                max(round(rechts - links, 2), 0.5) if gepland else 0,
                a.is_te_laat(vandaag),
                gepland,
            )
        )
    return Tijdlijn(
        van=van,
        tot=tot,
        vandaag=_positie(vandaag, van, dagen) if van <= vandaag <= tot else None,
        jaren=jaren,
        groepen=sorted(groepen.values(), key=lambda g: (g[0] is None, natuurlijk(str(g[0] or "")))),
    )


def markeer_te_laat(activiteiten, vandaag) -> list[Activiteit]:
    """Templates cannot pass today to Activiteit.is_te_laat, so the answer goes on each row."""
    for activiteit in activiteiten:
        activiteit.te_laat = activiteit.is_te_laat(vandaag)
    return activiteiten


# --- Voortgang ------------------------------------------------------------------------------------


@transaction.atomic
def meld_voortgang(
    activiteit: Activiteit,
    *,
    door,
    status: str,
    gerealiseerd_aantal: int | None = None,
    toelichting: str = "",
    datum=None,
) -> Voortgang:
    """Report progress: the trekker's people (partners included) or gemeente staff.

    The report is kept as history; the activiteit takes over its status and realised aantal.
    """
    activiteit = (
        Activiteit.objects.select_for_update()
        .select_related("programma__gemeente")
        .get(pk=activiteit.pk)
    )
    if activiteit.alleen_lezen or not permissions.can_report(door, activiteit):
        raise PermissionDenied(_("U kunt voor deze activiteit geen voortgang melden."))
    if status not in Activiteit.Status.values:
        raise ValidationError({"status": _("Kies een status uit de lijst.")})
    if status == Activiteit.Status.GEREED and gerealiseerd_aantal is None:
        gerealiseerd_aantal = activiteit.aantal  # finished: what was planned, unless said otherwise
    if gerealiseerd_aantal is not None and gerealiseerd_aantal < 0:
        raise ValidationError({"gerealiseerd_aantal": _("Een gerealiseerd aantal is 0 of meer.")})
    datum = datum or timezone.localdate()
    if datum > timezone.localdate():
        raise ValidationError({"datum": _("De datum van een melding ligt niet in de toekomst.")})
    if datum.year < activiteit.programma.periode_start:
        raise ValidationError(
            {
                "datum": _("De datum ligt voor de looptijd van het programma (vanaf %(jaar)s).")
                % {"jaar": activiteit.programma.periode_start}
            }
        )
    melding = Voortgang.objects.create(
        activiteit=activiteit,
        datum=datum,
        status=status,
        gerealiseerd_aantal=gerealiseerd_aantal,
        toelichting=toelichting.strip(),
        door=door,
    )
    # The newest report by date is the activiteit's state, also when an older one comes later;
    # its realisation is the newest report that gives one.
    meldingen = Voortgang.objects.filter(activiteit=activiteit).order_by(
        "-datum", "-gemeld_op", "-pk"
    )
    activiteit.status = meldingen.first().status
    met_aantal = meldingen.filter(gerealiseerd_aantal__isnull=False).first()
    if met_aantal:
        activiteit.gerealiseerd_aantal = met_aantal.gerealiseerd_aantal
    activiteit.save(update_fields=["status", "gerealiseerd_aantal", "gewijzigd"])
    audit.log(
        door,
        activiteit,
        _("Voortgang gemeld: %(status)s, gerealiseerd %(aantal)s.")
        % {
            "status": melding.get_status_display(),
            "aantal": gerealiseerd_aantal if gerealiseerd_aantal is not None else "—",
        },
    )
    return melding


# --- Aanbod for the behoefteraming ----------------------------------------------------------------

JAREN_VOORUIT = 30  # how far past the analysis' peiljaar planned supply is counted


def aanbod_uit_activiteiten(analyse, gebied_ids, woonvorm_ids) -> dict:
    """(gebied, woonvorm, jaar) → homes the activiteiten add by that year, cumulative.

    Only building work counts (an activiteit with a bouwsoort: not a welzijn programme). Planned
    output counts from the year the activiteit ends (delivered output: what was realised);
    cancelled ones count for nothing. What was delivered (gereed) in or before the analysis'
    peiljaar is already in the counted voorraad and is not added again; what is not delivered
    yet counts from its end year, and at the earliest from the year after the peiljaar. An
    activiteit in a buurt counts for its wijk too (the wijk's figures include its buurten), and
    for the buurt when it has figures. One query.
    """
    gebied_ids, woonvorm_ids = set(gebied_ids), set(woonvorm_ids)
    activiteiten = (
        Activiteit.objects.filter(programma__gemeente=analyse.gemeente_id, aantal__isnull=False)
        .exclude(bouwsoort="")
        .exclude(status=Activiteit.Status.GEANNULEERD)
        .exclude(gebied__isnull=True)
        .select_related("gebied", "afspraak")
    )
    laatste_jaar = analyse.peiljaar + JAREN_VOORUIT
    extra: dict[tuple[int, int, int], int] = defaultdict(int)
    for a in activiteiten:
        woonvorm_id = a.woonvorm_id or a.afspraak.woonvorm_id
        # A buurt's homes are its wijk's too: the wijk's figures include its buurten, and the
        # gemeente's total adds up the wijken.
        doel_ids = {a.gebied_id, a.gebied.parent_id} & gebied_ids
        datum = a.eind or a.start
        if woonvorm_id not in woonvorm_ids or not doel_ids or datum is None:
            continue
        gereed = a.status == Activiteit.Status.GEREED
        if gereed and datum.year <= analyse.peiljaar:
            continue  # delivered: counted in the voorraad of the peiljaar
        aantal = a.gerealiseerd_aantal if gereed and a.gerealiseerd_aantal is not None else a.aantal
        # Not delivered yet: it comes, at the latest after the peiljaar (a late one too).
        vanaf = datum.year if gereed else max(datum.year, analyse.peiljaar + 1)
        for gebied_id in doel_ids:
            for jaar in range(vanaf, laatste_jaar + 1):
                extra[gebied_id, woonvorm_id, jaar] += aantal
    return dict(extra)


# --- The afspraak's page (prestatieafspraken) -----------------------------------------------------


def afspraak_sectie(afspraak: Afspraak, user):
    """The dekking section on an afspraak's own page (registered in AppConfig.ready)."""
    vandaag = timezone.localdate()
    activiteiten = list(
        Activiteit.objects.for_user(user)
        .filter(afspraak=afspraak)
        .select_related("programma__gemeente", "trekker", "woonvorm", "gebied")
    )
    markeer_te_laat(activiteiten, vandaag)
    return "uitvoering/_afspraak_dekking.html", {
        "activiteiten": activiteiten,
        # The dekking counts every activiteit, also those a partner may not open.
        "dekking": bereken_dekking(
            afspraak, Activiteit.objects.filter(afspraak=afspraak).select_related("woonvorm")
        ),
        "vandaag": vandaag,
    }


# --- Sections later phases add to an activiteit's page -------------------------------------------

# f(activiteit, user) -> (template name, context) or None; borging registers its indicatoren in
# its AppConfig.ready(), so this app imports no later phase (ADR 0006).
_activiteit_secties: list = []


def register_activiteit_sectie(sectie):
    if sectie not in _activiteit_secties:
        _activiteit_secties.append(sectie)
    return sectie


def activiteit_secties(activiteit: Activiteit, user) -> list[tuple[str, dict]]:
    return [deel for sectie in _activiteit_secties if (deel := sectie(activiteit, user))]


# --- Added by pages -------------------------------------------------------------------------------


@eenmaal
def programmas_van(gemeente, user) -> list[Uitvoeringsprogramma]:
    """The gemeente's uitvoeringsprogramma's the user sees, newest first; read once per page
    (woonzorg.lezing) for the dashboard's numbers and the ketencheck."""
    return list(
        Uitvoeringsprogramma.objects.for_user(user)
        .in_gemeente(gemeente)
        .order_by("-periode_start", "-pk")
    )


def uitgevoerd():
    """Exists-subquery over an afspraak (OuterRef "pk"): an activiteit carries it out; a
    cancelled one does not."""
    return Exists(
        Activiteit.objects.filter(afspraak=OuterRef("pk")).exclude(
            status=Activiteit.Status.GEANNULEERD
        )
    )


def te_laat_q(vandaag):
    """Activiteit.is_te_laat as a Q, so lists count and filter late ones in SQL (and paginate)."""
    return ~Q(status__in=Activiteit.AFGESLOTEN) & (
        Q(status=Activiteit.Status.VERTRAAGD) | Q(eind__lt=vandaag)
    )
