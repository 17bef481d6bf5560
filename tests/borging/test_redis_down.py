"""With Redis down (the cache and the broker) the web application keeps working: pages render,
logging in works, and a requested report is shown as not started with the reason.

Redis is pointed at a closed port in this process; nothing here needs a Redis server.
"""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from borging.models import Jaarschijfrapport
from tests.woonzorg.factories import PASSWORD
from woonzorg.celery import app

DOOD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.REDIS_URL = DOOD
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DOOD}
    }
    # The broker too: a fresh connection pool to the closed port, the old one back afterwards.
    vorige = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, DOOD
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield
    app.conf.task_always_eager, app.conf.broker_url = vorige


def gemeente_url(naam, gemeente):
    return reverse(naam, kwargs={"gemeente": gemeente.cbs_code})


def test_the_dashboard_and_the_rapporten_page_render_with_redis_down(wereld, login, redis_down):
    with pytest.raises(RedisConnectionError):
        cache.get("iets")  # the cache is really down: the pages do not depend on it
    client = login(wereld.beleidsadviseur)

    assert client.get(gemeente_url("dashboard", wereld.gemeente)).status_code == 200
    assert client.get(gemeente_url("borging:rapporten", wereld.gemeente)).status_code == 200


def test_logging_in_works_with_redis_down(wereld, client, redis_down):
    response = client.post(
        reverse("login"), {"username": wereld.beleidsadviseur.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get(gemeente_url("dashboard", wereld.gemeente)).status_code == 200


def test_a_report_requested_with_the_broker_down_is_mislukt_at_once_with_the_reason(
    wereld, login, redis_down, django_capture_on_commit_callbacks
):
    client = login(wereld.beleidsadviseur)
    begin = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            gemeente_url("borging:rapport_aanvragen", wereld.gemeente), {"jaar": "2024"}
        )

    assert time.monotonic() - begin < 15  # the request gives up, it does not hang
    assert response.status_code == 302
    rapport = Jaarschijfrapport.objects.get()
    assert rapport.status == Jaarschijfrapport.Status.MISLUKT
    assert rapport.fout.startswith("De achtergrondverwerking is niet bereikbaar.")
    pagina = client.get(gemeente_url("borging:rapporten", wereld.gemeente)).content.decode()
    assert "De achtergrondverwerking is niet bereikbaar" in pagina
