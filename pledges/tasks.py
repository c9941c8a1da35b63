from celery import shared_task


@shared_task
def render_progress_report(report_id: int):
    """Render a ProgressReport to PDF (pledges.reports)."""
    from .reports import render_report

    render_report(report_id)


@shared_task
def send_stale_update_reminders():
    """Email leads whose commitments need an update, at most once per interval."""
    from .reminders import send_due_reminders

    return send_due_reminders()
