"""Shared by the property-based tests (hypothesis) of the imports and forms."""

import re
from contextlib import contextmanager

from django.db import transaction
from hypothesis import HealthCheck, settings


def fuzz(max_examples: int) -> settings:
    """The same draws on every run (derandomize), so a red CI run can be repeated here; no
    deadline, since a request against PostgreSQL is slower than hypothesis expects."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@contextmanager
def teruggedraaid():
    """Everything an example writes is undone afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def niets_rauw(inhoud: bytes) -> None:
    """The hostile markup comes back escaped, if at all."""
    assert b"<script>alert" not in inhoud
    assert b"<img src=x" not in inhoud


def aantal_regels(data: bytes) -> int:
    """The lines of a file as the csv module reads them: each ends in \r\n, \n or a lone \r."""
    return len(re.split(rb"\r\n|\r|\n", data))
