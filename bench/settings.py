"""The benchmark's settings: the application's own, as production runs them (DEBUG off: no
debug information is collected), plus the floor page.

DATABASE_URL comes from `make bench` (a database of its own, never the one you work in).
"""

import warnings

from woonzorg.settings import *  # noqa: F403
from woonzorg.settings import ALLOWED_HOSTS

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
# One line per request would drown the table; errors still show.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# whitenoise looks for collected files that the bench does not need: it requests only pages.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
