"""Import of population and supply figures from the files users have.

Three layouts are recognised from their header row:
- KWB: CBS "Kerncijfers wijken en buurten" as CSV/XLSX (gwb_code, regio, recs, a_inw, a_65_oo …);
- StatLine: the CBS OData/StatLine export of the same table (WijkenEnBuurten, SoortRegio_2,
  AantalInwoners_5, k_65JaarOfOuder_12, HuishoudensTotaal_nn …; numeric suffixes vary by year);
- the Woonzorg-sjabloon, for forecasts and supply CBS does not give per wijk.

An import is all or nothing: `lees_cijfers` reads and checks the whole file without writing and
returns an ImportPlan (the preview, or every error with row, column and reason);
`importeer` writes a valid plan in one transaction.

Files are read as a stream (CSV through a text wrapper, XLSX in openpyxl's read-only mode), and
rows of other gemeenten are dropped as soon as their code is read, so a national file of 17,000
rows costs little more memory than the gemeente's own rows. The file object must be seekable
(a Django UploadedFile is): it is rewound before reading, and again to retry a CSV as cp1252.
"""

import csv
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from woonzorg.models import Gebied, Woonvorm

from .models import Bevolkingscijfer, Huishoudens, Leeftijdsklasse, Voorraad, jaar_validators
from .sjabloon import KOLOMNAMEN

MAX_FOUTEN = 200  # errors reported one by one; the rest are counted in a final error
KOP_ZOEKEN_TOT = 20  # rows searched for the header (an export may start with a title)
BATCH = 500
JAAR_MIN, JAAR_MAX = (validator.limit_value for validator in jaar_validators)
MAX_BRON = Bevolkingscijfer._meta.get_field("bron").max_length
MAX_NAAM = Gebied._meta.get_field("naam").max_length


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


def lees_cijfers(
    bestand: BinaryIO, bestandsnaam: str, *, gemeente, jaar: int | None, bron: str
) -> ImportPlan:
    """Read and check a file (CSV or XLSX, by name and content) for `gemeente`; writes nothing.

    `jaar` is required for the CBS layouts (their rows carry no year); the sjabloon has a
    year per row. `bron` is stored with every figure (e.g. "CBS 85618NED (2023)").
    """
    return _lees(bestand, bestandsnaam, gemeente=gemeente, jaar=jaar, bron=bron).plan


def importeer(bestand: BinaryIO, bestandsnaam: str, *, gemeente, jaar, bron) -> ImportPlan:
    """Read the file again and write it in one transaction; raises nothing for a bad file but
    returns the plan with its errors and writes nothing then."""
    with transaction.atomic():
        lezing = _lees(bestand, bestandsnaam, gemeente=gemeente, jaar=jaar, bron=bron)
        if lezing.plan.geldig:
            lezing.schrijf()
    return lezing.plan


# --- The columns of the CBS layouts -------------------------------------------------------------


@dataclass(frozen=True)
class CbsKolom:
    """One figure of the KWB table, under its KWB code and its StatLine key (without _NN)."""

    kwb: str
    statline: str
    leeftijdsklasse: str = ""  # stored as a Bevolkingscijfer of this age band …
    huishoudens: str = ""  # … or as this field of Huishoudens


CBS_KOLOMMEN = (
    CbsKolom("a_inw", "AantalInwoners", leeftijdsklasse=Leeftijdsklasse.TOTAAL),
    CbsKolom("a_00_14", "k_0Tot15Jaar", leeftijdsklasse=Leeftijdsklasse.K0_14),
    CbsKolom("a_15_24", "k_15Tot25Jaar", leeftijdsklasse=Leeftijdsklasse.K15_24),
    CbsKolom("a_25_44", "k_25Tot45Jaar", leeftijdsklasse=Leeftijdsklasse.K25_44),
    CbsKolom("a_45_64", "k_45Tot65Jaar", leeftijdsklasse=Leeftijdsklasse.K45_64),
    CbsKolom("a_65_oo", "k_65JaarOfOuder", leeftijdsklasse=Leeftijdsklasse.K65_PLUS),
    CbsKolom("a_hh", "HuishoudensTotaal", huishoudens="totaal"),
    CbsKolom("a_1p_hh", "Eenpersoonshuishoudens", huishoudens="eenpersoons"),
)
KWB_CODE_VOORKEUR = ("gwb_code_10", "gwb_code")  # with their GM/WK/BU prefix; others after
STATLINE_CODE_KOLOMMEN = ("Codering", "WijkenEnBuurten")


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


