"""Celery task rendering agenda packs (re-exported from boards/tasks.py for autodiscovery)."""

from celery import shared_task


@shared_task
def render_pack(pack_id):
    """Render one queued agenda pack (boards.services.packs.pack_render)."""
    from .services.packs import pack_render

    pack = pack_render(pack_id)
    return pack.pk if pack is not None else None
