"""The chain of one ambitie on one page: bevindingen → ambitie → doelstellingen → afspraken
(SMART-check, signatures) → activiteiten (dekking, voortgang) → indicatoren (stoplicht).

Every layer comes through `for_user()`, so a partner sees its own part of the chain; the dekking
counts every activiteit of an afspraak, as the afspraak's page does. A fixed number of queries,
however long the chain. Where it stops is said in words (`Keten.breuken`).

keten_sectie is registered with visies (AppConfig.ready): the ambitie's page shows a summary and
links here, without visies importing borging (ADR 0006).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from analyses.models import Bevinding
from prestatieafspraken.models import Afspraak, Ondertekening, Partij
from prestatieafspraken.services import (
    LOPEND,
    MET_RESULTAAT,
    Ondertekenstand,
    SmartCheck,
    met_resultaat,
    natuurlijk,
    ondertekenstand,
    smart_check,
)
from uitvoering.models import Activiteit, Voortgang
from uitvoering.services import Dekking, bereken_dekking, uitgevoerd
from visies.models import Ambitie, Doelstelling
from visies.services import Concreetheid, concreetheid
from woonzorg import permissions
from woonzorg.charts import getal_nl

from .models import Indicator
from .services import KLEUR_LABEL, Stoplicht, gemeten, met_metingen, stoplicht_van

GEEN_BEVINDING = gettext_lazy("geen bevinding")
GEEN_AFSPRAAK = gettext_lazy("geen afspraak")
GEEN_ACTIVITEIT = gettext_lazy("geen activiteit")
GEEN_INDICATOR = gettext_lazy("geen indicator")


@dataclass
class IndicatorSchakel:
    indicator: Indicator
    licht: Stoplicht


@dataclass
class ActiviteitSchakel:
    activiteit: Activiteit
    te_laat: bool
    voortgang: Voortgang | None  # the latest report
    indicatoren: list[IndicatorSchakel] = field(default_factory=list)


@dataclass
class AfspraakSchakel:
    afspraak: Afspraak
    dekking: Dekking
    activiteiten: list[ActiviteitSchakel]  # those the user may open
    indicatoren: list[IndicatorSchakel]  # the afspraak's own, not those of an activiteit
    uitgevoerd: int  # activiteiten that carry it out, also those the user may not open
    smart: SmartCheck = field(init=False)

    def __post_init__(self):
        # An indicator makes an afspraak meetbaar too.
        self.smart = smart_check(self.afspraak, heeft_indicator=self.heeft_indicator)

    @property
    def verborgen(self) -> int:
        """Activiteiten of other partners, which the user may not open."""
        return max(0, self.uitgevoerd - len(self.activiteiten))

    @property
    def alle_indicatoren(self) -> list[tuple[IndicatorSchakel, Activiteit | None]]:
        """The afspraak's own indicatoren, then those of its activiteiten (with the activiteit)."""
        eigen = [(i, None) for i in self.indicatoren]
        return eigen + [(i, a.activiteit) for a in self.activiteiten for i in a.indicatoren]

    @property
    def heeft_indicator(self) -> bool:
        return bool(self.alle_indicatoren)

    @property
    def breuken(self) -> list[str]:
        if not met_resultaat(self.afspraak):  # as in the ketencheck
            return []
        breuken = []
        if not self.uitgevoerd:
            breuken.append(str(GEEN_ACTIVITEIT))
        if not self.heeft_indicator:
            breuken.append(str(GEEN_INDICATOR))
        return breuken


@dataclass
class OvereenkomstSchakel(Ondertekenstand):
    """An overeenkomst in the chain: who signed its current versie, and its afspraken."""

    afspraken: list[AfspraakSchakel] = field(default_factory=list)


@dataclass(frozen=True)
class Breuk:
    """Where the chain stops: the link (`waar`, `anker` on the page) and what it lacks, in
    words ("geen activiteit")."""

    waar: str
    anker: str
    ontbreekt: tuple[str, ...]


