from celery import shared_task


@shared_task
def send_action_reminders():
    """Email action owners before and on the due date, never twice (boards.reminders)."""
    from .reminders import send_due_reminders

    return send_due_reminders()


# Celery discovers tasks.py only: the pack task lives beside its service.
from .tasks_packs import (  # noqa: E402, F401
    finish_pack,
    notify_pack_published,
    prune_pack_renderings,
    render_pack,
    render_pack_piece,
)
