"""The rules and operations of borging: the public API of this app.

- traject and stoplicht: where an indicator should be in a year (the straight line from its
  nulmeting through its streefwaarden) and the traffic light that compares the meting with it —
  the early warning of the handreiking. Plain functions over plain numbers, no queries.
- waarschuwingen: red indicators, indicators whose meting is due and missing, and afspraken past
  their deadline that are not done.
- voer_meting_in: a meting by the eigenaar's people or gemeente staff; the same period again
  replaces the value (a correction), and the audit log keeps what it was.
- grafiek: an indicator's realisation against its trajectory as an SVG, for the page and the PDF.
"""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from prestatieafspraken.models import Afspraak, Overeenkomst
from uitvoering.models import Activiteit
from woonzorg import audit, permissions
from woonzorg.charts import getal_nl, lijngrafiek
from woonzorg.lezing import eenmaal

from .models import Frequentie, Indicator, Jaarschijfrapport, Meting, Richting, Streefwaarde

logger = logging.getLogger(__name__)

# --- Traject and stoplicht ------------------------------------------------------------------------

GROEN, ORANJE, ROOD, GRIJS = "groen", "oranje", "rood", "grijs"
KLEUR_LABEL = {
    GROEN: gettext_lazy("op koers"),
    ORANJE: gettext_lazy("iets achter"),
    ROOD: gettext_lazy("achter"),
    GRIJS: gettext_lazy("geen oordeel"),
}
# Behind the trajectory by at most this share of the whole way from nulmeting to the last
# streefwaarde is oranje; further behind is rood. A share of the whole way rather than of the
# year's value, so an early year with a small expected step does not turn red at once.
TOLERANTIE = Decimal("0.10")


def traject(
    nulmeting: tuple[int, Decimal] | None, streefwaarden: Iterable[tuple[int, Decimal]]
) -> dict[int, Decimal]:
    """The expected value per year: linear between the nulmeting and each streefwaarde in turn,
    the last streefwaarde held after its year. Years before the first point have none."""
    punten = sorted(({jaar: Decimal(w) for jaar, w in streefwaarden}).items())
    if nulmeting is not None and (not punten or nulmeting[0] < punten[0][0]):
        punten.insert(0, (nulmeting[0], Decimal(nulmeting[1])))
    verwacht: dict[int, Decimal] = {}
    for (jaar_a, a), (jaar_b, b) in zip(punten, punten[1:], strict=False):
        for jaar in range(jaar_a, jaar_b + 1):
            verwacht[jaar] = a + (b - a) * (jaar - jaar_a) / (jaar_b - jaar_a)
    if punten:
        verwacht.setdefault(punten[-1][0], punten[-1][1])
    return verwacht


def verwachte_waarde(
    verwacht: dict[int, Decimal], jaar: int, kwartaal: int | None = None
) -> Decimal | None:
    """The trajectory at the end of the year, or of its quarter: at the end of quarter k it has
    come k/4 of the way from the end of the year before."""
    eind = _aan_het_eind_van(verwacht, jaar)
    vorig = _aan_het_eind_van(verwacht, jaar - 1)
    if kwartaal is None or eind is None or vorig is None:
        return eind
    return vorig + (eind - vorig) * kwartaal / 4


def _aan_het_eind_van(verwacht: dict[int, Decimal], jaar: int) -> Decimal | None:
    if jaar in verwacht:
        return verwacht[jaar]
    eerdere = [j for j in verwacht if j < jaar]
    return verwacht[max(eerdere)] if eerdere else None  # after the last streefwaarde: hold it


@dataclass(frozen=True)
class Stoplicht:
    kleur: str  # GROEN, ORANJE, ROOD or GRIJS
    reden: str  # in words, for the page and the PDF
    jaar: int | None = None
    gemeten: Decimal | None = None
    verwacht: Decimal | None = None
    kwartaal: int | None = None  # the meting's quarter; None: the whole year

    @property
    def label(self) -> str:
        return str(KLEUR_LABEL[self.kleur])


