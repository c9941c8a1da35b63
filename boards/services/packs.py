"""Agenda packs: asking for one, and rendering it in a worker.

`pack_request()` queues the next edition (or returns the one already queued or rendering, so
two clicks render once). `pack_render()` claims the pack with a conditional update, so a task
delivered twice renders once; the new edition supersedes the old only once it is complete,
so a worker that dies mid-render leaves the previous pack in place.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import AgendaPack, Meeting
from ..packs import render_pack_pdf

IN_PROGRESS = (AgendaPack.State.QUEUED, AgendaPack.State.RENDERING)


def pack_request(*, meeting: Meeting, kind: str, by) -> AgendaPack:
    with transaction.atomic():
        # Lock the meeting so two requests at once cannot both queue an edition.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        packs = AgendaPack.objects.filter(meeting=meeting, kind=kind)
        pending = packs.filter(state__in=IN_PROGRESS).order_by("-edition").first()
        if pending is not None:
            return pending
        edition = (packs.aggregate(last=Max("edition"))["last"] or 0) + 1
        pack = AgendaPack(
            organisation=meeting.organisation,
            meeting=meeting,
            kind=kind,
            edition=edition,
            state=AgendaPack.State.QUEUED,
            requested_by=by,
        )
        pack.save()
        from ..tasks_packs import render_pack

        transaction.on_commit(lambda: render_pack.delay(pack.pk))
    return pack


def pack_render(pack_id: int) -> AgendaPack | None:
    """Render a queued pack. Returns None when another run has it (or it is not queued)."""
    claimed = AgendaPack.objects.filter(pk=pack_id, state=AgendaPack.State.QUEUED).update(
        state=AgendaPack.State.RENDERING
    )
    if not claimed:
        return None
    pack = AgendaPack.objects.select_related("meeting__board").get(pk=pack_id)
    try:
        pdf, pages = render_pack_pdf(meeting=pack.meeting, kind=pack.kind)
        name = f"agenda-pack-{pack.meeting_id}-{pack.kind}-{pack.edition}.pdf"
        pack.pdf.save(name, ContentFile(pdf), save=False)
        with transaction.atomic():
            earlier = AgendaPack.objects.filter(
                meeting_id=pack.meeting_id, kind=pack.kind, state=AgendaPack.State.READY
            ).exclude(pk=pack.pk)
            for old in earlier:
                old.state = AgendaPack.State.SUPERSEDED
                old.save(update_fields=["state"])
            pack.state = AgendaPack.State.READY
            pack.page_count = pages
            pack.finished_at = timezone.now()
            pack.error = ""
            pack.save()
    except Exception as exc:
        pack.state = AgendaPack.State.FAILED
        pack.error = str(exc) or exc.__class__.__name__
        pack.finished_at = timezone.now()
        pack.save(update_fields=["state", "error", "finished_at"])
        raise
    return pack
