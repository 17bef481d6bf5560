"""What `make bench` measures. Every function returns plain numbers; __main__ prints and
stores them.

Pages are requested in this process through Django's test client (no network, no browser), so
the time is what the application itself spends: middleware, queries, templates. Each page is
opened as the user who would open it, first for the normal gemeente and then for the large one;
a page that does not answer 200 stops the run rather than timing an error page.
"""

import datetime
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analyses.models import Woonzorganalyse
from analyses.services import behoefteraming
from borging.models import Jaarschijfrapport
from borging.rapport import render_rapport
from visies.models import Ambitie
from woonzorg.models import Gemeente, User

from .dataset import Dataset

HERHALINGEN = 40  # timed requests per page, after a few that warm the caches
OPWARMEN = 3


@dataclass(frozen=True)
class Aanvraag:
    """One page as one user sees it."""

    url: str
    gebruiker: str


@dataclass(frozen=True)
class Pagina:
    naam: str
    normaal: Aanvraag
    groot: Aanvraag


class BenchFout(Exception):
    pass


def kernpaginas(dataset: Dataset) -> list[Pagina]:
    """The pages people open most, for the normal and for the large gemeente."""

    def per_gemeente(naam, url, *, partner=False, **kwargs):
        def aanvraag(cbs, gebruiker):
            return Aanvraag(url(cbs, **kwargs), gebruiker)

        if partner:
            return Pagina(
                naam,
                aanvraag(dataset.normaal, dataset.partner),
                aanvraag(dataset.groot, dataset.partner),
            )
        return Pagina(
            naam,
            aanvraag(dataset.normaal, dataset.beleidsadviseur_normaal),
            aanvraag(dataset.groot, dataset.beleidsadviseur_groot),
        )

    def gemeente_url(naam):
        return lambda cbs: reverse(naam, kwargs={"gemeente": cbs})

    def object_url(naam, object_van):
        return lambda cbs: reverse(naam, kwargs={"gemeente": cbs, "pk": object_van(cbs).pk})

    taken = reverse("taken")
    return [
        per_gemeente("dashboard", gemeente_url("dashboard")),
        per_gemeente("ketencheck", gemeente_url("ketencheck")),
        per_gemeente("keten", object_url("borging:keten", rijkste_ambitie)),
        per_gemeente("afspraken", gemeente_url("prestatieafspraken:afspraken")),
        per_gemeente(
            "afspraken_partner", gemeente_url("prestatieafspraken:afspraken"), partner=True
        ),
        per_gemeente("activiteiten", gemeente_url("uitvoering:activiteiten")),
        per_gemeente("monitoring", gemeente_url("borging:index")),
        per_gemeente("behoefteraming", object_url("analyses:detail", analyse_van)),
        # The partner's home spans its gemeenten: one gemeente against two, the large one included.
        Pagina(
            "partner_home",
            Aanvraag(taken, dataset.partner_normaal),
            Aanvraag(taken, dataset.partner),
        ),
    ]


def vloer_van(cbs: str, gebruiker: str) -> Aanvraag:
    return Aanvraag(reverse("vloer", kwargs={"gemeente": cbs}), gebruiker)


def rijkste_ambitie(cbs: str) -> Ambitie:
    """The ambitie with the longest chain below it: the heaviest chain view there is."""
    return (
        Ambitie.objects.filter(visie__gemeente__cbs_code=cbs)
        .annotate(n=Count("afspraken"))
        .order_by("-n", "pk")
        .first()
    )


def analyse_van(cbs: str) -> Woonzorganalyse:
    return Woonzorganalyse.objects.filter(gemeente__cbs_code=cbs).order_by("-peiljaar").first()


# --- In process --------------------------------------------------------------------------------

_clients: dict[str, Client] = {}


def client_van(gebruikersnaam: str) -> Client:
    if gebruikersnaam not in _clients:
        client = Client()
        client.force_login(User.objects.get_by_natural_key(gebruikersnaam))
        _clients[gebruikersnaam] = client
    return _clients[gebruikersnaam]


def open_pagina(aanvraag: Aanvraag):
    response = client_van(aanvraag.gebruiker).get(aanvraag.url)
    if response.status_code != 200:
        raise BenchFout(f"{aanvraag.url} als {aanvraag.gebruiker}: status {response.status_code}")
    return response