def _onherkend() -> str:
    return _(
        "De kolommen van dit bestand zijn niet herkend. Verwacht wordt een CBS-bestand "
        "Kerncijfers wijken en buurten (met gwb_code, regio, recs en cijfers als %(kwb)s), "
        "een StatLine-export van die tabel (WijkenEnBuurten, SoortRegio, Codering, %(statline)s) "
        "of het Woonzorg-sjabloon (%(sjabloon)s)."
    ) % {
        "kwb": ", ".join(k.kwb for k in CBS_KOLOMMEN),
        "statline": ", ".join(k.statline for k in CBS_KOLOMMEN),
        "sjabloon": ", ".join(KOLOMNAMEN),
    }


# --- Values as users write them ----------------------------------------------------------------

ONBEKEND = frozenset({"", ".", "-"})
_GETAL = re.compile(r"^(?P<min>-?)(?P<geheel>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<decimalen>\d+))?$")
_CODE = re.compile(r"^(NL|GM|WK|BU)(\d+)$")
_GEBIED_CODE = re.compile(r"^(WK\d{6}|BU\d{8})$")
CIJFERS_IN_CODE = {"GM": 4, "WK": 6, "BU": 8}
PREFIX_PER_SOORT_REGIO = {"land": "NL", "gemeente": "GM", "wijk": "WK", "buurt": "BU"}
PREFIX_PER_LENGTE = {lengte: prefix for prefix, lengte in CIJFERS_IN_CODE.items()}


class _Ongeldig(ValueError):
    """A cell that cannot be read; the message is the Dutch reason."""


class _Onleesbaar(Exception):
    """A file that cannot be read at all; the message is the Dutch reason."""


def _tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).strip()


def _aantal(waarde) -> int | None:
    """A count: 1.234 is 1234 (dot thousands), 12,0 is 12; None for an unknown value."""
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        getal, weergave = waarde, str(waarde)
    elif isinstance(waarde, float):
        weergave = str(waarde).replace(".", ",")
        if not waarde.is_integer():
            raise _Ongeldig(_("'%(waarde)s' is geen geheel getal.") % {"waarde": weergave})
        getal = int(waarde)
    else:
        weergave = _tekst(waarde)
        compact = weergave.replace("\xa0", "").replace(" ", "")
        if compact in ONBEKEND:
            return None
        match = _GETAL.match(compact)
        if not match or (match["decimalen"] or "0").strip("0"):
            raise _Ongeldig(_("'%(waarde)s' is geen geheel getal.") % {"waarde": weergave})
        getal = int(match["geheel"].replace(".", "")) * (-1 if match["min"] else 1)
    if getal < 0:
        raise _Ongeldig(
            _("'%(waarde)s' is negatief; een aantal is 0 of meer.") % {"waarde": weergave}
        )
    return getal


def _jaar(waarde) -> int:
    try:
        jaar = _aantal(waarde)
    except _Ongeldig:
        jaar = None
    if jaar is None or not JAAR_MIN <= jaar <= JAAR_MAX:
        raise _Ongeldig(
            _("'%(waarde)s' is geen jaar tussen %(min)s en %(max)s.")
            % {"waarde": _tekst(waarde), "min": JAAR_MIN, "max": JAAR_MAX}
        )
    return jaar


