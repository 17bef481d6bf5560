"""The visie's rules and operations: the public API of this app for the later phases.

- concreetheid: is an ambitie made measurable (a doelstelling with a number, a place and a year)?
- huidige_visie: the visie the rest of the chain hangs from.
- vaststellen and nieuwe_versie: a visie is fixed by a council decision; changing it afterwards
  means a new concept version that starts as a copy.
- uitslag and rangschik: initiatieven scored against the weighted criteria of the afwegingskader.
- register_ambitie_sectie: later phases add a section to an ambitie's page (borging its chain)
  without this app importing them.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from woonzorg.lezing import eenmaal

from .models import (
    STANDAARD_THEMAS,
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Thema,
    Woonzorgvisie,
)

# --- Concreetheid ---------------------------------------------------------------------------------

ONDERDELEN = {
    "aantal": gettext_lazy("een aantal"),
    "plaats": gettext_lazy("een plaats"),
    "jaar": gettext_lazy("een streefjaar"),
}


@dataclass(frozen=True)
class DoelstellingCheck:
    """Which of number, place and year a doelstelling names."""

    doelstelling: Doelstelling
    aantal: bool
    plaats: bool
    jaar: bool

    @property
    def concreet(self) -> bool:
        return self.aantal and self.plaats and self.jaar

    @property
    def ontbreekt(self) -> list[str]:
        return [str(label) for naam, label in ONDERDELEN.items() if not getattr(self, naam)]


def check_doelstelling(doelstelling: Doelstelling) -> DoelstellingCheck:
    return DoelstellingCheck(
        doelstelling=doelstelling,
        aantal=bool(doelstelling.aantal),
        plaats=bool(doelstelling.gebied_id or doelstelling.locatie.strip()),
        jaar=bool(doelstelling.streefjaar),
    )


@dataclass(frozen=True)
class Concreetheid:
    """An ambitie is concreet when at least one doelstelling names a number, a place and a year."""

    checks: list[DoelstellingCheck] = field(default_factory=list)

    @property
    def concreet(self) -> bool:
        return any(check.concreet for check in self.checks)

    @property
    def dichtstbij(self) -> DoelstellingCheck | None:
        """The doelstelling that lacks least: the one to finish first."""
        if not self.checks:
            return None
        return min(self.checks, key=lambda check: len(check.ontbreekt))

    @property
    def advies(self) -> str:
        if self.concreet:
            return _("Concreet: er is een doelstelling met een aantal, een plaats en een jaar.")
        if not self.checks:
            return _(
                "Nog niet concreet: voeg een doelstelling toe met een aantal, een plaats en een "
                "streefjaar."
            )
        return _("Nog niet concreet: de doelstelling “%(doelstelling)s” mist nog %(wat)s.") % {
            "doelstelling": self.dichtstbij.doelstelling,
            "wat": opsomming(self.dichtstbij.ontbreekt),
        }


def opsomming(delen: list[str]) -> str:
    """["a", "b", "c"] → "a, b en c"."""
    if len(delen) <= 1:
        return "".join(delen)
    return _("%(eerste)s en %(laatste)s") % {"eerste": ", ".join(delen[:-1]), "laatste": delen[-1]}


def concreetheid(doelstellingen) -> Concreetheid:
    """The check over an ambitie's doelstellingen (pass the prefetched ones; no query here)."""
    return Concreetheid(checks=[check_doelstelling(d) for d in doelstellingen])


def nog_niet_concreet(ambities) -> list[Ambitie]:
    """The ambities without a concrete doelstelling; expects doelstellingen prefetched."""
    return [a for a in ambities if not concreetheid(a.doelstellingen.all()).concreet]


@eenmaal
def visies_van(gemeente, user) -> list[Woonzorgvisie]:
    """The gemeente's visies the user sees, newest first; read once per page (woonzorg.lezing)
    for the dashboard's numbers and the ketencheck."""
    return list(
        Woonzorgvisie.objects.for_user(user)
        .filter(gemeente=gemeente)
        .select_related("gemeente")
        .order_by("-periode_start", "-versie", "-pk")
    )


@dataclass(frozen=True)
class Visiestand:
    """A gemeente's visies (newest first), and the ambities of the newest and of the visie in
    force: the dashboard counts the first, the ketencheck checks the second, and they differ
    while a next version is a concept."""

    visies: list[Woonzorgvisie]
    ambities: dict[int, list[Ambitie]]  # per visie pk, in the visie's order


