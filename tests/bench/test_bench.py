"""make bench's own parts that can break without PostgreSQL: the floor page, the measuring of a
page, the national KWB file it imports, and the reading of its figures against the targets.
(The bench itself runs on PostgreSQL with a national data set; CI does not build that.)"""

import csv

import pytest

from analyses.importers import lees_cijfers
from bench import meten
from bench.__main__ import tabel, toets
from bench.belasting import percentiel
from bench.kwb import KOLOMMEN, schrijf_kwb
from tests.woonzorg.factories import GebiedFactory
from woonzorg.models import Gebied


@pytest.fixture(autouse=True)
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    meten._clients.clear()  # a client per user, logged in once: not across tests


def test_floor_page_is_the_base_template_of_a_gemeente(wereld):
    aanvraag = meten.vloer_van(wereld.gemeente.cbs_code, wereld.beleidsadviseur.email)

    response = meten.open_pagina(aanvraag)

    assert response.templates[0].name == "base.html"
    assert "Gemeente A" in response.content.decode()  # the navigation of the gemeente


def test_a_page_is_measured_at_both_sizes(wereld):
    url = f"/g/{wereld.gemeente.cbs_code}/ketencheck/"
    aanvraag = meten.Aanvraag(url, wereld.beleidsadviseur.email)
    pagina = meten.Pagina("ketencheck", normaal=aanvraag, groot=aanvraag)

    gemeten = meten.meet_pagina(pagina, vloer_p95=2.0, herhalingen=3)

    assert gemeten["queries_normal"] == gemeten["queries_large"] > 3
    assert 0 < gemeten["p50_ms"] <= gemeten["p95_ms"]
    assert gemeten["floor_ratio"] == round(gemeten["p95_ms"] / 2.0, 1)


def test_a_page_that_does_not_answer_200_stops_the_run(wereld):
    """Timing a 404 would look fast."""
    aanvraag = meten.Aanvraag(
        f"/g/{wereld.andere_gemeente.cbs_code}/ketencheck/", wereld.beleidsadviseur.email
    )

    with pytest.raises(meten.BenchFout, match="status 404"):
        meten.tijden_ms(aanvraag, herhalingen=1)


def test_the_national_kwb_file_imports_the_gemeente_and_skips_the_rest(wereld, tmp_path):
    for gemeente, nummer in ((wereld.gemeente, "0001"), (wereld.andere_gemeente, "0002")):
        wijk = GebiedFactory(
            gemeente=gemeente, soort=Gebied.Soort.WIJK, cbs_code=f"WK{nummer}01", naam="Centrum"
        )
        GebiedFactory(
            gemeente=gemeente,
            soort=Gebied.Soort.BUURT,
            cbs_code=f"BU{nummer}0101",
            naam="Markt",
            parent=wijk,
        )
    pad = tmp_path / "kwb.csv"

    rijen = schrijf_kwb(pad)

    with pad.open(encoding="utf-8") as bestand:
        gelezen = list(csv.reader(bestand, delimiter=";"))
    assert gelezen[0] == KOLOMMEN
    assert rijen == len(gelezen) - 1 == 7  # Nederland, two gemeenten, two wijken, two buurten
    assert {len(rij) for rij in gelezen} == {len(KOLOMMEN)}
    with pad.open("rb") as bestand:
        plan = lees_cijfers(bestand, pad.name, gemeente=wereld.gemeente, jaar=2016, bron="")
    assert plan.geldig, plan.fouten
    assert plan.nieuw == 2 * 7  # wijk and buurt: six age bands and their households each
    assert plan.overgeslagen == 5  # Nederland, both gemeente rows, and the other's wijk and buurt
    assert not plan.nieuwe_gebieden


def test_percentiel_reads_locusts_rounded_buckets():
    emmers = {"120": 50, "95": 40, "900": 9, "2000": 1}

    assert percentiel(emmers, 100, 0.5) == 120
    assert percentiel(emmers, 100, 0.95) == 900
    assert percentiel(emmers, 100, 1.0) == 2000


def resultaten(**anders) -> dict:
    pagina = {"queries_normal": 12, "queries_large": 12, "p50_ms": 40.0, "p95_ms": 50.0}
    r = {
        "pages": {"dashboard": {**pagina, "floor_ratio": 2.5}},
        "floor": {"p50_ms": 15.0, "p95_ms": 20.0},
        "load": {"users": 20, "rps": 40.0, "p95_ms": 700, "errors": 0, "requests": 1200},
        "pdf": {"normal_s": 1.2, "large_s": 6.0},
        "kwb_import": {"rows": 17683, "seconds": 9.0, "peak_mb": 300, "imported": 9000},
        "behoefteraming": {"seconds": 0.4, "ramingen": 30000},
    }
    for sleutel, waarde in anders.items():
        deel, veld = sleutel.split("__")
        doel = r["pages"]["dashboard"] if deel == "dashboard" else r[deel]
        doel[veld] = waarde
    return r


def test_targets_met():
    assert toets(resultaten()) == []
    assert "dashboard" in "\n".join(tabel(resultaten()))


@pytest.mark.parametrize(
    "anders, melding",
    [
        ({"dashboard__queries_large": 14}, "dashboard: queries groeien mee (12 → 14)"),
        ({"dashboard__queries_normal": 25, "dashboard__queries_large": 25}, "25 queries"),
        ({"dashboard__p95_ms": 260.0}, "dashboard: p95 260.0 ms"),
        ({"dashboard__floor_ratio": 5.5}, "5.5× de vloerpagina"),
        ({"pdf__large_s": 10.5}, "jaarschijfrapport: 10.5 s"),
        ({"kwb_import__peak_mb": 501}, "KWB-import: 9.0 s, 501 MB"),
        ({"load__errors": 3}, "belastingtest: 3 fouten"),
    ],
)
def test_each_missed_target_is_named(anders, melding):
    missers = toets(resultaten(**anders))

    assert len(missers) == 1
    assert melding in missers[0]