def stoplicht(
    *,
    richting: str,
    nulmeting: tuple[int, Decimal] | None,
    streefwaarden: Sequence[tuple[int, Decimal]],
    jaar: int | None,
    gemeten: Decimal | None,
    kwartaal: int | None = None,
) -> Stoplicht:
    """The traffic light of a meting `gemeten` at the end of `jaar` (or of its `kwartaal`)
    against the trajectory.

    groen: on or ahead of the trajectory; oranje: behind by at most TOLERANTIE of the whole way;
    rood: further behind. grijs: no streefwaarde, no meting, or a year before the trajectory.
    """
    if not streefwaarden:
        return Stoplicht(GRIJS, _("Er is nog geen streefwaarde."), jaar, gemeten)
    if gemeten is None or jaar is None:
        return Stoplicht(GRIJS, _("Er is nog geen meting."), jaar, gemeten)
    verwacht = traject(nulmeting, streefwaarden)
    doel = verwachte_waarde(verwacht, jaar, kwartaal)
    if doel is None:
        return Stoplicht(
            GRIJS, _("Het traject begint pas na %(jaar)s.") % {"jaar": jaar}, jaar, gemeten
        )
    gemeten = Decimal(gemeten)
    achterstand = doel - gemeten if richting == Richting.HOGER else gemeten - doel
    punten = [w for _j, w in sorted(verwacht.items())]
    weg = abs(punten[-1] - punten[0]) or abs(punten[-1]) or Decimal(1)
    woorden = {
        "gemeten": getal_nl(gemeten),
        "verwacht": getal_nl(_rond(doel)),
        "jaar": periode_tekst((jaar, kwartaal if kwartaal != 4 else None)),
    }
    if achterstand <= 0:
        kleur, reden = GROEN, _("%(gemeten)s gemeten in %(jaar)s; het traject vraagt %(verwacht)s.")
    elif achterstand <= TOLERANTIE * weg:
        kleur, reden = (
            ORANJE,
            _("%(gemeten)s gemeten in %(jaar)s; het traject vraagt %(verwacht)s: iets achter."),
        )
    else:
        kleur, reden = (
            ROOD,
            _("%(gemeten)s gemeten in %(jaar)s; het traject vraagt %(verwacht)s: achter."),
        )
    return Stoplicht(kleur, reden % woorden, jaar, gemeten, doel, kwartaal)


def _rond(waarde: Decimal) -> Decimal:
    return waarde.quantize(Decimal("0.1")).normalize() if waarde % 1 else waarde.normalize()


# --- An indicator's figures (from prefetched rows, no queries) ------------------------------------


def jaarstanden(
    metingen: Iterable[Meting], gebied_id: int | None = None
) -> dict[int, tuple[int | None, Decimal]]:
    """The indicator's stand per year, as (kwartaal or None, waarde): the year's own meting,
    else its latest quarter (a meting is the stand at the end of its period).

    The value is that of the indicator's own gebied (`gebied_id`) when it has one and it was
    measured, else of the whole gemeente; metingen of other gebieden are context.
    """
    per_jaar: dict[int, tuple[tuple, int | None, Decimal]] = {}
    for meting in metingen:
        if meting.gebied_id not in (None, gebied_id):
            continue
        rang = (meting.gebied_id is not None, 5 if meting.kwartaal is None else meting.kwartaal)
        if meting.jaar not in per_jaar or rang > per_jaar[meting.jaar][0]:
            per_jaar[meting.jaar] = (rang, meting.kwartaal, meting.waarde)
    return {jaar: (kwartaal, waarde) for jaar, (_r, kwartaal, waarde) in sorted(per_jaar.items())}


def jaarwaarden(metingen: Iterable[Meting], gebied_id: int | None = None) -> dict[int, Decimal]:
    """The value per year of jaarstanden()."""
    return {jaar: waarde for jaar, (_k, waarde) in jaarstanden(metingen, gebied_id).items()}


def nulmeting_van(indicator: Indicator) -> tuple[int, Decimal] | None:
    if indicator.nulmeting is None or indicator.nulmeting_jaar is None:
        return None
    return indicator.nulmeting_jaar, indicator.nulmeting


def streefwaarden_van(indicator: Indicator) -> list[tuple[int, Decimal]]:
    return [(s.jaar, s.waarde) for s in indicator.alle_streefwaarden]


def stoplicht_van(indicator: Indicator, jaar: int | None = None) -> Stoplicht:
    """The indicator's stoplicht on its latest meting, up to and including `jaar` when given
    (a report on a year without a meting shows the one before, with its year). Expects
    streefwaarden and metingen prefetched (met_metingen or met_standen)."""
    standen = jaarstanden(indicator.alle_metingen, indicator.gebied_id)
    jaar = max((j for j in standen if jaar is None or j <= jaar), default=None)
    kwartaal, gemeten = standen[jaar] if jaar is not None else (None, None)
    return stoplicht(
        richting=indicator.richting,
        nulmeting=nulmeting_van(indicator),
        streefwaarden=streefwaarden_van(indicator),
        jaar=jaar,
        gemeten=gemeten,
        kwartaal=kwartaal,
    )


