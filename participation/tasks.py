"""Participation's Celery tasks (found by the Celery app's autodiscovery)."""

from celery import shared_task


@shared_task
def render_loop_sheet(sheet_id: int):
    """Render a LoopSheet (a district's or group's sheet, or the newsletter) to PDF
    (participation.outputs)."""
    from .outputs import render_loop_sheet as render

    render(sheet_id)
