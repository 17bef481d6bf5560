"""The analyses app's public API: the behoefteraming, key figures and the fair-share helper.

The arithmetic lives in plain functions over plain data (`bereken_ramingen`), so it can be
checked by hand; `behoefteraming()` only fetches the figures for it.

Later phases add supply (planned and delivered homes) through `register_aanbod_bron`: this app
imports no later phase, the later phase registers itself here.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef

from woonzorg.lezing import eenmaal
from woonzorg.models import Gebied, Woonvorm

from .models import Behoeftenorm, Bevolkingscijfer, Leeftijdsklasse, Voorraad, Woonzorganalyse

# (gebied_id, woonvorm_id, jaar) -> extra supply that year, cumulative (e.g. homes delivered).
AanbodBron = Callable[[Woonzorganalyse, list[int], list[int]], dict[tuple[int, int, int], int]]
_aanbod_bronnen: list[AanbodBron] = []


def register_aanbod_bron(bron: AanbodBron) -> AanbodBron:
    """Let a later phase add supply to the behoefteraming (usable as a decorator)."""
    if bron not in _aanbod_bronnen:
        _aanbod_bronnen.append(bron)
    return bron


@dataclass(frozen=True)
class Norm:
    woonvorm_id: int
    leeftijdsklasse: str
    per_1000: Decimal


@dataclass(frozen=True)
class Raming:
    """Demand against supply for one gebied (None: the whole gemeente), woonvorm and year."""

    gebied_id: int | None
    woonvorm_id: int
    jaar: int
    vraag: Decimal
    aanbod: int | None  # None: no supply counted yet for this year or before
    prognose: bool  # the demand rests on forecast population figures

    @property
    def tekort(self) -> Decimal | None:
        """Positive: too few; negative: more supply than demand."""
        return None if self.aanbod is None else self.vraag - self.aanbod


def bereken_ramingen(
    *,
    normen: Iterable[Norm],
    bevolking: dict[tuple[int, int, str], tuple[int, bool]],
    voorraad: dict[tuple[int, int, int], int],
    extra_aanbod: dict[tuple[int, int, int], int] | None = None,
) -> list[Raming]:
    """vraag = Σ inhabitants of the norm's age band × per_1000 / 1000, per gebied × woonvorm × jaar.

    - bevolking: (gebied_id, jaar, leeftijdsklasse) -> (aantal, prognose)
    - voorraad: (gebied_id, woonvorm_id, jaar) -> aantal; the latest count in or before a year
      is that year's supply (homes stay standing)
    - extra_aanbod: (gebied_id, woonvorm_id, jaar) -> supply added by that year
    Demand is computed only where every age band a woonvorm's norms use has a figure.
    """
    extra_aanbod = extra_aanbod or {}
    normen_per_woonvorm: dict[int, list[Norm]] = defaultdict(list)
    for norm in normen:
        normen_per_woonvorm[norm.woonvorm_id].append(norm)

    tellingen: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for (gebied_id, woonvorm_id, jaar), aantal in voorraad.items():
        tellingen[gebied_id, woonvorm_id].append((jaar, aantal))
    for rij in tellingen.values():
        rij.sort()

    gebied_jaren = sorted({(gebied_id, jaar) for gebied_id, jaar, _klasse in bevolking})
    ramingen = []
    for woonvorm_id, woonvorm_normen in sorted(normen_per_woonvorm.items()):
        for gebied_id, jaar in gebied_jaren:
            cijfers = [bevolking.get((gebied_id, jaar, n.leeftijdsklasse)) for n in woonvorm_normen]
            if None in cijfers:
                continue
            vraag = sum(
                (
                    Decimal(aantal) * n.per_1000 / 1000
                    for (aantal, _), n in zip(cijfers, woonvorm_normen, strict=True)
                ),
                Decimal(0),
            )
            eerdere = [a for j, a in tellingen.get((gebied_id, woonvorm_id), []) if j <= jaar]
            extra = extra_aanbod.get((gebied_id, woonvorm_id, jaar), 0)
            aanbod = (eerdere[-1] + extra) if eerdere else (extra or None)
            ramingen.append(
                Raming(
                    gebied_id=gebied_id,
                    woonvorm_id=woonvorm_id,
                    jaar=jaar,
                    vraag=vraag.quantize(Decimal("0.1"), ROUND_HALF_UP),
                    aanbod=aanbod,
                    prognose=any(prognose for _, prognose in cijfers),
                )
            )
    return ramingen


def totaliseer(ramingen: Iterable[Raming], gebied_ids: set[int]) -> list[Raming]:
    """The gemeente as a whole: the sum over the given gebieden (the top level, to count once).

    A year's total supply is unknown as soon as one gebied's supply is unknown.
    """
    groepen: dict[tuple[int, int], list[Raming]] = defaultdict(list)
    for raming in ramingen:
        if raming.gebied_id in gebied_ids:
            groepen[raming.woonvorm_id, raming.jaar].append(raming)
    totalen = []
    for (woonvorm_id, jaar), rij in sorted(groepen.items()):
        aanbod = None if any(r.aanbod is None for r in rij) else sum(r.aanbod for r in rij)
        totalen.append(
            Raming(
                gebied_id=None,
                woonvorm_id=woonvorm_id,
                jaar=jaar,
                vraag=sum((r.vraag for r in rij), Decimal(0)),
                aanbod=aanbod,
                prognose=any(r.prognose for r in rij),
            )
        )
    return totalen


def behoefteraming(
    analyse: Woonzorganalyse,
    *,
    gebieden: Iterable[Gebied] | None = None,
    woonvormen: Iterable[Woonvorm] | None = None,
    alleen_bovenste: bool = False,
) -> list[Raming]:
    """The gap table of an analyse: per gebied × woonvorm × jaar, and the gemeente's totals.

    Three queries, whatever the size of the gemeente (plus one per registered aanbod bron, and
    one for `alleen_bovenste`). The totals add up the top of what has figures, like the key
    figures on the analyse page; `alleen_bovenste` computes only those gebieden (the wijken,
    not their hundreds of buurten), with the same totals.
    """
    normen_qs = Behoeftenorm.objects.filter(analyse=analyse)
    if woonvormen is not None:
        normen_qs = normen_qs.filter(woonvorm__in=list(woonvormen))
    normen = [
        Norm(n.woonvorm_id, n.leeftijdsklasse, n.per_1000)
        for n in normen_qs.only("woonvorm_id", "leeftijdsklasse", "per_1000")
    ]
    if not normen:
        return []
    woonvorm_ids = sorted({n.woonvorm_id for n in normen})

    klassen = {n.leeftijdsklasse for n in normen}
    cijfers = Bevolkingscijfer.objects.filter(
        gebied__gemeente_id=analyse.gemeente_id, leeftijdsklasse__in=klassen
    )
    if gebieden is not None:
        cijfers = cijfers.filter(gebied__in=list(gebieden))
    if alleen_bovenste:
        heeft_cijfers = Exists(
            Bevolkingscijfer.objects.filter(gebied=OuterRef("pk"), leeftijdsklasse__in=klassen)
        )
        gebieden_qs = Gebied.objects.filter(heeft_cijfers, gemeente_id=analyse.gemeente_id)
        if gebieden is not None:
            gebieden_qs = gebieden_qs.filter(pk__in=[g.pk for g in gebieden])
        paren = dict(gebieden_qs.values_list("pk", "parent_id"))
        cijfers = cijfers.filter(gebied__in=[g for g, ouder in paren.items() if ouder not in paren])
    bevolking, ouders = {}, {}
    for gebied_id, ouder_id, jaar, klasse, aantal, prognose in cijfers.values_list(
        "gebied_id", "gebied__parent_id", "jaar", "leeftijdsklasse", "aantal", "prognose"
    ).order_by():
        bevolking[gebied_id, jaar, klasse] = (aantal, prognose)
        ouders[gebied_id] = ouder_id
    gebied_ids = sorted(ouders)
    voorraad = {
        (gebied_id, woonvorm_id, jaar): aantal
        for gebied_id, woonvorm_id, jaar, aantal in Voorraad.objects.filter(
            gebied_id__in=gebied_ids, woonvorm_id__in=woonvorm_ids
        ).values_list("gebied_id", "woonvorm_id", "jaar", "aantal")
    }
    extra: dict[tuple[int, int, int], int] = defaultdict(int)
    for bron in _aanbod_bronnen:
        for sleutel, aantal in bron(analyse, gebied_ids, woonvorm_ids).items():
            extra[sleutel] += aantal

    ramingen = bereken_ramingen(
        normen=normen, bevolking=bevolking, voorraad=voorraad, extra_aanbod=extra
    )
    # The top of what has figures: a buurt counts when its wijk has none, never twice.
    bovenste = {gebied_id for gebied_id, ouder_id in ouders.items() if ouder_id not in ouders}
    return ramingen + totaliseer(ramingen, bovenste)


@dataclass(frozen=True)
class Kerncijfer:
    gebied: Gebied
    waarden: dict[tuple[str, int], int]  # (leeftijdsklasse, jaar) -> aantal

    def get(self, klasse: str, jaar: int) -> int | None:
        return self.waarden.get((klasse, jaar))


KERN_KLASSEN = (Leeftijdsklasse.K65_PLUS, Leeftijdsklasse.K75_PLUS, Leeftijdsklasse.K85_PLUS)


@eenmaal
def analyses_van(gemeente, user) -> list[Woonzorganalyse]:
    """The gemeente's analyses the user sees, newest first; read once per page (woonzorg.lezing)
    for the dashboard's numbers and the ketencheck."""
    return list(
        Woonzorganalyse.objects.for_user(user)
        .filter(gemeente=gemeente)
        .select_related("gemeente")
        .annotate(aantal_bevindingen=Count("bevindingen"))
        .order_by("-peiljaar", "-aangemaakt", "-pk")
    )


