"""The core's world for uitvoering: one user per role, a second gemeente, a beheerder."""

from tests.woonzorg.conftest import login, rol, wereld  # noqa: F401 - fixtures