def _cbs_code(waarde, soort_regio: str = "") -> str | None:
    """A CBS region code with its prefix, also from one without (gwb_code_8, numbers in Excel)."""
    tekst = _tekst(waarde).upper().replace(" ", "")
    match = _CODE.match(tekst)
    if match:
        prefix, cijfers = match.groups()
    elif tekst.isdigit():
        prefix = PREFIX_PER_SOORT_REGIO.get(soort_regio.strip().lower())
        prefix = prefix or PREFIX_PER_LENGTE.get(len(tekst))
        cijfers = tekst.zfill(CIJFERS_IN_CODE.get(prefix, 0))
    else:
        return None
    if prefix == "NL":
        return prefix + cijfers
    if prefix is None or len(cijfers) != CIJFERS_IN_CODE[prefix]:
        return None
    return prefix + cijfers


def _cel(cellen: list, index: int):
    return cellen[index] if index < len(cellen) else None


def _is_leeg(cellen: list) -> bool:
    return all(_tekst(cel) == "" for cel in cellen)


# --- Reading rows from CSV and XLSX ------------------------------------------------------------

Rijen = Iterator[tuple[int, list]]


def _bestandssoort(bestand: BinaryIO, bestandsnaam: str) -> str:
    begin = bestand.read(8)
    bestand.seek(0)
    extensie = Path(bestandsnaam).suffix.lower()
    if not begin:
        raise _Onleesbaar(_("Het bestand is leeg."))
    if begin.startswith(b"PK\x03\x04"):
        return "xlsx"
    if begin.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Onleesbaar(
            _(
                "Dit is een oud Excel-bestand (.xls). Sla het in Excel op als .xlsx of .csv "
                "en probeer het opnieuw."
            )
        )
    if extensie in {".xlsx", ".xlsm"}:
        raise _Onleesbaar(_("Het bestand is geen geldig Excel-bestand (.xlsx)."))
    if extensie in {".csv", ".txt", ".tsv", ""}:
        return "csv"
    raise _Onleesbaar(
        _(
            "Bestanden van het type %(extensie)s kunnen niet worden ingelezen. "
            "Kies een .csv- of .xlsx-bestand."
        )
        % {"extensie": extensie}
    )


def _csv_rijen(bestand: BinaryIO, encoding: str) -> Rijen:
    """Rows of a CSV file, streamed; the separator is sniffed from the first lines."""
    tekst = io.TextIOWrapper(bestand, encoding=encoding, newline="")
    try:
        eerste = list(itertools.islice(tekst, 5))
        scheiding = max(";,\t", key=lambda teken: sum(r.count(teken) for r in eerste))
        lezer = csv.reader(itertools.chain(eerste, tekst), delimiter=scheiding)
        yield from enumerate(lezer, start=1)
    finally:
        tekst.detach()  # leave the caller's file open


def _xlsx_rijen(bestand: BinaryIO) -> Rijen:
    from openpyxl import load_workbook

    try:
        werkmap = load_workbook(bestand, read_only=True, data_only=True)
    except Exception as fout:  # openpyxl raises many kinds for a damaged or foreign zip
        raise _Onleesbaar(_("Het bestand is geen geldig Excel-bestand (.xlsx).")) from fout
    try:
        blad = werkmap["Cijfers"] if "Cijfers" in werkmap.sheetnames else werkmap.worksheets[0]
        yield from enumerate(blad.iter_rows(min_row=1, values_only=True), start=1)
    finally:
        werkmap.close()


# --- Layouts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kolom:
    index: int
    naam: str  # as in the file


def _kolommen(kop: list, sleutel=lambda naam: naam.lower()) -> dict[str, _Kolom]:
    """Header cells by a normalised name; the first of two equal names wins."""
    gevonden: dict[str, _Kolom] = {}
    for index, cel in enumerate(kop):
        naam = _tekst(cel)
        if naam:
            gevonden.setdefault(sleutel(naam), _Kolom(index, naam))
    return gevonden


