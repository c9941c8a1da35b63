import os

from celery import shared_task


@shared_task(bind=True)
def ping(self):
    """Proves a round trip: returns who ran the task (a worker, or this process if eager)."""
    return {"pong": True, "hostname": self.request.hostname, "pid": os.getpid()}
