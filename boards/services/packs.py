"""Agenda packs: asking for one, and rendering it in a worker.

`pack_request()` queues the next edition (or returns the one already queued or rendering, so
two clicks render once). `pack_render()` claims the pack with a conditional update, so a task
delivered twice renders once; the new edition supersedes the old only once it is complete,
so a worker that dies mid-render leaves the previous pack in place.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.models import Membership

from ..models import AgendaPack, BoardMember, Meeting
from ..packs import render_pack_pdf
from ..selectors import can_view_exempt

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
    # After the pack is safely published: a mail failure fails the task (and shows in the
    # worker's log) but never takes the pack back.
    pack_notify_members(pack=pack)
    return pack


def pack_recipients(*, pack: AgendaPack) -> list:
    """Board members with an account whose term covers the meeting; for the members' pack,
    only those who may read its exempt papers."""
    meeting = pack.meeting
    on = timezone.localtime(meeting.starts_at).date()
    terms = (
        BoardMember.objects.filter(board=meeting.board, user__isnull=False, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("user")
    )
    memberships = {
        m.user_id: m
        for m in Membership.objects.for_organisation(meeting.organisation)
        .active()
        .filter(user_id__in=[t.user_id for t in terms])
    }
    recipients = []
    for term in terms:
        membership = memberships.get(term.user_id)
        if membership is None or term.user in recipients:
            continue
        if pack.kind == AgendaPack.Kind.MEMBERS and not can_view_exempt(membership, meeting.board):
            continue
        recipients.append(term.user)
    return recipients


def pack_notify_members(*, pack: AgendaPack) -> int:
    """Email the board's members that the pack is published (or re-issued)."""
    link = settings.SITE_URL.rstrip("/") + reverse("boards:meeting", args=[pack.meeting_id])
    context = {"pack": pack, "meeting": pack.meeting, "link": link}
    subject = render_to_string("boards/emails/pack_published_subject.txt", context).strip()
    body = render_to_string("boards/emails/pack_published.txt", context)
    messages = [(subject, body, None, [user.email]) for user in pack_recipients(pack=pack)]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