def _zonder_volgnummer(naam: str) -> str:
    """StatLine keys carry a position suffix that shifts between years: AantalInwoners_5."""
    return re.sub(r"_\d+$", "", naam).lower()


def _kwb_code_voorkeur(kolom: _Kolom) -> int:
    naam = kolom.naam.lower()
    voorkeur = KWB_CODE_VOORKEUR
    return voorkeur.index(naam) if naam in voorkeur else len(voorkeur)


@dataclass
class _CbsIndeling:
    """KWB and StatLine: one row per region, a column per figure, the year from the caller."""

    naam: str
    code: list[_Kolom]  # tried in this order
    soort_regio: _Kolom | None
    regionaam: _Kolom | None
    cijfers: list[tuple[_Kolom, CbsKolom]]
    gezien: dict[str, int] = field(default_factory=dict)  # gebied code -> first row

    @classmethod
    def kwb(cls, kop: list) -> "_CbsIndeling | None":
        kolommen = _kolommen(kop)
        code = [kolom for naam, kolom in kolommen.items() if naam.startswith("gwb_code")]
        if not code:
            return None
        code.sort(key=_kwb_code_voorkeur)
        return cls(
            naam=_("CBS Kerncijfers wijken en buurten"),
            code=code,
            soort_regio=kolommen.get("recs"),
            regionaam=kolommen.get("regio"),
            cijfers=[(kolommen[k.kwb], k) for k in CBS_KOLOMMEN if k.kwb in kolommen],
        )

    @classmethod
    def statline(cls, kop: list) -> "_CbsIndeling | None":
        kolommen = _kolommen(kop, _zonder_volgnummer)
        code = [kolommen[n.lower()] for n in STATLINE_CODE_KOLOMMEN if n.lower() in kolommen]
        if not code:
            return None
        return cls(
            naam=_("CBS StatLine-export Kerncijfers wijken en buurten"),
            code=code,
            soort_regio=kolommen.get("soortregio"),
            regionaam=kolommen.get("wijkenenbuurten"),
            cijfers=[
                (kolommen[k.statline.lower()], k)
                for k in CBS_KOLOMMEN
                if k.statline.lower() in kolommen
            ],
        )

    def begin(self, lezing: "_Lezing") -> None:
        if not self.cijfers:
            lezing.fout(
                None,
                "",
                _(
                    "Het bestand heeft geen kolommen met cijfers die Woonzorg kan importeren; "
                    "verwacht wordt een of meer van %(kolommen)s."
                )
                % {"kolommen": ", ".join(f"{k.kwb} ({k.statline})" for k in CBS_KOLOMMEN)},
            )
        if lezing.jaar is None:
            lezing.fout(
                None,
                "",
                _(
                    "Geef het jaar op waarover de cijfers gaan: een CBS-bestand vermeldt "
                    "het jaar niet per rij."
                ),
            )
        lezing.bron = lezing.bron or _("CBS Kerncijfers wijken en buurten %(jaar)s") % {
            "jaar": lezing.jaar
        }

    def lees_rij(self, lezing: "_Lezing", rij: int, cellen: list) -> None:
        code, codekolom = self._code(lezing, rij, cellen)
        if code is None:
            return
        if not lezing.is_eigen_code(code) or code.startswith("GM"):
            # Another gemeente's row (a national file), or the gemeente's total, which
            # Woonzorg adds up from its wijken.
            lezing.plan.overgeslagen += 1
            return
        if code in self.gezien:
            lezing.fout(
                rij,
                codekolom,
                _("Gebied %(code)s staat al in rij %(rij)s.")
                % {"code": code, "rij": self.gezien[code]},
            )
            return
        self.gezien[code] = rij
        gebied = lezing.gebieden.via_code(code, self._regionaam(cellen), rij, codekolom)
        self._lees_cijfers(lezing, rij, cellen, gebied)

    def _code(self, lezing: "_Lezing", rij: int, cellen: list) -> tuple[str | None, str]:
        soort = _tekst(_cel(cellen, self.soort_regio.index)) if self.soort_regio else ""
        onleesbaar = None
        for kolom in self.code:
            waarde = _tekst(_cel(cellen, kolom.index))
            if not waarde:
                continue
            code = _cbs_code(waarde, soort)
            if code:
                return code, kolom.naam
            onleesbaar = onleesbaar or (kolom, waarde)
        if onleesbaar:
            kolom, waarde = onleesbaar
            lezing.fout(
                rij,
                kolom.naam,
                _("'%(waarde)s' is geen CBS-code van een gemeente, wijk of buurt.")
                % {"waarde": waarde},
            )
        else:
            lezing.fout(rij, self.code[0].naam, _("De CBS-code ontbreekt."))
        return None, ""

    def _regionaam(self, cellen: list) -> str:
        naam = _tekst(_cel(cellen, self.regionaam.index)) if self.regionaam else ""
        # StatLine's WijkenEnBuurten holds the name in one export and the code in another.
        return "" if _CODE.match(naam.upper().replace(" ", "")) else naam

    def _lees_cijfers(self, lezing: "_Lezing", rij: int, cellen: list, gebied: str) -> None:
        huishoudens: dict[str, int] = {}
        for kolom, cbs in self.cijfers:
            try:
                aantal = _aantal(_cel(cellen, kolom.index))
            except _Ongeldig as fout:
                lezing.fout(rij, kolom.naam, str(fout))
                continue
            if aantal is None:
                lezing.plan.overgeslagen += 1
            elif cbs.leeftijdsklasse:
                waarden = {"aantal": aantal, "prognose": False}
                figuur = (Bevolkingscijfer, gebied, lezing.jaar, cbs.leeftijdsklasse, waarden)
                lezing.cijfer(_Cijfer(*figuur, lezing.bron, rij), kolom.naam)
            else:
                huishoudens[cbs.huishoudens] = aantal
        if "totaal" in huishoudens:
            waarden = {
                "totaal": huishoudens["totaal"],
                "eenpersoons": huishoudens.get("eenpersoons"),
            }
            figuur = (Huishoudens, gebied, lezing.jaar, None, waarden)
            lezing.cijfer(_Cijfer(*figuur, lezing.bron, rij), "")
        else:
            # Households without their total cannot be stored.
            lezing.plan.overgeslagen += len(huishoudens)


