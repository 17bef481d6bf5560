"""Woonzorg settings, read from the environment (see README, "Configuratie").

With nothing set this is the embedded development mode: SQLite in the project folder, Celery
tasks run in process, e-mail printed to the console. DATABASE_URL and REDIS_URL switch to
PostgreSQL and Redis; woonzorg.settings.production hardens this module for deployment.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from .environ import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "auditlog",  # field-level history of the objects that matter (django-auditlog)
    "csp",  # the Content-Security-Policy header (django-csp), with its system checks
    # Two-step login (django-otp): an authenticator app (TOTP) and single-use herstelcodes.
    # Before woonzorg, whose admin replaces theirs.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "bootstrap",  # Bootstrap 5 static files (django-bootstrap-static)
    "js_lib_htmx",  # htmx static files (django-js-lib-htmx)
    "woonzorg",
    "analyses",
    "visies",
    "prestatieafspraken",
    "uitvoering",
    "borging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The logged-in user is the actor of every auditlog entry written during the request.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(): did this session pass the second step?
    "django_otp.middleware.OTPMiddleware",
    # Until it did, a user with two-step login (and any beheerder) goes nowhere but that step.
    "woonzorg.tweestaps.TweestapsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "woonzorg.urls"
WSGI_APPLICATION = "woonzorg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "woonzorg.context_processors.woonzorg",
            ],
        },
    },
]

# Database: SQLite file unless DATABASE_URL says otherwise (postgres://user@host:5432/name).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: when REDIS_URL is set it is both the Celery broker and the cache.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery, configured as in Open Forms (woonzorg/celery.py reads the CELERY_ namespace).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Amsterdam"
# Periodic tasks (Celery beat): last year's jaarschijfrapport for every gemeente in January, and
# every morning the reminders of what waits for each user.
CELERY_BEAT_SCHEDULE: dict = {
    "jaarschijfrapporten": {
        "task": "borging.tasks.jaarschijfrapporten_vorig_jaar",
        "schedule": crontab(month_of_year=1, day_of_month=15, hour=6, minute=0),
    },
    "herinneringen": {
        "task": "woonzorg.tasks.stuur_herinneringen",
        "schedule": crontab(hour=7, minute=0),
    },
}

AUTH_USER_MODEL = "woonzorg.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "woonzorg.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # an invitation link stays valid for three days
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)

# Lockout after repeated failed logins (django-axes): per username and per IP address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The login form posts the e-mail address as "username" (Django's AuthenticationForm), even
# though USERNAME_FIELD is "email"; without this axes records failures without the account.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
AXES_WHITELIST_CALLABLE = "woonzorg.oidc.axes_negeert"

# Two-step login (woonzorg/tweestaps.py): the name the authenticator app shows beside the code.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Woonzorg")

# Logging in with the gemeente's own account (OpenID Connect, mozilla-django-oidc): on when
# OIDC_RP_CLIENT_ID is set. Only existing, active Woonzorg users get in, found by e-mail address;
# no account is made (roles are given in Woonzorg). OIDC_DOMEINEN limits it to the gemeente's
# own addresses. The settings exist when it is off too: mozilla-django-oidc reads them.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT") or None
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER")  # when set, the ID token's "iss" must be this
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10  # seconds; a provider that hangs must not hold a web worker
OIDC_DOMEINEN = [domein.lower() for domein in env_list("OIDC_DOMEINEN")]
OIDC_KNOP = env_str("OIDC_KNOP", "Inloggen met uw gemeente-account")
LOGIN_REDIRECT_URL_FAILURE = "login"
if OIDC_ENABLED:
    nodig = {
        "OIDC_RP_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    }
    if OIDC_RP_SIGN_ALGO.startswith("RS"):
        nodig["OIDC_OP_JWKS_ENDPOINT"] = OIDC_OP_JWKS_ENDPOINT
    if ontbreekt := [naam for naam, waarde in nodig.items() if not waarde]:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so OpenID Connect is on; it needs {', '.join(ontbreekt)}."
        )
    AUTHENTICATION_BACKENDS.append("woonzorg.oidc.GemeenteAccountBackend")

# Content-Security-Policy, in every environment so the browser tests run under it: scripts and
# styles only from our own files, no inline script and no eval. Inline style attributes stay
# allowed for the widths of the dekking and planning bars; images may be data: URIs (Bootstrap's
# icons). The admin works within it too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The audit trail (django-auditlog) records who changed which field from what to what. It keeps
# no IP addresses: who did it is what the history needs (data minimisation, AVG).
AUDITLOG_DISABLE_REMOTE_ADDR = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Woonzorg <noreply@woonzorg.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where users reach the application: the links in e-mails sent without a request (reminders).
WOONZORG_URL = env_str("WOONZORG_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
