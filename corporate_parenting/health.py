import logging

from django.conf import settings

from .celery import app

log = logging.getLogger(__name__)


def database_status(connection) -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("Health check: the database does not answer")
        return "unavailable"
    return "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        log.exception("Health check: the broker does not answer")
        return "unavailable"
    return "ok"


def worker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        replies = app.control.ping(timeout=1.0)
    except Exception:
        log.exception("Health check: could not ask the workers")
        return "unavailable"
    return "ok" if replies else "none answering"
