"""What an import would do (ImportPlan, ImportFout) and the state of one reading of a file:
collecting figures and errors, comparing with what is stored, and writing."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Bevolkingscijfer, Huishoudens, Voorraad
from .bestanden import JAAR_MAX, JAAR_MIN
from .gebieden import BATCH, _Gebieden

MAX_FOUTEN = 200  # errors reported one by one; the rest are counted in a final error
MAX_BRON = Bevolkingscijfer._meta.get_field("bron").max_length


@dataclass(frozen=True)
class ImportFout:
    rij: int | None  # row number as the user sees it in the file (header = 1); None: whole file
    kolom: str  # column name as in the file; "" when the error is not about one column
    reden: str  # Dutch, e.g. "'12a' is geen getal"

    def __str__(self):
        if self.rij is None:
            return self.reden
        if self.kolom:
            return _("Rij %(rij)s, kolom %(kolom)s: %(reden)s") % {
                "rij": self.rij,
                "kolom": self.kolom,
                "reden": self.reden,
            }
        return _("Rij %(rij)s: %(reden)s") % {"rij": self.rij, "reden": self.reden}


@dataclass
class ImportPlan:
    """What an import would do; `fouten` empty means it can be carried out."""

    # Dutch name of the recognised layout, e.g. "CBS Kerncijfers wijken en buurten"
    indeling: str = ""
    bestandsnaam: str = ""
    fouten: list[ImportFout] = field(default_factory=list)
    nieuwe_gebieden: list[str] = field(default_factory=list)  # "WK034401 Centrum (wijk)"
    nieuw: int = 0  # figures that will be added
    gewijzigd: int = 0  # figures whose value changes
    ongewijzigd: int = 0  # figures already present with the same value
    overgeslagen: int = 0  # rows of other gemeenten (a national file) or unknown values ("." / "")

    @property
    def geldig(self) -> bool:
        return not self.fouten


@dataclass(frozen=True)
class _Figuursoort:
    """How a figure model is keyed and compared: (gebied, jaar, kenmerk) -> waarden."""

    kenmerk: str | None
    waarden: tuple[str, ...]


FIGUURSOORTEN: dict[type[models.Model], _Figuursoort] = {
    Bevolkingscijfer: _Figuursoort("leeftijdsklasse", ("aantal", "prognose")),
    Huishoudens: _Figuursoort(None, ("totaal", "eenpersoons")),
    Voorraad: _Figuursoort("woonvorm_id", ("aantal",)),
}


# --- One reading of a file -----------------------------------------------------------------------


@dataclass
class _Cijfer:
    model: type[models.Model]
    gebied: str  # a _Gebieden key
    jaar: int
    kenmerk: str | int | None  # leeftijdsklasse, woonvorm_id or nothing (Huishoudens)
    waarden: dict  # None: unknown in the file, keeps what is stored
    bron: str
    rij: int

    @property
    def sleutel(self) -> tuple:
        return self.model, self.gebied, self.jaar, self.kenmerk


class _Lezing:
    """The state of reading one file: the plan being built and what writing it would take."""

    def __init__(self, bestandsnaam: str, *, gemeente, jaar: int | None, bron: str):
        self.gemeente = gemeente
        self.jaar = jaar
        self.bron = (bron or "").strip()
        self.plan = ImportPlan(bestandsnaam=bestandsnaam)
        self.gebieden = _Gebieden(gemeente)
        self.cijfers: dict[tuple, _Cijfer] = {}
        self.aantal_fouten = 0
        self.toe_te_voegen: list[_Cijfer] = []
        self.bij_te_werken: dict[type[models.Model], list[models.Model]] = defaultdict(list)

    def fout(self, rij: int | None, kolom: str, reden: str) -> None:
        self.aantal_fouten += 1
        if len(self.plan.fouten) < MAX_FOUTEN:
            self.plan.fouten.append(ImportFout(rij, kolom, reden))

    def is_eigen_code(self, code: str) -> bool:
        return not code.startswith("NL") and code[2:6] == self.gemeente.cbs_code[2:6]

    def cijfer(self, cijfer: "_Cijfer", kolom: str) -> None:
        eerder = self.cijfers.get(cijfer.sleutel)
        if eerder:
            reden = _("Hetzelfde cijfer staat al in rij %(rij)s.") % {"rij": eerder.rij}
            self.fout(cijfer.rij, kolom, reden)
        else:
            self.cijfers[cijfer.sleutel] = cijfer

    def begin(self, indeling) -> None:
        """The header is known: check what the whole file needs before reading its rows."""
        self.plan.indeling = str(indeling.naam)
        if self.jaar is not None and not JAAR_MIN <= self.jaar <= JAAR_MAX:
            self.fout(
                None,
                "",
                _("Het jaar %(jaar)s ligt niet tussen %(min)s en %(max)s.")
                % {"jaar": self.jaar, "min": JAAR_MIN, "max": JAAR_MAX},
            )
        if len(self.bron) > MAX_BRON:
            self.fout(None, "", _("De bron is langer dan %(max)s tekens.") % {"max": MAX_BRON})
        indeling.begin(self)

    def sluit_af(self) -> None:
        self.gebieden.controleer(self)
        self.plan.nieuwe_gebieden = self.gebieden.beschrijving()
        if self.aantal_fouten == 0 and not self.cijfers:
            self.fout(
                None,
                "",
                _("Het bestand bevat geen cijfers voor %(gemeente)s (%(code)s).")
                % {"gemeente": self.gemeente, "code": self.gemeente.cbs_code},
            )
        self.plan.fouten.sort(key=lambda fout: fout.rij or 0)  # checks at the end come last
        if self.aantal_fouten > len(self.plan.fouten):
            rest = self.aantal_fouten - len(self.plan.fouten)
            self.plan.fouten.append(
                ImportFout(
                    None,
                    "",
                    ngettext("… en nog %(aantal)s fout.", "… en nog %(aantal)s fouten.", rest)
                    % {"aantal": rest},
                )
            )
        if self.plan.geldig:
            self._vergelijk()

    def _vergelijk(self) -> None:
        """Sort the figures into new, changed and unchanged against what is stored."""
        per_model: dict[type[models.Model], list[_Cijfer]] = defaultdict(list)
        for cijfer in self.cijfers.values():
            per_model[cijfer.model].append(cijfer)
        for model, cijfers in per_model.items():
            kenmerk = FIGUURSOORTEN[model].kenmerk
            opgeslagen = {
                (obj.gebied_id, obj.jaar, getattr(obj, kenmerk) if kenmerk else None): obj
                for obj in model.objects.filter(
                    gebied__gemeente=self.gemeente, jaar__in={c.jaar for c in cijfers}
                )
            }
            for cijfer in cijfers:
                obj = opgeslagen.get((self.gebieden.pk(cijfer.gebied), cijfer.jaar, cijfer.kenmerk))
                if obj is None:
                    self.toe_te_voegen.append(cijfer)
                elif self._werk_bij(obj, cijfer):
                    self.bij_te_werken[model].append(obj)
                else:
                    self.plan.ongewijzigd += 1
        self.plan.nieuw = len(self.toe_te_voegen)
        self.plan.gewijzigd = sum(len(objs) for objs in self.bij_te_werken.values())

    @staticmethod
    def _werk_bij(obj: models.Model, cijfer: _Cijfer) -> bool:
        nieuw = {k: v for k, v in cijfer.waarden.items() if v is not None and getattr(obj, k) != v}
        for veld, waarde in nieuw.items():
            setattr(obj, veld, waarde)
        if nieuw:
            obj.bron = cijfer.bron
        return bool(nieuw)

    def schrijf(self) -> None:
        self.gebieden.maak_aan()
        per_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for cijfer in self.toe_te_voegen:
            kenmerk = FIGUURSOORTEN[cijfer.model].kenmerk
            per_model[cijfer.model].append(
                cijfer.model(
                    gebied_id=self.gebieden.pk(cijfer.gebied),
                    jaar=cijfer.jaar,
                    bron=cijfer.bron,
                    **({kenmerk: cijfer.kenmerk} if kenmerk else {}),
                    **cijfer.waarden,
                )
            )
        for model, objs in per_model.items():
            model.objects.bulk_create(objs, batch_size=BATCH)
        for model, objs in self.bij_te_werken.items():
            velden = [*FIGUURSOORTEN[model].waarden, "bron"]
            model.objects.bulk_update(objs, velden, batch_size=BATCH)