def huidige_analyse(gemeente, user) -> Woonzorganalyse | None:
    """As for the visie: the newest vastgestelde analyse, while none is the newest concept."""
    analyses = analyses_van(gemeente, user)
    vastgesteld = [a for a in analyses if a.status == Woonzorganalyse.Status.VASTGESTELD]
    return (vastgesteld or analyses or [None])[0]


def kies_jaren(peiljaar: int, jaren: list[int]) -> list[int]:
    """Up to three years of key figures: the peiljaar (or the last year before it with figures)
    and the last two years after it (forecasts), round ones (2030, 2035) when there are two."""
    alle = sorted(set(jaren))
    if not alle:
        return []
    eerdere = [jaar for jaar in alle if jaar <= peiljaar]
    basis = eerdere[-1] if eerdere else alle[0]
    later = [jaar for jaar in alle if jaar > basis]
    ronde = [jaar for jaar in later if jaar % 5 == 0]  # 2030, 2035: the years plans name
    return [basis, *(ronde if len(ronde) >= 2 else later)[-2:]]


def kerncijfers(gemeente, jaren: Iterable[int], gebieden=None) -> list[Kerncijfer]:
    """65+, 75+ and 85+ per gebied in the given years (measured or forecast), of the given
    gebieden of the gemeente or of all. The figures are read as plain values and by the
    gebieden's ids: a city has hundreds of gebieden, and this is the analyse page's table."""
    if gebieden is None:
        gebieden = Gebied.objects.filter(gemeente=gemeente)
    per_id = {gebied.pk: gebied for gebied in gebieden if gebied.gemeente_id == gemeente.pk}
    waarden: dict[int, dict] = defaultdict(dict)
    for gebied_id, klasse, jaar, aantal in Bevolkingscijfer.objects.filter(
        gebied__in=list(per_id), jaar__in=list(jaren), leeftijdsklasse__in=KERN_KLASSEN
    ).values_list("gebied_id", "leeftijdsklasse", "jaar", "aantal"):
        waarden[gebied_id][klasse, jaar] = aantal
    volgorde = sorted(
        waarden, key=lambda pk: (per_id[pk].soort, per_id[pk].cbs_code, per_id[pk].naam)
    )
    return [Kerncijfer(per_id[pk], waarden[pk]) for pk in volgorde]


@dataclass(frozen=True)
class FairShare:
    woonvorm_code: str
    landelijk: int
    gemeente: int


def fair_share(aandeel_75plus: Decimal) -> list[FairShare]:
    """The national 2030 targets scaled by the gemeente's share (in %) of all 75-plussers."""
    return [
        FairShare(
            code,
            landelijk,
            int((Decimal(landelijk) * aandeel_75plus / 100).quantize(Decimal(1), ROUND_HALF_UP)),
        )
        for code, landelijk in Woonzorganalyse.LANDELIJKE_OPGAVE_2030.items()
    ]