@eenmaal
def visiestand(gemeente, user) -> Visiestand:
    """Read once per page (woonzorg.lezing): the visies and both visies' ambities with their
    thema and doelstellingen, in three queries."""
    visies = visies_van(gemeente, user)
    per_visie = {v.pk: v for v in (*visies[:1], kies_huidige(visies)) if v is not None}
    ambities: dict[int, list[Ambitie]] = {pk: [] for pk in per_visie}
    for ambitie in (
        Ambitie.objects.for_user(user)
        .filter(visie__in=list(per_visie))
        .select_related("thema")
        .prefetch_related(Prefetch("doelstellingen", queryset=Doelstelling.objects.for_user(user)))
        .order_by("thema__volgorde", "volgorde", "pk")
    ):
        ambitie.visie = per_visie[ambitie.visie_id]  # the one instance, not one per row
        ambities[ambitie.visie_id].append(ambitie)
    return Visiestand(visies, ambities)


def huidige_visie(gemeente, user) -> Woonzorgvisie | None:
    """The visie in force: the newest vastgestelde, or while none is, the newest concept.

    A concept next version does not replace the vastgestelde one until the council adopts it:
    the agreements still carry out the visie in force.
    """
    return kies_huidige(visies_van(gemeente, user))


def kies_huidige(visies: list[Woonzorgvisie]) -> Woonzorgvisie | None:
    """huidige_visie among visies listed newest first."""
    vastgesteld = [v for v in visies if v.status == Woonzorgvisie.Status.VASTGESTELD]
    return (vastgesteld or visies or [None])[0]


# --- Status and versions --------------------------------------------------------------------------


def voeg_standaardthemas_toe(visie: Woonzorgvisie) -> list[Thema]:
    """The three themes most visies use; the advisor renames or removes them as needed."""
    return Thema.objects.bulk_create(
        Thema(visie=visie, naam=naam, omschrijving=omschrijving, volgorde=volgorde)
        for volgorde, (naam, omschrijving) in enumerate(STANDAARD_THEMAS, start=1)
    )


@transaction.atomic
def vaststellen(visie: Woonzorgvisie, *, vastgesteld_op, besluit: str) -> Woonzorgvisie:
    """Fix a concept visie by the council's decision; from then on it is read-only."""
    visie = Woonzorgvisie.objects.select_for_update().get(pk=visie.pk)
    if visie.is_vastgesteld:
        raise ValidationError(_("Deze visie is al vastgesteld."))
    if not besluit.strip():
        raise ValidationError(
            {"besluit": _("Vermeld het besluit waarmee de visie is vastgesteld.")}
        )
    visie.status = Woonzorgvisie.Status.VASTGESTELD
    visie.vastgesteld_op = vastgesteld_op
    visie.besluit = besluit.strip()
    visie.save(update_fields=["status", "vastgesteld_op", "besluit", "gewijzigd"])
    return visie


@transaction.atomic
def nieuwe_versie(visie: Woonzorgvisie) -> Woonzorgvisie:
    """A concept copy of a vastgestelde visie: themes, ambities, doelstellingen and criteria.

    Initiatieven stay with the visie they were scored against. A visie has at most one next
    version; asking again returns it.
    """
    visie = Woonzorgvisie.objects.select_for_update().get(pk=visie.pk)
    if not visie.is_vastgesteld:
        raise ValidationError(
            _("Een concept wijzigt u zelf; een nieuwe versie kan pas na vaststelling.")
        )
    bestaande = Woonzorgvisie.objects.filter(vorige_versie=visie).first()
    if bestaande:
        return bestaande

    kopie = Woonzorgvisie.objects.create(
        gemeente=visie.gemeente,
        titel=visie.titel,
        periode_start=visie.periode_start,
        periode_eind=visie.periode_eind,
        samenvatting=visie.samenvatting,
        analyse=visie.analyse,
        versie=visie.versie + 1,
        vorige_versie=visie,
    )
    kopie.partners.set(visie.partners.all())
    themas = {}
    for thema in visie.themas.all():
        themas[thema.pk] = Thema.objects.create(
            visie=kopie, naam=thema.naam, omschrijving=thema.omschrijving, volgorde=thema.volgorde
        )
    ambities = visie.ambities.prefetch_related(
        "doelgroepen", "woonvormen", "gebieden", "bevindingen", "doelstellingen"
    )
    for ambitie in ambities:
        nieuw = Ambitie.objects.create(
            visie=kopie,
            thema=themas[ambitie.thema_id],
            titel=ambitie.titel,
            toelichting=ambitie.toelichting,
            volgorde=ambitie.volgorde,
        )
        nieuw.doelgroepen.set(ambitie.doelgroepen.all())
        nieuw.woonvormen.set(ambitie.woonvormen.all())
        nieuw.gebieden.set(ambitie.gebieden.all())
        nieuw.bevindingen.set(ambitie.bevindingen.all())
        Doelstelling.objects.bulk_create(
            Doelstelling(
                ambitie=nieuw,
                omschrijving=d.omschrijving,
                woonvorm_id=d.woonvorm_id,
                aantal=d.aantal,
                eenheid=d.eenheid,
                gebied_id=d.gebied_id,
                locatie=d.locatie,
                streefjaar=d.streefjaar,
            )
            for d in ambitie.doelstellingen.all()
        )
    Afwegingscriterium.objects.bulk_create(
        Afwegingscriterium(visie=kopie, naam=c.naam, toelichting=c.toelichting, weging=c.weging)
        for c in visie.criteria.all()
    )
    return kopie


