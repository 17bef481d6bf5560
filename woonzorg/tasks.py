from celery import shared_task


@shared_task
def ping() -> str:
    """Answers "pong": proves a worker consumes from the broker (health check and CI)."""
    return "pong"
