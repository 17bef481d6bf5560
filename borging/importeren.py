"""Metingen for many indicatoren at once, from a CSV or Excel file: all or nothing.

The file has a header row with the columns below (any order, case ignored); `lees_metingen`
checks every row without writing and returns each error with its row and column;
`importeer_metingen` writes a valid file in one transaction, through services.voer_meting_in,
so the permission check and the audit log are those of the form.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _

from analyses.importers import ImportFout, Onleesbaar, lees_rijen
from woonzorg import permissions
from woonzorg.models import Gebied

from . import services
from .models import Frequentie, Indicator, Meting

KOLOMMEN = ("indicator", "jaar", "kwartaal", "gebied", "waarde", "bron", "toelichting")
VERPLICHT = ("indicator", "jaar", "waarde")
MAX_RIJEN = 5000
MAX_FOUTEN = 100
MAX_WAARDE = Decimal("9999999999.99")
MAX_BRON = Meting._meta.get_field("bron").max_length
_GETAL = re.compile(r"^([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d+))?$")


@dataclass(frozen=True)
class Regel:
    """One checked row: what voer_meting_in gets."""

    rij: int
    indicator: Indicator
    jaar: int
    kwartaal: int | None
    gebied: Gebied | None
    waarde: Decimal
    bron: str
    toelichting: str


@dataclass
class MetingImport:
    bestandsnaam: str = ""
    fouten: list[ImportFout] = field(default_factory=list)
    regels: list[Regel] = field(default_factory=list)
    nieuw: int = 0
    gecorrigeerd: int = 0

    @property
    def geldig(self) -> bool:
        return not self.fouten

    def fout(self, rij, kolom, reden):
        if len(self.fouten) < MAX_FOUTEN:
            self.fouten.append(ImportFout(rij, kolom, reden))
        elif len(self.fouten) == MAX_FOUTEN:
            self.fouten.append(
                ImportFout(None, "", _("En meer fouten; verbeter eerst de fouten hierboven."))
            )


class _Ongeldig(ValueError):
    """A cell that cannot be read; the message is the Dutch reason."""


def waarde_uit(tekst: str) -> Decimal:
    """A value as a Dutch user writes it: 1.234,5 or 1234,5; 12.5 (one dot, not three digits
    after it) is read as a decimal point, as spreadsheets in English write it."""
    compact = tekst.replace("\xa0", "").replace(" ", "")
    if compact.startswith("-"):
        raise _Ongeldig(_("'%(waarde)s' is negatief; een meting is 0 of meer.") % {"waarde": tekst})
    if re.fullmatch(r"\d+\.\d{1,2}", compact) and not re.fullmatch(r"\d{1,3}\.\d{3}", compact):
        compact = compact.replace(".", ",")
    match = _GETAL.match(compact)
    if not match:
        raise _Ongeldig(_("'%(waarde)s' is geen getal.") % {"waarde": tekst})
    geheel, decimalen = match.groups()
    if decimalen and len(decimalen.rstrip("0")) > 2:
        raise _Ongeldig(_("'%(waarde)s' heeft meer dan twee decimalen.") % {"waarde": tekst})
    try:
        waarde = Decimal(geheel.replace(".", "") + "." + (decimalen or "0"))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise _Ongeldig(_("'%(waarde)s' is geen getal.") % {"waarde": tekst}) from None
    if waarde > MAX_WAARDE:
        raise _Ongeldig(_("'%(waarde)s' is te groot.") % {"waarde": tekst})
    return waarde.quantize(Decimal("0.01"))


def _jaar(tekst: str) -> int:
    if not tekst.isdecimal() or not 2000 <= int(tekst) <= 2100:  # not isdigit: "²"
        raise _Ongeldig(_("'%(waarde)s' is geen jaar tussen 2000 en 2100.") % {"waarde": tekst})
    return int(tekst)


def _kwartaal(tekst: str) -> int | None:
    compact = tekst.upper().removeprefix("K").removeprefix("Q")
    if not tekst:
        return None
    if compact not in {"1", "2", "3", "4"}:
        raise _Ongeldig(
            _("'%(waarde)s' is geen kwartaal; kies 1, 2, 3 of 4, of laat het leeg.")
            % {"waarde": tekst}
        )
    return int(compact)


def _tekst(cel) -> str:
    if cel is None:
        return ""
    if isinstance(cel, float):
        # An Excel number, written as a Dutch user would: 0.125 is "0,125", never 125. Rounded
        # first: a formula's 0.1 + 0.2 is 0.30000000000000004, which the user sees as 0,3.
        cel = round(cel, 9)
        return str(int(cel)) if cel.is_integer() else repr(cel).replace(".", ",")
    return str(cel).strip()


class _Lezer:
    """Checks one file's rows against the indicatoren and gebieden of the gemeente."""

    def __init__(self, *, gemeente, user):
        self.user = user
        self.indicatoren = list(
            Indicator.objects.for_user(user).in_gemeente(gemeente).select_related("eigenaar")
        )
        self.per_id = {str(i.pk): i for i in self.indicatoren}
        self.per_naam: dict[str, list[Indicator]] = {}
        for indicator in self.indicatoren:
            self.per_naam.setdefault(indicator.naam.strip().lower(), []).append(indicator)
        self.gebieden: dict[str, Gebied] = {}
        for gebied in Gebied.objects.filter(gemeente=gemeente):
            self.gebieden.setdefault(gebied.naam.strip().lower(), gebied)
            if gebied.cbs_code:
                self.gebieden[gebied.cbs_code.lower()] = gebied
        self.gezien: dict[tuple, int] = {}

    def indicator(self, tekst: str) -> Indicator:
        gevonden = self.per_id.get(tekst) or self.per_naam.get(tekst.lower(), [])
        if isinstance(gevonden, list):
            if len(gevonden) > 1:
                raise _Ongeldig(
                    _("Er zijn meer indicatoren met de naam '%(naam)s'; gebruik het nummer.")
                    % {"naam": tekst}
                )
            gevonden = gevonden[0] if gevonden else None
        if gevonden is None:
            # Not found or not visible: the same answer, so existence does not leak.
            raise _Ongeldig(_("De indicator '%(naam)s' is onbekend.") % {"naam": tekst})
        if not permissions.can_report(self.user, gevonden):
            raise _Ongeldig(
                _(
                    "U kunt voor de indicator '%(naam)s' geen metingen invoeren; dat doet de "
                    "eigenaar (%(eigenaar)s)."
                )
                % {"naam": gevonden.naam, "eigenaar": gevonden.eigenaar}
            )
        return gevonden

    def gebied(self, tekst: str) -> Gebied | None:
        if not tekst:
            return None
        gebied = self.gebieden.get(tekst.lower())
        if gebied is None:
            raise _Ongeldig(
                _("Het gebied '%(naam)s' is onbekend in deze gemeente.") % {"naam": tekst}
            )
        return gebied

    def lees(self, uitkomst: MetingImport, rij: int, cellen: dict[str, str]) -> None:
        waarden = {}
        lezers = {
            "indicator": self.indicator,
            "jaar": _jaar,
            "kwartaal": _kwartaal,
            "gebied": self.gebied,
            "waarde": waarde_uit,
        }
        for kolom, lees in lezers.items():
            tekst = cellen.get(kolom, "")
            if not tekst and kolom in VERPLICHT:
                uitkomst.fout(rij, kolom, _("Dit veld is verplicht."))
                continue
            try:
                waarden[kolom] = lees(tekst)
            except _Ongeldig as fout:
                uitkomst.fout(rij, kolom, str(fout))
        bron = cellen.get("bron", "")
        if len(bron) > MAX_BRON:
            uitkomst.fout(rij, "bron", _("Ten hoogste %(max)s tekens.") % {"max": MAX_BRON})
        if len(waarden) < len(lezers):
            return
        indicator = waarden["indicator"]
        if waarden["kwartaal"] and indicator.frequentie == Frequentie.JAARLIJKS:
            uitkomst.fout(
                rij,
                "kwartaal",
                _("De indicator '%(naam)s' wordt jaarlijks gemeten; laat het kwartaal leeg.")
                % {"naam": indicator.naam},
            )
            return
        sleutel = (indicator.pk, waarden["jaar"], waarden["kwartaal"], waarden["gebied"])
        if sleutel in self.gezien:
            uitkomst.fout(
                rij,
                "",
                _("Deze meting staat ook al in rij %(rij)s.") % {"rij": self.gezien[sleutel]},
            )
            return
        self.gezien[sleutel] = rij
        uitkomst.regels.append(
            Regel(rij, bron=bron, toelichting=cellen.get("toelichting", ""), **waarden)
        )


