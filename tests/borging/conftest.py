"""The core's world for borging: one user per role, a second gemeente, a beheerder."""

from tests.woonzorg.conftest import login, rol, wereld  # noqa: F401 - fixtures