def gemeten():
    """Exists-subquery over an afspraak (OuterRef "pk"): an indicator measures it, of its own or
    of one of its activiteiten.

    Two subqueries rather than one with an OR across the join: PostgreSQL cannot use an index
    for that OR and scans every indicator per afspraak (make bench: 4.7 s against 25 ms for
    the 600 afspraken of a large gemeente).
    """
    return Exists(Indicator.objects.filter(afspraak=OuterRef("pk"))) | Exists(
        Indicator.objects.filter(activiteit__afspraak=OuterRef("pk"))
    )


# Where met_metingen and met_standen put an indicator's streefwaarden (by year) and metingen: as
# plain lists (Prefetch to_attr), because a prefetched manager costs a queryset per indicator.
STREEFWAARDEN_LIJST = "alle_streefwaarden"
METINGEN_LIJST = "alle_metingen"


def met_metingen(indicatoren):
    """Indicatoren with what the stoplicht, charts and lists read; a fixed number of queries."""
    return _met_lijsten(
        indicatoren.select_related(
            "gemeente",
            "eigenaar",
            "gebied",
            "afspraak__overeenkomst__gemeente",
            "activiteit__programma__gemeente",
        ),
        Meting.objects.select_related("gebied", "ingevoerd_door"),
    )


def met_standen(indicatoren):
    """Indicatoren with no more than their stoplicht, chart and due meting read (stoplicht_van,
    grafiek, meting_ontbreekt): the dashboard, the ketencheck and the monitoring page go over
    hundreds of them. Whether it still runs comes as a value (met_looptijd), not by loading its
    afspraak and activiteit. met_metingen adds those and the metingen' gebied and author."""
    return _met_lijsten(
        indicatoren.met_looptijd().select_related("gemeente", "eigenaar", "gebied"),
        Meting.objects.only("indicator", "jaar", "kwartaal", "gebied", "waarde"),
    )


def _met_lijsten(indicatoren, metingen):
    """The streefwaarden by year and the given metingen, as lists (STREEFWAARDEN_LIJST,
    METINGEN_LIJST)."""
    return indicatoren.prefetch_related(
        Prefetch(
            "streefwaarden",
            queryset=Streefwaarde.objects.order_by("jaar"),
            to_attr=STREEFWAARDEN_LIJST,
        ),
        Prefetch("metingen", queryset=metingen, to_attr=METINGEN_LIJST),
    )


@eenmaal
def indicatoren_van(gemeente, user) -> list[Indicator]:
    """The user's indicatoren in the gemeente by name, with met_standen; read once per page for
    the dashboard's numbers and its ketencheck. Three queries."""
    indicatoren = list(
        met_standen(Indicator.objects.for_user(user).in_gemeente(gemeente)).order_by("naam", "pk")
    )
    for indicator in indicatoren:
        indicator.gemeente = gemeente  # the one instance, not one per row
    return indicatoren


def grafiek(indicator: Indicator, *, tot_jaar: int | None = None):
    """Realisation against the trajectory, per year, as an SVG line chart (page and PDF)."""
    waarden = jaarwaarden(indicator.alle_metingen, indicator.gebied_id)
    if tot_jaar is not None:
        waarden = {j: w for j, w in waarden.items() if j <= tot_jaar}
    verwacht = traject(nulmeting_van(indicator), streefwaarden_van(indicator))
    jaren = sorted(set(waarden) | set(verwacht))
    if jaren:
        jaren = list(range(jaren[0], jaren[-1] + 1))
    if nulmeting_van(indicator):
        waarden.setdefault(indicator.nulmeting_jaar, indicator.nulmeting)
    return lijngrafiek(
        titel=str(indicator.naam),
        jaren=jaren,
        reeksen=[
            (_("Traject"), [verwacht.get(j) for j in jaren]),
            (_("Gemeten"), [waarden.get(j) for j in jaren]),
        ],
        eenheid=indicator.eenheid,
        hoogte=220,
    )


# --- Early warnings -------------------------------------------------------------------------------


def laatste_periode(frequentie: str, vandaag: datetime.date) -> tuple[int, int | None]:
    """The last period that has ended: last year, or the last quarter (year, kwartaal)."""
    if frequentie == Frequentie.PER_KWARTAAL:
        kwartaal = (vandaag.month - 1) // 3  # the quarter before the current one
        return (vandaag.year - 1, 4) if kwartaal == 0 else (vandaag.year, kwartaal)
    return vandaag.year - 1, None


