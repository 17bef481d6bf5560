"""A real Celery worker in another process, for the tests that need one (runs in CI).

It reads the test database, so that must be PostgreSQL (SQLite's test database is not shared),
and writes the PDF to the test run's MEDIA_ROOT.
"""

import os
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

WACHTTIJD = 90  # seconds


def database_url() -> str:
    """The test database as a DATABASE_URL, for the worker's settings."""
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.skip(
            "A real worker needs the test database on PostgreSQL (DATABASE_URL); SQLite's "
            "test database cannot be shared with another process."
        )
    gebruiker = quote(db.get("USER") or "", safe="")
    wachtwoord = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(db.get("HOST") or "", safe="")
    poort = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{gebruiker}{wachtwoord}@{host}{poort}/{quote(db['NAME'], safe='')}"


BOOTSTRAP = """
import sys

import django

django.setup()
{code}
from woonzorg.celery import app

app.worker_main(sys.argv[1:])
"""


def omgeving(redis_url, **extra) -> dict[str, str]:
    """The worker's environment: the test database, Redis, tasks not in process."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "woonzorg.settings"),
        "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }


def argv(queue: str, pool: str) -> list[str]:
    """One worker process on `queue` alone, without the chatter between workers."""
    argv = ["worker", f"--pool={pool}", "--concurrency=1", "--without-gossip"]
    return [*argv, "--without-mingle", "--without-heartbeat", "-Q", queue, "--loglevel=INFO"]


def command(queue: str, pool: str, code: str | None = None) -> list[str]:
    """The worker's command line; `code` runs after django.setup(), before the worker starts."""
    if code is None:
        return [sys.executable, "-m", "celery", "-A", "woonzorg", *argv(queue, pool)]
    bootstrap = BOOTSTRAP.format(code=textwrap.dedent(code))
    return [sys.executable, "-c", bootstrap, *argv(queue, pool)]


def wacht_op(rapport, *statussen, log: Path, pogingen=None):
    """Poll the database until the report reaches one of `statussen` (and, when given, that
    many attempts), or fail with the worker's log."""
    einde = time.monotonic() + WACHTTIJD
    while time.monotonic() < einde:
        rapport.refresh_from_db()
        if rapport.status in statussen and pogingen in (None, rapport.pogingen):
            return rapport
        time.sleep(0.3)
    pytest.fail(
        f"Rapport {rapport.pk} is {rapport.status} after {WACHTTIJD} s "
        f"({rapport.pogingen} pogingen, fout: {rapport.fout!r}).\n"
        f"Worker log:\n{log.read_text(errors='replace')[-4000:]}"
    )


def bevat_pdf(rapport) -> bool:
    pad = Path(settings.MEDIA_ROOT) / rapport.bestand.name
    return rapport.bestand.name.endswith(".pdf") and pad.read_bytes()[:5] == b"%PDF-"
