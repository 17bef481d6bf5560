"""Reading a file: its type, the rows of a CSV (encoding, separator) or XLSX, and cell values
as users write them (Dutch numbers, years, CBS codes)."""

import csv
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from ..models import jaar_validators

JAAR_MIN, JAAR_MAX = (validator.limit_value for validator in jaar_validators)


# --- Values as users write them ----------------------------------------------------------------

ONBEKEND = frozenset({"", ".", "-"})
_GETAL = re.compile(r"^(?P<min>-?)(?P<geheel>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<decimalen>\d+))?$")
_CODE = re.compile(r"^(NL|GM|WK|BU)(\d+)$")
_GEBIED_CODE = re.compile(r"^(WK\d{6}|BU\d{8})$")
CIJFERS_IN_CODE = {"GM": 4, "WK": 6, "BU": 8}
PREFIX_PER_SOORT_REGIO = {"land": "NL", "gemeente": "GM", "wijk": "WK", "buurt": "BU"}
PREFIX_PER_LENGTE = {lengte: prefix for prefix, lengte in CIJFERS_IN_CODE.items()}
# The largest value a PositiveIntegerField holds on PostgreSQL (SQLite stops at 2**63 - 1). A
# larger count passed the check and then failed while writing: an OverflowError or DataError,
# so a 500 on confirming the import (found while fuzzing the importers; see
# tests/analyses/test_fuzz_importers.py for the regression tests).
MAX_AANTAL = 2_147_483_647


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
    if getal > MAX_AANTAL:
        raise _Ongeldig(_("'%(waarde)s' is te groot voor een aantal.") % {"waarde": weergave})
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


# --- For other importers (borging's metingen) ----------------------------------------------------

Onleesbaar = _Onleesbaar


def lees_rijen(bestand: BinaryIO, bestandsnaam: str, max_rijen: int) -> list[tuple[int, list]]:
    """The rows of a small CSV (UTF-8 or Windows-1252, separator sniffed) or XLSX file, as
    (row number, cells), at most `max_rijen` of them: a small compressed file can hold millions
    of cells. Raises Onleesbaar with the Dutch reason for a file it cannot read."""
    bestand.seek(0)
    if _bestandssoort(bestand, bestandsnaam) == "xlsx":
        return list(itertools.islice(_xlsx_rijen(bestand), max_rijen))
    for encoding in ("utf-8-sig", "cp1252"):
        bestand.seek(0)
        try:
            return list(itertools.islice(_csv_rijen(bestand, encoding), max_rijen))
        except UnicodeDecodeError:
            continue
    raise _Onleesbaar(
        _("Het bestand is geen leesbare tekst; sla het op als CSV in UTF-8 of Windows-1252.")
    )
