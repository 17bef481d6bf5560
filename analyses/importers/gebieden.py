"""The gemeente's gebieden as stored, the ones a file adds, and their creation."""

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from woonzorg.models import Gebied

if TYPE_CHECKING:
    from .plan import _Lezing

BATCH = 500
MAX_NAAM = Gebied._meta.get_field("naam").max_length


# --- Gebieden ------------------------------------------------------------------------------------


@dataclass
class _NieuwGebied:
    code: str
    naam: str
    rij: int
    kolom: str

    @property
    def soort(self) -> str:
        return Gebied.Soort.WIJK if self.code.startswith("WK") else Gebied.Soort.BUURT

    @property
    def wijk_code(self) -> str:
        return "WK" + self.code[2:8]

    def __str__(self):
        return f"{self.code} {self.naam} ({Gebied.Soort(self.soort).label})"


class _Gebieden:
    """The gemeente's gebieden as stored, and those the file adds (by CBS code).

    A gebied is referred to by a key: its CBS code, or "#<pk>" for one without (a kern).
    """

    def __init__(self, gemeente):
        self.gemeente = gemeente
        bestaand = list(Gebied.objects.filter(gemeente=gemeente))
        self.op_code = {g.cbs_code: g for g in bestaand if g.cbs_code}
        self.op_naam: dict[str, list[Gebied]] = defaultdict(list)
        for gebied in bestaand:
            self.op_naam[gebied.naam].append(gebied)
        self.namen = {(g.soort, g.naam) for g in bestaand}
        self.nieuw: dict[str, _NieuwGebied] = {}

    @staticmethod
    def sleutel(gebied: Gebied) -> str:
        return gebied.cbs_code or f"#{gebied.pk}"

    def via_code(self, code: str, naam: str, rij: int, kolom: str) -> str:
        if code not in self.op_code and code not in self.nieuw:
            self.nieuw[code] = _NieuwGebied(code, naam[:MAX_NAAM] or code, rij, kolom)
        return code

    def pk(self, sleutel: str) -> int | None:
        if sleutel.startswith("#"):
            return int(sleutel[1:])
        gebied = self.op_code.get(sleutel)
        return gebied.pk if gebied else None

    def controleer(self, lezing: "_Lezing") -> None:
        """Every new buurt needs its wijk; a code may not belong to another gemeente's gebied."""
        for nieuw in self.nieuw.values():
            if nieuw.soort == Gebied.Soort.BUURT and not (
                nieuw.wijk_code in self.op_code or nieuw.wijk_code in self.nieuw
            ):
                lezing.fout(
                    nieuw.rij,
                    nieuw.kolom,
                    _(
                        "Buurt %(buurt)s ligt in wijk %(wijk)s, maar die wijk staat niet in het "
                        "bestand en ook nog niet in Woonzorg."
                    )
                    % {"buurt": nieuw.code, "wijk": nieuw.wijk_code},
                )
        elders = Gebied.objects.filter(cbs_code__in=list(self.nieuw)).select_related("gemeente")
        for gebied in elders:
            nieuw = self.nieuw[gebied.cbs_code]
            lezing.fout(
                nieuw.rij,
                nieuw.kolom,
                _("%(code)s is in Woonzorg al een gebied van %(gemeente)s.")
                % {"code": gebied.cbs_code, "gemeente": gebied.gemeente},
            )
        self._maak_namen_uniek()

    def _maak_namen_uniek(self) -> None:
        # CBS repeats buurt names within a gemeente ("Verspreide huizen"); a gemeente's names
        # are unique per soort, so a repeated name gets its code added.
        for nieuw in sorted(self.nieuw.values(), key=lambda n: n.code):
            if (nieuw.soort, nieuw.naam) in self.namen:
                toevoeging = f" ({nieuw.code})"
                nieuw.naam = nieuw.naam[: MAX_NAAM - len(toevoeging)] + toevoeging
            self.namen.add((nieuw.soort, nieuw.naam))

    def beschrijving(self) -> list[str]:
        return [
            str(n) for n in sorted(self.nieuw.values(), key=lambda n: (n.soort != "wijk", n.code))
        ]

    def maak_aan(self) -> None:
        """Wijken first, so that the buurten can point to them."""
        for soort in (Gebied.Soort.WIJK, Gebied.Soort.BUURT):
            nieuw = [n for n in self.nieuw.values() if n.soort == soort]
            Gebied.objects.bulk_create(
                [
                    Gebied(
                        gemeente=self.gemeente,
                        naam=n.naam,
                        soort=soort,
                        cbs_code=n.code,
                        parent=self.op_code[n.wijk_code] if soort == Gebied.Soort.BUURT else None,
                    )
                    for n in nieuw
                ],
                batch_size=BATCH,
            )
            # Read back rather than rely on every database returning the new keys.
            self.op_code.update(
                (g.cbs_code, g)
                for g in Gebied.objects.filter(
                    gemeente=self.gemeente, cbs_code__in=[n.code for n in nieuw]
                )
            )
