"""Celery tasks rendering agenda packs (found by autodiscovery: boards.papers is an app).

`render_pack` claims the pack. When more than one piece needs WeasyPrint it fans them out as
a chord of `render_pack_piece` tasks, so a worker's processes render papers side by side
(WeasyPrint itself is single-threaded), and `finish_pack` assembles once they are all done.
The pieces go to the queue the pack task came from. A piece that fails is not fatal there:
`finish_pack` renders whatever is still missing itself, and a failure then is the pack's,
shown with its reason. With tasks run in-process (no Redis) it all runs in one call.
"""

import logging

from celery import chord, shared_task
from celery.signals import worker_process_init

logger = logging.getLogger(__name__)


@worker_process_init.connect
def warm_up_renderer(**kwargs):
    """Each worker process loads WeasyPrint, the pack templates and fonts once, at start
    (bench/packs.py: a cold process adds about 0.5 s to a clerk's first re-publish). The
    worker imports this module at start (autodiscovered)."""
    try:
        from boards.papers.packs import warm_up

        warm_up()
    except Exception:  # a warm-up that fails must never stop the worker
        logger.exception("Warming up the PDF renderer failed; the first pack will be slower")


@shared_task(bind=True)
def render_pack(self, pack_id):
    """Render one queued agenda pack (boards.papers.services.packs)."""
    from boards.papers.services.packs import (
        pack_claim,
        pack_finish,
        pack_pending_pieces,
        pack_pieces_planned,
    )

    pack = pack_claim(pack_id)
    if pack is None:
        return None
    pending = pack_pending_pieces(pack)
    pack_pieces_planned(pack, len(pending))
    if len(pending) > 1 and not self.app.conf.task_always_eager:
        queue = (self.request.delivery_info or {}).get("routing_key") or None
        header = [render_pack_piece.si(pack_id, *piece).set(queue=queue) for piece in pending]
        chord(header)(finish_pack.si(pack_id).set(queue=queue))
        return pack_id
    finished = pack_finish(pack)
    return finished.pk


@shared_task
def render_pack_piece(pack_id, item_id, index, key):
    """Render one piece of a pack and keep it. Never fails the chord."""
    from boards.papers.services.packs import pack_render_piece

    try:
        return pack_render_piece(pack_id, item_id, index, key)
    except Exception:
        logger.exception("Piece %s of pack %s failed; finish_pack will try again", key, pack_id)
        return None


@shared_task
def finish_pack(pack_id):
    """Assemble a pack whose pieces are rendered (or render what is missing)."""
    from boards.papers.models import AgendaPack
    from boards.papers.services.packs import pack_finish

    pack = AgendaPack.objects.filter(pk=pack_id, state=AgendaPack.State.RENDERING).first()
    if pack is None:
        return None
    return pack_finish(pack).pk


@shared_task
def prune_pack_renderings():
    """Forget kept pieces no pack has used for a long time (boards.papers.services.packs)."""
    from boards.papers.services.packs import prune_renderings

    return prune_renderings()


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_pack_published(pack_id):
    """Email the board's members that a pack is published (boards.papers.services.packs)."""
    from boards.papers.models import AgendaPack
    from boards.papers.services.packs import pack_notify_members

    pack = AgendaPack.objects.select_related("meeting__board").filter(pk=pack_id).first()
    if pack is None or pack.state != AgendaPack.State.READY:
        return 0
    return pack_notify_members(pack=pack)


@shared_task
def render_minutes_pdf(job_id):
    """Render a meeting's published minutes as a PDF (boards.papers.services.public_papers)."""
    from boards.papers.services.public_papers import minutes_pdf_render

    job = minutes_pdf_render(job_id)
    return job.pk if job is not None else None


@shared_task
def refresh_minutes_pdfs():
    """Queue the PDF of any public minutes that changed since their last one (or have none)."""
    from boards.papers.services.public_papers import minutes_pdfs_refresh

    return minutes_pdfs_refresh()