def meting_ontbreekt(indicator: Indicator, vandaag: datetime.date) -> tuple[int, int | None] | None:
    """The period whose meting is due and missing, or None. Due while the trajectory runs:
    from the year after the nulmeting (or the first streefwaarde) up to the last streefwaarde;
    without streefwaarden there is no trajectory, so nothing is due."""
    jaar, kwartaal = laatste_periode(indicator.frequentie, vandaag)
    streef = [j for j, _w in streefwaarden_van(indicator)]
    if not streef:
        return None
    begin = indicator.nulmeting_jaar + 1 if indicator.nulmeting_jaar else min(streef)
    if jaar < begin or jaar > max(streef):
        return None
    for meting in indicator.alle_metingen:
        if meting.gebied_id not in (None, indicator.gebied_id) or meting.jaar != jaar:
            continue
        if kwartaal is None or meting.kwartaal in (kwartaal, None):
            return None
    return jaar, kwartaal


def periode_tekst(periode: tuple[int, int | None]) -> str:
    jaar, kwartaal = periode
    return f"{jaar} K{kwartaal}" if kwartaal else str(jaar)


@dataclass
class Waarschuwingen:
    rood: list[tuple[Indicator, Stoplicht]] = field(default_factory=list)
    zonder_meting: list[tuple[Indicator, str]] = field(default_factory=list)  # (indicator, periode)
    over_deadline: list[Afspraak] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return len(self.rood) + len(self.zonder_meting) + len(self.over_deadline)


def waarschuwingen(
    indicatoren, afspraken, vandaag: datetime.date, lichten: dict | None = None
) -> Waarschuwingen:
    """The early warnings over indicatoren (with met_standen) and afspraken (with
    afspraken_over_deadline); `lichten` (indicator pk → Stoplicht) when the caller has them.
    No queries of its own."""
    uitkomst = Waarschuwingen()
    for indicator in indicatoren:
        licht = lichten[indicator.pk] if lichten else stoplicht_van(indicator)
        if licht.kleur == ROOD:
            uitkomst.rood.append((indicator, licht))
        periode = meting_ontbreekt(indicator, vandaag)
        if periode:
            uitkomst.zonder_meting.append((indicator, periode_tekst(periode)))
    uitkomst.over_deadline = list(afspraken)
    return uitkomst


def afspraken_over_deadline(afspraken, vandaag: datetime.date):
    """Afspraken whose deadline has passed while they are not done: an activiteit is still
    open, less is realised than agreed, or nothing carries them out. Subqueries, no row per
    activiteit."""
    van_afspraak = Activiteit.objects.filter(afspraak=OuterRef("pk"))
    # A cancelled activiteit carries nothing out: it is neither open work nor realisation.
    lopend = van_afspraak.exclude(status=Activiteit.Status.GEANNULEERD)
    gerealiseerd = (
        lopend.order_by().values("afspraak").annotate(som=Sum("gerealiseerd_aantal")).values("som")
    )
    return (
        afspraken.filter(deadline__lt=vandaag)
        .exclude(overeenkomst__status=Overeenkomst.Status.BEEINDIGD)
        .annotate(
            open_werk=Exists(van_afspraak.exclude(status__in=Activiteit.AFGESLOTEN)),
            uitgevoerd=Exists(lopend),
            gerealiseerd=Coalesce(Subquery(gerealiseerd), 0),
        )
        .filter(
            Q(open_werk=True)
            | Q(aantal__isnull=False, gerealiseerd__lt=F("aantal"))
            | Q(uitgevoerd=False)
        )
        .select_related("overeenkomst__gemeente", "trekker")
        .order_by("deadline", "overeenkomst_id", "nummer")
    )


# --- Entering a meting ----------------------------------------------------------------------------


