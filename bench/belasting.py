"""The dashboard under load: gunicorn on 127.0.0.1 as production runs it, locust headless
with 20 users for a bounded time."""

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from woonzorg.models import User

from .dataset import Dataset

GEBRUIKERS = 20
SECONDEN = 30
WORKERS = 4  # two per core: the requests wait on PostgreSQL part of the time


class BelastingFout(Exception):
    pass


def sessies(gebruiker: User, aantal: int) -> list[str]:
    """Logged-in sessions as django.contrib.auth.login leaves them."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sleutels = []
    for _ in range(aantal):
        sessie = store()
        sessie[SESSION_KEY] = str(gebruiker.pk)
        sessie[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        sessie[HASH_SESSION_KEY] = gebruiker.get_session_auth_hash()
        sessie.create()
        sleutels.append(sessie.session_key)
    return sleutels


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wacht_tot_bereikbaar(url: str, server: subprocess.Popen, seconden: float = 30) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if server.poll() is not None:
            raise BelastingFout("gunicorn is gestopt voordat het antwoordde.")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise BelastingFout(f"gunicorn antwoordde niet binnen {seconden} s.")


def programma(naam: str) -> str:
    """A console script of this virtualenv."""
    pad = Path(sys.executable).with_name(naam)
    if not pad.exists():
        raise BelastingFout(
            f"{naam} ontbreekt; make bench installeert het (pip install -e '.[bench]')."
        )
    return str(pad)


def meet_belasting(dataset: Dataset, omgeving: dict[str, str], seconden: int = SECONDEN) -> dict:
    gebruiker = User.objects.get_by_natural_key(dataset.beleidsadviseur_groot)
    poort = vrije_poort()
    adres = f"http://127.0.0.1:{poort}"
    server = subprocess.Popen(
        [
            programma("gunicorn"), "woonzorg.wsgi:application",
            "--bind", f"127.0.0.1:{poort}", "--workers", str(WORKERS),
            "--log-level", "warning",
        ],
        env=omgeving,
    )  # fmt: skip
    map_ = Path(tempfile.mkdtemp(prefix="woonzorg-bench-"))
    try:
        wacht_tot_bereikbaar(f"{adres}{reverse('login')}", server)
        subprocess.run(
            [
                programma("locust"), "-f", str(Path(__file__).with_name("locustfile.py")),
                "--headless", "--users", str(GEBRUIKERS), "--spawn-rate", str(GEBRUIKERS),
                "--run-time", f"{seconden}s", "--host", adres, "--json-file", str(map_ / "locust"),
                "--only-summary", "--skip-log-setup",
            ],
            env={
                **omgeving,
                "BENCH_SESSIES": ",".join(sessies(gebruiker, GEBRUIKERS)),
                "BENCH_COOKIE": settings.SESSION_COOKIE_NAME,
                "BENCH_PAD": reverse("dashboard", kwargs={"gemeente": dataset.groot}),
            },
            check=False,  # locust exits 1 when a request failed; the figures say how many
            stdout=subprocess.DEVNULL,
            timeout=seconden + 60,
        )  # fmt: skip
        return totaal(map_ / "locust.json")
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(map_, ignore_errors=True)


def totaal(uitvoer: Path) -> dict:
    """Throughput and p95 from locust's final stats (response times in rounded buckets)."""
    if not uitvoer.exists():
        raise BelastingFout("locust heeft geen resultaten geschreven.")
    stats = next(s for s in json.loads(uitvoer.read_text()) if s["name"] == "dashboard")
    aantal = stats["num_requests"]
    if not aantal:
        raise BelastingFout("locust heeft geen enkele aanvraag gedaan.")
    duur = stats["last_request_timestamp"] - stats["start_time"]
    return {
        "users": GEBRUIKERS,
        "rps": round(aantal / duur, 1),
        "p95_ms": percentiel(stats["response_times"], aantal, 0.95),
        "errors": stats["num_failures"],
        "requests": aantal,
    }


def percentiel(emmers: dict[str, int], aantal: int, fractie: float) -> int:
    """The time (ms) below which `fractie` of the requests stayed."""
    gezien = 0
    for tijd, keer in sorted((int(t), k) for t, k in emmers.items()):
        gezien += keer
        if gezien >= fractie * aantal:
            return tijd
    raise ValueError("lege verdeling")
