"""The bench tests use the gemeente with one user per role."""

from tests.woonzorg.conftest import wereld  # noqa: F401 - fixture
