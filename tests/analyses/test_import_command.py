"""`manage.py import_cijfers`, and how long a realistic import takes."""

import io
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from analyses.importers import importeer, lees_cijfers
from analyses.models import Bevolkingscijfer, Huishoudens
from tests.woonzorg.factories import GemeenteFactory
from woonzorg.models import Gebied

BESTANDEN = Path(__file__).parent / "bestanden"


@pytest.fixture
def gemeente(db):
    return GemeenteFactory(naam="Gemeente A", cbs_code="GM9001")


def import_cijfers(*args) -> str:
    uitvoer = io.StringIO()
    call_command("import_cijfers", *args, stdout=uitvoer)
    return uitvoer.getvalue()


def test_dry_run_prints_the_plan_and_writes_nothing(gemeente):
    uitvoer = import_cijfers("GM9001", BESTANDEN / "kwb_2023.csv", "--jaar", "2023", "--dry-run")

    assert "Bestand: kwb_2023.csv (CBS Kerncijfers wijken en buurten)" in uitvoer
    assert "Nieuwe gebieden: 5\n  WK900101 Centrum (wijk)\n" in uitvoer
    assert "Cijfers: 33 nieuw, 0 gewijzigd, 0 ongewijzigd, 8 overgeslagen." in uitvoer
    assert "Proefrun: er is niets opgeslagen." in uitvoer
    assert not Gebied.objects.exists()
    assert not Bevolkingscijfer.objects.exists()


def test_import_writes(gemeente):
    uitvoer = import_cijfers(
        "gm9001", str(BESTANDEN / "statline_2024.csv"), "--jaar", "2024", "--bron", "CBS 85984NED"
    )

    assert "De cijfers zijn geïmporteerd." in uitvoer
    assert Bevolkingscijfer.objects.filter(jaar=2024, bron="CBS 85984NED").count() == 24
    assert Gebied.objects.filter(gemeente=gemeente).count() == 4


def test_invalid_file_stops_with_every_error(gemeente):
    with pytest.raises(CommandError) as fout:
        import_cijfers("GM9001", BESTANDEN / "kapot.csv", "--jaar", "2023")

    melding = str(fout.value)
    assert melding.startswith("kapot.csv is niet geïmporteerd:\n")
    assert "\n  Rij 7, kolom a_65_oo: '12a' is geen geheel getal.\n" in melding
    assert melding.count("\n  Rij ") == 6
    assert not Gebied.objects.exists()


def test_cbs_file_without_jaar(gemeente):
    with pytest.raises(CommandError, match="Geef het jaar op"):
        import_cijfers("GM9001", BESTANDEN / "kwb_2023.csv")


@pytest.mark.parametrize(
    ("gemeente_code", "bestand", "melding"),
    [
        ("GM9999", "kwb_2023.csv", "Gemeente GM9999 bestaat niet."),
        ("GM9001", "bestaat-niet.csv", "Bestand .*bestaat-niet.csv bestaat niet."),
    ],
)
def test_unknown_gemeente_or_file(gemeente, gemeente_code, bestand, melding):
    with pytest.raises(CommandError, match=melding):
        import_cijfers(gemeente_code, BESTANDEN / bestand, "--jaar", "2023")


# --- Size and speed ----------------------------------------------------------------------------

KWB_KOP = (
    "gwb_code_10;gwb_code_8;regio;gm_naam;recs;"
    "a_inw;a_00_14;a_15_24;a_25_44;a_45_64;a_65_oo;a_hh;a_1p_hh"
)


def kwb_regel(code: str, naam: str, recs: str, n: int) -> str:
    cijfers = ";".join(f"{n * factor % 997 + 1:,}".replace(",", ".") for factor in range(1, 9))
    return f"{code};{code[2:]};{naam};Gemeente;{recs};{cijfers}"


def gemeente_regels(gm: str, wijken: int, buurten_per_wijk: int) -> list[str]:
    nummer = gm[2:]
    regels = [kwb_regel(gm, "Gemeente", "Gemeente", 1)]
    for w in range(wijken):
        regels.append(kwb_regel(f"WK{nummer}{w:02d}", f"Wijk {w}", "Wijk", w))
        for b in range(buurten_per_wijk):
            code = f"BU{nummer}{w:02d}{b:02d}"
            regels.append(kwb_regel(code, f"Buurt {w}-{b}", "Buurt", w * 100 + b))
    return regels


def bestand(regels: list[str]) -> bytes:
    return "\r\n".join([KWB_KOP, *regels]).encode("utf-8")


def test_a_few_hundred_buurten_import_quickly(gemeente):
    data = bestand(gemeente_regels("GM9001", wijken=20, buurten_per_wijk=15))

    begin = time.perf_counter()
    plan = importeer(io.BytesIO(data), "kwb.csv", gemeente=gemeente, jaar=2023, bron="")
    duur = time.perf_counter() - begin

    assert plan.geldig, [str(f) for f in plan.fouten[:5]]
    assert len(plan.nieuwe_gebieden) == 320
    assert plan.nieuw == 320 * 7
    assert Bevolkingscijfer.objects.count() == 320 * 6
    assert Huishoudens.objects.count() == 320
    assert Gebied.objects.filter(parent__cbs_code="WK900119").count() == 15
    assert duur < 5, f"import took {duur:.1f} s"

    begin = time.perf_counter()
    plan = importeer(io.BytesIO(data), "kwb.csv", gemeente=gemeente, jaar=2023, bron="")
    assert (plan.nieuw, plan.ongewijzigd) == (0, 320 * 7)
    assert time.perf_counter() - begin < 5


def test_national_file_reads_only_the_gemeente(gemeente):
    andere = [
        regel
        for gm in range(100, 170)
        for regel in gemeente_regels(f"GM{gm:04d}", wijken=10, buurten_per_wijk=23)
    ]
    data = bestand(andere[:8500] + gemeente_regels("GM9001", 20, 15) + andere[8500:])
    assert data.count(b"\r\n") > 17_000

    begin = time.perf_counter()
    plan = lees_cijfers(io.BytesIO(data), "kwb.csv", gemeente=gemeente, jaar=2023, bron="")
    duur = time.perf_counter() - begin

    assert plan.geldig, [str(f) for f in plan.fouten[:5]]
    assert plan.nieuw == 320 * 7
    assert plan.overgeslagen == len(andere) + 1
    assert duur < 5, f"reading took {duur:.1f} s"
