"""A real Celery worker consumes from Redis (runs in CI, skipped on a machine without Redis)."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from woonzorg.celery import app
from woonzorg.tasks import ping


@pytest.mark.celery_worker
def test_a_real_worker_runs_a_task_from_redis(redis_url):
    # A queue of our own, so a stray worker elsewhere on the machine cannot take the task.
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": redis_url, "CELERY_TASK_ALWAYS_EAGER": "false"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "woonzorg",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        assert not app.conf.task_always_eager
        result = ping.apply_async(queue=queue)
        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        worker.wait(timeout=20)