def lees_metingen(bestand: BinaryIO, bestandsnaam: str, *, gemeente, user) -> MetingImport:
    """Check every row of the file; writes nothing."""
    uitkomst = MetingImport(bestandsnaam)
    try:
        rijen = [
            (rij, cellen)
            for rij, cellen in lees_rijen(bestand, bestandsnaam, max_rijen=MAX_RIJEN + 100)
            if any(_tekst(cel) for cel in cellen)
        ]
    except Onleesbaar as fout:
        uitkomst.fout(None, "", str(fout))
        return uitkomst
    if not rijen:
        uitkomst.fout(None, "", _("Het bestand is leeg."))
        return uitkomst
    kop_rij, kop = rijen[0]
    namen = [_tekst(cel).lower() for cel in kop]
    ontbreekt = [kolom for kolom in VERPLICHT if kolom not in namen]
    if ontbreekt:
        uitkomst.fout(
            kop_rij,
            "",
            _("De kolommen %(kolommen)s ontbreken in de kopregel. Verwacht: %(verwacht)s.")
            % {"kolommen": ", ".join(ontbreekt), "verwacht": ", ".join(KOLOMMEN)},
        )
        return uitkomst
    if len(rijen) - 1 > MAX_RIJEN:
        uitkomst.fout(
            None,
            "",
            _("Het bestand heeft meer dan %(max)s metingen; verdeel het over meer bestanden.")
            % {"max": MAX_RIJEN},
        )
        return uitkomst
    if len(rijen) == 1:
        uitkomst.fout(None, "", _("Het bestand heeft een kopregel maar geen metingen."))
        return uitkomst
    lezer = _Lezer(gemeente=gemeente, user=user)
    posities = {naam: i for i, naam in enumerate(namen) if naam in KOLOMMEN}
    for rij, cellen in rijen[1:]:
        waarden = {
            naam: _tekst(cellen[i]) if i < len(cellen) else "" for naam, i in posities.items()
        }
        lezer.lees(uitkomst, rij, waarden)
    return uitkomst


