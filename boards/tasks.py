from celery import shared_task


@shared_task
def send_action_reminders():
    """Email action owners before and on the due date, never twice (boards.reminders)."""
    from .reminders import send_due_reminders

    return send_due_reminders()
