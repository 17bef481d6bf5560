"""Test set-up shared by every app.

Runs on SQLite with eager Celery when nothing is configured, and against PostgreSQL and Redis
when DATABASE_URL and REDIS_URL are set. With CI=true a missing service stops the run with an
error instead of quietly testing less.
"""

import django_otp
import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonzorg.celery import app as celery_app
from woonzorg.settings.environ import env_bool


def pytest_sessionstart(session):
    if not env_bool("CI"):
        return
    problems = []
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        problems.append("DATABASE_URL must point to PostgreSQL when CI=true.")
    if not settings.REDIS_URL:
        problems.append("REDIS_URL must be set when CI=true.")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
        except redis.RedisError as error:
            problems.append(f"Redis at REDIS_URL is not reachable: {error}")
    if problems:
        pytest.exit("\n".join(problems), returncode=2)


@pytest.fixture(autouse=True)
def _fast_and_in_process(request, settings, tmp_path_factory):
    # Hashing with MD5 keeps the suite fast; the real hashers are Django's own concern.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Generated files (jaarschijfrapporten) go to a folder of the test run, not the project's.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"
    # Tasks run in process unless a test needs the real worker.
    eager = request.node.get_closest_marker("celery_worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def redis_url():
    if not settings.REDIS_URL:
        if env_bool("CI"):
            pytest.fail("REDIS_URL is required in CI.")
        pytest.skip("REDIS_URL is not set: no real Celery worker to test against.")
    return settings.REDIS_URL


@pytest.fixture(autouse=True)
def _force_login_takes_both_steps(monkeypatch):
    """force_login stands for a finished login, and with two-step login that is both steps: a
    user with an authenticator app (a beheerder always has one here) comes in verified.
    tests/woonzorg/test_tweestaps.py logs in the real way."""
    force_login = Client.force_login

    def beide_stappen(client, user, backend=None):
        force_login(client, user, backend)
        app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if app is None and (user.is_staff or user.is_superuser):
            app = TOTPDevice.objects.create(user=user, name="Authenticator-app")
        if app is not None:
            session = client.session
            session[django_otp.DEVICE_ID_SESSION_KEY] = app.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", beide_stappen)
