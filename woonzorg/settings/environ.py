"""The one helper through which settings read the environment.

Every variable read here has a development default and a line in the README's configuration
table. Values are parsed strictly: a typo in a boolean is an error at start-up, not a silent False.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on", "ja"}
FALSE_VALUES = {"0", "false", "no", "off", "nee", ""}


def env_str(name: str, default: str = "", environ=None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default).strip()


def env_bool(name: str, default: bool = False, environ=None) -> bool:
    raw = env_str(name, "1" if default else "0", environ).lower()
    if raw in TRUE_VALUES:
        return True
    if raw in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}.")


def env_int(name: str, default: int, environ=None) -> int:
    raw = env_str(name, str(default), environ)
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None


def env_list(name: str, default: str = "", environ=None) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    return [item.strip() for item in env_str(name, default, environ).split(",") if item.strip()]