SOORT_MODEL = {"bevolking": Bevolkingscijfer, "voorraad": Voorraad}
PROGNOSE = {"": False, "nee": False, "ja": True}


def _leeftijdsklassen() -> dict[str, str]:
    """75+, "75 +" and "75 jaar en ouder" all name the same band."""

    def sleutel(tekst) -> str:
        return re.sub(r"\s+", "", str(tekst).lower())

    klassen = {sleutel(k.label): k.value for k in Leeftijdsklasse}
    klassen.update({sleutel(k.value): k.value for k in Leeftijdsklasse})
    return klassen


@dataclass
class _SjabloonIndeling:
    """One figure per row: gebied, soort, jaar, leeftijdsklasse or woonvorm, aantal."""

    kolommen: dict[str, _Kolom]
    woonvormen: dict[str, int] = field(default_factory=dict)  # code and naam, lower case -> id
    klassen: dict[str, str] = field(default_factory=_leeftijdsklassen)

    @property
    def naam(self) -> str:
        return _("Woonzorg-sjabloon")

    @classmethod
    def herken(cls, kop: list) -> "_SjabloonIndeling | None":
        kolommen = _kolommen(kop)
        if not {"gebied", "soort", "aantal"} <= kolommen.keys():
            return None
        woonvormen = {}
        for pk, code, naam in Woonvorm.objects.values_list("pk", "code", "naam"):
            woonvormen[naam.lower()] = pk
            woonvormen[code.lower()] = pk
        return cls({n: k for n, k in kolommen.items() if n in KOLOMNAMEN}, woonvormen)

    def begin(self, lezing: "_Lezing") -> None:
        if "jaar" not in self.kolommen and lezing.jaar is None:
            lezing.fout(
                None, "", _("Het bestand heeft geen kolom jaar; voeg die toe of geef het jaar op.")
            )
        lezing.bron = lezing.bron or _("Woonzorg-sjabloon %(bestand)s") % {
            "bestand": lezing.plan.bestandsnaam
        }

    def kolom(self, naam: str) -> str:
        kolom = self.kolommen.get(naam)
        return kolom.naam if kolom else naam

    def lees_rij(self, lezing: "_Lezing", rij: int, cellen: list) -> None:
        fouten_voor = lezing.aantal_fouten
        gebied = self._gebied(lezing, rij, cellen)
        model = self._lees(lezing, rij, "soort", cellen, self._soort)
        jaar = self._lees(lezing, rij, "jaar", cellen, self._jaar(lezing))
        kenmerk = None
        if model is Bevolkingscijfer:
            kenmerk = self._lees(lezing, rij, "leeftijdsklasse", cellen, self._klasse)
        elif model is Voorraad:
            kenmerk = self._lees(lezing, rij, "woonvorm", cellen, self._woonvorm)
        prognose = self._lees(lezing, rij, "prognose", cellen, self._prognose(model))
        aantal = self._lees(lezing, rij, "aantal", cellen, _aantal, als_tekst=False)
        bron = self._lees(lezing, rij, "bron", cellen, self._bron(lezing))
        if lezing.aantal_fouten > fouten_voor:
            return
        if aantal is None:
            lezing.plan.overgeslagen += 1
            return
        waarden = (
            {"aantal": aantal, "prognose": prognose}
            if model is Bevolkingscijfer
            else {"aantal": aantal}
        )
        cijfer = _Cijfer(model, gebied, jaar, kenmerk, waarden, bron, rij)
        lezing.cijfer(cijfer, self.kolom("gebied"))

    def _lees(self, lezing, rij, naam, cellen, lees, *, als_tekst=True):
        kolom = self.kolommen.get(naam)
        cel = _cel(cellen, kolom.index) if kolom else None
        try:
            # A count is read from the cell itself: Excel's 1.5 is not the Dutch "1.5".
            return lees(_tekst(cel) if als_tekst else cel)
        except _Ongeldig as fout:
            lezing.fout(rij, self.kolom(naam), str(fout))
            return None

    def _gebied(self, lezing: "_Lezing", rij: int, cellen: list) -> str | None:
        kolom = self.kolom("gebied")
        tekst = _tekst(_cel(cellen, self.kolommen["gebied"].index))
        code = tekst.upper().replace(" ", "")
        reden = None
        if not tekst:
            reden = _("Vul een gebied in: een CBS-code (WK of BU) of de naam van een gebied.")
        elif _GEBIED_CODE.match(code):
            if lezing.is_eigen_code(code):
                return lezing.gebieden.via_code(code, "", rij, kolom)
            reden = _("%(code)s is geen wijk of buurt van %(gemeente)s.") % {
                "code": code,
                "gemeente": lezing.gemeente,
            }
        else:
            gevonden = lezing.gebieden.op_naam.get(tekst, [])
            if len(gevonden) == 1:
                return _Gebieden.sleutel(gevonden[0])
            if gevonden:
                reden = _("Er zijn meer gebieden met de naam '%(naam)s'; gebruik de CBS-code.")
            else:
                reden = _(
                    "Onbekend gebied '%(naam)s'. Gebruik een CBS-code (WK of BU) of de precieze "
                    "naam van een gebied van %(gemeente)s."
                )
            reden %= {"naam": tekst, "gemeente": lezing.gemeente}
        lezing.fout(rij, kolom, reden)
        return None

    def _soort(self, tekst: str):
        model = SOORT_MODEL.get(tekst.lower())
        if model is None:
            raise _Ongeldig(
                _("'%(waarde)s' is geen soort; kies bevolking of voorraad.") % {"waarde": tekst}
            )
        return model

    def _jaar(self, lezing: "_Lezing"):
        def lees(tekst: str) -> int:
            if not tekst and lezing.jaar is not None:
                return lezing.jaar
            if not tekst:
                raise _Ongeldig(_("Vul het jaar in."))
            return _jaar(tekst)

        return lees

    def _klasse(self, tekst: str) -> str:
        klasse = self.klassen.get(re.sub(r"\s+", "", tekst.lower()))
        if klasse is None:
            raise _Ongeldig(
                _("'%(waarde)s' is geen leeftijdsklasse; kies uit %(klassen)s.")
                % {"waarde": tekst, "klassen": ", ".join(Leeftijdsklasse.values)}
            )
        return klasse

    def _woonvorm(self, tekst: str) -> int:
        woonvorm = self.woonvormen.get(tekst.lower())
        if woonvorm is None:
            raise _Ongeldig(
                _("'%(waarde)s' is geen woonvorm; gebruik de code of de naam uit de toelichting.")
                % {"waarde": tekst}
            )
        return woonvorm

    def _prognose(self, model):
        def lees(tekst: str) -> bool:
            prognose = PROGNOSE.get(tekst.lower())
            if prognose is None:
                raise _Ongeldig(_("'%(waarde)s' is geen ja of nee.") % {"waarde": tekst})
            if prognose and model is Voorraad:
                raise _Ongeldig(_("Een voorraad is een telling; laat prognose leeg of vul nee in."))
            return prognose

        return lees

    def _bron(self, lezing: "_Lezing"):
        def lees(tekst: str) -> str:
            if len(tekst) > MAX_BRON:
                raise _Ongeldig(_("De bron is langer dan %(max)s tekens.") % {"max": MAX_BRON})
            return tekst or lezing.bron

        return lees