@dataclass
class Keten:
    ambitie: Ambitie
    bevindingen: list[Bevinding]
    concreetheid: Concreetheid
    overeenkomsten: list[OvereenkomstSchakel]
    volledig: bool  # the user sees the whole gemeente; a partner sees only its own part

    @property
    def afspraken(self) -> list[AfspraakSchakel]:
        return [a for o in self.overeenkomsten for a in o.afspraken]

    @property
    def activiteiten(self) -> list[ActiviteitSchakel]:
        return [act for a in self.afspraken for act in a.activiteiten]

    @property
    def indicatoren(self) -> list[IndicatorSchakel]:
        return [i for a in self.afspraken for i, _activiteit in a.alle_indicatoren]

    @property
    def per_kleur(self) -> list[tuple[str, str, int]]:
        """(kleur, label, count) of the indicatoren's stoplichten, in the order of KLEUR_LABEL."""
        tellen = defaultdict(int)
        for schakel in self.indicatoren:
            tellen[schakel.licht.kleur] += 1
        return [(k, str(label), tellen[k]) for k, label in KLEUR_LABEL.items() if tellen[k]]

    @property
    def breuken(self) -> list[Breuk]:
        """Every place the chain stops. A partner is not told an afspraak is missing: it sees
        only the afspraken it is party to."""
        ambitie = str(self.ambitie)
        breuken = []
        if not self.bevindingen:
            breuken.append(Breuk(ambitie, "bevindingen", (str(GEEN_BEVINDING),)))
        lopend = [a for a in self.afspraken if a.afspraak.overeenkomst.status in LOPEND]
        if not lopend and self.volledig:
            breuken.append(Breuk(ambitie, "afspraken", (str(GEEN_AFSPRAAK),)))
        for schakel in self.afspraken:
            if schakel.breuken:
                afspraak = schakel.afspraak
                anker = f"afspraak-{afspraak.pk}"
                breuken.append(Breuk(str(afspraak), anker, tuple(schakel.breuken)))
        return breuken


