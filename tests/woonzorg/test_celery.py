"""The Celery app: configured from settings, tasks discovered, the beat schedule importable."""

import inspect

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from woonzorg.celery import app
from woonzorg.tasks import ping


def check_schedule(schedule):
    """Every scheduled task path imports, is a registered task, and its arguments bind."""
    for name, entry in schedule.items():
        task = import_string(entry["task"])
        assert entry["task"] in app.tasks, f"{name}: {entry['task']} is not registered"
        inspect.signature(task.run).bind(*entry.get("args", ()), **entry.get("kwargs", {}))
        assert entry["schedule"], f"{name}: no schedule"


def test_every_scheduled_task_imports_and_its_arguments_bind():
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE
    check_schedule(settings.CELERY_BEAT_SCHEDULE)


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ({"task": "woonzorg.tasks.bestaat_niet", "schedule": 60}, ImportError),
        ({"task": "woonzorg.tasks.ping", "schedule": 60, "args": (2026,)}, TypeError),
        ({"task": "woonzorg.tasks.ping", "schedule": 60, "kwargs": {"jaar": 2026}}, TypeError),
    ],
)
def test_the_schedule_check_catches_a_broken_entry(entry, error):
    with pytest.raises(error):
        check_schedule({"kapot": entry})


def test_the_app_discovered_the_tasks_of_the_installed_apps():
    assert app.main == "woonzorg"
    assert "woonzorg.tasks.ping" in app.tasks


def test_the_app_reads_the_celery_settings():
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT == 300
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT == 360
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.timezone == "Europe/Amsterdam"


def test_ping_runs_eagerly_and_answers_pong():
    assert app.conf.task_always_eager is True
    result = ping.delay()
    assert result.successful()
    assert result.get(timeout=1) == "pong"
    assert ping() == "pong"