def _herken_kop(kop: list):
    for herken in (_CbsIndeling.kwb, _CbsIndeling.statline, _SjabloonIndeling.herken):
        indeling = herken(kop)
        if indeling is not None:
            return indeling
    return None


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


def _verwerk(lezing: _Lezing, rijen: Rijen) -> _Lezing:
    indeling = None
    with closing(rijen):
        for rij, cellen in rijen:
            if _is_leeg(cellen):
                continue
            if indeling is None:
                indeling = _herken_kop(cellen)
                if indeling is None and rij >= KOP_ZOEKEN_TOT:
                    break
                if indeling is not None:
                    lezing.begin(indeling)
                    if not lezing.plan.geldig:
                        return lezing  # the rows cannot be read without what is missing
                continue
            indeling.lees_rij(lezing, rij, cellen)
    if indeling is None:
        lezing.fout(None, "", _onherkend())
        return lezing
    lezing.sluit_af()
    return lezing


def _lees(bestand: BinaryIO, bestandsnaam: str, **opties) -> _Lezing:
    bestand.seek(0)
    try:
        if _bestandssoort(bestand, bestandsnaam) == "xlsx":
            return _verwerk(_Lezing(bestandsnaam, **opties), _xlsx_rijen(bestand))
        for encoding in ("utf-8-sig", "cp1252"):
            bestand.seek(0)
            try:
                return _verwerk(_Lezing(bestandsnaam, **opties), _csv_rijen(bestand, encoding))
            except UnicodeDecodeError:
                continue
        raise _Onleesbaar(
            _("Het bestand is geen leesbare tekst; sla het op als CSV in UTF-8 of Windows-1252.")
        )
    except _Onleesbaar as fout:
        lezing = _Lezing(bestandsnaam, **opties)
        lezing.fout(None, "", str(fout))
        return lezing