def keten_van(ambitie: Ambitie, user) -> Keten:
    """The chain below (and the findings above) one ambitie as `user` may see it.

    Twelve queries at most, however many afspraken, activiteiten, indicatoren and metingen.
    """
    gemeente = ambitie.visie.gemeente
    bevindingen = list(
        Bevinding.objects.for_user(user)
        .filter(onderbouwingen__ambitie=ambitie)
        .select_related("analyse__gemeente")
        .order_by("titel", "pk")
    )
    for bevinding in bevindingen:
        bevinding.waarde_nl = getal_nl(bevinding.waarde)
    doelstellingen = list(
        Doelstelling.objects.for_user(user)
        .filter(ambitie=ambitie)
        .select_related("ambitie__visie__gemeente", "woonvorm", "gebied")
    )

    afspraken = sorted(
        Afspraak.objects.for_user(user)
        .filter(ambitie=ambitie)
        .select_related(
            "overeenkomst__gemeente",
            "trekker",
            "woonvorm",
            "gebied",
            "doelstelling__woonvorm",
            "doelstelling__ambitie__visie__gemeente",  # its link goes through its ambitie
        ),
        key=lambda a: (
            -a.overeenkomst.periode_start,
            a.overeenkomst.titel,
            a.overeenkomst_id,
            natuurlijk(a.nummer),
        ),
    )
    afspraak_ids = [a.pk for a in afspraken]
    overeenkomst_ids = {a.overeenkomst_id for a in afspraken}

    partijen = defaultdict(list)
    for partij in (
        Partij.objects.for_user(user)
        .filter(overeenkomst__in=overeenkomst_ids)
        .select_related("organisatie")
    ):
        partijen[partij.overeenkomst_id].append(partij)
    ondertekeningen = defaultdict(list)
    for ondertekening in (
        Ondertekening.objects.for_user(user)
        .filter(overeenkomst__in=overeenkomst_ids)
        .select_related("organisatie", "ondertekend_door")
    ):
        ondertekeningen[ondertekening.overeenkomst_id].append(ondertekening)

    # The dekking counts every activiteit of the afspraak, also another partner's (its page
    # does the same); the list shows only those the user may open.
    alle = defaultdict(list)
    for activiteit in Activiteit.objects.filter(afspraak__in=afspraak_ids).select_related(
        "woonvorm"
    ):
        alle[activiteit.afspraak_id].append(activiteit)
    laatste = Voortgang.objects.filter(activiteit=OuterRef("activiteit")).order_by(
        "-datum", "-gemeld_op", "-pk"
    )
    voortgang = {
        v.activiteit_id: v
        for v in Voortgang.objects.for_user(user)
        .filter(activiteit__afspraak__in=afspraak_ids)
        .filter(pk=Subquery(laatste.values("pk")[:1]))
    }
    vandaag = timezone.localdate()
    per_afspraak = defaultdict(list)
    activiteiten = {}
    for activiteit in (
        Activiteit.objects.for_user(user)
        .filter(afspraak__in=afspraak_ids)
        .select_related("programma__gemeente", "trekker", "woonvorm", "gebied")
    ):
        schakel = ActiviteitSchakel(
            activiteit,
            te_laat=activiteit.is_te_laat(vandaag),
            voortgang=voortgang.get(activiteit.pk),
        )
        activiteiten[activiteit.pk] = schakel
        per_afspraak[activiteit.afspraak_id].append(schakel)

    # The indicatoren of the afspraken and of their activiteiten, each placed at its activiteit
    # when it has one (one the user may open), otherwise at its afspraak.
    eigen_indicatoren = defaultdict(list)
    for indicator in met_metingen(
        Indicator.objects.for_user(user).filter(
            Q(afspraak__in=afspraak_ids) | Q(activiteit__afspraak__in=afspraak_ids)
        )
    ):
        schakel = IndicatorSchakel(indicator, stoplicht_van(indicator))
        if indicator.activiteit_id in activiteiten:
            activiteiten[indicator.activiteit_id].indicatoren.append(schakel)
        else:
            afspraak_id = indicator.afspraak_id or indicator.activiteit.afspraak_id
            eigen_indicatoren[afspraak_id].append(schakel)

    overeenkomsten: dict[int, OvereenkomstSchakel] = {}
    for afspraak in afspraken:
        o = afspraak.overeenkomst
        if o.pk not in overeenkomsten:
            stand = ondertekenstand(o, partijen[o.pk], ondertekeningen[o.pk])
            overeenkomsten[o.pk] = OvereenkomstSchakel(o, stand)
        overeenkomsten[o.pk].afspraken.append(
            AfspraakSchakel(
                afspraak,
                dekking=bereken_dekking(afspraak, alle[afspraak.pk]),
                activiteiten=per_afspraak[afspraak.pk],
                indicatoren=eigen_indicatoren[afspraak.pk],
                uitgevoerd=sum(
                    a.status != Activiteit.Status.GEANNULEERD for a in alle[afspraak.pk]
                ),
            )
        )

    return Keten(
        ambitie=ambitie,
        bevindingen=bevindingen,
        concreetheid=concreetheid(doelstellingen),
        overeenkomsten=list(overeenkomsten.values()),
        volledig=permissions.has_full_view(user, gemeente),
    )


# --- Registered with visies -----------------------------------------------------------------------


def keten_sectie(ambitie: Ambitie, user):
    """The chain in numbers on the ambitie's own page, with the link to the whole chain (three
    queries; the page itself reads everything else)."""
    gemeente = ambitie.visie.gemeente
    afspraken = (
        Afspraak.objects.for_user(user)
        .filter(ambitie=ambitie)
        .annotate(uitgevoerd=uitgevoerd(), gemeten=gemeten())
        .aggregate(
            aantal=Count("pk"),
            zonder_activiteit=Count("pk", filter=MET_RESULTAAT & Q(uitgevoerd=False)),
            zonder_indicator=Count("pk", filter=MET_RESULTAAT & Q(gemeten=False)),
        )
    )
    activiteiten = Activiteit.objects.for_user(user).filter(afspraak__ambitie=ambitie).count()
    indicatoren = (
        Indicator.objects.for_user(user)
        .filter(Q(afspraak__ambitie=ambitie) | Q(activiteit__afspraak__ambitie=ambitie))
        .count()
    )
    return "borging/_keten_sectie.html", {
        "afspraken": afspraken["aantal"],
        "activiteiten": activiteiten,
        "indicatoren": indicatoren,
        "zonder_activiteit": afspraken["zonder_activiteit"],
        "zonder_indicator": afspraken["zonder_indicator"],
        "volledig": permissions.has_full_view(user, gemeente),
        "url": reverse("borging:keten", kwargs={"gemeente": gemeente.cbs_code, "pk": ambitie.pk}),
    }
