"""The five phases of the woonzorg cycle, as the phase apps declare them.

The core app does not import the phase apps (they depend on it). Each phase app's AppConfig
carries a `fase` description; the navigation and the dashboard read them from the app registry,
and each phase may name functions (dotted paths) that the core composes:
- `summary(gemeente, user) -> list[Kengetal]`: its numbers on the dashboard;
- `ketencheck(gemeente, user) -> list[Controle]`: the links it owns (woonzorg.ketencheck);
- `taken(user, vandaag) -> list[Takenlijst]`: what a user's organisatie must do (woonzorg.taken).
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Fase:
    volgorde: int
    naam: str  # "Analyse"
    product: str  # "Woonzorganalyse"
    vraag: str  # the question the phase answers, in the handreiking's words
    url_name: str  # "analyses:index", takes the gemeente code
    summary: str = ""  # dotted path to f(gemeente, user) -> list[Kengetal]
    ketencheck: str = ""  # dotted path to f(gemeente, user) -> list[Controle]
    taken: str = ""  # dotted path to f(user, vandaag) -> list[Takenlijst]

    @property
    def namespace(self) -> str:
        return self.url_name.split(":")[0]


@dataclass(frozen=True)
class Kengetal:
    """One number on the dashboard, with the page that lists what it counts."""

    label: str
    waarde: int
    url: str = ""


def fasen() -> list[Fase]:
    found = [config.fase for config in apps.get_app_configs() if hasattr(config, "fase")]
    return sorted(found, key=lambda fase: fase.volgorde)


def kengetallen(fase: Fase, gemeente, user) -> list[Kengetal]:
    if not fase.summary:
        return []
    return import_string(fase.summary)(gemeente, user)