# --- Afwegingskader -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uitslag:
    """An initiatief's score: weighted points as a percentage of the maximum.

    A criterion not yet scored counts as 0, so an incomplete score is a lower bound, and the
    ranking puts complete assessments first.
    """

    initiatief: Initiatief
    punten: int
    maximum: int
    ontbreekt: tuple[Afwegingscriterium, ...]
    plaats: int | None = None

    @property
    def volledig(self) -> bool:
        return not self.ontbreekt and self.maximum > 0

    @property
    def percentage(self) -> Decimal | None:
        if not self.maximum:
            return None
        return (Decimal(100) * self.punten / self.maximum).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def uitslag(initiatief, criteria, beoordelingen) -> Uitslag:
    """Score one initiatief; criteria and beoordelingen are passed in, so no query is made."""
    scores = {b.criterium_id: b.score for b in beoordelingen}
    return Uitslag(
        initiatief=initiatief,
        punten=sum(c.weging * scores.get(c.pk, 0) for c in criteria),
        maximum=sum(c.weging * Beoordeling.SCORE_MAX for c in criteria),
        ontbreekt=tuple(c for c in criteria if c.pk not in scores),
    )


def rangschik(initiatieven, criteria) -> list[Uitslag]:
    """Complete assessments ranked by score (equal scores share a place), then incomplete ones.

    Expects each initiatief's beoordelingen prefetched.
    """
    criteria = list(criteria)
    uitslagen = [uitslag(i, criteria, i.beoordelingen.all()) for i in initiatieven]
    uitslagen.sort(key=lambda u: (not u.volledig, -u.punten, u.initiatief.titel.lower()))
    gerangschikt, vorige, plaats = [], None, 0
    for index, u in enumerate(uitslagen, start=1):
        if u.volledig:
            if u.punten != vorige:
                plaats, vorige = index, u.punten
            u = Uitslag(u.initiatief, u.punten, u.maximum, u.ontbreekt, plaats=plaats)
        gerangschikt.append(u)
    return gerangschikt


@transaction.atomic
def beoordeel(initiatief: Initiatief, scores) -> None:
    """Save the scores per criterion; a criterion without a score loses its old one."""
    for criterium, score, motivering in scores:
        if criterium.visie_id != initiatief.visie_id:
            raise ValidationError(_("Dit criterium hoort niet bij de visie van het initiatief."))
        if score is not None and not 0 <= score <= Beoordeling.SCORE_MAX:
            raise ValidationError(
                _("Een score ligt tussen 0 en %(max)s.") % {"max": Beoordeling.SCORE_MAX}
            )
        if score is None:
            Beoordeling.objects.filter(initiatief=initiatief, criterium=criterium).delete()
        else:
            Beoordeling.objects.update_or_create(
                initiatief=initiatief,
                criterium=criterium,
                defaults={"score": score, "motivering": motivering},
            )


# --- Sections later phases add to an ambitie's page -----------------------------------------------

# f(ambitie, user) -> (template name, context) or None; borging registers the chain of an ambitie
# in its AppConfig.ready(), so this app imports no later phase (ADR 0006).
_ambitie_secties: list = []


def register_ambitie_sectie(sectie):
    """Let a later phase show its part of an ambitie on the ambitie's page (a decorator too)."""
    if sectie not in _ambitie_secties:
        _ambitie_secties.append(sectie)
    return sectie


def ambitie_secties(ambitie: Ambitie, user) -> list[tuple[str, dict]]:
    return [deel for sectie in _ambitie_secties if (deel := sectie(ambitie, user))]