@transaction.atomic
def voer_meting_in(
    indicator: Indicator,
    *,
    door,
    jaar: int,
    waarde: Decimal,
    kwartaal: int | None = None,
    gebied=None,
    bron: str = "",
    toelichting: str = "",
    audit_log: bool = True,
) -> tuple[Meting, bool]:
    """Record a meting; (meting, nieuw). The same indicator, period and gebied again replace
    the value: a correction, kept in the audit log with the old value."""
    if not permissions.can_report(door, indicator):
        raise PermissionDenied(_("U kunt voor deze indicator geen metingen invoeren."))
    # One writer per indicator at a time: two first metingen of one period entered at the same
    # moment would otherwise both insert, and one would fail on the unique constraint.
    Indicator.objects.select_for_update().only("pk").get(pk=indicator.pk)
    meting = Meting.objects.filter(
        indicator=indicator, jaar=jaar, kwartaal=kwartaal, gebied=gebied
    ).first()
    nieuw = meting is None
    oud = None if nieuw else meting.waarde
    if nieuw:
        meting = Meting(indicator=indicator, jaar=jaar, kwartaal=kwartaal, gebied=gebied)
    meting.waarde = waarde
    meting.bron = bron.strip() or indicator.bron
    meting.toelichting = toelichting.strip()
    meting.ingevoerd_door = door
    meting.full_clean(validate_constraints=False)
    meting.save()
    if audit_log:
        audit.log(door, indicator, _meting_bericht(meting, oud))
    return meting, nieuw


def _meting_bericht(meting: Meting, oud: Decimal | None) -> str:
    waar = f" ({meting.gebied.naam})" if meting.gebied_id else ""
    if oud is None:
        return _("Meting %(periode)s%(waar)s ingevoerd: %(waarde)s.") % {
            "periode": meting.periode,
            "waar": waar,
            "waarde": getal_nl(meting.waarde),
        }
    return _("Meting %(periode)s%(waar)s gecorrigeerd: %(oud)s → %(waarde)s.") % {
        "periode": meting.periode,
        "waar": waar,
        "oud": getal_nl(oud),
        "waarde": getal_nl(meting.waarde),
    }


# --- Registered with earlier phases ---------------------------------------------------------------


def _sectie(indicatoren, user, gemeente, **koppeling):
    indicatoren = list(met_metingen(indicatoren))
    for indicator in indicatoren:
        indicator.licht = stoplicht_van(indicator)
    return "borging/_indicatoren_sectie.html", {
        "indicatoren": indicatoren,
        "gemeente": gemeente,
        "koppeling": koppeling,  # what a new indicator starts under: ?afspraak= or ?activiteit=
        "mag_toevoegen": permissions.is_editor(user, gemeente),
    }


def afspraak_sectie(afspraak: Afspraak, user):
    """The indicators on an afspraak's own page (registered in AppConfig.ready)."""
    indicatoren = Indicator.objects.for_user(user).filter(afspraak=afspraak)
    return _sectie(indicatoren, user, afspraak.overeenkomst.gemeente, afspraak=afspraak.pk)


def activiteit_sectie(activiteit: Activiteit, user):
    """The indicators on an activiteit's own page (registered in AppConfig.ready)."""
    indicatoren = Indicator.objects.for_user(user).filter(activiteit=activiteit)
    return _sectie(indicatoren, user, activiteit.programma.gemeente, activiteit=activiteit.pk)


# --- The jaarschijfrapport ------------------------------------------------------------------------


def vraag_rapport_aan(gemeente, jaar: int, *, door) -> Jaarschijfrapport:
    """Queue a new jaarschijfrapport for the year; earlier ones are kept. A report of that year
    still being made is returned instead of a second one (a double click).

    The task starts once the request's transaction has committed.
    """
    permissions.require(permissions.is_editor(door, gemeente))
    lopend = Jaarschijfrapport.objects.filter(
        gemeente=gemeente, jaar=jaar, status__in=Jaarschijfrapport.LOPEND
    )
    rapport = next((r for r in lopend if not r.vastgelopen), None)
    if rapport is None:
        rapport = Jaarschijfrapport.objects.create(
            gemeente=gemeente, jaar=jaar, aangevraagd_door=door
        )
        transaction.on_commit(lambda: start_rapport(rapport))
    return rapport


def start_rapport(rapport: Jaarschijfrapport) -> None:
    """Hand the report to the worker. When the broker cannot be reached the report is mislukt at
    once with a reason the page shows, instead of an error page or a report that never starts."""
    from .tasks import maak_jaarschijfrapport

    try:
        maak_jaarschijfrapport.delay(rapport.pk)
    except (OperationalError, OSError) as fout:  # Redis down or unreachable
        logger.error("Jaarschijfrapport %s niet gestart: %s", rapport.pk, fout)
        Jaarschijfrapport.objects.filter(pk=rapport.pk).update(
            status=Jaarschijfrapport.Status.MISLUKT,
            fout=_(
                "De achtergrondverwerking is niet bereikbaar. Probeer het later opnieuw of neem "
                "contact op met de beheerder."
            ),
        )
