"""A national CBS "Kerncijfers wijken en buurten" file for the data set's gebieden, laid out as
CBS publishes the CSV: semicolons, Dutch thousands separators, "." for a secret figure, and the
many columns Woonzorg ignores (the real file has over a hundred; this one has 40)."""

import csv
import random
from pathlib import Path

from woonzorg.models import Gebied, Gemeente

KOLOMMEN = [
    "gwb_code_10", "gwb_code_8", "regio", "gm_naam", "recs", "ind_wbi",
    "a_inw", "a_man", "a_vrouw", "a_00_14", "a_15_24", "a_25_44", "a_45_64", "a_65_oo",
    "a_ongeh", "a_gehuwd", "a_gesch", "a_verwed", "a_nl_all", "a_we_all", "a_nw_all",
    "a_geb", "p_geb", "a_ste", "p_ste", "a_hh", "a_1p_hh", "a_hh_z_k", "a_hh_m_k", "g_hhgro",
    "bev_dich", "a_woning", "g_wozbag", "p_1gezw", "p_mgezw", "p_bewndw", "p_leegsw",
    "p_koopw", "p_huurw", "p_wcorpw",
]  # fmt: skip
SOORT = {"gemeente": "Gemeente", Gebied.Soort.WIJK: "Wijk", Gebied.Soort.BUURT: "Buurt"}


def getal(waarde: int) -> str:
    return f"{waarde:,}".replace(",", ".")


def rij(code: str, naam: str, gemeente: str, soort: str, kans: random.Random) -> list[str]:
    inwoners = kans.randint(200, 6000) * (40 if soort == "Gemeente" else 1)
    banden = [int(inwoners * aandeel) for aandeel in (0.16, 0.12, 0.25, 0.27)]
    banden.append(inwoners - sum(banden))
    huishoudens = inwoners * 10 // 21
    overig = [getal(kans.randint(0, inwoners)) for _ in range(14)]
    secret = "." if kans.random() < 0.02 else getal(kans.randint(0, 100))
    return [
        code, code[2:].lstrip("0"), naam, gemeente, soort, "1",
        getal(inwoners), getal(inwoners // 2), getal(inwoners - inwoners // 2),
        *map(getal, banden), *overig[:11],
        getal(huishoudens), getal(huishoudens * 2 // 5), *overig[11:13], "2,1",
        getal(kans.randint(500, 9000)), getal(huishoudens + 12), getal(kans.randint(150, 600)),
        *[secret] * 7,
    ]  # fmt: skip


def schrijf_kwb(pad: Path) -> int:
    """Every gemeente, wijk and buurt of the database, one row each; returns the rows."""
    kans = random.Random(2023)
    rijen = [["NL00", "0", "Nederland", "Nederland", "Land", "."] + ["."] * (len(KOLOMMEN) - 6)]
    namen = dict(Gemeente.objects.values_list("pk", "naam"))
    for gemeente in Gemeente.objects.order_by("cbs_code"):
        rijen.append(rij(gemeente.cbs_code, gemeente.naam, gemeente.naam, "Gemeente", kans))
    for code, naam, soort, gemeente_id in (
        Gebied.objects.filter(soort__in=[Gebied.Soort.WIJK, Gebied.Soort.BUURT])
        .order_by("cbs_code")
        .values_list("cbs_code", "naam", "soort", "gemeente_id")
        .iterator()
    ):
        rijen.append(rij(code, naam, namen[gemeente_id], SOORT[soort], kans))
    pad.parent.mkdir(parents=True, exist_ok=True)
    with pad.open("w", newline="", encoding="utf-8") as bestand:
        schrijver = csv.writer(bestand, delimiter=";")
        schrijver.writerow(KOLOMMEN)
        schrijver.writerows(rijen)
    return len(rijen)
