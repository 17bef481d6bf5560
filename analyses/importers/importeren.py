"""The entry points: `lees_cijfers` checks a file, `importeer` checks and writes it in one
transaction; both feed the file's rows to the layout its header names."""

from contextlib import closing
from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _

from .bestanden import Rijen, _bestandssoort, _csv_rijen, _is_leeg, _Onleesbaar, _xlsx_rijen
from .indelingen import _herken_kop, _onherkend
from .plan import ImportPlan, _Lezing

KOP_ZOEKEN_TOT = 20  # rows searched for the header (an export may start with a title)


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