def queries(aanvraag: Aanvraag) -> int:
    open_pagina(aanvraag)  # the second request, as people open it: session and caches settled
    with CaptureQueriesContext(connection) as vastgelegd:
        open_pagina(aanvraag)
    return len(vastgelegd)


def tijden_ms(aanvraag: Aanvraag, herhalingen: int = HERHALINGEN) -> list[float]:
    for _ in range(OPWARMEN):
        open_pagina(aanvraag)
    tijden = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        open_pagina(aanvraag)
        tijden.append((time.perf_counter() - begin) * 1000)
    return tijden


def p50(waarden: list[float]) -> float:
    return statistics.median(waarden)


def p95(waarden: list[float]) -> float:
    return statistics.quantiles(waarden, n=20, method="inclusive")[-1]


def meet_vloer(dataset: Dataset, herhalingen: int = HERHALINGEN) -> dict:
    tijden = tijden_ms(vloer_van(dataset.groot, dataset.beleidsadviseur_groot), herhalingen)
    return {"p50_ms": round(p50(tijden), 1), "p95_ms": round(p95(tijden), 1)}


def meet_pagina(pagina: Pagina, vloer_p95: float, herhalingen: int = HERHALINGEN) -> dict:
    """Query counts at both sizes; times for the large gemeente, where they matter."""
    tijden = tijden_ms(pagina.groot, herhalingen)
    p95_ms = round(p95(tijden), 1)
    return {
        "queries_normal": queries(pagina.normaal),
        "queries_large": queries(pagina.groot),
        "p50_ms": round(p50(tijden), 1),
        "p95_ms": p95_ms,
        "floor_ratio": round(p95_ms / vloer_p95, 1),
    }


# --- The jaarschijfrapport and the behoefteraming -----------------------------------------------


def pdf_seconden(cbs: str) -> float:
    """The report of last year, rendered as the Celery task renders it (without storing it)."""
    jaar = datetime.date.today().year - 1
    rapport = Jaarschijfrapport.objects.create(
        gemeente=Gemeente.objects.get(cbs_code=cbs), jaar=jaar
    )
    try:
        begin = time.perf_counter()
        pdf = render_rapport(rapport)
        seconden = time.perf_counter() - begin
    finally:
        rapport.delete()
    if not pdf.startswith(b"%PDF"):
        raise BenchFout(f"Het jaarschijfrapport van {cbs} is geen PDF.")
    return seconden


def meet_pdf(dataset: Dataset) -> dict:
    return {
        "normal_s": round(pdf_seconden(dataset.normaal), 2),
        "large_s": round(pdf_seconden(dataset.groot), 2),
    }


def meet_behoefteraming(dataset: Dataset, herhalingen: int = 5) -> dict:
    """The whole gap table of the large gemeente: every gebied × woonvorm × jaar."""
    analyse = analyse_van(dataset.groot)
    tijden = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        ramingen = behoefteraming(analyse)
        tijden.append(time.perf_counter() - begin)
    if not ramingen:
        raise BenchFout("De behoefteraming van de grote gemeente is leeg.")
    return {"seconds": round(p50(tijden), 3), "ramingen": len(ramingen)}


# --- Out of process: the KWB import and the load test -------------------------------------------


def omgeving() -> dict[str, str]:
    """This process's environment for a child: same database, same settings."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}


def meet_kwb(bestand: Path, cbs: str, jaar: int, rijen: int) -> dict:
    """The national KWB file imported for the large gemeente, in a process of its own so that
    its peak memory is the import's (and Django's), nothing of this run's."""
    proces = subprocess.run(
        [sys.executable, "-m", "bench.kwb_import", cbs, str(bestand), str(jaar)],
        env=omgeving(),
        capture_output=True,
        text=True,
    )
    if proces.returncode != 0:
        raise BenchFout(f"De KWB-import is mislukt:\n{proces.stdout}{proces.stderr}")
    seconden, geimporteerd, piek = proces.stdout.split()
    return {
        "rows": rijen,
        "seconds": round(float(seconden), 2),
        "peak_mb": round(float(piek)),
        "imported": int(geimporteerd),
    }