def importeer_metingen(bestand: BinaryIO, bestandsnaam: str, *, gemeente, user) -> MetingImport:
    """Check the file and, when every row is in order, write it in one transaction."""
    uitkomst = lees_metingen(bestand, bestandsnaam, gemeente=gemeente, user=user)
    if not uitkomst.geldig:
        return uitkomst
    with transaction.atomic():
        for regel in uitkomst.regels:
            _meting, nieuw = services.voer_meting_in(
                regel.indicator,
                door=user,
                jaar=regel.jaar,
                kwartaal=regel.kwartaal,
                gebied=regel.gebied,
                waarde=regel.waarde,
                bron=regel.bron,
                toelichting=regel.toelichting,
            )
            if nieuw:
                uitkomst.nieuw += 1
            else:
                uitkomst.gecorrigeerd += 1
    return uitkomst


def sjabloon_rijen(indicatoren, jaar: int) -> list[list[str]]:
    """The template to download: a header and one example row per indicator the user owns."""
    rijen = [[*KOLOMMEN, "naam"]]  # the name is for the reader; the import ignores it
    for indicator in indicatoren:
        kwartaal = "4" if indicator.frequentie == Frequentie.PER_KWARTAAL else ""
        rijen.append(
            [str(indicator.pk), str(jaar), kwartaal, "", "", indicator.bron, "", indicator.naam]
        )
    return rijen
