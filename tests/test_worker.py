import os

import pytest
from django.conf import settings

from corporate_parenting.tasks import ping


@pytest.mark.services
def test_a_task_goes_through_redis_to_a_worker_and_back(celery_worker):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    reply = ping.apply_async(queue=celery_worker.queue).get(timeout=30)
    assert reply["pong"] is True
    # Ran in the worker process, not here.
    assert reply["pid"] == celery_worker.pid != os.getpid()
    assert reply["hostname"] == celery_worker.nodename


def test_on_the_embedded_defaults_a_task_runs_in_process(settings):
    from corporate_parenting.celery import app

    app.conf.task_always_eager = True
    try:
        reply = ping.delay().get(timeout=5)
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    assert reply["pid"] == os.getpid()
