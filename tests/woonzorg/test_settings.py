"""Settings come from the environment: the helper's parsing, and the modes it switches."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from woonzorg.settings.environ import env_bool, env_int, env_list, env_str

# Every variable the settings read; a subprocess starts with none of them set.
SETTINGS_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "WOONZORG_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "CELERY_TASK_SOFT_TIME_LIMIT",
    "CELERY_TASK_TIME_LIMIT",
    "DB_CONN_MAX_AGE",
    "SESSION_COOKIE_AGE",
    "AXES_FAILURE_LIMIT",
    "MEDIA_ROOT",
    "LOG_LEVEL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DJANGO_SETTINGS_MODULE",
    "OTP_TOTP_ISSUER",
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "OIDC_RP_SIGN_ALGO",
    "OIDC_DOMEINEN",
    "OIDC_OP_ISSUER",
    "OIDC_KNOP",
}

# --- The helper ------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "True", " YES ", "on", "ja"])
def test_env_bool_true(raw):
    assert env_bool("X", environ={"X": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off", "nee", "", "  "])
def test_env_bool_false(raw):
    assert env_bool("X", default=True, environ={"X": raw}) is False


def test_env_bool_default_when_unset():
    assert env_bool("X", default=True, environ={}) is True
    assert env_bool("X", environ={}) is False


@pytest.mark.parametrize("raw", ["misschien", "2", "truee"])
def test_env_bool_refuses_anything_else(raw):
    with pytest.raises(ImproperlyConfigured, match=r"X must be a boolean \(true/false\)"):
        env_bool("X", environ={"X": raw})


def test_env_int():
    assert env_int("N", 5, environ={}) == 5
    assert env_int("N", 5, environ={"N": " 42 "}) == 42
    with pytest.raises(ImproperlyConfigured, match="N must be a whole number, got 'vijf'"):
        env_int("N", 5, environ={"N": "vijf"})
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 5, environ={"N": "2.5"})


def test_env_list_trims_and_drops_empty_items():
    assert env_list("L", environ={"L": " a.example.org , ,b.example.org,"}) == [
        "a.example.org",
        "b.example.org",
    ]
    assert env_list("L", "x,y", environ={}) == ["x", "y"]
    assert env_list("L", environ={}) == []


def test_env_str_strips_and_defaults():
    assert env_str("S", "standaard", environ={}) == "standaard"
    assert env_str("S", "standaard", environ={"S": "  waarde \n"}) == "waarde"


def test_env_reads_os_environ_by_default(monkeypatch):
    monkeypatch.setenv("WOONZORG_TEST_VLAG", "ja")
    assert env_bool("WOONZORG_TEST_VLAG") is True


# --- The settings module in a clean process --------------------------------------------------

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from woonzorg.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "host": settings.DATABASES["default"].get("HOST", ""),
    "port": settings.DATABASES["default"].get("PORT", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "eager": app.conf.task_always_eager,
    "broker": app.conf.broker_url,
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": settings.EMAIL_HOST,
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
    "oidc": settings.OIDC_ENABLED,
    "backends": settings.AUTHENTICATION_BACKENDS,
    "oidc_domeinen": settings.OIDC_DOMEINEN,
}))
"""


def clean_env(**variables):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES and k != "CI"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "woonzorg.settings")
    return {**env, **variables}


