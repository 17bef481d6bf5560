"""The core's world (one user per role in Gemeente A, a Gemeente B, a beheerder) for visies."""

from tests.woonzorg.conftest import login, rol, wereld  # noqa: F401 - fixtures
