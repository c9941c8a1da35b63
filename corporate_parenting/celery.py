import logging
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")

app = Celery("corporate_parenting")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@worker_process_init.connect
def warm_up_renderer(**kwargs):
    """Each worker process loads WeasyPrint, the pack templates and fonts once, at start
    (bench/packs.py: a cold process adds about 0.5 s to a clerk's first re-publish)."""
    try:
        from boards.packs import warm_up

        warm_up()
    except Exception:  # a warm-up that fails must never stop the worker
        logger.exception("Warming up the PDF renderer failed; the first pack will be slower")