def run_python(code, **variables):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(**variables):
    result = run_python(PROBE, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_everything_runs_embedded():
    found = probe()
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(settings.BASE_DIR / "db.sqlite3")
    assert found["eager"] is True
    assert found["broker"] == "memory://"
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert found["debug"] is True
    assert found["allowed_hosts"] == ["127.0.0.1", "localhost"]
    assert found["axes_failure_limit"] == 5
    assert found["oidc"] is False
    assert "woonzorg.oidc.GemeenteAccountBackend" not in found["backends"]


def test_database_url_selects_postgresql():
    found = probe(DATABASE_URL="postgres://u@h:5432/db")
    assert found["engine"] == "django.db.backends.postgresql"
    assert (found["name"], found["host"], found["port"]) == ("db", "h", 5432)


def test_redis_url_is_the_cache_and_the_broker_and_turns_off_eager():
    url = "redis://redis.example:6379/2"
    found = probe(REDIS_URL=url)
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cache_location"] == url
    assert found["broker"] == url
    assert found["eager"] is False


def test_eager_can_be_forced_with_redis():
    found = probe(REDIS_URL="redis://redis.example:6379/2", CELERY_TASK_ALWAYS_EAGER="true")
    assert found["eager"] is True


def test_email_host_selects_smtp():
    found = probe(EMAIL_HOST="smtp.example.org")
    assert found["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["email_host"] == "smtp.example.org"


def test_values_from_the_environment_are_used():
    found = probe(DEBUG="nee", ALLOWED_HOSTS="a.example.org, b.example.org", AXES_FAILURE_LIMIT="3")
    assert found["debug"] is False
    assert found["allowed_hosts"] == ["a.example.org", "b.example.org"]
    assert found["axes_failure_limit"] == 3


def test_a_typo_in_a_boolean_stops_the_start():
    result = run_python(PROBE, DEBUG="waar")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be a boolean (true/false), got 'waar'." in (
        result.stderr
    )


OIDC_PROVIDER = {
    "OIDC_RP_CLIENT_ID": "woonzorg",
    "OIDC_RP_CLIENT_SECRET": "geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.nl/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.nl/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.nl/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.nl/jwks",
}


def test_a_client_id_turns_on_openid_connect():
    found = probe(**OIDC_PROVIDER, OIDC_DOMEINEN="Gemeente-A.nl, gemeente-b.nl")
    assert found["oidc"] is True
    assert found["backends"][-1] == "woonzorg.oidc.GemeenteAccountBackend"
    assert found["oidc_domeinen"] == ["gemeente-a.nl", "gemeente-b.nl"]


def test_openid_connect_without_its_endpoints_stops_the_start():
    zonder = {k: v for k, v in OIDC_PROVIDER.items() if k not in ("OIDC_OP_TOKEN_ENDPOINT",)}
    zonder["OIDC_OP_JWKS_ENDPOINT"] = ""
    result = run_python(PROBE, **zonder)
    assert result.returncode != 0
    assert (
        "OIDC_RP_CLIENT_ID is set, so OpenID Connect is on; it needs OIDC_OP_TOKEN_ENDPOINT, "
        "OIDC_OP_JWKS_ENDPOINT." in result.stderr
    )


# --- Production ------------------------------------------------------------------------------

PRODUCTION = "woonzorg.settings.production"
SECRET = secrets.token_urlsafe(45)  # 60 characters


def test_a_strong_secret_key_is_60_characters():
    assert len(SECRET) == 60


@pytest.mark.parametrize(
    "secret",
    [None, "kort", "django-insecure-" + "x" * 60],
    ids=["unset", "short", "insecure"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    variables = {"DJANGO_SETTINGS_MODULE": PRODUCTION, "ALLOWED_HOSTS": "woonzorg.example.org"}
    if secret is not None:
        variables["SECRET_KEY"] = secret
    result = run_python(PROBE, **variables)
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: Set SECRET_KEY to a random value of at least 50 characters."
        in result.stderr
    )


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(PROBE, DJANGO_SETTINGS_MODULE=PRODUCTION, SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set ALLOWED_HOSTS" in result.stderr


def test_production_is_never_in_debug_mode():
    found = probe(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="woonzorg.example.org",
        DEBUG="true",
    )
    assert found["debug"] is False
    assert found["allowed_hosts"] == ["woonzorg.example.org"]


def test_production_passes_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=clean_env(
            DJANGO_SETTINGS_MODULE=PRODUCTION,
            SECRET_KEY=SECRET,
            ALLOWED_HOSTS="woonzorg.example.org",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues (0 silenced)." in output


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_script(client):
    policy = client.get("/account/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy
